/* view_rep.c - a rep's profile: behaviour, result and state, like a
 * player's statistics, opened with Enter on a rep of the Forecast (7).
 *
 * Data: report_reps() (src/report/reps.h) for the Forecast's period and that
 * rep alone, computed between keys: per figure the period's total, this
 * week's and a sparkline of the last 12 weeks; behaviour (calls, visits,
 * meetings and follow-ups logged, activities done and planned), result
 * (deals created, advanced and won, revenue, attainment, activities per deal
 * won and per stage advanced) and state (the rep's conversion at each stage
 * against the team's, the stage where the rep falls furthest below it
 * called out). The role rules of reports apply: a rep may open only their
 * own profile, a manager anyone's (report_scope_resolve()).
 * Keys: p month/quarter/year, [ ] the period before or after, j/k scroll,
 * Esc back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "clock.h"
#include "i18n.h"
#include "layout.h"
#include "money.h"
#include "prompt.h"
#include "report/reps.h"
#include "report/scope.h"
#include "report/span.h"
#include "screens.h"
#include "utf8.h"
#include "view.h"
#include "xalloc.h"

struct rep_view {
	char *owner, *name; /* the rep's user id and name */
	struct report_span span;
	struct reps_report r;
	bool pending, failed;
};

/* The figures in the order shown, with their labels, under two headings. */
static const struct {
	enum rep_figure f;
	const char *label;
} rep_rows[] = {
	{ RF_CALLS, N_("Calls logged") },
	{ RF_VISITS, N_("Visits logged") },
	{ RF_MEETINGS, N_("Meetings logged") },
	{ RF_FOLLOWUPS, N_("Follow-ups logged") },
	{ RF_DONE, N_("Activities done") },
	{ RF_PLANNED, N_("Activities planned") },
	{ RF_CREATED, N_("Deals created") },
	{ RF_ADVANCED, N_("Stages advanced") },
	{ RF_WON, N_("Deals won") },
	{ RF_REVENUE, N_("Revenue") },
};

static void set_subtitle(struct view *v)
{
	struct rep_view *p = v->priv;
	char label[24];

	report_span_label(&p->span, label);
	snprintf(v->subtitle, sizeof(v->subtitle), "%s  %s  %s .. %s", p->name, label,
		 p->span.first, p->span.last);
}

static void rep_open_cb(struct view *v)
{
	struct rep_view *p = v->priv;

	report_reps_free(&p->r);
	view_clear(v);
	v->ncols = 4;
	v->flex = 3;
	v->cols[0] = (struct column){ NULL, 30, false };
	v->cols[1] = (struct column){ NULL, 14, true };
	v->cols[2] = (struct column){ NULL, 12, true };
	v->cols[3] = (struct column){ NULL, 14, false };
	view_addf(v, LINE_TEXT, DA_DIM, " %s", _("computing the rep's figures..."));
	p->pending = true;
	p->failed = false;
	set_subtitle(v);
}

static char *figure_text(const struct reps_report *r, enum rep_figure f, int64_t n)
{
	return f == RF_REVENUE ? money_text(n, r->currency, MONEY_FULL) : count_text(n);
}

static char *tenths(int64_t t, const char *suffix)
{
	if (t < 0)
		return xstrdup("-");
	return xasprintf("%lld.%lld%s", (long long)(t / 10), (long long)(t % 10), suffix);
}

static void add_row(struct view *v, enum draw_attr attr, const char *a, const char *b,
		    const char *c, const char *d)
{
	view_add(v, LINE_ITEM, attr, 4, (const char *const[]){ a, b, c, d });
}

