package io.cardeck.pruning.unstructured;

import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.ModelEditor;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningParameters;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.PruningResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes keep-masks, or new values, into the weights of a model; {@link PruningResults} makes the
 * result with its lineage.
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
        return PruningResults.of(model, replaced(model, layers, values), method, parameters, recipe, context);
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
