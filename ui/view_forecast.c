/* view_forecast.c - screen 7: the forecast of a period, per rep, territory
 * and team.
 *
 * Data: report_forecast() (src/report/forecast.h) for the period and the
 * scope the current user may see (a manager the team, a rep their own
 * figures: src/report/scope.h), computed between keys: won, commit, best
 * case, pipeline, omitted, weighted, quota, attainment, gap and coverage.
 * Amounts are whole units with separators when the terminal is wide enough
 * for every figure, else shortened (1.2M) with the less important columns
 * dropped from the right, so the table never wraps (80x24 up). Deals in
 * other currencies are not added in: a line under the table says so, with
 * their sums. Bars below, when there is room: won, commit, best case and
 * pipeline stacked, the quota marked '|'.
 * A manager's adjustments of the period show beside the figures they adjust
 * (Adj C, Adj B); A records one for the selected rep (src/adjustment.h).
 * Keys: p month/quarter/year, [ ] the period before or after, j/k a rep,
 * c what changed since a week back (ui/view_changes.c), S freeze the figures
 * as a forecast snapshot, A adjust, Enter the selected rep's profile
 * (ui/view_rep.c), @ the figures as they stood at the end of a date
 * (report_forecast_as_of(), src/report/history.h; empty: now), V (a
 * manager) whether reps see colleagues' quotas and attainment: the title
 * says which way it is, and a rep it lets see them gets each colleague's
 * quota, won, attainment and gap under their own row (src/setting.h).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adjustment.h"
#include "app.h"
#include "clock.h"
#include "i18n.h"
#include "layout.h"
#include "money.h"
#include "prompt.h"
#include "report/forecast.h"
#include "report/history.h"
#include "report/scope.h"
#include "report/snapshot.h"
#include "report/span.h"
#include "screens.h"
#include "setting.h"
#include "strbuf.h"
#include "utf8.h"
#include "view.h"
#include "xalloc.h"

/* The columns in screen order; fcol_drop says which go first when the
 * terminal is narrow. The adjusted columns show only when the period has
 * adjustments. */
enum fcol {
	FCOL_NAME,
	FCOL_QUOTA,
	FCOL_WON,
	FCOL_COMMIT,
	FCOL_ADJ_COMMIT,
	FCOL_BEST,
	FCOL_ADJ_BEST,
	FCOL_PIPELINE,
	FCOL_WEIGHTED,
	FCOL_ATTAIN,
	FCOL_COVER,
	FCOL_GAP,
	FCOL_OMITTED,
	FCOL_COUNT
};

static const char *const fcol_titles[FCOL_COUNT] = {
	[FCOL_NAME] = N_("Rep"),	  [FCOL_QUOTA] = N_("Quota"),
	[FCOL_WON] = N_("Won"),		  [FCOL_COMMIT] = N_("Commit"),
	[FCOL_ADJ_COMMIT] = N_("Adj C"),  [FCOL_BEST] = N_("Best case"),
	[FCOL_ADJ_BEST] = N_("Adj B"),	  [FCOL_PIPELINE] = N_("Pipeline"),
	[FCOL_WEIGHTED] = N_("Weighted"), [FCOL_ATTAIN] = N_("Attain"),
	[FCOL_COVER] = N_("Cover"),	  [FCOL_GAP] = N_("Gap"),
	[FCOL_OMITTED] = N_("Omitted"),
};

/* The order in which columns are dropped to fit, first dropped first. */
static const enum fcol fcol_drop[] = { FCOL_OMITTED,  FCOL_GAP,	     FCOL_COVER,
				       FCOL_PIPELINE, FCOL_WEIGHTED, FCOL_ADJ_BEST,
				       FCOL_BEST,     FCOL_QUOTA,    FCOL_COMMIT };

