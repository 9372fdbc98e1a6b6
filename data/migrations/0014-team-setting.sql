-- 0014-team-setting.sql - settings a manager chooses for the whole team
-- (issue 12): today whether reps see their colleagues' quotas and
-- attainment ("quota_visibility": "own" or "team").
--
-- One append-only entry per choice, synced like the forecast adjustments:
-- the setting in force is the newest entry (created_at; in the same second,
-- the one stored last) written by a user who is a manager in this database
-- (src/setting.c), so an entry a non-manager managed to get onto the server
-- is stored but never takes effect, and the older choices stay as the record
-- of who chose what when.
CREATE TABLE team_setting (
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
	setting TEXT NOT NULL,
	value TEXT NOT NULL
);

CREATE INDEX team_setting_current ON team_setting(setting, created_at) WHERE deleted = 0;
CREATE INDEX team_setting_seq ON team_setting(seq) WHERE dirty = 1;

CREATE TRIGGER team_setting_sync_history AFTER UPDATE OF rev ON team_setting
WHEN old.rev <> '' AND new.rev <> old.rev
BEGIN
	INSERT OR IGNORE INTO sync_rev (doc, rev, parent, gen, local)
		VALUES (new.id, new.rev, old.rev, CAST(new.rev AS INTEGER), 1);
	INSERT OR IGNORE INTO sync_body (doc, rev, gen, body)
		VALUES (old.id, old.rev, CAST(old.rev AS INTEGER), json_object(
			'owner', old.owner, 'created_at', old.created_at, 'updated_at', old.updated_at,
			'updated_by', old.updated_by, 'deleted', old.deleted, 'setting', old.setting,
			'value', old.value));
	DELETE FROM sync_body WHERE doc = old.id AND gen <= CAST(old.rev AS INTEGER) - 16;
END;
