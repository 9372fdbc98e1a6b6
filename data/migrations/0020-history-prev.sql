-- 0020-history-prev.sql - the deals as they stood at any instant, read from
-- one entry per deal instead of every entry since (issue 13: report forecast
-- and report funnel --as-of, report changes --since, at a million contacts).
--
-- A deal as it stood at an instant D is its row if nothing changed it since,
-- else the values before its first live history entry at or after D. That
-- entry used to be found by reading every entry since D in time order (555k
-- entries a quarter back at 1M contacts) and keeping the first per deal.
--
-- prev_at is the instant of the deal's previous live entry, in the order
-- (at, n) (of entries at one instant, the first written comes first), and ''
-- for a deal's first entry; NULL on a tombstoned entry, which is not in the
-- chain. An entry is its deal's first at or after D exactly when at >= D and
-- prev_at < D: one entry per deal changed since D. opportunity_history_prev
-- finds them a day of prev_at at a time: for each day up to D's, the entries
-- of that day's prev_at with at >= D (history_deals_as_of(),
-- src/report/history.c).
--
-- opportunity_history_prev_recount is the same column counted from the whole
-- history: the triggers below keep prev_at equal to it after any write of an
-- entry, in any order (sync brings other clients' entries late and out of
-- order, and may tombstone or move one; tests/unit/test_history_prev.c). A
-- bulk load drops the triggers while it writes the history and fills prev_at
-- at the end for the deals that have an entry without it
-- (history_prev_suspend() and history_prev_restore()); the demo writes
-- prev_at itself.
--
-- And opportunity_created gains name: report changes reads the name of each
-- deal it lists (a quarter back at 1M: some 60k), a row each all over the
-- file; from the index they come in id order, as the deals are listed (the
-- hs2 branch's idea).
ALTER TABLE opportunity_history ADD COLUMN prev_at TEXT;

DROP INDEX IF EXISTS opportunity_created;
CREATE INDEX opportunity_created ON opportunity(id, deleted, created_at, lost_reason, name);

DROP VIEW IF EXISTS opportunity_history_prev_recount;
CREATE VIEW opportunity_history_prev_recount AS
SELECT n, coalesce(lag(at) OVER (PARTITION BY opportunity ORDER BY at, n), '') AS prev_at
FROM opportunity_history WHERE deleted = 0;

-- The same per entry, for the few entries a write changes: the entry before
-- it from opportunity_history_opportunity (opportunity, at; n is the rowid).
DROP VIEW IF EXISTS opportunity_history_prev_of;
CREATE VIEW opportunity_history_prev_of AS
SELECT h.n AS n, coalesce((SELECT p.at FROM opportunity_history p WHERE
	p.opportunity = h.opportunity AND p.deleted = 0 AND (p.at < h.at OR (p.at = h.at AND
	p.n < h.n)) ORDER BY p.at DESC, p.n DESC LIMIT 1), '') AS prev_at
FROM opportunity_history h WHERE h.deleted = 0;

UPDATE opportunity_history SET prev_at = (SELECT v.prev_at FROM opportunity_history_prev_of v
	WHERE v.n = opportunity_history.n) WHERE deleted = 0;

-- Only history_deals_as_of() read the (at, ...) index; this one replaces it.
DROP INDEX IF EXISTS opportunity_history_at;
DROP INDEX IF EXISTS opportunity_history_prev;
CREATE INDEX opportunity_history_prev ON opportunity_history(substr(prev_at, 1, 10), at, prev_at,
	deleted, opportunity, event, old_owner, old_stage, old_amount, old_currency,
	old_probability, old_close_date, old_category) WHERE deleted = 0;

-- An entry written, changed or removed changes prev_at of the deal's live
-- entries from its instant on (its own, and the next one's).
DROP TRIGGER IF EXISTS opportunity_history_prev_insert;
CREATE TRIGGER opportunity_history_prev_insert AFTER INSERT ON opportunity_history
WHEN new.deleted = 0
BEGIN
	UPDATE opportunity_history SET prev_at = (SELECT v.prev_at FROM
		opportunity_history_prev_of v WHERE v.n = opportunity_history.n)
	WHERE opportunity = new.opportunity AND at >= new.at AND deleted = 0;
END;

DROP TRIGGER IF EXISTS opportunity_history_prev_update;
CREATE TRIGGER opportunity_history_prev_update
AFTER UPDATE OF opportunity, at, deleted ON opportunity_history
BEGIN
	UPDATE opportunity_history SET prev_at = NULL WHERE n = new.n AND new.deleted <> 0;
	UPDATE opportunity_history SET prev_at = (SELECT v.prev_at FROM
		opportunity_history_prev_of v WHERE v.n = opportunity_history.n)
	WHERE opportunity IN (old.opportunity, new.opportunity) AND at >= min(old.at, new.at)
		AND deleted = 0;
END;

DROP TRIGGER IF EXISTS opportunity_history_prev_delete;
CREATE TRIGGER opportunity_history_prev_delete AFTER DELETE ON opportunity_history
BEGIN
	UPDATE opportunity_history SET prev_at = (SELECT v.prev_at FROM
		opportunity_history_prev_of v WHERE v.n = opportunity_history.n)
	WHERE opportunity = old.opportunity AND at >= old.at AND deleted = 0;
END;
