-- 0009-indexes.sql - the indexes that let every screen show its complete
-- figures at once on a million records (issue 12): a rep's own day is an
-- index range of its own rather than a filter over everyone's.
--   activity (owner, start) and (owner, due): Today's schedule and overdue
--     items, the Schedule's days, month grid and year heat map of one rep;
--   followup (owner, at): Today's follow-ups due;
--   opportunity (stage, owner, ...): the Funnel's totals per stage, read
--     from the index alone (it holds every column the sum needs), and
--     Today's rotting deals (stage_at).
-- IF NOT EXISTS: the migrations of parallel branches are numbered apart, and
-- a file that already has these indexes is upgraded all the same.

CREATE INDEX IF NOT EXISTS activity_owner_start ON activity(owner, start, n) WHERE deleted = 0;
CREATE INDEX IF NOT EXISTS activity_owner_due ON activity(owner, due, n) WHERE deleted = 0;
CREATE INDEX IF NOT EXISTS followup_owner_at ON followup(owner, at, n) WHERE deleted = 0;
CREATE INDEX IF NOT EXISTS opportunity_stage_owner ON opportunity(stage, owner, close_date,
	category, currency, amount, probability, stage_at) WHERE deleted = 0;
