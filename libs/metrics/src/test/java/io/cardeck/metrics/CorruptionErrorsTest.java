package io.cardeck.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorruptionErrorsTest {

    private static final List<String> STANDARD = List.of("a", "b");

    private static List<CorruptionCell> row(String corruption, double... accuracies) {
        List<CorruptionCell> cells = new ArrayList<>();
        for (int s = 0; s < accuracies.length; s++) {
            cells.add(new CorruptionCell(corruption, s + 1, 100, accuracies[s]));
        }
        return cells;
    }

    private static CorruptionGrid grid(double clean, List<CorruptionCell> a, List<CorruptionCell> b) {
        List<CorruptionCell> cells = new ArrayList<>(a);
        cells.addAll(b);
        return new CorruptionGrid(clean, 100, cells);
    }

    // model: clean error 0.1; errors on a 0.2..0.6 (sum 2.0), on b 0.15 x 5 (sum 0.75)
    private static final CorruptionGrid MODEL = grid(0.9, row("a", 0.8, 0.7, 0.6, 0.5, 0.4), row("b", 0.85, 0.85, 0.85, 0.85, 0.85));
    // baseline: clean error 0.2; errors on a 0.4..0.8 (sum 3.0), on b 0.3 x 5 (sum 1.5)
    private static final CorruptionGrid BASELINE = grid(0.8, row("a", 0.6, 0.5, 0.4, 0.3, 0.2), row("b", 0.7, 0.7, 0.7, 0.7, 0.7));

    @Test
    void computesCeAndRelativeCeByHand() {
        CorruptionErrors errors = CorruptionErrors.of(MODEL, BASELINE, STANDARD);
        // CE_a = 2.0 / 3.0, CE_b = 0.75 / 1.5
        assertEquals(2.0 / 3.0, errors.corruptions().get(0).corruptionError(), 1e-12);
        assertEquals(0.5, errors.corruptions().get(1).corruptionError(), 1e-12);
        assertEquals((2.0 / 3.0 + 0.5) / 2, errors.meanCorruptionError(), 1e-12);
        // relative CE_a = (2.0 - 5 x 0.1) / (3.0 - 5 x 0.2) = 0.75, relative CE_b = (0.75 - 0.5) / (1.5 - 1.0) = 0.5
        assertEquals(0.75, errors.corruptions().get(0).relativeCorruptionError(), 1e-12);
        assertEquals(0.5, errors.corruptions().get(1).relativeCorruptionError(), 1e-12);
        assertEquals(0.625, errors.relativeMeanCorruptionError(), 1e-12);
        assertEquals("a", errors.corruptions().get(0).corruption());
    }

    @Test
    void extraCorruptionsDoNotCount() {
        List<CorruptionCell> cells = new ArrayList<>(MODEL.cells());
        cells.addAll(row("spatter", 0.1, 0.1, 0.1, 0.1, 0.1));
        CorruptionErrors errors = CorruptionErrors.of(new CorruptionGrid(0.9, 100, cells), BASELINE, STANDARD);
        assertEquals(2, errors.corruptions().size());
        assertEquals((2.0 / 3.0 + 0.5) / 2, errors.meanCorruptionError(), 1e-12);
    }

    @Test
    void aBaselineLackingACellIsRejected() {
        List<CorruptionCell> b = row("b", 0.7, 0.7, 0.7, 0.7, 0.7);
        b.remove(2);
        CorruptionGrid baseline = grid(0.8, row("a", 0.6, 0.5, 0.4, 0.3, 0.2), b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorruptionErrors.of(MODEL, baseline, STANDARD));
        assertTrue(e.getMessage().contains("baseline grid lacks cell b/s3"), e.getMessage());
    }

    @Test
    void aModelLackingACellIsRejected() {
        CorruptionGrid model = grid(0.9, row("a", 0.8, 0.7, 0.6, 0.5), row("b", 0.85, 0.85, 0.85, 0.85, 0.85));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorruptionErrors.of(model, BASELINE, STANDARD));
        assertTrue(e.getMessage().contains("model grid lacks cell a/s5"), e.getMessage());
    }

    @Test
    void aBaselineWithoutErrorsIsRejected() {
        CorruptionGrid perfect = grid(0.8, row("a", 1, 1, 1, 1, 1), row("b", 0.7, 0.7, 0.7, 0.7, 0.7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorruptionErrors.of(MODEL, perfect, STANDARD));
        assertTrue(e.getMessage().contains("no error on a"), e.getMessage());
    }

    @Test
    void aBaselineWhoseRelativeDenominatorIsZeroIsRejected() {
        // corrupted error 0.3 at every severity of b equals the clean error 0.3
        CorruptionGrid flat = grid(0.7, row("a", 0.6, 0.5, 0.4, 0.3, 0.2), row("b", 0.7, 0.7, 0.7, 0.7, 0.7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorruptionErrors.of(MODEL, flat, STANDARD));
        assertTrue(e.getMessage().contains("relative corruption error is a division by zero"), e.getMessage());
        assertTrue(e.getMessage().contains(" on b "), e.getMessage());
    }
}
