/* replicate.c - push and pull with a remote database, CouchDB's replication protocol.
 *
 * Push: local changes since the push checkpoint (rows with dirty = 1, leaves
 * with pending = 1, by change sequence), _revs_diff, then _bulk_docs with
 * new_edits=false and each version's _revisions. Pull: _changes since the
 * pull checkpoint (style=all_docs), the revisions this database lacks,
 * _bulk_get?revs=true, then each document's revision tree is merged here:
 * the winner goes to the row, other leaves to sync_leaf, and branches that
 * changed different fields are merged into a new revision with a
 * deterministic id (so every replica that merges makes the same one).
 * Checkpoints are _local/ documents on the server and rows of
 * sync_checkpoint here, with a replication id and session history as the
 * protocol defines; each batch and its local checkpoint are one transaction.
 */
#include "sync/sync.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "record.h"
#include "sync/conflict.h"
#include "sync/couch.h"
#include "sync/doc.h"
#include "sync/http.h"
#include "sync/revs.h"
#include "sync/store.h"
#include "user.h"
#include "validate.h"
#include "xalloc.h"

#define SYNC_BATCH_DEFAULT 1000
#define SYNC_BATCH_MAX 10000
#define CKPT_HISTORY 10

struct repl {
	struct db *db;
	const struct sync_options *o;
	struct sync_remote remote;
	struct couch *c;
	struct couch *side; /* a second connection for this thread while the pull's
			       worker owns c (merge bases fetched on the way) */
	struct couch_config cfg;
	struct sync_result *res;
	char *uuid;
	char session[37];
	long batch;
	long revs_limit;
	char *me;
	long done, total;
	bool pipelined; /* the pull's worker thread owns c */
};

static bool cancelled(const struct repl *p)
{
	return p->o->cancel && *p->o->cancel;
}

static void progress(struct repl *p, enum sync_phase phase)
{
	struct sync_progress pr = {phase, p->remote.name, p->done, p->total};

	if (p->o->progress)
		p->o->progress(&pr, p->o->progress_ctx);
}

static void report(struct repl *p, enum sync_change_kind kind, const struct entity *e,
		   const char *id, const char *rev, const struct record *before,
		   const struct record *after, const char *reason)
{
	struct sync_change ch = {kind, e, id, rev, before, after, reason};

	if (p->o->change)
		p->o->change(p->db, &ch, p->o->change_ctx);
}

/* ---- checkpoints ---- */

struct ckpt {
	char rep_id[33];
	char *since;	  /* JSON text */
	char *remote_rev; /* _rev of the _local document */
	cJSON *history;	  /* local history, newest first */
	bool fresh;	  /* no checkpoint both sides agree on: start from scratch */
};

static void ckpt_clear(struct ckpt *ck)
{
	free(ck->since);
	free(ck->remote_rev);
	cJSON_Delete(ck->history);
	memset(ck, 0, sizeof(*ck));
}

/* This database's replication identity (meta sync.uuid), made on first use. */
static enum status repl_uuid(struct repl *p)
{
	char id[37];

	p->uuid = db_meta_get(p->db, "sync.uuid");
	if (p->uuid)
		return ST_OK;
	uuid_v4(id);
	p->uuid = xstrdup(id);
	return p->o->dry_run ? ST_OK : db_meta_set(p->db, "sync.uuid", id);
}

/* Is session in a history array (or the top-level session of a remote doc)? */
static const cJSON *history_find(const cJSON *history, const char *session)
{
	const cJSON *h;

	cJSON_ArrayForEach(h, history)
	{
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(h, "session_id");

		if (cJSON_IsString(s) && strcmp(s->valuestring, session) == 0)
			return h;
	}
	return NULL;
}

static enum status ckpt_load(struct repl *p, const char *direction, struct ckpt *ck)
{
	char *key = xasprintf("salesterm\n%s\n%s\n%s", p->uuid, p->remote.url, direction);
	char *local_session = NULL, *local_seq = NULL, *local_hist = NULL;
	cJSON *remote = NULL;
	const cJSON *rsess, *rhist, *rrev, *h;
	sqlite3_stmt *s;
	enum status st;

	memset(ck, 0, sizeof(*ck));
	revs_md5_hex(key, strlen(key), ck->rep_id);
	free(key);
	s = db_prepare(p->db, "SELECT session_id, last_seq, history FROM sync_checkpoint "
			      "WHERE remote = ? AND direction = ?");
	if (s == NULL)
		return ST_DB;
	sqlite3_bind_text(s, 1, p->remote.name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, direction, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		local_session = db_column_strdup(s, 0);
		local_seq = db_column_strdup(s, 1);
		local_hist = db_column_strdup(s, 2);
	}
	sqlite3_reset(s);
	ck->history = local_hist ? cJSON_Parse(local_hist) : NULL;
	if (!cJSON_IsArray(ck->history)) {
		cJSON_Delete(ck->history);
		ck->history = cJSON_CreateArray();
	}
	st = couch_local_get(p->c, ck->rep_id, &remote);
	if (st != ST_OK)
		goto out;
	rrev = cJSON_GetObjectItemCaseSensitive(remote, "_rev");
	if (cJSON_IsString(rrev))
		ck->remote_rev = xstrdup(rrev->valuestring);
	rsess = cJSON_GetObjectItemCaseSensitive(remote, "session_id");
	rhist = cJSON_GetObjectItemCaseSensitive(remote, "history");
	if (local_session == NULL || remote == NULL || !cJSON_IsString(rsess)) {
		/* Nothing on one side: a new replication, or a server database that was
		 * recreated. Start from the beginning; _revs_diff skips what is there. */
		ck->since = xstrdup("0");
		ck->fresh = true;
		goto out;
	}
	if (strcmp(local_session, rsess->valuestring) == 0) {
		ck->since = xstrdup(local_seq);
		goto out;
	}
	/* Different last sessions (a run was cut off between the two writes):
	 * the newest session both remember. */
	cJSON_ArrayForEach(h, ck->history)
	{
		const cJSON *sess = cJSON_GetObjectItemCaseSensitive(h, "session_id");
		const cJSON *seq = cJSON_GetObjectItemCaseSensitive(h, "last_seq");

		if (!cJSON_IsString(sess) || seq == NULL)
			continue;
		if (strcmp(sess->valuestring, rsess->valuestring) == 0 ||
		    (cJSON_IsArray(rhist) && history_find(rhist, sess->valuestring))) {
			ck->since = cJSON_PrintUnformatted(seq);
			break;
		}
	}
	if (ck->since == NULL) {
		ck->since = xstrdup("0");
		ck->fresh = true;
	}
out:
	cJSON_Delete(remote);
	free(local_session);
	free(local_seq);
	free(local_hist);
	return st;
}

