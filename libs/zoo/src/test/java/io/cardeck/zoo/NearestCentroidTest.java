package io.cardeck.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.data.PixelLayout;
import io.cardeck.data.Uint8ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.Logits;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NearestCentroidTest {

    // Four 1x1x2 images: class 0 = {(0, 51), (102, 153)} with mean (0.2, 0.4); class 1 = {(255, 255), (255, 153)} with mean (1, 0.8).
    private final ImageDataset tiny = Uint8ImageDataset.ofPixels("tiny", new ImageShape(1, 1, 2), PixelLayout.CHW,
            new byte[] {0, 51, 102, (byte) 153, (byte) 255, (byte) 255, (byte) 255, (byte) 153},
            new int[] {0, 0, 1, 1}, List.of("dark", "bright"));

    @Test
    void logitsAreDotWithTheClassMeanMinusHalfItsSquaredNorm() {
        List<Long> progress = new ArrayList<>();
        OnnxModel model = NearestCentroid.fit(tiny, "tiny", progress::add);
        assertEquals(4L, progress.stream().mapToLong(Long::longValue).sum());
        float[] x = {0.5f, 0.5f, 0.9f, 0.1f};
        try (ModelSession session = InferenceSessions.open(model, SessionOptionsSpec.cpu())) {
            Logits logits = session.run(x, 2);
            // Class 0: 0.5*0.2 + 0.5*0.4 - (0.04 + 0.16)/2 = 0.2; class 1: 0.5 + 0.4 - (1 + 0.64)/2 = 0.08.
            // Second image: class 0: 0.18 + 0.04 - 0.1 = 0.12; class 1: 0.9 + 0.08 - 0.82 = 0.16.
            assertArrayEquals(new float[] {0.2f, 0.08f, 0.12f, 0.16f}, logits.values(), 1e-5f);
            assertEquals(0, logits.argmax(0));
            assertEquals(1, logits.argmax(1));
        }
        assertEquals("tiny", model.metadata().dataset());
        assertEquals(List.of("dark", "bright"), model.metadata().labels());
    }

    @Test
    void aClassWithoutImagesHasNoMean() {
        ImageDataset missingClass = Uint8ImageDataset.ofPixels("one-class", new ImageShape(1, 1, 2), PixelLayout.CHW,
                new byte[] {1, 2, 3, 4}, new int[] {0, 0}, List.of("present", "absent"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> NearestCentroid.fit(missingClass, "x", done -> { }));
        assertTrue(error.getMessage().contains("class 1 (absent)"), error.getMessage());
    }
}
