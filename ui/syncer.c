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

#include <sqlite3.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "xalloc.h"

/* The longpoll slice: how long one wait on the server's changes feed lasts. */
#define WAIT_SLICE_MS 10000L
/* Without a remote, how often to look whether one was added. */
#define OFF_RECHECK_MS 5000L
/* The longest wait between retries, and after a cancelled run. */
#define BACKOFF_MAX_MS 60000L
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
	bool want_now;	     /* sync now, even with nothing new */
	bool poked;	     /* local data may have changed */
	bool cancelled;	     /* the user stopped the run under way */
	char *password;	     /* typed by the user */
	bool in_wait;	     /* the worker is in a longpoll: a poke may interrupt it */
	volatile sig_atomic_t interrupt;
	/* worker -> UI */
	struct syncer_state st;
	long backoff_ms;
	long long retry_due; /* monotonic ms */
	long long last_progress;
};

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void wipe(char *s)
{
	volatile char *p = s;

	while (p && *p)
		*p++ = '\0';
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

static long backoff_base(void)
{
	const char *env = getenv("SALESTERM_SYNC_BACKOFF_MS");

	return env && atol(env) > 0 ? atol(env) : 1000;
}

/* The connection's data_version: moves when another connection commits. */
static long long data_version(struct db *db)
{
	sqlite3_stmt *st = db_prepare(db, "PRAGMA data_version");
	long long v = -1;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return v;
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

/* The run failed with st (message in status_message()): schedule a retry.
 * Lock held. */
static void run_failed(struct syncer *s, enum status st, bool typed_password)
{
	const char *msg = status_message();

	set_str(&s->st.error, *msg ? msg : status_default_message(st));
	s->st.error_at = clock_now();
	if (s->cancelled) {
		set_str(&s->st.error, _("sync cancelled"));
		s->cancelled = false;
		s->st.mode = SYNCER_WAITING_RETRY;
		s->retry_due = mono_ms() + CANCEL_PAUSE_MS;
		return;
	}
	if (st == ST_DENIED && typed_password) {
		/* The password typed was wrong: ask again rather than hammer. */
		wipe(s->password);
		free(s->password);
		s->password = NULL;
		s->st.mode = SYNCER_NEED_PASSWORD;
		return;
	}
	s->backoff_ms = s->backoff_ms ? s->backoff_ms * 2 : backoff_base();
	if (s->backoff_ms > BACKOFF_MAX_MS)
		s->backoff_ms = BACKOFF_MAX_MS;
	s->st.mode = SYNCER_WAITING_RETRY;
	s->retry_due = mono_ms() + s->backoff_ms;
}

/* One turn of the worker: find the remote and credentials, then run, wait
 * for the server, or wait for a retry. Lock held on entry and exit. */
static void turn(struct syncer *s, struct db *db, long long *seen_version)
{
	struct sync_remote r = { 0 };
	struct sync_options o = { 0 };
	struct sync_result res;
	char *login = NULL, *password = NULL;
	bool typed = false, due, changed = false;
	long long now, v;
	enum status st;

	pthread_mutex_unlock(&s->lock);
	st = sync_remote_get(db, NULL, &r);
	if (st == ST_OK)
		st = sync_credentials(&r, &login, &password);
	pthread_mutex_lock(&s->lock);
	/* Read under the lock, so a poke that follows a commit sees it. */
	v = data_version(db);
	if (st != ST_OK && r.url == NULL) {
		/* No remote: nothing to do until one is added. */
		bool was_on = s->st.mode != SYNCER_OFF;

		s->st.mode = SYNCER_OFF;
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
	if (s->st.remote == NULL || strcmp(s->st.remote, r.name) != 0) {
		/* A new remote: start afresh. */
		set_str(&s->st.remote, r.name);
		s->want_now = true;
		s->backoff_ms = 0;
		wipe(s->password);
		free(s->password);
		s->password = NULL;
	}
	set_str(&s->st.url, r.url);
	set_str(&s->st.login, login);
	if (st != ST_OK) {
		/* The config file holds a password but others can read it. */
		run_failed(s, st, false);
		wake_ui(s);
		wait_ms(s, BACKOFF_MAX_MS);
		goto out;
	}
	if (login && password == NULL) {
		if (s->password == NULL) {
			if (s->st.mode != SYNCER_NEED_PASSWORD) {
				s->st.mode = SYNCER_NEED_PASSWORD;
				wake_ui(s);
			}
			if (!s->quit)
				wait_ms(s, -1);
			goto out;
		}
		password = xstrdup(s->password);
		typed = true;
	}
	if (s->st.mode == SYNCER_NEED_PASSWORD)
		s->st.mode = SYNCER_IDLE;
	now = mono_ms();
	if (s->poked && v == *seen_version)
		s->poked = false; /* nothing was written since the last run */
	due = s->want_now || s->poked || s->st.runs == 0 || v != *seen_version;
	if (!due && s->st.mode == SYNCER_WAITING_RETRY) {
		if (now < s->retry_due) {
			wait_ms(s, (long)(s->retry_due - now));
			goto out;
		}
		due = true;
	}
	o.login = login;
	o.password = password;
	o.cancel = &s->interrupt;
	o.batch = TUI_BATCH;
	if (!due) {
		/* Up to date: watch the server's changes feed for a slice. */
		s->in_wait = true;
		s->interrupt = 0;
		pthread_mutex_unlock(&s->lock);
		st = sync_wait_remote(db, &o, WAIT_SLICE_MS, &changed);
		pthread_mutex_lock(&s->lock);
		s->in_wait = false;
		if (s->interrupt || s->quit)
			goto out; /* a poke, sync-now or quit: decided on the next turn */
		if (st != ST_OK) {
			/* The server went away: the retry shows why. */
			run_failed(s, st, typed);
			wake_ui(s);
		} else if (changed) {
			s->want_now = true;
		}
		goto out;
	}
	s->st.mode = SYNCER_RUNNING;
	s->st.phase = SYNC_PHASE_CONNECT;
	s->st.done = 0;
	s->st.total = -1;
	s->want_now = s->poked = s->cancelled = false;
	s->interrupt = 0;
	wake_ui(s);
	o.progress = on_progress;
	o.progress_ctx = s;
	pthread_mutex_unlock(&s->lock);
	st = sync_run(db, &o, &res);
	v = data_version(db);
	pthread_mutex_lock(&s->lock);
	*seen_version = v;
	s->st.runs++;
	s->st.last = res;
	if (res.pulled || res.merged || res.conflicts || res.rejected)
		s->st.data++;
	if (st == ST_OK) {
		s->st.mode = SYNCER_IDLE;
		s->st.last_ok = clock_now();
		set_str(&s->st.error, NULL);
		s->backoff_ms = 0;
	} else {
		run_failed(s, st, typed);
	}
	wake_ui(s);
out:
	if (password)
		wipe(password);
	free(password);
	free(login);
	sync_remote_clear(&r);
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
	seen = data_version(db);
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
	wipe(s->password);
	free(s->password);
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
	out->error = s->st.error ? xstrdup(s->st.error) : NULL;
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
	free(st->error);
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
	wipe(s->password);
	free(s->password);
	s->password = xstrdup(password);
	s->want_now = true;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
}
