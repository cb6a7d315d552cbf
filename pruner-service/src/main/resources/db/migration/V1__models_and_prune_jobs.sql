-- The pruner-service's tables (schema pruner): the model registry and the prune jobs.

-- One row per registered model; its ONNX bytes are in model_artifacts so that listing models reads no blobs.
CREATE TABLE models (
    id                  UUID        PRIMARY KEY,
    name                TEXT        NOT NULL,
    dataset             TEXT        NOT NULL,
    labels              JSONB       NOT NULL,
    origin              TEXT        NOT NULL CHECK (origin IN ('UPLOAD', 'ZOO', 'PRUNED')),
    parent_id           UUID        REFERENCES models (id),
    sha256              TEXT        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes          BIGINT      NOT NULL CHECK (size_bytes > 0),
    input_shape         JSONB       NOT NULL,
    parameters          BIGINT      NOT NULL CHECK (parameters >= 0),
    non_zero_parameters BIGINT      NOT NULL CHECK (non_zero_parameters BETWEEN 0 AND parameters),
    macs                BIGINT      NOT NULL CHECK (macs >= 0),
    lineage             JSONB,
    created_at          TIMESTAMPTZ NOT NULL,
    -- A pruned model names its parent and only a pruned one does (as ModelReady requires).
    CHECK ((origin = 'PRUNED') = (parent_id IS NOT NULL))
);
CREATE INDEX models_newest_first ON models (created_at DESC, id);
CREATE INDEX models_by_parent ON models (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE model_artifacts (
    model_id UUID  PRIMARY KEY REFERENCES models (id) ON DELETE CASCADE,
    onnx     BYTEA NOT NULL
);

-- A prune job per PruneRequested; id is the gateway's jobId. model_id is kept as requested (it may
-- name no model: such a job fails), so it is text without a foreign key.
CREATE TABLE prune_jobs (
    id              UUID        PRIMARY KEY,
    model_id        TEXT        NOT NULL,
    method          TEXT        NOT NULL,
    params          JSONB       NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    -- Deferred: the job is marked SUCCEEDED (the guard against storing a result twice) before the
    -- result model is inserted, in the same transaction.
    result_model_id UUID        UNIQUE REFERENCES models (id) DEFERRABLE INITIALLY DEFERRED,
    error           TEXT,
    attempts        INTEGER     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((status = 'SUCCEEDED') = (result_model_id IS NOT NULL)),
    CHECK ((status = 'FAILED') = (error IS NOT NULL))
);
-- The recovery sweep's lookup: unfinished jobs by age.
CREATE INDEX prune_jobs_unfinished ON prune_jobs (updated_at) WHERE status IN ('PENDING', 'RUNNING');
