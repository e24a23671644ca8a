CREATE TABLE purchase (
    id         bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES account (id),
    total      numeric(12, 2) NOT NULL,
    token      bytea NOT NULL DEFAULT gen_random_bytes(8)
);
CREATE VIEW purchase_total AS SELECT account_id, sum(total) AS total FROM purchase GROUP BY account_id;
CREATE FUNCTION account_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM account';
