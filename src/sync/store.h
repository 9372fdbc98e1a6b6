/* store.h - the local side of sync: revision trees, leaves, saved bodies.
 *
 * The SQL of the sync tables of 0002-sync.sql, for push.c, pull.c and
 * conflict.c. Every function runs inside the caller's transaction where it
 * writes.
 */
#ifndef SALESTERM_SYNC_STORE_H
#define SALESTERM_SYNC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "sync/revs.h"

struct db;
struct entity;
struct record;

/* What a pending change is - the one definition, for the counts and lists
 * of sync.h and for push.c: a row whose last write has not been pushed, and
 * a version of ours kept beside the row (it lost to the server's) that has
 * not been pushed. Bare tombstones closing a resolved branch (pending leaves
 * without a body) travel with the resolution and are not counted. SQL
 * conditions on one table's unqualified columns. A row is marked dirty only
 * with a new revision (record_stamp(), pull), so "dirty = 1" alone is
 * answered by the (seq) WHERE dirty index, without reading the rows. */
#define STORE_PENDING_ROW "dirty = 1"
#define STORE_PENDING_LEAF "pending = 1 AND body IS NOT NULL"

/* The record with this id, in hint's table if given (and then only there),
 * else in any table. *out is NULL (and ST_OK) if there is none. Caller frees. */
enum status store_find(struct db *db, const char *id, const struct entity *hint,
		       struct record **out);

/* The version rev of doc (of type e) kept here: a leaf's body or a saved
 * body; NULL if not kept. Caller frees. */
struct record *store_kept_version(struct db *db, const struct entity *e, const char *doc,
				  const char *rev);

/* The revision tree of doc from sync_rev, added to t. */
enum status store_tree_load(struct db *db, const char *doc, struct revs_tree *t);
/* Record rev's parent (NULL: a root or unknown); a known unknown parent is filled in. */
enum status store_edge_put(struct db *db, const char *doc, const char *rev, const char *parent);
/* Forget the revisions of doc more than limit generations below maxgen. */
enum status store_tree_prune(struct db *db, const char *doc, long maxgen, long limit);
/* How many ancestors a document keeps (meta sync.revs_limit, else CouchDB's 1000). */
long store_revs_limit(struct db *db);

struct store_leaf {
	char *rev;
	const struct entity *entity;
	bool deleted;
	char *body;   /* canonical body; NULL for a bare tombstone */
	bool open;    /* a conflict to resolve */
	char *base;   /* rev of the common ancestor, or NULL */
	bool pending; /* not yet pushed */
	int64_t seq;
	char *at;
};

/* The other leaves of doc. Caller frees with store_leaves_free(). */
enum status store_leaves_load(struct db *db, const char *doc, struct store_leaf **out, size_t *n);
void store_leaves_free(struct store_leaf *l, size_t n);
/* Insert or replace a leaf; a pending leaf gets a new change sequence. */
enum status store_leaf_put(struct db *db, const char *doc, struct store_leaf *l);
enum status store_leaf_delete(struct db *db, const char *doc, const char *rev);

/* A saved body of doc at rev, or NULL. Caller frees. */
char *store_body_get(struct db *db, const char *doc, const char *rev);
enum status store_body_put(struct db *db, const char *doc, const char *rev, const char *body);

/* Keep extra, the members of revision rev of doc that salesterm does not
 * know of (doc_extra()), in place of those of its older revisions; extra
 * NULL (a revision without any): drop those, the writer took them out. */
enum status store_extra_put(struct db *db, const char *doc, const char *rev, const char *extra);
/* The members kept for rev or its nearest ancestor that had any, to send
 * with rev, into *out: NULL if none. Caller frees. */
enum status store_extra_get(struct db *db, const char *doc, const char *rev, char **out);
/* The members of the merge of revisions a and b of doc (doc_extra_merge()
 * from their common ancestor base, NULL if unknown) into *out, and a's into
 * *a_had. Caller frees both. */
enum status store_extra_merge(struct db *db, const char *doc, const char *base, const char *a,
			      const char *b, char **out, char **a_had);

/*
 * The version rev of a record as a record: row itself if row->rev is rev, a
 * leaf's body, or a saved body. NULL if that version is not kept here.
 * Caller frees.
 */
struct record *store_version(struct db *db, const struct record *row, const char *rev);

/*
 * After a local change that added leaves (a conflict resolution): if one of
 * doc's leaves now outranks the row by CouchDB's rule, it becomes the row
 * (a bare tombstone takes the content of the best leaf that has one) and the
 * row's version becomes a leaf, as every other replica will see it.
 */
enum status store_settle(struct db *db, const struct entity *e, const char *doc);
/* store_settle() every record that has other leaves, in one transaction: a
 * local edit (a deletion, say) may have changed which leaf wins. */
enum status store_settle_all(struct db *db);
/* Mark a leaf as a conflict to decide, or not. */
enum status store_leaf_open(struct db *db, const char *doc, const char *rev, bool open);
/* Set a leaf's open flag and base (NULL: unknown) as conflict_refresh() decided. */
enum status store_leaf_mark(struct db *db, const char *doc, const char *rev, bool open,
			    const char *base);

#endif