/* Record last_seq here (inside the batch's transaction). */
static enum status ckpt_save_local(struct repl *p, const char *direction, struct ckpt *ck,
				   const char *last_seq)
{
	cJSON *hist = cJSON_CreateArray(), *entry = cJSON_CreateObject(), *h, *seq;
	char now[21], *text;
	sqlite3_stmt *s;
	int kept = 1, rc;

	seq = cJSON_Parse(last_seq);
	cJSON_AddStringToObject(entry, "session_id", p->session);
	cJSON_AddItemToObject(entry, "last_seq", seq ? seq : cJSON_CreateString(last_seq));
	cJSON_AddItemToArray(hist, entry);
	cJSON_ArrayForEach(h, ck->history)
	{
		const cJSON *sess = cJSON_GetObjectItemCaseSensitive(h, "session_id");

		if (kept >= CKPT_HISTORY || !cJSON_IsString(sess) ||
		    strcmp(sess->valuestring, p->session) == 0)
			continue;
		cJSON_AddItemToArray(hist, cJSON_Duplicate(h, 1));
		kept++;
	}
	cJSON_Delete(ck->history);
	ck->history = hist;
	text = cJSON_PrintUnformatted(hist);
	clock_iso_utc(clock_now(), now);
	s = db_prepare(p->db,
		       "INSERT OR REPLACE INTO sync_checkpoint (remote, direction, rep_id, "
		       "session_id, last_seq, history, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (s == NULL) {
		free(text);
		return ST_DB;
	}
	sqlite3_bind_text(s, 1, p->remote.name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, direction, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, ck->rep_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, p->session, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, last_seq, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 6, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 7, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	free(text);
	free(ck->since);
	ck->since = xstrdup(last_seq);
	return rc == SQLITE_DONE ? ST_OK : db_error(p->db, rc, _("saving a checkpoint"));
}

/* Record the checkpoint on the server (after the batch committed here). */
static enum status ckpt_save_remote(struct repl *p, struct ckpt *ck)
{
	cJSON *doc = cJSON_CreateObject(), *seq = cJSON_Parse(ck->since);
	const cJSON *rev;
	enum status st;

	if (ck->remote_rev)
		cJSON_AddStringToObject(doc, "_rev", ck->remote_rev);
	cJSON_AddStringToObject(doc, "session_id", p->session);
	cJSON_AddItemToObject(doc, "last_seq", seq ? seq : cJSON_CreateString(ck->since));
	cJSON_AddItemToObject(doc, "history", cJSON_Duplicate(ck->history, 1));
	cJSON_AddStringToObject(doc, "replicator", "salesterm");
	cJSON_AddNumberToObject(doc, "version", 1);
	st = couch_local_put(p->c, ck->rep_id, doc);
	rev = cJSON_GetObjectItemCaseSensitive(doc, "_rev");
	if (st == ST_OK && cJSON_IsString(rev)) {
		free(ck->remote_rev);
		ck->remote_rev = xstrdup(rev->valuestring);
	}
	cJSON_Delete(doc);
	return st;
}

/* ---- helpers ---- */

static char *http_escape_id(const char *s)
{
	return http_escape(s);
}

/* A version of doc at rev from the sync tables (leaf or saved body), NULL if not kept. */
static struct record *kept_version(struct db *db, const struct entity *e, const char *doc,
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

/* Same fields, owner and deletion (timestamps aside)? */
static bool same_content(const struct record *a, const struct record *b)
{
	size_t i;

	for (i = 0; i < a->entity->nfields; i++)
		if (!doc_value_eq(a->values[i], b->values[i]))
			return false;
	return doc_value_eq(a->owner, b->owner) && a->deleted == b->deleted;
}

/* Same fields and owner, whatever the deletion flags? */
static bool same_content_live(const struct record *a, const struct record *b)
{
	size_t i;

	for (i = 0; i < a->entity->nfields; i++)
		if (!doc_value_eq(a->values[i], b->values[i]))
			return false;
	return doc_value_eq(a->owner, b->owner);
}

static bool is_default_remote(const struct repl *p)
{
	return p->remote.is_default;
}

/* ---- push ---- */

struct push_item {
	const struct entity *e;
	char *id;
	char *rev;
	int64_t seq;
	bool leaf;
	bool bare;
	struct record *rec; /* the version to send; NULL for a bare tombstone */
	bool send;	    /* the server lacks it */
	char *reason;	    /* the server refused it */
};

static void push_items_free(struct push_item *it, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(it[i].id);
		free(it[i].rev);
		record_free(&it[i].rec);
		free(it[i].reason);
	}
	free(it);
}

static int item_cmp(const void *a, const void *b)
{
	const struct push_item *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The SQL clause that keeps the records of this remote. */
static const char *home_clause(const struct repl *p, const char *col)
{
	static _Thread_local char buf[200];

	if (is_default_remote(p))
		snprintf(
		    buf, sizeof(buf),
		    "NOT EXISTS (SELECT 1 FROM sync_home h WHERE h.doc = %s AND h.remote <> ?3)",
		    col);
	else
		snprintf(buf, sizeof(buf),
			 "EXISTS (SELECT 1 FROM sync_home h WHERE h.doc = %s AND h.remote = ?3)",
			 col);
	return buf;
}

/* Where a full pass (every record, not only the unsent) has got to: a table,
 * the last row number done there, and whether the leaves are done. */
struct push_cursor {
	size_t table;
	int64_t n;
	bool leaves_done;
};

/* Read the rows of the items that are rows, as they are now. */
static enum status push_load_rows(struct repl *p, struct push_item *it, size_t n)
{
	enum status st = ST_OK;
	size_t i;

	for (i = 0; i < n && st == ST_OK; i++) {
		if (it[i].leaf)
			continue;
		st = record_load(p->db, it[i].e, it[i].id, &it[i].rec);
		if (st == ST_OK)
			it[i].rev = xstrdup(it[i].rec->rev);
	}
	return st;
}

/* Add the leaves matching where (pending ones, or all) with seq > since. */
static enum status push_add_leaves(struct repl *p, const char *where, int64_t since, long limit,
				   struct push_item **itp, size_t *np)
{
	char *sql =
	    xasprintf("SELECT l.doc, l.rev, l.type, l.seq, l.body FROM sync_leaf l WHERE %s "
		      "l.seq > ?1 AND %s ORDER BY l.seq LIMIT ?2",
		      where, home_clause(p, "l.doc"));
	sqlite3_stmt *s = db_prepare(p->db, sql);
	struct push_item *it = *itp;
	size_t n = *np;
	int rc;

	free(sql);
	if (s == NULL)
		return ST_DB;
	sqlite3_bind_int64(s, 1, since);
	sqlite3_bind_int64(s, 2, limit);
	sqlite3_bind_text(s, 3, p->remote.name, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const struct entity *e = entity_find((const char *)sqlite3_column_text(s, 2));
		char *body;

		if (e == NULL)
			continue;
		it = xreallocarray(it, n + 1, sizeof(*it));
		memset(&it[n], 0, sizeof(*it));
		it[n].e = e;
		it[n].id = db_column_strdup(s, 0);
		it[n].rev = db_column_strdup(s, 1);
		it[n].seq = sqlite3_column_int64(s, 3);
		it[n].leaf = true;
		body = db_column_strdup(s, 4);
		it[n].bare = body == NULL;
		if (body) {
			it[n].rec = doc_body_parse(e, it[n].id, it[n].rev, body);
			free(body);
		}
		n++;
	}
	sqlite3_reset(s);
	*itp = it;
	*np = n;
	return rc == SQLITE_DONE ? ST_OK : db_error(p->db, rc, _("reading local changes"));
}

/* The next batch of local changes after since, in change order. */
static enum status push_collect(struct repl *p, int64_t since, struct push_item **out, size_t *nout)
{
	struct push_item *it = NULL;
	size_t n = 0, i;
	enum status st = ST_OK;
	char *sql;
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*nout = 0;
	for (i = 0; entity_all[i] && st == ST_OK; i++) {
		const struct entity *e = entity_all[i];

		sql = xasprintf("SELECT t.id, t.seq FROM \"%s\" t WHERE t.dirty = 1 AND t.seq > ?1 "
				"AND t.rev <> '' AND %s ORDER BY t.seq LIMIT ?2",
				e->table, home_clause(p, "t.id"));
		s = db_prepare(p->db, sql);
		free(sql);
		if (s == NULL) {
			st = ST_DB;
			break;
		}
		sqlite3_bind_int64(s, 1, since);
		sqlite3_bind_int64(s, 2, p->batch);
		sqlite3_bind_text(s, 3, p->remote.name, -1, SQLITE_TRANSIENT);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			it = xreallocarray(it, n + 1, sizeof(*it));
			memset(&it[n], 0, sizeof(*it));
			it[n].e = e;
			it[n].id = db_column_strdup(s, 0);
			it[n].seq = sqlite3_column_int64(s, 1);
			n++;
		}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			st = db_error(p->db, rc, _("reading local changes"));
	}
	if (st == ST_OK)
		st = push_add_leaves(p, "l.pending = 1 AND", since, p->batch, &it, &n);
	if (st != ST_OK) {
		push_items_free(it, n);
		return st;
	}
	if (n)
		qsort(it, n, sizeof(*it), item_cmp);
	if ((long)n > p->batch) {
		for (i = (size_t)p->batch; i < n; i++) {
			free(it[i].id);
			free(it[i].rev);
			record_free(&it[i].rec);
		}
		n = (size_t)p->batch;
	}
	st = push_load_rows(p, it, n);
	if (st != ST_OK) {
		push_items_free(it, n);
		return st;
	}
	*out = it;
	*nout = n;
	return ST_OK;
}

/* The next batch of a full pass: every revisioned record, table by table in
 * row order (cheap on any number of rows), then every leaf. cur advances. */
static enum status push_collect_all(struct repl *p, struct push_cursor *cur, struct push_item **out,
				    size_t *nout)
{
	struct push_item *it = NULL;
	size_t n = 0;
	enum status st = ST_OK;
	char *sql;
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*nout = 0;
	while (entity_all[cur->table] && (long)n < p->batch && st == ST_OK) {
		const struct entity *e = entity_all[cur->table];
		size_t before = n;
		long want = p->batch - (long)n;

		sql = xasprintf("SELECT t.id, t.seq, t.n FROM \"%s\" t WHERE t.n > ?1 AND "
				"t.rev <> '' AND %s ORDER BY t.n LIMIT ?2",
				e->table, home_clause(p, "t.id"));
		s = db_prepare(p->db, sql);
		free(sql);
		if (s == NULL) {
			st = ST_DB;
			break;
		}
		sqlite3_bind_int64(s, 1, cur->n);
		sqlite3_bind_int64(s, 2, want);
		sqlite3_bind_text(s, 3, p->remote.name, -1, SQLITE_TRANSIENT);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			it = xreallocarray(it, n + 1, sizeof(*it));
			memset(&it[n], 0, sizeof(*it));
			it[n].e = e;
			it[n].id = db_column_strdup(s, 0);
			it[n].seq = sqlite3_column_int64(s, 1);
			cur->n = sqlite3_column_int64(s, 2);
			n++;
		}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			st = db_error(p->db, rc, _("reading local changes"));
		if ((long)(n - before) < want) {
			cur->table++;
			cur->n = 0;
		}
	}
	if (st == ST_OK && !entity_all[cur->table] && (long)n < p->batch && !cur->leaves_done) {
		st = push_add_leaves(p, "", 0, 1000000, &it, &n);
		cur->leaves_done = true;
	}
	if (st == ST_OK)
		st = push_load_rows(p, it, n);
	if (st != ST_OK) {
		push_items_free(it, n);
		return st;
	}
	*out = it;
	*nout = n;
	return ST_OK;
}

