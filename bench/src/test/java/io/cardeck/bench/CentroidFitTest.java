package io.cardeck.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CentroidFitTest {

    @TempDir
    Path dir;

    @Test
    void fitsAModelOfTheDatasetsShapeThatPredictsItsOwnTrainingImages() throws Exception {
        Path data = dir.resolve("cifar");
        // 10 training images, one per class (labels 1, 4, 7, 0, 3, 6, 9, 2, 5, 8): each image is its class mean
        FashionCifar10.write(GrayImages.of("train", 10), 10, GrayImages.of("test", 1), 1, data);
        Path model = dir.resolve("models/m.onnx");
        StringWriter out = new StringWriter();

        int status = Bench.commandLine().setOut(new PrintWriter(out))
                .execute("fit-centroid", "--dataset", data.toString(), "--out", model.toString());

        assertEquals(0, status);
        assertTrue(out.toString().contains("nearest-centroid of 10 images of cifar/train (3x32x32), 10 classes"), out.toString());
        try (ModelSession session = InferenceSessions.open(OnnxModel.load(model), SessionOptionsSpec.cpu())) {
            assertArrayEquals(new long[] {3, 32, 32}, session.sampleShape());
            float[] images = PaddedRgb.of(GrayImages.of("train", 10), 10).images(0, 10);
            var logits = session.run(images, 10);
            for (int i = 0; i < 10; i++) {
                assertEquals((3 * i + 1) % 10, logits.argmax(i), "training image " + i);
            }
        }
    }

    @Test
    void rejectsAnOutputThatIsADirectory() throws Exception {
        Path data = dir.resolve("cifar");
        FashionCifar10.write(GrayImages.of("train", 10), 10, GrayImages.of("test", 1), 1, data);
        Path taken = Files.createDirectories(dir.resolve("taken"));
        StringWriter err = new StringWriter();

        int status = Bench.commandLine().setErr(new PrintWriter(err))
                .execute("fit-centroid", "--dataset", data.toString(), "--out", taken.toString());

        assertEquals(1, status);
        assertTrue(err.toString().contains("is a directory; --out needs a model file name"), err.toString());
    }

    @Test
    void rejectsASplitTheDatasetLacks() {
        StringWriter err = new StringWriter();

        int status = Bench.commandLine().setErr(new PrintWriter(err))
                .execute("fit-centroid", "--dataset", "fashion-mnist", "--split", "validation", "--out", dir.resolve("m.onnx").toString());

        assertEquals(1, status);
        assertTrue(err.toString().contains("has no split 'validation'"), err.toString());
    }
}
