-- The search index holds only listings on sale (products.status = 'published', migration 0010): a draft or a
-- listing taken off sale has its row id (product_search_rows) but no words in product_search, so searches and
-- their facet counts never see it and need no check per match. Publishing indexes it; unpublishing removes it.
DROP TRIGGER products_search_insert;
DROP TRIGGER products_search_update;

CREATE TRIGGER products_search_insert AFTER INSERT ON products BEGIN
    INSERT INTO product_search_rows (product_id) VALUES (new.id);
    INSERT INTO product_search (rowid, title, attributes, description)
    SELECT
        (SELECT row_id FROM product_search_rows WHERE product_id = new.id),
        new.title,
        (SELECT group_concat(value, ' ') FROM json_each(new.attributes)),
        new.description
    WHERE new.status = 'published';
END;

CREATE TRIGGER products_search_update AFTER UPDATE OF title, attributes, description, status ON products BEGIN
    DELETE FROM product_search WHERE rowid = (SELECT row_id FROM product_search_rows WHERE product_id = old.id);
    INSERT INTO product_search (rowid, title, attributes, description)
    SELECT
        (SELECT row_id FROM product_search_rows WHERE product_id = new.id),
        new.title,
        (SELECT group_concat(value, ' ') FROM json_each(new.attributes)),
        new.description
    WHERE new.status = 'published';
END;
