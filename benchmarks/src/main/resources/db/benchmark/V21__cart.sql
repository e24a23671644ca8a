CREATE TABLE cart (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customer (id),
    updated timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cart_customer_id ON cart (customer_id);