static void add_figure(struct view *v, const struct reps_report *r, const struct rep_stats *s,
		       size_t i)
{
	enum rep_figure f = rep_rows[i].f;
	char *total = figure_text(r, f, s->fig[f]);
	char *week = figure_text(r, f, s->weeks[f][REPS_WEEKS - 1]);
	char *spark = report_sparkline(s->weeks[f], REPS_WEEKS);

	/* The figures are never cut: their columns grow to the widest
	 * (revenue in a week at 1M: ¥27,390,600.00 in 12 columns). */
	if (utf8_width(total) > v->cols[1].width)
		v->cols[1].width = utf8_width(total);
	if (utf8_width(week) > v->cols[2].width)
		v->cols[2].width = utf8_width(week);
	add_row(v, DA_NORMAL, _(rep_rows[i].label), total, week, spark);
	free(total);
	free(week);
	free(spark);
}

/* The stage where the rep falls furthest below the team, said first. */
static void add_weakest(struct view *v, const struct reps_report *r, const struct rep_stats *s)
{
	char *a, *b, *line;

	if (s->weakest < 0 || s->conversion == NULL || r->team.conversion == NULL) {
		view_addf(v, LINE_TEXT, DA_DIM, " %s",
			  _("No stage below the team's conversion (or no closed deals yet)."));
		return;
	}
	a = tenths(s->conversion[s->weakest], "%");
	b = tenths(r->team.conversion[s->weakest], "%");
	line = xasprintf(_("Loses most deals at %s: %s go on to the next stage, the team %s."),
			 r->stages[s->weakest], a, b);
	{
		/* Wrapped at word breaks to the view's width: at 80 columns the
		 * team's figure was cut ("the team 92.~"). */
		char **lines = NULL;
		int n = layout_wrap(line, v->w > 3 ? v->w - 2 : 78, &lines);

		for (int l = 0; l < n; l++) {
			view_addf(v, LINE_TEXT, DA_WARN, " %s", lines[l]);
			free(lines[l]);
		}
		free(lines);
	}
	free(line);
	free(a);
	free(b);
}

/* The lines of the profile from the computed figures. */
static void rep_build(struct view *v)
{
	struct rep_view *p = v->priv;
	const struct reps_report *r = &p->r;
	const struct rep_stats *s = NULL;
	char *a, *b, *line;
	size_t i;

	view_clear(v);
	for (i = 0; i < r->n; i++)
		if (r->reps[i].owner && strcmp(r->reps[i].owner, p->owner) == 0)
			s = &r->reps[i];
	if (s == NULL) {
		view_addf(v, LINE_TEXT, DA_DIM, " %s", _("no figures for this rep in the period"));
		return;
	}
	add_weakest(v, r, s);
	view_addf(v, LINE_TEXT, DA_NORMAL, "%s", "");
	add_row(v, DA_SECTION, _("Behaviour"), _("Period"), _("This week"), _("Last 12 weeks"));
	for (i = 0; i < 6; i++)
		add_figure(v, r, s, i);
	a = tenths(s->fig[RF_PLANNED] > 0 ? s->fig[RF_DONE] * 1000 / s->fig[RF_PLANNED] : -1, "%");
	add_row(v, DA_NORMAL, _("Done of planned"), a, "", "");
	free(a);

	view_addf(v, LINE_TEXT, DA_NORMAL, "%s", "");
	line = xasprintf(_("Result (in %s)"), r->currency);
	add_row(v, DA_SECTION, line, _("Period"), _("This week"), _("Last 12 weeks"));
	free(line);
	for (i = 6; i < sizeof(rep_rows) / sizeof(rep_rows[0]); i++)
		add_figure(v, r, s, i);
	/* The quota on a line of its own, in the figures' column: beside the
	 * sparklines it was cut when the figures are wide. */
	a = tenths(s->attainment, "%");
	add_row(v, DA_NORMAL, _("Attainment"), a, "", "");
	free(a);
	b = money_text(s->quota, r->currency, MONEY_FULL);
	if (utf8_width(b) > v->cols[1].width)
		v->cols[1].width = utf8_width(b);
	add_row(v, DA_NORMAL, _("Quota"), b, "", "");
	free(b);
	a = tenths(s->per_won, "");
	add_row(v, DA_NORMAL, _("Activities per deal won"), a, "", "");
	free(a);
	a = tenths(s->per_advance, "");
	add_row(v, DA_NORMAL, _("Activities per stage advanced"), a, "", "");
	free(a);

	view_addf(v, LINE_TEXT, DA_NORMAL, "%s", "");
	add_row(v, DA_SECTION, _("State: on to the next stage"), _("Rep"), _("Team"), "");
	for (i = 0; i + 1 < r->nstages; i++) {
		int64_t mine = s->conversion ? s->conversion[i] : -1,
			team = r->team.conversion ? r->team.conversion[i] : -1;

		a = tenths(mine, "%");
		b = tenths(team, "%");
		add_row(v, (int)i == s->weakest ? DA_WARN : DA_NORMAL, r->stages[i], a, b,
			(int)i == s->weakest ? _("<- loses most here") : "");
		free(a);
		free(b);
	}
	view_fix_selection(v);
}

