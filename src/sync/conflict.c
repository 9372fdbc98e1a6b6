/* conflict.c - three-way field merges, and conflicts the user resolves. */
#include "sync/conflict.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "record.h"
#include "strbuf.h"
#include "sync/doc.h"
#include "sync/revs.h"
#include "sync/store.h"
#include "user.h"
#include "xalloc.h"

/* The money field whose currency is field i, or -1. */
static int money_of_currency(const struct entity *e, size_t i)
{
	size_t j;

	for (j = 0; j < e->nfields; j++)
		if (e->fields[j].type == FT_MONEY && e->fields[j].currency &&
		    strcmp(e->fields[j].currency, e->fields[i].key) == 0)
			return (int)j;
	return -1;
}

static void set_value(struct record *r, size_t i, const char *v)
{
	free(r->values[i]);
	r->values[i] = xstrdup(v);
}

/* Merge one value (or pair) x: which side wins, or -1 for a conflict.
 * 0: a's, 1: b's. */
static int merge_pick(bool base_known, bool a_eq_b, bool a_eq_base, bool b_eq_base)
{
	if (a_eq_b)
		return 0;
	if (!base_known)
		return -1;
	if (a_eq_base)
		return 1;
	if (b_eq_base)
		return 0;
	return -1;
}

size_t conflict_merge(const struct record *base, const struct record *a, const struct record *b,
		      struct record **out, unsigned char *conflicts)
{
	const struct entity *e = a->entity;
	struct record *m = record_dup(a);
	unsigned char *done = xcalloc(e->nfields, 1);
	size_t i, n = 0;
	int pick;

	if (conflicts)
		memset(conflicts, 0, CONFLICT_SLOTS(e));
	for (i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		int c = -1;

		if (done[i])
			continue;
		if (f->type == FT_MONEY && f->currency)
			c = entity_field_index(e, f->currency);
		else if (f->type == FT_CURRENCY && money_of_currency(e, i) >= 0)
			continue; /* merged with its amount */
		if (c >= 0) {
			bool ab = doc_value_eq(a->values[i], b->values[i]) &&
				  doc_value_eq(a->values[c], b->values[c]);
			bool abase = base && doc_value_eq(a->values[i], base->values[i]) &&
				     doc_value_eq(a->values[c], base->values[c]);
			bool bbase = base && doc_value_eq(b->values[i], base->values[i]) &&
				     doc_value_eq(b->values[c], base->values[c]);

			pick = merge_pick(base != NULL, ab, abase, bbase);
			if (pick == 1) {
				set_value(m, i, b->values[i]);
				set_value(m, (size_t)c, b->values[c]);
			} else if (pick < 0) {
				/* The currency too if the sides' differ: never an
				 * amount in another currency than its own. Asked
				 * for when both sides have the same, it only made
				 * "amount=theirs" fail for want of "currency=". */
				if (conflicts) {
					conflicts[i] = 1;
					conflicts[c] = !doc_value_eq(a->values[c], b->values[c]);
				}
				n++;
			}
			done[c] = 1;
			continue;
		}
		pick = merge_pick(base != NULL, doc_value_eq(a->values[i], b->values[i]),
				  base && doc_value_eq(a->values[i], base->values[i]),
				  base && doc_value_eq(b->values[i], base->values[i]));
		if (pick == 1)
			set_value(m, i, b->values[i]);
		else if (pick < 0) {
			if (conflicts)
				conflicts[i] = 1;
			n++;
		}
	}
	pick = merge_pick(base != NULL, doc_value_eq(a->owner, b->owner),
			  base && doc_value_eq(a->owner, base->owner),
			  base && doc_value_eq(b->owner, base->owner));
	if (pick == 1) {
		free(m->owner);
		m->owner = xstrdup(b->owner);
	} else if (pick < 0) {
		if (conflicts)
			conflicts[CONFLICT_OWNER(e)] = 1;
		n++;
	}
	/* A deletion against an edit is for the user to decide, whatever the base. */
	if (a->deleted != b->deleted) {
		if (conflicts)
			conflicts[CONFLICT_DELETED(e)] = 1;
		n++;
	}
	if (b->updated_at && (a->updated_at == NULL || strcmp(b->updated_at, a->updated_at) > 0)) {
		free(m->updated_at);
		m->updated_at = xstrdup(b->updated_at);
		free(m->updated_by);
		m->updated_by = xstrdup(b->updated_by);
	}
	if (b->created_at && (a->created_at == NULL || strcmp(b->created_at, a->created_at) < 0)) {
		free(m->created_at);
		m->created_at = xstrdup(b->created_at);
	}
	free(done);
	*out = m;
	return n;
}

