CREATE VIEW order_total AS
SELECT o.id AS order_id, o.customer_id, coalesce(sum(l.quantity * l.price), 0) AS total
FROM purchase_order o LEFT JOIN order_line l ON l.purchase_order_id = o.id
GROUP BY o.id, o.customer_id;
