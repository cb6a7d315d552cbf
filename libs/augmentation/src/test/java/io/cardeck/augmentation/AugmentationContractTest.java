package io.cardeck.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every augmentation promises, checked for each of them on 1x28x28 and 3x32x32 images. */
class AugmentationContractTest {

    static List<Augmentation> augmentations() {
        List<Augmentation> all = new ArrayList<>(List.of(
                new RandomCrop(3),
                RandomCrop.scaledToImage(),
                new HorizontalFlip(),
                new GaussianNoise(),
                new AugMix(),
                new AugMix(2, 2, 5),
                new Compose("flip_noise", List.of(new HorizontalFlip(), new GaussianNoise(0.2, 0.0)))));
        for (String name : TrainingDomains.names()) {
            all.add(TrainingDomains.byName(name));
        }
        return all;
    }

    static Stream<Arguments> cases() {
        return augmentations().stream()
                .flatMap(a -> TestImages.trainingShapes().map(shape -> Arguments.of(a, shape)));
    }

    static Stream<Augmentation> each() {
        return augmentations().stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void keepsShapeAndRangeAndLeavesInputUntouched(Augmentation augmentation, ImageShape shape) {
        SplittableRandom random = new SplittableRandom(11);
        for (int n = 0; n < 20; n++) {
            float[] image = TestImages.random(shape, n);
            float[] before = image.clone();
            float[] out = augmentation.apply(image, shape, random);
            assertEquals(shape.size(), out.length);
            assertArrayEquals(before, image, "input modified");
            for (float v : out) {
                assertTrue(v >= 0f && v <= 1f, () -> augmentation + " gave " + v);
            }
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void sameSeedSameImageAndSeedsVary(Augmentation augmentation, ImageShape shape) {
        float[] image = TestImages.random(shape, 5);
        Set<List<Float>> distinct = new HashSet<>();
        for (long seed = 0; seed < 8; seed++) {
            float[] first = augmentation.apply(image, shape, new SplittableRandom(seed));
            float[] second = augmentation.apply(image, shape, new SplittableRandom(seed));
            assertArrayEquals(first, second, "seed " + seed);
            distinct.add(boxed(first));
        }
        assertTrue(distinct.size() > 1, () -> augmentation + " gave the same image for 8 seeds");
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void applyIntoWritesTheSameImageAtTheOffsetOnly(Augmentation augmentation, ImageShape shape) {
        float[] image = TestImages.random(shape, 9);
        float[] expected = augmentation.apply(image, shape, new SplittableRandom(3));
        float[] batch = new float[shape.size() * 3];
        Arrays.fill(batch, -7f);
        SplittableRandom random = new SplittableRandom(3);
        augmentation.applyInto(image, shape, random, batch, shape.size());
        assertArrayEquals(expected, Arrays.copyOfRange(batch, shape.size(), 2 * shape.size()));
        for (int i = 0; i < shape.size(); i++) {
            assertEquals(-7f, batch[i]);
            assertEquals(-7f, batch[2 * shape.size() + i]);
        }
        // Both entry points advance the random alike: the next draws agree.
        SplittableRandom viaApply = new SplittableRandom(3);
        augmentation.apply(image, shape, viaApply);
        assertEquals(viaApply.nextLong(), random.nextLong());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("each")
    void rejectsImagesOfTheWrongLengthOrOutsideTheUnitRange(Augmentation augmentation) {
        ImageShape shape = TestImages.GRAY_28;
        SplittableRandom random = new SplittableRandom(1);
        IllegalArgumentException wrongLength = assertThrows(IllegalArgumentException.class,
                () -> augmentation.apply(new float[783], shape, random));
        assertTrue(wrongLength.getMessage().contains("783 values"), wrongLength.getMessage());
        assertTrue(wrongLength.getMessage().startsWith(augmentation.name()), wrongLength.getMessage());

        for (float bad : new float[] {-0.01f, 1.01f, Float.NaN, Float.POSITIVE_INFINITY}) {
            float[] image = TestImages.constant(shape, 0.5f);
            image[100] = bad;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> augmentation.apply(image, shape, random));
            assertTrue(e.getMessage().contains("index 100"), e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> augmentation.apply(null, shape, random));
        assertThrows(NullPointerException.class, () -> augmentation.apply(new float[784], null, random));
        assertThrows(NullPointerException.class, () -> augmentation.apply(new float[784], shape, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("each")
    void rejectsOutputArraysWithoutRoomOrAliasingTheInput(Augmentation augmentation) {
        ImageShape shape = TestImages.GRAY_28;
        float[] image = TestImages.constant(shape, 0.5f);
        SplittableRandom random = new SplittableRandom(1);
        IllegalArgumentException alias = assertThrows(IllegalArgumentException.class,
                () -> augmentation.applyInto(image, shape, random, image, 0));
        assertTrue(alias.getMessage().contains("must not be the input"), alias.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> augmentation.applyInto(image, shape, random, new float[100], 0));
        assertTrue(small.getMessage().contains("length 100"), small.getMessage());
        IllegalArgumentException offset = assertThrows(IllegalArgumentException.class,
                () -> augmentation.applyInto(image, shape, random, new float[1000], 300));
        assertTrue(offset.getMessage().contains("accepted offsets: 0..216"), offset.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> augmentation.applyInto(image, shape, random, new float[1000], -1));
        assertThrows(NullPointerException.class, () -> augmentation.applyInto(image, shape, random, null, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("each")
    void namesAreShortIdentifiers(Augmentation augmentation) {
        assertTrue(augmentation.name().matches("[a-z_]+"), augmentation.name());
        assertFalse(augmentation.toString().isEmpty());
    }

    private static List<Float> boxed(float[] values) {
        List<Float> list = new ArrayList<>(values.length);
        for (float v : values) {
            list.add(v);
        }
        return list;
    }
}
