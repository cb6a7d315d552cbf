package io.cardeck.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.OutputTensor;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.trainer.engine.Autograd;
import io.cardeck.trainer.engine.GradMode;
import io.cardeck.trainer.engine.Precision;
import io.cardeck.trainer.engine.StepScope;
import io.cardeck.trainer.graph.Parameter;
import io.cardeck.trainer.graph.TorchModel;
import io.cardeck.trainer.ops.OpRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Independent references for the trainer: ONNX Runtime for forward passes, central finite differences for gradients. */
public final class Checks {

    private Checks() {
    }

    /** Deterministic values in [low, high). */
    public static float[] uniform(int count, long seed, double low, double high) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (low + (high - low) * random.nextDouble());
        }
        return values;
    }

    public static int count(long... dims) {
        long count = 1;
        for (long dim : dims) {
            count *= dim;
        }
        return Math.toIntExact(count);
    }

    /** The model's first output from ONNX Runtime (CPU, no graph optimisation). */
    public static OutputTensor onnxRuntime(OnnxModel model, float[] input, int batch) {
        SessionOptionsSpec spec = SessionOptionsSpec.cpu().withOptimization(SessionOptionsSpec.Optimization.NONE);
        try (ModelSession session = InferenceSessions.open(model, spec)) {
            String output = session.outputNames().get(0);
            return session.runAll(input, batch, List.of(output)).get(output);
        }
    }

    /** Asserts the trainer's inference output equals ONNX Runtime's within {@code tolerance}, shape included. */
    public static double assertMatchesOnnxRuntime(OnnxModel model, float[] input, int batch, double tolerance) {
        OutputTensor expected = onnxRuntime(model, input, batch);
        try (TorchModel torch = TorchModel.compile(model);
             StepScope scope = torch.openScope();
             GradMode off = GradMode.disabled()) {
            NDArray output = torch.forward(scope, torch.createInput(scope, input, batch), false, 0);
            assertArrayEquals(expected.shape(), output.getShape().getShape(), "output shape");
            return assertClose(expected.data(), output.toFloatArray(), tolerance, "trainer vs ONNX Runtime");
        }
    }

    /** Asserts element-wise |expected - actual| <= tolerance and returns the largest difference. */
    public static double assertClose(float[] expected, float[] actual, double tolerance, String what) {
        assertTrue(expected.length == actual.length, what + ": " + expected.length + " vs " + actual.length + " values");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double difference = Math.abs(expected[i] - actual[i]);
            if (!(difference <= worst)) {
                worst = difference;
                at = i;
            }
        }
        double max = worst;
        int index = at;
        assertTrue(max <= tolerance, () -> what + ": max |diff| " + max + " at " + index + " (expected "
                + expected[index] + ", got " + actual[index] + ") exceeds " + tolerance);
        return max;
    }

    /**
     * Compares autograd's gradients of L = sum(output * R) (R fixed random) with respect to the
     * input and every parameter against central finite differences, all in float64, at up to
     * {@code samples} positions per tensor.
     */
    public static void assertGradientsMatchFiniteDifferences(OnnxModel model, float[] input, long[] inputDims,
                                                             boolean training, int samples) {
        try (TorchModel torch = TorchModel.compile(model, OpRegistry.standard(), Precision.FLOAT64)) {
            double[] x = widen(input);
            double[] weights;
            List<double[]> analytic = new ArrayList<>();
            try (StepScope scope = torch.openScope(); GradMode on = GradMode.enabled()) {
                NDArray array = scope.manager().create(x, new Shape(inputDims));
                array.setRequiresGradient(true);
                NDArray output = torch.forward(scope, Map.of(torch.inputNames().get(0), array), training, 11)[0];
                weights = widen(uniform(Math.toIntExact(output.size()), 99, -1, 1));
                NDArray loss = output.mul(scope.manager().create(weights, output.getShape())).sum();
                Autograd.backward(loss);
                analytic.add(array.getGradient().toDoubleArray());
                for (Parameter parameter : torch.parameters()) {
                    analytic.add(parameter.array().getGradient().toDoubleArray());
                }
            }
            double step = 1e-6;
            Objective objective = values -> evaluate(torch, values, inputDims, training, weights);
            compare(analytic.get(0), x, objective, step, samples, "input");
            for (int p = 0; p < torch.parameters().size(); p++) {
                Parameter parameter = torch.parameters().get(p);
                double[] original = parameter.array().toDoubleArray();
                Objective byParameter = values -> {
                    set(parameter, values);
                    return evaluate(torch, x, inputDims, training, weights);
                };
                compare(analytic.get(p + 1), original, byParameter, step, samples, "parameter " + parameter.name());
                set(parameter, original);
            }
        }
    }

    private interface Objective {
        double at(double[] values);
    }

    private static void compare(double[] analytic, double[] point, Objective objective, double step, int samples,
                                String what) {
        Random random = new Random(5);
        int checks = Math.min(samples, point.length);
        for (int k = 0; k < checks; k++) {
            int i = point.length <= samples ? k : random.nextInt(point.length);
            double original = point[i];
            point[i] = original + step;
            double plus = objective.at(point);
            point[i] = original - step;
            double minus = objective.at(point);
            point[i] = original;
            double numeric = (plus - minus) / (2 * step);
            double tolerance = 1e-6 * Math.max(1, Math.abs(numeric));
            assertTrue(Math.abs(analytic[i] - numeric) <= tolerance, what + " element " + i + ": autograd "
                    + analytic[i] + " vs finite difference " + numeric);
        }
        objective.at(point);
    }

    private static double evaluate(TorchModel torch, double[] x, long[] dims, boolean training, double[] weights) {
        try (StepScope scope = torch.openScope(); GradMode off = GradMode.disabled()) {
            NDArray input = scope.manager().create(x, new Shape(dims));
            NDArray output = torch.forward(scope, Map.of(torch.inputNames().get(0), input), training, 11)[0];
            double[] values = output.toDoubleArray();
            double sum = 0;
            for (int i = 0; i < values.length; i++) {
                sum += values[i] * weights[i];
            }
            return sum;
        }
    }

    private static void set(Parameter parameter, double[] values) {
        try (GradMode off = GradMode.disabled()) {
            parameter.array().set(values);
        }
    }

    private static double[] widen(float[] values) {
        double[] wide = new double[values.length];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = values[i];
        }
        return wide;
    }
}
