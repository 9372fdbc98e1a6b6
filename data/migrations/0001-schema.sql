-- 0001-schema.sql - the first schema of a salesterm database.
--
-- One table per record type. Every table starts with the same columns:
--   n           integer key: stable (survives VACUUM), used by the FTS indexes and
--               as the keyset tie-breaker; never leaves this database
--   id          UUID, the record's identity everywhere (CLI, JSON, sync)
--   rev         sync revision ("N-hash"); '' until the first write is revisioned
--   created_at, updated_at   UTC ISO-8601
--   owner       user id of the rep who owns the record
--   updated_by  user id of the author of the last write
--   deleted     tombstone flag: rows are never removed before they have synced
--   seq         local change sequence of the last write (meta.change_seq)
--   dirty       1 while the last write has not been pushed to the server
-- The other columns are the field keys of doc/DESIGN.md section 3, described once in
-- src/entity.c. References between records are checked by the core, not by SQL
-- foreign keys, because sync may deliver a contact before its account.
-- Money columns hold integer minor units of the row's currency.

CREATE TABLE meta (
	key TEXT PRIMARY KEY,
	value TEXT
) WITHOUT ROWID;

CREATE TABLE user (
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
	email TEXT,
	role TEXT NOT NULL DEFAULT 'rep',
	territory TEXT,
	quota INTEGER,
	currency TEXT,
	period TEXT
);

CREATE TABLE account (
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
	industry TEXT,
	territory TEXT,
	segment TEXT,
	phone TEXT,
	email TEXT,
	website TEXT,
	address TEXT,
	tags TEXT,
	notes TEXT
);

CREATE TABLE contact (
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
	given_name TEXT,
	family_name TEXT,
	account TEXT,
	title TEXT,
	phone TEXT,
	mobile TEXT,
	email TEXT,
	address TEXT,
	channel TEXT,
	do_not_contact INTEGER NOT NULL DEFAULT 0,
	birthday TEXT,
	tags TEXT,
	notes TEXT
);

CREATE TABLE campaign (
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
	channel TEXT,
	start_date TEXT,
	end_date TEXT,
	cost INTEGER,
	currency TEXT
);

CREATE TABLE lead (
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
	company TEXT,
	title TEXT,
	phone TEXT,
	email TEXT,
	source TEXT,
	campaign TEXT,
	status TEXT NOT NULL DEFAULT 'new',
	rating TEXT,
	score INTEGER,
	reason TEXT,
	converted_account TEXT,
	converted_contact TEXT,
	converted_opportunity TEXT,
	notes TEXT
);

CREATE TABLE stage (
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
	position INTEGER NOT NULL DEFAULT 0,
	probability INTEGER NOT NULL DEFAULT 0,
	won INTEGER NOT NULL DEFAULT 0,
	lost INTEGER NOT NULL DEFAULT 0,
	idle_days INTEGER,
	required TEXT,
	review_role TEXT
);

CREATE TABLE opportunity (
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
	account TEXT,
	contact TEXT,
	stage TEXT NOT NULL,
	amount INTEGER,
	currency TEXT,
	probability INTEGER,
	close_date TEXT,
	category TEXT,
	next_step TEXT,
	lost_reason TEXT,
	product_line TEXT,
	lead TEXT,
	stage_at TEXT
);

CREATE TABLE stage_change (
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
	from_stage TEXT,
	to_stage TEXT NOT NULL,
	at TEXT NOT NULL,
	user TEXT,
	amount INTEGER,
	currency TEXT,
	probability INTEGER
);

CREATE TABLE approval (
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
	stage TEXT NOT NULL,
	user TEXT NOT NULL,
	at TEXT NOT NULL,
	note TEXT
);

CREATE TABLE product (
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
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	line TEXT,
	price INTEGER,
	currency TEXT
);

CREATE TABLE activity (
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
	kind TEXT NOT NULL,
	subject TEXT NOT NULL,
	start TEXT,
	"end" TEXT,
	due TEXT,
	all_day INTEGER NOT NULL DEFAULT 0,
	location TEXT,
	related TEXT,
	status TEXT NOT NULL DEFAULT 'planned',
	priority TEXT,
	reminder INTEGER
);

CREATE TABLE followup (
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
	related TEXT,
	activity TEXT,
	at TEXT NOT NULL,
	channel TEXT,
	outcome TEXT,
	notes TEXT,
	next_date TEXT
);

