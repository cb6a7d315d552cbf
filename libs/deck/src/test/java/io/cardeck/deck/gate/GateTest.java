package io.cardeck.deck.gate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.augmentation.TrainingDomains;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.deck.Granularity;
import io.cardeck.metrics.spectrum.FourierAmplitude;
import io.cardeck.metrics.spectrum.Spectrum;
import io.cardeck.metrics.spectrum.SpectrumAccumulator;
import io.cardeck.robustness.corruption.Corruptions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gate on real Fashion-MNIST images with the trainer's own domain augmentations. */
class GateTest {

    private static ImageDataset train;
    private static ImageDataset test;
    private static Map<String, Spectrum> references;

    @BeforeAll
    static void references() {
        var source = DatasetCatalog.open(DatasetCatalog.FASHION_MNIST);
        train = source.split("train");
        test = source.split("test");
        references = new LinkedHashMap<>();
        for (String domain : TrainingDomains.names()) {
            references.put(domain, ReferenceSpectra.of(train, 500, TrainingDomains.byName(domain), 7));
        }
    }

    private static float[] corrupted(String corruption, int severity, int count) {
        int size = test.shape().size();
        float[] batch = new float[count * size];
        SplittableRandom random = new SplittableRandom(3);
        for (int n = 0; n < count; n++) {
            float[] image = Corruptions.byName(corruption).apply(test.image(n), test.shape(), severity, random.split());
            System.arraycopy(image, 0, batch, n * size, size);
        }
        return batch;
    }

    @Test
    void referenceSpectraAreReproducibleAndDifferBetweenDomains() {
        Spectrum again = ReferenceSpectra.of(train, 500, TrainingDomains.byName(TrainingDomains.GAUSS), 7);
        assertEquals(references.get(TrainingDomains.GAUSS), again);
        assertTrue(references.get(TrainingDomains.GAUSS).l1Distance(references.get(TrainingDomains.STANDARD)) > 0.01);
    }

    @Test
    void strongGaussianNoiseIsClosestToTheGaussDomain() {
        Gate gate = new Gate(test.shape(), references, SpectralDistance.L1);
        double[][] distances = gate.distances(corrupted("gaussian_noise", 5, 32), 32, Granularity.BATCH);
        assertEquals(1, distances.length);
        assertEquals(List.of(TrainingDomains.GAUSS), gate.closestDomains(distances[0], 1));
    }

    @Test
    void cleanImagesAreFartherFromTheGaussDomainThanFromTheStandardOne() {
        Gate gate = new Gate(test.shape(), references, SpectralDistance.L1);
        float[] clean = test.images(0, 32);
        double[] row = gate.distances(clean, 32, Granularity.BATCH)[0];
        int standard = gate.domains().indexOf(TrainingDomains.STANDARD);
        int gauss = gate.domains().indexOf(TrainingDomains.GAUSS);
        assertTrue(row[standard] < row[gauss], "standard " + row[standard] + " vs gauss " + row[gauss]);
    }

    @Test
    void sampleGranularityGivesOneRowPerImageEachEqualToThatImageAlone() {
        Gate gate = new Gate(test.shape(), references, SpectralDistance.L2);
        // 12 images: enough for the gate to spread them over the processors
        float[] images = corrupted("fog", 3, 12);
        double[][] rows = gate.distances(images, 12, Granularity.SAMPLE);
        assertEquals(12, rows.length);
        for (int n = 0; n < 12; n++) {
            float[] alone = Arrays.copyOfRange(images, n * test.shape().size(), (n + 1) * test.shape().size());
            assertArrayEquals(gate.distances(alone, 1, Granularity.BATCH)[0], rows[n], 1e-12);
        }
    }

    @Test
    void closestRanksBySmallestDistanceAndBreaksTiesByDomainOrder() {
        assertArrayEquals(new int[] {2, 0}, Gate.closest(new double[] {0.5, 0.9, 0.1}, 2));
        assertArrayEquals(new int[] {0, 1, 2}, Gate.closest(new double[] {0.3, 0.3, 0.3}, 3));
        assertThrows(IllegalArgumentException.class, () -> Gate.closest(new double[] {0.1, 0.2}, 3));
        assertThrows(IllegalArgumentException.class, () -> Gate.closest(new double[] {0.1, 0.2}, 0));
    }

