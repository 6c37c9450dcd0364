-- The standard product card: variants (SKUs) with their own price and stock, warranty, the shop's handling time,
-- the listing's outcome counters that ranking reads, and the carrier lanes that delivery estimates come from.
-- Portable SQL (SQLite and PostgreSQL); the full-text index is per backend (migrations-sqlite/, -postgres/).

ALTER TABLE sellers ADD COLUMN handling_days BIGINT NOT NULL DEFAULT 2;

ALTER TABLE products ADD COLUMN warranty_months BIGINT NOT NULL DEFAULT 0;
-- Outcome counters, kept by the order, return and dispute flows; search ranking reads them. products.price_minor
-- and products.stock summarize the variants (lowest price, total stock) and are written with them.
ALTER TABLE products ADD COLUMN orders_90d BIGINT NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN returns_disputes_90d BIGINT NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN views_30d BIGINT NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN orders_30d BIGINT NOT NULL DEFAULT 0;

CREATE TABLE product_variants (
    id          TEXT PRIMARY KEY,
    product_id  TEXT NOT NULL REFERENCES products (id),
    sku         TEXT NOT NULL,
    -- The option values that set this variant apart, as a JSON object, e.g. {"colour":"Sage","size":"M"}.
    options     TEXT NOT NULL DEFAULT '{}',
    price_minor BIGINT NOT NULL CHECK (price_minor >= 0),
    stock       BIGINT NOT NULL CHECK (stock >= 0),
    position    BIGINT NOT NULL DEFAULT 0,
    UNIQUE (product_id, sku)
);

CREATE INDEX product_variants_by_product ON product_variants (product_id, position);

-- Listings from before variants become single-SKU listings, so every listing has at least one variant and
-- products.price_minor / stock keep summarizing them. The variant reuses the product's id (a UUIDv7 no other
-- variant can hold) because portable SQL has no way to make a new one.
INSERT INTO product_variants (id, product_id, sku, options, price_minor, stock, position)
SELECT id, id, 'default', '{}', price_minor, stock, 0 FROM products;

-- One carrier service between two regions. Priced in the origin market's currency, which is what the shops
-- there charge in. The logistics network replaces these figures with measured ones.
CREATE TABLE shipping_lanes (
    origin_region      TEXT NOT NULL,
    destination_region TEXT NOT NULL,
    service_level      TEXT NOT NULL CHECK (service_level IN ('economy', 'standard', 'express')),
    carrier            TEXT NOT NULL,
    transit_min_days   BIGINT NOT NULL CHECK (transit_min_days >= 0),
    transit_max_days   BIGINT NOT NULL CHECK (transit_max_days >= transit_min_days),
    currency           TEXT NOT NULL,
    price_minor        BIGINT NOT NULL CHECK (price_minor >= 0),
    PRIMARY KEY (origin_region, destination_region, service_level)
);

CREATE INDEX products_by_price ON products (currency, price_minor);
