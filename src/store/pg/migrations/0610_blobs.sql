-- Evidence blobs shared by every machine (src/store/pg/pgBlobStore.ts), content-addressed by the SHA-256 of
-- their bytes. The bytes are a PostgreSQL large object, not a BYTEA column: a large object is written and read
-- in slices (lo_put / lo_get), so a multi-megabyte screenshot streams through a bounded buffer both ways and
-- is still created in the put's transaction (a failed put leaves nothing). A BYTEA value must be sent and
-- received whole, and slicing a compressed one re-reads it from the start.
--   bytes         length of the content (what `open` returns)
--   compressed    1 when the large object holds the content gzip-compressed (captured HTML), else 0
--   stored_bytes  length of the large object
--   loid          the large object; removed with lo_unlink if a blob row is ever deleted
CREATE TABLE blobs (
  sha256        TEXT PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes         BIGINT NOT NULL,
  compressed    BIGINT NOT NULL DEFAULT 0 CHECK (compressed IN (0, 1)),
  stored_bytes  BIGINT NOT NULL,
  loid          OID NOT NULL UNIQUE
);
