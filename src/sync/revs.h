/* revs.h - revision ids and revision trees, as CouchDB defines them.
 *
 * A revision is "N-hash": N the generation (1 for a new document, +1 per
 * edit), hash an opaque signature. A document's revisions form a tree;
 * its leaves are the current versions of its branches. Every peer picks the
 * same winner among the leaves (revs_winner()), so replicas agree without
 * talking to each other. Pure functions, no database: src/sync/pull.c
 * loads a document's tree from sync_rev and hands it here.
 */
#ifndef SALESTERM_SYNC_REVS_H
#define SALESTERM_SYNC_REVS_H

#include <stdbool.h>
#include <stddef.h>

/* CouchDB's default revs_limit: how many ancestors a document remembers. */
#define REVS_LIMIT_DEFAULT 1000

/* Parse "N-hash": N a positive decimal (no sign, no leading zero), hash 1-64
 * letters and digits. *gen and *hash (may be NULL) get the parts; hash points
 * into rev. False if rev is not of that form. */
bool revs_parse(const char *rev, long *gen, const char **hash);
/* The generation of a valid rev, 0 for anything else (including ""). */
long revs_gen(const char *rev);

/* Order revisions by generation, then hash as bytes: <0, 0, >0. */
int revs_cmp(const char *a, const char *b);

struct revs_leaf {
	const char *rev;
	bool deleted;
};

/* Index of the winning leaf: a live leaf beats a deleted one, then the
 * highest revs_cmp(). -1 if n is 0. */
int revs_winner(const struct revs_leaf *leaves, size_t n);

/* The md5 of len bytes as 32 lowercase hex digits. */
void revs_md5_hex(const void *data, size_t len, char out[33]);

/* A deterministic child of parent (NULL or "" for a new document): the next
 * generation with the md5 of parent and payload. Two peers that make the
 * same change to the same revision get the same id, so a merge computed on
 * both sides is one revision, not a new conflict. Caller frees. */
char *revs_derive(const char *parent, const char *payload);

/* The bare tombstone that closes the branch ending in leaf (a branch merged
 * into another, or the losing side of a resolved conflict): a child of leaf
 * that every replica computes alike. Caller frees. */
char *revs_close(const char *leaf);
/* Is rev, a child of parent, the tombstone revs_close(parent) makes? A bare
 * tombstone that is not is a deletion of its parent's version by some other
 * client (a plain HTTP DELETE, PouchDB's remove()). */
bool revs_is_close(const char *rev, const char *parent);

/* ---- a document's revision tree ---- */

struct revs_edge {
	char *rev;
	char *parent; /* NULL: a root, or history cut off here */
};

struct revs_tree {
	struct revs_edge *edges;
	size_t n, cap;
};

void revs_tree_init(struct revs_tree *t);
void revs_tree_clear(struct revs_tree *t);
/* Add rev with parent (NULL: unknown). An existing rev keeps its parent unless
 * that was unknown. Copies the strings. */
void revs_tree_add(struct revs_tree *t, const char *rev, const char *parent);
/* Add a history as CouchDB sends it in _revisions: start, and ids newest
 * first (ids[0] is the revision itself). False if it is malformed. */
bool revs_tree_add_path(struct revs_tree *t, long start, const char *const *ids, size_t nids);
/* True if rev appears in the tree, as a revision or as a parent. */
bool revs_tree_has(const struct revs_tree *t, const char *rev);
/* The parent of rev, NULL if unknown or a root. */
const char *revs_tree_parent(const struct revs_tree *t, const char *rev);
/* True if a is b or an ancestor of b. */
bool revs_tree_is_ancestor(const struct revs_tree *t, const char *a, const char *b);
/* The nearest common ancestor of a and b (a or b themselves included), or
 * NULL. Points into a or into the tree. */
const char *revs_tree_common(const struct revs_tree *t, const char *a, const char *b);
/*
 * The history of rev as CouchDB's _revisions wants it: the hashes of rev and
 * its ancestors, newest first, at most limit of them, stopping where the tree
 * has a gap. *n gets the count; the array and its strings point into the
 * tree (free only the array). *start gets rev's generation.
 */
const char **revs_tree_path(const struct revs_tree *t, const char *rev, size_t limit, long *start,
			    size_t *n);

#endif
