/* view_analytics.c - the funnel analytics, opened with a on the Funnel
 * screen (4): how deals move through the funnel, drawn as terminal bars.
 *
 * Data: report_funnel_stats() (src/report/funnel_stats.h) for the period and
 * the scope the current user may see, computed between keys: per stage the
 * closed deals that reached it (a funnel of centred bars), the conversion to
 * the next stage, the mean days in it and the open deals idle past its
 * limit; win rate by count and amount, average deal, cycle and velocity;
 * lost reasons ranked by count with their amounts, as bars.
 * @ asks for a date: the figures as they stood at its end, reconstructed
 * from the deals' history (report_funnel_stats_as_of()); empty goes back to
 * now.
 * Keys: p month/quarter/year, [ ] the period before or after, @ as of a
 * date, Esc back.
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
#include "report/funnel_stats.h"
#include "report/history.h"
#include "report/scope.h"
#include "report/span.h"
#include "screens.h"
#include "utf8.h"
#include "view.h"
#include "xalloc.h"

#define BLOCK "\xe2\x96\x88"

struct analytics_view {
	struct funnel_stats fs;
	struct report_span span;
	bool have_span, pending, failed;
	char as_of[11]; /* "YYYY-MM-DD", or "": now */
};

static void set_subtitle(struct view *v)
{
	struct analytics_view *f = v->priv;
	char label[24];

	report_span_label(&f->span, label);
	if (*f->as_of)
		snprintf(v->subtitle, sizeof(v->subtitle), _("%s  %s .. %s  as of %s%s%s"), label,
			 f->span.first, f->span.last, f->as_of, f->pending ? "" : "  ",
			 f->pending ? "" : f->fs.currency);
	else
		snprintf(v->subtitle, sizeof(v->subtitle), _("%s  %s .. %s  closed deals%s%s"),
			 label, f->span.first, f->span.last, f->pending ? "" : "  ",
			 f->pending ? "" : f->fs.currency);
}

static void analytics_open_cb(struct view *v)
{
	struct analytics_view *f = v->priv;
	char today[11];

	if (!f->have_span) {
		clock_today(today);
		f->have_span = report_span_of(REPORT_QUARTER, today, &f->span);
	}
	report_funnel_stats_free(&f->fs);
	f->pending = true;
	f->failed = false;
	set_subtitle(v);
}

static bool analytics_idle(struct view *v)
{
	struct analytics_view *f = v->priv;
	struct report_scope_request req = { 0 };
	struct report_scope scope;
	char today[11], before[21];
	enum status st;

	if (!f->pending)
		return false;
	clock_today(today);
	if (*f->as_of && history_end_of_day(f->as_of, before))
		snprintf(today, sizeof(today), "%s", f->as_of);
	else
		f->as_of[0] = '\0';
	st = report_scope_resolve(v->app->db, &req, &scope);
	if (st == ST_OK) {
		st = report_funnel_stats_as_of(v->app->db, &f->span, &scope,
					       *f->as_of ? before : NULL, today, &f->fs);
		report_scope_free(&scope);
	}
	if (st != ST_OK && report_stopped()) {
		report_funnel_stats_free(&f->fs);
		return true; /* a key came first: computed later */
	}
	f->pending = false;
	if (st != ST_OK) {
		report_funnel_stats_free(&f->fs);
		f->failed = true;
		app_fail(v->app, st);
	}
	set_subtitle(v);
	return false;
}

static void analytics_done(struct view *v)
{
	struct analytics_view *f = v->priv;

	report_funnel_stats_free(&f->fs);
}

static char *tenths(int64_t t, const char *suffix)
{
	if (t < 0)
		return xstrdup("-");
	return xasprintf("%lld.%lld%s", (long long)(t / 10), (long long)(t % 10), suffix);
}

static char *amount(const struct funnel_stats *fs, int64_t minor)
{
	return minor < 0 ? xstrdup("-") : layout_compact(minor, fs->exponent);
}

