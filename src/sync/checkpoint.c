/* checkpoint.c - where a replication has got to, on both sides.
 *
 * A checkpoint is a _local/ document on the server and a row of
 * sync_checkpoint here, with a replication id (the md5 of this database's
 * sync.uuid, the remote's URL and the direction) and a history of sessions,
 * as CouchDB's replication protocol defines them. A run resumes from the
 * newest session both sides remember; with none, it starts from scratch.
 */
#include "sync/sync.h"

#include <inttypes.h>
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
#include "validate.h"
#include "xalloc.h"

#define CKPT_HISTORY 10

void ckpt_clear(struct ckpt *ck)
{
	free(ck->since);
	free(ck->remote_rev);
	cJSON_Delete(ck->history);
	memset(ck, 0, sizeof(*ck));
}

/* This database's replication identity (meta sync.uuid), made on first use. */
enum status repl_uuid(struct repl *p)
{
	char id[37];

	p->uuid = db_meta_get(p->db, "sync.uuid");
	if (p->uuid)
		return ST_OK;
	uuid_v4(id);
	p->uuid = xstrdup(id);
	return p->o->dry_run ? ST_OK : db_meta_set(p->db, "sync.uuid", id);
}

/* Is session in a history array (or the top-level session of a remote doc)? */
static const cJSON *history_find(const cJSON *history, const char *session)
{
	const cJSON *h;

	cJSON_ArrayForEach(h, history)
	{
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(h, "session_id");

		if (cJSON_IsString(s) && strcmp(s->valuestring, session) == 0)
			return h;
	}
	return NULL;
}

enum status ckpt_load(struct repl *p, const char *direction, struct ckpt *ck)
{
	char *key = xasprintf("salesterm\n%s\n%s\n%s", p->uuid, p->remote.url, direction);
	char *local_session = NULL, *local_seq = NULL, *local_hist = NULL;
	cJSON *remote = NULL;
	const cJSON *rsess, *rhist, *rrev, *h;
	sqlite3_stmt *s;
	enum status st;

	memset(ck, 0, sizeof(*ck));
	revs_md5_hex(key, strlen(key), ck->rep_id);
	free(key);
	s = db_prepare(p->db, "SELECT session_id, last_seq, history FROM sync_checkpoint "
			      "WHERE remote = ? AND direction = ?");
	if (s == NULL)
		return ST_DB;
	sqlite3_bind_text(s, 1, p->remote.name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, direction, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		local_session = db_column_strdup(s, 0);
		local_seq = db_column_strdup(s, 1);
		local_hist = db_column_strdup(s, 2);
	}
	sqlite3_reset(s);
	ck->history = local_hist ? cJSON_Parse(local_hist) : NULL;
	if (!cJSON_IsArray(ck->history)) {
		cJSON_Delete(ck->history);
		ck->history = cJSON_CreateArray();
	}
	st = couch_local_get(p->c, ck->rep_id, &remote);
	if (st != ST_OK)
		goto out;
	rrev = cJSON_GetObjectItemCaseSensitive(remote, "_rev");
	if (cJSON_IsString(rrev))
		ck->remote_rev = xstrdup(rrev->valuestring);
	rsess = cJSON_GetObjectItemCaseSensitive(remote, "session_id");
	rhist = cJSON_GetObjectItemCaseSensitive(remote, "history");
	if (local_session == NULL || remote == NULL || !cJSON_IsString(rsess)) {
		/* Nothing on one side: a new replication, or a server database that was
		 * recreated. Start from the beginning; _revs_diff skips what is there. */
		ck->since = xstrdup("0");
		ck->fresh = true;
		goto out;
	}
	if (strcmp(local_session, rsess->valuestring) == 0) {
		const cJSON *rseq = cJSON_GetObjectItemCaseSensitive(remote, "last_seq");
		char *rtext = rseq ? cJSON_PrintUnformatted(rseq) : NULL;

		/* The same session, but the server's checkpoint is an earlier one
		 * of it (a run cut off before its last remote write, or a server
		 * restored from a backup taken during the run): that is the point
		 * both sides have. */
		if (rtext && strcmp(rtext, local_seq) != 0) {
			ck->since = rtext;
			ck->behind = true;
		} else {
			ck->since = xstrdup(local_seq);
			free(rtext);
		}
		goto out;
	}
	/* Different last sessions (a run was cut off between the two writes):
	 * the newest session both remember. */
	cJSON_ArrayForEach(h, ck->history)
	{
		const cJSON *sess = cJSON_GetObjectItemCaseSensitive(h, "session_id");
		const cJSON *seq = cJSON_GetObjectItemCaseSensitive(h, "last_seq");

		if (!cJSON_IsString(sess) || seq == NULL)
			continue;
		if (strcmp(sess->valuestring, rsess->valuestring) == 0 ||
		    (cJSON_IsArray(rhist) && history_find(rhist, sess->valuestring))) {
			ck->since = cJSON_PrintUnformatted(seq);
			ck->behind = true;
			break;
		}
	}
	if (ck->since == NULL) {
		ck->since = xstrdup("0");
		ck->fresh = true;
	}
out:
	cJSON_Delete(remote);
	free(local_session);
	free(local_seq);
	free(local_hist);
	if (st != ST_OK)
		ckpt_clear(ck); /* the callers return at once, owning nothing */
	return st;
}

