/* reps.c - per rep: behaviour, result, state and 12 weeks of trend (the
 * rules: reps.h and report_def_reps's help below). */
#include "report/reps.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "money.h"
#include "record.h"
#include "report/funnel_stats.h"
#include "report/internal.h"
#include "strbuf.h"
#include "xalloc.h"

static void stats_free(struct rep_stats *s)
{
	free(s->owner);
	free(s->name);
	free(s->conversion);
}

void report_reps_free(struct reps_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		stats_free(&r->reps[i]);
	free(r->reps);
	stats_free(&r->team);
	for (i = 0; i < r->ncolleagues; i++)
		stats_free(&r->colleagues[i]);
	free(r->colleagues);
	for (i = 0; i < r->nstages; i++)
		free(r->stages[i]);
	free(r->stages);
	memset(r, 0, sizeof(*r));
}

char *report_sparkline(const int64_t *v, size_t n)
{
	static const char *const ticks[] = { "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83",
					     "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
					     "\xe2\x96\x87", "\xe2\x96\x88" };
	struct strbuf b = STRBUF_INIT;
	int64_t max = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	for (i = 0; i < n; i++) {
		int level = max > 0 && v[i] > 0 ? (int)((__int128)v[i] * 7 / max) : 0;

		strbuf_adds(&b, ticks[level < 0 ? 0 : level > 7 ? 7 : level]);
	}
	return strbuf_detach(&b);
}

/* The days of the scan: from the earlier of the period's start and the first
 * week's, to the period's end; events are placed by day index. */
struct window {
	char first[11];
	long long start; /* UTC seconds of local midnight of first */
	int p0, p1;	 /* the period's days */
	int w0;		 /* the first week's first day */
	/* The reps by id, for rep_of(): half a million rows a quarter each
	 * look up their owner. */
	struct rep_key *by_owner;
};

struct rep_key {
	const char *owner; /* the rep's own string */
	size_t i;	   /* in r->reps */
};

static int rep_key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rep_key *)a)->owner, ((const struct rep_key *)b)->owner);
}

/* w->by_owner for r's reps. Free it with free(). */
static void by_owner_fill(struct window *w, const struct reps_report *r)
{
	size_t i;

	w->by_owner = xreallocarray(NULL, r->n + 1, sizeof(*w->by_owner));
	for (i = 0; i < r->n; i++)
		w->by_owner[i] = (struct rep_key){ r->reps[i].owner, i };
	qsort(w->by_owner, r->n, sizeof(*w->by_owner), rep_key_cmp);
}

static struct rep_stats *rep_of(struct reps_report *r, const struct window *w, const char *owner)
{
	struct rep_key key = { owner, 0 }, *k;

	if (owner == NULL || r->n == 0)
		return NULL;
	k = bsearch(&key, w->by_owner, r->n, sizeof(*w->by_owner), rep_key_cmp);
	return k ? &r->reps[k->i] : NULL;
}

static void add(struct rep_stats *s, const struct window *w, int day, enum rep_figure f, int64_t v)
{
	if (s == NULL)
		return;
	if (day >= w->p0 && day <= w->p1)
		s->fig[f] += v;
	if (day >= w->w0 && day < w->w0 + 7 * REPS_WEEKS)
		s->weeks[f][(day - w->w0) / 7] += v;
}

/* day_of_instant()'s last day and the instants [from, to) it spans, in the
 * stored form ("2026-11-23T01:00:00Z", which sorts as time does): the scans
 * below read their rows in time order, and a row of the same day compares
 * two strings instead of being parsed (clock_utc_seconds() for each of a
 * year's 870k stage changes and 430k other rows was 6% of report reps). */
struct day_memo {
	char from[21], to[21];
	int day;
};

/* at in the stored form, as clock_iso_utc() writes it. */
static bool stored_instant(const char *at)
{
	return strlen(at) == 20 && at[10] == 'T' && at[19] == 'Z';
}

