-- 0006-forecast.sql - a manager's adjustments of the forecast, and the
-- indexes that answer the reports (src/report/) from the index alone.
-- Needs 0005-opportunity-history.sql before it.

-- A manager's figure for a rep's (or a territory's) commit and best case in
-- a period ("2026Q4", "2026-11", "2026"), with a note. Append-only: a new
-- adjustment replaces the one before for the same rep or territory and
-- period, and the old ones stay as the record of who said what and when
-- (owner and created_at: the manager and the moment). Amounts are minor
-- units of currency.
CREATE TABLE forecast_adjustment (
	n INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	rev TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	owner TEXT,
	updated_by TEXT,
	deleted INTEGER NOT NULL DEFAULT 0,
	seq INTEGER NOT NULL DEFAULT 0,
	dirty INTEGER NOT NULL DEFAULT 1,
	user TEXT,
	territory TEXT,
	period TEXT NOT NULL,
	"commit" INTEGER,
	best_case INTEGER,
	currency TEXT,
	note TEXT
);

CREATE INDEX forecast_adjustment_period ON forecast_adjustment(period, created_at) WHERE deleted = 0;
CREATE INDEX forecast_adjustment_seq ON forecast_adjustment(seq) WHERE dirty = 1;

CREATE TRIGGER forecast_adjustment_sync_history AFTER UPDATE OF rev ON forecast_adjustment
WHEN old.rev <> '' AND new.rev <> old.rev
BEGIN
	INSERT OR IGNORE INTO sync_rev (doc, rev, parent, gen, local)
		VALUES (new.id, new.rev, old.rev, CAST(new.rev AS INTEGER), 1);
	INSERT OR IGNORE INTO sync_body (doc, rev, gen, body)
		VALUES (old.id, old.rev, CAST(old.rev AS INTEGER), json_object(
			'owner', old.owner, 'created_at', old.created_at, 'updated_at', old.updated_at,
			'updated_by', old.updated_by, 'deleted', old.deleted, 'user', old.user,
			'territory', old.territory, 'period', old.period, 'commit', old."commit",
			'best_case', old.best_case, 'currency', old.currency, 'note', old.note));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;

-- The forecast and the funnel analytics read a period's deals by close date:
-- with the stage, currency, probability and id in the index too, no row is
-- read (doc/DESIGN.md section 10). It replaces the narrower index of 0001.
DROP INDEX opportunity_forecast;
CREATE INDEX opportunity_forecast ON opportunity(close_date, owner, category, stage, currency, amount, probability, id) WHERE deleted = 0;
-- Idle deals: a stage's deals that entered it before a date.
CREATE INDEX opportunity_idle ON opportunity(stage, stage_at, owner, currency, amount) WHERE deleted = 0;
-- A closed deal's path through the stages, from the index alone.
DROP INDEX stage_change_opportunity;
CREATE INDEX stage_change_opportunity ON stage_change(opportunity, at, deleted, from_stage, to_stage);