/* The document to send for an item, with its _revisions. */
static cJSON *push_doc(struct repl *p, struct push_item *it, struct revs_tree *tree)
{
	cJSON *doc, *revs, *ids;
	const char **hashes;
	size_t n, i;
	long start;

	if (it->bare) {
		doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "_id", it->id);
		cJSON_AddStringToObject(doc, "_rev", it->rev);
		cJSON_AddTrueToObject(doc, "_deleted");
	} else {
		doc = doc_from_record(p->db, it->rec);
		cJSON_DeleteItemFromObjectCaseSensitive(doc, "_rev");
		cJSON_AddStringToObject(doc, "_rev", it->rev);
	}
	hashes = revs_tree_path(tree, it->rev, (size_t)p->revs_limit, &start, &n);
	revs = cJSON_AddObjectToObject(doc, "_revisions");
	cJSON_AddNumberToObject(revs, "start", (double)start);
	ids = cJSON_AddArrayToObject(revs, "ids");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(ids, cJSON_CreateString(hashes[i]));
	free(hashes);
	return doc;
}

static enum status reject_put(struct repl *p, const struct push_item *it)
{
	sqlite3_stmt *s = db_prepare(p->db, "INSERT OR REPLACE INTO sync_reject (doc, type, rev, "
					    "remote, reason, at) VALUES (?, ?, ?, ?, ?, ?)");
	char now[21];
	int rc;

	if (s == NULL)
		return ST_DB;
	clock_iso_utc(clock_now(), now);
	sqlite3_bind_text(s, 1, it->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, it->e->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, it->rev, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, p->remote.name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, it->reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 6, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_error(p->db, rc, _("saving the server's reason"));
}

/* Mark the items of a batch the server now holds, record refusals, and the
 * checkpoint: one transaction. */
static enum status push_commit(struct repl *p, struct push_item *it, size_t n, struct ckpt *ck,
			       int64_t last, const char *pass_key, const struct push_cursor *cur)
{
	char seq[32], *sql;
	sqlite3_stmt *s;
	enum status st;
	size_t i;

	st = db_begin(p->db);
	for (i = 0; i < n && st == ST_OK; i++) {
		if (it[i].reason) {
			st = reject_put(p, &it[i]);
			continue;
		}
		if (it[i].leaf && it[i].bare) {
			/* A closing tombstone the server has: the tree keeps its edge. */
			s = db_prepare(
			    p->db, "DELETE FROM sync_leaf WHERE doc = ? AND rev = ? AND seq = ?");
		} else if (it[i].leaf) {
			s = db_prepare(p->db,
				       "UPDATE sync_leaf SET pending = 0 WHERE doc = ? AND rev = ? "
				       "AND seq = ?");
		} else {
			/* Unless it was written again meanwhile (the seq tells). */
			sql = xasprintf(
			    "UPDATE \"%s\" SET dirty = 0 WHERE id = ? AND rev = ? AND seq = ?",
			    it[i].e->table);
			s = db_prepare(p->db, sql);
			free(sql);
		}
		if (s == NULL) {
			st = ST_DB;
			break;
		}
		sqlite3_bind_text(s, 1, it[i].id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, it[i].rev, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 3, it[i].seq);
		if (sqlite3_step(s) != SQLITE_DONE)
			st = db_error(p->db, sqlite3_errcode(db_handle(p->db)),
				      _("marking pushed records"));
		sqlite3_reset(s);
		s = st == ST_OK
			? db_prepare(p->db, "DELETE FROM sync_reject WHERE doc = ? AND rev = ?")
			: NULL;
		if (s) {
			sqlite3_bind_text(s, 1, it[i].id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(s, 2, it[i].rev, -1, SQLITE_TRANSIENT);
			sqlite3_step(s);
			sqlite3_reset(s);
		}
		if (st == ST_OK && it[i].send)
			st = store_tree_prune(p->db, it[i].id, revs_gen(it[i].rev), p->revs_limit);
	}
	if (cur) {
		/* A full pass records how far it got; the checkpoint comes at its end. */
		char pos[64];

		snprintf(pos, sizeof(pos), "%zu:%" PRId64 ":%d", cur->table, cur->n,
			 cur->leaves_done);
		if (st == ST_OK)
			st = db_meta_set(p->db, pass_key, pos);
	} else {
		snprintf(seq, sizeof(seq), "%" PRId64, last);
		if (st == ST_OK)
			st = ckpt_save_local(p, "push", ck, seq);
	}
	if (st == ST_OK)
		st = db_commit(p->db);
	else
		db_rollback(p->db);
	return st;
}

/* Read the server's per-document results of _bulk_docs into the items. */
static void push_results(struct repl *p, struct push_item *it, size_t n, const cJSON *results)
{
	const cJSON *r;
	size_t i;

	(void)p;
	cJSON_ArrayForEach(r, results)
	{
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "id");
		const cJSON *rev = cJSON_GetObjectItemCaseSensitive(r, "rev");
		const cJSON *err = cJSON_GetObjectItemCaseSensitive(r, "error");
		const cJSON *why = cJSON_GetObjectItemCaseSensitive(r, "reason");

		if (!cJSON_IsString(id) || err == NULL)
			continue;
		for (i = 0; i < n; i++) {
			if (!it[i].send || it[i].reason || strcmp(it[i].id, id->valuestring) != 0)
				continue;
			if (cJSON_IsString(rev) && strcmp(it[i].rev, rev->valuestring) != 0)
				continue;
			it[i].reason =
			    xasprintf("%s%s%s", cJSON_IsString(err) ? err->valuestring : "error",
				      cJSON_IsString(why) ? ": " : "",
				      cJSON_IsString(why) ? why->valuestring : "");
		}
	}
}

/*
 * Ask again which of the revisions just sent the server lacks: one that it
 * reported no error for but did not store is refused with that reason, never
 * marked as sent. (PouchDB Server does this to every replicated update of a
 * database with a validate_doc_update: pouchdb/pouchdb-server#419.)
 */
static enum status push_verify(struct repl *p, struct push_item *it, size_t n)
{
	cJSON *req = cJSON_CreateObject(), *missing = NULL;
	enum status st;
	size_t i, asked = 0;

	for (i = 0; i < n; i++) {
		cJSON *arr;

		/* New documents are stored; it is updates that go missing. */
		if (!it[i].send || it[i].reason || revs_gen(it[i].rev) <= 1)
			continue;
		arr = cJSON_GetObjectItemCaseSensitive(req, it[i].id);
		if (arr == NULL)
			arr = cJSON_AddArrayToObject(req, it[i].id);
		cJSON_AddItemToArray(arr, cJSON_CreateString(it[i].rev));
		asked++;
	}
	if (asked == 0) {
		cJSON_Delete(req);
		return ST_OK;
	}
	st = couch_revs_diff(p->c, req, &missing);
	for (i = 0; i < n && st == ST_OK; i++) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(missing, it[i].id), "missing");
		const cJSON *r;

		if (!it[i].send || it[i].reason || revs_gen(it[i].rev) <= 1)
			continue;
		cJSON_ArrayForEach(r, m)
		{
			if (cJSON_IsString(r) && strcmp(r->valuestring, it[i].rev) == 0 &&
			    !it[i].reason)
				it[i].reason =
				    xstrdup(_("not stored: the server answered without an error "
					      "but does not have this revision (PouchDB Server "
					      "drops replicated updates when the database has a "
					      "validate_doc_update, pouchdb/pouchdb-server#419)"));
		}
	}
	cJSON_Delete(req);
	cJSON_Delete(missing);
	return st;
}

static enum status db_exec_meta_delete(struct db *db, const char *key)
{
	sqlite3_stmt *s = db_prepare(db, "DELETE FROM meta WHERE key = ?");
	int rc;

	if (s == NULL)
		return ST_DB;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("saving a checkpoint"));
}

