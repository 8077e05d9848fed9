-- Crawler (issue 6): runs of crawl jobs, the lease-based frontier, per-host politeness shared by every
-- worker and process, the robots.txt cache, and one row per failed request with its error class.
-- Times used for scheduling are integer milliseconds since the epoch (compared in SQL); audit times are ISO.

CREATE TABLE crawl_runs (
  run_pk           INTEGER PRIMARY KEY REFERENCES runs(pk),
  job              TEXT NOT NULL,
  state            TEXT NOT NULL,            -- running | finished
  owner            TEXT NOT NULL,            -- host/pid/nonce of the process driving the run
  heartbeat_until  INTEGER NOT NULL,
  plan             TEXT NOT NULL DEFAULT '{}',
  created_at       TEXT NOT NULL
);
CREATE INDEX crawl_runs_job ON crawl_runs(job, state);

CREATE TABLE crawl_frontier (
  id                INTEGER PRIMARY KEY,
  run_pk            INTEGER NOT NULL REFERENCES runs(pk),
  kind              TEXT NOT NULL,           -- search | item
  platform          TEXT NOT NULL,
  domain            TEXT NOT NULL,           -- politeness key: host[:port]
  url               TEXT NOT NULL,           -- canonical URL
  item_id           TEXT,                    -- platform item id (items only)
  query             TEXT,
  page_no           INTEGER NOT NULL DEFAULT 1,
  priority          INTEGER NOT NULL DEFAULT 0,
  state             TEXT NOT NULL DEFAULT 'pending', -- pending | leased | done | failed | skipped | blocked
  lease_owner       TEXT,
  lease_until       INTEGER,
  attempts          INTEGER NOT NULL DEFAULT 0,
  session_rotations INTEGER NOT NULL DEFAULT 0,
  next_attempt_at   INTEGER NOT NULL DEFAULT 0,
  error_class       TEXT,
  last_error        TEXT,
  processed         INTEGER NOT NULL DEFAULT 0, -- commits of this row; 1 for every done row
  listing_pk        INTEGER REFERENCES listings(pk),
  listing_status    TEXT,                    -- new | changed | unchanged
  relisting_of      TEXT,                    -- listing id this new listing relists
  hits              INTEGER NOT NULL DEFAULT 0,
  new_leads         INTEGER NOT NULL DEFAULT 0,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  UNIQUE (run_pk, url)
);
CREATE UNIQUE INDEX crawl_frontier_item ON crawl_frontier(run_pk, platform, item_id) WHERE item_id IS NOT NULL;
CREATE INDEX crawl_frontier_next ON crawl_frontier(run_pk, state, priority DESC, id);
CREATE INDEX crawl_frontier_leases ON crawl_frontier(domain, state, lease_until);
CREATE INDEX crawl_frontier_query ON crawl_frontier(run_pk, platform, query);

CREATE TABLE domain_policy (
  domain               TEXT PRIMARY KEY,
  max_concurrency      INTEGER NOT NULL,
  min_interval_ms      INTEGER NOT NULL,
  crawl_delay_ms       INTEGER NOT NULL DEFAULT 0,
  bucket_size          REAL NOT NULL,
  refill_per_sec       REAL NOT NULL,
  tokens               REAL NOT NULL,
  refilled_at          INTEGER NOT NULL,
  next_allowed_at      INTEGER NOT NULL DEFAULT 0,
  backoff_until        INTEGER NOT NULL DEFAULT 0,
  backoff_reason       TEXT,
  updated_at           TEXT NOT NULL
);

CREATE TABLE robots_cache (
  origin      TEXT PRIMARY KEY,
  status      INTEGER NOT NULL,
  body        TEXT NOT NULL,
  fetched_at  INTEGER NOT NULL
);

-- A new listing id that relists one of its seller's known listings (taken down, put up again).
CREATE TABLE crawl_relistings (
  listing_pk   INTEGER PRIMARY KEY REFERENCES listings(pk),
  previous_pk  INTEGER NOT NULL REFERENCES listings(pk),
  run_pk       INTEGER NOT NULL REFERENCES runs(pk),
  detected_at  TEXT NOT NULL
);
CREATE INDEX crawl_listings_seller ON listings(platform, seller_id);

CREATE TABLE crawl_errors (
  id           INTEGER PRIMARY KEY,
  run_pk       INTEGER NOT NULL REFERENCES runs(pk),
  frontier_id  INTEGER,
  url          TEXT NOT NULL,
  error_class  TEXT NOT NULL,
  status       INTEGER,
  message      TEXT NOT NULL,
  at           TEXT NOT NULL
);
CREATE INDEX crawl_errors_run ON crawl_errors(run_pk, error_class);
