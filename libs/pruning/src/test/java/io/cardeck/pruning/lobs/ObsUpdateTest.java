package io.cardeck.pruning.lobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.NodeAttribute;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.CalibrationData;
import io.cardeck.pruning.DenseSolve;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.RandomImages;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * L-OBS on one small linear layer with known inputs: the removals and updates equal the closed-form
 * OBS formulas and the constrained least-squares optimum, computed here from the images with a
 * dense solve of the test's own.
 */
class ObsUpdateTest {

    private static final int IN = 6;
    private static final int OUT = 3;
    private static final int CALIBRATION = 150;
    private static final double DAMPING = 0.01;
    private static final CalibrationData DATA = RandomImages.calibration(new ImageShape(1, 2, 3), 200, 20, 5);

    /** x [N, 1, 2, 3] -> Flatten -> Gemm (W [3, 6], transB = 1, bias [3]). */
    static OnnxModel linearLayer() {
        SplittableRandom random = new SplittableRandom(17);
        float[] w = new float[OUT * IN];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        return GraphBuilder.named("linear")
                .input("x", GraphBuilder.BATCH, 1, 2, 3)
                .initializer("fc.weight", new long[] {OUT, IN}, w)
                .initializer("fc.bias", new long[] {OUT}, new float[] {0.1f, -0.2f, 0.3f})
                .node("flatten", "Flatten", List.of("x"), "f", NodeAttribute.ofInt("axis", 1))
                .node("fc", "Gemm", List.of("f", "fc.weight", "fc.bias"), "logits", NodeAttribute.ofInt("transB", 1))
                .output("logits", GraphBuilder.BATCH, OUT)
                .build();
    }

    private static PruningResult lobs(OnnxModel model, double sparsity, ObsUpdate update) {
        Map<String, Object> params = new HashMap<>();
        params.put("sparsity", sparsity);
        params.put("keepDense", List.of());
        params.put("calibrationImages", CALIBRATION);
        params.put("patchesPerImage", 0);
        params.put("damping", DAMPING);
        params.put("update", update.name().toLowerCase(java.util.Locale.ROOT));
        return PruningMethods.run(model, "lobs", params, PruningContext.builder().data(DATA).build());
    }

    /** H + d * mean(diag H) * I of the inputs with a 1 appended, from the calibration images. */
    static double[][] dampedHessian() {
        ImageDataset images = DATA.calibration(CALIBRATION);
        double[][] h = new double[IN + 1][IN + 1];
        for (int n = 0; n < images.size(); n++) {
            float[] x = images.image(n);
            double[] y = new double[IN + 1];
            for (int q = 0; q < IN; q++) {
                y[q] = x[q];
            }
            y[IN] = 1;
            for (int a = 0; a <= IN; a++) {
                for (int b = 0; b <= IN; b++) {
                    h[a][b] += y[a] * y[b] / images.size();
                }
            }
        }
        double trace = IntStream.rangeClosed(0, IN).mapToDouble(i -> h[i][i]).sum();
        for (int i = 0; i <= IN; i++) {
            h[i][i] += DAMPING * trace / (IN + 1);
        }
        return h;
    }

    /** Unit {@code unit}'s weights followed by its bias. */
    private static double[] unit(OnnxModel model, int unit) {
        double[] w = new double[IN + 1];
        float[] weights = model.graph().floatInitializer("fc.weight").data();
        for (int q = 0; q < IN; q++) {
            w[q] = weights[unit * IN + q];
        }
        w[IN] = model.graph().floatInitializer("fc.bias").data()[unit];
        return w;
    }

    /** Weight indices (unit * IN + q) in ascending saliency w^2 / (2 [H^-1]_qq). */
    private static List<Integer> bySaliency(OnnxModel model, double[][] inverse) {
        float[] weights = model.graph().floatInitializer("fc.weight").data();
        return IntStream.range(0, OUT * IN).boxed()
                .sorted(Comparator.comparingDouble(i -> weights[i] * weights[i] / (2 * inverse[i % IN][i % IN])))
                .toList();
    }

