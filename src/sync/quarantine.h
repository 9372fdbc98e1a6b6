/* quarantine.h - keeping what the server sent and this database cannot store.
 *
 * For pull.c: a document that does not fit salesterm's schema (unknown type,
 * a required field missing or of the wrong JSON type, text that is not
 * UTF-8) is kept verbatim in sync_quarantine (0003-quarantine.sql) with its
 * revision and the reason, instead of stopping the pull. Front ends read it
 * through sync.h (sync_quarantine_list()). Both functions run inside the
 * caller's transaction.
 */
#ifndef SALESTERM_SYNC_QUARANTINE_H
#define SALESTERM_SYNC_QUARANTINE_H

#include <cjson/cJSON.h>

#include "status.h"

struct db;

/* Keep doc (which has a string _id) from remote, refused for reason (a
 * message that names the document and field); replaces what was kept for
 * the same document. */
enum status quarantine_put(struct db *db, const char *remote, const cJSON *doc, const char *reason);
/* The document id from remote has been stored or deleted: forget it. */
enum status quarantine_drop(struct db *db, const char *remote, const char *id);

#endif
