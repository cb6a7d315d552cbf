package io.cardeck.trainer;

/**
 * A training step's loss was not finite: the weights are NaN or infinite from there on, and every
 * later step would only spend time on them. The run stops at that step instead of saving such a model.
 */
public class TrainingDivergedException extends IllegalStateException {

    public TrainingDivergedException(String message) {
        super(message);
    }
}