const char *conflict_slot_name(const struct entity *e, size_t i)
{
	if (i < e->nfields)
		return e->fields[i].key;
	return i == CONFLICT_OWNER(e) ? "owner" : "_deleted";
}

const char *conflict_slot_value(const struct record *r, size_t i)
{
	const struct entity *e = r->entity;

	if (i < e->nfields)
		return r->values[i];
	if (i == CONFLICT_OWNER(e))
		return r->owner;
	return r->deleted ? "1" : "0";
}

char *conflict_fields_text(const struct conflict *k)
{
	struct strbuf s = STRBUF_INIT;
	size_t i;

	for (i = 0; i < CONFLICT_SLOTS(k->entity); i++) {
		if (!k->conflicts[i])
			continue;
		if (s.len)
			strbuf_adds(&s, ", ");
		strbuf_adds(&s, conflict_slot_name(k->entity, i));
	}
	return strbuf_detach(&s);
}

char *conflict_slot_display(struct db *db, const struct record *r, size_t i)
{
	const struct entity *e = r->entity;

	if (i < e->nfields)
		return record_display(db, r, e->fields[i].key);
	if (i == CONFLICT_OWNER(e))
		return record_display(db, r, "owner");
	return xstrdup(r->deleted ? _("deleted") : _("live"));
}

void conflict_clear(struct conflict *c)
{
	free(c->id);
	free(c->leaf_rev);
	free(c->at);
	record_free(&c->mine);
	record_free(&c->theirs);
	record_free(&c->base);
	free(c->conflicts);
	memset(c, 0, sizeof(*c));
}

void conflict_list_free(struct conflict *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		conflict_clear(&c[i]);
	free(c);
}

/* Was a revision between rev and base (excluded) written on this device? */
static bool branch_is_local(struct db *db, const char *doc, const char *rev, const char *base)
{
	sqlite3_stmt *s =
	    db_prepare(db, "SELECT parent, local FROM sync_rev WHERE doc = ? AND rev = ?");
	char *cur = xstrdup(rev), *parent;
	bool local = false;
	int steps;

	for (steps = 0; s && cur && !local && steps < 10000; steps++) {
		if (base && strcmp(cur, base) == 0)
			break;
		sqlite3_bind_text(s, 1, doc, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, cur, -1, SQLITE_TRANSIENT);
		parent = NULL;
		if (sqlite3_step(s) == SQLITE_ROW) {
			parent = db_column_strdup(s, 0);
			local = sqlite3_column_int(s, 1) != 0;
		}
		sqlite3_reset(s);
		free(cur);
		cur = parent;
	}
	free(cur);
	return local;
}

/* Same fields and owner, whatever the deletion flags? */
static bool same_live(const struct record *a, const struct record *b)
{
	size_t i;

	for (i = 0; i < a->entity->nfields; i++)
		if (!doc_value_eq(a->values[i], b->values[i]))
			return false;
	return doc_value_eq(a->owner, b->owner);
}

/*
 * Is leaf (NULL: a bare tombstone) an open conflict against row, the winner?
 * A pure function of the revision tree t and the versions kept here, so
 * that every replica with the same tree decides alike, whatever the order
 * in which revisions arrived or which replica merged first:
 *  - a bare tombstone closes its branch: nothing to decide;
 *  - both deleted: nothing to decide (the winner is deleted only when every
 *    leaf is);
 *  - a deletion of exactly what the row holds decides nothing (a record
 *    deleted on one branch and restored on another);
 *  - otherwise the three-way merge against the common ancestor in the tree
 *    (revs_tree_common(), unknown if its body is not kept: then every field
 *    that differs counts) decides: open if a field (or _deleted) conflicts.
 *    Branches without a conflicting field are merged by pull (or wait for
 *    the owner's client to merge them): not for the user.
 * *base_rev gets the common ancestor (points into t or row, may be NULL);
 * *base (may be NULL) its version if kept, which the caller frees.
 */
