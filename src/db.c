/* db.c - the SQLite adapter: open, migrate, statements, transactions. */
#include "db.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collate.h"
#include "embedded.h"
#include "i18n.h"
#include "strbuf.h"
#include "xalloc.h"

#define DB_STMT_CACHE 96

struct db_stmt {
	char *sql;
	sqlite3_stmt *stmt;
};

struct db {
	sqlite3 *handle;
	char *path;
	bool readonly;
	int depth;	       /* transaction nesting */
	struct db_stmt *cache; /* grows past DB_STMT_CACHE only while all are in use */
	int ncache, cap;
	int next_evict;
	bool registered;       /* in open_files */
	struct collator *coll; /* salesterm_name_key()'s, owned by the connection */
	dev_t dev;
	ino_t ino;
};

/*
 * The files this process has open, with their connection counts. A second
 * connection to a file (the TUI's sync worker) must not open() and close()
 * it to check its header: close() drops every POSIX lock the process holds
 * on the file, the first connection's included, and another process could
 * then checkpoint and delete the WAL file while it is still written to
 * (https://www.sqlite.org/howtocorrupt.html, 2.2).
 */
static pthread_mutex_t open_lock = PTHREAD_MUTEX_INITIALIZER;
static struct open_file {
	dev_t dev;
	ino_t ino;
	int n;
} * open_files;
static size_t nopen;

/* Is the file at path open in this process? */
static bool file_is_open(const char *path)
{
	struct stat sb;
	bool found = false;
	size_t i;

	if (stat(path, &sb) != 0)
		return false;
	pthread_mutex_lock(&open_lock);
	for (i = 0; i < nopen && !found; i++)
		found = open_files[i].dev == sb.st_dev && open_files[i].ino == sb.st_ino;
	pthread_mutex_unlock(&open_lock);
	return found;
}

static void file_register(struct db *db)
{
	struct stat sb;
	size_t i;

	if (stat(db->path, &sb) != 0)
		return;
	db->dev = sb.st_dev;
	db->ino = sb.st_ino;
	db->registered = true;
	pthread_mutex_lock(&open_lock);
	for (i = 0; i < nopen; i++)
		if (open_files[i].dev == db->dev && open_files[i].ino == db->ino)
			break;
	if (i == nopen) {
		open_files = xreallocarray(open_files, nopen + 1, sizeof(*open_files));
		open_files[nopen++] = (struct open_file){ db->dev, db->ino, 0 };
	}
	open_files[i].n++;
	pthread_mutex_unlock(&open_lock);
}

static void file_unregister(struct db *db)
{
	size_t i;

	if (!db->registered)
		return;
	pthread_mutex_lock(&open_lock);
	for (i = 0; i < nopen; i++) {
		if (open_files[i].dev == db->dev && open_files[i].ino == db->ino) {
			if (--open_files[i].n == 0) {
				open_files[i] = open_files[--nopen];
				if (nopen == 0) {
					free(open_files);
					open_files = NULL;
				}
			}
			break;
		}
	}
	pthread_mutex_unlock(&open_lock);
	db->registered = false;
}

enum status db_error(struct db *db, int rc, const char *what)
{
	const char *msg = db && db->handle ? sqlite3_errmsg(db->handle) : sqlite3_errstr(rc);
	const char *path = db && db->path ? db->path : "";

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return status_set(ST_BUSY, _("%s: the database is locked by another program (%s)"),
				  path, what);
	case SQLITE_READONLY:
		return status_set(ST_READONLY,
				  _("%s: the database is read-only; nothing was changed"), path);
	case SQLITE_FULL:
		return status_set(ST_FULL, _("%s: disk full while %s; nothing was changed"), path,
				  what);
	case SQLITE_IOERR:
		return status_set(ST_IO,
				  _("%s: input/output error while %s (%s); nothing was changed"),
				  path, what, msg);
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return status_set(ST_NOT_DB, _("%s: not a salesterm database (%s)"), path, msg);
	case SQLITE_CONSTRAINT:
		return status_set(ST_INVALID, _("%s: %s"), what, msg);
	default:
		return status_set(ST_DB, _("database error while %s: %s"), what, msg);
	}
}

