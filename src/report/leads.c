/* leads.c - lead sources and campaign ROI (the rules: leads.h and the help
 * of report_def_sources and report_def_campaigns below). */
#include "report/leads.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "money.h"
#include "record.h"
#include "report/internal.h"
#include "strbuf.h"
#include "xalloc.h"

static void group_free(struct lead_group *g)
{
	free(g->key);
	free(g->label);
	free(g->money);
	free(g->days);
	free(g->channel);
	free(g->start);
	free(g->end);
	memset(g, 0, sizeof(*g));
}

void report_leads_free(struct lead_report *r)
{
	size_t i;

	for (i = 0; i < r->nsources; i++)
		group_free(&r->sources[i]);
	for (i = 0; i < r->nchannels; i++)
		group_free(&r->channels[i]);
	for (i = 0; i < r->ncampaigns; i++)
		group_free(&r->campaigns[i]);
	free(r->sources);
	free(r->channels);
	free(r->campaigns);
	group_free(&r->total);
	memset(r, 0, sizeof(*r));
}

char *report_bar(int64_t value, int64_t max, int width, const char *mark)
{
	struct strbuf b = STRBUF_INIT;
	int64_t len = 0, i;

	if (value > 0 && max > 0 && width > 0) {
		len = (int64_t)((__int128)value * width / max);
		if (len < 1)
			len = 1;
		if (len > width)
			len = width;
	}
	for (i = 0; i < len; i++)
		strbuf_adds(&b, mark);
	return strbuf_detach(&b);
}

/* The group with this key in *groups, added (labelled label) if missing. */
static struct lead_group *group_of(struct lead_group **groups, size_t *n, const char *key,
				   const char *label)
{
	struct lead_group *g;
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*groups)[i].key, key) == 0)
			return &(*groups)[i];
	*groups = xreallocarray(*groups, *n + 1, sizeof(**groups));
	g = &(*groups)[(*n)++];
	memset(g, 0, sizeof(*g));
	g->key = xstrdup(key);
	g->label = xstrdup(label);
	g->median = g->average = g->cost_per_won = -1;
	return g;
}

/* One lead of the group: converted or not; when its deal is here, the days
 * it took (days >= 0) and whether the deal was won, at amount in currency. */
struct lead_fact {
	bool converted, deal_here, won;
	double days;
	int64_t amount;
	const char *currency;
};

