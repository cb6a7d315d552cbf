package io.cardeck.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooManifestTest {

    private static ZooEntry entry(String name, double accuracy) {
        return new ZooEntry(name, name + ".onnx", "{\"architecture\":\"lenet5\"}", "fashion-mnist", "standard", 10, 128,
                0.05, 1, accuracy, 0.8, 1000, 0, 61706, "b".repeat(64), 300.5, "./cardeck zoo train ...",
                Instant.parse("2026-11-26T20:00:00Z"));
    }

    @Test
    void roundTripsAndReplacesEntriesByName(@TempDir Path folder) {
        ZooManifest manifest = new ZooManifest(List.of()).with(entry("lenet5-standard", 0.9)).with(entry("resnet20-gauss", 0.93));
        manifest.write(folder);
        assertEquals(manifest, ZooManifest.read(folder));
        ZooManifest updated = ZooManifest.read(folder).with(entry("lenet5-standard", 0.91));
        assertEquals(2, updated.models().size());
        assertEquals(0.91, updated.entry("lenet5-standard").orElseThrow().testAccuracy());
    }

    private static CardEntry card(Map<String, Object> parameters, Map<String, Double> families) {
        return new CardEntry("lenet5-standard-lrr90", "cards/lenet5-standard-lrr90.onnx", "lenet5-standard", "lrr", parameters,
                0.9, 6383, 36000, 0.89, 0.8, families, 1000, 0, "c".repeat(64), "models/cards/build.sh lenet5",
                Instant.parse("2026-11-27T20:00:00Z"));
    }

    /** Map.copyOf iterates in an order that changes from one JVM to the next: the written maps must not. */
    @Test
    void writesACardsMapsSortedByKey(@TempDir Path folder) throws IOException {
        List<String> keys = List.of("targetSparsity", "rounds", "keepDense", "retraining", "domain", "seed");
        Map<String, Object> parameters = new LinkedHashMap<>();
        keys.forEach(key -> parameters.put(key, 1));
        Map<String, Double> families = new LinkedHashMap<>();
        List.of("weather", "noise", "digital", "blur").forEach(family -> families.put(family, 0.8));
        new ZooManifest(List.of(entry("lenet5-standard", 0.9)), List.of(card(parameters, families))).write(folder);
        String manifest = Files.readString(folder.resolve(ZooManifest.FILE_NAME));
        String written = manifest.substring(manifest.indexOf("\"cards\""));
        for (List<String> names : List.of(keys, List.copyOf(families.keySet()))) {
            List<Integer> positions = names.stream().sorted().map(name -> written.indexOf("\"" + name + "\"")).toList();
            assertEquals(positions.stream().sorted().toList(), positions, written);
        }
    }

    @Test
    void anAbsentManifestIsAnEmptyZoo(@TempDir Path folder) {
        assertEquals(List.of(), ZooManifest.read(folder).models());
    }

    @Test
    void rejectsBadManifestsAndEntries(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve(ZooManifest.FILE_NAME), "{\"models\": [{\"name\": 3}]}");
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class, () -> ZooManifest.read(folder));
        assertTrue(invalid.getMessage().contains("manifest.json"), invalid.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ZooManifest(List.of(entry("a", 0.5), entry("a", 0.6))));
        assertThrows(IllegalArgumentException.class, () -> entry("Bad Name", 0.5));
        assertThrows(IllegalArgumentException.class, () -> entry("ok", 1.5));
        assertThrows(IllegalArgumentException.class, () -> new ZooEntry("x", "../x.onnx", "{}", "d", "standard", 1, 1, 0.1, 0,
                0.5, null, 0, 0, 1, "b".repeat(64), 1, "c", Instant.now()));
    }
}
