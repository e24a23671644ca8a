CREATE TABLE wishlist (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customer (id),
    name text NOT NULL DEFAULT 'default'
);
CREATE INDEX wishlist_customer_id ON wishlist (customer_id);
