package io.cardeck.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.robustness.corruption.Corruptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmarks run end to end on a few real Fashion-MNIST images, and refuse bad options. */
class BenchmarkCommandsTest {

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Bench.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void corruptionSpeedTimesEveryCellAndWholeSuites() throws Exception {
        Run run = run("corruptions", "--rounds", "1", "--cell-millis", "1", "--images", "2", "--suite-images", "2",
                "--suite-rounds", "1", "--work", dir.toString());

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("### 1x28x28"), run.out());
        assertTrue(run.out().contains("### 3x32x32"), run.out());
        for (String name : Corruptions.names()) {
            // one row per shape
            assertEquals(2, run.out().split("\\| " + name + "\\s").length - 1, name);
        }
        assertTrue(run.out().contains("saturate (identity here, not in suites)"));
        assertTrue(run.out().contains("1x28x28: 18 corruptions x 5 severities x 2 images = 180 images"), run.out());
        assertTrue(run.out().contains("3x32x32: 19 corruptions x 5 severities x 2 images = 190 images"), run.out());
        try (var left = Files.list(dir.resolve("suite-speed"))) {
            assertEquals(0, left.count(), "scratch suites are deleted");
        }
    }

    @Test
    void evaluationOverheadComparesTheEvaluatorWithBareOnnxRuntimeForBothModels() {
        Run run = run("eval", "--rounds", "2", "--warm-up", "1", "--images", "300", "--pass-seconds", "0.01");

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("## nearest-centroid"), run.out());
        assertTrue(run.out().contains("## lenet5"), run.out());
        assertTrue(run.out().contains("batch 128; 300 Fashion-MNIST test images [1, 28, 28]"), run.out());
        assertEquals(2, run.out().split("B/A: median").length - 1);
        assertEquals(2, run.out().split("B1/A1: median").length - 1);
        assertTrue(run.out().contains("| A1: ModelSession.run loop, 1 intra-op thread"), run.out());
        assertTrue(run.out().contains("| metrics alone"), run.out());
    }

    @Test
    void structuredSpeedupTimesPrunedModelsBesideTheDenseOneAndProfilesThem() {
        Run run = run("structured", "--model", "../models/lenet5-standard.onnx", "--ratios", "0.5", "--batches", "1,4",
                "--rounds", "2", "--warm-up", "1", "--pass-seconds", "0.01", "--profile-runs", "2");

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("## ../models/lenet5-standard.onnx: l1-filter, layer scope"), run.out());
        // LeNet-5 at 50%: 416,520 MACs per image become 133,740 (3.11x fewer); rounded to 8, fc1 keeps 64 units.
        assertTrue(run.out().matches("(?s).*\\| 0% \\(dense\\) +\\| +61,706 \\| +0\\.42 M \\| +1\\.00x \\| +1 \\|.*"), run.out());
        assertTrue(run.out().matches("(?s).*\\| 50% +\\| +15,738 \\| +0\\.13 M \\| +3\\.11x \\| +4 \\|.*"), run.out());
        assertTrue(run.out().matches("(?s).*\\| 50%, round to 8 +\\| +16,(\\d{3}) \\| +0\\.13 M \\|.*"), run.out());
        assertTrue(run.out().contains("Target at batch 4: CPU speed-up >= 0.8 x MAC reduction. 50%: "), run.out());
        assertTrue(run.out().contains("### Where the time goes at batch 4"), run.out());
        assertTrue(run.out().contains("ONNX Runtime profile, 2 runs of each model"), run.out());
        assertTrue(run.out().matches("(?s).*\\| conv2 +\\| +\\d+\\.\\d\\d \\(\\d+\\.\\d\\).*"), run.out());
        assertTrue(run.out().contains("| run (model_run, median)"), run.out());
        assertTrue(run.out().contains("- 50%: MACs 3.11x fewer; convolution kernels"), run.out());
    }

    @Test
    void rejectsBadOptionsBeforeAnyWork() {
        assertFailure(run("corruptions", "--rounds", "0"), "--rounds must be at least 1, got 0");
        assertFailure(run("corruptions", "--suite-images", "-1"), "--suite-images must be >= 0");
        assertFailure(run("eval", "--models", "resnet"), "unknown model 'resnet' in --models; accepted: nearest-centroid, lenet5");
        assertFailure(run("eval", "--batch-size", "0"), "batch size must be in 1..4096, got 0");
        assertFailure(run("eval", "--pass-seconds", "0"), "--pass-seconds must be in (0, 60], got 0.0");
        assertFailure(run("eval", "--warm-up", "-1"), "--warm-up and --images must be >= 0");
        assertFailure(run("eval", "--intra-op-threads", "-2"), "--intra-op-threads must be >= 0");
        assertFailure(run("structured", "--ratios", "1.0"), "--ratios must be in (0, 1), --round-to in 1..64 and --batches in 1..4096");
        assertFailure(run("structured", "--rounds", "0"), "--rounds must be at least 1, got 0");
        assertFailure(run("deck", "--requests", "5"), "--requests must be a multiple of 5 of at least 10");
        assertFailure(run("deck", "--member", "fog=x.onnx"), "the domain must be one of [standard, gauss, augmix]");
        assertFailure(run("deck", "--card", "fog=x.onnx"), "the domain must be one of [standard, gauss, augmix]");
        assertFailure(run("deck", "--batches", "0"), "--batches in 1..1024");
        assertFailure(run("deck", "--rate-shares", "0"), "--rate-shares one or more in (0, 100]");
        assertFailure(run("deck", "--architecture", "alexnet", "--repository", ".."), "no zoo model alexnet-{standard,gauss,augmix}.onnx");
        assertFailure(run("scale-out", "--instances", "0"), "--instances, --evaluations, --rounds and --samples-per-cell must be at least 1");
        assertFailure(run("scale-out", "--model", "no-such.onnx"), "--model no-such.onnx is not a file");
        assertFailure(run("scale-out", "--intra-op-threads", "-1"), "--intra-op-threads must be >= 0");
    }

    private static void assertFailure(Run run, String message) {
        assertEquals(1, run.status(), run.out());
        assertTrue(run.err().contains(message), run.err());
    }

    @Test
    void unknownBenchmarksAreUsageErrors() {
        Run run = run("speed");

        assertEquals(2, run.status());
        assertTrue(run.err().contains("Unmatched argument"), run.err());
    }

    @Test
    void maskedTrainingTimesTheMaskedModelBesideTheDenseOne() {
        Run run = run("masked-training", "--architectures", "lenet5", "--rounds", "2", "--steps", "1", "--warm-up", "0",
                "--batch-size", "8");

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("## Masked training at 90% sparsity (medians of 2 rounds, 1 steps of 8 images"), run.out());
        assertTrue(run.out().matches("(?s).*\\| lenet5 .*\\| (met|missed) .*"), run.out());

        Run refused = run("masked-training", "--sparsity", "1");
        assertEquals(1, refused.status());
        assertTrue(refused.err().contains("--sparsity must be in (0, 1), got 1.0"), refused.err());
    }
}
