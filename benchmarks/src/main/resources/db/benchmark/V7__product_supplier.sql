CREATE TABLE product_supplier (
    id bigserial PRIMARY KEY,
    product_id bigint NOT NULL REFERENCES product (id),
    supplier_id bigint NOT NULL REFERENCES supplier (id), cost numeric(12, 2) NOT NULL
);
CREATE INDEX product_supplier_product_id ON product_supplier (product_id);