static int day_of_instant(const struct window *w, struct day_memo *m, const char *at)
{
	long long t, d;
	int day;

	if (at == NULL)
		return -1;
	if (m->from[0] && stored_instant(at) && strcmp(at, m->from) >= 0 && strcmp(at, m->to) < 0)
		return m->day;
	t = clock_utc_seconds(at);
	if (t < 0)
		return -1;
	d = t - w->start;
	day = (int)(d >= 0 ? d / 86400 : -((-d + 86399) / 86400));
	m->day = day;
	clock_iso_utc((time_t)(w->start + (long long)day * 86400), m->from);
	clock_iso_utc((time_t)(w->start + (long long)(day + 1) * 86400), m->to);
	return day;
}

static enum status load_reps(struct db *db, const struct report_span *span,
			     const struct report_scope *scope, struct reps_report *r)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, name, coalesce(quota, 0), period, "
					  "coalesce(currency, ?1) FROM user WHERE deleted = 0 AND "
					  "role = 'rep' ORDER BY salesterm_name_key(name), n");
	int rc;

	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, r->currency);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *cur = (const char *)sqlite3_column_text(st, 4);
		struct rep_stats *s;

		if (scope && !report_scope_includes(scope, id))
			continue;
		r->reps = xreallocarray(r->reps, r->n + 1, sizeof(*r->reps));
		s = &r->reps[r->n++];
		memset(s, 0, sizeof(*s));
		s->owner = xstrdup(id);
		s->name = db_column_strdup(st, 1);
		if (cur && strcmp(cur, r->currency) == 0)
			s->quota = report_span_quota(
			    span, sqlite3_column_int64(st, 2),
			    report_quota_months((const char *)sqlite3_column_text(st, 3)));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading users"));
}

/* Follow-up logs by channel. */
static enum status scan_followups(struct db *db, const struct window *w, const char *s,
				  const char *e, struct reps_report *r)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT owner, channel, at FROM followup WHERE "
					  "deleted = 0 AND at >= ?1 AND at < ?2");
	struct day_memo memo = { 0 };
	int rc;

	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, s);
	db_bind_text(st, 2, e);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rep_stats *rep = rep_of(r, w, (const char *)sqlite3_column_text(st, 0));
		const char *ch = (const char *)sqlite3_column_text(st, 1);
		int day = day_of_instant(w, &memo, (const char *)sqlite3_column_text(st, 2));

		if (rep == NULL)
			continue;
		add(rep, w, day, RF_FOLLOWUPS, 1);
		if (ch && strcmp(ch, "call") == 0)
			add(rep, w, day, RF_CALLS, 1);
		else if (ch && strcmp(ch, "visit") == 0)
			add(rep, w, day, RF_VISITS, 1);
		else if (ch && strcmp(ch, "meeting") == 0)
			add(rep, w, day, RF_MEETINGS, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading follow-ups"));
}

/* Activities scheduled in the window: planned (not cancelled) and done. */
static enum status scan_activities(struct db *db, const struct window *w, const char *s,
				   const char *e, const char *last, struct reps_report *r)
{
	/* "+start": the undated part reads the (due, n, owner, status, start) index
	 * alone (0013-report-speed.sql), not every activity without a start
	 * through the (start) index and then its row. */
	sqlite3_stmt *st = db_prepare(
	    db, "SELECT owner, status, start, NULL FROM activity WHERE deleted = 0 AND "
		"start >= ?1 AND start < ?2 UNION ALL SELECT owner, status, NULL, due FROM "
		"activity WHERE deleted = 0 AND +start IS NULL AND due >= ?3 AND due <= ?4");
	struct day_memo memo = { 0 };
	int rc;

	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, s);
	db_bind_text(st, 2, e);
	db_bind_text(st, 3, w->first);
	db_bind_text(st, 4, last);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rep_stats *rep = rep_of(r, w, (const char *)sqlite3_column_text(st, 0));
		const char *status = (const char *)sqlite3_column_text(st, 1);
		int day;

		if (rep == NULL || (status && strcmp(status, "cancelled") == 0))
			continue;
		day = sqlite3_column_type(st, 2) != SQLITE_NULL
			  ? day_of_instant(w, &memo, (const char *)sqlite3_column_text(st, 2))
			  : clock_days_between(w->first, (const char *)sqlite3_column_text(st, 3));
		add(rep, w, day, RF_PLANNED, 1);
		if (status && strcmp(status, "done") == 0)
			add(rep, w, day, RF_DONE, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading activities"));
}

