/* history.c - deals as they stood at an instant, and what changed since
 * (history.h states the rules). */
#include "report/history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "report/internal.h"
#include "validate.h"
#include "xalloc.h"

const char *const history_reason_labels[CH_REASONS] = {
	[CH_NEW] = N_("New"),
	[CH_MOVED_IN] = N_("Moved in"),
	[CH_PUSHED] = N_("Pushed out"),
	[CH_MOVED_OUT] = N_("Pulled out"),
	[CH_WON] = N_("Won"),
	[CH_LOST] = N_("Lost"),
	[CH_AMOUNT_UP] = N_("Amount up"),
	[CH_AMOUNT_DOWN] = N_("Amount down"),
	[CH_CURRENCY] = N_("Currency changed"),
	[CH_CATEGORY_UP] = N_("Category up"),
	[CH_CATEGORY_DOWN] = N_("Category down"),
};

const char *const history_reason_keys[CH_REASONS] = {
	[CH_NEW] = "new",
	[CH_MOVED_IN] = "moved_in",
	[CH_PUSHED] = "pushed_out",
	[CH_MOVED_OUT] = "pulled_out",
	[CH_WON] = "won",
	[CH_LOST] = "lost",
	[CH_AMOUNT_UP] = "amount_up",
	[CH_AMOUNT_DOWN] = "amount_down",
	[CH_CURRENCY] = "currency_changed",
	[CH_CATEGORY_UP] = "category_up",
	[CH_CATEGORY_DOWN] = "category_down",
};

const char *const history_flow_keys[HC_COUNT] = { "none",   "pipeline", "best_case",
						  "commit", "closed",	"omitted" };

int history_flow_index(const char *category)
{
	for (int i = HC_PIPELINE; category && i < HC_COUNT; i++)
		if (strcmp(history_flow_keys[i], category) == 0)
			return i;
	return HC_NONE;
}

/* Higher is more likely to close; omitted lowest. */
static int category_rank(const char *category)
{
	int i = history_flow_index(category);

	return i == HC_OMITTED ? 0 : i;
}

