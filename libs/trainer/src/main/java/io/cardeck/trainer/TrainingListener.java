package io.cardeck.trainer;

/**
 * Follows a {@link TrainingRun}; every method runs on the training thread, between steps.
 * Exceptions thrown here abort the run (its last checkpoint stays).
 */
public interface TrainingListener {

    /** The run starts at epoch {@code firstEpoch} (from 1; later than 1 when resumed from a checkpoint). */
    default void onStart(int firstEpoch, int epochs, int batchesPerEpoch) {
    }

    default void onBatch(BatchProgress progress) {
    }

    /**
     * After each step, before the next: pruning methods that act during training (gradual pruning,
     * regrowth) read gradients and values and change masks here.
     *
     * @param step steps of the run so far, from 1
     */
    default void afterStep(Trainer trainer, long step) {
    }

    /** After each epoch, once its checkpoint (if any) is saved. */
    default void onEpoch(EpochResult result) {
    }
}
