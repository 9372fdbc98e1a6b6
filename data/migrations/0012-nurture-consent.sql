-- 0012-nurture-consent.sql - lead nurturing and marketing consent (issue 14,
-- doc/DESIGN.md section 3).
--
-- Nurturing: a lead not ready to buy is put in status 'nurturing' with a
-- cadence in days; src/nurture.c schedules its next touch as an activity of
-- the lead's owner in the same transaction, and flags a nurturing lead with
-- no touch for longer than its cadence. nurture_since is when the lead last
-- entered nurturing (kept after it leaves, so `report nurture` counts the
-- nurtured leads that became opportunities). do_not_contact: no touch is
-- ever scheduled for the lead (as for a contact).
ALTER TABLE lead ADD COLUMN cadence INTEGER;
ALTER TABLE lead ADD COLUMN nurture_since TEXT;
ALTER TABLE lead ADD COLUMN do_not_contact INTEGER NOT NULL DEFAULT 0;
-- The nurturing leads of a rep (Today, report nurture) and the nurtured ones.
CREATE INDEX lead_nurturing ON lead(owner, n) WHERE deleted = 0 AND status = 'nurturing';
CREATE INDEX lead_nurtured ON lead(nurture_since, status, owner, converted_opportunity IS NOT NULL)
	WHERE deleted = 0 AND nurture_since IS NOT NULL;

-- The versions kept as merge bases (0002-sync.sql) hold every field, the
-- new ones included (and 0011's channel: this trigger replaces that one).
DROP TRIGGER IF EXISTS lead_sync_history;
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
			'email', old.email, 'source', old.source, 'channel', old.channel,
			'campaign', old.campaign, 'status', old.status, 'rating', old.rating, 'score', old.score,
			'reason', old.reason, 'converted_account', old.converted_account, 'converted_contact', old.converted_contact,
			'converted_opportunity', old.converted_opportunity, 'notes', old.notes,
			'cadence', old.cadence, 'nurture_since', old.nurture_since,
			'do_not_contact', old.do_not_contact));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;

-- Marketing consent: one append-only entry per act of giving or withdrawing
-- a contact's consent to be contacted on a channel (email, phone, sms, post),
-- with when (at) and how (method: web form, call, letter...), synced like the
-- follow-up logs and never merged: every entry is its own record. The consent
-- in force on a channel is the latest entry by time; on equal times a
-- withdrawal wins (src/consent.c), so an opt-out is never lost to an older
-- (or simultaneous) opt-in written elsewhere, whatever order sync brings them.
CREATE TABLE consent (
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
	contact TEXT NOT NULL,
	channel TEXT NOT NULL,
	action TEXT NOT NULL,
	at TEXT NOT NULL,
	method TEXT,
	user TEXT,
	note TEXT
);

-- The entry in force per contact and channel is the first of this order
-- ('withdrawn' sorts after 'given': on equal times it comes first).
CREATE INDEX consent_current ON consent(contact, channel, at DESC, action DESC) WHERE deleted = 0;
CREATE INDEX consent_seq ON consent(seq) WHERE dirty = 1;
-- report consent counts contacts per owner without reading their rows, a
-- rep's contacts with their ids, and the few that take no marketing
-- (deleted or do-not-contact) for the whole team.
CREATE INDEX contact_owner_dnc ON contact(owner, do_not_contact, id) WHERE deleted = 0;
CREATE INDEX contact_no_marketing ON contact(id, deleted) WHERE deleted = 1 OR do_not_contact = 1;

CREATE TRIGGER consent_sync_history AFTER UPDATE OF rev ON consent
WHEN old.rev <> '' AND new.rev <> old.rev
BEGIN
	INSERT OR IGNORE INTO sync_rev (doc, rev, parent, gen, local)
		VALUES (new.id, new.rev, old.rev, CAST(new.rev AS INTEGER), 1);
	INSERT OR IGNORE INTO sync_body (doc, rev, gen, body)
		VALUES (old.id, old.rev, CAST(old.rev AS INTEGER), json_object(
			'owner', old.owner, 'created_at', old.created_at, 'updated_at', old.updated_at,
			'updated_by', old.updated_by, 'deleted', old.deleted, 'contact', old.contact,
			'channel', old.channel, 'action', old.action, 'at', old.at,
			'method', old.method, 'user', old.user, 'note', old.note));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;
