package io.cardeck.pruning.magnitude;

import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.Lineage;
import io.cardeck.onnx.ModelEditor;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.count.ModelStatistics;
import io.cardeck.pruning.LayerChange;
import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.PrunableLayers;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethod;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.importance.MagnitudeImportance;
import io.cardeck.pruning.unstructured.UnstructuredPruner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Unstructured magnitude pruning, one shot, global or per layer: the baseline method. */
public final class MagnitudePruning implements PruningMethod<MagnitudeParameters> {

    public static final String NAME = "magnitude";

    private final UnstructuredPruner pruner = new UnstructuredPruner(new MagnitudeImportance());

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "unstructured: zero the smallest |w| of Conv/Gemm/MatMul weights, globally or per layer";
    }

    @Override
    public Class<MagnitudeParameters> parametersType() {
        return MagnitudeParameters.class;
    }

    @Override
    public PruningResult prune(OnnxModel model, MagnitudeParameters parameters, PruningContext context) {
        long[] sampleShape = context.sampleShapeFor(model);
        ModelStatistics before = ModelStatistics.of(model, sampleShape);
        List<PrunableLayer> layers = PrunableLayers.of(model);
        List<boolean[]> keep = pruner.masks(layers, parameters.sparsity(), parameters.scope());

        ModelEditor editor = model.edit();
        List<LayerChange> changes = new ArrayList<>();
        Map<String, Double> layerSparsity = new LinkedHashMap<>();
        for (int l = 0; l < layers.size(); l++) {
            PrunableLayer layer = layers.get(l);
            float[] pruned = layer.weight().data().clone();
            boolean[] mask = keep.get(l);
            for (int i = 0; i < pruned.length; i++) {
                if (!mask[i]) {
                    pruned[i] = 0f;
                }
            }
            FloatTensor weight = new FloatTensor(layer.name(), layer.weight().dims(), pruned);
            editor.replaceInitializer(weight);
            LayerChange change = new LayerChange(layer.name(), layer.node(), layer.op(), pruned.length,
                    layer.weight().nonZeros(), weight.nonZeros());
            changes.add(change);
            layerSparsity.put(layer.name(), change.sparsityAfter());
        }
        Map<String, Object> recorded = Map.of("sparsity", parameters.sparsity(),
                "scope", parameters.scope().name().toLowerCase(java.util.Locale.ROOT));
        Lineage lineage = new Lineage(context.parentModelId(), model.sha256(), NAME, recorded, layerSparsity,
                context.createdAt());
        OnnxModel result = editor.metadata(model.metadata().withLineage(lineage)).build();
        return new PruningResult(result, changes, before, ModelStatistics.of(result, sampleShape));
    }
}
