CREATE TABLE address (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customer (id),
    line1 text NOT NULL, city text NOT NULL, postcode text NOT NULL
);
CREATE INDEX address_customer_id ON address (customer_id);
