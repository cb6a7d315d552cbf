package io.cardeck.pruning.magnitude;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethod;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.activations.LayerInputs;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.cardeck.pruning.catalog.MethodDescriptor;
import io.cardeck.pruning.importance.MagnitudeImportance;
import io.cardeck.pruning.unstructured.MaskPruner;
import io.cardeck.pruning.unstructured.OneShotPruning;

/** Unstructured magnitude pruning, one shot, under any allocation: the baseline method. */
public final class MagnitudePruning implements PruningMethod<MagnitudeParameters> {

    private final MagnitudeImportance importance = new MagnitudeImportance();

    @Override
    public MethodDescriptor<MagnitudeParameters> descriptor() {
        return MethodCatalog.MAGNITUDE;
    }

    /** The layers to prune exist and are not all kept dense: what a request can get wrong about a model. */
    @Override
    public void check(OnnxModel model, MagnitudeParameters parameters) {
        OneShotPruning.check(model, parameters);
    }

    @Override
    public PruningResult prune(OnnxModel model, MagnitudeParameters parameters, PruningContext context) {
        return OneShotPruning.prune(model, parameters, descriptor().name(), context,
                new LayerInputs.Options(false, 0, 0, 64),
                (layers, inputs, timings) -> MaskPruner.layerWise(layers, layers.stream().map(importance::scores).toList()));
    }
}
