-- The ranking's outcome counters on products (migration 0003: views and orders in 30 days, orders and bad
-- outcomes in 90) are measured from real activity by the logistics job: product_views_daily and paid orders.
-- A listing measured once stays measured (so its counters fall back to zero as activity leaves the window);
-- listings never measured keep the counters they were created with (the demo catalog's generated history).
ALTER TABLE products ADD COLUMN signals_measured_at_ms BIGINT;
CREATE INDEX products_signals_measured ON products (signals_measured_at_ms);
-- The job reads the orders paid in the last 90 days, across shops.
CREATE INDEX orders_by_paid ON orders (paid_at_ms);
