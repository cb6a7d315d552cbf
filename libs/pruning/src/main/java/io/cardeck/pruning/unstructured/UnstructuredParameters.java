package io.cardeck.pruning.unstructured;

import io.cardeck.pruning.allocation.AllocationParameters;
import java.util.List;

/**
 * What every one-shot unstructured method (magnitude, wanda, lobs) takes, with the one wording of
 * each parameter their records declare.
 */
public interface UnstructuredParameters {

    String SPARSITY = "Fraction of the pruned layers' weights that are zero afterwards.";
    String ALLOCATION = "How the sparsity is divided among the pruned layers, e.g. {\"type\": \"erk\"}; type uniform,"
            + " global, erk, owl or dsa.";
    String KEEP_DENSE = "Layers left dense: node or weight names, 'stem' (the first Conv, if any) and 'classifier'"
            + " (the last prunable layer). [] prunes every layer.";
    String MAX_LAYER_SPARSITY = "No pruned layer goes above this sparsity, whatever the allocation; what it keeps is"
            + " pruned from the others, so the overall target still holds.";
    String CALIBRATION_IMAGES = "Images of the training split (never the test split, without the held-out part)"
            + " whose layer inputs the method uses.";

    Double sparsity();

    AllocationParameters allocation();

    List<String> keepDense();

    Double maxLayerSparsity();

    /** Calibration images for layer inputs: the method's own, and owl's outlier scores. */
    Integer calibrationImages();
}
