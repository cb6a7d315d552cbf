package io.cardeck.pruning.allocation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses what to prune from scores: the lowest scores go first, over one or several score arrays
 * together, with ties broken by array order, then position, so that a choice is deterministic.
 * Shared by the unstructured pruner (one score per weight) and the structured one (one per channel).
 */
public final class ScoreRanking {

    private ScoreRanking() {}

    /** Keep-masks (true keeps) that prune exactly the {@code prune} lowest scores over all {@code scores} arrays together. */
    public static List<boolean[]> keepMasks(List<float[]> scores, int prune) {
        int total = scores.stream().mapToInt(s -> s.length).sum();
        if (prune < 0 || prune > total) {
            throw new IllegalArgumentException("cannot prune " + prune + " of " + total + " scores");
        }
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
        for (float[] arrayScores : scores) {
            boolean[] keep = new boolean[arrayScores.length];
            for (int i = 0; i < arrayScores.length; i++) {
                float score = arrayScores[i];
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

    /**
     * Keep-masks that prune the {@code prune} lowest scores over all arrays with no array losing more
     * than its cap. Water-filling: rank globally, fix the arrays the ranking takes past their cap at
     * the cap, and rank the rest of the target over the others; repeat until no cap is passed.
     *
     * @param caps the most each array may lose; they must add up to at least {@code prune}
     */
    public static List<boolean[]> keepMasksUnderCaps(List<float[]> scores, int prune, int[] caps) {
        if (caps.length != scores.size() || Arrays.stream(caps).sum() < prune) {
            throw new IllegalArgumentException("caps " + Arrays.toString(caps) + " cannot hold " + prune + " pruned scores");
        }
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
                if (countPruned(mask) > caps[l]) {
                    capped[l] = true;
                    changed = true;
                }
                result[l] = mask;
            }
            if (!changed) {
                break;
            }
        }
        List<boolean[]> masks = new ArrayList<>();
        for (int l = 0; l < scores.size(); l++) {
            masks.add(capped[l] ? keepMasks(List.of(scores.get(l)), caps[l]).get(0) : result[l]);
        }
        return masks;
    }

    /** How many entries a keep-mask prunes. */
    public static int countPruned(boolean[] mask) {
        int pruned = 0;
        for (boolean keep : mask) {
            if (!keep) {
                pruned++;
            }
        }
        return pruned;
    }
}
