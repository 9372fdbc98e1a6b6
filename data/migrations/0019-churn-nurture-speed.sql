-- 0019-churn-nurture-speed.sql - report churn and report nurture at a
-- million contacts (issue 14): the account each follow-up log and
-- completed activity is about, kept by triggers; and the logs and
-- activities of a record read from their indexes alone.
--
-- A log or an activity names a record (related): an account, a contact or
-- a deal. Report churn asks which customers somebody touched in the last N
-- days; it read the ~240k logs and completed activities of 90 days at 1M
-- contacts and looked up the account of each one's contact or deal: 60% of
-- the report's time. account_touch holds, per live log (tbl 0, its n) and
-- per live completed activity (tbl 1), the day it counts on and its
-- account, so the report reads one range of one index.
--   dated    1: at is the log's at or the activity's start (a UTC instant);
--            0: an activity with no start, at is its due date
--   account  the contact's account, else the deal's, else the record named
--            itself (an account; anything else matches no customer), as
--            report churn has always resolved it (a deleted contact or deal
--            still names its account)
-- account_touch_recount is the same rows counted from the logs and
-- activities: the triggers keep the table equal to it
-- (tests/unit/test_account_touch.c checks that after every kind of write),
-- and a bulk load drops the triggers while it writes any of the four tables
-- and fills the table from the view once at the end
-- (report_touch_suspend() and report_touch_restore(), src/report/churn.c).
CREATE TABLE IF NOT EXISTS account_touch (
	tbl INTEGER NOT NULL,
	n INTEGER NOT NULL,
	dated INTEGER NOT NULL,
	at TEXT NOT NULL,
	account TEXT NOT NULL,
	PRIMARY KEY (tbl, n)
) WITHOUT ROWID;
DROP INDEX IF EXISTS account_touch_at;
CREATE INDEX account_touch_at ON account_touch(dated, at, account);

DROP VIEW IF EXISTS account_touch_recount;
-- contact_account_of and opportunity_account_of (0016-customer-speed.sql)
-- answer the account from the index alone: a bulk load's recount of 444k
-- rows at 1M contacts took 0.75 s of CPU with them, 1.7 s through the ids'
-- own indexes and a table row each.
CREATE VIEW account_touch_recount AS
	SELECT 0 AS tbl, n, 1 AS dated, at, coalesce((SELECT account FROM contact
		INDEXED BY contact_account_of WHERE id = related), (SELECT account FROM
		opportunity INDEXED BY opportunity_account_of WHERE id = related),
		related) AS account
	FROM followup WHERE deleted = 0 AND related IS NOT NULL
	UNION ALL
	SELECT 1, n, start IS NOT NULL, coalesce(start, due), coalesce((SELECT account
		FROM contact INDEXED BY contact_account_of WHERE id = related),
		(SELECT account FROM opportunity INDEXED BY opportunity_account_of
		WHERE id = related), related)
	FROM activity WHERE deleted = 0 AND status = 'done' AND related IS NOT NULL
		AND coalesce(start, due) IS NOT NULL;

-- Logs and activities: their row, made again at each write that matters.
DROP TRIGGER IF EXISTS account_touch_followup_insert;
CREATE TRIGGER account_touch_followup_insert AFTER INSERT ON followup
WHEN new.deleted = 0 AND new.related IS NOT NULL
BEGIN
	INSERT OR REPLACE INTO account_touch VALUES (0, new.n, 1, new.at,
		coalesce((SELECT account FROM contact WHERE id = new.related),
			(SELECT account FROM opportunity WHERE id = new.related), new.related));
END;
DROP TRIGGER IF EXISTS account_touch_followup_update;
CREATE TRIGGER account_touch_followup_update AFTER UPDATE OF n, related, at, deleted ON followup
WHEN old.n IS NOT new.n OR old.related IS NOT new.related OR old.at IS NOT new.at
	OR old.deleted IS NOT new.deleted
