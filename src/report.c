/* report.c - the queries behind the screens: agenda, funnel, forecast, 360, duplicates. */
#include "report.h"

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
#include "search.h"
#include "sync/sync.h"
#include "validate.h"
#include "xalloc.h"

#define REPORT_DEFAULT_LIMIT 1000
/* Overdue items and follow-ups due are looked for this far back: older ones
 * are stale, and the bound keeps the scan of the (start, n) and (at, n)
 * indexes short on a large database. */
#define REPORT_LOOKBACK_DAYS 30
/* Pending changes are counted up to this many. */
#define PENDING_CAP 10000
/* Rotting deals are found by a scan of open deals that stops after this many. */
#define ROTTING_SCAN 200
/* An activity without an end is taken to last this long for overlaps. */
#define DEFAULT_MINUTES 30

const char *const report_categories[FC_COUNT] = { "closed", "commit", "best_case", "pipeline" };

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

static void rows_add(struct report_rows *rows, struct record *r, int64_t num)
{
	if (rows->n == rows->cap) {
		rows->cap = rows->cap ? rows->cap * 2 : 16;
		rows->rows = xreallocarray(rows->rows, rows->cap, sizeof(*rows->rows));
		rows->num = xreallocarray(rows->num, rows->cap, sizeof(*rows->num));
	}
	rows->rows[rows->n] = r;
	rows->num[rows->n++] = num;
}

static bool rows_has(const struct report_rows *rows, const char *id)
{
	size_t i;

	for (i = 0; i < rows->n; i++)
		if (strcmp(rows->rows[i]->id, id) == 0)
			return true;
	return false;
}

/* Load record id of type e and append it; a missing record is skipped. */
static enum status rows_load(struct db *db, struct report_rows *rows, const struct entity *e,
			     const char *id, int64_t num)
{
	struct record *r = NULL;
	enum status st = record_load(db, e, id, &r);

	if (st == ST_NOT_FOUND) {
		status_clear();
		return ST_OK;
	}
	if (st == ST_OK)
		rows_add(rows, r, num);
	return st;
}

/* Step a statement whose first column is an id (and second, if wanted, a
 * number), loading each record. */
static enum status rows_from_stmt(struct db *db, sqlite3_stmt *st, const struct entity *e,
				  bool with_num, struct report_rows *out, const char *what)
{
	enum status ret = ST_OK;
	int rc;

	while (ret == ST_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		int64_t num = with_num ? sqlite3_column_int64(st, 1) : 0;
		char *copy = xstrdup(id);

		/* Loading runs other statements; keep our own copy of the id. */
		ret = rows_load(db, out, e, copy, num);
		free(copy);
	}
	if (ret == ST_OK && rc != SQLITE_DONE)
		ret = db_error(db, rc, what);
	sqlite3_reset(st);
	return ret;
}

/* ---- dates ---- */

static bool split_date(const char *s, int *y, int *m, int *d)
{
	if (s == NULL || validate_date(s) != NULL)
		return false;
	return sscanf(s, "%d-%d-%d", y, m, d) == 3;
}

static void format_date(char out[11], int y, int m, int d)
{
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
}

static int days_in_month(int y, int m)
{
	int a = clock_days_from_civil(y, m, 1);
	int b = m == 12 ? clock_days_from_civil(y + 1, 1, 1) : clock_days_from_civil(y, m + 1, 1);

	return b - a;
}

