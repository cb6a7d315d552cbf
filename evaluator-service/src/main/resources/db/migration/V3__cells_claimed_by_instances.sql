-- Scale-out: an evaluation is split into cells (the clean images, and each corruption x severity) that
-- evaluator instances claim one at a time under a lease, as the pruner's instances claim jobs. The instance
-- holding a cell stores its result (a guarded update, so a cell is stored once whoever computes it); the
-- transaction that stores an evaluation's last cell merges them into the evaluation and announces it.
CREATE TABLE cell_jobs (
    id                           UUID             PRIMARY KEY,
    evaluation_id                UUID             NOT NULL REFERENCES evaluations (id),
    -- The cell's place in the evaluation's plan: 0 is the clean images.
    position                     INTEGER          NOT NULL CHECK (position >= 0),
    corruption                   TEXT,
    severity                     INTEGER          NOT NULL CHECK (severity BETWEEN 0 AND 5),
    status                       TEXT             NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'DONE')),
    -- Claims so far; a graceful release gives its claim back, so this counts instances lost on the cell.
    attempts                     INTEGER          NOT NULL CHECK (attempts >= 0),
    lease_owner                  TEXT,
    lease_expires_at             TIMESTAMPTZ,
    started_at                   TIMESTAMPTZ,
    finished_at                  TIMESTAMPTZ,
    computed_by                  TEXT,
    suite_id                     UUID             REFERENCES suites (id),
    images                       BIGINT           CHECK (images > 0),
    correct                      BIGINT           CHECK (correct >= 0),
    accuracy                     DOUBLE PRECISION CHECK (accuracy BETWEEN 0 AND 1),
    -- The clean cell's further figures: its calibration, and the model's size and latency.
    mean_negative_log_likelihood DOUBLE PRECISION,
    expected_calibration_error   DOUBLE PRECISION,
    calibration_bins             JSONB,
    parameters                   BIGINT,
    non_zero_parameters          BIGINT,
    latency_millis_per_image     DOUBLE PRECISION,
    UNIQUE (evaluation_id, position),
    CHECK ((corruption IS NULL) = (severity = 0)),
    CHECK ((status = 'RUNNING') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL)),
    CHECK ((status = 'DONE') = (accuracy IS NOT NULL AND images IS NOT NULL AND correct IS NOT NULL
                                AND computed_by IS NOT NULL AND finished_at IS NOT NULL)),
    CHECK (status <> 'DONE' OR severity > 0 OR latency_millis_per_image IS NOT NULL)
);
-- The cells still to compute, for claims and the pending-cells gauge.
CREATE INDEX cell_jobs_open ON cell_jobs (evaluation_id, position) WHERE status <> 'DONE';

-- The instance, heartbeat and attempts of a whole evaluation gave way to those of its cells. An evaluation
-- RUNNING at this migration has no cells yet: an instance plans it when it next looks for work.
DROP INDEX evaluations_running;
ALTER TABLE evaluations DROP COLUMN owner, DROP COLUMN attempts, DROP COLUMN heartbeat_at;
CREATE INDEX evaluations_running ON evaluations (created_at) WHERE status = 'RUNNING';
