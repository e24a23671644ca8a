INSERT INTO customer (region_id, email, name)
SELECT 1 + g % 4, 'customer' || g || '@example.com', 'Customer ' || g FROM generate_series(1, 200) AS g;
