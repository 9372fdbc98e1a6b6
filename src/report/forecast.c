/* forecast.c - the forecast of a period per rep, territory and team
 * (the rules: forecast.h and report_def_forecast's help below). */
#include "report/forecast.h"

#include <sqlite3.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "money.h"
#include "record.h"
#include "report/history.h"
#include "report/internal.h"
#include "xalloc.h"

const char *const report_categories[FC_COUNT] = { "closed", "commit", "best_case", "pipeline",
						  "omitted" };

static void row_free(struct forecast_row *r)
{
	free(r->owner);
	free(r->name);
	free(r->territory);
	free(r->adj_note);
	free(r->adj_by);
	free(r->adj_at);
}

void report_forecast_free(struct forecast *fc)
{
	size_t i;

	for (i = 0; i < fc->n; i++)
		row_free(&fc->rows[i]);
	free(fc->rows);
	for (i = 0; i < fc->nterritories; i++)
		row_free(&fc->territories[i]);
	free(fc->territories);
	for (i = 0; i < fc->napart; i++) {
		free(fc->apart[i].owner);
		free(fc->apart[i].name);
	}
	free(fc->apart);
	for (i = 0; i < fc->ncolleagues; i++)
		row_free(&fc->colleagues[i]);
	free(fc->colleagues);
	row_free(&fc->total);
	memset(fc, 0, sizeof(*fc));
}

static bool same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static struct forecast_row *row_find(struct forecast *fc, const char *owner)
{
	size_t i;

	for (i = 0; i < fc->n; i++)
		if (same(fc->rows[i].owner, owner))
			return &fc->rows[i];
	return NULL;
}

static struct forecast_row *row_add(struct forecast_row **rows, size_t *n, const char *owner)
{
	struct forecast_row *r;

	*rows = xreallocarray(*rows, *n + 1, sizeof(**rows));
	r = &(*rows)[(*n)++];
	memset(r, 0, sizeof(*r));
	r->owner = owner ? xstrdup(owner) : NULL;
	r->rank = INT_MAX; /* not a user (any longer): after the users */
	return r;
}

static struct forecast_apart *apart_for(struct forecast *fc, const char *owner, const char *cur)
{
	struct forecast_apart *a;
	size_t i;

	for (i = 0; i < fc->napart; i++)
		if (same(fc->apart[i].owner, owner) && strcmp(fc->apart[i].currency, cur) == 0)
			return &fc->apart[i];
	fc->apart = xreallocarray(fc->apart, fc->napart + 1, sizeof(*fc->apart));
	a = &fc->apart[fc->napart++];
	memset(a, 0, sizeof(*a));
	a->owner = owner ? xstrdup(owner) : NULL;
	snprintf(a->currency, sizeof(a->currency), "%s", cur);
	a->exponent = money_exponent(cur);
	if (a->exponent < 0)
		a->exponent = 2;
	return a;
}

/* The category a deal counts in: won and lost stages first (-1: lost). */
static int category_of(const char *cat, bool won, bool lost)
{
	int c;

	if (won)
		return FC_CLOSED;
	if (lost)
		return -1;
	for (c = 0; cat && c < FC_COUNT; c++)
		if (strcmp(cat, report_categories[c]) == 0)
			return c == FC_CLOSED ? FC_COMMIT : c;
	return FC_PIPELINE;
}

static void finish_row(struct forecast_row *r)
{
	r->open =
	    r->by_category[FC_COMMIT] + r->by_category[FC_BEST_CASE] + r->by_category[FC_PIPELINE];
	r->attainment =
	    r->quota > 0 ? (int64_t)((__int128)r->by_category[FC_CLOSED] * 1000 / r->quota) : -1;
	r->gap = r->quota > r->by_category[FC_CLOSED] ? r->quota - r->by_category[FC_CLOSED] : 0;
	r->coverage = r->gap > 0 ? (int64_t)((__int128)r->open * 10 / r->gap) : -1;
}

static void add_into(struct forecast_row *to, const struct forecast_row *r)
{
	int c;

	to->quota += r->quota;
	to->quota_apart = to->quota_apart || r->quota_apart;
	to->deals += r->deals;
	to->weighted += r->weighted;
	for (c = 0; c < FC_COUNT; c++)
		to->by_category[c] += r->by_category[c];
}