struct stage_pos {
	char **ids;
	int64_t *pos;
	unsigned char *flags; /* 1 won, 2 lost */
	size_t n;
};

static void stage_pos_free(struct stage_pos *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->ids[i]);
	free(p->ids);
	free(p->pos);
	free(p->flags);
}

static int stage_index(const struct stage_pos *p, const char *id)
{
	size_t i;

	for (i = 0; id && i < p->n; i++)
		if (strcmp(p->ids[i], id) == 0)
			return (int)i;
	return -1;
}

static enum status load_stage_pos(struct db *db, struct stage_pos *p)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, position, won, lost FROM stage");
	int rc;

	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p->ids = xreallocarray(p->ids, p->n + 1, sizeof(*p->ids));
		p->pos = xreallocarray(p->pos, p->n + 1, sizeof(*p->pos));
		p->flags = xreallocarray(p->flags, p->n + 1, 1);
		p->ids[p->n] = db_column_strdup(st, 0);
		p->pos[p->n] = sqlite3_column_int64(st, 1);
		p->flags[p->n++] = (unsigned char)((sqlite3_column_int(st, 2) ? 1 : 0) |
						   (sqlite3_column_int(st, 3) ? 2 : 0));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading stages"));
}

/* The stage changes: deals created, moved forward and won, credited to the
 * deal's owner per day of the window. They are read as the triggers sum them
 * per UTC day (stage_change_day, 0023-stage-change-day.sql: a year at 1M
 * contacts is 870k changes, 80k rows there). The window's days start at
 * the same time of each UTC day, off seconds after its midnight: a UTC day's
 * row is credited to the day most of it falls in, and the changes of its
 * shorter part, read one by one, are moved to the other day. */
struct changes {
	const struct window *w;
	const struct stage_pos *p;
	struct reps_report *r;
};

/* n changes of owner's deals from stage from (NULL or "": deals created) to
 * to on day, in currency cur (NULL or "": the default), their amounts summed
 * to amount; n < 0 takes them back. */
static void credit_changes(const struct changes *c, const char *owner, int day, const char *from,
			   const char *to, const char *cur, int64_t n, int64_t amount)
{
	const struct stage_pos *p = c->p;
	const struct window *w = c->w;
	struct rep_stats *rep = rep_of(c->r, w, owner);
	int f, t;

	if (rep == NULL)
		return;
	if (from == NULL || from[0] == '\0') {
		add(rep, w, day, RF_CREATED, n);
		return;
	}
	f = stage_index(p, from);
	t = stage_index(p, to);
	if (f < 0 || t < 0 || (p->flags[t] & 2) || p->pos[t] <= p->pos[f])
		return;
	add(rep, w, day, RF_ADVANCED, n);
	if (!(p->flags[t] & 1) || (p->flags[f] & 1))
		return;
	add(rep, w, day, RF_WON, n);
	if (cur == NULL || cur[0] == '\0' || strcmp(cur, c->r->currency) == 0)
		add(rep, w, day, RF_REVENUE, amount);
	else if (day >= w->p0 && day <= w->p1)
		c->r->won_apart += n;
}

/* The changes at [from, to) one by one: each credited to day and taken back
 * from was (the day its UTC day's row went to). */
static enum status move_changes(struct db *db, sqlite3_stmt *st, const struct changes *c,
				const char *from, const char *to, int day, int was)
{
	int rc;

	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *owner = (const char *)sqlite3_column_text(st, 0);
		const char *fs = (const char *)sqlite3_column_text(st, 1);
		const char *ts = (const char *)sqlite3_column_text(st, 2);
		const char *cur = (const char *)sqlite3_column_text(st, 4);
		int64_t amount = sqlite3_column_int64(st, 3);

		credit_changes(c, owner, day, fs, ts, cur, 1, amount);
		credit_changes(c, owner, was, fs, ts, cur, -1, -amount);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading stage changes"));
}

