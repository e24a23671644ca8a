INSERT INTO product (category_id, sku, name, price)
SELECT 1 + g % 5, 'SKU-' || g, 'Product ' || g, (g % 97) + 0.99 FROM generate_series(1, 500) AS g;
CREATE INDEX product_name ON product (lower(name));
