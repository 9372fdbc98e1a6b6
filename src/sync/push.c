/* push.c - sending local changes to the server.
 *
 * Local changes since the push checkpoint (rows with dirty = 1, leaves with
 * pending = 1, by change sequence), or every record on a full pass (a first
 * push, or a server without the checkpoint we agreed on): _revs_diff, then
 * _bulk_docs with new_edits=false and each version's _revisions. What the
 * server refused is kept here with its reason; the rest is marked sent with
 * the checkpoint, in one transaction.
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
#include "sync/repl.h"
#include "sync/revs.h"
#include "sync/store.h"
#include "user.h"
#include "utf8.h"
#include "validate.h"
#include "xalloc.h"

struct push_item {
	const struct entity *e;
	char *id;
	char *rev;
	int64_t seq;
	bool leaf;
	bool bare;
	struct record *rec; /* the version to send; NULL for a bare tombstone */
	bool send;	    /* the server lacks it */
	bool unsent;	    /* never confirmed sent (a dirty row, a pending leaf) */
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

	if (repl_is_default(p))
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
/* Append the leaf on s's row (doc, rev, type, seq, body) to it; a leaf of a
 * type this program does not know is skipped. */
static void leaf_item_add(sqlite3_stmt *s, bool unsent, struct push_item **itp, size_t *np)
{
	const struct entity *e = entity_find((const char *)sqlite3_column_text(s, 2));
	struct push_item *it;
	char *body;

	if (e == NULL)
		return;
	*itp = xreallocarray(*itp, *np + 1, sizeof(**itp));
	it = &(*itp)[(*np)++];
	memset(it, 0, sizeof(*it));
	it->e = e;
	it->id = db_column_strdup(s, 0);
	it->rev = db_column_strdup(s, 1);
	it->seq = sqlite3_column_int64(s, 3);
	it->leaf = true;
	it->unsent = unsent;
	body = db_column_strdup(s, 4);
	it->bare = body == NULL;
	if (body) {
		it->rec = doc_body_parse(e, it->id, it->rev, body);
		free(body);
	}
}