static bool leaf_state(struct db *db, const struct revs_tree *t, const struct record *row,
		       const struct record *leaf, const char **base_rev, struct record **base)
{
	struct record *b = NULL, *merged = NULL;
	size_t n;

	*base_rev = leaf ? revs_tree_common(t, row->rev, leaf->rev) : NULL;
	if (base)
		*base = NULL;
	if (leaf == NULL || (leaf->deleted && row->deleted))
		return false;
	if (leaf->deleted && same_live(leaf, row))
		return false;
	b = *base_rev ? store_version(db, row, *base_rev) : NULL;
	n = conflict_merge(b, row, leaf, &merged, NULL);
	record_free(&merged);
	if (base)
		*base = b;
	else
		record_free(&b);
	return n > 0;
}

enum status conflict_refresh(struct db *db, const struct entity *e, const char *doc, char ***opened,
			     size_t *nopened)
{
	struct revs_tree t;
	struct store_leaf *l = NULL;
	struct record *row = NULL;
	size_t n = 0, i;
	enum status st;

	if (opened) {
		*opened = NULL;
		*nopened = 0;
	}
	st = store_find(db, doc, e, &row);
	if (st != ST_OK || row == NULL)
		return st;
	revs_tree_init(&t);
	st = store_tree_load(db, doc, &t);
	if (st == ST_OK)
		st = store_leaves_load(db, doc, &l, &n);
	for (i = 0; i < n && st == ST_OK; i++) {
		struct record *leaf =
		    l[i].body ? doc_body_parse(e, doc, l[i].rev, l[i].body) : NULL;
		const char *base_rev;
		bool open = leaf_state(db, &t, row, leaf, &base_rev, NULL);

		if (open != l[i].open || !doc_value_eq(base_rev, l[i].base))
			st = store_leaf_mark(db, doc, l[i].rev, open, base_rev);
		if (st == ST_OK && open && !l[i].open && opened) {
			*opened = xreallocarray(*opened, *nopened + 1, sizeof(char *));
			(*opened)[(*nopened)++] = xstrdup(l[i].rev);
		}
		record_free(&leaf);
	}
	store_leaves_free(l, n);
	revs_tree_clear(&t);
	record_free(&row);
	return st;
}

/* Fill c for the open leaf (doc, rev) of type e. */
static enum status conflict_load(struct db *db, const struct entity *e, const char *doc,
				 const char *rev, const char *body, const char *at,
				 struct conflict *c)
{
	struct record *row = NULL, *leaf, *merged = NULL;
	struct revs_tree t;
	const char *base_rev;
	char *me;
	enum status st;

	memset(c, 0, sizeof(*c));
	st = store_find(db, doc, e, &row);
	if (st != ST_OK)
		return st;
	if (row == NULL)
		return status_set(ST_NOT_FOUND, _("no %s with id %s"), e->name, doc);
	leaf = doc_body_parse(e, doc, rev, body);
	if (leaf == NULL) {
		record_free(&row);
		return status_set(ST_DB, _("%s %s: the other version is unreadable"), e->name, doc);
	}
	/* Decided afresh from the tree: a local edit since the last sync (a
	 * deletion, the same value as theirs) may have settled it. */
	revs_tree_init(&t);
	st = store_tree_load(db, doc, &t);
	if (st != ST_OK || !leaf_state(db, &t, row, leaf, &base_rev, &c->base)) {
		revs_tree_clear(&t);
		record_free(&c->base);
		record_free(&leaf);
		record_free(&row);
		return st != ST_OK ? st : status_set(ST_NOT_FOUND, "%s", "");
	}
	c->entity = e;
	c->id = xstrdup(doc);
	c->leaf_rev = xstrdup(rev);
	c->at = xstrdup(at);
	/* "Mine" is the branch edited on this device, when only one was; else
	 * the one the current user wrote; else the record as it stands. */
	{
		bool row_local = branch_is_local(db, doc, row->rev, base_rev);
		bool leaf_local = branch_is_local(db, doc, rev, base_rev);

		if (row_local != leaf_local) {
			c->mine_is_row = row_local;
		} else {
			me = user_current_id(db);
			c->mine_is_row = !(me && doc_value_eq(leaf->updated_by, me) &&
					   !doc_value_eq(row->updated_by, me));
			free(me);
		}
	}
	c->mine = c->mine_is_row ? row : leaf;
	c->theirs = c->mine_is_row ? leaf : row;
	c->conflicts = xcalloc(CONFLICT_SLOTS(e), 1);
	c->nconflicts = conflict_merge(c->base, c->mine, c->theirs, &merged, c->conflicts);
	record_free(&merged);
	revs_tree_clear(&t);
	return ST_OK;
}

