/* wallet.c - share of wallet and cross-sell (the rules: wallet.h and
 * report_def_wallet's help below).
 *
 * Cost: the product lines (the catalogue and the won deals' lines), then one
 * pass over the won deals (the stage index) joined with their accounts,
 * sorted by account. Everything else is in memory: the customers, a byte per
 * customer and line, and the look-alike groups (customers sorted by
 * industry and segment).
 */
#include "report/wallet.h"

#include <sqlite3.h>
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

void report_wallet_free(struct wallet_report *r)
{
	size_t i;

	for (i = 0; i < r->nlines; i++)
		free(r->lines[i].name);
	free(r->lines);
	for (i = 0; i < r->ncustomers; i++) {
		struct wallet_customer *c = &r->customers[i];

		free(c->id);
		free(c->name);
		free(c->owner);
		free(c->industry);
		free(c->segment);
		free(c->bought);
	}
	free(r->customers);
	free(r->picks);
	memset(r, 0, sizeof(*r));
}

static enum status read_lines(struct db *db, struct wallet_report *r)
{
	sqlite3_stmt *st = db_prepare(
	    db, "SELECT line FROM product WHERE deleted = 0 AND line IS NOT NULL AND line != '' "
		"UNION SELECT product_line FROM opportunity WHERE deleted = 0 AND stage IN (SELECT "
		"id FROM stage WHERE won = 1) AND product_line IS NOT NULL AND product_line != '' "
		"ORDER BY 1");
	int rc;

	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r->lines = xreallocarray(r->lines, r->nlines + 1, sizeof(*r->lines));
		memset(&r->lines[r->nlines], 0, sizeof(*r->lines));
		r->lines[r->nlines++].name = db_column_strdup(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading product lines"));
}

static int line_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct wallet_line *)elem)->name);
}

/* A copy of s, NULL for none or an empty text. */
static char *text_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

/* The customer an account's won deals belong to: its row of account_card,
 * looked up once per account, in id order (the deals come sorted by
 * account), so consecutive lookups read neighbouring entries of one small
 * index (0016-customer-speed.sql). False, with *rc SQLITE_DONE, for an
 * account deleted, missing or out of scope. */
static bool customer_of(struct report_cards *cards, const char *acc,
			const struct report_scope *scope, struct wallet_report *r, size_t *cap,
			int *rc)
{
	struct wallet_customer *c;
	struct report_card card;

	*rc = report_cards_find(cards, acc, &card);
	if (*rc != SQLITE_ROW || card.deleted ||
	    (scope && !report_scope_includes(scope, card.owner))) {
		if (*rc == SQLITE_ROW)
			*rc = SQLITE_DONE;
		return false;
	}
	if (r->ncustomers == *cap) {
		*cap = *cap ? 2 * *cap : 256;
		r->customers = xreallocarray(r->customers, *cap, sizeof(*r->customers));
	}
	c = &r->customers[r->ncustomers++];
	memset(c, 0, sizeof(*c));
	c->id = xstrdup(acc);
	c->owner = text_or_null(card.owner);
	c->name = xstrdup(card.name ? card.name : "");
	c->industry = text_or_null(card.industry);
	c->segment = text_or_null(card.segment);
	c->bought = xcalloc(r->nlines + 1, 1);
	*rc = SQLITE_DONE;
	return true;
}

/* The customers of the scope, what they bought, and the lines' figures: the
 * won deals from opportunity_value alone, sorted by account. */
/* A won deal while they are read: its account (report_text_copy()), line
 * and figures. */
struct won {
	struct {
		const char *s;
	} acc;
	struct wallet_line *line;
	bool in_period, same;
	int64_t amount;
	uint64_t key; /* report_str_key(acc) */
};

static int won_cmp(const void *x, const void *y)
{
	const struct won *a = x, *b = y;

	return a->key != b->key ? (a->key < b->key ? -1 : 1) : strcmp(a->acc.s, b->acc.s);
}

