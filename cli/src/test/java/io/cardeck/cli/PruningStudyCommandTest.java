package io.cardeck.cli;

import static io.cardeck.cli.CardeckCommandTest.cardeck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.evaluation.EvaluationOptions;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `cardeck pruning-study` on a small grid of the committed LeNet-5 and real Fashion-MNIST. */
class PruningStudyCommandTest {

    @TempDir
    Path work;

    @Test
    void prunesEachCombinationEvaluatesItChecksTheClaimsAndResumesFromItsCache() throws Exception {
        Path cache = work.resolve("cache");
        Path out = work.resolve("study.md");
        String[] args = {"pruning-study", "--zoo", "../models", "--models", "lenet5-standard", "--methods", "magnitude,lobs",
                "--allocations", "uniform", "--sparsities", "0.6", "--lobs-normalizations", "none,layer", "--recoveries", "none",
                "--images", "5",
                "--cache", cache.toString(), "--out", out.toString(), "--json"};
        CardeckCommandTest.Run run = cardeck(args);
        assertEquals(0, run.status(), run.err());
        JsonNode rows = run.json().get("rows");
        assertEquals(4, rows.size(), "the dense model and one row per method, lobs once per normalization: " + rows);
        assertEquals(List.of("dense", "magnitude", "lobs", "lobs-layer"), rows.findValuesAsText("method"));
        JsonNode dense = rows.get(0);
        assertEquals("dense", dense.get("method").asText());
        OnnxModel lenet = OnnxModel.load(Path.of("../models/lenet5-standard.onnx"));
        double clean = EvalCommand.evaluate(lenet, Device.CPU, DatasetCatalog.open("fashion-mnist").split("test"), null,
                new EvaluationOptions(256, 0)).clean().accuracy();
        assertEquals(clean, dense.get("clean").asDouble(), 1e-12, "the evaluator's figure for the dense model");
        for (JsonNode pruned : List.of(rows.get(1), rows.get(2), rows.get(3))) {
            assertEquals("uniform", pruned.get("allocation").asText());
            assertTrue(pruned.get("nonZeroParameters").asLong() < dense.get("nonZeroParameters").asLong(), pruned.toString());
            assertTrue(pruned.get("weightSparsity").asDouble() > 0.5, pruned.toString());
            assertTrue(Files.isRegularFile(cache.resolve("lenet5-standard")
                    .resolve("lenet5-standard-" + pruned.get("method").asText() + "-uniform-0.60-none.onnx")));
        }
        String markdown = Files.readString(out);
        assertTrue(markdown.contains("L-OBS keeps more accuracy than magnitude at equal sparsity and allocation: clean accuracy"
                + " higher in " + (rows.get(2).get("clean").asDouble() > rows.get(1).get("clean").asDouble() ? 1 : 0)
                + " of 1 pairs"), markdown);
        assertTrue(markdown.contains("Reproduce: `./cardeck pruning-study --models lenet5-standard --methods magnitude,lobs"),
                markdown);
        assertEquals(5, Files.readAllLines(work.resolve("study.csv")).size(), "a header and four rows");

        CardeckCommandTest.Run again = cardeck(args);
        assertEquals(0, again.status(), again.err());
        assertFalse(again.err().contains("lobs {"), "nothing pruned again: " + again.err());
        assertEquals(rows.get(1), again.json().get("rows").get(1), "the cached row");
        assertEquals(rows.get(2), again.json().get("rows").get(2), "the cached row");
        assertEquals(rows.get(3), again.json().get("rows").get(3), "the cached row");
    }

    @Test
    void filterPruningRunsOncePerTreatmentOfTheResidualStreams() throws Exception {
        CardeckCommandTest.Run run = cardeck("pruning-study", "--zoo", "../models", "--models", "lenet5-standard",
                "--methods", "l1-filter", "--filter-ratios", "0.5", "--residual-streams", "prune,keep", "--recoveries", "none",
                "--images", "5", "--cache", work.resolve("cache").toString(), "--json");
        assertEquals(0, run.status(), run.err());
        JsonNode rows = run.json().get("rows");
        assertEquals(List.of("dense", "l1-filter", "l1-filter-keep-streams"), rows.findValuesAsText("method"));
        assertTrue(run.err().contains("keepResidualStreams=true"), run.err());
        // LeNet-5 has no residual stream: keeping them changes nothing.
        assertEquals(rows.get(1).get("parameters"), rows.get(2).get("parameters"));
        assertTrue(rows.get(1).get("parameters").asLong() < rows.get(0).get("parameters").asLong());
    }

    @Test
    void badOptionsSayWhatIsWrongAndWhatIsAccepted() {
        assertRefused("--methods: 'lrr' is iterative; this study compares one-shot methods", "--methods", "lrr");
        assertRefused("--recoveries: unknown 'retrain'; accepted: [none, bn, finetune]", "--recoveries", "retrain");
        assertRefused("--sparsities: 1.5 is not in (0, 1)", "--sparsities", "1.5");
        assertRefused("--lobs-normalizations: unknown 'unit'; accepted: [none, layer]", "--lobs-normalizations", "unit");
        assertRefused("--filter-ratios: 0.0 is not in (0, 1)", "--filter-ratios", "0");
        assertRefused("--residual-streams: unknown 'drop'; accepted: [prune, keep]", "--residual-streams", "drop");
        assertRefused("--models: no zoo model 'vgg16'", "--models", "vgg16");
        assertRefused("--images must be at least 1, got 0", "--images", "0");
    }

    private void assertRefused(String message, String... options) {
        String[] args = new String[options.length + 5];
        args[0] = "pruning-study";
        args[1] = "--zoo";
        args[2] = "../models";
        args[3] = "--cache";
        args[4] = work.resolve("refused").toString();
        System.arraycopy(options, 0, args, 5, options.length);
        CardeckCommandTest.Run run = cardeck(args);
        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().contains(message), run.err());
        assertTrue(Files.notExists(work.resolve("refused")), "nothing pruned on a refusal");
    }
}