struct forecast_view {
	struct forecast fc;
	struct report_span span;
	bool have_span;
	bool pending; /* the figures are read between keys */
	bool failed;
	int sel, top;
	char as_of[11]; /* "YYYY-MM-DD": the figures as they stood then; "": now */
	bool team;	/* a database with users: the quota visibility is shown */
	enum quota_visibility quotas;
};

static void set_subtitle(struct view *v)
{
	struct forecast_view *f = v->priv;
	char label[24];

	report_span_label(&f->span, label);
	if (f->team && !f->pending) {
		/* Which way the manager set it, after the period. */
		const char *vis = f->quotas == QUOTA_VISIBLE_TEAM ? _("reps see all quotas")
								  : _("reps see own quota");

		if (*f->as_of)
			snprintf(v->subtitle, sizeof(v->subtitle),
				 _("%s  %s .. %s  as of %s  %s  %s"), label, f->span.first,
				 f->span.last, f->as_of, f->fc.currency, vis);
		else
			snprintf(v->subtitle, sizeof(v->subtitle), "%s  %s .. %s  %s  %s", label,
				 f->span.first, f->span.last, f->fc.currency, vis);
		return;
	}
	if (*f->as_of)
		snprintf(v->subtitle, sizeof(v->subtitle), _("%s  %s .. %s  as of %s%s%s"), label,
			 f->span.first, f->span.last, f->as_of, f->pending ? "" : "  ",
			 f->pending ? "" : f->fc.currency);
	else
		snprintf(v->subtitle, sizeof(v->subtitle), "%s  %s .. %s%s%s", label, f->span.first,
			 f->span.last, f->pending ? "" : "  ", f->pending ? "" : f->fc.currency);
}

/* The rows that scroll: the scope's reps, then the colleagues a rep may see. */
static int body_rows(const struct forecast *fc)
{
	return (int)(fc->n + fc->ncolleagues);
}

/* The selected rep of the scope, or NULL (a colleague's row, none). */
static const struct forecast_row *selected(const struct forecast_view *f)
{
	return f->sel >= 0 && f->sel < (int)f->fc.n ? &f->fc.rows[f->sel] : NULL;
}

static void forecast_open(struct view *v)
{
	struct forecast_view *f = v->priv;
	char today[11];

	if (!f->have_span) {
		clock_today(today);
		f->have_span = report_span_of(REPORT_QUARTER, today, &f->span);
	}
	report_forecast_free(&f->fc);
	f->pending = true;
	f->failed = false;
	set_subtitle(v);
}

/* A quarter of a large team's deals is summed between keys. */
static bool forecast_idle(struct view *v)
{
	struct forecast_view *f = v->priv;
	struct report_scope_request req = { 0 };
	struct report_scope scope;
	char before[21];
	enum status st;

	if (!f->pending)
		return false;
	if (*f->as_of && !history_end_of_day(f->as_of, before))
		f->as_of[0] = '\0';
	st = report_scope_resolve(v->app->db, &req, &scope);
	if (st == ST_OK) {
		f->team = scope.viewer != NULL;
		f->quotas = setting_quota_visibility(v->app->db, NULL, NULL);
		st = report_forecast_as_of(v->app->db, &f->span, &scope, *f->as_of ? before : NULL,
					   &f->fc);
		report_scope_free(&scope);
	}
	if (st != ST_OK && report_stopped()) {
		report_forecast_free(&f->fc);
		return true; /* a key came first: summed later */
	}
	f->pending = false;
	if (st != ST_OK) {
		report_forecast_free(&f->fc);
		f->failed = true;
		app_fail(v->app, st);
	}
	if (f->sel >= body_rows(&f->fc))
		f->sel = body_rows(&f->fc) ? body_rows(&f->fc) - 1 : 0;
	set_subtitle(v);
	return false;
}

static void forecast_done(struct view *v)
{
	struct forecast_view *f = v->priv;

	report_forecast_free(&f->fc);
}

