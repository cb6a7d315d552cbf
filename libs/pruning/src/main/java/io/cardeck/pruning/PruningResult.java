package io.cardeck.pruning;

import io.cardeck.onnx.Lineage;
import io.cardeck.onnx.ModelEditor;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.count.ModelStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a pruning method produced: the new model (with its lineage in the metadata), the change per
 * layer, and the model's statistics before and after (parameters, non-zeros, MACs).
 */
public record PruningResult(OnnxModel model, List<LayerChange> layers, ModelStatistics before, ModelStatistics after) {

    public PruningResult {
        layers = List.copyOf(layers);
    }

    /**
     * The one place a method's edits become a result: the edited model gets its lineage (parent,
     * method, parameters, per-layer sparsity, and a recipe of {@code recipe}, the calibration data if
     * the context has any, and every layer's dims before and after), and both models are counted.
     *
     * @param parent     the model pruned
     * @param edits      the method's changes to {@code parent}, not yet built
     * @param changes    what happened to each pruned layer
     * @param parameters the method's parameters as JSON values, defaults included
     * @param recipe     entries for the lineage's recipe beyond the layers and the calibration data
     */
    public static PruningResult recorded(OnnxModel parent, ModelEditor edits, List<LayerChange> changes, String method,
                                         Map<String, Object> parameters, Map<String, Object> recipe,
                                         PruningContext context) {
        long[] sampleShape = context.sampleShapeFor(parent);
        ModelStatistics before = ModelStatistics.of(parent, sampleShape);
        Map<String, Double> layerSparsity = new LinkedHashMap<>();
        changes.forEach(change -> layerSparsity.put(change.layer(), change.sparsityAfter()));
        Map<String, Object> fullRecipe = new LinkedHashMap<>(recipe);
        context.data().ifPresent(data -> fullRecipe.putIfAbsent("calibration", data.recipe()));
        fullRecipe.put("layers", changes.stream().map(LayerChange::recipe).toList());
        Lineage lineage = new Lineage(context.parentModelId(), parent.sha256(), method, parameters, layerSparsity,
                context.createdAt(), fullRecipe);
        OnnxModel result = edits.metadata(parent.metadata().withLineage(lineage)).build();
        return new PruningResult(result, changes, before, ModelStatistics.of(result, sampleShape));
    }
}
