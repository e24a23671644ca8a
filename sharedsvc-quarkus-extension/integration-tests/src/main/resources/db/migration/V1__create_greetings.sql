CREATE TABLE greetings (
    id      BIGSERIAL PRIMARY KEY,
    name    TEXT        NOT NULL,
    created TIMESTAMPTZ NOT NULL DEFAULT now()
);