static enum status push_add_leaves(struct repl *p, const char *where, int64_t since, long limit,
				   struct push_item **itp, size_t *np)
{
	char *sql = xasprintf(
	    "SELECT l.doc, l.rev, l.type, l.seq, l.body, l.pending FROM sync_leaf l WHERE %s "
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
		leaf_item_add(s, sqlite3_column_int(s, 5) != 0, &it, &n);
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

		/* rev <> '': never send a row without a revision, should one be dirty. */
		sql = xasprintf("SELECT t.id, t.seq FROM \"%s\" t WHERE %s AND t.seq > ?1 "
				"AND t.rev <> '' AND %s ORDER BY t.seq LIMIT ?2",
				e->table, STORE_PENDING_ROW, home_clause(p, "t.id"));
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
			it[n].unsent = true;
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

/*
 * The next batch of refused changes whose wait is over (sync_reject.retry_at),
 * from before the checkpoint (later ones come with the changes anyway):
 * offered again as they are, so that a change the server refused goes out
 * once the cause is fixed there, without the user editing it again.
 */
static enum status push_collect_retry(struct repl *p, int64_t since, struct push_item **out,
				      size_t *nout)
{
	struct push_item *it = NULL;
	size_t n = 0, i;
	enum status st = ST_OK;
	char now[21], *sql;
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	*nout = 0;
	clock_iso_utc(clock_now(), now);
	for (i = 0; entity_all[i] && st == ST_OK; i++) {
		sql = xasprintf(
		    "SELECT t.id, t.seq FROM \"%s\" t JOIN sync_reject r ON r.doc = t.id "
		    "AND r.rev = t.rev WHERE t.dirty = 1 AND t.seq <= ?1 AND r.remote = ?3 "
		    "AND r.retry_at <= ?4 ORDER BY t.seq LIMIT ?2",
		    entity_all[i]->table);
		s = db_prepare(p->db, sql);
		free(sql);
		if (s == NULL) {
			st = ST_DB;
			break;
		}
		sqlite3_bind_int64(s, 1, since);
		sqlite3_bind_int64(s, 2, p->batch);
		sqlite3_bind_text(s, 3, p->remote.name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 4, now, -1, SQLITE_TRANSIENT);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			it = xreallocarray(it, n + 1, sizeof(*it));
			memset(&it[n], 0, sizeof(*it));
			it[n].e = entity_all[i];
			it[n].id = db_column_strdup(s, 0);
			it[n].seq = sqlite3_column_int64(s, 1);
			it[n].unsent = true;
			n++;
		}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			st = db_error(p->db, rc, _("reading local changes"));
	}
	s = st == ST_OK ? db_prepare(p->db, "SELECT l.doc, l.rev, l.type, l.seq, l.body FROM "
					    "sync_leaf l JOIN sync_reject r ON r.doc = l.doc AND "
					    "r.rev = l.rev WHERE l.pending = 1 AND l.seq <= ?1 AND "
					    "r.remote = ?3 AND r.retry_at <= ?4 ORDER BY l.seq "
					    "LIMIT ?2")
			: NULL;
	if (st == ST_OK && s == NULL)
		st = ST_DB;
	if (s) {
		sqlite3_bind_int64(s, 1, since);
		sqlite3_bind_int64(s, 2, p->batch);
		sqlite3_bind_text(s, 3, p->remote.name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 4, now, -1, SQLITE_TRANSIENT);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			leaf_item_add(s, true, &it, &n);
		}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			st = db_error(p->db, rc, _("reading local changes"));
	}
	if (st == ST_OK && n)
		qsort(it, n, sizeof(*it), item_cmp);
	if (st == ST_OK && (long)n > p->batch) {
		for (i = (size_t)p->batch; i < n; i++) {
			free(it[i].id);
			free(it[i].rev);
			record_free(&it[i].rec);
		}
		n = (size_t)p->batch;
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

		sql = xasprintf("SELECT t.id, t.seq, t.n, t.dirty FROM \"%s\" t WHERE t.n > ?1 AND "
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
			it[n].unsent = sqlite3_column_int(s, 3) != 0;
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

/* The document to send for an item, with its _revisions, into *out. */
static enum status push_doc(struct repl *p, struct push_item *it, struct revs_tree *tree,
			    cJSON **out)
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
		char *extra = NULL;
		enum status st = store_extra_get(p->db, it->id, it->rev, &extra);

		if (st != ST_OK)
			return st;
		doc = doc_from_record(p->db, it->rec);
		cJSON_DeleteItemFromObjectCaseSensitive(doc, "_rev");
		cJSON_AddStringToObject(doc, "_rev", it->rev);
		/* Other writers' fields and attachments, kept: a revision
		 * replaces the whole document. */
		doc_add_extra(doc, extra);
		free(extra);
	}
	/* The whole history kept here, even beyond revs_limit: it reaches down
	 * to the revision the server last had (the tree is cut only revs_limit
	 * below what was last sent or received), so the server links the two
	 * instead of keeping a stemmed branch beside its own, and cuts it to
	 * its revs_limit itself. */
	hashes = revs_tree_path(tree, it->rev, tree->n + 1, &start, &n);
	revs = cJSON_AddObjectToObject(doc, "_revisions");
	cJSON_AddNumberToObject(revs, "start", (double)start);
	ids = cJSON_AddArrayToObject(revs, "ids");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(ids, cJSON_CreateString(hashes[i]));
	free(hashes);
	*out = doc;
	return ST_OK;
}

/* The first wait before a refused change is offered again, doubling with
 * each refusal in a row up to PUSH_RETRY_MAX_S. */
#define PUSH_RETRY_FIRST_S 60
#define PUSH_RETRY_MAX_S 3600

/* Record the server's refusal of it: its reason, one more refusal in a row
 * of this version (the first of a new one), and when to offer it again. */
static enum status reject_put(struct repl *p, const struct push_item *it)
{
	sqlite3_stmt *s =
	    db_prepare(p->db, "INSERT INTO sync_reject (doc, type, rev, remote, reason, at, tries) "
			      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1) ON CONFLICT (doc) DO UPDATE SET "
			      "tries = CASE WHEN rev = excluded.rev THEN tries + 1 ELSE 1 END, "
			      "type = excluded.type, rev = excluded.rev, remote = excluded.remote, "
			      "reason = excluded.reason, at = excluded.at");
	time_t t = clock_now();
	char now[21];
	int rc;

