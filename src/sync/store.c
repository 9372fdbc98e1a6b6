/* store.c - the sync tables of 0002-sync.sql: trees, leaves, bodies, and the
 * state the front ends show (pending changes, refusals, the run log). */
#include "sync/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "record.h"
#include "sync/conflict.h"
#include "sync/doc.h"
#include "sync/revs.h"
#include "sync/sync.h"
#include "xalloc.h"

/* SELECT <entity index>, n FROM each table WHERE id = ?1, as one statement. */
static const char *find_any_sql(void)
{
	static _Thread_local char sql[2048];
	size_t i;

	if (sql[0])
		return sql;
	for (i = 0; entity_all[i]; i++) {
		char part[128];

		snprintf(part, sizeof(part), "%sSELECT %zu FROM \"%s\" WHERE id = ?1",
			 i ? " UNION ALL " : "", i, entity_all[i]->table);
		strcat(sql, part);
	}
	return sql;
}

enum status store_find(struct db *db, const char *id, const struct entity *hint,
		       struct record **out)
{
	const struct entity *e = hint;
	enum status st;

	*out = NULL;
	if (e == NULL) {
		sqlite3_stmt *s = db_prepare(db, find_any_sql());
		int rc;

		if (s == NULL)
			return ST_DB;
		sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			e = entity_all[sqlite3_column_int(s, 0)];
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_error(db, rc, _("looking up a record"));
		if (e == NULL)
			return ST_OK;
	}
	st = record_load(db, e, id, out);
	if (st == ST_NOT_FOUND) {
		status_clear();
		return ST_OK;
	}
	return st;
}

enum status store_tree_load(struct db *db, const char *doc, struct revs_tree *t)
{
	sqlite3_stmt *s = db_prepare(db, "SELECT rev, parent FROM sync_rev WHERE doc = ?");
	int rc;

	if (s == NULL)
		return ST_DB;
	sqlite3_bind_text(s, 1, doc, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		revs_tree_add(t, (const char *)sqlite3_column_text(s, 0),
			      (const char *)sqlite3_column_text(s, 1));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading revisions"));
}

enum status store_edge_put(struct db *db, const char *doc, const char *rev, const char *parent)
{
	sqlite3_stmt *s = db_prepare(db, "INSERT INTO sync_rev (doc, rev, parent, gen) "
					 "VALUES (?, ?, ?, ?) ON CONFLICT (doc, rev) DO UPDATE "
					 "SET parent = coalesce(parent, excluded.parent)");
	int rc;

	if (s == NULL)
		return ST_DB;
	sqlite3_bind_text(s, 1, doc, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, rev, -1, SQLITE_TRANSIENT);
	db_bind_text(s, 3, parent);
	sqlite3_bind_int64(s, 4, revs_gen(rev));
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("saving revisions"));
}

enum status store_tree_prune(struct db *db, const char *doc, long maxgen, long limit)
{
	sqlite3_stmt *s;
	int rc;

	if (maxgen - limit < 1)
		return ST_OK;
	s = db_prepare(db, "DELETE FROM sync_rev WHERE doc = ? AND gen <= ?");
	if (s == NULL)
		return ST_DB;
	sqlite3_bind_text(s, 1, doc, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, maxgen - limit);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("pruning revisions"));
}

long store_revs_limit(struct db *db)
{
	char *v = db_meta_get(db, "sync.revs_limit");
	long n = v ? strtol(v, NULL, 10) : 0;

	free(v);
	return n >= 1 ? n : REVS_LIMIT_DEFAULT;
}

void store_leaves_free(struct store_leaf *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(l[i].rev);
		free(l[i].body);
		free(l[i].base);
		free(l[i].at);
	}
	free(l);
}

