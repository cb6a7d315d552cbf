-- The retention (cardeck.retention.*) deletes the rows of these tables by age: it finds them by these.
CREATE INDEX prune_requests_by_age ON prune_requests (created_at);
CREATE INDEX prune_idempotency_keys_by_age ON prune_idempotency_keys (created_at);
CREATE INDEX dead_letter_replays_by_age ON dead_letter_replays (replayed_at);
