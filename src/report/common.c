/* common.c - what every report shares: stopping a query for a key press, row
 * lists, and periods and dates. */
#include "report/report.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "clock.h"
#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "money.h"
#include "report/internal.h"
#include "search.h"
#include "strbuf.h"
#include "validate.h"
#include "xalloc.h"

/* ---- stopping background queries ---- */

/* Checked every this many SQLite VM steps (about a tenth of a millisecond). */
#define STOP_CHECK_STEPS 1000

static _Thread_local bool (*stop_fn)(void *);
static _Thread_local void *stop_ctx;
static _Thread_local bool stopped;

static int progress(void *unused)
{
	(void)unused;
	if (stop_fn && stop_fn(stop_ctx)) {
		stopped = true;
		return 1;
	}
	return 0;
}

void report_interrupt_when(struct db *db, bool (*stop)(void *ctx), void *ctx)
{
	stop_fn = stop;
	stop_ctx = ctx;
	if (stop) {
		stopped = false;
		sqlite3_progress_handler(db_handle(db), STOP_CHECK_STEPS, progress, NULL);
	} else {
		sqlite3_progress_handler(db_handle(db), 0, NULL, NULL);
		stopped = false;
	}
}

bool report_stopped(void)
{
	return stopped;
}

void report_rows_free(struct report_rows *rows)
{
	size_t i;

	for (i = 0; i < rows->n; i++)
		record_free(&rows->rows[i]);
	free(rows->rows);
	free(rows->num);
	memset(rows, 0, sizeof(*rows));
}

void report_rows_add(struct report_rows *rows, struct record *r, int64_t num)
{
	if (rows->n == rows->cap) {
		rows->cap = rows->cap ? rows->cap * 2 : 16;
		rows->rows = xreallocarray(rows->rows, rows->cap, sizeof(*rows->rows));
		rows->num = xreallocarray(rows->num, rows->cap, sizeof(*rows->num));
	}
	rows->rows[rows->n] = r;
	rows->num[rows->n++] = num;
}

bool report_rows_has(const struct report_rows *rows, const char *id)
{
	size_t i;

	for (i = 0; i < rows->n; i++)
		if (strcmp(rows->rows[i]->id, id) == 0)
			return true;
	return false;
}

/* Load record id of type e and append it; a missing record is skipped. */
enum status report_rows_load(struct db *db, struct report_rows *rows, const struct entity *e,
			     const char *id, int64_t num)
{
	struct record *r = NULL;
	enum status st = record_load(db, e, id, &r);

	if (st == ST_NOT_FOUND) {
		status_clear();
		return ST_OK;
	}
	if (st == ST_OK)
		report_rows_add(rows, r, num);
	return st;
}

/* Step a statement whose first column is an id (and second, if wanted, a
 * number), loading each record. */
enum status report_rows_from_stmt(struct db *db, sqlite3_stmt *st, const struct entity *e,
				  bool with_num, struct report_rows *out, const char *what)
{
	enum status ret = ST_OK;
	int rc;

	while (ret == ST_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		int64_t num = with_num ? sqlite3_column_int64(st, 1) : 0;
		char *copy = xstrdup(id);

		/* Loading runs other statements; keep our own copy of the id. */
		ret = report_rows_load(db, out, e, copy, num);
		free(copy);
	}
	if (ret == ST_OK && rc != SQLITE_DONE)
		ret = db_error(db, rc, what);
	sqlite3_reset(st);
	return ret;
}

/* ---- dates ---- */

bool report_split_date(const char *s, int *y, int *m, int *d)
{
	if (s == NULL || validate_date(s) != NULL)
		return false;
	return sscanf(s, "%d-%d-%d", y, m, d) == 3;
}

void report_format_date(char out[11], int y, int m, int d)
{
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
}

bool report_period_bounds(enum report_period p, const char *date, int offset, char first[11],
			  char last[11])
{
	int y, m, d, months = p == REPORT_MONTH ? 1 : p == REPORT_QUARTER ? 3 : 12;
	long idx;

	if (p == REPORT_CUSTOM || !report_split_date(date, &y, &m, &d))
		return false;
	/* Months since year 0, moved to the period's first month, then by offset. */
	idx = (long)y * 12 + (m - 1);
	idx -= idx % months;
	idx += (long)offset * months;
	if (idx < 12 || idx + months - 1 >= 12L * 10000)
		return false;
	y = (int)(idx / 12);
	m = (int)(idx % 12) + 1;
	report_format_date(first, y, m, 1);
	idx += months - 1;
	y = (int)(idx / 12);
	m = (int)(idx % 12) + 1;
	report_format_date(last, y, m, clock_days_in_month(y, m));
	return true;
}

