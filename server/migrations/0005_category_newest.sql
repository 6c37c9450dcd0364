-- Browsing one category newest first reads this index in order and stops after a page, instead of sorting every
-- listing of the category.
CREATE INDEX products_by_category_newest ON products (category_id, created_at_ms DESC, id DESC);
