package io.cardeck.robustness.corruption;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cardeck.data.ImageShape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ContrastTest {

    private static final double[] FACTOR = {0.75, 0.5, 0.4, 0.3, 0.15};

    @Test
    void scalesEachChannelAboutItsOwnMean() {
        for (ImageShape shape : new ImageShape[] {new ImageShape(3, 32, 32), new ImageShape(1, 28, 28)}) {
            float[] image = TestImages.synthetic(shape, 9);
            int plane = shape.height() * shape.width();
            for (int severity = 1; severity <= 5; severity++) {
                float[] out = new Contrast().apply(image, shape, severity, new SplittableRandom(0));
                for (int c = 0; c < shape.channels(); c++) {
                    double mean = 0;
                    for (int i = 0; i < plane; i++) {
                        mean += image[c * plane + i];
                    }
                    mean /= plane;
                    for (int i = 0; i < plane; i++) {
                        double expected = (image[c * plane + i] - mean) * FACTOR[severity - 1] + mean;
                        assertEquals(Math.min(1, Math.max(0, expected)), out[c * plane + i], 1e-6);
                    }
                }
            }
        }
    }

    @Test
    void halvesTheDistanceToTheMeanAtSeverityTwoByHand() {
        float[] image = {0f, 1f, 0.5f, 0.5f};
        float[] out = new Contrast().apply(image, new ImageShape(1, 2, 2), 2, new SplittableRandom(0));
        assertEquals(0.25f, out[0], 1e-7);
        assertEquals(0.75f, out[1], 1e-7);
        assertEquals(0.5f, out[2], 1e-7);
    }
}
