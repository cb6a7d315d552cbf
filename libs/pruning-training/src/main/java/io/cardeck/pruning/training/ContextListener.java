package io.cardeck.pruning.training;

import io.cardeck.events.TrainingRecord;
import io.cardeck.pruning.CheckpointListener;
import io.cardeck.pruning.JobProgress;
import io.cardeck.pruning.PruningContext;
import io.cardeck.trainer.BatchProgress;
import io.cardeck.trainer.EpochResult;
import io.cardeck.trainer.Trainer;
import io.cardeck.trainer.TrainingListener;
import java.nio.file.Path;

/**
 * Follows a training run for a pruning context: progress (every few seconds with the batch's loss,
 * and as milestones where it starts and after each epoch with the held-out accuracy), each with its
 * {@link TrainingRecord}, cancellation between steps, and the checkpoint listener after each epoch's
 * checkpoint.
 */
public class ContextListener implements TrainingListener {

    private static final long REPORT_EVERY_NANOS = 5_000_000_000L;

    private final PruningContext context;
    private final JobProgress progress;
    private final String stage;
    private final Integer round;
    private final Path checkpoints;
    private long lastReport;
    private int epochs = 1;

    /**
     * @param progress    the part of the job's progress this run spans
     * @param stage       what trains, e.g. "round 2/4 (sparsity 75.0%)": the records' stage and each message's prefix
     * @param round       the round of an iterative method this run retrains (from 1), null outside rounds
     * @param checkpoints the directory the run checkpoints into, reported to the context's listener
     */
    public ContextListener(PruningContext context, JobProgress progress, String stage, Integer round, Path checkpoints) {
        this.context = context;
        this.progress = progress;
        this.stage = stage;
        this.round = round;
        this.checkpoints = checkpoints;
    }

    @Override
    public void onStart(int firstEpoch, int epochs, int batchesPerEpoch) {
        this.epochs = epochs;
        String resumed = firstEpoch > 1 ? ", resumed after epoch " + (firstEpoch - 1) + " from its checkpoint" : "";
        progress.milestone((firstEpoch - 1.0) / epochs, stage + ": epoch " + firstEpoch + "/" + epochs + resumed);
        lastReport = System.nanoTime();
    }

    @Override
    public void onBatch(BatchProgress batch) {
        long now = System.nanoTime();
        if (now - lastReport >= REPORT_EVERY_NANOS) {
            lastReport = now;
            double done = (batch.epoch() - 1 + (double) batch.batch() / batch.batches()) / batch.epochs();
            String message = String.format("%s: epoch %d/%d, batch %d/%d, loss %.3f, train accuracy %.1f%%", stage,
                    batch.epoch(), batch.epochs(), batch.batch(), batch.batches(), batch.loss(), 100 * batch.accuracy());
            // A diverging run's loss (NaN, infinite) has no place on a curve: the message still says it.
            if (Double.isFinite(batch.loss())) {
                progress.report(done, message, TrainingRecord.batch(stage, round, batch.epoch(), batch.epochs(), batch.batch(),
                        batch.batches(), batch.loss(), batch.accuracy()));
            } else {
                progress.report(done, message);
            }
        }
    }

    @Override
    public void afterStep(Trainer trainer, long step) {
        context.checkCancelled();
    }

    @Override
    public void onEpoch(EpochResult result) {
        Double heldOut = result.heldOut().map(e -> e.accuracy()).orElse(null);
        String message = String.format("%s: epoch %d/%d done: loss %.3f%s", stage, result.epoch(), epochs, result.loss(),
                heldOut == null ? "" : String.format(", held-out accuracy %.2f%%", 100 * heldOut));
        double done = (double) result.epoch() / epochs;
        if (Double.isFinite(result.loss())) {
            progress.milestone(done, message, TrainingRecord.epochEnd(stage, round, result.epoch(), epochs, result.loss(),
                    result.accuracy(), heldOut));
        } else {
            progress.milestone(done, message);
        }
        // After the report, so that a platform that records where the checkpoint stands records this epoch's end.
        if (checkpoints != null) {
            context.checkpoints().checkpointSaved(checkpoints);
        }
    }
}
