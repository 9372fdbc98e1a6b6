/* repl.h - what the phases of a sync run share (internal to src/sync/).
 *
 * A run (replicate.c) opens a struct repl for one remote and hands it to
 * push_run() (push.c) and pull_run() (pull.c); both keep their place with
 * checkpoints (checkpoint.c).
 */
#ifndef SALESTERM_SYNC_REPL_H
#define SALESTERM_SYNC_REPL_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "status.h"
#include "sync/couch.h"
#include "sync/sync.h"

struct repl {
	struct db *db;
	const struct sync_options *o;
	struct sync_remote remote;
	struct couch *c;
	struct couch *side; /* a second connection for this thread while the pull's
			       worker owns c (merge bases fetched on the way) */
	struct couch_config cfg;
	struct sync_result *res;
	char *uuid;
	char session[37];
	long batch;
	long revs_limit;
	char *me;
	long done, total;
	bool pipelined; /* the pull's worker thread owns c */
	/* The server's doc_count when the run began (-1: unknown), and whether
	 * the push has found it holds no live record. */
	double server_docs;
	bool server_empty;
};

static inline bool repl_is_default(const struct repl *p)
{
	return p->remote.is_default;
}

bool repl_cancelled(const struct repl *p);
void repl_progress(struct repl *p, enum sync_phase phase);
/* Tell the front end about one document (sync_options.change). */
void repl_report(struct repl *p, enum sync_change_kind kind, const struct entity *e, const char *id,
		 const char *rev, const struct record *before, const struct record *after,
		 const char *reason);

/* ---- checkpoints (checkpoint.c) ---- */

struct ckpt {
	char rep_id[33];
	char *since;	  /* JSON text */
	char *remote_rev; /* _rev of the _local document */
	cJSON *history;	  /* local history, newest first */
	bool fresh;	  /* no checkpoint both sides agree on: start from scratch */
	bool behind;	  /* the one agreed on is older than our own latest (a server
			     restored from a backup, or a run cut off between the two
			     writes): what we sent since may be missing there */
};

void ckpt_clear(struct ckpt *ck);
/* This database's replication identity (meta sync.uuid), made on first use. */
enum status repl_uuid(struct repl *p);
/* The checkpoint of direction ("push" or "pull") both sides agree on. */
enum status ckpt_load(struct repl *p, const char *direction, struct ckpt *ck);
/* Record last_seq here (inside the batch's transaction). */
enum status ckpt_save_local(struct repl *p, const char *direction, struct ckpt *ck,
			    const char *last_seq);
/* The _local checkpoint document as the server should have it. */
cJSON *ckpt_remote_doc(struct repl *p, struct ckpt *ck);
/* Record the checkpoint on the server (after the batch committed here). */
enum status ckpt_save_remote(struct repl *p, struct ckpt *ck);

/* ---- the phases ---- */

enum status push_run(struct repl *p);
enum status pull_run(struct repl *p);

#endif