sqlite3 *db_handle(struct db *db)
{
	return db->handle;
}

const char *db_path(const struct db *db)
{
	return db->path;
}

bool db_readonly(const struct db *db)
{
	return db->readonly;
}

enum status db_exec(struct db *db, const char *sql)
{
	int rc = sqlite3_exec(db->handle, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? ST_OK : db_error(db, rc, _("running SQL"));
}

int db_triggers_drop(sqlite3 *h, const char *glob, char **saved)
{
	struct strbuf sql = STRBUF_INIT, drop = STRBUF_INIT;
	sqlite3_stmt *st;
	int rc;

	*saved = NULL;
	rc = sqlite3_prepare_v2(h,
				"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND "
				"name GLOB ?1 ORDER BY name",
				-1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, glob, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		strbuf_addf(&sql, "%s;\n", (const char *)sqlite3_column_text(st, 1));
		strbuf_addf(&drop, "DROP TRIGGER \"%s\";",
			    (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE && drop.len)
		rc = sqlite3_exec(h, strbuf_str(&drop), NULL, NULL, NULL);
	else if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	strbuf_release(&drop);
	if (rc == SQLITE_OK && sql.len)
		*saved = strbuf_detach(&sql);
	else
		strbuf_release(&sql);
	return rc;
}

int db_triggers_restore(sqlite3 *h, const char *fill, char **saved)
{
	int rc;

	if (*saved == NULL)
		return SQLITE_OK;
	rc = sqlite3_exec(h, fill, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(h, *saved, NULL, NULL, NULL);
	free(*saved);
	*saved = NULL;
	return rc;
}

sqlite3_stmt *db_prepare(struct db *db, const char *sql)
{
	struct db_stmt *slot;
	int rc, i;

	for (i = 0; i < db->ncache; i++) {
		if (strcmp(db->cache[i].sql, sql) == 0) {
			sqlite3_reset(db->cache[i].stmt);
			sqlite3_clear_bindings(db->cache[i].stmt);
			return db->cache[i].stmt;
		}
	}
	slot = NULL;
	if (db->ncache >= DB_STMT_CACHE) {
		/* Evict round-robin, but never a statement a caller is still stepping
		 * through (a list whose callback prepares other queries). */
		for (i = 0; i < db->ncache && slot == NULL; i++) {
			struct db_stmt *cand = &db->cache[(db->next_evict + i) % db->ncache];

			if (!sqlite3_stmt_busy(cand->stmt))
				slot = cand;
		}
		db->next_evict = (db->next_evict + 1) % db->ncache;
		if (slot) {
			sqlite3_finalize(slot->stmt);
			free(slot->sql);
		}
	}
	if (slot == NULL) {
		if (db->ncache == db->cap) {
			db->cap = db->cap ? db->cap * 2 : DB_STMT_CACHE;
			db->cache = xreallocarray(db->cache, (size_t)db->cap, sizeof(*db->cache));
		}
		slot = &db->cache[db->ncache++];
	}
	slot->sql = NULL;
	rc = sqlite3_prepare_v3(db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &slot->stmt, NULL);
	if (rc != SQLITE_OK) {
		db_error(db, rc, _("preparing a query"));
		sqlite3_finalize(slot->stmt);
		/* Fill the hole with the last entry so the cache stays dense. */
		*slot = db->cache[--db->ncache];
		return NULL;
	}
	slot->sql = xstrdup(sql);
	return slot->stmt;
}

int db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

char *db_column_strdup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? xstrdup((const char *)t) : NULL;
}

enum status db_begin(struct db *db)
{
	char sql[48];
	int rc;

	if (db->depth == 0)
		rc = sqlite3_exec(db->handle, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	else {
		snprintf(sql, sizeof(sql), "SAVEPOINT sp%d", db->depth);
		rc = sqlite3_exec(db->handle, sql, NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK)
		return db_error(db, rc, _("starting a transaction"));
	db->depth++;
	return ST_OK;
}

enum status db_commit(struct db *db)
{
	char sql[48];
	int rc;

	if (db->depth == 0)
		return status_set(ST_DB, "db_commit without db_begin");
	if (db->depth == 1) {
		rc = sqlite3_exec(db->handle, "COMMIT", NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			enum status st = db_error(db, rc, _("saving"));

			db_rollback(db);
			return st;
		}
	} else {
		snprintf(sql, sizeof(sql), "RELEASE sp%d", db->depth - 1);
		rc = sqlite3_exec(db->handle, sql, NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return db_error(db, rc, _("saving"));
	}
	db->depth--;
	return ST_OK;
}

void db_rollback(struct db *db)
{
	char sql[64];

	if (db->depth == 0)
		return;
	if (db->depth == 1) {
		/* After SQLITE_FULL SQLite may have rolled back already; that is fine. */
		if (!sqlite3_get_autocommit(db->handle))
			sqlite3_exec(db->handle, "ROLLBACK", NULL, NULL, NULL);
	} else {
		snprintf(sql, sizeof(sql), "ROLLBACK TO sp%d; RELEASE sp%d", db->depth - 1,
			 db->depth - 1);
		sqlite3_exec(db->handle, sql, NULL, NULL, NULL);
	}
	db->depth--;
}

long long db_data_version(struct db *db)
{
	sqlite3_stmt *st = db_prepare(db, "PRAGMA data_version");
	long long v = -1;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return v;
}

bool db_in_transaction(const struct db *db)
{
	return db->depth > 0;
}

char *db_meta_get(struct db *db, const char *key)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT value FROM meta WHERE key = ?");
	char *v = NULL;

	if (st == NULL)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = db_column_strdup(st, 0);
	sqlite3_reset(st);
	return v;
}

enum status db_meta_set(struct db *db, const char *key, const char *value)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "INSERT INTO meta (key, value) VALUES (?, ?) "
			    "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	db_bind_text(st, 2, value);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("saving a setting"));
}

enum status db_next_seq(struct db *db, int64_t *seq)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 "
			    "WHERE key = 'change_seq' RETURNING CAST(value AS INTEGER)");
	if (st == NULL)
		return ST_DB;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_error(db, rc, _("numbering a change"));
	}
	*seq = sqlite3_column_int64(st, 0);
	/* Step to completion so the UPDATE is finished before the next statement. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("numbering a change"));
}

int db_schema_latest(void)
{
	int n = 0;

	while (embedded_migrations[n].name)
		n++;
	return n;
}

int db_schema_version(struct db *db)
{
	sqlite3_stmt *st = db_prepare(db, "PRAGMA user_version");
	int v = -1;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	if (st)
		sqlite3_reset(st);
	return v;
}

/* Apply the migrations the file lacks, each in its own transaction. */
static enum status db_migrate(struct db *db)
{
	int have = db_schema_version(db), latest = db_schema_latest(), i;
	enum status st;
	char sql[64];

	if (have < 0)
		return db_error(db, sqlite3_errcode(db->handle), _("reading the schema version"));
	if (have > latest)
		return status_set(
		    ST_NEWER,
		    _("%s: written by a newer salesterm (schema %d, this program knows "
		      "up to %d); upgrade salesterm to open it"),
		    db->path, have, latest);
	if (have == latest)
		return ST_OK;
	if (db->readonly)
		return status_set(
		    ST_READONLY, _("%s: the database needs an upgrade but is read-only"), db->path);
	for (i = have; i < latest; i++) {
		st = db_begin(db);
		if (st != ST_OK)
			return st;
		st = db_exec(db, embedded_migrations[i].text);
		if (st == ST_OK) {
			snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", i + 1);
			st = db_exec(db, sql);
		}
		if (st == ST_OK)
			st = db_commit(db);
		else
			db_rollback(db);
		if (st != ST_OK)
			return status_set(st, _("%s: upgrading to schema %d failed: %s"), db->path,
					  i + 1, status_message());
	}
	return ST_OK;
}

/* mkdir -p for the directory part of path. */
static void db_make_parent(const char *path)
{
	char *dir = xstrdup(path), *p;

	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(dir, 0700);
		*p = '/';
	}
	free(dir);
}

/* ST_OK if path is missing, empty or starts with SQLite's header. */
static enum status db_check_header(const char *path, bool *exists)
{
	static const char magic[16] = "SQLite format 3";
	char buf[16];
	ssize_t n;
	int fd;

