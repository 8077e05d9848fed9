-- Issue 15: crawl-job settings changed on the web, stored as overrides of the configuration file. One row per
-- job holds only the overridden fields (JSON); no row = the job runs as configured. Deleting the row reverts.

CREATE TABLE crawl_job_settings (
  job         TEXT PRIMARY KEY,
  settings    TEXT NOT NULL,            -- JSON object: overridden fields of the job (cron, timezone, …)
  updated_at  TEXT NOT NULL,            -- ISO
  updated_by  TEXT NOT NULL
) STRICT;
