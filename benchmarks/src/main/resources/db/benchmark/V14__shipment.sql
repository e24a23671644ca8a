CREATE TABLE shipment (
    id bigserial PRIMARY KEY,
    purchase_order_id bigint NOT NULL REFERENCES purchase_order (id),
    carrier text NOT NULL, tracking text, shipped timestamptz
);
CREATE INDEX shipment_purchase_order_id ON shipment (purchase_order_id);
