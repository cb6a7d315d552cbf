package io.cardeck.deck.gate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.augmentation.TrainingDomains;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.deck.Granularity;
import io.cardeck.metrics.spectrum.Spectrum;
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
        float[] images = corrupted("fog", 3, 4);
        double[][] rows = gate.distances(images, 4, Granularity.SAMPLE);
        assertEquals(4, rows.length);
        for (int n = 0; n < 4; n++) {
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
}
