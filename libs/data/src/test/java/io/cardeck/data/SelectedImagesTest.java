package io.cardeck.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SelectedImagesTest {

    private final ImageDataset five = Uint8ImageDataset.ofPixels("five", new ImageShape(1, 2, 2), PixelLayout.CHW,
            new byte[] {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23, 30, 31, 32, 33, 40, 41, 42, 43},
            new int[] {1, 0, 1, 0, 1}, List.of("a", "b"));

    @Test
    void servesThePrefixWithoutCopying() {
        ImageDataset first = five.firstImages(3);
        assertEquals(3, first.size());
        assertArrayEquals(new int[] {1, 0, 1}, first.labels(0, 3));
        assertArrayEquals(new float[] {20 / 255f, 21 / 255f, 22 / 255f, 23 / 255f}, first.image(2));
        assertEquals("five[:3]", first.name());
    }

    @Test
    void zeroOrMoreThanTheSizeMeansAll() {
        assertSame(five, five.firstImages(0));
        assertSame(five, five.firstImages(5));
        assertSame(five, five.firstImages(99));
    }

    @Test
    void rejectsNegativeCountsAndIndicesPastThePrefix() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> five.firstImages(-1));
        assertTrue(negative.getMessage().contains("0 = all"), negative.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> five.firstImages(2).label(2));
    }

    @Test
    void selectsByIndexInTheOrderGiven() {
        ImageDataset picked = five.select(new int[] {4, 1}, "five[picked]");
        assertEquals(2, picked.size());
        assertArrayEquals(new int[] {1, 0}, picked.labels(0, 2));
        assertArrayEquals(new float[] {40 / 255f, 41 / 255f, 42 / 255f, 43 / 255f}, picked.image(0));
        assertEquals("five[picked]", picked.name());
    }

    @Test
    void refusesEmptySelectionsAndIndicesOutsideTheDataset() {
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> five.select(new int[] {0, 5}, "x"));
        assertTrue(outside.getMessage().contains("0..4"), outside.getMessage());
        assertThrows(IllegalArgumentException.class, () -> five.select(new int[0], "x"));
        assertThrows(IndexOutOfBoundsException.class, () -> five.select(new int[] {3}, "x").label(1));
    }
}
