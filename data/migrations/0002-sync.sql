-- 0002-sync.sql - what sync with a CouchDB-protocol server keeps (src/sync/).
--
-- A record's row holds its winning revision. Around it:
--   sync_rev     the revision tree: one row per known revision with its parent
--                (NULL for a root, or where history was cut at revs_limit). The
--                triggers below add an edge whenever a local write changes a
--                row's rev; sync adds the server's histories itself.
--   sync_body    earlier versions of a row (canonical values as JSON), saved by
--                the same triggers, so the common ancestor of two branches is
--                at hand as the "base" of a three-way merge. A few per record.
--   sync_leaf    the other leaves of a record's tree: branches that lost to the
--                row (open conflicts for the user, or kept until resolved) and
--                tombstones that close a resolved branch, waiting to be pushed.
--   sync_reject  the server's reason for refusing the last push of a record.
--   sync_remote, sync_home, sync_checkpoint, sync_run: remotes, which remote a
--                pulled record came from (only when it is not the default),
--                replication checkpoints, and a log of runs.

CREATE TABLE sync_rev (
	doc TEXT NOT NULL,
	rev TEXT NOT NULL,
	parent TEXT,
	gen INTEGER NOT NULL,
	local INTEGER NOT NULL DEFAULT 0, -- 1: written on this device (conflicts call it "mine")
	PRIMARY KEY (doc, rev)
) WITHOUT ROWID;

CREATE TABLE sync_body (
	doc TEXT NOT NULL,
	rev TEXT NOT NULL,
	gen INTEGER NOT NULL,
	body TEXT NOT NULL,
	PRIMARY KEY (doc, rev)
) WITHOUT ROWID;

CREATE TABLE sync_leaf (
	doc TEXT NOT NULL,
	rev TEXT NOT NULL,
	type TEXT NOT NULL,
	deleted INTEGER NOT NULL DEFAULT 0,
	body TEXT,                         -- NULL: a bare tombstone closing a branch
	open INTEGER NOT NULL DEFAULT 0,   -- 1: a conflict the user resolves
	base TEXT,                         -- rev of the common ancestor with the row, if known
	pending INTEGER NOT NULL DEFAULT 0, -- 1: not yet pushed
	seq INTEGER NOT NULL DEFAULT 0,
	at TEXT NOT NULL,
	PRIMARY KEY (doc, rev)
) WITHOUT ROWID;
CREATE INDEX sync_leaf_pending ON sync_leaf(seq) WHERE pending = 1;
CREATE INDEX sync_leaf_open ON sync_leaf(doc) WHERE open = 1;

