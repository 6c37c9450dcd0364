-- A listing created with an idempotency key (the editor's one per new listing, or a REST `Idempotency-Key`):
-- a retried create (the answer lost on a dropped connection) finds the listing it made instead of a duplicate
-- draft. Written in the creating transaction; kept as long as the listing.
CREATE TABLE listing_creations (
    seller_id     TEXT NOT NULL REFERENCES sellers (id),
    creation_key  TEXT NOT NULL,
    product_id    TEXT NOT NULL REFERENCES products (id),
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (seller_id, creation_key)
);
