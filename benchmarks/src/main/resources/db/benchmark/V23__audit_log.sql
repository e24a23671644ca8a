CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    actor text NOT NULL, action text NOT NULL, at timestamptz NOT NULL DEFAULT now(), detail jsonb
);
