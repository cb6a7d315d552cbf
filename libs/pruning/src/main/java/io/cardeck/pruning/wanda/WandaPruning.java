package io.cardeck.pruning.wanda;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethod;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.activations.LayerInputs;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.cardeck.pruning.catalog.MethodDescriptor;
import io.cardeck.pruning.importance.WandaImportance;
import io.cardeck.pruning.unstructured.MaskPruner;
import io.cardeck.pruning.unstructured.OneShotPruning;

/**
 * Wanda (Sun et al. 2024): zero the weights with the lowest |w| x input RMS within each output unit
 * (or, as an option, within the layer), one shot, no update of the others. One forward pass over
 * calibration images; DSA's base pruner.
 */
public final class WandaPruning implements PruningMethod<WandaParameters> {

    @Override
    public MethodDescriptor<WandaParameters> descriptor() {
        return MethodCatalog.WANDA;
    }

    /** The layers that keepDense names exist, and something is left to prune. */
    @Override
    public void check(OnnxModel model, WandaParameters parameters) {
        OneShotPruning.check(model, parameters);
    }

    @Override
    public PruningResult prune(OnnxModel model, WandaParameters parameters, PruningContext context) {
        return OneShotPruning.prune(model, parameters, descriptor().name(), context,
                new LayerInputs.Options(false, 0, 0, 64),
                (layers, inputs, timings) -> {
                    WandaImportance importance = new WandaImportance(inputs.statistics());
                    java.util.List<float[]> scores = layers.stream().map(importance::scores).toList();
                    return parameters.comparison() == WandaParameters.Comparison.UNIT
                            ? MaskPruner.perUnit(inputs.geometries(), scores) : MaskPruner.layerWise(layers, scores);
                });
    }
}
