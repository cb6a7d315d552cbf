package io.cardeck.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FloatTensorTest {

    /** [2, 3, 2]: value = 100 * i + 10 * j + k, so every selected entry names where it came from. */
    private static FloatTensor indexed() {
        float[] data = new float[12];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 2; k++) {
                    data[i * 6 + j * 2 + k] = 100 * i + 10 * j + k;
                }
            }
        }
        return new FloatTensor("t", new long[] {2, 3, 2}, data);
    }

    @Test
    void selectKeepsTheGivenSlicesOfOneAxisInTheGivenOrder() {
        FloatTensor middle = indexed().select(1, new int[] {2, 0});
        assertArrayEquals(new long[] {2, 2, 2}, middle.dims());
        assertArrayEquals(new float[] {20, 21, 0, 1, 120, 121, 100, 101}, middle.data());
        FloatTensor first = indexed().select(0, new int[] {1});
        assertArrayEquals(new long[] {1, 3, 2}, first.dims());
        assertArrayEquals(new float[] {100, 101, 110, 111, 120, 121}, first.data());
        FloatTensor last = indexed().select(2, new int[] {1});
        assertArrayEquals(new float[] {1, 11, 21, 101, 111, 121}, last.data());
        assertArrayEquals(new long[] {2, 0, 2}, indexed().select(1, new int[0]).dims());
    }

    @Test
    void selectRefusesAxesAndIndicesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> indexed().select(3, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> indexed().select(1, new int[] {3}));
    }
}
