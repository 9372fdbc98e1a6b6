/* record.h - generic create/read/update/delete/list/search over the descriptors.
 *
 * A struct record holds one row of any type as canonical text per field (see
 * record_input() for the forms). Every write is one transaction that also
 * maintains the search index, the change sequence and the author, and checks
 * the current user's rights (src/user.h). Type-specific rules are called
 * through the table of src/rules.h; nothing here knows a particular type.
 */
#ifndef SALESTERM_RECORD_H
#define SALESTERM_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "entity.h"
#include "status.h"

struct db;

struct record {
	const struct entity *entity;
	int64_t n;	  /* local row number, 0 before insert */
	char *id;	  /* UUID */
	char *rev;	  /* sync revision */
	char *created_at; /* UTC ISO-8601 */
	char *updated_at;
	char *owner;	  /* user id */
	char *updated_by; /* user id of the last author */
	bool deleted;
	int64_t seq; /* local change sequence of the last write */
	bool dirty;  /* not yet pushed */
	/*
	 * One canonical value per entity field, NULL when empty:
	 * text as typed (trimmed), enums as listed, ints and bools as decimal
	 * ("0"/"1"), money as integer minor units ("1250050"), dates
	 * "YYYY-MM-DD", date-times UTC "YYYY-MM-DDTHH:MM:SSZ", refs as ids,
	 * tags as "a,b,c".
	 */
	char **values;
	unsigned char *touched; /* fields given by the caller in this write */
	/* record_update() writes a new revision even if no value changed (a
	 * conflict's resolution that carries other writers' members). */
	bool new_rev;
};

struct kv {
	const char *key;
	const char *value;
};

/* A new empty record of type e with the descriptor defaults. Caller frees
 * with record_free(). */
struct record *record_new(const struct entity *e);
/* A deep copy. Caller frees. */
struct record *record_dup(const struct record *r);
void record_free(struct record **rp);

/* Canonical value of a field or a system column ("id", "owner", ...); NULL if
 * empty or unknown. Owned by the record. */
const char *record_get(const struct record *r, const char *key);
/* Set a canonical value (copied; NULL clears) and mark the field touched. */
void record_set(struct record *r, const char *key, const char *value);
bool record_touched(const struct record *r, const char *key);

/*
 * Parse what a user typed for one field into its canonical form and store it:
 * checks UTF-8, control characters, length, the field's type, enum values,
 * and resolves references given by name. Money is read in the currency the
 * record has at that moment (or the database default). An empty text clears
 * the field. Returns ST_OK, or ST_INVALID/ST_AMBIGUOUS with a message naming
 * the record type, field and reason; the record is unchanged on error.
 */
enum status record_input(struct db *db, struct record *r, const char *key, const char *text);
/* record_input() for each pair, currencies first so amounts use them. Also
 * accepts "owner". Stops at the first error. */
enum status record_input_all(struct db *db, struct record *r, const struct kv *kv, size_t n);

/* Resolve what a user typed for a reference (id, unique id prefix of 8+
 * characters, or an unambiguous name) to an id. ref is an entity name or
 * "customer". *type_out (may be NULL) gets the type found. Caller frees *id. */
enum status record_resolve(struct db *db, const char *ref, const char *text, char **id,
			   const struct entity **type_out);

/* Load by exact id (deleted records too). ST_NOT_FOUND if missing. */
enum status record_load(struct db *db, const struct entity *e, const char *id, struct record **out);
/* Load by id, id prefix or unambiguous name, as record_resolve(). */
enum status record_find(struct db *db, const struct entity *e, const char *text,
			struct record **out);

/*
 * Writes. Each is one transaction (nested in the caller's if one is open),
 * checks required fields, references, uniqueness and the type's rules, and
 * the current user's right to write. On error nothing is written.
 * record_insert assigns id (unless set), owner (unless set), timestamps and
 * seq into r. record_update writes r over the stored record of the same id.
 */
enum status record_insert(struct db *db, struct record *r);
enum status record_update(struct db *db, struct record *r);
/*
 * Insert ref, a new record r refers to by field key (a contact's new
 * account), then r with key set to it: one transaction, so neither is
 * written unless both are. On error r's key is cleared and ref's id too.
 */
enum status record_insert_with_ref(struct db *db, struct record *r, const char *key,
				   struct record *ref);
/*
 * Store r exactly as given - rev, timestamps, owner, deleted, dirty - for
 * sync, which applies what the server holds: inserts when r->n is 0 (and
 * sets it), else rewrites row r->n. No rights check and no type rules (the
 * author's client and the server's validate_doc_update ran them), but the
 * search index and the change sequence (r->seq) are kept up to date. One
 * transaction (nested in the caller's).
 */
enum status record_store(struct db *db, struct record *r);
/* Soft delete (tombstone) and its undo. */
enum status record_delete(struct db *db, const struct entity *e, const char *id);
enum status record_undelete(struct db *db, const struct entity *e, const char *id);

enum filter_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_LIKE };

struct filter {
	const char *key; /* a field key or "owner" */
	enum filter_op op;
	const char *value; /* as a user types it; parsed like record_input() */
};

/* Parse "key=value", "key!=value", "key<value", "key>=value", "key~text"
 * (contains). Pointers into a copy the caller frees with free(f->key). */
enum status filter_parse(const char *arg, struct filter *f);

/* The most filters one query takes (SQLite's expression depth is 1000). */
#define RECORD_MAX_FILTERS 500

struct record_query {
	const struct filter *filters;
	size_t nfilters;
	const char *sort_key; /* NULL: the type's default */
	bool desc;	      /* reverse of the sort key's natural order */
	int64_t limit;	      /* 0: no limit */
	bool include_deleted;
	/* Keyset paging: rows strictly after (or before) the row whose sort value
	 * is cursor_value and row number cursor_n. */
	bool after, before;
	const char *cursor_value;
	int64_t cursor_n;
};

/* Called per row; r is only valid during the call. Return non-zero to stop. */
typedef int (*record_cb)(struct db *db, const struct record *r, void *ctx);

/* Rows matching q in order; with q->before, rows come nearest-first (the
 * caller reverses them for display). */
enum status record_list(struct db *db, const struct entity *e, const struct record_query *q,
			record_cb cb, void *ctx);
enum status record_count(struct db *db, const struct entity *e, const struct record_query *q,
			 int64_t *count);

/*
 * A field's value as a person reads it: amounts with decimals, references
 * as the name of the record they point to, booleans as yes/no. Caller frees;
 * "" when empty.
 */
char *record_display(struct db *db, const struct record *r, const char *key);

/* The title of a record of any type with this id ("" if unknown). Caller frees. */
char *record_title_of(struct db *db, const char *ref, const char *id);

/* The start of id that lists show and lookups take for the whole id: as
 * many whole characters as fit in 8 display columns (8 characters of a
 * UUID; ids from other clients may be any text). out gets at most 32 bytes
 * and a NUL. */
void record_short_id(const char *id, char out[33]);

/* The record's name for messages: its title field, else its id. */
const char *record_name(const struct record *r);

/* The default currency of this database (meta "currency", else CNY). */
const char *record_default_currency(struct db *db);

/* The ISO code the amounts of money field money of r are in: its currency
 * field's value, or the database's currency. */
const char *record_currency(struct db *db, const struct record *r, const struct field *money);

/* A new sync revision "N-<32 hex>" following prev (NULL or "": the first),
 * for a write that stamps rows itself (account_grade()). Caller frees. */
char *record_next_rev(const char *prev);

#endif