/* Whole units with thousands separators, rounded. Caller frees. */
static char *whole_units(int64_t minor, int exponent)
{
	int64_t unit = 1, q;
	int i;

	for (i = 0; i < exponent && i < 18; i++)
		unit *= 10;
	q = minor / unit;
	if ((minor % unit) * 2 >= unit)
		q++;
	else if ((minor % unit) * 2 <= -unit)
		q--;
	return money_format(q, 0, true);
}

static char *tenths_text(int64_t tenths, const char *suffix)
{
	if (tenths < 0)
		return xstrdup("-");
	return xasprintf("%lld.%lld%s", (long long)(tenths / 10), (long long)(tenths % 10), suffix);
}

/* The text of column c for row r. Caller frees. */
static char *cell_text(const struct forecast *fc, const struct forecast_row *r, int c, bool full)
{
	int64_t v;

	switch (c) {
	case FCOL_NAME:
		return xstrdup(r->name ? r->name : "-");
	case FCOL_QUOTA:
	case FCOL_WON:
	case FCOL_ATTAIN:
	case FCOL_GAP:
		break;
	default:
		/* A colleague's pipeline is not shown to a rep: only quota and won. */
		if (r->colleague)
			return xstrdup("");
		break;
	}
	switch (c) {
	case FCOL_ATTAIN:
		return tenths_text(r->attainment, "%");
	case FCOL_COVER:
		return tenths_text(r->coverage, "x");
	case FCOL_QUOTA:
		if (r->quota == 0)
			return xstrdup("-");
		v = r->quota;
		break;
	case FCOL_GAP:
		if (r->quota == 0)
			return xstrdup("-");
		v = r->gap;
		break;
	case FCOL_WON:
		v = r->by_category[FC_CLOSED];
		break;
	case FCOL_COMMIT:
		v = r->by_category[FC_COMMIT];
		break;
	case FCOL_ADJ_COMMIT:
		if (!r->commit_adjusted)
			return xstrdup("-");
		v = r->adj_commit;
		break;
	case FCOL_ADJ_BEST:
		if (!r->best_adjusted)
			return xstrdup("-");
		v = r->adj_best_case;
		break;
	case FCOL_BEST:
		v = r->by_category[FC_BEST_CASE];
		break;
	case FCOL_PIPELINE:
		v = r->by_category[FC_PIPELINE];
		break;
	case FCOL_WEIGHTED:
		v = r->weighted;
		break;
	default:
		v = r->by_category[FC_OMITTED];
		break;
	}
	return full ? whole_units(v, fc->exponent) : layout_compact(v, fc->exponent);
}

/* The rows of the table: reps, colleagues, then territory subtotals when
 * there are several, then the total (unless it would repeat a single rep's
 * row). */
static size_t table_rows(const struct forecast *fc, const struct forecast_row **out, size_t max)
{
	size_t n = 0, i;

	for (i = 0; i < fc->n && n < max; i++)
		out[n++] = &fc->rows[i];
	for (i = 0; i < fc->ncolleagues && n < max; i++)
		out[n++] = &fc->colleagues[i];
	for (i = 0; fc->nterritories > 1 && i < fc->nterritories && n < max; i++)
		out[n++] = &fc->territories[i];
	if (n < max && fc->n != 1)
		out[n++] = &fc->total;
	return n;
}

/* Room for every row table_rows() may give. */
#define TABLE_MAX(fc) ((fc)->n + (fc)->ncolleagues + (fc)->nterritories + 1)

