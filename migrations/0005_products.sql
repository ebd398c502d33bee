-- What makers say about their products (a name per language, a description, image and support
-- links on their own domain): the newest signed statement per GTIN. Only the maker that first
-- described a GTIN may describe it again.
CREATE TABLE products (
  gtin TEXT PRIMARY KEY,
  maker_party TEXT NOT NULL REFERENCES parties (id),
  statement TEXT NOT NULL,         -- JSON ProductStatement, as signed
  leaf_index INTEGER NOT NULL
);

CREATE TRIGGER products_same_maker BEFORE UPDATE ON products
WHEN NEW.maker_party <> OLD.maker_party
BEGIN
  SELECT RAISE(ABORT, 'duplicate: product described by another maker');
END;
