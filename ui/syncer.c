/* syncer.c - the terminal UI's sync worker thread (see syncer.h).
 *
 * One mutex guards everything the two threads share. The worker never holds
 * it across a database query or an HTTP request: it decides what to do under
 * the lock, lets go, does it, and takes the lock again to publish the
 * outcome. The UI thread only ever holds it for a copy or a flag, so a key
 * is never delayed by a sync.
 *
 * A wait or a run in the worker is interrupted through the cancel flag of
 * struct sync_options (libcurl checks it during a transfer): the UI raises it
 * to stop a run, to quit, or to end a longpoll early because there is local
 * work to send.
 *
 * Local changes are noticed through SQLite's data_version of the worker's
 * connection, which moves when any other connection (this UI, or a CLI in
 * another terminal) commits: a poke, or the end of each longpoll slice,
 * starts a run only if it moved, so a poke with nothing new costs a pragma,
 * not a request.
 */
#include "syncer.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "xalloc.h"

/* The longpoll slice: how long one wait on the server's changes feed lasts. */
#define WAIT_SLICE_MS 10000L
/* Without a remote, how often to look whether one was added. */
#define OFF_RECHECK_MS 5000L
/* The pause after a cancelled run. */
#define CANCEL_PAUSE_MS 300000L
/* Documents per batch: small, so a batch's transaction is short. */
#define TUI_BATCH 200L
/* Progress wakes the UI at most this often. */
#define PROGRESS_EVERY_MS 100L

struct syncer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int pipe[2];
	char *path;
	/* UI -> worker */
	bool quit;
	bool want_now;	/* sync now, even with nothing new */
	bool poked;	/* local data may have changed */
	bool cancelled; /* the user stopped the run under way */
	struct typed {
		char *remote, *password;
	} * pws; /* passwords the user typed, per remote */
	size_t npws;
	size_t next_watch; /* the remote whose changes feed is watched next */
	bool in_wait;	   /* the worker is in a longpoll: a poke may interrupt it */
	volatile sig_atomic_t interrupt;
	/* worker -> UI */
	struct syncer_state st;
	struct sync_backoff backoff; /* the wait after a failed run */
	long long retry_due;	     /* monotonic ms */
	long long last_progress;
};

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Tell the UI the state changed (the lock may or may not be held). */
static void wake_ui(struct syncer *s)
{
	char c = 1;
	ssize_t n;

	do
		n = write(s->pipe[1], &c, 1);
	while (n < 0 && errno == EINTR);
	/* A full pipe already holds a wake-up: nothing is lost. */
}

