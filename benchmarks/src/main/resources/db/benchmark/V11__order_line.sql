CREATE TABLE order_line (
    id bigserial PRIMARY KEY,
    purchase_order_id bigint NOT NULL REFERENCES purchase_order (id),
    product_id bigint NOT NULL REFERENCES product (id), quantity integer NOT NULL CHECK (quantity > 0), price numeric(12, 2) NOT NULL
);
CREATE INDEX order_line_purchase_order_id ON order_line (purchase_order_id);