/* Record last_seq here (inside the batch's transaction). */
enum status ckpt_save_local(struct repl *p, const char *direction, struct ckpt *ck,
			    const char *last_seq)
{
	cJSON *hist = cJSON_CreateArray(), *entry = cJSON_CreateObject(), *h, *seq;
	char now[21], *text;
	sqlite3_stmt *s;
	int kept = 1, rc;

	seq = cJSON_Parse(last_seq);
	cJSON_AddStringToObject(entry, "session_id", p->session);
	cJSON_AddItemToObject(entry, "last_seq", seq ? seq : cJSON_CreateString(last_seq));
	cJSON_AddItemToArray(hist, entry);
	cJSON_ArrayForEach(h, ck->history)
	{
		const cJSON *sess = cJSON_GetObjectItemCaseSensitive(h, "session_id");

		if (kept >= CKPT_HISTORY || !cJSON_IsString(sess) ||
		    strcmp(sess->valuestring, p->session) == 0)
			continue;
		cJSON_AddItemToArray(hist, cJSON_Duplicate(h, 1));
		kept++;
	}
	cJSON_Delete(ck->history);
	ck->history = hist;
	text = cJSON_PrintUnformatted(hist);
	clock_iso_utc(clock_now(), now);
	s = db_prepare(p->db,
		       "INSERT OR REPLACE INTO sync_checkpoint (remote, direction, rep_id, "
		       "session_id, last_seq, history, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (s == NULL) {
		free(text);
		return ST_DB;
	}
	sqlite3_bind_text(s, 1, p->remote.name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, direction, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, ck->rep_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, p->session, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, last_seq, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 6, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 7, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	free(text);
	free(ck->since);
	ck->since = xstrdup(last_seq);
	return rc == SQLITE_DONE ? ST_OK : db_error(p->db, rc, _("saving a checkpoint"));
}

/* The _local checkpoint document as the server should have it. */
cJSON *ckpt_remote_doc(struct repl *p, struct ckpt *ck)
{
	cJSON *doc = cJSON_CreateObject(), *seq = cJSON_Parse(ck->since);

	if (ck->remote_rev)
		cJSON_AddStringToObject(doc, "_rev", ck->remote_rev);
	cJSON_AddStringToObject(doc, "session_id", p->session);
	cJSON_AddItemToObject(doc, "last_seq", seq ? seq : cJSON_CreateString(ck->since));
	cJSON_AddItemToObject(doc, "history", cJSON_Duplicate(ck->history, 1));
	cJSON_AddStringToObject(doc, "replicator", "salesterm");
	cJSON_AddNumberToObject(doc, "version", 1);
	return doc;
}

/* Record the checkpoint on the server (after the batch committed here). */
enum status ckpt_save_remote(struct repl *p, struct ckpt *ck)
{
	cJSON *doc = ckpt_remote_doc(p, ck);
	const cJSON *rev;
	enum status st;

	st = couch_local_put(p->c, ck->rep_id, doc);
	rev = cJSON_GetObjectItemCaseSensitive(doc, "_rev");
	if (st == ST_OK && cJSON_IsString(rev)) {
		free(ck->remote_rev);
		ck->remote_rev = xstrdup(rev->valuestring);
	}
	cJSON_Delete(doc);
	return st;
}
