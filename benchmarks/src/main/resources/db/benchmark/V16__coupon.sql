CREATE TABLE coupon (
    id bigserial PRIMARY KEY,
    code text NOT NULL UNIQUE, percent smallint NOT NULL CHECK (percent BETWEEN 1 AND 100)
);
INSERT INTO coupon (code, percent) VALUES ('WELCOME10', 10), ('SPRING20', 20), ('VIP30', 30);
