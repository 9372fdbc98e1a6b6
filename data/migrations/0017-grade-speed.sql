-- 0017-grade-speed.sql - customer value at 250k accounts (issue 14): no
-- merge base for an account while the database has never synced (`account
-- grade`), and the accounts of a rep's scope counted from an index.
--
-- The history trigger (0002-sync.sql, 0010-grade.sql) keeps, at each local
-- write, the edge old rev -> new rev and the old version's body, so that a
-- later three-way merge with the server finds the common ancestor. Until a
-- sync has begun on this database (sync_run gets its row before anything is
-- sent: src/sync/replicate.c), no server holds any revision of any record:
-- no branch can meet a local one, so no ancestor is ever asked for, and the
-- first push sends the revision it finds (its _revisions start there, as a
-- new document's do). Grading every account of a database that never synced
-- (the demo, an offline team) wrote 250k JSON bodies and edges nobody would
-- read: most of the time of `account grade`. From the first sync on, every
-- write keeps its history as before.
-- Only accounts: the grade rewrites them in bulk; other types keep theirs.
DROP TRIGGER IF EXISTS account_sync_history;
CREATE TRIGGER account_sync_history AFTER UPDATE OF rev ON account
WHEN old.rev <> '' AND new.rev <> old.rev AND EXISTS (SELECT 1 FROM sync_run)
BEGIN
	INSERT OR IGNORE INTO sync_rev (doc, rev, parent, gen, local)
		VALUES (new.id, new.rev, old.rev, CAST(new.rev AS INTEGER), 1);
	INSERT OR IGNORE INTO sync_body (doc, rev, gen, body)
		VALUES (old.id, old.rev, CAST(old.rev AS INTEGER), json_object(
			'owner', old.owner, 'created_at', old.created_at, 'updated_at', old.updated_at,
			'updated_by', old.updated_by, 'deleted', old.deleted, 'name', old.name,
			'industry', old.industry, 'territory', old.territory, 'segment', old.segment,
			'segment_by_hand', old.segment_by_hand,
			'phone', old.phone, 'email', old.email, 'website', old.website,
			'address', old.address, 'tags', old.tags, 'notes', old.notes));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;

-- How many accounts a rep's scope holds (report abc and clv count those
-- without revenue): SELECT owner, count(*) ... WHERE deleted = 0 GROUP BY
-- owner read all 250k rows of the account table and sorted them, 1 s of CPU
-- at 1M contacts against 0.5 s for the whole team. This index gives the
-- owners in order from a few MB, and the team's count too.
DROP INDEX IF EXISTS account_owner;
CREATE INDEX account_owner ON account(owner, deleted);