static enum status read_won(struct db *db, const struct report_span *span,
			    const struct report_scope *scope, struct wallet_report *r)
{
	/* Sorted here by account: SQLite's ORDER BY wrote every one of ~100k
	 * deals to its sorter at 1M contacts. Within an account the order
	 * changes no figure. */
	sqlite3_stmt *st = db_prepare(
	    db,
	    "SELECT account, product_line, close_date, coalesce(amount, 0), "
	    "coalesce(currency, ?1) = ?1 FROM opportunity WHERE deleted = 0 AND stage IN "
	    "(SELECT id FROM stage WHERE won = 1) AND close_date IS NOT NULL AND close_date <= ?2 "
	    "AND account IS NOT NULL");
	char *skip = NULL; /* the account whose deals are passed over */
	struct report_text *text = NULL;
	struct report_cards cards;
	struct won *won = NULL;
	size_t cap = 0, nwon = 0, wcap = 0, k;
	int rc, arc = SQLITE_DONE;

	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, r->currency);
	db_bind_text(st, 2, span->last);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *acc = (const char *)sqlite3_column_text(st, 0);
		const char *line = (const char *)sqlite3_column_text(st, 1);
		const char *date = (const char *)sqlite3_column_text(st, 2);

		if (acc == NULL)
			continue;
		if (nwon == wcap) {
			wcap = wcap ? 2 * wcap : 1024;
			won = xreallocarray(won, wcap, sizeof(*won));
		}
		won[nwon].acc.s = report_text_str(&text, acc);
		won[nwon].key = report_str_key(won[nwon].acc.s);
		won[nwon].line =
		    line && *line ? bsearch(line, r->lines, r->nlines, sizeof(*r->lines), line_cmp)
				  : NULL;
		won[nwon].in_period = strcmp(date, span->first) >= 0;
		won[nwon].same = sqlite3_column_int(st, 4) != 0;
		won[nwon++].amount = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || report_cards_open(db, &cards) != ST_OK) {
		free(won);
		report_text_free(&text);
		return rc != SQLITE_DONE ? db_error(db, rc, _("reading won deals")) : ST_DB;
	}
	if (nwon > 1)
		qsort(won, nwon, sizeof(*won), won_cmp);
	for (k = 0; k < nwon; k++) {
		const char *acc = won[k].acc.s;
		struct wallet_line *l = won[k].line;
		bool in_period = won[k].in_period, same = won[k].same;
		struct wallet_customer *c;

		if (skip && strcmp(skip, acc) == 0)
			continue;
		if (r->ncustomers == 0 || strcmp(r->customers[r->ncustomers - 1].id, acc) != 0) {
			free(skip);
			skip = NULL;
			if (!customer_of(&cards, acc, scope, r, &cap, &arc)) {
				if (arc != SQLITE_DONE)
					break;
				skip = xstrdup(acc);
				continue;
			}
		}
		c = &r->customers[r->ncustomers - 1];
		if (l && !c->bought[l - r->lines]) {
			c->bought[l - r->lines] = 1;
			c->nbought++;
			l->buyers++;
		}
		if (!in_period)
			continue;
		if (l == NULL)
			r->no_line++;
		if (!same)
			r->other_currency++;
		if (l) {
			l->deals++;
			if (same)
				l->revenue += won[k].amount;
			else
				l->other++;
		}
		if (same)
			c->revenue += won[k].amount;
	}
	report_cards_close(&cards);
	free(skip);
	free(won);
	report_text_free(&text);
	return arc == SQLITE_DONE ? ST_OK : db_error(db, arc, _("reading accounts"));
}

