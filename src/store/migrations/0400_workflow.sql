-- Issue 14: what was a "lead" per (listing, right, reason) is a finding; a lead is one seller on one platform
-- × one right, grouping the seller's findings, with its workflow state, transitions and notices.
DROP INDEX leads_status;
ALTER TABLE leads RENAME TO findings;
ALTER TABLE findings RENAME COLUMN status TO review;
UPDATE findings SET review = CASE review WHEN 'new' THEN 'new' WHEN 'dismissed' THEN 'dismissed' ELSE 'confirmed' END;
ALTER TABLE findings ADD COLUMN dismiss_reason TEXT;
ALTER TABLE findings ADD COLUMN dismiss_note TEXT;
ALTER TABLE findings ADD COLUMN reviewed_by TEXT;
ALTER TABLE findings ADD COLUMN reviewed_at TEXT;
ALTER TABLE findings ADD COLUMN lead_pk INTEGER REFERENCES leads(pk);
CREATE INDEX findings_review ON findings(review, created_at);
CREATE INDEX findings_lead ON findings(lead_pk);

CREATE TABLE leads (
  pk              INTEGER PRIMARY KEY,
  platform        TEXT NOT NULL,
  seller_id       TEXT NOT NULL,
  seller_name     TEXT NOT NULL,
  right_key       TEXT NOT NULL,           -- right_id, or '' for a patent marking without a watched right
  kind            TEXT NOT NULL,
  state           TEXT NOT NULL,
  risk_score      REAL NOT NULL DEFAULT 0,
  risk_tier       TEXT NOT NULL DEFAULT 'watch',
  risk_json       TEXT NOT NULL DEFAULT 'null',
  region_code     TEXT,
  opened_at       TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  UNIQUE (platform, seller_id, right_key)
);
CREATE INDEX leads_state ON leads(state, updated_at);

CREATE TABLE lead_transitions (
  pk              INTEGER PRIMARY KEY,
  lead_pk         INTEGER NOT NULL REFERENCES leads(pk),
  from_state      TEXT,
  to_state        TEXT NOT NULL,
  actor           TEXT NOT NULL,
  reason          TEXT NOT NULL,
  at              TEXT NOT NULL
);
CREATE INDEX lead_transitions_lead ON lead_transitions(lead_pk, pk);

CREATE TABLE seller_whitelist (
  pk              INTEGER PRIMARY KEY,
  platform        TEXT NOT NULL,
  seller_id       TEXT NOT NULL,
  right_key       TEXT NOT NULL,
  note            TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  revoked_by      TEXT,
  revoked_at      TEXT
);
CREATE INDEX seller_whitelist_key ON seller_whitelist(platform, seller_id, right_key);

CREATE TABLE notices (
  pk              INTEGER PRIMARY KEY,
  lead_pk         INTEGER NOT NULL REFERENCES leads(pk),
  platform        TEXT NOT NULL,
  right_key       TEXT NOT NULL,
  channel         TEXT NOT NULL CHECK (channel IN ('api', 'document')),
  status          TEXT NOT NULL,
  body_json       TEXT NOT NULL,
  document_path   TEXT,
  sent_at         TEXT NOT NULL,
  submitted_at    TEXT,
  submitted_how   TEXT,
  counter_delivered_at TEXT
);
CREATE INDEX notices_lead ON notices(lead_pk);

CREATE TABLE notice_items (
  notice_pk       INTEGER NOT NULL REFERENCES notices(pk),
  finding_pk      INTEGER NOT NULL REFERENCES findings(pk),
  listing_pk      INTEGER NOT NULL REFERENCES listings(pk),
  url             TEXT NOT NULL,
  external_id     TEXT,
  status          TEXT NOT NULL,
  checked_at      TEXT,
  taken_down_at   TEXT,
  reject_reason   TEXT,
  PRIMARY KEY (notice_pk, finding_pk)
);
CREATE INDEX notice_items_listing ON notice_items(listing_pk);

-- A relisting (the crawler's crawl_relistings) of a listing a notice took down, recorded against its lead once.
CREATE TABLE lead_relistings (
  lead_pk         INTEGER NOT NULL REFERENCES leads(pk),
  listing_pk      INTEGER NOT NULL REFERENCES listings(pk),
  notice_pk       INTEGER NOT NULL REFERENCES notices(pk),
  detected_at     TEXT NOT NULL,
  PRIMARY KEY (lead_pk, listing_pk)
);
