package io.cardeck.trainer.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.NodeAttribute;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.trainer.Checks;
import io.cardeck.trainer.engine.GradMode;
import io.cardeck.trainer.engine.StepScope;
import io.cardeck.trainer.graph.TorchModel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BatchNormalization and Dropout in training mode, against values computed by hand. */
class TrainingModeOpsTest {

    /** x [2, 2, 1, 2]: channel 0 holds 1, 2, 5, 6 and channel 1 holds 3, 4, 7, 8. */
    private static final float[] X = {1, 2, 3, 4, 5, 6, 7, 8};

    private static OnnxModel batchNorm() {
        return GraphBuilder.named("bn").input("x", 2, 2, 1, 2)
                .initializer("scale", new long[] {2}, new float[] {1, 2})
                .initializer("bias", new long[] {2}, new float[] {0, 1})
                .initializer("mean", new long[] {2}, new float[] {0, 0})
                .initializer("var", new long[] {2}, new float[] {1, 1})
                .node("bn", "BatchNormalization", List.of("x", "scale", "bias", "mean", "var"), "y",
                        NodeAttribute.ofFloat("momentum", 0.9f), NodeAttribute.ofFloat("epsilon", 1e-5f))
                .output("y").build();
    }

    @Test
    void batchNormalizationTrainsOnBatchStatisticsAndUpdatesRunningStatistics() {
        try (TorchModel model = TorchModel.compile(batchNorm());
             StepScope scope = model.openScope();
             GradMode off = GradMode.disabled()) {
            NDArray y = model.forward(scope, scope.manager().create(X, new Shape(2, 2, 1, 2)), true, 0);
            // Each channel: mean 3.5 / 5.5, biased variance ((2.5^2 + 1.5^2) * 2) / 4 = 4.25.
            double sd = Math.sqrt(4.25 + 1e-5);
            float[] expected = new float[8];
            for (int i = 0; i < 8; i++) {
                int channel = (i / 2) % 2;
                expected[i] = channel == 0 ? (float) ((X[i] - 3.5) / sd) : (float) (2 * (X[i] - 5.5) / sd + 1);
            }
            Checks.assertClose(expected, y.toFloatArray(), 1e-6, "training-mode output");
            // running = 0.9 * running + 0.1 * batch; the variance entering it is the unbiased 17/3.
            double unbiased = 17.0 / 3;
            assertArrayEquals(new float[] {0.35f, 0.55f}, model.stateValues("mean"), 1e-6f);
            assertArrayEquals(new float[] {(float) (0.9 + 0.1 * unbiased), (float) (0.9 + 0.1 * unbiased)},
                    model.stateValues("var"), 1e-6f);
            // The statistics are state, not parameters, and the write-back carries them.
            assertEquals(List.of("scale", "bias"), model.parameters().stream().map(p -> p.name()).toList());
            assertArrayEquals(model.stateValues("var"),
                    model.toOnnx().graph().floatInitializer("var").data(), 0f);
        }
    }

    @Test
    void batchNormalizationInferenceUsesRunningStatisticsAndChangesNothing() {
        try (TorchModel model = TorchModel.compile(batchNorm())) {
            float[] y = model.predict(X, 2);
            double sd = Math.sqrt(1 + 1e-5);
            for (int i = 0; i < 8; i++) {
                int channel = (i / 2) % 2;
                double expected = channel == 0 ? X[i] / sd : 2 * X[i] / sd + 1;
                assertEquals(expected, y[i], 1e-5);
            }
            assertArrayEquals(new float[] {0, 0}, model.stateValues("mean"));
        }
    }

    @Test
    void batchNormalizationTrainingGradientsMatchFiniteDifferences() {
        float[] input = Checks.uniform(2 * 3 * 4 * 4, 8, -1, 1);
        OnnxModel model = OpConformanceTest.op("BatchNormalization", new long[] {2, 3, 4, 4}, b -> {
            OpConformanceTest.init(b, "scale", 1, 3);
            OpConformanceTest.init(b, "bias", 2, 3);
            OpConformanceTest.init(b, "mean", 3, 3);
            OpConformanceTest.initRange(b, "var", 4, 0.5, 2, 3);
        }, List.of("x", "scale", "bias", "mean", "var")).model();
        Checks.assertGradientsMatchFiniteDifferences(model, input, new long[] {2, 3, 4, 4}, true, 16);
    }

    private static OnnxModel dropout(float ratio, boolean maskOutput) {
        GraphBuilder builder = GraphBuilder.named("dropout").input("x", 4, 1000)
                .initializer("ratio", new long[0], new float[] {ratio});
        if (maskOutput) {
            builder.node("drop", "Dropout", List.of("x", "ratio"), List.of("y", "mask")).output("y").output("mask");
        } else {
            builder.node("drop", "Dropout", List.of("x", "ratio"), "y").output("y");
        }
        return builder.build();
    }

    @Test
    void dropoutKeepsAboutOneMinusRatioScaledAndRepeatsForTheSameSeed() {
        float[] ones = new float[4000];
        Arrays.fill(ones, 1f);
        try (TorchModel model = TorchModel.compile(dropout(0.25f, false));
             StepScope scope = model.openScope();
             GradMode off = GradMode.disabled()) {
            NDArray x = scope.manager().create(ones, new Shape(4, 1000));
            float[] first = model.forward(scope, x, true, 42).toFloatArray();
            int zeros = 0;
            for (float value : first) {
                if (value == 0f) {
                    zeros++;
                } else {
                    assertEquals(1 / 0.75f, value, 1e-6f);
                }
            }
            // Binomial(4000, 0.25): mean 1000, sd ~27; 6 sd either way.
            assertTrue(zeros > 840 && zeros < 1160, "zeros: " + zeros);
            assertArrayEquals(first, model.forward(scope, x, true, 42).toFloatArray());
            assertFalse(Arrays.equals(first, model.forward(scope, x, true, 43).toFloatArray()));
            assertArrayEquals(ones, model.forward(scope, x, false, 42).toFloatArray());
        }
    }

    @Test
    void dropoutMaskOutputMarksTheKeptElements() {
        float[] input = Checks.uniform(4000, 9, 0.5, 1);
        try (TorchModel model = TorchModel.compile(dropout(0.5f, true));
             StepScope scope = model.openScope();
             GradMode off = GradMode.disabled()) {
            NDArray[] outputs = model.forward(scope, Map.of("x", scope.manager().create(input, new Shape(4, 1000))),
                    true, 1);
            float[] y = outputs[0].toFloatArray();
            boolean[] mask = outputs[1].toBooleanArray();
            for (int i = 0; i < y.length; i++) {
                assertEquals(mask[i], y[i] != 0f, "element " + i);
            }
        }
    }

    @Test
    void dropoutTrainingGradientsMatchFiniteDifferences() {
        OnnxModel model = OpConformanceTest.op("Dropout", new long[] {3, 5},
                b -> b.initializer("ratio", new long[0], new float[] {0.4f}), List.of("x", "ratio")).model();
        Checks.assertGradientsMatchFiniteDifferences(model, Checks.uniform(15, 3, -1, 1), new long[] {3, 5}, true, 15);
    }
}
