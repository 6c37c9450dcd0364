-- Full-text search on PostgreSQL: a stored tsvector over title (weight A), attribute values (B) and description
-- (D), generated from the row itself, so it changes in the same transaction as the listing. The 'simple'
-- configuration does no stemming: the catalog is multilingual and search treats every term as a prefix.

ALTER TABLE products ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', title), 'A')
    || setweight(jsonb_to_tsvector('simple', attributes::jsonb, '["string", "numeric"]'), 'B')
    || setweight(to_tsvector('simple', description), 'D')
) STORED;

CREATE INDEX products_search ON products USING GIN (search_document);