static long count_pending(struct repl *p, bool all)
{
	long total = 0;
	size_t i;

	for (i = 0; entity_all[i]; i++) {
		char *sql = xasprintf("SELECT count(*) FROM \"%s\" t WHERE %s t.rev <> '' AND %s",
				      entity_all[i]->table, all ? "" : "t.dirty = 1 AND",
				      home_clause(p, "t.id"));
		sqlite3_stmt *s = db_prepare(p->db, sql);

		free(sql);
		if (s == NULL)
			continue;
		sqlite3_bind_text(s, 3, p->remote.name, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(s) == SQLITE_ROW)
			total += sqlite3_column_int(s, 0);
		sqlite3_reset(s);
	}
	return total;
}

static enum status push_run(struct repl *p)
{
	struct ckpt ck;
	enum status st;
	int64_t since, start_seq;
	struct push_cursor cursor = {0, 0, false};
	char *pass_key;
	bool all;

	st = ckpt_load(p, "push", &ck);
	if (st != ST_OK)
		return st;
	since = strtoll(ck.since, NULL, 10);
	/* Without a checkpoint both sides agree on (the first push to this
	 * server, or a server that lost its data), every record is offered, not
	 * only the unsent ones; _revs_diff keeps what the server has from being
	 * sent again. */
	pass_key = xasprintf("sync.full_push.%s", p->remote.name);
	{
		char *seq = db_meta_get(p->db, "change_seq"),
		     *unfinished = db_meta_get(p->db, pass_key);

		start_seq = seq ? strtoll(seq, NULL, 10) : 0;
		/* A full pass cut short goes on as a full pass, from where it got to. */
		all = ck.fresh || unfinished != NULL;
		if (unfinished) {
			unsigned long long t = 0;
			long long rown = 0;
			int leaves = 0;

			if (sscanf(unfinished, "%llu:%lld:%d", &t, &rown, &leaves) == 3) {
				cursor.table = (size_t)t;
				cursor.n = rown;
				cursor.leaves_done = leaves != 0;
			}
			for (size_t k = 0; k <= cursor.table; k++)
				if (entity_all[k] == NULL) {
					cursor.table = k; /* a bad value: the pass ends */
					break;
				}
		}
		free(seq);
		free(unfinished);
	}
	if (ck.fresh) {
		/* A new full pass from the start. */
		memset(&cursor, 0, sizeof(cursor));
		if (!p->o->dry_run)
			st = db_meta_set(p->db, pass_key, "0:0:0");
	}
	p->done = 0;
	p->total = count_pending(p, all);
	progress(p, SYNC_PHASE_PUSH);
	while (st == ST_OK && !cancelled(p)) {
		struct push_item *it = NULL;
		struct revs_tree tree;
		cJSON *req = NULL, *missing = NULL, *docs = NULL, *results = NULL;
		size_t n = 0, i;
		int64_t last;

		st = all ? push_collect_all(p, &cursor, &it, &n) : push_collect(p, since, &it, &n);
		if (st != ST_OK || n == 0)
			break;
		last = it[n - 1].seq;
		req = cJSON_CreateObject();
		for (i = 0; i < n; i++) {
			cJSON *arr = cJSON_GetObjectItemCaseSensitive(req, it[i].id);

			if (arr == NULL)
				arr = cJSON_AddArrayToObject(req, it[i].id);
			cJSON_AddItemToArray(arr, cJSON_CreateString(it[i].rev));
		}
		st = couch_revs_diff(p->c, req, &missing);
		docs = cJSON_CreateArray();
		for (i = 0; i < n && st == ST_OK; i++) {
			const cJSON *m = cJSON_GetObjectItemCaseSensitive(
			    cJSON_GetObjectItemCaseSensitive(missing, it[i].id), "missing");
			const cJSON *r;

			cJSON_ArrayForEach(r, m)
			{
				if (cJSON_IsString(r) && strcmp(r->valuestring, it[i].rev) == 0)
					it[i].send = true;
			}
			if (!it[i].send)
				continue;
			revs_tree_init(&tree);
			st = store_tree_load(p->db, it[i].id, &tree);
			if (st == ST_OK)
				cJSON_AddItemToArray(docs, push_doc(p, &it[i], &tree));
			revs_tree_clear(&tree);
		}
		if (st == ST_OK && cJSON_GetArraySize(docs) > 0 && !p->o->dry_run)
			st = couch_bulk_docs(p->c, docs, &results);
		if (st == ST_OK)
			push_results(p, it, n, results);
		if (st == ST_OK && cJSON_GetArraySize(docs) > 0 && !p->o->dry_run)
			st = push_verify(p, it, n);
		for (i = 0; i < n && st == ST_OK; i++) {
			struct record *before = NULL;

			if (!it[i].send)
				continue;
			if (it[i].reason) {
				p->res->rejected++;
				report(p, SYNC_REJECT, it[i].e, it[i].id, it[i].rev, NULL,
				       it[i].rec, it[i].reason);
				continue;
			}
			p->res->pushed++;
			if (p->o->change) {
				/* The version before this one, for a field-by-field account. */
				struct revs_tree t2;

				revs_tree_init(&t2);
				store_tree_load(p->db, it[i].id, &t2);
				before = kept_version(p->db, it[i].e, it[i].id,
						      revs_tree_parent(&t2, it[i].rev));
				revs_tree_clear(&t2);
				report(p, SYNC_SEND, it[i].e, it[i].id, it[i].rev, before,
				       it[i].rec, NULL);
				record_free(&before);
			}
		}
		if (st == ST_OK && !p->o->dry_run) {
			st = push_commit(p, it, n, &ck, last, pass_key, all ? &cursor : NULL);
			if (st == ST_OK && !all)
				ckpt_save_remote(p, &ck);
		}
		p->done += (long)n;
		progress(p, SYNC_PHASE_PUSH);
		if (!all)
			since = last;
		cJSON_Delete(req);
		cJSON_Delete(missing);
		cJSON_Delete(docs);
		cJSON_Delete(results);
		push_items_free(it, n);
	}
	if (st == ST_OK && cancelled(p))
		st = status_set(ST_IO, _("cancelled"));
	/* A whole pass is done: everything written before it started is on the
	 * server, so the next push needs only what is new (and unsent). */
	if (st == ST_OK && all && !p->o->dry_run) {
		char seq[32];

		snprintf(seq, sizeof(seq), "%" PRId64, start_seq);
		st = db_begin(p->db);
		if (st == ST_OK)
			st = ckpt_save_local(p, "push", &ck, seq);
		if (st == ST_OK)
			st = db_exec_meta_delete(p->db, pass_key);
		if (st == ST_OK)
			st = db_commit(p->db);
		else
			db_rollback(p->db);
		if (st == ST_OK)
			ckpt_save_remote(p, &ck);
	}
	ckpt_clear(&ck);
	free(pass_key);
	return st;
}

/* ---- pull ---- */

/* One document of a pull batch. */
struct pull_doc {
	char *id;
	struct record *row; /* the record here, NULL if new */
	const struct entity *e;
	struct doc_in *in; /* versions received */
	size_t nin;
	char **want; /* revisions to fetch */
	size_t nwant;
};

static void pull_docs_free(struct pull_doc *d, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		free(d[i].id);
		record_free(&d[i].row);
		for (j = 0; j < d[i].nin; j++)
			doc_in_clear(&d[i].in[j]);
		free(d[i].in);
		for (j = 0; j < d[i].nwant; j++)
			free(d[i].want[j]);
		free(d[i].want);
	}
	free(d);
}

/* Which revisions of a change does this database lack? */
static enum status pull_wanted(struct repl *p, const struct couch_change *ch, struct pull_doc *d)
{
	struct revs_tree tree;
	struct store_leaf *leaves = NULL;
	size_t nleaves = 0, i, j;
	enum status st;

	d->id = xstrdup(ch->id);
	d->want = xcalloc(ch->nrevs + 1, sizeof(char *));
	if (!validate_uuid(ch->id)) {
		/* Not ours (another application's document): fetch it, so that the
		 * batch fails with a clear message rather than skipping it silently. */
		for (i = 0; i < ch->nrevs; i++)
			d->want[d->nwant++] = xstrdup(ch->revs[i]);
		return ST_OK;
	}
	st = store_find(p->db, ch->id, NULL, &d->row);
	if (st != ST_OK)
		return st;
	if (d->row == NULL) {
		/* Deleted records come too: every replica keeps the same tombstones. */
		for (i = 0; i < ch->nrevs; i++)
			d->want[d->nwant++] = xstrdup(ch->revs[i]);
		return ST_OK;
	}
	d->e = d->row->entity;
	revs_tree_init(&tree);
	st = store_tree_load(p->db, ch->id, &tree);
	if (st == ST_OK)
		st = store_leaves_load(p->db, ch->id, &leaves, &nleaves);
	for (i = 0; i < ch->nrevs && st == ST_OK; i++) {
		const char *rev = ch->revs[i];
		bool known =
		    (d->row->rev && strcmp(d->row->rev, rev) == 0) || revs_tree_has(&tree, rev);

		for (j = 0; j < nleaves && !known; j++)
			known = strcmp(leaves[j].rev, rev) == 0;
		if (!known)
			d->want[d->nwant++] = xstrdup(rev);
	}
	store_leaves_free(leaves, nleaves);
	revs_tree_clear(&tree);
	return st;
}

