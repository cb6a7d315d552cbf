package io.cardeck.pruning.allocation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One threshold over the method's scores in all pruned layers: the lowest {@code round(sparsity * n)}
 * scores go, wherever they are. Ties at the threshold go in layer order, then position. A layer
 * the ranking would take past its ceiling is held at the ceiling and the rest of the target is
 * ranked over the other layers (water-filling), so the overall target still holds.
 */
public final class GlobalAllocation implements Allocation {

    @Override
    public AllocationType type() {
        return AllocationType.GLOBAL;
    }

    @Override
    public LayerBudget allocate(AllocationInput input) {
        return budget(input.target(), input.scores().get());
    }

    /** The counts of one threshold over {@code scores}, one array per layer of {@code target}. */
    public static LayerBudget budget(SparsityTarget target, List<float[]> scores) {
        int n = scores.size();
        boolean[] capped = new boolean[n];
        int[] counts = new int[n];
        while (true) {
            List<float[]> open = new ArrayList<>();
            long budget = target.zeros();
            for (int l = 0; l < n; l++) {
                if (capped[l]) {
                    budget -= target.ceiling(l);
                } else {
                    open.add(scores.get(l));
                }
            }
            int[] openCounts = lowestCounts(open, budget);
            boolean changed = false;
            int o = 0;
            for (int l = 0; l < n; l++) {
                if (capped[l]) {
                    counts[l] = target.ceiling(l);
                    continue;
                }
                counts[l] = openCounts[o++];
                if (counts[l] > target.ceiling(l)) {
                    capped[l] = true;
                    changed = true;
                }
            }
            if (!changed) {
                return target.fromCounts(counts, Map.of());
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