/* The stage changes of the window [w->start, end) into r. */
static enum status scan_changes(struct db *db, const struct window *w, long long end,
				struct reps_report *r)
{
	struct stage_pos p = { 0 };
	const struct changes c = { w, &p, r };
	sqlite3_stmt *days = db_prepare(db, "SELECT day, owner, from_stage, to_stage, currency, "
					    "changes, amount FROM stage_change_day WHERE "
					    "day >= ?1 AND day <= ?2");
	sqlite3_stmt *one = db_prepare(db, "SELECT owner, from_stage, to_stage, amount, currency "
					   "FROM stage_change WHERE deleted = 0 AND at >= ?1 AND "
					   "at < ?2");
	/* The UTC days spanned, the first's midnight and the days' start. */
	char d0[21], dn[21], memo[11] = "", a[21], b[21];
	long long midnight, off, k, ndays;
	/* A row goes to the day of its UTC day's later part (off in the first
	 * half of the UTC day) or of its earlier part: shift 0 or -1. */
	int shift, base = 0, rc;
	enum status ret;

	if (days == NULL || one == NULL)
		return ST_DB;
	ret = load_stage_pos(db, &p);
	clock_iso_utc((time_t)w->start, d0);
	clock_iso_utc((time_t)(end - 1), dn);
	d0[10] = dn[10] = '\0';
	off = (w->start % 86400 + 86400) % 86400;
	midnight = w->start - off;
	shift = off > 43200 ? -1 : 0;
	db_bind_text(days, 1, d0);
	db_bind_text(days, 2, dn);
	while (ret == ST_OK && (rc = sqlite3_step(days)) == SQLITE_ROW) {
		const char *day = (const char *)sqlite3_column_text(days, 0);

		if (strcmp(day, memo) != 0) {
			snprintf(memo, sizeof(memo), "%s", day);
			base = clock_days_between(d0, memo);
		}
		credit_changes(&c, (const char *)sqlite3_column_text(days, 1), base + shift,
			       (const char *)sqlite3_column_text(days, 2),
			       (const char *)sqlite3_column_text(days, 3),
			       (const char *)sqlite3_column_text(days, 4),
			       sqlite3_column_int64(days, 5), sqlite3_column_int64(days, 6));
	}
	if (ret == ST_OK && rc != SQLITE_DONE)
		ret = db_error(db, rc, _("reading stage changes"));
	sqlite3_reset(days);
	/* The shorter part of each UTC day, to the day it belongs to. */
	ndays = clock_days_between(d0, dn) + 1;
	for (k = 0; ret == ST_OK && off != 0 && k < ndays; k++) {
		long long day0 = midnight + k * 86400;

		clock_iso_utc((time_t)(shift ? day0 + off : day0), a);
		clock_iso_utc((time_t)(shift ? day0 + 86400 : day0 + off), b);
		ret = shift ? move_changes(db, one, &c, a, b, (int)k, (int)k - 1)
			    : move_changes(db, one, &c, a, b, (int)k - 1, (int)k);
	}
	stage_pos_free(&p);
	return ret;
}
/* from's figures and weeks added to to's. */
static void stats_add(struct rep_stats *to, const struct rep_stats *from)
{
	for (int f = 0; f < RF_COUNT; f++) {
		to->fig[f] += from->fig[f];
		for (int k = 0; k < REPS_WEEKS; k++)
			to->weeks[f][k] += from->weeks[f][k];
	}
}

static void finish(struct rep_stats *s)
{
	s->attainment =
	    s->quota > 0 ? (int64_t)((__int128)s->fig[RF_REVENUE] * 1000 / s->quota) : -1;
	s->per_won = s->fig[RF_WON] ? s->fig[RF_DONE] * 10 / s->fig[RF_WON] : -1;
	s->per_advance = s->fig[RF_ADVANCED] ? s->fig[RF_DONE] * 10 / s->fig[RF_ADVANCED] : -1;
}

/* A rep's report read for the whole team (scope->colleagues): keep the
 * scope's reps, the others become colleagues with their quota, revenue and
 * attainment only. */