/* A candidate leaf while a document's tree is merged. */
struct ver {
	char *rev;
	bool deleted, bare;
	struct record *rec; /* NULL when bare */
	enum { V_ROW, V_LEAF, V_IN, V_NEW } src;
	bool pending, open, was_open, gone, closed;
	char *base;
	int64_t seq;
	char *at;
};

static void vers_free(struct ver *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].rev);
		record_free(&v[i].rec);
		free(v[i].base);
		free(v[i].at);
	}
	free(v);
}

static struct ver *ver_add(struct ver **v, size_t *n)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	return &(*v)[(*n)++];
}

/* A version of the document by rev: one of the candidates, or kept here. */
static struct record *find_version(struct repl *p, const struct entity *e, const char *id,
				   const struct ver *v, size_t nv, const char *rev)
{
	size_t i;

	if (rev == NULL)
		return NULL;
	for (i = 0; i < nv; i++)
		if (v[i].rec && strcmp(v[i].rev, rev) == 0)
			return record_dup(v[i].rec);
	return kept_version(p->db, e, id, rev);
}

/* A version not kept here, from the server (GET ?rev=), kept from now on as
 * a merge base. NULL if the server no longer has it (compacted) or cannot
 * say: the merge then goes without a base. */
static struct record *fetch_version(struct repl *p, const struct entity *e, const char *id,
				    const char *rev)
{
	char *eid = http_escape_id(id), *erev = http_escape_id(rev), *path, *body;
	cJSON *doc = NULL;
	struct doc_in in;
	struct record *r = NULL;

	path = xasprintf("/%s?rev=%s", eid, erev);
	if (p->side == NULL && p->pipelined)
		couch_open(&p->cfg, &p->side);
	if (couch_call(p->pipelined ? p->side : p->c, "GET", path, NULL, &doc, NULL) == ST_OK &&
	    doc_parse(p->db, doc, &in) == ST_OK) {
		if (in.rec && in.rec->entity == e) {
			r = in.rec;
			in.rec = NULL;
			body = doc_body(r);
			store_body_put(p->db, id, rev, body);
			free(body);
		}
		doc_in_clear(&in);
	}
	status_clear();
	cJSON_Delete(doc);
	free(path);
	free(eid);
	free(erev);
	return r;
}

static int ver_order(const void *a, const void *b)
{
	const struct ver *x = a, *y = b;

	return -revs_cmp(x->rev, y->rev);
}

/* Merge the received versions of one document into its tree here. */
static enum status pull_apply(struct repl *p, struct pull_doc *d)
{
	struct revs_tree tree;
	struct store_leaf *leaves = NULL;
	struct ver *v = NULL, *w;
	struct record *cur = NULL;
	const struct entity *e = d->e;
	size_t nleaves = 0, nv = 0, i, j, k;
	enum status st = ST_OK;
	bool any_in = false, row_changed = false;
	int wi;
	long maxgen = 0;

