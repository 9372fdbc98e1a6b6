/* abc.c - A/B/C grading of accounts by won revenue (the rules: abc.h and
 * report_def_abc's help below). */
#include "report/abc.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "money.h"
#include "record.h"
#include "report/internal.h"
#include "strbuf.h"
#include "xalloc.h"

void report_abc_free(struct abc_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->acc[i].id);
		free(r->acc[i].name);
		free(r->acc[i].segment);
	}
	free(r->acc);
	free(r->other);
	memset(r, 0, sizeof(*r));
}

static bool parse_pct(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	if (s == NULL || *s < '0' || *s > '9')
		return false;
	v = strtol(s, &end, 10);
	if (*end || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

enum status report_abc_shares(const struct report_args *a, int *a_pct, int *b_pct)
{
	const char *av = a ? report_arg(a, "a-share") : NULL,
		   *bv = a ? report_arg(a, "b-share") : NULL;

	*a_pct = ABC_DEFAULT_A;
	*b_pct = ABC_DEFAULT_B;
	if (av && !parse_pct(av, 1, 99, a_pct))
		return status_set(
		    ST_INVALID, _("--a-share is a whole percentage from 1 to 99, not \"%s\""), av);
	if (bv && !parse_pct(bv, 0, 99, b_pct))
		return status_set(
		    ST_INVALID, _("--b-share is a whole percentage from 0 to 99, not \"%s\""), bv);
	if (*a_pct + *b_pct > 100)
		return status_set(ST_INVALID,
				  _("the A share (%d%%) and the B share (%d%%) add up to more than "
				    "100%%"),
				  *a_pct, *b_pct);
	return ST_OK;
}

static int by_rank(const void *pa, const void *pb)
{
	const struct abc_account *a = pa, *b = pb;
	int c;

	if (a->revenue != b->revenue)
		return a->revenue > b->revenue ? -1 : 1;
	c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
	return c ? c : strcmp(a->id, b->id);
}

static void add_other(struct abc_report *r, const char *cur, int64_t deals, int64_t revenue)
{
	size_t i;

	for (i = 0; i < r->nother; i++)
		if (strcmp(r->other[i].currency, cur) == 0)
			break;
	if (i == r->nother) {
		r->other = xreallocarray(r->other, r->nother + 1, sizeof(*r->other));
		memset(&r->other[i], 0, sizeof(r->other[i]));
		snprintf(r->other[i].currency, sizeof(r->other[i].currency), "%s", cur);
		r->nother++;
	}
	r->other[i].deals += deals;
	r->other[i].revenue += revenue;
}

/* Won revenue per account in the window, from the won deals sorted by
 * account, currency and owner (report_won_read()); the scope is applied
 * here. */
static enum status read_revenue(struct db *db, const struct abc_params *p, struct abc_report *r)
{
	struct report_won_list won;
	size_t cap = 0, i;
	enum status st =
	    report_won_read(db, p->from, p->to, NULL, record_default_currency(db), &won);

	if (st != ST_OK)
		return st;
	for (i = 0; i < won.n; i++) {
		const struct report_won *w = &won.d[i];

		if (p->scope && !report_scope_includes(p->scope, w->owner))
			continue;
		if (w->account == NULL) {
			r->no_account++;
			continue;
		}
		if (strcmp(w->currency, r->currency) != 0) {
			add_other(r, w->currency, 1, w->amount);
			continue;
		}
		/* Deals come sorted by account: add to the last one when it is the same. */
		if (r->n == 0 || strcmp(r->acc[r->n - 1].id, w->account) != 0) {
			if (r->n == cap) {
				cap = cap ? cap * 2 : 256;
				r->acc = xreallocarray(r->acc, cap, sizeof(*r->acc));
			}
			memset(&r->acc[r->n], 0, sizeof(r->acc[r->n]));
			r->acc[r->n++].id = xstrdup(w->account);
		}
		r->acc[r->n - 1].deals++;
		r->acc[r->n - 1].revenue += w->amount;
	}
	report_won_free(&won);
	return ST_OK;
}

/* The open pipeline of the scope's accounts in the ranking currency, and of
 * each ranked account (found in acc_index): one pass over the open deals,
 * from the opportunity_value index alone (0010-grade.sql). Deals naming no
 * account are nobody's grade. */
static enum status read_open(struct db *db, const struct abc_params *p, struct abc_report *r,
			     int64_t *scope_open)
{
	struct report_ids idx;
	sqlite3_stmt *st;
	int rc;

	*scope_open = 0;
	st = db_prepare(db, "SELECT account, coalesce(currency, ?1) = ?2, owner, amount FROM "
			    "opportunity WHERE deleted = 0 AND stage IN "
			    "(SELECT id FROM stage WHERE won = 0 AND lost = 0 AND deleted = 0) AND "
			    "account IS NOT NULL");
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, record_default_currency(db));
	db_bind_text(st, 2, r->currency);
	/* The ranked accounts by id. */
	report_ids_build(&idx, r->acc, r->n, sizeof(*r->acc), offsetof(struct abc_account, id));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct abc_account *a;

		if (p->scope &&
		    !report_scope_includes(p->scope, (const char *)sqlite3_column_text(st, 2)))
			continue;
		a = report_ids_find(&idx, (const char *)sqlite3_column_text(st, 0));
		if (!sqlite3_column_int(st, 1)) {
			if (a)
				r->open_other++;
			continue;
		}
		*scope_open += sqlite3_column_int64(st, 3);
		if (a)
			a->open += sqlite3_column_int64(st, 3);
	}
	report_ids_free(&idx);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, _("reading open deals"));
	return ST_OK;
}

