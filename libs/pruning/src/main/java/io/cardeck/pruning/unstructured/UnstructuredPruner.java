package io.cardeck.pruning.unstructured;

import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.allocation.GlobalAllocation;
import io.cardeck.pruning.allocation.LayerBudget;
import io.cardeck.pruning.allocation.SparsityTarget;
import io.cardeck.pruning.importance.ImportanceCriterion;
import java.util.ArrayList;
import java.util.List;

/**
 * Keep-masks under a criterion for methods that prune inside their own loops (GMP, LRR, LTH), by
 * the global or the uniform allocation: {@code round(sparsity * n)} weights are zero afterwards in
 * all (weights already zero score lowest under magnitude and count). A per-layer cap holds any
 * layer below it, the others taking up the rest.
 */
public final class UnstructuredPruner {

    private final ImportanceCriterion criterion;

    public UnstructuredPruner(ImportanceCriterion criterion) {
        this.criterion = criterion;
    }

    /** Keep-masks (true keep) for each layer, in the order given, with no per-layer cap. */
    public List<boolean[]> masks(List<PrunableLayer> layers, double sparsity, Scope scope) {
        return masks(layers, sparsity, scope, 1.0);
    }

    /**
     * @throws io.cardeck.pruning.InvalidParameterException if the cap makes the target unreachable
     */
    public List<boolean[]> masks(List<PrunableLayer> layers, double sparsity, Scope scope, double maxLayerSparsity) {
        List<float[]> scores = layers.stream().map(criterion::scores).toList();
        SparsityTarget target = SparsityTarget.of(layers, sparsity, maxLayerSparsity);
        LayerBudget budget = scope == Scope.GLOBAL ? GlobalAllocation.budget(target, scores) : target.uniform();
        MaskPruner pruner = MaskPruner.layerWise(layers, scores);
        List<boolean[]> masks = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            masks.add(pruner.keepMask(l, budget.zeros(l)));
        }
        return masks;
    }
}
