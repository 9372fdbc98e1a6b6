-- 0022-sync-extra.sql - what other writers keep in a document that
-- salesterm does not know of: an ERP's id, a web form's campaign codes, an
-- attachment. A new revision replaces the whole document on the server, so
-- one sent from here without them would delete them there. They are kept
-- per revision received (src/sync/doc.c picks them out, src/sync/store.c
-- keeps them) and sent again with the revisions made here on top of it
-- (src/sync/push.c): the members as the server sent them, in one JSON
-- object. Only revisions that had any have a row; a newer one of the same
-- document replaces the older ones.
CREATE TABLE IF NOT EXISTS sync_extra (
	doc TEXT NOT NULL,
	rev TEXT NOT NULL,
	gen INTEGER NOT NULL,
	extra TEXT NOT NULL,
	PRIMARY KEY (doc, rev)
) WITHOUT ROWID;