BEGIN
	DELETE FROM account_touch WHERE tbl = 0 AND n = old.n;
	INSERT OR REPLACE INTO account_touch SELECT 0, new.n, 1, new.at,
		coalesce((SELECT account FROM contact WHERE id = new.related),
			(SELECT account FROM opportunity WHERE id = new.related), new.related)
	WHERE new.deleted = 0 AND new.related IS NOT NULL;
END;
DROP TRIGGER IF EXISTS account_touch_followup_delete;
CREATE TRIGGER account_touch_followup_delete AFTER DELETE ON followup
BEGIN
	DELETE FROM account_touch WHERE tbl = 0 AND n = old.n;
END;

DROP TRIGGER IF EXISTS account_touch_activity_insert;
CREATE TRIGGER account_touch_activity_insert AFTER INSERT ON activity
WHEN new.deleted = 0 AND new.status = 'done' AND new.related IS NOT NULL
	AND coalesce(new.start, new.due) IS NOT NULL
BEGIN
	INSERT OR REPLACE INTO account_touch VALUES (1, new.n, new.start IS NOT NULL,
		coalesce(new.start, new.due),
		coalesce((SELECT account FROM contact WHERE id = new.related),
			(SELECT account FROM opportunity WHERE id = new.related), new.related));
END;
DROP TRIGGER IF EXISTS account_touch_activity_update;
CREATE TRIGGER account_touch_activity_update
AFTER UPDATE OF n, related, start, due, status, deleted ON activity
WHEN old.n IS NOT new.n OR old.related IS NOT new.related OR old.start IS NOT new.start
	OR old.due IS NOT new.due OR old.status IS NOT new.status OR old.deleted IS NOT new.deleted
BEGIN
	DELETE FROM account_touch WHERE tbl = 1 AND n = old.n;
	INSERT OR REPLACE INTO account_touch SELECT 1, new.n, new.start IS NOT NULL,
		coalesce(new.start, new.due),
		coalesce((SELECT account FROM contact WHERE id = new.related),
			(SELECT account FROM opportunity WHERE id = new.related), new.related)
	WHERE new.deleted = 0 AND new.status = 'done' AND new.related IS NOT NULL
		AND coalesce(new.start, new.due) IS NOT NULL;
END;
DROP TRIGGER IF EXISTS account_touch_activity_delete;
CREATE TRIGGER account_touch_activity_delete AFTER DELETE ON activity
BEGIN
	DELETE FROM account_touch WHERE tbl = 1 AND n = old.n;
END;

-- Contacts and deals: a contact or deal that comes, goes or changes its
-- account moves the rows of the logs and activities naming it (a log may
-- arrive by sync before the contact it names). An id never changes.
DROP TRIGGER IF EXISTS account_touch_contact_insert;
CREATE TRIGGER account_touch_contact_insert AFTER INSERT ON contact
BEGIN
	UPDATE account_touch SET account = coalesce(new.account, (SELECT account FROM opportunity
		WHERE id = new.id), new.id)
	WHERE tbl = 0 AND n IN (SELECT n FROM followup WHERE related = new.id AND deleted = 0);
	UPDATE account_touch SET account = coalesce(new.account, (SELECT account FROM opportunity
		WHERE id = new.id), new.id)
	WHERE tbl = 1 AND n IN (SELECT n FROM activity WHERE related = new.id AND deleted = 0);
END;
DROP TRIGGER IF EXISTS account_touch_contact_update;
CREATE TRIGGER account_touch_contact_update AFTER UPDATE OF account ON contact
WHEN old.account IS NOT new.account
BEGIN
	UPDATE account_touch SET account = coalesce(new.account, (SELECT account FROM opportunity
		WHERE id = new.id), new.id)
	WHERE tbl = 0 AND n IN (SELECT n FROM followup WHERE related = new.id AND deleted = 0);
	UPDATE account_touch SET account = coalesce(new.account, (SELECT account FROM opportunity
		WHERE id = new.id), new.id)
	WHERE tbl = 1 AND n IN (SELECT n FROM activity WHERE related = new.id AND deleted = 0);
