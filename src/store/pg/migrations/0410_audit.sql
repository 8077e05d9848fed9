-- PostgreSQL dialect of src/store/migrations/0410_audit.sql: the append-only, hash-chained audit log. Writers
-- on several machines append one at a time: the repository takes pg_advisory_xact_lock before reading the last
-- link, and these triggers refuse UPDATE, DELETE, TRUNCATE and any row that is not the next link.

CREATE TABLE audit_log (
  seq           BIGINT PRIMARY KEY,
  at            TEXT NOT NULL,
  actor         TEXT NOT NULL,
  role          TEXT NOT NULL,
  os_user       TEXT NOT NULL,
  action        TEXT NOT NULL,
  subject_type  TEXT NOT NULL,
  subject_id    TEXT NOT NULL,
  detail_json   TEXT NOT NULL,
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log(subject_type, subject_id, seq);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '审计记录只能追加，不能修改或删除 (audit_log is append-only: % refused)', TG_OP;
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- The zeros are AUDIT_GENESIS_HASH.
CREATE FUNCTION audit_log_next_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq  BIGINT;
  last_hash TEXT;
BEGIN
  SELECT seq, hash INTO last_seq, last_hash FROM audit_log ORDER BY seq DESC LIMIT 1;
  IF NEW.seq IS DISTINCT FROM coalesce(last_seq, 0) + 1
     OR NEW.prev_hash IS DISTINCT FROM coalesce(last_hash,
          '0000000000000000000000000000000000000000000000000000000000000000') THEN
    RAISE EXCEPTION '审计记录只能接在最后一条之后 (audit_log: a row must follow the last one, seq and prev_hash)';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER audit_log_append_only BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_next_link();

-- The highest seq ever written (SQLite keeps it in sqlite_sequence): verify() reports rows after the last one
-- it reads as deleted, so removing the newest rows shows too. Written by this trigger in the appending
-- transaction, so a rolled-back append leaves no trace (a SEQUENCE would).
CREATE TABLE audit_log_head (
  only_row  BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row),
  seq       BIGINT NOT NULL
);

CREATE FUNCTION audit_log_note_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_log_head (seq) VALUES (NEW.seq)
    ON CONFLICT (only_row) DO UPDATE SET seq = greatest(audit_log_head.seq, EXCLUDED.seq);
  RETURN NULL;
END;
$$;

CREATE TRIGGER audit_log_head_after_insert AFTER INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_note_head();
