"""Times the search statements directly against a Bazaar SQLite file, outside the server.

Usage: python3 docs/benchmarks/fts_timing.py PATH/TO/bazaar.db   (pip install pysqlite3-binary: the index uses
FTS5 contentless_delete, which needs SQLite >= 3.43, newer than many system Pythons ship.)
"""
import sys, time
import pysqlite3 as sqlite3
db=sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True)
FROM="""FROM product_search CROSS JOIN product_search_rows r ON r.row_id = product_search.rowid CROSS JOIN products p ON p.id = r.product_id JOIN sellers s ON s.id = p.seller_id JOIN categories c ON c.id = p.category_id"""
def t(label, q, n=5):
    best=1e9
    for _ in range(n):
        s=time.time(); rows=db.execute(q).fetchall(); best=min(best,time.time()-s)
    print(f"{best*1000:7.2f} ms  {len(rows):5d} rows  {label}")
for m in ['"black"*', '"black"', '"lamp"*','"lamp"', '"bl"*', '"classic"* AND "lamp"*', '"classic" AND "lamp"']:
    t(f"ids only     {m}", f"SELECT rowid FROM product_search WHERE product_search MATCH '{m}' ORDER BY rowid DESC LIMIT 240")
    t(f"candidates   {m}", f"SELECT p.id, p.title, p.description, p.attributes, s.name, c.slug {FROM} WHERE product_search MATCH '{m}' ORDER BY product_search.rowid DESC LIMIT 240")
    t(f"facets(1001) {m}", f"SELECT m.category_id, COUNT(*) FROM (SELECT p.category_id {FROM} WHERE product_search MATCH '{m}' LIMIT 1001) m GROUP BY 1")