bool report_day_range(const char *from, const char *to, char start[21], char end[21])
{
	char next[11];

	if (from == NULL || to == NULL || validate_date(from) || validate_date(to) ||
	    !clock_date_add_days(to, 1, next))
		return false;
	return validate_datetime(from, start) == NULL && validate_datetime(next, end) == NULL;
}

bool report_local(const char *utc, char date[11], char hm[6])
{
	struct tm tm = { 0 };
	char norm[21];
	time_t t;

	date[0] = hm[0] = '\0';
	if (utc == NULL || validate_datetime(utc, norm) != NULL)
		return false;
	if (sscanf(norm, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec) != 6)
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (localtime_r(&t, &tm) == NULL)
		return false;
	report_format_date(date, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	snprintf(hm, 6, "%02u:%02u", (unsigned)tm.tm_hour % 24u, (unsigned)tm.tm_min % 60u);
	return true;
}

bool report_read_begin(struct db *db)
{
	sqlite3 *h = db_handle(db);

	return sqlite3_get_autocommit(h) && sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

/* ---- a second reader of the same snapshot ---- */

static pthread_mutex_t twins_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	struct db *db, *twin;
} twins[8];
static bool twins_off;

void report_twins_enable(bool on)
{
	pthread_mutex_lock(&twins_lock);
	twins_off = !on;
	pthread_mutex_unlock(&twins_lock);
}

/* BEGIN, and a read of the file: the snapshot is taken now, not at the
 * transaction's first query. */
static bool begin_snapshot(sqlite3 *h)
{
	if (sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return false;
	if (sqlite3_exec(h, "SELECT 1 FROM sqlite_schema LIMIT 1", NULL, NULL, NULL) == SQLITE_OK)
		return true;
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	return false;
}

/*
 * The twin first takes the write lock (BEGIN IMMEDIATE): while it holds it
 * nobody can commit, so the snapshot db then takes is the twin's. The twin
 * drops the lock (a reader cannot keep one) and takes a new snapshot, the
 * same one if data_version did not move meanwhile (nothing was committed
 * in that gap); otherwise it is not used. Debian's SQLite is built without
 * SQLITE_ENABLE_SNAPSHOT, which would hand a snapshot over directly.
 */
static struct db *twin_open(struct db *db, bool *began)
{
	struct db *t = NULL;
	long long v;
	bool off;

	*began = false;
	pthread_mutex_lock(&twins_lock);
	off = twins_off;
	pthread_mutex_unlock(&twins_lock);
	if (off || db_readonly(db) || strcmp(db_path(db), ":memory:") == 0 ||
	    db_open(db_path(db), 0, &t) != ST_OK)
		return NULL;
	if (sqlite3_exec(db_handle(t), "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		db_close(&t);
		return NULL;
	}
	v = db_data_version(t);
	*began = begin_snapshot(db_handle(db));
	sqlite3_exec(db_handle(t), "ROLLBACK", NULL, NULL, NULL);
	if (*began && v >= 0 && begin_snapshot(db_handle(t))) {
		/* What stops this thread's queries stops the twin's too, on
		 * the thread that runs them (report_thread_start() hands the
		 * check on): a key typed in the TUI does not wait for it. */
		if (db_data_version(t) == v) {
			if (stop_fn)
				sqlite3_progress_handler(db_handle(t), STOP_CHECK_STEPS, progress,
							 NULL);
			return t;
		}
		sqlite3_exec(db_handle(t), "ROLLBACK", NULL, NULL, NULL);
	}
	db_close(&t);
	return NULL;
}

bool report_read_begin_twin(struct db *db)
{
	struct db *t;
	bool began;

	if (!sqlite3_get_autocommit(db_handle(db)))
		return false;
	t = twin_open(db, &began);
	if (t == NULL)
		return began || report_read_begin(db);
	pthread_mutex_lock(&twins_lock);
	for (size_t i = 0; i < sizeof(twins) / sizeof(twins[0]); i++)
		if (twins[i].db == NULL) {
			twins[i].db = db;
			twins[i].twin = t;
			t = NULL;
			break;
		}
	pthread_mutex_unlock(&twins_lock);
	if (t) {
		sqlite3_exec(db_handle(t), "ROLLBACK", NULL, NULL, NULL);
		db_close(&t);
	}
	return true;
}

struct db *report_twin(struct db *db)
{
	struct db *t = NULL;

	pthread_mutex_lock(&twins_lock);
	for (size_t i = 0; i < sizeof(twins) / sizeof(twins[0]); i++)
		if (twins[i].db == db)
			t = twins[i].twin;
	pthread_mutex_unlock(&twins_lock);
	return t;
}

void report_read_end(struct db *db, bool began)
{
	struct db *t = NULL;

	if (!began)
		return;
	sqlite3_exec(db_handle(db), "COMMIT", NULL, NULL, NULL);
	pthread_mutex_lock(&twins_lock);
	for (size_t i = 0; i < sizeof(twins) / sizeof(twins[0]); i++)
		if (twins[i].db == db) {
			t = twins[i].twin;
			twins[i].db = twins[i].twin = NULL;
		}
	pthread_mutex_unlock(&twins_lock);
	if (t) {
		sqlite3_exec(db_handle(t), "COMMIT", NULL, NULL, NULL);
		db_close(&t);
	}
}

/* A thread's work, and the stop check of the thread that started it
 * (report_interrupt_when()), its own while it runs; stopped: it was. */
struct report_thread_arg {
	enum status (*fn)(void *arg);
	void *arg;
	bool (*stop)(void *ctx);
	void *stop_ctx;
	bool stopped;
	enum status st;
	char msg[512];
};

static void *thread_main(void *p)
{
	struct report_thread_arg *a = p;

	stop_fn = a->stop;
	stop_ctx = a->stop_ctx;
	a->st = a->fn(a->arg);
	if (a->st != ST_OK)
		snprintf(a->msg, sizeof(a->msg), "%s", status_message());
	a->stopped = stopped;
	return NULL;
}

void report_thread_start(struct report_thread *t, enum status (*fn)(void *arg), void *arg)
{
	struct report_thread_arg *a = xcalloc(1, sizeof(*a));

	a->fn = fn;
	a->arg = arg;
	a->stop = stop_fn;
	a->stop_ctx = stop_ctx;
	t->arg = a;
	t->started = pthread_create(&t->thread, NULL, thread_main, a) == 0;
	if (!t->started)
		thread_main(a);
}

enum status report_thread_join(struct report_thread *t)
{
	struct report_thread_arg *a = t->arg;
	enum status st;

	if (a == NULL)
		return ST_OK;
	if (t->started)
		pthread_join(t->thread, NULL);
	st = a->st;
	if (st != ST_OK)
		status_set(st, "%s", a->msg);
	if (a->stopped)
		stopped = true; /* the report stopped, whichever part saw it */
	free(a);
	t->arg = NULL;
	return st;
}

/* ---- close date ranges ---- */

enum status report_close_ranges(struct db *db, struct report_close_ranges *r)
{
	/* Apart: min() and max() in one query read the whole index (40 ms at
	 * 1M contacts), each alone one entry of it. */
	sqlite3_stmt *st =
	    db_prepare(db, "SELECT (SELECT min(close_date) FROM opportunity WHERE deleted = 0 "
			   "AND close_date IS NOT NULL), (SELECT max(close_date) FROM "
			   "opportunity WHERE deleted = 0 AND close_date IS NOT NULL)");
	int y0, m0, y1, m1, d, rc;
	long months, step = 1;

	memset(r, 0, sizeof(*r));
	if (st == NULL)
		return ST_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW &&
	    report_split_date((const char *)sqlite3_column_text(st, 0), &y0, &m0, &d) &&
	    report_split_date((const char *)sqlite3_column_text(st, 1), &y1, &m1, &d)) {
		months = (y1 - y0) * 12L + (m1 - m0);
		while (months / step > 255)
			step *= 2;
		r->at = xreallocarray(NULL, (size_t)(months / step + 1), sizeof(*r->at));
		for (long k = step; k <= months; k += step) {
			long m = m0 - 1 + k;

			report_format_date(r->at[r->n++], y0 + (int)(m / 12), (int)(m % 12) + 1, 1);
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK
						     : db_error(db, rc, _("reading the deals"));
}

size_t report_close_range_count(const struct report_close_ranges *r)
{
	return r->n + 2;
}

const char *report_close_range_sql(const struct report_close_ranges *r, size_t i)
{
	if (i == 0)
		return "close_date IS NULL";
	if (r->n == 0)
		return "close_date IS NOT NULL";
	if (i == 1)
		return "close_date < ?2"; /* NULL is not; a number is */
	if (i == r->n + 1)
		return "close_date >= ?1";
	return "close_date >= ?1 AND close_date < ?2";
}

void report_close_range_bind(const struct report_close_ranges *r, size_t i, sqlite3_stmt *st)
{
	if (i >= 2 && i <= r->n + 1)
		db_bind_text(st, 1, r->at[i - 2]);
	if (i >= 1 && i <= r->n)
		db_bind_text(st, 2, r->at[i - 1]);
}

void report_close_ranges_free(struct report_close_ranges *r)
{
	free(r->at);
	memset(r, 0, sizeof(*r));
}

enum status report_run_pair(enum status (*fn)(void *arg), void *here, void *there)
{
	struct report_thread t = { 0 };
	enum status st, st2 = ST_OK;

	if (there)
		report_thread_start(&t, fn, there);
	st = fn(here);
	if (there)
		st2 = report_thread_join(&t);
	return st != ST_OK ? st : st2;
}

static int order_id_cmp(const void *a, const void *b)
{
	return strcmp(((const struct report_order *)a)->id, ((const struct report_order *)b)->id);
}

/* a before b: by key, then by the rest of the id. */
static bool order_before(const struct report_order *a, const struct report_order *b)
{
	return a->key != b->key ? a->key < b->key : strcmp(a->id, b->id) < 0;
}

/* An insertion sort of a few, by key and id, stable as the radix sort is. */
static void order_insertion(struct report_order *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct report_order x = v[i];
		size_t j;

		for (j = i; j > 0 && order_before(&x, &v[j - 1]); j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

void report_order_sort(struct report_order *v, size_t n)
{
	size_t count[8][256], i, j;
	struct report_order *tmp, *src = v, *dst;

	if (n < 2)
		return;
	/* A few (report changes sorts thousands of runs of two or three deals
	 * of one name by id): without clearing the radix sort's 16 KiB of
	 * counts each time. */
	if (n <= 32) {
		order_insertion(v, n);
		return;
	}
	memset(count, 0, sizeof(count));
	/* Least significant byte first; a byte every key shares is skipped
	 * (the ids' hex digits leave 16 of 256 values in each). */
	for (i = 0; i < n; i++)
		for (j = 0; j < 8; j++)
			count[j][(v[i].key >> (8 * j)) & 255]++;
	tmp = dst = xreallocarray(NULL, n, sizeof(*v));
	for (j = 0; j < 8; j++) {
		size_t at = 0, *c = count[j];
		struct report_order *t;

		if (c[(v[0].key >> (8 * j)) & 255] == n)
			continue;
		for (i = 0; i < 256; i++) {
			size_t k = c[i];

			c[i] = at;
			at += k;
		}
		for (i = 0; i < n; i++)
			dst[c[(src[i].key >> (8 * j)) & 255]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
	free(tmp);
	/* Equal keys: by the rest of the id. Ids that share their first 8
	 * bytes are few (an insertion sort of each run); names are not (a
	 * thousand deals' names may begin "Acme Ad"): a long run is qsorted. */
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[j].key == v[i].key; j++)
			;
		if (j - i > 16)
			qsort(v + i, j - i, sizeof(*v), order_id_cmp);
		else
			order_insertion(v + i, j - i);
	}
}

void report_time_slices(const char *from, long long to, size_t n, char (*at)[21])
{
	long long a = clock_utc_seconds(from);

	for (size_t i = 0; i < n; i++) {
		if (i == 0 || a < 0 || to <= a)
			snprintf(at[i], sizeof(at[i]), "%s", from);
		else
			clock_iso_utc((time_t)(a + (to - a) * (long long)i / (long long)n), at[i]);
	}
}

void report_sort_by_id(void *items, size_t n, size_t size, size_t id_at)
{
	struct report_order *o;
	unsigned char *copy, *at = items;
	const char *id;
	size_t i;

	if (n < 2)
		return;
	o = xreallocarray(NULL, n, sizeof(*o));
	for (i = 0; i < n; i++) {
		memcpy(&id, at + i * size + id_at, sizeof(id));
		o[i] = (struct report_order){ report_str_key(id), id, i };
	}
	report_order_sort(o, n);
	copy = xreallocarray(NULL, n, size);
	for (i = 0; i < n; i++)
		memcpy(copy + i * size, at + o[i].i * size, size);
	memcpy(at, copy, n * size);
	free(copy);
	free(o);
}

/* ---- won deals ---- */

uint64_t report_str_key(const char *s)
{
	uint64_t k = 0;
	int i;

	for (i = 0; i < 8; i++) {
		k = k << 8 | (s ? (unsigned char)*s : 0);
		if (s && !*s)
			s = NULL;
		else if (s)
			s++;
	}
	return k;
}

static int won_str_cmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int won_cmp(const void *x, const void *y)
{
	const struct report_won *a = x, *b = y;
	int c = a->key != b->key ? (a->key < b->key ? -1 : 1) : won_str_cmp(a->account, b->account);

	if (c == 0)
		c = strcmp(a->currency, b->currency);
	return c ? c : won_str_cmp(a->owner, b->owner);
}

/* Text in blocks of 1 MiB (report_text_copy()). */
#define TEXT_BLOCK (1 << 20)

struct report_text {
	struct report_text *next;
	size_t used, size;
	char s[];
};

const char *report_text_copy(struct report_text **t, const char *s, size_t n)
{
	char *p;

	if (*t == NULL || (*t)->size - (*t)->used < n + 1) {
		size_t size = n + 1 > TEXT_BLOCK ? n + 1 : TEXT_BLOCK;
		struct report_text *b = xmalloc(sizeof(*b) + size);

		b->next = *t;
		b->used = 0;
		b->size = size;
		*t = b;
	}
	p = (*t)->s + (*t)->used;
	memcpy(p, s, n);
	p[n] = '\0';
	(*t)->used += n + 1;
	return p;
}

const char *report_text_str(struct report_text **t, const char *s)
{
	return s ? report_text_copy(t, s, strlen(s)) : NULL;
}

const char *report_text_column(struct report_text **t, sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	return s ? report_text_copy(t, s, (size_t)sqlite3_column_bytes(st, col)) : NULL;
}

enum status report_won_read(struct db *db, const char *from, const char *to, const char *account,
			    const char *def, struct report_won_list *out)
{
#define WON_SQL(account_condition)                                                                 \
	"SELECT account, coalesce(currency, ?3), owner, coalesce(amount, 0), close_date FROM "     \
	"opportunity WHERE deleted = 0 AND stage IN (SELECT id FROM stage WHERE won = 1 AND "      \
	"deleted = 0) AND close_date >= ?1 AND close_date <= ?2" account_condition
	sqlite3_stmt *st = db_prepare(
	    db, REPORT_SQL(account, WON_SQL(" AND account = ?4"), WON_SQL(" AND ?4 IS NULL")));
#undef WON_SQL
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	db_bind_text(st, 3, def);
	db_bind_text(st, 4, account);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct report_won *w;
		const char *cur = (const char *)sqlite3_column_text(st, 1);

		if (out->n == cap) {
			cap = cap ? 2 * cap : 1024;
			out->d = xreallocarray(out->d, cap, sizeof(*out->d));
		}
		w = &out->d[out->n];
		w->account = report_text_column(&out->text, st, 0);
		/* Most deals are in one currency: the last one's text serves. */
		w->currency = out->n && cur && strcmp(out->d[out->n - 1].currency, cur) == 0
				  ? out->d[out->n - 1].currency
				  : report_text_column(&out->text, st, 1);
		w->owner = report_text_column(&out->text, st, 2);
		w->date = report_text_column(&out->text, st, 4);
		/* coalesce() with a bound text and close_date >= ?1: never NULL */
		if (w->currency == NULL)
			w->currency = "";
		if (w->date == NULL)
			w->date = "";
		w->amount = sqlite3_column_int64(st, 3);
		w->key = report_str_key(w->account);
		out->n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		report_won_free(out);
		return db_error(db, rc, _("reading won deals"));
	}
	if (out->n > 1)
		qsort(out->d, out->n, sizeof(*out->d), won_cmp);
	return ST_OK;
}

void report_text_free(struct report_text **t)
{
	while (*t) {
		struct report_text *next = (*t)->next;

		free(*t);
		*t = next;
	}
}

void report_won_free(struct report_won_list *l)
{
	report_text_free(&l->text);
	free(l->d);
	memset(l, 0, sizeof(*l));
}

/* ---- accounts in id order ---- */

/* Entries stepped over before a seek is cheaper. */
#define CARD_STEPS 16

enum status report_cards_open(struct db *db, struct report_cards *c)
{
	memset(c, 0, sizeof(*c));
	c->st = db_prepare(db, "SELECT id, deleted, owner, name, segment, segment_by_hand, "
			       "industry FROM account INDEXED BY account_card WHERE id >= ?1 "
			       "ORDER BY id");
	return c->st ? ST_OK : ST_DB;
}

static int card_step(struct report_cards *c)
{
	int rc = sqlite3_step(c->st);

	c->row = rc == SQLITE_ROW;
	c->done = rc == SQLITE_DONE;
	return rc;
}

int report_cards_find(struct report_cards *c, const char *id, struct report_card *card)
{
	int cmp = -1, rc, k;

	if (c->done)
		return SQLITE_DONE;
	if (c->row)
		cmp = strcmp((const char *)sqlite3_column_text(c->st, 0), id);
	for (k = 0; c->row && cmp < 0 && k < CARD_STEPS; k++) {
		rc = card_step(c);
		if (rc != SQLITE_ROW)
			return rc;
		cmp = strcmp((const char *)sqlite3_column_text(c->st, 0), id);
	}
	if (!c->row || cmp < 0) {
		/* Not begun, or id is further on: seek it. */
		sqlite3_reset(c->st);
		sqlite3_bind_text(c->st, 1, id, -1, SQLITE_TRANSIENT);
		rc = card_step(c);
		if (rc != SQLITE_ROW)
			return rc;
		cmp = strcmp((const char *)sqlite3_column_text(c->st, 0), id);
	}
	if (cmp != 0)
		return SQLITE_DONE;
	card->deleted = sqlite3_column_int(c->st, 1) != 0;
	card->owner = (const char *)sqlite3_column_text(c->st, 2);
	card->name = (const char *)sqlite3_column_text(c->st, 3);
	card->segment = (const char *)sqlite3_column_text(c->st, 4);
	card->by_hand = sqlite3_column_int(c->st, 5) != 0;
	card->industry = (const char *)sqlite3_column_text(c->st, 6);
	return SQLITE_ROW;
}

void report_cards_close(struct report_cards *c)
{
	if (c->st)
		sqlite3_reset(c->st);
	memset(c, 0, sizeof(*c));
}

/* ---- items by id ---- */

uint64_t report_hash(const void *s, size_t n, uint64_t seed)
{
	const unsigned char *p = s;
	uint64_t h = seed ^ (n * 0x9e3779b97f4a7c15u), w;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdu;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, p, n);
	h = (h ^ w) * 0xff51afd7ed558ccdu;
	/* MurmurHash3's finish: every bit of the input moves every bit here. */
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	h ^= h >> 33;
	return h;
}

static uint64_t id_hash(const char *s)
{
	return report_hash(s, strlen(s), 0);
}

static const char *item_id(const struct report_ids *x, size_t i)
{
	const char *id;

	memcpy(&id, x->items + i * x->size + x->id_at, sizeof(id));
	return id;
}

void report_ids_build(struct report_ids *x, const void *items, size_t n, size_t size, size_t id_at)
{
	size_t cap = 16, i, j;

	while (cap < 2 * n)
		cap *= 2;
	x->slot = xcalloc(cap, sizeof(*x->slot));
	x->mask = cap - 1;
	x->items = items;
	x->size = size;
	x->id_at = id_at;
	x->more = NULL;
	for (i = 0; i < n; i++) {
		uint64_t h = id_hash(item_id(x, i));

		for (j = h & x->mask; x->slot[j]; j = (j + 1) & x->mask)
			;
		x->slot[j] = (h & 0xffffffff00000000u) | (uint64_t)(i + 1);
	}
}

void *report_ids_find(const struct report_ids *x, const char *id)
{
	uint64_t h = id_hash(id), tag = h & 0xffffffff00000000u;

	for (; x && x->slot; x = x->more) {
		/* The hash's high half tells most other ids apart without
		 * reading them. */
		for (size_t j = h & x->mask; x->slot[j]; j = (j + 1) & x->mask) {
			size_t i = (size_t)(x->slot[j] & 0xffffffffu) - 1;

			if ((x->slot[j] & 0xffffffff00000000u) == tag &&
			    strcmp(item_id(x, i), id) == 0)
				return (void *)(x->items + i * x->size);
		}
	}
	return NULL;
}

void report_ids_join(struct report_ids *x, struct report_ids *y)
{
	struct report_ids **end = &x->more;

	while (*end)
		end = &(*end)->more;
	*end = xmalloc(sizeof(**end));
	**end = *y;
	memset(y, 0, sizeof(*y));
}

void report_ids_free(struct report_ids *x)
{
	if (x->more) {
		report_ids_free(x->more);
		free(x->more);
	}
	free(x->slot);
	memset(x, 0, sizeof(*x));
}
