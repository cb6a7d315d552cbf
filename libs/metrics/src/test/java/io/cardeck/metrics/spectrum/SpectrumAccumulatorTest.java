package io.cardeck.metrics.spectrum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SpectrumAccumulatorTest {

    private static final ImageShape SHAPE = new ImageShape(3, 6, 7);

    private static float[] batch(int count, long seed) {
        float[] images = new float[count * SHAPE.size()];
        for (int n = 0; n < count; n++) {
            System.arraycopy(FourierAmplitudeTest.randomImage(SHAPE, seed + n), 0, images, n * SHAPE.size(), SHAPE.size());
        }
        return images;
    }

    @Test
    void meanIsTheMeanOfLogOnePlusAmplitude() {
        float[] images = batch(3, 100);
        double[] expected = new double[SHAPE.height() * SHAPE.width()];
        for (int n = 0; n < 3; n++) {
            float[] image = Arrays.copyOfRange(images, n * SHAPE.size(), (n + 1) * SHAPE.size());
            double[] amplitude = DirectDft.centredAmplitude(image, 3, SHAPE.height(), SHAPE.width());
            for (int i = 0; i < expected.length; i++) {
                expected[i] += Math.log(1 + amplitude[i]) / 3;
            }
        }
        SpectrumAccumulator accumulator = new SpectrumAccumulator(SHAPE);
        accumulator.addBatch(images);
        assertEquals(3, accumulator.count());
        FourierAmplitudeTest.assertClose(expected, accumulator.mean().values(), 1e-9);
    }

    @Test
    void batchesImagesAndMergesAgree() {
        float[] images = batch(10, 7);
        SpectrumAccumulator byBatch = new SpectrumAccumulator(SHAPE);
        byBatch.addBatch(images);

        SpectrumAccumulator byImage = new SpectrumAccumulator(SHAPE);
        for (int n = 0; n < 10; n++) {
            byImage.add(Arrays.copyOfRange(images, n * SHAPE.size(), (n + 1) * SHAPE.size()));
        }
        SpectrumAccumulator first = new SpectrumAccumulator(SHAPE);
        first.addBatch(Arrays.copyOfRange(images, 0, 4 * SHAPE.size()));
        SpectrumAccumulator second = new SpectrumAccumulator(SHAPE);
        second.addBatch(Arrays.copyOfRange(images, 4 * SHAPE.size(), images.length));
        first.merge(second);

        assertEquals(10, byImage.count());
        assertEquals(10, first.count());
        FourierAmplitudeTest.assertClose(byBatch.mean().values(), byImage.mean().values(), 1e-12);
        FourierAmplitudeTest.assertClose(byBatch.mean().values(), first.mean().values(), 1e-12);
        assertEquals(6, second.count(), "merge leaves the other accumulator unchanged");
    }

    @Test
    void logSpectrumOfConstantImages() {
        ImageShape gray = new ImageShape(1, 5, 5);
        float[] images = new float[2 * gray.size()];
        Arrays.fill(images, 0, gray.size(), 0.2f);
        Arrays.fill(images, gray.size(), images.length, 0.6f);
        SpectrumAccumulator accumulator = new SpectrumAccumulator(gray);
        accumulator.addBatch(images);
        Spectrum mean = accumulator.mean();
        // the pixels are the floats nearest 0.2 and 0.6; the sum over 25 pixels is exact in double
        double expectedCentre = (Math.log(1 + (double) 0.2f * 25) + Math.log(1 + (double) 0.6f * 25)) / 2;
        assertEquals(expectedCentre, mean.value(2, 2), 1e-9);
        assertEquals(0, mean.value(0, 0), 1e-9);
    }

    @Test
    void rejectsBadInput() {
        SpectrumAccumulator accumulator = new SpectrumAccumulator(SHAPE);
        assertTrue(assertThrows(IllegalStateException.class, accumulator::mean).getMessage().contains("no images"));
        assertThrows(IllegalArgumentException.class, () -> accumulator.add(new float[SHAPE.size() + 1]));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> accumulator.addBatch(new float[SHAPE.size() * 2 - 1]))
                .getMessage().contains("not a whole number of 3x6x7 images"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> accumulator.merge(new SpectrumAccumulator(new ImageShape(1, 6, 7))));
        assertTrue(e.getMessage().contains("1x6x7"), e.getMessage());
        float[] images = batch(2, 3);
        images[SHAPE.size() + 5] = Float.NaN;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> accumulator.addBatch(images))
                .getMessage().contains("image 1, channel 0, row 0, column 5"));
        assertEquals(0, accumulator.count(), "a rejected batch adds nothing");
    }
}