static int row_cmp(const void *a, const void *b)
{
	const struct forecast_row *x = a, *y = b;

	if (x->owner == NULL || y->owner == NULL)
		return (x->owner == NULL) - (y->owner == NULL);
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

static int territory_cmp(const void *a, const void *b)
{
	const struct forecast_row *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Rank the territories in the order their names sort (pinyin for Chinese);
 * "-", users without one, last. */
static void rank_territories(struct db *db, struct forecast *fc)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT DISTINCT territory FROM user WHERE deleted = 0 "
					  "AND territory IS NOT NULL ORDER BY "
					  "salesterm_name_key(territory)");
	int rank = 0;
	size_t k;

	while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		for (k = 0; k < fc->nterritories; k++)
			if (t && strcmp(fc->territories[k].name, t) == 0)
				fc->territories[k].rank = rank;
		rank++;
	}
	if (st != NULL)
		sqlite3_reset(st); /* db's cached statement */
}

static int apart_cmp(const void *a, const void *b)
{
	const struct forecast_apart *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->currency, y->currency);
}

/* Stage ids with their won/lost flags, deleted stages too (deals keep them). */
struct stage_flags {
	char **ids;
	unsigned char *flags; /* 1 won, 2 lost */
	size_t n;
};

static void stages_free(struct stage_flags *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->ids[i]);
	free(s->ids);
	free(s->flags);
}

static enum status stages_load(struct db *db, struct stage_flags *s)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, won, lost FROM stage");
	int rc;

	memset(s, 0, sizeof(*s));
	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		s->ids = xreallocarray(s->ids, s->n + 1, sizeof(*s->ids));
		s->flags = xreallocarray(s->flags, s->n + 1, 1);
		s->ids[s->n] = db_column_strdup(st, 0);
		s->flags[s->n++] = (unsigned char)((sqlite3_column_int(st, 1) ? 1 : 0) |
						   (sqlite3_column_int(st, 2) ? 2 : 0));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading stages"));
}

static unsigned stage_flags_of(const struct stage_flags *s, const char *id)
{
	size_t i;

	for (i = 0; id && i < s->n; i++)
		if (strcmp(s->ids[i], id) == 0)
			return s->flags[i];
	return 0;
}

/* The reps of the scope, with their quotas for the span; names of every user. */
static enum status load_users(struct db *db, const struct report_span *span,
			      const struct report_scope *scope, struct forecast *fc)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, name, role, territory, coalesce(quota, 0), "
					  "period, coalesce(currency, ?1) FROM user "
					  "WHERE deleted = 0 ORDER BY salesterm_name_key(name), n");
	int rc;

	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, fc->currency);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *role = (const char *)sqlite3_column_text(st, 2);
		const char *cur = (const char *)sqlite3_column_text(st, 6);
		int64_t quota = sqlite3_column_int64(st, 4);
		struct forecast_row *r;
		bool mine = scope && scope->kind == REPORT_SCOPE_OWNER && same(scope->owner, id);

		if (scope && !report_scope_includes(scope, id))
			continue;
		if (!mine && !(role && strcmp(role, "rep") == 0))
			continue; /* a manager gets a row only with deals of their own */
		r = row_add(&fc->rows, &fc->n, id);
		r->name = db_column_strdup(st, 1);
		r->rank = (int)fc->n;
		r->territory = db_column_strdup(st, 3);
		if (cur && strcmp(cur, fc->currency) == 0)
			r->quota = report_span_quota(
			    span, quota,
			    report_quota_months((const char *)sqlite3_column_text(st, 5)));
		else
			r->quota_apart = quota > 0;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading users"));
}

/* Add a group of cnt deals of owner in category, stage and currency cur:
 * their amounts sum and amount x probability wsum. */
static void add_group(struct forecast *fc, const struct stage_flags *stages, const char *owner,
		      const char *category, const char *stage, const char *cur, int64_t cnt,
		      int64_t sum, int64_t wsum)
{
	unsigned fl = stage_flags_of(stages, stage);
	int c = category_of(category, fl & 1, fl & 2);
	struct forecast_row *r;

	if (strcmp(cur, fc->currency) != 0) {
		struct forecast_apart *a = apart_for(fc, owner, cur);

		a->deals += cnt;
		if (c >= 0)
			a->by_category[c] += sum;
		return;
	}
	r = row_find(fc, owner);
	if (r == NULL)
		r = row_add(&fc->rows, &fc->n, owner);
	r->deals += cnt;
	if (c >= 0)
		r->by_category[c] += sum;
	if (c == FC_COMMIT || c == FC_BEST_CASE || c == FC_PIPELINE)
		r->weighted += wsum / 100;
}

static bool scope_includes(const char *owner, void *ctx)
{
	return ctx == NULL || report_scope_includes(ctx, owner);
}

/* The states of one group: the deals of an owner, category, stage and
 * currency, their count, amount and amount times probability. */
struct state_group {
	const char *key[4]; /* owner, category, stage, currency */
	int64_t cnt, sum, wsum;
};

