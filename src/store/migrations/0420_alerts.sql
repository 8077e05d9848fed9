-- Alerts (issue 14): one row per alert, unique by its dedup key, and one delivery per alert and channel, so a
-- key raised twice is delivered once to each channel. A delivery is pending until it is delivered or has used
-- its attempts (failed); each failure keeps its error. As in the crawler, scheduling times are integer
-- milliseconds since the epoch (compared in SQL) and record times are ISO.

CREATE TABLE alerts (
  pk          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('high_risk_lead', 'relisting', 'overdue', 'crawl_failed', 'digest')),
  dedup_key   TEXT NOT NULL UNIQUE,
  subject     TEXT NOT NULL,
  text        TEXT NOT NULL,
  html        TEXT NOT NULL,
  data        TEXT NOT NULL DEFAULT '{}',   -- JSON
  created_at  TEXT NOT NULL
);
CREATE INDEX alerts_created ON alerts(created_at);

CREATE TABLE alert_deliveries (
  pk               INTEGER PRIMARY KEY,
  alert_pk         INTEGER NOT NULL REFERENCES alerts(pk),
  channel_id       TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT,
  next_attempt_at  INTEGER NOT NULL,          -- due time; while a sender holds it, the end of its lease
  delivered_at     TEXT,
  failed_at        TEXT,
  UNIQUE (alert_pk, channel_id)
);
CREATE INDEX alert_deliveries_due ON alert_deliveries(status, next_attempt_at);
