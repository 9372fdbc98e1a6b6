/* test_db.c - opening, migrating and guarding database files. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "entity.h"
#include "record.h"
#include "tap.h"
#include "xalloc.h"

static char tmpdir[] = "/tmp/salesterm-test-db.XXXXXX";

static char *tmp_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/* Columns that are no field: kept by triggers from the fields, never synced
 * or exported (data/migrations/0020-history-prev.sql). */
static bool derived_column(const struct entity *e, const char *col)
{
	return e == &entity_opportunity_history && strcmp(col, "prev_at") == 0;
}

/* Every descriptor field is a column of its table, with the system columns
 * and the derived ones. */
static void test_descriptors_match_schema(struct db *db)
{
	size_t i, j;

	for (i = 0; entity_all[i]; i++) {
		const struct entity *e = entity_all[i];
		char *sql = xasprintf("SELECT name FROM pragma_table_info('%s')", e->table);
		sqlite3_stmt *st = db_prepare(db, sql);
		int found = 0, cols = 0;

		for (j = 0; st && sqlite3_step(st) == SQLITE_ROW; j++) {
			const char *col = (const char *)sqlite3_column_text(st, 0);

			cols += !derived_column(e, col);
			if (entity_field(e, col))
				found++;
		}
		if (st)
			sqlite3_reset(st);
		is_int(found, e->nfields, "%s: every field has a column", e->name);
		is_int(cols, e->nfields + 10, "%s: only fields and the 10 system columns", e->name);
		free(sql);
	}
}

static void test_memory(void)
{
	struct db *db = NULL;
	char *v;
	int64_t a = 0, b = 0;

	is_int(db_open(":memory:", DB_CREATE, &db), ST_OK, "open :memory:");
	is_int(db_schema_version(db), db_schema_latest(), "migrated to the latest schema");
	ok(db_schema_latest() >= 1, "at least one migration embedded");
	test_descriptors_match_schema(db);
	{
		/* 0009-indexes.sql: one rep's day and the funnel's totals read index ranges. */
		static const char *const names[] = { "activity_owner_start", "activity_owner_due",
						     "followup_owner_at",
						     "opportunity_stage_owner" };
		sqlite3_stmt *st = db_prepare(
		    db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?1");
		size_t i;

		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			sqlite3_bind_text(st, 1, names[i], -1, SQLITE_STATIC);
			ok(st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1,
			   "index %s exists", names[i]);
			sqlite3_reset(st);
		}
	}
	v = db_meta_get(db, "change_seq");
	is_str(v, "0", "change_seq starts at 0");
	free(v);
	is_int(db_begin(db), ST_OK, "begin");
	is_int(db_next_seq(db, &a), ST_OK, "next seq");
	is_int(db_next_seq(db, &b), ST_OK, "next seq again");
	is_int(b, a + 1, "seq increases by one");
	is_int(db_commit(db), ST_OK, "commit");

	/* Nested transactions: an inner rollback keeps the outer work. */
	is_int(db_begin(db), ST_OK, "outer begin");
	db_meta_set(db, "k", "outer");
	is_int(db_begin(db), ST_OK, "inner begin");
	db_meta_set(db, "k", "inner");
	db_rollback(db);
	v = db_meta_get(db, "k");
	is_str(v, "outer", "inner rollback undoes only the inner write");
	free(v);
	db_rollback(db);
	v = db_meta_get(db, "k");
	ok(v == NULL, "outer rollback undoes everything");
	free(v);
	ok(!db_in_transaction(db), "no transaction left open");
	is_int(db_commit(db), ST_DB, "commit without begin is an error");
	ok(db_prepare(db, "SELECT nonsense FROM nowhere") == NULL, "bad SQL gives NULL");
	ok(strstr(status_message(), "nowhere") != NULL, "and a message naming it");

	/* The statement cache never finalizes a statement that is being stepped. */
	{
		sqlite3_stmt *outer = db_prepare(db, "SELECT value FROM generate_series(1, 3)");
		int rows = 0, i, rc;

		if (outer == NULL)
			outer = db_prepare(
			    db, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
				"FROM c WHERE x < 3) SELECT x FROM c");
		while ((rc = sqlite3_step(outer)) == SQLITE_ROW) {
			rows++;
			for (i = 0; i < 150; i++) {
				char *sql = xasprintf("SELECT %d + %d", rows, i);
				sqlite3_stmt *inner = db_prepare(db, sql);

				if (inner)
					sqlite3_step(inner);
				free(sql);
			}
		}
		is_int(rows, 3, "a busy statement survives 450 other statements in the cache");
		is_int(rc, SQLITE_DONE, "and finishes cleanly");
	}
	db_close(&db);
	ok(db == NULL, "db_close nulls the pointer");
	db_close(&db);
}