	*exists = false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return ST_OK;
		return status_set(ST_IO, _("%s: cannot open: %s"), path, strerror(errno));
	}
	*exists = true;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n == 0)
		return ST_OK;
	if (n != (ssize_t)sizeof(buf) || memcmp(buf, magic, sizeof(buf)) != 0)
		return status_set(ST_NOT_DB, _("%s: not a SQLite database; refusing to touch it"),
				  path);
	return ST_OK;
}

/* Finalize the cached statements and close the connection. */
static void db_disconnect(struct db *db)
{
	int i;

	for (i = 0; i < db->ncache; i++) {
		sqlite3_finalize(db->cache[i].stmt);
		free(db->cache[i].sql);
	}
	db->ncache = 0;
	db->next_evict = 0;
	free(db->cache);
	db->cache = NULL;
	db->cap = 0;
	if (db->handle)
		sqlite3_close(db->handle);
	db->handle = NULL;
	collate_free(db->coll);
	db->coll = NULL;
}

/* Count the schema objects of the open file (any program's), or -1. */
static int db_object_count(struct db *db)
{
	sqlite3_stmt *st = NULL;
	int n = -1;

	if (sqlite3_prepare_v2(db->handle, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) ==
		SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* "file:PATH?immutable=1" with PATH escaped for a URI. Caller frees. */
static char *db_immutable_uri(const char *path)
{
	char *uri = xmalloc(strlen(path) * 3 + 32), *p = uri;

	p += sprintf(p, "file:");
	for (; *path; path++) {
		if (*path == '%' || *path == '?' || *path == '#')
			p += sprintf(p, "%%%02X", (unsigned char)*path);
		else
			*p++ = *path;
	}
	strcpy(p, "?immutable=1");
	return uri;
}

static pthread_once_t sqlite_setup_once = PTHREAD_ONCE_INIT;

/*
 * Process-wide SQLite settings, made once before the first connection (they
 * cannot change after that). No memory statistics: with them every allocation
 * of every connection takes one global mutex, so two threads that write at
 * once (the demo's search-index worker, the TUI's sync worker) queue on it;
 * salesterm reads no SQLite memory statistics.
 *
 * A statement journal (what one statement inside a transaction changed, so
 * that statement alone can be undone) stays in memory (-1) instead of going
 * to a temporary file past SQLite's 64 KiB. An UPDATE of one account
 * journals each page it changes (the row's and each index entry's, about
 * eight): 32 KiB on 4 KiB pages, but over 64 KiB on the demo's 16 KiB pages,
 * where every such statement wrote its journal to a temporary file and
 * truncated it again. `account grade` over 250k accounts made 2.1M pwrite()
 * calls for it and took twice as long (strace -c). Not a bigger threshold:
 * SQLite 3.40 uses it as its chunk size too, and with 256 KiB or more a
 * journal that spills fails (SQLITE_FULL, "database or disk is full") when
 * a transaction drops an index of 100k rows, as an import into a full file
 * or a migration does (test_db.c, test_statement_journal()). A statement
 * that rewrites a whole table inside a transaction holds that table's old
 * pages in memory meanwhile: migration 0020 on the 1M demo peaks at 268 MB.
 */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
}

/* The connection's collator, opened on first use: ICU (three libraries and
 * its data) is loaded only by a process that computes a name's sort key, not
 * by `contact count` or `report`. NULL with the message set if ICU cannot be
 * opened. */
static struct collator *db_collator(struct db *db)
{
	if (db->coll == NULL)
		db->coll = collate_new();
	if (db->coll == NULL)
		status_set(ST_DB,
			   _("cannot open ICU's collator, which sorts names (%s): install "
			     "Debian's libicu package of that version"),
			   collate_library());
	return db->coll;
}

/* salesterm_name_key(TEXT): the sort key of a name (src/collate.h), a BLOB
 * that sorts with memcmp(); NULL stays NULL. The indexes of migration 0007
 * are on it. */
static void name_key_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct db *db = sqlite3_user_data(ctx);
	struct collator *c;
	uint8_t buf[256], *key = buf;
	const char *s;
	size_t len, klen;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	c = db_collator(db);
	if (c == NULL) {
		sqlite3_result_error(ctx, status_message(), -1);
		return;
	}
	s = (const char *)sqlite3_value_text(argv[0]);
	len = (size_t)sqlite3_value_bytes(argv[0]);
	klen = collate_key(c, s ? s : "", len, buf, sizeof(buf));
	if (klen > sizeof(buf)) {
		key = xmalloc(klen);
		klen = collate_key(c, s, len, key, klen);
	}
	if (klen == 0)
		sqlite3_result_error(ctx, "salesterm_name_key: ICU cannot collate this text", -1);
	else
		sqlite3_result_blob(ctx, key, (int)klen, SQLITE_TRANSIENT);
	if (key != buf)
		free(key);
}

