-- Rights registry (issue 4): one header row per right, an append-only revision log (every change is a new
-- revision: who, when, why, and the full content it concerns), and an outbox of notifications for accounts.

CREATE TABLE rights (
  pk                INTEGER PRIMARY KEY,
  right_id          TEXT NOT NULL UNIQUE,
  kind              TEXT NOT NULL,
  owner_account     TEXT NOT NULL,
  status            TEXT NOT NULL,          -- pending | active | rejected | expired | retired
  revision          INTEGER NOT NULL,       -- latest revision number
  active_revision   INTEGER,                -- revision whose content is the approved version in force
  pending_revision  INTEGER,                -- revision whose content awaits review
  expires_on        TEXT,                   -- last protected day of the in-force version (China date); NULL = none
  dup_key           TEXT,                   -- registration / patent / announcement number, normalised
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
CREATE INDEX rights_owner ON rights(owner_account, right_id);
CREATE INDEX rights_status ON rights(status, expires_on);
-- The same number cannot be live twice (rejected and retired rights no longer count).
CREATE UNIQUE INDEX rights_dup_key ON rights(dup_key)
  WHERE dup_key IS NOT NULL AND status IN ('pending', 'active', 'expired');

CREATE TABLE right_revisions (
  pk                INTEGER PRIMARY KEY,
  right_pk          INTEGER NOT NULL REFERENCES rights(pk),
  revision          INTEGER NOT NULL,
  action            TEXT NOT NULL,          -- submit | edit | approve | reject | expire | retire | import
  status            TEXT NOT NULL,          -- life-cycle status after the change
  data              TEXT NOT NULL,          -- the Right (watch-list JSON) this revision concerns
  actor_role        TEXT NOT NULL,
  actor_account     TEXT NOT NULL,
  at                TEXT NOT NULL,
  reason            TEXT,
  UNIQUE (right_pk, revision)
);

CREATE TABLE right_notifications (
  pk                INTEGER PRIMARY KEY,
  account_id        TEXT NOT NULL,
  right_id          TEXT NOT NULL,
  kind              TEXT NOT NULL,
  message           TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  read_at           TEXT
);
CREATE INDEX right_notifications_account ON right_notifications(account_id, pk);
