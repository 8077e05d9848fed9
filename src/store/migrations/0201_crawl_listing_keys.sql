-- Relisting detection by index: normalised title and description keys of every listing version, per seller.
CREATE TABLE crawl_listing_keys (
  platform    TEXT NOT NULL,
  seller_id   TEXT NOT NULL,
  key         TEXT NOT NULL,
  listing_pk  INTEGER NOT NULL REFERENCES listings(pk),
  PRIMARY KEY (platform, seller_id, key, listing_pk)
) WITHOUT ROWID;
