/* view_campaigns.c - campaign ROI, opened with C on the Leads screen (3):
 * which campaigns pay, drawn as terminal bars.
 *
 * Data: report_lead_campaigns() (src/report/leads.h) for the period and the
 * scope the current user may see, computed between keys: per campaign that
 * ran in the period (best ROI first) its ROI as a bar against the largest
 * (a gain in the won colour, a loss in the warning colour), leads, won
 * deals, revenue and cost; a campaign with no ROI says why; the leads of
 * the period with no campaign last. The same figures as `salesterm report
 * campaigns`.
 * Keys: p month/quarter/year, [ ] the period before or after, Esc back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "clock.h"
#include "i18n.h"
#include "layout.h"
#include "report/leads.h"
#include "report/scope.h"
#include "report/span.h"
#include "money.h"
#include "screens.h"
#include "utf8.h"
#include "view.h"
#include "xalloc.h"

#define BLOCK "\xe2\x96\x88"
#define SHADE "\xe2\x96\x91"

struct campaigns_view {
	struct lead_report r;
	struct report_span span;
	bool have_span, pending, failed;
};

static void set_subtitle(struct view *v)
{
	struct campaigns_view *c = v->priv;
	char label[24];

	report_span_label(&c->span, label);
	snprintf(v->subtitle, sizeof(v->subtitle), _("%s  %s .. %s  first touch"), label,
		 c->span.first, c->span.last);
}

static void campaigns_open_cb(struct view *v)
{
	struct campaigns_view *c = v->priv;
	char today[11];

	if (!c->have_span) {
		clock_today(today);
		c->have_span = report_span_of(REPORT_YEAR, today, &c->span);
	}
	report_leads_free(&c->r);
	c->pending = true;
	c->failed = false;
	set_subtitle(v);
}

static bool campaigns_idle(struct view *v)
{
	struct campaigns_view *c = v->priv;
	struct report_scope_request req = { 0 };
	struct report_scope scope;
	enum status st;

	if (!c->pending)
		return false;
	st = report_scope_resolve(v->app->db, &req, &scope);
	if (st == ST_OK) {
		st = report_lead_campaigns(v->app->db, &c->span, &scope, &c->r);
		report_scope_free(&scope);
	}
	if (st != ST_OK && report_stopped()) {
		report_leads_free(&c->r);
		return true; /* a key came first: computed later */
	}
	c->pending = false;
	if (st != ST_OK) {
		report_leads_free(&c->r);
		c->failed = true;
		app_fail(v->app, st);
	}
	set_subtitle(v);
	return false;
}

static void campaigns_done(struct view *v)
{
	struct campaigns_view *c = v->priv;

	report_leads_free(&c->r);
}

/* ROI in tenths as "-42.5%". */
static char *roi_text(int64_t t)
{
	int64_t a = t < 0 ? -t : t;

	return xasprintf("%s%lld.%lld%%", t < 0 ? "-" : "", (long long)(a / 10),
			 (long long)(a % 10));
}