/* Name and stored grade of each ranked account; *in_scope counts those
 * whose owner is in the scope (the rest of the scope's accounts are C
 * without revenue). */
static enum status read_accounts(struct db *db, const struct abc_params *p, struct abc_report *r,
				 int64_t *in_scope)
{
	struct report_cards cards;
	struct report_card card;
	size_t i;
	int rc = SQLITE_DONE;

	*in_scope = 0;
	/* r->acc is in id order (report_cards_find()). */
	if (report_cards_open(db, &cards) != ST_OK)
		return ST_DB;
	for (i = 0; i < r->n; i++) {
		rc = report_cards_find(&cards, r->acc[i].id, &card);
		if (rc == SQLITE_ROW && !card.deleted) {
			r->acc[i].name = xstrdup(card.name ? card.name : "");
			r->acc[i].segment = card.segment ? xstrdup(card.segment) : NULL;
			r->acc[i].by_hand = card.by_hand;
			if (p->scope == NULL || report_scope_includes(p->scope, card.owner))
				(*in_scope)++;
			rc = SQLITE_DONE;
		} else if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
			/* A deleted account still ranks by its deals, under its id. */
			r->acc[i].name = xstrdup(r->acc[i].id);
			rc = SQLITE_DONE;
		} else {
			break;
		}
	}
	report_cards_close(&cards);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, _("reading accounts"));
	return ST_OK;
}

/* How many live accounts the scope has: all of them for the team, those
 * owned by its users otherwise. */
static enum status count_accounts(struct db *db, const struct abc_params *p, int64_t *count)
{
	sqlite3_stmt *st;
	int rc;

	*count = 0;
	st = db_prepare(db, p->scope == NULL || p->scope->kind == REPORT_SCOPE_TEAM
				? "SELECT NULL, count(*) FROM account WHERE deleted = 0"
				: "SELECT owner, count(*) FROM account WHERE deleted = 0 GROUP BY "
				  "owner");
	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (p->scope == NULL || p->scope->kind == REPORT_SCOPE_TEAM ||
		    report_scope_includes(p->scope, (const char *)sqlite3_column_text(st, 0)))
			*count += sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("counting accounts"));
}

