-- 0010-grade.sql - whether an account's grade (its segment: A, B or C) was
-- set by hand. `salesterm account grade` writes the grade of the A/B/C
-- ranking (src/report/abc.h) into segment and keeps a grade set by hand;
-- an edit of segment through a form or `account edit` marks it so
-- (src/account.c), and clearing it hands the account back to the ranking.

ALTER TABLE account ADD COLUMN segment_by_hand INTEGER NOT NULL DEFAULT 0;

-- The A/B/C ranking and the lifetime value read won deals by stage and close
-- date, and the open pipeline by stage, with the account, currency, owner
-- and amount: from this index alone (deleted is in it so SQLite takes it as
-- covering), never the rows.
CREATE INDEX opportunity_value ON opportunity(stage, close_date, account, currency, owner, amount, deleted) WHERE deleted = 0;

-- The versions kept as merge bases (0002-sync.sql) hold every field, the
-- new one included.
DROP TRIGGER IF EXISTS account_sync_history;
CREATE TRIGGER account_sync_history AFTER UPDATE OF rev ON account
WHEN old.rev <> '' AND new.rev <> old.rev
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
