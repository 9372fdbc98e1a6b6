/* view_funnel.c - screen 4: the opportunity funnel.
 *
 * Data: per stage, the count, amount and weighted amount of the deals that
 * pass the filters (report_funnel() in src/report/funnel.c), and each stage's deals
 * as a keyset-paged list ordered by close date.
 * Keys: h/l the stage, j/k the deal, > and < move the deal a stage on or back,
 * m pick its stage, W won, L lost (both ask; L the reason), u undo the last
 * move, A sign off, o whose deals (a pick-list of the team),
 * p period, c forecast category, v columns or table, Enter the deal's view,
 * e edit, d delete, n new deal. A stage's required fields are asked for
 * before the move; a stage that needs a manager's review says so.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "clock.h"
#include "entity.h"
#include "flows.h"
#include "form.h"
#include "i18n.h"
#include "layout.h"
#include "money.h"
#include "opportunity.h"
#include "prompt.h"
#include "record.h"
#include "report/report.h"
#include "screens.h"
#include "utf8.h"
#include "view.h"
#include "xalloc.h"

#define FUNNEL_MAX_STAGES 16
#define FUNNEL_HEAD 4

enum period { P_ALL, P_MONTH, P_QUARTER, P_NEXT_QUARTER, P_YEAR, P_COUNT };

static const char *const period_names[P_COUNT] = { N_("any close date"), N_("this month"),
						   N_("this quarter"), N_("next quarter"),
						   N_("this year") };
static const char *const categories[] = { NULL,	    "pipeline", "best_case",
					  "commit", "closed",	"omitted" };
#define NCATEGORIES (sizeof(categories) / sizeof(categories[0]))

struct funnel_view {
	struct funnel fu;
	struct rlist *cols[FUNNEL_MAX_STAGES];
	int ncols, cur;
	bool table;
	/* filters */
	char **user_ids, **user_names;
	int nusers, owner; /* owner: -1 everyone, else an index in user_ids */
	bool owner_set;
	int period;
	size_t category;
	char from[11], to[11];
	struct funnel_filter flt;
	/* Loaded between keys, one step at a time (a million deals take a while). */
	bool col_loaded[FUNNEL_MAX_STAGES];
	bool summed[FUNNEL_MAX_STAGES];
};

static int user_row(struct db *db, const struct record *r, void *vctx)
{
	struct funnel_view *f = vctx;

	(void)db;
	f->user_ids = xreallocarray(f->user_ids, (size_t)f->nusers + 1, sizeof(char *));
	f->user_names = xreallocarray(f->user_names, (size_t)f->nusers + 1, sizeof(char *));
	f->user_ids[f->nusers] = xstrdup(r->id);
	f->user_names[f->nusers] = xstrdup(record_name(r));
	f->nusers++;
	return 0;
}

static void load_users(struct view *v)
{
	struct funnel_view *f = v->priv;
	int i;

	if (f->owner_set)
		return;
	f->owner_set = true;
	f->owner = -1;
	record_list(v->app->db, &entity_user, NULL, user_row, f);
	/* A rep starts with their own deals, a manager with everyone's. */
	for (i = 0; i < f->nusers && !v->app->manager; i++)
		if (v->app->me && strcmp(f->user_ids[i], v->app->me) == 0)
			f->owner = i;
}

static void cols_free(struct funnel_view *f)
{
	int i;

	for (i = 0; i < f->ncols; i++)
		rlist_free(&f->cols[i]);
	f->ncols = 0;
}

/* The title line: whose deals, when, which category, and the totals once
 * every stage is summed (partial totals would look final). */
static void funnel_subtitle(struct view *v)
{
	struct funnel_view *f = v->priv;
	char *amount, *weighted, *count, *totals;
	bool done = true;
	int64_t other = 0;
	char *apart = NULL;
	size_t k;
	int i;

	for (i = 0; i < f->ncols; i++)
		done &= f->summed[i];
	if (done) {
		/* Deals in other currencies are counted, never summed in silently. */
		for (k = 0; k < f->fu.n; k++)
			other += f->fu.stages[k].other_currency;
		if (other) {
			char *n = count_text(other);

			apart = xasprintf(_("  (%s in other currencies, not summed)"), n);
			free(n);
		}
		/* "¥1.8M", in Chinese "¥180万" */
		amount = money_text(f->fu.amount, f->fu.currency, MONEY_SUMMARY);
		weighted = money_text(f->fu.weighted, f->fu.currency, MONEY_SUMMARY);
		count = count_text(f->fu.count);
		totals = xasprintf(ngettext("%s deal  %s  weighted %s%s",
					    "%s deals  %s  weighted %s%s", f->fu.count),
				   count, amount, weighted, apart ? apart : "");
		free(amount);
		free(weighted);
		free(count);
		free(apart);
	} else {
		totals = xstrdup(_("counting the deals..."));
	}
	snprintf(v->subtitle, sizeof(v->subtitle), "%s  %s  %s  |  %s",
		 f->owner >= 0 ? f->user_names[f->owner] : _("everyone"),
		 _(period_names[f->period]),
		 categories[f->category] ? categories[f->category] : _("all categories"), totals);
	free(totals);
}