static void group_add(struct lead_group *g, const struct lead_fact *f)
{
	size_t i;

	g->leads++;
	if (!f->converted)
		return;
	g->converted++;
	if (!f->deal_here)
		return;
	if (g->ndays == g->capdays) {
		g->capdays = g->capdays ? 2 * g->capdays : 16;
		g->days = xreallocarray(g->days, g->capdays, sizeof(*g->days));
	}
	g->days[g->ndays++] = f->days < 0 ? 0 : f->days;
	if (!f->won)
		return;
	g->won++;
	for (i = 0; i < g->nmoney; i++)
		if (strcmp(g->money[i].currency, f->currency) == 0)
			break;
	if (i == g->nmoney) {
		g->money = xreallocarray(g->money, g->nmoney + 1, sizeof(*g->money));
		memset(&g->money[i], 0, sizeof(g->money[i]));
		snprintf(g->money[i].currency, sizeof(g->money[i].currency), "%s", f->currency);
		g->money[i].exponent = money_exponent(f->currency);
		if (g->money[i].exponent < 0)
			g->money[i].exponent = 2;
		g->nmoney++;
	}
	g->money[i].won++;
	g->money[i].amount += f->amount;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median and average days, in tenths (rounded half up). */
static void group_days(struct lead_group *g)
{
	double sum = 0, median;
	size_t i;

	if (g->ndays == 0)
		return;
	qsort(g->days, g->ndays, sizeof(*g->days), cmp_double);
	for (i = 0; i < g->ndays; i++)
		sum += g->days[i];
	median = g->ndays % 2 ? g->days[g->ndays / 2]
			      : (g->days[g->ndays / 2 - 1] + g->days[g->ndays / 2]) / 2;
	g->median = (int64_t)(median * 10 + 0.5);
	g->average = (int64_t)(sum / (double)g->ndays * 10 + 0.5);
}

/* The won amount of g in currency (0 when none). */
static int64_t group_amount(const struct lead_group *g, const char *currency)
{
	size_t i;

	for (i = 0; i < g->nmoney; i++)
		if (strcmp(g->money[i].currency, currency) == 0)
			return g->money[i].amount;
	return 0;
}

/* The channel a lead is counted under: a key salesterm knows, else
 * "unknown" (*foreign set when it named another). */
static const char *channel_of(const char *channel, bool *foreign)
{
	const struct field *f = entity_field(&entity_lead, "channel");
	size_t i;

	*foreign = false;
	if (channel == NULL || *channel == '\0')
		return "unknown";
	for (i = 0; f && f->values[i]; i++)
		if (strcmp(f->values[i], channel) == 0)
			return f->values[i];
	*foreign = true;
	return "unknown";
}

/* The UTC bounds [start, end) of the span's local days. */
static enum status span_instants(const struct report_span *span, char start[21], char end[21])
{
	if (!report_day_range(span->first, span->last, start, end))
		return status_set(ST_INVALID, "%s", _("the period is not a range of dates"));
	return ST_OK;
}

/* Lead columns every query below returns after its own: owner, converted,
 * days from lead to deal (NULL: no deal here), won, amount, currency. */
#define LEAD_FACTS                                                                                 \
	"l.owner, l.converted_opportunity IS NOT NULL, "                                           \
	"julianday(o.created_at) - julianday(l.created_at), coalesce(s.won, 0), "                  \
	"coalesce(o.amount, 0), coalesce(o.currency, ?9) FROM lead l LEFT JOIN opportunity o ON "  \
	"o.id = l.converted_opportunity AND o.deleted = 0 LEFT JOIN stage s ON s.id = o.stage "

/* Read the facts of a row of such a query from column c on; false when the
 * lead's owner is outside scope. */
static bool lead_fact_read(sqlite3_stmt *st, int c, const struct report_scope *scope,
			   struct lead_fact *f)
{
	if (scope && !report_scope_includes(scope, (const char *)sqlite3_column_text(st, c)))
		return false;
	f->converted = sqlite3_column_int(st, c + 1) != 0;
	f->deal_here = sqlite3_column_type(st, c + 2) != SQLITE_NULL;
	f->days = sqlite3_column_double(st, c + 2);
	f->won = sqlite3_column_int(st, c + 3) != 0;
	f->amount = sqlite3_column_int64(st, c + 4);
	f->currency = (const char *)sqlite3_column_text(st, c + 5);
	if (f->currency == NULL)
		f->currency = "";
	return true;
}

static void report_init(struct db *db, struct lead_report *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->currency, sizeof(out->currency), "%s", record_default_currency(db));
	out->exponent = money_exponent(out->currency);
	if (out->exponent < 0)
		out->exponent = 2;
	out->total.key = xstrdup("");
	out->total.label = xstrdup(_("all leads"));
	out->total.median = out->total.average = out->total.cost_per_won = -1;
}

static int cmp_leads(const void *a, const void *b)
{
	const struct lead_group *x = a, *y = b;

	if (x->leads != y->leads)
		return x->leads > y->leads ? -1 : 1;
	return strcmp(x->key, y->key);
}

enum status report_lead_sources(struct db *db, const struct report_span *span,
				const struct report_scope *scope, struct lead_report *out)
{
	char start[21], end[21];
	enum status ret;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	report_init(db, out);
	ret = span_instants(span, start, end);
	if (ret != ST_OK)
		return ret;
	st = db_prepare(db, "SELECT coalesce(l.source, ''), coalesce(l.channel, ''), " LEAD_FACTS
			    "WHERE l.deleted = 0 AND l.created_at >= ?1 AND l.created_at < ?2");
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, start);
	db_bind_text(st, 2, end);
	db_bind_text(st, 9, out->currency);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *source = (const char *)sqlite3_column_text(st, 0);
		const char *channel;
		struct lead_fact f;
		bool foreign;

		if (!lead_fact_read(st, 2, scope, &f))
			continue;
		channel = channel_of((const char *)sqlite3_column_text(st, 1), &foreign);
		out->foreign_channels += foreign;
		group_add(
		    group_of(&out->sources, &out->nsources, source, *source ? source : _("(none)")),
		    &f);
		group_add(group_of(&out->channels, &out->nchannels, channel, channel), &f);
		group_add(&out->total, &f);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, _("reading leads"));
	/* Leads another writer sent with no date at all (sync stores the
	 * epoch): in no period, so counted apart rather than left unsaid. */
	st = db_prepare(db,
			"SELECT owner FROM lead WHERE deleted = 0 AND created_at < '1970-01-02'");
	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (scope == NULL ||
		    report_scope_includes(scope, (const char *)sqlite3_column_text(st, 0)))
			out->undated++;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, _("reading leads"));
	qsort(out->sources, out->nsources, sizeof(*out->sources), cmp_leads);
	qsort(out->channels, out->nchannels, sizeof(*out->channels), cmp_leads);
	for (i = 0; i < out->nsources; i++)
		group_days(&out->sources[i]);
	for (i = 0; i < out->nchannels; i++)
		group_days(&out->channels[i]);
	group_days(&out->total);
	return ST_OK;
}