/* The order of conflict_list(): by type, title, id and leaf, the same on every
 * replica (when a conflict was found is local to each). */
static int conflict_order(const void *pa, const void *pb)
{
	const struct conflict *a = pa, *b = pb;
	const struct record *ra = a->mine_is_row ? a->mine : a->theirs;
	const struct record *rb = b->mine_is_row ? b->mine : b->theirs;
	int c = strcmp(a->entity->name, b->entity->name);

	if (c == 0)
		c = strcmp(record_name(ra), record_name(rb));
	if (c == 0)
		c = strcmp(a->id, b->id);
	if (c == 0)
		c = revs_cmp(a->leaf_rev, b->leaf_rev);
	return c;
}

static enum status conflict_query(struct db *db, const char *id_prefix, long limit,
				  struct conflict **out, size_t *n)
{
	sqlite3_stmt *s;
	struct conflict *list = NULL;
	size_t k = 0;
	enum status st = ST_OK;
	int rc;

	*out = NULL;
	*n = 0;
	s = db_prepare(
	    db, id_prefix ? "SELECT doc, rev, type, body, base, at FROM sync_leaf WHERE open = 1 "
			    "AND doc >= ?1 AND doc < ?2 ORDER BY at, doc, rev LIMIT ?3"
			  : "SELECT doc, rev, type, body, base, at FROM sync_leaf WHERE open = 1 "
			    "ORDER BY at, doc, rev LIMIT ?3");
	if (s == NULL)
		return ST_DB;
	if (id_prefix) {
		/* Every id that starts with the prefix sorts before the prefix with
		 * its last byte one higher (ids are any text, not only UUIDs). */
		char *upper = xstrdup(id_prefix);
		size_t len = strlen(upper);

		if (len)
			upper[len - 1] = (char)((unsigned char)upper[len - 1] + 1);
		sqlite3_bind_text(s, 1, id_prefix, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, upper, -1, SQLITE_TRANSIENT);
		free(upper);
	}
	sqlite3_bind_int64(s, 3, limit > 0 ? limit : -1);
	/* Copy the rows first: loading a conflict runs other statements. */
	struct row {
		char *doc, *rev, *type, *body, *base, *at;
	} *rows = NULL;
	size_t nrows = 0, i;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		rows = xreallocarray(rows, nrows + 1, sizeof(*rows));
		rows[nrows].doc = db_column_strdup(s, 0);
		rows[nrows].rev = db_column_strdup(s, 1);
		rows[nrows].type = db_column_strdup(s, 2);
		rows[nrows].body = db_column_strdup(s, 3);
		rows[nrows].base = db_column_strdup(s, 4);
		rows[nrows].at = db_column_strdup(s, 5);
		nrows++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		st = db_error(db, rc, _("reading conflicts"));
	for (i = 0; i < nrows; i++) {
		const struct entity *e = entity_find(rows[i].type);

		if (st == ST_OK && e && rows[i].body) {
			list = xreallocarray(list, k + 1, sizeof(*list));
			st = conflict_load(db, e, rows[i].doc, rows[i].rev, rows[i].body,
					   rows[i].at, &list[k]);
			if (st == ST_OK)
				k++;
			else if (st == ST_NOT_FOUND && *status_message() == '\0')
				st = ST_OK; /* no longer a conflict */
		}
		free(rows[i].doc);
		free(rows[i].rev);
		free(rows[i].type);
		free(rows[i].body);
		free(rows[i].base);
		free(rows[i].at);
	}
	free(rows);
	if (st != ST_OK) {
		conflict_list_free(list, k);
		return st;
	}
	if (k > 1)
		qsort(list, k, sizeof(*list), conflict_order);
	*out = list;
	*n = k;
	return ST_OK;
}

enum status conflict_list(struct db *db, struct conflict **out, size_t *n)
{
	return conflict_query(db, NULL, 0, out, n);
}

enum status conflict_list_first(struct db *db, long limit, struct conflict **out, size_t *n)
{
	return conflict_query(db, NULL, limit, out, n);
}

