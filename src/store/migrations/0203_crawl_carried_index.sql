-- A failed row is settled once a later run has carried it: the carry step asks "is there a row carried from
-- this one?" for every failed row of the job's earlier runs, so carried_from is indexed.
CREATE INDEX IF NOT EXISTS crawl_frontier_carried_from ON crawl_frontier(carried_from) WHERE carried_from IS NOT NULL;