	if (s == NULL)
		return ST_DB;
	clock_iso_utc(t, now);
	sqlite3_bind_text(s, 1, it->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, it->e->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, it->rev, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, p->remote.name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, it->reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 6, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_error(p->db, rc, _("saving the server's reason"));
	s = db_prepare(p->db,
		       "UPDATE sync_reject SET retry_at = strftime('%Y-%m-%dT%H:%M:%SZ', "
		       "?2 + min(?4, ?3 << min(tries - 1, 20)), 'unixepoch') WHERE doc = ?1");
	if (s == NULL)
		return ST_DB;
	sqlite3_bind_text(s, 1, it->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)t);
	sqlite3_bind_int(s, 3, PUSH_RETRY_FIRST_S);
	sqlite3_bind_int(s, 4, PUSH_RETRY_MAX_S);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ST_OK : db_error(p->db, rc, _("saving the server's reason"));
}

/* Mark the items of a batch the server now holds, record refusals, and the
 * checkpoint (none for refused changes offered again: ck and cur NULL): one
 * transaction. */
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
		if (it[i].leaf) {
			/* A leaf stays one once sent, a closing tombstone too: when
			 * every branch is deleted it may be the winner (revs_winner()),
			 * as it is on the server and on every replica that pulled it. */
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
	} else if (ck) {
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
static void push_results(struct push_item *it, size_t n, const cJSON *results)
{
	const cJSON *r;
	size_t i;

	cJSON_ArrayForEach(r, results)
	{
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "id");
		const cJSON *rev = cJSON_GetObjectItemCaseSensitive(r, "rev");
		const cJSON *err = cJSON_GetObjectItemCaseSensitive(r, "error");
		const cJSON *why = cJSON_GetObjectItemCaseSensitive(r, "reason");
		char *raw;

		if (!cJSON_IsString(id) || err == NULL)
			continue;
		for (i = 0; i < n; i++) {
			if (!it[i].send || it[i].reason || strcmp(it[i].id, id->valuestring) != 0)
				continue;
			if (cJSON_IsString(rev) && strcmp(it[i].rev, rev->valuestring) != 0)
				continue;
			raw = xasprintf("%s%s%s", cJSON_IsString(err) ? err->valuestring : "error",
					cJSON_IsString(why) ? ": " : "",
					cJSON_IsString(why) ? why->valuestring : "");
			/* Stored and shown: text, not terminal commands. */
			it[i].reason = utf8_sanitize(raw, COUCH_REASON_MAX, false);
			free(raw);
		}
	}
}

/*
 * True if the server holds it->rev as the ancestor of a later one: one
 * sent with its history by another client after the server's database was
 * made again (or restored from a backup) keeps ours without a body, and
 * PouchDB Server's _revs_diff then calls it missing however often it is
 * sent. Nothing of ours is lost (the later revision was made from it, and
 * the pull brings it); refused, it was a warning that never went away.
 */
static bool server_has_later(struct couch *c, const struct push_item *it)
{
	struct couch_docrev want = { it->id, it->rev };
	char *esc = http_escape(it->id), *path = xasprintf("/%s?revs=true&open_revs=all", esc);
	cJSON *reply = NULL, *docs = cJSON_CreateArray();
	bool later;

	/* Every leaf with its history, not this revision with latest=true:
	 * PouchDB Server 4.2.0 dies (an uncaught "Unable to resolve latest
	 * revision") when asked so for a revision it does not have. */
	later = couch_call(c, "GET", path, NULL, &reply, NULL) == ST_OK &&
		couch_take_ok_docs(couch_display(c), reply, docs) == ST_OK &&
		couch_docs_cover(docs, &want);
	status_clear();
	cJSON_Delete(reply);
	cJSON_Delete(docs);
	free(path);
	free(esc);
	return later;
}

/*
 * Ask the server again about the revisions of the batch it should now have:
 * those just sent (new documents too), and those the first _revs_diff said
 * it had although they were never confirmed sent from here. One sent
 * without an error but not stored is refused with that reason, never marked
 * as sent (PouchDB Server drops every replicated update of a database with
 * a validate_doc_update: pouchdb/pouchdb-server#419). One reported present
 * that is not there fails the push: nothing of the batch is marked sent.
 */
static enum status push_verify(struct couch *c, struct push_item *it, size_t n)
{
	cJSON *req = cJSON_CreateObject(), *missing = NULL;
	enum status st;
	size_t i, asked = 0;

