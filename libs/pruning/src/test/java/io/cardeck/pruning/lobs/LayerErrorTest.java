package io.cardeck.pruning.lobs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.ModelEditor;
import io.cardeck.onnx.OnnxModel;
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
import org.junit.jupiter.api.Test;

/**
 * L-OBS on the zoo's LeNet-5 and real Fashion-MNIST: each layer's reconstruction error against
 * magnitude pruning of the same layer at the same sparsity, measured through ONNX Runtime.
 */
class LayerErrorTest {

    private static final OnnxModel LENET = ZooModels.load("lenet5-standard");
    private static final CalibrationData DATA = ZooModels.fashionMnist();
    private static final int IMAGES = 1024;

    private static OnnxModel prune(String method, double sparsity, Map<String, Object> more) {
        Map<String, Object> params = new java.util.HashMap<>(more);
        params.put("sparsity", sparsity);
        params.put("keepDense", List.of());
        params.put("allocation", Map.of("type", "uniform"));
        return PruningMethods.run(LENET, method, params, PruningContext.builder().data(DATA).build()).model();
    }

    /** The original model with layer {@code layer}'s weight and bias taken from {@code pruned}. */
    static OnnxModel onlyLayer(OnnxModel original, OnnxModel pruned, PrunableLayer layer) {
        ModelEditor editor = original.edit().replaceInitializer(pruned.graph().floatInitializer(layer.name()));
        io.cardeck.onnx.OnnxNode node = original.graph().nodes().stream().filter(n -> n.label().equals(layer.node()))
                .findFirst().orElseThrow();
        if (node.inputs().size() > 2) {
            editor.replaceInitializer(pruned.graph().floatInitializer(node.inputs().get(2)));
        }
        return editor.build();
    }

    static String output(OnnxModel model, PrunableLayer layer) {
        return model.graph().nodes().stream().filter(n -> n.label().equals(layer.node())).findFirst().orElseThrow()
                .outputs().get(0);
    }

    @Test
    void eachLayersReconstructionErrorIsNeverAboveMagnitudePruningsAtTheSameSparsity() {
        ImageDataset images = DATA.calibration(IMAGES);
        List<PrunableLayer> layers = PrunableLayers.of(LENET);
        List<String> report = new ArrayList<>();
        boolean paperAbove = false;
        boolean exactAbove = false;
        for (double sparsity : new double[] {0.5, 0.7, 0.9}) {
            OnnxModel magnitude = prune("magnitude", sparsity, Map.of());
            OnnxModel exact = prune("lobs", sparsity, Map.of("update", "exact"));
            OnnxModel paper = prune("lobs", sparsity, Map.of("update", "paper"));
            for (PrunableLayer layer : layers) {
                String value = output(LENET, layer);
                float[] reference = LayerOutputs.of(LENET, value, images);
                double byMagnitude = LayerOutputs.rmsDistance(reference,
                        LayerOutputs.of(onlyLayer(LENET, magnitude, layer), value, images), IMAGES);
                double byExact = LayerOutputs.rmsDistance(reference,
                        LayerOutputs.of(onlyLayer(LENET, exact, layer), value, images), IMAGES);
                double byPaper = LayerOutputs.rmsDistance(reference,
                        LayerOutputs.of(onlyLayer(LENET, paper, layer), value, images), IMAGES);
                report.add(String.format(java.util.Locale.ROOT, "%.1f %s magnitude %.4f exact %.4f paper %.4f", sparsity,
                        layer.node(), byMagnitude, byExact, byPaper));
                exactAbove |= byExact > byMagnitude;
                paperAbove |= byPaper > byMagnitude;
            }
        }
        System.out.println(String.join("\n", report));
        assertTrue(!exactAbove && !paperAbove, String.join("\n", report));
    }
}
