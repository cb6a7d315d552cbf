package io.cardeck.pruning;

import io.cardeck.pruning.recovery.RecoveryParameters;

/**
 * Recovery after pruning: BatchNorm recalibration, then fine-tuning, with masks (unstructured) or
 * shapes (structured) kept. Implemented beside the trainer and found through
 * {@link java.util.ServiceLoader}.
 */
public interface Recovery {

    /**
     * @return the recovered model, its lineage's recipe extended with what was done and the held-out
     *     accuracy before and after
     */
    PruningResult recover(PruningResult pruned, RecoveryParameters parameters, PruningContext context);
}
