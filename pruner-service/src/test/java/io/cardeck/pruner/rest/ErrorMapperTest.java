package io.cardeck.pruner.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cardeck.onnx.OnnxFormatException;
import io.cardeck.pruner.service.RejectedException;
import io.cardeck.pruner.service.Rejection;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.core.Response;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

    private final ErrorMapper mapper = new ErrorMapper();

    @Test
    void eachRefusedModelGetsTheStatusOfTheContract() {
        Map<OnnxFormatException.Reason, Integer> expected = new EnumMap<>(OnnxFormatException.Reason.class);
        for (OnnxFormatException.Reason reason : OnnxFormatException.Reason.values()) {
            expected.put(reason, 422);
        }
        expected.put(OnnxFormatException.Reason.TOO_LARGE, 413);
        expected.put(OnnxFormatException.Reason.NOT_ONNX, 415);
        expected.put(OnnxFormatException.Reason.TRUNCATED, 415);
        expected.forEach((reason, status) -> {
            Response response = mapper.toResponse(new RejectedException(Rejection.of(reason), "model.onnx: " + reason));
            assertEquals(status, response.getStatus(), reason.name());
            assertEquals(Map.of("error", "model.onnx: " + reason), response.getEntity());
        });
    }

    @Test
    void invalidIs400UnknownIs404AndConflictIs409() {
        assertEquals(400, mapper.toResponse(new RejectedException(Rejection.INVALID, "bad")).getStatus());
        assertEquals(404, mapper.toResponse(new RejectedException(Rejection.UNKNOWN, "gone")).getStatus());
        assertEquals(409, mapper.toResponse(new RejectedException(Rejection.CONFLICT, "finished")).getStatus());
    }

    @Test
    void frameworkErrorsKeepTheirStatusAndOthersAre500WithoutDetails() {
        Response notAllowed = mapper.toResponse(new NotAllowedException("GET"));
        assertEquals(405, notAllowed.getStatus());
        Response internal = mapper.toResponse(new IllegalStateException("secret connection string"));
        assertEquals(500, internal.getStatus());
        assertEquals(Map.of("error", "internal error: IllegalStateException"), internal.getEntity());
    }
}
