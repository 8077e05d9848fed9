-- Issue 14: the append-only audit log. Each row holds the hash of the row before it (src/common/auditChain.ts),
-- so `markwatch audit verify` finds a row altered, deleted or moved even when these triggers were dropped.
-- AUTOINCREMENT keeps the highest seq ever written in sqlite_sequence, so deleting the newest rows shows too.
CREATE TABLE audit_log (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  at            TEXT NOT NULL,           -- ISO 8601 UTC
  actor         TEXT NOT NULL,
  role          TEXT NOT NULL,
  os_user       TEXT NOT NULL,
  action        TEXT NOT NULL,
  subject_type  TEXT NOT NULL,
  subject_id    TEXT NOT NULL,
  detail_json   TEXT NOT NULL,           -- canonical JSON (RFC 8785) of the detail object
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_subject ON audit_log(subject_type, subject_id, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, '审计记录只能追加，不能修改 (audit_log is append-only: UPDATE refused)');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, '审计记录只能追加，不能删除 (audit_log is append-only: DELETE refused)');
END;

-- Only the next link of the chain may be inserted: this also stops INSERT OR REPLACE from overwriting a row
-- (REPLACE deletes without firing DELETE triggers). The zeros are AUDIT_GENESIS_HASH.
CREATE TRIGGER audit_log_append_only BEFORE INSERT ON audit_log
WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit_log)
  OR NEW.prev_hash IS NOT coalesce(
       (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1),
       '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
  SELECT RAISE(ABORT, '审计记录只能接在最后一条之后 (audit_log: a row must follow the last one, seq and prev_hash)');
END;
