-- CREATE INDEX CONCURRENTLY cannot run inside a transaction: Flyway runs this file outside one (it detects the
-- statement), and the build waits for every transaction open at its start, Flyway's lock included unless
-- postgresql.transactional.lock is false.
CREATE INDEX CONCURRENTLY events_kind ON events (kind);
