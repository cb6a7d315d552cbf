package io.cardeck.pruner.repository;

/**
 * The checkpoint a run of a job resumed from, as the {@code prune_jobs.resumed_from} JSON column
 * holds it and the API shows it.
 *
 * @param percent how far the job was when the checkpoint was saved, in [0, 100]
 * @param stage   the job's stage then, e.g. "epoch 2/5, held-out 88.1%"
 * @param savedAt ISO-8601 instant
 * @param savedBy the instance that saved it
 */
public record ResumePoint(double percent, String stage, String savedAt, String savedBy) {
}
