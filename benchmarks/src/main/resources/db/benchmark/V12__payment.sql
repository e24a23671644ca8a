CREATE TABLE payment (
    id bigserial PRIMARY KEY,
    purchase_order_id bigint NOT NULL REFERENCES purchase_order (id),
    amount numeric(12, 2) NOT NULL, method text NOT NULL, paid timestamptz
);
CREATE INDEX payment_purchase_order_id ON payment (purchase_order_id);
