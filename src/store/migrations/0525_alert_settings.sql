-- Issue 15: alert settings edited on the web. Each save appends the whole set of overrides (what the web form
-- may change: a channel's events and target, the digest, the attempts), validated against the configuration's
-- own schema before it is stored; the newest row applies over the configuration file's `alerts` section at the
-- next alert round. Secrets are never stored here: they stay in the file or the environment.

CREATE TABLE alert_settings (
  id            INTEGER PRIMARY KEY,
  settings_json TEXT NOT NULL,                  -- JSON: src/workflow/alertSettings.ts AlertOverrides
  updated_by    TEXT NOT NULL,
  updated_at    TEXT NOT NULL                   -- ISO
) STRICT;
