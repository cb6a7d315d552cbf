package io.cardeck.trainer;

import java.util.Optional;

/**
 * One finished epoch.
 *
 * @param epoch from 1
 * @param loss mean training loss over the epoch's batches
 * @param accuracy training accuracy (clean view)
 * @param evaluation held-out evaluation after the epoch, or null when the run has no evaluation set
 * @param learningRate the rate of the epoch's last step
 * @param seconds wall time of the epoch, evaluation excluded
 * @param imagesPerSecond training examples per second
 */
public record EpochResult(int epoch, double loss, double accuracy, Evaluation evaluation, double learningRate,
                          double seconds, double imagesPerSecond) {

    /** The held-out evaluation, if the run has an evaluation set. */
    public Optional<Evaluation> heldOut() {
        return Optional.ofNullable(evaluation);
    }
}
