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
     * How many of the {@code prune} lowest scores over all arrays each array loses, with no array
     * losing more than its cap. Water-filling: rank globally, fix the arrays the ranking takes past
     * their cap at the cap, and rank the rest of the target over the others; repeat until no cap is
     * passed. Ties at a threshold go in array order, then position.
     *
     * @param caps the most each array may lose; they must add up to at least {@code prune}
     */
    public static int[] countsUnderCaps(List<float[]> scores, long prune, int[] caps) {
        if (caps.length != scores.size() || Arrays.stream(caps).asLongStream().sum() < prune) {
            throw new IllegalArgumentException("caps " + Arrays.toString(caps) + " cannot hold " + prune + " pruned scores");
        }
        int n = scores.size();
        boolean[] capped = new boolean[n];
        int[] counts = new int[n];
        while (true) {
            List<float[]> open = new ArrayList<>();
            long budget = prune;
            for (int l = 0; l < n; l++) {
                if (capped[l]) {
                    budget -= caps[l];
                } else {
                    open.add(scores.get(l));
                }
            }
            int[] openCounts = lowestCounts(open, budget);
            boolean changed = false;
            int o = 0;
            for (int l = 0; l < n; l++) {
                if (capped[l]) {
                    counts[l] = caps[l];
                    continue;
                }
                counts[l] = openCounts[o++];
                if (counts[l] > caps[l]) {
                    capped[l] = true;
                    changed = true;
                }
            }
            if (!changed) {
                return counts;
            }
        }
    }

    /** How many of the {@code prune} lowest scores over all arrays together fall in each array. */
    static int[] lowestCounts(List<float[]> scores, long prune) {
        int[] counts = new int[scores.size()];
        if (prune <= 0) {
            return counts;
        }
        int total = scores.stream().mapToInt(s -> s.length).sum();
        float[] all = new float[total];
        int at = 0;
        for (float[] s : scores) {
            System.arraycopy(s, 0, all, at, s.length);
            at += s.length;
        }
        Arrays.sort(all);
        float threshold = all[(int) prune - 1];
        long below = 0;
        for (int l = 0; l < scores.size(); l++) {
            for (float score : scores.get(l)) {
                if (score < threshold) {
                    counts[l]++;
                    below++;
                }
            }
        }
        long ties = prune - below;
        for (int l = 0; l < scores.size() && ties > 0; l++) {
            for (float score : scores.get(l)) {
                if (score == threshold && ties > 0) {
                    counts[l]++;
                    ties--;
                }
            }
        }
        return counts;
    }
}