static int str_cmp_null(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int customer_cmp(const void *x, const void *y)
{
	const struct wallet_customer *a = x, *b = y;
	int c;

	if (a->revenue != b->revenue)
		return a->revenue > b->revenue ? -1 : 1;
	c = strcmp(a->name, b->name);
	return c ? c : strcmp(a->id, b->id);
}

static size_t pair_hash(const char *a, const char *b)
{
	return (size_t)report_hash(b, strlen(b), report_hash(a, strlen(a), 0));
}

static int pick_cmp(const void *x, const void *y)
{
	const struct wallet_pick *a = x, *b = y;

	if (a->rate10 != b->rate10)
		return a->rate10 > b->rate10 ? -1 : 1;
	if (a->lookalike_buyers != b->lookalike_buyers)
		return a->lookalike_buyers > b->lookalike_buyers ? -1 : 1;
	/* Customers are sorted by revenue, then name: their index ranks them. */
	return a->customer < b->customer ? -1 : a->customer > b->customer;
}

/* Per line, the best top customers that have not bought it. */
static void cross_sell(struct wallet_report *r, size_t top)
{
	size_t *order = xcalloc(r->ncustomers + 1, sizeof(*order)); /* group -> a customer */
	size_t *group = xcalloc(r->ncustomers + 1, sizeof(*group)); /* customer -> group */
	size_t *gsize = NULL, *gbuy = NULL, ngroups = 0, i, j, l, hmask, *slot;
	struct wallet_pick *cand = xcalloc(r->ncustomers + 1, sizeof(*cand));

	/* The look-alike groups (industry and segment, none as ""): only which
	 * customers share one matters, so they are numbered as met, through a
	 * hash of the pair, not by sorting 60k customers on two strings. */
	hmask = 63;
	while (hmask + 1 < 2 * r->ncustomers + 2)
		hmask = 2 * hmask + 1;
	slot = xcalloc(hmask + 1, sizeof(*slot));
	for (i = 0; i < r->ncustomers; i++) {
		const char *ind = r->customers[i].industry ? r->customers[i].industry : "",
			   *seg = r->customers[i].segment ? r->customers[i].segment : "";
		size_t h = pair_hash(ind, seg) & hmask;

		for (; slot[h]; h = (h + 1) & hmask) {
			const struct wallet_customer *o = &r->customers[order[slot[h] - 1]];

			if (str_cmp_null(o->industry, ind) == 0 &&
			    str_cmp_null(o->segment, seg) == 0)
				break;
		}
		if (slot[h] == 0) {
			/* order[g] is the first customer of group g */
			order[ngroups] = i;
			gsize = xreallocarray(gsize, ngroups + 1, sizeof(*gsize));
			gsize[ngroups++] = 0;
			slot[h] = ngroups;
		}
		group[i] = slot[h] - 1;
		gsize[slot[h] - 1]++;
	}
	free(slot);
	gbuy = xcalloc(ngroups * (r->nlines ? r->nlines : 1) + 1, sizeof(*gbuy));
	for (i = 0; i < r->ncustomers; i++)
		for (l = 0; l < r->nlines; l++)
			gbuy[group[i] * r->nlines + l] += r->customers[i].bought[l];
	for (l = 0; l < r->nlines; l++) {
		size_t n = 0;

		for (i = 0; i < r->ncustomers; i++) {
			const struct wallet_customer *c = &r->customers[i];
			size_t g = group[i], b = gbuy[g * r->nlines + l];

			/* A customer with neither industry nor segment is like no one. */
			if (c->bought[l] || b == 0 || (c->industry == NULL && c->segment == NULL))
				continue;
			cand[n] = (struct wallet_pick){ .line = l,
							.customer = i,
							.lookalike_buyers = b,
							.group_size = gsize[g],
							.rate10 = (int64_t)(b * 1000 / gsize[g]) };
			n++;
		}
		qsort(cand, n, sizeof(*cand), pick_cmp);
		for (j = 0; j < n && j < top; j++) {
			r->picks = xreallocarray(r->picks, r->npicks + 1, sizeof(*r->picks));
			r->picks[r->npicks++] = cand[j];
		}
	}
	free(cand);
	free(gbuy);
	free(gsize);
	free(group);
	free(order);
}

enum status report_wallet(struct db *db, const struct report_span *span,
			  const struct report_scope *scope, size_t top, struct wallet_report *out)
{
	enum status st;
	bool began;

	memset(out, 0, sizeof(*out));
	snprintf(out->currency, sizeof(out->currency), "%s", record_default_currency(db));
	out->exponent = money_exponent(out->currency);
	if (out->exponent < 0)
		out->exponent = 2;
	began = report_read_begin(db);
	st = read_lines(db, out);
	if (st == ST_OK)
		st = read_won(db, span, scope, out);
	report_read_end(db, began);
	if (st != ST_OK)
		return st;
	qsort(out->customers, out->ncustomers, sizeof(*out->customers), customer_cmp);
	cross_sell(out, top);
	return ST_OK;
}

static bool catalogue_has_lines(struct db *db)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM product WHERE deleted = 0 AND line IS NOT "
					  "NULL AND line != '' LIMIT 1");
	bool yes;

	if (st == NULL)
		return false;
	yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return yes;
}

