/* bulk.h - loading many rows in one transaction: the engine of demo and import.
 *
 * A bulk load is one transaction (doc/DESIGN.md principle 6: a failure or a
 * killed process leaves the database as it was) in which the caller inserts
 * rows with its own prepared statements on bulk_handle() and hands the search
 * index text of each row to bulk_fts_row(). Around it the engine does what
 * makes a big load fast (measured at 1M contacts, see src/demo.c):
 *   - the secondary indexes of the tables written dropped first and rebuilt
 *     from their CREATE INDEX text at the end (BULK_DROP_INDEXES; the UNIQUE
 *     id indexes stay);
 *   - FTS5 merging off while loading, 4 MiB of pending data per segment, one
 *     'optimize' at the end;
 *   - the FTS5 indexes built by a second thread in a scratch file beside the
 *     database (FILE-demo-PID-XXXXXX) and copied in inside the transaction
 *     (BULK_THREADS, and only when every FTS table written is still empty:
 *     the copy replaces the tables);
 *   - a rollback journal instead of WAL, and a 256 MiB page cache (64 MiB with
 *     BULK_SMALL_CACHE), for the transaction when this is the only
 *     connection; both set back at the end;
 *   - with BULK_NEW_FILE, 16 KiB pages for a database made for the load and
 *     still empty (a file of a few hundred pages: its schema): a quarter of
 *     the reads and writes of 4 KiB pages.
 */
#ifndef SALESTERM_BULK_H
#define SALESTERM_BULK_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct db;
struct bulk;

/* One table a bulk load writes; fts is its FTS5 table (title, body) or NULL. */
struct bulk_table {
	const char *table, *fts;
};

enum bulk_flags {
	BULK_DROP_INDEXES = 1 << 0, /* rebuild the secondary indexes at the end */
	BULK_THREADS = 1 << 1,	    /* build empty FTS indexes on a second thread */
	BULK_SMALL_CACHE = 1 << 2,  /* 64 MiB page caches, not 256 (import: its input
				       is in memory too) */
	BULK_NEW_FILE = 1 << 3,	    /* the database was made for this load and holds no
				       records yet (the demo): it gets BULK_PAGE_SIZE pages */
};

/* The page size a new, still empty database gets with BULK_NEW_FILE (see bulk.c). */
#define BULK_PAGE_SIZE 16384

/*
 * Start a bulk load of the n tables into db: switch the journal and the cache
 * (when no transaction is open), open the transaction, run check(db, ctx) if
 * not NULL (a refusal there ends the load with its status, nothing changed),
 * then drop the indexes and start the index worker as flags ask. The tables
 * array must outlive the load. On success *out is the load, which the caller
 * ends with bulk_end(); on failure nothing is left open and *out is NULL.
 */
enum status bulk_begin(struct db *db, const struct bulk_table *tables, size_t n, unsigned flags,
		       enum status (*check)(struct db *db, void *ctx), void *ctx,
		       struct bulk **out);

/* The connection to insert rows with (inside the load's transaction). */
sqlite3 *bulk_handle(struct bulk *b);

/*
 * The search index row of record n of tables[table]: title and body as
 * search_text() and utf8_fts_text() make them, tlen and blen bytes. ST_OK, or
 * the status (with its message) of a failed index write; then the load must
 * be ended with that status.
 */
enum status bulk_fts_row(struct bulk *b, size_t table, int64_t n, const char *title, size_t tlen,
			 const char *body, size_t blen);

/*
 * End the load and free *bp (set to NULL): with rc == ST_OK rebuild the
 * indexes, finish the search indexes and commit; otherwise (or if any of that
 * fails) roll everything back. Journal mode and cache size are set back either
 * way. Returns the load's final status.
 */
enum status bulk_end(struct bulk **bp, enum status rc);

#endif