	for (i = 0; i < n; i++) {
		cJSON *arr;

		if (it[i].reason || !(it[i].send || it[i].unsent))
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
	st = couch_revs_diff(c, req, &missing);
	for (i = 0; i < n && st == ST_OK; i++) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(missing, it[i].id), "missing");
		const cJSON *r;
		bool lacks = false;

		if (it[i].reason || !(it[i].send || it[i].unsent))
			continue;
		cJSON_ArrayForEach(r, m)
		{
			if (cJSON_IsString(r) && strcmp(r->valuestring, it[i].rev) == 0)
				lacks = true;
		}
		if (lacks && it[i].send && server_has_later(c, &it[i]))
			lacks = false;
		if (!lacks)
			continue;
		if (!it[i].send)
			st = status_set(ST_IO,
					_("%s: the server's reply to POST /_revs_diff said it has "
					  "revision %s of %s, but asked again it does not; nothing "
					  "was marked sent"),
					couch_display(c), it[i].rev, it[i].id);
		else if (revs_gen(it[i].rev) > 1)
			it[i].reason =
			    xstrdup(_("not stored: the server answered without an error "
				      "but does not have this revision (PouchDB Server "
				      "drops replicated updates when the database has a "
				      "validate_doc_update, pouchdb/pouchdb-server#419)"));
		else
			it[i].reason = xstrdup(_("not stored: the server answered without an "
						 "error but does not have this revision"));
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
		char *sql =
		    xasprintf("SELECT count(*) FROM \"%s\" t WHERE %s AND %s", entity_all[i]->table,
			      all ? "t.rev <> ''" : STORE_PENDING_ROW, home_clause(p, "t.id"));
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

/* One batch of a push: chosen, asked about and built on the main thread
 * (the only one touching SQLite), sent and verified on c, possibly by a
 * thread of its own, then committed on the main thread. */
struct push_batch {
	struct push_item *it;
	size_t n;
	int64_t last;
	bool retry;
	struct push_cursor cur; /* a full pass: where it is once this batch is in */
	cJSON *docs, *results;
	struct couch *c;
	bool dry_run;
	pthread_t thread;
	bool running;
	enum status st; /* of the sending */
	char *msg;	/* its message, from the thread that sent it */
};

static void push_batch_free(struct push_batch **bp)
{
	struct push_batch *b = *bp;

	if (b == NULL)
		return;
	cJSON_Delete(b->docs);
	cJSON_Delete(b->results);
	push_items_free(b->it, b->n);
	free(b->msg);
	free(b);
	*bp = NULL;
}

/* Did the server hold no live record, only design documents (those of
 * server-init), when the run began? Its doc_count counts design documents
 * with the rest, so a few are listed to tell. (Deleted documents are not
 * counted by every server; a revision sent that a tombstone there already
 * descends from is kept as it is.) */
static bool server_holds_no_record(struct repl *p)
{
	cJSON *reply = NULL;
	const cJSON *rows;
	bool empty;

	if (p->server_docs < 0 || p->server_docs > 16)
		return false;
	if (p->server_docs == 0)
		return true;
	if (couch_call(p->c, "GET", "/_all_docs?startkey=%22_design%2F%22&endkey=%22_design0%22",
		       NULL, &reply, NULL) != ST_OK) {
		status_clear();
		return false;
	}
	rows = cJSON_GetObjectItemCaseSensitive(reply, "rows");
	empty = cJSON_IsArray(rows) && cJSON_GetArraySize(rows) == (int)p->server_docs;
	cJSON_Delete(reply);
	return empty;
}

/* Collect the next batch, ask the server which of it is missing (on p->c;
 * not when it held no record as the push began: it lacks them all) and
 * build the documents to send. */
static enum status push_prepare(struct repl *p, struct push_batch *b, bool retry, bool all,
				struct push_cursor *cursor, int64_t since)
{
	struct revs_tree tree;
	cJSON *req, *missing = NULL;
	enum status st;
	size_t i;