bool report_period_bounds(enum report_period p, const char *date, int offset, char first[11],
			  char last[11])
{
	int y, m, d, months = p == REPORT_MONTH ? 1 : p == REPORT_QUARTER ? 3 : 12;
	long idx;

	if (!split_date(date, &y, &m, &d))
		return false;
	/* Months since year 0, moved to the period's first month, then by offset. */
	idx = (long)y * 12 + (m - 1);
	idx -= idx % months;
	idx += (long)offset * months;
	if (idx < 12 || idx + months - 1 >= 12L * 10000)
		return false;
	y = (int)(idx / 12);
	m = (int)(idx % 12) + 1;
	format_date(first, y, m, 1);
	idx += months - 1;
	y = (int)(idx / 12);
	m = (int)(idx % 12) + 1;
	format_date(last, y, m, days_in_month(y, m));
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
	format_date(date, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	snprintf(hm, 6, "%02u:%02u", (unsigned)tm.tm_hour % 24u, (unsigned)tm.tm_min % 60u);
	return true;
}

/* Seconds since the epoch of a stored UTC date-time; -1 if it is not one. */
static long long utc_seconds(const char *utc)
{
	struct tm tm = { 0 };

	if (utc == NULL || sscanf(utc, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
				  &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm);
}

/* Days from date a to date b (b - a); 0 if either is not a date. */
static int days_between(const char *a, const char *b)
{
	if (a == NULL || b == NULL || validate_date(a) || validate_date(b))
		return 0;
	return clock_days_from_civil(atoi(b), atoi(b + 5), atoi(b + 8)) -
	       clock_days_from_civil(atoi(a), atoi(a + 5), atoi(a + 8));
}

/* ---- agenda ---- */

struct timed {
	char *id;
	char key[21]; /* UTC instant the item sorts by */
	bool day_only;
};

static int timed_cmp(const void *a, const void *b)
{
	const struct timed *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return (int)y->day_only - (int)x->day_only;
}

enum status report_activities(struct db *db, const char *owner, const char *from, const char *to,
			      int limit, struct report_rows *out)
{
	sqlite3_stmt *st;
	struct timed *items = NULL;
	size_t n = 0, cap = 0, i;
	char start[21], end[21];
	enum status ret = ST_OK;
	int rc, pass;

	if (limit <= 0)
		limit = REPORT_DEFAULT_LIMIT;
	if (!report_day_range(from, to, start, end))
		return status_set(ST_INVALID, _("\"%s\" to \"%s\" is not a range of dates"),
				  from ? from : "", to ? to : "");
	for (pass = 0; pass < 2 && ret == ST_OK; pass++) {
		st = db_prepare(db, pass == 0
					    ? "SELECT id, start FROM activity WHERE deleted = 0 AND "
					      "start >= ?1 AND start < ?2 AND status != 'cancelled' "
					      "AND (?3 IS NULL OR owner = ?3) ORDER BY start, n LIMIT ?4"
					    : "SELECT id, due FROM activity WHERE deleted = 0 AND "
					      "due >= ?1 AND due <= ?2 AND +start IS NULL AND "
					      "status != 'cancelled' AND (?3 IS NULL OR owner = ?3) "
					      "ORDER BY due, n LIMIT ?4");
		if (st == NULL) {
			ret = ST_DB;
			break;
		}
		db_bind_text(st, 1, pass == 0 ? start : from);
		db_bind_text(st, 2, pass == 0 ? end : to);
		db_bind_text(st, 3, owner);
		sqlite3_bind_int(st, 4, limit);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *k = (const char *)sqlite3_column_text(st, 1);
			struct timed *t;

			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				items = xreallocarray(items, cap, sizeof(*items));
			}
			t = &items[n];
			t->day_only = pass == 1;
			if (pass == 1) {
				if (validate_datetime(k, t->key) != NULL)
					continue;
			} else {
				snprintf(t->key, sizeof(t->key), "%s", k ? k : "");
			}
			t->id = xstrdup((const char *)sqlite3_column_text(st, 0));
			n++;
		}
		if (rc != SQLITE_DONE)
			ret = db_error(db, rc, _("reading the schedule"));
		sqlite3_reset(st);
	}
	if (n > 1)
		qsort(items, n, sizeof(*items), timed_cmp);
	for (i = 0; i < n; i++) {
		if (ret == ST_OK && i < (size_t)limit)
			ret = rows_load(db, out, &entity_activity, items[i].id, 0);
		free(items[i].id);
	}
	free(items);
	return ret;
}

enum status report_overdue(struct db *db, const char *owner, const char *today, int limit,
			   struct report_rows *out)
{
	char start[21], end[21], hm[6], since[11], since_utc[21];
	struct report_rows tmp = { 0 };
	enum status ret = ST_OK;
	sqlite3_stmt *st;
	size_t i;
	int pass;