END;
DROP TRIGGER IF EXISTS account_touch_contact_delete;
CREATE TRIGGER account_touch_contact_delete AFTER DELETE ON contact
BEGIN
	UPDATE account_touch SET account = coalesce((SELECT account FROM opportunity
		WHERE id = old.id), old.id)
	WHERE tbl = 0 AND n IN (SELECT n FROM followup WHERE related = old.id AND deleted = 0);
	UPDATE account_touch SET account = coalesce((SELECT account FROM opportunity
		WHERE id = old.id), old.id)
	WHERE tbl = 1 AND n IN (SELECT n FROM activity WHERE related = old.id AND deleted = 0);
END;

DROP TRIGGER IF EXISTS account_touch_opportunity_insert;
CREATE TRIGGER account_touch_opportunity_insert AFTER INSERT ON opportunity
BEGIN
	UPDATE account_touch SET account = coalesce((SELECT account FROM contact
		WHERE id = new.id), new.account, new.id)
	WHERE tbl = 0 AND n IN (SELECT n FROM followup WHERE related = new.id AND deleted = 0);
	UPDATE account_touch SET account = coalesce((SELECT account FROM contact
		WHERE id = new.id), new.account, new.id)
	WHERE tbl = 1 AND n IN (SELECT n FROM activity WHERE related = new.id AND deleted = 0);
END;
DROP TRIGGER IF EXISTS account_touch_opportunity_update;
CREATE TRIGGER account_touch_opportunity_update AFTER UPDATE OF account ON opportunity
WHEN old.account IS NOT new.account
BEGIN
	UPDATE account_touch SET account = coalesce((SELECT account FROM contact
		WHERE id = new.id), new.account, new.id)
	WHERE tbl = 0 AND n IN (SELECT n FROM followup WHERE related = new.id AND deleted = 0);
	UPDATE account_touch SET account = coalesce((SELECT account FROM contact
		WHERE id = new.id), new.account, new.id)
	WHERE tbl = 1 AND n IN (SELECT n FROM activity WHERE related = new.id AND deleted = 0);
END;
DROP TRIGGER IF EXISTS account_touch_opportunity_delete;
CREATE TRIGGER account_touch_opportunity_delete AFTER DELETE ON opportunity
BEGIN
	UPDATE account_touch SET account = coalesce((SELECT account FROM contact
		WHERE id = old.id), old.id)
	WHERE tbl = 0 AND n IN (SELECT n FROM followup WHERE related = old.id AND deleted = 0);
	UPDATE account_touch SET account = coalesce((SELECT account FROM contact
		WHERE id = old.id), old.id)
	WHERE tbl = 1 AND n IN (SELECT n FROM activity WHERE related = old.id AND deleted = 0);
END;

DELETE FROM account_touch;
INSERT INTO account_touch SELECT * FROM account_touch_recount WHERE true;

-- Report nurture reads, for each nurturing lead (~30k at 1M contacts), its
-- logs (25k) and its planned activities (38k) by the record named; it read
-- a table row for each of them (a fifth of the report). These indexes hold
-- what it reads. SQLite 3.40 takes a partial index as covering only when
-- the column of its WHERE is in it, hence deleted. The same prefixes as
-- before (0001-schema.sql): every other query by related is served as
-- before, and account_touch's triggers read them too.
DROP INDEX IF EXISTS followup_related;
CREATE INDEX followup_related ON followup(related, at, deleted) WHERE deleted = 0;
DROP INDEX IF EXISTS activity_related;
CREATE INDEX activity_related ON activity(related, status, due, start, deleted) WHERE deleted = 0;

-- The nurturing leads themselves (~30k at 1M contacts, a row each read
-- all over the lead table): lead_nurturing (0012-nurture-consent.sql)
-- holds what report nurture and Today read of them, the same prefix
-- (owner, n) as before.
DROP INDEX IF EXISTS lead_nurturing;
CREATE INDEX lead_nurturing ON lead(owner, n, id, name, company, cadence, nurture_since,
	do_not_contact, deleted, status) WHERE deleted = 0 AND status = 'nurturing';
