CREATE TABLE customer (
    id bigserial PRIMARY KEY,
    region_id bigint NOT NULL REFERENCES region (id),
    email text NOT NULL UNIQUE, name text NOT NULL, created timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_region_id ON customer (region_id);