/* ROI and cost per won deal of a campaign from its figures. */
static void campaign_figures(struct lead_group *g)
{
	g->revenue = group_amount(g, g->currency);
	group_days(g);
	if (!g->has_cost)
		return;
	if (g->won > 0)
		g->cost_per_won = g->cost / g->won;
	/* Revenue only in other currencies than the cost's cannot be set
	 * against it: no ROI rather than a -100% that is not true. */
	g->has_roi = g->revenue != 0 || g->nmoney == 0;
	if (g->has_roi)
		g->roi = (int64_t)((__int128)(g->revenue - g->cost) * 1000 / g->cost);
}

static int cmp_roi(const void *a, const void *b)
{
	const struct lead_group *x = a, *y = b;

	if (x->no_campaign != y->no_campaign)
		return x->no_campaign ? 1 : -1;
	if (x->has_roi != y->has_roi)
		return x->has_roi ? -1 : 1;
	if (x->has_roi && x->roi != y->roi)
		return x->roi > y->roi ? -1 : 1;
	if (x->revenue != y->revenue)
		return x->revenue > y->revenue ? -1 : 1;
	return strcmp(x->label, y->label);
}

enum status report_lead_campaigns(struct db *db, const struct report_span *span,
				  const struct report_scope *scope, struct lead_report *out)
{
	char start[21], end[21];
	struct lead_group *none;
	enum status ret;
	sqlite3_stmt *st, *leads;
	size_t i;
	int rc;

	report_init(db, out);
	ret = span_instants(span, start, end);
	if (ret != ST_OK)
		return ret;
	st = db_prepare(db, "SELECT id, name, channel, start_date, end_date, coalesce(cost, 0), "
			    "coalesce(currency, ?3) FROM campaign WHERE deleted = 0 AND "
			    "(start_date IS NULL OR start_date <= ?2) AND "
			    "(end_date IS NULL OR end_date >= ?1)");
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, span->first);
	db_bind_text(st, 2, span->last);
	db_bind_text(st, 3, out->currency);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lead_group *g = group_of(&out->campaigns, &out->ncampaigns,
						(const char *)sqlite3_column_text(st, 0),
						(const char *)sqlite3_column_text(st, 1));

		g->channel = db_column_strdup(st, 2);
		g->start = db_column_strdup(st, 3);
		g->end = db_column_strdup(st, 4);
		g->cost = sqlite3_column_int64(st, 5);
		g->has_cost = g->cost > 0;
		snprintf(g->currency, sizeof(g->currency), "%s", sqlite3_column_text(st, 6));
		g->exponent = money_exponent(g->currency);
		if (g->exponent < 0)
			g->exponent = 2;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, _("reading campaigns"));

	/* Every lead of each campaign, whenever it came (the lead_campaign index). */
	leads = db_prepare(db, "SELECT " LEAD_FACTS "WHERE l.campaign = ?1 AND l.deleted = 0");
	if (leads == NULL)
		return ST_DB;
	for (i = 0; i < out->ncampaigns; i++) {
		struct lead_group *g = &out->campaigns[i];

		db_bind_text(leads, 1, g->key);
		db_bind_text(leads, 9, out->currency);
		while ((rc = sqlite3_step(leads)) == SQLITE_ROW) {
			struct lead_fact f;

			if (lead_fact_read(leads, 0, scope, &f)) {
				group_add(g, &f);
				group_add(&out->total, &f);
			}
		}
		sqlite3_reset(leads);
		if (rc != SQLITE_DONE)
			return db_error(db, rc, _("reading a campaign's leads"));
		campaign_figures(g);
	}

	/* The period's leads with no campaign: their own row. */
	none = group_of(&out->campaigns, &out->ncampaigns, "", _("(no campaign)"));
	none->no_campaign = true;
	snprintf(none->currency, sizeof(none->currency), "%s", out->currency);
	none->exponent = out->exponent;
	st = db_prepare(db, "SELECT " LEAD_FACTS "WHERE l.deleted = 0 AND l.created_at >= ?1 AND "
			    "l.created_at < ?2 AND l.campaign IS NULL");
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, start);
	db_bind_text(st, 2, end);
	db_bind_text(st, 9, out->currency);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lead_fact f;

		if (lead_fact_read(st, 0, scope, &f)) {
			group_add(none, &f);
			group_add(&out->total, &f);
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, _("reading leads"));
	campaign_figures(none);
	group_days(&out->total);

	/* The period's leads that name a campaign not here (deleted, or not
	 * synced yet): counted, so nothing is left out unsaid. */
	st = db_prepare(db, "SELECT l.owner FROM lead l WHERE l.deleted = 0 AND l.created_at >= ?1 "
			    "AND l.created_at < ?2 AND l.campaign IS NOT NULL AND NOT EXISTS "
			    "(SELECT 1 FROM campaign c WHERE c.id = l.campaign AND c.deleted = 0)");
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, start);
	db_bind_text(st, 2, end);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (scope == NULL ||
		    report_scope_includes(scope, (const char *)sqlite3_column_text(st, 0)))
			out->missing_campaign++;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, _("reading leads"));
	qsort(out->campaigns, out->ncampaigns, sizeof(*out->campaigns), cmp_roi);
	return ST_OK;
}