/* Is prior (revenue ranked before) under pct% of total? Exact in 128 bits. */
static bool under(int64_t prior, int pct, int64_t total)
{
	return (__int128)prior * 100 < (__int128)total * pct;
}

enum status report_abc(struct db *db, const struct abc_params *p, struct abc_report *out)
{
	int64_t scope_open = 0, in_scope = 0, accounts = 0, cum = 0;
	enum status st;
	bool began;
	size_t i;
	int g;

	memset(out, 0, sizeof(*out));
	if (p->a_pct < 1 || p->a_pct > 99 || p->b_pct < 0 || p->a_pct + p->b_pct > 100)
		return status_set(ST_INVALID, "%s", _("the A and B shares are out of range"));
	snprintf(out->currency, sizeof(out->currency), "%s",
		 p->currency ? p->currency : record_default_currency(db));
	out->exponent = money_exponent(out->currency);
	if (out->exponent < 0)
		return status_set(ST_INVALID, _("\"%s\" is not a currency code (ISO 4217)"),
				  out->currency);
	began = report_read_begin(db);
	st = read_revenue(db, p, out);
	if (st == ST_OK)
		st = read_open(db, p, out, &scope_open);
	if (st == ST_OK)
		st = read_accounts(db, p, out, &in_scope);
	if (st == ST_OK)
		st = count_accounts(db, p, &accounts);
	report_read_end(db, began);
	if (st != ST_OK)
		return st;
	for (i = 0; i < out->n; i++)
		out->total += out->acc[i].revenue;
	if (out->n)
		qsort(out->acc, out->n, sizeof(*out->acc), by_rank);
	for (i = 0; i < out->n; i++) {
		struct abc_account *a = &out->acc[i];

		if (a->revenue <= 0)
			a->grade = 'C';
		else if (i > 0 && a->revenue == out->acc[i - 1].revenue)
			a->grade = out->acc[i - 1].grade;
		else if (under(cum, p->a_pct, out->total))
			a->grade = 'A';
		else if (under(cum, p->a_pct + p->b_pct, out->total))
			a->grade = 'B';
		else
			a->grade = 'C';
		cum += a->revenue;
		a->cumulative = cum;
		g = a->grade - 'A';
		out->grade[g].accounts++;
		out->grade[g].deals += a->deals;
		out->grade[g].revenue += a->revenue;
		out->grade[g].open += a->open;
	}
	/* C also holds the scope's accounts without revenue, and the open pipeline
	 * of every account not ranked. */
	if (accounts > in_scope)
		out->grade[2].accounts += accounts - in_scope;
	out->grade[2].open +=
	    scope_open - out->grade[0].open - out->grade[1].open - out->grade[2].open;
	return ST_OK;
}

char report_abc_grade_of(const struct abc_report *r, const char *account_id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->acc[i].id, account_id) == 0)
			return r->acc[i].grade;
	return 'C';
}

/* ---- the report ---- */

static const char *const abc_options[] = {
	"a-share",
	/* xgettext:no-c-format */
	N_("PCT   A: the accounts making the first PCT% of revenue (80)"),
	"b-share",
	/* xgettext:no-c-format */
	N_("PCT   B: the next PCT% (15); the rest, and no revenue, is C"),
	"currency",
	N_("CODE  rank revenue in CODE (the database's currency)"),
	"limit",
	N_("N     list the first N accounts only (all with revenue)"),
	NULL,
};

static void localize(struct report_col *out, const struct report_col *in, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[i] = in[i];
		out[i].label = _(in[i].label);
	}
}

/* Tenths of a percent of part in whole, rounded; -1 when whole is 0. */
static int64_t share(int64_t part, int64_t whole)
{
	if (whole <= 0)
		return -1;
	return (int64_t)(((__int128)part * 2000 + whole) / (2 * whole));
}

