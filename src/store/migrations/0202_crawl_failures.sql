-- No listing lost under transient faults (issue 12): 429 answers have their own budget per row (the host
-- said "later", the page did not fail), and a row that failed in a job's run is carried into the job's next
-- run, retried first; carried_from names the row it retries.
ALTER TABLE crawl_frontier ADD COLUMN rate_limits INTEGER NOT NULL DEFAULT 0;
ALTER TABLE crawl_frontier ADD COLUMN carried_from INTEGER REFERENCES crawl_frontier(id);
CREATE INDEX crawl_frontier_settled ON crawl_frontier(run_pk, state);
CREATE INDEX crawl_errors_frontier ON crawl_errors(frontier_id);