enum status report_wallet_account(struct db *db, const char *id, char **bought, char **not_bought)
{
	struct wallet_report r = { 0 };
	struct strbuf yes = STRBUF_INIT, no = STRBUF_INIT;
	sqlite3_stmt *st;
	enum status ret;
	int rc;
	size_t l;

	*bought = *not_bought = NULL;
	/* The catalogue's lines and the account's own: a screen opens without a
	 * pass over every won deal. Without a catalogue of lines, the won deals'
	 * lines are all there is to compare with. */
	st = db_prepare(db,
			"SELECT line FROM product WHERE deleted = 0 AND line IS NOT NULL AND "
			"line != '' UNION SELECT product_line FROM opportunity WHERE deleted = 0 "
			"AND account = ?1 AND stage IN (SELECT id FROM stage WHERE won = 1) AND "
			"product_line IS NOT NULL AND product_line != '' ORDER BY 1");
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.lines = xreallocarray(r.lines, r.nlines + 1, sizeof(*r.lines));
		memset(&r.lines[r.nlines], 0, sizeof(*r.lines));
		r.lines[r.nlines++].name = db_column_strdup(st, 0);
	}
	sqlite3_reset(st);
	ret = rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading product lines"));
	if (ret == ST_OK && !catalogue_has_lines(db)) {
		report_wallet_free(&r);
		ret = read_lines(db, &r);
	}
	if (ret != ST_OK) {
		report_wallet_free(&r);
		return ret;
	}
	st = db_prepare(db, "SELECT DISTINCT product_line FROM opportunity WHERE deleted = 0 AND "
			    "account = ?1 AND stage IN (SELECT id FROM stage WHERE won = 1) AND "
			    "product_line IS NOT NULL AND product_line != ''");
	if (st == NULL) {
		report_wallet_free(&r);
		return ST_DB;
	}
	db_bind_text(st, 1, id);
	r.customers = xcalloc(1, sizeof(*r.customers));
	r.ncustomers = 1;
	r.customers[0].bought = xcalloc(r.nlines + 1, 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct wallet_line *ln = bsearch(sqlite3_column_text(st, 0), r.lines, r.nlines,
						 sizeof(*r.lines), line_cmp);

		if (ln)
			r.customers[0].bought[ln - r.lines] = 1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		report_wallet_free(&r);
		return db_error(db, rc, _("reading won deals"));
	}
	for (l = 0; l < r.nlines; l++) {
		struct strbuf *b = r.customers[0].bought[l] ? &yes : &no;

		strbuf_addf(b, "%s%s", b->len ? ", " : "", r.lines[l].name);
	}
	*bought = xstrdup(yes.len ? yes.s : "");
	*not_bought = xstrdup(no.len ? no.s : "");
	strbuf_release(&yes);
	strbuf_release(&no);
	report_wallet_free(&r);
	return ST_OK;
}

/* ---- the report ---- */

static void localize(struct report_col *out, const struct report_col *in, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[i] = in[i];
		out[i].label = _(in[i].label);
	}
}

static enum status opt_count(const struct report_args *a, const char *key, long max, size_t *out)
{
	const char *v = report_arg(a, key);
	char *end;
	long n;

	if (v == NULL)
		return ST_OK;
	n = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || n < 0 || n > max)
		return status_set(ST_INVALID,
				  _("--%s needs a whole number from 0 to %ld, not \"%s\""), key,
				  max, v);
	*out = (size_t)n;
	return ST_OK;
}