static void split_colleagues(struct reps_report *r, const struct report_scope *scope)
{
	size_t i, k = 0;

	for (i = 0; i < r->n; i++) {
		struct rep_stats *s = &r->reps[i], *c;

		if (report_scope_includes(scope, s->owner)) {
			r->reps[k++] = *s;
			continue;
		}
		r->colleagues =
		    xreallocarray(r->colleagues, r->ncolleagues + 1, sizeof(*r->colleagues));
		c = &r->colleagues[r->ncolleagues++];
		memset(c, 0, sizeof(*c));
		c->owner = s->owner;
		c->name = s->name;
		c->quota = s->quota;
		c->fig[RF_REVENUE] = s->fig[RF_REVENUE];
		c->weakest = -1;
		finish(c);
		s->owner = s->name = NULL;
		stats_free(s);
	}
	r->n = k;
}

/* Conversion per stage against the whole team's, and each rep's weakest. */
/* The team's funnel conversion of the period, computed apart (on the twin,
 * report_twin(), while the rest is read here). The conversion alone: idle
 * deals and lost reasons were a fifth of this report's time, and it shows
 * neither. */
struct conversion_job {
	struct db *db;
	const struct report_span *span;
	struct funnel_stats fs;
};

static enum status conversion_read(void *arg)
{
	struct conversion_job *j = arg;

	return report_funnel_stats_conversion(j->db, j->span, NULL, &j->fs);
}
/* Each rep's conversion against the team's, from fs. */
static void compare_conversion(const struct funnel_stats *fs, struct reps_report *r)
{
	size_t i, k;

	r->nstages = fs->n;
	r->stages = xcalloc(fs->n + 1, sizeof(*r->stages));
	r->team.conversion = xcalloc(fs->n + 1, sizeof(*r->team.conversion));
	r->team.weakest = -1;
	for (k = 0; k < fs->n; k++) {
		r->stages[k] = xstrdup(fs->stages[k].name);
		r->team.conversion[k] = fs->stages[k].conversion;
	}
	for (i = 0; i < r->n; i++) {
		struct rep_stats *s = &r->reps[i];
		const struct funnel_stats_owner *o = report_funnel_stats_owner(fs, s->owner);
		int64_t worst = 0;

		s->conversion = xcalloc(fs->n + 1, sizeof(*s->conversion));
		s->weakest = -1;
		for (k = 0; k < fs->n; k++) {
			s->conversion[k] = o ? o->conversion[k] : -1;
			if (s->conversion[k] >= 0 && fs->stages[k].conversion >= 0 &&
			    s->conversion[k] - fs->stages[k].conversion < worst) {
				worst = s->conversion[k] - fs->stages[k].conversion;
				s->weakest = (int)k;
			}
		}
	}
}

/* report_reps() inside its read snapshot. */
static enum status report_reps_read(struct db *db, const struct report_span *span,
				    const struct report_scope *scope, const char *today,
				    struct reps_report *out)
{
	struct window w = { 0 };
	char wend[11], s[21], e[21];
	struct conversion_job job = { .span = span };
	struct report_thread t = { 0 };
	enum status st, st2;
	/* A rep who may see colleagues' quotas and attainment: read the team. */
	const struct report_scope team = { .kind = REPORT_SCOPE_TEAM };
	const struct report_scope *read =
	    scope && scope->kind == REPORT_SCOPE_OWNER && scope->colleagues ? &team : scope;
	size_t i;