/* Each connection has its own collator (db_collator()): a connection is used
 * by one thread at a time, an ICU collator likewise. */
static enum status db_add_functions(struct db *db)
{
	int rc = sqlite3_create_function_v2(db->handle, "salesterm_name_key", 1,
					    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
					    db, name_key_fn, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return db_error(db, rc, _("opening the database"));
	return ST_OK;
}

static enum status db_connect(struct db *db, const char *path, int oflags)
{
	int rc;

	pthread_once(&sqlite_setup_once, sqlite_setup);
	rc = sqlite3_open_v2(path, &db->handle, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		return db_error(db, rc, _("opening the database"));
	sqlite3_extended_result_codes(db->handle, 1);
	sqlite3_busy_timeout(db->handle, 2000);
	/* A misspelt "column" must be an error, not a string literal. */
	sqlite3_db_config(db->handle, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
	sqlite3_db_config(db->handle, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
	return db_add_functions(db);
}

/*
 * Look at the file before changing anything in it: a newer schema and another
 * program's database are refused while the file is still exactly as it was.
 */
static enum status db_inspect(struct db *db)
{
	int version = db_schema_version(db), objects;

	if (version < 0)
		return db_error(db, sqlite3_errcode(db->handle), _("reading the schema version"));
	if (version > db_schema_latest())
		return status_set(
		    ST_NEWER,
		    _("%s: written by a newer salesterm (schema %d, this program knows "
		      "up to %d); upgrade salesterm to open it"),
		    db->path, version, db_schema_latest());
	objects = db_object_count(db);
	if (version == 0 && objects > 0)
		return status_set(ST_NOT_DB,
				  _("%s: a SQLite database of another program, not salesterm's; "
				    "refusing to touch it"),
				  db->path);
	return ST_OK;
}

/*
 * Create a new, empty file at path, readable and writable by its owner only
 * whatever the umask: customer data is nobody else's. SQLite gives the -wal,
 * -shm and -journal files it creates beside it the same permissions. False
 * with the message set if it cannot be made (*raced: someone else made it).
 */
static bool db_create_private(const char *path, bool *raced)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	*raced = fd < 0 && errno == EEXIST;
	if (fd < 0) {
		status_set(ST_IO, _("%s: cannot create: %s"), path, strerror(errno));
		return false;
	}
	/* Nobody else has the new file open: closing it drops no one's locks. */
	close(fd);
	return true;
}

/* Remove path and the side files SQLite may have made beside it. */
static void db_remove_files(const char *path)
{
	static const char *const sides[] = { "-wal", "-shm", "-journal" };
	size_t i;

	for (i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
		char *side = xasprintf("%s%s", path, sides[i]);

		unlink(side);
		free(side);
	}
	unlink(path);
}

/* Whether meta collation.stamp ("VERSION\nSTAMP", collate_stamp()) says the
 * ICU that gave the rules' version was is still the one this process would
 * load: then the version is too, and ICU need not be loaded to read it. */
static bool db_collation_stamped(struct db *db, const char *was)
{
	char *stored = db_meta_get(db, "collation.stamp"), *nl;
	bool same = false;

	if (stored && was && (nl = strchr(stored, '\n')) != NULL) {
		*nl = '\0';
		same = strcmp(stored, was) == 0 && collate_stamp_current(nl + 1);
	}
	free(stored);
	return same;
}

/* Record the rules' version now and the stamp of the ICU that gave it. */
static enum status db_collation_record(struct db *db, const char *now)
{
	char *stamp = collate_stamp(), *v;
	enum status st = db_meta_set(db, "collation.version", now);

	if (st == ST_OK && stamp) {
		v = xasprintf("%s\n%s", now, stamp);
		st = db_meta_set(db, "collation.stamp", v);
		free(v);
	}
	free(stamp);
	return st;
}

/*
 * The indexes on salesterm_name_key() hold keys of the ICU that built them;
 * a newer ICU may order some names otherwise, and an index whose order is
 * not its function's is a corrupt one. So the rules' version is kept in
 * meta, and when it changes those indexes are built again (REINDEX).
 * Loading ICU to read the version costs more than the rest of a short
 * command (`contact count`): while the stamp of ICU's files is the one the
 * version was read with (db_collation_stamped()), ICU is not loaded at all.
 */
static enum status db_check_collation(struct db *db)
{
	char now[64], *was;
	struct collator *c;
	enum status st = ST_OK;

	was = db_meta_get(db, "collation.version");
	if (db_collation_stamped(db, was)) {
		free(was);
		return ST_OK;
	}
	c = db_collator(db);
	if (c == NULL) {
		free(was);
		return ST_DB;
	}
	collate_version(c, now);
	if (was && strcmp(was, now) != 0) {
		sqlite3_stmt *q = db_prepare(db, "SELECT name FROM sqlite_master WHERE type = "
						 "'index' AND sql LIKE '%salesterm_name_key%'");
		char **names = NULL;
		size_t n = 0, i;
		int rc;

		if (q == NULL) {
			free(was);
			return ST_DB;
		}
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			names = xreallocarray(names, n + 1, sizeof(*names));
			names[n++] = db_column_strdup(q, 0);
		}
		sqlite3_reset(q);
		if (rc != SQLITE_DONE)
			st = db_error(db, rc, _("rebuilding the name indexes"));
		if (st == ST_OK)
			st = db_begin(db);
		for (i = 0; i < n; i++) {
			char *sql = xasprintf("REINDEX \"%s\"", names[i]);

			if (st == ST_OK)
				st = db_exec(db, sql);
			free(sql);
			free(names[i]);
		}
		free(names);
		if (st == ST_OK)
			st = db_collation_record(db, now);
		if (st == ST_OK)
			st = db_commit(db);
		else if (db_in_transaction(db))
			db_rollback(db);
	} else {
		/* A new file, or one whose stamp is missing or stale (a new ICU
		 * package with the same rules): one transaction. */
		st = db_begin(db);
		if (st == ST_OK)
			st = db_collation_record(db, now);
		if (st == ST_OK)
			st = db_commit(db);
		else if (db_in_transaction(db))
			db_rollback(db);
	}
	free(was);
	return st;
}

enum status db_open(const char *path, unsigned flags, struct db **out)
{
	struct db *db;
	bool memory = strcmp(path, ":memory:") == 0, exists = false, created = false, raced;
	enum status st;

