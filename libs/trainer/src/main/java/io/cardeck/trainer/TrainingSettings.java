package io.cardeck.trainer;

/**
 * What fixes a run's outcome besides the model and data: a checkpoint records it, and a run
 * resumes only from a checkpoint with equal settings.
 *
 * @param epochs length of the run
 * @param batchSize examples per step
 * @param seed the seed every random choice derives from
 * @param trainImages size of the training set
 * @param optimizer the optimiser's settings as text
 * @param schedule the learning-rate schedule as text
 * @param loss the loss as text
 * @param augmentation base and view augmentations by name
 */
public record TrainingSettings(int epochs, int batchSize, long seed, int trainImages, String optimizer,
                               String schedule, String loss, String augmentation) {
}