/* Column widths for the terminal: whole amounts when every column fits. */
static void plan_columns(const struct forecast *fc, int avail, int *width, bool *full)
{
	int want[FCOL_COUNT], c, used = 0, fullw = 0;
	const struct forecast_row *r, **rows = xcalloc(TABLE_MAX(fc), sizeof(*rows));
	size_t i, k, n = table_rows(fc, rows, TABLE_MAX(fc));

	for (int pass = 0; pass < 2; pass++) {
		*full = pass == 0;
		for (c = 0; c < FCOL_COUNT; c++)
			want[c] = utf8_width(_(fcol_titles[c]));
		want[FCOL_NAME] = 12;
		for (i = 0; i < n; i++) {
			r = rows[i];
			for (c = 1; c < FCOL_COUNT; c++) {
				char *s = cell_text(fc, r, c, *full);
				int w = utf8_width(s);

				if (w > want[c])
					want[c] = w;
				free(s);
			}
		}
		/* Without adjustments in the period, no adjusted columns. */
		if (!fc->total.commit_adjusted && !fc->total.best_adjusted)
			want[FCOL_ADJ_COMMIT] = want[FCOL_ADJ_BEST] = -2;
		for (c = 0, fullw = 0; c < FCOL_COUNT; c++)
			fullw += want[c] + 2;
		if (!*full || fullw - 2 <= avail)
			break;
	}
	free(rows);
	for (c = 0; c < FCOL_COUNT; c++)
		width[c] = want[c];
	/* Drop the least important columns until the rest fit; the name takes
	 * what is left. */
	for (k = 0;; k++) {
		for (c = 0, used = -2; c < FCOL_COUNT; c++)
			used += width[c] + 2;
		/* A name may lose a few columns (clipped with ~) before a figure
		 * goes. */
		if (used - avail <= width[FCOL_NAME] - 8 ||
		    k >= sizeof(fcol_drop) / sizeof(fcol_drop[0]))
			break;
		width[fcol_drop[k]] = -2;
	}
	for (c = 0; c < FCOL_COUNT; c++)
		if (width[c] < 0)
			width[c] = 0;
	if (used < avail)
		width[FCOL_NAME] += avail - used;
	else if (used > avail && width[FCOL_NAME] - (used - avail) >= 4)
		width[FCOL_NAME] -= used - avail;
}

static void draw_row(const struct forecast *fc, const struct forecast_row *r, int y,
		     const int *width, bool full, enum draw_attr a)
{
	int c, x = 1;

	for (c = 0; c < FCOL_COUNT; c++) {
		char *s;

		if (width[c] == 0)
			continue;
		s = cell_text(fc, r, c, full);
		if (c == FCOL_NAME)
			draw_cell(y, x, width[c], s, a);
		else
			draw_cell_right(y, x, width[c], s,
					c == FCOL_ATTAIN && r->attainment >= 1000 && a == DA_NORMAL
					    ? DA_GOOD
					    : a);
		free(s);
		x += width[c] + 2;
	}
}

/* One line per other currency: its deals and sums, not added in. */
static int draw_apart(struct view *v, int y, int ymax)
{
	struct forecast_view *f = v->priv;
	size_t i, k;
	int lines = 0;

	for (i = 0; i < f->fc.napart && y + lines < ymax; i++) {
		const struct forecast_apart *p = &f->fc.apart[i];
		int64_t deals = 0, won = 0, open = 0;
		char *w, *o, *n, *line;
		bool seen = false;

		for (k = 0; k < i; k++)
			seen = seen || strcmp(f->fc.apart[k].currency, p->currency) == 0;
		if (seen)
			continue;
		for (k = i; k < f->fc.napart; k++) {
			const struct forecast_apart *q = &f->fc.apart[k];

			if (strcmp(q->currency, p->currency) != 0)
				continue;
			deals += q->deals;
			won += q->by_category[FC_CLOSED];
			open += q->by_category[FC_COMMIT] + q->by_category[FC_BEST_CASE] +
				q->by_category[FC_PIPELINE];
		}
		w = layout_compact(won, p->exponent);
		o = layout_compact(open, p->exponent);
		n = count_text(deals);
		line = xasprintf(ngettext("+ %s deal in %s, not added in: won %s, open %s %s",
					  "+ %s deals in %s, not added in: won %s, open %s %s",
					  (unsigned long)deals),
				 n, p->currency, w, o, p->currency);
		free(n);
		draw_text(y + lines++, 1, v->w - 2, line, DA_WARN);
		free(line);
		free(w);
		free(o);
	}
	if (f->fc.undated && y + lines < ymax) {
		char *n = count_text(f->fc.undated);
		char *line =
		    xasprintf(ngettext("+ %s open deal without a close date (in no period)",
				       "+ %s open deals without a close date (in no period)",
				       (unsigned long)f->fc.undated),
			      n);

		free(n);
		draw_text(y + lines++, 1, v->w - 2, line, DA_DIM);
		free(line);
	}
	return lines;
}