static void campaigns_draw(struct view *v)
{
	static const char *const heads[] = { N_("ROI"), N_("Leads"), N_("Won"), N_("Revenue"),
					     N_("Cost") };
	static const int least[] = { 9, 6, 5, 8, 8 };
	struct campaigns_view *c = v->priv;
	const struct lead_report *r = &c->r;
	int y = v->y, ymax = v->y + v->h, name_w = 20, right_w = 0, bar_w, x, k, widths[5];
	int64_t max = 1;
	size_t i;

	if (c->pending) {
		draw_text(y, 1, v->w - 2, _("computing the campaigns..."), DA_DIM);
		return;
	}
	if (c->failed)
		return;
	/* A translated heading wider than its figures widens its column
	 * ("潛在客戶" is 8 columns): measured in display columns, never bytes. */
	for (k = 0; k < 5; k++) {
		int hw = utf8_width(_(heads[k]));

		widths[k] = hw > least[k] ? hw : least[k];
		right_w += widths[k] + 1;
	}
	bar_w = v->w - 2 - name_w - 1 - right_w;
	if (bar_w < 6)
		bar_w = 6;
	for (i = 0; i < r->ncampaigns; i++) {
		int64_t m = r->campaigns[i].roi < 0 ? -r->campaigns[i].roi : r->campaigns[i].roi;

		if (r->campaigns[i].has_roi && m > max)
			max = m;
	}
	draw_fill(y, 0, v->w, DA_HEADER);
	draw_cell(y, 1, name_w, _("Campaign"), DA_HEADER);
	draw_cell(y, 1 + name_w + 1, bar_w, _("ROI bar"), DA_HEADER);
	for (k = 0, x = 1 + name_w + 1 + bar_w + 1; k < 5; x += widths[k] + 1, k++)
		draw_cell_right(y, x, widths[k], _(heads[k]), DA_HEADER);
	y++;
	for (i = 0; i < r->ncampaigns && y < ymax - 1; i++, y++) {
		const struct lead_group *g = &r->campaigns[i];
		char *cells[5];

		draw_cell(y, 1, name_w, g->label, g->no_campaign ? DA_DIM : DA_NORMAL);
		if (g->has_roi) {
			int len = layout_bar(g->roi < 0 ? -g->roi : g->roi, max, bar_w);

			if (len < 1 && g->roi != 0)
				len = 1;
			if (len > 0)
				draw_bar(y, 1 + name_w + 1, len, g->roi < 0 ? SHADE : BLOCK,
					 g->roi < 0 ? DA_WARN : DA_GOOD);
		} else {
			draw_cell(y, 1 + name_w + 1, bar_w,
				  g->no_campaign ? _("no campaign")
				  : !g->has_cost ? _("no cost: no ROI")
						 : _("other currency"),
				  DA_DIM);
		}
		cells[0] = g->has_roi ? roi_text(g->roi) : xstrdup("-");
		cells[1] = count_text(g->leads);
		cells[2] = count_text(g->won);
		cells[3] = layout_compact(g->revenue, g->exponent);
		cells[4] = g->no_campaign ? xstrdup("") : layout_compact(g->cost, g->exponent);
		for (k = 0, x = 1 + name_w + 1 + bar_w + 1; k < 5; x += widths[k] + 1, k++) {
			draw_cell_right(y, x, widths[k], cells[k],
					k == 0 && g->has_roi ? (g->roi < 0 ? DA_WARN : DA_GOOD)
							     : DA_NORMAL);
			free(cells[k]);
		}
	}
	if (y < ymax) {
		char *leads = count_text(r->total.leads), *won = count_text(r->total.won);
		char *line = xasprintf(_("All leads: %s, won %s. Revenue counts in each "
					 "campaign's cost currency (%s)."),
				       leads, won, r->currency);

		free(leads);
		free(won);
		draw_text(y, 1, v->w - 2, line, DA_DIM);
		free(line);
	}
}

static int campaigns_request(struct view *v, enum request req)
{
	struct campaigns_view *c = v->priv;
	struct report_span next;

	switch (req) {
	case REQ_PERIOD_NEXT: /* month -> quarter -> year -> month */
		if (report_span_cycle(&c->span, &next))
			c->span = next;
		view_reload(v);
		return VR_HANDLED;
	case REQ_EARLIER:
	case REQ_LATER:
		if (report_span_step(&c->span, req == REQ_EARLIER ? -1 : 1, &next))
			c->span = next;
		view_reload(v);
		return VR_HANDLED;
	default:
		return VR_UNHANDLED;
	}
}

const struct view_ops campaigns_ops = {
	.title = N_("Campaigns"),
	.keymap = KM_CAMPAIGNS,
	.priv_size = sizeof(struct campaigns_view),
	.open = campaigns_open_cb,
	.draw = campaigns_draw,
	.request = campaigns_request,
	.idle = campaigns_idle,
	.done = campaigns_done,
	.hints =
	    (const struct view_hint[]){
		HINT("p", REQ_PERIOD_NEXT, N_("month/quarter/year")),
		HINT2("[", REQ_EARLIER, "]", REQ_LATER, N_("earlier/later")),
		HINT("<Esc>", REQ_BACK, N_("back")),
		HINT("?", REQ_HELP, N_("help")),
		HINT_END,
	    },
};

void campaigns_open(struct app *a)
{
	app_push(a, view_new(a, &campaigns_ops));
}
