package io.cardeck.augmentation;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Images for the tests: the two shapes cardeck trains on, random 8-bit images, constants. */
final class TestImages {

    static final ImageShape GRAY_28 = new ImageShape(1, 28, 28);
    static final ImageShape RGB_32 = new ImageShape(3, 32, 32);

    private TestImages() {
    }

    static Stream<ImageShape> trainingShapes() {
        return Stream.of(GRAY_28, RGB_32);
    }

    /** Uniformly random 8-bit levels as floats k / 255, like decoded dataset images. */
    static float[] random(ImageShape shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] image = new float[shape.size()];
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextInt(256) / 255f;
        }
        return image;
    }

    static float[] constant(ImageShape shape, float value) {
        float[] image = new float[shape.size()];
        Arrays.fill(image, value);
        return image;
    }

    /** Values given per row, CHW order. */
    static float[] of(float... values) {
        return values.clone();
    }

    /** 8-bit levels divided by 255. */
    static float[] levels(int... levels) {
        float[] image = new float[levels.length];
        for (int i = 0; i < levels.length; i++) {
            image[i] = levels[i] / 255f;
        }
        return image;
    }

    /** Output (i, j) = input (i + dy, j + dx), or 0 outside: the naive definition of a shift. */
    static float[] shifted(float[] image, ImageShape shape, int dy, int dx) {
        int h = shape.height();
        int w = shape.width();
        float[] out = new float[image.length];
        for (int c = 0; c < shape.channels(); c++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    int si = i + dy;
                    int sj = j + dx;
                    if (si >= 0 && si < h && sj >= 0 && sj < w) {
                        out[(c * h + i) * w + j] = image[(c * h + si) * w + sj];
                    }
                }
            }
        }
        return out;
    }
}
