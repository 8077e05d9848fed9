-- Issue 16: figures of the 知识产权执法数据统计表 that markwatch does not observe, entered by officers (CSV or the
-- web form). A case is keyed by its unit and case number, so a later entry (the case closed, a fine decided)
-- updates it; every save is audited. Amounts are whole fen (分) so sums are exact.
CREATE TABLE stat_cases (
  pk              INTEGER PRIMARY KEY,
  unit            TEXT NOT NULL,
  case_no         TEXT NOT NULL,
  row_code        TEXT NOT NULL,
  opened_on       TEXT,
  closed_on       TEXT,
  referred_on     TEXT,
  amount_involved_fen INTEGER CHECK (amount_involved_fen >= 0),
  fines_fen       INTEGER CHECK (fines_fen >= 0),
  losses_recovered_fen INTEGER CHECK (losses_recovered_fen >= 0),
  foreign_losses_recovered_fen INTEGER CHECK (foreign_losses_recovered_fen >= 0),
  ecommerce       INTEGER NOT NULL DEFAULT 0,
  key_market      INTEGER NOT NULL DEFAULT 0,
  rural           INTEGER NOT NULL DEFAULT 0,
  foreign_victim  INTEGER NOT NULL DEFAULT 0,
  lead_pk         INTEGER REFERENCES leads(pk),
  note            TEXT NOT NULL DEFAULT '',
  entered_by      TEXT NOT NULL,
  entered_at      TEXT NOT NULL,
  UNIQUE (unit, case_no)
);

-- Enforcement actions (block 1), one row per action or per officer's tally, keyed by unit and reference.
CREATE TABLE stat_actions (
  pk              INTEGER PRIMARY KEY,
  unit            TEXT NOT NULL,
  ref             TEXT NOT NULL,
  on_date         TEXT NOT NULL,
  actions         INTEGER NOT NULL DEFAULT 0 CHECK (actions >= 0),
  deployments     INTEGER NOT NULL DEFAULT 0 CHECK (deployments >= 0),
  market_actions  INTEGER NOT NULL DEFAULT 0 CHECK (market_actions >= 0),
  market_deployments INTEGER NOT NULL DEFAULT 0 CHECK (market_deployments >= 0),
  key_markets     INTEGER CHECK (key_markets >= 0),
  note            TEXT NOT NULL DEFAULT '',
  entered_by      TEXT NOT NULL,
  entered_at      TEXT NOT NULL,
  UNIQUE (unit, ref)
);
