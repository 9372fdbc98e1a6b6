/* view_changes.c - what changed in the pipeline, opened with c on the
 * Forecast screen (7).
 *
 * Data: history_changes() (src/report/history.h) for the period the
 * Forecast screen showed and the scope the current user may see, since a
 * week, four weeks or thirteen weeks back, computed between keys: per
 * currency a waterfall from the pipeline then to the pipeline now, one line
 * per group of deals (new, moved in, pushed out, pulled out, won, lost,
 * amount up or down, currency, category up or down) with its count and
 * amount, then the flow of forecast categories then and now.
 * Keys: j/k a group, Enter its deals with their values then and now (Esc
 * back to the groups), w since a week/4 weeks/13 weeks back, p
 * month/quarter/year, [ ] the period before or after, Esc back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "clock.h"
#include "i18n.h"
#include "money.h"
#include "record.h"
#include "report/history.h"
#include "report/scope.h"
#include "report/span.h"
#include "screens.h"
#include "utf8.h"
#include "view.h"
#include "xalloc.h"

static const int since_weeks[] = { 1, 4, 13 };

/* One line of the waterfall: a currency's then, a group, or its now. */
struct wline {
	size_t money;
	int reason; /* -1 then, -2 now */
};

struct changes_view {
	struct changes c;
	struct report_span span;
	int weeks; /* index into since_weeks */
	char since_date[11];
	bool pending, failed;
	struct wline *lines;
	size_t nlines;
	int sel, top;
	int open; /* the group whose deals are listed, -1: the waterfall */
	size_t open_money;
};

static void set_subtitle(struct view *v)
{
	struct changes_view *f = v->priv;
	char label[24];

	report_span_label(&f->span, label);
	snprintf(v->subtitle, sizeof(v->subtitle), _("%s  %s .. %s  since %s"), label,
		 f->span.first, f->span.last, f->since_date);
}

static void changes_open_cb(struct view *v)
{
	struct changes_view *f = v->priv;
	char today[11];

	clock_today(today);
	clock_date_add_days(today, -7 * since_weeks[f->weeks], f->since_date);
	history_changes_free(&f->c);
	free(f->lines);
	f->lines = NULL;
	f->nlines = 0;
	f->pending = true;
	f->failed = false;
	f->open = -1;
	f->sel = f->top = 0;
	set_subtitle(v);
}

static bool scope_includes(const char *owner, void *ctx)
{
	return report_scope_includes(ctx, owner);
}

static void add_line(struct changes_view *f, size_t money, int reason)
{
	f->lines = xreallocarray(f->lines, f->nlines + 1, sizeof(*f->lines));
	f->lines[f->nlines++] = (struct wline){ money, reason };
}

static bool changes_idle(struct view *v)
{
	struct changes_view *f = v->priv;
	struct report_scope_request req = { 0 };
	struct report_scope scope;
	char since[21], end[21];
	enum status st;

	if (!f->pending)
		return false;
	st = report_scope_resolve(v->app->db, &req, &scope);
	if (st == ST_OK) {
		report_day_range(f->since_date, f->since_date, since, end);
		st = history_changes(v->app->db, f->span.first, f->span.last, since, scope_includes,
				     &scope, &f->c);
		report_scope_free(&scope);
	}
	if (st != ST_OK && report_stopped())
		return true; /* a key came first: computed later */
	f->pending = false;
	if (st != ST_OK) {
		f->failed = true;
		app_fail(v->app, st);
		return false;
	}
	for (size_t m = 0; m < f->c.nmoney; m++) {
		add_line(f, m, -1);
		for (int r = 0; r < CH_REASONS; r++)
			if (f->c.money[m].count[r] || f->c.money[m].delta[r])
				add_line(f, m, r);
		add_line(f, m, -2);
	}
	return false;
}

static void changes_done(struct view *v)
{
	struct changes_view *f = v->priv;

	history_changes_free(&f->c);
	free(f->lines);
	f->lines = NULL;
}

/* An amount with its currency's sign, "+" before a rise when sign. */
static char *signed_amount(int64_t minor, const char *currency, bool sign)
{
	char *m = money_text(minor, currency, MONEY_FULL), *out;

	if (!sign || minor <= 0)
		return m;
	out = xasprintf("+%s", m);
	free(m);
	return out;
}

