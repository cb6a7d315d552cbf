package io.cardeck.trainer;

/**
 * What one training step (or gradient pass) measured on its batch.
 *
 * @param loss the mean loss that was differentiated
 * @param correct examples whose clean-view prediction matched the label
 * @param size examples in the batch
 */
public record StepResult(double loss, int correct, int size) {

    public double accuracy() {
        return size == 0 ? 0 : (double) correct / size;
    }
}
