/* reps.c - per rep: behaviour, result, state and 12 weeks of trend (the
 * rules: reps.h and report_def_reps's help below). */
#include "report/reps.h"

#include <sqlite3.h>
#include <stdatomic.h>
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

/* The stage changes of the window are read in this many slices of time,
 * taken in turn by this thread and, once it has done the team's
 * conversion, the twin's (a year at 1M contacts: 880k changes, 330 ms on
 * one thread). */
enum { CHANGE_SLICES = 16 };

/* One thread's share of the stage changes: the slices it takes, added to
 * into (per rep of r, r->reps itself or a copy joined after). between(ctx),
 * if set, runs after each slice. */
struct change_part {
	struct db *db;
	const struct window *w;
	const struct stage_pos *p;
	struct reps_report *r;
	struct rep_stats *into;
	int64_t won_apart;
	const char (*at)[21]; /* the slices' bounds */
	struct report_claims *claims;
	void (*between)(void *ctx);
	void *ctx;
};

/* Stage changes: deals created, moved forward and won, credited to the
 * deal's owner. */
static enum status scan_changes(void *arg)
{
	struct change_part *c = arg;
	const struct stage_pos *p = c->p;
	const struct window *w = c->w;
	/* The amount and currency as they are: only a win reads them (in SQL
	 * each row paid for the coalesce(), a tenth of its cost). */
	sqlite3_stmt *st =
	    db_prepare(c->db, "SELECT owner, from_stage, to_stage, at, amount, currency FROM "
			      "stage_change WHERE deleted = 0 AND at >= ?1 AND at < ?2");
	struct day_memo memo = { 0 };
	size_t piece;
	int rc = SQLITE_DONE;

	if (st == NULL)
		return ST_DB;
	while (rc == SQLITE_DONE && (piece = report_claim(c->claims)) < CHANGE_SLICES) {
		db_bind_text(st, 1, c->at[piece]);
		db_bind_text(st, 2, c->at[piece + 1]);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct rep_stats *rep =
			    rep_of(c->r, w, (const char *)sqlite3_column_text(st, 0));
			int from = stage_index(p, (const char *)sqlite3_column_text(st, 1));
			int to = stage_index(p, (const char *)sqlite3_column_text(st, 2));
			int day;

			if (rep == NULL)
				continue;
			rep = &c->into[rep - c->r->reps];
			day = day_of_instant(w, &memo, (const char *)sqlite3_column_text(st, 3));
			if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
				add(rep, w, day, RF_CREATED, 1);
				continue;
			}
			if (from < 0 || to < 0 || (p->flags[to] & 2) || p->pos[to] <= p->pos[from])
				continue;
			add(rep, w, day, RF_ADVANCED, 1);
			if ((p->flags[to] & 1) && !(p->flags[from] & 1)) {
				const char *cur = (const char *)sqlite3_column_text(st, 5);

				add(rep, w, day, RF_WON, 1);
				if (cur == NULL || strcmp(cur, c->r->currency) == 0)
					add(rep, w, day, RF_REVENUE, sqlite3_column_int64(st, 4));
				else if (day >= w->p0 && day <= w->p1)
					c->won_apart++;
			}
		}
		sqlite3_reset(st);
		if (rc == SQLITE_DONE && c->between)
			c->between(c->ctx);
	}
	return rc == SQLITE_DONE ? ST_OK : db_error(c->db, rc, _("reading stage changes"));
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
 * report_twin(), while the rest is read here: it is two fifths of the
 * report at a million contacts). The conversion alone: idle deals and lost
 * reasons were a fifth of this report's time, and it shows neither. */
struct conversion_job {
	struct db *db;
	const struct report_span *span;
	struct funnel_stats fs;
	atomic_bool done; /* the twin is free (its thread about to end) */
};

static enum status conversion_read(void *arg)
{
	struct conversion_job *j = arg;
	enum status st = report_funnel_stats_conversion(j->db, j->span, NULL, &j->fs);

	atomic_store(&j->done, true);
	return st;
}

/* The stage changes read here and, once the conversion's thread is done,
 * on the twin too. */
struct changes_share {
	struct report_thread *conversion, twin;
	struct conversion_job *job;
	enum status conversion_st;
	bool joined, started;
	struct change_part part[2];
};

/* Between slices: start the twin's part once the conversion is done. */
static void changes_share_twin(void *arg)
{
	struct changes_share *c = arg;

	if (c->started || !atomic_load(&c->job->done))
		return;
	c->conversion_st = report_thread_join(c->conversion);
	c->joined = true;
	if (c->conversion_st != ST_OK)
		return;
	report_thread_start(&c->twin, scan_changes, &c->part[1]);
	c->started = true;
}

/* The stage changes of [s, e) into r, shared with the twin (job's, whose
 * conversion thread is t) when it is done; t joined here. */
static enum status changes_read(struct db *db, const struct window *w, const char *s, const char *e,
				struct reps_report *r, struct conversion_job *job,
				struct report_thread *t, enum status *conversion_st)
{
	struct stage_pos p = { 0 };
	struct report_claims claims = { 0 };
	char at[CHANGE_SLICES + 1][21];
	struct changes_share c = { .conversion = t, .job = job };
	enum status ret = load_stage_pos(db, &p), st2 = ST_OK;

	/* Equal spans of time, the last bound e itself. */
	report_time_slices(s, clock_utc_seconds(e), CHANGE_SLICES, at);
	snprintf(at[CHANGE_SLICES], sizeof(at[0]), "%s", e);
	for (int i = 0; i < 2; i++)
		c.part[i] =
		    (struct change_part){ .db = i ? job->db : db,
					  .w = w,
					  .p = &p,
					  .r = r,
					  .into = i ? xcalloc(r->n + 1, sizeof(*r->reps)) : r->reps,
					  .at = at,
					  .claims = &claims };
	if (job->db) {
		c.part[0].between = changes_share_twin;
		c.part[0].ctx = &c;
	}
	if (ret == ST_OK)
		ret = scan_changes(&c.part[0]);
	if (c.started)
		st2 = report_thread_join(&c.twin);
	if (!c.joined)
		c.conversion_st = job->db ? report_thread_join(t) : ST_OK;
	if (ret == ST_OK)
		ret = st2;
	for (size_t i = 0; ret == ST_OK && i < r->n; i++)
		stats_add(&r->reps[i], &c.part[1].into[i]);
	r->won_apart += c.part[0].won_apart + c.part[1].won_apart;
	free(c.part[1].into);
	stage_pos_free(&p);
	*conversion_st = c.conversion_st;
	return ret;
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
	if (st == ST_OK) {
		st = changes_read(db, &w, s, e, out, &job, &t, &st2);
	} else {
		st2 = job.db ? report_thread_join(&t) : ST_OK;
	}
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
