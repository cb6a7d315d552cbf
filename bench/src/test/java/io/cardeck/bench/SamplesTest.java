package io.cardeck.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SamplesTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        Samples samples = Samples.of(9, 1, 5, 3, 7);

        assertEquals(5, samples.median());
        assertEquals(1, samples.min());
        assertEquals(9, samples.max());
        assertEquals((9 - 1) / 5.0, samples.spread(), 1e-12);
        assertEquals(5, samples.count());
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertEquals(3.5, Samples.of(4, 1, 3, 10).median());
    }

    @Test
    void ratiosArePerRound() {
        Samples b = Samples.of(90, 50, 120);
        Samples a = Samples.of(100, 100, 100);

        assertArrayEquals(new double[] {0.9, 0.5, 1.2}, b.over(a).values(), 1e-12);
        assertEquals(0.9, b.over(a).median(), 1e-12);
    }

    @Test
    void harmonicMeanIsTheRateOfEqualWorkAtEachRate() {
        // 1 image at 1/s and 1 at 3/s: 2 images in 1 + 1/3 s
        assertEquals(2 / (1 + 1 / 3.0), Samples.of(1, 3).harmonicMean(), 1e-12);
    }

    @Test
    void medianOrNaNIsNaNWhenAnyValueIsMissing() {
        assertEquals(2, Samples.medianOrNaN(3, 1, 2));
        assertTrue(Double.isNaN(Samples.medianOrNaN(3, Double.NaN, 2)));
    }

    @Test
    void valuesAreCopiedInAndOut() {
        double[] measured = {2, 4};
        Samples samples = Samples.of(measured);
        measured[0] = 100;
        samples.values()[1] = 100;

        assertArrayEquals(new double[] {2, 4}, samples.values());
    }

    @Test
    void rejectsNoMeasurementsNonFiniteValuesAndMismatchedRounds() {
        assertTrue(assertThrows(IllegalArgumentException.class, Samples::of).getMessage().contains("at least one"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Samples.of(1, Double.NaN))
                .getMessage().contains("not a finite number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Samples.of(1, 2).over(Samples.of(1)))
                .getMessage().contains("one of each per round"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Samples.of(1, 0).harmonicMean())
                .getMessage().contains("positive rates"));
    }
}