	for (i = 0; i < d->nin && e == NULL; i++)
		if (!d->in[i].bare)
			e = d->in[i].rec->entity;
	for (i = 0; i < d->nin; i++) {
		if (!d->in[i].bare && d->in[i].rec->entity != e)
			return status_set(ST_INVALID,
					  _("document %s: its versions have different "
					    "types (%s, %s); not applied"),
					  d->id, e->name, d->in[i].rec->entity->name);
	}
	if (e == NULL)
		return ST_OK; /* only tombstones of a record never seen here */
	revs_tree_init(&tree);
	if (d->row) {
		st = store_tree_load(p->db, d->id, &tree);
		if (st == ST_OK)
			st = store_leaves_load(p->db, d->id, &leaves, &nleaves);
	}
	/* The received histories, as far as revs_limit reaches. */
	for (i = 0; i < d->nin && st == ST_OK; i++) {
		struct doc_in *in = &d->in[i];
		size_t lim = in->nids < (size_t)p->revs_limit ? in->nids : (size_t)p->revs_limit;

		revs_tree_add_path(&tree, in->start, (const char *const *)in->ids, lim);
		for (k = 0; k < lim && st == ST_OK; k++) {
			char *rev = xasprintf("%ld-%s", in->start - (long)k, in->ids[k]);
			char *parent = k + 1 < lim ? xasprintf("%ld-%s", in->start - (long)k - 1,
							       in->ids[k + 1])
						   : NULL;

			st = store_edge_put(p->db, d->id, rev, parent);
			free(rev);
			free(parent);
		}
		if (in->start > maxgen)
			maxgen = in->start;
	}
	if (st != ST_OK)
		goto out;
	/* The candidates: the row, the other leaves here, the versions received. */
	if (d->row && d->row->rev && *d->row->rev) {
		w = ver_add(&v, &nv);
		w->rev = xstrdup(d->row->rev);
		w->deleted = d->row->deleted;
		w->rec = record_dup(d->row);
		w->src = V_ROW;
		w->pending = d->row->dirty;
	}
	for (i = 0; i < nleaves; i++) {
		w = ver_add(&v, &nv);
		w->rev = xstrdup(leaves[i].rev);
		w->deleted = leaves[i].deleted;
		w->bare = leaves[i].body == NULL;
		w->rec =
		    leaves[i].body ? doc_body_parse(e, d->id, leaves[i].rev, leaves[i].body) : NULL;
		if (!w->bare && w->rec == NULL)
			w->bare = true;
		w->src = V_LEAF;
		w->pending = leaves[i].pending;
		w->open = w->was_open = leaves[i].open;
		w->base = xstrdup(leaves[i].base);
		w->seq = leaves[i].seq;
		w->at = xstrdup(leaves[i].at);
	}
	for (i = 0; i < d->nin; i++) {
		bool dup = false;

		for (j = 0; j < nv && !dup; j++)
			dup = strcmp(v[j].rev, d->in[i].rev) == 0;
		if (dup)
			continue;
		w = ver_add(&v, &nv);
		w->rev = xstrdup(d->in[i].rev);
		w->deleted = d->in[i].deleted;
		w->bare = d->in[i].bare;
		w->rec = d->in[i].rec;
		d->in[i].rec = NULL;
		w->src = V_IN;
		any_in = true;
	}
	if (!any_in)
		goto out;
	/* A leaf that is an ancestor of another is no longer a leaf. */
	for (i = 0; i < nv; i++)
		for (j = 0; j < nv && !v[i].gone; j++)
			if (i != j && revs_tree_is_ancestor(&tree, v[i].rev, v[j].rev) &&
			    strcmp(v[i].rev, v[j].rev) != 0)
				v[i].gone = true;
	{
		struct revs_leaf *lv = xcalloc(nv, sizeof(*lv));
		size_t *map = xcalloc(nv, sizeof(*map)), nl = 0;

		for (i = 0; i < nv; i++) {
			if (v[i].gone)
				continue;
			lv[nl].rev = v[i].rev;
			lv[nl].deleted = v[i].deleted;
			map[nl++] = i;
		}
		wi = nl ? (int)map[revs_winner(lv, nl)] : -1;
		free(lv);
		free(map);
	}
	if (wi < 0)
		goto out;
	/* The winner's content, in the row. A bare tombstone wins only when every
	 * leaf is deleted: the record is then deleted with the content of the
	 * best leaf that has one, which every replica picks alike. */
	if (v[wi].rec) {
		cur = record_dup(v[wi].rec);
	} else {
		const struct record *src = NULL;
		struct revs_leaf *lv = xcalloc(nv, sizeof(*lv));
		size_t *map = xcalloc(nv, sizeof(*map)), nl = 0;

		for (i = 0; i < nv; i++) {
			if (v[i].gone || v[i].rec == NULL)
				continue;
			lv[nl].rev = v[i].rev;
			lv[nl].deleted = v[i].deleted;
			map[nl++] = i;
		}
		if (nl)
			src = v[map[revs_winner(lv, nl)]].rec;
		free(lv);
		free(map);
		if (src == NULL)
			src = d->row;
		for (i = 0; src == NULL && i < nv; i++)
			if (v[i].rec)
				src = v[i].rec;
		if (src == NULL)
			goto out;
		cur = record_dup(src);
		cur->deleted = true;
	}
	free(cur->rev);
	cur->rev = xstrdup(v[wi].rev);
	cur->n = d->row ? d->row->n : 0;
	cur->dirty = v[wi].pending;
	cur->deleted = v[wi].deleted;
	/* The other live leaves: merge what can be merged, keep the rest for the user. */
	{
		size_t *order = xcalloc(nv, sizeof(*order)), no = 0;

		for (i = 0; i < nv; i++)
			if (!v[i].gone && (int)i != wi && !v[i].bare)
				order[no++] = i;
		for (i = 1; i < no; i++)
			for (j = i; j > 0 && ver_order(&v[order[j - 1]], &v[order[j]]) > 0; j--) {
				size_t t = order[j];

				order[j] = order[j - 1];
				order[j - 1] = t;
			}
		for (k = 0; k < no && st == ST_OK; k++) {
			struct ver *x = &v[order[k]];
			struct record *base = NULL, *m = NULL;
			const char *base_rev;
			size_t nconf;

			if (cur->deleted) {
				x->open = false; /* every branch is deleted: nothing to decide */
				continue;
			}
			/* A deletion of exactly what the record holds now decides nothing
			 * (a record deleted, then restored); one of other content is a
			 * conflict. The same leaves give the same answer on every replica. */
			if (x->deleted && x->rec && same_content_live(x->rec, cur)) {
				x->open = false;
				continue;
			}
			base_rev = revs_tree_common(&tree, cur->rev, x->rev);
			base = find_version(p, e, d->id, v, nv, base_rev);
			if (base == NULL && base_rev && !p->o->dry_run)
				base = fetch_version(p, e, d->id, base_rev);
			if (!x->deleted && base) {
				nconf = conflict_merge(base, cur, x->rec, &m, NULL);
				if (nconf == 0 && user_may_write(p->db, m, cur) != ST_OK) {
					status_clear();
					nconf = 1; /* not ours to merge: the owner's client will */
				}
				if (nconf == 0) {
					struct ver *t;
					char *tomb = revs_derive(x->rev, "closed");

					st = store_edge_put(p->db, d->id, tomb, x->rev);
					revs_tree_add(&tree, tomb, x->rev);
					if (st == ST_OK && !same_content(m, cur)) {
						char *body = doc_body(m),
						     *mrev = revs_derive(cur->rev, body);

						st = store_edge_put(p->db, d->id, mrev, cur->rev);
						revs_tree_add(&tree, mrev, cur->rev);
						free(m->rev);
						m->rev = mrev;
						m->n = cur->n;
						m->dirty = true;
						free(body);
						record_free(&cur);
						cur = m;
						m = NULL;
					}
					if (st == ST_OK && x->rec && x->src != V_ROW) {
						char *body = doc_body(x->rec);

						st = store_body_put(p->db, d->id, x->rev, body);
						free(body);
					}
					x->gone = true;
					x->closed = true;
					/* x may move in memory when the array grows: index it
					 * again. */
					{
						size_t xi = order[k];

						t = ver_add(&v, &nv);
						x = &v[xi];
					}
					t->rev = tomb;
					t->deleted = true;
					t->bare = true;
					t->src = V_NEW;
					t->pending = true;
					p->res->merged++;
					report(p, SYNC_MERGE, e, d->id, cur->rev, d->row, cur,
					       NULL);
					record_free(&m);
					record_free(&base);
					continue;
				}
				record_free(&m);
			}
			record_free(&base);
			x->open = true;
			free(x->base);
			x->base = xstrdup(base_rev);
			if (!x->was_open) {
				p->res->conflicts++;
				report(p, SYNC_CONFLICT, e, d->id, x->rev, cur, x->rec, NULL);
			}
		}
		free(order);
	}
	if (st != ST_OK)
		goto out;
	/* The row. */
	row_changed = d->row == NULL || !doc_value_eq(d->row->rev, cur->rev) ||
		      d->row->deleted != cur->deleted || d->row->dirty != cur->dirty;
	if (row_changed) {
		st = record_store(p->db, cur);
		if (st == ST_OK && v[wi].src == V_IN && strcmp(cur->rev, v[wi].rev) == 0)
			report(p, SYNC_RECEIVE, e, d->id, cur->rev, d->row, cur, NULL);
	}
	/* The leaves. */
	for (i = 0; i < nv && st == ST_OK; i++) {
		struct ver *x = &v[i];
		bool is_winner = (int)i == wi;

		if (x->gone || is_winner) {
			if (x->src == V_LEAF) {
				if (x->rec && !x->closed) {
					char *body = doc_body(x->rec);

					st = store_body_put(p->db, d->id, x->rev, body);
					free(body);
				}
				if (st == ST_OK)
					st = store_leaf_delete(p->db, d->id, x->rev);
			}
			continue;
		}
		if (x->src == V_LEAF && x->open == x->was_open)
			continue; /* unchanged */
		{
			struct store_leaf l = {0};

			l.rev = x->rev;
			l.entity = e;
			l.deleted = x->deleted;
			l.body = x->rec ? doc_body(x->rec) : NULL;
			l.open = x->open;
			l.base = x->base;
			l.pending = x->pending;
			l.seq = x->seq;
			l.at = x->at ? xstrdup(x->at) : NULL;
			st = store_leaf_put(p->db, d->id, &l);
			free(l.body);
			free(l.at);
		}
	}
	if (st == ST_OK && maxgen > p->revs_limit)
		st = store_tree_prune(p->db, d->id, maxgen, p->revs_limit);
	if (st == ST_OK && !is_default_remote(p)) {
		sqlite3_stmt *s =
		    db_prepare(p->db, "INSERT OR REPLACE INTO sync_home (doc, remote) "
				      "VALUES (?, ?)");

		if (s) {
			sqlite3_bind_text(s, 1, d->id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(s, 2, p->remote.name, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(s) != SQLITE_DONE)
				st = db_error(p->db, sqlite3_errcode(db_handle(p->db)),
					      _("saving sync state"));
			sqlite3_reset(s);
		}
	}
	if (st == ST_OK && d->row && d->row->dirty && !cur->dirty) {
		sqlite3_stmt *s = db_prepare(p->db, "DELETE FROM sync_reject WHERE doc = ?");

		if (s) {
			sqlite3_bind_text(s, 1, d->id, -1, SQLITE_TRANSIENT);
			sqlite3_step(s);
			sqlite3_reset(s);
		}
	}
	if (st == ST_OK)
		p->res->pulled++;
out:
	record_free(&cur);
	vers_free(v, nv);
	store_leaves_free(leaves, nleaves);
	revs_tree_clear(&tree);
	return st;
}

/* Numeric value of a seq's JSON text ("123" or "\"123-abc\""), -1 if none. */
static long seq_number(const char *json)
{
	const char *p = json;

	if (p == NULL)
		return -1;
	if (*p == '"')
		p++;
	if (*p < '0' || *p > '9')
		return -1;
	return strtol(p, NULL, 10);
}

/*
 * The pull is a pipeline of two threads: a worker makes the HTTP requests
 * (the next _changes, the next _bulk_get, checkpoints) while this thread
 * applies the batch before, so the network and SQLite work at the same
 * time. The worker owns the connection while the pull runs; SQLite is only
 * touched here. Jobs run in the order they are posted.
 */
enum job_kind { JOB_CHANGES, JOB_BULK_GET, JOB_PUT_LOCAL };

struct job {
	enum job_kind kind;
	/* in */
	char *since;
	struct couch_docrev *want;
	size_t nwant;
	char *local_id;
	cJSON *local_doc;
	/* out */
	bool done;
	enum status st;
	char *msg;
	struct couch_changes ch;
	cJSON *docs;
	struct job *next;
};

struct worker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct job *head, *tail;
	bool stop;
	struct couch *c;
	long batch;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	for (;;) {
		struct job *j;

		pthread_mutex_lock(&w->mu);
		while (w->head == NULL && !w->stop)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->stop) {
			/* Jobs still queued are dropped: nobody waits for them. */
			pthread_mutex_unlock(&w->mu);
			break;
		}
		j = w->head;
		w->head = j->next;
		if (w->head == NULL)
			w->tail = NULL;
		pthread_mutex_unlock(&w->mu);

		status_clear();
		switch (j->kind) {
		case JOB_CHANGES:
			j->st = couch_changes(w->c, j->since, w->batch, 0, true, &j->ch);
			break;
		case JOB_BULK_GET:
			j->st = couch_bulk_get(w->c, j->want, j->nwant, &j->docs);
			break;
		case JOB_PUT_LOCAL:
			j->st = couch_local_put(w->c, j->local_id, j->local_doc);
			break;
		}
		j->msg = xstrdup(status_message());

		pthread_mutex_lock(&w->mu);
		j->done = true;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
	}
	return NULL;
}

static struct job *job_post(struct worker *w, struct job *j)
{
	pthread_mutex_lock(&w->mu);
	j->next = NULL;
	if (w->tail)
		w->tail->next = j;
	else
		w->head = j;
	w->tail = j;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return j;
}