enum status store_leaves_load(struct db *db, const char *doc, struct store_leaf **out, size_t *n)
{
	sqlite3_stmt *s = db_prepare(db, "SELECT rev, type, deleted, body, open, base, pending, "
					 "seq, at FROM sync_leaf WHERE doc = ? ORDER BY rev");
	struct store_leaf *l = NULL;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return ST_DB;
	sqlite3_bind_text(s, 1, doc, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		l = xreallocarray(l, k + 1, sizeof(*l));
		l[k].rev = db_column_strdup(s, 0);
		l[k].entity = entity_find((const char *)sqlite3_column_text(s, 1));
		l[k].deleted = sqlite3_column_int(s, 2) != 0;
		l[k].body = db_column_strdup(s, 3);
		l[k].open = sqlite3_column_int(s, 4) != 0;
		l[k].base = db_column_strdup(s, 5);
		l[k].pending = sqlite3_column_int(s, 6) != 0;
		l[k].seq = sqlite3_column_int64(s, 7);
		l[k].at = db_column_strdup(s, 8);
		k++;
	}
	sqlite3_reset(s);
	*out = l;
	*n = k;
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading conflicts"));
}

enum status store_leaf_put(struct db *db, const char *doc, struct store_leaf *l)
{
	sqlite3_stmt *s;
	char now[21];
	enum status st = ST_OK;
	int rc;

	if (l->pending)
		st = db_next_seq(db, &l->seq);
	if (st != ST_OK)
		return st;
	if (l->at == NULL) {
		clock_iso_utc(clock_now(), now);
		l->at = xstrdup(now);
	}
	s = db_prepare(db, "INSERT OR REPLACE INTO sync_leaf (doc, rev, type, deleted, body, open, "
			   "base, pending, seq, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (s == NULL)
		return ST_DB;
	sqlite3_bind_text(s, 1, doc, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, l->rev, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, l->entity->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, l->deleted);
	db_bind_text(s, 5, l->body);
	sqlite3_bind_int(s, 6, l->open);
	db_bind_text(s, 7, l->base);
	sqlite3_bind_int(s, 8, l->pending);
	sqlite3_bind_int64(s, 9, l->seq);
	sqlite3_bind_text(s, 10, l->at, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("saving a conflict"));
}

enum status store_leaf_delete(struct db *db, const char *doc, const char *rev)
{
	sqlite3_stmt *s = db_prepare(db, "DELETE FROM sync_leaf WHERE doc = ? AND rev = ?");
	int rc;

	if (s == NULL)
		return ST_DB;
	sqlite3_bind_text(s, 1, doc, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, rev, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("saving a conflict"));
}

char *store_body_get(struct db *db, const char *doc, const char *rev)
{
	sqlite3_stmt *s = db_prepare(db, "SELECT body FROM sync_body WHERE doc = ? AND rev = ?");
	char *body = NULL;

	if (s == NULL || rev == NULL)
		return NULL;
	sqlite3_bind_text(s, 1, doc, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, rev, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW)
		body = db_column_strdup(s, 0);
	sqlite3_reset(s);
	return body;
}

/* Run sql, an insert of (doc, rev, gen, text) into a table of versions. */
static enum status rev_text_put(struct db *db, const char *sql, const char *doc, const char *rev,
				const char *text)
{
	sqlite3_stmt *s = db_prepare(db, sql);
	int rc;

	if (s == NULL)
		return ST_DB;
	sqlite3_bind_text(s, 1, doc, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, rev, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, revs_gen(rev));
	sqlite3_bind_text(s, 4, text, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("saving a version"));
}

enum status store_body_put(struct db *db, const char *doc, const char *rev, const char *body)
{
	return rev_text_put(
	    db, "INSERT OR IGNORE INTO sync_body (doc, rev, gen, body) VALUES (?, ?, ?, ?)", doc,
	    rev, body);
}

enum status store_extra_put(struct db *db, const char *doc, const char *rev, const char *extra)
{
	sqlite3_stmt *s = db_prepare(db, "DELETE FROM sync_extra WHERE doc = ?1 AND gen < ?2");
	int rc;