static enum status wallet_run(struct db *db, const struct report_args *a, struct report_output *o)
{
	static const struct report_col line_cols[] = {
		{ "line", N_("Line"), RC_TEXT },
		{ "buyers", N_("Buyers"), RC_INT },
		{ "share", N_("Of customers"), RC_PERCENT },
		{ "deals", N_("Won"), RC_INT },
		{ "revenue", N_("Revenue"), RC_MONEY },
	};
	static const struct report_col acc_cols[] = {
		{ "account", N_("Account"), RC_TEXT },
		{ "owner", N_("Owner"), RC_TEXT },
		{ "industry", N_("Industry"), RC_TEXT },
		{ "segment", N_("Segment"), RC_TEXT },
		{ "revenue", N_("Revenue"), RC_MONEY },
		{ "lines", N_("Lines"), RC_INT },
		{ "bought", N_("Bought"), RC_TEXT },
		{ "not_bought", N_("Not bought"), RC_TEXT },
		{ "id", N_("Id"), RC_TEXT },
	};
	static const struct report_col pick_cols[] = {
		{ "line", N_("Line"), RC_TEXT },
		{ "rank", N_("Rank"), RC_INT },
		{ "account", N_("Account"), RC_TEXT },
		{ "owner", N_("Owner"), RC_TEXT },
		{ "industry", N_("Industry"), RC_TEXT },
		{ "segment", N_("Segment"), RC_TEXT },
		{ "lookalike_buyers", N_("Like it, bought"), RC_INT },
		{ "lookalikes", N_("Like it"), RC_INT },
		{ "rate", N_("Rate"), RC_PERCENT },
		{ "revenue", N_("Revenue"), RC_MONEY },
		{ "id", N_("Id"), RC_TEXT },
	};
	struct report_col cols[16];
	struct wallet_report r;
	struct report_table *t;
	size_t top = 5, limit = 50, i, l, row, rank = 0;
	enum status st;
	char *title;

	st = opt_count(a, "top", 1000, &top);
	if (st == ST_OK)
		st = opt_count(a, "limit", 1000000, &limit);
	if (st != ST_OK)
		return st;
	st = report_wallet(db, &a->span, &a->scope, top, &r);
	if (st != ST_OK) {
		report_wallet_free(&r);
		return st;
	}
	report_output_meta(o, "currency", r.currency);
	localize(cols, line_cols, sizeof(line_cols) / sizeof(line_cols[0]));
	title = xasprintf(_("Product lines: buyers up to %s, deals won %s .. %s, %s"), a->span.last,
			  a->span.first, a->span.last, a->scope.label ? a->scope.label : _("team"));
	t = report_output_table(o, "lines", title, cols, sizeof(line_cols) / sizeof(line_cols[0]));
	free(title);
	for (l = 0; l < r.nlines; l++) {
		row = report_table_add_row(t);
		report_table_set(t, row, 0, r.lines[l].name);
		report_table_set_int(t, row, 1, (int64_t)r.lines[l].buyers);
		report_table_set_tenths(
		    t, row, 2,
		    r.ncustomers ? (int64_t)(r.lines[l].buyers * 1000 / r.ncustomers) : -1);
		report_table_set_int(t, row, 3, r.lines[l].deals);
		report_table_set_money(t, row, 4, r.lines[l].revenue, r.exponent);
	}
	localize(cols, acc_cols, sizeof(acc_cols) / sizeof(acc_cols[0]));
	t = report_output_table(o, "accounts", _("Share of wallet: lines bought and not bought"),
				cols, sizeof(acc_cols) / sizeof(acc_cols[0]));
	for (i = 0; i < r.ncustomers && (limit == 0 || i < limit); i++) {
		const struct wallet_customer *c = &r.customers[i];
		struct strbuf yes = STRBUF_INIT, no = STRBUF_INIT;
		char *owner = c->owner ? record_title_of(db, "user", c->owner) : NULL;

		for (l = 0; l < r.nlines; l++) {
			struct strbuf *b = c->bought[l] ? &yes : &no;

			strbuf_addf(b, "%s%s", b->len ? ", " : "", r.lines[l].name);
		}
		row = report_table_add_row(t);
		report_table_set(t, row, 0, c->name);
		report_table_set(t, row, 1, owner && *owner ? owner : c->owner);
		report_table_set(t, row, 2, c->industry);
		report_table_set(t, row, 3, c->segment);
		report_table_set_money(t, row, 4, c->revenue, r.exponent);
		report_table_set_int(t, row, 5, (int64_t)c->nbought);
		report_table_set(t, row, 6, yes.len ? yes.s : NULL);
		report_table_set(t, row, 7, no.len ? no.s : NULL);
		report_table_set(t, row, 8, c->id);
		strbuf_release(&yes);
		strbuf_release(&no);
		free(owner);
	}
	localize(cols, pick_cols, sizeof(pick_cols) / sizeof(pick_cols[0]));
	t = report_output_table(o, "cross_sell",
				_("Cross-sell: customers like each line's buyers that have not "
				  "bought it"),
				cols, sizeof(pick_cols) / sizeof(pick_cols[0]));
	for (i = 0; i < r.npicks; i++) {
		const struct wallet_pick *p = &r.picks[i];
		const struct wallet_customer *c = &r.customers[p->customer];
		char *owner = c->owner ? record_title_of(db, "user", c->owner) : NULL;

		rank = i > 0 && r.picks[i - 1].line == p->line ? rank + 1 : 1;
		row = report_table_add_row(t);
		report_table_set(t, row, 0, r.lines[p->line].name);
		report_table_set_int(t, row, 1, (int64_t)rank);
		report_table_set(t, row, 2, c->name);
		report_table_set(t, row, 3, owner && *owner ? owner : c->owner);
		report_table_set(t, row, 4, c->industry);
		report_table_set(t, row, 5, c->segment);
		report_table_set_int(t, row, 6, (int64_t)p->lookalike_buyers);
		report_table_set_int(t, row, 7, (int64_t)p->group_size);
		report_table_set_tenths(t, row, 8, p->rate10);
		report_table_set_money(t, row, 9, c->revenue, r.exponent);
		report_table_set(t, row, 10, c->id);
		free(owner);
	}
	if (limit && r.ncustomers > limit)
		report_output_note(o,
				   _("The first %zu of %zu customers (--limit 0 lists them all)."),
				   limit, r.ncustomers);
	if (r.other_currency)
		report_output_note(o,
				   ngettext("%lld deal won in the period in another currency than "
					    "%s: counted, not in revenue.",
					    "%lld deals won in the period in other currencies than "
					    "%s: counted, not in revenue.",
					    (unsigned long)r.other_currency),
				   (long long)r.other_currency, r.currency);
	if (r.no_line)
		report_output_note(o,
				   ngettext("%lld deal won in the period names no product line.",
					    "%lld deals won in the period name no product line.",
					    (unsigned long)r.no_line),
				   (long long)r.no_line);
	report_wallet_free(&r);
	return ST_OK;
}

