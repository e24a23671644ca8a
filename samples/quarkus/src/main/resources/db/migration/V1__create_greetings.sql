CREATE TABLE greetings (
    id      BIGSERIAL PRIMARY KEY,
    name    TEXT        NOT NULL,
    text    TEXT        NOT NULL,
    created TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX greetings_by_name ON greetings (name, id DESC);
