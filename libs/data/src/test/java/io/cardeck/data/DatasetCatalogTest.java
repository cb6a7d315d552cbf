package io.cardeck.data;

import static io.cardeck.data.DatasetAssertions.assertFormatProblem;
import static io.cardeck.data.DatasetFiles.dict;
import static io.cardeck.data.DatasetFiles.gzip;
import static io.cardeck.data.DatasetFiles.idx;
import static io.cardeck.data.DatasetFiles.npy;
import static io.cardeck.data.DatasetFiles.uint8;
import static io.cardeck.data.DatasetFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.data.suite.SuiteManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCatalogTest {

    @TempDir
    Path root;

    private static final DatasetCatalog NO_ENVIRONMENT = new DatasetCatalog(Map.of());

    /** IDX files with 4 training images (labels 1, 1, 3, 0) and 2 test images (labels 9, 2). */
    private Path idxDirectory(String name, boolean compressed) throws Exception {
        Path dir = Files.createDirectories(root.resolve(name));
        String gz = compressed ? ".gz" : "";
        writeIdx(dir.resolve("train-images-idx3-ubyte" + gz), idx(0x803, new int[] {4, 2, 2}, new byte[16]), compressed);
        writeIdx(dir.resolve("train-labels-idx1-ubyte" + gz), idx(0x801, new int[] {4}, uint8(1, 1, 3, 0)), compressed);
        writeIdx(dir.resolve("t10k-images-idx3-ubyte" + gz), idx(0x803, new int[] {2, 2, 2}, new byte[8]), compressed);
        writeIdx(dir.resolve("t10k-labels-idx1-ubyte" + gz), idx(0x801, new int[] {2}, uint8(9, 2)), compressed);
        return dir;
    }

    private static void writeIdx(Path file, byte[] raw, boolean compressed) {
        write(file, compressed ? gzip(raw) : raw);
    }

    private Path cifarDirectory() throws Exception {
        Path dir = Files.createDirectories(root.resolve("cifar-10-batches-bin"));
        byte[] record = new byte[3073];
        record[0] = 7;
        write(dir.resolve("test_batch.bin"), record);
        return dir;
    }

    private Path suiteDirectory() throws Exception {
        Path dir = Files.createDirectories(root.resolve("CIFAR-10-C"));
        write(dir.resolve("fog.npy"), npy(1, dict("|u1", "(5, 2, 2, 3)"), new byte[60]));
        write(dir.resolve("labels.npy"), npy(1, dict("|u1", "(5,)"), uint8(4, 4, 4, 4, 4)));
        return dir;
    }

    @Test
    void namedFashionMnistReadsItsVariable() throws Exception {
        Path dir = idxDirectory("anywhere", true);
        DatasetCatalog catalog = new DatasetCatalog(Map.of("CARDECK_FASHION_MNIST_DIR", dir.toString()));

        DatasetSource source = catalog.source("fashion-mnist");

        assertEquals("fashion-mnist", source.name());
        assertEquals(DatasetKind.IDX, source.kind());
        assertEquals(dir, source.directory());
        assertEquals(List.of("train", "test"), List.copyOf(source.splits().keySet()));
        assertEquals(ClassNames.FASHION_MNIST, source.split("test").classNames());
        assertEquals("fashion-mnist/test", source.split("test").name());
        assertEquals(9, source.split("test").label(0));
    }

    @Test
    void namedMnistHasDigitNames() throws Exception {
        Path dir = idxDirectory("m", false);
        DatasetSource source = new DatasetCatalog(Map.of("CARDECK_MNIST_DIR", dir.toString())).source("mnist");

        assertEquals(ClassNames.DIGITS, source.split("train").classNames());
        assertEquals(4, source.split("train").size());
    }

    @Test
    void idxDirectoriesGetNamesFromTheirDirectoryName() throws Exception {
        DatasetSource fashion = NO_ENVIRONMENT.source(idxDirectory("My-Fashion-Copy", true).toString());
        DatasetSource digits = NO_ENVIRONMENT.source(idxDirectory("digits", false).toString());

        assertEquals("My-Fashion-Copy", fashion.name());
        assertEquals(ClassNames.FASHION_MNIST, fashion.split("train").classNames());
        assertEquals(ClassNames.DIGITS, digits.split("train").classNames());
    }

    @Test
    void recognisesCifarBatchesByDirectoryAndByName() throws Exception {
        Path dir = cifarDirectory();

        DatasetSource byDirectory = NO_ENVIRONMENT.source(dir.toString());
        DatasetSource byName = new DatasetCatalog(Map.of("CARDECK_CIFAR10_DIR", dir.toString())).source("cifar10");

        assertEquals(DatasetKind.CIFAR10, byDirectory.kind());
        assertEquals(List.of("test"), List.copyOf(byDirectory.splits().keySet()));
        assertEquals("horse", byDirectory.split("test").classNames().get(byDirectory.split("test").label(0)));
        assertEquals("cifar10", byName.name());
        assertEquals("cifar10/test", byName.split("test").name());
    }

    @Test
    void recognisesCorruptionSuites() throws Exception {
        DatasetSource source = NO_ENVIRONMENT.source(suiteDirectory().toString());

        assertEquals(DatasetKind.CORRUPTION_SUITE, source.kind());
        assertEquals("CIFAR-10-C", source.name());
        assertTrue(source.splits().isEmpty());
        assertEquals(List.of("fog"), source.suite().orElseThrow().corruptions());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> source.split("test"));
        assertTrue(e.getMessage().contains("corruption suite"), e.getMessage());
    }

    @Test
    void cifar10WithoutItsVariableSaysToSetIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NO_ENVIRONMENT.source("cifar10"));
        assertTrue(e.getMessage().contains("set CARDECK_CIFAR10_DIR"), e.getMessage());
    }

    @Test
    void unknownNamesListWhatIsAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NO_ENVIRONMENT.source(root.resolve("nothing-here").toString()));
        assertTrue(e.getMessage().contains("neither a dataset name nor an existing directory"), e.getMessage());
        assertTrue(e.getMessage().contains("fashion-mnist, mnist, cifar10"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte[.gz]"), e.getMessage());
        assertTrue(e.getMessage().contains("labels.npy"), e.getMessage());
    }

    @Test
    void missingDatasetDirectoriesSayHowToGetThem() {
        Path absent = root.resolve("absent");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DatasetCatalog(Map.of("CARDECK_FASHION_MNIST_DIR", absent.toString())).source("fashion-mnist"));
        assertTrue(e.getMessage().contains(absent + " does not exist (from CARDECK_FASHION_MNIST_DIR)"), e.getMessage());
        assertTrue(e.getMessage().contains("Debian package dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void rejectsDirectoriesWithoutADataset() throws Exception {
        Path empty = Files.createDirectories(root.resolve("empty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NO_ENVIRONMENT.source(empty.toString()));
        assertTrue(e.getMessage().contains("holds no dataset cardeck recognises"), e.getMessage());

        Path dir = idxDirectory("partial", true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertFormatProblem(dir.resolve("t10k-images-idx3-ubyte.gz"), "has no labels file t10k-labels-idx1-ubyte[.gz]",
                () -> NO_ENVIRONMENT.source(dir.toString()));
    }

    @Test
    void describesSplitsAsJson() throws Exception {
        Path dir = idxDirectory("fashion", false);

        JsonNode json = new ObjectMapper().valueToTree(NO_ENVIRONMENT.source(dir.toString()).describe());

        assertEquals("fashion", json.get("name").asText());
        assertEquals("IDX", json.get("kind").asText());
        assertEquals(dir.toString(), json.get("directory").asText());
        assertFalse(json.has("suite"));
        JsonNode train = json.get("splits").get(0);
        assertEquals("train", train.get("name").asText());
        assertEquals(4, train.get("count").asInt());
        assertEquals("[1,2,2]", train.get("shape").toString());
        assertEquals("T-shirt/top", train.get("classes").get(0).asText());
        assertEquals("[1,2,0,1,0,0,0,0,0,0]", train.get("classCounts").toString()); // labels 1, 1, 3, 0
        assertEquals("[0,0,1,0,0,0,0,0,0,1]", json.get("splits").get(1).get("classCounts").toString());
    }

    @Test
    void describesSuitesWithTheirManifest() throws Exception {
        Path dir = suiteDirectory();
        new SuiteManifest("d", "test", List.of("a", "b", "c", "d", "e"), new ImageShape(3, 2, 2), 1, 7L,
                List.of("fog"), "cardeck 0.1.0").write(dir);

        JsonNode json = new ObjectMapper().valueToTree(NO_ENVIRONMENT.source(dir.toString()).describe());

        assertEquals("CORRUPTION_SUITE", json.get("kind").asText());
        assertEquals(0, json.get("splits").size());
        JsonNode suite = json.get("suite");
        assertEquals("[\"fog\"]", suite.get("corruptions").toString());
        assertEquals(1, suite.get("imagesPerSeverity").asInt());
        assertEquals("[3,2,2]", suite.get("shape").toString());
        assertEquals("[0,0,0,0,1]", suite.get("classCounts").toString());
        assertEquals(7, suite.get("manifest").get("seed").asLong());
        assertEquals("cardeck-suite/1", suite.get("manifest").get("format").asText());
    }
}
