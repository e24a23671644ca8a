-- Records which way the migration's session came in: PooledEndpointTest's PgBouncer marks the server connections it
-- opens with sharedsvc_test.via = 'pgbouncer'; a direct session has no such setting.
CREATE TABLE migration_witness (via text);
INSERT INTO migration_witness SELECT coalesce(current_setting('sharedsvc_test.via', true), '');
