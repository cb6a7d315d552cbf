package io.cardeck.pruning.unstructured;

import java.util.List;

/**
 * A one-shot method's way to prune each of its layers to a given number of zeros: by a mask of the
 * lowest scores (magnitude, wanda) or with a reconstruction of the weights kept (lobs). The
 * allocation decides the numbers; the pruner is asked again for every candidate a search tries.
 */
public interface LayerwisePruner {

    /** The importance of every weight of each pruned layer (higher: keep), in the weight's layout. */
    List<float[]> scores();

    /** Layer {@code layer}'s new values with {@code zeros} weights zero; the layer's other state is not changed. */
    LayerWeights prune(int layer, int zeros);
}
