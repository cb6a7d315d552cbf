package io.cardeck.pruning.training;

import io.cardeck.pruning.CheckpointListener;
import io.cardeck.pruning.JobProgress;
import io.cardeck.pruning.PruningContext;
import io.cardeck.trainer.BatchProgress;
import io.cardeck.trainer.EpochResult;
import io.cardeck.trainer.Trainer;
import io.cardeck.trainer.TrainingListener;
import java.nio.file.Path;

/**
 * Follows a training run for a pruning context: progress (every few seconds, and as milestones where
 * it starts and after each epoch with the held-out accuracy), cancellation between steps, and the
 * checkpoint listener after each epoch's checkpoint.
 */
public class ContextListener implements TrainingListener {

    private static final long REPORT_EVERY_NANOS = 5_000_000_000L;

    private final PruningContext context;
    private final JobProgress progress;
    private final String stage;
    private final Path checkpoints;
    private long lastReport;
    private int epochs = 1;

    /**
     * @param progress    the part of the job's progress this run spans
     * @param stage       prefix of each message, e.g. "round 2/4"
     * @param checkpoints the directory the run checkpoints into, reported to the context's listener
     */
    public ContextListener(PruningContext context, JobProgress progress, String stage, Path checkpoints) {
        this.context = context;
        this.progress = progress;
        this.stage = stage;
        this.checkpoints = checkpoints;
    }

    @Override
    public void onStart(int firstEpoch, int epochs, int batchesPerEpoch) {
        this.epochs = epochs;
        String resumed = firstEpoch > 1 ? ", resumed after epoch " + (firstEpoch - 1) + " from its checkpoint" : "";
        progress.milestone((firstEpoch - 1.0) / epochs, stage + "epoch " + firstEpoch + "/" + epochs + resumed);
        lastReport = System.nanoTime();
    }

    @Override
    public void onBatch(BatchProgress batch) {
        long now = System.nanoTime();
        if (now - lastReport >= REPORT_EVERY_NANOS) {
            lastReport = now;
            double done = (batch.epoch() - 1 + (double) batch.batch() / batch.batches()) / batch.epochs();
            progress.report(done, String.format("%sepoch %d/%d, batch %d/%d, loss %.3f, train accuracy %.1f%%", stage,
                    batch.epoch(), batch.epochs(), batch.batch(), batch.batches(), batch.loss(), 100 * batch.accuracy()));
        }
    }

    @Override
    public void afterStep(Trainer trainer, long step) {
        context.checkCancelled();
    }

    @Override
    public void onEpoch(EpochResult result) {
        String heldOut = result.heldOut().map(e -> String.format(", held-out accuracy %.2f%%", 100 * e.accuracy())).orElse("");
        progress.milestone((double) result.epoch() / epochs, String.format("%sepoch %d/%d done: loss %.3f%s", stage,
                result.epoch(), epochs, result.loss(), heldOut));
        // After the report, so that a platform that records where the checkpoint stands records this epoch's end.
        if (checkpoints != null) {
            context.checkpoints().checkpointSaved(checkpoints);
        }
    }
}
