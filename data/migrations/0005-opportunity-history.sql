-- 0005-opportunity-history.sql - the history of each deal's forecast fields
-- (doc/DESIGN.md section 3): one append-only row per write that changed any
-- of stage, amount, currency, probability, close date, forecast category or
-- owner, with the values before (old_*) and after, written by the core in the
-- write's own transaction (src/opportunity.c) and synced like follow-up logs.
-- "What changed" and the pipeline as of a date read it (src/report/history.c).
-- And forecast snapshots: a forecast call's figures frozen as they were
-- submitted, so later edits of deals cannot rewrite them
-- (src/report/snapshot.c), append-only and synced too.
-- Needs 0002-sync.sql before it.

CREATE TABLE opportunity_history (
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
	opportunity TEXT NOT NULL,
	at TEXT NOT NULL,
	user TEXT,
	event TEXT NOT NULL DEFAULT 'changed',
	old_stage TEXT,
	stage TEXT,
	old_amount INTEGER,
	amount INTEGER,
	old_currency TEXT,
	currency TEXT,
	old_probability INTEGER,
	probability INTEGER,
	old_close_date TEXT,
	close_date TEXT,
	old_category TEXT,
	category TEXT,
	old_owner TEXT,
	new_owner TEXT
);

CREATE INDEX opportunity_history_opportunity ON opportunity_history(opportunity, at);
CREATE INDEX opportunity_history_at ON opportunity_history(at);
CREATE INDEX opportunity_history_seq ON opportunity_history(seq) WHERE dirty = 1;

CREATE TRIGGER opportunity_history_sync_history AFTER UPDATE OF rev ON opportunity_history
WHEN old.rev <> '' AND new.rev <> old.rev
BEGIN
	INSERT OR IGNORE INTO sync_rev (doc, rev, parent, gen, local)
		VALUES (new.id, new.rev, old.rev, CAST(new.rev AS INTEGER), 1);
	INSERT OR IGNORE INTO sync_body (doc, rev, gen, body)
		VALUES (old.id, old.rev, CAST(old.rev AS INTEGER), json_object(
			'owner', old.owner, 'created_at', old.created_at, 'updated_at', old.updated_at,
			'updated_by', old.updated_by, 'deleted', old.deleted,
			'opportunity', old.opportunity, 'at', old.at, 'user', old.user,
			'event', old.event, 'old_stage', old.old_stage, 'stage', old.stage,
			'old_amount', old.old_amount, 'amount', old.amount,
			'old_currency', old.old_currency, 'currency', old.currency,
			'old_probability', old.old_probability, 'probability', old.probability,
			'old_close_date', old.old_close_date, 'close_date', old.close_date,
			'old_category', old.old_category, 'category', old.category,
			'old_owner', old.old_owner, 'new_owner', old.new_owner));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;

CREATE TABLE forecast_snapshot (
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
	name TEXT NOT NULL,
	period TEXT NOT NULL,
	first TEXT NOT NULL,
	last TEXT NOT NULL,
	scope TEXT,
	at TEXT NOT NULL,
	user TEXT,
	currency TEXT NOT NULL,
	figures TEXT
);

CREATE INDEX forecast_snapshot_at ON forecast_snapshot(at);
CREATE INDEX forecast_snapshot_seq ON forecast_snapshot(seq) WHERE dirty = 1;

CREATE TRIGGER forecast_snapshot_sync_history AFTER UPDATE OF rev ON forecast_snapshot
WHEN old.rev <> '' AND new.rev <> old.rev
BEGIN
	INSERT OR IGNORE INTO sync_rev (doc, rev, parent, gen, local)
		VALUES (new.id, new.rev, old.rev, CAST(new.rev AS INTEGER), 1);
	INSERT OR IGNORE INTO sync_body (doc, rev, gen, body)
		VALUES (old.id, old.rev, CAST(old.rev AS INTEGER), json_object(
			'owner', old.owner, 'created_at', old.created_at, 'updated_at', old.updated_at,
			'updated_by', old.updated_by, 'deleted', old.deleted, 'name', old.name,
			'period', old.period, 'first', old.first, 'last', old.last,
			'scope', old.scope, 'at', old.at,
			'user', old.user, 'currency', old.currency, 'figures', old.figures));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;

-- Existing deals: their history as far as the stage changes tell it. A stage
-- change kept the deal's stage, amount, currency, probability and owner at
-- the move; the category is what the stage implied (won: closed, lost:
-- omitted, else by probability, as opportunity_rule() sets it); the close
-- date's past is unknown, so each entry carries today's. The rows are local
-- (rev '', not dirty): every client of a team derives the same ones from the
-- same synced stage changes, with ids derived from theirs (the first eight
-- hex digits shifted by 8, so short ids stay distinct from the stage
-- changes'), and a deal's later writes are synced history of their own.
INSERT INTO opportunity_history (id, rev, created_at, updated_at, owner, updated_by, deleted,
	seq, dirty, opportunity, at, user, event, old_stage, stage, old_amount, amount,
	old_currency, currency, old_probability, probability, old_close_date, close_date,
	old_category, category, old_owner, new_owner)
SELECT
	CASE WHEN c.id GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]*'
	THEN substr('89abcdef01234567', instr('0123456789abcdef', substr(c.id, 1, 1)), 1) ||
	     substr('89abcdef01234567', instr('0123456789abcdef', substr(c.id, 2, 1)), 1) ||
	     substr('89abcdef01234567', instr('0123456789abcdef', substr(c.id, 3, 1)), 1) ||
	     substr('89abcdef01234567', instr('0123456789abcdef', substr(c.id, 4, 1)), 1) ||
	     substr('89abcdef01234567', instr('0123456789abcdef', substr(c.id, 5, 1)), 1) ||
	     substr('89abcdef01234567', instr('0123456789abcdef', substr(c.id, 6, 1)), 1) ||
	     substr('89abcdef01234567', instr('0123456789abcdef', substr(c.id, 7, 1)), 1) ||
	     substr('89abcdef01234567', instr('0123456789abcdef', substr(c.id, 8, 1)), 1) ||
	     substr(c.id, 9)
	ELSE 'history-' || c.id END,
	'', c.at, c.at, c.owner, c.user, 0, 0, 0, c.opportunity, c.at, c.user,
	'migrated', c.from_stage, c.to_stage,
	lag(c.amount) OVER w, c.amount, lag(c.currency) OVER w, c.currency,
	lag(c.probability) OVER w, c.probability,
	CASE WHEN lag(c.id) OVER w IS NULL THEN NULL ELSE o.close_date END, o.close_date,
	lag(CASE WHEN s.won = 1 THEN 'closed' WHEN s.lost = 1 THEN 'omitted'
		WHEN c.probability >= 80 THEN 'commit' WHEN c.probability >= 50 THEN 'best_case'
		ELSE 'pipeline' END) OVER w,
	CASE WHEN s.won = 1 THEN 'closed' WHEN s.lost = 1 THEN 'omitted'
		WHEN c.probability >= 80 THEN 'commit' WHEN c.probability >= 50 THEN 'best_case'
		ELSE 'pipeline' END,
	lag(c.owner) OVER w, c.owner
FROM stage_change c
JOIN opportunity o ON o.id = c.opportunity
LEFT JOIN stage s ON s.id = c.to_stage
WHERE c.deleted = 0
WINDOW w AS (PARTITION BY c.opportunity ORDER BY c.at, c.n)
ORDER BY c.opportunity, c.at, c.n;
