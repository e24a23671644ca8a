CREATE TABLE warehouse (
    id bigserial PRIMARY KEY,
    region_id bigint NOT NULL REFERENCES region (id),
    code text NOT NULL UNIQUE
);
CREATE INDEX warehouse_region_id ON warehouse (region_id);
