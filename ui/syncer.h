/* syncer.h - the terminal UI's sync worker: a thread with its own database
 * connection that keeps the database in sync with its default remote.
 *
 * The worker syncs every remote (a manager may have one per territory,
 * the default first) when the UI starts, when the server's changes feed says
 * there is something new (longpoll), shortly after a local write
 * (syncer_poke), and on demand (syncer_sync_now). A failed run is retried
 * after 1, 2, 4 ... up to 60 seconds. The UI thread never waits for it: the
 * worker writes a byte to a pipe (syncer_fd) when it has something to show,
 * and the UI copies the state (syncer_get) between keys. Credentials come
 * from the config file or ~/.netrc; when a login has no password there, the
 * worker waits until the UI asks the user and passes it on
 * (syncer_set_password). Nothing here touches the terminal.
 */
#ifndef SALESTERM_UI_SYNCER_H
#define SALESTERM_UI_SYNCER_H

#include <stdbool.h>
#include <time.h>

#include "status.h"
#include "sync/sync.h"

struct syncer;

enum syncer_mode {
	SYNCER_OFF,	      /* no remote (salesterm remote add URL) */
	SYNCER_IDLE,	      /* up to date, watching the server's changes */
	SYNCER_RUNNING,	      /* a run is under way: see phase, done, total */
	SYNCER_WAITING_RETRY, /* the last run failed: retry in retry_ms */
};

/* What the UI shows: a copy, owned by the caller (syncer_state_clear). */
struct syncer_state {
	enum syncer_mode mode;
	char *remote;	    /* the remote being synced, else the default; NULL when off */
	char *url;	    /* its URL (no credentials) */
	size_t nremotes;    /* all are synced, the default first */
	bool need_password; /* a login has no password: the user must type it */
	char *pw_remote;    /* for the password prompt: which remote, */
	char *pw_url;	    /* its URL */
	char *login;	    /* and login */
	enum sync_phase phase;
	long done, total; /* progress of the running phase (total -1: unknown) */
	time_t last_ok;	  /* end of the last successful run in this session, 0: none */
	char *error;	  /* the last run's error, NULL if it succeeded */
	time_t error_at;
	long retry_ms;		 /* WAITING_RETRY: milliseconds until the retry */
	struct sync_result last; /* counts of the last finished run */
	unsigned runs;		 /* finished runs so far */
	unsigned data;		 /* bumped when a run wrote to the database */
	char *warning;		 /* the last warning (a password in clear text), or NULL */
	unsigned warnings;	 /* bumped with each new warning, for the UI to show once */
};

/*
 * Start the worker on the database at path (opened again in the thread).
 * NULL if the thread cannot start (the UI works on without sync).
 */
struct syncer *syncer_start(const char *path);
/* Stop the worker (cancelling a run under way), wait for it, free it. */
void syncer_stop(struct syncer **s);

/* The read end of the pipe the worker writes to when the state changed; the
 * UI drains it with syncer_drain(). */
int syncer_fd(const struct syncer *s);
void syncer_drain(struct syncer *s);

void syncer_get(struct syncer *s, struct syncer_state *out);
void syncer_state_clear(struct syncer_state *st);

/* Local data changed: sync soon. */
void syncer_poke(struct syncer *s);
/* Sync now (also retries at once after a failure). */
void syncer_sync_now(struct syncer *s);
/* Cancel the run under way, if any; true if there was one. */
bool syncer_cancel(struct syncer *s);
/* The password for the login of the remote that asked (need_password;
 * copied, kept in memory only, wiped on stop). */
void syncer_set_password(struct syncer *s, const char *password);

#endif
