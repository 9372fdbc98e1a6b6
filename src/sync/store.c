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

enum status store_body_put(struct db *db, const char *doc, const char *rev, const char *body)
{
	sqlite3_stmt *s = db_prepare(db, "INSERT OR IGNORE INTO sync_body (doc, rev, gen, body) "
					 "VALUES (?, ?, ?, ?)");
	int rc;

	if (s == NULL)
		return ST_DB;
	sqlite3_bind_text(s, 1, doc, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, rev, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, revs_gen(rev));
	sqlite3_bind_text(s, 4, body, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("saving a version"));
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
	struct store_leaf *leaves = NULL, old = {0};
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
	struct record probe = {0}, *r;
	char *values_none[1] = {NULL};

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

enum status sync_state_get(struct db *db, struct sync_state *out)
{
	sqlite3_stmt *s;
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; entity_all[i]; i++) {
		char *sql = xasprintf("SELECT count(*) FROM \"%s\" WHERE dirty = 1 AND rev <> ''",
				      entity_all[i]->table);

		s = db_prepare(db, sql);
		free(sql);
		if (s && sqlite3_step(s) == SQLITE_ROW)
			out->pending += sqlite3_column_int(s, 0);
		if (s)
			sqlite3_reset(s);
	}
	s = db_prepare(db, "SELECT count(*) FROM sync_leaf WHERE pending = 1 AND body IS NOT NULL");
	if (s && sqlite3_step(s) == SQLITE_ROW)
		out->pending += sqlite3_column_int(s, 0);
	if (s)
		sqlite3_reset(s);
	s = db_prepare(db, "SELECT count(*) FROM sync_reject");
	if (s && sqlite3_step(s) == SQLITE_ROW)
		out->rejected = sqlite3_column_int(s, 0);
	if (s)
		sqlite3_reset(s);
	out->conflicts = conflict_count(db);
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
	}
	free(p);
}

enum status sync_pending_list(struct db *db, long limit, struct sync_pending **out, size_t *n)
{
	struct sync_pending *list = NULL;
	size_t k = 0, i;
	struct pend {
		const struct entity *e;
		char *id;
		int64_t seq;
	} *ids = NULL;
	size_t nids = 0;
	enum status st = ST_OK;

	*out = NULL;
	*n = 0;
	for (i = 0; entity_all[i]; i++) {
		char *sql = xasprintf("SELECT id, seq FROM \"%s\" WHERE dirty = 1 AND rev <> '' "
				      "ORDER BY seq",
				      entity_all[i]->table);
		sqlite3_stmt *s = db_prepare(db, sql);

		free(sql);
		if (s == NULL)
			return ST_DB;
		while (sqlite3_step(s) == SQLITE_ROW) {
			ids = xreallocarray(ids, nids + 1, sizeof(*ids));
			ids[nids].e = entity_all[i];
			ids[nids].id = db_column_strdup(s, 0);
			ids[nids].seq = sqlite3_column_int64(s, 1);
			nids++;
		}
		sqlite3_reset(s);
	}
	for (i = 1; i < nids; i++)
		for (size_t j = i; j > 0 && ids[j - 1].seq > ids[j].seq; j--) {
			struct pend t = ids[j];

			ids[j] = ids[j - 1];
			ids[j - 1] = t;
		}
	for (i = 0; i < nids && st == ST_OK; i++) {
		struct record *r = NULL;
		sqlite3_stmt *s;

		if (limit > 0 && (long)k >= limit)
			break;
		st = record_load(db, ids[i].e, ids[i].id, &r);
		if (st != ST_OK)
			break;
		list = xreallocarray(list, k + 1, sizeof(*list));
		memset(&list[k], 0, sizeof(list[k]));
		list[k].entity = ids[i].e;
		list[k].id = xstrdup(r->id);
		list[k].rev = xstrdup(r->rev);
		list[k].title = xstrdup(record_name(r));
		list[k].deleted = r->deleted;
		list[k].is_new = revs_gen(r->rev) <= 1;
		s = db_prepare(db, "SELECT reason FROM sync_reject WHERE doc = ?");
		if (s) {
			sqlite3_bind_text(s, 1, r->id, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(s) == SQLITE_ROW)
				list[k].reason = db_column_strdup(s, 0);
			sqlite3_reset(s);
		}
		k++;
		record_free(&r);
	}
	for (i = 0; i < nids; i++)
		free(ids[i].id);
	free(ids);
	if (st != ST_OK) {
		sync_pending_free(list, k);
		return st;
	}
	*out = list;
	*n = k;
	return ST_OK;
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
