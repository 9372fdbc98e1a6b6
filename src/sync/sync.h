/* sync.h - sync with the team's CouchDB-protocol server: the API for front ends.
 *
 * A local database replicates with one or more remote databases (Apache
 * CouchDB, or PouchDB Server) over CouchDB's replication protocol: push
 * sends local changes (_revs_diff, _bulk_docs new_edits=false), pull
 * fetches the server's (_changes, _bulk_get), each batch applied in one
 * SQLite transaction with its checkpoint. Conflicts are merged field by
 * field where the two sides changed different fields, and kept for the user
 * otherwise (src/sync/conflict.h). See doc/DESIGN.md section 5.
 *
 * Threads: call sync_init() once before any thread runs sync. A sync run
 * needs its own struct db (its own SQLite connection): the TUI opens one in
 * its worker thread, passes a progress callback (called on that thread) and
 * a cancel flag it may set from the UI thread. Nothing here touches the
 * terminal; prompting for a password is the front end's job.
 */
#ifndef SALESTERM_SYNC_SYNC_H
#define SALESTERM_SYNC_SYNC_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct db;
struct entity;
struct record;

/* Process-wide setup (libcurl) and teardown; idempotent. */
enum status sync_init(void);
void sync_cleanup(void);

/* ---- remotes (src/sync/remote.c) ---- */

struct sync_remote {
	char *name;
	char *url;   /* the database URL, without credentials */
	char *login; /* NULL: none stored (maybe found in ~/.netrc) */
	char *cacert;
	bool insecure;
	bool is_default;
};

/*
 * Add a remote database. name NULL: the database name from the URL. A user
 * name in the URL is kept as the login (unless login is given); a password
 * in the URL is never stored, and *password_dropped says it was there. The
 * first remote becomes the default. *name_out (may be NULL) gets the name.
 */
enum status sync_remote_add(struct db *db, const char *url, const char *name, const char *login,
			    bool insecure, const char *cacert, bool make_default, char **name_out,
			    bool *password_dropped);
enum status sync_remote_remove(struct db *db, const char *name);
/* All remotes, default first. Caller frees with sync_remotes_free(). */
enum status sync_remote_list(struct db *db, struct sync_remote **out, size_t *n);
void sync_remotes_free(struct sync_remote *r, size_t n);
/* The remote named name (NULL: the default). ST_NOT_FOUND with a message
 * saying how to add one. Caller frees with sync_remote_clear(). */
enum status sync_remote_get(struct db *db, const char *name, struct sync_remote *out);
void sync_remote_clear(struct sync_remote *r);

/* Split an http(s) URL into the URL without user and password (*clean) and
 * those (NULL if absent). False if it is not such a URL. Caller frees. */
bool sync_url_split(const char *url, char **clean, char **user, char **password);

/*
 * The credentials for r: from the config file ("sync-credentials REMOTE
 * LOGIN PASSWORD", REMOTE a remote's name or URL; the file must not be
 * readable by others), else ~/.netrc (machine HOST login L password P).
 * *login and *password are NULL when nothing was found (the caller may prompt).
 * ST_DENIED if the config file holds a password, or ~/.netrc one for r,
 * but is readable by others; ST_INVALID ("config:3: ...") if a
 * sync-credentials line is malformed (src/config.h has the syntax); ST_IO or
 * ST_INVALID if the config file or an existing ~/.netrc cannot be read.
 * Caller frees both, and should wipe the password.
 */
enum status sync_credentials(const struct sync_remote *r, char **login, char **password);

/*
 * Whether to warn that a password is about to go to r in clear text: true
 * when r's URL is plain http:// to a host other than this machine
 * (localhost, 127.0.0.0/8, ::1), the first time for this remote and URL
 * only. Remembered in the meta table (sync.cleartext_warned.NAME = URL),
 * so the warning comes once per remote, in the CLI and the TUI alike, and
 * again if the remote is pointed at another URL. Call it only when a
 * password will be sent.
 */
bool sync_cleartext_warn_once(struct db *db, const struct sync_remote *r);

/* Overwrite the secret s (a password) with zeros, in a way the compiler
 * keeps; NULL is fine. */
void sync_secret_wipe(char *s);

/* ---- waiting after a failed run (src/sync/backoff.c) ---- */