/* ---- the reports ---- */

/* A signed figure in tenths ("-42.5"). */
static void set_signed_tenths(struct report_table *t, size_t row, size_t col, int64_t v)
{
	char buf[40];

	snprintf(buf, sizeof(buf), "%s%" PRId64 ".%" PRId64, v < 0 ? "-" : "",
		 (v < 0 ? -v : v) / 10, (v < 0 ? -v : v) % 10);
	report_table_set(t, row, col, buf);
}

static void localize(struct report_col *out, const struct report_col *in, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[i] = in[i];
		out[i].label = _(in[i].label);
	}
}

/* Conversion rate in tenths of a percent, -1 without leads. */
static int64_t rate(int64_t part, int64_t whole)
{
	return whole > 0 ? (int64_t)((part * 1000 + whole / 2) / whole) : -1;
}

static void source_line(struct report_table *t, const struct lead_report *r,
			const struct lead_group *g)
{
	size_t row = report_table_add_row(t);

	report_table_set(t, row, 0, g->label);
	report_table_set_int(t, row, 1, g->leads);
	report_table_set_int(t, row, 2, g->converted);
	report_table_set_tenths(t, row, 3, rate(g->converted, g->leads));
	report_table_set_int(t, row, 4, g->won);
	report_table_set_money(t, row, 5, group_amount(g, r->currency), r->exponent);
	report_table_set_tenths(t, row, 6, g->median);
	report_table_set_tenths(t, row, 7, g->average);
}

/* The wins of groups in another currency than main (NULL: each group's
 * own cost currency), one row per group and currency; how many rows. */
static size_t other_lines(struct report_table *t, const char *kind, const struct lead_group *gs,
			  size_t n, const char *main)
{
	size_t i, k, rows = 0;

	for (i = 0; i < n; i++) {
		const char *cur = main ? main : gs[i].currency;

		for (k = 0; k < gs[i].nmoney; k++) {
			const struct lead_money *m = &gs[i].money[k];
			size_t row;

			if (strcmp(m->currency, cur) == 0)
				continue;
			row = report_table_add_row(t);
			report_table_set(t, row, 0, kind);
			report_table_set(t, row, 1, gs[i].label);
			report_table_set(t, row, 2, m->currency);
			report_table_set_int(t, row, 3, m->won);
			report_table_set_money(t, row, 4, m->amount, m->exponent);
			rows++;
		}
	}
	return rows;
}