static void test_files(void)
{
	char *good = tmp_path("a/b/good.db"), *junk = tmp_path("junk.db"),
	     *newer = tmp_path("newer.db"), *ro = tmp_path("ro.db"), *bak = tmp_path("backup.db"),
	     *missing = tmp_path("missing.db");
	struct db *db = NULL, *db2 = NULL;
	struct stat sb;
	char buf[64], *report = NULL;
	FILE *f;
	int fd;

	is_int(db_open(missing, 0, &db), ST_NOT_FOUND, "missing file without DB_CREATE");
	ok(access(missing, F_OK) != 0, "and it is not created");

	is_int(db_open(good, DB_CREATE, &db), ST_OK, "create in a new directory");
	ok(!db_readonly(db), "writable");
	is_int(db_check(db, &report), ST_OK, "integrity check runs");
	is_str(report, "ok", "integrity ok");
	free(report);
	is_int(db_backup(db, bak), ST_OK, "online backup");
	is_int(db_backup(db, bak), ST_INVALID, "backup refuses to overwrite");
	db_close(&db);
	is_int(db_open(bak, 0, &db2), ST_OK, "the backup opens");
	is_int(db_schema_version(db2), db_schema_latest(), "the backup has the schema");
	db_close(&db2);

	/* Not SQLite: refused, and the file is left exactly as it was. */
	f = fopen(junk, "w");
	fputs("name,phone\nZhang Wei,138\n", f);
	fclose(f);
	is_int(db_open(junk, DB_CREATE, &db), ST_NOT_DB, "a CSV file is not a database");
	ok(strstr(status_message(), "not a SQLite database") != NULL, "clear message");
	fd = open(junk, O_RDONLY);
	memset(buf, 0, sizeof(buf));
	ok(read(fd, buf, sizeof(buf) - 1) > 0 && strcmp(buf, "name,phone\nZhang Wei,138\n") == 0,
	   "the file is untouched");
	close(fd);
	{
		char *wal = tmp_path("junk.db-wal");

		ok(stat(wal, &sb) != 0, "no WAL file was created beside it");
		free(wal);
	}

	/* A newer schema is refused. */
	is_int(db_open(newer, DB_CREATE, &db), ST_OK, "create");
	db_exec(db, "PRAGMA user_version = 999");
	db_close(&db);
	is_int(db_open(newer, 0, &db), ST_NEWER, "newer schema refused");
	ok(strstr(status_message(), "newer") != NULL, "message says newer");

	/* A read-only file opens read-only. */
	is_int(db_open(ro, DB_CREATE, &db), ST_OK, "create");
	db_exec(db, "PRAGMA journal_mode = DELETE");
	db_close(&db);
	chmod(ro, 0444);
	if (geteuid() == 0) {
		/* root writes anyway; DB_READONLY covers the same path. */
		is_int(db_open(ro, DB_READONLY, &db), ST_OK, "read-only open");
	} else {
		is_int(db_open(ro, 0, &db), ST_OK, "read-only file opens");
	}
	ok(db && db_readonly(db), "and says it is read-only");
	if (db)
		is_int(db_meta_set(db, "x", "y"), ST_READONLY, "a write is refused as read-only");
	db_close(&db);

	free(good);
	free(junk);
	free(newer);
	free(ro);
	free(bak);
	free(missing);
}

/* How many rows t has, seen by a connection of another program (the sqlite3
 * shell: a forked child would share this process's SQLite lock state). The
 * last connection to close checkpoints and removes the WAL file. */
static int count_elsewhere(const char *path)
{
	char *cmd = xasprintf("sqlite3 '%s' 'SELECT count(*) FROM t' 2>/dev/null", path);
	FILE *p = popen(cmd, "r");
	int n = -1;

	free(cmd);
	if (p == NULL)
		return -1;
	if (fscanf(p, "%d", &n) != 1)
		n = -1;
	pclose(p);
	return n;
}

/* Two connections of one process to one file (the TUI and its sync worker):
 * opening the second must not drop the first one's locks, or another
 * process takes the WAL away from under it and its writes are lost. */
