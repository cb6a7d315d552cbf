package io.cardeck.metrics.spectrum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CorruptionSpectrumAccumulatorTest {

    private static final ImageShape SHAPE = new ImageShape(3, 8, 6);

    private static float[] cleanBatch(int count) {
        float[] images = new float[count * SHAPE.size()];
        for (int n = 0; n < count; n++) {
            float[] image = FourierAmplitudeTest.randomImage(SHAPE, 50 + n);
            for (int i = 0; i < image.length; i++) {
                images[n * SHAPE.size() + i] = 0.2f + 0.6f * image[i];
            }
        }
        return images;
    }

    @Test
    void aConstantShiftIsConcentratedAtTheCentre() {
        float[] clean = cleanBatch(4);
        float[] shifted = clean.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 0.125f; // float rounding leaves C(x) - x within 1e-7 of 0.125
        }
        CorruptionSpectrumAccumulator accumulator = new CorruptionSpectrumAccumulator(SHAPE);
        accumulator.addBatch(clean, shifted);
        Spectrum spectrum = accumulator.mean();
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 6; j++) {
                double expected = i == 4 && j == 3 ? 0.125 * 8 * 6 : 0;
                assertEquals(expected, spectrum.value(i, j), 1e-5, "(" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void aCheckerboardIsConcentratedAtTheNyquistCorner() {
        float[] clean = cleanBatch(3);
        float[] corrupted = clean.clone();
        int plane = 8 * 6;
        for (int i = 0; i < corrupted.length; i++) {
            int y = (i % plane) / 6;
            int x = i % 6;
            corrupted[i] += (y + x) % 2 == 0 ? 0.1f : -0.1f;
        }
        CorruptionSpectrumAccumulator accumulator = new CorruptionSpectrumAccumulator(SHAPE);
        for (int n = 0; n < 3; n++) {
            accumulator.add(Arrays.copyOfRange(clean, n * SHAPE.size(), (n + 1) * SHAPE.size()),
                    Arrays.copyOfRange(corrupted, n * SHAPE.size(), (n + 1) * SHAPE.size()));
        }
        Spectrum spectrum = accumulator.mean();
        // frequency (H/2, W/2) moves to index (0, 0) after fftshift: the corner
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 6; j++) {
                double expected = i == 0 && j == 0 ? 0.1 * 8 * 6 : 0;
                assertEquals(expected, spectrum.value(i, j), 1e-4, "(" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void meanMatchesTheDirectDftOfTheDifference() {
        float[] clean = cleanBatch(2);
        float[] corrupted = cleanBatch(2);
        for (int i = 0; i < corrupted.length; i++) {
            corrupted[i] = 1 - corrupted[i] * corrupted[i];
        }
        double[] expected = new double[8 * 6];
        for (int n = 0; n < 2; n++) {
            float[] difference = new float[SHAPE.size()];
            for (int i = 0; i < difference.length; i++) {
                difference[i] = corrupted[n * SHAPE.size() + i] - clean[n * SHAPE.size() + i];
            }
            double[] amplitude = DirectDft.centredAmplitude(difference, 3, 8, 6);
            for (int i = 0; i < expected.length; i++) {
                expected[i] += amplitude[i] / 2;
            }
        }
        CorruptionSpectrumAccumulator first = new CorruptionSpectrumAccumulator(SHAPE);
        first.add(Arrays.copyOfRange(clean, 0, SHAPE.size()), Arrays.copyOfRange(corrupted, 0, SHAPE.size()));
        CorruptionSpectrumAccumulator second = new CorruptionSpectrumAccumulator(SHAPE);
        second.add(Arrays.copyOfRange(clean, SHAPE.size(), clean.length), Arrays.copyOfRange(corrupted, SHAPE.size(), clean.length));
        first.merge(second);
        assertEquals(2, first.count());
        // float differences of the direct reference vs double differences in the accumulator
        FourierAmplitudeTest.assertClose(expected, first.mean().values(), 1e-6);
    }

    @Test
    void rejectsBadInput() {
        CorruptionSpectrumAccumulator accumulator = new CorruptionSpectrumAccumulator(SHAPE);
        assertThrows(IllegalStateException.class, accumulator::mean);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> accumulator.add(new float[SHAPE.size()], new float[SHAPE.size() - 1]))
                .getMessage().contains("corrupted image"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> accumulator.addBatch(new float[SHAPE.size() * 2], new float[SHAPE.size()]))
                .getMessage().contains("same images"));
        assertThrows(IllegalArgumentException.class, () -> accumulator.addBatch(new float[7], new float[7]));
        float[] infinite = new float[SHAPE.size()];
        infinite[0] = Float.POSITIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> accumulator.add(new float[SHAPE.size()], infinite));
        assertThrows(IllegalArgumentException.class,
                () -> accumulator.merge(new CorruptionSpectrumAccumulator(new ImageShape(3, 6, 8))));
        assertEquals(0, accumulator.count());
    }
}