/* The stages as a funnel: centred bars by deals reached, figures at the right. */
static int draw_stages(struct view *v, int y, int ymax)
{
	struct analytics_view *f = v->priv;
	const struct funnel_stats *fs = &f->fs;
	static const char *const heads[] = { N_("Reached"), N_("To next"), N_("Days"), N_("Idle") };
	int name_w = 14, right_w = 4 * 9, bar_w = v->w - 2 - name_w - 2 - right_w, i, c, x;
	int64_t max = 1;
	size_t k;

	if (bar_w < 8)
		bar_w = 8;
	for (k = 0; k < fs->n; k++)
		if (fs->stages[k].reached > max)
			max = fs->stages[k].reached;
	draw_fill(y, 0, v->w, DA_HEADER);
	draw_cell(y, 1, name_w, _("Stage"), DA_HEADER);
	for (c = 0, x = 1 + name_w + 2 + bar_w; c < 4; c++, x += 9)
		draw_cell_right(y, x, 8, _(heads[c]), DA_HEADER);
	for (k = 0, i = 1; k < fs->n && y + i < ymax; k++, i++) {
		const struct funnel_stats_stage *s = &fs->stages[k];
		int len = layout_bar(s->reached, max, bar_w);
		char *cells[4];

		draw_cell(y + i, 1, name_w, s->name, DA_NORMAL);
		if (len > 0)
			draw_bar(y + i, 1 + name_w + 2 + (bar_w - len) / 2, len, BLOCK,
				 s->won ? DA_BAR1 : DA_BAR2);
		cells[0] = count_text(s->reached);
		cells[1] = tenths(s->conversion, "%");
		cells[2] = tenths(s->days10, "");
		cells[3] = s->won ? xstrdup("") : count_text(s->idle);
		for (c = 0, x = 1 + name_w + 2 + bar_w; c < 4; c++, x += 9) {
			draw_cell_right(y + i, x, 8, cells[c],
					c == 3 && s->idle > 0 && !s->won ? DA_WARN : DA_NORMAL);
			free(cells[c]);
		}
	}
	return i;
}