static void draw_bars(struct view *v, int y, int h, int first)
{
	struct forecast_view *f = v->priv;
	static const char *const blocks[] = { "\xe2\x96\x88", "\xe2\x96\x93", "\xe2\x96\x92",
					      "\xe2\x96\x91" };
	int name_w = 14, bar_w = v->w - name_w - 4, i;
	int64_t max = 1;
	size_t k;
	char *legend;

	if (h < 3 || bar_w < 10)
		return;
	for (k = 0; k < f->fc.n; k++) {
		const struct forecast_row *r = &f->fc.rows[k];
		int64_t sum = r->by_category[FC_CLOSED] + r->open;

		if (sum > max)
			max = sum;
		if (r->quota > max)
			max = r->quota;
	}
	legend =
	    xasprintf("%s %s  %s %s  %s %s  %s %s  | %s", blocks[0], _("won"), blocks[1],
		      _("commit"), blocks[2], _("best case"), blocks[3], _("pipeline"), _("quota"));
	draw_text(y, 1, v->w - 2, legend, DA_DIM);
	free(legend);
	for (k = (size_t)first, i = 1; k < f->fc.n && i < h; k++, i++) {
		const struct forecast_row *r = &f->fc.rows[k];
		int64_t acc = 0;
		int c, start = 0, q;

		draw_cell(y + i, 1, name_w, r->name, DA_NORMAL);
		for (c = 0; c < 4; c++) {
			int end;

			acc += r->by_category[c];
			end = layout_bar(acc, max, bar_w);
			if (end > start) {
				draw_bar(y + i, name_w + 2 + start, end - start, blocks[c],
					 (enum draw_attr)(DA_BAR1 + c));
				start = end;
			}
		}
		if (r->quota > 0) {
			q = layout_bar(r->quota, max, bar_w);
			if (q >= bar_w)
				q = bar_w - 1;
			attrset(draw_attr(DA_SECTION));
			mvaddstr(y + i, name_w + 2 + q, "|");
			attrset(A_NORMAL);
		}
	}
}