static int state_group_cmp(const void *a, const void *b)
{
	const struct state_group *x = a, *y = b;

	for (int i = 0; i < 4; i++) {
		const char *kx = x->key[i], *ky = y->key[i];
		int c = kx == ky		   ? 0
			: kx == NULL || ky == NULL ? (kx != NULL) - (ky != NULL)
						   : strcmp(kx, ky);

		if (c)
			return c;
	}
	return 0;
}

/* A table of the groups by their four strings (hashed and compared by
 * value; a group keeps copies of them). Open addressing, at most half full.
 * The deals as they stood come one by one (history_deals_as_of_each()),
 * their strings the rows' own. */
struct group_table {
	struct state_group *v;
	size_t cap, n;
	const char *currency; /* a deal's without one */
	int64_t undated;      /* open deals without a close date */
};

static size_t group_hash(const char *const key[4])
{
	uint64_t h = 0;

	/* NULL apart from "": a seed of its own. */
	for (int i = 0; i < 4; i++)
		h = key[i] ? report_hash(key[i], strlen(key[i]), h)
			   : (h ^ 0xfe) * 0xff51afd7ed558ccdu;
	return (size_t)h;
}

static bool same_key(const char *const a[4], const char *const b[4])
{
	for (int i = 0; i < 4; i++)
		if (a[i] != b[i] && (a[i] == NULL || b[i] == NULL || strcmp(a[i], b[i]) != 0))
			return false;
	return true;
}

static struct state_group *group_slot(struct state_group *v, size_t cap, const char *const key[4])
{
	size_t i;

	for (i = group_hash(key) & (cap - 1); v[i].cnt; i = (i + 1) & (cap - 1))
		if (same_key(v[i].key, key))
			break;
	return &v[i];
}

static void group_add(void *arg, const struct deal_state *d, bool dated)
{
	struct group_table *t = arg;
	const char *const key[4] = { d->owner, d->category, d->stage,
				     d->currency ? d->currency : t->currency };
	struct state_group *g;

	if (!dated) {
		t->undated += !d->won && !d->lost;
		return;
	}
	if (2 * (t->n + 1) > t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 256, i;
		struct state_group *v = xcalloc(cap, sizeof(*v));

		for (i = 0; i < t->cap; i++)
			if (t->v[i].cnt)
				*group_slot(v, cap, t->v[i].key) = t->v[i];
		free(t->v);
		t->v = v;
		t->cap = cap;
	}
	g = group_slot(t->v, t->cap, key);
	if (g->cnt == 0) {
		for (int i = 0; i < 4; i++)
			g->key[i] = key[i] ? xstrdup(key[i]) : NULL;
		t->n++;
	}
	g->cnt++;
	g->sum += d->amount;
	g->wsum += d->amount * (d->probability > 0 ? d->probability : 0);
}

/* t's groups into fc, in the order of a GROUP BY of the four (so the rows
 * come in one order however the deals were read), if st is ST_OK; t freed. */
static enum status groups_finish(struct group_table *t, const struct stage_flags *stages,
				 struct forecast *fc, enum status st)
{
	size_t i, j;

	for (i = j = 0; i < t->cap; i++)
		if (t->v[i].cnt)
			t->v[j++] = t->v[i];
	if (j > 1)
		qsort(t->v, j, sizeof(*t->v), state_group_cmp);
	for (i = 0; st == ST_OK && i < j; i++)
		add_group(fc, stages, t->v[i].key[0], t->v[i].key[1], t->v[i].key[2],
			  t->v[i].key[3], t->v[i].cnt, t->v[i].sum, t->v[i].wsum);
	if (st == ST_OK)
		fc->undated += t->undated;
	for (i = 0; i < j; i++)
		for (int k = 0; k < 4; k++)
			free((char *)t->v[i].key[k]);
	free(t->v);
	return st;
}

/* The period's deals, summed per owner, category, stage and currency as
 * they come from the covering index (a GROUP BY sorted them first: a
 * year's 140k deals at 1M contacts, 130 ms in sqlite3 against 15 ms for the
 * reading alone). */
