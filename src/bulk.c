/* bulk.c - loading many rows in one transaction: the engine of demo and import.
 *
 * Moved out of src/demo.c so that import loads rows the same way; the figures
 * behind each choice are in demo.c's opening comment and src/bulk.h.
 */
#include "bulk.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "strbuf.h"
#include "i18n.h"
#include "report/churn.h"
#include "report/history.h"
#include "xalloc.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

/* ---------------------------------------------------------------- search index worker */

/*
 * With a file database and a second CPU, the FTS5 indexes are built by a thread
 * of their own while this one writes the tables and their indexes. The FTS rows
 * (rowid, title, body) are handed over in chunks; the worker inserts them, in
 * the same order, into FTS5 tables created from the same CREATE VIRTUAL TABLE
 * text in a scratch database next to the file (FILE-demo-PID-XXXXXX, journal off),
 * then merges each index into one segment and closes it. The shadow tables
 * (_data, _idx, _content, _docsize, _config) are then copied row for row into
 * the database, inside the one transaction: the result is byte for byte what
 * inserting the rows there would have left (checked with .sha3sum), and a
 * failure on either side still rolls everything back. The scratch file is
 * removed either way. Indexing is more than half of the work at 1M contacts;
 * this way it overlaps the rest.
 *
 * Not for an in-memory database, a "file:" URI, one CPU, SQLite's defensive
 * mode (shadow tables are read-only then) or a call inside a transaction: the
 * FTS rows then go straight into the database as before.
 */

#define FTS_CHUNK (1 << 20)   /* bytes of FTS rows handed over at a time */
#define FTS_CHUNKS 64	      /* at most 64 MiB queued: the writer need not wait for the worker */
#define FTS_HASHSIZE 4194304  /* bytes of pending FTS data before a segment is written */
#define FTS_SCHEMA "demo_fts" /* the scratch database, attached for the copy */

static const char *const fts_shadows[] = { "data", "idx", "content", "docsize", "config" };

struct fts_chunk {
	char *p;
	size_t len, cap;
	bool ready; /* handed over, not yet done */
};

struct fts_worker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	sqlite3 *h;
	const struct bulk_table *tables;
	size_t ntables;
	sqlite3_stmt **ins; /* per table; NULL for one without an index */
	char *path;
	struct fts_chunk chunk[FTS_CHUNKS];
	int fill, take; /* the chunk being filled, the next one to index */
	bool end;	/* no more rows: finish the indexes */
	bool cancel;	/* stop at once */
	bool failed;	/* rc is set */
	int rc;		/* the worker's first SQLite failure */
	char err[256];
};

/* What every FTS5 table is switched to for the bulk load, and back afterwards. */
static int fts_bulk_settings(sqlite3 *h, const char *schema, const char *table, bool bulk)
{
	char sql[512];

	if (bulk)
		snprintf(sql, sizeof(sql),
			 "INSERT INTO \"%s\".\"%s\"(\"%s\", rank) VALUES('automerge', 0);"
			 "INSERT INTO \"%s\".\"%s\"(\"%s\", rank) VALUES('crisismerge', 2000);"
			 "INSERT INTO \"%s\".\"%s\"(\"%s\", rank) VALUES('hashsize', %d);",
			 schema, table, table, schema, table, table, schema, table, table,
			 FTS_HASHSIZE);
	else
		snprintf(sql, sizeof(sql),
			 "INSERT INTO \"%s\".\"%s\"(\"%s\") VALUES('optimize');"
			 "DELETE FROM \"%s\".\"%s_config\" WHERE k IN ('automerge', "
			 "'crisismerge', 'hashsize');",
			 schema, table, table, schema, table);
	return sqlite3_exec(h, sql, NULL, NULL, NULL);
}

static void fts_worker_fail(struct fts_worker *w, int rc)
{
	pthread_mutex_lock(&w->lock);
	if (!w->failed) {
		w->failed = true;
		w->rc = rc;
		snprintf(w->err, sizeof(w->err), "%s",
			 sqlite3_errcode(w->h) != SQLITE_OK ? sqlite3_errmsg(w->h)
							    : sqlite3_errstr(rc));
	}
	pthread_mutex_unlock(&w->lock);
}

