package io.cardeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.zoo.NearestCentroid;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line end to end on real Fashion-MNIST, as a user runs it (minus the launcher script). */
class CardeckCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static Path suite;
    private static Path model;

    record Run(int status, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }
    }

    static Run cardeck(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = CardeckCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int status = commandLine.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @BeforeAll
    static void suiteAndModel() throws IOException {
        suite = work.resolve("fmnist-c");
        Run corrupt = cardeck("corrupt", "--dataset", "fashion-mnist", "--split", "test", "--out", suite.toString(),
                "--limit", "40", "--seed", "3", "--corruptions", "gaussian_noise,fog,contrast", "--json");
        assertEquals(0, corrupt.status(), corrupt.err());
        model = work.resolve("centroid.onnx");
        NearestCentroid.fit(DatasetCatalog.open("fashion-mnist").split("train"), "fashion-mnist", done -> { }).save(model);
    }

    @Test
    void corruptionsListNamesTheNineteenAndTheFifteenStandardOnes() {
        Run run = cardeck("corruptions", "list", "--json");
        assertEquals(0, run.status(), run.err());
        JsonNode rows = run.json();
        assertEquals(19, rows.size());
        int standard = 0;
        for (JsonNode row : rows) {
            standard += row.get("standard").asBoolean() ? 1 : 0;
            assertEquals(5, row.get("severities").size(), row.toString());
        }
        assertEquals(15, standard);
        assertEquals("gaussian_noise", rows.get(0).get("name").asText());
    }

    @Test
    void datasetsInfoDescribesFashionMnist() {
        Run run = cardeck("datasets", "info", "fashion-mnist", "--json");
        assertEquals(0, run.status(), run.err());
        JsonNode splits = run.json().get("splits");
        assertEquals(2, splits.size());
        int total = 0;
        for (JsonNode split : splits) {
            total += split.get("count").asInt();
            assertEquals("[1,28,28]", split.get("shape").toString());
        }
        assertEquals(70000, total);
        Run text = cardeck("datasets", "info", "fashion-mnist");
        assertTrue(text.out().contains("Ankle boot"), text.out());
    }

    @Test
    void theGeneratedSuiteReadsBackAndRegeneratingItIsANoOp() {
        Run info = cardeck("datasets", "info", suite.toString(), "--json");
        assertEquals(0, info.status(), info.err());
        JsonNode described = info.json().get("suite");
        assertEquals(40, described.get("imagesPerSeverity").asInt());
        assertEquals("[\"contrast\",\"fog\",\"gaussian_noise\"]", described.get("corruptions").toString());
        assertEquals(3, described.get("manifest").get("seed").asInt());

        Run again = cardeck("corrupt", "--dataset", "fashion-mnist", "--out", suite.toString(), "--limit", "40",
                "--seed", "3", "--corruptions", "gaussian_noise,fog,contrast", "--json");
        assertEquals(0, again.status(), again.err());
        assertEquals(0, again.json().get("generated").size(), again.out());
    }

    @Test
    void aSuiteDirectoryIsNotOverwrittenWithOtherParameters() throws IOException {
        long before = Files.getLastModifiedTime(suite.resolve("fog.npy")).toMillis();
        Run run = cardeck("corrupt", "--dataset", "fashion-mnist", "--out", suite.toString(), "--limit", "40",
                "--seed", "4", "--corruptions", "fog");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("seed 3") && run.err().contains("seed 4"), run.err());
        assertEquals(before, Files.getLastModifiedTime(suite.resolve("fog.npy")).toMillis());
    }

    @Test
    void evalReportsCleanAccuracyAndEveryCell() {
        Run run = cardeck("eval", "--model", model.toString(), "--dataset", "fashion-mnist", "--suite", suite.toString(),
                "--limit", "40", "--json");
        assertEquals(0, run.status(), run.err());
        JsonNode report = run.json();
        assertEquals(40, report.get("clean").get("count").asInt());
        assertEquals(15, report.get("robustness").get("grid").get("cells").size());
        assertTrue(report.get("robustness").get("robustAccuracy").get("value").isNull(),
                "3 of 15 standard corruptions cannot give a robust accuracy");
        assertEquals(40 * 16, report.get("images").asInt());
        Run text = cardeck("eval", "--model", model.toString(), "--dataset", "fashion-mnist", "--suite", suite.toString(),
                "--limit", "40");
        assertTrue(text.out().contains("clean accuracy") && text.out().contains("gaussian_noise"), text.out());
    }

    @Test
    void modelInfoCountsParametersAndMacs() {
        Run run = cardeck("model", "info", model.toString(), "--json");
        assertEquals(0, run.status(), run.err());
        JsonNode stats = run.json().get("statistics");
        assertEquals(10 * 784 + 10, stats.get("parameters").asLong());
        assertEquals(10 * 784, stats.get("macs").asLong());
        assertEquals("fashion-mnist", run.json().get("metadata").get("dataset").asText());
    }

    @Test
    void badInputFailsWithAMessageThatSaysWhatIsAccepted() throws IOException {
        Run unknownDataset = cardeck("datasets", "info", "imagenet");
        assertEquals(1, unknownDataset.status());
        assertTrue(unknownDataset.err().contains("fashion-mnist"), unknownDataset.err());

        Run unknownCorruption = cardeck("corrupt", "--dataset", "fashion-mnist", "--out", work.resolve("x").toString(),
                "--corruptions", "rain");
        assertEquals(1, unknownCorruption.status());
        assertTrue(unknownCorruption.err().contains("rain") && unknownCorruption.err().contains("gaussian_noise"),
                unknownCorruption.err());

        Run grayOnly = cardeck("corrupt", "--dataset", "fashion-mnist", "--out", work.resolve("y").toString(),
                "--corruptions", "saturate");
        assertEquals(1, grayOnly.status());
        assertTrue(grayOnly.err().contains("not defined for images with 1 channel"), grayOnly.err());

        Run negativeLimit = cardeck("eval", "--model", model.toString(), "--dataset", "fashion-mnist", "--limit", "-1");
        assertEquals(1, negativeLimit.status());
        assertTrue(negativeLimit.err().contains("--limit"), negativeLimit.err());

        Path notOnnx = Files.writeString(work.resolve("notes.onnx"), "this is text");
        Run notAModel = cardeck("model", "info", notOnnx.toString());
        assertEquals(1, notAModel.status());
        assertTrue(notAModel.err().contains("notes.onnx") && notAModel.err().toLowerCase().contains("onnx"), notAModel.err());

        Run missingModel = cardeck("eval", "--model", work.resolve("absent.onnx").toString(), "--dataset", "fashion-mnist");
        assertEquals(1, missingModel.status());
        assertTrue(missingModel.err().contains("absent.onnx"), missingModel.err());

        Run missingOption = cardeck("eval", "--dataset", "fashion-mnist");
        assertEquals(2, missingOption.status());
        assertTrue(missingOption.err().contains("--model"), missingOption.err());

        // The demo checks its arguments before it starts anything.
        Run wholeSparsity = cardeck("demo", "--sparsities", "0.5,1.0");
        assertEquals(1, wholeSparsity.status());
        assertTrue(wholeSparsity.err().contains("--sparsities") && wholeSparsity.err().contains("1.0"), wholeSparsity.err());
        Run noImages = cardeck("demo", "--images", "0");
        assertEquals(1, noImages.status());
        assertTrue(noImages.err().contains("--images"), noImages.err());
        Run noZoo = cardeck("demo", "--models", work.resolve("no-zoo").toString());
        assertEquals(1, noZoo.status());
        assertTrue(noZoo.err().contains("no-zoo"), noZoo.err());
    }
}
