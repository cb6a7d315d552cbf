package io.cardeck.pruning.importance;

import io.cardeck.pruning.PrunableLayer;

/** How much each weight of a layer matters: the pruner removes the lowest scores first. */
public interface ImportanceCriterion {

    String name();

    /** One score per weight of {@code layer}, in the weight's row-major order. */
    float[] scores(PrunableLayer layer);
}
