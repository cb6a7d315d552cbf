package io.cardeck.metrics.spectrum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FourierAmplitudeTest {

    static float[] randomImage(ImageShape shape, long seed) {
        Random random = new Random(seed);
        float[] image = new float[shape.size()];
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextFloat();
        }
        return image;
    }

    static void assertClose(double[] expected, double[] actual, double relative) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * Math.abs(expected[i]) + 1e-12, "value " + i);
        }
    }

    @ParameterizedTest
    @CsvSource({"1,4,4", "1,5,7", "3,5,7", "1,8,6", "3,8,6", "3,7,5", "1,2,2", "1,3,3", "3,28,28"})
    void amplitudeMatchesTheDirectDft(int channels, int height, int width) {
        ImageShape shape = new ImageShape(channels, height, width);
        float[] image = randomImage(shape, 31L * height + width + channels);
        Spectrum spectrum = new FourierAmplitude(shape).amplitude(image);
        assertEquals(height, spectrum.height());
        assertEquals(width, spectrum.width());
        assertClose(DirectDft.centredAmplitude(image, channels, height, width), spectrum.values(), 1e-9);
    }

    @Test
    void oneInstanceGivesTheSameSpectrumEveryTime() {
        ImageShape shape = new ImageShape(3, 6, 5);
        FourierAmplitude fourier = new FourierAmplitude(shape);
        float[] first = randomImage(shape, 1);
        Spectrum once = fourier.amplitude(first);
        fourier.amplitude(randomImage(shape, 2));
        assertEquals(once, fourier.amplitude(first));
    }

    @ParameterizedTest
    @CsvSource({"1,4,6", "1,5,7", "3,7,4", "3,6,6", "1,28,28", "3,9,9"})
    void aConstantImageHasAllItsEnergyAtTheCentre(int channels, int height, int width) {
        ImageShape shape = new ImageShape(channels, height, width);
        float[] image = new float[shape.size()];
        java.util.Arrays.fill(image, 0.5f);
        Spectrum spectrum = new FourierAmplitude(shape).amplitude(image);
        for (int i = 0; i < height; i++) {
            for (int j = 0; j < width; j++) {
                double expected = i == height / 2 && j == width / 2 ? 0.5 * height * width : 0;
                assertEquals(expected, spectrum.value(i, j), 1e-9, "(" + i + ", " + j + ")");
            }
        }
        Spectrum log = new FourierAmplitude(shape).logAmplitude(image);
        for (int i = 0; i < height; i++) {
            for (int j = 0; j < width; j++) {
                double expected = i == height / 2 && j == width / 2 ? Math.log(1 + 0.5 * height * width) : 0;
                assertEquals(expected, log.value(i, j), 1e-9, "log (" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void theLogSpectrumIsLogOnePlusTheChannelMeanAmplitude() {
        ImageShape shape = new ImageShape(3, 5, 6);
        float[] image = randomImage(shape, 9);
        double[] amplitude = DirectDft.centredAmplitude(image, 3, 5, 6);
        double[] log = new FourierAmplitude(shape).logAmplitude(image).values();
        for (int i = 0; i < amplitude.length; i++) {
            assertEquals(Math.log(1 + amplitude[i]), log[i], 1e-9);
        }
    }

    @ParameterizedTest
    @CsvSource({"8,6", "7,5"})
    void horizontalStripesPutEnergyOnTheVerticalFrequencyAxisOnly(int height, int width) {
        ImageShape shape = new ImageShape(1, height, width);
        float[] image = new float[shape.size()];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image[y * width + x] = y % 2 == 0 ? 0.9f : 0.1f + 0.05f * y;
            }
        }
        Spectrum spectrum = new FourierAmplitude(shape).amplitude(image);
        double offCentreOnAxis = 0;
        for (int i = 0; i < height; i++) {
            for (int j = 0; j < width; j++) {
                if (j != width / 2) {
                    assertEquals(0, spectrum.value(i, j), 1e-9, "(" + i + ", " + j + ") is off the vertical axis");
                } else if (i != height / 2) {
                    offCentreOnAxis = Math.max(offCentreOnAxis, spectrum.value(i, j));
                }
            }
        }
        assertTrue(offCentreOnAxis > 1, "stripes must show at non-zero vertical frequencies, max " + offCentreOnAxis);
    }

    @ParameterizedTest
    @CsvSource({"1,4,4", "1,5,7", "3,7,4", "1,28,28", "3,6,9", "1,2,3"})
    void theHalfPlaneHoldsTheWholeLogSpectrumEachFrequencyWithItsMultiplicity(int channels, int height, int width) {
        ImageShape shape = new ImageShape(channels, height, width);
        float[] image = randomImage(shape, 5L * height + width);
        FourierAmplitude fourier = new FourierAmplitude(shape);
        double[] whole = DirectDft.fftshift(DirectDft.amplitude(image, channels, height, width), height, width);
        double[] half = new double[fourier.halfPlaneSize() + 3];
        fourier.logAmplitudeHalfPlane(image, 0, half, 3);
        int[] index = fourier.halfPlaneCentredIndex();
        double[] multiplicity = fourier.halfPlaneMultiplicity();
        assertEquals(height * (width / 2 + 1), fourier.halfPlaneSize());
        double total = 0;
        double wholeSum = 0;
        double halfSum = 0;
        for (int e = 0; e < index.length; e++) {
            assertEquals(Math.log(1 + whole[index[e]]), half[3 + e], 1e-9, "frequency " + e);
            total += multiplicity[e];
            halfSum += multiplicity[e] * half[3 + e];
        }
        for (double value : whole) {
            wholeSum += Math.log(1 + value);
        }
        assertEquals(height * width, total, 1e-12);
        assertEquals(wholeSum, halfSum, 1e-9 * Math.abs(wholeSum));
    }

    @Test
    void rejectsBadInput() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new FourierAmplitude(new ImageShape(1, 1, 5)))
                .getMessage().contains("at least 2x2"));
        FourierAmplitude fourier = new FourierAmplitude(new ImageShape(1, 4, 4));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> fourier.amplitude(new float[15]))
                .getMessage().contains("1x4x4 image (CHW) has 16"));
        float[] image = new float[16];
        image[6] = Float.NaN;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> fourier.logAmplitude(image))
                .getMessage().contains("image 0, channel 0, row 1, column 2"));
    }
}
