package io.cardeck.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.trainer.graph.TorchModel;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The trainer (PyTorch through DJL) and ONNX Runtime compute the same logits for every zoo architecture. */
class TrainerAgreementTest {

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "resnet20", "vgg-small"})
    void trainerForwardEqualsOnnxRuntime(String architecture) {
        OnnxModel model = Architectures.byName(architecture).build(ArchitectureSpec.fashionMnist(architecture, 1, 7),
                "fashion-mnist", io.cardeck.data.ClassNames.FASHION_MNIST);
        int batch = 4;
        float[] images = new float[batch * 28 * 28];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextDouble();
        }
        float[] expected;
        try (ModelSession session = InferenceSessions.open(model, SessionOptionsSpec.cpu())) {
            expected = session.run(images, batch).values();
        }
        float[] actual;
        try (TorchModel torch = TorchModel.compile(model)) {
            actual = torch.predict(images, batch);
        }
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4, architecture + " logit " + i);
        }
    }
}