CREATE TABLE sync_reject (
	doc TEXT PRIMARY KEY,
	type TEXT NOT NULL,
	rev TEXT NOT NULL,
	remote TEXT NOT NULL,
	reason TEXT NOT NULL,
	at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE sync_remote (
	name TEXT PRIMARY KEY,
	url TEXT NOT NULL,          -- without credentials
	login TEXT,                 -- user name on the server; the password is never stored here
	insecure INTEGER NOT NULL DEFAULT 0, -- 1: do not verify the TLS certificate
	cacert TEXT,                -- CA bundle to verify it with instead of the system's
	is_default INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE sync_home (
	doc TEXT PRIMARY KEY,
	remote TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE sync_checkpoint (
	remote TEXT NOT NULL,
	direction TEXT NOT NULL,    -- push or pull
	rep_id TEXT NOT NULL,       -- the _local/ document on the server
	session_id TEXT NOT NULL,
	last_seq TEXT NOT NULL,     -- JSON: a number (push, PouchDB) or a string (CouchDB 2+)
	history TEXT NOT NULL,      -- JSON array of {session_id, last_seq}, newest first
	updated_at TEXT NOT NULL,
	PRIMARY KEY (remote, direction)
) WITHOUT ROWID;

CREATE TABLE sync_run (
	n INTEGER PRIMARY KEY,
	remote TEXT NOT NULL,
	started_at TEXT NOT NULL,
	ended_at TEXT,
	pushed INTEGER NOT NULL DEFAULT 0,
	pulled INTEGER NOT NULL DEFAULT 0,
	merged INTEGER NOT NULL DEFAULT 0,
	conflicts INTEGER NOT NULL DEFAULT 0,
	rejected INTEGER NOT NULL DEFAULT 0,
	ok INTEGER NOT NULL DEFAULT 0,
	message TEXT
);

-- Revision history of local writes: when a row's rev changes, record the edge
-- and keep the old version as a possible merge base (the 16 newest per record).
-- Generated from the columns of 0001-schema.sql; tests/unit/test_sync_doc.c
-- checks that every descriptor field is saved.
CREATE TRIGGER user_sync_history AFTER UPDATE OF rev ON user
WHEN old.rev <> '' AND new.rev <> old.rev
BEGIN
	INSERT OR IGNORE INTO sync_rev (doc, rev, parent, gen, local)
		VALUES (new.id, new.rev, old.rev, CAST(new.rev AS INTEGER), 1);
	INSERT OR IGNORE INTO sync_body (doc, rev, gen, body)
		VALUES (old.id, old.rev, CAST(old.rev AS INTEGER), json_object(
			'owner', old.owner, 'created_at', old.created_at, 'updated_at', old.updated_at,
			'updated_by', old.updated_by, 'deleted', old.deleted, 'name', old.name,
			'email', old.email, 'role', old.role, 'territory', old.territory,
			'quota', old.quota, 'currency', old.currency, 'period', old.period));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;

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
			'phone', old.phone, 'email', old.email, 'website', old.website,
			'address', old.address, 'tags', old.tags, 'notes', old.notes));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;

CREATE TRIGGER contact_sync_history AFTER UPDATE OF rev ON contact
WHEN old.rev <> '' AND new.rev <> old.rev
BEGIN
	INSERT OR IGNORE INTO sync_rev (doc, rev, parent, gen, local)
		VALUES (new.id, new.rev, old.rev, CAST(new.rev AS INTEGER), 1);
	INSERT OR IGNORE INTO sync_body (doc, rev, gen, body)
		VALUES (old.id, old.rev, CAST(old.rev AS INTEGER), json_object(
			'owner', old.owner, 'created_at', old.created_at, 'updated_at', old.updated_at,
			'updated_by', old.updated_by, 'deleted', old.deleted, 'name', old.name,
			'given_name', old.given_name, 'family_name', old.family_name, 'account', old.account,
			'title', old.title, 'phone', old.phone, 'mobile', old.mobile,
			'email', old.email, 'address', old.address, 'channel', old.channel,
			'do_not_contact', old.do_not_contact, 'birthday', old.birthday, 'tags', old.tags,
			'notes', old.notes));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;

CREATE TRIGGER campaign_sync_history AFTER UPDATE OF rev ON campaign
WHEN old.rev <> '' AND new.rev <> old.rev
BEGIN
	INSERT OR IGNORE INTO sync_rev (doc, rev, parent, gen, local)
		VALUES (new.id, new.rev, old.rev, CAST(new.rev AS INTEGER), 1);
	INSERT OR IGNORE INTO sync_body (doc, rev, gen, body)
		VALUES (old.id, old.rev, CAST(old.rev AS INTEGER), json_object(
			'owner', old.owner, 'created_at', old.created_at, 'updated_at', old.updated_at,
			'updated_by', old.updated_by, 'deleted', old.deleted, 'name', old.name,
			'channel', old.channel, 'start_date', old.start_date, 'end_date', old.end_date,
			'cost', old.cost, 'currency', old.currency));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;

CREATE TRIGGER lead_sync_history AFTER UPDATE OF rev ON lead
WHEN old.rev <> '' AND new.rev <> old.rev
BEGIN
	INSERT OR IGNORE INTO sync_rev (doc, rev, parent, gen, local)
		VALUES (new.id, new.rev, old.rev, CAST(new.rev AS INTEGER), 1);
	INSERT OR IGNORE INTO sync_body (doc, rev, gen, body)
		VALUES (old.id, old.rev, CAST(old.rev AS INTEGER), json_object(
			'owner', old.owner, 'created_at', old.created_at, 'updated_at', old.updated_at,
			'updated_by', old.updated_by, 'deleted', old.deleted, 'name', old.name,
			'company', old.company, 'title', old.title, 'phone', old.phone,
			'email', old.email, 'source', old.source, 'campaign', old.campaign,
			'status', old.status, 'rating', old.rating, 'score', old.score,
			'reason', old.reason, 'converted_account', old.converted_account, 'converted_contact', old.converted_contact,
			'converted_opportunity', old.converted_opportunity, 'notes', old.notes));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;

CREATE TRIGGER stage_sync_history AFTER UPDATE OF rev ON stage
WHEN old.rev <> '' AND new.rev <> old.rev
BEGIN
	INSERT OR IGNORE INTO sync_rev (doc, rev, parent, gen, local)
		VALUES (new.id, new.rev, old.rev, CAST(new.rev AS INTEGER), 1);
	INSERT OR IGNORE INTO sync_body (doc, rev, gen, body)
		VALUES (old.id, old.rev, CAST(old.rev AS INTEGER), json_object(
			'owner', old.owner, 'created_at', old.created_at, 'updated_at', old.updated_at,
			'updated_by', old.updated_by, 'deleted', old.deleted, 'name', old.name,
			'position', old.position, 'probability', old.probability, 'won', old.won,
			'lost', old.lost, 'idle_days', old.idle_days, 'required', old.required,
			'review_role', old.review_role));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;

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
			'stage_at', old.stage_at));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;