static void forecast_draw(struct view *v)
{
	struct forecast_view *f = v->priv;
	const struct forecast_row **rows;
	int width[FCOL_COUNT], c, x, y = v->y, ymax = v->y + v->h, body, nrep, fixed, i;
	size_t n;
	bool full;

	if (f->pending) {
		draw_text(y, 1, v->w - 2, _("summing the forecast..."), DA_DIM);
		return;
	}
	if (f->failed)
		return;
	rows = xcalloc(TABLE_MAX(&f->fc), sizeof(*rows));
	n = table_rows(&f->fc, rows, TABLE_MAX(&f->fc));
	plan_columns(&f->fc, v->w - 2, width, &full);
	draw_fill(y, 0, v->w, DA_HEADER);
	for (c = 0, x = 1; c < FCOL_COUNT; c++) {
		if (width[c] == 0)
			continue;
		if (c == FCOL_NAME)
			draw_cell(y, x, width[c], _(fcol_titles[c]), DA_HEADER);
		else
			draw_cell_right(y, x, width[c], _(fcol_titles[c]), DA_HEADER);
		x += width[c] + 2;
	}
	y++;
	/* The subtotals and total stay; the reps scroll in what is left, keeping
	 * a line for each other currency's note when there is room. */
	fixed = (int)n - body_rows(&f->fc);
	body = ymax - y - fixed - (int)f->fc.napart - (f->fc.undated ? 1 : 0);
	if (body < 3)
		body = ymax - y - fixed;
	nrep = body_rows(&f->fc) < body ? body_rows(&f->fc) : body;
	if (nrep < 0)
		nrep = 0;
	f->top = layout_scroll(f->sel, f->top, nrep, body_rows(&f->fc));
	for (i = 0; i < nrep && f->top + i < body_rows(&f->fc); i++)
		draw_row(&f->fc, rows[f->top + i], y + i, width, full,
			 f->top + i == f->sel	       ? DA_CURSOR
			 : rows[f->top + i]->colleague ? DA_DIM
						       : DA_NORMAL);
	y += i;
	for (i = body_rows(&f->fc); i < (int)n && y < ymax; i++, y++)
		draw_row(&f->fc, rows[i], y, width, full, i == (int)n - 1 ? DA_SECTION : DA_DIM);
	free(rows);
	y += draw_apart(v, y, ymax);
	if (ymax - y >= 4)
		draw_bars(v, y + 1, ymax - y - 1, f->top);
}

/* S: freeze the figures of span as the user may see them (src/report/snapshot.h). */
static void forecast_snapshot(struct view *v, const struct report_span *span)
{
	struct report_scope_request req = { 0 };
	char *id = NULL, label[24];
	enum status st = snapshot_take(v->app->db, span, &req, NULL, &id);

	if (st != ST_OK) {
		app_fail(v->app, st);
		return;
	}
	report_span_label(span, label);
	app_status(v->app, _("Forecast %s frozen as snapshot %.8s (salesterm forecast compare)"),
		   label, id);
	free(id);
}

/* Ask for the selected rep's adjusted commit, best case and a note, and
 * record them; the core refuses a rep (only managers adjust). */
static void adjust_selected(struct view *v)
{
	struct forecast_view *f = v->priv;
	const struct forecast_row *r;
	struct adjustment_input in = { 0 };
	char label[24], *q, *commit = NULL, *best = NULL, *note = NULL, *now;
	enum status st;

	if (f->pending || selected(f) == NULL || selected(f)->owner == NULL)
		return;
	if (f->span.kind == REPORT_CUSTOM) {
		app_error(v->app, "%s", _("adjust a month, a quarter or a year (p)"));
		return;
	}
	r = &f->fc.rows[f->sel];
	report_span_label(&f->span, label);
	now = money_format(r->commit_adjusted ? r->adj_commit : r->by_category[FC_COMMIT],
			   f->fc.exponent, false);
	q = xasprintf(_("Commit of %s for %s (empty: not adjusted): "), r->name, label);
	commit = prompt_text(v->app, q, now, NULL, NULL);
	free(q);
	free(now);
	if (commit == NULL)
		return;
	now = money_format(r->best_adjusted ? r->adj_best_case : r->by_category[FC_BEST_CASE],
			   f->fc.exponent, false);
	q = xasprintf(_("Best case of %s for %s (empty: not adjusted): "), r->name, label);
	best = prompt_text(v->app, q, now, NULL, NULL);
	free(q);
	free(now);
	if (best != NULL)
		note = prompt_text(v->app, _("Note: "), "", NULL, NULL);
	if (best != NULL && note != NULL) {
		in.rep = r->owner;
		in.period = label;
		in.commit = *commit ? commit : NULL;
		in.best_case = *best ? best : NULL;
		in.note = *note ? note : NULL;
		st = adjustment_add(v->app->db, &in, NULL);
		if (st != ST_OK) {
			app_fail(v->app, st);
		} else {
			app_status(v->app, _("adjusted %s's forecast for %s"), r->name, label);
			app_changed(v->app);
			view_reload(v);
		}
	}
	free(commit);
	free(best);
	free(note);
}

