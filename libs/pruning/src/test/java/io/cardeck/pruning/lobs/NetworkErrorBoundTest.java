package io.cardeck.pruning.lobs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.OnnxNode;
import io.cardeck.pruning.CalibrationData;
import io.cardeck.pruning.LayerOutputs;
import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.PrunableLayers;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.ZooModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The paper's Theorem 3.2, measured on the zoo's LeNet-5 with every layer pruned: the network's
 * output error is at most the layer errors, each amplified by the layers after it,
 * {@code eps_L <= sum_k e_k prod_{j > k} Lip_j}, where {@code e_k} is layer k's output error with the
 * dense model's inputs (the L-OBS objective) and {@code Lip_j} bounds how much layer j can amplify a
 * change of its input: {@code ||W_j||_F} for a dense layer, times {@code sqrt(ceil(kh/sh) ceil(kw/sw))}
 * for a conv (an input pixel is in at most that many patches). ReLU and max pooling do not amplify.
 * All errors are RMS over held-out images, through ONNX Runtime.
 */
class NetworkErrorBoundTest {

    private static final OnnxModel LENET = ZooModels.load("lenet5-standard");
    private static final CalibrationData DATA = ZooModels.fashionMnist();

    @ParameterizedTest
    @CsvSource({"0.5, exact, ''", "0.7, paper, ''", "0.9, exact, conv1 conv2"})
    void theOutputErrorStaysWithinTheCombinationOfLayerErrors(double sparsity, String update, String dense) {
        // With the convs dense, the pruned layers are the paper's setting: fully connected layers with ReLU between.
        List<String> keepDense = dense.isBlank() ? List.of() : List.of(dense.split(" "));
        OnnxModel pruned = PruningMethods.run(LENET, "lobs", Map.of("sparsity", sparsity, "keepDense", keepDense,
                "update", update), PruningContext.builder().data(DATA).build()).model();
        ImageDataset images = DATA.validation().firstImages(512);
        List<PrunableLayer> layers = PrunableLayers.of(LENET);
        double[] layerErrors = new double[layers.size()];
        double[] amplification = new double[layers.size()];
        for (int k = 0; k < layers.size(); k++) {
            PrunableLayer layer = layers.get(k);
            String value = LayerErrorTest.output(LENET, layer);
            layerErrors[k] = LayerOutputs.rmsDistance(LayerOutputs.of(LENET, value, images),
                    LayerOutputs.of(LayerErrorTest.onlyLayer(LENET, pruned, layer), value, images), images.size());
            amplification[k] = frobenius(pruned.graph().floatInitializer(layer.name()).data()) * patchOverlap(LENET, layer);
        }
        String logits = LENET.graph().outputs().get(0).name();
        double outputError = LayerOutputs.rmsDistance(LayerOutputs.of(LENET, logits, images),
                LayerOutputs.of(pruned, logits, images), images.size());
        double bound = 0;
        List<String> terms = new ArrayList<>();
        for (int k = 0; k < layers.size(); k++) {
            double term = layerErrors[k];
            for (int j = k + 1; j < layers.size(); j++) {
                term *= amplification[j];
            }
            terms.add(String.format(java.util.Locale.ROOT, "%s: e %.4f, Lip %.3f, term %.4g", layers.get(k).node(),
                    layerErrors[k], amplification[k], term));
            bound += term;
        }
        String report = String.format(java.util.Locale.ROOT, "sparsity %.1f %s, dense %s: output error %.4f, bound %.4g%n  %s",
                sparsity, update, keepDense, outputError, bound, String.join("\n  ", terms));
        System.out.println(report);
        assertTrue(outputError > 0, report);
        assertTrue(outputError <= bound, report);
    }

    private static double frobenius(float[] weights) {
        double sum = 0;
        for (float w : weights) {
            sum += (double) w * w;
        }
        return Math.sqrt(sum);
    }

    /** {@code sqrt(ceil(kh / sh) * ceil(kw / sw))} for a Conv, 1 for a dense layer. */
    private static double patchOverlap(OnnxModel model, PrunableLayer layer) {
        OnnxNode node = model.graph().nodes().stream().filter(n -> n.label().equals(layer.node())).findFirst().orElseThrow();
        if (!node.opType().equals("Conv")) {
            return 1;
        }
        long[] dims = layer.weight().dims();
        long[] strides = node.intsAttribute("strides", new long[] {1, 1});
        return Math.sqrt(Math.ceil((double) dims[2] / strides[0]) * Math.ceil((double) dims[3] / strides[1]));
    }
}
