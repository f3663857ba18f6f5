-- Help pages (docs/product.md#help): an organization's own text of a help page in one language,
-- in force for it and the organizations below it. The built-in pages ship with the binary
-- (src/help) and are not stored; a row with a built-in page's slug replaces it for the subtree.
CREATE TABLE help_pages (
  org_id     TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  slug       TEXT NOT NULL,     -- lower-case words joined by '-'
  language   TEXT NOT NULL,     -- en | es | pt
  title      TEXT NOT NULL,
  body       TEXT NOT NULL,     -- Markdown
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL,     -- the administrator's email
  PRIMARY KEY (org_id, slug, language)
);
