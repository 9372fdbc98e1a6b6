/* replicate.c - a sync run with one remote: push, then pull, then push merges.
 *
 * The protocol is split by phase: checkpoint.c (where each direction has
 * got to), push.c (local changes out), pull.c (the server's changes in and
 * merged); store.c holds the SQL of the sync tables. This file opens a run,
 * drives the phases, logs the run, and answers the front ends' questions
 * about sync state.
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

#define SYNC_BATCH_DEFAULT 1000
#define SYNC_BATCH_MAX 10000

bool repl_cancelled(const struct repl *p)
{
	return p->o->cancel && *p->o->cancel;
}

void repl_progress(struct repl *p, enum sync_phase phase)
{
	struct sync_progress pr = { phase, p->remote.name, p->done, p->total };

	if (p->o->progress)
		p->o->progress(&pr, p->o->progress_ctx);
}

void repl_report(struct repl *p, enum sync_change_kind kind, const struct entity *e, const char *id,
		 const char *rev, const struct record *before, const struct record *after,
		 const char *reason)
{
	struct sync_change ch = { kind, e, id, rev, before, after, reason };

	if (p->o->change)
		p->o->change(p->db, &ch, p->o->change_ctx);
}

/* ---- a run ---- */

static enum status repl_open(struct db *db, const struct sync_options *o, struct repl *p,
			     struct sync_result *res)
{
	struct couch_config cc = { 0 };
	const char *env = getenv("SALESTERM_SYNC_BATCH");
	enum status st;

	memset(p, 0, sizeof(*p));
	p->server_docs = -1;
	p->db = db;
	p->o = o;
	p->res = res;
	st = sync_remote_get(db, o->remote, &p->remote);
	if (st != ST_OK)
		return st;
	p->batch = o->batch > 0 ? o->batch : SYNC_BATCH_DEFAULT;
	if (env && atol(env) > 0)
		p->batch = atol(env);
	if (p->batch > SYNC_BATCH_MAX)
		p->batch = SYNC_BATCH_MAX;
	p->revs_limit = store_revs_limit(db);
	p->me = user_current_id(db);
	uuid_v4(p->session);
	cc.url = p->remote.url;
	cc.login = o->login;
	cc.password = o->password;
	cc.insecure = p->remote.insecure;
	cc.cacert = p->remote.cacert;
	cc.cancel = o->cancel;
	p->cfg = cc;
	return couch_open(&cc, &p->c);
}

static void repl_close(struct repl *p)
{
	if (p->c) {
		p->res->requests += couch_requests(p->c);
		p->res->retries += couch_retries(p->c);
	}
	couch_close(&p->c);
	couch_close(&p->side);
	sync_remote_clear(&p->remote);
	free(p->uuid);
	free(p->me);
}

/* Start (n = 0) or finish a row of the run log. */
static int64_t run_log(struct repl *p, int64_t n, enum status st)
{
	sqlite3_stmt *s;
	char now[21];

	if (p->o->dry_run || db_readonly(p->db))
		return 0;
	clock_iso_utc(clock_now(), now);
	if (n == 0) {
		s = db_prepare(p->db, "INSERT INTO sync_run (remote, started_at) VALUES (?, ?) "
				      "RETURNING n");
		if (s == NULL)
			return 0;
		sqlite3_bind_text(s, 1, p->remote.name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, now, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(s) == SQLITE_ROW)
			n = sqlite3_column_int64(s, 0);
		while (sqlite3_step(s) == SQLITE_ROW)
			;
		sqlite3_reset(s);
		/* Keep the log short. */
		db_exec(p->db,
			"DELETE FROM sync_run WHERE n <= (SELECT max(n) FROM sync_run) - 200");
		return n;
	}
	s = db_prepare(p->db,
		       "UPDATE sync_run SET ended_at = ?, pushed = ?, pulled = ?, merged = ?, "
		       "conflicts = ?, rejected = ?, ok = ?, message = ? WHERE n = ?");
	if (s == NULL)
		return n;
	sqlite3_bind_text(s, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, p->res->pushed);
	sqlite3_bind_int64(s, 3, p->res->pulled);
	sqlite3_bind_int64(s, 4, p->res->merged);
	sqlite3_bind_int64(s, 5, p->res->conflicts);
	sqlite3_bind_int64(s, 6, p->res->rejected);
	sqlite3_bind_int(s, 7, st == ST_OK);
	db_bind_text(s, 8, st == ST_OK ? NULL : status_message());
	sqlite3_bind_int64(s, 9, n);
	sqlite3_step(s);
	sqlite3_reset(s);
	return n;
}

enum status sync_run(struct db *db, const struct sync_options *o, struct sync_result *res)
{
	struct repl p;
	cJSON *info = NULL;
	enum status st;
	int64_t logn = 0;

	memset(res, 0, sizeof(*res));
	if (db_readonly(db) && !o->dry_run)
		return status_set(ST_READONLY, _("%s: the database is read-only; cannot sync"),
				  db_path(db));
	st = repl_open(db, o, &p, res);
	if (st == ST_OK)
		logn = run_log(&p, 0, ST_OK);
	if (st == ST_OK)
		st = repl_uuid(&p);
	/* Local writes since the last run may have changed which leaf wins. */
	if (st == ST_OK && !o->dry_run)
		st = store_settle_all(db);
	if (st == ST_OK) {
		repl_progress(&p, SYNC_PHASE_CONNECT);
		st = couch_db_info(p.c, &info);
		if (st == ST_OK) {
			const cJSON *docs = cJSON_GetObjectItemCaseSensitive(info, "doc_count");

			p.server_docs = cJSON_IsNumber(docs) ? docs->valuedouble : -1;
		}
		cJSON_Delete(info);
	}
	if (st == ST_OK && !o->no_push)
		st = push_run(&p);
	if (st == ST_OK && !o->no_pull)
		st = pull_run(&p);
	/* Merges made while pulling are new local revisions: send them now, so a
	 * sync leaves nothing behind that it could have sent. */
	if (st == ST_OK && !o->no_push && !o->no_pull && !o->dry_run && res->merged > 0)
		st = push_run(&p);
	if (st == ST_OK) {
		p.done = p.total = 0;
		repl_progress(&p, SYNC_PHASE_DONE);
	}
	if (logn) {
		char *msg = xstrdup(status_message());

		run_log(&p, logn, st);
		status_set(st, "%s", msg);
		free(msg);
	}
	repl_close(&p);
	return st;
}

enum status sync_wait_remote(struct db *db, const struct sync_options *o, long timeout_ms,
			     bool *changed)
{
	struct sync_result res = { 0 };
	struct couch_changes ch;
	struct repl p;
	char *since = NULL;
	sqlite3_stmt *s;
	enum status st;

	*changed = false;
	st = repl_open(db, o, &p, &res);
	if (st != ST_OK) {
		repl_close(&p);
		return st;
	}
	s = db_prepare(
	    db, "SELECT last_seq FROM sync_checkpoint WHERE remote = ? AND direction = 'pull'");
	if (s) {
		sqlite3_bind_text(s, 1, p.remote.name, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(s) == SQLITE_ROW)
			since = db_column_strdup(s, 0);
		sqlite3_reset(s);
	}
	st = couch_changes(p.c, since ? since : "0", 1, timeout_ms, false, &ch);
	if (st == ST_OK) {
		*changed = ch.n > 0;
		couch_changes_clear(&ch);
	}
	free(since);
	repl_close(&p);
	return st;
}