long conflict_count(struct db *db)
{
	sqlite3_stmt *s = db_prepare(db, "SELECT count(*) FROM sync_leaf WHERE open = 1");
	long n = 0;

	if (s && sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	if (s)
		sqlite3_reset(s);
	return n;
}

enum status conflict_get(struct db *db, const char *id, struct conflict *out)
{
	struct conflict *list = NULL;
	size_t n = 0, i;
	enum status st;

	memset(out, 0, sizeof(*out));
	if (id == NULL || *id == '\0')
		return status_set(ST_NOT_FOUND,
				  _("no conflict for \"%s\": give the record's id (8 "
				    "characters or more)"),
				  "");
	st = conflict_query(db, id, 0, &list, &n);
	if (st != ST_OK)
		return st;
	/* An exact id wins over ids it is the start of. */
	for (i = 0; i < n; i++)
		if (strcmp(list[i].id, id) == 0)
			break;
	/* A start of an id needs 8 characters; another writer's whole id
	 * ("web-1", which sync names in its message) may be shorter. */
	if (n == 0 || (i == n && strlen(id) < 8))
		st =
		    status_set(ST_NOT_FOUND,
			       strlen(id) < 8 ? _("no conflict for \"%s\": give the record's id (8 "
						  "characters or more)")
					      : _("no conflict for \"%s\" (see 'salesterm conflict "
						  "list')"),
			       id);
	if (i < n && i > 0) {
		struct conflict t = list[0];

		list[0] = list[i];
		list[i] = t;
	}
	for (i = 1; st == ST_OK && i < n; i++)
		if (strcmp(list[i].id, list[0].id) != 0 && strcmp(list[0].id, id) != 0)
			st = status_set(ST_AMBIGUOUS,
					_("more than one conflicting record matches "
					  "\"%s\"; use the whole id"),
					id);
	if (st == ST_OK) {
		*out = list[0];
		memset(&list[0], 0, sizeof(list[0]));
	}
	conflict_list_free(list, n);
	return st;
}

/* The slot named key (a field key, "owner", "_deleted"/"deleted"), or -1. */
static int slot_index(const struct entity *e, const char *key)
{
	int i = entity_field_index(e, key);

	if (i >= 0)
		return i;
	if (strcmp(key, "owner") == 0)
		return (int)CONFLICT_OWNER(e);
	if (strcmp(key, "_deleted") == 0 || strcmp(key, "deleted") == 0)
		return (int)CONFLICT_DELETED(e);
	return -1;
}

/* Put the chosen value of slot i into r. */
static enum status choose(struct db *db, struct record *r, const struct conflict *c, size_t i,
			  const char *how)
{
	const struct entity *e = c->entity;
	const struct record *from = NULL;
	const char *key = conflict_slot_name(e, i);

	if (strcmp(how, "mine") == 0)
		from = c->mine;
	else if (strcmp(how, "theirs") == 0)
		from = c->theirs;
	else if (strcmp(how, "base") == 0) {
		if (c->base == NULL)
			return status_set(ST_INVALID,
					  _("%s: the base version of this record is not "
					    "kept here; choose mine, theirs or a value"),
					  key);
		from = c->base;
	}
	if (from) {
		const char *v = conflict_slot_value(from, i);

		if (i == CONFLICT_DELETED(e)) {
			r->deleted = from->deleted;
		} else if (i == CONFLICT_OWNER(e)) {
			free(r->owner);
			r->owner = xstrdup(v);
		} else {
			set_value(r, i, v);
			r->touched[i] = 1;
		}
		return ST_OK;
	}
	if (i == CONFLICT_DELETED(e)) {
		bool b;

		if (strcmp(how, "yes") == 0 || strcmp(how, "true") == 0 || strcmp(how, "1") == 0)
			b = true;
		else if (strcmp(how, "no") == 0 || strcmp(how, "false") == 0 ||
			 strcmp(how, "0") == 0)
			b = false;
		else
			return status_set(ST_INVALID,
					  _("_deleted: choose mine, theirs, base, yes or "
					    "no"));
		r->deleted = b;
		return ST_OK;
	}
	if (i == CONFLICT_OWNER(e)) {
		struct kv kv = { "owner", how };

		return record_input_all(db, r, &kv, 1);
	}
	return record_input(db, r, key, how);
}

enum status conflict_resolve(struct db *db, const char *id, const struct kv *choices, size_t n)
{
	struct conflict c;
	struct record *result = NULL, *row = NULL;
	struct store_leaf tomb = { 0 };
	unsigned char *given = NULL;
	struct strbuf missing = STRBUF_INIT;
	char *extra = NULL, *extra_had = NULL;
	enum status st;
	size_t i;

	st = conflict_get(db, id, &c);
	if (st != ST_OK)
		return st;
	given = xcalloc(CONFLICT_SLOTS(c.entity), 1);
	/* Start from the automatic merge: fields changed on one side only are settled. */
	conflict_merge(c.base, c.mine, c.theirs, &result, NULL);
	for (i = 0; i < n && st == ST_OK; i++) {
		int k = slot_index(c.entity, choices[i].key);

		if (k < 0)
			st = status_set(ST_USAGE, _("%s has no field \"%s\""), c.entity->name,
					choices[i].key);
		else
			st = choose(db, result, &c, (size_t)k, choices[i].value);
		if (st == ST_OK)
			given[k] = 1;
	}
	for (i = 0; st == ST_OK && i < CONFLICT_SLOTS(c.entity); i++) {
		if (c.conflicts[i] && !given[i]) {
			if (missing.len)
				strbuf_adds(&missing, ", ");
			strbuf_adds(&missing, conflict_slot_name(c.entity, i));
		}
	}
	if (st == ST_OK && missing.len)
		st = status_set(ST_USAGE,
				_("%s %s: say which value to keep for: %s (FIELD=mine, "
				  "theirs, base or a value)"),
				c.entity->name, c.id, missing.s);
	if (st != ST_OK)
		goto out;
	st = db_begin(db);
	if (st != ST_OK)
		goto out;
	/* The resolution is an edit of the current row (the winner)... */
	st = store_find(db, c.id, c.entity, &row);
	if (st == ST_OK && row == NULL)
		st = status_set(ST_NOT_FOUND, _("no %s with id %s"), c.entity->name, c.id);
	/* Other writers' members of both branches, merged as a pull merges
	 * them (pull.c): the resolution is sent with them, as a new revision
	 * even if the row keeps its values. */
	if (st == ST_OK)
		st = store_extra_merge(db, c.id, c.base ? c.base->rev : NULL, row->rev, c.leaf_rev,
				       &extra, &extra_had);
	if (st == ST_OK) {
		result->n = row->n;
		free(result->rev);
		result->rev = xstrdup(row->rev);
		result->new_rev = !doc_value_eq(extra, extra_had);
		/* record_update compares with the stored row and keeps its rev chain. */
		st = record_update(db, result);
	}
	if (st == ST_OK && result->new_rev)
		st = store_extra_put(db, c.id, result->rev, extra);
	/* ...and the other branch ends in a tombstone, so no replica sees it again. */
	if (st == ST_OK) {
		tomb.rev = revs_close(c.leaf_rev);
		tomb.entity = c.entity;
		tomb.deleted = true;
		tomb.pending = true;
		st = store_edge_put(db, c.id, tomb.rev, c.leaf_rev);
	}
	if (st == ST_OK) {
		char *body = NULL;
		sqlite3_stmt *s =
		    db_prepare(db, "SELECT body FROM sync_leaf WHERE doc = ? AND rev = ?");

		if (s) {
			sqlite3_bind_text(s, 1, c.id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(s, 2, c.leaf_rev, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(s) == SQLITE_ROW)
				body = db_column_strdup(s, 0);
			sqlite3_reset(s);
		}
		if (body)
			st = store_body_put(db, c.id, c.leaf_rev, body);
		free(body);
	}
	if (st == ST_OK)
		st = store_leaf_delete(db, c.id, c.leaf_rev);
	if (st == ST_OK)
		st = store_leaf_put(db, c.id, &tomb);
	/* Both ends deleted: the tombstone may outrank the resolution. */
	if (st == ST_OK)
		st = store_settle(db, c.entity, c.id);
	if (st == ST_OK)
		st = db_commit(db);
	else
		db_rollback(db);
out:
	free(extra);
	free(extra_had);
	free(tomb.rev);
	free(tomb.at);
	strbuf_release(&missing);
	free(given);
	record_free(&result);
	record_free(&row);
	conflict_clear(&c);
	return st;
}
