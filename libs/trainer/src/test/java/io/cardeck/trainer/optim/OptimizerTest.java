package io.cardeck.trainer.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.trainer.engine.Autograd;
import io.cardeck.trainer.engine.GradMode;
import io.cardeck.trainer.engine.StepScope;
import io.cardeck.trainer.graph.Parameter;
import io.cardeck.trainer.graph.TorchModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The optimisers on L = 0.5 * sum(w^2) with w0 = [1, -2], whose gradient is w itself, against the
 * torch.optim update rules written out by hand.
 */
class OptimizerTest {

    private static final float[] W0 = {1, -2};

    /** y = x * w * w with x = [1, 1], so d(0.5 sum y)/dw = w. */
    private static OnnxModel quadratic() {
        return GraphBuilder.named("quadratic").input("x", 1, 2)
                .initializer("w", new long[] {2}, W0.clone())
                .node("a", "Mul", List.of("x", "w"), "xw")
                .node("b", "Mul", List.of("xw", "w"), "y")
                .output("y").build();
    }

    /** Runs {@code steps} updates and returns w after each. */
    private static float[][] run(OptimizerConfig config, double learningRate, int steps) {
        try (TorchModel model = TorchModel.compile(quadratic()); Optimizer optimizer = config.create(model.parameters())) {
            float[][] trajectory = new float[steps][];
            for (int s = 0; s < steps; s++) {
                step(model, optimizer, learningRate);
                trajectory[s] = model.parameter("w").values();
            }
            return trajectory;
        }
    }

    private static void step(TorchModel model, Optimizer optimizer, double learningRate) {
        try (StepScope scope = model.openScope()) {
            try (GradMode on = GradMode.enabled()) {
                Autograd.zeroGradient(model.parameter("w").array());
                NDArray y = model.forward(scope, model.createInput(scope, new float[] {1, 1}, 1), true, 0);
                Autograd.backward(y.sum().mul(0.5));
            }
            optimizer.update(scope, learningRate);
        }
    }

    private static void assertScaled(double[] factors, float[][] trajectory) {
        for (int s = 0; s < factors.length; s++) {
            for (int i = 0; i < W0.length; i++) {
                assertEquals(factors[s] * W0[i], trajectory[s][i], 1e-6, "step " + (s + 1) + " element " + i);
            }
        }
    }

    @Test
    void plainSgd() {
        // w <- w - 0.1 w
        assertScaled(new double[] {0.9, 0.81, 0.729}, run(SgdConfig.plain(), 0.1, 3));
    }

    @Test
    void sgdWithMomentumAndCoupledWeightDecay() {
        // g = 1.1 w; buf = 0.9 buf + g; w -= 0.1 buf:
        // w1 = w0 - 0.11 w0 = 0.89; buf2 = 0.99 + 0.979 = 1.969, w2 = 0.89 - 0.1969 = 0.6931;
        // buf3 = 1.7721 + 0.76241 = 2.53451, w3 = 0.6931 - 0.253451 = 0.439649 (times w0).
        assertScaled(new double[] {0.89, 0.6931, 0.439649}, run(new SgdConfig(0.9, false, 0.1), 0.1, 3));
    }

    @Test
    void sgdWithNesterovMomentum() {
        // buf = 0.9 buf + g; w -= 0.1 (g + 0.9 buf):
        // w1 = 1 - 0.1 * 1.9 = 0.81; buf2 = 1.71, w2 = 0.81 - 0.1 (0.81 + 1.539) = 0.5751;
        // buf3 = 2.1141, w3 = 0.5751 - 0.1 (0.5751 + 1.90269) = 0.327321.
        assertScaled(new double[] {0.81, 0.5751, 0.327321}, run(new SgdConfig(0.9, true, 0), 0.1, 3));
    }

    @Test
    void adamFirstStepMovesEveryWeightByTheLearningRateTowardsZero() {
        float[][] trajectory = run(AdamConfig.defaults(), 0.1, 1);
        assertArrayEquals(new float[] {0.9f, -1.9f}, trajectory[0], 1e-6f);
    }