static enum status sum_deals(struct db *db, const struct report_scope *scope,
			     const struct stage_flags *stages, struct forecast *fc)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT owner, category, stage, currency, amount, "
					  "probability FROM opportunity WHERE deleted = 0 AND "
					  "close_date >= ?1 AND close_date <= ?2");
	struct group_table t = { .currency = fc->currency };
	int rc;

	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, fc->first);
	db_bind_text(st, 2, fc->last);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct deal_state d = {
			.owner = (char *)sqlite3_column_text(st, 0),
			.category = (char *)sqlite3_column_text(st, 1),
			.stage = (char *)sqlite3_column_text(st, 2),
			.currency = (char *)sqlite3_column_text(st, 3),
			.amount = sqlite3_column_int64(st, 4),
			.probability = sqlite3_column_type(st, 5) == SQLITE_NULL
					   ? -1
					   : sqlite3_column_int(st, 5),
		};

		if (scope && !report_scope_includes(scope, d.owner))
			continue;
		group_add(&t, &d, true);
	}
	sqlite3_reset(st);
	return groups_finish(&t, stages, fc,
			     rc == SQLITE_DONE ? ST_OK
					       : db_error(db, rc, _("summing the forecast")));
}

/* The same as sum_deals() and count_undated(), on the deals as they stood at
 * the instant before (src/report/history.h), grouped the same way so the
 * figures (weighted amounts rounded per group) are the same (keeping and
 * sorting every deal was most of report forecast --as-of at 1M). */
static enum status sum_states(struct db *db, const struct report_scope *scope,
			      const struct stage_flags *stages, const char *before,
			      struct forecast *fc)
{
	struct group_table t = { .currency = fc->currency };
	enum status st = history_deals_as_of_each(db, before, fc->first, fc->last, scope_includes,
						  (void *)scope, group_add, &t);

	return groups_finish(&t, stages, fc, st);
}

/* Open deals of the scope without a close date: in no period, said so. */
static enum status count_undated(struct db *db, const struct report_scope *scope,
				 const struct stage_flags *stages, struct forecast *fc)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT owner, stage, count(*) FROM opportunity "
					  "WHERE deleted = 0 AND close_date IS NULL GROUP BY 1, 2");
	int rc;

	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *owner = (const char *)sqlite3_column_text(st, 0);

		if ((scope && !report_scope_includes(scope, owner)) ||
		    stage_flags_of(stages, (const char *)sqlite3_column_text(st, 1)))
			continue;
		fc->undated += sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("counting undated deals"));
}

static void take_adjustment(struct db *db, struct forecast_row *r, sqlite3_stmt *st)
{
	if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
		r->adj_commit = sqlite3_column_int64(st, 2);
		r->commit_adjusted = r->own_commit = true;
	}
	if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
		r->adj_best_case = sqlite3_column_int64(st, 3);
		r->best_adjusted = r->own_best = true;
	}
	free(r->adj_note);
	free(r->adj_by);
	free(r->adj_at);
	r->adj_note = db_column_strdup(st, 4);
	r->adj_by = sqlite3_column_type(st, 5) != SQLITE_NULL
			? record_title_of(db, "user", (const char *)sqlite3_column_text(st, 5))
			: NULL;
	r->adj_at = db_column_strdup(st, 6);
}

/* A subtotal's adjusted figure: its own adjustment, else the sum of its rows'
 * adjusted (or own) figures once any of them is adjusted. */
static void rolled(bool *adjusted, int64_t *adj, int64_t sum, bool any)
{
	if (*adjusted)
		return;
	*adjusted = any;
	*adj = any ? sum : 0;
}

/* A row's figure as adjusted, or its own. */
static int64_t eff_commit(const struct forecast_row *r)
{
	return r->commit_adjusted ? r->adj_commit : r->by_category[FC_COMMIT];
}

static int64_t eff_best(const struct forecast_row *r)
{
	return r->best_adjusted ? r->adj_best_case : r->by_category[FC_BEST_CASE];
}

/* The manager's adjustments of the period, newest last, onto the rows of
 * the scope and the territories (whose subtotals exist by then); with
 * before, only those recorded before that instant, as the figures stood. */
