CREATE TABLE account (
    id      bigserial PRIMARY KEY,
    email   text NOT NULL UNIQUE,
    created timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_created ON account (created);
INSERT INTO account (email) VALUES ('seed@example.com');