/* Wait on the condition for at most ms (< 0: until signalled). Lock held. */
static void wait_ms(struct syncer *s, long ms)
{
	struct timespec ts;

	if (ms < 0) {
		pthread_cond_wait(&s->cond, &s->lock);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(&s->cond, &s->lock, &ts);
}

static void set_str(char **dst, const char *src)
{
	if (*dst && src && strcmp(*dst, src) == 0)
		return;
	free(*dst);
	*dst = src ? xstrdup(src) : NULL;
}

static void on_progress(const struct sync_progress *p, void *ctx)
{
	struct syncer *s = ctx;
	long long now = mono_ms();
	bool wake;

	pthread_mutex_lock(&s->lock);
	wake = p->phase != s->st.phase || now - s->last_progress >= PROGRESS_EVERY_MS;
	s->st.phase = p->phase;
	s->st.done = p->done;
	s->st.total = p->total;
	if (wake)
		s->last_progress = now;
	pthread_mutex_unlock(&s->lock);
	if (wake)
		wake_ui(s);
}

/* The password typed for remote (NULL if none). Lock held. */
static const char *typed_password(struct syncer *s, const char *remote)
{
	size_t i;

	for (i = 0; i < s->npws; i++)
		if (strcmp(s->pws[i].remote, remote) == 0)
			return s->pws[i].password;
	return NULL;
}

/* Forget the password typed for remote (NULL: all of them). Lock held. */
static void forget_password(struct syncer *s, const char *remote)
{
	size_t i = 0;

	while (i < s->npws) {
		if (remote && strcmp(s->pws[i].remote, remote) != 0) {
			i++;
			continue;
		}
		sync_secret_wipe(s->pws[i].password);
		free(s->pws[i].password);
		free(s->pws[i].remote);
		s->pws[i] = s->pws[--s->npws];
	}
	if (s->npws == 0) {
		free(s->pws);
		s->pws = NULL;
	}
}

/* A pass failed (the message in s->st.error): retry later. Lock held. */
static void schedule_retry(struct syncer *s)
{
	s->st.error_at = clock_now();
	if (s->cancelled) {
		set_str(&s->st.error, _("sync cancelled"));
		s->cancelled = false;
		s->st.mode = SYNCER_WAITING_RETRY;
		s->retry_due = mono_ms() + CANCEL_PAUSE_MS;
		return;
	}
	s->st.mode = SYNCER_WAITING_RETRY;
	s->retry_due = mono_ms() + sync_backoff_next(&s->backoff);
}

/* The message of the failure st of remote (prefixed by its name when there
 * are several). Lock held. */
static void set_error(struct syncer *s, const char *remote, size_t nremotes, enum status st)
{
	const char *msg = status_message();
	char *text = nremotes > 1
			 ? xasprintf("%s: %s", remote, *msg ? msg : status_default_message(st))
			 : xstrdup(*msg ? msg : status_default_message(st));

	set_str(&s->st.error, text);
	s->st.error_at = clock_now();
	free(text);
}

/* What a pass needs to know of one remote. */
struct target {
	struct sync_remote r;
	char *login, *password; /* from the config file or ~/.netrc */
	enum status cred;	/* ST_DENIED: the config file is readable by others */
	char *cred_msg;		/* and why */
	const char *pw;		/* the password to use, NULL if none */
	bool typed;		/* pw was typed by the user */
	bool ready;		/* can be synced now */
};

static void targets_free(struct target *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		sync_remote_clear(&t[i].r);
		if (t[i].password)
			sync_secret_wipe(t[i].password);
		free(t[i].password);
		free(t[i].login);
		free(t[i].cred_msg);
	}
	free(t);
}

/* Every remote with its credentials; false if there is none. Called
 * without the lock (it reads the database and the config files). */
static bool targets_load(struct db *db, struct target **out, size_t *n)
{
	struct sync_remote *rs = NULL;
	struct target *t;
	size_t i;

	*out = NULL;
	*n = 0;
	if (sync_remote_list(db, &rs, n) != ST_OK || *n == 0) {
		sync_remotes_free(rs, *n);
		*n = 0;
		return false;
	}
	t = xcalloc(*n, sizeof(*t));
	for (i = 0; i < *n; i++) {
		t[i].r = rs[i];
		t[i].cred = sync_credentials(&t[i].r, &t[i].login, &t[i].password);
		if (t[i].cred != ST_OK)
			t[i].cred_msg = xstrdup(status_message());
	}
	free(rs); /* the strings moved to t */
	*out = t;
	return true;
}

/* Decide which remotes can sync; note the first that waits for a password.
 * Lock held. */
static void targets_check(struct syncer *s, struct target *t, size_t n)
{
	size_t i;
	bool asked = false;

	s->st.need_password = false;
	for (i = 0; i < n; i++) {
		t[i].pw = t[i].password;
		t[i].typed = false;
		if (t[i].login && t[i].pw == NULL) {
			t[i].pw = typed_password(s, t[i].r.name);
			t[i].typed = t[i].pw != NULL;
		}
		t[i].ready = t[i].cred == ST_OK && !(t[i].login && t[i].pw == NULL);
		if (t[i].cred == ST_OK && !t[i].ready && !asked) {
			asked = true;
			s->st.need_password = true;
			set_str(&s->st.pw_remote, t[i].r.name);
			set_str(&s->st.pw_url, t[i].r.url);
			set_str(&s->st.login, t[i].login);
		}
	}
}