	b->retry = retry;
	b->dry_run = p->o->dry_run;
	if (retry)
		st = push_collect_retry(p, since, &b->it, &b->n);
	else
		st = all ? push_collect_all(p, cursor, &b->it, &b->n)
			 : push_collect(p, since, &b->it, &b->n);
	b->cur = *cursor;
	if (st != ST_OK || b->n == 0)
		return st;
	b->last = b->it[b->n - 1].seq;
	req = cJSON_CreateObject();
	for (i = 0; i < b->n && !p->server_empty; i++) {
		cJSON *arr = cJSON_GetObjectItemCaseSensitive(req, b->it[i].id);

		if (arr == NULL)
			arr = cJSON_AddArrayToObject(req, b->it[i].id);
		cJSON_AddItemToArray(arr, cJSON_CreateString(b->it[i].rev));
	}
	st = p->server_empty ? ST_OK : couch_revs_diff(p->c, req, &missing);
	b->docs = cJSON_CreateArray();
	for (i = 0; i < b->n && st == ST_OK; i++) {
		struct push_item *it = &b->it[i];
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(missing, it->id), "missing");
		const cJSON *r;

		/* A revision another client sends meanwhile is no harm sent again:
		 * with new_edits=false the server keeps what it has. */
		it->send = p->server_empty;
		cJSON_ArrayForEach(r, m)
		{
			if (cJSON_IsString(r) && strcmp(r->valuestring, it->rev) == 0)
				it->send = true;
		}
		if (!it->send)
			continue;
		cJSON *doc = NULL;

		revs_tree_init(&tree);
		st = store_tree_load(p->db, it->id, &tree);
		if (st == ST_OK)
			st = push_doc(p, it, &tree, &doc);
		if (st == ST_OK)
			cJSON_AddItemToArray(b->docs, doc);
		revs_tree_clear(&tree);
	}
	cJSON_Delete(req);
	cJSON_Delete(missing);
	return st;
}

/* Send a prepared batch and verify it: no SQLite here, only b and b->c. */
static void push_send(struct push_batch *b)
{
	enum status st = ST_OK;

	if (cJSON_GetArraySize(b->docs) > 0 && !b->dry_run)
		st = couch_bulk_docs(b->c, b->docs, &b->results);
	if (st == ST_OK)
		push_results(b->it, b->n, b->results);
	if (st == ST_OK && !b->dry_run)
		st = push_verify(b->c, b->it, b->n);
	b->st = st;
	if (st != ST_OK)
		b->msg = xstrdup(status_message());
}

static void *push_send_thread(void *arg)
{
	push_send(arg);
	return NULL;
}

/* Wait for the thread sending b; its status (and message, here). */
static enum status push_join(struct push_batch *b)
{
	if (b->running) {
		pthread_join(b->thread, NULL);
		b->running = false;
	}
	if (b->st != ST_OK)
		status_set(b->st, "%s", b->msg ? b->msg : "");
	return b->st;
}

/* Report a confirmed batch and commit it with its checkpoint. */
static enum status push_finish(struct repl *p, struct push_batch *b, struct ckpt *ck,
			       const char *pass_key, bool all)
{
	enum status st = ST_OK;
	size_t i;

	for (i = 0; i < b->n; i++) {
		struct push_item *it = &b->it[i];
		struct record *before = NULL;

		if (!it->send)
			continue;
		if (it->reason) {
			p->res->rejected++;
			repl_report(p, SYNC_REJECT, it->e, it->id, it->rev, NULL, it->rec,
				    it->reason);
			continue;
		}
		p->res->pushed++;
		if (p->o->change) {
			/* The version before this one, for a field-by-field account. */
			struct revs_tree t2;

			revs_tree_init(&t2);
			store_tree_load(p->db, it->id, &t2);
			before = store_kept_version(p->db, it->e, it->id,
						    revs_tree_parent(&t2, it->rev));
			revs_tree_clear(&t2);
			repl_report(p, SYNC_SEND, it->e, it->id, it->rev, before, it->rec, NULL);
			record_free(&before);
		}
	}
	if (!p->o->dry_run) {
		st = push_commit(p, b->it, b->n, b->retry ? NULL : ck, b->last, pass_key,
				 all ? &b->cur : NULL);
		if (st == ST_OK && !all && !b->retry)
			ckpt_save_remote(p, ck);
	}
	p->done += (long)b->n;
	repl_progress(p, SYNC_PHASE_PUSH);
	return st;
}

enum status push_run(struct repl *p)
{
	struct ckpt ck;
	enum status st;
	int64_t since, start_seq;
	struct push_cursor cursor = { 0, 0, false };
	char *pass_key;
	bool all, retry, resume = false;
	struct push_batch *inflight = NULL;
	struct couch *side = NULL;