/* Insert the rows of one chunk: table, rowid, title length, body length, title, body. */
static void fts_worker_rows(struct fts_worker *w, const char *p, size_t len)
{
	const char *end = p + len;

	while (p < end) {
		unsigned char t = (unsigned char)*p;
		int64_t n;
		uint32_t tlen, blen;
		sqlite3_stmt *st;
		int rc;

		memcpy(&n, p + 1, sizeof(n));
		memcpy(&tlen, p + 9, sizeof(tlen));
		memcpy(&blen, p + 13, sizeof(blen));
		p += 17;
		st = w->ins[t];
		sqlite3_bind_int64(st, 1, n);
		sqlite3_bind_text(st, 2, p, (int)tlen, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, p + tlen, (int)blen, SQLITE_STATIC);
		p += tlen + blen;
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			fts_worker_fail(w, rc);
			return;
		}
	}
}

static void *fts_worker_main(void *arg)
{
	struct fts_worker *w = arg;
	bool finish;
	size_t t;
	int rc = SQLITE_OK;

	for (;;) {
		struct fts_chunk *c;
		bool skip;

		pthread_mutex_lock(&w->lock);
		while (!w->chunk[w->take].ready && !w->end && !w->cancel)
			pthread_cond_wait(&w->cond, &w->lock);
		if (w->cancel || !w->chunk[w->take].ready) {
			pthread_mutex_unlock(&w->lock);
			break;
		}
		c = &w->chunk[w->take];
		skip = w->failed; /* keep taking chunks so the writer never waits for good */
		pthread_mutex_unlock(&w->lock);
		if (!skip)
			fts_worker_rows(w, c->p, c->len);
		pthread_mutex_lock(&w->lock);
		c->len = 0;
		c->ready = false;
		w->take = (w->take + 1) % FTS_CHUNKS;
		pthread_cond_broadcast(&w->cond);
		pthread_mutex_unlock(&w->lock);
	}
	pthread_mutex_lock(&w->lock);
	finish = !w->cancel && !w->failed;
	pthread_mutex_unlock(&w->lock);
	for (t = 0; finish && t < w->ntables && rc == SQLITE_OK; t++)
		if (w->tables[t].fts)
			rc = fts_bulk_settings(w->h, "main", w->tables[t].fts, false);
	if (finish && rc == SQLITE_OK)
		rc = sqlite3_exec(w->h, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		fts_worker_fail(w, rc);
	/* Closed before the writer attaches the file. */
	for (t = 0; t < w->ntables; t++) {
		sqlite3_finalize(w->ins[t]);
		w->ins[t] = NULL;
	}
	sqlite3_close(w->h);
	w->h = NULL;
	return NULL;
}

/* Close the scratch database and remove it. */
static void fts_worker_free(struct fts_worker *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->ntables && w->ins; i++)
		sqlite3_finalize(w->ins[i]);
	free(w->ins);
	sqlite3_close(w->h);
	if (w->path)
		unlink(w->path);
	for (i = 0; i < FTS_CHUNKS; i++)
		free(w->chunk[i].p);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	free(w->path);
	free(w);
}

/*
 * Remove the scratch files that demos killed before they could clean up
 * (kill -9, a power cut) left beside path: FILE-demo-PID-XXXXXX whose
 * process PID is gone. A file whose process lives (another demo on the
 * same database, or an unrelated process that reuses the pid) is kept; so
 * is one of another name.
 */
static void fts_scratch_cleanup(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dirpath, *prefix = xasprintf("%s-demo-", slash ? slash + 1 : path);
	size_t plen = strlen(prefix);
	struct dirent *de;
	DIR *dir;

	if (slash == NULL)
		dirpath = xstrdup(".");
	else /* "/db" lives in "/" */
		dirpath = xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
	dir = opendir(dirpath);
	while (dir && (de = readdir(dir)) != NULL) {
		const char *p = de->d_name + plen, *dash;
		char *end, *file;
		long pid;

		if (strncmp(de->d_name, prefix, plen) != 0 || *p < '1' || *p > '9')
			continue;
		errno = 0;
		pid = strtol(p, &end, 10);
		dash = end;
		if (errno || *dash != '-' || strlen(dash + 1) != 6 || pid <= 0 ||
		    (long)(pid_t)pid != pid || pid == (long)getpid())
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue; /* alive, or not ours to ask about: keep it */
		file = xasprintf("%s/%s", dirpath, de->d_name);
		unlink(file);
		free(file);
	}
	if (dir)
		closedir(dir);
	free(prefix);
	free(dirpath);
}

/*
 * Start a worker for the FTS tables of db (handle h, in its transaction), or
 * return NULL to index in db itself (see above, or no scratch file). The
 * scratch file is named FILE-demo-PID-XXXXXX, so that the next demo can
 * tell one whose process died from one in use (fts_scratch_cleanup()).
 */
