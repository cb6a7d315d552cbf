package io.cardeck.pruning.lobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.CalibrationData;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.Refusals;
import io.cardeck.pruning.ZooModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * L-OBS saliencies under a global allocation, as the paper has them and divided by their layer's
 * output energy, on LeNet-5 and on the same function with conv2's output ten times larger (conv2's
 * weights and bias x10, fc1's weights /10: ReLU and max pooling pass a positive scale through), as a
 * BatchNorm after conv2 would let training choose.
 */
class SaliencyNormalizationTest {

    private static final CalibrationData DATA = ZooModels.fashionMnist();
    private static final List<String> PRUNED = List.of("conv2.weight", "fc1.weight", "fc2.weight");

    @Test
    void theLayersSparsitiesDependOnALayersOutputScaleOnlyWithoutNormalization() {
        OnnxModel lenet = ZooModels.load("lenet5-standard");
        OnnxModel rescaled = lenet.edit()
                .replaceInitializer(scaled(lenet, "conv2.weight", 10))
                .replaceInitializer(scaled(lenet, "conv2.bias", 10))
                .replaceInitializer(scaled(lenet, "fc1.weight", 0.1f))
                .build();

        Map<String, Double> paper = layerSparsity(lenet, "none");
        Map<String, Double> paperRescaled = layerSparsity(rescaled, "none");
        assertTrue(paperRescaled.get("conv2.weight") < paper.get("conv2.weight") - 0.05,
                "the paper's saliencies of conv2 grow 100-fold with its output, so it keeps more: " + paper + " against "
                        + paperRescaled);

        Map<String, Double> normalized = layerSparsity(lenet, "layer");
        Map<String, Double> normalizedRescaled = layerSparsity(rescaled, "layer");
        for (String layer : PRUNED) {
            assertEquals(normalized.get(layer), normalizedRescaled.get(layer), 0.005,
                    layer + ": the same function, the same allocation (" + normalized + " against " + normalizedRescaled + ")");
        }
    }

    @Test
    void anUnknownNormalizationIsRefusedWithTheAcceptedOnes() {
        OnnxModel lenet = ZooModels.load("lenet5-standard");
        Refusals.assertRefused("lobs: parameter 'saliencyNormalization' cannot be unit",
                () -> PruningMethods.run(lenet, "lobs", Map.of("sparsity", 0.5, "saliencyNormalization", "unit"),
                        PruningContext.builder().data(DATA).build()));
    }

    private static Map<String, Double> layerSparsity(OnnxModel model, String normalization) {
        Map<?, ?> allocation = (Map<?, ?>) PruningMethods.run(model, "lobs", Map.of("sparsity", 0.7,
                        "allocation", Map.of("type", "global"), "calibrationImages", 128, "saliencyNormalization", normalization),
                PruningContext.builder().data(DATA).build()).model().metadata().lineage().recipe().get("allocation");
        Map<?, ?> sparsity = (Map<?, ?>) allocation.get("layerSparsity");
        return Map.of("conv2.weight", ((Number) sparsity.get("conv2.weight")).doubleValue(),
                "fc1.weight", ((Number) sparsity.get("fc1.weight")).doubleValue(),
                "fc2.weight", ((Number) sparsity.get("fc2.weight")).doubleValue());
    }

    private static FloatTensor scaled(OnnxModel model, String name, float factor) {
        FloatTensor tensor = model.graph().floatInitializer(name);
        float[] data = tensor.data().clone();
        for (int i = 0; i < data.length; i++) {
            data[i] *= factor;
        }
        return new FloatTensor(name, tensor.dims(), data);
    }
}