static enum status load_adjustments(struct db *db, const struct report_span *span,
				    const char *before, struct forecast *fc)
{
	sqlite3_stmt *st;
	char label[24];
	size_t i, k;
	int rc;

	if (span->kind == REPORT_CUSTOM)
		return ST_OK;
	report_span_label(span, label);
	st = db_prepare(db,
			"SELECT user, territory, \"commit\", best_case, note, owner, "
			"created_at FROM forecast_adjustment WHERE deleted = 0 AND "
			"period = ?1 AND (?2 IS NULL OR created_at < ?2) ORDER BY created_at, n");
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, label);
	db_bind_text(st, 2, before);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *user = (const char *)sqlite3_column_text(st, 0);
		const char *terr = (const char *)sqlite3_column_text(st, 1);
		struct forecast_row *r = NULL;

		if (user)
			r = row_find(fc, user);
		for (k = 0; r == NULL && terr && k < fc->nterritories; k++)
			if (strcmp(fc->territories[k].name, terr) == 0)
				r = &fc->territories[k];
		if (r)
			take_adjustment(db, r, st);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, _("reading forecast adjustments"));
	/* Roll the reps' adjustments up to their territory, then to the total. */
	{
		int64_t tc = 0, tb = 0;
		bool tany_c = false, tany_b = false;

		for (k = 0; k < fc->nterritories; k++) {
			struct forecast_row *t = &fc->territories[k];
			int64_t c = 0, b = 0;
			bool any_c = false, any_b = false;

			for (i = 0; i < fc->n; i++) {
				const struct forecast_row *r = &fc->rows[i];

				if (strcmp(r->territory ? r->territory : "-", t->name) != 0)
					continue;
				c += eff_commit(r);
				b += eff_best(r);
				any_c = any_c || r->commit_adjusted;
				any_b = any_b || r->best_adjusted;
			}
			rolled(&t->commit_adjusted, &t->adj_commit, c, any_c);
			rolled(&t->best_adjusted, &t->adj_best_case, b, any_b);
			tc += eff_commit(t);
			tb += eff_best(t);
			tany_c = tany_c || t->commit_adjusted;
			tany_b = tany_b || t->best_adjusted;
		}
		rolled(&fc->total.commit_adjusted, &fc->total.adj_commit, tc, tany_c);
		rolled(&fc->total.best_adjusted, &fc->total.adj_best_case, tb, tany_b);
	}
	return ST_OK;
}

static char *user_name(struct db *db, const char *owner)
{
	char *name;

	if (owner == NULL)
		return xstrdup("-");
	name = record_title_of(db, "user", owner);
	if (*name == '\0') {
		free(name);
		name = xstrdup(owner);
	}
	return name;
}

/* A rep's forecast read for the whole team (scope->colleagues): keep the
 * scope's rows, make the other reps' rows colleagues' (quota and won only)
 * and drop the rest, deals of other owners and in other currencies. */
static void split_colleagues(struct forecast *fc, const struct report_scope *scope)
{
	size_t i, k = 0, a = 0;

	for (i = 0; i < fc->n; i++) {
		struct forecast_row *r = &fc->rows[i], *c;

		if (report_scope_includes(scope, r->owner)) {
			fc->rows[k++] = *r;
			continue;
		}
		if (r->rank == INT_MAX || r->owner == NULL) {
			row_free(r); /* not a rep of the team: a manager's or nobody's deals */
			continue;
		}
		c = row_add(&fc->colleagues, &fc->ncolleagues, NULL);
		c->owner = r->owner;
		c->name = r->name;
		c->territory = r->territory;
		c->rank = r->rank;
		c->quota = r->quota;
		c->quota_apart = r->quota_apart;
		c->by_category[FC_CLOSED] = r->by_category[FC_CLOSED];
		c->colleague = true;
		finish_row(c);
		c->coverage = -1;
		r->owner = r->name = r->territory = NULL;
		row_free(r);
	}
	fc->n = k;
	for (i = 0; i < fc->napart; i++) {
		if (report_scope_includes(scope, fc->apart[i].owner)) {
			fc->apart[a++] = fc->apart[i];
			continue;
		}
		free(fc->apart[i].owner);
		free(fc->apart[i].name);
	}
	fc->napart = a;
	if (fc->ncolleagues > 1)
		qsort(fc->colleagues, fc->ncolleagues, sizeof(*fc->colleagues), row_cmp);
}

enum status report_forecast(struct db *db, const struct report_span *span,
			    const struct report_scope *scope, struct forecast *out)
{
	return report_forecast_as_of(db, span, scope, NULL, out);
}

enum status report_forecast_as_of(struct db *db, const struct report_span *span,
				  const struct report_scope *scope, const char *before,
				  struct forecast *out)
{
	struct stage_flags stages = { 0 };
	/* A rep who may see colleagues' quotas and attainment: read the team. */
	const struct report_scope team = { .kind = REPORT_SCOPE_TEAM };
	const struct report_scope *read =
	    scope && scope->kind == REPORT_SCOPE_OWNER && scope->colleagues ? &team : scope;
	enum status st;
	size_t i, k;

