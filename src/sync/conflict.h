/* conflict.h - three-way field merges, and the conflicts a user resolves.
 *
 * When two replicas edit the same record, the revision tree gets two
 * leaves. The common ancestor ("base") decides per field: a field changed on
 * one side only takes that side's value; a field changed on both sides to
 * different values is a conflict. Records with no conflicting field are
 * merged automatically (src/sync/pull.c); the others keep both
 * versions: the winner in the record's row, the loser in sync_leaf, until
 * the user picks per field (conflict_resolve()).
 *
 * A deletion on one side and an edit on the other is always a conflict
 * (the pseudo-field "_deleted"), never a silent resurrection or loss.
 */
#ifndef SALESTERM_SYNC_CONFLICT_H
#define SALESTERM_SYNC_CONFLICT_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

struct db;
struct entity;
struct kv;
struct record;

/* Index of the pseudo-fields after the descriptor fields in a conflicts array. */
#define CONFLICT_OWNER(e) ((e)->nfields)
#define CONFLICT_DELETED(e) ((e)->nfields + 1)
#define CONFLICT_SLOTS(e) ((e)->nfields + 2)

/*
 * Merge a and b (same type and id) against base (NULL: unknown, then every
 * field that differs is a conflict). *out gets a new record with a's id and
 * rev: the merged values, conflicting fields keeping a's value. The newer
 * updated_at (with its author) and the older created_at win. conflicts
 * (CONFLICT_SLOTS(e) bytes, may be NULL) gets 1 per conflicting field, owner
 * and deletion. An amount and its currency merge as one value. Returns the
 * number of conflicts. Caller frees *out.
 */
size_t conflict_merge(const struct record *base, const struct record *a, const struct record *b,
		      struct record **out, unsigned char *conflicts);

/* One unresolved conflict: two versions of a record and their base. */
struct conflict {
	const struct entity *entity;
	char *id;
	char *leaf_rev;		  /* the losing branch (sync_leaf) */
	struct record *mine;	  /* the version written here (or the record's current one) */
	struct record *theirs;	  /* the other version */
	struct record *base;	  /* the common ancestor, NULL if unknown */
	bool mine_is_row;	  /* mine is the record's current row (the winner) */
	unsigned char *conflicts; /* CONFLICT_SLOTS(entity) flags */
	size_t nconflicts;
	char *at; /* when it was found */
};

/*
 * Decide afresh which leaves of record doc (of type e) are open conflicts,
 * and their bases, from its revision tree, its row and the versions kept
 * here alone (the rule is at leaf_state() in conflict.c), and store that in
 * sync_leaf. Called whenever the tree or the row changes (pull, settling,
 * resolving), so the same tree gives the same conflicts on every replica.
 * opened (may be NULL) gets the revisions of leaves that were not open and
 * now are; caller frees each and the array. In the caller's transaction.
 */
enum status conflict_refresh(struct db *db, const struct entity *e, const char *doc, char ***opened,
			     size_t *nopened);

/* Every open conflict, by type, title, id and leaf revision: the same order
 * on every replica. Caller frees with conflict_list_free(). */
enum status conflict_list(struct db *db, struct conflict **out, size_t *n);
/* The oldest limit of them (limit > 0), for a screen. */
enum status conflict_list_first(struct db *db, long limit, struct conflict **out, size_t *n);
void conflict_list_free(struct conflict *c, size_t n);
/* The number of open conflicts (0 on error). */
long conflict_count(struct db *db);

/* The open conflict of the record with this id (or unique id prefix of 8+
 * characters). ST_NOT_FOUND if there is none. Caller frees with
 * conflict_clear(). */
enum status conflict_get(struct db *db, const char *id, struct conflict *out);
void conflict_clear(struct conflict *c);

/* The name of conflict slot i: a field key, "owner" or "_deleted". */
const char *conflict_slot_name(const struct entity *e, size_t i);
/* The canonical value of slot i of r ("1"/"0" for _deleted). */
const char *conflict_slot_value(const struct record *r, size_t i);
/* The names of the conflicting slots of k, joined by ", ". Caller frees. */
char *conflict_fields_text(const struct conflict *k);
/* Slot i of r for people: names for references, decimals for amounts,
 * "deleted" or "live" for _deleted. Caller frees. */
char *conflict_slot_display(struct db *db, const struct record *r, size_t i);

/*
 * Resolve the conflict of record id: choices are key=mine|theirs|base|VALUE
 * for its conflicting fields (VALUE is read like 'edit' reads it); fields not
 * named must not be in conflict, or ST_USAGE says which are missing. Writes
 * the result as a new revision of the record (checked like any edit, for the
 * current user) and a tombstone that closes the other branch, in one
 * transaction; both sync like any other change.
 */
enum status conflict_resolve(struct db *db, const char *id, const struct kv *choices, size_t n);

#endif