void history_states_free(struct deal_states *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct deal_state *d = &s->v[i];

		free(d->id);
		free(d->name);
		free(d->owner);
		free(d->stage);
		free(d->currency);
		free(d->close_date);
		free(d->category);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

bool history_end_of_day(const char *date, char out[21])
{
	char start[21];

	return report_day_range(date, date, start, out);
}

/* The won and lost stages, to tell open deals from closed ones. */
struct stage_flags {
	char **won, **lost;
	size_t nwon, nlost;
};

static void stage_flags_free(struct stage_flags *f)
{
	for (size_t i = 0; i < f->nwon; i++)
		free(f->won[i]);
	for (size_t i = 0; i < f->nlost; i++)
		free(f->lost[i]);
	free(f->won);
	free(f->lost);
}

static enum status stage_flags_load(struct db *db, struct stage_flags *f)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, won FROM stage WHERE won = 1 OR lost = 1");
	int rc;

	memset(f, 0, sizeof(*f));
	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bool won = sqlite3_column_int(st, 1) != 0;
		char ***v = won ? &f->won : &f->lost;
		size_t *n = won ? &f->nwon : &f->nlost;

		*v = xreallocarray(*v, *n + 1, sizeof(**v));
		(*v)[(*n)++] = db_column_strdup(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading the stages"));
}

static bool in_list(char **v, size_t n, const char *id)
{
	for (size_t i = 0; id && i < n; i++)
		if (strcmp(v[i], id) == 0)
			return true;
	return false;
}

/* Columns 2-8 of both queries: owner, stage, amount, currency, probability,
 * close date, category. */
#define NOW_SQL                                                                                    \
	"SELECT o.id, o.name, o.owner, o.stage, o.amount, o.currency, o.probability, "             \
	"o.close_date, o.category FROM opportunity o WHERE o.deleted = 0 ORDER BY o.id"

/* The newest entry before ?1 (b) gives the values; else the oldest at or
 * after it (a) gives the values before it; else the row. A deal created at
 * or after ?1 is marked by column 9. */
#define HIST_VALUE(col)                                                                            \
	"CASE WHEN b.n IS NOT NULL THEN b." col " WHEN a.n IS NOT NULL THEN a.old_" col            \
	" ELSE o." col " END"
#define AS_OF_SQL                                                                                                         \
	"SELECT o.id, o.name, "                                                                                           \
	"CASE WHEN b.n IS NOT NULL THEN b.new_owner WHEN a.n IS NOT NULL THEN a.old_owner "                               \
	"ELSE o.owner END, " HIST_VALUE("stage") ", " HIST_VALUE("amount") ", " HIST_VALUE(                               \
	    "curre"                                                                                                       \
	    "ncy") ", " HIST_VALUE("probability") ", " HIST_VALUE("close_date") ", " HIST_VALUE("category") ", "          \
													    "o.created_"  \
													    "at >= ?1 "   \
													    "OR (b.n IS " \
													    "NULL AND "   \
													    "a.event = "  \
													    "'created') " \
													    "FROM "       \
													    "opportunity" \
													    " o "         \
													    "LEFT JOIN "  \
													    "opportunity" \
													    "_history b " \
													    "ON b.n = "   \
													    "(SELECT "    \
													    "h.n FROM "   \
													    "opportunity" \
													    "_history h " \
													    "WHERE "      \
													    "h."          \
													    "opportunity" \
													    " = o.id "    \
													    "AND h.at < " \
													    "?1 AND "     \
													    "h.deleted "  \
													    "= 0 "        \
													    "ORDER BY "   \
													    "h.at DESC, " \
													    "h.n DESC "   \
													    "LIMIT 1) "   \
													    "LEFT JOIN "  \
													    "opportunity" \
													    "_history a " \
													    "ON a.n = "   \
													    "(SELECT "    \
													    "h.n FROM "   \
													    "opportunity" \
													    "_history h " \
													    "WHERE "      \
													    "h."          \
													    "opportunity" \
													    " = o.id "    \
													    "AND h.at "   \
													    ">= ?1 AND "  \
													    "h.deleted "  \
													    "= 0 "        \
													    "ORDER BY "   \
													    "h.at, h.n "  \
													    "LIMIT 1) "   \
													    "WHERE "      \
													    "o.deleted "  \
													    "= 0 ORDER "  \
													    "BY o.id"

enum status history_deals_as_of(struct db *db, const char *before,
				bool (*include)(const char *owner, void *ctx), void *ctx,
				struct deal_states *out)
{
	struct stage_flags flags;
	sqlite3_stmt *st;
	enum status s;
	int rc;

	memset(out, 0, sizeof(*out));
	s = stage_flags_load(db, &flags);
	if (s != ST_OK)
		return s;
	st = db_prepare(db, before ? AS_OF_SQL : NOW_SQL);
	if (st == NULL) {
		stage_flags_free(&flags);
		return ST_DB;
	}
	if (before)
		db_bind_text(st, 1, before);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *owner = (const char *)sqlite3_column_text(st, 2);
		struct deal_state *d;

		if (before && sqlite3_column_int(st, 9))
			continue; /* not yet created */
		if (include && !include(owner, ctx))
			continue;
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 64;
			out->v = xreallocarray(out->v, out->cap, sizeof(*out->v));
		}
		d = &out->v[out->n++];
		d->id = db_column_strdup(st, 0);
		d->name = db_column_strdup(st, 1);
		d->owner = db_column_strdup(st, 2);
		d->stage = db_column_strdup(st, 3);
		d->amount = sqlite3_column_int64(st, 4);
		d->currency = db_column_strdup(st, 5);
		d->probability =
		    sqlite3_column_type(st, 6) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 6);
		d->close_date = db_column_strdup(st, 7);
		d->category = db_column_strdup(st, 8);
		d->won = in_list(flags.won, flags.nwon, d->stage);
		d->lost = in_list(flags.lost, flags.nlost, d->stage);
	}
	sqlite3_reset(st);
	stage_flags_free(&flags);
	if (rc != SQLITE_DONE) {
		history_states_free(out);
		return db_error(db, rc, _("reading the deals' history"));
	}
	return ST_OK;
}

/* ---- what changed ---- */

void history_changes_free(struct changes *c)
{
	history_states_free(&c->then);
	history_states_free(&c->now);
	free(c->deals);
	free(c->money);
	memset(c, 0, sizeof(*c));
}

static bool in_period(const struct deal_state *d, const char *first, const char *last)
{
	return d->close_date && strcmp(d->close_date, first) >= 0 &&
	       strcmp(d->close_date, last) <= 0;
}

static bool in_pipeline(const struct deal_state *d, const char *first, const char *last)
{
	return d && !d->won && !d->lost && in_period(d, first, last);
}

/* The default currency when a deal has none, as the funnel counts it. */
static struct change_money *money_of(struct changes *c, const char *currency, const char *def)
{
	const char *code = currency ? currency : def;
	size_t i;

