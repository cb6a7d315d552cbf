-- The role `metrics`: a key that opens /q/metrics only, for a scraper such as Prometheus.
ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('admin', 'predict', 'read', 'metrics'));