	memset(out, 0, sizeof(*out));
	snprintf(out->first, sizeof(out->first), "%s", span->first);
	snprintf(out->last, sizeof(out->last), "%s", span->last);
	snprintf(out->currency, sizeof(out->currency), "%s", record_default_currency(db));
	out->exponent = money_exponent(out->currency);
	if (out->exponent < 0)
		out->exponent = 2;
	st = stages_load(db, &stages);
	if (st == ST_OK)
		st = load_users(db, span, read, out);
	if (st == ST_OK && before)
		st = sum_states(db, read, &stages, before, out);
	if (st == ST_OK && !before)
		st = sum_deals(db, read, &stages, out);
	if (st == ST_OK && read != scope)
		split_colleagues(out, scope);
	if (st == ST_OK && !before)
		st = count_undated(db, scope, &stages, out);
	stages_free(&stages);
	if (st != ST_OK)
		return st;
	for (i = 0; i < out->n; i++) {
		struct forecast_row *r = &out->rows[i], *t = NULL;
		const char *terr = r->territory ? r->territory : "-";

		if (r->name == NULL)
			r->name = user_name(db, r->owner);
		finish_row(r);
		add_into(&out->total, r);
		for (k = 0; k < out->nterritories; k++)
			if (strcmp(out->territories[k].name, terr) == 0)
				t = &out->territories[k];
		if (t == NULL) {
			t = row_add(&out->territories, &out->nterritories, NULL);
			t->name = xstrdup(terr);
		}
		add_into(t, r);
	}
	for (k = 0; k < out->nterritories; k++)
		finish_row(&out->territories[k]);
	for (i = 0; i < out->napart; i++)
		out->apart[i].name = user_name(db, out->apart[i].owner);
	if (out->n > 1)
		qsort(out->rows, out->n, sizeof(*out->rows), row_cmp);
	rank_territories(db, out);
	if (out->nterritories > 1)
		qsort(out->territories, out->nterritories, sizeof(*out->territories),
		      territory_cmp);
	if (out->napart > 1)
		qsort(out->apart, out->napart, sizeof(*out->apart), apart_cmp);
	out->total.name = xstrdup(scope && scope->label ? scope->label : _("team"));
	finish_row(&out->total);
	return load_adjustments(db, span, before, out);
}

/* ---- the report ---- */

static const struct report_col forecast_cols[] = {
	{ "name", N_("Rep"), RC_TEXT },
	{ "quota", N_("Quota"), RC_MONEY },
	{ "closed_won", N_("Won"), RC_MONEY },
	{ "commit", N_("Commit"), RC_MONEY },
	{ "adj_commit", N_("Adj commit"), RC_MONEY },
	{ "best_case", N_("Best case"), RC_MONEY },
	{ "adj_best_case", N_("Adj best"), RC_MONEY },
	{ "pipeline", N_("Pipeline"), RC_MONEY },
	{ "omitted", N_("Omitted"), RC_MONEY },
	{ "weighted", N_("Weighted"), RC_MONEY },
	{ "attainment", N_("Attain"), RC_PERCENT },
	{ "gap", N_("Gap"), RC_MONEY },
	{ "coverage", N_("Cover"), RC_NUMBER },
};
#define NCOLS (sizeof(forecast_cols) / sizeof(forecast_cols[0]))

static struct report_table *forecast_table(struct report_output *o, const char *name,
					   const char *first_label, const char *title)
{
	struct report_col cols[NCOLS];
	size_t i;

	for (i = 0; i < NCOLS; i++) {
		cols[i] = forecast_cols[i];
		cols[i].label = _(forecast_cols[i].label);
	}
	cols[0].label = first_label;
	return report_output_table(o, name, title, cols, NCOLS);
}

static void forecast_line(struct report_table *t, const struct forecast_row *r, int exponent)
{
	size_t row = report_table_add_row(t), c = 0;

	report_table_set(t, row, c++, r->name);
	if (r->quota > 0 || !r->quota_apart)
		report_table_set_money(t, row, c, r->quota, exponent);
	c++;
	report_table_set_money(t, row, c++, r->by_category[FC_CLOSED], exponent);
	report_table_set_money(t, row, c++, r->by_category[FC_COMMIT], exponent);
	if (r->commit_adjusted)
		report_table_set_money(t, row, c, r->adj_commit, exponent);
	c++;
	report_table_set_money(t, row, c++, r->by_category[FC_BEST_CASE], exponent);
	if (r->best_adjusted)
		report_table_set_money(t, row, c, r->adj_best_case, exponent);
	c++;
	report_table_set_money(t, row, c++, r->by_category[FC_PIPELINE], exponent);
	report_table_set_money(t, row, c++, r->by_category[FC_OMITTED], exponent);
	report_table_set_money(t, row, c++, r->weighted, exponent);
	report_table_set_tenths(t, row, c++, r->attainment);
	if (r->quota > 0)
		report_table_set_money(t, row, c, r->gap, exponent);
	c++;
	report_table_set_tenths(t, row, c, r->coverage);
}

/* Who adjusted what, when and why: the rows and territories with an
 * adjustment of their own. */
