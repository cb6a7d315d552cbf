package io.cardeck.pruning;

import io.cardeck.onnx.OnnxGraph;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.OnnxNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The weights of a model that unstructured pruning thins out: the second input of Conv, Gemm and
 * MatMul nodes when it is a float initializer. Biases and normalisation parameters are left alone,
 * as is usual (they are few and pruning them hurts more than it saves).
 */
public final class PrunableLayers {

    private static final Set<String> WEIGHTED_OPS = Set.of("Conv", "Gemm", "MatMul");

    private PrunableLayers() {}

    public static List<PrunableLayer> of(OnnxModel model) {
        OnnxGraph graph = model.graph();
        List<PrunableLayer> layers = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (OnnxNode node : graph.nodes()) {
            if (!WEIGHTED_OPS.contains(node.opType()) || node.inputs().size() < 2) {
                continue;
            }
            String weight = node.inputs().get(1);
            if (graph.isInitializer(weight) && graph.initializerType(weight) == ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT_VALUE
                    && seen.add(weight)) {
                layers.add(new PrunableLayer(node.label(), node.opType(), graph.floatInitializer(weight)));
            }
        }
        if (layers.isEmpty()) {
            throw new InvalidParameterException(model.sourceName() + " has no prunable weights (float initializers of Conv, Gemm or MatMul)");
        }
        return layers;
    }
}
