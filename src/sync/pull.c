/* pull.c - receiving the server's changes and merging them here.
 *
 * _changes since the pull checkpoint (style=all_docs), the revisions this
 * database lacks, _bulk_get?revs=true, then each document's revision tree
 * is merged (pull_apply()): the winner goes to the row, other leaves to
 * sync_leaf, and branches that changed different fields are merged into a
 * new revision with a deterministic id (so every replica that merges makes
 * the same one). Each batch and its local checkpoint are one transaction.
 */
#include "sync/sync.h"

#include <pthread.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "record.h"
#include "search.h"
#include "sync/conflict.h"
#include "sync/couch.h"
#include "sync/doc.h"
#include "sync/http.h"
#include "sync/quarantine.h"
#include "sync/repl.h"
#include "sync/revs.h"
#include "sync/store.h"
#include "user.h"
#include "validate.h"
#include "xalloc.h"

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

/* One document of a pull batch. */
struct pull_doc {
	char *id;
	struct record *row; /* the record here, NULL if new */
	const struct entity *e;
	struct doc_in *in; /* versions received */
	size_t nin;
	char **want; /* revisions to fetch */
	size_t nwant;
	char **srv; /* every leaf the server has (the change's revs) */
	size_t nsrv;
	const cJSON *raw;      /* the last version received as sent (owned by the stage) */
	bool quarantined;      /* a version of it cannot be stored: kept aside */
	struct record *stored; /* the row as pull_apply() wrote it, to index */
};

static void pull_docs_free(struct pull_doc *d, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		free(d[i].id);
		record_free(&d[i].row);
		record_free(&d[i].stored);
		for (j = 0; j < d[i].nin; j++)
			doc_in_clear(&d[i].in[j]);
		free(d[i].in);
		for (j = 0; j < d[i].nwant; j++)
			free(d[i].want[j]);
		free(d[i].want);
		for (j = 0; j < d[i].nsrv; j++)
			free(d[i].srv[j]);
		free(d[i].srv);
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
	d->srv = xcalloc(ch->nrevs + 1, sizeof(char *));
	for (i = 0; i < ch->nrevs; i++)
		d->srv[d->nsrv++] = xstrdup(ch->revs[i]);
	if (strncmp(ch->id, "_design/", 8) == 0)
		return ST_OK; /* the server's own documents are not records */
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
	bool derived; /* a foreign tombstone given its parent's content here */
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
	return store_kept_version(p->db, e, id, rev);
}

/* A version not kept here, from the server (GET ?rev=), kept from now on as
 * a merge base. NULL if the server no longer has it (compacted) or cannot
 * say: the merge then goes without a base. e NULL: of whatever type. */