static const struct report_col other_cols[] = {
	{ "by", N_("By"), RC_TEXT },
	{ "group", N_("Group"), RC_TEXT },
	{ "currency", N_("Cur"), RC_TEXT },
	{ "won", N_("Won"), RC_INT },
	{ "revenue", N_("Revenue"), RC_MONEY },
};
#define NOTHER (sizeof(other_cols) / sizeof(other_cols[0]))

static enum status sources_run(struct db *db, const struct report_args *a, struct report_output *o)
{
	static const struct report_col src_cols[] = {
		{ "group", N_("Source"), RC_TEXT },
		{ "leads", N_("Leads"), RC_INT },
		{ "converted", N_("Converted"), RC_INT },
		{ "conversion", N_("Conv"), RC_PERCENT },
		{ "won", N_("Won"), RC_INT },
		{ "revenue", N_("Revenue"), RC_MONEY },
		{ "median_days", N_("Median days"), RC_NUMBER },
		{ "average_days", N_("Avg days"), RC_NUMBER },
	};
	struct report_col cols[sizeof(src_cols) / sizeof(src_cols[0])], oc[NOTHER];
	const size_t ncols = sizeof(src_cols) / sizeof(src_cols[0]);
	struct lead_report r;
	struct report_table *t;
	char label[24], *title;
	enum status st;
	size_t i, nother;

	st = report_lead_sources(db, &a->span, &a->scope, &r);
	if (st != ST_OK) {
		report_leads_free(&r);
		return st;
	}
	report_span_label(&a->span, label);
	report_output_meta(o, "currency", r.currency);
	localize(cols, src_cols, ncols);
	title = xasprintf(_("Leads created %s (%s .. %s), %s: per source"), label, a->span.first,
			  a->span.last, a->scope.label ? a->scope.label : _("team"));
	t = report_output_table(o, "sources", title, cols, ncols);
	free(title);
	for (i = 0; i < r.nsources; i++)
		source_line(t, &r, &r.sources[i]);
	cols[0].label = _("Channel");
	t = report_output_table(o, "channels", _("Per channel"), cols, ncols);
	for (i = 0; i < r.nchannels; i++)
		source_line(t, &r, &r.channels[i]);
	cols[0].label = "";
	t = report_output_table(o, "total", _("Total"), cols, ncols);
	source_line(t, &r, &r.total);
	nother = r.total.nmoney - (group_amount(&r.total, r.currency) != 0 ? 1 : 0);
	if (nother) {
		localize(oc, other_cols, NOTHER);
		t = report_output_table(o, "other_currencies",
					_("Won in other currencies (not in Revenue)"), oc, NOTHER);
		other_lines(t, "source", r.sources, r.nsources, r.currency);
		other_lines(t, "channel", r.channels, r.nchannels, r.currency);
	}
	if (nother)
		report_output_note(o,
				   _("Deals won in other currencies than %s count as won, never in "
				     "Revenue: they are listed per currency."),
				   r.currency);
	if (r.foreign_channels)
		report_output_note(o,
				   _("%" PRId64
				     " leads name a channel salesterm does not know (from "
				     "another writer): counted as unknown."),
				   r.foreign_channels);
	if (r.undated && strcmp(a->span.first, "1970-01-01") > 0)
		report_output_note(o,
				   _("%" PRId64
				     " leads came from another writer with no date: in no "
				     "period (lead list shows them)."),
				   r.undated);
	if (r.total.converted > (int64_t)r.total.ndays)
		report_output_note(o,
				   _("%" PRId64 " converted leads' deals are not here (deleted, or "
				     "not synced): converted, with no time or revenue."),
				   r.total.converted - (int64_t)r.total.ndays);
	report_leads_free(&r);
	return ST_OK;
}

#define BAR_WIDTH 30

