/* quarantine.c - documents from the server that cannot be stored here. */
#include "sync/quarantine.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "json.h"
#include "sync/doc.h"
#include "sync/sync.h"
#include "utf8.h"
#include "xalloc.h"

enum status quarantine_put(struct db *db, const char *remote, const cJSON *doc, const char *reason)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(doc, "_id");
	const cJSON *rev = cJSON_GetObjectItemCaseSensitive(doc, "_rev");
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(doc, "type");
	sqlite3_stmt *s;
	char now[21], *body;
	int rc;

	if (!cJSON_IsString(id) || id->valuestring == NULL)
		return status_set(ST_INVALID, _("the server sent a document without an _id"));
	s = db_prepare(db,
		       "INSERT OR REPLACE INTO sync_quarantine "
		       "(doc, remote, rev, type, reason, body, at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (s == NULL)
		return ST_DB;
	clock_iso_utc(clock_now(), now);
	body = json_print_exact(doc);
	sqlite3_bind_text(s, 1, id->valuestring, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, remote, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, cJSON_IsString(rev) && rev->valuestring ? rev->valuestring : "", -1,
			  SQLITE_TRANSIENT);
	if (cJSON_IsString(type) && type->valuestring)
		sqlite3_bind_text(s, 4, type->valuestring, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, 4);
	sqlite3_bind_text(s, 5, reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 6, body ? body : "null", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 7, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	free(body);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, _("keeping a document that cannot be stored"));
	return ST_OK;
}

enum status quarantine_drop(struct db *db, const char *remote, const char *id)
{
	sqlite3_stmt *s =
	    db_prepare(db, "DELETE FROM sync_quarantine WHERE doc = ? AND remote = ?");
	int rc;

	if (s == NULL)
		return ST_DB;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, remote, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, _("saving sync state"));
	return ST_OK;
}

long sync_quarantine_count(struct db *db)
{
	sqlite3_stmt *s = db_prepare(db, "SELECT count(*) FROM sync_quarantine");
	long n = 0;

	if (s && sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	if (s)
		sqlite3_reset(s);
	return n;
}

/* Text from the server as one printable line: bytes that are not UTF-8 and
 * control characters become '?'. Caller frees. */
static char *printable(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	size_t len = (size_t)sqlite3_column_bytes(s, col), i = 0, k;
	char *out;

	if (t == NULL)
		return NULL;
	out = xmalloc(len + 1);
	while (i < len) {
		/* The length of the sequence t[i] starts, if it is valid UTF-8. */
		k = t[i] < 0x80			  ? 1
		    : t[i] >= 0xc2 && t[i] < 0xe0 ? 2
		    : t[i] >= 0xe0 && t[i] < 0xf0 ? 3
		    : t[i] >= 0xf0 && t[i] < 0xf5 ? 4
						  : 0;
		if (k > 1 && i + k <= len && utf8_valid((const char *)t + i, k)) {
			memcpy(out + i, t + i, k);
			i += k;
			continue;
		}
		out[i] = k == 1 && t[i] >= 0x20 && t[i] != 0x7f ? (char)t[i] : '?';
		i++;
	}
	out[len] = '\0';
	return out;
}

enum status sync_quarantine_list(struct db *db, long limit, struct sync_quarantined **out,
				 size_t *n)
{
	sqlite3_stmt *s = db_prepare(db, "SELECT doc, type, rev, remote, reason, at "
					 "FROM sync_quarantine ORDER BY at, doc LIMIT ?");
	struct sync_quarantined *list = NULL;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return ST_DB;
	sqlite3_bind_int64(s, 1, limit > 0 ? limit : -1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		list = xreallocarray(list, k + 1, sizeof(*list));
		list[k].id = printable(s, 0);
		list[k].type = printable(s, 1);
		list[k].rev = printable(s, 2);
		list[k].remote = db_column_strdup(s, 3);
		list[k].reason = printable(s, 4);
		/* Without the "document ID (type): " of the columns beside it:
		 * at 80 columns the reason itself was cut. */
		if (list[k].reason && list[k].id) {
			size_t skip = doc_error_prefix(list[k].reason, list[k].id, list[k].type);

			memmove(list[k].reason, list[k].reason + skip,
				strlen(list[k].reason + skip) + 1);
		}
		list[k].at = db_column_strdup(s, 5);
		k++;
	}
	sqlite3_reset(s);
	*out = list;
	*n = k;
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading the quarantined documents"));
}

void sync_quarantine_free(struct sync_quarantined *q, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(q[i].id);
		free(q[i].type);
		free(q[i].rev);
		free(q[i].remote);
		free(q[i].reason);
		free(q[i].at);
	}
	free(q);
}
