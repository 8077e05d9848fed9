-- Issue 15: web accounts, their sessions and the login attempts the rate limit counts.
-- A session row holds only the SHA-256 of its token: a copy of the database does not let anyone log in.
-- As elsewhere, times compared in SQL are integer milliseconds since the epoch; record times are ISO.

CREATE TABLE users (
  id                    INTEGER PRIMARY KEY,
  username              TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name          TEXT NOT NULL,
  role                  TEXT NOT NULL CHECK (role IN ('admin', 'officer', 'rights_holder')),
  -- The rights-registry account (rights.owner_account) a rights holder acts as; staff have none.
  holder_id             TEXT,
  password_hash         TEXT NOT NULL,          -- scrypt$N$r$p$salt$hash (src/web/auth/passwords.ts)
  must_change_password  INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  disabled_at           TEXT,                   -- ISO; NULL = may log in
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL,
  CHECK ((role = 'rights_holder' AND holder_id IS NOT NULL AND length(trim(holder_id)) > 0)
      OR (role <> 'rights_holder' AND holder_id IS NULL))
) STRICT;

CREATE TABLE sessions (
  token_hash    TEXT PRIMARY KEY,               -- hex SHA-256 of the cookie's token, never the token
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token    TEXT NOT NULL,
  created_at    TEXT NOT NULL,                  -- ISO
  last_seen_at  INTEGER NOT NULL,               -- ms; the idle timeout runs from here
  expires_at    INTEGER NOT NULL,               -- ms; the absolute end, however active the session
  address       TEXT,
  user_agent    TEXT
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE login_attempts (
  id        INTEGER PRIMARY KEY,
  username  TEXT NOT NULL,                      -- as submitted (normalised), whether or not it exists
  address   TEXT NOT NULL,                      -- the rate-limit key of the client address
  ok        INTEGER NOT NULL CHECK (ok IN (0, 1)),
  -- Why it failed: bad_credentials | disabled | rate_limited; NULL when ok.
  reason    TEXT CHECK (reason IN ('bad_credentials', 'disabled', 'rate_limited')),
  at        INTEGER NOT NULL,                   -- ms
  CHECK ((ok = 1) = (reason IS NULL))
) STRICT;
CREATE INDEX login_attempts_username ON login_attempts(username, at);
CREATE INDEX login_attempts_address ON login_attempts(address, at);
