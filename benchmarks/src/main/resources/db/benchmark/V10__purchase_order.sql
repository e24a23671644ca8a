CREATE TABLE purchase_order (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customer (id),
    status text NOT NULL DEFAULT 'new', placed timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX purchase_order_customer_id ON purchase_order (customer_id);