/* Wait for j; its status (and message, on this thread) is returned. */
static enum status job_wait(struct worker *w, struct job *j)
{
	pthread_mutex_lock(&w->mu);
	while (!j->done)
		pthread_cond_wait(&w->cv, &w->mu);
	pthread_mutex_unlock(&w->mu);
	if (j->st != ST_OK)
		status_set(j->st, "%s", j->msg ? j->msg : "");
	return j->st;
}

static void job_free(struct job **jp)
{
	struct job *j = *jp;

	if (j == NULL)
		return;
	free(j->since);
	free(j->want);
	free(j->local_id);
	cJSON_Delete(j->local_doc);
	free(j->msg);
	couch_changes_clear(&j->ch);
	cJSON_Delete(j->docs);
	free(j);
	*jp = NULL;
}

/* After a job that does not matter failed, forget its message if all went well. */
static void status_clear_if_ok(enum status st)
{
	if (st == ST_OK)
		status_clear();
}

static struct job *post_changes(struct worker *w, const char *since)
{
	struct job *j = xcalloc(1, sizeof(*j));

	j->kind = JOB_CHANGES;
	j->since = xstrdup(since);
	return job_post(w, j);
}

/* The _local checkpoint document as the server should have it. */
static cJSON *ckpt_remote_doc(struct repl *p, struct ckpt *ck)
{
	cJSON *doc = cJSON_CreateObject(), *seq = cJSON_Parse(ck->since);

	if (ck->remote_rev)
		cJSON_AddStringToObject(doc, "_rev", ck->remote_rev);
	cJSON_AddStringToObject(doc, "session_id", p->session);
	cJSON_AddItemToObject(doc, "last_seq", seq ? seq : cJSON_CreateString(ck->since));
	cJSON_AddItemToObject(doc, "history", cJSON_Duplicate(ck->history, 1));
	cJSON_AddStringToObject(doc, "replicator", "salesterm");
	cJSON_AddNumberToObject(doc, "version", 1);
	return doc;
}

/* One batch, as the pipeline carries it. */
struct stage {
	struct job *changes;
	struct job *get;
	cJSON *inline_docs; /* documents that came whole with the changes */
	struct pull_doc *d;
	size_t nd;
};

static void stage_clear(struct stage *sg)
{
	job_free(&sg->changes);
	job_free(&sg->get);
	cJSON_Delete(sg->inline_docs);
	pull_docs_free(sg->d, sg->nd);
	memset(sg, 0, sizeof(*sg));
}

/* Which revisions of the changes this database lacks: the _bulk_get job. */
static enum status stage_diff(struct repl *p, struct worker *w, struct stage *sg)
{
	const struct couch_changes *ch = &sg->changes->ch;
	struct job *j = xcalloc(1, sizeof(*j));
	enum status st = ST_OK;
	size_t i, k = 0, nwant = 0;

	sg->nd = ch->n;
	sg->d = xcalloc(ch->n + 1, sizeof(*sg->d));
	for (i = 0; i < ch->n && st == ST_OK; i++) {
		st = pull_wanted(p, &ch->rows[i], &sg->d[i]);
		nwant += sg->d[i].nwant;
	}
	j->kind = JOB_BULK_GET;
	j->want = xcalloc(nwant + 1, sizeof(*j->want));
	sg->inline_docs = cJSON_CreateArray();
	for (i = 0; i < ch->n && st == ST_OK; i++) {
		struct couch_change *row = &ch->rows[i];
		const cJSON *rev = cJSON_GetObjectItemCaseSensitive(row->doc, "_rev");

		/* A first revision that is the only leaf came whole with the changes:
		 * its history is itself. Anything else is fetched with its history. */
		if (sg->d[i].nwant == 1 && row->nrevs == 1 && cJSON_IsString(rev) &&
		    strcmp(rev->valuestring, sg->d[i].want[0]) == 0 &&
		    revs_gen(rev->valuestring) == 1) {
			cJSON_AddItemToArray(sg->inline_docs, row->doc);
			row->doc = NULL;
			continue;
		}
		for (size_t q = 0; q < sg->d[i].nwant; q++) {
			j->want[k].id = sg->d[i].id;
			j->want[k++].rev = sg->d[i].want[q];
		}
	}
	j->nwant = k;
	if (st != ST_OK) {
		job_free(&j);
		return st;
	}
	sg->get = job_post(w, j);
	return ST_OK;
}

/* Check every document of a fetched batch, then apply it with its
 * checkpoint in one transaction. */
static enum status stage_apply(struct repl *p, struct ckpt *ck, struct stage *sg)
{
	const struct couch_changes *ch = &sg->changes->ch;
	cJSON *doc;
	enum status st = ST_OK;
	bool began = false;
	size_t i;

	cJSON *sources[2] = {sg->inline_docs, sg->get->docs};

	for (int src = 0; src < 2 && st == ST_OK; src++)
		cJSON_ArrayForEach(doc, sources[src])
		{
			struct doc_in in;
			const cJSON *idj;

			idj = cJSON_GetObjectItemCaseSensitive(doc, "_id");
			if (cJSON_IsString(idj) && strncmp(idj->valuestring, "_design/", 8) == 0)
				continue;
			st = doc_parse(p->db, doc, &in);
			if (st != ST_OK) {
				char *msg = xstrdup(status_message());

				st = status_set(ST_INVALID,
						_("%s: %s; nothing of this batch was applied"),
						couch_display(p->c), msg);
				free(msg);
				break;
			}
			for (i = 0; i < sg->nd; i++)
				if (strcmp(sg->d[i].id, in.id) == 0)
					break;
			if (i == sg->nd) {
				doc_in_clear(&in);
				continue; /* not asked for */
			}
			sg->d[i].in =
			    xreallocarray(sg->d[i].in, sg->d[i].nin + 1, sizeof(*sg->d[i].in));
			sg->d[i].in[sg->d[i].nin++] = in;
		}
	if (st == ST_OK) {
		st = db_begin(p->db);
		began = st == ST_OK;
	}
	for (i = 0; i < sg->nd && st == ST_OK; i++)
		if (sg->d[i].nin)
			st = pull_apply(p, &sg->d[i]);
	if (st == ST_OK && !p->o->dry_run)
		st = ckpt_save_local(p, "pull", ck, ch->last_seq);
	if (began) {
		if (st == ST_OK && !p->o->dry_run) {
			st = db_commit(p->db);
		} else {
			db_rollback(p->db);
			if (st == ST_OK) {
				free(ck->since);
				ck->since = xstrdup(ch->last_seq);
			}
		}
	}
	p->done += (long)ch->n;
	return st;
}

/* Record the checkpoint on the server through the worker; the previous such
 * job is waited for first, so their revisions follow each other. */
static void stage_checkpoint(struct repl *p, struct worker *w, struct ckpt *ck, struct job **put)
{
	struct job *j;
	const cJSON *rev;

	if (*put) {
		if (job_wait(w, *put) == ST_OK) {
			rev = cJSON_GetObjectItemCaseSensitive((*put)->local_doc, "_rev");
			if (cJSON_IsString(rev)) {
				free(ck->remote_rev);
				ck->remote_rev = xstrdup(rev->valuestring);
			}
		}
		status_clear(); /* a checkpoint not written costs a longer resume, nothing else */
		job_free(put);
	}
	j = xcalloc(1, sizeof(*j));
	j->kind = JOB_PUT_LOCAL;
	j->local_id = xstrdup(ck->rep_id);
	j->local_doc = ckpt_remote_doc(p, ck);
	*put = job_post(w, j);
}

static enum status pull_run(struct repl *p)
{
	struct ckpt ck;
	struct worker w;
	struct stage a = {0}, b = {0};
	struct job *put = NULL, *pending = NULL;
	cJSON *info = NULL;
	enum status st, st_next = ST_OK;
	char *msg_next = NULL;
	long batches = 0;
	bool more_a = false, more_b = false;

	st = ckpt_load(p, "pull", &ck);
	if (st != ST_OK)
		return st;
	p->done = 0;
	p->total = -1;
	if (couch_db_info(p->c, &info) == ST_OK) {
		const cJSON *us = cJSON_GetObjectItemCaseSensitive(info, "update_seq");
		char *text = us ? cJSON_PrintUnformatted(us) : NULL;
		long to = seq_number(text), from = seq_number(ck.since);

		if (to >= 0 && from >= 0 && to >= from)
			p->total = to - from;
		free(text);
	}
	cJSON_Delete(info);
	status_clear();
	progress(p, SYNC_PHASE_PULL);