	if (limit <= 0)
		limit = REPORT_DEFAULT_LIMIT;
	if (!clock_date_add_days(today ? today : "", -REPORT_LOOKBACK_DAYS, since) ||
	    !report_day_range(since, today, since_utc, end) ||
	    !report_day_range(today, today, start, end))
		return status_set(ST_INVALID, _("\"%s\" is not a date"), today ? today : "");
	/* Two index ranges walked backwards from today: timed ones, then due ones.
	 * "+start" keeps SQLite from walking the (start) index for "start IS NULL"
	 * instead of the (due) range, 20 times slower on a large database. */
	for (pass = 0; pass < 2 && ret == ST_OK; pass++) {
		st = db_prepare(db, pass == 0
					    ? "SELECT id FROM activity WHERE deleted = 0 AND start < ?1 "
					      "AND start >= ?4 AND status = 'planned' AND "
					      "(?2 IS NULL OR owner = ?2) ORDER BY start DESC, n DESC LIMIT ?3"
					    : "SELECT id FROM activity WHERE deleted = 0 AND due < ?1 AND "
					      "due >= ?4 AND +start IS NULL AND status = 'planned' AND "
					      "(?2 IS NULL OR owner = ?2) ORDER BY due DESC, n DESC LIMIT ?3");
		if (st == NULL)
			return ST_DB;
		db_bind_text(st, 1, pass == 0 ? start : today);
		db_bind_text(st, 2, owner);
		sqlite3_bind_int(st, 3, limit);
		db_bind_text(st, 4, pass == 0 ? since_utc : since);
		ret = rows_from_stmt(db, st, &entity_activity, false, &tmp, _("reading the schedule"));
	}
	/* Merge by the day each is late from, latest first. */
	for (i = 0; i < tmp.n; i++) {
		const char *s = record_get(tmp.rows[i], "start");
		char day[11] = "";

		if (s)
			report_local(s, day, hm);
		else
			snprintf(day, sizeof(day), "%s", record_get(tmp.rows[i], "due"));
		tmp.num[i] = days_between(day, today);
	}
	while (ret == ST_OK && tmp.n > 0 && out->n < (size_t)limit) {
		size_t best = 0;

		for (i = 1; i < tmp.n; i++)
			if (tmp.num[i] < tmp.num[best])
				best = i;
		rows_add(out, tmp.rows[best], tmp.num[best]);
		tmp.rows[best] = tmp.rows[tmp.n - 1];
		tmp.num[best] = tmp.num[tmp.n - 1];
		tmp.n--;
	}
	report_rows_free(&tmp);
	return ret;
}

enum status report_followups_due(struct db *db, const char *owner, const char *today, int limit,
				 struct report_rows *out)
{
	char since[11], start[21], end[21];
	sqlite3_stmt *st;
	enum status ret;
	size_t i;

	if (limit <= 0)
		limit = REPORT_DEFAULT_LIMIT;
	if (!clock_date_add_days(today ? today : "", -REPORT_LOOKBACK_DAYS, since) ||
	    !report_day_range(since, today, start, end))
		return status_set(ST_INVALID, _("\"%s\" is not a date"), today ? today : "");
	st = db_prepare(db, "SELECT f.id FROM followup f WHERE f.deleted = 0 AND f.at >= ?1 AND "
			    "f.at < ?2 AND f.next_date IS NOT NULL AND f.next_date <= ?3 AND "
			    "(?4 IS NULL OR f.owner = ?4) AND NOT EXISTS (SELECT 1 FROM followup g "
			    "WHERE g.related = f.related AND g.deleted = 0 AND g.at > f.at) "
			    "ORDER BY f.at DESC, f.n DESC LIMIT ?5");
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, start);
	db_bind_text(st, 2, end);
	db_bind_text(st, 3, today);
	db_bind_text(st, 4, owner);
	sqlite3_bind_int(st, 5, limit);
	ret = rows_from_stmt(db, st, &entity_followup, false, out, _("reading follow-ups"));
	for (i = 0; i < out->n; i++)
		out->num[i] = days_between(record_get(out->rows[i], "next_date"), today);
	return ret;
}

enum status report_closing(struct db *db, const char *owner, const char *from, const char *to,
			   int limit, struct report_rows *out)
{
	sqlite3_stmt *st;

	if (limit <= 0)
		limit = REPORT_DEFAULT_LIMIT;
	st = db_prepare(db, "SELECT o.id FROM opportunity o JOIN stage s ON s.id = o.stage "
			    "WHERE o.deleted = 0 AND o.close_date >= ?1 AND o.close_date <= ?2 AND "
			    "(?3 IS NULL OR o.owner = ?3) AND s.won = 0 AND s.lost = 0 "
			    "ORDER BY o.close_date, o.n LIMIT ?4");
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	db_bind_text(st, 3, owner);
	sqlite3_bind_int(st, 4, limit);
	return rows_from_stmt(db, st, &entity_opportunity, false, out, _("reading deals"));
}

enum status report_rotting(struct db *db, const char *owner, int limit, struct report_rows *out)
{
	char now[21];
	sqlite3_stmt *st;
	enum status ret;
	size_t i, j;

