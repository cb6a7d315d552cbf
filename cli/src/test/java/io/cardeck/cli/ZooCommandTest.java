package io.cardeck.cli;

import static io.cardeck.cli.CardeckCommandTest.cardeck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.zoo.ZooEntry;
import io.cardeck.zoo.ZooManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `cardeck zoo` on real Fashion-MNIST with the real trainer: a short run, recorded and verified. */
class ZooCommandTest {

    @Test
    void trainsRecordsAndVerifiesAModel(@TempDir Path work) throws IOException {
        Path models = work.resolve("models");
        CardeckCommandTest.Run train = cardeck("zoo", "train", "--arch", "lenet5", "--epochs", "1", "--limit", "4096", "--lr", "0.1",
                "--seed", "5", "--out", work.resolve("lenet.onnx").toString(), "--name", "lenet5-tiny",
                "--models", models.toString(), "--suite-images", "20", "--json");
        assertEquals(0, train.status(), train.err());
        JsonNode report = train.json();
        assertEquals(1, report.get("epochs").size());
        OnnxModel trained = OnnxModel.load(work.resolve("lenet.onnx"));
        assertEquals(trained.sha256(), report.get("sha256").asText());
        assertTrue(Files.isDirectory(work.resolve("lenet.onnx.checkpoints")), "checkpoints next to the model by default");

        ZooEntry entry = ZooManifest.read(models).entry("lenet5-tiny").orElseThrow();
        assertEquals(trained.sha256(), entry.sha256());
        assertEquals(trained.sha256(), OnnxModel.load(models.resolve(entry.file())).sha256());
        assertTrue(entry.testAccuracy() > 0.2, "32 steps of LeNet-5 are well above chance (0.1): " + entry.testAccuracy());
        assertTrue(entry.command().startsWith("./cardeck zoo train --arch lenet5"), entry.command());

        CardeckCommandTest.Run verify = cardeck("zoo", "verify", "--models", models.toString());
        assertEquals(0, verify.status(), verify.err());
        assertTrue(verify.out().contains("lenet5-tiny") && verify.out().contains("ok"), verify.out());

        Files.write(models.resolve(entry.file()), OnnxModel.load(work.resolve("lenet.onnx")).edit()
                .metadata(trained.metadata().withProperty("tampered", "yes")).build().toBytes());
        CardeckCommandTest.Run tampered = cardeck("zoo", "verify", "--models", models.toString());
        assertEquals(1, tampered.status());
        assertTrue(tampered.out().contains("DIFFERS"), tampered.out());
    }

    @Test
    void badTrainingArgumentsSayWhatIsAccepted(@TempDir Path work) {
        String out = work.resolve("m.onnx").toString();
        CardeckCommandTest.Run arch = cardeck("zoo", "train", "--arch", "alexnet", "--epochs", "1", "--out", out);
        assertEquals(1, arch.status());
        assertTrue(arch.err().contains("lenet5, resnet20, vgg-small"), arch.err());
        CardeckCommandTest.Run augment = cardeck("zoo", "train", "--arch", "lenet5", "--augment", "mixup", "--epochs", "1", "--out", out);
        assertEquals(1, augment.status());
        assertTrue(augment.err().contains("augmix"), augment.err());
        CardeckCommandTest.Run epochs = cardeck("zoo", "train", "--arch", "lenet5", "--epochs", "0", "--out", out);
        assertEquals(1, epochs.status());
        assertTrue(epochs.err().contains("--epochs"), epochs.err());
        CardeckCommandTest.Run jsd = cardeck("zoo", "train", "--arch", "lenet5", "--jsd", "--epochs", "1", "--out", out);
        assertEquals(1, jsd.status());
        assertTrue(jsd.err().contains("--jsd needs --augment augmix"), jsd.err());
        CardeckCommandTest.Run width = cardeck("zoo", "train", "--arch", "lenet5", "--width", "2", "--epochs", "1", "--out", out);
        assertEquals(1, width.status());
        assertTrue(width.err().contains("width"), width.err());
    }

    @Test
    void printsTheModelCardOfAZooModelOrCardAndRefusesAnUnknownName() {
        CardeckCommandTest.Run card = cardeck("zoo", "model-card", "lenet5-standard-lrr90", "--models", "../models");
        assertEquals(0, card.status(), card.err());
        assertTrue(card.out().startsWith("# Model card: lenet5-standard-lrr90"), card.out());
        assertTrue(card.out().contains("- **Method**: `lrr`"), card.out());
        CardeckCommandTest.Run unknown = cardeck("zoo", "model-card", "vgg16", "--models", "../models");
        assertEquals(1, unknown.status());
        assertTrue(unknown.err().contains("the zoo manifest has no model 'vgg16'; it has: "), unknown.err());
    }
}
