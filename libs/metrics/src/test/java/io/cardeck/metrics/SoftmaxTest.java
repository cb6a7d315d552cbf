package io.cardeck.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftmaxTest {

    @Test
    void matchesTheDirectFormulaRowByRow() {
        Random random = new Random(7);
        int rows = 20;
        int classes = 10;
        float[] logits = new float[rows * classes];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (random.nextGaussian() * 5);
        }
        float[] probabilities = Softmax.of(logits, classes);
        for (int r = 0; r < rows; r++) {
            double denominator = 0;
            for (int c = 0; c < classes; c++) {
                denominator += Math.exp(logits[r * classes + c]);
            }
            for (int c = 0; c < classes; c++) {
                double expected = Math.exp(logits[r * classes + c]) / denominator;
                assertEquals(expected, probabilities[r * classes + c], 1e-6 * Math.max(expected, 1e-3));
            }
        }
    }

    @Test
    void largeLogitsDoNotOverflow() {
        // exp(1000) overflows a double; shifting all logits by a constant does not change softmax
        float[] large = {1000f, 999f, 998f, -1000f, -1001f, -1002f};
        float[] probabilities = Softmax.of(large, 3);
        double denominator = Math.exp(2) + Math.exp(1) + Math.exp(0);
        float[] expected = {
            (float) (Math.exp(2) / denominator), (float) (Math.exp(1) / denominator), (float) (1 / denominator),
            (float) (Math.exp(2) / denominator), (float) (Math.exp(1) / denominator), (float) (1 / denominator)};
        assertArrayEquals(expected, probabilities, 1e-6f);
        float[] extreme = Softmax.of(new float[] {Float.MAX_VALUE, 0f, -Float.MAX_VALUE}, 3);
        assertArrayEquals(new float[] {1f, 0f, 0f}, extreme, 0f);
    }

    @Test
    void worksInPlace() {
        float[] logits = {0f, (float) Math.log(3)};
        Softmax.into(logits, 2, logits);
        assertArrayEquals(new float[] {0.25f, 0.75f}, logits, 1e-7f);
    }

    @Test
    void rejectsBadInput() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Softmax.of(new float[5], 2))
                .getMessage().contains("multiple of classes"));
        assertThrows(IllegalArgumentException.class, () -> Softmax.of(new float[4], 0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Softmax.of(new float[] {0f, 1f, Float.NaN, 0f}, 2))
                .getMessage().contains("row 1, class 0"));
        assertThrows(IllegalArgumentException.class, () -> Softmax.of(new float[] {Float.POSITIVE_INFINITY, 0f}, 2));
        assertThrows(IllegalArgumentException.class, () -> Softmax.into(new float[4], 2, new float[2]));
    }
}
