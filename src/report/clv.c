/* clv.c - customer lifetime value per account from its won-deal history (the
 * formula: abc.h and report_def_clv's help below). Every input is kept as
 * the figure shown (hundredths of a year, minor units), and the value is
 * computed from those, so a figure checks by hand to the last digit. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "money.h"
#include "record.h"
#include "report/abc.h"
#include "report/internal.h"
#include "xalloc.h"

void report_clv_free(struct clv_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->rows[i].account);
		free(r->rows[i].name);
	}
	free(r->rows);
	memset(r, 0, sizeof(*r));
}

enum status report_clv_horizon(const struct report_args *a, int *years)
{
	const char *v = a ? report_arg(a, "horizon") : NULL;
	char *end;
	long y;

	*years = CLV_DEFAULT_HORIZON;
	if (v == NULL)
		return ST_OK;
	y = strtol(v, &end, 10);
	if (*v < '0' || *v > '9' || *end || y < 1 || y > 50)
		return status_set(
		    ST_INVALID, _("--horizon is a whole number of years from 1 to 50, not \"%s\""),
		    v);
	*years = (int)y;
	return ST_OK;
}

/* a / b rounded half up, for a >= 0 and b > 0. */
static int64_t div_round(__int128 a, __int128 b)
{
	return (int64_t)((2 * a + b) / (2 * b));
}

/* Fill in the derived figures of row from deals, revenue and first. */
static void clv_figures(struct clv_row *row, const char *as_of, int horizon)
{
	int days = clock_days_between(row->first, as_of);

	row->average = div_round(row->revenue, row->deals);
	/* Years of 365.25 days, in hundredths: days x 100 / 365.25. */
	row->tenure_hundredths = days > 0 ? div_round((__int128)days * 10000, 36525) : 0;
	if (row->tenure_hundredths < 100)
		row->tenure_hundredths = 100;
	row->freq_hundredths = div_round((__int128)row->deals * 10000, row->tenure_hundredths);
	row->life_hundredths = row->tenure_hundredths < (int64_t)horizon * 100
				   ? row->tenure_hundredths
				   : (int64_t)horizon * 100;
	row->clv =
	    div_round((__int128)row->average * row->freq_hundredths * row->life_hundredths, 10000);
}

static int by_clv(const void *pa, const void *pb)
{
	const struct clv_row *a = pa, *b = pb;
	int c;

	if (a->clv != b->clv)
		return a->clv > b->clv ? -1 : 1;
	c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
	return c ? c : strcmp(a->account, b->account);
}

static int by_currency_clv(const void *pa, const void *pb)
{
	const struct clv_row *a = pa, *b = pb;
	int c = strcmp(a->currency, b->currency);

	return c ? c : by_clv(pa, pb);
}

