-- 0024-stage-path.sql - report funnel over a year at a million records
-- (issue 13): each deal's stage changes in one row, kept by triggers like
-- the Funnel's totals (0013-report-speed.sql).
--
-- The funnel walks each closed deal of the period through its stage
-- changes: the furthest stage it reached, the time it spent in each, when it
-- was made. A year of the 1M demo closes 95k deals with 460k changes, and a
-- seek in stage_change_opportunity per deal and a step per change were two
-- fifths of the report's time; one row per deal reads in a third of that.
--
-- path is the deal's live changes joined by char(30), each as at, n,
-- from_stage ('' for none: the deal made) and to_stage joined by char(31): a
-- record id and an instant never hold a control character. They come in the
-- order of stage_change_opportunity (opportunity, at, n, ...), and
-- src/report/funnel_stats.c puts them in the order of (at, n) itself if they
-- are not: group_concat() does not promise one. A deal with no live change
-- has no row.
--
-- stage_path_recount is the same paths made from the changes: the triggers
-- keep the table equal to it (tests/unit/test_stage_change_day.c checks that
-- after every kind of write), and a bulk load (src/bulk.c) drops the
-- triggers while it writes stage changes and fills the table from the view
-- once at the end.
CREATE TABLE IF NOT EXISTS stage_path (
	opportunity TEXT PRIMARY KEY,
	path TEXT NOT NULL
) WITHOUT ROWID;

DROP VIEW IF EXISTS stage_path_recount;
CREATE VIEW stage_path_recount AS
	SELECT opportunity, group_concat(at || char(31) || n || char(31) ||
		coalesce(from_stage, '') || char(31) || to_stage, char(30)) AS path
	FROM stage_change WHERE deleted = 0 GROUP BY opportunity;

-- A deal's path made again from the view after a change of its own: SQLite
-- takes the deal into the view's query (a seek in stage_change_opportunity).
CREATE TRIGGER IF NOT EXISTS stage_path_insert AFTER INSERT ON stage_change
WHEN new.deleted = 0
BEGIN
	DELETE FROM stage_path WHERE opportunity = new.opportunity;
	INSERT INTO stage_path SELECT * FROM stage_path_recount
	WHERE opportunity = new.opportunity;
END;

CREATE TRIGGER IF NOT EXISTS stage_path_delete AFTER DELETE ON stage_change
WHEN old.deleted = 0
BEGIN
	DELETE FROM stage_path WHERE opportunity = old.opportunity;
	INSERT INTO stage_path SELECT * FROM stage_path_recount
	WHERE opportunity = old.opportunity;
END;

CREATE TRIGGER IF NOT EXISTS stage_path_update
AFTER UPDATE OF opportunity, at, from_stage, to_stage, deleted ON stage_change
WHEN old.deleted = 0 OR new.deleted = 0
BEGIN
	DELETE FROM stage_path WHERE opportunity IN (old.opportunity, new.opportunity);
	INSERT INTO stage_path SELECT * FROM stage_path_recount
	WHERE opportunity IN (old.opportunity, new.opportunity);
END;

DELETE FROM stage_path;
INSERT INTO stage_path SELECT * FROM stage_path_recount WHERE true;
