-- 0008-reviews.sql - a rep's request for a gated stage's review, kept with
-- the deal (src/opportunity.c): the stage asked for, the request's state
-- (requested, approved, returned), the rep's note, the reviewer's reply and
-- when it was asked. The reviewers' queue reads the requests still open
-- through a partial index, so it costs the same on a million deals.

ALTER TABLE opportunity ADD COLUMN review_stage TEXT;
ALTER TABLE opportunity ADD COLUMN review_status TEXT;
ALTER TABLE opportunity ADD COLUMN review_note TEXT;
ALTER TABLE opportunity ADD COLUMN review_reply TEXT;
ALTER TABLE opportunity ADD COLUMN review_at TEXT;
CREATE INDEX opportunity_review ON opportunity(review_at) WHERE review_status = 'requested';
CREATE INDEX opportunity_review_returned ON opportunity(owner) WHERE review_status = 'returned';

-- The versions kept as merge bases (0002-sync.sql) hold every field, the
-- new ones included.
DROP TRIGGER IF EXISTS opportunity_sync_history;
CREATE TRIGGER opportunity_sync_history AFTER UPDATE OF rev ON opportunity
WHEN old.rev <> '' AND new.rev <> old.rev
BEGIN
	INSERT OR IGNORE INTO sync_rev (doc, rev, parent, gen, local)
		VALUES (new.id, new.rev, old.rev, CAST(new.rev AS INTEGER), 1);
	INSERT OR IGNORE INTO sync_body (doc, rev, gen, body)
		VALUES (old.id, old.rev, CAST(old.rev AS INTEGER), json_object(
			'owner', old.owner, 'created_at', old.created_at, 'updated_at', old.updated_at,
			'updated_by', old.updated_by, 'deleted', old.deleted, 'name', old.name,
			'account', old.account, 'contact', old.contact, 'stage', old.stage,
			'amount', old.amount, 'currency', old.currency, 'probability', old.probability,
			'close_date', old.close_date, 'category', old.category, 'next_step', old.next_step,
			'lost_reason', old.lost_reason, 'product_line', old.product_line, 'lead', old.lead,
			'stage_at', old.stage_at, 'review_stage', old.review_stage,
			'review_status', old.review_status, 'review_note', old.review_note,
			'review_reply', old.review_reply, 'review_at', old.review_at));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;
