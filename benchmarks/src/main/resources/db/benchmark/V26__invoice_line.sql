CREATE TABLE invoice_line (
    id bigserial PRIMARY KEY,
    invoice_id bigint NOT NULL REFERENCES invoice (id),
    description text NOT NULL, amount numeric(12, 2) NOT NULL
);
CREATE INDEX invoice_line_invoice_id ON invoice_line (invoice_id);
