-- 0023-stage-change-day.sql - report reps over a year at a million records
-- (issue 13): the stage changes summed per UTC day, kept by triggers like
-- the Funnel's totals (0013-report-speed.sql).
--
-- report reps credits each rep with the deals created, moved forward and won
-- per local day. A year of the 1M demo has 870k stage changes, and reading
-- each one was half of the report's time; per day, owner, move and currency
-- they are 80k rows. A local day starts at the same time of each UTC day
-- (the report counts days of 86,400 s from the window's first midnight), so
-- it is one UTC day's row, less the changes between the UTC and the local
-- midnight, plus those of the day next to it: only those are read one by
-- one (src/report/reps.c), none for the demo's reps in Shanghai.
--
-- day is at's first ten characters: every writer stores instants in one
-- form (clock_iso_utc(): "2026-11-23T01:00:00Z"). '' stands for no owner,
-- no from_stage (a deal created) and no currency (the default one): a record
-- id and a currency code are never empty. amount is the changes' amounts
-- summed, 0 for none.
--
-- stage_change_day_recount is the same figures counted from the changes:
-- the triggers keep the table equal to it (tests/unit/test_stage_change_day.c
-- checks that after every kind of write), and a bulk load (src/bulk.c) drops
-- the triggers while it writes stage changes and fills the table from the
-- view once at the end.
CREATE TABLE IF NOT EXISTS stage_change_day (
	day TEXT NOT NULL,
	owner TEXT NOT NULL,
	from_stage TEXT NOT NULL,
	to_stage TEXT NOT NULL,
	currency TEXT NOT NULL,
	changes INTEGER NOT NULL,
	amount INTEGER NOT NULL,
	PRIMARY KEY (day, owner, from_stage, to_stage, currency)
) WITHOUT ROWID;

DROP VIEW IF EXISTS stage_change_day_recount;
CREATE VIEW stage_change_day_recount AS
	SELECT substr(at, 1, 10) AS day, coalesce(owner, '') AS owner,
		coalesce(from_stage, '') AS from_stage, to_stage,
		coalesce(currency, '') AS currency, count(*) AS changes,
		coalesce(sum(amount), 0) AS amount
	FROM stage_change WHERE deleted = 0 GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER IF NOT EXISTS stage_change_day_insert AFTER INSERT ON stage_change
WHEN new.deleted = 0
BEGIN
	INSERT INTO stage_change_day VALUES (substr(new.at, 1, 10), coalesce(new.owner, ''),
		coalesce(new.from_stage, ''), new.to_stage, coalesce(new.currency, ''), 1,
		coalesce(new.amount, 0))
	ON CONFLICT DO UPDATE SET changes = changes + 1, amount = amount + excluded.amount;
END;

CREATE TRIGGER IF NOT EXISTS stage_change_day_delete AFTER DELETE ON stage_change
WHEN old.deleted = 0
BEGIN
	UPDATE stage_change_day SET changes = changes - 1, amount = amount - coalesce(old.amount, 0)
	WHERE day = substr(old.at, 1, 10) AND owner = coalesce(old.owner, '')
		AND from_stage = coalesce(old.from_stage, '') AND to_stage = old.to_stage
		AND currency = coalesce(old.currency, '');
	DELETE FROM stage_change_day WHERE day = substr(old.at, 1, 10)
		AND owner = coalesce(old.owner, '') AND from_stage = coalesce(old.from_stage, '')
		AND to_stage = old.to_stage AND currency = coalesce(old.currency, '')
		AND changes = 0;
END;

CREATE TRIGGER IF NOT EXISTS stage_change_day_update
AFTER UPDATE OF at, owner, from_stage, to_stage, currency, amount, deleted ON stage_change
WHEN old.deleted = 0 OR new.deleted = 0
BEGIN
	UPDATE stage_change_day SET changes = changes - 1, amount = amount - coalesce(old.amount, 0)
	WHERE old.deleted = 0 AND day = substr(old.at, 1, 10) AND owner = coalesce(old.owner, '')
		AND from_stage = coalesce(old.from_stage, '') AND to_stage = old.to_stage
		AND currency = coalesce(old.currency, '');
	DELETE FROM stage_change_day WHERE old.deleted = 0 AND day = substr(old.at, 1, 10)
		AND owner = coalesce(old.owner, '') AND from_stage = coalesce(old.from_stage, '')
		AND to_stage = old.to_stage AND currency = coalesce(old.currency, '')
		AND changes = 0;
	INSERT INTO stage_change_day SELECT substr(new.at, 1, 10), coalesce(new.owner, ''),
		coalesce(new.from_stage, ''), new.to_stage, coalesce(new.currency, ''), 1,
		coalesce(new.amount, 0) WHERE new.deleted = 0
	ON CONFLICT DO UPDATE SET changes = changes + 1, amount = amount + excluded.amount;
END;

DELETE FROM stage_change_day;
INSERT INTO stage_change_day SELECT * FROM stage_change_day_recount WHERE true;
