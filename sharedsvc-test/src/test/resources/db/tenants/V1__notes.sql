CREATE TABLE author (
    id   bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE
);
CREATE TABLE note (
    id        bigserial PRIMARY KEY,
    author_id bigint NOT NULL REFERENCES author (id),
    body      text NOT NULL,
    digest    bytea NOT NULL GENERATED ALWAYS AS (digest(body, 'sha256')) STORED
);
INSERT INTO author (name) VALUES ('seed');
