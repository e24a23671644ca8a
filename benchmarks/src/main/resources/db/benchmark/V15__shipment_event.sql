CREATE TABLE shipment_event (
    id bigserial PRIMARY KEY,
    shipment_id bigint NOT NULL REFERENCES shipment (id),
    happened timestamptz NOT NULL DEFAULT now(), description text NOT NULL
);
CREATE INDEX shipment_event_shipment_id ON shipment_event (shipment_id);
