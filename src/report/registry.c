/* registry.c - the list of reports, and what every report shares. */
#include "report/registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "i18n.h"
#include "report/abc.h"
#include "report/changes.h"
#include "report/churn.h"
#include "report/forecast.h"
#include "report/leads.h"
#include "report/funnel_stats.h"
#include "report/internal.h"
#include "report/marketing.h"
#include "report/reps.h"
#include "report/wallet.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

/* One line per report, defined in the report's own file. */
const struct report_def *const report_defs[] = {
	&report_def_forecast,
	&report_def_funnel,
	&report_def_changes,
	&report_def_reps,
	&report_def_abc,
	&report_def_clv,
	/* Churn risk and share of wallet (report/churn.c, report/wallet.c). */
	&report_def_churn,
	&report_def_wallet,
	/* Lead sources and campaign ROI (report/leads.c). */
	&report_def_sources,
	&report_def_campaigns,
	/* Nurturing and consent (report/marketing.c). */
	&report_def_nurture,
	&report_def_consent,
	NULL,
};

const struct report_def *report_find(const char *name)
{
	size_t i;

	for (i = 0; name && report_defs[i]; i++)
		if (strcmp(report_defs[i]->name, name) == 0)
			return report_defs[i];
	return NULL;
}

const char *report_arg(const struct report_args *a, const char *key)
{
	size_t i;

	for (i = 0; i < a->nopts; i++)
		if (strcmp(a->opt_keys[i], key) == 0)
			return a->opt_values[i];
	return NULL;
}

enum status report_config_options(const struct config *cfg, const struct report_def *d,
				  const char ***keys, const char ***values, size_t *n)
{
	const struct config_line *l;
	size_t pos = 0, i;

	while (cfg && (l = config_next(cfg, "report", &pos)) != NULL) {
		if (strcmp(l->argv[1], d->name) != 0)
			continue;
		for (i = 0; d->options && d->options[i]; i += 2)
			if (strcmp(d->options[i], l->argv[2]) == 0)
				break;
		if (d->options == NULL || d->options[i] == NULL)
			return status_set(ST_INVALID,
					  _("%s:%d: report %s has no option \"%s\" ('salesterm "
					    "report %s --help' lists them)"),
					  cfg->origin, l->line, d->name, l->argv[2], d->name);
		*keys = xreallocarray(*keys, *n + 1, sizeof(**keys));
		*values = xreallocarray(*values, *n + 1, sizeof(**values));
		(*keys)[*n] = d->options[i];
		(*values)[(*n)++] = l->argv[3];
	}
	return ST_OK;
}

char *report_list_text(void)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	strbuf_adds(&b, _("Reports (salesterm report NAME --help for each one's rules):\n"));
	for (i = 0; report_defs[i]; i++) {
		char *name = utf8_fit(report_defs[i]->name, 12);

		strbuf_addf(&b, "  %s %s\n", name, _(report_defs[i]->summary));
		free(name);
	}
	return strbuf_detach(&b);
}

char *report_help_text(const struct report_def *d)
{
	static const char *const periods[] = { N_("month"), N_("quarter"), N_("year"),
					       N_("last 12 months") };
	struct strbuf b = STRBUF_INIT;
	size_t i;

	strbuf_addf(&b,
		    _("usage: salesterm report %s [--period 2026Q4|2026-11|2026|FROM..TO]%s\n"
		      "         [--owner USER|--territory T|--team] [--format table|csv|json]"),
		    d->name, d->as_of ? " [--as-of DATE]" : "");
	/* Each option with its argument, the first word of its help (DATE). */
	if (d->options && d->options[0])
		strbuf_adds(&b, "\n        ");
	for (i = 0; d->options && d->options[i]; i += 2)
		strbuf_addf(&b, " [--%s %.*s]", d->options[i], (int)strcspn(d->options[i + 1], " "),
			    d->options[i + 1]);
	strbuf_addf(&b, "\n\n%s\n\n", _(d->summary));
	strbuf_addf(
	    &b,
	    d->default_period == REPORT_CUSTOM
		? _("The period is the %s unless --period says otherwise. A rep sees only\n"
		    "their own figures; a manager sees the team's (--owner, --territory).\n")
		: _("The period is this %s unless --period says otherwise. A rep sees only\n"
		    "their own figures; a manager sees the team's (--owner, --territory).\n"),
	    _(periods[d->default_period]));
	if (d->options && d->options[0]) {
		strbuf_adds(&b, _("\nOptions of this report:\n"));
		for (i = 0; d->options[i]; i += 2)
			strbuf_addf(&b, "  --%s %s\n", d->options[i], _(d->options[i + 1]));
	}
	strbuf_addf(&b, "\n%s", _(d->help));
	if (b.len && b.s[b.len - 1] != '\n')
		strbuf_addc(&b, '\n');
	return strbuf_detach(&b);
}

void report_output_common(struct report_output *o, const struct report_def *d,
			  const struct report_args *a)
{
	char label[24];

	report_span_label(&a->span, label);
	report_output_meta(o, "report", d->name);
	report_output_meta(o, "period", label);
	report_output_meta(o, "from", a->span.first);
	report_output_meta(o, "to", a->span.last);
	report_output_meta(o, "scope",
			   a->scope.kind == REPORT_SCOPE_TEAM	     ? "team"
			   : a->scope.kind == REPORT_SCOPE_TERRITORY ? "territory"
								     : "owner");
	if (a->scope.kind == REPORT_SCOPE_OWNER)
		report_output_meta(o, "owner", a->scope.owner);
	if (a->scope.kind == REPORT_SCOPE_TERRITORY)
		report_output_meta(o, "territory", a->scope.territory);
	if (a->as_of)
		report_output_meta(o, "as_of", a->as_of);
}

void report_default_span(const struct report_def *d, struct report_span *out)
{
	char today[11];

	clock_today(today);
	/* REPORT_CUSTOM: the last 12 months, today included (2025-12-04..2026-12-03). */
	if (d->default_period == REPORT_CUSTOM) {
		int y, m, dd;

		if (report_split_date(today, &y, &m, &dd)) {
			int last = clock_days_in_month(y - 1, m);

			out->kind = REPORT_CUSTOM;
			report_format_date(out->first, y - 1, m, dd < last ? dd : last);
			clock_date_add_days(out->first, 1, out->first);
			memcpy(out->last, today, sizeof(out->last));
			return;
		}
	}
	if (!report_span_of(d->default_period == REPORT_CUSTOM ? REPORT_QUARTER : d->default_period,
			    today, out))
		report_span_of(REPORT_QUARTER, "2026-01-01", out);
}

enum status report_run(struct db *db, const struct report_def *d, const struct report_args *a,
		       struct report_output *out)
{
	report_output_common(out, d, a);
	return d->run(db, a, out);
}