static void adjustment_line(struct report_table *t, const struct forecast_row *r, int exponent)
{
	size_t row;

	if (r->adj_at == NULL)
		return;
	row = report_table_add_row(t);
	report_table_set(t, row, 0, r->name);
	if (r->own_commit)
		report_table_set_money(t, row, 1, r->adj_commit, exponent);
	if (r->own_best)
		report_table_set_money(t, row, 2, r->adj_best_case, exponent);
	report_table_set(t, row, 3, r->adj_by);
	report_table_set(t, row, 4, r->adj_at);
	report_table_set(t, row, 5, r->adj_note);
}

static void adjustments_table(struct report_output *o, const struct forecast *fc, bool territories)
{
	static const struct report_col adj_cols[] = {
		{ "name", N_("Rep or territory"), RC_TEXT },
		{ "commit", N_("Commit"), RC_MONEY },
		{ "best_case", N_("Best case"), RC_MONEY },
		{ "by", N_("By"), RC_TEXT },
		{ "at", N_("At"), RC_TEXT },
		{ "note", N_("Note"), RC_TEXT },
	};
	struct report_col cols[sizeof(adj_cols) / sizeof(adj_cols[0])];
	struct report_table *t;
	size_t i, n = 0;

	for (i = 0; i < fc->n; i++)
		n += fc->rows[i].adj_at != NULL;
	for (i = 0; territories && i < fc->nterritories; i++)
		n += fc->territories[i].adj_at != NULL;
	if (n == 0)
		return;
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		cols[i] = adj_cols[i];
		cols[i].label = _(adj_cols[i].label);
	}
	t = report_output_table(o, "adjustments", _("The manager's adjustments"), cols,
				sizeof(cols) / sizeof(cols[0]));
	for (i = 0; i < fc->n; i++)
		adjustment_line(t, &fc->rows[i], fc->exponent);
	for (i = 0; territories && i < fc->nterritories; i++)
		adjustment_line(t, &fc->territories[i], fc->exponent);
}

/* Colleagues' quota and attainment, where the manager lets reps see them. */
static void colleagues_table(struct report_output *o, const struct forecast *fc)
{
	static const struct report_col col_cols[] = {
		{ "name", N_("Rep"), RC_TEXT },	       { "quota", N_("Quota"), RC_MONEY },
		{ "closed_won", N_("Won"), RC_MONEY }, { "attainment", N_("Attain"), RC_PERCENT },
		{ "gap", N_("Gap"), RC_MONEY },
	};
	struct report_col cols[sizeof(col_cols) / sizeof(col_cols[0])];
	struct report_table *t;
	size_t i;

	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		cols[i] = col_cols[i];
		cols[i].label = _(col_cols[i].label);
	}
	t = report_output_table(o, "colleagues", _("Colleagues' quota and attainment"), cols,
				sizeof(cols) / sizeof(cols[0]));
	for (i = 0; i < fc->ncolleagues; i++) {
		const struct forecast_row *r = &fc->colleagues[i];
		size_t row = report_table_add_row(t);

		report_table_set(t, row, 0, r->name);
		if (r->quota > 0 || !r->quota_apart)
			report_table_set_money(t, row, 1, r->quota, fc->exponent);
		report_table_set_money(t, row, 2, r->by_category[FC_CLOSED], fc->exponent);
		report_table_set_tenths(t, row, 3, r->attainment);
		if (r->quota > 0)
			report_table_set_money(t, row, 4, r->gap, fc->exponent);
	}
}

static enum status forecast_run(struct db *db, const struct report_args *a, struct report_output *o)
{
	static const struct report_col apart_cols[] = {
		{ "name", N_("Rep"), RC_TEXT },
		{ "currency", N_("Cur"), RC_TEXT },
		{ "deals", N_("Deals"), RC_INT },
		{ "closed_won", N_("Won"), RC_MONEY },
		{ "commit", N_("Commit"), RC_MONEY },
		{ "best_case", N_("Best case"), RC_MONEY },
		{ "pipeline", N_("Pipeline"), RC_MONEY },
		{ "omitted", N_("Omitted"), RC_MONEY },
	};
	struct report_col cols[sizeof(apart_cols) / sizeof(apart_cols[0])];
	struct forecast fc;
	struct report_table *t;
	char label[24], *title;
	char before[21];
	enum status st = ST_OK;
	size_t i;
	int c;

	if (a->as_of && history_past_day("--as-of", a->as_of) != ST_OK)
		return ST_INVALID;
	if (a->as_of && !history_end_of_day(a->as_of, before))
		return status_set(ST_INVALID, _("--as-of \"%s\" is not a date"), a->as_of);
	st = report_forecast_as_of(db, &a->span, &a->scope, a->as_of ? before : NULL, &fc);