	st = ckpt_load(p, "push", &ck);
	if (st != ST_OK)
		return st;
	since = strtoll(ck.since, NULL, 10);
	/* Without a checkpoint both sides agree on (the first push to this
	 * server, or a server that lost its data), or with one older than our
	 * own latest (a server restored from a backup: what was marked sent
	 * since may be missing there), every record is offered, not only the
	 * unsent ones; _revs_diff keeps what the server has from being sent
	 * again. */
	pass_key = xasprintf("sync.full_push.%s", p->remote.name);
	{
		char *seq = db_meta_get(p->db, "change_seq"),
		     *unfinished = db_meta_get(p->db, pass_key);

		start_seq = seq ? strtoll(seq, NULL, 10) : 0;
		/* A full pass cut short goes on as a full pass, from where it got to. */
		all = ck.fresh || ck.behind || unfinished != NULL;
		resume = unfinished != NULL;
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
	/* A pass cut short goes on even though its checkpoint is behind (it
	 * writes one only at its end); a lost one starts again. */
	if (ck.fresh || (ck.behind && !resume)) {
		/* A new full pass from the start. */
		memset(&cursor, 0, sizeof(cursor));
		if (!p->o->dry_run)
			st = db_meta_set(p->db, pass_key, "0:0:0");
	}
	/* A full pass into a database that held no record when the run began
	 * sends everything without asking: _revs_diff would answer "all
	 * missing", and costs the server a lookup per document. */
	p->server_empty = all && !resume && server_holds_no_record(p);
	p->done = 0;
	p->total = count_pending(p, all);
	repl_progress(p, SYNC_PHASE_PUSH);
	/* First the refused changes due again (a full pass offers every record).
	 * Those go one batch at a time: the next one is chosen by what the last
	 * one recorded. The changes then go pipelined: batch N+1 is collected,
	 * asked about (_revs_diff on c) and built here while a thread sends
	 * batch N (_bulk_docs and its verification on the second connection);
	 * batch N is committed once that thread confirmed it, before N+1. */
	retry = !all;
	if (!p->o->dry_run && (p->side != NULL || couch_open(&p->cfg, &p->side) == ST_OK))
		side = p->side;
	while (st == ST_OK && !repl_cancelled(p)) {
		struct push_batch *b = xcalloc(1, sizeof(*b));

		st = push_prepare(p, b, retry, all, &cursor, since);
		if (st == ST_OK && b->n == 0 && retry) {
			push_batch_free(&b);
			retry = false;
			continue;
		}
		if (st != ST_OK || b->n == 0) {
			push_batch_free(&b);
			break;
		}
		if (!all && !retry)
			since = b->last;
		b->c = side && !retry ? side : p->c;
		if (b->c == side) {
			/* Batch N+1 goes to the server once batch N is confirmed... */
			if (inflight && (st = push_join(inflight)) != ST_OK) {
				push_batch_free(&b);
				break;
			}
			if (pthread_create(&b->thread, NULL, push_send_thread, b) == 0)
				b->running = true;
			else
				push_send(b);
			/* ... and batch N is committed while it is there. */
			if (inflight)
				st = push_finish(p, inflight, &ck, pass_key, all);
			push_batch_free(&inflight);
			inflight = b;
			continue;
		}
		push_send(b);
		st = b->st;
		if (st != ST_OK)
			status_set(st, "%s", b->msg ? b->msg : "");
		else
			st = push_finish(p, b, &ck, pass_key, all);
		push_batch_free(&b);
		/* Each one offered again is marked sent or waits longer now; a dry
		 * run marks nothing, so it looks once. */
		if (retry && p->o->dry_run)
			retry = false;
	}
	/* The batch still out is committed if it was confirmed and all went
	 * well before it; otherwise it stays pending (the next push finds it
	 * stored and confirms it). */
	if (inflight && st != ST_OK && inflight->running) {
		/* Keep the first error's message. */
		pthread_join(inflight->thread, NULL);
		inflight->running = false;
	} else if (inflight && st == ST_OK && (st = push_join(inflight)) == ST_OK) {
		st = push_finish(p, inflight, &ck, pass_key, all);
	}
	push_batch_free(&inflight);
	if (st == ST_OK && repl_cancelled(p))
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
	/* It holds what was just sent: a push after the pull asks again. */
	p->server_empty = false;
	p->server_docs = -1;
	ckpt_clear(&ck);
	free(pass_key);
	return st;
}
