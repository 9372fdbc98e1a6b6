/* changes.c - `salesterm report changes`: what changed in a period's
 * pipeline since a date (history_changes(), history.h), as a waterfall per
 * currency, a flow matrix of forecast categories and the deals of each group
 * with their values then and now. */
#include "report/changes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "i18n.h"
#include "money.h"
#include "record.h"
#include "report/history.h"
#include "validate.h"
#include "xalloc.h"

static bool scope_includes(const char *owner, void *ctx)
{
	return report_scope_includes(ctx, owner);
}

enum status report_changes_since(const char *since, char date[11], char instant[21])
{
	if (since == NULL) {
		char today[11];

		clock_today(today);
		clock_date_add_days(today, -7, date);
	} else if (validate_date(since) != NULL) {
		return status_set(ST_INVALID, _("--since \"%s\": %s"), since, validate_date(since));
	} else if (history_past_day("--since", since) != ST_OK) {
		return ST_INVALID;
	} else {
		snprintf(date, 11, "%s", since);
	}
	/* Since the start of that day: its changes count. */
	{
		char end[21];

		if (!report_day_range(date, date, instant, end))
			return status_set(ST_INVALID, _("--since \"%s\" is not a date"), date);
	}
	return ST_OK;
}

static int exponent_of(const char *currency)
{
	int e = money_exponent(currency);

	return e < 0 ? 2 : e;
}

static char *user_label(struct db *db, const char *id)
{
	char *name;

	if (id == NULL)
		return xstrdup("-");
	name = record_title_of(db, "user", id);
	if (*name == '\0') {
		free(name);
		name = xstrdup(id);
	}
	return name;
}

static void waterfall(struct report_output *o, const struct changes *c, const char *since)
{
	static const struct report_col cols[] = {
		{ "step", N_("Step"), RC_TEXT },      { "key", N_("Key"), RC_TEXT },
		{ "currency", N_("Cur"), RC_TEXT },   { "deals", N_("Deals"), RC_INT },
		{ "amount", N_("Amount"), RC_MONEY },
	};
	struct report_col tc[sizeof(cols) / sizeof(cols[0])];
	struct report_table *t;
	size_t i, k, row;
	char *title;

	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		tc[i] = cols[i];
		tc[i].label = _(cols[i].label);
	}
	title = xasprintf(_("Pipeline %s .. %s: since %s, then + each change = now"), c->first,
			  c->last, since);
	t = report_output_table(o, "waterfall", title, tc, sizeof(tc) / sizeof(tc[0]));
	free(title);
	for (k = 0; k < c->nmoney; k++) {
		const struct change_money *m = &c->money[k];
		int e = exponent_of(m->currency);

		row = report_table_add_row(t);
		report_table_set(t, row, 0, _("Pipeline then"));
		report_table_set(t, row, 1, "then");
		report_table_set(t, row, 2, m->currency);
		report_table_set_money(t, row, 4, m->then, e);
		for (i = 0; i < CH_REASONS; i++) {
			int64_t n = m->count[i];

			if (n == 0 && m->delta[i] == 0)
				continue;
			row = report_table_add_row(t);
			report_table_set(t, row, 0, _(history_reason_labels[i]));
			report_table_set(t, row, 1, history_reason_keys[i]);
			report_table_set(t, row, 2, m->currency);
			report_table_set_int(t, row, 3, n);
			report_table_set_money(t, row, 4, m->delta[i], e);
		}
		row = report_table_add_row(t);
		report_table_set(t, row, 0, _("Pipeline now"));
		report_table_set(t, row, 1, "now");
		report_table_set(t, row, 2, m->currency);
		report_table_set_money(t, row, 4, m->now, e);
	}
}

static void flow(struct report_output *o, const struct changes *c)
{
	static const char *const labels[HC_COUNT] = { N_("(not in)"),  N_("Pipeline"),
						      N_("Best case"), N_("Commit"),
						      N_("Closed"),    N_("Omitted") };
	struct report_col cols[HC_COUNT + 1];
	struct report_table *t;
	size_t i, j;

	cols[0] = (struct report_col){ "then", _("Then \\ now"), RC_VALUE };
	for (i = 0; i < HC_COUNT; i++)
		cols[i + 1] = (struct report_col){ history_flow_keys[i], _(labels[i]), RC_INT };
	t = report_output_table(o, "flow", _("Deals by forecast category, then (rows) and now"),
				cols, HC_COUNT + 1);
	for (i = 0; i < HC_COUNT; i++) {
		size_t row = report_table_add_row(t);

		report_table_set(t, row, 0, history_flow_keys[i]);
		for (j = 0; j < HC_COUNT; j++)
			report_table_set_int(t, row, j + 1, c->flow[i][j]);
	}
}