static void funnel_open(struct view *v)
{
	struct funnel_view *f = v->priv;
	static const char *const keys[] = { "name", "amount", NULL };
	char today[11], buf[64];
	enum status st;
	int i, height = v->h - FUNNEL_HEAD;

	load_users(v);
	clock_today(today);
	f->from[0] = f->to[0] = '\0';
	switch (f->period) {
	case P_MONTH:
		report_period_bounds(REPORT_MONTH, today, 0, f->from, f->to);
		break;
	case P_QUARTER:
		report_period_bounds(REPORT_QUARTER, today, 0, f->from, f->to);
		break;
	case P_NEXT_QUARTER:
		report_period_bounds(REPORT_QUARTER, today, 1, f->from, f->to);
		break;
	case P_YEAR:
		report_period_bounds(REPORT_YEAR, today, 0, f->from, f->to);
		break;
	default:
		break;
	}
	memset(&f->flt, 0, sizeof(f->flt));
	f->flt.owner = f->owner >= 0 ? f->user_ids[f->owner] : NULL;
	f->flt.from = f->from[0] ? f->from : NULL;
	f->flt.to = f->to[0] ? f->to : NULL;
	f->flt.category = categories[f->category];
	report_funnel_free(&f->fu);
	st = report_funnel_stages(v->app->db, &f->fu);
	if (st != ST_OK)
		app_fail(v->app, st);
	cols_free(f);
	memset(f->col_loaded, 0, sizeof(f->col_loaded));
	memset(f->summed, 0, sizeof(f->summed));
	for (i = 0; i < (int)f->fu.n && i < FUNNEL_MAX_STAGES; i++) {
		struct rlist *rl = rlist_new(v->app->db, &entity_opportunity);

		rlist_set_columns(rl, keys);
		rl->sort_key = "close_date";
		rl->desc = false;
		rl->height = height > 1 ? height : 1;
		/* The screen's filters: added without fetching (that comes later). */
		snprintf(buf, sizeof(buf), "stage=%s", f->fu.stages[i].id);
		rlist_add_filter_only(rl, buf);
		if (f->flt.owner) {
			snprintf(buf, sizeof(buf), "owner=%s", f->flt.owner);
			rlist_add_filter_only(rl, buf);
		}
		if (f->flt.from) {
			snprintf(buf, sizeof(buf), "close_date>=%s", f->flt.from);
			rlist_add_filter_only(rl, buf);
			snprintf(buf, sizeof(buf), "close_date<=%s", f->flt.to);
			rlist_add_filter_only(rl, buf);
		}
		if (f->flt.category) {
			snprintf(buf, sizeof(buf), "category=%s", f->flt.category);
			rlist_add_filter_only(rl, buf);
		}
		f->cols[f->ncols++] = rl;
	}
	if (f->cur >= f->ncols)
		f->cur = f->ncols - 1;
	if (f->cur < 0)
		f->cur = 0;
	funnel_subtitle(v);
}

/* Fetch column i's first deals now. */
static void load_column(struct view *v, int i)
{
	struct funnel_view *f = v->priv;
	enum status st = rlist_first(f->cols[i]);

	if (st != ST_OK && report_stopped())
		return; /* a key came first: fetched later */
	if (st != ST_OK)
		app_fail(v->app, st);
	f->col_loaded[i] = true;
}