static bool rep_idle(struct view *v)
{
	struct rep_view *p = v->priv;
	struct report_scope_request req = { .owner = p->owner };
	struct report_scope scope;
	char today[11];
	enum status st;

	if (!p->pending)
		return false;
	clock_today(today);
	st = report_scope_resolve(v->app->db, &req, &scope);
	if (st == ST_OK) {
		st = report_reps(v->app->db, &p->span, &scope, today, &p->r);
		report_scope_free(&scope);
	}
	if (st != ST_OK && report_stopped()) {
		report_reps_free(&p->r);
		return true; /* a key came first: computed later */
	}
	p->pending = false;
	if (st != ST_OK) {
		report_reps_free(&p->r);
		p->failed = true;
		view_clear(v);
		app_fail(v->app, st);
		return false;
	}
	rep_build(v);
	return false;
}

static void rep_done(struct view *v)
{
	struct rep_view *p = v->priv;

	report_reps_free(&p->r);
	free(p->owner);
	free(p->name);
}

static int rep_request(struct view *v, enum request req)
{
	struct rep_view *p = v->priv;
	struct report_span next;

	switch (req) {
	case REQ_PERIOD_NEXT: /* month -> quarter -> year -> month */
		if (report_span_cycle(&p->span, &next))
			p->span = next;
		view_reload(v);
		return VR_HANDLED;
	case REQ_PERIOD_TYPE:
		if (prompt_period(v->app, &p->span))
			view_reload(v);
		return VR_HANDLED;
	case REQ_EARLIER:
	case REQ_LATER:
		if (report_span_step(&p->span, req == REQ_EARLIER ? -1 : 1, &next))
			p->span = next;
		view_reload(v);
		return VR_HANDLED;
	case REQ_OPEN:
		return VR_HANDLED;
	default:
		return VR_UNHANDLED;
	}
}

const struct view_ops rep_ops = {
	.title = N_("Rep"),
	.keymap = KM_REP,
	.priv_size = sizeof(struct rep_view),
	.open = rep_open_cb,
	.request = rep_request,
	.idle = rep_idle,
	.done = rep_done,
	.hints =
	    (const struct view_hint[]){
		HINT("p", REQ_PERIOD_NEXT, N_("month/quarter/year")),
		HINT2("[", REQ_EARLIER, "]", REQ_LATER, N_("earlier/later")),
		HINT("<Esc>", REQ_BACK, N_("back")),
		HINT("?", REQ_HELP, N_("help")),
		HINT_END,
	    },
};

void rep_open(struct app *a, const char *owner, const char *name, const struct report_span *span)
{
	struct view *v = view_new(a, &rep_ops);
	struct rep_view *p = v->priv;

	p->owner = xstrdup(owner);
	p->name = xstrdup(name ? name : owner);
	p->span = *span;
	app_push(a, v);
}