	memset(out, 0, sizeof(*out));
	snprintf(out->first, sizeof(out->first), "%s", span->first);
	snprintf(out->last, sizeof(out->last), "%s", span->last);
	snprintf(out->currency, sizeof(out->currency), "%s", record_default_currency(db));
	out->exponent = money_exponent(out->currency);
	if (out->exponent < 0)
		out->exponent = 2;
	out->team.weakest = -1;
	/* The 12 weeks end with the period, or today if the period ends later. */
	snprintf(wend, sizeof(wend), "%s", strcmp(today, span->last) < 0 ? today : span->last);
	if (!clock_date_add_days(wend, -(7 * REPS_WEEKS - 1), out->week_first))
		return status_set(ST_INVALID, "%s", _("the period is out of range"));
	snprintf(w.first, sizeof(w.first), "%s",
		 strcmp(out->week_first, span->first) < 0 ? out->week_first : span->first);
	if (!report_day_range(w.first, span->last, s, e))
		return status_set(ST_INVALID, "%s", _("the period is out of range"));
	w.start = clock_utc_seconds(s);
	w.p0 = clock_days_between(w.first, span->first);
	w.p1 = clock_days_between(w.first, span->last);
	w.w0 = clock_days_between(w.first, out->week_first);
	job.db = report_twin(db);
	if (job.db)
		report_thread_start(&t, conversion_read, &job);
	st = load_reps(db, span, read, out);
	if (st == ST_OK) {
		by_owner_fill(&w, out);
		st = scan_followups(db, &w, s, e, out);
	}
	if (st == ST_OK)
		st = scan_activities(db, &w, s, e, span->last, out);
	if (st == ST_OK)
		st = scan_changes(db, &w, clock_utc_seconds(e), out);
	st2 = job.db ? report_thread_join(&t) : ST_OK;
	free(w.by_owner);
	if (st == ST_OK && read != scope)
		split_colleagues(out, scope);
	if (st == ST_OK && job.db == NULL) {
		job.db = db;
		st2 = conversion_read(&job);
	}
	if (st == ST_OK)
		st = st2;
	if (st == ST_OK)
		compare_conversion(&job.fs, out);
	report_funnel_stats_free(&job.fs);
	if (st != ST_OK)
		return st;
	out->team.name = xstrdup(scope && scope->label ? scope->label : _("team"));
	for (i = 0; i < out->n; i++) {
		struct rep_stats *r = &out->reps[i];

		finish(r);
		out->team.quota += r->quota;
		stats_add(&out->team, r);
	}
	finish(&out->team);
	return ST_OK;
}

enum status report_reps(struct db *db, const struct report_span *span,
			const struct report_scope *scope, const char *today,
			struct reps_report *out)
{
	bool began = report_read_begin_twin(db);
	enum status st = report_reps_read(db, span, scope, today, out);

	report_read_end(db, began);
	return st;
}

/* ---- the report ---- */

static const struct report_col rep_cols[] = {
	{ "name", N_("Rep"), RC_TEXT },
	{ "calls", N_("Calls"), RC_INT },
	{ "visits", N_("Visits"), RC_INT },
	{ "meetings", N_("Meet"), RC_INT },
	{ "followups", N_("Logs"), RC_INT },
	{ "done", N_("Done"), RC_INT },
	{ "planned", N_("Planned"), RC_INT },
	{ "created", N_("New"), RC_INT },
	{ "advanced", N_("Adv"), RC_INT },
	{ "won", N_("Won"), RC_INT },
	{ "revenue", N_("Revenue"), RC_MONEY },
	{ "attainment", N_("Attain"), RC_PERCENT },
	{ "per_won", N_("Act/won"), RC_NUMBER },
	{ "per_advance", N_("Act/adv"), RC_NUMBER },
	{ "weakest_stage", N_("Weakest"), RC_TEXT },
};
#define NREP (sizeof(rep_cols) / sizeof(rep_cols[0]))

static void localize(struct report_col *out, const struct report_col *in, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[i] = in[i];
		out[i].label = _(in[i].label);
	}
}

static void rep_line(struct report_table *t, const struct reps_report *r, const struct rep_stats *s)
{
	size_t row = report_table_add_row(t);
	int f;

	report_table_set(t, row, 0, s->name);
	for (f = 0; f < RF_REVENUE; f++)
		report_table_set_int(t, row, 1 + (size_t)f, s->fig[f]);
	report_table_set_money(t, row, 10, s->fig[RF_REVENUE], r->exponent);
	report_table_set_tenths(t, row, 11, s->attainment);
	report_table_set_tenths(t, row, 12, s->per_won);
	report_table_set_tenths(t, row, 13, s->per_advance);
	report_table_set(t, row, 14, s->weakest >= 0 ? r->stages[s->weakest] : NULL);
}

