package io.cardeck.pruning.allocation;

import java.util.List;
import java.util.stream.IntStream;
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
        int[] ceilings = IntStream.range(0, scores.size()).map(target::ceiling).toArray();
        return target.fromCounts(ScoreRanking.countsUnderCaps(scores, target.zeros(), ceilings), Map.of());
    }
}
