package io.cardeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.cli.PruningStudyCommand.Row;
import io.cardeck.cli.PruningStudyCommand.Study;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A row whose method gave no usable model is reported as failed, with its reason, and left out of the claims. */
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
}
