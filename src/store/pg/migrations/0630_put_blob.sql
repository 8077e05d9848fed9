-- A blob that fits in one statement is stored in ONE round trip (src/store/pg/pgBlobStore.ts): the crawl puts
-- one or two evidence files per page, and five statements and a transaction each were a third of a page's
-- round trips. Returns the stored row's `compressed`: an existing blob is left as it is, and a put racing
-- another machine's put of the same content drops its own large object, so the content is stored once.
CREATE FUNCTION markwatch_put_blob(p_sha256 TEXT, p_bytes BIGINT, p_compressed BIGINT, p_data BYTEA)
RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
  v_compressed BIGINT;
  v_loid OID;
BEGIN
  SELECT compressed INTO v_compressed FROM blobs WHERE sha256 = p_sha256;
  IF FOUND THEN
    RETURN v_compressed;
  END IF;
  v_loid := lo_from_bytea(0, p_data);
  INSERT INTO blobs (sha256, bytes, compressed, stored_bytes, loid)
  VALUES (p_sha256, p_bytes, p_compressed, length(p_data), v_loid)
  ON CONFLICT (sha256) DO NOTHING;
  IF FOUND THEN
    RETURN p_compressed;
  END IF;
  PERFORM lo_unlink(v_loid);
  SELECT compressed INTO v_compressed FROM blobs WHERE sha256 = p_sha256;
  RETURN v_compressed;
END
$$;
