/* report.c - `salesterm report [NAME ...]`: the reports of src/report/ on the
 * command line, in the output module's formats. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adjustment.h"
#include "account.h"
#include "cli/cli.h"
#include "clock.h"
#include "config.h"
#include "i18n.h"
#include "money.h"
#include "paths.h"
#include "report/output.h"
#include "report/registry.h"
#include "setting.h"
#include "utf8.h"
#include "validate.h"
#include "xalloc.h"

/* Is a one of d's own options (without the leading "--")? */
static bool own_option(const struct report_def *d, const char *a)
{
	size_t i;

	for (i = 0; d->options && d->options[i]; i += 2)
		if (strncmp(a, "--", 2) == 0 && strcmp(a + 2, d->options[i]) == 0)
			return true;
	return false;
}

/* Add the config file's defaults of d's own options ("report NAME OPTION
 * VALUE") after those typed; *cfg holds their text until the caller frees it. */
static enum status config_defaults(const struct report_def *d, struct config **cfg,
				   const char ***keys, const char ***values, size_t *n)
{
	char *path = paths_config();
	enum status st = config_read(path, cfg);

	free(path);
	if (st == ST_OK) {
		char *errors = config_errors(*cfg, "report");

		if (errors) {
			char *nl = strchr(errors, '\n');

			if (nl)
				*nl = '\0';
			st = status_set(ST_INVALID, "%s", errors);
			free(errors);
		}
	}
	if (st == ST_OK)
		st = report_config_options(*cfg, d, keys, values, n);
	return st;
}

int cli_cmd_report(struct cli *c, int argi)
{
	struct config *cfg = NULL;
	struct report_scope_request req = { 0 };
	struct report_args a = { 0 };
	struct report_output o = { 0 };
	enum report_format format = c->json ? REPORT_FORMAT_JSON : REPORT_FORMAT_TABLE;
	const struct report_def *d;
	const char **keys = NULL, **values = NULL;
	bool have_span = false;
	enum status st;
	char *text;
	int i, ret = 0;

	if (argi >= c->nargs || strcmp(c->args[argi], "--help") == 0 ||
	    strcmp(c->args[argi], "help") == 0) {
		text = report_list_text();
		fputs(text, stdout);
		free(text);
		return 0;
	}
	d = report_find(c->args[argi]);
	if (d == NULL)
		return cli_usage_error(
		    _("no report is named \"%s\": 'salesterm report' lists them"), c->args[argi]);
	for (i = argi + 1; i < c->nargs; i++) {
		const char *arg = c->args[i], *v;

		if (strcmp(arg, "--help") == 0) {
			text = report_help_text(d);
			fputs(text, stdout);
			free(text);
			goto out;
		}
		if (strcmp(arg, "--team") == 0) {
			req.team = true;
			continue;
		}
		if (strcmp(arg, "--period") != 0 && strcmp(arg, "--owner") != 0 &&
		    strcmp(arg, "--territory") != 0 && strcmp(arg, "--format") != 0 &&
		    strcmp(arg, "--as-of") != 0 && !own_option(d, arg)) {
			ret = cli_usage_error(_("report: unknown option \"%s\""), arg);
			goto out;
		}
		if ((v = cli_opt_value(c, &i)) == NULL) {
			ret = 2;
			goto out;
		}
		if (strcmp(arg, "--period") == 0) {
			st = report_span_parse(v, &a.span);
			if (st != ST_OK) {
				ret = cli_fail(st);
				goto out;
			}
			have_span = true;
		} else if (strcmp(arg, "--owner") == 0) {
			req.owner = v;
		} else if (strcmp(arg, "--territory") == 0) {
			req.territory = v;
		} else if (strcmp(arg, "--format") == 0) {
			if (!report_format_parse(v, &format)) {
				ret = cli_usage_error(
				    _("--format is table, csv or json, not \"%s\""), v);
				goto out;
			}
		} else if (strcmp(arg, "--as-of") == 0) {
			if (!d->as_of) {
				ret =
				    cli_usage_error(_("report %s does not take --as-of"), d->name);
				goto out;
			}
			if (validate_date(v) != NULL) {
				ret = cli_usage_error(
				    _("--as-of needs a date (YYYY-MM-DD), not \"%s\""), v);
				goto out;
			}
			a.as_of = v;
		} else {
			keys = xreallocarray(keys, a.nopts + 1, sizeof(*keys));
			values = xreallocarray(values, a.nopts + 1, sizeof(*values));
			keys[a.nopts] = arg + 2;
			values[a.nopts++] = v;
		}
	}
	st = config_defaults(d, &cfg, &keys, &values, &a.nopts);
	if (st != ST_OK) {
		ret = cli_fail(st);
		goto out;
	}
	a.opt_keys = keys;
	a.opt_values = values;
	if (!have_span)
		report_default_span(d, &a.span);
	st = report_scope_resolve(c->db, &req, &a.scope);
	if (st == ST_OK)
		st = report_run(c->db, d, &a, &o);
	if (st != ST_OK) {
		ret = cli_fail(st);
		goto out;
	}
	report_output_print(&o, format, stdout);
out:
	report_output_free(&o);
	report_scope_free(&a.scope);
	free(keys);
	free(values);
	config_free(&cfg);
	return ret;
}

