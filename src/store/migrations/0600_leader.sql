-- Issue 17: leader leases — one process across all machines holds a named role (the cron scheduler) until
-- until_ms (epoch ms) and renews it; a lapsed lease is taken over by the next contender.
CREATE TABLE leader_leases (
  name      TEXT PRIMARY KEY,
  owner     TEXT NOT NULL,             -- host/pid/nonce of the holder
  until_ms  INTEGER NOT NULL
);
