CREATE TABLE failover_marker (id int);
-- long enough for the test to restart the server under it
SELECT pg_sleep(3);
