/* search.c - full-text search over the FTS5 tables of 0001-schema.sql. */
#include "search.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "record.h"
#include "utf8.h"
#include "xalloc.h"

/* How many hits per type are read and ranked: a bounded window keeps a word
 * found in most rows as fast as a rare one. */
#define SEARCH_RANK_WINDOW 400

char *search_text(const struct record *r, unsigned which)
{
	const struct entity *e = r->entity;
	size_t i, len = 1;
	char *joined, *out;

	for (i = 0; i < e->nfields; i++)
		if ((e->fields[i].flags & which) && r->values[i] && e->fields[i].type != FT_REF)
			len += strlen(r->values[i]) + 1;
	joined = xcalloc(len, 1);
	for (i = 0; i < e->nfields; i++) {
		if (!(e->fields[i].flags & which) || !r->values[i] || e->fields[i].type == FT_REF)
			continue;
		if (*joined)
			strcat(joined, " ");
		strcat(joined, r->values[i]);
	}
	out = utf8_fts_text(joined);
	free(joined);
	return out;
}

/* The title text of a record includes the names of records it refers to in
 * its title columns (an opportunity is found by its account's name). */
char *search_title(struct db *db, const struct record *r)
{
	const struct entity *e = r->entity;
	char *own = search_text(r, F_TITLE), *out = own;
	size_t i;

	for (i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		char *name, *spaced, *joined;

		if (f->type != FT_REF || !(f->flags & F_TITLE) || r->values[i] == NULL)
			continue;
		name = record_title_of(db, f->ref, r->values[i]);
		spaced = utf8_fts_text(name);
		joined = xasprintf("%s %s", out, spaced);
		free(out);
		out = joined;
		free(spaced);
		free(name);
	}
	return out;
}

/* The connection whose index writes this thread holds back, if any. */
static _Thread_local const struct db *search_held;

void search_hold(struct db *db, bool on)
{
	search_held = on ? db : NULL;
}

enum status search_index(struct db *db, const struct record *r)
{
	const struct entity *e = r->entity;
	char *sql, *title, *body;
	sqlite3_stmt *st;
	int rc;

	if (e->fts == NULL || db == search_held)
		return ST_OK;
	if (r->deleted)
		return search_unindex(db, e, r->n);
	sql = xasprintf("INSERT OR REPLACE INTO \"%s\" (rowid, title, body) VALUES (?, ?, ?)",
			e->fts);
	st = db_prepare(db, sql);
	free(sql);
	if (st == NULL)
		return ST_DB;
	title = search_title(db, r);
	body = search_text(r, F_BODY);
	sqlite3_bind_int64(st, 1, r->n);
	sqlite3_bind_text(st, 2, title, -1, free);
	sqlite3_bind_text(st, 3, body, -1, free);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("updating the search index"));
}

enum status search_unindex(struct db *db, const struct entity *e, int64_t n)
{
	char *sql;
	sqlite3_stmt *st;
	int rc;

	if (e->fts == NULL || db == search_held)
		return ST_OK;
	sql = xasprintf("DELETE FROM \"%s\" WHERE rowid = ?", e->fts);
	st = db_prepare(db, sql);
	free(sql);
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, n);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("updating the search index"));
}

static int hit_cmp(const void *a, const void *b)
{
	const struct search_hit *x = a, *y = b;

	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/*
 * The rank of a hit: matches in names before matches in notes, then names
 * that start with what was typed, then shorter names (closer to the query).
 * bm25 would need every match of a common word to weigh it, which is what
 * makes FTS slow on a million rows (doc/DESIGN.md section 9); this needs none.
 */
static double hit_rank(bool in_title, const char *title, const char *text)
{
	size_t tl = title ? strlen(title) : 0, n = strlen(text);

	return (in_title ? 0.0 : 4.0) + (title && strncasecmp(title, text, n) == 0 ? 0.0 : 2.0) +
	       (double)(tl < 999 ? tl : 999) / 1000.0;
}

static bool hit_seen(const struct search_hit *hits, size_t from, size_t n, int64_t rowid)
{
	size_t i;

	for (i = from; i < n; i++)
		if (hits[i].n == rowid)
			return true;
	return false;
}

/* Add the hits of one type for an FTS5 expression (at most window of them)
 * to *hits, all of that type, skipping rows already there. */
static enum status search_query(struct db *db, const struct entity *e, const char *match,
				bool in_title, const char *text, int window,
				struct search_hit **hits, size_t *n, size_t *cap)
{
	sqlite3_stmt *st;
	char *sql;
	int rc;

	sql = xasprintf("SELECT h.rowid, t.id, t.\"%s\" FROM "
			"(SELECT rowid FROM \"%s\" WHERE \"%s\" MATCH ? LIMIT %d) AS h "
			"JOIN \"%s\" AS t ON t.n = h.rowid WHERE t.deleted = 0",
			e->title_key, e->fts, e->fts, window, e->table);
	st = db_prepare(db, sql);
	free(sql);
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_text(st, 1, match, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t rowid = sqlite3_column_int64(st, 0);
		struct search_hit *h;

		/* The body query finds the name matches again: keep their first rank. */
		if (!in_title && hit_seen(*hits, 0, *n, rowid))
			continue;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 32;
			*hits = xreallocarray(*hits, *cap, sizeof(**hits));
		}
		h = &(*hits)[(*n)++];
		h->entity = e;
		h->n = rowid;
		h->id = db_column_strdup(st, 1);
		h->title = db_column_strdup(st, 2);
		h->rank = hit_rank(in_title, h->title, text);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, _("searching"));
	return ST_OK;
}

