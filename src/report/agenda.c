/* agenda.c - a rep's day: activities of a period, overdue ones, follow-ups
 * due, deals closing and rotting, changes not yet synced, busy days, overlaps. */
#include "report/report.h"

#include <limits.h>
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
#include "sync/sync.h"
#include "validate.h"
#include "xalloc.h"

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
#define TIMED(OWN)                                                                                 \
	"SELECT id, start FROM activity WHERE deleted = 0 AND start >= ?1 AND start < ?2 AND "     \
	"status != 'cancelled' AND " OWN " ORDER BY start, n LIMIT ?4"
#define DUE(OWN)                                                                                   \
	"SELECT id, due FROM activity WHERE deleted = 0 AND due >= ?1 AND due <= ?2 AND "          \
	"+start IS NULL AND status != 'cancelled' AND " OWN " ORDER BY due, n LIMIT ?4"
		st = db_prepare(
		    db, pass == 0 ? REPORT_SQL(owner, TIMED("owner = ?3"), TIMED("?3 IS NULL"))
				  : REPORT_SQL(owner, DUE("owner = ?3"), DUE("?3 IS NULL")));
#undef TIMED
#undef DUE
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
			ret = report_rows_load(db, out, &entity_activity, items[i].id, 0);
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
#define TIMED(OWN)                                                                                 \
	"SELECT id FROM activity WHERE deleted = 0 AND start < ?1 AND start >= ?4 AND "            \
	"status = 'planned' AND " OWN " ORDER BY start DESC, n DESC LIMIT ?3"
#define DUE(OWN)                                                                                   \
	"SELECT id FROM activity WHERE deleted = 0 AND due < ?1 AND due >= ?4 AND "                \
	"+start IS NULL AND status = 'planned' AND " OWN " ORDER BY due DESC, n DESC LIMIT ?3"
		st = db_prepare(
		    db, pass == 0 ? REPORT_SQL(owner, TIMED("owner = ?2"), TIMED("?2 IS NULL"))
				  : REPORT_SQL(owner, DUE("owner = ?2"), DUE("?2 IS NULL")));
#undef TIMED
#undef DUE
		if (st == NULL)
			return ST_DB;
		db_bind_text(st, 1, pass == 0 ? start : today);
		db_bind_text(st, 2, owner);
		sqlite3_bind_int(st, 3, limit);
		db_bind_text(st, 4, pass == 0 ? since_utc : since);
		ret = report_rows_from_stmt(db, st, &entity_activity, false, &tmp,
					    _("reading the schedule"));
	}
	/* Merge by the day each is late from, latest first. */
	for (i = 0; i < tmp.n; i++) {
		const char *s = record_get(tmp.rows[i], "start");
		char day[11] = "";

		if (s)
			report_local(s, day, hm);
		else
			snprintf(day, sizeof(day), "%s", record_get(tmp.rows[i], "due"));
		tmp.num[i] = clock_days_between(day, today);
	}
	while (ret == ST_OK && tmp.n > 0 && out->n < (size_t)limit) {
		size_t best = 0;

		for (i = 1; i < tmp.n; i++)
			if (tmp.num[i] < tmp.num[best])
				best = i;
		report_rows_add(out, tmp.rows[best], tmp.num[best]);
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
#define DUE(OWN)                                                                                   \
	"SELECT f.id FROM followup f WHERE f.deleted = 0 AND f.at >= ?1 AND f.at < ?2 AND "        \
	"f.next_date IS NOT NULL AND f.next_date <= ?3 AND " OWN " AND NOT EXISTS (SELECT 1 "      \
	"FROM followup g WHERE g.related = f.related AND g.deleted = 0 AND g.at > f.at) "          \
	"ORDER BY f.at DESC, f.n DESC LIMIT ?5"
	st = db_prepare(db, REPORT_SQL(owner, DUE("f.owner = ?4"), DUE("?4 IS NULL")));
#undef DUE
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, start);
	db_bind_text(st, 2, end);
	db_bind_text(st, 3, today);
	db_bind_text(st, 4, owner);
	sqlite3_bind_int(st, 5, limit);
	ret = report_rows_from_stmt(db, st, &entity_followup, false, out, _("reading follow-ups"));
	for (i = 0; i < out->n; i++)
		out->num[i] = clock_days_between(record_get(out->rows[i], "next_date"), today);
	return ret;
}

