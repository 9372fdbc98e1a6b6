-- 0013-report-speed.sql - the reports and the manager's Funnel at a million
-- records (issues 12 and 13): indexes a report reads alone, and the Funnel's
-- per-stage totals kept by triggers.
--
-- Covering indexes: a report that scans a time range reads the index alone
-- instead of one table row per entry, rows that lie all over the file (the
-- demo writes each deal's history in deal order, not time order).
--   followup (at, n, owner, channel), activity (start, n, owner, status) and
--     (due, n, owner, status, start): report reps' behaviour scans; the same
--     (at, n) / (start, n) / (due, n) prefixes as the indexes they replace,
--     so the lists' keyset paging is served as before;
--   stage_change (at, ...): report reps' deals created, advanced and won;
--   opportunity_history (at, ...): report changes and --as-of read the entries
--     after a date with the values before them;
--   opportunity_forecast gains lost_reason and created_at: report funnel
--     reads a closed deal's reason and creation with its other figures,
--     not by one lookup of its row each.
-- Dropped and made again under the same name, so a file that has them from
-- another branch's numbering is upgraded all the same.
DROP INDEX IF EXISTS followup_at;
CREATE INDEX followup_at ON followup(at, n, owner, channel) WHERE deleted = 0;
DROP INDEX IF EXISTS activity_start;
CREATE INDEX activity_start ON activity(start, n, owner, status) WHERE deleted = 0;
DROP INDEX IF EXISTS activity_due;
CREATE INDEX activity_due ON activity(due, n, owner, status, start) WHERE deleted = 0;
DROP INDEX IF EXISTS stage_change_at;
CREATE INDEX stage_change_at ON stage_change(at, deleted, owner, from_stage, to_stage, amount,
	currency);
DROP INDEX IF EXISTS opportunity_forecast;
CREATE INDEX opportunity_forecast ON opportunity(close_date, owner, category, stage, currency,
	amount, probability, id, lost_reason, created_at) WHERE deleted = 0;
DROP INDEX IF EXISTS opportunity_history_at;
CREATE INDEX opportunity_history_at ON opportunity_history(at, deleted, opportunity, event,
	old_owner, old_stage, old_amount, old_currency, old_probability, old_close_date, old_category);

-- The Funnel's totals: per stage, owner and currency, the live deals, their
-- amount and their amount times probability (percent), as
-- report_funnel_sum() sums them ('' stands for no owner and for no currency,
-- which the funnel counts in the default currency). funnel_total_recount is
-- the same figures counted from the deals: the triggers keep the table equal
-- to it (tests/unit/test_funnel_total.c checks that after every kind of
-- write), and a bulk load (src/bulk.c) drops the triggers while it writes
-- deals and fills the table from the view once at the end.
CREATE TABLE IF NOT EXISTS funnel_total (
	stage TEXT NOT NULL,
	owner TEXT NOT NULL,
	currency TEXT NOT NULL,
	deals INTEGER NOT NULL,
	amount INTEGER NOT NULL,
	weighted INTEGER NOT NULL,
	PRIMARY KEY (stage, owner, currency)
) WITHOUT ROWID;

DROP VIEW IF EXISTS funnel_total_recount;
CREATE VIEW funnel_total_recount AS
	SELECT stage, coalesce(owner, '') AS owner, coalesce(currency, '') AS currency,
		count(*) AS deals, coalesce(sum(amount), 0) AS amount,
		coalesce(sum(amount * coalesce(probability, 0)), 0) AS weighted
	FROM opportunity WHERE deleted = 0 GROUP BY 1, 2, 3;

CREATE TRIGGER IF NOT EXISTS funnel_total_insert AFTER INSERT ON opportunity
WHEN new.deleted = 0
BEGIN
	INSERT INTO funnel_total VALUES (new.stage, coalesce(new.owner, ''),
		coalesce(new.currency, ''), 1, coalesce(new.amount, 0),
		coalesce(new.amount, 0) * coalesce(new.probability, 0))
	ON CONFLICT DO UPDATE SET deals = deals + 1, amount = amount + excluded.amount,
		weighted = weighted + excluded.weighted;
END;

CREATE TRIGGER IF NOT EXISTS funnel_total_delete AFTER DELETE ON opportunity
WHEN old.deleted = 0
BEGIN
	UPDATE funnel_total SET deals = deals - 1, amount = amount - coalesce(old.amount, 0),
		weighted = weighted - coalesce(old.amount, 0) * coalesce(old.probability, 0)
	WHERE stage = old.stage AND owner = coalesce(old.owner, '')
		AND currency = coalesce(old.currency, '');
	DELETE FROM funnel_total WHERE stage = old.stage AND owner = coalesce(old.owner, '')
		AND currency = coalesce(old.currency, '') AND deals = 0;
END;

CREATE TRIGGER IF NOT EXISTS funnel_total_update
AFTER UPDATE OF stage, owner, currency, amount, probability, deleted ON opportunity
WHEN old.deleted = 0 OR new.deleted = 0
BEGIN
	UPDATE funnel_total SET deals = deals - 1, amount = amount - coalesce(old.amount, 0),
		weighted = weighted - coalesce(old.amount, 0) * coalesce(old.probability, 0)
	WHERE old.deleted = 0 AND stage = old.stage AND owner = coalesce(old.owner, '')
		AND currency = coalesce(old.currency, '');
	DELETE FROM funnel_total WHERE old.deleted = 0 AND stage = old.stage
		AND owner = coalesce(old.owner, '') AND currency = coalesce(old.currency, '')
		AND deals = 0;
	INSERT INTO funnel_total SELECT new.stage, coalesce(new.owner, ''),
		coalesce(new.currency, ''), 1, coalesce(new.amount, 0),
		coalesce(new.amount, 0) * coalesce(new.probability, 0) WHERE new.deleted = 0
	ON CONFLICT DO UPDATE SET deals = deals + 1, amount = amount + excluded.amount,
		weighted = weighted + excluded.weighted;
END;

DELETE FROM funnel_total;
INSERT INTO funnel_total SELECT * FROM funnel_total_recount WHERE true;
