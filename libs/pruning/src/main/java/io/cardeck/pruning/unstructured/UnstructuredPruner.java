package io.cardeck.pruning.unstructured;

import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.allocation.ScoreRanking;
import io.cardeck.pruning.importance.ImportanceCriterion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Zeroes the lowest-scoring individual weights under a criterion until a sparsity target is met,
 * exactly: {@code round(sparsity * n)} weights are zero afterwards (counting weights already zero,
 * which score lowest under magnitude). Ties are broken by layer order, then position, so the result
 * is deterministic. Under a global scope a per-layer cap keeps any layer from collapsing: a layer
 * that the global ranking would take past the cap is pruned to the cap, and the rest of the target
 * is ranked over the other layers.
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
     * Keep-masks for each layer, in the order given.
     *
     * @throws InvalidParameterException if the cap makes the target unreachable
     */
    public List<boolean[]> masks(List<PrunableLayer> layers, double sparsity, Scope scope, double maxLayerSparsity) {
        List<float[]> scores = layers.stream().map(criterion::scores).toList();
        if (scope == Scope.LAYER) {
            List<boolean[]> masks = new ArrayList<>();
            for (float[] layerScores : scores) {
                masks.add(ScoreRanking.keepMasks(List.of(layerScores), (int) Math.round(sparsity * layerScores.length)).get(0));
            }
            return masks;
        }
        int total = scores.stream().mapToInt(s -> s.length).sum();
        int prune = (int) Math.round(sparsity * total);
        int[] caps = scores.stream().mapToInt(s -> (int) Math.floor(maxLayerSparsity * s.length)).toArray();
        if (Arrays.stream(caps).sum() < prune) {
            throw new InvalidParameterException("a sparsity of " + sparsity + " cannot be met with no layer above "
                    + maxLayerSparsity + "; raise maxLayerSparsity or lower the sparsity");
        }
        return ScoreRanking.keepMasksUnderCaps(scores, prune, caps);
    }
}
