CREATE TABLE review (
    id bigserial PRIMARY KEY,
    product_id bigint NOT NULL REFERENCES product (id),
    customer_id bigint NOT NULL REFERENCES customer (id), stars smallint NOT NULL, body text
);
CREATE INDEX review_product_id ON review (product_id);
