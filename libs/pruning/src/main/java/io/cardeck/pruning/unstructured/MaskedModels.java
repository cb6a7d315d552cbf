package io.cardeck.pruning.unstructured;

import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.ModelEditor;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.LayerChange;
import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningParameters;
import io.cardeck.pruning.PruningResult;
import java.util.ArrayList;
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
        ModelEditor editor = model.edit();
        List<LayerChange> changes = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            PrunableLayer layer = layers.get(l);
            FloatTensor weight = new FloatTensor(layer.name(), layer.weight().dims(), values.get(l));
            editor.replaceInitializer(weight);
            changes.add(LayerChange.inPlace(layer.name(), layer.node(), layer.op(), layer.weight().dims(),
                    layer.weight().nonZeros(), weight.nonZeros()));
        }
        return PruningResult.recorded(model, editor, changes, method, parameters, recipe, context);
    }
}
