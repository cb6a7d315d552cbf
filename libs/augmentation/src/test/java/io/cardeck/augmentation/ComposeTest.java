package io.cardeck.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ComposeTest {

    /** An augmentation from outside the package: adds 0.1 and draws one number, through the interface's defaults. */
    private static final Augmentation BRIGHTER = new Augmentation() {
        @Override
        public String name() {
            return "brighter";
        }

        @Override
        public float[] apply(float[] image, ImageShape shape, SplittableRandom random) {
            if (image.length != shape.size()) {
                throw new IllegalArgumentException("brighter: wrong length");
            }
            random.nextInt();
            float[] out = new float[image.length];
            for (int i = 0; i < image.length; i++) {
                out[i] = Math.min(1f, image[i] + 0.1f);
            }
            return out;
        }
    };

    @Test
    void appliesTheStepsInOrderWithTheSameRandomStream() {
        ImageShape shape = TestImages.RGB_32;
        float[] image = TestImages.random(shape, 6);
        List<Augmentation> steps = List.of(new RandomCrop(4), BRIGHTER, new HorizontalFlip(), new GaussianNoise());
        Compose compose = new Compose("pipeline", steps);
        for (long seed = 0; seed < 10; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            float[] expected = image;
            for (Augmentation step : steps) {
                expected = step.apply(expected, shape, random);
            }
            assertArrayEquals(expected, compose.apply(image, shape, new SplittableRandom(seed)), "seed " + seed);
        }
        assertEquals("pipeline", compose.name());
        assertEquals(steps, compose.steps());
    }

    @Test
    void oneStepAndForeignStepsWriteIntoTheBatchRow() {
        ImageShape shape = TestImages.GRAY_28;
        float[] image = TestImages.random(shape, 1);
        float[] expected = BRIGHTER.apply(image, shape, new SplittableRandom(1));
        float[] batch = new float[2 * shape.size()];
        new Compose("only", List.of(BRIGHTER)).applyInto(image, shape, new SplittableRandom(1), batch, shape.size());
        assertArrayEquals(expected, Arrays.copyOfRange(batch, shape.size(), batch.length));
        float[] direct = new float[shape.size() + 3];
        BRIGHTER.applyInto(image, shape, new SplittableRandom(1), direct, 3);
        assertArrayEquals(expected, Arrays.copyOfRange(direct, 3, direct.length));
    }

    @Test
    void handlesImagesOfChangingSize() {
        Compose compose = new Compose("crop_flip", List.of(new RandomCrop(1), new HorizontalFlip(), BRIGHTER));
        SplittableRandom random = new SplittableRandom(4);
        for (ImageShape shape : List.of(TestImages.RGB_32, TestImages.GRAY_28, new ImageShape(1, 3, 5))) {
            assertEquals(shape.size(), compose.apply(TestImages.random(shape, 2), shape, random).length);
        }
    }

    @Test
    void rejectsNoStepsNullStepsAndBlankNames() {
        HorizontalFlip flip = new HorizontalFlip();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Compose("x", List.of()))
                .getMessage().contains("at least one step"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Compose("x", Arrays.asList(flip, null)))
                .getMessage().contains("step 1 is null"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Compose(" ", List.of(flip)))
                .getMessage().contains("non-blank"));
        assertThrows(IllegalArgumentException.class, () -> new Compose(null, List.of(flip)));
        assertThrows(NullPointerException.class, () -> new Compose("x", null));
    }
}
