package io.cardeck.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RobustnessResultTest {

    static final List<String> STANDARD = List.of("gaussian_noise", "shot_noise", "impulse_noise", "defocus_blur",
            "glass_blur", "motion_blur", "zoom_blur", "snow", "frost", "fog", "brightness", "contrast",
            "elastic_transform", "pixelate", "jpeg_compression");
    static final List<String> EXTRA = List.of("speckle_noise", "gaussian_blur", "spatter", "saturate");

    /** Cells of {@code corruptions} x 5 severities with random accuracies, skipping {@code skip} (key). */
    static List<CorruptionCell> cells(List<String> corruptions, Random random, String skip) {
        List<CorruptionCell> cells = new ArrayList<>();
        for (String corruption : corruptions) {
            for (int severity = 1; severity <= 5; severity++) {
                if (!(corruption + "/s" + severity).equals(skip)) {
                    cells.add(new CorruptionCell(corruption, severity, 10_000, random.nextInt(10_001) / 10_000.0));
                }
            }
        }
        return cells;
    }

    static double directMean(List<CorruptionCell> cells, List<String> corruptions) {
        double sum = 0;
        int n = 0;
        for (CorruptionCell cell : cells) {
            if (corruptions.contains(cell.corruption())) {
                sum += cell.accuracy();
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void robustAccuracyIsTheMeanOverTheFullStandardGrid() {
        List<CorruptionCell> cells = cells(STANDARD, new Random(1), null);
        assertEquals(75, cells.size());
        RobustnessResult result = RobustnessResult.of(new CorruptionGrid(0.93, 10_000, cells), STANDARD);
        MeanAccuracy robust = result.robustAccuracy();
        assertTrue(robust.available());
        assertFalse(robust.partial());
        assertEquals(directMean(cells, STANDARD), robust.value(), 1e-12);
        assertEquals(75, robust.expectedCells());
        assertEquals(75, robust.coveredCells().size());
        assertTrue(robust.missingCells().isEmpty());
        assertNull(robust.unavailableReason());
        assertEquals(0.93, result.cleanAccuracy());
        assertFalse(result.extraAccuracy().available());
        assertTrue(result.extraAccuracy().unavailableReason().contains("no extra corruption cells"));
    }

    @Test
    void extrasAreReportedSeparately() {
        Random random = new Random(2);
        List<CorruptionCell> standard = cells(STANDARD, random, null);
        // gray images: saturate is not defined, so it is simply absent
        List<CorruptionCell> extra = cells(EXTRA.subList(0, 3), random, null);
        List<CorruptionCell> all = new ArrayList<>(extra);
        all.addAll(standard);
        RobustnessResult result = RobustnessResult.of(new CorruptionGrid(0.9, 100, all), STANDARD);
        assertEquals(directMean(standard, STANDARD), result.robustAccuracy().orElseThrow(), 1e-12);
        assertEquals(directMean(extra, EXTRA), result.extraAccuracy().orElseThrow(), 1e-12);
        assertEquals(15, result.extraAccuracy().expectedCells());
    }

    @Test
    void aMissingStandardCellMakesRobustAccuracyUnavailable() {
        List<CorruptionCell> cells = cells(STANDARD, new Random(3), "fog/s4");
        RobustnessResult result = RobustnessResult.of(new CorruptionGrid(0.9, 100, cells), STANDARD);
        MeanAccuracy robust = result.robustAccuracy();
        assertFalse(robust.available());
        assertNull(robust.value());
        assertEquals(List.of("fog/s4"), robust.missingCells());
        assertTrue(robust.unavailableReason().contains("1 of 75 cells missing [fog/s4]"), robust.unavailableReason());
        IllegalStateException e = assertThrows(IllegalStateException.class, robust::orElseThrow);
        assertEquals(robust.unavailableReason(), e.getMessage());
    }

    @Test
    void aStandardCorruptionNotDefinedForTheDataIsMissingToo() {
        List<CorruptionCell> cells = cells(STANDARD, new Random(4), null);
        List<String> withSaturate = new ArrayList<>(STANDARD);
        withSaturate.add("saturate");
        MeanAccuracy robust = RobustnessResult.of(new CorruptionGrid(0.9, 100, cells), withSaturate).robustAccuracy();
        assertFalse(robust.available());
        assertEquals(List.of("saturate/s1", "saturate/s2", "saturate/s3", "saturate/s4", "saturate/s5"), robust.missingCells());
    }

    @Test
    void aPartialSummaryAveragesThePresentCellsAndSaysWhichItCovers() {
        List<CorruptionCell> cells = cells(STANDARD, new Random(5), "snow/s1");
        RobustnessResult result = RobustnessResult.partial(new CorruptionGrid(0.9, 100, cells), STANDARD);
        MeanAccuracy robust = result.robustAccuracy();
        assertTrue(robust.partial());
        assertEquals(directMean(cells, STANDARD), robust.value(), 1e-12);
        assertEquals(74, robust.coveredCells().size());
        assertFalse(robust.coveredCells().contains("snow/s1"));
        assertTrue(robust.coveredCells().contains("snow/s2"));
        assertEquals(List.of("snow/s1"), robust.missingCells());
        assertEquals(75, robust.expectedCells());
    }

    @Test
    void aGridWithoutStandardCellsHasNoPartialMeanEither() {
        List<CorruptionCell> cells = cells(EXTRA, new Random(6), null);
        MeanAccuracy robust = RobustnessResult.partial(new CorruptionGrid(0.9, 100, cells), STANDARD).robustAccuracy();
        assertFalse(robust.available());
        assertTrue(robust.unavailableReason().contains("no robust corruption cells"));
    }

    @Test
    void rejectsBadCellsGridsAndNames() {
        assertThrows(IllegalArgumentException.class, () -> new CorruptionCell("fog", 0, 10, 0.5));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CorruptionCell("fog", 6, 10, 0.5))
                .getMessage().contains("must be 1..5, got 6"));
        assertThrows(IllegalArgumentException.class, () -> new CorruptionCell(" ", 1, 10, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new CorruptionCell("fog", 1, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new CorruptionCell("fog", 1, 10, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new CorruptionCell("fog", 1, 10, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new CorruptionGrid(-0.1, 10, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new CorruptionGrid(0.5, 0, List.of()));
        CorruptionCell fog = new CorruptionCell("fog", 2, 10, 0.5);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CorruptionGrid(0.5, 10, List.of(fog, fog)))
                .getMessage().contains("duplicate cell fog/s2"));
        CorruptionGrid grid = new CorruptionGrid(0.5, 10, List.of(fog));
        assertThrows(IllegalArgumentException.class, () -> RobustnessResult.of(grid, List.of()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RobustnessResult.of(grid, List.of("fog", "fog")))
                .getMessage().contains("listed twice"));
        assertThrows(IllegalArgumentException.class, () -> RobustnessResult.of(grid, List.of("")));
    }
}