static enum status campaigns_run(struct db *db, const struct report_args *a,
				 struct report_output *o)
{
	static const struct report_col camp_cols[] = {
		{ "campaign", N_("Campaign"), RC_TEXT },
		{ "channel", N_("Channel"), RC_VALUE },
		{ "cost", N_("Cost"), RC_MONEY },
		{ "currency", N_("Cur"), RC_TEXT },
		{ "leads", N_("Leads"), RC_INT },
		{ "opportunities", N_("Opps"), RC_INT },
		{ "won", N_("Won"), RC_INT },
		{ "revenue", N_("Revenue"), RC_MONEY },
		{ "roi", N_("ROI"), RC_PERCENT },
		{ "cost_per_won", N_("Cost/won"), RC_MONEY },
		{ "note", N_("Note"), RC_TEXT },
	};
	static const struct report_col bar_cols[] = {
		{ "campaign", N_("Campaign"), RC_TEXT },
		{ "roi", N_("ROI"), RC_PERCENT },
		{ "bar", N_("Gain (█) or loss (░) against cost"), RC_TEXT },
	};
	struct report_col cols[sizeof(camp_cols) / sizeof(camp_cols[0])], oc[NOTHER];
	const size_t ncols = sizeof(camp_cols) / sizeof(camp_cols[0]);
	struct lead_report r;
	struct report_table *t;
	char label[24], *title;
	int64_t max = 0;
	enum status st;
	size_t i;
	bool no_cost = false, apart = false;

	st = report_lead_campaigns(db, &a->span, &a->scope, &r);
	if (st != ST_OK) {
		report_leads_free(&r);
		return st;
	}
	report_span_label(&a->span, label);
	report_output_meta(o, "currency", r.currency);
	localize(cols, camp_cols, ncols);
	title = xasprintf(_("Campaigns that ran %s (%s .. %s), %s: first-touch attribution"), label,
			  a->span.first, a->span.last, a->scope.label ? a->scope.label : _("team"));
	t = report_output_table(o, "campaigns", title, cols, ncols);
	free(title);
	for (i = 0; i < r.ncampaigns; i++) {
		const struct lead_group *g = &r.campaigns[i];
		size_t row = report_table_add_row(t);
		const char *note = NULL;
		bool other = g->nmoney > (group_amount(g, g->currency) != 0 ? 1u : 0u);

		report_table_set(t, row, 0, g->label);
		report_table_set(t, row, 1, g->no_campaign ? NULL : g->channel);
		if (!g->no_campaign) {
			report_table_set_money(t, row, 2, g->cost, g->exponent);
			report_table_set(t, row, 3, g->currency);
		}
		report_table_set_int(t, row, 4, g->leads);
		report_table_set_int(t, row, 5, g->converted);
		report_table_set_int(t, row, 6, g->won);
		report_table_set_money(t, row, 7, g->revenue, g->exponent);
		if (g->has_roi)
			set_signed_tenths(t, row, 8, g->roi);
		if (g->cost_per_won >= 0)
			report_table_set_money(t, row, 9, g->cost_per_won, g->exponent);
		if (g->no_campaign)
			note = _("leads of the period with no campaign");
		else if (!g->has_cost)
			note = _("no cost: ROI undefined");
		else if (!g->has_roi)
			note = _("revenue only in other currencies: no ROI");
		else if (other)
			note = _("more won in other currencies");
		report_table_set(t, row, 10, note);
		no_cost |= !g->no_campaign && !g->has_cost;
		apart |= other;
		if (g->has_roi && (g->roi < 0 ? -g->roi : g->roi) > max)
			max = g->roi < 0 ? -g->roi : g->roi;
	}
	localize(cols, bar_cols, sizeof(bar_cols) / sizeof(bar_cols[0]));
	{
		char *scale = xasprintf("%" PRId64 ".%" PRId64, (max / BAR_WIDTH) / 10,
					(max / BAR_WIDTH) % 10);

		title =
		    xasprintf(_("ROI by campaign against the largest (a mark: %s points)"), scale);
		free(scale);
	}
	t = report_output_table(o, "roi_bars", title, cols, sizeof(bar_cols) / sizeof(bar_cols[0]));
	free(title);
	for (i = 0; i < r.ncampaigns; i++) {
		const struct lead_group *g = &r.campaigns[i];
		size_t row;
		char *bar;

		if (g->no_campaign)
			continue;
		row = report_table_add_row(t);
		report_table_set(t, row, 0, g->label);
		if (!g->has_roi) {
			report_table_set(t, row, 2, _("(undefined)"));
			continue;
		}
		set_signed_tenths(t, row, 1, g->roi);
		bar = report_bar(g->roi < 0 ? -g->roi : g->roi, max, BAR_WIDTH,
				 g->roi < 0 ? "░" : "█");
		report_table_set(t, row, 2, bar);
		free(bar);
	}
	if (apart) {
		localize(oc, other_cols, NOTHER);
		t = report_output_table(
		    o, "other_currencies",
		    _("Won in other currencies than the campaign's cost (not in Revenue)"), oc,
		    NOTHER);
		other_lines(t, "campaign", r.campaigns, r.ncampaigns, NULL);
	}
	if (no_cost)
		report_output_note(
		    o, "%s",
		    _("A campaign with no cost has no ROI: (revenue - cost) / cost is "
		      "undefined."));
	if (apart)
		report_output_note(o, "%s",
				   _("Revenue counts in the currency of the campaign's cost; deals "
				     "won in another currency are listed apart, never converted."));
	if (r.missing_campaign)
		report_output_note(o,
				   _("%" PRId64 " leads of the period name a campaign that is not "
				     "here (deleted, or not synced): in no row."),
				   r.missing_campaign);
	if (a->scope.kind != REPORT_SCOPE_TEAM)
		report_output_note(
		    o, "%s",
		    _("Costs are the campaigns' whole costs; leads, deals and revenue "
		      "are this scope's only."));
	report_leads_free(&r);
	return ST_OK;
}

