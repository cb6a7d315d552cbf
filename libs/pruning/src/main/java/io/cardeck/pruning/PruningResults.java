package io.cardeck.pruning;

import io.cardeck.onnx.Lineage;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.count.ModelStatistics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the result of a pruning run from the parent and the pruned model: what changed per layer
 * (dims and non-zeros of each weight the parent and the pruned model both have), the lineage with
 * the whole recipe, and the statistics before and after. Every method ends here.
 */
public final class PruningResults {

    private PruningResults() {}

    /**
     * @param pruned     the pruned model (its graph may be smaller; its metadata is replaced)
     * @param parameters the method's parameters as JSON values
     * @param recipe     the rest of the recipe (calibration data is added from the context, layers here)
     */
    public static PruningResult of(OnnxModel parent, OnnxModel pruned, String method, Map<String, Object> parameters,
                                   Map<String, Object> recipe, PruningContext context) {
        long[] sampleShape = context.sampleShapeFor(parent);
        List<LayerChange> changes = new ArrayList<>();
        Map<String, Double> layerSparsity = new LinkedHashMap<>();
        for (PrunableLayer before : PrunableLayers.of(parent)) {
            if (!pruned.graph().isInitializer(before.name())) {
                continue;
            }
            var after = pruned.graph().floatInitializer(before.name());
            LayerChange change = new LayerChange(before.name(), before.node(), before.op(),
                    java.util.Arrays.stream(before.weight().dims()).boxed().toList(),
                    java.util.Arrays.stream(after.dims()).boxed().toList(), before.weight().nonZeros(), after.nonZeros());
            changes.add(change);
            layerSparsity.put(change.layer(), change.sparsityAfter());
        }
        Map<String, Object> fullRecipe = new LinkedHashMap<>();
        context.data().ifPresent(data -> fullRecipe.put("calibration", data.recipe()));
        fullRecipe.putAll(recipe);
        fullRecipe.put("layers", changes.stream().map(LayerChange::recipe).toList());
        Lineage lineage = new Lineage(context.parentModelId(), parent.sha256(), method, parameters, layerSparsity,
                context.createdAt(), fullRecipe);
        OnnxModel result = pruned.withMetadata(parent.metadata().withLineage(lineage));
        return new PruningResult(result, changes, ModelStatistics.of(parent, sampleShape),
                ModelStatistics.of(result, sampleShape));
    }

    /** {@code result} with {@code entries} added to its lineage's recipe. */
    public static PruningResult withRecipe(PruningResult result, Map<String, Object> entries) {
        Lineage lineage = result.model().metadata().lineage().withRecipe(entries);
        return new PruningResult(result.model().withMetadata(result.model().metadata().withLineage(lineage)),
                result.layers(), result.before(), result.after());
    }

    /**
     * {@code result} with the request's parameters as its lineage records them: defaults included,
     * and the recovery asked for.
     */
    public static PruningResult withParameters(PruningResult result, io.cardeck.pruning.catalog.MethodRequest<?> request) {
        Lineage old = result.model().metadata().lineage();
        Lineage lineage = new Lineage(old.parentModelId(), old.parentSha256(), old.method(), request.recordedParameters(),
                old.layerSparsity(), old.createdAt(), old.recipe());
        return new PruningResult(result.model().withMetadata(result.model().metadata().withLineage(lineage)),
                result.layers(), result.before(), result.after());
    }

    /** {@code result} with its model replaced by {@code model} (same graph, new weights), lineage kept. */
    public static PruningResult withModel(PruningResult result, OnnxModel model, PruningContext context) {
        OnnxModel kept = model.withMetadata(result.model().metadata());
        return new PruningResult(kept, result.layers(), result.before(),
                ModelStatistics.of(kept, context.sampleShapeFor(kept)));
    }
}
