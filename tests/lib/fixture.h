/* fixture.h - test fixtures on the real record layer, shared by the unit tests.
 *
 * Header-only like tap.h: each test program includes it once.
 */
#ifndef SALESTERM_FIXTURE_H
#define SALESTERM_FIXTURE_H

#include <errno.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "record.h"
#include "xalloc.h"

#define FIXTURE_MAX_PAIRS 32

/*
 * Add a record of type e from "key=value" strings (NULL-terminated), parsed
 * as a user's input and written with record_insert(). Returns the new id
 * (caller frees), or NULL with the status message set and echoed as a TAP
 * comment: some tests expect the refusal and check the message.
 */
static char *fixture_add(struct db *db, const struct entity *e, const char *const *pairs)
{
	struct record *r = record_new(e);
	struct kv kv[FIXTURE_MAX_PAIRS];
	char *keys[FIXTURE_MAX_PAIRS], *id = NULL;
	size_t n = 0, i;

	for (; pairs[n] && n < FIXTURE_MAX_PAIRS; n++) {
		const char *eq = strchr(pairs[n], '=');

		keys[n] = xstrndup(pairs[n], (size_t)(eq - pairs[n]));
		kv[n].key = keys[n];
		kv[n].value = eq + 1;
	}
	if (record_input_all(db, r, kv, n) == ST_OK && record_insert(db, r) == ST_OK)
		id = xstrdup(r->id);
	else
		printf("# add %s: %s\n", e->name, status_message());
	for (i = 0; i < n; i++)
		free(keys[i]);
	record_free(&r);
	return id;
}

/* The first column of the first row of sql, a number; -1 if no row. */
static inline int64_t fixture_count(struct db *db, const char *sql)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int64_t n = -1;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return n;
}

/*
 * The rows in which a summary kept by triggers and its recount differ: those
 * of the table not in the view TABLE_recount and those of the view not in
 * the table. Each EXCEPT is a subquery of its own: a compound SELECT runs
 * left to right, and "A EXCEPT B UNION ALL B EXCEPT A" is only B EXCEPT A.
 */
static inline int64_t fixture_recount_differs(struct db *db, const char *table)
{
	char *sql = xasprintf("SELECT count(*) FROM (SELECT * FROM (SELECT * FROM %s EXCEPT "
			      "SELECT * FROM %s_recount) UNION ALL SELECT * FROM (SELECT * FROM "
			      "%s_recount EXCEPT SELECT * FROM %s))",
			      table, table, table, table);
	int64_t n = fixture_count(db, sql);

	free(sql);
	return n;
}

/*
 * A new database in a file of its own temporary folder, for what one in
 * memory cannot do: a second connection to it (the reports' twin,
 * report_twin()). *path is set to the file's path; fixture_file_db_remove()
 * removes the files and the folder and frees it. NULL if none could be made
 * (the message set).
 */
static inline struct db *fixture_file_db(char **path)
{
	char dir[] = "/tmp/salesterm-test.XXXXXX";
	struct db *db = NULL;

	*path = NULL;
	if (mkdtemp(dir) == NULL) {
		status_set(ST_IO, "a temporary folder: %s", strerror(errno));
		return NULL;
	}
	*path = xasprintf("%s/test.db", dir);
	if (db_open(*path, DB_CREATE, &db) != ST_OK)
		return NULL;
	return db;
}

static inline void fixture_file_db_remove(char *path)
{
	char *slash;

	if (path == NULL)
		return;
	for (const char *const *end = (const char *const[]){ "", "-wal", "-shm", NULL }; *end;
	     end++) {
		char *f = xasprintf("%s%s", path, *end);

		unlink(f);
		free(f);
	}
	slash = strrchr(path, '/');
	if (slash) {
		*slash = '\0';
		rmdir(path);
	}
	free(path);
}

#endif