static void deals(struct db *db, struct report_output *o, const struct changes *c)
{
	/* The change as the waterfall names it, then its key (what scripts
	 * read: "reason" in CSV and JSON, as before the label was added). */
	static const struct report_col cols[] = {
		{ "change", N_("Change"), RC_TEXT },
		{ "reason", N_("Key"), RC_TEXT },
		{ "name", N_("Deal"), RC_TEXT },
		{ "owner", N_("Owner"), RC_TEXT },
		{ "currency", N_("Cur"), RC_TEXT },
		{ "old_amount", N_("Amount then"), RC_MONEY },
		{ "amount", N_("Amount now"), RC_MONEY },
		{ "old_close_date", N_("Close then"), RC_TEXT },
		{ "close_date", N_("Close now"), RC_TEXT },
		{ "old_category", N_("Category then"), RC_VALUE },
		{ "category", N_("Category now"), RC_VALUE },
		{ "id", N_("Id"), RC_TEXT },
	};
	struct report_col tc[sizeof(cols) / sizeof(cols[0])];
	const char *reason[CH_REASONS];
	struct report_table *t;
	size_t i;

	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		tc[i] = cols[i];
		tc[i].label = _(cols[i].label);
	}
	for (i = 0; i < CH_REASONS; i++)
		reason[i] = _(history_reason_labels[i]);
	t = report_output_table(o, "deals", _("The deals of each change"), tc,
				sizeof(tc) / sizeof(tc[0]));
	/* The owners' labels, looked up once each (a team has a few dozen
	 * owners; a quarter's changes list tens of thousands of deals). */
	char **ids = NULL, **labels = NULL;
	size_t nowners = 0, k;

	for (i = 0; i < c->ndeals; i++) {
		const struct change_deal *d = &c->deals[i];
		const struct deal_state *any = d->now ? d->now : d->then;
		size_t row = report_table_add_row(t);
		const char *owner;

		for (k = 0; k < nowners; k++)
			if ((ids[k] == NULL && any->owner == NULL) ||
			    (ids[k] && any->owner && strcmp(ids[k], any->owner) == 0))
				break;
		if (k == nowners) {
			ids = xreallocarray(ids, nowners + 1, sizeof(*ids));
			labels = xreallocarray(labels, nowners + 1, sizeof(*labels));
			ids[nowners] = any->owner ? xstrdup(any->owner) : NULL;
			labels[nowners++] = user_label(db, any->owner);
		}
		owner = labels[k];

		report_table_set(t, row, 0, reason[d->reason]);
		report_table_set(t, row, 1, history_reason_keys[d->reason]);
		report_table_set(t, row, 2, any->name);
		report_table_set(t, row, 3, owner);
		report_table_set(t, row, 4, any->currency);
		if (d->then)
			report_table_set_money(t, row, 5, d->then->amount,
					       exponent_of(d->then->currency));
		if (d->now)
			report_table_set_money(t, row, 6, d->now->amount,
					       exponent_of(d->now->currency));
		report_table_set(t, row, 7, d->then ? d->then->close_date : NULL);
		report_table_set(t, row, 8, d->now ? d->now->close_date : NULL);
		report_table_set(t, row, 9, d->then ? d->then->category : NULL);
		report_table_set(t, row, 10, d->now ? d->now->category : NULL);
		report_table_set(t, row, 11, any->id);
	}
	for (k = 0; k < nowners; k++) {
		free(ids[k]);
		free(labels[k]);
	}
	free(ids);
	free(labels);
}

static enum status changes_run(struct db *db, const struct report_args *a, struct report_output *o)
{
	char date[11], since[21];
	struct changes c;
	enum status st = report_changes_since(report_arg(a, "since"), date, since);

	if (st != ST_OK)
		return st;
	st = history_changes(db, a->span.first, a->span.last, since, scope_includes,
			     (void *)&a->scope, &c);
	if (st != ST_OK)
		return st;
	report_output_meta(o, "since", date);
	waterfall(o, &c, date);
	flow(o, &c);
	deals(db, o, &c);
	if (c.nmoney > 1)
		report_output_note(o,
				   _("Deals in %zu currencies: each has its own waterfall, "
				     "never added together."),
				   c.nmoney);
	history_changes_free(&c);
	return ST_OK;
}

static const char *const changes_options[] = {
	"since",
	N_("DATE  compare with the pipeline as it stood at the start of that day "
	   "(default: a week ago)"),
	NULL,
};

const struct report_def report_def_changes = {
	.name = "changes",
	.summary = N_("what changed in the pipeline since a date, deal by deal"),
	.help = N_("The pipeline is the open deals (neither won nor lost) closing in the period.\n"
		   "It is compared as it stood at the start of the --since day (rebuilt from the\n"
		   "deals' history) with now. Each deal in it then or now counts once, in the\n"
		   "first group that fits:\n"
		   "  new          created since\n"
		   "  moved_in     existed, but closed outside the period (or was closed)\n"
		   "  pushed_out   close date moved after the period\n"
		   "  pulled_out   close date moved before the period, or taken away\n"
		   "  won, lost    closed since\n"
		   "  amount_up, amount_down\n"
		   "               still in, with another amount\n"
		   "  currency_changed\n"
		   "               still in, in another currency (out of one, into the other)\n"
		   "  category_up, category_down\n"
		   "               still in, same amount, another forecast category\n"
		   "Per currency: pipeline then + every group = pipeline now, exactly. The flow\n"
		   "matrix counts the deals by category then (rows) and now (columns); \"none\"\n"
		   "is outside the pipeline. Deleted deals are left out.\n"),
	.options = changes_options,
	.default_period = REPORT_QUARTER,
	.run = changes_run,
};