	if (limit <= 0)
		limit = REPORT_DEFAULT_LIMIT;
	clock_iso_utc(clock_now(), now);
	/* Stage by stage through the (stage, n) index; no global order, so the
	 * scan ends after ROTTING_SCAN hits and those are sorted here. */
	st = db_prepare(db, "SELECT o.id, CAST(julianday(?1) - julianday(o.stage_at) AS INTEGER) "
			    "FROM stage s JOIN opportunity o ON o.stage = s.id AND o.deleted = 0 "
			    "WHERE s.deleted = 0 AND s.won = 0 AND s.lost = 0 AND "
			    "s.idle_days IS NOT NULL AND (?2 IS NULL OR o.owner = ?2) AND "
			    "o.stage_at IS NOT NULL AND "
			    "julianday(?1) - julianday(o.stage_at) > s.idle_days LIMIT ?3");
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, now);
	db_bind_text(st, 2, owner);
	sqlite3_bind_int(st, 3, ROTTING_SCAN);
	ret = rows_from_stmt(db, st, &entity_opportunity, true, out, _("reading deals"));
	/* Longest idle first (insertion sort: at most ROTTING_SCAN rows). */
	for (i = 1; i < out->n; i++) {
		for (j = i; j > 0 && out->num[j] > out->num[j - 1]; j--) {
			struct record *r = out->rows[j];
			int64_t v = out->num[j];

			out->rows[j] = out->rows[j - 1];
			out->num[j] = out->num[j - 1];
			out->rows[j - 1] = r;
			out->num[j - 1] = v;
		}
	}
	while (out->n > (size_t)limit)
		record_free(&out->rows[--out->n]);
	return ret;
}

enum status report_pending_changes(struct db *db, int64_t *count, bool *more)
{
	long n = 0;
	enum status st = sync_pending_count(db, PENDING_CAP, &n, more);

	*count = n;
	return st;
}

enum status report_day_counts(struct db *db, const char *owner, const char *from, const char *to,
			      int *counts, int ndays)
{
	char start[21], end[21];
	sqlite3_stmt *st;
	int rc, pass;

	memset(counts, 0, sizeof(*counts) * (size_t)(ndays > 0 ? ndays : 0));
	if (!report_day_range(from, to, start, end))
		return status_set(ST_INVALID, _("\"%s\" to \"%s\" is not a range of dates"),
				  from ? from : "", to ? to : "");
	for (pass = 0; pass < 2; pass++) {
		/* SQLite's 'localtime' converts with the C library, under TZ. */
		st = db_prepare(db, pass == 0
					    ? "SELECT date(start, 'localtime'), count(*) FROM activity "
					      "WHERE deleted = 0 AND start >= ?1 AND start < ?2 AND "
					      "status != 'cancelled' AND (?3 IS NULL OR owner = ?3) "
					      "GROUP BY 1"
					    : "SELECT due, count(*) FROM activity WHERE deleted = 0 AND "
					      "due >= ?1 AND due <= ?2 AND +start IS NULL AND "
					      "status != 'cancelled' AND (?3 IS NULL OR owner = ?3) "
					      "GROUP BY 1");
		if (st == NULL)
			return ST_DB;
		db_bind_text(st, 1, pass == 0 ? start : from);
		db_bind_text(st, 2, pass == 0 ? end : to);
		db_bind_text(st, 3, owner);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *day = (const char *)sqlite3_column_text(st, 0);
			int k = day ? days_between(from, day) : -1;

			if (day && validate_date(day) == NULL && k >= 0 && k < ndays)
				counts[k] += sqlite3_column_int(st, 1);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_error(db, rc, _("reading the schedule"));
	}
	return ST_OK;
}

void report_overlaps(struct record *const *acts, size_t n, bool *overlap)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		overlap[i] = false;
	for (i = 0; i < n; i++) {
		long long s1 = utc_seconds(record_get(acts[i], "start")), e1;
		const char *st1 = record_get(acts[i], "status");

		if (s1 < 0 || (st1 && strcmp(st1, "cancelled") == 0))
			continue;
		e1 = utc_seconds(record_get(acts[i], "end"));
		if (e1 <= s1)
			e1 = s1 + DEFAULT_MINUTES * 60;
		for (j = i + 1; j < n; j++) {
			long long s2 = utc_seconds(record_get(acts[j], "start")), e2;
			const char *st2 = record_get(acts[j], "status");

			if (s2 < 0 || (st2 && strcmp(st2, "cancelled") == 0))
				continue;
			e2 = utc_seconds(record_get(acts[j], "end"));
			if (e2 <= s2)
				e2 = s2 + DEFAULT_MINUTES * 60;
			if (s1 < e2 && s2 < e1)
				overlap[i] = overlap[j] = true;
		}
	}
}

