-- Corruption suites this service generated, and where: a suite lives on the disk of the host that made it.
CREATE TABLE suites (
    id                  UUID        PRIMARY KEY,
    host                TEXT        NOT NULL,
    directory           TEXT        NOT NULL,
    dataset             TEXT        NOT NULL,
    split               TEXT        NOT NULL,
    images_per_severity INTEGER     NOT NULL CHECK (images_per_severity > 0),
    seed                BIGINT      NOT NULL,
    generator           TEXT        NOT NULL,
    corruptions         TEXT        NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    UNIQUE (host, directory)
);

-- One evaluation of one model; a job in the database: RUNNING -> SUCCEEDED | FAILED.
-- owner and heartbeat_at say which instance works on a RUNNING one and that it is alive.
CREATE TABLE evaluations (
    id                           UUID             PRIMARY KEY,
    model_id                     UUID             NOT NULL,
    model_sha256                 TEXT             NOT NULL,
    model_ready_event_id         UUID             NOT NULL UNIQUE,
    status                       TEXT             NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    dataset                      TEXT             NOT NULL,
    samples_per_cell             INTEGER          NOT NULL CHECK (samples_per_cell > 0),
    suite_id                     UUID             REFERENCES suites (id),
    clean_accuracy               DOUBLE PRECISION,
    robust_accuracy              DOUBLE PRECISION,
    extra_accuracy               DOUBLE PRECISION,
    expected_calibration_error   DOUBLE PRECISION,
    mean_negative_log_likelihood DOUBLE PRECISION,
    parameters                   BIGINT,
    non_zero_parameters          BIGINT,
    latency_millis_per_image     DOUBLE PRECISION,
    images_per_second            DOUBLE PRECISION,
    error                        TEXT,
    owner                        TEXT,
    attempts                     INTEGER          NOT NULL,
    heartbeat_at                 TIMESTAMPTZ      NOT NULL,
    created_at                   TIMESTAMPTZ      NOT NULL,
    completed_at                 TIMESTAMPTZ,
    CHECK ((status = 'SUCCEEDED') = (clean_accuracy IS NOT NULL)),
    CHECK ((status = 'FAILED') = (error IS NOT NULL))
);
CREATE INDEX evaluations_by_model ON evaluations (model_id, created_at DESC);
CREATE INDEX evaluations_running ON evaluations (heartbeat_at) WHERE status = 'RUNNING';

-- Accuracy on each corruption x severity cell of a SUCCEEDED evaluation.
CREATE TABLE evaluation_cells (
    evaluation_id UUID             NOT NULL REFERENCES evaluations (id),
    corruption    TEXT             NOT NULL,
    severity      INTEGER          NOT NULL CHECK (severity BETWEEN 1 AND 5),
    count         BIGINT           NOT NULL CHECK (count > 0),
    accuracy      DOUBLE PRECISION NOT NULL CHECK (accuracy BETWEEN 0 AND 1),
    PRIMARY KEY (evaluation_id, corruption, severity)
);
