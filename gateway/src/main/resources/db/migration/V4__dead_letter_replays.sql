-- Dead letters replayed through POST /api/admin/dead-letters/{id}/replay: a second replay of one is
-- answered with the first and publishes nothing. The row and the publication are one transaction
-- (the row rolls back when Kafka does not take the message); a crash between the broker's
-- acknowledgement and the commit can publish twice, which the consumers' processed event ids absorb.
CREATE TABLE dead_letter_replays (
    dead_letter_id  TEXT        PRIMARY KEY,
    topic           TEXT        NOT NULL,
    event_key       TEXT,
    event_id        UUID        NOT NULL,
    replayed_by     TEXT        NOT NULL,
    replayed_at     TIMESTAMPTZ NOT NULL
);