/* V: a manager lets reps see colleagues' quotas and attainment, or not; the
 * core refuses anyone else (src/setting.h). */
static void toggle_visibility(struct view *v)
{
	struct forecast_view *f = v->priv;
	enum quota_visibility now = setting_quota_visibility(v->app->db, NULL, NULL);
	enum quota_visibility next =
	    now == QUOTA_VISIBLE_TEAM ? QUOTA_VISIBLE_OWN : QUOTA_VISIBLE_TEAM;
	enum status st =
	    setting_set_quota_visibility(v->app->db, setting_quota_visibility_values[next], NULL);

	if (st != ST_OK) {
		app_fail(v->app, st);
		return;
	}
	f->quotas = next;
	app_status(v->app, "%s",
		   next == QUOTA_VISIBLE_TEAM ? _("Reps now see all quotas")
					      : _("Reps now see only their own quota"));
	app_changed(v->app);
	view_reload(v);
}

static int forecast_request(struct view *v, enum request req)
{
	struct forecast_view *f = v->priv;
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
	case REQ_CHANGES:
		changes_open(v->app, &f->span);
		return VR_HANDLED;
	case REQ_OPEN:
		/* The selected rep's profile (a row without an owner has none). */
		if (f->pending)
			app_status(v->app, "%s", _("the forecast is still being computed"));
		else if (selected(f) && selected(f)->owner != NULL)
			rep_open(v->app, selected(f)->owner, selected(f)->name, &f->span);
		else if (f->sel >= (int)f->fc.n && f->sel < body_rows(&f->fc))
			app_status(v->app, "%s",
				   _("a colleague's row shows their quota and attainment only"));
		return VR_HANDLED;
	case REQ_SNAPSHOT:
		if (*f->as_of)
			app_error(v->app, "%s",
				  _("a snapshot freezes today's figures: @ and an empty date show "
				    "them first"));
		else
			forecast_snapshot(v, &f->span);
		return VR_HANDLED;
	case REQ_AS_OF:
		if (prompt_as_of(v->app, f->as_of))
			view_reload(v);
		return VR_HANDLED;
	case REQ_FORECAST_ADJUST:
		adjust_selected(v);
		return VR_HANDLED;
	case REQ_QUOTA_VISIBILITY:
		toggle_visibility(v);
		return VR_HANDLED;
	case REQ_MOVE_DOWN:
	case REQ_PAGE_DOWN:
		f->sel += req == REQ_MOVE_DOWN ? 1 : 10;
		break;
	case REQ_MOVE_UP:
	case REQ_PAGE_UP:
		f->sel -= req == REQ_MOVE_UP ? 1 : 10;
		break;
	case REQ_MOVE_FIRST:
		f->sel = 0;
		break;
	case REQ_MOVE_LAST:
		f->sel = body_rows(&f->fc) - 1;
		break;
	default:
		return VR_UNHANDLED;
	}
	if (f->sel >= body_rows(&f->fc))
		f->sel = body_rows(&f->fc) - 1;
	if (f->sel < 0)
		f->sel = 0;
	return VR_HANDLED;
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
		HINT("p", REQ_PERIOD_NEXT, N_("month/quarter/year")),
		HINT2("[", REQ_EARLIER, "]", REQ_LATER, N_("earlier/later")),
		HINT2("j", REQ_MOVE_DOWN, "k", REQ_MOVE_UP, N_("rep")),
		HINT("A", REQ_FORECAST_ADJUST, N_("adjust")),
		HINT("V", REQ_QUOTA_VISIBILITY, N_("quotas")),
		HINT("<Enter>", REQ_OPEN, N_("profile")),
		HINT("@", REQ_AS_OF, N_("as of")),
		HINT("?", REQ_HELP, N_("help")),
		HINT("q", REQ_QUIT, N_("quit")),
		HINT_END,
	    },
};
