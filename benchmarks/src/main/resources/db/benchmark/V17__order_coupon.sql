CREATE TABLE order_coupon (
    id bigserial PRIMARY KEY,
    purchase_order_id bigint NOT NULL REFERENCES purchase_order (id),
    coupon_id bigint NOT NULL REFERENCES coupon (id)
);
CREATE INDEX order_coupon_purchase_order_id ON order_coupon (purchase_order_id);
