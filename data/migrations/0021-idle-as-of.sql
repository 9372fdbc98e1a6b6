-- 0021-idle-as-of.sql - report funnel --as-of at a million records (issue
-- 13): opportunity_forecast gains stage_at. The deals idle as of a date are
-- those open then in a stage with an idle limit that they entered before
-- the limit. A deal whose stage_at (when it entered the stage it is in,
-- set with every stage change) is before that date has not moved since: it
-- was in the same stage then, entered at stage_at, read with the rest of
-- its index entry instead of a seek in stage_change per deal (124k a
-- quarter back in the 1M demo). The others are still looked up there.
DROP INDEX IF EXISTS opportunity_forecast;
CREATE INDEX opportunity_forecast ON opportunity(close_date, owner, category, stage, currency,
	amount, probability, id, lost_reason, created_at, deleted, stage_at) WHERE deleted = 0;