static enum status clv_read(struct db *db, const struct report_scope *scope, const char *account,
			    const char *as_of, int horizon, struct clv_report *out)
{
	struct report_won_list won;
	struct report_cards cards;
	sqlite3_stmt *st;
	size_t i, block = 0, cap = 0, d;
	int64_t accounts = 0, in_scope = 0;
	enum status ret = ST_OK;
	int rc;

	memset(out, 0, sizeof(*out));
	snprintf(out->currency, sizeof(out->currency), "%s", record_default_currency(db));
	snprintf(out->as_of, sizeof(out->as_of), "%s", as_of);
	out->horizon = horizon;
	/* The won deals sorted by account, then currency (report_won_read()). */
	ret = report_won_read(db, "", as_of, account, out->currency, &won);
	if (ret != ST_OK)
		return ret;
	for (d = 0; d < won.n; d++) {
		const struct report_won *w = &won.d[d];
		const char *acc = w->account, *cur = w->currency, *first = w->date;
		struct clv_row *row = NULL;

		if (acc == NULL || (scope && !report_scope_includes(scope, w->owner)))
			continue;
		if (out->n > block && strcmp(out->rows[block].account, acc) != 0)
			block = out->n;
		for (i = block; i < out->n; i++)
			if (strcmp(out->rows[i].currency, cur) == 0)
				row = &out->rows[i];
		if (row == NULL) {
			if (out->n == cap) {
				cap = cap ? cap * 2 : 256;
				out->rows = xreallocarray(out->rows, cap, sizeof(*out->rows));
			}
			row = &out->rows[out->n++];
			memset(row, 0, sizeof(*row));
			row->account = xstrdup(acc);
			snprintf(row->currency, sizeof(row->currency), "%s", cur);
			row->exponent = money_exponent(cur);
			if (row->exponent < 0)
				row->exponent = 2;
		}
		row->deals++;
		row->revenue += w->amount;
		if (!row->first[0] || strcmp(first, row->first) < 0)
			snprintf(row->first, sizeof(row->first), "%s", first);
	}
	report_won_free(&won);
	/* An account's tenure starts at its first won deal in any currency. */
	for (block = 0; block < out->n; block = i) {
		const char *first = out->rows[block].first;

		for (i = block;
		     i < out->n && strcmp(out->rows[i].account, out->rows[block].account) == 0; i++)
			if (strcmp(out->rows[i].first, first) < 0)
				first = out->rows[i].first;
		for (size_t k = block; k < i; k++) {
			if (out->rows[k].first != first)
				memcpy(out->rows[k].first, first, sizeof(out->rows[k].first));
			clv_figures(&out->rows[k], as_of, horizon);
		}
	}
	/* Names, and how many of the scope's accounts have no won deal. */
	/* The rows are in account order (report_cards_find()). */
	if (report_cards_open(db, &cards) != ST_OK)
		return ST_DB;
	for (i = 0; i < out->n; i++) {
		bool new_account = i == 0 || strcmp(out->rows[i].account, out->rows[i - 1].account);
		struct report_card card;

		rc = report_cards_find(&cards, out->rows[i].account, &card);
		if (rc == SQLITE_ROW) {
			out->rows[i].name = xstrdup(card.name ? card.name : "");
			if (new_account &&
			    (scope == NULL || report_scope_includes(scope, card.owner)))
				in_scope++;
		} else if (rc == SQLITE_DONE) {
			out->rows[i].name = xstrdup(out->rows[i].account);
		} else {
			ret = db_error(db, rc, _("reading accounts"));
			break;
		}
	}
	report_cards_close(&cards);
	if (ret != ST_OK)
		return ret;
	if (account == NULL) {
		bool team = scope == NULL || scope->kind == REPORT_SCOPE_TEAM;

		st = db_prepare(db, team ? "SELECT NULL, count(*) FROM account WHERE deleted = 0"
					 : "SELECT owner, count(*) FROM account WHERE deleted = 0 "
					   "GROUP BY owner");
		if (st == NULL)
			return ST_DB;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			if (team ||
			    report_scope_includes(scope, (const char *)sqlite3_column_text(st, 0)))
				accounts += sqlite3_column_int64(st, 1);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_error(db, rc, _("counting accounts"));
		out->no_deals = accounts > in_scope ? accounts - in_scope : 0;
	}
	/* The database's currency first, ranked; then each other currency. */
	for (i = 0, out->nmain = 0; i < out->n; i++) {
		if (strcmp(out->rows[i].currency, out->currency) == 0) {
			struct clv_row tmp = out->rows[i];

			out->rows[i] = out->rows[out->nmain];
			out->rows[out->nmain++] = tmp;
		}
	}
	if (out->nmain)
		qsort(out->rows, out->nmain, sizeof(*out->rows), by_clv);
	if (out->n > out->nmain)
		qsort(out->rows + out->nmain, out->n - out->nmain, sizeof(*out->rows),
		      by_currency_clv);
	return ST_OK;
}

enum status report_clv(struct db *db, const struct report_scope *scope, const char *account,
		       const char *as_of, int horizon, struct clv_report *out)
{
	bool began = report_read_begin(db);
	enum status st = clv_read(db, scope, account, as_of, horizon, out);

	report_read_end(db, began);
	return st;
}

/* ---- the report ---- */

static const char *const clv_options[] = {
	"horizon", N_("YEARS  the longest lifetime expected (5)"),
	"limit",   N_("N      list the first N accounts only"),
	NULL,
};

static enum status clv_run(struct db *db, const struct report_args *a, struct report_output *o)
{
	static const struct report_col cols_in[] = {
		{ "rank", N_("Rank"), RC_INT },
		{ "account", N_("Account"), RC_TEXT },
		{ "currency", N_("Cur"), RC_TEXT },
		{ "deals", N_("Won deals"), RC_INT },
		{ "revenue", N_("Revenue"), RC_MONEY },
		{ "average", N_("Avg deal"), RC_MONEY },
		{ "first_won", N_("First won"), RC_TEXT },
		{ "tenure", N_("Tenure yrs"), RC_NUMBER },
		{ "frequency", N_("Deals/yr"), RC_NUMBER },
		{ "lifetime", N_("Lifetime yrs"), RC_NUMBER },
		{ "clv", N_("CLV"), RC_MONEY },
	};
	struct report_col cols[11];
	struct clv_report r;
	struct report_table *t;
	const char *lim = report_arg(a, "limit");
	char today[11], as_of[11], *title;
	size_t i, limit = 0, rank = 0;
	enum status st;
	int horizon;