static void trend_line(struct report_table *t, const struct rep_stats *s)
{
	static const enum rep_figure shown[] = { RF_FOLLOWUPS, RF_DONE, RF_ADVANCED, RF_WON,
						 RF_REVENUE };
	size_t row = report_table_add_row(t), i;

	report_table_set(t, row, 0, s->name);
	for (i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		char *line = report_sparkline(s->weeks[shown[i]], REPS_WEEKS);

		report_table_set(t, row, 1 + i, line);
		free(line);
	}
}

static void conversion_line(struct report_table *t, const struct reps_report *r,
			    const struct rep_stats *s)
{
	size_t row = report_table_add_row(t), k;

	report_table_set(t, row, 0, s->name);
	for (k = 0; k + 1 < r->nstages; k++)
		report_table_set_tenths(t, row, 1 + k, s->conversion ? s->conversion[k] : -1);
}

/* Colleagues' quota, revenue and attainment, where the manager lets reps
 * see them. */
static void colleagues_table(struct report_output *o, const struct reps_report *r)
{
	static const struct report_col col_cols[] = {
		{ "name", N_("Rep"), RC_TEXT },
		{ "quota", N_("Quota"), RC_MONEY },
		{ "revenue", N_("Revenue"), RC_MONEY },
		{ "attainment", N_("Attain"), RC_PERCENT },
	};
	struct report_col cols[sizeof(col_cols) / sizeof(col_cols[0])];
	struct report_table *t;
	size_t i;

	localize(cols, col_cols, sizeof(cols) / sizeof(cols[0]));
	t = report_output_table(o, "colleagues", _("Colleagues' quota and attainment"), cols,
				sizeof(cols) / sizeof(cols[0]));
	for (i = 0; i < r->ncolleagues; i++) {
		const struct rep_stats *c = &r->colleagues[i];
		size_t row = report_table_add_row(t);

		report_table_set(t, row, 0, c->name);
		if (c->quota > 0)
			report_table_set_money(t, row, 1, c->quota, r->exponent);
		report_table_set_money(t, row, 2, c->fig[RF_REVENUE], r->exponent);
		report_table_set_tenths(t, row, 3, c->attainment);
	}
}

static enum status reps_run(struct db *db, const struct report_args *a, struct report_output *o)
{
	static const struct report_col trend_cols[] = {
		{ "name", N_("Rep"), RC_TEXT },	 { "followups", N_("Logs"), RC_TEXT },
		{ "done", N_("Done"), RC_TEXT }, { "advanced", N_("Advanced"), RC_TEXT },
		{ "won", N_("Won"), RC_TEXT },	 { "revenue", N_("Revenue"), RC_TEXT },
	};
	struct report_col cols[NREP + 1], *conv;
	struct reps_report r;
	struct report_table *t;
	char today[11], label[24], *title;
	enum status st;
	size_t i, k;
	int f;