/* Hits of one type: names first; the rest of the record only when the names
 * do not already give enough. */
static enum status search_type(struct db *db, const struct entity *e, const char *match,
			       const char *text, int limit, struct search_hit **hits, size_t *n,
			       size_t *cap)
{
	struct search_hit *mine = NULL;
	size_t nmine = 0, capmine = 0, i;
	char *in_title = xasprintf("{title} : (%s)", match);
	enum status st;

	st = search_query(db, e, in_title, true, text, SEARCH_RANK_WINDOW, &mine, &nmine, &capmine);
	free(in_title);
	if (st == ST_OK && nmine < (size_t)limit)
		st = search_query(db, e, match, false, text, SEARCH_RANK_WINDOW, &mine, &nmine,
				  &capmine);
	for (i = 0; i < nmine; i++) {
		if (st != ST_OK) {
			free(mine[i].id);
			free(mine[i].title);
			continue;
		}
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 32;
			*hits = xreallocarray(*hits, *cap, sizeof(**hits));
		}
		(*hits)[(*n)++] = mine[i];
	}
	free(mine);
	return st;
}

enum status search_run(struct db *db, const char *text, const struct entity *only, int limit,
		       struct search_hit **hits, size_t *nhits)
{
	char *match = utf8_fts_query(text);
	size_t n = 0, cap = 0, i;
	enum status st = ST_OK;

	*hits = NULL;
	*nhits = 0;
	if (match == NULL)
		return status_set(ST_INVALID, _("nothing to search for in \"%s\""),
				  text && utf8_valid(text, strlen(text)) ? text : "?");
	if (limit <= 0)
		limit = 20;
	for (i = 0; entity_all[i] && st == ST_OK; i++) {
		const struct entity *e = entity_all[i];

		if (e->fts && (only == NULL || only == e))
			st = search_type(db, e, match, text, limit, hits, &n, &cap);
	}
	free(match);
	if (st != ST_OK) {
		search_hits_free(hits, n);
		return st;
	}
	if (n > 1)
		qsort(*hits, n, sizeof(**hits), hit_cmp);
	for (i = (size_t)limit; i < n; i++) {
		free((*hits)[i].id);
		free((*hits)[i].title);
	}
	*nhits = n < (size_t)limit ? n : (size_t)limit;
	return ST_OK;
}

enum status search_count(struct db *db, const char *text, const struct entity *only, int64_t cap,
			 int64_t *count, bool *more)
{
	char *match = utf8_fts_query(text);
	enum status ret = ST_OK;
	int64_t total = 0;
	size_t i;

	*count = 0;
	*more = false;
	if (match == NULL)
		return status_set(ST_INVALID, _("nothing to search for in \"%s\""),
				  text && utf8_valid(text, strlen(text)) ? text : "?");
	for (i = 0; entity_all[i] && ret == ST_OK && total <= cap; i++) {
		const struct entity *e = entity_all[i];
		sqlite3_stmt *st;
		char *sql;
		int rc;

		if (e->fts == NULL || (only && only != e))
			continue;
		sql =
		    xasprintf("SELECT count(*) FROM (SELECT 1 FROM \"%s\" AS h JOIN \"%s\" AS t "
			      "ON t.n = h.rowid WHERE \"%s\" MATCH ?1 AND t.deleted = 0 LIMIT ?2)",
			      e->fts, e->table, e->fts);
		st = db_prepare(db, sql);
		free(sql);
		if (st == NULL) {
			ret = ST_DB;
			break;
		}
		sqlite3_bind_text(st, 1, match, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, cap + 1 - total);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			total += sqlite3_column_int64(st, 0);
		else
			ret = db_error(db, rc, _("searching"));
		sqlite3_reset(st);
	}
	free(match);
	if (ret != ST_OK)
		return ret;
	*more = total > cap;
	*count = *more ? cap : total;
	return ST_OK;
}

void search_hits_free(struct search_hit **hits, size_t n)
{
	size_t i;

	if (*hits == NULL)
		return;
	for (i = 0; i < n; i++) {
		free((*hits)[i].id);
		free((*hits)[i].title);
	}
	free(*hits);
	*hits = NULL;
}