static void test_two_connections(void)
{
	char *path = tmp_path("two.db");
	struct db *a = NULL, *b = NULL;
	char *v;

	is_int(db_open(path, DB_CREATE, &a), ST_OK, "first connection");
	db_exec(a, "CREATE TABLE t (x); INSERT INTO t VALUES (1)");
	is_int(db_open(path, 0, &b), ST_OK, "a second connection to the same file");
	is_int(count_elsewhere(path), 1, "another process sees the first row");
	{
		char *wal = xasprintf("%s-wal", path);
		struct stat sb;

		ok(stat(wal, &sb) == 0, "the WAL file stays while this process has it open");
		free(wal);
	}
	is_int(db_exec(a, "INSERT INTO t VALUES (2)"), ST_OK, "the first connection writes on");
	is_int(count_elsewhere(path), 2, "and another process sees that write too");
	{
		long long before = db_data_version(a), own = db_data_version(b);

		is_int(db_meta_set(b, "k", "from b"), ST_OK, "the second connection writes");
		ok(db_data_version(a) != before, "the first one's data_version moves");
		ok(db_data_version(b) == own, "the writer's own does not");
	}
	v = db_meta_get(a, "k");
	is_str(v, "from b", "and the first one reads it");
	free(v);
	db_close(&b);
	is_int(db_exec(a, "INSERT INTO t VALUES (3)"), ST_OK,
	       "the first writes after the second closed");
	is_int(count_elsewhere(path), 3, "and it is still seen elsewhere");
	db_close(&a);
	free(path);
}

/* A transaction that drops an index of 100k rows: its statement journal is
 * over a megabyte. With SQLITE_CONFIG_STMTJRNL_SPILL at 1 MiB (db.c's
 * sqlite_setup()) SQLite 3.40 failed it with "database or disk is full", and
 * an import into a file with 20,000 contacts failed so. */
static void test_statement_journal(void)
{
	char *path = tmp_path("journal.db");
	struct db *db = NULL;

	is_int(db_open(path, DB_CREATE, &db), ST_OK, "a file");
	is_int(db_exec(db, "CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT); WITH RECURSIVE "
			   "c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) "
			   "INSERT INTO t SELECT x, hex(randomblob(16)) FROM c; CREATE INDEX t_b "
			   "ON t(b, a)"),
	       ST_OK, "a table of 100k rows and its index");
	is_int(db_begin(db), ST_OK, "a transaction");
	is_int(db_exec(db, "UPDATE t SET b = b || 'x' WHERE a % 10 = 0"), ST_OK, "an update in it");
	is_int(db_exec(db, "DROP INDEX t_b"), ST_OK, "the index dropped in it");
	is_int(db_exec(db, "CREATE INDEX t_b ON t(b, a)"), ST_OK, "and made again");
	is_int(db_commit(db), ST_OK, "committed");
	db_close(&db);
	free(path);
}

/* Names sort by their ICU key (migration 0007); the name indexes are built
 * again when the ICU rules a file was indexed with change. */
static void test_collation(void)
{
	char *path = tmp_path("collation.db"), *v = NULL;
	struct db *db = NULL;
	sqlite3_stmt *st;
	const char *order[] = { "阿明", "李娜", "张伟", "alice", "Bob", "Émile", "zed" };
	int i, rows = 0;

	ok(db_open(path, DB_CREATE, &db) == ST_OK, "a new file");
	v = db_meta_get(db, "collation.version");
	ok(v && *v, "the ICU rules' version is kept");
	free(v);
	for (i = 6; i >= 0; i--) {
		struct record *r = record_new(&entity_contact);

		record_input(db, r, "name", order[(i * 3) % 7]); /* out of order */
		if (record_insert(db, r) != ST_OK)
			ok(0, "insert %s: %s", order[i], status_message());
		record_free(&r);
	}
	st = db_prepare(db, "SELECT name FROM contact WHERE deleted = 0 "
			    "ORDER BY salesterm_name_key(name), n");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		ok(rows < 7 && strcmp(name, order[rows]) == 0, "%d: %s", rows, name);
		rows++;
	}
	if (st)
		sqlite3_reset(st);
	is_int(rows, 7, "pinyin for Chinese, then Latin with case and accents aside");
	db_meta_set(db, "collation.version", "0.0.0.0/0.0.0.0");
	db_close(&db);
	ok(db_open(path, 0, &db) == ST_OK, "reopened after an ICU upgrade");
	v = db_meta_get(db, "collation.version");
	ok(v && strcmp(v, "0.0.0.0/0.0.0.0") != 0, "the indexes were rebuilt for the new rules");
	free(v);
	st = db_prepare(db, "PRAGMA integrity_check");
	ok(st && sqlite3_step(st) == SQLITE_ROW &&
	       strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0,
	   "and the file is sound");
	if (st)
		sqlite3_reset(st);
	db_close(&db);
	free(path);
}

int main(void)
{
	char *cmd;

	if (mkdtemp(tmpdir) == NULL)
		return 99;
	test_memory();
	test_files();
	test_two_connections();
	test_statement_journal();
	test_collation();
	cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	free(cmd);
	return done_testing();
}
