CREATE TABLE wishlist_item (
    id bigserial PRIMARY KEY,
    wishlist_id bigint NOT NULL REFERENCES wishlist (id),
    product_id bigint NOT NULL REFERENCES product (id)
);
CREATE INDEX wishlist_item_wishlist_id ON wishlist_item (wishlist_id);