static void draw_waterfall(struct view *v, int y, int ymax)
{
	struct changes_view *f = v->priv;
	int name_w = 22, i;

	draw_fill(y, 0, v->w, DA_HEADER);
	draw_cell(y, 1, name_w, _("Pipeline"), DA_HEADER);
	draw_cell(y, 1 + name_w + 1, 4, _("Cur"), DA_HEADER);
	draw_cell_right(y, 1 + name_w + 6, 6, _("Deals"), DA_HEADER);
	draw_cell_right(y, 1 + name_w + 13, 18, _("Amount"), DA_HEADER);
	y++;
	if (f->sel < f->top)
		f->top = f->sel;
	if (f->sel >= f->top + (ymax - y))
		f->top = f->sel - (ymax - y) + 1;
	for (i = f->top; i < (int)f->nlines && y < ymax; i++, y++) {
		const struct wline *l = &f->lines[i];
		const struct change_money *m = &f->c.money[l->money];
		enum draw_attr a = i == f->sel ? DA_CURSOR : l->reason < 0 ? DA_SECTION : DA_NORMAL;
		const char *label = l->reason == -1   ? _("Then")
				    : l->reason == -2 ? _("Now")
						      : _(history_reason_labels[l->reason]);
		char *amount = signed_amount(l->reason == -1   ? m->then
					     : l->reason == -2 ? m->now
							       : m->delta[l->reason],
					     m->currency, l->reason >= 0);
		char *n = l->reason >= 0 ? count_text(m->count[l->reason]) : xstrdup("");

		draw_fill(y, 0, v->w, a);
		draw_cell(y, 1, name_w, label, a);
		draw_cell(y, 1 + name_w + 1, 4, m->currency, a);
		draw_cell_right(y, 1 + name_w + 6, 6, n, a);
		draw_cell_right(y, 1 + name_w + 13, 18, amount, a);
		free(amount);
		free(n);
	}
	/* The flow of categories, when there is room. */
	if (ymax - y >= HC_COUNT + 2) {
		static const char *const heads[HC_COUNT] = { N_("none"),   N_("pipe"),
							     N_("best"),   N_("commit"),
							     N_("closed"), N_("omitted") };

		y++;
		draw_fill(y, 0, v->w, DA_HEADER);
		draw_cell(y, 1, 14, _("Then \\ now"), DA_HEADER);
		for (int j = 0; j < HC_COUNT; j++)
			draw_cell_right(y, 16 + j * 9, 8, _(heads[j]), DA_HEADER);
		for (int r = 0; r < HC_COUNT && ++y < ymax; r++) {
			draw_cell(y, 1, 14, _(heads[r]), DA_NORMAL);
			for (int j = 0; j < HC_COUNT; j++) {
				char *n = count_text(f->c.flow[r][j]);

				draw_cell_right(y, 16 + j * 9, 8, n,
						f->c.flow[r][j] ? DA_NORMAL : DA_DIM);
				free(n);
			}
		}
	}
}

static bool deal_in_group(struct db *db, const struct changes_view *f, const struct change_deal *d)
{
	const struct deal_state *s = d->then ? d->then : d->now;
	const char *cur = f->c.money[f->open_money].currency;

	if ((int)d->reason != f->open)
		return false;
	if (d->reason == CH_CURRENCY)
		return (d->then && d->then->currency && strcmp(d->then->currency, cur) == 0) ||
		       (d->now && d->now->currency && strcmp(d->now->currency, cur) == 0);
	return s->currency ? strcmp(s->currency, cur) == 0
			   : strcmp(cur, record_default_currency(db)) == 0;
}

/* The width of the widest amount of the open group's deals, then and now
 * (at least 12): the amounts are never cut, the names give way. Only the
 * smallest and the largest are formatted; the others are no wider. */
static int amounts_width(struct view *v)
{
	struct changes_view *f = v->priv;
	const char *cur = f->c.money[f->open_money].currency;
	int64_t lo = 0, hi = 0;
	int w = 12;

	for (size_t i = 0; i < f->c.ndeals; i++) {
		const struct change_deal *d = &f->c.deals[i];

		if (!deal_in_group(v->app->db, f, d))
			continue;
		for (int side = 0; side < 2; side++) {
			const struct deal_state *s = side ? d->now : d->then;

			if (s && s->amount < lo)
				lo = s->amount;
			if (s && s->amount > hi)
				hi = s->amount;
		}
	}
	for (int k = 0; k < 2; k++) {
		char *m = signed_amount(k ? hi : lo, cur, false);

		if (utf8_width(m) > w)
			w = utf8_width(m);
		free(m);
	}
	return w;
}

