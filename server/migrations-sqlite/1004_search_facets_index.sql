-- What search filters and counts read of a listing, in one index keyed by the listing id: facet counts look
-- up every match (up to 1,001) by id, and with this index each lookup stays in a compact index instead of also
-- reading the listing's row, which holds its whole description. Queries name it (INDEXED BY), see db/search.rs.
-- SQLite only: PostgreSQL's search filters the matches in the heap after its GIN index anyway.
CREATE INDEX products_search_facets ON products (id, category_id, currency, price_minor, stock, seller_id);
