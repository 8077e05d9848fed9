-- Issue 15: proof of right (a registration certificate), uploaded once by a rights holder and reused in every
-- notice for the rights it is attached to (as Alibaba IPP records a right once). The file itself lives under
-- the data directory at proofs/<sha256>, content-addressed: the same bytes are stored once. A row is per
-- holder, so two holders uploading the same file each have their own row and neither sees the other's.

CREATE TABLE proofs (
  id           INTEGER PRIMARY KEY,
  holder_id    TEXT NOT NULL,                   -- the rights-registry account (rights.owner_account)
  sha256       TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  media_type   TEXT NOT NULL CHECK (media_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  size         INTEGER NOT NULL CHECK (size > 0),
  file_name    TEXT NOT NULL,                   -- sanitised original name, for display and download
  uploaded_by  TEXT NOT NULL,                   -- web username
  uploaded_at  TEXT NOT NULL,                   -- ISO
  UNIQUE (holder_id, sha256)
) STRICT;

-- Which proof a right's notices carry: one certificate per right (it proves one registration), replaced when
-- the holder attaches another. Only rows of the right's own holder may be attached (checked by the store).
CREATE TABLE right_proofs (
  right_id     TEXT PRIMARY KEY,
  proof_id     INTEGER NOT NULL REFERENCES proofs(id),
  attached_by  TEXT NOT NULL,
  attached_at  TEXT NOT NULL
) STRICT;
CREATE INDEX right_proofs_proof ON right_proofs(proof_id);
