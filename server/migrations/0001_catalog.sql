-- The first catalog: shops, the category tree and listings.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Ids are UUIDv7 text, money is BIGINT minor units with
-- an ISO-4217 code beside it, times are BIGINT Unix milliseconds (UTC). Integers are BIGINT everywhere so both
-- backends decode them as i64.

CREATE TABLE sellers (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    slug          TEXT NOT NULL UNIQUE,
    -- ISO 3166-1 alpha-2 region the shop ships from.
    region        TEXT NOT NULL,
    -- ISO 4217 code the shop prices in; listings never convert currency silently.
    currency      TEXT NOT NULL,
    -- Average rating x100 (472 = 4.72 stars); NULL until the shop has ratings.
    rating_x100   BIGINT CHECK (rating_x100 BETWEEN 100 AND 500),
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE categories (
    id        TEXT PRIMARY KEY,
    parent_id TEXT REFERENCES categories (id),
    slug      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    position  BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE products (
    id            TEXT PRIMARY KEY,
    seller_id     TEXT NOT NULL REFERENCES sellers (id),
    category_id   TEXT NOT NULL REFERENCES categories (id),
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    -- Typed attributes of the category as a JSON object, e.g. {"colour":"brass","material":"metal"}.
    attributes    TEXT NOT NULL DEFAULT '{}',
    currency      TEXT NOT NULL,
    price_minor   BIGINT NOT NULL CHECK (price_minor >= 0),
    stock         BIGINT NOT NULL CHECK (stock >= 0),
    created_at_ms BIGINT NOT NULL
);

CREATE INDEX products_newest ON products (created_at_ms DESC, id DESC);
CREATE INDEX products_by_seller ON products (seller_id);
CREATE INDEX products_by_category ON products (category_id);
