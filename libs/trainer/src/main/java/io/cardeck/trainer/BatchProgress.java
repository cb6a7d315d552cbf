package io.cardeck.trainer;

/**
 * Progress after one training step.
 *
 * @param epoch the epoch in progress, from 1
 * @param epochs epochs in the run
 * @param batch the batch just trained, from 1
 * @param batches batches per epoch
 * @param step steps of the run so far (all epochs)
 * @param loss this batch's loss
 * @param accuracy running training accuracy of the epoch so far (clean view)
 * @param imagesPerSecond examples per second over the epoch so far, data loading included
 * @param learningRate the rate this step used
 */
public record BatchProgress(int epoch, int epochs, int batch, int batches, long step, double loss, double accuracy,
                            double imagesPerSecond, double learningRate) {
}