/* Between keys: the selected column, the others, then the figures. */
static bool funnel_idle(struct view *v)
{
	struct funnel_view *f = v->priv;
	enum status st;
	int i;

	if (f->ncols && !f->col_loaded[f->cur]) {
		load_column(v, f->cur);
		return true;
	}
	for (i = 0; i < f->ncols; i++) {
		if (!f->col_loaded[i]) {
			load_column(v, i);
			return true;
		}
	}
	for (i = 0; i < f->ncols; i++) {
		if (!f->summed[i]) {
			st = report_funnel_sum(v->app->db, &f->flt, &f->fu, (size_t)i);
			if (st != ST_OK && report_stopped())
				return true;
			if (st != ST_OK)
				app_fail(v->app, st);
			f->summed[i] = true;
			funnel_subtitle(v);
			return true;
		}
	}
	return false;
}

static void funnel_done(struct view *v)
{
	struct funnel_view *f = v->priv;
	int i;

	cols_free(f);
	report_funnel_free(&f->fu);
	for (i = 0; i < f->nusers; i++) {
		free(f->user_ids[i]);
		free(f->user_names[i]);
	}
	free(f->user_ids);
	free(f->user_names);
	v->list = NULL;
}

/* ---- drawing ---- */

static void draw_columns(struct view *v)
{
	struct funnel_view *f = v->priv;
	int width[FUNNEL_MAX_STAGES], i, x = 0, row, height = v->h - FUNNEL_HEAD;

	if (f->ncols == 0) {
		draw_text(v->y, 1, v->w - 2, _("no stages"), DA_DIM);
		return;
	}
	layout_split(v->w, f->ncols, 1, width);
	for (i = 0; i < f->ncols; i++) {
		struct funnel_stage *s = &f->fu.stages[i];
		struct rlist *rl = f->cols[i];
		char *amount = layout_compact(s->amount, f->fu.exponent);
		char *weighted = layout_compact(s->weighted, f->fu.exponent);
		char *line;
		int wd = width[i];

		if (f->col_loaded[i] && rl->height != height && height > 0)
			rlist_set_height(rl, height);
		draw_cell(v->y, x, wd, s->name, i == f->cur ? DA_TAB : DA_HEADER);
		if (f->summed[i]) {
			char *count = count_text(s->count);

			line = xasprintf(ngettext("%s deal", "%s deals", s->count), count);
			/* A narrow column keeps the whole number rather than a cut word. */
			draw_cell(v->y + 1, x, wd, utf8_width(line) > wd ? count : line, DA_NORMAL);
			free(count);
			free(line);
			/* TRANSLATORS: a stage's amount and its weighted amount
			 * (amount x probability) in a narrow column: "256K w25.6K".
			 * When it does not fit, the column shows the amount alone. */
			line = xasprintf(_("%1$s w%2$s"), amount, weighted);
			/* An amount is never cut: a narrow column drops the weighted one
			 * (the title line and the table view (v) still give it). */
			draw_cell(v->y + 2, x, wd, utf8_width(line) > wd ? amount : line,
				  s->won    ? DA_GOOD
				  : s->lost ? DA_DIM
					    : DA_NORMAL);
			free(line);
		} else {
			draw_cell(v->y + 1, x, wd, _("counting..."), DA_DIM);
		}
		if (!f->col_loaded[i])
			draw_cell(v->y + FUNNEL_HEAD, x, wd, "...", DA_DIM);
		attrset(draw_attr(DA_DIM));
		mvhline(v->y + 3, x, ACS_HLINE, wd);
		attrset(A_NORMAL);
		for (row = 0; row < rl->nrows && row < height; row++) {
			const struct rrow *r = &rl->rows[row];
			enum draw_attr a = i == f->cur && row == rl->sel ? DA_CURSOR : DA_NORMAL;

			if (wd >= 16) {
				int aw = 6;

				draw_cell(v->y + FUNNEL_HEAD + row, x, wd - aw - 1, r->cells[0], a);
				draw_fill(v->y + FUNNEL_HEAD + row, x + wd - aw - 1, 1, a);
				{
					const char *raw = r->values[1];
					char *cmp = layout_compact(raw ? strtoll(raw, NULL, 10) : 0,
								   f->fu.exponent);

					draw_cell_right(v->y + FUNNEL_HEAD + row, x + wd - aw, aw,
							raw ? cmp : "", a);
					free(cmp);
				}
			} else {
				draw_cell(v->y + FUNNEL_HEAD + row, x, wd, r->cells[0], a);
			}
		}
		free(amount);
		free(weighted);
		x += wd + 1;
	}
}

