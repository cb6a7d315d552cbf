package io.cardeck.pruner.service;

import io.cardeck.onnx.Lineage;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.count.ModelStatistics;
import java.util.List;

/**
 * A model that passed the upload checks, with what they measured.
 *
 * @param inputShape [C, H, W]
 * @param lineage    the lineage in the model's own metadata, or null
 */
public record InspectedModel(OnnxModel model, List<Long> inputShape, ModelStatistics statistics, Lineage lineage) {

    public InspectedModel {
        inputShape = List.copyOf(inputShape);
    }
}
