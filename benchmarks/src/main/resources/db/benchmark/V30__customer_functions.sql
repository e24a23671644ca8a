ALTER TABLE customer ADD COLUMN phone text;
CREATE FUNCTION customer_order_count(customer bigint) RETURNS bigint LANGUAGE sql STABLE
AS 'SELECT count(*) FROM purchase_order WHERE customer_id = customer';