static void draw_table(struct view *v)
{
	struct funnel_view *f = v->priv;
	int i, bar_w = v->w - 64, max_count = 1, y = v->y;

	/* Amounts of 15 columns: "¥19,789,100.00" and a space. */
	if (bar_w < 4)
		bar_w = 4;
	draw_fill(y, 0, v->w, DA_HEADER);
	draw_cell(y, 1, 16, _("Stage"), DA_HEADER);
	draw_cell_right(y, 18, 7, _("Deals"), DA_HEADER);
	draw_cell_right(y, 26, 15, _("Amount"), DA_HEADER);
	draw_cell_right(y, 42, 15, _("Weighted"), DA_HEADER);
	draw_cell_right(y, 58, 5, _("Prob"), DA_HEADER);
	for (i = 0; i < f->ncols; i++)
		if (f->fu.stages[i].count > max_count)
			max_count = (int)f->fu.stages[i].count;
	for (i = 0; i < f->ncols && i + 2 < v->h; i++) {
		struct funnel_stage *s = &f->fu.stages[i];
		/* A stage not summed yet says so rather than show 0. */
		char *amount = f->summed[i] ? money_text(s->amount, f->fu.currency, MONEY_FULL)
					    : xstrdup(_("counting..."));
		char *weighted = f->summed[i] ? money_text(s->weighted, f->fu.currency, MONEY_FULL)
					      : xstrdup("");
		char *count = f->summed[i] ? count_text(s->count) : xstrdup("");
		char prob[8];
		enum draw_attr a = i == f->cur ? DA_CURSOR : DA_NORMAL;
		int len = layout_bar(s->count, max_count, bar_w);

		snprintf(prob, sizeof(prob), "%lld%%", (long long)s->probability);
		y = v->y + 1 + i;
		draw_fill(y, 0, v->w, a);
		draw_cell(y, 1, 16, s->name, a);
		draw_cell_right(y, 18, 7, count, a);
		draw_cell_right(y, 26, 15, amount, a);
		draw_cell_right(y, 42, 15, weighted, a);
		draw_cell_right(y, 58, 5, prob, a);
		/* A funnel: each stage's bar centred under the one before. */
		draw_bar(y, 64 + (bar_w - len) / 2, len, "\xe2\x96\x88",
			 s->won	   ? DA_BAR1
			 : s->lost ? DA_DIM
				   : DA_BAR2);
		free(amount);
		free(weighted);
		free(count);
	}
	{
		bool done = true;
		char *amount, *weighted, *count;

		for (i = 0; i < f->ncols; i++)
			done &= f->summed[i];
		amount = done ? money_text(f->fu.amount, f->fu.currency, MONEY_FULL)
			      : xstrdup(_("counting..."));
		weighted =
		    done ? money_text(f->fu.weighted, f->fu.currency, MONEY_FULL) : xstrdup("");
		count = done ? count_text(f->fu.count) : xstrdup("");
		y = v->y + 2 + f->ncols;
		if (y < v->y + v->h) {
			draw_cell(y, 1, 16, _("All stages"), DA_SECTION);
			draw_cell_right(y, 18, 7, count, DA_SECTION);
			draw_cell_right(y, 26, 15, amount, DA_SECTION);
			draw_cell_right(y, 42, 15, weighted, DA_SECTION);
		}
		free(amount);
		free(weighted);
		free(count);
	}
}

static void funnel_draw(struct view *v)
{
	struct funnel_view *f = v->priv;

	if (f->table)
		draw_table(v);
	else
		draw_columns(v);
}

/* ---- moving deals ---- */

static const struct rrow *selected_deal(struct view *v)
{
	struct funnel_view *f = v->priv;

	return f->ncols ? rlist_selected(f->cols[f->cur]) : NULL;
}

/* Move the selected deal to stage index to (and follow it there). */
static void move_to(struct view *v, int to)
{
	struct funnel_view *f = v->priv;
	const struct rrow *r = selected_deal(v);
	char *id;

	if (r == NULL) {
		app_error(v->app, "%s", _("no deal selected"));
		return;
	}
	if (to < 0 || to >= f->ncols) {
		app_error(v->app, "%s", _("no stage that way"));
		return;
	}
	id = xstrdup(r->id);
	if (ui_move_deal(v->app, id, f->fu.stages[to].id)) {
		char *msg = xstrdup(v->app->status);

		view_reload(v);
		f->cur = to;
		rlist_goto(f->cols[to], id);
		f->col_loaded[to] = true;
		app_status(v->app, "%s", msg);
		free(msg);
	}
	free(id);
}

