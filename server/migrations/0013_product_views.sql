-- Product page views per listing and UTC day, for the seller's sales analytics (conversion = orders ÷ views).
-- Views are counted in memory and added here in batches (services/views.rs), never written by the request that
-- reads the page. `day` is days since 1970-01-01, so a period is a range and `paid_at_ms / 86400000` (the day an
-- order was paid) compares with it directly. Portable SQL (SQLite and PostgreSQL).
CREATE TABLE product_views_daily (
    product_id TEXT NOT NULL REFERENCES products (id),
    day        BIGINT NOT NULL,
    views      BIGINT NOT NULL CHECK (views >= 0),
    PRIMARY KEY (product_id, day)
);
CREATE INDEX product_views_by_day ON product_views_daily (day, product_id);

-- Analytics read a shop's paid orders by the day they were paid.
CREATE INDEX orders_by_seller_paid ON orders (seller_id, paid_at_ms);
