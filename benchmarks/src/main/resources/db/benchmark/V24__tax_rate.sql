CREATE TABLE tax_rate (
    id bigserial PRIMARY KEY,
    region_id bigint NOT NULL REFERENCES region (id),
    rate numeric(5, 4) NOT NULL
);
CREATE INDEX tax_rate_region_id ON tax_rate (region_id);
