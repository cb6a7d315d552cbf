package io.cardeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.cli.PruningStudyCommand.Row;
import io.cardeck.cli.PruningStudyCommand.Study;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A row whose method gave no usable model is reported as failed, with its reason, and left out of the claims;
 * the claims are also told per model and recovery, where the pooled tally can hide that one slice differs.
 */
class PruningStudyReportTest {

    private static final Map<String, Double> FAMILIES = Map.of("noise", 0.7, "blur", 0.8, "weather", 0.6, "digital", 0.75);

    private static Row row(String method, double clean, double robust) {
        return new Row("resnet20-augmix", method, "uniform", 0.7, "finetune", 0.7, 1000, 300, 5000, 1500, clean, robust,
                FAMILIES, 1.5, 60, null);
    }

    @Test
    void aFailedRowShowsItsReasonAndNoFigures() {
        String reason = "training diverged: the loss of step 1 (epoch 1, batch 1 of 430, learning rate 0.01) is NaN";
        Row failed = Row.failed("resnet20-augmix", "lobs", "uniform", 0.7, "finetune", 12.5, reason);
        Study study = new Study("fashion-mnist", 100, 32, 2, "./cardeck pruning-study ...",
                List.of(row("magnitude", 0.9, 0.7), failed));

        String markdown = PruningStudyReport.markdown(study);
        assertTrue(markdown.contains("| lobs | uniform | 70% | finetune | failed: " + reason + " | | | | | | | | | | 12.5 |"),
                markdown);
        assertTrue(markdown.contains("this grid holds no pair that a claim compares"), "the failed row pairs with nothing: "
                + markdown);

        List<String> csv = PruningStudyReport.csv(study).lines().toList();
        assertEquals(3, csv.size(), csv.toString());
        assertTrue(csv.get(0).endsWith(",prune_seconds,failure"), csv.get(0));
        assertTrue(csv.get(1).endsWith(",60.00,"), "a row that succeeded has an empty failure: " + csv.get(1));
        assertEquals("resnet20-augmix,lobs,uniform,0.70,finetune,,,,,,,,,,,,,12.50,\"" + reason + "\"", csv.get(2));
        assertEquals(csv.get(0).split(",").length, csv.get(2).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)").length,
                "as many columns as the header");
    }

    @Test
    void claimsCompareSucceededRowsOnly() {
        Row lobs = new Row("resnet20-augmix", "lobs", "uniform", 0.7, "finetune", 0.7, 1000, 300, 5000, 1500, 0.95, 0.8,
                FAMILIES, 1.5, 60, null);
        List<String> claims = PruningStudyReport.claims(List.of(row("magnitude", 0.9, 0.7), lobs,
                Row.failed("resnet20-augmix", "magnitude", "uniform", 0.7, "finetune", 1, "diverged")));
        assertEquals(1, claims.size(), claims.toString());
        assertTrue(claims.get(0).contains("clean accuracy higher in 1 of 1 pairs"), claims.get(0));
    }

    @Test
    void theClaimsAreAlsoToldPerModelRecoveryAndAllocation() {
        // L-OBS wins with uniform and loses with global on one model; on the other it wins both.
        List<Row> rows = List.of(
                row("a", "magnitude", "uniform", 0.80, 0.60), row("a", "lobs", "uniform", 0.90, 0.70),
                row("a", "magnitude", "global", 0.85, 0.65), row("a", "lobs", "global", 0.40, 0.30),
                row("b", "magnitude", "uniform", 0.80, 0.60), row("b", "lobs", "uniform", 0.90, 0.70),
                row("b", "magnitude", "global", 0.85, 0.65), row("b", "lobs", "global", 0.88, 0.66));
        List<String> slices = PruningStudyReport.claimsBySlice(rows);
        assertEquals(List.of(
                "a, recovery none: L-OBS keeps more accuracy than magnitude at equal sparsity and allocation: clean accuracy"
                        + " higher in 1 of 2 pairs (mean difference -17.50 points), robust in 1 of 2 pairs (mean difference"
                        + " -12.50 points) (against magnitude; mixed)",
                "a, recovery none, uniform: L-OBS against magnitude: clean accuracy higher in 1 of 1 pairs (mean difference"
                        + " +10.00 points), robust in 1 of 1 pairs (mean difference +10.00 points) (against magnitude; holds on"
                        + " most pairs)",
                "a, recovery none, global: L-OBS against magnitude: clean accuracy higher in 0 of 1 pairs (mean difference"
                        + " -45.00 points), robust in 0 of 1 pairs (mean difference -35.00 points) (against magnitude; does not"
                        + " hold on most pairs)"), slices.subList(0, 3));
        assertEquals(6, slices.size(), slices.toString());
        assertTrue(slices.get(5).startsWith("b, recovery none, global: L-OBS against magnitude: clean accuracy higher in 1 of 1"),
                slices.get(5));
        assertEquals(List.of(), PruningStudyReport.claimsBySlice(rows.subList(0, 2)), "one model, recovery and allocation");
    }

    private static Row row(String model, String method, String allocation, double clean, double robust) {
        return new Row(model, method, allocation, 0.7, "none", 0.7, 1000, 300, 5000, 1500, clean, robust, FAMILIES, 1.5, 60,
                null);
    }
}
