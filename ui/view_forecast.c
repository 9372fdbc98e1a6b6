/* view_forecast.c - screen 7: the manager's forecast.
 *
 * Data: report_forecast() (src/report/forecast.c): for this month or quarter, per rep,
 * the amounts closing in each forecast category (closed, commit, best case,
 * pipeline), the weighted open pipeline, the quota for the period and its
 * attainment. Shown as a table and as bars drawn with block characters:
 * closed, commit, best case and pipeline stacked, the quota marked '|'.
 * Keys: p month or quarter, [ ] the period before or after, j/k scroll.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "app.h"
#include "clock.h"
#include "i18n.h"
#include "layout.h"
#include "report/report.h"
#include "screens.h"
#include "utf8.h"
#include "view.h"
#include "xalloc.h"

struct forecast_view {
	struct forecast fc;
	bool pending; /* the figures are read between keys */
	bool quarter;
	int offset;
	int top;
};

static void forecast_open(struct view *v)
{
	struct forecast_view *f = v->priv;
	char today[11], first[11] = "", last[11] = "";

	clock_today(today);
	report_forecast_free(&f->fc);
	report_period_bounds(f->quarter ? REPORT_QUARTER : REPORT_MONTH, today, f->offset, first,
			     last);
	snprintf(v->subtitle, sizeof(v->subtitle), "%s %s .. %s",
		 f->quarter ? _("quarter") : _("month"), first, last);
	f->pending = true;
}

/* A quarter of a large team's deals is summed between keys. */
static bool forecast_idle(struct view *v)
{
	struct forecast_view *f = v->priv;
	char today[11];
	enum status st;

	if (!f->pending)
		return false;
	f->pending = false;
	clock_today(today);
	st = report_forecast(v->app->db, f->quarter ? REPORT_QUARTER : REPORT_MONTH, today,
			     f->offset, &f->fc);
	if (st != ST_OK && report_stopped()) {
		f->pending = true; /* a key came first: summed later */
		return true;
	}
	if (st != ST_OK)
		app_fail(v->app, st);
	snprintf(v->subtitle, sizeof(v->subtitle), "%s %s .. %s  (%s)",
		 f->quarter ? _("quarter") : _("month"), f->fc.first, f->fc.last, f->fc.currency);
	return false;
}

static void forecast_done(struct view *v)
{
	struct forecast_view *f = v->priv;

	report_forecast_free(&f->fc);
}

static char *pct(int64_t tenths)
{
	if (tenths < 0)
		return xstrdup("-");
	return xasprintf("%lld.%lld%%", (long long)(tenths / 10), (long long)(tenths % 10));
}

static void table_row(struct view *v, int y, const struct forecast_row *r, enum draw_attr a)
{
	struct forecast_view *f = v->priv;
	int64_t cells[6] = { r->quota,
			     r->by_category[FC_CLOSED],
			     r->by_category[FC_COMMIT],
			     r->by_category[FC_BEST_CASE],
			     r->by_category[FC_PIPELINE],
			     r->weighted };
	int i, x = 15;
	char *att = pct(r->attainment);

	draw_cell(y, 1, 13, r->name, a);
	for (i = 0; i < 6; i++, x += 10) {
		char *c = layout_compact(cells[i], f->fc.exponent);

		draw_cell_right(y, x, 9, c, a);
		free(c);
	}
	draw_cell_right(y, x, 7, att, r->attainment >= 1000 ? DA_GOOD : a);
	free(att);
}

