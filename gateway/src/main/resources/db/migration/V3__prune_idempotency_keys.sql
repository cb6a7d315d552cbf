-- Idempotency-Key of POST /api/prune-jobs: a client's retry with the same key and body is answered
-- with the job its first request created. Keys are per caller (the API key's name), so two clients
-- cannot collide; request_sha256 is the SHA-256 of the request's canonical JSON.
CREATE TABLE prune_idempotency_keys (
    caller           TEXT        NOT NULL,
    idempotency_key  TEXT        NOT NULL,
    request_sha256   TEXT        NOT NULL,
    job_id           UUID        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (caller, idempotency_key)
);