	if (s == NULL)
		return ST_DB;
	sqlite3_bind_text(s, 1, doc, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, revs_gen(rev));
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, _("saving a version"));
	return extra == NULL
		   ? ST_OK
		   : rev_text_put(db,
				  "INSERT OR REPLACE INTO sync_extra (doc, rev, gen, extra) "
				  "VALUES (?, ?, ?, ?)",
				  doc, rev, extra);
}

enum status store_extra_get(struct db *db, const char *doc, const char *rev, char **out)
{
	/* Up the revision tree from rev: the edits made here on top of a
	 * revision received carry its members on. */
	sqlite3_stmt *s = db_prepare(
	    db, "WITH RECURSIVE up(rev, depth) AS (SELECT ?2, 0 UNION ALL SELECT r.parent, "
		"up.depth + 1 FROM up JOIN sync_rev r ON r.doc = ?1 AND r.rev = up.rev WHERE "
		"r.parent IS NOT NULL AND up.depth < 100000) SELECT e.extra FROM up JOIN "
		"sync_extra e ON e.doc = ?1 AND e.rev = up.rev ORDER BY up.depth LIMIT 1");
	sqlite3_stmt *any = db_prepare(db, "SELECT 1 FROM sync_extra WHERE doc = ?1 LIMIT 1");
	int rc;