	clock_today(today);
	st = report_reps(db, &a->span, &a->scope, today, &r);
	if (st != ST_OK) {
		report_reps_free(&r);
		return st;
	}
	report_span_label(&a->span, label);
	report_output_meta(o, "currency", r.currency);
	report_output_meta(o, "weeks_from", r.week_first);
	localize(cols, rep_cols, NREP);
	title = xasprintf(_("Reps %s (%s .. %s), %s: behaviour and result"), label, r.first, r.last,
			  a->scope.label ? a->scope.label : _("team"));
	t = report_output_table(o, "reps", title, cols, NREP);
	free(title);
	for (i = 0; i < r.n; i++)
		rep_line(t, &r, &r.reps[i]);
	if (a->scope.kind != REPORT_SCOPE_OWNER) {
		t = report_output_table(o, "total", _("Total"), cols, NREP);
		rep_line(t, &r, &r.team);
	}
	if (r.ncolleagues)
		colleagues_table(o, &r);
	{
		char n[24];

		snprintf(n, sizeof(n), "%lld", (long long)r.won_apart);
		report_output_meta(o, "won_other_currencies", n);
	}
	if (r.won_apart)
		report_output_note(
		    o,
		    ngettext("%lld deal won in another currency than %s counts in "
			     "Won, not in Revenue or Attain.",
			     "%lld deals won in other currencies than %s count in Won, "
			     "not in Revenue or Attain.",
			     (unsigned long)r.won_apart),
		    (long long)r.won_apart, r.currency);
	/* State: conversion to the next stage, the rep's against the team's. */
	conv = xcalloc(r.nstages + 1, sizeof(*conv));
	conv[0] = (struct report_col){ "name", _("Rep"), RC_TEXT };
	for (k = 0; k + 1 < r.nstages; k++)
		conv[1 + k] = (struct report_col){ r.stages[k], r.stages[k], RC_PERCENT };
	t = report_output_table(o, "conversion",
				_("Conversion to the next stage, the rep's against the team's"),
				conv, r.nstages ? r.nstages : 1);
	free(conv);
	for (i = 0; i < r.n; i++)
		conversion_line(t, &r, &r.reps[i]);
	{
		struct rep_stats team = r.team;

		team.name = (char *)_("whole team");
		conversion_line(t, &r, &team);
	}
	localize(cols, trend_cols, sizeof(trend_cols) / sizeof(trend_cols[0]));
	title = xasprintf(_("The 12 weeks from %s, one mark a week"), r.week_first);
	t = report_output_table(o, "trends", title, cols,
				sizeof(trend_cols) / sizeof(trend_cols[0]));
	free(title);
	for (i = 0; i < r.n; i++)
		trend_line(t, &r.reps[i]);
	if (a->scope.kind != REPORT_SCOPE_OWNER)
		trend_line(t, &r.team);
	/* The weeks as numbers, for scripts and spreadsheets. */
	{
		struct report_col wc[RF_COUNT + 2];

		wc[0] = (struct report_col){ "name", _("Rep"), RC_TEXT };
		wc[1] = (struct report_col){ "week", _("Week of"), RC_TEXT };
		for (f = 0; f < RF_COUNT; f++) {
			wc[2 + f] = rep_cols[1 + f];
			wc[2 + f].label = _(rep_cols[1 + f].label);
		}
		t = report_output_table(o, "weeks", _("Week by week"), wc, RF_COUNT + 2);
		for (i = 0; i < r.n; i++) {
			for (k = 0; k < REPS_WEEKS; k++) {
				size_t row = report_table_add_row(t);
				char day[11];

				clock_date_add_days(r.week_first, 7 * (int)k, day);
				report_table_set(t, row, 0, r.reps[i].name);
				report_table_set(t, row, 1, day);
				for (f = 0; f < RF_REVENUE; f++)
					report_table_set_int(t, row, 2 + (size_t)f,
							     r.reps[i].weeks[f][k]);
				report_table_set_money(t, row, 2 + RF_REVENUE,
						       r.reps[i].weeks[RF_REVENUE][k], r.exponent);
			}
		}
	}
	report_reps_free(&r);
	return ST_OK;
}

const struct report_def report_def_reps = {
	.name = "reps",
	.summary = N_("each rep's behaviour, result and state, with 12 weeks of trend"),
	.help = N_("Per rep of the scope, over the period:\n"
		   "  Calls, Visits, Meet  follow-up logs of that channel; Logs: all of them\n"
		   "  Done, Planned  activities scheduled in the period: done, and all but the\n"
		   "               cancelled ones\n"
		   "  New, Adv, Won  deals created, stage moves forward (to a later stage that is\n"
		   "               not lost) and moves into a won stage, credited to the deal's\n"
		   "               owner\n"
		   "  Revenue      the amount of the deals won then (the database's currency;\n"
		   "               wins in another currency count, never in revenue)\n"
		   "  Attain       revenue / the rep's quota for the period\n"
		   "  Act/won, Act/adv  activities done per deal won, per stage advanced\n"
		   "  Weakest      the stage where the rep's conversion to the next stage falls\n"
		   "               furthest below the whole team's (the funnel report's cohort)\n"
		   "Then the conversion per stage against the team's, a sparkline of the last\n"
		   "12 weeks of logs, activities done, stages advanced, deals won and revenue\n"
		   "(weeks of 7 days ending with the period, or today), and the weeks in\n"
		   "numbers. Days are local days.\n"),
	.default_period = REPORT_QUARTER,
	.run = reps_run,
};
