-- Long prune jobs: workers claim jobs with a lease that progress renews, keep the latest checkpoint
-- where every instance can read it, and register each round of an iterative method once.

-- A job can be cancelled (PENDING or RUNNING -> CANCELLED, final like SUCCEEDED and FAILED).
ALTER TABLE prune_jobs DROP CONSTRAINT prune_jobs_status_check;
ALTER TABLE prune_jobs ADD CONSTRAINT prune_jobs_status_check
    CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'));

-- The lease: which instance runs the job and until when, by the database's clock. A RUNNING job
-- whose lease has expired is claimed by the next free worker of any instance; a live lease is never
-- taken, however long the job has been running.
ALTER TABLE prune_jobs
    ADD COLUMN lease_owner      TEXT,
    ADD COLUMN lease_expires_at TIMESTAMPTZ,
    -- The latest progress report, so that a job read over REST says how far it is.
    ADD COLUMN progress         DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
    ADD COLUMN stage            TEXT,
    -- The checkpoint the latest attempt resumed from (its stage, progress and time), null when it
    -- started from scratch.
    ADD COLUMN resumed_from     JSONB;
-- Jobs left RUNNING by the version before leases are free to claim at once.
UPDATE prune_jobs SET lease_owner = '(before leases)', lease_expires_at = now() WHERE status = 'RUNNING';
ALTER TABLE prune_jobs ADD CONSTRAINT prune_jobs_running_is_leased
    CHECK ((status = 'RUNNING') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL));

-- The claim's lookup: what a worker may take, oldest first.
DROP INDEX prune_jobs_unfinished;
CREATE INDEX prune_jobs_claimable ON prune_jobs (created_at) WHERE status IN ('PENDING', 'RUNNING');

-- The latest complete checkpoint of a running job: its work directory as a zip archive. In compose
-- and Kubernetes only the database is shared between instances, so this is where another instance
-- resumes from. Removed when the job ends.
CREATE TABLE job_checkpoints (
    job_id     UUID             PRIMARY KEY REFERENCES prune_jobs (id) ON DELETE CASCADE,
    archive    BYTEA            NOT NULL,
    sha256     TEXT             NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    -- The job's progress when the checkpoint was saved: where a resumed run starts again.
    progress   DOUBLE PRECISION NOT NULL CHECK (progress BETWEEN 0 AND 1),
    stage      TEXT             NOT NULL,
    saved_by   TEXT             NOT NULL,
    saved_at   TIMESTAMPTZ      NOT NULL DEFAULT now()
);

-- The model each finished round of an iterative job (LRR, LTH) was registered as: a round is
-- registered once, even when a resumed run finishes it again. Round 0 is the dense model LTH trains
-- before its rounds.
CREATE TABLE job_rounds (
    job_id   UUID    NOT NULL REFERENCES prune_jobs (id) ON DELETE CASCADE,
    round    INTEGER NOT NULL CHECK (round >= 0),
    -- Deferred: the round is claimed (the guard against registering it twice) before its model is
    -- inserted, in the same transaction.
    model_id UUID    NOT NULL UNIQUE REFERENCES models (id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (job_id, round)
);
