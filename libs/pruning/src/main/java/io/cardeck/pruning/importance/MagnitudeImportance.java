package io.cardeck.pruning.importance;

import io.cardeck.pruning.PrunableLayer;

/** |w|: the classic magnitude criterion (Han et al. 2015), the baseline of every pruning paper. */
public final class MagnitudeImportance implements ImportanceCriterion {

    @Override
    public String name() {
        return "magnitude";
    }

    @Override
    public float[] scores(PrunableLayer layer) {
        float[] weights = layer.weight().data();
        float[] scores = new float[weights.length];
        for (int i = 0; i < weights.length; i++) {
            scores[i] = Math.abs(weights[i]);
        }
        return scores;
    }
}
