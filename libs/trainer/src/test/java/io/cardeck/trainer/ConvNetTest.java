package io.cardeck.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.trainer.graph.TorchModel;
import io.cardeck.trainer.optim.SgdConfig;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A small residual conv net (BatchNormalization, residual Add, max and average pooling, Gemm):
 * the trainer and ONNX Runtime agree before training, and again on the written-back model after
 * training, running statistics included.
 */
class ConvNetTest {

    @Test
    void trainerAndOnnxRuntimeAgreeBeforeAndAfterTraining() {
        OnnxModel model = TestNets.residualNet();
        ImageDataset train = TestNets.fashionMnist("train");
        float[] probe = TestNets.fashionMnist("test").images(0, 8);
        Checks.assertMatchesOnnxRuntime(model, probe, 8, 1e-4);
        try (TorchModel torch = TorchModel.compile(model);
             Trainer trainer = new Trainer(torch, new SgdConfig(0.9, false, 5e-4), ClassificationLoss.crossEntropy())) {
            for (int step = 0; step < 6; step++) {
                Batch batch = Batch.of(train.images(step * 16, 16), train.labels(step * 16, 16));
                assertTrue(Double.isFinite(trainer.step(batch, 0.05, step).loss()));
            }
            OnnxModel trained = torch.toOnnx();
            for (String statistic : new String[] {"bn1.mean", "bn1.var", "bn2.mean", "bn2.var"}) {
                float[] written = trained.graph().floatInitializer(statistic).data();
                assertArrayEquals(torch.stateValues(statistic), written, 0f, statistic);
                assertFalse(Arrays.equals(model.graph().floatInitializer(statistic).data(), written),
                        statistic + " must have moved during training");
            }
            assertFalse(Arrays.equals(model.graph().floatInitializer("conv2.weight").data(),
                    trained.graph().floatInitializer("conv2.weight").data()));
            Checks.assertClose(Checks.onnxRuntime(trained, probe, 8).data(), torch.predict(probe, 8), 1e-4,
                    "trained model: ONNX Runtime vs trainer");
        }
    }
}
