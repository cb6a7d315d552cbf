package io.cardeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.zoo.ZooEntry;
import io.cardeck.zoo.ZooManifest;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The zoo committed under models/ is what its manifest says: same bytes, and `cardeck eval` gives
 * the recorded test accuracy and robust accuracy again.
 */
class CommittedZooTest {

    private static final Path MODELS = Path.of("..", "models");

    static java.util.List<ZooEntry> committed() {
        java.util.List<ZooEntry> models = ZooManifest.read(MODELS).models();
        assertFalse(models.isEmpty(), "the repository commits a zoo under models/");
        return models;
    }

    @ParameterizedTest
    @MethodSource("committed")
    void evalReproducesTheManifest(ZooEntry entry) {
        Path file = MODELS.resolve(entry.file());
        assertTrue(file.toFile().isFile(), file + " is committed");
        assertEquals(entry.sha256(), EvalCommand.load(file).sha256());

        CardeckCommandTest.Run clean = CardeckCommandTest.cardeck("eval", "--model", file.toString(),
                "--dataset", entry.dataset(), "--json");
        assertEquals(0, clean.status(), clean.err());
        assertEquals(entry.testAccuracy(), clean.json().get("clean").get("accuracy").asDouble(), 0.0);

        Path suite = DemoCommand.suiteDirectory(entry.dataset(), entry.suiteImages(), entry.suiteSeed());
        CardeckCommandTest.Run corrupt = CardeckCommandTest.cardeck("corrupt", "--dataset", entry.dataset(),
                "--out", suite.toString(), "--limit", String.valueOf(entry.suiteImages()), "--seed", String.valueOf(entry.suiteSeed()));
        assertEquals(0, corrupt.status(), corrupt.err());
        CardeckCommandTest.Run robust = CardeckCommandTest.cardeck("eval", "--model", file.toString(), "--dataset",
                entry.dataset(), "--suite", suite.toString(), "--limit", String.valueOf(entry.suiteImages()), "--json");
        assertEquals(0, robust.status(), robust.err());
        JsonNode robustAccuracy = robust.json().get("robustness").get("robustAccuracy").get("value");
        assertEquals(entry.robustAccuracy(), robustAccuracy.asDouble(), 1e-12);
    }

    static java.util.List<io.cardeck.zoo.CardEntry> committedCards() {
        return ZooManifest.read(MODELS).cards();
    }

    @ParameterizedTest
    @MethodSource("committedCards")
    void theReportReproducesEachCardOfTheManifest(io.cardeck.zoo.CardEntry card) {
        Path file = MODELS.resolve(card.file());
        assertTrue(file.toFile().isFile(), file + " is committed");
        String dataset = ZooManifest.read(MODELS).entry(card.parent()).orElseThrow().dataset();
        CardeckCommandTest.Run report = CardeckCommandTest.cardeck("report", file.toString(), "--dataset", dataset,
                "--images", String.valueOf(card.suiteImages()), "--json");
        assertEquals(0, report.status(), report.err());
        JsonNode row = report.json().get(0);
        assertEquals(card.sha256(), row.get("sha256").asText());
        assertEquals(card.testAccuracy(), row.get("clean").asDouble(), 0.0);
        assertEquals(card.robustAccuracy(), row.get("robust").asDouble(), 1e-12);
        assertEquals(card.nonZeroParameters(), row.get("nonZeroParameters").asLong());
    }
}
