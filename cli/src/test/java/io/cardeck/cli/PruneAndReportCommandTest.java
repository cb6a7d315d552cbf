package io.cardeck.cli;

import static io.cardeck.cli.CardeckCommandTest.cardeck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.suite.CorruptionSuite;
import io.cardeck.evaluation.EvaluationOptions;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.Device;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `cardeck prune` and `cardeck report` as a user runs them, on the committed LeNet-5 and real Fashion-MNIST. */
class PruneAndReportCommandTest {

    private static final String LENET = "../models/lenet5-standard.onnx";

    @TempDir
    Path work;

    @Test
    void prunesWithRecoveryFromParametersOnTheCommandLine() throws Exception {
        Path out = work.resolve("lenet-m80.onnx");
        CardeckCommandTest.Run run = cardeck("prune", "--model", LENET, "--method", "magnitude", "--param", "sparsity=0.8",
                "--param", "keepDense=[]", "--param", "recovery.finetune.epochs=1", "--validation-images", "1000",
                "--out", out.toString(), "--json");
        assertEquals(0, run.status(), run.err());
        JsonNode report = run.json();
        assertEquals("magnitude", report.get("method").asText());
        assertEquals(1, report.at("/parameters/recovery/finetune/epochs").asInt());
        OnnxModel pruned = OnnxModel.load(out);
        assertEquals("magnitude", pruned.metadata().lineage().method());
        assertTrue(report.get("nonZeroAfter").asLong() < 0.25 * report.get("nonZeroBefore").asLong(), report.toString());
        assertTrue(report.at("/recovery/finetune/heldOutAfter").asDouble() > 0.7, report.toString());
    }

    @Test
    void badPruneArgumentsSayWhatIsWrongAndWhatIsAccepted() {
        String out = work.resolve("x.onnx").toString();
        CardeckCommandTest.Run unknown = cardeck("prune", "--model", LENET, "--method", "optimal", "--out", out);
        assertEquals(1, unknown.status());
        assertTrue(unknown.err().contains("unknown pruning method 'optimal'; accepted: "), unknown.err());
        CardeckCommandTest.Run notPair = cardeck("prune", "--model", LENET, "--method", "magnitude", "--param", "sparsity",
                "--out", out);
        assertEquals(1, notPair.status());
        assertTrue(notPair.err().contains("is not KEY=VALUE"), notPair.err());
        CardeckCommandTest.Run range = cardeck("prune", "--model", LENET, "--method", "magnitude", "--param", "sparsity=2",
                "--out", out);
        assertEquals(1, range.status());
        assertTrue(range.err().contains("parameter 'sparsity' must be less than 1, got 2"), range.err());
        CardeckCommandTest.Run missing = cardeck("prune", "--method", "magnitude", "--out", out);
        assertEquals(2, missing.status(), "a usage error");
        assertTrue(Files.notExists(Path.of(out)), "nothing written on a refusal");
    }

    @Test
    void theReportEqualsTheEvaluatorsFiguresAndWritesItsFiles() throws Exception {
        Path out = work.resolve("report");
        CardeckCommandTest.Run run = cardeck("report", LENET, "--images", "20", "--out", out.toString(), "--json");
        assertEquals(0, run.status(), run.err());
        JsonNode row = run.json().get(0);
        var test = DatasetCatalog.open("fashion-mnist").split("test");
        OnnxModel lenet = OnnxModel.load(Path.of(LENET));
        double clean = EvalCommand.evaluate(lenet, Device.CPU, test, null, new EvaluationOptions(256, 0)).clean().accuracy();
        assertEquals(clean, row.get("clean").asDouble(), 1e-12);
        CorruptionSuite suite = CorruptionSuite.open(DemoCommand.suiteDirectory("fashion-mnist", 20, 0));
        double robust = EvalCommand.evaluate(lenet, Device.CPU, test.firstImages(20), suite, new EvaluationOptions(256, 0))
                .robustness().robustAccuracy().orElseThrow();
        assertEquals(robust, row.get("robust").asDouble(), 1e-12);
        assertEquals(List.of("noise", "blur", "weather", "digital"), iterable(row.get("families")));
        assertTrue(Files.readString(out.resolve("report.md")).contains("| lenet5-standard | dense |"));
        int corruptions = CliArguments.corruptions(null, 1).size();
        assertEquals(1 + corruptions * 5, Files.readAllLines(out.resolve("cells.csv")).size(),
                "a header and one row per cell of the corruptions defined for grayscale");
        assertEquals(2, Files.readAllLines(out.resolve("models.csv")).size());

        BufferedImage heatMap = ImageIO.read(out.resolve("heatmap-lenet5-standard.png").toFile());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < heatMap.getHeight(); y++) {
            for (int x = 0; x < heatMap.getWidth(); x++) {
                colours.add(heatMap.getRGB(x, y) & 0xFFFFFF);
            }
        }
        for (JsonNode cell : run.json().get(0).get("cells")) {
            assertTrue(colours.contains(ReportCharts.colourOf(cell.get("accuracy").asDouble()).getRGB() & 0xFFFFFF),
                    "the heat-map has a cell coloured for " + cell);
        }
        BufferedImage curves = ImageIO.read(out.resolve("accuracy-vs-sparsity.png").toFile());
        assertEquals(720, curves.getWidth());
        assertTrue(Files.readString(out.resolve("report.md")).contains("(heatmap-lenet5-standard.png)"));
    }

    private static List<String> iterable(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
