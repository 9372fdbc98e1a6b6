-- 0003-quarantine.sql - documents from the server that cannot be stored here.
--
-- Another client (a web form, a script, Fauxton) may write a document that
-- does not fit salesterm's schema: an unknown type, a required field missing
-- or of the wrong JSON type, text that is not UTF-8. Pull keeps such a
-- document here verbatim with its revision and the reason, applies the rest
-- of its batch and moves the checkpoint on; a later revision of the same
-- document that fits (or the document's deletion on the server) removes it.
CREATE TABLE sync_quarantine (
	doc TEXT NOT NULL,           -- the document's _id, as the server sent it
	remote TEXT NOT NULL,        -- the remote it came from
	rev TEXT NOT NULL,           -- its _rev ('' if it had none)
	type TEXT,                   -- its "type" if that was a string
	reason TEXT NOT NULL,        -- why it was not stored, naming the field
	body TEXT NOT NULL,          -- the document, verbatim as received (JSON)
	at TEXT NOT NULL,            -- when it was received
	PRIMARY KEY (doc, remote)
) WITHOUT ROWID;