-- Lists page by keyset on (sort column, n) over live rows.
CREATE INDEX user_name ON user(name, n) WHERE deleted = 0;
CREATE INDEX account_name ON account(name, n) WHERE deleted = 0;
CREATE INDEX contact_name ON contact(name, n) WHERE deleted = 0;
CREATE INDEX contact_account ON contact(account) WHERE deleted = 0;
CREATE INDEX campaign_name ON campaign(name, n) WHERE deleted = 0;
CREATE INDEX lead_name ON lead(name, n) WHERE deleted = 0;
CREATE INDEX lead_status ON lead(status, n) WHERE deleted = 0;
CREATE INDEX stage_position ON stage(position, n) WHERE deleted = 0;
CREATE INDEX opportunity_name ON opportunity(name, n) WHERE deleted = 0;
CREATE INDEX opportunity_account ON opportunity(account) WHERE deleted = 0;
CREATE INDEX opportunity_stage ON opportunity(stage, n) WHERE deleted = 0;
-- Forecast rollups: a period's pipeline by owner and category (doc/DESIGN.md section 9).
CREATE INDEX opportunity_forecast ON opportunity(close_date, owner, category, amount) WHERE deleted = 0;
CREATE INDEX stage_change_opportunity ON stage_change(opportunity, at);
CREATE INDEX stage_change_at ON stage_change(at);
CREATE INDEX approval_opportunity ON approval(opportunity, stage);
CREATE INDEX product_name ON product(name, n) WHERE deleted = 0;
CREATE INDEX activity_start ON activity(start, n) WHERE deleted = 0;
CREATE INDEX activity_due ON activity(due, n) WHERE deleted = 0;
CREATE INDEX activity_related ON activity(related) WHERE deleted = 0;
CREATE INDEX followup_at ON followup(at, n) WHERE deleted = 0;
CREATE INDEX followup_related ON followup(related, at) WHERE deleted = 0;

-- Sync: the records written since the last push are found by seq.
CREATE INDEX user_seq ON user(seq) WHERE dirty = 1;
CREATE INDEX account_seq ON account(seq) WHERE dirty = 1;
CREATE INDEX contact_seq ON contact(seq) WHERE dirty = 1;
CREATE INDEX campaign_seq ON campaign(seq) WHERE dirty = 1;
CREATE INDEX lead_seq ON lead(seq) WHERE dirty = 1;
CREATE INDEX stage_seq ON stage(seq) WHERE dirty = 1;
CREATE INDEX opportunity_seq ON opportunity(seq) WHERE dirty = 1;
CREATE INDEX stage_change_seq ON stage_change(seq) WHERE dirty = 1;
CREATE INDEX approval_seq ON approval(seq) WHERE dirty = 1;
CREATE INDEX product_seq ON product(seq) WHERE dirty = 1;
CREATE INDEX activity_seq ON activity(seq) WHERE dirty = 1;
CREATE INDEX followup_seq ON followup(seq) WHERE dirty = 1;

-- Full-text search. The core writes these rows itself (src/search.c) with every
-- CJK character spaced out as its own token, so 1- and 2-character Chinese
-- queries work as phrases; rowid is the record's n. "title" holds names and
-- companies and ranks above "body" (contact data, tags, notes). Positions are
-- kept (a multi-character Chinese query is a phrase); 2- and 3-letter prefix
-- indexes make search-as-you-type prefixes one lookup instead of a merge of
-- every word that starts with them.
CREATE VIRTUAL TABLE account_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
CREATE VIRTUAL TABLE contact_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
CREATE VIRTUAL TABLE lead_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
CREATE VIRTUAL TABLE opportunity_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
CREATE VIRTUAL TABLE followup_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');

-- The default funnel, with fixed ids so every client of a team starts with the
-- same stage records. Negotiation is the key control point: it needs an amount,
-- a close date and a contact, and a manager's sign-off.
INSERT INTO stage (id, rev, created_at, updated_at, name, position, probability, won, lost, idle_days, required, review_role, dirty) VALUES
	('5a9e0001-0000-4000-8000-000000000001', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'Prospecting', 10, 10, 0, 0, 14, NULL, NULL, 0),
	('5a9e0002-0000-4000-8000-000000000002', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'Qualification', 20, 20, 0, 0, 14, 'account', NULL, 0),
	('5a9e0003-0000-4000-8000-000000000003', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'Needs Analysis', 30, 40, 0, 0, 21, 'account,contact', NULL, 0),
	('5a9e0004-0000-4000-8000-000000000004', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'Proposal', 40, 60, 0, 0, 21, 'account,contact,amount,close_date', NULL, 0),
	('5a9e0005-0000-4000-8000-000000000005', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'Negotiation', 50, 80, 0, 0, 30, 'account,contact,amount,close_date,next_step', 'manager', 0),
	('5a9e0006-0000-4000-8000-000000000006', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'Closed Won', 60, 100, 1, 0, NULL, 'account,amount,close_date', NULL, 0),
	('5a9e0007-0000-4000-8000-000000000007', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'Closed Lost', 70, 0, 0, 1, NULL, 'lost_reason', NULL, 0);

INSERT INTO meta (key, value) VALUES ('change_seq', '0');