	*out = NULL;
	if (s == NULL || any == NULL)
		return ST_DB;
	/* Most documents have none: one lookup, not a walk up the tree. */
	sqlite3_bind_text(any, 1, doc, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(any);
	sqlite3_reset(any);
	if (rc == SQLITE_DONE)
		return ST_OK;
	if (rc != SQLITE_ROW)
		return db_error(db, rc, _("reading revisions"));
	sqlite3_bind_text(s, 1, doc, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, rev, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = db_column_strdup(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK
						     : db_error(db, rc, _("reading revisions"));
}

enum status store_extra_merge(struct db *db, const char *doc, const char *base, const char *a,
			      const char *b, char **out, char **a_had)
{
	char *eb = NULL, *eb2 = NULL;
	enum status st = store_extra_get(db, doc, a, a_had);

	*out = NULL;
	if (st == ST_OK)
		st = store_extra_get(db, doc, b, &eb2);
	if (st == ST_OK && base)
		st = store_extra_get(db, doc, base, &eb);
	if (st == ST_OK)
		*out = doc_extra_merge(eb, *a_had, eb2);
	free(eb);
	free(eb2);
	return st;
}

struct record *store_version(struct db *db, const struct record *row, const char *rev)
{
	sqlite3_stmt *s;
	char *body;
	struct record *r;

	if (rev == NULL)
		return NULL;
	if (row->rev && strcmp(row->rev, rev) == 0)
		return record_dup(row);
	s = db_prepare(db, "SELECT body FROM sync_leaf WHERE doc = ? AND rev = ?");
	body = NULL;
	if (s) {
		sqlite3_bind_text(s, 1, row->id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, rev, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(s) == SQLITE_ROW)
			body = db_column_strdup(s, 0);
		sqlite3_reset(s);
	}
	if (body == NULL)
		body = store_body_get(db, row->id, rev);
	if (body == NULL)
		return NULL;
	r = doc_body_parse(row->entity, row->id, rev, body);
	free(body);
	return r;
}

enum status store_leaf_open(struct db *db, const char *doc, const char *rev, bool open)
{
	sqlite3_stmt *s = db_prepare(db, "UPDATE sync_leaf SET open = ? WHERE doc = ? AND rev = ?");
	int rc;

	if (s == NULL)
		return ST_DB;
	sqlite3_bind_int(s, 1, open);
	sqlite3_bind_text(s, 2, doc, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, rev, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("saving a conflict"));
}

enum status store_leaf_mark(struct db *db, const char *doc, const char *rev, bool open,
			    const char *base)
{
	sqlite3_stmt *s =
	    db_prepare(db, "UPDATE sync_leaf SET open = ?, base = ? WHERE doc = ? AND rev = ?");
	int rc;

	if (s == NULL)
		return ST_DB;
	sqlite3_bind_int(s, 1, open);
	db_bind_text(s, 2, base);
	sqlite3_bind_text(s, 3, doc, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, rev, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("saving a conflict"));
}

enum status store_settle_all(struct db *db)
{
	sqlite3_stmt *s = db_prepare(db, "SELECT DISTINCT doc, type FROM sync_leaf");
	char **docs = NULL, **types = NULL;
	size_t n = 0, i;
	enum status st = ST_OK;
	int rc;

	if (s == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		docs = xreallocarray(docs, n + 1, sizeof(char *));
		types = xreallocarray(types, n + 1, sizeof(char *));
		docs[n] = db_column_strdup(s, 0);
		types[n++] = db_column_strdup(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		st = db_error(db, rc, _("reading conflicts"));
	if (st == ST_OK && n)
		st = db_begin(db);
	for (i = 0; i < n && st == ST_OK; i++) {
		const struct entity *e = entity_find(types[i]);

		if (e)
			st = store_settle(db, e, docs[i]);
	}
	if (n && st == ST_OK)
		st = db_commit(db);
	else if (n && db_in_transaction(db))
		db_rollback(db);
	for (i = 0; i < n; i++) {
		free(docs[i]);
		free(types[i]);
	}
	free(docs);
	free(types);
	return st;
}

enum status store_settle(struct db *db, const struct entity *e, const char *doc)
{
	struct record *row = NULL, *next = NULL;
	struct store_leaf *leaves = NULL, old = { 0 };
	struct revs_leaf *lv;
	size_t n = 0, i;
	enum status st;
	int w;

	st = store_find(db, doc, e, &row);
	if (st != ST_OK || row == NULL || row->rev == NULL || *row->rev == '\0')
		goto out;
	st = store_leaves_load(db, doc, &leaves, &n);
	if (st != ST_OK || n == 0)
		goto out;
	lv = xcalloc(n + 1, sizeof(*lv));
	lv[0].rev = row->rev;
	lv[0].deleted = row->deleted;
	for (i = 0; i < n; i++) {
		lv[i + 1].rev = leaves[i].rev;
		lv[i + 1].deleted = leaves[i].deleted;
	}
	w = revs_winner(lv, n + 1);
	free(lv);
	if (w < 0)
		goto out;
	if (w == 0)
		goto out; /* the row wins; which leaves are open is decided below */
	w--;
	if (leaves[w].body)
		next = doc_body_parse(e, doc, leaves[w].rev, leaves[w].body);
	if (next == NULL) {
		/* A bare tombstone: the row's content, deleted. */
		next = record_dup(row);
		free(next->rev);
		next->rev = xstrdup(leaves[w].rev);
		next->deleted = true;
	}
	next->n = row->n;
	next->dirty = leaves[w].pending;
	next->deleted = leaves[w].deleted;
	old.rev = row->rev;
	old.entity = e;
	old.deleted = row->deleted;
	old.body = doc_body(row);
	old.pending = row->dirty;
	/* Whether the row's version, now a leaf, is open (a deletion here that
	 * lost to an edit there, say) is decided below with the others. */
	st = store_leaf_delete(db, doc, leaves[w].rev);
	if (st == ST_OK)
		st = record_store(db, next);
	if (st == ST_OK)
		st = store_leaf_put(db, doc, &old);
	free(old.body);
	free(old.at);
out:
	if (st == ST_OK && n > 0)
		st = conflict_refresh(db, e, doc, NULL, NULL);
	record_free(&row);
	record_free(&next);
	store_leaves_free(leaves, n);
	return st;
}

/* A version of doc at rev from the sync tables (leaf or saved body), NULL if not kept. */
struct record *store_kept_version(struct db *db, const struct entity *e, const char *doc,
				  const char *rev)
{
	struct record probe = { 0 }, *r;
	char *values_none[1] = { NULL };

	/* store_version() wants a row only for its id, type and rev. */
	probe.entity = e;
	probe.id = (char *)doc;
	probe.rev = (char *)"";
	probe.values = values_none;
	r = store_version(db, &probe, rev);
	return r;
}

/* ---- state for the front ends (sync.h) ---- */

void sync_state_clear(struct sync_state *s)
{
	free(s->last_ok);
	free(s->last_error);
	free(s->last_error_at);
	memset(s, 0, sizeof(*s));
}

char *sync_last_ok(struct db *db)
{
	sqlite3_stmt *s;
	char *at = NULL;

	s = db_prepare(db, "SELECT ended_at FROM sync_run WHERE ok = 1 ORDER BY n DESC LIMIT 1");
	if (s && sqlite3_step(s) == SQLITE_ROW)
		at = db_column_strdup(s, 0);
	if (s)
		sqlite3_reset(s);
	return at;
}

enum status sync_pending_count(struct db *db, long cap, long *count, bool *more)
{
	long total = 0;
	size_t i;

	*count = 0;
	*more = false;
	for (i = 0;; i++) {
		/* Bounded by cap: the (seq) WHERE dirty indexes have a row per change. */
		char *sql =
		    entity_all[i]
			? xasprintf("SELECT count(*) FROM (SELECT 1 FROM \"%s\" WHERE %s "
				    "LIMIT ?1)",
				    entity_all[i]->table, STORE_PENDING_ROW)
			: xasprintf("SELECT count(*) FROM (SELECT 1 FROM sync_leaf WHERE %s "
				    "LIMIT ?1)",
				    STORE_PENDING_LEAF);
		sqlite3_stmt *s = db_prepare(db, sql);
		int rc;

		free(sql);
		if (s == NULL)
			return ST_DB;
		sqlite3_bind_int64(s, 1, cap > 0 ? cap - total + 1 : -1);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			total += (long)sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		if (rc != SQLITE_ROW)
			return db_error(db, rc, _("counting changes"));
		if (cap > 0 && total > cap) {
			*count = cap;
			*more = true;
			return ST_OK;
		}
		if (entity_all[i] == NULL)
			break;
	}
	*count = total;
	return ST_OK;
}

enum status sync_state_get(struct db *db, struct sync_state *out)
{
	sqlite3_stmt *s;
	bool more;
	enum status st;

	memset(out, 0, sizeof(*out));
	st = sync_pending_count(db, 0, &out->pending, &more);
	if (st != ST_OK)
		return st;
	s = db_prepare(db, "SELECT count(*) FROM sync_reject");
	if (s && sqlite3_step(s) == SQLITE_ROW)
		out->rejected = sqlite3_column_int(s, 0);
	if (s)
		sqlite3_reset(s);
	out->conflicts = conflict_count(db);
	out->quarantined = sync_quarantine_count(db);
	out->last_ok = sync_last_ok(db);
	s = db_prepare(db, "SELECT message, ended_at FROM sync_run WHERE ended_at IS NOT NULL "
			   "ORDER BY n DESC LIMIT 1");
	if (s && sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		out->last_error = db_column_strdup(s, 0);
		out->last_error_at = db_column_strdup(s, 1);
	}
	if (s)
		sqlite3_reset(s);
	return ST_OK;
}

void sync_pending_free(struct sync_pending *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(p[i].id);
		free(p[i].rev);
		free(p[i].title);
		free(p[i].reason);
		free(p[i].refused_at);
		free(p[i].retry_at);
	}
	free(p);
}

/* One input of the merge in sync_pending_page(): a table's pending rows, or
 * the pending leaves, in seq order. */
struct pending_stream {
	sqlite3_stmt *s; /* NULL once done */
	const struct entity *e;
	int64_t seq; /* of the row s is on */
};

/* What sync_pending_page() picked before loading it. */
struct pending_key {
	const struct entity *e;
	bool leaf;
	char *id;
	char *rev;
	char *title; /* rows only: the title column, NULL if empty */
	bool deleted;
	int64_t seq;
};

static enum status pending_stream_step(struct db *db, struct pending_stream *ps)
{
	int rc = sqlite3_step(ps->s);

	if (rc == SQLITE_ROW) {
		ps->seq = sqlite3_column_int64(ps->s, 1);
		return ST_OK;
	}
	/* Done: reset, and never touched again (the cache may reuse it). */
	sqlite3_reset(ps->s);
	ps->s = NULL;
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading local changes"));
}

/* The keys of the first limit changes after seq `after`: a k-way merge of
 * one "ORDER BY seq LIMIT" query per table (and one for the leaves), each
 * walking its (seq) WHERE dirty index, so a page reads about limit rows
 * whatever the number of changes. */
static enum status pending_keys(struct db *db, int64_t after, long limit, struct pending_key *keys,
				size_t *nkeys)
{
	struct pending_stream *ps;
	size_t ns = 0, i, k = 0, nt;
	enum status st = ST_OK;

	for (nt = 0; entity_all[nt]; nt++)
		;
	ps = xcalloc(nt + 1, sizeof(*ps));
	for (i = 0; st == ST_OK && i <= nt; i++) {
		const struct entity *e = entity_all[i];
		/* A row's title is its title column as stored (text, or a
		 * record's id), so a page reads no more than its rows. */
		char *sql = e ? xasprintf("SELECT id, seq, rev, deleted, nullif(\"%s\", '') "
					  "FROM \"%s\" WHERE %s AND seq > ?1 ORDER BY seq LIMIT ?2",
					  e->title_key, e->table, STORE_PENDING_ROW)
			      : xasprintf("SELECT doc, seq, type, rev FROM sync_leaf WHERE %s "
					  "AND seq > ?1 ORDER BY seq LIMIT ?2",
					  STORE_PENDING_LEAF);

		/* Prepared and stepped at once: a statement under way stays in
		 * the cache while the others are prepared. */
		ps[ns].s = db_prepare(db, sql);
		free(sql);
		if (ps[ns].s == NULL) {
			st = ST_DB;
			break;
		}
		ps[ns].e = e;
		sqlite3_bind_int64(ps[ns].s, 1, after);
		sqlite3_bind_int64(ps[ns].s, 2, limit);
		st = pending_stream_step(db, &ps[ns]);
		if (ps[ns].s)
			ns++;
	}
	while (st == ST_OK && (long)k < limit) {
		struct pending_stream *m = NULL;

		for (i = 0; i < ns; i++)
			if (ps[i].s && (m == NULL || ps[i].seq < m->seq))
				m = &ps[i];
		if (m == NULL)
			break;
		keys[k].e = m->e ? m->e : entity_find((const char *)sqlite3_column_text(m->s, 2));
		if (keys[k].e == NULL) {
			/* A leaf of a type this program does not know: not shown. */
			st = pending_stream_step(db, m);
			continue;
		}
		keys[k].leaf = m->e == NULL;
		keys[k].id = db_column_strdup(m->s, 0);
		keys[k].rev = db_column_strdup(m->s, keys[k].leaf ? 3 : 2);
		keys[k].title = keys[k].leaf ? NULL : db_column_strdup(m->s, 4);
		keys[k].deleted = !keys[k].leaf && sqlite3_column_int(m->s, 3) != 0;
		keys[k].seq = m->seq;
		k++;
		st = pending_stream_step(db, m);
	}
	for (i = 0; i < ns; i++)
		if (ps[i].s)
			sqlite3_reset(ps[i].s);
	free(ps);
	*nkeys = k;
	return st;
}

enum status sync_pending_page(struct db *db, int64_t after, long limit, struct sync_pending **out,
			      size_t *n)
{
	struct pending_key *keys;
	struct sync_pending *list = NULL;
	size_t nkeys = 0, k = 0, i;
	enum status st;

	*out = NULL;
	*n = 0;
	if (limit <= 0)
		limit = 1;
	if (limit > SYNC_PENDING_PAGE_MAX)
		limit = SYNC_PENDING_PAGE_MAX;
	keys = xcalloc((size_t)limit, sizeof(*keys));
	st = pending_keys(db, after, limit, keys, &nkeys);
	if (st == ST_OK && nkeys)
		list = xcalloc(nkeys, sizeof(*list));
	for (i = 0; i < nkeys && st == ST_OK; i++) {
		struct record *r = NULL;
		struct sync_pending *p = &list[k];
		sqlite3_stmt *s;

		p->entity = keys[i].e;
		p->id = xstrdup(keys[i].id);
		p->rev = xstrdup(keys[i].rev ? keys[i].rev : "");
		p->seq = keys[i].seq;
		if (keys[i].leaf) {
			/* A leaf whose body does not parse is still a change to send. */
			r = store_kept_version(db, keys[i].e, keys[i].id, keys[i].rev);
			p->title = xstrdup(r ? record_name(r) : keys[i].id);
			p->deleted = r && r->deleted;
		} else {
			p->title = xstrdup(keys[i].title ? keys[i].title : keys[i].id);
			p->deleted = keys[i].deleted;
		}
		p->is_new = revs_gen(p->rev) <= 1;
		s = db_prepare(db,
			       "SELECT reason, tries, at, retry_at FROM sync_reject WHERE doc = ?");
		if (s) {
			sqlite3_bind_text(s, 1, p->id, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(s) == SQLITE_ROW) {
				p->reason = db_column_strdup(s, 0);
				p->refused = sqlite3_column_int(s, 1);
				p->refused_at = db_column_strdup(s, 2);
				p->retry_at = db_column_strdup(s, 3);
			}
			sqlite3_reset(s);
		}
		k++;
		record_free(&r);
	}
	for (i = 0; i < nkeys; i++) {
		free(keys[i].id);
		free(keys[i].rev);
		free(keys[i].title);
	}
	free(keys);
	if (st != ST_OK) {
		sync_pending_free(list, k);
		return st;
	}
	if (k == 0) {
		free(list);
		list = NULL;
	}
	*out = list;
	*n = k;
	return ST_OK;
}

enum status sync_pending_list(struct db *db, long limit, struct sync_pending **out, size_t *n)
{
	return sync_pending_page(db, 0, limit > 0 ? limit : SYNC_PENDING_PAGE_MAX, out, n);
}

void sync_runs_free(struct sync_run_log *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(r[i].remote);
		free(r[i].started_at);
		free(r[i].ended_at);
		free(r[i].message);
	}
	free(r);
}

enum status sync_runs_list(struct db *db, long limit, struct sync_run_log **out, size_t *n)
{
	sqlite3_stmt *s = db_prepare(db, "SELECT remote, started_at, ended_at, pushed, pulled, "
					 "merged, conflicts, rejected, ok, message FROM sync_run "
					 "ORDER BY n DESC LIMIT ?");
	struct sync_run_log *list = NULL;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return ST_DB;
	sqlite3_bind_int64(s, 1, limit > 0 ? limit : 20);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		list = xreallocarray(list, k + 1, sizeof(*list));
		list[k].remote = db_column_strdup(s, 0);
		list[k].started_at = db_column_strdup(s, 1);
		list[k].ended_at = db_column_strdup(s, 2);
		list[k].pushed = sqlite3_column_int(s, 3);
		list[k].pulled = sqlite3_column_int(s, 4);
		list[k].merged = sqlite3_column_int(s, 5);
		list[k].conflicts = sqlite3_column_int(s, 6);
		list[k].rejected = sqlite3_column_int(s, 7);
		list[k].ok = sqlite3_column_int(s, 8) != 0;
		list[k].message = db_column_strdup(s, 9);
		k++;
	}
	sqlite3_reset(s);
	*out = list;
	*n = k;
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading the sync log"));
}
