/* snapshot.c - `salesterm forecast snapshot` and `forecast compare`: freeze a
 * forecast call's figures, and set them later beside the live forecast of
 * the same period (src/report/snapshot.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "i18n.h"
#include "record.h"
#include "report/forecast.h"
#include "report/output.h"
#include "report/snapshot.h"
#include "xalloc.h"

int cli_cmd_forecast_snapshot(struct cli *c, int argi)
{
	struct report_scope_request req = { 0 };
	struct report_span span;
	const char *name = NULL, *period = NULL;
	char *id = NULL;
	enum status st;
	int i;

	for (i = argi; i < c->nargs; i++) {
		const char *arg = c->args[i], *v;

		if (strcmp(arg, "--team") == 0) {
			req.team = true;
			continue;
		}
		if (strcmp(arg, "--period") != 0 && strcmp(arg, "--owner") != 0 &&
		    strcmp(arg, "--territory") != 0 && strcmp(arg, "--name") != 0)
			return cli_usage_error(_("forecast snapshot: unknown option \"%s\""), arg);
		if ((v = cli_opt_value(c, &i)) == NULL)
			return 2;
		if (strcmp(arg, "--period") == 0)
			period = v;
		else if (strcmp(arg, "--owner") == 0)
			req.owner = v;
		else if (strcmp(arg, "--territory") == 0)
			req.territory = v;
		else
			name = v;
	}
	if (period) {
		st = report_span_parse(period, &span);
		if (st != ST_OK)
			return cli_fail(st);
	} else {
		report_default_span(&report_def_forecast, &span);
	}
	st = snapshot_take(c->db, &span, &req, name, &id);
	if (st != ST_OK)
		return cli_fail(st);
	printf("%s\n", id);
	free(id);
	return 0;
}

/* The live row of owner in fc (owner NULL: the deals without one), or NULL. */
static const struct forecast_row *live_row(const struct forecast *fc, const char *owner)
{
	for (size_t i = 0; i < fc->n; i++) {
		const char *o = fc->rows[i].owner;

		if ((o == NULL && owner == NULL) || (o && owner && strcmp(o, owner) == 0))
			return &fc->rows[i];
	}
	return NULL;
}

static const int compare_cats[] = { FC_CLOSED, FC_COMMIT, FC_BEST_CASE, FC_PIPELINE };

static void compare_line(struct report_table *t, const char *name, const struct forecast_row *then,
			 const struct forecast_row *now, int exponent)
{
	size_t row = report_table_add_row(t), col = 1, k;

	report_table_set(t, row, 0, name);
	for (k = 0; k < sizeof(compare_cats) / sizeof(compare_cats[0]); k++) {
		int cat = compare_cats[k];

		report_table_set_money(t, row, col++, then->by_category[cat], exponent);
		report_table_set_money(t, row, col++, now ? now->by_category[cat] : 0, exponent);
	}
}

int cli_cmd_forecast_compare(struct cli *c, int argi)
{
	static const struct report_col cols[] = {
		{ "name", N_("Rep"), RC_TEXT },
		{ "closed_won_then", N_("Won then"), RC_MONEY },
		{ "closed_won", N_("Won now"), RC_MONEY },
		{ "commit_then", N_("Commit then"), RC_MONEY },
		{ "commit", N_("Commit now"), RC_MONEY },
		{ "best_case_then", N_("Best then"), RC_MONEY },
		{ "best_case", N_("Best now"), RC_MONEY },
		{ "pipeline_then", N_("Pipe then"), RC_MONEY },
		{ "pipeline", N_("Pipe now"), RC_MONEY },
	};
	struct report_col tc[sizeof(cols) / sizeof(cols[0])];
	enum report_format format = c->json ? REPORT_FORMAT_JSON : REPORT_FORMAT_TABLE;
	struct report_scope_request req = { 0 };
	struct report_scope scope = { 0 };
	struct report_output o = { 0 };
	struct snapshot s = { 0 };
	struct forecast live = { 0 };
	struct report_table *t;
	const char *ref = NULL;
	char *title, *by = NULL;
	enum status st;
	int i, ret = 0;
	size_t k;

	for (i = argi; i < c->nargs; i++) {
		const char *arg = c->args[i], *v;

		if (strcmp(arg, "--format") == 0) {
			if ((v = cli_opt_value(c, &i)) == NULL)
				return 2;
			if (!report_format_parse(v, &format))
				return cli_usage_error(
				    _("--format is table, csv or json, not \"%s\""), v);
		} else if (arg[0] == '-' || ref) {
			return cli_usage_error(_("forecast compare: unexpected \"%s\""), arg);
		} else {
			ref = arg;
		}
	}
	if (ref == NULL)
		return cli_usage_error(_("forecast compare needs a snapshot (%s)"),
				       "salesterm forecast_snapshot list");
	st = snapshot_load(c->db, ref, &s);
	if (st == ST_OK)
		st = report_scope_resolve(c->db, &req, &scope);
	if (st == ST_OK)
		st = report_forecast(c->db, &s.span, &scope, &live);
	if (st != ST_OK) {
		ret = cli_fail(st);
		goto out;
	}
	by = s.user ? record_title_of(c->db, "user", s.user) : xstrdup("-");
	report_output_meta(&o, "snapshot", s.id);
	report_output_meta(&o, "name", s.name);
	report_output_meta(&o, "taken_at", s.at);
	report_output_meta(&o, "taken_by", by);
	report_output_meta(&o, "from", s.span.first);
	report_output_meta(&o, "to", s.span.last);
	report_output_meta(&o, "scope", s.scope);
	report_output_meta(&o, "currency", s.fc.currency);
	for (k = 0; k < sizeof(cols) / sizeof(cols[0]); k++) {
		tc[k] = cols[k];
		tc[k].label = _(cols[k].label);
	}
	title = xasprintf(_("%s (%s .. %s, %s): as frozen on %s by %s, and now, in %s"), s.name,
			  s.span.first, s.span.last, s.scope, s.at, by, s.fc.currency);
	t = report_output_table(&o, "reps", title, tc, sizeof(tc) / sizeof(tc[0]));
	free(title);
	for (k = 0; k < s.fc.n; k++)
		compare_line(t, s.fc.rows[k].name, &s.fc.rows[k],
			     live_row(&live, s.fc.rows[k].owner), s.fc.exponent);
	t = report_output_table(&o, "total", _("Total"), tc, sizeof(tc) / sizeof(tc[0]));
	{
		/* Now, over the same reps as the snapshot. */
		struct forecast_row sum = { 0 };

		for (k = 0; k < s.fc.n; k++) {
			const struct forecast_row *r = live_row(&live, s.fc.rows[k].owner);

			for (size_t j = 0; r && j < FC_COUNT; j++)
				sum.by_category[j] += r->by_category[j];
		}
		compare_line(t, s.scope, &s.fc.total, &sum, s.fc.exponent);
	}
	report_output_print(&o, format, stdout);
out:
	free(by);
	report_output_free(&o);
	report_forecast_free(&live);
	report_scope_free(&scope);
	snapshot_free(&s);
	return ret;
}
