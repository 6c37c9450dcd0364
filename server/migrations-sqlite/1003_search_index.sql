-- Full-text search on SQLite: an FTS5 index over title, attribute values and description, kept current by
-- triggers in the same transaction as every listing write (never a nightly rebuild).
--
-- FTS5 addresses rows by integer. products has a TEXT key and its implicit rowid may change on VACUUM, so a
-- small table hands out stable integers instead. The index is contentless: it stores only the inverted index,
-- and contentless_delete lets a changed listing replace its entry.

CREATE TABLE product_search_rows (
    row_id     INTEGER PRIMARY KEY,
    product_id TEXT NOT NULL UNIQUE REFERENCES products (id)
);

CREATE VIRTUAL TABLE product_search USING fts5 (
    title, attributes, description,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

-- Every indexed word with the number of listings holding it: the vocabulary of search suggestions.
CREATE VIRTUAL TABLE product_search_terms USING fts5vocab (product_search, 'row');

CREATE TRIGGER products_search_insert AFTER INSERT ON products BEGIN
    INSERT INTO product_search_rows (product_id) VALUES (new.id);
    INSERT INTO product_search (rowid, title, attributes, description)
    VALUES (
        (SELECT row_id FROM product_search_rows WHERE product_id = new.id),
        new.title,
        (SELECT group_concat(value, ' ') FROM json_each(new.attributes)),
        new.description
    );
END;

CREATE TRIGGER products_search_update AFTER UPDATE OF title, attributes, description ON products BEGIN
    DELETE FROM product_search WHERE rowid = (SELECT row_id FROM product_search_rows WHERE product_id = old.id);
    INSERT INTO product_search (rowid, title, attributes, description)
    VALUES (
        (SELECT row_id FROM product_search_rows WHERE product_id = new.id),
        new.title,
        (SELECT group_concat(value, ' ') FROM json_each(new.attributes)),
        new.description
    );
END;

CREATE TRIGGER products_search_delete AFTER DELETE ON products BEGIN
    DELETE FROM product_search WHERE rowid = (SELECT row_id FROM product_search_rows WHERE product_id = old.id);
    DELETE FROM product_search_rows WHERE product_id = old.id;
END;

-- Listings that existed before the index.
INSERT INTO product_search_rows (product_id) SELECT id FROM products ORDER BY created_at_ms, id;
INSERT INTO product_search (rowid, title, attributes, description)
SELECT r.row_id, p.title, (SELECT group_concat(value, ' ') FROM json_each(p.attributes)), p.description
FROM products p JOIN product_search_rows r ON r.product_id = p.id;