	for (i = 0; i < c->nmoney; i++)
		if (strcmp(c->money[i].currency, code) == 0)
			return &c->money[i];
	c->money = xreallocarray(c->money, c->nmoney + 1, sizeof(*c->money));
	/* Keep them sorted by code. */
	for (i = c->nmoney; i > 0 && strcmp(c->money[i - 1].currency, code) > 0; i--)
		c->money[i] = c->money[i - 1];
	memset(&c->money[i], 0, sizeof(c->money[i]));
	snprintf(c->money[i].currency, sizeof(c->money[i].currency), "%s", code);
	c->nmoney++;
	return &c->money[i];
}

static bool same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* The reason of a deal in the pipeline then or now; -1 if it did not change
 * in a way the pipeline shows. */
static int reason_of(const struct deal_state *then, const struct deal_state *now, bool was, bool is,
		     const char *last)
{
	if (!was)
		return then ? CH_MOVED_IN : CH_NEW;
	if (!is) {
		if (now == NULL)
			return CH_MOVED_OUT; /* cannot happen: deleted deals are left out */
		if (now->won)
			return CH_WON;
		if (now->lost)
			return CH_LOST;
		if (now->close_date && strcmp(now->close_date, last) > 0)
			return CH_PUSHED;
		return CH_MOVED_OUT;
	}
	if (!same_text(then->currency, now->currency))
		return CH_CURRENCY;
	if (now->amount != then->amount)
		return now->amount > then->amount ? CH_AMOUNT_UP : CH_AMOUNT_DOWN;
	if (category_rank(now->category) != category_rank(then->category))
		return category_rank(now->category) > category_rank(then->category)
			   ? CH_CATEGORY_UP
			   : CH_CATEGORY_DOWN;
	return -1;
}

static int change_deal_cmp(const void *a, const void *b)
{
	const struct change_deal *x = a, *y = b;
	const struct deal_state *dx = x->now ? x->now : x->then, *dy = y->now ? y->now : y->then;
	int c;

	if (x->reason != y->reason)
		return (int)x->reason - (int)y->reason;
	c = strcmp(dx->name ? dx->name : "", dy->name ? dy->name : "");
	return c ? c : strcmp(dx->id, dy->id);
}

enum status history_changes(struct db *db, const char *first, const char *last, const char *since,
			    bool (*include)(const char *owner, void *ctx), void *ctx,
			    struct changes *out)
{
	const char *def = record_default_currency(db);
	size_t i = 0, j = 0;
	enum status st;

	memset(out, 0, sizeof(*out));
	snprintf(out->first, sizeof(out->first), "%s", first);
	snprintf(out->last, sizeof(out->last), "%s", last);
	snprintf(out->since, sizeof(out->since), "%s", since);
	st = history_deals_as_of(db, since, include, ctx, &out->then);
	if (st == ST_OK)
		st = history_deals_as_of(db, NULL, include, ctx, &out->now);
	if (st != ST_OK) {
		history_changes_free(out);
		return st;
	}
	/* Both sets are by id: walk them side by side. */
	while (i < out->then.n || j < out->now.n) {
		const struct deal_state *t = NULL, *n = NULL;
		int c = i == out->then.n  ? 1
			: j == out->now.n ? -1
					  : strcmp(out->then.v[i].id, out->now.v[j].id);
		bool was, is;
		int reason;

		if (c <= 0)
			t = &out->then.v[i++];
		if (c >= 0)
			n = &out->now.v[j++];
		was = in_pipeline(t, first, last);
		is = in_pipeline(n, first, last);
		if (!was && !is)
			continue;
		out->then_count += was;
		out->now_count += is;
		out->flow[was ? history_flow_index(t->category) : HC_NONE]
			 [is ? history_flow_index(n->category) : HC_NONE]++;
		if (was)
			money_of(out, t->currency, def)->then += t->amount;
		if (is)
			money_of(out, n->currency, def)->now += n->amount;
		reason = reason_of(t, n, was, is, last);
		if (reason < 0)
			continue;
		if (was)
			money_of(out, t->currency, def)->delta[reason] -= t->amount;
		if (is)
			money_of(out, n->currency, def)->delta[reason] += n->amount;
		out->count[reason]++;
		out->deals = xreallocarray(out->deals, out->ndeals + 1, sizeof(*out->deals));
		out->deals[out->ndeals++] = (struct change_deal){
			.reason = (enum change_reason)reason, .then = t, .now = n
		};
	}
	if (out->ndeals)
		qsort(out->deals, out->ndeals, sizeof(*out->deals), change_deal_cmp);
	return ST_OK;
}
