-- 0015-history-speed.sql - the history reports at a million records (issue
-- 13): indexes that let report changes, --as-of and the funnel read index
-- entries alone instead of one scattered table row per deal.
--
--   opportunity_forecast gains deleted: SQLite 3.40 does not count a partial
--     index's own condition as covered, so a query that says deleted = 0
--     read every row behind the index; with it, the period's deals (report
--     funnel, the deals then and now of report changes and --as-of) come
--     from the index alone;
--   opportunity_created (id, deleted, created_at, lost_reason): a deal's
--     creation and lost reason by id, without its row (--as-of checks each
--     deal changed since the date; the funnel reads each closed deal's);
--   stage_change_opportunity gains n after at: a deal's path in the order
--     its walk wants (at, n) straight from the index, with no sorter per
--     deal; the same (opportunity, at) prefix as before.
-- Dropped and made again under the same name, so a file that has them from
-- another branch's numbering is upgraded all the same.
DROP INDEX IF EXISTS opportunity_forecast;
CREATE INDEX opportunity_forecast ON opportunity(close_date, owner, category, stage, currency,
	amount, probability, id, lost_reason, created_at, deleted) WHERE deleted = 0;
DROP INDEX IF EXISTS opportunity_created;
CREATE INDEX opportunity_created ON opportunity(id, deleted, created_at, lost_reason);
DROP INDEX IF EXISTS stage_change_opportunity;
CREATE INDEX stage_change_opportunity ON stage_change(opportunity, at, n, deleted, from_stage,
	to_stage);