	if (st != ST_OK) {
		report_forecast_free(&fc);
		return st;
	}
	report_span_label(&a->span, label);
	report_output_meta(o, "currency", fc.currency);
	title = xasprintf(_("Forecast %s (%s .. %s), %s, in %s"), label, fc.first, fc.last,
			  a->scope.label ? a->scope.label : _("team"), fc.currency);
	t = forecast_table(o, "reps", _("Rep"), title);
	free(title);
	for (i = 0; i < fc.n; i++)
		forecast_line(t, &fc.rows[i], fc.exponent);
	if (fc.ncolleagues)
		colleagues_table(o, &fc);
	if (a->scope.kind != REPORT_SCOPE_OWNER) {
		t = forecast_table(o, "territories", _("Territory"), _("By territory"));
		for (i = 0; i < fc.nterritories; i++)
			forecast_line(t, &fc.territories[i], fc.exponent);
	}
	if (a->scope.kind != REPORT_SCOPE_OWNER) {
		t = forecast_table(o, "total", _("Total"), _("Total"));
		forecast_line(t, &fc.total, fc.exponent);
	}
	/* A rep sees the adjustments of their own figures, not a territory's. */
	adjustments_table(o, &fc, a->scope.kind != REPORT_SCOPE_OWNER);
	if (fc.napart) {
		int64_t deals = 0;

		for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
			cols[i] = apart_cols[i];
			cols[i].label = _(apart_cols[i].label);
		}
		t = report_output_table(o, "other_currencies",
					_("Deals in other currencies (not in the figures above)"),
					cols, sizeof(cols) / sizeof(cols[0]));
		for (i = 0; i < fc.napart; i++) {
			const struct forecast_apart *p = &fc.apart[i];
			size_t row = report_table_add_row(t);

			deals += p->deals;
			report_table_set(t, row, 0, p->name);
			report_table_set(t, row, 1, p->currency);
			report_table_set_int(t, row, 2, p->deals);
			for (c = 0; c < FC_COUNT; c++)
				report_table_set_money(t, row, 3 + (size_t)c, p->by_category[c],
						       p->exponent);
		}
		report_output_note(
		    o,
		    ngettext("%lld deal in another currency than %s is shown apart, "
			     "not added in.",
			     "%lld deals in other currencies than %s are shown apart, "
			     "not added in.",
			     (unsigned long)deals),
		    (long long)deals, fc.currency);
	}
	if (fc.total.quota_apart)
		report_output_note(o, _("A quota in another currency than %s is not counted."),
				   fc.currency);
	if (fc.undated)
		report_output_note(o,
				   ngettext("%lld open deal has no close date: it is in no period.",
					    "%lld open deals have no close date: they are in no "
					    "period.",
					    (unsigned long)fc.undated),
				   (long long)fc.undated);
	report_forecast_free(&fc);
	return ST_OK;
}

const struct report_def report_def_forecast = {
	.name = "forecast",
	.summary = N_("won, commit, best case and pipeline per rep against quota"),
	.help = N_("Deals count in the period of their close date, per rep, per territory (the\n"
		   "rep's) and for the whole scope:\n"
		   "  Won        deals in a won stage (Closed Won)\n"
		   "  Commit, Best case, Pipeline, Omitted\n"
		   "             open deals by their forecast category (an open deal marked\n"
		   "             closed counts as commit); lost deals count nowhere\n"
		   "  Weighted   sum of amount x probability / 100 over commit, best case and\n"
		   "             pipeline deals\n"
		   "  Quota      the rep's quota for the period: a quota per month, quarter or\n"
		   "             year pro rata by months; for a custom range by days (a month\n"
		   "             being 1461/48 days)\n"
		   "  Attain     won / quota (empty without a quota)\n"
		   "  Gap        quota - won, at least 0\n"
		   "  Cover      open pipeline (commit + best case + pipeline) / gap (empty when\n"
		   "             the gap is 0)\n"
		   "  Adj commit, Adj best\n"
		   "             a manager's adjusted figure (salesterm forecast adjust), beside\n"
		   "             the rep's own; a territory or the team without one of its own\n"
		   "             sums its rows' adjusted figures (their own where not adjusted)\n"
		   "Amounts are in the database's currency. Deals in other currencies are never\n"
		   "added in: they are listed apart per rep and currency, with a note. Open deals\n"
		   "without a close date are in no period: a note counts them.\n"),
	.default_period = REPORT_QUARTER,
	.as_of = true,
	.run = forecast_run,
};