/* The longest wait between two tries. */
#define SYNC_BACKOFF_MAX_MS 60000L

/* How long the front ends (`sync --watch`, the TUI's worker) wait before
 * trying a failed run again. Zero-initialised: no failure yet. */
struct sync_backoff {
	long ms; /* the last wait, 0 after a run that worked */
};

/* A run failed: the wait before the next try, in ms, remembered in b. The
 * first is $SALESTERM_SYNC_BACKOFF_MS (a positive number), else 1 s; each
 * next one doubles, up to SYNC_BACKOFF_MAX_MS. */
long sync_backoff_next(struct sync_backoff *b);
/* A run worked (or the remotes changed): the next failure waits the first
 * step again. */
void sync_backoff_reset(struct sync_backoff *b);

/* ---- a run (src/sync/replicate.c: push.c, pull.c, checkpoint.c) ---- */

enum sync_phase { SYNC_PHASE_CONNECT, SYNC_PHASE_PUSH, SYNC_PHASE_PULL, SYNC_PHASE_DONE };

struct sync_progress {
	enum sync_phase phase;
	const char *remote;
	long done;  /* documents handled in this phase */
	long total; /* estimate, -1 if unknown */
};
typedef void (*sync_progress_fn)(const struct sync_progress *p, void *ctx);

enum sync_change_kind {
	SYNC_SEND,     /* push: a version the server lacks */
	SYNC_RECEIVE,  /* pull: the server's version replaces ours or is new */
	SYNC_MERGE,    /* pull: both sides changed different fields: merged */
	SYNC_CONFLICT, /* pull: both sides changed the same fields: for the user */
	SYNC_REJECT,   /* push: the server refused it (see reason) */
};

/* One document sent, received, merged or refused; before is the version
 * this database had (NULL for a new record), after the result. Valid during
 * the callback only. */
struct sync_change {
	enum sync_change_kind kind;
	const struct entity *entity;
	const char *id;
	const char *rev;
	const struct record *before;
	const struct record *after;
	const char *reason; /* SYNC_REJECT: the server's reason */
};
typedef void (*sync_change_fn)(struct db *db, const struct sync_change *c, void *ctx);

struct sync_options {
	const char *remote; /* NULL: the default remote */
	bool no_push;
	bool no_pull;
	bool dry_run;	   /* report what would be sent and received; change nothing */
	long batch;	   /* documents per batch; 0: 1000 (SALESTERM_SYNC_BATCH overrides) */
	const char *login; /* credentials; NULL: anonymous */
	const char *password;
	sync_progress_fn progress;
	void *progress_ctx;
	sync_change_fn change;
	void *change_ctx;
	volatile sig_atomic_t *cancel;
};

struct sync_result {
	long pushed;	/* documents the server accepted */
	long pulled;	/* documents written here */
	long merged;	/* automatic field merges */
	long conflicts; /* new conflicts for the user */
	long rejected;	/* documents the server refused */
	long requests;	/* HTTP requests */
	long retries;
	/* the server's documents that cannot be stored here (new or again) */
	long quarantined;
};

/*
 * Push then pull with one remote, as o says. Each batch is applied in one
 * transaction with its checkpoint, so an interrupted run resumes where it
 * stopped and applies nothing twice. A server that refuses a document
 * leaves it here as it is, marked with the server's reason (and counted in
 * rejected); it is not an error of the run. The run is logged (sync_run)
 * unless dry_run.
 */
enum status sync_run(struct db *db, const struct sync_options *o, struct sync_result *res);

/*
 * For --watch: wait up to timeout_ms for changes on the server after the
 * pull checkpoint (longpoll changes feed, with the client's own deadline).
 * *changed tells whether there are some. Returns early when cancelled.
 */
enum status sync_wait_remote(struct db *db, const struct sync_options *o, long timeout_ms,
			     bool *changed);

/* ---- state for status lines and the Sync screen (src/sync/store.c) ---- */

