package io.cardeck.metrics.spectrum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpectrumTest {

    private static final Spectrum A = new Spectrum(2, 2, new double[] {0, 1, 2, 3});
    private static final Spectrum B = new Spectrum(2, 2, new double[] {1, 1, 0, 3});

    @Test
    void distancesOfAHandExample() {
        // differences 1, 0, 2, 0
        assertEquals(0.75, A.l1Distance(B), 1e-15);
        assertEquals(Math.sqrt(5.0 / 4), A.l2Distance(B), 1e-15);
        // dot 10, |A|^2 14, |B|^2 11
        assertEquals(1 - 10 / Math.sqrt(14 * 11), A.cosineDistance(B), 1e-15);
        assertEquals(0, A.l1Distance(A));
        assertEquals(0, A.cosineDistance(new Spectrum(2, 2, new double[] {0, 2, 4, 6})), 1e-15);
        assertEquals(A.l1Distance(B), SpectrumDistance.L1.between(A, B));
        assertEquals(A.l2Distance(B), SpectrumDistance.L2.between(A, B));
        assertEquals(A.cosineDistance(B), SpectrumDistance.COSINE.between(A, B));
    }

    @Test
    void l1IsAMeanSoImageSizeDoesNotDominate() {
        Spectrum small = new Spectrum(2, 2, new double[4]);
        Spectrum bigZero = new Spectrum(8, 8, new double[64]);
        double[] ones = new double[64];
        java.util.Arrays.fill(ones, 1);
        double[] smallOnes = {1, 1, 1, 1};
        assertEquals(small.l1Distance(new Spectrum(2, 2, smallOnes)), bigZero.l1Distance(new Spectrum(8, 8, ones)));
    }

    @Test
    void allZeroSpectraHaveADefinedCosineDistance() {
        Spectrum zero = new Spectrum(2, 2, new double[4]);
        assertEquals(0, zero.cosineDistance(new Spectrum(2, 2, new double[4])));
        assertEquals(1, zero.cosineDistance(A));
        assertEquals(1, A.cosineDistance(zero));
    }

    @Test
    void mismatchedSizesAreAnError() {
        Spectrum other = new Spectrum(1, 4, new double[] {0, 1, 2, 3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> A.l1Distance(other));
        assertTrue(e.getMessage().contains("2x2 spectrum with a 1x4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> A.l2Distance(other));
        assertThrows(IllegalArgumentException.class, () -> A.cosineDistance(other));
    }

    @Test
    void valuesAreCopiedInAndOut() {
        double[] values = {0, 1, 2, 3};
        Spectrum spectrum = new Spectrum(2, 2, values);
        values[0] = 9;
        spectrum.values()[1] = 9;
        assertEquals(0, spectrum.value(0, 0));
        assertEquals(1, spectrum.value(0, 1));
        assertEquals(2, spectrum.value(1, 0));
        assertEquals(A, spectrum);
        assertEquals(A.hashCode(), spectrum.hashCode());
        assertNotEquals(A, B);
    }

    @Test
    void rejectsBadValues() {
        assertThrows(IllegalArgumentException.class, () -> new Spectrum(2, 2, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> new Spectrum(0, 2, new double[0]));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Spectrum(2, 2, new double[] {0, 0, Double.NaN, 0}))
                .getMessage().contains("row 1, column 0"));
        assertThrows(IndexOutOfBoundsException.class, () -> A.value(2, 0));
    }

    @Test
    void parsesDistanceNames() {
        assertEquals(SpectrumDistance.L1, SpectrumDistance.parse("l1"));
        assertEquals(SpectrumDistance.L2, SpectrumDistance.parse(" L2 "));
        assertEquals(SpectrumDistance.COSINE, SpectrumDistance.parse("Cosine"));
        assertEquals("cosine", SpectrumDistance.COSINE.toString());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpectrumDistance.parse("l3"))
                .getMessage().contains("accepted: l1, l2, cosine"));
        assertThrows(IllegalArgumentException.class, () -> SpectrumDistance.parse(null));
    }
}
