package io.cardeck.pruning.unstructured;

import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.Lineage;
import io.cardeck.onnx.ModelEditor;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.count.ModelStatistics;
import io.cardeck.pruning.LayerChange;
import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningParameters;
import io.cardeck.pruning.PruningResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes keep-masks into a model: the one place an unstructured method's masks become a pruned
 * model with its lineage (parameters, per-layer sparsity and dims, calibration data if any) and
 * statistics before and after.
 */
public final class MaskedModels {

    private MaskedModels() {}

    /**
     * @param layers     the layers the masks belong to (others stay as they are)
     * @param keep       one keep-mask per layer (true keeps the weight)
     * @param parameters the method's parameter record, recorded in the lineage
     */
    public static PruningResult apply(OnnxModel model, List<PrunableLayer> layers, List<boolean[]> keep, String method,
                                      Record parameters, PruningContext context) {
        List<float[]> values = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            float[] pruned = layers.get(l).weight().data().clone();
            boolean[] mask = keep.get(l);
            for (int i = 0; i < pruned.length; i++) {
                if (!mask[i]) {
                    pruned[i] = 0f;
                }
            }
            values.add(pruned);
        }
        return withWeights(model, layers, values, method, PruningParameters.toMap(parameters), Map.of(), context);
    }

    /**
     * Replaces the weights of {@code layers} with {@code values} (same shapes), e.g. after an OBS
     * update that also changed the weights it kept.
     *
     * @param recipe entries for the lineage's recipe beyond the layers and the calibration data
     */
    public static PruningResult withWeights(OnnxModel model, List<PrunableLayer> layers, List<float[]> values,
                                            String method, Map<String, Object> parameters, Map<String, Object> recipe,
                                            PruningContext context) {
        return withLayerWeights(model, layers, values.stream().map(LayerWeights::of).toList(), method, parameters, recipe,
                context);
    }

    /** As {@link #withWeights}, with the biases a method changed (an OBS update compensates through them). */
    public static PruningResult withLayerWeights(OnnxModel model, List<PrunableLayer> layers, List<LayerWeights> values,
                                                 String method, Map<String, Object> parameters, Map<String, Object> recipe,
                                                 PruningContext context) {
        long[] sampleShape = context.sampleShapeFor(model);
        ModelStatistics before = ModelStatistics.of(model, sampleShape);
        ModelEditor editor = model.edit();
        List<LayerChange> changes = new ArrayList<>();
        Map<String, Double> layerSparsity = new LinkedHashMap<>();
        for (int l = 0; l < layers.size(); l++) {
            PrunableLayer layer = layers.get(l);
            FloatTensor weight = new FloatTensor(layer.name(), layer.weight().dims(), values.get(l).weight());
            editor.replaceInitializer(weight);
            if (values.get(l).bias() != null) {
                editor.replaceInitializer(values.get(l).bias());
            }
            LayerChange change = LayerChange.inPlace(layer.name(), layer.node(), layer.op(), layer.weight().dims(),
                    layer.weight().nonZeros(), weight.nonZeros());
            changes.add(change);
            layerSparsity.put(layer.name(), change.sparsityAfter());
        }
        Map<String, Object> fullRecipe = new LinkedHashMap<>(recipe);
        context.data().ifPresent(data -> fullRecipe.putIfAbsent("calibration", data.recipe()));
        fullRecipe.put("layers", changes.stream().map(LayerChange::recipe).toList());
        Lineage lineage = new Lineage(context.parentModelId(), model.sha256(), method, parameters, layerSparsity,
                context.createdAt(), fullRecipe);
        OnnxModel result = editor.metadata(model.metadata().withLineage(lineage)).build();
        return new PruningResult(result, changes, before, ModelStatistics.of(result, sampleShape));
    }

    /** The model with {@code values} in place of the layers' weights (and biases), nothing else changed: for trial runs. */
    public static OnnxModel replaced(OnnxModel model, List<PrunableLayer> layers, List<LayerWeights> values) {
        ModelEditor editor = model.edit();
        for (int l = 0; l < layers.size(); l++) {
            editor.replaceInitializer(new FloatTensor(layers.get(l).name(), layers.get(l).weight().dims(), values.get(l).weight()));
            if (values.get(l).bias() != null) {
                editor.replaceInitializer(values.get(l).bias());
            }
        }
        return editor.build();
    }
}
