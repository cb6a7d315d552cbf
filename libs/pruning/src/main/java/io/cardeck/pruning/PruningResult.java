package io.cardeck.pruning;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.count.ModelStatistics;
import java.util.List;

/**
 * What a pruning method produced: the new model (with its lineage in the metadata), the change per
 * layer, and the model's statistics before and after (parameters, non-zeros, MACs).
 */
public record PruningResult(OnnxModel model, List<LayerChange> layers, ModelStatistics before, ModelStatistics after) {

    public PruningResult {
        layers = List.copyOf(layers);
    }
}