    @Test
    void rejectsInputsThatAreNotWholeImagesAndNonFiniteValues() {
        Gate gate = new Gate(test.shape(), references, SpectralDistance.L1);
        assertThrows(IllegalArgumentException.class, () -> gate.distances(new float[783], 1, Granularity.SAMPLE));
        float[] bad = test.images(0, 1);
        bad[10] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gate.distances(bad, 1, Granularity.SAMPLE));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
    }

    @Test
    void rejectsReferencesOfAnotherImageSize() {
        Map<String, Spectrum> wrong = Map.of("standard", new Spectrum(32, 32, new double[32 * 32]));
        assertThrows(IllegalArgumentException.class, () -> new Gate(test.shape(), wrong, SpectralDistance.L1));
    }

    @Test
    void theHalfPlaneGivesTheDistancesOfTheWholeSpectrum() {
        float[] images = corrupted("contrast", 2, 3);
        int size = test.shape().size();
        for (SpectralDistance distance : SpectralDistance.values()) {
            Gate gate = new Gate(test.shape(), references, distance);
            double[][] rows = gate.distances(images, 3, Granularity.SAMPLE);
            for (int n = 0; n < 3; n++) {
                Spectrum whole = new FourierAmplitude(test.shape())
                        .logAmplitude(Arrays.copyOfRange(images, n * size, (n + 1) * size));
                for (int d = 0; d < gate.domains().size(); d++) {
                    Spectrum reference = references.get(gate.domains().get(d));
                    double expected = switch (distance) {
                        case L1 -> whole.l1Distance(reference);
                        case L2 -> whole.l2Distance(reference);
                        case COSINE -> whole.cosineDistance(reference);
                    };
                    assertEquals(expected, rows[n][d], 1e-12, distance + " image " + n + " domain " + d);
                }
            }
        }
    }

    @Test
    void batchGranularityIsTheDistanceOfTheMeanSpectrum() {
        float[] images = corrupted("gaussian_noise", 2, 10);
        SpectrumAccumulator mean = new SpectrumAccumulator(test.shape());
        mean.addBatch(images);
        Gate gate = new Gate(test.shape(), references, SpectralDistance.L1);
        double[] row = gate.distances(images, 10, Granularity.BATCH)[0];
        for (int d = 0; d < gate.domains().size(); d++) {
            assertEquals(mean.mean().l1Distance(references.get(gate.domains().get(d))), row[d], 1e-12);
        }
    }

    /** The band of each centred frequency as written in SpectralBands' contract, for 28x28 images. */
    private static double[] bandMeans(Spectrum spectrum, int bands) {
        double[] sums = new double[bands];
        int[] counts = new int[bands];
        for (int i = 0; i < 28; i++) {
            for (int j = 0; j < 28; j++) {
                double rho = Math.hypot((i - 14) / 14.0, (j - 14) / 14.0);
                int band = Math.min(bands - 1, (int) (rho * bands));
                sums[band] += spectrum.value(i, j);
                counts[band]++;
            }
        }
        for (int b = 0; b < bands; b++) {
            sums[b] /= counts[b];
        }
        return sums;
    }

    @Test
    void theBandFeatureIsTheMeanLogAmplitudeOfEachRadialBand() {
        float[] image = corrupted("fog", 4, 1);
        double[] input = bandMeans(new FourierAmplitude(test.shape()).logAmplitude(image), 3);
        Gate gate = new Gate(test.shape(), references, SpectralDistance.L1, GateFeature.BANDS, 3);
        double[] row = gate.distances(image, 1, Granularity.SAMPLE)[0];
        for (int d = 0; d < gate.domains().size(); d++) {
            double[] reference = bandMeans(references.get(gate.domains().get(d)), 3);
            double expected = 0;
            for (int b = 0; b < 3; b++) {
                expected += Math.abs(input[b] - reference[b]) / 3;
            }
            assertEquals(expected, row[d], 1e-12, "domain " + gate.domains().get(d));
        }
        assertEquals(3, gate.featureLength());
    }

    @Test
    void onBandsStrongGaussianNoiseIsStillClosestToTheGaussDomain() {
        Gate gate = new Gate(test.shape(), references, SpectralDistance.L1, GateFeature.BANDS, 3);
        double[][] distances = gate.distances(corrupted("gaussian_noise", 5, 32), 32, Granularity.BATCH);
        assertEquals(List.of(TrainingDomains.GAUSS), gate.closestDomains(distances[0], 1));
    }
}
