-- A deck of CARDs and its gate settings. Input shape and classes are the members' (all alike).
CREATE TABLE decks (
    name               TEXT        PRIMARY KEY,
    mode               TEXT        NOT NULL CHECK (mode IN ('gated', 'average', 'single')),
    k                  INTEGER     NOT NULL CHECK (k >= 1),
    granularity        TEXT        NOT NULL CHECK (granularity IN ('sample', 'batch')),
    distance           TEXT        NOT NULL CHECK (distance IN ('l1', 'l2', 'cosine')),
    channels           INTEGER     NOT NULL CHECK (channels > 0),
    height             INTEGER     NOT NULL CHECK (height > 0),
    width              INTEGER     NOT NULL CHECK (width > 0),
    labels             TEXT        NOT NULL,
    dataset            TEXT        NOT NULL,
    calibration_images INTEGER     NOT NULL CHECK (calibration_images > 0),
    calibration_seed   BIGINT      NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL
);

-- The cards of a deck, in order (the order of the response's member lists).
CREATE TABLE deck_cards (
    deck         TEXT    NOT NULL REFERENCES decks (name) ON DELETE CASCADE,
    position     INTEGER NOT NULL CHECK (position >= 0),
    model_id     UUID    NOT NULL,
    model_name   TEXT    NOT NULL,
    model_sha256 TEXT    NOT NULL,
    domain       TEXT    NOT NULL,
    PRIMARY KEY (deck, position),
    UNIQUE (deck, model_id)
);

-- Each domain's reference spectrum (height x width values, row-major, centred), computed at creation.
CREATE TABLE domain_references (
    deck     TEXT               NOT NULL REFERENCES decks (name) ON DELETE CASCADE,
    domain   TEXT               NOT NULL,
    height   INTEGER            NOT NULL,
    width    INTEGER            NOT NULL,
    spectrum DOUBLE PRECISION[] NOT NULL CHECK (cardinality(spectrum) = height * width),
    PRIMARY KEY (deck, domain)
);

-- The latest evaluation result of each model, from EvaluationCompleted events.
CREATE TABLE model_facts (
    model_id        UUID             PRIMARY KEY,
    evaluation_id   TEXT             NOT NULL,
    clean_accuracy  DOUBLE PRECISION NOT NULL,
    robust_accuracy DOUBLE PRECISION,
    completed_at    TIMESTAMPTZ      NOT NULL
);