enum status report_closing(struct db *db, const char *owner, const char *from, const char *to,
			   int limit, struct report_rows *out)
{
	sqlite3_stmt *st;

	if (limit <= 0)
		limit = REPORT_DEFAULT_LIMIT;
#define CLOSING(OWN)                                                                               \
	"SELECT o.id FROM opportunity o JOIN stage s ON s.id = o.stage WHERE o.deleted = 0 AND "   \
	"o.close_date >= ?1 AND o.close_date <= ?2 AND " OWN " AND s.won = 0 AND s.lost = 0 "      \
	"ORDER BY o.close_date, o.n LIMIT ?4"
	st = db_prepare(db, REPORT_SQL(owner, CLOSING("o.owner = ?3"), CLOSING("?3 IS NULL")));
#undef CLOSING
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	db_bind_text(st, 3, owner);
	sqlite3_bind_int(st, 4, limit);
	return report_rows_from_stmt(db, st, &entity_opportunity, false, out, _("reading deals"));
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
	/* Stage by stage through the (stage, owner, ... stage_at) index; no global
	 * order, so the scan ends after ROTTING_SCAN hits and those are sorted here. */
#define ROTTING(OWN)                                                                               \
	"SELECT o.id, CAST(julianday(?1) - julianday(o.stage_at) AS INTEGER) FROM stage s "        \
	"CROSS JOIN opportunity o INDEXED BY opportunity_stage_owner ON o.stage = s.id AND "       \
	"o.deleted = 0 WHERE s.deleted = 0 AND s.won = 0 AND s.lost = 0 AND s.idle_days IS NOT "   \
	"NULL AND " OWN " AND o.stage_at IS NOT NULL AND "                                         \
	"julianday(?1) - julianday(o.stage_at) > s.idle_days LIMIT ?3"
	st = db_prepare(db, REPORT_SQL(owner, ROTTING("o.owner = ?2"), ROTTING("?2 IS NULL")));
#undef ROTTING
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, now);
	db_bind_text(st, 2, owner);
	sqlite3_bind_int(st, 3, ROTTING_SCAN);
	ret = report_rows_from_stmt(db, st, &entity_opportunity, true, out, _("reading deals"));
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
#define TIMED(OWN)                                                                                 \
	"SELECT date(start, 'localtime'), count(*) FROM activity WHERE deleted = 0 AND "           \
	"start >= ?1 AND start < ?2 AND status != 'cancelled' AND " OWN " GROUP BY 1"
#define DUE(OWN)                                                                                   \
	"SELECT due, count(*) FROM activity WHERE deleted = 0 AND due >= ?1 AND due <= ?2 AND "    \
	"+start IS NULL AND status != 'cancelled' AND " OWN " GROUP BY 1"
		st = db_prepare(
		    db, pass == 0 ? REPORT_SQL(owner, TIMED("owner = ?3"), TIMED("?3 IS NULL"))
				  : REPORT_SQL(owner, DUE("owner = ?3"), DUE("?3 IS NULL")));
#undef TIMED
#undef DUE
		if (st == NULL)
			return ST_DB;
		db_bind_text(st, 1, pass == 0 ? start : from);
		db_bind_text(st, 2, pass == 0 ? end : to);
		db_bind_text(st, 3, owner);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *day = (const char *)sqlite3_column_text(st, 0);
			int k = day ? clock_days_between(from, day) : -1;

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
		long long s1 = clock_utc_seconds(record_get(acts[i], "start")), e1;
		const char *st1 = record_get(acts[i], "status");

		if (s1 < 0 || (st1 && strcmp(st1, "cancelled") == 0))
			continue;
		e1 = clock_utc_seconds(record_get(acts[i], "end"));
		if (e1 <= s1)
			e1 = s1 + DEFAULT_MINUTES * 60;
		for (j = i + 1; j < n; j++) {
			long long s2 = clock_utc_seconds(record_get(acts[j], "start")), e2;
			const char *st2 = record_get(acts[j], "status");

			if (s2 < 0 || (st2 && strcmp(st2, "cancelled") == 0))
				continue;
			e2 = clock_utc_seconds(record_get(acts[j], "end"));
			if (e2 <= s2)
				e2 = s2 + DEFAULT_MINUTES * 60;
			if (s1 < e2 && s2 < e1)
				overlap[i] = overlap[j] = true;
		}
	}
}

/* A row placed among the others: its rep's place in the team's name
 * order, then its number, largest first. */
struct due_place {
	struct record *r;
	int64_t late;
	int rep;
};

static int due_place_cmp(const void *a, const void *b)
{
	const struct due_place *x = a, *y = b;

	if (x->rep != y->rep)
		return x->rep < y->rep ? -1 : 1;
	if (x->late != y->late)
		return x->late > y->late ? -1 : 1;
	return x->r->n < y->r->n ? -1 : x->r->n > y->r->n;
}

void report_rows_by_rep(struct db *db, struct report_rows *rows)
{
	struct due_place *p = xcalloc(rows->n, sizeof(*p));
	sqlite3_stmt *st = db_prepare(db, "SELECT id FROM user WHERE deleted = 0 "
					  "ORDER BY salesterm_name_key(name), n");
	size_t i;
	int rank = 0;

	for (i = 0; i < rows->n; i++) {
		p[i].r = rows->rows[i];
		p[i].late = rows->num[i];
		p[i].rep = INT_MAX; /* an owner no longer among the users: last */
	}
	while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);

		for (i = 0; i < rows->n; i++)
			if (p[i].r->owner && id && strcmp(p[i].r->owner, id) == 0)
				p[i].rep = rank;
		rank++;
	}
	if (st != NULL)
		sqlite3_reset(st); /* db's cached statement: never finalized here */
	qsort(p, rows->n, sizeof(*p), due_place_cmp);
	for (i = 0; i < rows->n; i++) {
		rows->rows[i] = p[i].r;
		rows->num[i] = p[i].late;
	}
	free(p);
}
