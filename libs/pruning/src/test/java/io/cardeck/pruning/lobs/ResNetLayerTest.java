package io.cardeck.pruning.lobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.CalibrationData;
import io.cardeck.pruning.DenseSolve;
import io.cardeck.pruning.LayerOutputs;
import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.PrunableLayers;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.ZooModels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * One layer of the zoo's ResNet-20 (stage3.block1.conv1: 64 units of 64 x 3 x 3 = 576 inputs on
 * 7 x 7 maps) pruned alone by L-OBS, against an independent computation: the Hessian from im2col
 * patches built here from the layer's input as ONNX Runtime gives it, the saliency order and the
 * least-squares reconstruction of every unit by this test's own dense solve. Then the layer's output
 * error under magnitude pruning and both L-OBS updates, and how much of it is a constant shift per
 * channel: why the paper's steps, better than magnitude layer by layer, are no better for the whole
 * network without BatchNorm recalibration, while the exact update is.
 */
class ResNetLayerTest {

    private static final OnnxModel RESNET = ZooModels.load("resnet20-standard");
    private static final CalibrationData DATA = ZooModels.fashionMnist();
    private static final String LAYER = "stage3.block1.conv1";
    private static final int IMAGES = 64;
    private static final double DAMPING = 0.01;

    private static OnnxModel prune(String method, double sparsity, String update) {
        List<String> others = PrunableLayers.of(RESNET).stream().map(PrunableLayer::node).filter(n -> !n.equals(LAYER)).toList();
        Map<String, Object> params = new HashMap<>(Map.of("sparsity", sparsity, "keepDense", others,
                "allocation", Map.of("type", "uniform")));
        if (method.equals("lobs")) {
            params.putAll(Map.of("calibrationImages", IMAGES, "patchesPerImage", 0, "damping", DAMPING, "update", update));
        }
        return PruningMethods.run(RESNET, method, params, PruningContext.builder().data(DATA).build()).model();
    }

    /** The damped Hessian of the layer's 3 x 3 patches (pad 1, stride 1) over the calibration images. */
    private static double[][] hessian(float[] input) {
        int channels = 64;
        int side = 7;
        int d = channels * 9;
        double[][] h = new double[d][d];
        double[] y = new double[d];
        long vectors = 0;
        for (int n = 0; n < IMAGES; n++) {
            for (int oh = 0; oh < side; oh++) {
                for (int ow = 0; ow < side; ow++) {
                    int q = 0;
                    for (int c = 0; c < channels; c++) {
                        for (int i = 0; i < 3; i++) {
                            for (int j = 0; j < 3; j++) {
                                int r = oh + i - 1;
                                int s = ow + j - 1;
                                y[q++] = r >= 0 && r < side && s >= 0 && s < side
                                        ? input[((n * channels + c) * side + r) * side + s] : 0;
                            }
                        }
                    }
                    for (int a = 0; a < d; a++) {
                        if (y[a] != 0) {
                            for (int b = 0; b < d; b++) {
                                h[a][b] += y[a] * y[b];
                            }
                        }
                    }
                    vectors++;
                }
            }
        }
        double trace = 0;
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                h[a][b] /= vectors;
            }
            trace += h[a][a];
        }
        for (int a = 0; a < d; a++) {
            h[a][a] += DAMPING * trace / d;
        }
        return h;
    }

    @Test
    void theExactUpdateEqualsAnIndependentSolveAndThePapersStepsReconstructWorseThanMagnitude() {
        ImageDataset images = DATA.calibration(IMAGES);
        String input = RESNET.graph().nodes().stream().filter(n -> n.label().equals(LAYER)).findFirst().orElseThrow()
                .inputs().get(0);
        double[][] h = hessian(LayerOutputs.of(RESNET, input, images));
        double[][] inverse = DenseSolve.inverse(h);
        float[] weights = RESNET.graph().floatInitializer(LAYER + ".weight").data();
        int d = 576;
        double sparsity = 0.7;
        int zeros = (int) Math.round(sparsity * weights.length);
        List<Integer> order = IntStream.range(0, weights.length).boxed()
                .sorted(Comparator.comparingDouble(i -> weights[i] * weights[i] / inverse[i % d][i % d])).toList();
        boolean[][] removed = new boolean[64][d];
        order.subList(0, zeros).forEach(i -> removed[i / d][i % d] = true);

        float[] exact = prune("lobs", sparsity, "exact").graph().floatInitializer(LAYER + ".weight").data();
        double worst = 0;
        for (int unit = 0; unit < 64; unit++) {
            double[] w = new double[d];
            for (int q = 0; q < d; q++) {
                w[q] = weights[unit * d + q];
            }
            double[] expected = DenseSolve.constrainedLeastSquares(h, w, removed[unit]);
            for (int q = 0; q < d; q++) {
                worst = Math.max(worst, Math.abs(expected[q] - exact[unit * d + q]));
                if (removed[unit][q]) {
                    assertEquals(0f, exact[unit * d + q], "unit " + unit + " entry " + q);
                }
            }
        }
        assertTrue(worst < 1e-3, "largest difference from the independent solve: " + worst);

        String output = LayerErrorTest.output(RESNET, PrunableLayers.of(RESNET).stream()
                .filter(l -> l.node().equals(LAYER)).findFirst().orElseThrow());
        ImageDataset heldOut = DATA.validation().firstImages(256);
        float[] reference = LayerOutputs.of(RESNET, output, heldOut);
        List<String> report = new ArrayList<>();
        for (double s : new double[] {0.5, 0.7, 0.9}) {
            OutputError magnitude = OutputError.of(reference, LayerOutputs.of(prune("magnitude", s, null), output, heldOut));
            OutputError paper = OutputError.of(reference, LayerOutputs.of(prune("lobs", s, "paper"), output, heldOut));
            OutputError byExact = OutputError.of(reference, LayerOutputs.of(prune("lobs", s, "exact"), output, heldOut));
            String line = String.format(java.util.Locale.ROOT, "%s at %.1f: output RMS error (share of it a per-channel"
                    + " shift) magnitude %s, lobs paper %s, lobs exact %s", LAYER, s, magnitude, paper, byExact);
            report.add(line);
            assertTrue(byExact.rms() < paper.rms() && paper.rms() < magnitude.rms(), line);
            // The mechanism: the paper's steps, like magnitude, leave a large constant shift per channel (which the
            // following BatchNorm, with the dense model's statistics, passes on); the exact reconstruction does not.
            assertTrue(byExact.shiftShare() < 0.05 && paper.shiftShare() > 0.2 && magnitude.shiftShare() > 0.2, line);
        }
        System.out.println(String.join("\n", report));
    }

    /** RMS over images of a conv output's error, and the share of its energy that is a constant per channel. */
    private record OutputError(double rms, double shiftShare) {

        static OutputError of(float[] reference, float[] pruned) {
            int images = 256;
            int channels = 64;
            int plane = reference.length / images / channels;
            double energy = 0;
            double[] channelSum = new double[channels];
            for (int i = 0; i < reference.length; i++) {
                double difference = (double) pruned[i] - reference[i];
                energy += difference * difference;
                channelSum[(i / plane) % channels] += difference;
            }
            double shift = 0;
            for (double sum : channelSum) {
                double mean = sum / ((double) images * plane);
                shift += mean * mean * images * plane;
            }
            return new OutputError(Math.sqrt(energy / images), shift / energy);
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%.3f (%.0f%%)", rms, 100 * shiftShare);
        }
    }
}
