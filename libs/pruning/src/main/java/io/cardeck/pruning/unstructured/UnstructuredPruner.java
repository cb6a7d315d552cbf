package io.cardeck.pruning.unstructured;

import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.importance.ImportanceCriterion;
import java.util.ArrayList;
import java.util.List;

/**
 * Zeroes the lowest-scoring individual weights under a criterion until a sparsity target is met,
 * exactly: {@code round(sparsity * n)} weights are zero afterwards (counting weights already zero,
 * which score lowest under magnitude). Ties are broken by layer order, then position, so the result
 * is deterministic.
 */
public final class UnstructuredPruner {

    private final ImportanceCriterion criterion;

    public UnstructuredPruner(ImportanceCriterion criterion) {
        this.criterion = criterion;
    }

    /** Keep-masks (1 keep, 0 prune) for each layer, in the order given. */
    public List<boolean[]> masks(List<PrunableLayer> layers, double sparsity, Scope scope) {
        List<float[]> scores = layers.stream().map(criterion::scores).toList();
        List<boolean[]> masks = new ArrayList<>();
        if (scope == Scope.LAYER) {
            for (float[] layerScores : scores) {
                masks.add(keepMask(List.of(layerScores), sparsity).get(0));
            }
            return masks;
        }
        return keepMask(scores, sparsity);
    }

    /** Prunes the {@code round(sparsity * total)} lowest scores over all {@code scores} arrays together. */
    private static List<boolean[]> keepMask(List<float[]> scores, double sparsity) {
        int total = scores.stream().mapToInt(s -> s.length).sum();
        int prune = (int) Math.round(sparsity * total);
        float threshold = Float.NEGATIVE_INFINITY;
        int belowThreshold = 0;
        if (prune > 0) {
            float[] all = new float[total];
            int at = 0;
            for (float[] s : scores) {
                System.arraycopy(s, 0, all, at, s.length);
                at += s.length;
            }
            java.util.Arrays.sort(all);
            threshold = all[prune - 1];
            for (float s : all) {
                if (s < threshold) {
                    belowThreshold++;
                }
            }
        }
        int tiesToPrune = prune - belowThreshold;
        List<boolean[]> masks = new ArrayList<>();
        for (float[] layerScores : scores) {
            boolean[] keep = new boolean[layerScores.length];
            for (int i = 0; i < layerScores.length; i++) {
                float score = layerScores[i];
                if (score < threshold) {
                    keep[i] = false;
                } else if (score == threshold && tiesToPrune > 0) {
                    keep[i] = false;
                    tiesToPrune--;
                } else {
                    keep[i] = true;
                }
            }
            masks.add(keep);
        }
        return masks;
    }
}
