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

/* Whether the character at p, or the one that ends at end, is wide (CJK). */
static bool wide_at(const char *p)
{
	uint32_t cp;

	return utf8_decode(p, strlen(p), &cp) > 0 && utf8_cp_width(cp) == 2;
}

static bool wide_before(const char *start, const char *end)
{
	const char *p = end;

	if (p == start)
		return false;
	p--;
	while (p > start && ((unsigned char)*p & 0xC0) == 0x80)
		p--;
	return wide_at(p);
}

/* CJK punctuation a line may not start with: ，。、；：？！）」』】》 */
static bool closes(uint32_t cp)
{
	static const uint32_t marks[] = { 0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F,
					  0xFF01, 0xFF09, 0x300D, 0x300F, 0x3011, 0x300B };
	size_t i;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (cp == marks[i])
			return true;
	return false;
}

/* The text s, after a first line's first `at` columns, wrapped at 79 columns
 * with its next lines indented by `at`: at a space, or between two wide (CJK)
 * characters, which need none. The text's own line breaks (and the
 * indentation after them) are joined first: a space between Latin words,
 * nothing beside a CJK character. A word longer than a line stays whole. */
static void add_wrapped(struct strbuf *b, const char *text, int at)
{
	const int limit = 79;
	struct strbuf flat = STRBUF_INIT;
	const char *s, *q;

	for (q = text; *q; q++) {
		if (*q != '\n') {
			strbuf_addc(&flat, *q);
			continue;
		}
		while (flat.len && flat.s[flat.len - 1] == ' ')
			strbuf_setlen(&flat, flat.len - 1);
		while (q[1] == ' ')
			q++;
		if (flat.len && q[1] && !wide_at(q + 1) && !wide_before(flat.s, flat.s + flat.len))
			strbuf_addc(&flat, ' ');
	}
	s = flat.s ? flat.s : "";
	while (*s) {
		const char *p = s, *cut = NULL;
		int w = at;

		while (*p) {
			uint32_t cp;
			int len = utf8_decode(p, strlen(p), &cp), cw;

			if (len <= 0) {
				len = 1;
				cp = '?';
			}
			cw = utf8_cp_width(cp);
			if (cp == ' ' || (cw == 2 && p > s && !closes(cp)))
				cut = p;
			if (w + cw > limit && cut != NULL)
				break;
			w += cw;
			p += len;
		}
		if (*p == '\0' || cut == NULL)
			cut = p;
		strbuf_add(b, s, (size_t)(cut - s));
		s = cut;
		while (*s == ' ')
			s++;
		if (*s)
			strbuf_addf(b, "\n%*s", at, "");
	}
	strbuf_addc(b, '\n');
	strbuf_release(&flat);
}

char *report_help_text(const struct report_def *d)
{
	static const char *const periods[] = { N_("month"), N_("quarter"), N_("year"),
					       N_("last 12 months") };
	struct strbuf b = STRBUF_INIT;
	size_t i;

	strbuf_addf(&b,
		    _("usage: salesterm report %s [--period 2026Q4|2026-11|2026|FROM..TO]\n"
		      "         [--owner USER|--territory T|--team] [--format table|csv|json]"),
		    d->name);
	/* --as-of, and each option with its argument, the first word of its
	 * help (DATE), on a line of their own. */
	if (d->as_of || (d->options && d->options[0]))
		strbuf_adds(&b, "\n        ");
	if (d->as_of)
		strbuf_adds(&b, " [--as-of DATE]");
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
		int at = 0;

		/* "  --since DATE  " then the text, every option's text in one
		 * column, its lines under its first. */
		for (i = 0; d->options[i]; i += 2) {
			const char *text = _(d->options[i + 1]);
			int w =
			    2 + 2 + (int)strlen(d->options[i]) + 1 + (int)strcspn(text, " ") + 2;

			if (w > at)
				at = w;
		}
		for (i = 0; d->options[i]; i += 2) {
			const char *text = _(d->options[i + 1]);
			size_t arg = strcspn(text, " "), start = b.len;

			strbuf_addf(&b, "  --%s %.*s", d->options[i], (int)arg, text);
			strbuf_addf(&b, "%*s", at - utf8_width(b.s + start), "");
			text += arg;
			while (*text == ' ')
				text++;
			add_wrapped(&b, text, at);
		}
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