static void fill_options(struct syncer *s, struct sync_options *o, const struct target *t)
{
	memset(o, 0, sizeof(*o));
	o->remote = t->r.name;
	o->login = t->login;
	o->password = t->pw;
	o->cancel = &s->interrupt;
	o->batch = TUI_BATCH;
}

/* Up to date: watch one remote's changes feed for a slice (each remote in
 * turn). Lock held. */
static void watch(struct syncer *s, struct db *db, struct target *t, size_t n)
{
	struct sync_options o;
	size_t i, ready = 0, pick = 0;
	long slice;
	bool changed = false;
	enum status st;

	for (i = 0; i < n; i++)
		ready += t[i].ready;
	if (ready == 0) {
		/* Every remote waits for a password (or a readable config file). */
		if (!s->quit && !s->want_now)
			wait_ms(s, s->st.need_password ? -1 : SYNC_BACKOFF_MAX_MS);
		return;
	}
	for (i = 0; i < n; i++) {
		size_t k = (s->next_watch + i) % n;

		if (t[k].ready) {
			pick = k;
			break;
		}
	}
	s->next_watch = pick + 1;
	slice = WAIT_SLICE_MS / (long)ready;
	if (slice < 2000)
		slice = 2000;
	fill_options(s, &o, &t[pick]);
	s->in_wait = true;
	s->interrupt = 0;
	pthread_mutex_unlock(&s->lock);
	st = sync_wait_remote(db, &o, slice, &changed);
	pthread_mutex_lock(&s->lock);
	s->in_wait = false;
	if (s->interrupt || s->quit)
		return; /* a poke, sync-now or quit: decided on the next turn */
	if (st != ST_OK) {
		/* The server went away: the retry shows why. */
		set_error(s, t[pick].r.name, n, st);
		schedule_retry(s);
		wake_ui(s);
	} else if (changed) {
		s->want_now = true;
	}
}

/* Sync every remote that can be, in order (the default first). Lock held. */
static void run_all(struct syncer *s, struct db *db, struct target *t, size_t n,
		    long long *seen_version)
{
	struct sync_result total = { 0 }, res;
	struct sync_options o;
	bool failed = false, denied = false;
	size_t i;
	enum status st;

	s->want_now = s->poked = s->cancelled = false;
	for (i = 0; i < n && !s->quit && !s->cancelled; i++) {
		if (t[i].cred != ST_OK) {
			status_set(t[i].cred, "%s", t[i].cred_msg ? t[i].cred_msg : "");
			set_error(s, t[i].r.name, n, t[i].cred);
			failed = true;
			continue;
		}
		if (!t[i].ready)
			continue;
		s->st.mode = SYNCER_RUNNING;
		set_str(&s->st.remote, t[i].r.name);
		set_str(&s->st.url, t[i].r.url);
		s->st.phase = SYNC_PHASE_CONNECT;
		s->st.done = 0;
		s->st.total = -1;
		s->interrupt = 0;
		wake_ui(s);
		if (t[i].pw && sync_cleartext_warn_once(db, &t[i].r)) {
			char *w =
			    xasprintf(_("warning: %s is plain http://: the password for %s goes "
					"over the network unencrypted; use https://"),
				      t[i].r.url, t[i].login ? t[i].login : "");

			set_str(&s->st.warning, w);
			free(w);
			s->st.warnings++;
		}
		fill_options(s, &o, &t[i]);
		o.progress = on_progress;
		o.progress_ctx = s;
		pthread_mutex_unlock(&s->lock);
		st = sync_run(db, &o, &res);
		pthread_mutex_lock(&s->lock);
		total.pushed += res.pushed;
		total.pulled += res.pulled;
		total.merged += res.merged;
		total.conflicts += res.conflicts;
		total.rejected += res.rejected;
		if (st == ST_OK)
			continue;
		set_error(s, t[i].r.name, n, st);
		if (st == ST_DENIED && t[i].typed && !s->cancelled) {
			/* The password typed was wrong: ask again rather than hammer. */
			forget_password(s, t[i].r.name);
			denied = true;
		} else {
			failed = true;
		}
	}
	*seen_version = db_data_version(db);
	s->st.runs++;
	s->st.last = total;
	if (total.pulled || total.merged || total.conflicts || total.rejected)
		s->st.data++;
	set_str(&s->st.remote, t[0].r.name);
	set_str(&s->st.url, t[0].r.url);
	targets_check(s, t, n);
	if (failed || s->cancelled) {
		schedule_retry(s);
	} else {
		s->st.mode = SYNCER_IDLE;
		sync_backoff_reset(&s->backoff);
		if (!denied) {
			s->st.last_ok = clock_now();
			set_str(&s->st.error, NULL);
		}
	}
	wake_ui(s);
}

