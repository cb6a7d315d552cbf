-- Prune requests the gateway accepted. Its PruneRequested event is written to the outbox in the
-- same transaction; the row is removed once the pruner-service reports on the job (any prune event),
-- from then on the pruner-service answers for the job.
CREATE TABLE prune_requests (
    id          UUID        PRIMARY KEY,
    model_id    UUID        NOT NULL,
    method      TEXT        NOT NULL,
    params      JSONB       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
