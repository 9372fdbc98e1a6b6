/* db.h - the SQLite adapter: open, migrate, statements, transactions.
 *
 * The only module (with the generic record layer and the modules that build
 * SQL for their own queries) that calls sqlite3_*; SQLite result codes are
 * turned into enum status here and never travel further.
 */
#ifndef SALESTERM_DB_H
#define SALESTERM_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "status.h"

struct db;

enum db_flags {
	DB_CREATE = 1 << 0,   /* create the file (and its directory) if missing */
	DB_READONLY = 1 << 1, /* open read-only even if the file is writable */
};

/*
 * Open the database at path (":memory:" for a private in-memory one), check
 * that it is a salesterm database and bring its schema up to date.
 * A file that is not SQLite is refused untouched (ST_NOT_DB); a schema from a
 * newer program is refused (ST_NEWER); a file we may not write is opened
 * read-only and db_readonly() says so. On success *out owns the connection:
 * the caller closes it with db_close().
 */
enum status db_open(const char *path, unsigned flags, struct db **out);
/* Close and free *dbp (NULL is fine) and set it to NULL. */
void db_close(struct db **dbp);

/* The raw handle, for core modules that build their own SQL. */
sqlite3 *db_handle(struct db *db);
const char *db_path(const struct db *db);
bool db_readonly(const struct db *db);
/* Schema version (PRAGMA user_version) and the newest this program knows. */
int db_schema_version(struct db *db);
int db_schema_latest(void);

/*
 * A cached prepared statement for sql (the text is the cache key). The
 * statement is reset and its bindings cleared; NULL on error (status set).
 * Owned by db: never finalize it.
 */
sqlite3_stmt *db_prepare(struct db *db, const char *sql);

/* Map a failed SQLite call to a status with a message; returns the status. */
enum status db_error(struct db *db, int rc, const char *what);

/*
 * Transactions nest: the outermost db_begin() is BEGIN IMMEDIATE (so a write
 * never fails half-way for a lock), inner ones are savepoints. Every
 * db_begin() is paired with exactly one db_commit() or db_rollback().
 */
enum status db_begin(struct db *db);
enum status db_commit(struct db *db);
void db_rollback(struct db *db);
bool db_in_transaction(const struct db *db);
/* A number that changes when another connection (of this process or another)
 * commits to the database, and not for this connection's own commits; -1 on
 * error. PRAGMA data_version: costs no I/O. */
long long db_data_version(struct db *db);

/* Run SQL without results (no user input in it). */
enum status db_exec(struct db *db, const char *sql);

/* Drop the triggers whose names match the GLOB pattern, keeping their text
 * (CREATE statements, each ending in ";\n") in a new *saved for
 * sqlite3_exec() to make them again; *saved stays NULL when none matched.
 * For a bulk load that fills what they keep once at its end. An SQLite
 * result code. */
int db_triggers_drop(sqlite3 *h, const char *glob, char **saved);
/* The other end: run fill (what the triggers would have kept, once), make
 * the triggers of *saved again and free it; nothing when *saved is NULL. An
 * SQLite result code. */
int db_triggers_restore(sqlite3 *h, const char *fill, char **saved);

/* meta table: small key/value settings. get returns a new string or NULL. */
char *db_meta_get(struct db *db, const char *key);
enum status db_meta_set(struct db *db, const char *key, const char *value);

/* Bump and return the local change sequence (inside a transaction). */
enum status db_next_seq(struct db *db, int64_t *seq);

/* Bind text, or NULL for a NULL pointer. */
int db_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Column text as a new string (NULL for SQL NULL). Caller frees. */
char *db_column_strdup(sqlite3_stmt *st, int i);

/* Copy the whole database to path with SQLite's online backup API. */
enum status db_backup(struct db *db, const char *path);
/* Run PRAGMA integrity_check and foreign_key_check; *report gets the findings
 * ("ok" when clean). Caller frees *report. */
enum status db_check(struct db *db, char **report);

#endif
