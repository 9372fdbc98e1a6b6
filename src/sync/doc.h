/* doc.h - records as CouchDB documents, and the canonical bodies kept for merges.
 *
 * One JSON document per record: _id, _rev, "type", the system keys owner,
 * created_at, updated_at and updated_by, and one key per descriptor field in
 * the form src/json.c writes (amounts as decimal strings in their currency,
 * numbers, true/false). A deleted record is a tombstone that keeps its body
 * ("_deleted": true), so a deletion can be undone and shown in a conflict. A
 * tombstone without a "type" ("bare") either closes a branch of the revision
 * tree (revs_close()) or is another client's deletion of its parent version
 * (src/sync/pull.c gives it that version's content).
 *
 * A "body" is the local, canonical form of one version: the record's
 * canonical values (record.h) as a JSON object, the shape the sync_history
 * triggers of 0002-sync.sql save. Bodies are compared and merged field by
 * field (src/sync/conflict.c) and hashed into deterministic revisions.
 */
#ifndef SALESTERM_SYNC_DOC_H
#define SALESTERM_SYNC_DOC_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "status.h"

struct db;
struct entity;
struct record;

/* The server document of r (with _deleted for a tombstone), without
 * _revisions. Caller frees with cJSON_Delete(). */
cJSON *doc_from_record(struct db *db, const struct record *r);

/* A document received from the server, checked and in local form. */
struct doc_in {
	char *id;
	char *rev;
	bool deleted;
	bool bare;	    /* a tombstone without a body */
	struct record *rec; /* the version as a record (id, rev, deleted set); NULL when bare */
	long start;	    /* _revisions: generation of rev, and hashes newest first */
	char **ids;
	size_t nids;
	char *extra; /* doc_extra()'s members of it as a JSON object, or NULL */
};

/*
 * Check a document from the server and turn it into a record: a known type,
 * a salesterm id, each field of the right JSON type and valid for its
 * descriptor (enums, ranges, dates, amounts, lengths, UTF-8), required fields
 * present on a live document. Unknown keys are kept aside in out->extra
 * (doc_extra()), to be sent again with the revisions made here on top of
 * this one. ST_INVALID with a message naming the document, type and field
 * if not; out is then empty. Caller frees with doc_in_clear().
 */
enum status doc_parse(struct db *db, const cJSON *doc, struct doc_in *out);
void doc_in_clear(struct doc_in *d);

/*
 * The members of doc, a document of type e, that salesterm does not know of
 * (another writer's fields, _attachments), as a JSON object: NULL if none.
 * A member whose text is not UTF-8 (an escape refused by couch.c) is left
 * out. Caller frees.
 */
char *doc_extra(const struct entity *e, const cJSON *doc);
/* doc (from doc_from_record()) with the members of extra (doc_extra()'s
 * text) it has no key of. */
void doc_add_extra(cJSON *doc, const char *extra);

/* The members of a merge of versions a and b (doc_extra() texts, NULL for
 * none) from their common ancestor's base: per member, the side that
 * changed it (removed included), a's where both did. NULL if none are
 * left. Caller frees. */
char *doc_extra_merge(const char *base, const char *a, const char *b);

/* The canonical body of r: {"owner":..., "created_at":..., "updated_at":...,
 * "updated_by":..., "deleted":0|1, field: value, ...} with integer fields as
 * numbers, in descriptor order, so equal versions give equal text. Caller
 * frees. */
char *doc_body(const struct record *r);
/* A record of type e from a body (as doc_body() or the triggers write it),
 * with id and rev set. NULL if body is not such an object. Caller frees. */
struct record *doc_body_parse(const struct entity *e, const char *id, const char *rev,
			      const char *body);

/* The length of the "document ID (type): " that reason, a message about
 * document id of type type (NULL: not known), starts with as doc_parse()
 * writes it in this language; 0 if it starts otherwise. */
size_t doc_error_prefix(const char *reason, const char *id, const char *type);

/* Are two canonical values equal (NULL equals NULL)? */
bool doc_value_eq(const char *a, const char *b);

#endif
