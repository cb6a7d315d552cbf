package io.cardeck.robustness.corruption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every corruption promises, at every severity, for gray, RGB, odd and tiny sizes. */
class CorruptionContractTest {

    /** The corruptions that the published generator draws random numbers for. */
    private static final Set<String> RANDOM = Set.of("gaussian_noise", "shot_noise", "impulse_noise", "speckle_noise",
            "glass_blur", "motion_blur", "snow", "frost", "fog", "spatter", "elastic_transform");

    private static final List<ImageShape> SHAPES = List.of(
            new ImageShape(1, 28, 28), new ImageShape(3, 32, 32), new ImageShape(3, 20, 24),
            new ImageShape(1, 24, 20), new ImageShape(3, 5, 7), new ImageShape(1, 1, 1));

    static Stream<Arguments> corruptionsAndShapes() {
        List<Arguments> cases = new ArrayList<>();
        for (Corruption corruption : Corruptions.all()) {
            for (ImageShape shape : SHAPES) {
                cases.add(Arguments.of(corruption, shape));
            }
        }
        return cases.stream();
    }

    static Stream<Corruption> corruptions() {
        return Corruptions.all().stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("corruptionsAndShapes")
    void keepsShapeAndRangeAndLeavesTheInputAlone(Corruption corruption, ImageShape shape) {
        float[] image = TestImages.synthetic(shape, 11);
        float[] copy = image.clone();
        for (int severity = 1; severity <= 5; severity++) {
            float[] out = corruption.apply(image, shape, severity, new SplittableRandom(5));
            assertNotSame(image, out);
            assertEquals(image.length, out.length);
            for (int i = 0; i < out.length; i++) {
                float v = out[i];
                assertTrue(v >= 0f && v <= 1f, corruption + " s" + severity + " value " + v + " at " + i);
            }
            assertArrayEquals(copy, image, corruption + " s" + severity + " modified its input");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void keepsRangeOnRealFashionMnistImages(Corruption corruption) {
        for (float[] image : TestImages.fashionMnist(3)) {
            for (int severity = 1; severity <= 5; severity++) {
                float[] out = corruption.apply(image, TestImages.FASHION_MNIST, severity, new SplittableRandom(severity));
                for (float v : out) {
                    assertTrue(v >= 0f && v <= 1f, corruption + " s" + severity + " value " + v);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void sameSeedGivesTheSameImageAndOnlyRandomCorruptionsDependOnTheSeed(Corruption corruption) {
        for (ImageShape shape : List.of(new ImageShape(3, 32, 32), new ImageShape(1, 28, 28))) {
            float[] image = TestImages.synthetic(shape, 3);
            for (int severity = 1; severity <= 5; severity++) {
                float[] first = corruption.apply(image, shape, severity, new SplittableRandom(42));
                float[] again = corruption.apply(image, shape, severity, new SplittableRandom(42));
                assertArrayEquals(first, again, corruption + " s" + severity + " is not deterministic");
                // Motion blur's rasterised line is the same for nearby angles, so compare several seeds.
                boolean differs = false;
                for (long seed = 43; seed < 49; seed++) {
                    float[] other = corruption.apply(image, shape, severity, new SplittableRandom(seed));
                    differs |= !Arrays.equals(first, other);
                }
                String where = corruption + " s" + severity + " on " + shape;
                assertEquals(RANDOM.contains(corruption.name()), differs,
                        where + (differs ? " depends on the seed" : " ignores the seed"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void rejectsSeveritiesOutsideOneToFive(Corruption corruption) {
        ImageShape shape = new ImageShape(1, 4, 4);
        float[] image = new float[16];
        for (int severity : new int[] {0, 6, -1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> corruption.apply(image, shape, severity, new SplittableRandom(1)));
            assertTrue(e.getMessage().contains("severity must be 1..5, got " + severity), e.getMessage());
            assertTrue(e.getMessage().contains(corruption.name()), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void rejectsImagesThatDoNotMatchTheShapeOrLeaveTheUnitRange(Corruption corruption) {
        ImageShape shape = new ImageShape(3, 4, 4);
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> corruption.apply(new float[47], shape, 1, new SplittableRandom(1)));
        assertTrue(length.getMessage().contains("47 values but shape 3x4x4 (CHW) needs 48"), length.getMessage());

        float[] tooBright = new float[48];
        tooBright[17] = 1.5f;
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> corruption.apply(tooBright, shape, 1, new SplittableRandom(1)));
        assertTrue(range.getMessage().contains("1.5 at index 17 is outside [0, 1]"), range.getMessage());

        float[] notANumber = new float[48];
        notANumber[3] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> corruption.apply(notANumber, shape, 1, new SplittableRandom(1)));
        float[] negative = new float[48];
        negative[0] = -0.01f;
        assertThrows(IllegalArgumentException.class, () -> corruption.apply(negative, shape, 1, new SplittableRandom(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void rejectsMissingArguments(Corruption corruption) {
        ImageShape shape = new ImageShape(1, 2, 2);
        float[] image = new float[4];
        NullPointerException noImage = assertThrows(NullPointerException.class,
                () -> corruption.apply(null, shape, 1, new SplittableRandom(1)));
        assertTrue(noImage.getMessage().contains("image is null"), noImage.getMessage());
        assertThrows(NullPointerException.class, () -> corruption.apply(image, null, 1, new SplittableRandom(1)));
        NullPointerException noRandom = assertThrows(NullPointerException.class,
                () -> corruption.apply(image, shape, 1, null));
        assertTrue(noRandom.getMessage().contains("random is null"), noRandom.getMessage());
    }

    @Test
    void sharedInstancesGiveTheSameResultsWhenTheirCachesAreFilledConcurrently() throws Exception {
        // Sizes no other test uses, so kernels, zoom maps and the frost texture are built under contention.
        List<ImageShape> shapes = List.of(new ImageShape(3, 36, 36), new ImageShape(1, 30, 26));
        List<float[]> concurrent = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (ImageShape shape : shapes) {
                float[] image = TestImages.synthetic(shape, 17);
                for (Corruption corruption : Corruptions.all()) {
                    for (int severity = 1; severity <= 5; severity++) {
                        int s = severity;
                        futures.add(pool.submit(() -> corruption.apply(image, shape, s, new SplittableRandom(s))));
                    }
                }
            }
            for (Future<float[]> future : futures) {
                concurrent.add(future.get());
            }
        } finally {
            pool.shutdown();
        }
        int k = 0;
        for (ImageShape shape : shapes) {
            float[] image = TestImages.synthetic(shape, 17);
            for (Corruption corruption : Corruptions.all()) {
                for (int severity = 1; severity <= 5; severity++) {
                    assertArrayEquals(corruption.apply(image, shape, severity, new SplittableRandom(severity)),
                            concurrent.get(k++), corruption + " s" + severity + " on " + shape);
                }
            }
        }
    }
}
