package io.cardeck.robustness.corruption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The pieces of spatter that reproduce OpenCV operations, and the border modes. */
class OpenCvEquivalentsTest {

    @Test
    void chamferDistanceHasOpenCvsMaskWeightsAroundASinglePoint() {
        int n = 7;
        boolean[] zero = new boolean[n * n];
        zero[3 * n + 3] = true;
        float[] distance = new float[n * n];
        ChamferDistance.transform(zero, n, n, distance);
        assertEquals(0f, distance[3 * n + 3]);
        assertEquals(1f, distance[3 * n + 4], 1e-4);
        assertEquals(1.4f, distance[4 * n + 4], 1e-4);
        assertEquals(2.1969f, distance[4 * n + 5], 1e-4);
        assertEquals(2f, distance[3 * n + 5], 1e-4);
        assertEquals(2.8f, distance[5 * n + 5], 1e-4);
        assertEquals(3f, distance[3 * n + 6], 1e-4);
    }

    @Test
    void chamferDistanceStaysWithinThreePercentOfEuclidean() {
        int h = 30;
        int w = 40;
        SplittableRandom random = new SplittableRandom(2);
        boolean[] zero = new boolean[h * w];
        for (int i = 0; i < 12; i++) {
            zero[random.nextInt(h * w)] = true;
        }
        float[] distance = new float[h * w];
        ChamferDistance.transform(zero, h, w, distance);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double euclid = Double.MAX_VALUE;
                for (int p = 0; p < zero.length; p++) {
                    if (zero[p]) {
                        euclid = Math.min(euclid, Math.hypot(p / w - y, p % w - x));
                    }
                }
                assertEquals(euclid, distance[y * w + x], 0.03 * euclid + 1e-4, "at " + y + "," + x);
            }
        }
    }

    @Test
    void chamferDistanceWithoutZerosIsOpenCvsCap() {
        float[] distance = new float[6];
        ChamferDistance.transform(new boolean[6], 2, 3, distance);
        for (float d : distance) {
            assertEquals(8192f, d, 1e-2);
        }
    }

    @Test
    void histogramEqualisationMapsCumulativeCountsAboveTheLowestLevelByHand() {
        // Levels 3 (x2), 5 (x1), 9 (x3), 200 (x2): 6 values above the lowest; scale 255 / 6.
        float[] values = {3, 9, 5, 200, 9, 3, 9, 200};
        HistogramEqualization.equalize(values, 0, values.length);
        float a = (float) Math.rint(1 * (255f / 6));
        float b = (float) Math.rint(4 * (255f / 6));
        assertArrayEquals(new float[] {0, b, a, 255, b, 0, b, 255}, values);
    }

    @Test
    void histogramEqualisationLeavesAConstantPlane() {
        float[] values = {20, 20, 20};
        HistogramEqualization.equalize(values, 0, 3);
        assertArrayEquals(new float[] {20, 20, 20}, values);
    }

    @Test
    void borderModesExtendALineAsTheirLibrariesDo() {
        int[] nearest = BorderMode.NEAREST.indexTable(4, 2, 2);
        int[] reflect = BorderMode.REFLECT.indexTable(4, 2, 2);
        int[] reflect101 = BorderMode.REFLECT_101.indexTable(4, 2, 2);
        assertArrayEquals(new int[] {0, 0, 0, 1, 2, 3, 3, 3}, nearest);
        assertArrayEquals(new int[] {1, 0, 0, 1, 2, 3, 3, 2}, reflect);
        assertArrayEquals(new int[] {2, 1, 0, 1, 2, 3, 2, 1}, reflect101);
        assertEquals(0, BorderMode.REFLECT_101.index(-5, 1));
        assertEquals(2, BorderMode.REFLECT.index(-10, 3));
        assertTrue(BorderMode.REFLECT_101.index(100, 3) >= 0);
    }
}
