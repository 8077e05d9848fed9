-- PostgreSQL dialect of src/store/migrations/0510_job_settings.sql.
CREATE TABLE crawl_job_settings (
  job         TEXT PRIMARY KEY,
  settings    TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL
);