/* ---- funnel ---- */

void report_funnel_free(struct funnel *fu)
{
	size_t i;

	for (i = 0; i < fu->n; i++) {
		free(fu->stages[i].id);
		free(fu->stages[i].name);
	}
	free(fu->stages);
	memset(fu, 0, sizeof(*fu));
}

enum status report_funnel_stages(struct db *db, struct funnel *out)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	snprintf(out->currency, sizeof(out->currency), "%s", record_default_currency(db));
	out->exponent = money_exponent(out->currency);
	if (out->exponent < 0)
		out->exponent = 2;
	st = db_prepare(db, "SELECT id, name, position, probability, coalesce(idle_days, 0), won, "
			    "lost FROM stage WHERE deleted = 0 ORDER BY position, n");
	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct funnel_stage *s;

		out->stages = xreallocarray(out->stages, out->n + 1, sizeof(*out->stages));
		s = &out->stages[out->n++];
		memset(s, 0, sizeof(*s));
		s->id = db_column_strdup(st, 0);
		s->name = db_column_strdup(st, 1);
		s->position = sqlite3_column_int64(st, 2);
		s->probability = sqlite3_column_int64(st, 3);
		s->idle_days = sqlite3_column_int64(st, 4);
		s->won = sqlite3_column_int(st, 5) != 0;
		s->lost = sqlite3_column_int(st, 6) != 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		report_funnel_free(out);
		return db_error(db, rc, _("reading stages"));
	}
	return ST_OK;
}

enum status report_funnel_sum(struct db *db, const struct funnel_filter *f, struct funnel *fu,
			      size_t i)
{
	struct funnel_filter none = { 0 };
	struct funnel_stage *s;
	int64_t count = 0, amount = 0, weighted = 0, other = 0;
	sqlite3_stmt *st;
	int rc;

	if (i >= fu->n)
		return status_set(ST_INVALID, "%s", _("no such stage"));
	if (f == NULL)
		f = &none;
	s = &fu->stages[i];
	/* Through the (stage, n) index, grouped by "in the funnel's currency". */
	st = db_prepare(db, "SELECT coalesce(currency, ?6) = ?6, count(*), "
			    "coalesce(sum(amount), 0), coalesce(sum(amount * coalesce(probability, "
			    "0)), 0) FROM opportunity WHERE deleted = 0 AND stage = ?1 AND "
			    "(?2 IS NULL OR owner = ?2) AND (?3 IS NULL OR close_date >= ?3) AND "
			    "(?4 IS NULL OR close_date <= ?4) AND (?5 IS NULL OR category = ?5) "
			    "GROUP BY 1");
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, s->id);
	db_bind_text(st, 2, f->owner);
	db_bind_text(st, 3, f->from);
	db_bind_text(st, 4, f->to);
	db_bind_text(st, 5, f->category);
	db_bind_text(st, 6, fu->currency);
	/* Summed apart and applied once complete: a stopped query adds nothing. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t cnt = sqlite3_column_int64(st, 1);

		count += cnt;
		if (sqlite3_column_int(st, 0)) {
			amount += sqlite3_column_int64(st, 2);
			weighted += sqlite3_column_int64(st, 3) / 100;
		} else {
			other += cnt;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, _("summing the funnel"));
	s->count += count;
	s->amount += amount;
	s->weighted += weighted;
	s->other_currency += other;
	fu->count += s->count;
	fu->amount += s->amount;
	fu->weighted += s->weighted;
	return ST_OK;
}

enum status report_funnel(struct db *db, const struct funnel_filter *f, struct funnel *out)
{
	enum status st = report_funnel_stages(db, out);
	size_t i;

	for (i = 0; st == ST_OK && i < out->n; i++)
		st = report_funnel_sum(db, f, out, i);
	if (st != ST_OK)
		report_funnel_free(out);
	return st;
}

/* ---- forecast ---- */

void report_forecast_free(struct forecast *fc)
{
	size_t i;

	for (i = 0; i < fc->n; i++) {
		free(fc->rows[i].owner);
		free(fc->rows[i].name);
	}
	free(fc->rows);
	free(fc->total.name);
	memset(fc, 0, sizeof(*fc));
}

