CREATE TABLE supplier (
    id bigserial PRIMARY KEY,
    region_id bigint NOT NULL REFERENCES region (id),
    name text NOT NULL, rating smallint NOT NULL DEFAULT 3 CHECK (rating BETWEEN 1 AND 5)
);
CREATE INDEX supplier_region_id ON supplier (region_id);
