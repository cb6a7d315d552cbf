package io.cardeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.zoo.CardEntry;
import io.cardeck.zoo.ZooEntry;
import io.cardeck.zoo.ZooManifest;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The zoo committed under models/ is what its manifest says. Every file has the bytes its entry
 * names, and `cardeck eval` and `cardeck report` give the recorded figures again for the first dense
 * model and the first CARD of each architecture. The other files are held by their SHA-256: their
 * figures were measured by the same evaluation code when they were recorded, and evaluating all of
 * them again (a ResNet-20 takes minutes) grew with every CARD to most of the suite's time.
 * `cardeck zoo verify` re-evaluates every test accuracy.
 */
class CommittedZooTest {

    private static final Path MODELS = Path.of("..", "models");

    private static ZooManifest manifest() {
        return ZooManifest.read(MODELS);
    }

    static List<ZooEntry> reEvaluatedModels() {
        Set<String> architectures = new HashSet<>();
        return manifest().models().stream()
                .filter(entry -> architectures.add(DeckModels.architectureOf(entry)))
                .toList();
    }

    static List<CardEntry> reEvaluatedCards() {
        ZooManifest manifest = manifest();
        Set<String> architectures = new HashSet<>();
        return manifest.cards().stream()
                .filter(card -> architectures.add(DeckModels.architectureOf(manifest.entry(card.parent()).orElseThrow())))
                .toList();
    }

    @Test
    void everyCommittedFileHasTheBytesItsEntryNames() {
        ZooManifest manifest = manifest();
        assertFalse(manifest.models().isEmpty(), "the repository commits a zoo under models/");
        Stream.concat(manifest.models().stream().map(e -> new Named(e.file(), e.sha256())),
                        manifest.cards().stream().map(c -> new Named(c.file(), c.sha256())))
                .forEach(named -> {
                    Path file = MODELS.resolve(named.file());
                    assertTrue(file.toFile().isFile(), file + " is committed");
                    assertEquals(named.sha256(), EvalCommand.load(file).sha256(), file.toString());
                });
    }

    @ParameterizedTest
    @MethodSource("reEvaluatedModels")
    void evalReproducesTheManifest(ZooEntry entry) {
        Path file = MODELS.resolve(entry.file());
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

    @ParameterizedTest
    @MethodSource("reEvaluatedCards")
    void theReportReproducesTheCard(CardEntry card) {
        Path file = MODELS.resolve(card.file());
        String dataset = manifest().entry(card.parent()).orElseThrow().dataset();
        CardeckCommandTest.Run report = CardeckCommandTest.cardeck("report", file.toString(), "--dataset", dataset,
                "--images", String.valueOf(card.suiteImages()), "--json");
        assertEquals(0, report.status(), report.err());
        JsonNode row = report.json().get(0);
        assertEquals(card.sha256(), row.get("sha256").asText());
        assertEquals(card.testAccuracy(), row.get("clean").asDouble(), 0.0);
        assertEquals(card.robustAccuracy(), row.get("robust").asDouble(), 1e-12);
        assertEquals(card.nonZeroParameters(), row.get("nonZeroParameters").asLong());
    }

    private record Named(String file, String sha256) {}
}
