package io.cardeck.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainingDomainsTest {

    @Test
    void namesTheThreeDomainsInOrder() {
        assertEquals(List.of("standard", "gauss", "augmix"), TrainingDomains.names());
        for (String name : TrainingDomains.names()) {
            assertEquals(name, TrainingDomains.byName(name).name());
            assertSame(TrainingDomains.byName(name), TrainingDomains.byName(name));
        }
    }

    @Test
    void pipelinesAreCropFlipAndTheDomainsAugmentation() {
        List<Augmentation> standard = steps(TrainingDomains.STANDARD);
        assertEquals(2, standard.size());
        assertInstanceOf(RandomCrop.class, standard.get(0));
        assertEquals(0.5, assertInstanceOf(HorizontalFlip.class, standard.get(1)).probability());

        List<Augmentation> gauss = steps(TrainingDomains.GAUSS);
        assertEquals(standard, gauss.subList(0, 2));
        GaussianNoise noise = assertInstanceOf(GaussianNoise.class, gauss.get(2));
        assertEquals(0.1, noise.std());
        assertEquals(0.5, noise.cleanShare());

        List<Augmentation> augmix = steps(TrainingDomains.AUGMIX);
        assertEquals(standard, augmix.subList(0, 2));
        AugMix mix = assertInstanceOf(AugMix.class, augmix.get(2));
        assertEquals(3, mix.width());
        assertEquals(AugMix.STOCHASTIC_DEPTH, mix.depth());
        assertEquals(3, mix.severity());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Standard", "gaussian", " augmix"})
    void unknownNamesAreRejectedWithTheAcceptedOnes(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingDomains.byName(name));
        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("accepted: standard, gauss, augmix"), e.getMessage());
    }

    @Test
    void nullIsRejectedWithTheAcceptedNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingDomains.byName(null));
        assertTrue(e.getMessage().contains("accepted: standard, gauss, augmix"), e.getMessage());
    }

    @Test
    void onRealFashionMnistStandardIsAShiftedMaybeMirroredCopyAndGaussAddsNoiseToHalf() {
        ImageDataset test = DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("test");
        ImageShape shape = test.shape();
        assertEquals(TestImages.GRAY_28, shape);
        Augmentation standard = TrainingDomains.byName(TrainingDomains.STANDARD);
        Augmentation gauss = TrainingDomains.byName(TrainingDomains.GAUSS);
        Augmentation augmix = TrainingDomains.byName(TrainingDomains.AUGMIX);
        int n = 200;
        int clean = 0;
        for (int index = 0; index < n; index++) {
            float[] image = test.image(index);
            float[] out = standard.apply(image, shape, new SplittableRandom(index));
            assertTrue(isShiftOrMirroredShift(image, out, shape, 2), "image " + index);
            // gauss draws what standard draws first, then decides on noise.
            float[] noisy = gauss.apply(image, shape, new SplittableRandom(index));
            clean += Arrays.equals(out, noisy) ? 1 : 0;
            float[] mixed = augmix.apply(image, shape, new SplittableRandom(index));
            assertArrayEquals(mixed, augmix.apply(image, shape, new SplittableRandom(index)));
            for (float v : mixed) {
                assertTrue(v >= 0f && v <= 1f);
            }
        }
        // Binomial(200, 0.5): standard deviation 0.035 in share.
        assertEquals(0.5, clean / (double) n, 0.15);
    }

    private static List<Augmentation> steps(String domain) {
        return assertInstanceOf(Compose.class, TrainingDomains.byName(domain)).steps();
    }

    private static boolean isShiftOrMirroredShift(float[] image, float[] out, ImageShape shape, int pad) {
        float[] mirrored = mirror(out, shape);
        for (int dy = -pad; dy <= pad; dy++) {
            for (int dx = -pad; dx <= pad; dx++) {
                float[] shifted = TestImages.shifted(image, shape, dy, dx);
                if (Arrays.equals(shifted, out) || Arrays.equals(shifted, mirrored)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static float[] mirror(float[] image, ImageShape shape) {
        int w = shape.width();
        float[] out = new float[image.length];
        for (int p = 0; p < image.length; p++) {
            int j = p % w;
            out[p - j + (w - 1 - j)] = image[p];
        }
        return out;
    }
}