	*out = NULL;
	if (!memory && file_is_open(path)) {
		/* Open here already, so a SQLite database: no open()/close() of it. */
		exists = true;
	} else if (!memory) {
		st = db_check_header(path, &exists);
		if (st != ST_OK)
			return st;
		if (!exists && !(flags & DB_CREATE))
			return status_set(ST_NOT_FOUND, _("%s: no such database"), path);
		if (!exists && !(flags & DB_READONLY)) {
			db_make_parent(path);
			created = db_create_private(path, &raced);
			if (!created && !raced)
				return ST_IO;
		}
	}
	db = xcalloc(1, sizeof(*db));
	db->path = xstrdup(path);
	db->readonly = (flags & DB_READONLY) || (exists && access(path, W_OK) != 0);
	st = db_connect(db, path,
			db->readonly ? SQLITE_OPEN_READONLY
				     : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	if (st == ST_OK)
		st = db_inspect(db);
	if (st != ST_OK && db->readonly && db->handle) {
		/* A WAL file in a directory we may not write: SQLite cannot create the
		 * shared-memory file, so read it as an immutable snapshot instead. */
		char *uri = db_immutable_uri(path);

		db_disconnect(db);
		st = db_connect(db, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
		free(uri);
		if (st == ST_OK)
			st = db_inspect(db);
	}
	if (st != ST_OK)
		goto fail;
	if (!memory)
		file_register(db);
	if (!db->readonly && !memory) {
		st = db_exec(db, "PRAGMA journal_mode = WAL");
		if (st != ST_OK)
			goto fail;
	}
	/* FULL: a committed note survives a power cut, not only a crash. */
	st = db_exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
	if (st != ST_OK)
		goto fail;
	st = db_migrate(db);
	if (st == ST_OK && !db->readonly)
		st = db_check_collation(db);
	if (st != ST_OK)
		goto fail;
	*out = db;
	return ST_OK;
fail:
	db_close(&db);
	/* A new database that could not be set up (a full disk): leave no
	 * empty or half-made file behind. */
	if (created)
		db_remove_files(path);
	return st;
}

void db_close(struct db **dbp)
{
	struct db *db = *dbp;

	if (db == NULL)
		return;
	db_disconnect(db);
	file_unregister(db);
	free(db->path);
	free(db);
	*dbp = NULL;
}

enum status db_backup(struct db *db, const char *path)
{
	sqlite3 *dest = NULL;
	sqlite3_backup *b;
	int rc;
	enum status st = ST_OK;
	bool raced;

	if (!db_create_private(path, &raced)) {
		if (raced)
			return status_set(ST_INVALID, _("%s: already exists; choose a new file"),
					  path);
		return ST_IO;
	}
	rc = sqlite3_open_v2(path, &dest, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		st = status_set(ST_IO, _("%s: cannot create: %s"), path, sqlite3_errmsg(dest));
		goto out;
	}
	b = sqlite3_backup_init(dest, "main", db->handle, "main");
	if (b == NULL) {
		st = status_set(ST_IO, _("%s: backup failed: %s"), path, sqlite3_errmsg(dest));
		goto out;
	}
	/* Copy in steps so other connections are not locked out for long. */
	do {
		rc = sqlite3_backup_step(b, 1024);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		st = status_set(rc == SQLITE_FULL ? ST_FULL : ST_IO, _("%s: backup failed: %s"),
				path, sqlite3_errstr(rc));
out:
	sqlite3_close(dest);
	if (st != ST_OK)
		db_remove_files(path);
	return st;
}

enum status db_check(struct db *db, char **report)
{
	struct strbuf buf = STRBUF_INIT;
	sqlite3_stmt *st;
	int rc, lines = 0;

	st = db_prepare(db, "PRAGMA integrity_check");
	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);

		if (line && strcmp(line, "ok") == 0)
			continue;
		if (lines++)
			strbuf_addc(&buf, '\n');
		strbuf_adds(&buf, line ? line : "");
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		strbuf_release(&buf);
		return db_error(db, rc, _("checking the database"));
	}
	if (lines == 0)
		strbuf_adds(&buf, "ok");
	*report = strbuf_detach(&buf);
	return ST_OK;
}
