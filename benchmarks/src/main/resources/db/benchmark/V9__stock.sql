CREATE TABLE stock (
    id bigserial PRIMARY KEY,
    warehouse_id bigint NOT NULL REFERENCES warehouse (id),
    product_id bigint NOT NULL REFERENCES product (id), quantity integer NOT NULL DEFAULT 0
);
CREATE INDEX stock_warehouse_id ON stock (warehouse_id);