    @Test
    void adamWithWeightDecayFollowsTorchFormulas() {
        double lr = 0.05;
        double b1 = 0.8;
        double b2 = 0.99;
        double eps = 1e-3;
        double decay = 0.2;
        float[][] trajectory = run(new AdamConfig(b1, b2, eps, decay), lr, 3);
        for (int i = 0; i < W0.length; i++) {
            double w = W0[i];
            double m = 0;
            double v = 0;
            for (int t = 1; t <= 3; t++) {
                double g = w + decay * w;
                m = b1 * m + (1 - b1) * g;
                v = b2 * v + (1 - b2) * g * g;
                double denominator = Math.sqrt(v) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                w -= lr / (1 - Math.pow(b1, t)) * m / denominator;
                assertEquals(w, trajectory[t - 1][i], 1e-6, "step " + t + " element " + i);
            }
        }
    }

    @Test
    void stateRoundTripsAndContinuesExactly() {
        OptimizerConfig config = new SgdConfig(0.9, true, 0.01);
        float[] uninterrupted = run(config, 0.1, 4)[3];
        try (TorchModel model = TorchModel.compile(quadratic())) {
            OptimizerState saved;
            float[] weights;
            try (Optimizer first = config.create(model.parameters())) {
                step(model, first, 0.1);
                step(model, first, 0.1);
                saved = first.state();
                weights = model.parameter("w").values();
            }
            assertEquals(2, saved.steps());
            assertEquals(List.of("momentum/w"), List.copyOf(saved.buffers().keySet()));
            model.parameter("w").setValues(new float[] {7, 7});
            model.parameter("w").setValues(weights);
            try (Optimizer second = config.create(model.parameters())) {
                second.restore(saved);
                step(model, second, 0.1);
                step(model, second, 0.1);
                assertEquals(4, second.steps());
            }
            assertArrayEquals(uninterrupted, model.parameter("w").values());
        }
    }

    @Test
    void restoringAForeignStateIsRejected() {
        try (TorchModel model = TorchModel.compile(quadratic());
             Optimizer sgd = new SgdConfig(0.9, false, 0).create(model.parameters());
             Optimizer adam = AdamConfig.defaults().create(model.parameters())) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> sgd.restore(adam.state()));
            assertTrue(error.getMessage().contains("'adam'"), error.getMessage());
            OptimizerState wrongSize = new OptimizerState("sgd", 1, Map.of("momentum/w", new float[3]));
            error = assertThrows(IllegalArgumentException.class, () -> sgd.restore(wrongSize));
            assertTrue(error.getMessage().contains("momentum/w has 3 values"), error.getMessage());
            OptimizerState wrongKeys = new OptimizerState("sgd", 1, Map.of("momentum/v", new float[2]));
            assertThrows(IllegalArgumentException.class, () -> sgd.restore(wrongKeys));
        }
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new SgdConfig(1.0, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new SgdConfig(0, true, 0));
        assertThrows(IllegalArgumentException.class, () -> new SgdConfig(0.9, false, -1));
        assertThrows(IllegalArgumentException.class, () -> new AdamConfig(0.9, 1.0, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new AdamConfig(0.9, 0.999, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new AdamConfig(0.9, 0.999, 1e-8, Double.NaN));
        try (TorchModel model = TorchModel.compile(quadratic());
             Optimizer sgd = SgdConfig.plain().create(model.parameters());
             StepScope scope = model.openScope()) {
            assertThrows(IllegalArgumentException.class, () -> sgd.update(scope, -0.1));
        }
    }

    @Test
    void parametersOfTheOptimizerAreTheModels() {
        try (TorchModel model = TorchModel.compile(quadratic());
             Optimizer sgd = SgdConfig.plain().create(model.parameters())) {
            assertEquals(List.of("w"), sgd.parameters().stream().map(Parameter::name).toList());
        }
    }
}
