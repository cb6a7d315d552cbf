package io.cardeck.pruning.magnitude;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.PrunableLayers;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethod;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.cardeck.pruning.catalog.MethodDescriptor;
import io.cardeck.pruning.importance.MagnitudeImportance;
import io.cardeck.pruning.unstructured.MaskedModels;
import io.cardeck.pruning.unstructured.UnstructuredPruner;
import java.util.List;

/** Unstructured magnitude pruning, one shot, global or per layer: the baseline method. */
public final class MagnitudePruning implements PruningMethod<MagnitudeParameters> {

    private final UnstructuredPruner pruner = new UnstructuredPruner(new MagnitudeImportance());

    @Override
    public MethodDescriptor<MagnitudeParameters> descriptor() {
        return MethodCatalog.MAGNITUDE;
    }

    /** The layers to prune exist and are not all kept dense: what a request can get wrong about a model. */
    @Override
    public void check(OnnxModel model, MagnitudeParameters parameters) {
        PrunableLayers.pruned(model, parameters.keepDense());
    }

    @Override
    public PruningResult prune(OnnxModel model, MagnitudeParameters parameters, PruningContext context) {
        List<PrunableLayer> layers = PrunableLayers.pruned(model, parameters.keepDense());
        List<boolean[]> keep = pruner.masks(layers, parameters.sparsity(), parameters.scope(), parameters.maxLayerSparsity());
        context.progress().report(1, "pruned " + layers.size() + " layers");
        return MaskedModels.apply(model, layers, keep, descriptor().name(), parameters, context);
    }
}