/* u: undo; a deal moved back is followed to its stage. */
static void funnel_undo(struct view *v)
{
	struct funnel_view *f = v->priv;
	struct app *a = v->app;
	char *id = NULL, *stage = NULL;
	int i;

	if (a->nundo > 0 && a->undo[a->nundo - 1].before) {
		id = xstrdup(a->undo[a->nundo - 1].id);
		stage = xstrdup(record_get(a->undo[a->nundo - 1].before, "stage"));
	}
	app_undo(a);
	if (id && !a->status_error) {
		char *msg = xstrdup(a->status);

		view_reload(v);
		for (i = 0; i < f->ncols; i++) {
			if (strcmp(f->fu.stages[i].id, stage) == 0) {
				f->cur = i;
				rlist_goto(f->cols[i], id);
				f->col_loaded[i] = true;
			}
		}
		app_status(a, "%s", msg);
		free(msg);
	}
	free(id);
	free(stage);
}

static int stage_index(struct funnel_view *f, bool won)
{
	int i;

	for (i = 0; i < f->ncols; i++)
		if (won ? f->fu.stages[i].won : f->fu.stages[i].lost)
			return i;
	return -1;
}

static int with_list(struct view *v, int (*fn)(struct view *))
{
	struct funnel_view *f = v->priv;
	int r;

	if (f->ncols == 0)
		return VR_HANDLED;
	v->list = f->cols[f->cur];
	r = fn(v);
	v->list = NULL;
	return r;
}

