package io.cardeck.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cardeck.onnx.OnnxFormatException.Reason;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

    @Test
    void tooLargeIs413NotOnnxIs415AndAnUnusableModelIs422() {
        assertEquals(413, ErrorMapper.statusOf(Reason.TOO_LARGE));
        assertEquals(415, ErrorMapper.statusOf(Reason.NOT_ONNX));
        assertEquals(415, ErrorMapper.statusOf(Reason.TRUNCATED));
        for (Reason reason : EnumSet.complementOf(EnumSet.of(Reason.TOO_LARGE, Reason.NOT_ONNX, Reason.TRUNCATED))) {
            assertEquals(422, ErrorMapper.statusOf(reason), reason.name());
        }
    }
}
