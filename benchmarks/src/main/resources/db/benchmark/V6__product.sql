CREATE TABLE product (
    id bigserial PRIMARY KEY,
    category_id bigint NOT NULL REFERENCES category (id),
    sku text NOT NULL UNIQUE, name text NOT NULL, price numeric(12, 2) NOT NULL CHECK (price >= 0)
);
CREATE INDEX product_category_id ON product (category_id);
