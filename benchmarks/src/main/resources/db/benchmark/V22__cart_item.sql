CREATE TABLE cart_item (
    id bigserial PRIMARY KEY,
    cart_id bigint NOT NULL REFERENCES cart (id),
    product_id bigint NOT NULL REFERENCES product (id), quantity integer NOT NULL DEFAULT 1
);
CREATE INDEX cart_item_cart_id ON cart_item (cart_id);
