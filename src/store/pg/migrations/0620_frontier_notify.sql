-- Idle crawl workers on every machine LISTEN on markwatch_frontier (src/store/pg/pgFrontierListen.ts), so a
-- row that becomes leasable — inserted, released, or put back for a retry — wakes them at once rather than at
-- their next poll. Only that: a commit that sent a notification takes a cluster-wide lock while it commits,
-- so leasing a row or finishing one (most of a crawl's commits) notifies nobody. The payload is the run;
-- notifications with the same payload in one transaction are delivered once, at commit.
CREATE FUNCTION crawl_frontier_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('markwatch_frontier', NEW.run_pk::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER crawl_frontier_notify
  AFTER INSERT OR UPDATE OF state ON crawl_frontier
  FOR EACH ROW WHEN (NEW.state = 'pending')
  EXECUTE FUNCTION crawl_frontier_notify();