static struct record *fetch_version(struct repl *p, const struct entity *e, const char *id,
				    const char *rev)
{
	char *eid = http_escape(id), *erev = http_escape(rev), *path, *body;
	cJSON *doc = NULL;
	struct doc_in in;
	struct record *r = NULL;

	path = xasprintf("/%s?rev=%s", eid, erev);
	if (p->side == NULL && p->pipelined)
		couch_open(&p->cfg, &p->side);
	if (couch_call(p->pipelined ? p->side : p->c, "GET", path, NULL, &doc, NULL) == ST_OK &&
	    doc_parse(p->db, doc, &in) == ST_OK) {
		if (in.rec && (e == NULL || in.rec->entity == e)) {
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

/*
 * Is a version here that the server had (not pending) superseded there,
 * beyond what the histories received reach? The server no longer lists it
 * as a leaf, so something there descends from it, and a history that
 * stops above its generation (cut at revs_limit: a record edited more
 * than that many times elsewhere) cannot say so. Without this it would
 * stand beside the new version as a conflict no one made.
 */
static bool pull_superseded(const struct repl *p, const struct pull_doc *d, const struct ver *x)
{
	long gen = revs_gen(x->rev);
	size_t i;

	if (x->pending || (x->src != V_ROW && x->src != V_LEAF) || gen <= 0)
		return false;
	for (i = 0; i < d->nsrv; i++)
		if (strcmp(d->srv[i], x->rev) == 0)
			return false;
	for (i = 0; i < d->nin; i++) {
		size_t lim =
		    d->in[i].nids < (size_t)p->revs_limit ? d->in[i].nids : (size_t)p->revs_limit;

		if (d->in[i].start - (long)lim + 1 > gen)
			return true;
	}
	return false;
}

/* The content a foreign deletion of the version parent deleted: that
 * version (kept here, else from the server), or failing that the nearest
 * older version kept here. NULL if none is known. Caller frees. */
static struct record *deleted_version(struct repl *p, const struct entity *e, const char *id,
				      const struct revs_tree *tree, const struct ver *v, size_t nv,
				      const char *parent)
{
	const char *rev = parent;
	struct record *r = NULL;
	size_t steps;

	for (steps = 0; rev && r == NULL && steps <= tree->n; steps++) {
		r = find_version(p, e, id, v, nv, rev);
		if (r == NULL && steps == 0 && !p->o->dry_run)
			r = fetch_version(p, e, id, rev);
		rev = revs_tree_parent(tree, rev);
	}
	return r;
}

/* The type of a record never seen here of which only bare tombstones came:
 * the type of the version another client deleted, from the server. NULL if
 * there is none (only closing tombstones) or it cannot be had. */
static const struct entity *deleted_type(struct repl *p, const struct pull_doc *d)
{
	const struct entity *e = NULL;
	size_t i;

	for (i = 0; i < d->nin && e == NULL && !p->o->dry_run; i++) {
		const struct doc_in *in = &d->in[i];
		char *parent;
		struct record *r;

		if (!in->bare || in->nids < 2 || p->revs_limit < 2)
			continue;
		parent = xasprintf("%ld-%s", in->start - 1, in->ids[1]);
		if (!revs_is_close(in->rev, parent)) {
			r = fetch_version(p, NULL, d->id, parent);
			if (r)
				e = r->entity;
			record_free(&r);
		}
		free(parent);
	}
	return e;
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
	bool any_in = false, row_changed = false, leaves_put = false;
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
		e = deleted_type(p, d);
	if (e == NULL)
		return ST_OK; /* only closing tombstones of a record never seen here */
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
	for (i = 0; i < nv; i++)
		if (!v[i].gone && pull_superseded(p, d, &v[i]))
			v[i].gone = true;
	/* A bare tombstone that is not one salesterm makes to close a branch
	 * (revs_is_close()) deletes its parent's version: it takes that content
	 * and so conflicts with an edit on another branch like any deletion. */
	for (i = 0; i < nv; i++) {
		const char *parent =
		    v[i].bare && !v[i].gone ? revs_tree_parent(&tree, v[i].rev) : NULL;
		struct record *r;

		if (parent == NULL || revs_is_close(v[i].rev, parent))
			continue;
		r = deleted_version(p, e, d->id, &tree, v, nv, parent);
		if (r == NULL)
			continue;
		free(r->rev);
		r->rev = xstrdup(v[i].rev);
		r->deleted = true;
		v[i].rec = r;
		v[i].bare = false;
		v[i].derived = true;
	}
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

			/* Which leaves are left open for the user is decided once the
			 * document is written (conflict_refresh()); here only merges. */
			if (cur->deleted)
				continue; /* every branch is deleted: nothing to decide */
			/* A deletion of exactly what the record holds now decides nothing
			 * (a record deleted, then restored). */
			if (x->deleted && x->rec && same_content_live(x->rec, cur))
				continue;
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
				char *extra = NULL, *cur_extra = NULL;

				/* Other writers' members, merged too: an edit here
				 * on one side, theirs changed on the other. */
				if (nconf == 0)
					st = store_extra_merge(p->db, d->id, base_rev, cur->rev,
							       x->rev, &extra, &cur_extra);
				if (st == ST_OK && nconf == 0) {
					struct ver *t;
					char *tomb = revs_close(x->rev);
					bool extra_moved = !doc_value_eq(extra, cur_extra);

					st = store_edge_put(p->db, d->id, tomb, x->rev);
					revs_tree_add(&tree, tomb, x->rev);
					if (st == ST_OK && (!same_content(m, cur) || extra_moved)) {
						char *body = doc_body(m),
						     *mrev = revs_derive(cur->rev, body);

						st = store_edge_put(p->db, d->id, mrev, cur->rev);
						if (st == ST_OK && extra_moved)
							st = store_extra_put(p->db, d->id, mrev,
									     extra);
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
					repl_report(p, SYNC_MERGE, e, d->id, cur->rev, d->row, cur,
						    NULL);
					record_free(&m);
					record_free(&base);
					free(extra);
					free(cur_extra);
					continue;
				}
				free(extra);
				free(cur_extra);
				record_free(&m);
			}
			record_free(&base);
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
			repl_report(p, SYNC_RECEIVE, e, d->id, cur->rev, d->row, cur, NULL);
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
		if (x->src == V_LEAF && x->open == x->was_open && !x->derived)
			continue; /* unchanged */
		{
			struct store_leaf l = { 0 };

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
			leaves_put = true;
			free(l.body);
			free(l.at);
		}
	}
	if (st == ST_OK && maxgen > p->revs_limit)
		st = store_tree_prune(p->db, d->id, maxgen, p->revs_limit);
	/* The conflicts, decided afresh from the tree; report the new ones. */
	if (st == ST_OK && (nleaves > 0 || leaves_put)) {
		char **opened = NULL;
		size_t nopened = 0;

		st = conflict_refresh(p->db, e, d->id, &opened, &nopened);
		for (i = 0; i < nopened; i++) {
			for (j = 0; j < nv && strcmp(v[j].rev, opened[i]) != 0; j++)
				;
			p->res->conflicts++;
			repl_report(p, SYNC_CONFLICT, e, d->id, opened[i], cur,
				    j < nv ? v[j].rec : NULL, NULL);
			free(opened[i]);
		}
		free(opened);
	}
	if (st == ST_OK && !repl_is_default(p)) {
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
	if (st == ST_OK && row_changed) {
		/* Its search index row is written with the batch's (stage_apply()). */
		record_free(&d->stored);
		d->stored = cur;
		cur = NULL;
	}
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

/* A document of a batch that cannot be stored, and why. */
struct quar_doc {
	const cJSON *doc; /* in the stage's inline_docs or get->docs */
	char *why;
};

/* One batch, as the pipeline carries it. */
struct stage {
	struct job *changes;
	struct job *get;
	cJSON *inline_docs; /* documents that came whole with the changes */
	struct pull_doc *d;
	size_t nd;
	struct quar_doc *quar; /* documents of the batch that cannot be stored */
	size_t nquar;
};

static void stage_clear(struct stage *sg)
{
	size_t i;

	job_free(&sg->changes);
	job_free(&sg->get);
	cJSON_Delete(sg->inline_docs);
	pull_docs_free(sg->d, sg->nd);
	for (i = 0; i < sg->nquar; i++)
		free(sg->quar[i].why);
	free(sg->quar);
	memset(sg, 0, sizeof(*sg));
}

/* Keep doc aside for why, to be quarantined with the batch. */
static void stage_quarantine(struct stage *sg, const cJSON *doc, const char *why)
{
	sg->quar = xreallocarray(sg->quar, sg->nquar + 1, sizeof(*sg->quar));
	sg->quar[sg->nquar].doc = doc;
	sg->quar[sg->nquar++].why = xstrdup(why);
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

/* The index of the document of the batch with this id, sg->nd if none.
 * *hint is where the one before was found: the server answers in the order
 * of the changes, so a whole batch is matched in one pass, not n^2/2. */
static size_t stage_find(const struct stage *sg, const char *id, size_t *hint)
{
	size_t k, i;

	for (k = 0; k < sg->nd; k++) {
		i = (*hint + k) % sg->nd;
		if (sg->d[i].id && strcmp(sg->d[i].id, id) == 0) {
			*hint = i;
			return i;
		}
	}
	return sg->nd;
}

/* Check every document of a fetched batch, then apply it with its
 * checkpoint in one transaction. */
static enum status stage_apply(struct repl *p, struct ckpt *ck, struct stage *sg)
{
	const struct couch_changes *ch = &sg->changes->ch;
	cJSON *doc;
	enum status st = ST_OK;
	bool began = false;
	size_t i, hint = 0;

	cJSON *sources[2] = { sg->inline_docs, sg->get->docs };

	for (int src = 0; src < 2 && st == ST_OK; src++)
		cJSON_ArrayForEach(doc, sources[src])
		{
			struct doc_in in;
			const cJSON *idj;

			idj = cJSON_GetObjectItemCaseSensitive(doc, "_id");
			if (cJSON_IsString(idj) && strncmp(idj->valuestring, "_design/", 8) == 0)
				continue;
			st = doc_parse(p->db, doc, &in);
			if (st == ST_INVALID && cJSON_IsString(idj)) {
				/* Another writer's document that does not fit: kept
				 * aside, the rest of the batch goes on. */
				i = stage_find(sg, idj->valuestring, &hint);
				if (i < sg->nd) {
					sg->d[i].quarantined = true;
					stage_quarantine(sg, doc, status_message());
				}
				status_clear();
				st = ST_OK;
				continue;
			}
			if (st != ST_OK) {
				char *msg = xstrdup(status_message());

				st = status_set(ST_INVALID,
						_("%s: %s; nothing of this batch was applied"),
						couch_display(p->c), msg);
				free(msg);
				break;
			}
			i = stage_find(sg, in.id, &hint);
			if (i == sg->nd) {
				doc_in_clear(&in);
				continue; /* not asked for */
			}
			sg->d[i].in =
			    xreallocarray(sg->d[i].in, sg->d[i].nin + 1, sizeof(*sg->d[i].in));
			sg->d[i].in[sg->d[i].nin++] = in;
			sg->d[i].raw = doc;
		}
	if (st == ST_OK) {
		st = db_begin(p->db);
		began = st == ST_OK;
	}
	for (size_t q = 0; q < sg->nquar && st == ST_OK; q++) {
		st = quarantine_put(p->db, p->remote.name, sg->quar[q].doc, sg->quar[q].why);
		p->res->quarantined++;
	}
	/* The search index is written once for the batch, after the documents:
	 * FTS5 writes its pending data out as a new segment at every savepoint
	 * (each document's here, and record_store()'s own), which cost a segment
	 * and its merges per document. */
	search_hold(p->db, true);
	for (i = 0; i < sg->nd && st == ST_OK; i++) {
		struct pull_doc *d = &sg->d[i];

		if (d->nin == 0)
			continue;
		/* A document that cannot be stored after all (a constraint of the
		 * schema, versions of different types) is taken back alone. */
		st = db_begin(p->db);
		if (st != ST_OK)
			break;
		/* First: a merge of the versions (pull_apply()) reads them. */
		for (size_t j = 0; st == ST_OK && j < d->nin; j++)
			if (!d->in[j].bare)
				st = store_extra_put(p->db, d->id, d->in[j].rev, d->in[j].extra);
		if (st == ST_OK)
			st = pull_apply(p, d);
		if (st == ST_INVALID && d->raw) {
			/* The reason names the document (a constraint's message names
			 * only the table and column). */
			char *why = strstr(status_message(), d->id)
					? xstrdup(status_message())
					: xasprintf(_("document %s: %s"), d->id, status_message());

			db_rollback(p->db);
			status_clear();
			d->quarantined = true;
			st = quarantine_put(p->db, p->remote.name, d->raw, why);
			p->res->quarantined++;
			free(why);
			continue;
		}
		if (st != ST_OK) {
			db_rollback(p->db);
			break;
		}
		st = db_commit(p->db);
		if (st == ST_OK && !d->quarantined)
			st = quarantine_drop(p->db, p->remote.name, d->id);
	}
	search_hold(p->db, false);
	for (i = 0; i < sg->nd && st == ST_OK; i++)
		if (sg->d[i].stored && !sg->d[i].quarantined)
			st = search_index(p->db, sg->d[i].stored);
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

static enum status pull_batches(struct repl *p)
{
	struct ckpt ck;
	struct worker w;
	struct stage a = { 0 }, b = { 0 };
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
		/* A checkpoint beyond the server's last change: the server lost
		 * changes (restored from a backup) and numbers new ones again from
		 * there. Only the start is an agreed point. */
		if (to >= 0 && from > to) {
			free(ck.since);
			ck.since = xstrdup("0");
			p->total = to;
		}
		free(text);
	}
	cJSON_Delete(info);
	status_clear();
	repl_progress(p, SYNC_PHASE_PULL);

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
	while (st == ST_OK && !repl_cancelled(p)) {
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
		repl_progress(p, SYNC_PHASE_PULL);
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
	if (st == ST_OK && repl_cancelled(p))
		st = status_set(ST_IO, _("cancelled"));
	ckpt_clear(&ck);
	return st;
}

enum status pull_run(struct repl *p)
{
	sqlite3_stmt *s = db_prepare(p->db, "PRAGMA temp_store");
	int temp_store = s && sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	char sql[40];
	enum status st;

	if (s)
		sqlite3_reset(s);
	/* Each document is applied under its own savepoint; SQLite keeps what a
	 * savepoint would undo in a temporary file (several writes a document)
	 * unless temporary storage is in memory. */
	db_exec(p->db, "PRAGMA temp_store = MEMORY");
	st = pull_batches(p);
	snprintf(sql, sizeof(sql), "PRAGMA temp_store = %d", temp_store);
	if (st == ST_OK) {
		st = db_exec(p->db, sql);
	} else {
		char *msg = xstrdup(status_message());

		db_exec(p->db, sql);
		status_set(st, "%s", msg);
		free(msg);
	}
	return st;
}
