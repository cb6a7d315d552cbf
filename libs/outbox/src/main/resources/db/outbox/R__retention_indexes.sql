-- Shipped by cardeck-outbox. Repeatable (IF NOT EXISTS), so that it reaches a service's database
-- whatever version its own migrations are at: the retention's deletes (RetentionPolicy) find old rows
-- through these instead of reading whole tables.
CREATE INDEX IF NOT EXISTS outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS processed_events_processed_at ON processed_events (processed_at);
