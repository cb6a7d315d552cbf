package io.cardeck.pruning.unstructured;

import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.PrunableLayer;
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
        List<boolean[]> masks = new ArrayList<>();
        if (scope == Scope.LAYER) {
            for (float[] layerScores : scores) {
                masks.add(keepMasks(List.of(layerScores), (int) Math.round(sparsity * layerScores.length)).get(0));
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
        // Water-filling: rank globally, fix the layers the ranking takes past their cap at the cap, repeat.
        boolean[] capped = new boolean[scores.size()];
        boolean[][] result = new boolean[scores.size()][];
        while (true) {
            List<float[]> open = new ArrayList<>();
            int budget = prune;
            for (int l = 0; l < scores.size(); l++) {
                if (capped[l]) {
                    budget -= caps[l];
                } else {
                    open.add(scores.get(l));
                }
            }
            List<boolean[]> openMasks = keepMasks(open, budget);
            boolean changed = false;
            int o = 0;
            for (int l = 0; l < scores.size(); l++) {
                if (capped[l]) {
                    continue;
                }
                boolean[] mask = openMasks.get(o++);
                long pruned = countPruned(mask);
                if (pruned > caps[l]) {
                    capped[l] = true;
                    changed = true;
                }
                result[l] = mask;
            }
            if (!changed) {
                break;
            }
        }
        for (int l = 0; l < scores.size(); l++) {
            masks.add(capped[l] ? keepMasks(List.of(scores.get(l)), caps[l]).get(0) : result[l]);
        }
        return masks;
    }

    private static long countPruned(boolean[] mask) {
        long pruned = 0;
        for (boolean keep : mask) {
            if (!keep) {
                pruned++;
            }
        }
        return pruned;
    }

    /** Prunes the {@code prune} lowest scores over all {@code scores} arrays together. */
    private static List<boolean[]> keepMasks(List<float[]> scores, int prune) {
        int total = scores.stream().mapToInt(s -> s.length).sum();
        float threshold = Float.NEGATIVE_INFINITY;
        int belowThreshold = 0;
        if (prune > 0) {
            float[] all = new float[total];
            int at = 0;
            for (float[] s : scores) {
                System.arraycopy(s, 0, all, at, s.length);
                at += s.length;
            }
            Arrays.sort(all);
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