/* account grade [--dry-run] [--period P] [--a-share PCT] [--b-share PCT]
 * [--currency CODE] */
int cli_cmd_account_grade(struct cli *c, int argi)
{
	struct report_args a = { 0 };
	struct abc_params p = { 0 };
	struct grade_result r;
	struct config *cfg = NULL;
	const char **keys = NULL, **values = NULL;
	bool dry_run = false;
	enum status st;
	size_t k;
	int i, ret = 0;

	report_default_span(&report_def_abc, &a.span);
	for (i = argi; i < c->nargs; i++) {
		const char *arg = c->args[i], *v;

		if (strcmp(arg, "--dry-run") == 0) {
			dry_run = true;
			continue;
		}
		if (strcmp(arg, "--period") != 0 && strcmp(arg, "--a-share") != 0 &&
		    strcmp(arg, "--b-share") != 0 && strcmp(arg, "--currency") != 0) {
			ret = cli_usage_error(_("account grade: unknown argument \"%s\""), arg);
			goto out;
		}
		if ((v = cli_opt_value(c, &i)) == NULL) {
			ret = 2;
			goto out;
		}
		if (strcmp(arg, "--period") == 0) {
			st = report_span_parse(v, &a.span);
			if (st != ST_OK) {
				ret = cli_fail(st);
				goto out;
			}
			continue;
		}
		keys = xreallocarray(keys, a.nopts + 1, sizeof(*keys));
		values = xreallocarray(values, a.nopts + 1, sizeof(*values));
		keys[a.nopts] = arg + 2;
		values[a.nopts++] = v;
	}
	st = config_defaults(&report_def_abc, &cfg, &keys, &values, &a.nopts);
	a.opt_keys = keys;
	a.opt_values = values;
	if (st == ST_OK)
		st = report_abc_shares(&a, &p.a_pct, &p.b_pct);
	if (st != ST_OK) {
		ret = cli_fail(st);
		goto out;
	}
	p.from = a.span.first;
	p.to = a.span.last;
	p.currency = report_arg(&a, "currency");
	st = account_grade(c->db, &p, dry_run, &r);
	if (st != ST_OK) {
		account_grade_free(&r);
		ret = cli_fail(st);
		goto out;
	}
	if (c->json) {
		cJSON *o = cJSON_CreateObject(), *ch = cJSON_AddArrayToObject(o, "changed"),
		      *kept = cJSON_AddArrayToObject(o, "kept");

		cJSON_AddBoolToObject(o, "dry_run", dry_run);
		for (k = 0; k < r.nchanged + r.nkept; k++) {
			const struct grade_change *g =
			    k < r.nchanged ? &r.changed[k] : &r.kept[k - r.nchanged];
			cJSON *x = cJSON_CreateObject();
			char to[2] = { g->to, '\0' };

			cJSON_AddStringToObject(x, "id", g->id);
			cJSON_AddStringToObject(x, "name", g->name);
			if (g->from)
				cJSON_AddStringToObject(x, "segment", g->from);
			else
				cJSON_AddNullToObject(x, "segment");
			cJSON_AddStringToObject(x, "grade", to);
			cJSON_AddItemToArray(k < r.nchanged ? ch : kept, x);
		}
		cJSON_AddNumberToObject(o, "unchanged", (double)r.unchanged);
		cJSON_AddNumberToObject(o, "A", (double)r.grade[0]);
		cJSON_AddNumberToObject(o, "B", (double)r.grade[1]);
		cJSON_AddNumberToObject(o, "C", (double)r.grade[2]);
		cli_print_json(o);
		cJSON_Delete(o);
	} else {
		for (k = 0; k < r.nchanged; k++)
			printf(_("%s: %s -> %c\n"), r.changed[k].name,
			       r.changed[k].from ? r.changed[k].from : "-", r.changed[k].to);
		for (k = 0; k < r.nkept; k++)
			printf(_("%s: kept %s (set by hand; the ranking says %c)\n"),
			       r.kept[k].name, r.kept[k].from, r.kept[k].to);
		/* Counts grouped as everywhere a person reads them: "250,000 changed". */
		char *n[6] = { count_text((int64_t)r.nchanged),	 count_text((int64_t)r.nkept),
			       count_text((int64_t)r.unchanged), count_text(r.grade[0]),
			       count_text(r.grade[1]),		 count_text(r.grade[2]) };

		printf(dry_run ? _("would grade %s..%s: %s changed, %s kept (set by hand), %s "
				   "unchanged; A %s, B %s, C %s (nothing written: --dry-run)\n")
			       : _("graded %s..%s: %s changed, %s kept (set by hand), %s "
				   "unchanged; A %s, B %s, C %s\n"),
		       a.span.first, a.span.last, n[0], n[1], n[2], n[3], n[4], n[5]);
		for (k = 0; k < 6; k++)
			free(n[k]);
	}
	account_grade_free(&r);
out:
	free(keys);
	free(values);
	config_free(&cfg);
	return ret;
}

