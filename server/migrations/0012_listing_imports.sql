-- Bulk imports of listings from CSV: the file as uploaded (kept so an interrupted import resumes, and so the rows
-- with problems can be downloaded), its progress, and the problems of its rows. Listings are created in chunks;
-- each chunk commits with `listings_done`, so a resumed import continues after the last committed chunk.
-- Portable SQL.
CREATE TABLE listing_imports (
    id             TEXT PRIMARY KEY,
    seller_id      TEXT NOT NULL REFERENCES sellers (id),
    file_name      TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('running', 'done')),
    csv_text       TEXT NOT NULL,
    listings_total BIGINT NOT NULL,
    listings_done  BIGINT NOT NULL DEFAULT 0,
    rows_total     BIGINT NOT NULL,
    problem_rows   BIGINT NOT NULL,
    created_at_ms  BIGINT NOT NULL,
    finished_at_ms BIGINT
);
CREATE INDEX listing_imports_of_seller ON listing_imports (seller_id, created_at_ms);
CREATE INDEX listing_imports_by_state ON listing_imports (state);

CREATE TABLE listing_import_problems (
    import_id   TEXT NOT NULL REFERENCES listing_imports (id),
    position    BIGINT NOT NULL,
    line        BIGINT NOT NULL,
    column_name TEXT NOT NULL,
    message     TEXT NOT NULL,
    PRIMARY KEY (import_id, position)
);