CREATE TRIGGER stage_change_sync_history AFTER UPDATE OF rev ON stage_change
WHEN old.rev <> '' AND new.rev <> old.rev
BEGIN
	INSERT OR IGNORE INTO sync_rev (doc, rev, parent, gen, local)
		VALUES (new.id, new.rev, old.rev, CAST(new.rev AS INTEGER), 1);
	INSERT OR IGNORE INTO sync_body (doc, rev, gen, body)
		VALUES (old.id, old.rev, CAST(old.rev AS INTEGER), json_object(
			'owner', old.owner, 'created_at', old.created_at, 'updated_at', old.updated_at,
			'updated_by', old.updated_by, 'deleted', old.deleted, 'opportunity', old.opportunity,
			'from_stage', old.from_stage, 'to_stage', old.to_stage, 'at', old.at,
			'user', old.user, 'amount', old.amount, 'currency', old.currency,
			'probability', old.probability));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;

CREATE TRIGGER approval_sync_history AFTER UPDATE OF rev ON approval
WHEN old.rev <> '' AND new.rev <> old.rev
BEGIN
	INSERT OR IGNORE INTO sync_rev (doc, rev, parent, gen, local)
		VALUES (new.id, new.rev, old.rev, CAST(new.rev AS INTEGER), 1);
	INSERT OR IGNORE INTO sync_body (doc, rev, gen, body)
		VALUES (old.id, old.rev, CAST(old.rev AS INTEGER), json_object(
			'owner', old.owner, 'created_at', old.created_at, 'updated_at', old.updated_at,
			'updated_by', old.updated_by, 'deleted', old.deleted, 'opportunity', old.opportunity,
			'stage', old.stage, 'user', old.user, 'at', old.at,
			'note', old.note));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;

CREATE TRIGGER product_sync_history AFTER UPDATE OF rev ON product
WHEN old.rev <> '' AND new.rev <> old.rev
BEGIN
	INSERT OR IGNORE INTO sync_rev (doc, rev, parent, gen, local)
		VALUES (new.id, new.rev, old.rev, CAST(new.rev AS INTEGER), 1);
	INSERT OR IGNORE INTO sync_body (doc, rev, gen, body)
		VALUES (old.id, old.rev, CAST(old.rev AS INTEGER), json_object(
			'owner', old.owner, 'created_at', old.created_at, 'updated_at', old.updated_at,
			'updated_by', old.updated_by, 'deleted', old.deleted, 'code', old.code,
			'name', old.name, 'line', old.line, 'price', old.price,
			'currency', old.currency));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;

CREATE TRIGGER activity_sync_history AFTER UPDATE OF rev ON activity
WHEN old.rev <> '' AND new.rev <> old.rev
BEGIN
	INSERT OR IGNORE INTO sync_rev (doc, rev, parent, gen, local)
		VALUES (new.id, new.rev, old.rev, CAST(new.rev AS INTEGER), 1);
	INSERT OR IGNORE INTO sync_body (doc, rev, gen, body)
		VALUES (old.id, old.rev, CAST(old.rev AS INTEGER), json_object(
			'owner', old.owner, 'created_at', old.created_at, 'updated_at', old.updated_at,
			'updated_by', old.updated_by, 'deleted', old.deleted, 'kind', old.kind,
			'subject', old.subject, 'start', old.start, 'end', old."end",
			'due', old.due, 'all_day', old.all_day, 'location', old.location,
			'related', old.related, 'status', old.status, 'priority', old.priority,
			'reminder', old.reminder));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;

CREATE TRIGGER followup_sync_history AFTER UPDATE OF rev ON followup
WHEN old.rev <> '' AND new.rev <> old.rev
BEGIN
	INSERT OR IGNORE INTO sync_rev (doc, rev, parent, gen, local)
		VALUES (new.id, new.rev, old.rev, CAST(new.rev AS INTEGER), 1);
	INSERT OR IGNORE INTO sync_body (doc, rev, gen, body)
		VALUES (old.id, old.rev, CAST(old.rev AS INTEGER), json_object(
			'owner', old.owner, 'created_at', old.created_at, 'updated_at', old.updated_at,
			'updated_by', old.updated_by, 'deleted', old.deleted, 'related', old.related,
			'activity', old.activity, 'at', old.at, 'channel', old.channel,
			'outcome', old.outcome, 'notes', old.notes, 'next_date', old.next_date));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;