static int funnel_request(struct view *v, enum request req)
{
	struct funnel_view *f = v->priv;
	struct rlist *rl = f->ncols ? f->cols[f->cur] : NULL;
	const struct rrow *r;
	enum status st = ST_OK;
	char *id;

	switch (req) {
	case REQ_MOVE_LEFT:
	case REQ_MOVE_RIGHT:
		f->cur += req == REQ_MOVE_LEFT ? -1 : 1;
		if (f->cur < 0)
			f->cur = 0;
		if (f->cur >= f->ncols)
			f->cur = f->ncols - 1;
		return VR_HANDLED;
	case REQ_MOVE_UP:
	case REQ_MOVE_DOWN:
	case REQ_PAGE_UP:
	case REQ_PAGE_DOWN:
	case REQ_MOVE_FIRST:
	case REQ_MOVE_LAST:
		if (f->table) {
			f->cur += req == REQ_MOVE_UP || req == REQ_PAGE_UP ? -1 : 1;
			if (req == REQ_MOVE_FIRST)
				f->cur = 0;
			if (req == REQ_MOVE_LAST)
				f->cur = f->ncols - 1;
			if (f->cur < 0)
				f->cur = 0;
			if (f->cur >= f->ncols)
				f->cur = f->ncols - 1;
			return VR_HANDLED;
		}
		if (rl == NULL)
			return VR_HANDLED;
		if (!f->col_loaded[f->cur])
			load_column(v, f->cur);
		st = req == REQ_MOVE_UP	     ? rlist_up(rl)
		     : req == REQ_MOVE_DOWN  ? rlist_down(rl)
		     : req == REQ_PAGE_UP    ? rlist_page_up(rl)
		     : req == REQ_PAGE_DOWN  ? rlist_page_down(rl)
		     : req == REQ_MOVE_FIRST ? rlist_first(rl)
					     : rlist_last(rl);
		if (st != ST_OK)
			app_fail(v->app, st);
		return VR_HANDLED;
	case REQ_STAGE_NEXT:
	case REQ_STAGE_PREV:
		if (f->table)
			return VR_HANDLED;
		move_to(v, f->cur + (req == REQ_STAGE_NEXT ? 1 : -1));
		return VR_HANDLED;
	case REQ_DEAL_WON:
	case REQ_DEAL_LOST:
		move_to(v, stage_index(f, req == REQ_DEAL_WON));
		return VR_HANDLED;
	case REQ_STAGE_MOVE: {
		const char **names;
		int i, k;

		if (selected_deal(v) == NULL) {
			app_error(v->app, "%s", _("no deal selected"));
			return VR_HANDLED;
		}
		names = xcalloc((size_t)f->ncols + 1, sizeof(char *));
		for (i = 0; i < f->ncols; i++)
			names[i] = f->fu.stages[i].name;
		k = prompt_pick(v->app, _("Move the deal to"), names, f->ncols, f->cur);
		free(names);
		if (k >= 0 && k != f->cur)
			move_to(v, k);
		return VR_HANDLED;
	}
	case REQ_UNDO:
		funnel_undo(v);
		return VR_HANDLED;
	case REQ_DEAL_APPROVE:
		if ((r = selected_deal(v)) == NULL) {
			app_error(v->app, "%s", _("no deal selected"));
			return VR_HANDLED;
		}
		st = opportunity_approve(v->app->db, r->id, NULL, NULL);
		if (st == ST_OK) {
			app_status(v->app, "%s",
				   _("signed off: the deal may now enter its gated stage"));
			app_changed(v->app);
		} else {
			app_fail(v->app, st);
		}
		return VR_HANDLED;
	case REQ_OWNER_NEXT: {
		/* A team of forty is picked by typing a name, not stepped through. */
		const char **names = xcalloc((size_t)f->nusers + 2, sizeof(char *));
		int i, k;

		names[0] = _("everyone");
		for (i = 0; i < f->nusers; i++)
			names[i + 1] = f->user_names[i];
		k = prompt_pick(v->app, _("Whose deals"), names, f->nusers + 1, f->owner + 1);
		free(names);
		if (k >= 0 && k - 1 != f->owner) {
			f->owner = k - 1;
			view_reload(v);
		}
		return VR_HANDLED;
	}
	case REQ_ANALYTICS:
		analytics_open(v->app);
		return VR_HANDLED;
	case REQ_PERIOD_NEXT:
		f->period = (f->period + 1) % P_COUNT;
		view_reload(v);
		return VR_HANDLED;
	case REQ_CATEGORY_NEXT:
		f->category = (f->category + 1) % NCATEGORIES;
		view_reload(v);
		return VR_HANDLED;
	case REQ_VIEW_NEXT:
		f->table = !f->table;
		return VR_HANDLED;
	case REQ_OPEN:
		if (f->table) {
			f->table = false;
			return VR_HANDLED;
		}
		if ((r = selected_deal(v)) != NULL) {
			id = xstrdup(r->id);
			customer_open(v->app, &entity_opportunity, id);
			free(id);
		}
		return VR_HANDLED;
	case REQ_EDIT:
		return with_list(v, view_edit_selected);
	case REQ_DELETE:
		return with_list(v, view_delete_selected);
	case REQ_NEW: {
		const char *pre[3] = { NULL };

		if (f->ncols && !f->fu.stages[f->cur].won && !f->fu.stages[f->cur].lost) {
			pre[0] = "stage";
			pre[1] = f->fu.stages[f->cur].id;
		}
		form_add(v->app, &entity_opportunity, pre, NULL);
		return VR_HANDLED;
	}
	case REQ_SEARCH:
	case REQ_FILTER:
	case REQ_SORT:
	case REQ_SORT_REVERSE:
		app_error(v->app, "%s",
			  _("the funnel filters by owner (o), period (p) and category (c)"));
		return VR_HANDLED;
	default:
		return VR_UNHANDLED;
	}
}

const struct view_ops funnel_ops = {
	.title = N_("Funnel"),
	.keymap = KM_FUNNEL,
	.priv_size = sizeof(struct funnel_view),
	.open = funnel_open,
	.draw = funnel_draw,
	.request = funnel_request,
	.idle = funnel_idle,
	.done = funnel_done,
	.hints =
	    (const struct view_hint[]){
		HINT2("h", REQ_MOVE_LEFT, "l", REQ_MOVE_RIGHT, N_("stage")),
		HINT2("j", REQ_MOVE_DOWN, "k", REQ_MOVE_UP, N_("deal")),
		HINT2(">", REQ_STAGE_NEXT, "<Lt>", REQ_STAGE_PREV, N_("move")),
		HINT("m", REQ_STAGE_MOVE, N_("move to")),
		HINT("W", REQ_DEAL_WON, N_("won")),
		HINT("L", REQ_DEAL_LOST, N_("lost")),
		HINT("A", REQ_DEAL_APPROVE, N_("approve")),
		HINT("o", REQ_OWNER_NEXT, N_("owner")),
		HINT("p", REQ_PERIOD_NEXT, N_("period")),
		HINT("c", REQ_CATEGORY_NEXT, N_("category")),
		HINT("v", REQ_VIEW_NEXT, N_("table")),
		HINT_END,
	    },
};
