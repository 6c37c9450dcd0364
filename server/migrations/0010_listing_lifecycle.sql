-- A listing's life: a seller drafts it, publishes it once the shop is verified, and may take it off sale again
-- (unpublished) without losing it or the orders that point at it. Only published listings are in the storefront
-- and the search index. Every listing there before this migration was on sale. Portable SQL.
ALTER TABLE products ADD COLUMN status TEXT NOT NULL DEFAULT 'published'
    CHECK (status IN ('draft', 'published', 'unpublished'));
ALTER TABLE products ADD COLUMN updated_at_ms BIGINT NOT NULL DEFAULT 0;
CREATE INDEX products_of_seller ON products (seller_id, status, updated_at_ms);

-- A shop is verified by the operator (identity document) before its listings can go live; the shops that exist
-- already (the demo's) were verified by hand.
ALTER TABLE sellers ADD COLUMN verification_status TEXT NOT NULL DEFAULT 'verified'
    CHECK (verification_status IN ('unverified', 'pending', 'verified', 'rejected'));