/* One turn of the worker: find the remotes and credentials, then run, watch
 * the server, or wait for a retry. Lock held on entry and exit. */
static void turn(struct syncer *s, struct db *db, long long *seen_version)
{
	struct target *t = NULL;
	size_t n = 0, i, ready = 0;
	long long now, v;
	bool due, asked;

	pthread_mutex_unlock(&s->lock);
	targets_load(db, &t, &n);
	pthread_mutex_lock(&s->lock);
	/* Read under the lock, so a poke that follows a commit sees it. */
	v = db_data_version(db);
	if (n == 0) {
		/* No remote: nothing to do until one is added. */
		bool was_on = s->st.mode != SYNCER_OFF;

		s->st.mode = SYNCER_OFF;
		s->st.nremotes = 0;
		s->st.need_password = false;
		set_str(&s->st.remote, NULL);
		set_str(&s->st.url, NULL);
		if (was_on)
			wake_ui(s);
		if (!s->quit && !s->want_now)
			wait_ms(s, OFF_RECHECK_MS);
		if (s->want_now) {
			s->want_now = false;
			set_str(&s->st.error, _("no sync remote: salesterm remote add URL"));
			s->st.error_at = clock_now();
			wake_ui(s);
		}
		goto out;
	}
	if (s->st.mode == SYNCER_OFF) {
		/* A remote appeared (or this is the start): sync at once. */
		s->st.mode = SYNCER_IDLE;
		s->want_now = true;
		sync_backoff_reset(&s->backoff);
	}
	if (s->st.remote == NULL || strcmp(s->st.remote, t[0].r.name) != 0 || s->st.nremotes != n) {
		set_str(&s->st.remote, t[0].r.name);
		set_str(&s->st.url, t[0].r.url);
		s->st.nremotes = n;
		wake_ui(s);
	}
	asked = s->st.need_password;
	targets_check(s, t, n);
	if (asked != s->st.need_password)
		wake_ui(s);
	for (i = 0; i < n; i++)
		ready += t[i].ready || t[i].cred != ST_OK;
	now = mono_ms();
	if (s->poked && v == *seen_version)
		s->poked = false; /* nothing was written since the last run */
	due = s->want_now || s->poked || v != *seen_version;
	if (!due && s->st.mode == SYNCER_WAITING_RETRY) {
		if (now < s->retry_due) {
			wait_ms(s, (long)(s->retry_due - now));
			goto out;
		}
		due = true;
	}
	if (due && ready)
		run_all(s, db, t, n, seen_version);
	else
		watch(s, db, t, n);
out:
	targets_free(t, n);
}

static void *worker(void *arg)
{
	struct syncer *s = arg;
	struct db *db = NULL;
	long long seen = -1;
	enum status st;

	st = db_open(s->path, 0, &db);
	pthread_mutex_lock(&s->lock);
	if (st != ST_OK) {
		const char *msg = status_message();

		set_str(&s->st.error, *msg ? msg : status_default_message(st));
		s->st.mode = SYNCER_OFF;
		pthread_mutex_unlock(&s->lock);
		wake_ui(s);
		return NULL;
	}
	seen = db_data_version(db);
	while (!s->quit)
		turn(s, db, &seen);
	pthread_mutex_unlock(&s->lock);
	db_close(&db);
	return NULL;
}