static const char *const wallet_options_help[] = {
	"top",
	N_("N         cross-sell: the first N customers per line (default 5)"),
	"limit",
	N_("N       share of wallet: the first N customers by revenue (default 50; 0: all)"),
	NULL,
};

const struct report_def report_def_wallet = {
	.name = "wallet",
	.summary = N_("share of wallet: product lines bought and not, and cross-sell lists"),
	.help =
	    N_("Product lines are those of the catalogue (product line) and of won deals\n"
	       "(product_line). A customer is an account with a won deal closed on or\n"
	       "before the period's last day; it has bought a line when such a deal names\n"
	       "the line, at any time up to then.\n"
	       "Product lines  per line: Buyers (customers that bought it), Of customers\n"
	       "            (buyers / customers), Won and Revenue (its deals won in the period)\n"
	       "Share of wallet  per customer, by revenue won in the period: Lines bought,\n"
	       "            Bought and Not bought\n"
	       "Cross-sell  per line, the customers that have not bought it, ranked by Rate:\n"
	       "            the look-alikes are the customers of the same industry and\n"
	       "            segment (the A/B/C grade); Rate = those of them that bought the\n"
	       "            line (Like it, bought) / all of them (Like it). Ties go to more\n"
	       "            look-alike buyers, then to more revenue in the period, then by\n"
	       "            name. A customer whose group holds no buyer, or with neither\n"
	       "            industry nor segment, is not proposed.\n"
	       "Revenue is in the database's currency: deals in other currencies count as\n"
	       "purchases, never in a sum (a note counts them).\n"),
	.options = wallet_options_help,
	.default_period = REPORT_CUSTOM,
	.run = wallet_run,
};
