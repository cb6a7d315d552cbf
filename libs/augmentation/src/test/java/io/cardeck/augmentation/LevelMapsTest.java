package io.cardeck.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Tone operations against examples worked out by hand with Pillow's definitions. */
class LevelMapsTest {

    @Test
    void posterizeKeepsTheHighBitsOfEachLevel() {
        ImageShape shape = new ImageShape(1, 2, 4);
        float[] image = TestImages.levels(0, 15, 16, 31, 32, 100, 200, 255);
        float[] out = new float[image.length];
        LevelMaps.posterize(image, out, shape, 4);
        // mask 0xF0: 100 = 0x64 -> 0x60 = 96, 200 = 0xC8 -> 0xC0 = 192, 255 -> 0xF0 = 240
        assertArrayEquals(TestImages.levels(0, 0, 16, 16, 32, 96, 192, 240), out);
        LevelMaps.posterize(image, out, shape, 3);
        // mask 0xE0: 31 -> 0, 100 -> 0x60 = 96, 200 -> 0xC0 = 192, 255 -> 0xE0 = 224
        assertArrayEquals(TestImages.levels(0, 0, 0, 0, 32, 96, 192, 224), out);
        LevelMaps.posterize(image, out, shape, 1);
        assertArrayEquals(TestImages.levels(0, 0, 0, 0, 0, 0, 128, 128), out);
    }

    @Test
    void solarizeInvertsLevelsFromTheThresholdOn() {
        ImageShape shape = new ImageShape(3, 1, 2);
        float[] image = TestImages.levels(0, 127, 128, 200, 255, 129);
        float[] out = new float[image.length];
        LevelMaps.solarize(image, out, shape, 128);
        assertArrayEquals(TestImages.levels(0, 127, 127, 55, 0, 126), out, 1e-6f);
        LevelMaps.solarize(image, out, shape, 256);
        assertArrayEquals(image, out);
    }

    @Test
    void autocontrastStretchesEachChannelToTheFullRangeAndKeepsFlatChannels() {
        ImageShape shape = new ImageShape(3, 1, 3);
        float[] image = TestImages.of(0.2f, 0.4f, 0.6f, 0.3f, 0.3f, 0.3f, 0.1f, 0.1f, 0.9f);
        float[] out = new float[image.length];
        LevelMaps.autocontrast(image, out, shape);
        assertArrayEquals(TestImages.of(0f, 0.5f, 1f, 0.3f, 0.3f, 0.3f, 0f, 0f, 1f), out, 1e-6f);
    }

    @Test
    void equalizeFollowsPillowsCumulativeHistogramTable() {
        ImageShape shape = new ImageShape(3, 20, 20);
        int plane = 400;
        int[] levels = new int[3 * plane];
        // Channel 0: 200 px at 0, 100 at 100, 100 at 200. step = (400 - 100) / 255 = 1;
        // table: 0 -> 0, 100 -> 200 (pixels below), 200 -> 300 clipped to 255.
        Arrays.fill(levels, 200, 300, 100);
        Arrays.fill(levels, 300, 400, 200);
        // Channel 1: one level only: unchanged.
        Arrays.fill(levels, plane, 2 * plane, 77);
        // Channel 2: 200 px at 30, 200 at 60: step = (400 - 200) / 255 = 0: unchanged.
        Arrays.fill(levels, 2 * plane, 2 * plane + 200, 30);
        Arrays.fill(levels, 2 * plane + 200, 3 * plane, 60);
        float[] image = TestImages.levels(levels);

        int[] expected = levels.clone();
        Arrays.fill(expected, 200, 300, 200);
        Arrays.fill(expected, 300, 400, 255);
        float[] out = new float[image.length];
        LevelMaps.equalize(image, out, shape, new int[256]);
        assertArrayEquals(TestImages.levels(expected), out);
    }

    @Test
    void equalizeWithAStepOfTwo() {
        ImageShape shape = new ImageShape(1, 30, 30);
        // 225 px at each of 10, 50, 90, 130. step = (900 - 225) / 255 = 2, n starts at 1:
        // 10 -> 1 / 2 = 0, 50 -> 226 / 2 = 113, 90 -> 451 / 2 = 225, 130 -> 676 / 2 = 338 -> 255.
        int[] levels = new int[900];
        int[] expected = new int[900];
        int[] from = {10, 50, 90, 130};
        int[] to = {0, 113, 225, 255};
        for (int k = 0; k < 4; k++) {
            Arrays.fill(levels, 225 * k, 225 * (k + 1), from[k]);
            Arrays.fill(expected, 225 * k, 225 * (k + 1), to[k]);
        }
        float[] out = new float[900];
        int[] histogram = new int[256];
        Arrays.fill(histogram, 99); // stale scratch must not matter
        LevelMaps.equalize(TestImages.levels(levels), out, shape, histogram);
        assertArrayEquals(TestImages.levels(expected), out);
    }
}
