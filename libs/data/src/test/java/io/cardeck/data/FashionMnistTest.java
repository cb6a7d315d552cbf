package io.cardeck.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The real Fashion-MNIST installed by the Debian package dataset-fashion-mnist. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FashionMnistTest {

    private static final Path INSTALLED = Path.of("/usr/share/datasets/fashion-mnist");

    private DatasetSource source;

    @BeforeAll
    void open() {
        // No environment: the installed default directory, whatever the machine's variables say.
        source = new DatasetCatalog(Map.of()).source("fashion-mnist");
    }

    @Test
    void hasTheKnownSizesAndClasses() {
        ImageDataset train = source.split("train");
        ImageDataset test = source.split("test");

        assertEquals(60000, train.size());
        assertEquals(10000, test.size());
        assertEquals(new ImageShape(1, 28, 28), train.shape());
        assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"), test.classNames());
        assertEquals(9, test.label(0));
        assertEquals("Ankle boot", test.classNames().get(test.label(0)));
    }

    @Test
    void isBalanced() {
        DatasetDescription description = source.describe();

        assertEquals(List.of(6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000),
                description.splits().get(0).classCounts());
        assertEquals(List.of(1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000),
                description.splits().get(1).classCounts());
    }

    @Test
    void pixelsAreInTheUnitIntervalAndNotAllDark() {
        ImageDataset test = source.split("test");
        float[] all = test.images(0, test.size());
        float max = 0;
        for (float value : all) {
            assertTrue(value >= 0f && value <= 1f, "value " + value);
            max = Math.max(max, value);
        }
        assertEquals(1f, max);
    }

    @Test
    void firstTestImageMatchesANaiveReadOfTheFile(@TempDir Path dir) throws Exception {
        byte[] expected = new byte[784];
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(
                Files.newInputStream(INSTALLED.resolve("t10k-images-idx3-ubyte.gz"))))) {
            assertEquals(0x803, in.readInt());
            assertEquals(10000, in.readInt());
            assertEquals(28, in.readInt());
            assertEquals(28, in.readInt());
            in.readFully(expected);
        }
        float[] expectedImage = new float[784];
        for (int i = 0; i < 784; i++) {
            expectedImage[i] = (expected[i] & 0xFF) / 255f;
        }
        assertArrayEquals(expectedImage, source.split("test").image(0));

        // The same data uncompressed is memory-mapped instead of inflated: same images.
        for (String name : List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(INSTALLED.resolve(name + ".gz")))) {
                Files.copy(in, dir.resolve(name));
            }
        }
        ImageDataset raw = new DatasetCatalog(Map.of("CARDECK_FASHION_MNIST_DIR", dir.toString()))
                .source("fashion-mnist").split("test");
        ImageDataset gz = source.split("test");
        assertArrayEquals(gz.images(9990, 10), raw.images(9990, 10));
        assertArrayEquals(gz.labels(0, 10000), raw.labels(0, 10000));
    }
}
