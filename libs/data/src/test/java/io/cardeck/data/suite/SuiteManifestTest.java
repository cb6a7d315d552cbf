package io.cardeck.data.suite;

import static io.cardeck.data.DatasetAssertions.assertFormatProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.data.ClassNames;
import io.cardeck.data.DatasetFiles;
import io.cardeck.data.ImageShape;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteManifestTest {

    @TempDir
    Path dir;

    private static SuiteManifest fashion() {
        return new SuiteManifest("fashion-mnist", "test", ClassNames.FASHION_MNIST, new ImageShape(1, 28, 28), 10000,
                20240607L, List.of("gaussian_noise", "shot_noise"), "cardeck 0.1.0");
    }

    @Test
    void writesTheDocumentedJsonAndReadsItBack() throws Exception {
        fashion().write(dir);

        JsonNode json = new ObjectMapper().readTree(dir.resolve("suite.json").toFile());
        assertEquals("cardeck-suite/1", json.get("format").asText());
        assertEquals("fashion-mnist", json.get("dataset").asText());
        assertEquals("test", json.get("split").asText());
        assertEquals("Ankle boot", json.get("classNames").get(9).asText());
        assertEquals("[1,28,28]", json.get("shape").toString());
        assertEquals(10000, json.get("imagesPerSeverity").asInt());
        assertEquals(20240607L, json.get("seed").asLong());
        assertEquals("[\"gaussian_noise\",\"shot_noise\"]", json.get("corruptions").toString());
        assertEquals("cardeck 0.1.0", json.get("generator").asText());
        assertEquals(9, json.size());

        assertEquals(fashion(), SuiteManifest.read(dir));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("suite.json")), files.toList()); // no temporary file left
        }
    }

    @Test
    void rejectsInvalidManifests() {
        Path file = dir.resolve("suite.json");
        DatasetFiles.write(file, "{\"format\": \"cardeck-suite/1\"".getBytes(StandardCharsets.UTF_8));
        assertFormatProblem(file, "invalid suite manifest", () -> SuiteManifest.read(dir));

        String other = "{\"format\":\"cardeck-suite/9\",\"dataset\":\"d\",\"split\":\"test\",\"classNames\":[\"a\"],"
                + "\"shape\":[1,2,2],\"imagesPerSeverity\":1,\"seed\":1,\"corruptions\":[\"fog\"],\"generator\":\"g\"}";
        DatasetFiles.write(file, other.getBytes(StandardCharsets.UTF_8));
        assertFormatProblem(file, "format is cardeck-suite/9; expected cardeck-suite/1", () -> SuiteManifest.read(dir));

        String noSeed = other.replace("cardeck-suite/9", "cardeck-suite/1").replace("\"seed\":1,", "");
        DatasetFiles.write(file, noSeed.getBytes(StandardCharsets.UTF_8));
        assertFormatProblem(file, "seed", () -> SuiteManifest.read(dir));

        String badShape = other.replace("cardeck-suite/9", "cardeck-suite/1").replace("[1,2,2]", "[2,2,2]");
        DatasetFiles.write(file, badShape.getBytes(StandardCharsets.UTF_8));
        assertFormatProblem(file, "channels must be 1 (gray) or 3 (RGB), got 2", () -> SuiteManifest.read(dir));
    }

    @Test
    void rejectsMissingManifest() {
        assertFormatProblem(dir.resolve("suite.json"), "file not found", () -> SuiteManifest.read(dir));
    }

    @Test
    void validatesOnConstruction() {
        assertThrows(IllegalArgumentException.class, () -> new SuiteManifest("d", "test", List.of(),
                new ImageShape(1, 2, 2), 1, 1L, List.of("fog"), "g"));
        assertThrows(IllegalArgumentException.class, () -> new SuiteManifest("d", "test", List.of("a"),
                new ImageShape(1, 2, 2), 1, 1L, List.of("fog", "fog"), "g"));
        assertThrows(IllegalArgumentException.class, () -> new SuiteManifest("d", "test", List.of("a"),
                new ImageShape(1, 2, 2), 0, 1L, List.of("fog"), "g"));
    }
}
