-- Foundation schema: listings (latest state + every version), hits, leads, evidence, runs.

CREATE TABLE listings (
  pk              INTEGER PRIMARY KEY,
  platform        TEXT NOT NULL,
  listing_id      TEXT NOT NULL,
  url             TEXT NOT NULL,
  title           TEXT NOT NULL,
  seller_id       TEXT NOT NULL,
  seller_name     TEXT NOT NULL,
  content_hash    TEXT NOT NULL,
  data            TEXT NOT NULL,           -- the Listing as JSON (latest version)
  first_seen_at   TEXT NOT NULL,
  last_seen_at    TEXT NOT NULL,
  UNIQUE (platform, listing_id)
);

CREATE TABLE listing_versions (
  pk              INTEGER PRIMARY KEY,
  listing_pk      INTEGER NOT NULL REFERENCES listings(pk),
  content_hash    TEXT NOT NULL,
  data            TEXT NOT NULL,
  captured_at     TEXT NOT NULL,
  UNIQUE (listing_pk, content_hash)
);

CREATE TABLE hits (
  pk              INTEGER PRIMARY KEY,
  listing_pk      INTEGER NOT NULL REFERENCES listings(pk),
  content_hash    TEXT NOT NULL,           -- the listing version the hit was computed on
  right_id        TEXT,                    -- NULL for a patent marking matching no watched patent
  kind            TEXT NOT NULL,
  reason          TEXT NOT NULL,
  score           REAL NOT NULL,
  flagged         INTEGER NOT NULL,
  rules           TEXT NOT NULL,           -- RuleFire[] as JSON
  created_at      TEXT NOT NULL
);
CREATE INDEX hits_listing ON hits(listing_pk);

CREATE TABLE leads (
  pk              INTEGER PRIMARY KEY,
  listing_pk      INTEGER NOT NULL REFERENCES listings(pk),
  hit_pk          INTEGER NOT NULL REFERENCES hits(pk),
  right_key       TEXT NOT NULL,           -- right_id, or '' for NULL, so UNIQUE works
  kind            TEXT NOT NULL,
  reason          TEXT NOT NULL,
  score           REAL NOT NULL,
  status          TEXT NOT NULL DEFAULT 'new',
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  UNIQUE (listing_pk, right_key, reason)
);
CREATE INDEX leads_status ON leads(status, created_at);

CREATE TABLE evidence (
  pk              INTEGER PRIMARY KEY,
  listing_pk      INTEGER NOT NULL REFERENCES listings(pk),
  kind            TEXT NOT NULL,
  url             TEXT NOT NULL,
  sha256          TEXT NOT NULL,
  path            TEXT NOT NULL,
  bytes           INTEGER NOT NULL,
  content_type    TEXT NOT NULL,
  captured_at     TEXT NOT NULL
);
CREATE INDEX evidence_listing ON evidence(listing_pk);

CREATE TABLE runs (
  pk              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL,
  started_at      TEXT NOT NULL,
  finished_at     TEXT,
  status          TEXT NOT NULL,
  stats           TEXT NOT NULL DEFAULT '{}'
);
