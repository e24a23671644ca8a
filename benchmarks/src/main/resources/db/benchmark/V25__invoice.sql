CREATE TABLE invoice (
    id bigserial PRIMARY KEY,
    purchase_order_id bigint NOT NULL REFERENCES purchase_order (id),
    number text NOT NULL UNIQUE, issued date NOT NULL DEFAULT current_date
);
CREATE INDEX invoice_purchase_order_id ON invoice (purchase_order_id);
