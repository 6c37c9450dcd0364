-- Product images. The files live on disk in the content-addressed media store (named by the SHA-256 of their
-- bytes, so identical files are stored once); these rows say which product shows which file, in what order.
-- Portable SQL (SQLite and PostgreSQL): TEXT ids (UUIDv7), BIGINT integers, BIGINT Unix-millisecond times.

CREATE TABLE product_images (
    id            TEXT PRIMARY KEY,
    product_id    TEXT NOT NULL REFERENCES products (id),
    -- Display order; the lowest is the main image on cards. Unique per product, so two concurrent uploads cannot
    -- take the same place (and so cannot slip past the per-product limit together). Gaps are fine. A reorder
    -- passes through negative values inside its transaction.
    position      BIGINT NOT NULL,
    -- File name in the media store: 64 hex digits of SHA-256 and an extension, e.g. '9f86…0a08.png'.
    media_key     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    width         BIGINT NOT NULL CHECK (width > 0),
    height        BIGINT NOT NULL CHECK (height > 0),
    -- Alternative text; NULL means the product's title describes the image.
    alt_text      TEXT,
    created_at_ms BIGINT NOT NULL
);

-- A product's images in order, and the main image (lowest position) of a page of products, come from this index.
CREATE UNIQUE INDEX product_images_by_product ON product_images (product_id, position);