static struct forecast_row *forecast_row_for(struct forecast *fc, const char *owner)
{
	size_t i;
	struct forecast_row *r;

	for (i = 0; i < fc->n; i++) {
		const char *o = fc->rows[i].owner;

		if ((o == NULL && owner == NULL) || (o && owner && strcmp(o, owner) == 0))
			return &fc->rows[i];
	}
	fc->rows = xreallocarray(fc->rows, fc->n + 1, sizeof(*fc->rows));
	r = &fc->rows[fc->n++];
	memset(r, 0, sizeof(*r));
	r->owner = xstrdup(owner);
	r->attainment = -1;
	return r;
}

static int months_of(const char *period)
{
	if (period && strcmp(period, "month") == 0)
		return 1;
	if (period && strcmp(period, "year") == 0)
		return 12;
	return 3;
}

static int row_cmp(const void *a, const void *b)
{
	const struct forecast_row *x = a, *y = b;

	if (x->owner == NULL || y->owner == NULL)
		return (x->owner == NULL) - (y->owner == NULL);
	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

static int64_t attainment_of(int64_t closed, int64_t quota)
{
	if (quota <= 0)
		return -1;
	/* Tenths of a percent, rounded down; __int128 keeps large sums exact. */
	return (int64_t)((__int128)closed * 1000 / quota);
}

enum status report_forecast(struct db *db, enum report_period p, const char *date, int offset,
			    struct forecast *out)
{
	int months = p == REPORT_MONTH ? 1 : p == REPORT_QUARTER ? 3 : 12;
	sqlite3_stmt *st;
	size_t i;
	int rc, c;

	memset(out, 0, sizeof(*out));
	if (!report_period_bounds(p, date, offset, out->first, out->last))
		return status_set(ST_INVALID, _("\"%s\" is not a date"), date ? date : "");
	snprintf(out->currency, sizeof(out->currency), "%s", record_default_currency(db));
	out->exponent = money_exponent(out->currency);
	if (out->exponent < 0)
		out->exponent = 2;
	/* Every rep, with the quota converted to this period. */
	st = db_prepare(db, "SELECT id, name, coalesce(quota, 0), period, coalesce(currency, ?1) "
			    "FROM user WHERE deleted = 0 AND role = 'rep' ORDER BY name, n");
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, out->currency);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct forecast_row *r = forecast_row_for(out, (const char *)sqlite3_column_text(st, 0));
		const char *cur = (const char *)sqlite3_column_text(st, 4);

		r->name = db_column_strdup(st, 1);
		if (cur && strcmp(cur, out->currency) == 0)
			r->quota = (int64_t)((__int128)sqlite3_column_int64(st, 2) * months /
					     months_of((const char *)sqlite3_column_text(st, 3)));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		report_forecast_free(out);
		return db_error(db, rc, _("reading users"));
	}
	/* The period's deals by owner and category: the covering index
	 * (close_date, owner, category, amount) answers most of it. */
	st = db_prepare(db, "SELECT owner, category, coalesce(sum(amount), 0), "
			    "coalesce(sum(amount * coalesce(probability, 0)), 0) FROM opportunity "
			    "WHERE deleted = 0 AND close_date >= ?1 AND close_date <= ?2 AND "
			    "coalesce(currency, ?3) = ?3 GROUP BY owner, category");
	if (st == NULL) {
		report_forecast_free(out);
		return ST_DB;
	}
	db_bind_text(st, 1, out->first);
	db_bind_text(st, 2, out->last);
	db_bind_text(st, 3, out->currency);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cat = (const char *)sqlite3_column_text(st, 1);
		struct forecast_row *r = forecast_row_for(out, (const char *)sqlite3_column_text(st, 0));

		for (c = 0; c < FC_COUNT; c++) {
			if (cat && strcmp(cat, report_categories[c]) == 0) {
				r->by_category[c] += sqlite3_column_int64(st, 2);
				if (c != FC_CLOSED)
					r->weighted += sqlite3_column_int64(st, 3) / 100;
			}
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		report_forecast_free(out);
		return db_error(db, rc, _("summing the forecast"));
	}
	for (i = 0; i < out->n; i++) {
		struct forecast_row *r = &out->rows[i];

		if (r->name == NULL)
			r->name = r->owner ? record_title_of(db, "user", r->owner) : xstrdup("-");
		r->attainment = attainment_of(r->by_category[FC_CLOSED], r->quota);
		out->total.quota += r->quota;
		out->total.weighted += r->weighted;
		for (c = 0; c < FC_COUNT; c++)
			out->total.by_category[c] += r->by_category[c];
	}
	if (out->n > 1)
		qsort(out->rows, out->n, sizeof(*out->rows), row_cmp);
	out->total.name = xstrdup(_("All reps"));
	out->total.attainment = attainment_of(out->total.by_category[FC_CLOSED], out->total.quota);
	return ST_OK;
}