static enum status abc_run(struct db *db, const struct report_args *a, struct report_output *o)
{
	static const struct report_col grade_cols[] = {
		{ "grade", N_("Grade"), RC_TEXT },	   { "accounts", N_("Accounts"), RC_INT },
		{ "revenue", N_("Revenue"), RC_MONEY },	   { "share", N_("Share"), RC_PERCENT },
		{ "deals", N_("Won deals"), RC_INT },	   { "average", N_("Avg deal"), RC_MONEY },
		{ "open", N_("Open pipeline"), RC_MONEY },
	};
	static const struct report_col acc_cols[] = {
		{ "rank", N_("Rank"), RC_INT },
		{ "account", N_("Account"), RC_TEXT },
		{ "deals", N_("Won deals"), RC_INT },
		{ "revenue", N_("Revenue"), RC_MONEY },
		{ "share", N_("Share"), RC_PERCENT },
		{ "cumulative", N_("Cumulative"), RC_PERCENT },
		{ "grade", N_("Grade"), RC_TEXT },
		{ "stored", N_("Stored"), RC_TEXT },
		{ "open", N_("Open pipeline"), RC_MONEY },
	};
	static const struct report_col other_cols[] = {
		{ "currency", N_("Currency"), RC_TEXT },
		{ "deals", N_("Won deals"), RC_INT },
		{ "revenue", N_("Revenue"), RC_MONEY },
	};
	struct report_col cols[9];
	struct abc_params p = { .from = a->span.first, .to = a->span.last, .scope = &a->scope };
	struct abc_report r;
	struct report_table *t;
	const char *lim = report_arg(a, "limit");
	char label[24], *title;
	size_t i, limit = 0;
	enum status st;
	int g;

	st = report_abc_shares(a, &p.a_pct, &p.b_pct);
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
	p.currency = report_arg(a, "currency");
	st = report_abc(db, &p, &r);
	if (st != ST_OK) {
		report_abc_free(&r);
		return st;
	}
	report_span_label(&a->span, label);
	report_output_meta(o, "currency", r.currency);
	{
		char pct[8];

		snprintf(pct, sizeof(pct), "%d", p.a_pct);
		report_output_meta(o, "a_share", pct);
		snprintf(pct, sizeof(pct), "%d", p.b_pct);
		report_output_meta(o, "b_share", pct);
	}
	localize(cols, grade_cols, 7);
	title =
	    xasprintf(_("A/B/C %s (%s .. %s), %s: A the first %d%% of revenue, B the next "
			"%d%%, in %s"),
		      label, a->span.first, a->span.last,
		      a->scope.label ? a->scope.label : _("team"), p.a_pct, p.b_pct, r.currency);
	t = report_output_table(o, "grades", title, cols, 7);
	free(title);
	for (g = 0; g < 3; g++) {
		size_t row = report_table_add_row(t);
		char name[2] = { (char)('A' + g), '\0' };

		report_table_set(t, row, 0, name);
		report_table_set_int(t, row, 1, r.grade[g].accounts);
		report_table_set_money(t, row, 2, r.grade[g].revenue, r.exponent);
		report_table_set_tenths(t, row, 3, share(r.grade[g].revenue, r.total));
		report_table_set_int(t, row, 4, r.grade[g].deals);
		if (r.grade[g].deals)
			report_table_set_money(t, row, 5, r.grade[g].revenue / r.grade[g].deals,
					       r.exponent);
		report_table_set_money(t, row, 6, r.grade[g].open, r.exponent);
	}
	localize(cols, acc_cols, 9);
	t = report_output_table(o, "accounts", _("Accounts by won revenue"), cols, 9);
	for (i = 0; i < r.n && (limit == 0 || i < limit); i++) {
		const struct abc_account *x = &r.acc[i];
		size_t row = report_table_add_row(t);
		char grade[2] = { x->grade, '\0' };
		char *stored = x->segment && x->by_hand
				   ? xasprintf(_("%s (set by hand)"), x->segment)
				   : xstrdup(x->segment ? x->segment : "");

		report_table_set_int(t, row, 0, (int64_t)i + 1);
		report_table_set(t, row, 1, x->name);
		report_table_set_int(t, row, 2, x->deals);
		report_table_set_money(t, row, 3, x->revenue, r.exponent);
		report_table_set_tenths(t, row, 4, share(x->revenue, r.total));
		report_table_set_tenths(t, row, 5, share(x->cumulative, r.total));
		report_table_set(t, row, 6, grade);
		report_table_set(t, row, 7, *stored ? stored : NULL);
		report_table_set_money(t, row, 8, x->open, r.exponent);
		free(stored);
	}
	if (limit && r.n > limit)
		report_output_note(o, _("accounts with revenue not listed (--limit %zu): %zu more"),
				   limit, r.n - limit);
	{
		int64_t without =
		    r.grade[0].accounts + r.grade[1].accounts + r.grade[2].accounts - (int64_t)r.n;

		if (without > 0)
			report_output_note(
			    o,
			    _("accounts with no won revenue in %s, graded C and not listed: %lld"),
			    r.currency, (long long)without);
	}
	if (r.nother) {
		localize(cols, other_cols, 3);
		t = report_output_table(o, "other_currencies",
					_("Won in other currencies: not ranked"), cols, 3);
		for (i = 0; i < r.nother; i++) {
			size_t row = report_table_add_row(t);
			int e = money_exponent(r.other[i].currency);

			report_table_set(t, row, 0, r.other[i].currency);
			report_table_set_int(t, row, 1, r.other[i].deals);
			report_table_set_money(t, row, 2, r.other[i].revenue, e < 0 ? 2 : e);
		}
		report_output_note(o,
				   _("won deals in other currencies are not added to %s revenue: "
				     "--currency CODE ranks the accounts by one of them"),
				   r.currency);
	}
	if (r.open_other)
		report_output_note(o,
				   _("open deals of ranked accounts in other currencies, not in "
				     "their open pipeline: %lld"),
				   (long long)r.open_other);
	if (r.no_account)
		report_output_note(o, _("won deals that name no account, in no grade: %lld"),
				   (long long)r.no_account);
	report_abc_free(&r);
	return ST_OK;
}