	memset(&w, 0, sizeof(w));
	w.c = p->c;
	w.batch = p->batch;
	pthread_mutex_init(&w.mu, NULL);
	pthread_cond_init(&w.cv, NULL);
	if (pthread_create(&w.thread, NULL, worker_main, &w) != 0) {
		pthread_cond_destroy(&w.cv);
		pthread_mutex_destroy(&w.mu);
		ckpt_clear(&ck);
		return status_set(ST_ERROR, _("cannot start the sync worker thread"));
	}
	/* Batch a: its changes, what to fetch, and already the next changes. */
	p->pipelined = true;
	a.changes = post_changes(&w, ck.since);
	st = job_wait(&w, a.changes);
	if (st == ST_OK) {
		more_a = (long)a.changes->ch.raw >= p->batch;
		st = stage_diff(p, &w, &a);
	}
	if (st == ST_OK && more_a)
		pending = post_changes(&w, a.changes->ch.last_seq);
	while (st == ST_OK && !cancelled(p)) {
		st = job_wait(&w, a.get);
		if (st != ST_OK)
			break;
		/* Prepare batch b, so that its fetch runs while a is applied. */
		if (more_a) {
			b.changes = pending;
			pending = NULL;
			st_next = job_wait(&w, b.changes);
			if (st_next == ST_OK) {
				more_b = (long)b.changes->ch.raw >= p->batch;
				st_next = stage_diff(p, &w, &b);
			}
			if (st_next == ST_OK && more_b)
				pending = post_changes(&w, b.changes->ch.last_seq);
			if (st_next != ST_OK)
				msg_next = xstrdup(status_message());
		}
		st = stage_apply(p, &ck, &a);
		batches++;
		if (st == ST_OK && !p->o->dry_run &&
		    (batches == 1 || batches % 10 == 0 || !more_a || st_next != ST_OK))
			stage_checkpoint(p, &w, &ck, &put);
		stage_clear(&a);
		progress(p, SYNC_PHASE_PULL);
		if (st != ST_OK || !more_a)
			break;
		if (st_next != ST_OK) {
			st = status_set(st_next, "%s", msg_next);
			break;
		}
		a = b;
		memset(&b, 0, sizeof(b));
		more_a = more_b;
	}
	/* The last checkpoint goes to the server before the worker stops. */
	if (put && st == ST_OK)
		job_wait(&w, put);
	status_clear_if_ok(st);
	/* Stop the worker after what it is doing; then free what is left. */
	pthread_mutex_lock(&w.mu);
	w.stop = true;
	pthread_cond_broadcast(&w.cv);
	pthread_mutex_unlock(&w.mu);
	pthread_join(w.thread, NULL);
	p->pipelined = false;
	if (put) {
		const cJSON *rev = cJSON_GetObjectItemCaseSensitive(put->local_doc, "_rev");

		if (put->st == ST_OK && cJSON_IsString(rev)) {
			free(ck.remote_rev);
			ck.remote_rev = xstrdup(rev->valuestring);
		}
		job_free(&put);
	}
	job_free(&pending);
	stage_clear(&a);
	stage_clear(&b);
	free(msg_next);
	pthread_cond_destroy(&w.cv);
	pthread_mutex_destroy(&w.mu);
	if (st == ST_OK && cancelled(p))
		st = status_set(ST_IO, _("cancelled"));
	ckpt_clear(&ck);
	return st;
}

/* ---- a run ---- */

static enum status repl_open(struct db *db, const struct sync_options *o, struct repl *p,
			     struct sync_result *res)
{
	struct couch_config cc = {0};
	const char *env = getenv("SALESTERM_SYNC_BATCH");
	enum status st;

	memset(p, 0, sizeof(*p));
	p->db = db;
	p->o = o;
	p->res = res;
	st = sync_remote_get(db, o->remote, &p->remote);
	if (st != ST_OK)
		return st;
	p->batch = o->batch > 0 ? o->batch : SYNC_BATCH_DEFAULT;
	if (env && atol(env) > 0)
		p->batch = atol(env);
	if (p->batch > SYNC_BATCH_MAX)
		p->batch = SYNC_BATCH_MAX;
	p->revs_limit = store_revs_limit(db);
	p->me = user_current_id(db);
	uuid_v4(p->session);
	cc.url = p->remote.url;
	cc.login = o->login;
	cc.password = o->password;
	cc.insecure = p->remote.insecure;
	cc.cacert = p->remote.cacert;
	cc.cancel = o->cancel;
	p->cfg = cc;
	return couch_open(&cc, &p->c);
}

static void repl_close(struct repl *p)
{
	if (p->c) {
		p->res->requests += couch_requests(p->c);
		p->res->retries += couch_retries(p->c);
	}
	couch_close(&p->c);
	couch_close(&p->side);
	sync_remote_clear(&p->remote);
	free(p->uuid);
	free(p->me);
}

/* Start (n = 0) or finish a row of the run log. */
static int64_t run_log(struct repl *p, int64_t n, enum status st)
{
	sqlite3_stmt *s;
	char now[21];

	if (p->o->dry_run || db_readonly(p->db))
		return 0;
	clock_iso_utc(clock_now(), now);
	if (n == 0) {
		s = db_prepare(p->db, "INSERT INTO sync_run (remote, started_at) VALUES (?, ?) "
				      "RETURNING n");
		if (s == NULL)
			return 0;
		sqlite3_bind_text(s, 1, p->remote.name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, now, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(s) == SQLITE_ROW)
			n = sqlite3_column_int64(s, 0);
		while (sqlite3_step(s) == SQLITE_ROW)
			;
		sqlite3_reset(s);
		/* Keep the log short. */
		db_exec(p->db,
			"DELETE FROM sync_run WHERE n <= (SELECT max(n) FROM sync_run) - 200");
		return n;
	}
	s = db_prepare(p->db,
		       "UPDATE sync_run SET ended_at = ?, pushed = ?, pulled = ?, merged = ?, "
		       "conflicts = ?, rejected = ?, ok = ?, message = ? WHERE n = ?");
	if (s == NULL)
		return n;
	sqlite3_bind_text(s, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, p->res->pushed);
	sqlite3_bind_int64(s, 3, p->res->pulled);
	sqlite3_bind_int64(s, 4, p->res->merged);
	sqlite3_bind_int64(s, 5, p->res->conflicts);
	sqlite3_bind_int64(s, 6, p->res->rejected);
	sqlite3_bind_int(s, 7, st == ST_OK);
	db_bind_text(s, 8, st == ST_OK ? NULL : status_message());
	sqlite3_bind_int64(s, 9, n);
	sqlite3_step(s);
	sqlite3_reset(s);
	return n;
}

enum status sync_run(struct db *db, const struct sync_options *o, struct sync_result *res)
{
	struct repl p;
	cJSON *info = NULL;
	enum status st;
	int64_t logn = 0;

	memset(res, 0, sizeof(*res));
	if (db_readonly(db) && !o->dry_run)
		return status_set(ST_READONLY, _("%s: the database is read-only; cannot sync"),
				  db_path(db));
	st = repl_open(db, o, &p, res);
	if (st == ST_OK)
		logn = run_log(&p, 0, ST_OK);
	if (st == ST_OK)
		st = repl_uuid(&p);
	/* Local writes since the last run may have changed which leaf wins. */
	if (st == ST_OK && !o->dry_run)
		st = store_settle_all(db);
	if (st == ST_OK) {
		progress(&p, SYNC_PHASE_CONNECT);
		st = couch_db_info(p.c, &info);
		cJSON_Delete(info);
	}
	if (st == ST_OK && !o->no_push)
		st = push_run(&p);
	if (st == ST_OK && !o->no_pull)
		st = pull_run(&p);
	/* Merges made while pulling are new local revisions: send them now, so a
	 * sync leaves nothing behind that it could have sent. */
	if (st == ST_OK && !o->no_push && !o->no_pull && !o->dry_run && res->merged > 0)
		st = push_run(&p);
	if (st == ST_OK) {
		p.done = p.total = 0;
		progress(&p, SYNC_PHASE_DONE);
	}
	if (logn) {
		char *msg = xstrdup(status_message());

		run_log(&p, logn, st);
		status_set(st, "%s", msg);
		free(msg);
	}
	repl_close(&p);
	return st;
}

enum status sync_wait_remote(struct db *db, const struct sync_options *o, long timeout_ms,
			     bool *changed)
{
	struct sync_result res = {0};
	struct couch_changes ch;
	struct repl p;
	char *since = NULL;
	sqlite3_stmt *s;
	enum status st;

	*changed = false;
	st = repl_open(db, o, &p, &res);
	if (st != ST_OK) {
		repl_close(&p);
		return st;
	}
	s = db_prepare(
	    db, "SELECT last_seq FROM sync_checkpoint WHERE remote = ? AND direction = 'pull'");
	if (s) {
		sqlite3_bind_text(s, 1, p.remote.name, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(s) == SQLITE_ROW)
			since = db_column_strdup(s, 0);
		sqlite3_reset(s);
	}
	st = couch_changes(p.c, since ? since : "0", 1, timeout_ms, false, &ch);
	if (st == ST_OK) {
		*changed = ch.n > 0;
		couch_changes_clear(&ch);
	}
	free(since);
	repl_close(&p);
	return st;
}

/* ---- state ---- */

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