/* ---- one customer ---- */

/*
 * The records "about" an account in table t (activity or followup, by their
 * related column): its own, its contacts' and its deals'. Three lookups
 * through the (related) index joined by UNION ALL; an OR of them would scan
 * the whole table. cond is the rest of each WHERE, on alias x.
 */
#define ABOUT_ACCOUNT(t, cols, cond)                                                         \
	"SELECT " cols " FROM " t " x WHERE x.deleted = 0 AND x.related = ?1 AND " cond        \
	" UNION ALL SELECT " cols " FROM contact c JOIN " t " x ON x.related = c.id "          \
	"AND x.deleted = 0 WHERE c.account = ?1 AND c.deleted = 0 AND " cond                   \
	" UNION ALL SELECT " cols " FROM opportunity o JOIN " t " x ON x.related = o.id "      \
	"AND x.deleted = 0 WHERE o.account = ?1 AND o.deleted = 0 AND " cond
#define ABOUT_ONE(t, cols, cond) \
	"SELECT " cols " FROM " t " x WHERE x.deleted = 0 AND x.related = ?1 AND " cond

#define UPCOMING "x.status = 'planned' AND (x.start >= ?2 OR (x.start IS NULL AND x.due >= ?3))"
#define PAST "(x.status != 'planned' OR x.start < ?2 OR (x.start IS NULL AND x.due < ?3))"
#define ACT_COLS "x.id, coalesce(x.start, x.due) AS k, x.n AS n"

enum status report_customer_activities(struct db *db, const struct entity *type, const char *id,
				       bool upcoming, int limit, struct report_rows *out)
{
	bool acc = type == &entity_account;
	char today[11], start[21], end[21];
	sqlite3_stmt *st;
	const char *sql;

	if (limit <= 0)
		limit = REPORT_DEFAULT_LIMIT;
	clock_today(today);
	report_day_range(today, today, start, end);
	if (upcoming)
		sql = acc ? ABOUT_ACCOUNT("activity", ACT_COLS, UPCOMING) " ORDER BY k, n LIMIT ?4"
			  : ABOUT_ONE("activity", ACT_COLS, UPCOMING) " ORDER BY k, n LIMIT ?4";
	else
		sql = acc ? ABOUT_ACCOUNT("activity", ACT_COLS, PAST) " ORDER BY k DESC, n DESC LIMIT ?4"
			  : ABOUT_ONE("activity", ACT_COLS, PAST) " ORDER BY k DESC, n DESC LIMIT ?4";
	st = db_prepare(db, sql);
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, start);
	db_bind_text(st, 3, today);
	sqlite3_bind_int(st, 4, limit);
	return rows_from_stmt(db, st, &entity_activity, false, out, _("reading the schedule"));
}

enum status report_customer_followups(struct db *db, const struct entity *type, const char *id,
				      int limit, struct report_rows *out)
{
	sqlite3_stmt *st;

	if (limit <= 0)
		limit = REPORT_DEFAULT_LIMIT;
	st = db_prepare(db, type == &entity_account
				    ? ABOUT_ACCOUNT("followup", "x.id, x.at AS k, x.n AS n", "1")
				      " ORDER BY k DESC, n DESC LIMIT ?2"
				    : ABOUT_ONE("followup", "x.id, x.at AS k, x.n AS n", "1")
				      " ORDER BY k DESC, n DESC LIMIT ?2");
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, id);
	sqlite3_bind_int(st, 2, limit);
	return rows_from_stmt(db, st, &entity_followup, false, out, _("reading follow-ups"));
}

