package io.cardeck.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageDataset;
import io.cardeck.trainer.graph.Parameter;
import io.cardeck.trainer.graph.TorchModel;
import io.cardeck.trainer.optim.AdamConfig;
import io.cardeck.trainer.optim.OptimizerConfig;
import io.cardeck.trainer.optim.OptimizerState;
import io.cardeck.trainer.optim.SgdConfig;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Masked weights stay exactly zero through training; the dense gradient stays readable; frozen weights stay. */
class MaskTest {

    @Test
    void frozenParametersAreNotUpdated() {
        ImageDataset train = TestNets.fashionMnist("train");
        try (TorchModel model = TorchModel.compile(TestNets.residualNet());
             Trainer trainer = new Trainer(model, new SgdConfig(0.9, false, 0.1), ClassificationLoss.crossEntropy())) {
            Parameter frozen = model.parameter("conv1.weight");
            frozen.setTrainable(false);
            float[] before = frozen.values();
            float[] other = model.parameter("conv2.weight").values();
            for (int step = 0; step < 3; step++) {
                trainer.step(Batch.of(train.images(step * 16, 16), train.labels(step * 16, 16)), 0.05, step);
            }
            assertArrayEquals(before, frozen.values());
            assertFalse(Arrays.equals(other,
                    model.parameter("conv2.weight").values()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam"})
    void maskedWeightsStayExactlyZeroWithMomentumAndWeightDecay(String kind) {
        OptimizerConfig config = kind.equals("sgd") ? new SgdConfig(0.9, true, 5e-3) : new AdamConfig(0.9, 0.999, 1e-8, 5e-3);
        ImageDataset train = TestNets.fashionMnist("train");
        try (TorchModel model = TorchModel.compile(TestNets.residualNet());
             Trainer trainer = new Trainer(model, config, ClassificationLoss.crossEntropy())) {
            String[] masked = {"conv2.weight", "fc.weight"};
            float[][] masks = new float[masked.length][];
            float[][] before = new float[masked.length][];
            Random random = new Random(3);
            for (int p = 0; p < masked.length; p++) {
                Parameter parameter = model.parameter(masked[p]);
                masks[p] = new float[parameter.size()];
                for (int i = 0; i < masks[p].length; i++) {
                    masks[p][i] = random.nextBoolean() ? 1 : 0;
                }
                before[p] = parameter.values();
            }
            // Train a step dense so that the optimiser's buffers are non-zero everywhere, then mask.
            trainer.step(Batch.of(train.images(0, 16), train.labels(0, 16)), 0.05, 0);
            for (int p = 0; p < masked.length; p++) {
                model.parameter(masked[p]).setMask(masks[p]);
            }
            for (int step = 1; step < 5; step++) {
                trainer.step(Batch.of(train.images(step * 16, 16), train.labels(step * 16, 16)), 0.05, step);
            }
            OptimizerState state = trainer.optimizer().state();
            for (int p = 0; p < masked.length; p++) {
                Parameter parameter = model.parameter(masked[p]);
                float[] values = parameter.values();
                float[] gradient = parameter.gradient();
                int changedKept = 0;
                double prunedGradient = 0;
                for (int i = 0; i < values.length; i++) {
                    if (masks[p][i] == 0) {
                        assertEquals(0, Float.floatToRawIntBits(values[i]), masked[p] + " element " + i + " is " + values[i]);
                        prunedGradient += Math.abs(gradient[i]);
                        String suffix = "/" + masked[p];
                        for (var buffer : state.buffers().entrySet()) {
                            if (buffer.getKey().endsWith(suffix)) {
                                assertEquals(0f, buffer.getValue()[i], buffer.getKey() + " element " + i);
                            }
                        }
                    } else if (values[i] != before[p][i]) {
                        changedKept++;
                    }
                }
                assertTrue(changedKept > values.length / 4, masked[p] + ": kept weights must train, " + changedKept);
                assertTrue(prunedGradient > 0, masked[p] + ": pruned weights have a dense gradient to read");
            }
        }
    }
}