static void analytics_draw(struct view *v)
{
	struct analytics_view *f = v->priv;
	const struct funnel_stats *fs = &f->fs;
	int y = v->y, ymax = v->y + v->h, i, name_w = 24, bar_w;
	char *wr, *wra, *deal, *cycle, *vel, *line, *closed, *won, *lost, *open;
	int64_t max = 1;
	size_t k;

	if (f->pending) {
		draw_text(y, 1, v->w - 2, _("computing the funnel analytics..."), DA_DIM);
		return;
	}
	if (f->failed)
		return;
	wr = tenths(fs->win_rate, "%");
	wra = tenths(fs->win_rate_amount, "%");
	deal = amount(fs, fs->deal_size);
	cycle = tenths(fs->cycle10, "");
	vel = amount(fs, fs->velocity);
	closed = count_text(fs->closed);
	won = count_text(fs->won);
	lost = count_text(fs->lost);
	open = count_text(fs->open);
	{
		/* Each sentence wrapped at word breaks: at 80 columns the
		 * first one lost its average deal. */
		char *text[2];

		text[0] = xasprintf(_("Closed %s: won %s, lost %s. Win rate %s (%s by amount). "
				      "Avg deal %s."),
				    closed, won, lost, wr, wra, deal);
		text[1] = xasprintf(_("Cycle %s days. Open deals %s. Velocity %s %s a day."), cycle,
				    open, vel, fs->currency);
		for (int t = 0; t < 2; t++) {
			char **lines = NULL;
			int n = layout_wrap(text[t], v->w - 2, &lines);

			for (int l = 0; l < n; l++) {
				if (y < ymax)
					draw_text(y++, 1, v->w - 2, lines[l], DA_SECTION);
				free(lines[l]);
			}
			free(lines);
			free(text[t]);
		}
	}
	free(closed);
	free(won);
	free(lost);
	free(open);
	free(wr);
	free(wra);
	free(deal);
	free(cycle);
	free(vel);
	if (fs->other_currency && y < ymax) {
		char *n = count_text(fs->other_currency);

		line =
		    xasprintf(ngettext("%s closed deal in another currency: counted, not summed",
				       "%s closed deals in other currencies: counted, not summed",
				       (unsigned long)fs->other_currency),
			      n);
		free(n);
		draw_text(y++, 1, v->w - 2, line, DA_WARN);
		free(line);
	}
	y++;
	if (y < ymax)
		y += draw_stages(v, y, ymax);
	y++;
	if (y >= ymax - 1)
		return;
	/* Lost reasons, most deals first, bars by deals. */
	draw_fill(y, 0, v->w, DA_HEADER);
	draw_cell(y, 1, name_w, _("Lost reason"), DA_HEADER);
	draw_cell_right(y, v->w - 20, 7, _("Deals"), DA_HEADER);
	draw_cell_right(y, v->w - 11, 10, _("Amount"), DA_HEADER);
	bar_w = v->w - name_w - 24;
	for (k = 0; k < fs->nreasons; k++)
		if (fs->reasons[k].deals > max)
			max = fs->reasons[k].deals;
	for (k = 0, i = 1; k < fs->nreasons && y + i < ymax; k++, i++) {
		const struct funnel_stats_reason *r = &fs->reasons[k];
		char *n = count_text(r->deals), *a = amount(fs, r->amount);
		int len = layout_bar(r->deals, max, bar_w);

		draw_cell(y + i, 1, name_w, *r->reason ? r->reason : "-", DA_NORMAL);
		if (len > 0 && bar_w > 0)
			draw_bar(y + i, 1 + name_w + 1, len, BLOCK, DA_BAR4);
		draw_cell_right(y + i, v->w - 20, 7, n, DA_NORMAL);
		draw_cell_right(y + i, v->w - 11, 10, a, DA_NORMAL);
		free(n);
		free(a);
	}
}

static int analytics_request(struct view *v, enum request req)
{
	struct analytics_view *f = v->priv;
	struct report_span next;

	switch (req) {
	case REQ_PERIOD_NEXT: /* month -> quarter -> year -> month */
		if (report_span_cycle(&f->span, &next))
			f->span = next;
		view_reload(v);
		return VR_HANDLED;
	case REQ_PERIOD_TYPE:
		if (prompt_period(v->app, &f->span))
			view_reload(v);
		return VR_HANDLED;
	case REQ_EARLIER:
	case REQ_LATER:
		if (report_span_step(&f->span, req == REQ_EARLIER ? -1 : 1, &next))
			f->span = next;
		view_reload(v);
		return VR_HANDLED;
	case REQ_AS_OF:
		if (prompt_as_of(v->app, f->as_of))
			view_reload(v);
		return VR_HANDLED;
	default:
		return VR_UNHANDLED;
	}
}

const struct view_ops analytics_ops = {
	.title = N_("Funnel analytics"),
	.keymap = KM_ANALYTICS,
	.priv_size = sizeof(struct analytics_view),
	.open = analytics_open_cb,
	.draw = analytics_draw,
	.request = analytics_request,
	.idle = analytics_idle,
	.done = analytics_done,
	.hints =
	    (const struct view_hint[]){
		HINT("p", REQ_PERIOD_NEXT, N_("month/quarter/year")),
		HINT2("[", REQ_EARLIER, "]", REQ_LATER, N_("earlier/later")),
		HINT("@", REQ_AS_OF, N_("as of")),
		HINT("<Esc>", REQ_BACK, N_("back")),
		HINT("?", REQ_HELP, N_("help")),
		HINT_END,
	    },
};

void analytics_open(struct app *a)
{
	app_push(a, view_new(a, &analytics_ops));
}