struct sync_state {
	long pending;	  /* local changes not yet pushed (all remotes) */
	long rejected;	  /* of those, refused by the server */
	long conflicts;	  /* open conflicts */
	long quarantined; /* documents from the server that cannot be stored here */
	char *last_ok;	  /* end of the last successful run, or NULL */
	char *last_error; /* message of the last run if it failed, or NULL */
	char *last_error_at;
};
enum status sync_state_get(struct db *db, struct sync_state *out);
/* The end of the last successful run ("YYYY-MM-DDTHH:MM:SSZ"), or NULL.
 * Cheap, unlike sync_state_get() (which counts every pending change). */
char *sync_last_ok(struct db *db);
void sync_state_clear(struct sync_state *s);

/* Local changes not yet pushed (to any remote), the one count every front
 * end shows (src/sync/store.h says what counts). Stops at cap (0: counts
 * all) and then says *more; the cost grows with what is counted, so status
 * lines pass a cap. */
enum status sync_pending_count(struct db *db, long cap, long *count, bool *more);

struct sync_pending {
	const struct entity *entity;
	char *id;
	char *rev;
	char *title;
	bool deleted;
	bool is_new;	  /* never synced */
	char *reason;	  /* the server's reason if it refused it, else NULL */
	long refused;	  /* how many times in a row it refused this version */
	char *refused_at; /* when it last did */
	char *retry_at;	  /* when it is offered again ("" at the next sync) */
	int64_t seq;	  /* local change sequence: the keyset of the next page */
};
#define SYNC_PENDING_PAGE_MAX 1000
/* One page of the local changes waiting to be pushed, in change order: the
 * first limit (1..SYNC_PENDING_PAGE_MAX) with seq > after (0: from the
 * start). The next page starts after the last one's seq. A page reads about
 * limit rows, however many changes wait. Caller frees with sync_pending_free(). */
enum status sync_pending_page(struct db *db, int64_t after, long limit, struct sync_pending **out,
			      size_t *n);
/* The first page: at most limit (0: SYNC_PENDING_PAGE_MAX). */
enum status sync_pending_list(struct db *db, long limit, struct sync_pending **out, size_t *n);
void sync_pending_free(struct sync_pending *p, size_t n);

struct sync_run_log {
	char *remote;
	char *started_at;
	char *ended_at;
	long pushed, pulled, merged, conflicts, rejected;
	bool ok;
	char *message;
};
/* The last runs, newest first. */
enum status sync_runs_list(struct db *db, long limit, struct sync_run_log **out, size_t *n);
void sync_runs_free(struct sync_run_log *r, size_t n);

/* ---- documents the server sent that cannot be stored (src/sync/quarantine.c) ----
 * Kept verbatim with the reason; pull goes on without them, and a later
 * revision of the document that fits (or its deletion) removes them. */

struct sync_quarantined {
	char *id;   /* as text: bytes that are not UTF-8 and control characters as '?' */
	char *type; /* the document's "type", or NULL */
	char *rev;
	char *remote;
	char *reason; /* names the field (the document: id and type) */
	char *at;     /* when it was received */
};
long sync_quarantine_count(struct db *db);
/* The quarantined documents, oldest first, at most limit (0: all). Caller
 * frees with sync_quarantine_free(). */
enum status sync_quarantine_list(struct db *db, long limit, struct sync_quarantined **out,
				 size_t *n);
void sync_quarantine_free(struct sync_quarantined *q, size_t n);

/* ---- preparing a server database (src/sync/server.c) ---- */

struct sync_member {
	const char *login;   /* the server account */
	const char *user_id; /* the salesterm user record it acts as */
	bool manager;
	bool no_account; /* out: the server has no such account (create it, run again) */
};

/*
 * Prepare the database at url (login must be a server admin): create it if
 * missing, set its _security (members: every login, and the role
 * salesterm.manager), give each member's server account (in _users) the
 * roles validate_doc_update reads - salesterm.user.<user id>, and
 * salesterm.manager for managers - and install the design document
 * (data/couchdb/validate_doc_update.js, embedded) that rejects malformed
 * documents and a rep's writes to records owned by someone else. Safe to
 * run again: it updates all three. Without validate, no design document is
 * installed (and an existing one is left as it is): for PouchDB Server, which
 * drops replicated updates under a validate_doc_update. *created says whether
 * the database was new; members without a server account get no_account set.
 */
enum status sync_server_init(const char *url, const char *login, const char *password,
			     bool insecure, const char *cacert, struct sync_member *members,
			     size_t n, bool validate, bool *created);

#endif