struct syncer *syncer_start(const char *path)
{
	struct syncer *s = xcalloc(1, sizeof(*s));
	pthread_condattr_t ca;
	int i;

	if (sync_init() != ST_OK || pipe(s->pipe) != 0) {
		free(s);
		return NULL;
	}
	for (i = 0; i < 2; i++) {
		fcntl(s->pipe[i], F_SETFL, fcntl(s->pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(s->pipe[i], F_SETFD, FD_CLOEXEC);
	}
	s->path = xstrdup(path);
	s->st.mode = SYNCER_OFF;
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cond, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&s->thread, NULL, worker, s) != 0) {
		pthread_cond_destroy(&s->cond);
		pthread_mutex_destroy(&s->lock);
		close(s->pipe[0]);
		close(s->pipe[1]);
		free(s->path);
		free(s);
		return NULL;
	}
	return s;
}

void syncer_stop(struct syncer **sp)
{
	struct syncer *s = *sp;

	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	s->quit = true;
	s->interrupt = 1;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	close(s->pipe[0]);
	close(s->pipe[1]);
	forget_password(s, NULL);
	syncer_state_clear(&s->st);
	free(s->path);
	free(s);
	*sp = NULL;
}

int syncer_fd(const struct syncer *s)
{
	return s ? s->pipe[0] : -1;
}

void syncer_drain(struct syncer *s)
{
	char buf[64];

	if (s)
		while (read(s->pipe[0], buf, sizeof(buf)) > 0)
			;
}

void syncer_get(struct syncer *s, struct syncer_state *out)
{
	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	*out = s->st;
	out->remote = s->st.remote ? xstrdup(s->st.remote) : NULL;
	out->url = s->st.url ? xstrdup(s->st.url) : NULL;
	out->login = s->st.login ? xstrdup(s->st.login) : NULL;
	out->pw_remote = s->st.pw_remote ? xstrdup(s->st.pw_remote) : NULL;
	out->pw_url = s->st.pw_url ? xstrdup(s->st.pw_url) : NULL;
	out->error = s->st.error ? xstrdup(s->st.error) : NULL;
	out->warning = s->st.warning ? xstrdup(s->st.warning) : NULL;
	out->retry_ms = 0;
	if (s->st.mode == SYNCER_WAITING_RETRY) {
		long long left = s->retry_due - mono_ms();

		out->retry_ms = left > 0 ? (long)left : 0;
	}
	pthread_mutex_unlock(&s->lock);
}

void syncer_state_clear(struct syncer_state *st)
{
	free(st->remote);
	free(st->url);
	free(st->login);
	free(st->pw_remote);
	free(st->pw_url);
	free(st->error);
	free(st->warning);
	memset(st, 0, sizeof(*st));
}

/* Raise a flag and wake the worker: from its condition wait, and from a
 * longpoll when interrupt_wait. */
static void nudge(struct syncer *s, bool *flag, bool interrupt_wait)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	*flag = true;
	if (interrupt_wait && s->in_wait)
		s->interrupt = 1;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

void syncer_poke(struct syncer *s)
{
	if (s)
		nudge(s, &s->poked, true);
}

void syncer_sync_now(struct syncer *s)
{
	if (s)
		nudge(s, &s->want_now, true);
}

bool syncer_cancel(struct syncer *s)
{
	bool running;

	if (s == NULL)
		return false;
	pthread_mutex_lock(&s->lock);
	running = s->st.mode == SYNCER_RUNNING;
	if (running) {
		s->cancelled = true;
		s->interrupt = 1;
	}
	pthread_mutex_unlock(&s->lock);
	return running;
}

void syncer_set_password(struct syncer *s, const char *password)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	if (s->st.pw_remote) {
		forget_password(s, s->st.pw_remote);
		s->pws = xreallocarray(s->pws, s->npws + 1, sizeof(*s->pws));
		s->pws[s->npws].remote = xstrdup(s->st.pw_remote);
		s->pws[s->npws].password = xstrdup(password);
		s->npws++;
		s->st.need_password = false;
	}
	s->want_now = true;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
}