static void forecast_draw(struct view *v)
{
	struct forecast_view *f = v->priv;
	static const char *const heads[] = { N_("Quota"),     N_("Closed"),   N_("Commit"),
					     N_("Best case"), N_("Pipeline"), N_("Weighted") };
	static const char *const blocks[] = { "\xe2\x96\x88", "\xe2\x96\x93", "\xe2\x96\x92",
					      "\xe2\x96\x91" };
	int rows = (v->h - 6) / 2, i, x, y = v->y, bar_w = v->w - 18;
	int64_t max = 1;
	size_t k;

	if (f->pending) {
		draw_text(y, 1, v->w - 2, _("summing the forecast..."), DA_DIM);
		return;
	}
	if (rows < 2)
		rows = 2;
	if (f->top > (int)f->fc.n - rows)
		f->top = (int)f->fc.n - rows;
	if (f->top < 0)
		f->top = 0;
	draw_fill(y, 0, v->w, DA_HEADER);
	draw_cell(y, 1, 13, _("Rep"), DA_HEADER);
	for (i = 0, x = 15; i < 6; i++, x += 10)
		draw_cell_right(y, x, 9, _(heads[i]), DA_HEADER);
	draw_cell_right(y, x, 7, _("Attain"), DA_HEADER);
	for (k = (size_t)f->top, i = 0; k < f->fc.n && i < rows; k++, i++)
		table_row(v, y + 1 + i, &f->fc.rows[k], DA_NORMAL);
	table_row(v, y + 1 + i, &f->fc.total, DA_SECTION);
	/* The bars: every rep on one scale, quota or forecast, whichever is larger. */
	for (k = 0; k < f->fc.n; k++) {
		const struct forecast_row *r = &f->fc.rows[k];
		int64_t sum = r->by_category[FC_CLOSED] + r->by_category[FC_COMMIT] +
			      r->by_category[FC_BEST_CASE] + r->by_category[FC_PIPELINE];

		if (sum > max)
			max = sum;
		if (r->quota > max)
			max = r->quota;
	}
	y += 3 + i;
	{
		char *legend = xasprintf("%s %s  %s %s  %s %s  %s %s  | %s", blocks[0], _("closed"),
					 blocks[1], _("commit"), blocks[2], _("best case"),
					 blocks[3], _("pipeline"), _("quota"));

		draw_text(y - 1, 1, v->w - 2, legend, DA_DIM);
		free(legend);
	}
	for (k = (size_t)f->top, i = 0; k < f->fc.n && y + i < v->y + v->h; k++, i++) {
		const struct forecast_row *r = &f->fc.rows[k];
		int64_t acc = 0;
		int c, start = 0, q;

		draw_cell(y + i, 1, 14, r->name, DA_NORMAL);
		for (c = 0; c < FC_COUNT; c++) {
			int end;

			acc += r->by_category[c];
			end = layout_bar(acc, max, bar_w);
			if (end > start)
				draw_bar(y + i, 16 + start, end - start, blocks[c],
					 (enum draw_attr)(DA_BAR1 + c));
			if (end > start)
				start = end;
		}
		if (r->quota > 0) {
			q = layout_bar(r->quota, max, bar_w);
			if (q >= bar_w)
				q = bar_w - 1;
			attrset(draw_attr(DA_SECTION));
			mvaddstr(y + i, 16 + q, "|");
			attrset(A_NORMAL);
		}
	}
}

static int forecast_request(struct view *v, enum request req)
{
	struct forecast_view *f = v->priv;

	switch (req) {
	case REQ_PERIOD_NEXT:
		f->quarter = !f->quarter;
		f->offset = 0;
		view_reload(v);
		return VR_HANDLED;
	case REQ_EARLIER:
	case REQ_LATER:
		f->offset += req == REQ_EARLIER ? -1 : 1;
		view_reload(v);
		return VR_HANDLED;
	case REQ_MOVE_DOWN:
	case REQ_PAGE_DOWN:
		f->top += req == REQ_MOVE_DOWN ? 1 : 10;
		return VR_HANDLED;
	case REQ_MOVE_UP:
	case REQ_PAGE_UP:
		f->top -= req == REQ_MOVE_UP ? 1 : 10;
		return VR_HANDLED;
	case REQ_MOVE_FIRST:
		f->top = 0;
		return VR_HANDLED;
	case REQ_MOVE_LAST:
		f->top = (int)f->fc.n;
		return VR_HANDLED;
	default:
		return VR_UNHANDLED;
	}
}

const struct view_ops forecast_ops = {
	.title = N_("Forecast"),
	.keymap = KM_FORECAST,
	.priv_size = sizeof(struct forecast_view),
	.open = forecast_open,
	.draw = forecast_draw,
	.request = forecast_request,
	.idle = forecast_idle,
	.done = forecast_done,
	.hints =
	    (const struct view_hint[]){
		HINT("p", REQ_PERIOD_NEXT, N_("month/quarter")),
		HINT2("[", REQ_EARLIER, "]", REQ_LATER, N_("earlier/later")),
		HINT2("j", REQ_MOVE_DOWN, "k", REQ_MOVE_UP, N_("scroll")),
		HINT("?", REQ_HELP, N_("help")),
		HINT("q", REQ_QUIT, N_("quit")),
		HINT_END,
	    },
};