	st = report_clv_horizon(a, &horizon);
	if (st != ST_OK)
		return st;
	if (lim) {
		char *end;
		long v = strtol(lim, &end, 10);

		if (*lim < '0' || *lim > '9' || *end || v < 1)
			return status_set(
			    ST_INVALID, _("--limit needs a number of 1 or more, not \"%s\""), lim);
		limit = (size_t)v;
	}
	clock_today(today);
	snprintf(as_of, sizeof(as_of), "%s",
		 strcmp(a->span.last, today) < 0 ? a->span.last : today);
	st = report_clv(db, &a->scope, NULL, as_of, horizon, &r);
	if (st != ST_OK) {
		report_clv_free(&r);
		return st;
	}
	report_output_meta(o, "currency", r.currency);
	report_output_meta(o, "clv_as_of", r.as_of);
	{
		char h[8];

		snprintf(h, sizeof(h), "%d", horizon);
		report_output_meta(o, "horizon", h);
	}
	for (i = 0; i < 11; i++) {
		cols[i] = cols_in[i];
		cols[i].label = _(cols_in[i].label);
	}
	title = xasprintf(_("Customer lifetime value as of %s, %s: avg deal x deals/yr x lifetime "
			    "(at most %d years)"),
			  r.as_of, a->scope.label ? a->scope.label : _("team"), horizon);
	t = report_output_table(o, "accounts", title, cols, 11);
	free(title);
	for (i = 0; i < r.n; i++) {
		const struct clv_row *x = &r.rows[i];
		size_t row;

		rank = i < r.nmain
			   ? i + 1
			   : (i > r.nmain && strcmp(x->currency, r.rows[i - 1].currency) == 0
				  ? rank + 1
				  : 1);
		if (limit && rank > limit)
			continue;
		row = report_table_add_row(t);
		report_table_set_int(t, row, 0, (int64_t)rank);
		report_table_set(t, row, 1, x->name);
		report_table_set(t, row, 2, x->currency);
		report_table_set_int(t, row, 3, x->deals);
		report_table_set_money(t, row, 4, x->revenue, x->exponent);
		report_table_set_money(t, row, 5, x->average, x->exponent);
		report_table_set(t, row, 6, x->first);
		report_table_set_fixed(t, row, 7, x->tenure_hundredths, 2);
		report_table_set_fixed(t, row, 8, x->freq_hundredths, 2);
		report_table_set_fixed(t, row, 9, x->life_hundredths, 2);
		report_table_set_money(t, row, 10, x->clv, x->exponent);
	}
	if (limit && r.nmain > limit)
		report_output_note(o, _("accounts not listed (--limit %zu): %zu more"), limit,
				   r.nmain - limit);
	if (r.n > r.nmain)
		report_output_note(
		    o, _("rows in other currencies than %s, ranked apart and never added in: %zu"),
		    r.currency, r.n - r.nmain);
	if (r.no_deals)
		report_output_note(o,
				   _("accounts with no won deal yet, so no lifetime value: %lld"),
				   (long long)r.no_deals);
	report_clv_free(&r);
	return ST_OK;
}

const struct report_def report_def_clv = {
	.name = "clv",
	.summary = N_("customer lifetime value per account from its won deals"),
	.help = N_("Per account, from its deals in a won stage closed up to the end of the period\n"
		   "(today when the period ends later; the period's start is not used), the\n"
		   "scope being the deal's owner, in each currency apart:\n"
		   "  Won deals n, Revenue R  their count and amounts\n"
		   "  Avg deal     R / n, rounded to the currency's minor unit\n"
		   "  First won    the close date of its first won deal (any currency)\n"
		   "  Tenure yrs   days from the first won deal to the as-of date / 365.25,\n"
		   "               at least 1.00\n"
		   "  Deals/yr     n / tenure (the purchase frequency)\n"
		   "  Lifetime yrs the years still expected: its tenure so far, at most the\n"
		   "               horizon (--horizon, 5 years)\n"
		   "  CLV          Avg deal x Deals/yr x Lifetime yrs, from the figures as shown\n"
		   "               (two decimals), rounded to the minor unit\n"
		   "Ranked by CLV, highest first (equal values by name). Rows in the database's\n"
		   "currency come first; other currencies are ranked apart, never added in.\n"
		   "Accounts without a won deal have no CLV and are counted in a note. The\n"
		   "horizon can also be set in the config file: \"report clv horizon 3\".\n"),
	.options = clv_options,
	.default_period = REPORT_CUSTOM,
	.run = clv_run,
};
