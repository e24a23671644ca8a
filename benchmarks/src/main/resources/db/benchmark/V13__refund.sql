CREATE TABLE refund (
    id bigserial PRIMARY KEY,
    payment_id bigint NOT NULL REFERENCES payment (id),
    amount numeric(12, 2) NOT NULL, reason text
);
CREATE INDEX refund_payment_id ON refund (payment_id);