const struct report_def report_def_sources = {
	.name = "sources",
	.summary = N_("leads per source and channel: conversion, revenue, time to convert"),
	.help = N_("The leads created in the period (local days) whose owner is in the scope,\n"
		   "per source, per channel (web_form, event, referral, cold_call, inbound_call,\n"
		   "email, campaign, social, partner, ads, other, unknown) and in total:\n"
		   "  Leads        how many were created\n"
		   "  Converted    those converted to an opportunity (the lead names its deal)\n"
		   "  Conv         Converted / Leads\n"
		   "  Won          converted leads whose deal is in a won stage\n"
		   "  Revenue      those deals' amounts, in the database's currency\n"
		   "  Median days, Avg days  days from the lead's creation to its deal's\n"
		   "               creation (the conversion), over the converted leads whose\n"
		   "               deal is here\n"
		   "A lead with no channel, or with one salesterm does not know (a web form's\n"
		   "or another client's, kept as it came), counts as unknown; a lead with no\n"
		   "source as (none). Deals won in another currency count in Won, never in\n"
		   "Revenue: they are listed per currency apart. Leads another writer sent with\n"
		   "no date at all are in no period: a note counts them.\n"),
	.default_period = REPORT_QUARTER,
	.run = sources_run,
};

const struct report_def report_def_campaigns = {
	.name = "campaigns",
	.summary = N_("campaign ROI: cost, leads, deals and revenue by first touch, as bars"),
	.help = N_("Every campaign that ran in the period (its start..end overlaps it; one\n"
		   "without dates always), with all its leads whenever they came, and one row\n"
		   "for the leads created in the period with no campaign. Leads count when\n"
		   "their owner is in the scope; the cost is always the campaign's whole cost.\n"
		   "  Cost, Cur    the campaign's cost and its currency\n"
		   "  Leads        leads that name the campaign (first touch: the campaign a\n"
		   "               lead came from gets its deal's revenue)\n"
		   "  Opps         those converted to an opportunity\n"
		   "  Won          those whose deal is in a won stage\n"
		   "  Revenue      the won deals' amounts in the cost's currency\n"
		   "  ROI          (Revenue - Cost) / Cost, as a percentage\n"
		   "  Cost/won     Cost / Won\n"
		   "A campaign with no cost has no ROI (undefined: never divided by zero), nor\n"
		   "one whose won revenue is all in another currency than its cost. Deals won\n"
		   "in another currency than the cost's are listed apart per currency, never\n"
		   "converted or added. Best ROI first, campaigns without one after. The bars\n"
		   "draw each ROI against the largest: █ a gain, ░ a loss. The period's leads\n"
		   "that name a campaign not here (deleted, or not synced) are counted in a\n"
		   "note.\n"),
	.default_period = REPORT_YEAR,
	.run = campaigns_run,
};
