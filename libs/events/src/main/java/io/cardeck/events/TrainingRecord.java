package io.cardeck.events;

/**
 * Where a training run of a prune job stands, as its progress carries it: the end of an epoch (no
 * {@code batch}), or a batch reported within one.
 *
 * @param stage           what is training, e.g. "fine-tuning" or "round 2/4 (sparsity 75.0%)"
 * @param round           the round of an iterative method (from 1), null outside rounds
 * @param epoch           the epoch in progress or just finished, from 1
 * @param epochs          epochs of the run
 * @param batch           the batch just trained (from 1); null at an epoch's end
 * @param batches         batches per epoch; given exactly when {@code batch} is
 * @param loss            the batch's training loss, or the epoch's mean at its end
 * @param trainAccuracy   training accuracy of the epoch so far (clean view), in [0, 1]
 * @param heldOutAccuracy accuracy on the held-out part of the training split after the epoch; null
 *                        where it was not measured (every batch, and runs without held-out images)
 */
public record TrainingRecord(String stage, Integer round, int epoch, int epochs, Integer batch, Integer batches, double loss,
                             double trainAccuracy, Double heldOutAccuracy) {

    public TrainingRecord {
        EventChecks.text(stage, "training.stage");
        if (round != null && round < 1) {
            throw new IllegalArgumentException("training.round must be >= 1 (or null outside rounds), got " + round);
        }
        if (epochs < 1 || epoch < 1 || epoch > epochs) {
            throw new IllegalArgumentException("training.epoch must be in 1..epochs and epochs >= 1, got epoch " + epoch
                    + " of " + epochs);
        }
        if ((batch == null) != (batches == null)) {
            throw new IllegalArgumentException("training.batch and training.batches come together (a batch's report) or"
                    + " not at all (an epoch's end), got batch " + batch + " and batches " + batches);
        }
        if (batch != null && (batches < 1 || batch < 1 || batch > batches)) {
            throw new IllegalArgumentException("training.batch must be in 1..batches and batches >= 1, got batch " + batch
                    + " of " + batches);
        }
        if (!(loss >= 0 && loss < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("training.loss must be a finite number >= 0, got " + loss);
        }
        EventChecks.fraction(trainAccuracy, "training.trainAccuracy");
        if (heldOutAccuracy != null) {
            EventChecks.fraction(heldOutAccuracy, "training.heldOutAccuracy");
            if (batch != null) {
                throw new IllegalArgumentException("training.heldOutAccuracy is measured after an epoch, not in a batch's"
                        + " report (batch " + batch + ")");
            }
        }
    }

    /** The end of epoch {@code epoch}: its mean loss, training accuracy and, where measured, held-out accuracy. */
    public static TrainingRecord epochEnd(String stage, Integer round, int epoch, int epochs, double loss,
                                          double trainAccuracy, Double heldOutAccuracy) {
        return new TrainingRecord(stage, round, epoch, epochs, null, null, loss, trainAccuracy, heldOutAccuracy);
    }

    /** Batch {@code batch} of epoch {@code epoch}: its loss and the epoch's training accuracy so far. */
    public static TrainingRecord batch(String stage, Integer round, int epoch, int epochs, int batch, int batches,
                                       double loss, double trainAccuracy) {
        return new TrainingRecord(stage, round, epoch, epochs, batch, batches, loss, trainAccuracy, null);
    }
}