static struct fts_worker *fts_worker_start(struct db *db, sqlite3 *h,
					   const struct bulk_table *tables, size_t ntables,
					   bool small_cache)
{
	struct fts_worker *w;
	sqlite3_stmt *st = NULL;
	const char *path = db_path(db);
	char sql[256];
	size_t t;
	int rc, fd, defensive = 1;

	/* Shadow tables can be written only with SQLITE_DBCONFIG_DEFENSIVE off.
	 * With SQLite's memory statistics on (db.c turns them off before the
	 * first connection), every allocation of both threads takes one global
	 * mutex, and two threads are slower than one. */
	sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive);
	if (path == NULL || path[0] == '\0' || strcmp(path, ":memory:") == 0 ||
	    strncmp(path, "file:", 5) == 0)
		return NULL;
	fts_scratch_cleanup(path);
	if (defensive || sqlite3_memory_used() != 0 || sysconf(_SC_NPROCESSORS_ONLN) < 2 ||
	    !sqlite3_threadsafe())
		return NULL;
	w = xcalloc(1, sizeof(*w));
	w->tables = tables;
	w->ntables = ntables;
	w->ins = xcalloc(ntables, sizeof(*w->ins));
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	w->path = xasprintf("%s-demo-%ld-XXXXXX", path, (long)getpid());
	fd = mkstemp(w->path);
	if (fd < 0) {
		free(w->path);
		w->path = NULL;
		fts_worker_free(w);
		return NULL;
	}
	close(fd); /* a new, empty file: nobody else has it open */
	rc = sqlite3_open_v2(
	    w->path, &w->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(w->h,
				  "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; "
				  "PRAGMA synchronous = OFF; PRAGMA secure_delete = OFF;",
				  NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(w->h,
				  small_cache ? "PRAGMA cache_size = -65536"
					      : "PRAGMA cache_size = -262144",
				  NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(h,
					"SELECT sql FROM main.sqlite_master WHERE type = 'table' "
					"AND name = ?",
					-1, &st, NULL);
	for (t = 0; t < ntables && rc == SQLITE_OK; t++) {
		const char *create;

		if (tables[t].fts == NULL)
			continue;
		sqlite3_bind_text(st, 1, tables[t].fts, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		create = (const char *)sqlite3_column_text(st, 0);
		rc = rc == SQLITE_ROW && create ? sqlite3_exec(w->h, create, NULL, NULL, NULL)
						: SQLITE_ERROR;
		sqlite3_reset(st);
		if (rc == SQLITE_OK)
			rc = fts_bulk_settings(w->h, "main", tables[t].fts, true);
		snprintf(sql, sizeof(sql),
			 "INSERT INTO \"%s\" (rowid, title, body) VALUES (?, ?, ?)", tables[t].fts);
		if (rc == SQLITE_OK)
			rc = sqlite3_prepare_v3(w->h, sql, -1, SQLITE_PREPARE_PERSISTENT,
						&w->ins[t], NULL);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(w->h, "BEGIN", NULL, NULL, NULL);
	if (rc == SQLITE_OK && pthread_create(&w->thread, NULL, fts_worker_main, w) != 0)
		rc = SQLITE_ERROR;
	if (rc != SQLITE_OK) {
		fts_worker_free(w);
		return NULL;
	}
	return w;
}

/* Hand the chunk being filled over and wait for a free one; false if the worker failed. */
static bool fts_worker_submit(struct fts_worker *w)
{
	bool ok;

	pthread_mutex_lock(&w->lock);
	w->chunk[w->fill].ready = true;
	w->fill = (w->fill + 1) % FTS_CHUNKS;
	pthread_cond_broadcast(&w->cond);
	while (w->chunk[w->fill].ready)
		pthread_cond_wait(&w->cond, &w->lock);
	ok = !w->failed;
	pthread_mutex_unlock(&w->lock);
	return ok;
}

/* Queue the FTS row n of table t; false if the worker failed. */
static bool fts_worker_put(struct fts_worker *w, size_t t, int64_t n, const char *title,
			   size_t title_len, const char *body, size_t body_len)
{
	struct fts_chunk *c = &w->chunk[w->fill];
	size_t need = 17 + title_len + body_len;
	uint32_t tlen = (uint32_t)title_len, blen = (uint32_t)body_len;
	char *p;

	if (c->len > 0 && c->len + need > FTS_CHUNK) {
		if (!fts_worker_submit(w))
			return false;
		c = &w->chunk[w->fill];
	}
	if (c->len + need > c->cap) {
		c->cap = c->len + need > FTS_CHUNK ? c->len + need : FTS_CHUNK;
		c->p = xrealloc(c->p, c->cap);
	}
	p = c->p + c->len;
	*p = (char)t;
	memcpy(p + 1, &n, sizeof(n));
	memcpy(p + 9, &tlen, sizeof(tlen));
	memcpy(p + 13, &blen, sizeof(blen));
	if (tlen)
		memcpy(p + 17, title, tlen);
	if (blen)
		memcpy(p + 17 + tlen, body, blen);
	c->len += need;
	return true;
}

/* No more rows: the worker indexes what is queued, merges and commits. */
static void fts_worker_end(struct fts_worker *w)
{
	pthread_mutex_lock(&w->lock);
	if (w->chunk[w->fill].len > 0) {
		w->chunk[w->fill].ready = true;
		w->fill = (w->fill + 1) % FTS_CHUNKS;
	}
	w->end = true;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

/* The worker's failure as a status about the database at path (ST_OK if none). */
static enum status fts_worker_status(struct fts_worker *w, const char *path)
{
	enum status st = ST_OK;
	int rc;

	pthread_mutex_lock(&w->lock);
	rc = w->rc & 0xff;
	if (w->failed)
		st = status_set(rc == SQLITE_FULL    ? ST_FULL
				: rc == SQLITE_IOERR ? ST_IO
						     : ST_DB,
				_("%s: building the search index failed: %s; nothing was changed"),
				path, w->err);
	pthread_mutex_unlock(&w->lock);
	return st;
}

/* Wait for the worker to finish (or, if cancel, to stop); its status. */
static enum status fts_worker_join(struct fts_worker *w, const char *path, bool cancel)
{
	pthread_mutex_lock(&w->lock);
	if (cancel)
		w->cancel = true;
	w->end = true;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	return cancel ? ST_OK : fts_worker_status(w, path);
}

/* ---------------------------------------------------------------- the load */

struct bulk {
	struct db *db;
	sqlite3 *h;
	const struct bulk_table *tables;
	size_t ntables;
	struct fts_worker *worker; /* NULL: the FTS rows go straight into db */
	sqlite3_stmt **fts;	   /* per table, without a worker */
	char **index_sql;	   /* the dropped indexes, to create again */
	size_t nindexes;
	char **trigger_sql; /* the dropped summary triggers, to create again */
	size_t ntriggers;
	bool *rebuild;	 /* per bulk_summaries[]: its triggers were dropped */
	char *touch_sql; /* account_touch's triggers, dropped (report_touch_suspend()) */
	char *prev_sql;	 /* the history's prev_at triggers (history_prev_suspend()) */
	char journal[16], cache_size[32]; /* to set back; "" when unchanged */
	char threads[16];		  /* PRAGMA threads to set back; "" when unchanged */
	unsigned flags;
};

/* Run a PRAGMA that answers one value; copy the answer to out ("" if none). */
static void bulk_pragma(sqlite3 *h, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *st;

	out[0] = '\0';
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* Drop the secondary indexes of the tables written (their text is kept):
 * building them at the end is much cheaper than keeping them up to date. The
 * UNIQUE id indexes stay. Inside the transaction, so a failure restores them. */
static enum status bulk_drop_indexes(struct bulk *b)
{
	struct strbuf sql = STRBUF_INIT;
	char **names = NULL;
	size_t i;
	sqlite3_stmt *st;
	enum status rc = ST_OK;
	int r;

	strbuf_adds(&sql, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS "
			  "NOT NULL AND tbl_name IN (");
	for (i = 0; i < b->ntables; i++)
		strbuf_addf(&sql, "%s'%s'", i ? ", " : "", b->tables[i].table);
	strbuf_adds(&sql, ") ORDER BY rowid");
	r = sqlite3_prepare_v2(b->h, strbuf_str(&sql), -1, &st, NULL);
	strbuf_release(&sql);
	if (r != SQLITE_OK)
		return db_error(b->db, r, _("preparing a bulk load"));
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		names = xreallocarray(names, b->nindexes + 1, sizeof(*names));
		b->index_sql = xreallocarray(b->index_sql, b->nindexes + 1, sizeof(*b->index_sql));
		names[b->nindexes] = db_column_strdup(st, 0);
		b->index_sql[b->nindexes++] = db_column_strdup(st, 1);
	}
	sqlite3_finalize(st);
	if (r != SQLITE_DONE)
		rc = db_error(b->db, r, _("preparing a bulk load"));
	for (i = 0; i < b->nindexes && rc == ST_OK; i++) {
		char *drop = xasprintf("DROP INDEX \"%s\"", names[i]);

		r = sqlite3_exec(b->h, drop, NULL, NULL, NULL);
		if (r != SQLITE_OK)
			rc = db_error(b->db, r, _("preparing a bulk load"));
		free(drop);
	}
	for (i = 0; i < b->nindexes; i++)
		free(names[i]);
	free(names);
	return rc;
}

/*
 * Summary tables kept by triggers on a table (data/migrations/0013-report-
 * speed.sql, 0023-stage-change-day.sql, 0024-stage-path.sql): TABLE_insert,
 * TABLE_update and TABLE_delete on the source, and the view TABLE_recount
 * that counts the same figures from scratch. A trigger run per row would
 * slow a load of a million deals; while a bulk load writes the source, the
 * triggers are dropped, and at the end the summary is filled from its view
 * once.
 */
static const struct {
	const char *source, *summary;
} bulk_summaries[] = {
	{ "opportunity", "funnel_total" },
	{ "stage_change", "stage_change_day" },
	{ "stage_change", "stage_path" },
};
#define BULK_NSUMMARIES (sizeof(bulk_summaries) / sizeof(bulk_summaries[0]))

/* Drop the triggers of the summaries of the tables written (their text is
 * kept). Inside the transaction, so a failure restores them. */
static enum status bulk_drop_summaries(struct bulk *b)
{
	size_t i, t;
	sqlite3_stmt *st;
	int r = SQLITE_OK;

	b->rebuild = xcalloc(BULK_NSUMMARIES, sizeof(*b->rebuild));
	for (i = 0; i < BULK_NSUMMARIES && r == SQLITE_OK; i++) {
		for (t = 0; t < b->ntables; t++)
			if (strcmp(b->tables[t].table, bulk_summaries[i].source) == 0)
				break;
		if (t == b->ntables)
			continue;
		r = sqlite3_prepare_v2(b->h,
				       "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
				       "AND tbl_name = ?1 AND name IN (?2 || '_insert', ?2 || "
				       "'_update', ?2 || '_delete')",
				       -1, &st, NULL);
		if (r != SQLITE_OK)
			break;
		sqlite3_bind_text(st, 1, bulk_summaries[i].source, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, bulk_summaries[i].summary, -1, SQLITE_STATIC);
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			b->trigger_sql = xreallocarray(b->trigger_sql, b->ntriggers + 1,
						       sizeof(*b->trigger_sql));
			b->trigger_sql[b->ntriggers++] = db_column_strdup(st, 0);
			b->rebuild[i] = true;
		}
		sqlite3_finalize(st);
		if (r == SQLITE_DONE)
			r = SQLITE_OK;
	}
	for (i = 0; i < BULK_NSUMMARIES && r == SQLITE_OK; i++) {
		char *drop;

		if (!b->rebuild[i])
			continue;
		drop = xasprintf("DROP TRIGGER IF EXISTS \"%s_insert\"; DROP TRIGGER IF EXISTS "
				 "\"%s_update\"; DROP TRIGGER IF EXISTS \"%s_delete\";",
				 bulk_summaries[i].summary, bulk_summaries[i].summary,
				 bulk_summaries[i].summary);
		r = sqlite3_exec(b->h, drop, NULL, NULL, NULL);
		free(drop);
	}
	for (t = 0; t < b->ntables && r == SQLITE_OK; t++)
		r = report_touch_suspend(b->h, b->tables[t].table, &b->touch_sql);
	for (t = 0; t < b->ntables && r == SQLITE_OK; t++)
		r = history_prev_suspend(b->h, b->tables[t].table, &b->prev_sql);
	return r == SQLITE_OK ? ST_OK : db_error(b->db, r, _("preparing a bulk load"));
}

/* Fill the summaries whose triggers were dropped from their views, and make
 * the triggers again. */
static enum status bulk_rebuild_summaries(struct bulk *b)
{
	size_t i;
	int r = SQLITE_OK;

	for (i = 0; i < BULK_NSUMMARIES && b->rebuild && r == SQLITE_OK; i++) {
		char *sql;

		if (!b->rebuild[i])
			continue;
		sql = xasprintf("DELETE FROM \"%s\"; INSERT INTO \"%s\" SELECT * FROM "
				"\"%s_recount\" WHERE true;",
				bulk_summaries[i].summary, bulk_summaries[i].summary,
				bulk_summaries[i].summary);
		r = sqlite3_exec(b->h, sql, NULL, NULL, NULL);
		free(sql);
	}
	for (i = 0; i < b->ntriggers && r == SQLITE_OK; i++)
		r = sqlite3_exec(b->h, b->trigger_sql[i], NULL, NULL, NULL);
	if (r == SQLITE_OK)
		r = report_touch_restore(b->h, &b->touch_sql);
	if (r == SQLITE_OK)
		r = history_prev_restore(b->h, &b->prev_sql);
	return r == SQLITE_OK ? ST_OK : db_error(b->db, r, _("summing the deals"));
}

/*
 * The indexes are built one after the other on this connection, each by a
 * scan of its table and a sort; once the FTS worker has finished, that is all
 * the load still does, on one CPU. With BULK_THREADS, SQLite's sorter gets
 * helper threads (PRAGMA threads) and a 16 MiB page cache, which is also its
 * memory for one sorted run: the rows of a big index then come in several
 * runs, which the helpers sort while this thread reads the table on, and
 * merge. With the 256 MiB cache every index was one run, sorted on this
 * thread, and helper threads alone changed nothing (measured). At 1M
 * contacts (perf, samples per thread) this thread's share of the end of the
 * load fell by a quarter and of the whole load by 16%, the process's CPU
 * time rose 3%. The index pages are written in order, so the small cache
 * costs nothing; mapping the file (mmap_size) saved nothing either.
 */
static void bulk_sort_threads(struct bulk *b)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	char sql[32];

	if (!(b->flags & BULK_THREADS) || cpus < 2)
		return;
	bulk_pragma(b->h, "PRAGMA threads", b->threads, sizeof(b->threads));
	snprintf(sql, sizeof(sql), "PRAGMA threads = %ld", cpus < 4 ? cpus : 4);
	sqlite3_exec(b->h, sql, NULL, NULL, NULL);
	sqlite3_exec(b->h, "PRAGMA cache_size = -16384", NULL, NULL, NULL);
}

static enum status bulk_create_indexes(struct bulk *b)
{
	size_t i;
	int r;

	if (b->nindexes > 0)
		bulk_sort_threads(b);
	for (i = 0; i < b->nindexes; i++) {
		r = sqlite3_exec(b->h, b->index_sql[i], NULL, NULL, NULL);
		if (r != SQLITE_OK)
			return db_error(b->db, r, _("building the indexes"));
	}
	return ST_OK;
}

/*
 * FTS5 merges its index segments as rows come in; for a bulk load that work
 * is wasted (measured: 21 s -> 9 s for 1M contacts with merging off). Merging
 * is switched off while loading, then the index is merged once and the
 * defaults restored, so interactive edits merge incrementally again.
 */
static enum status bulk_fts_merging(struct bulk *b, bool bulk)
{
	size_t t;
	int r = SQLITE_OK;

	for (t = 0; t < b->ntables && r == SQLITE_OK; t++)
		if (b->tables[t].fts)
			r = fts_bulk_settings(b->h, "main", b->tables[t].fts, bulk);
	return r == SQLITE_OK ? ST_OK : db_error(b->db, r, _("building the search index"));
}

/* True if every FTS table of the load is empty (the worker's copy replaces them). */
static bool bulk_fts_empty(struct bulk *b)
{
	size_t t;
	bool empty = true;

	for (t = 0; t < b->ntables && empty; t++) {
		char *sql;
		sqlite3_stmt *st;

		if (b->tables[t].fts == NULL)
			continue;
		sql = xasprintf("SELECT 1 FROM \"%s_docsize\" LIMIT 1", b->tables[t].fts);
		if (sqlite3_prepare_v2(b->h, sql, -1, &st, NULL) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_DONE)
			empty = false;
		sqlite3_finalize(st);
		free(sql);
	}
	return empty;
}

static enum status bulk_prepare_fts(struct bulk *b)
{
	size_t t;
	int rc;

	b->fts = xcalloc(b->ntables, sizeof(*b->fts));
	for (t = 0; t < b->ntables; t++) {
		char *sql;

		if (b->tables[t].fts == NULL)
			continue;
		sql = xasprintf("INSERT INTO \"%s\" (rowid, title, body) VALUES (?, ?, ?)",
				b->tables[t].fts);
		rc = sqlite3_prepare_v3(b->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &b->fts[t], NULL);
		free(sql);
		if (rc != SQLITE_OK)
			return db_error(b->db, rc, _("preparing a bulk load"));
	}
	return ST_OK;
}

/* Copy the worker's FTS tables into db, replacing the empty ones. */
static enum status bulk_fts_copy(struct bulk *b)
{
	char sql[512];
	sqlite3_stmt *st;
	size_t t, i;
	int r;

	r = sqlite3_prepare_v2(b->h, "ATTACH ? AS " FTS_SCHEMA, -1, &st, NULL);
	if (r == SQLITE_OK) {
		sqlite3_bind_text(st, 1, b->worker->path, -1, SQLITE_STATIC);
		r = sqlite3_step(st);
		r = r == SQLITE_DONE ? SQLITE_OK : r;
		sqlite3_finalize(st);
	}
	for (t = 0; t < b->ntables && r == SQLITE_OK; t++) {
		const char *fts = b->tables[t].fts;

		if (fts == NULL)
			continue;
		for (i = 0; i < ARRAY_LEN(fts_shadows) && r == SQLITE_OK; i++) {
			snprintf(sql, sizeof(sql),
				 "DELETE FROM main.\"%s_%s\"; INSERT INTO main.\"%s_%s\" SELECT * "
				 "FROM " FTS_SCHEMA ".\"%s_%s\";",
				 fts, fts_shadows[i], fts, fts_shadows[i], fts, fts_shadows[i]);
			r = sqlite3_exec(b->h, sql, NULL, NULL, NULL);
		}
	}
	return r == SQLITE_OK ? ST_OK : db_error(b->db, r, _("building the search index"));
}

static void bulk_free(struct bulk *b)
{
	size_t i;

	if (b->fts)
		for (i = 0; i < b->ntables; i++)
			sqlite3_finalize(b->fts[i]);
	free(b->fts);
	for (i = 0; i < b->nindexes; i++)
		free(b->index_sql[i]);
	free(b->index_sql);
	for (i = 0; i < b->ntriggers; i++)
		free(b->trigger_sql[i]);
	free(b->trigger_sql);
	free(b->touch_sql);
	free(b->prev_sql);
	free(b->rebuild);
	free(b);
}

/* Set back what bulk_begin() changed on the connection. */
static void bulk_restore(struct bulk *b)
{
	char sql[64], out[16];

	if (strcmp(b->journal, "delete") == 0)
		bulk_pragma(b->h, "PRAGMA journal_mode = WAL", out, sizeof(out));
	if (b->cache_size[0]) {
		snprintf(sql, sizeof(sql), "PRAGMA cache_size = %s", b->cache_size);
		sqlite3_exec(b->h, sql, NULL, NULL, NULL);
	}
	if (b->threads[0]) {
		snprintf(sql, sizeof(sql), "PRAGMA threads = %s", b->threads);
		sqlite3_exec(b->h, sql, NULL, NULL, NULL);
	}
}

/*
 * BULK_NEW_FILE: give a new database BULK_PAGE_SIZE pages before it is filled.
 * The load reads and writes its file one page per system call: the rows as
 * they are written, and every table once per index rebuilt at the end (some
 * 10 GB at 1M demo contacts); on the virtual machines we measure on a system
 * call costs more than copying 16 KiB. At 1M demo contacts the process's
 * CPU time fell from 113 s to 95 s (system time 27 -> 17 s, the rebuild at
 * the end 60 -> 47 s). The price: searches on that file 25-35% slower with
 * the default page cache (p50 11-13 -> 17-18 ms Latin, 9.5 -> 11.7 ms CJK,
 * tests/bench/bench_query), pages of a list a little faster. A user's own
 * database keeps the 4 KiB pages it was made with. A page size is set by rewriting
 * the file (VACUUM), so only a file still nearly empty is rewritten (a
 * freshly made database is its schema, a few hundred pages), and only out of
 * WAL mode, which cannot change it. Otherwise, or if the VACUUM fails, the
 * load goes on with the pages the file has.
 */
static void bulk_page_size(struct bulk *b)
{
	char size[16], pages[24];

	if (strcmp(b->journal, "delete") != 0)
		return;
	bulk_pragma(b->h, "PRAGMA page_size", size, sizeof(size));
	bulk_pragma(b->h, "PRAGMA page_count", pages, sizeof(pages));
	if (atoi(size) == BULK_PAGE_SIZE || atol(pages) > 2048)
		return;
	sqlite3_exec(b->h, "PRAGMA page_size = " STRINGIFY(BULK_PAGE_SIZE) "; VACUUM", NULL, NULL,
		     NULL);
}

enum status bulk_begin(struct db *db, const struct bulk_table *tables, size_t n, unsigned flags,
		       enum status (*check)(struct db *db, void *ctx), void *ctx, struct bulk **out)
{
	struct bulk *b = xcalloc(1, sizeof(*b));
	bool threads = (flags & BULK_THREADS) && !db_in_transaction(db) && n < 256;
	enum status rc;

	*out = NULL;
	b->db = db;
	b->h = db_handle(db);
	b->tables = tables;
	b->ntables = n;
	b->flags = flags;
	/* A rollback journal while writing, when nobody else has the file open (the
	 * switch fails otherwise, and WAL stays). */
	if (!db_in_transaction(db)) {
		bulk_pragma(b->h, "PRAGMA journal_mode", b->journal, sizeof(b->journal));
		if (strcmp(b->journal, "wal") == 0)
			bulk_pragma(b->h, "PRAGMA journal_mode = DELETE", b->journal,
				    sizeof(b->journal));
	}
	if ((flags & BULK_NEW_FILE) && !db_in_transaction(db))
		bulk_page_size(b);
	bulk_pragma(b->h, "PRAGMA cache_size", b->cache_size, sizeof(b->cache_size));
	sqlite3_exec(b->h,
		     (flags & BULK_SMALL_CACHE) ? "PRAGMA cache_size = -65536"
						: "PRAGMA cache_size = -262144",
		     NULL, NULL, NULL);
	rc = db_begin(db);
	if (rc != ST_OK) {
		bulk_restore(b);
		bulk_free(b);
		return rc;
	}
	if (check)
		rc = check(db, ctx);
	if (rc == ST_OK)
		rc = bulk_drop_summaries(b);
	if (rc == ST_OK && (flags & BULK_DROP_INDEXES))
		rc = bulk_drop_indexes(b);
	if (rc == ST_OK && threads && bulk_fts_empty(b))
		b->worker = fts_worker_start(db, b->h, tables, n, flags & BULK_SMALL_CACHE);
	if (rc == ST_OK && b->worker == NULL)
		rc = bulk_fts_merging(b, true);
	if (rc == ST_OK && b->worker == NULL)
		rc = bulk_prepare_fts(b);
	if (rc != ST_OK) {
		if (b->worker)
			fts_worker_join(b->worker, db_path(db), true);
		fts_worker_free(b->worker);
		db_rollback(db);
		bulk_restore(b);
		bulk_free(b);
		return rc;
	}
	*out = b;
	return ST_OK;
}

sqlite3 *bulk_handle(struct bulk *b)
{
	return b->h;
}

enum status bulk_fts_row(struct bulk *b, size_t table, int64_t n, const char *title, size_t tlen,
			 const char *body, size_t blen)
{
	sqlite3_stmt *st;
	int rc;

	if (b->worker) {
		if (!fts_worker_put(b->worker, table, n, title, tlen, body, blen))
			return fts_worker_status(b->worker, db_path(b->db));
		return ST_OK;
	}
	st = b->fts[table];
	sqlite3_bind_int64(st, 1, n);
	sqlite3_bind_text(st, 2, title, (int)tlen, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, body, (int)blen, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(b->db, rc, _("building the search index"));
}

enum status bulk_end(struct bulk **bp, enum status rc)
{
	struct bulk *b = *bp;

	if (b == NULL)
		return rc;
	*bp = NULL;
	if (rc == ST_OK && b->worker)
		fts_worker_end(b->worker);
	if (rc == ST_OK)
		rc = bulk_create_indexes(b);
	if (rc == ST_OK)
		rc = bulk_rebuild_summaries(b);
	if (b->worker) {
		enum status w = fts_worker_join(b->worker, db_path(b->db), rc != ST_OK);

		if (rc == ST_OK)
			rc = w;
		if (rc == ST_OK)
			rc = bulk_fts_copy(b);
	} else if (rc == ST_OK) {
		rc = bulk_fts_merging(b, false);
	}
	if (rc == ST_OK)
		rc = db_commit(b->db);
	else
		db_rollback(b->db);
	if (b->worker) {
		sqlite3_exec(b->h, "DETACH " FTS_SCHEMA, NULL, NULL, NULL);
		fts_worker_free(b->worker);
		b->worker = NULL;
		/* Drop what this connection may have cached of the FTS tables it did
		 * not write itself (their structure record): reload the schema. */
		if (rc == ST_OK)
			sqlite3_exec(b->h, "PRAGMA writable_schema = RESET", NULL, NULL, NULL);
	}
	bulk_restore(b);
	bulk_free(b);
	return rc;
}