enum status report_customer_deals(struct db *db, const struct entity *type, const char *id,
				  bool open, int limit, struct report_rows *out)
{
	/* Each through an index: an account's deals by (account); a contact's
	 * among its account's (deals name a contact of their account); a lead's
	 * is the deal it was converted to; a deal is itself. */
	const char *which =
		type == &entity_account ? "o.account = ?1"
		: type == &entity_contact
			? "o.account = (SELECT account FROM contact WHERE id = ?1) AND o.contact = ?1"
		: type == &entity_opportunity ? "o.id = ?1"
					      : "o.id = (SELECT converted_opportunity FROM lead WHERE id = ?1)";
	char *sql;
	sqlite3_stmt *st;

	if (limit <= 0)
		limit = REPORT_DEFAULT_LIMIT;
	/* which is one of four fixed fragments above, never user text. */
	sql = xasprintf("SELECT o.id, s.won FROM opportunity o JOIN stage s ON s.id = o.stage "
			"WHERE o.deleted = 0 AND %s AND %s ORDER BY "
			"coalesce(o.close_date, '9999') %s, o.n LIMIT ?2",
			which, open ? "s.won = 0 AND s.lost = 0" : "(s.won = 1 OR s.lost = 1)",
			open ? "" : "DESC");
	st = db_prepare(db, sql);
	free(sql);
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, id);
	sqlite3_bind_int(st, 2, limit);
	return rows_from_stmt(db, st, &entity_opportunity, true, out, _("reading deals"));
}

/* Add the search hits for text among type e's records to rows (bounded). */
static enum status dup_search(struct db *db, const char *text, const struct entity *e,
			      struct report_rows *rows, size_t max)
{
	struct search_hit *hits = NULL;
	size_t nhits = 0, i;
	enum status st;

	if (text == NULL || *text == '\0')
		return ST_OK;
	st = search_run(db, text, e, (int)max, &hits, &nhits);
	if (st == ST_INVALID) { /* nothing searchable in it: no candidates */
		status_clear();
		return ST_OK;
	}
	for (i = 0; st == ST_OK && i < nhits && rows->n < max; i++)
		if (!rows_has(rows, hits[i].id))
			st = rows_load(db, rows, e, hits[i].id, 0);
	search_hits_free(&hits, nhits);
	return st;
}

/* Add the live records of e whose field key equals value exactly. */
static enum status dup_exact(struct db *db, const struct entity *e, const char *key,
			     const char *value, struct report_rows *rows, size_t max)
{
	char *sql;
	sqlite3_stmt *st;
	enum status ret = ST_OK;
	int rc;

	if (value == NULL || *value == '\0')
		return ST_OK;
	/* e and key come from the descriptor tables, not from the user. */
	sql = xasprintf("SELECT id FROM \"%s\" WHERE \"%s\" = ?1 COLLATE NOCASE AND deleted = 0 "
			"LIMIT 8",
			e->table, key);
	st = db_prepare(db, sql);
	free(sql);
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, value);
	while (ret == ST_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *id = db_column_strdup(st, 0);

		if (rows->n < max && !rows_has(rows, id))
			ret = rows_load(db, rows, e, id, 0);
		free(id);
	}
	if (ret == ST_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = db_error(db, rc, _("looking for duplicates"));
	sqlite3_reset(st);
	return ret;
}

/* Equal texts, ignoring ASCII case; false when either is missing. */
static bool same_text(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}

enum status report_duplicates(struct db *db, const struct record *lead,
			      struct report_rows *accounts, struct report_rows *contacts)
{
	const char *company = record_get(lead, "company"), *name = record_get(lead, "name");
	const char *email = record_get(lead, "email"), *phone = record_get(lead, "phone");
	struct report_rows found = { 0 };
	enum status st = ST_OK;
	size_t i;

	/* Exact names first (index), then similar names from the search index. */
	st = dup_exact(db, &entity_account, "name", company, accounts, 8);
	if (st == ST_OK)
		st = dup_search(db, company, &entity_account, accounts, 8);
	if (st == ST_OK)
		st = dup_exact(db, &entity_contact, "name", name, contacts, 8);
	/* Email and phone through the search index, then kept only when equal. */
	if (st == ST_OK && email)
		st = dup_search(db, email, &entity_contact, &found, 8);
	if (st == ST_OK && phone)
		st = dup_search(db, phone, &entity_contact, &found, 16);
	for (i = 0; i < found.n; i++) {
		struct record *r = found.rows[i];

		if ((same_text(record_get(r, "email"), email) ||
		     same_text(record_get(r, "phone"), phone) ||
		     same_text(record_get(r, "mobile"), phone)) &&
		    contacts->n < 8 && !rows_has(contacts, r->id)) {
			rows_add(contacts, r, 0);
			found.rows[i] = NULL;
		}
	}
	for (i = 0; i < found.n; i++)
		record_free(&found.rows[i]);
	found.n = 0;
	report_rows_free(&found);
	if (st == ST_OK)
		st = dup_search(db, name, &entity_contact, contacts, 8);
	return st;
}