    @ParameterizedTest
    @EnumSource(ObsUpdate.class)
    void oneRemovalIsTheClosedFormObsUpdate(ObsUpdate update) {
        OnnxModel model = linearLayer();
        double[][] h = dampedHessian();
        double[][] inverse = DenseSolve.inverse(h);
        int removed = bySaliency(model, inverse).get(0);
        int unit = removed / IN;
        int q = removed % IN;
        double[] w = unit(model, unit);
        double[] closedForm = new double[IN + 1];
        for (int r = 0; r <= IN; r++) {
            closedForm[r] = w[r] - w[q] / inverse[q][q] * inverse[r][q];
        }
        boolean[] mask = new boolean[IN + 1];
        mask[q] = true;
        assertArrayEquals(DenseSolve.constrainedLeastSquares(h, w, mask), closedForm, 1e-9,
                "OBS's step is the least-squares optimum with one weight removed");

        PruningResult result = lobs(model, 1.0 / (OUT * IN), update);

        assertArrayEquals(closedForm, unit(result.model(), unit), 2e-5);
        assertEquals(0f, result.model().graph().floatInitializer("fc.weight").data()[removed]);
        for (int other = 0; other < OUT; other++) {
            if (other != unit) {
                assertArrayEquals(unit(model, other), unit(result.model(), other), 0, "units without removals stay");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ObsUpdate.class)
    void manyRemovalsFollowTheSaliencyOrderAndTheUpdateOfTheVariant(ObsUpdate update) {
        OnnxModel model = linearLayer();
        double[][] h = dampedHessian();
        double[][] inverse = DenseSolve.inverse(h);
        List<Integer> order = bySaliency(model, inverse).subList(0, 9);

        PruningResult result = lobs(model, 0.5, update);

        for (int unit = 0; unit < OUT; unit++) {
            int u = unit;
            List<Integer> entries = new ArrayList<>(order.stream().filter(i -> i / IN == u).map(i -> i % IN).toList());
            double[] w = unit(model, unit);
            double[] expected;
            if (update == ObsUpdate.EXACT) {
                boolean[] mask = new boolean[IN + 1];
                entries.forEach(q -> mask[q] = true);
                expected = DenseSolve.constrainedLeastSquares(h, w, mask);
            } else {
                expected = w.clone();
                for (int q : entries) {
                    double factor = expected[q] / inverse[q][q];
                    for (int r = 0; r <= IN; r++) {
                        expected[r] -= factor * inverse[r][q];
                    }
                }
                entries.forEach(q -> expected[q] = 0);
            }
            assertArrayEquals(expected, unit(result.model(), unit), 5e-5, update + " unit " + unit + " removing " + entries);
        }
        assertEquals(9, result.layers().get(0).parameters() - result.layers().get(0).nonZerosAfter());
    }

    @Test
    void theExactVariantNeverReconstructsWorseThanThePaperStepsOnTheCalibrationInputs() {
        OnnxModel model = linearLayer();
        double[][] h = dampedHessian();
        for (double sparsity : new double[] {0.3, 0.5, 0.8}) {
            double paper = error(h, model, lobs(model, sparsity, ObsUpdate.PAPER).model());
            double exact = error(h, model, lobs(model, sparsity, ObsUpdate.EXACT).model());
            assertTrue(exact <= paper + 1e-9, sparsity + ": exact " + exact + " > paper " + paper);
        }
    }

    /** Sum over units of (w' - w)^T H (w' - w). */
    private static double error(double[][] h, OnnxModel before, OnnxModel after) {
        double total = 0;
        for (int unit = 0; unit < OUT; unit++) {
            double[] d = unit(after, unit);
            double[] w = unit(before, unit);
            for (int i = 0; i <= IN; i++) {
                d[i] -= w[i];
            }
            for (int a = 0; a <= IN; a++) {
                for (int b = 0; b <= IN; b++) {
                    total += d[a] * h[a][b] * d[b];
                }
            }
        }
        return total;
    }

    /** The same 6 -> 3 map without bias as Gemm (transB 1 or 0), MatMul, and a 1x1 Conv on the reshaped input. */
    private static OnnxModel layout(String kind, float[] outByIn) {
        float[] inByOut = new float[IN * OUT];
        for (int o = 0; o < OUT; o++) {
            for (int q = 0; q < IN; q++) {
                inByOut[q * OUT + o] = outByIn[o * IN + q];
            }
        }
        GraphBuilder graph = GraphBuilder.named(kind).input("x", GraphBuilder.BATCH, 1, 2, 3);
        switch (kind) {
            case "gemm-transB" -> graph.initializer("w", new long[] {OUT, IN}, outByIn)
                    .node("flatten", "Flatten", List.of("x"), "f", NodeAttribute.ofInt("axis", 1))
                    .node("fc", "Gemm", List.of("f", "w"), "logits", NodeAttribute.ofInt("transB", 1));
            case "gemm" -> graph.initializer("w", new long[] {IN, OUT}, inByOut)
                    .node("flatten", "Flatten", List.of("x"), "f", NodeAttribute.ofInt("axis", 1))
                    .node("fc", "Gemm", List.of("f", "w"), "logits");
            case "matmul" -> graph.initializer("w", new long[] {IN, OUT}, inByOut)
                    .node("flatten", "Flatten", List.of("x"), "f", NodeAttribute.ofInt("axis", 1))
                    .node("fc", "MatMul", List.of("f", "w"), "logits");
            case "conv" -> graph.initializer("w", new long[] {OUT, IN, 1, 1}, outByIn)
                    .int64Initializer("shape", -1, IN, 1, 1)
                    .node("reshape", "Reshape", List.of("x", "shape"), "r")
                    .node("fc", "Conv", List.of("r", "w"), "c")
                    .node("flatten", "Flatten", List.of("c"), "logits", NodeAttribute.ofInt("axis", 1));
            default -> throw new IllegalArgumentException(kind);
        }
        return graph.output("logits", GraphBuilder.BATCH, OUT).build();
    }

    @ParameterizedTest
    @EnumSource(ObsUpdate.class)
    void gemmEitherWayMatMulAndConvPruneTheSameWeightsInTheirOwnLayouts(ObsUpdate update) {
        float[] outByIn = linearLayer().graph().floatInitializer("fc.weight").data();
        float[] reference = lobs(layout("gemm-transB", outByIn), 0.5, update).model().graph().floatInitializer("w").data();
        assertEquals(9, IntStream.range(0, reference.length).filter(i -> reference[i] == 0f).count());
        assertArrayEquals(reference, lobs(layout("conv", outByIn), 0.5, update).model().graph().floatInitializer("w").data(),
                1e-6f, "Conv [out, in, 1, 1] is Gemm's [out, in]");
        for (String transposed : List.of("gemm", "matmul")) {
            float[] pruned = lobs(layout(transposed, outByIn), 0.5, update).model().graph().floatInitializer("w").data();
            for (int o = 0; o < OUT; o++) {
                for (int q = 0; q < IN; q++) {
                    assertEquals(reference[o * IN + q], pruned[q * OUT + o], 1e-6f, transposed + " [in, out] at " + q + ", " + o);
                }
            }
        }
    }
}