/* forecast adjust REP|--territory T --period P commit=AMOUNT best_case=AMOUNT
 * [--note TEXT] */
int cli_cmd_forecast_adjust(struct cli *c, int argi)
{
	struct adjustment_input in = { 0 };
	struct report_span span;
	char *id = NULL, label[24] = "";
	enum status st;
	int i;

	for (i = argi; i < c->nargs; i++) {
		const char *a = c->args[i], *v;

		if (strcmp(a, "--period") == 0 || strcmp(a, "--note") == 0 ||
		    strcmp(a, "--territory") == 0) {
			if ((v = cli_opt_value(c, &i)) == NULL)
				return 2;
			if (a[2] == 'p')
				in.period = v;
			else if (a[2] == 'n')
				in.note = v;
			else
				in.territory = v;
		} else if (strncmp(a, "commit=", 7) == 0) {
			in.commit = a + 7;
		} else if (strncmp(a, "best_case=", 10) == 0) {
			in.best_case = a + 10;
		} else if (strncmp(a, "--", 2) == 0 || strchr(a, '=') != NULL) {
			return cli_usage_error(_("forecast adjust: unknown argument \"%s\""), a);
		} else if (in.rep == NULL) {
			in.rep = a;
		} else {
			return cli_usage_error(
			    _("forecast adjust: one rep at a time, not also \"%s\""), a);
		}
	}
	if (in.period == NULL)
		return cli_usage_error("%s",
				       _("forecast adjust needs --period (2026Q4, 2026-11, 2026)"));
	if (in.rep == NULL && in.territory == NULL)
		return cli_usage_error("%s", _("forecast adjust needs a rep or --territory T"));
	st = adjustment_add(c->db, &in, &id);
	if (st != ST_OK)
		return cli_fail(st);
	if (report_span_parse(in.period, &span) == ST_OK)
		report_span_label(&span, label);
	if (c->json)
		printf("{\"id\": \"%s\"}\n", id);
	else
		printf(_("adjusted the forecast of %s for %s (%s)\n"),
		       in.rep ? in.rep : in.territory, label, id);
	free(id);
	return 0;
}

/* forecast visibility [own|team]: whether reps see colleagues' quotas and
 * attainment; with a word, the manager's choice (src/setting.h). */
int cli_cmd_forecast_visibility(struct cli *c, int argi)
{
	enum quota_visibility v;
	char *by = NULL, *at = NULL, when[17];
	enum status st;

	if (c->nargs - argi > 1)
		return cli_usage_error("%s", _("forecast visibility takes one word: own or team"));
	if (argi < c->nargs) {
		st = setting_set_quota_visibility(c->db, c->args[argi], NULL);
		if (st != ST_OK)
			return cli_fail(st);
	}
	v = setting_quota_visibility(c->db, &by, &at);
	if (c->json) {
		printf("{\"quota_visibility\": \"%s\"}\n", setting_quota_visibility_values[v]);
	} else {
		fputs(v == QUOTA_VISIBLE_TEAM
			  ? _("quota visibility: team - reps also see their colleagues' quotas and "
			      "attainment\n")
			  : _("quota visibility: own - reps see their own quota and attainment "
			      "only\n"),
		      stdout);
		if (at)
			printf(_("chosen by %1$s at %2$s\n"), by && *by ? by : "-",
			       clock_local_text(at, when) ? when : at);
		else
			fputs(_("(the default: no manager has chosen yet)\n"), stdout);
	}
	free(by);
	free(at);
	return 0;
}