static void draw_deals(struct view *v, int y, int ymax)
{
	struct changes_view *f = v->priv;
	int aw = amounts_width(v), name_w = v->w - 2 - 2 * (aw + 1) - 2 * 11 - 4, row = 0, i;
	char *title =
	    xasprintf(_("%s (%s): the deals, then and now"), _(history_reason_labels[f->open]),
		      f->c.money[f->open_money].currency);

	if (name_w < 12)
		name_w = 12;
	draw_text(y++, 1, v->w - 2, title, DA_SECTION);
	free(title);
	draw_fill(y, 0, v->w, DA_HEADER);
	draw_cell(y, 1, name_w, _("Deal"), DA_HEADER);
	draw_cell_right(y, 1 + name_w + 1, aw, _("Then"), DA_HEADER);
	draw_cell_right(y, 1 + name_w + aw + 2, aw, _("Now"), DA_HEADER);
	draw_cell(y, 1 + name_w + 2 * aw + 4, 10, _("Close then"), DA_HEADER);
	draw_cell(y, 1 + name_w + 2 * aw + 15, 10, _("Close now"), DA_HEADER);
	y++;
	for (i = 0; i < (int)f->c.ndeals && y < ymax; i++) {
		const struct change_deal *d = &f->c.deals[i];
		const struct deal_state *any = d->now ? d->now : d->then;
		char *t, *n;

		if (!deal_in_group(v->app->db, f, d))
			continue;
		if (row++ < f->top)
			continue;
		t = d->then ? signed_amount(d->then->amount, d->then->currency, false)
			    : xstrdup("-");
		n = d->now ? signed_amount(d->now->amount, d->now->currency, false) : xstrdup("-");
		draw_cell(y, 1, name_w, any->name, DA_NORMAL);
		draw_cell_right(y, 1 + name_w + 1, aw, t, DA_NORMAL);
		draw_cell_right(y, 1 + name_w + aw + 2, aw, n, DA_NORMAL);
		draw_cell(y, 1 + name_w + 2 * aw + 4, 10,
			  d->then && d->then->close_date ? d->then->close_date : "-", DA_DIM);
		draw_cell(y, 1 + name_w + 2 * aw + 15, 10,
			  d->now && d->now->close_date ? d->now->close_date : "-", DA_NORMAL);
		free(t);
		free(n);
		y++;
	}
}

static void changes_draw(struct view *v)
{
	struct changes_view *f = v->priv;
	int y = v->y, ymax = v->y + v->h;

	if (f->pending) {
		draw_text(y, 1, v->w - 2, _("computing what changed..."), DA_DIM);
		return;
	}
	if (f->failed)
		return;
	if (f->nlines == 0) {
		draw_text(y, 1, v->w - 2, _("No deals in this period's pipeline, then or now."),
			  DA_DIM);
		return;
	}
	if (f->open >= 0)
		draw_deals(v, y, ymax);
	else
		draw_waterfall(v, y, ymax);
}

static int changes_request(struct view *v, enum request req)
{
	struct changes_view *f = v->priv;
	struct report_span next;

	switch (req) {
	case REQ_SINCE_NEXT:
		f->weeks = (f->weeks + 1) % (int)(sizeof(since_weeks) / sizeof(since_weeks[0]));
		view_reload(v);
		return VR_HANDLED;
	case REQ_PERIOD_NEXT: {
		enum report_period k = f->span.kind == REPORT_MONTH	? REPORT_QUARTER
				       : f->span.kind == REPORT_QUARTER ? REPORT_YEAR
									: REPORT_MONTH;

		if (report_span_of(k, f->span.first, &next))
			f->span = next;
		view_reload(v);
		return VR_HANDLED;
	}
	case REQ_EARLIER:
	case REQ_LATER:
		if (report_span_step(&f->span, req == REQ_EARLIER ? -1 : 1, &next))
			f->span = next;
		view_reload(v);
		return VR_HANDLED;
	case REQ_OPEN:
		if (f->open < 0 && f->sel < (int)f->nlines && f->lines[f->sel].reason >= 0) {
			f->open = f->lines[f->sel].reason;
			f->open_money = f->lines[f->sel].money;
			f->top = 0;
		}
		return VR_HANDLED;
	case REQ_BACK:
		if (f->open < 0)
			return VR_UNHANDLED;
		f->open = -1;
		f->top = 0;
		return VR_HANDLED;
	case REQ_MOVE_DOWN:
	case REQ_MOVE_UP:
		if (f->open >= 0) {
			f->top += req == REQ_MOVE_DOWN ? 1 : -1;
			if (f->top < 0)
				f->top = 0;
			return VR_HANDLED;
		}
		f->sel += req == REQ_MOVE_DOWN ? 1 : -1;
		if (f->sel >= (int)f->nlines)
			f->sel = (int)f->nlines - 1;
		if (f->sel < 0)
			f->sel = 0;
		return VR_HANDLED;
	default:
		return VR_UNHANDLED;
	}
}

const struct view_ops changes_ops = {
	.title = N_("What changed"),
	.keymap = KM_CHANGES,
	.priv_size = sizeof(struct changes_view),
	.open = changes_open_cb,
	.draw = changes_draw,
	.request = changes_request,
	.idle = changes_idle,
	.done = changes_done,
	.hints =
	    (const struct view_hint[]){
		HINT("Enter", REQ_OPEN, N_("deals")),
		HINT("w", REQ_SINCE_NEXT, N_("since")),
		HINT("p", REQ_PERIOD_NEXT, N_("period")),
		HINT2("[", REQ_EARLIER, "]", REQ_LATER, N_("earlier/later")),
		HINT("<Esc>", REQ_BACK, N_("back")),
		HINT_END,
	    },
};

void changes_open(struct app *a, const struct report_span *span)
{
	struct view *v = view_new(a, &changes_ops);
	struct changes_view *f = v->priv;

	f->span = *span;
	app_push(a, v);
}