const struct report_def report_def_abc = {
	.name = "abc",
	.summary = N_("A/B/C grading of accounts by won revenue (Pareto)"),
	.help = N_("Accounts ranked by won revenue over the period (the last 12 months unless\n"
		   "--period says otherwise):\n"
		   "  Revenue      the amounts of the deals in a won stage with a close date in\n"
		   "               the period, per account, in the ranking currency (the\n"
		   "               database's, or --currency); the scope is the deal's owner\n"
		   "  Rank         by revenue, highest first; equal revenue by name, then id\n"
		   "  Share        revenue / the total of every ranked account\n"
		   "  Cumulative   the share of this account and every one ranked before it\n"
		   "  Grade        A while the revenue ranked before the account is under the A\n"
		   "               share (80%) of the total, so the account that crosses the line\n"
		   "               is A; B while it is under A + B shares (95%); else C.\n"
		   "               Accounts with no revenue are C.\n"
		   "  Ties         an account with the same revenue as the one ranked just\n"
		   "               before it gets that one's grade: equal revenue is never split\n"
		   "               between two grades (A or B may hold a little more than its\n"
		   "               share)\n"
		   "  Stored       the grade in the account's segment now, \"(set by hand)\" when\n"
		   "               a person set it: `salesterm account grade` writes the grades\n"
		   "               and keeps those\n"
		   "  Open pipeline  open deals of the account, any close date\n"
		   "Per grade: accounts (C with those without revenue), revenue, share, won\n"
		   "deals, average deal size = revenue / won deals, and open pipeline (C's with\n"
		   "every open deal of an account not ranked). Won deals in other currencies\n"
		   "are counted per currency apart, never added in. The shares can also be set\n"
		   "in the config file: \"report abc a-share 70\".\n"),
	.options = abc_options,
	.default_period = REPORT_CUSTOM,
	.run = abc_run,
};
