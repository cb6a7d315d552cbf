package io.cardeck.pruning.l1filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.PruningResult;
import io.cardeck.trainer.graph.TorchModel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A structurally pruned model is still a model of the platform: ONNX Runtime and the trainer (which
 * fine-tunes it afterwards) both run it, and agree, on real Fashion-MNIST test images.
 */
class PrunedModelOnTrainerTest {

    @ParameterizedTest
    @ValueSource(strings = {"lenet5-standard", "resnet20-standard"})
    void onnxRuntimeAndTheTrainerRunTheSmallerModelAlike(String name) throws Exception {
        OnnxModel model = OnnxModel.load(Path.of("..", "..", "models", name + ".onnx"));
        PruningResult pruned = PruningMethods.run(model, "l1-filter", Map.of("ratio", 0.5), PruningContext.now());
        assertTrue(pruned.after().parameters() < pruned.before().parameters() / 2, "half the channels: about a quarter of"
                + " the weights stay");
        int batch = 16;
        float[] images = DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("test").images(0, batch);
        float[] expected;
        try (ModelSession session = InferenceSessions.open(pruned.model(), SessionOptionsSpec.cpu())) {
            expected = session.run(images, batch).values();
        }
        float[] actual;
        try (TorchModel torch = TorchModel.compile(pruned.model())) {
            actual = torch.predict(images, batch);
        }
        assertEquals(batch * 10, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4, name + " logit " + i);
        }
    }
}
