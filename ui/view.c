/* view.c - lines and lists, moving and selection, search, sort, records. */
#include "view.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "columns.h"
#include "entity.h"
#include "form.h"
#include "i18n.h"
#include "layout.h"
#include "money.h"
#include "prompt.h"
#include "record.h"
#include "report/report.h"
#include "screens.h"
#include "utf8.h"
#include "xalloc.h"

struct view *view_new(struct app *a, const struct view_ops *ops)
{
	struct view *v = xcalloc(1, sizeof(*v));

	v->ops = ops;
	v->app = a;
	v->flex = -1;
	if (ops->priv_size)
		v->priv = xcalloc(1, ops->priv_size);
	return v;
}

static void line_free(struct line *l)
{
	int i;

	for (i = 0; i < l->ncells; i++)
		free(l->cells[i]);
	free(l->cells);
	free(l->id);
}

void view_clear(struct view *v)
{
	int i;

	for (i = 0; i < v->nlines; i++)
		line_free(&v->lines[i]);
	v->nlines = 0;
}

void view_free(struct view **vp)
{
	struct view *v = *vp;

	if (v == NULL)
		return;
	if (v->ops->done)
		v->ops->done(v);
	view_clear(v);
	free(v->lines);
	rlist_free(&v->list);
	free(v->priv);
	free(v);
	*vp = NULL;
}

struct line *view_add(struct view *v, enum line_kind kind, enum draw_attr attr, int ncells,
		      const char *const *cells)
{
	struct line *l;
	int i;

	if (v->nlines == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->lines = xreallocarray(v->lines, (size_t)v->cap, sizeof(*v->lines));
	}
	l = &v->lines[v->nlines++];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->attr = attr;
	l->ncells = ncells;
	l->cells = xcalloc((size_t)(ncells > 0 ? ncells : 1), sizeof(char *));
	for (i = 0; i < ncells; i++)
		l->cells[i] = xstrdup(cells && cells[i] ? cells[i] : "");
	return l;
}

char *section_title_state(const char *title, const char *state)
{
	/* TRANSLATORS: a section's heading and, in brackets, how many lines it
	 * holds ("12", "30+") or that they are being looked up. */
	return xasprintf(_("%s (%s)"), title, state);
}

char *section_title(const char *title, size_t n, bool more)
{
	char *num = count_text((int64_t)n), *state = xasprintf("%s%s", num, more ? "+" : "");
	char *out = section_title_state(title, state);

	free(num);
	free(state);
	return out;
}

struct line *view_addf(struct view *v, enum line_kind kind, enum draw_attr attr, const char *fmt,
		       ...)
{
	va_list ap;
	char *text;
	struct line *l;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	text = xmalloc((size_t)(n > 0 ? n : 0) + 1);
	va_start(ap, fmt);
	vsnprintf(text, (size_t)n + 1, fmt, ap);
	va_end(ap);
	l = view_add(v, kind, attr, 1, (const char *const[]){ text });
	free(text);
	return l;
}

void line_set_record(struct line *l, const struct entity *e, const char *id)
{
	l->entity = e;
	free(l->id);
	l->id = xstrdup(id);
}

static bool selectable(const struct view *v, int i)
{
	return i >= 0 && i < v->nlines && v->lines[i].kind == LINE_ITEM;
}

void view_fix_selection(struct view *v)
{
	int i;

	if (selectable(v, v->sel))
		return;
	for (i = v->sel < v->nlines ? (v->sel > 0 ? v->sel : 0) : 0; i < v->nlines; i++) {
		if (selectable(v, i)) {
			v->sel = i;
			return;
		}
	}
	for (i = 0; i < v->nlines; i++) {
		if (selectable(v, i)) {
			v->sel = i;
			return;
		}
	}
	v->sel = 0;
}

/* One hint item as the keymap has it now ("h/l stage"), or NULL if one of
 * its actions has no key left. Caller frees. */
static char *hint_item(const struct view *v, const struct view_hint *h)
{
	char keys[64] = "", name[32];
	size_t i;

	for (i = 0; i < 4 && h->key[i]; i++) {
		int key =
		    keymap_hint_key(v->app->km, v->ops->keymap, h->req[i], keys_parse(h->key[i]));
		size_t len = strlen(keys), n;

		if (key < 0)
			return NULL;
		keys_name(key, name, sizeof(name));
		/* "<Enter>" reads as Enter in a hint, "<Lt>" as <. */
		n = strlen(name);
		if (strcmp(name, "<Lt>") == 0) {
			snprintf(name, sizeof(name), "<");
		} else if (n > 2 && name[0] == '<' && name[n - 1] == '>') {
			memmove(name, name + 1, n - 2);
			name[n - 2] = '\0';
		}
		snprintf(keys + len, sizeof(keys) - len, "%s%s", len ? "/" : "", name);
	}
	return xasprintf("%s %s", keys, _(h->label));
}

char *view_hints_text(const struct view *v, int width)
{
	const struct view_hint *h;
	char *out = xstrdup(""), *item, *joined;
	int used = 0, w;

	for (h = v->ops->hints; h && h->label; h++) {
		item = hint_item(v, h);
		if (item == NULL)
			continue;
		w = utf8_width(item) + (used ? 2 : 0);
		if (used + w > width) {
			free(item);
			continue; /* a shorter item further on may still fit */
		}
		joined = xasprintf("%s%s%s", out, used ? "  " : "", item);
		free(out);
		free(item);
		out = joined;
		used += w;
	}
	return out;
}

bool view_selected(struct view *v, const struct entity **e, const char **id)
{
	if (v->list) {
		const struct rrow *r = rlist_selected(v->list);

		if (r == NULL)
			return false;
		*e = v->list->e;
		*id = r->id;
		return true;
	}
	if (!selectable(v, v->sel) || v->lines[v->sel].id == NULL)
		return false;
	*e = v->lines[v->sel].entity;
	*id = v->lines[v->sel].id;
	return *e != NULL;
}

/* Do the records of this list belong to someone (a rep's own, a team's)? */
static bool owned_list(const struct view *v)
{
	return v->list && v->app->me && !(v->list->e->flags & (E_MANAGER_ONLY | E_HISTORY));
}

/* Whose records the list shows: a rep starts with their own ("mine"), a
 * manager with the team's; the team's come with an owner column. */
static void list_whose(struct view *v)
{
	bool owned = owned_list(v), column;
	const char *owner;

	if (!v->whose_set) {
		v->whose_set = true;
		v->team = v->app->manager;
	}
	owner = owned && !v->team ? v->app->me : NULL;
	column = owned && v->team;
	/* Unchanged: the list keeps its place. */
	if ((owner == NULL) == (v->list->owner == NULL) &&
	    (owner == NULL || strcmp(owner, v->list->owner) == 0) &&
	    column == rlist_shows_owner(v->list))
		return;
	rlist_set_owner(v->list, owner, column);
}

void view_reload(struct view *v)
{
	v->generation = v->app->generation;
	v->loaded = true;
	v->idle_done = false;
	if (v->ops->open)
		v->ops->open(v);
	if (v->list) {
		enum status st;

		list_whose(v);
		v->list->height = v->h > 1 ? v->h - 1 : 1;
		st = rlist_reload(v->list);
		v->list->total = -1;
		if (st != ST_OK)
			app_fail(v->app, st);
	} else {
		view_fix_selection(v);
	}
}

void view_prepare(struct view *v, int y, int h, int w)
{
	v->y = y;
	v->h = h;
	v->w = w;
	if (!v->loaded || v->generation != v->app->generation) {
		view_reload(v);
	} else if (v->list && v->list->height != (h > 1 ? h - 1 : 1)) {
		enum status st = rlist_set_height(v->list, h - 1);

		if (st != ST_OK)
			app_fail(v->app, st);
	}
}

bool view_idle(struct view *v)
{
	if (v->ops->idle)
		return v->ops->idle(v);
	if (v->list && v->list->total < 0) {
		enum status st = rlist_count(v->list);

		if (st != ST_OK && report_stopped())
			return true; /* a key came first: count later */
		if (st != ST_OK)
			app_fail(v->app, st);
	}
	return false;
}

/* ---- drawing ---- */

static bool has_header(const struct view *v)
{
	int i;

	for (i = 0; i < v->ncols; i++)
		if (v->cols[i].title)
			return true;
	return false;
}

/* Column i's natural width over lines [from, to): its declared width, or
 * less when no cell of those lines (nor its heading) needs that much
 * (Today's times "09:30" in a column made for "123 days in stage"). The
 * flexible column keeps its width. */
static int content_width(const struct view *v, int i, int from, int to)
{
	int cw = v->cols[i].width > 0 ? v->cols[i].width : 1, most = 0, n, k;
	bool items = false;

	if (i == v->flex)
		return cw;
	if (v->cols[i].title)
		most = utf8_width(_(v->cols[i].title));
	for (k = from; k < to && most < cw; k++) {
		const struct line *l = &v->lines[k];

		/* a shorter line's last cell takes the rest of the row */
		if (l->ncells <= 1 || i >= l->ncells ||
		    (i == l->ncells - 1 && l->ncells < v->ncols))
			continue;
		items = true;
		n = utf8_width(l->cells[i]);
		if (n > most)
			most = n;
	}
	if (items && most == 0 && v->cols[i].title == NULL)
		return 0; /* empty in every line: no room kept for it */
	return items && most < cw ? most : cw;
}

/* The lines [*from, *to) that share column widths with line k: the whole
 * screen under a heading row, else k's section (from one section title to
 * the next), so Today's schedule is not laid out for the days in stage of
 * the idle deals below it. */
static void width_group(const struct view *v, bool header, int k, int *from, int *to)
{
	int a = k, b = k + 1;

	if (header || v->nlines == 0) {
		*from = 0;
		*to = v->nlines;
		return;
	}
	while (a > 0 && v->lines[a].kind != LINE_SECTION)
		a--;
	while (b < v->nlines && v->lines[b].kind != LINE_SECTION)
		b++;
	*from = a;
	*to = b;
}

/* The columns' widths for lines [from, to) in w cells. */
static void lines_widths(const struct view *v, int from, int to, int w, int *width)
{
	struct columns_want want[VIEW_MAX_COLS] = { { 0 } };
	int fit[VIEW_MAX_COLS] = { 0 }, at[VIEW_MAX_COLS], i, n = 0;

	for (i = 0; i < v->ncols; i++) {
		int cw = content_width(v, i, from, to), half = cw / 2 > 4 ? cw / 2 : 4;
		bool cut = v->cut >> i & 1;

		width[i] = 0;
		if (cw == 0)
			continue; /* an empty column takes no width and no gap */
		at[n] = i;

		/* The flexible column grows and may be cut; one marked cut may be
		 * cut too and grows to twice its width where there is room (a long
		 * customer name at 200 columns); the others stay whole or go
		 * (src/columns.h). */
		want[n++] = (struct columns_want){
			.width = cw,
			.min = (i == v->flex || cut) && half < cw ? half : cw,
			.flex = i == v->flex || cut,
			.grow = i == v->flex ? 0 : cw,
			.keep = i == v->flex,
		};
	}
	columns_fit(want, n, w - 1, 1, fit);
	for (i = 0; i < n; i++)
		width[at[i]] = fit[i];
}

void view_draw_lines(struct view *v, int y, int h, int w)
{
	int width[VIEW_MAX_COLS] = { 0 }, i, row, x, from = 0, to = -1;
	bool header = has_header(v);

	if (header) {
		width_group(v, header, 0, &from, &to);
		lines_widths(v, from, to, w, width);
		draw_fill(y, 0, w, DA_HEADER);
		for (i = 0, x = 1; i < v->ncols; i++) {
			if (width[i] == 0)
				continue;
			if (v->cols[i].right)
				draw_cell_right(y, x, width[i],
						v->cols[i].title ? _(v->cols[i].title) : "",
						DA_HEADER);
			else
				draw_cell(y, x, width[i],
					  v->cols[i].title ? _(v->cols[i].title) : "", DA_HEADER);
			x += width[i] + 1;
		}
		y++;
		h--;
	}
	v->top = layout_scroll(v->sel, v->top, h, v->nlines);
	for (row = 0; row < h && v->top + row < v->nlines; row++) {
		struct line *l = &v->lines[v->top + row];
		bool sel = v->top + row == v->sel && l->kind == LINE_ITEM;
		enum draw_attr a = sel ? DA_CURSOR : l->attr;

		if (v->top + row >= to) {
			width_group(v, header, v->top + row, &from, &to);
			lines_widths(v, from, to, w, width);
		}

		if ((l->kind != LINE_ITEM && l->ncells <= 1) || v->ncols == 0) {
			if (sel)
				draw_fill(y + row, 0, w, a);
			draw_text(y + row, 1, w - 2, l->cells[0],
				  l->kind == LINE_SECTION && !sel ? DA_SECTION : a);
			continue;
		}
		if (sel)
			draw_fill(y + row, 0, w, a);
		for (i = 0, x = 1; i < v->ncols && i < l->ncells; i++) {
			if (width[i] == 0)
				continue;
			/* The last cell of a shorter line takes the rest of the row. */
			if (i == l->ncells - 1 && l->ncells < v->ncols) {
				draw_cell(y + row, x, w - x - 1, l->cells[i], a);
				break;
			}
			if (v->cols[i].right)
				draw_cell_right(y + row, x, width[i], l->cells[i], a);
			else
				draw_cell(y + row, x, width[i], l->cells[i], a);
			x += width[i] + 1;
		}
	}
	if (v->nlines == 0)
		draw_text(y, 1, w - 2, _("(nothing here)"), DA_DIM);
}

void view_draw_list(struct view *v, int y, int h, int w)
{
	struct rlist *rl = v->list;
	struct columns_want want[RLIST_MAX_COLS] = { { 0 } };
	int width[RLIST_MAX_COLS] = { 0 }, i, row, x;

	(void)h;
	/* Each field's natural width; whole phone numbers and amounts (src/columns.h). */
	for (i = 0; i < rl->ncols; i++) {
		want[i] = columns_of_field(rl->cols[i]);
		if (i == v->list_flex)
			want[i].keep = true;
	}
	columns_fit(want, rl->ncols, w - 1, 2, width);
	draw_fill(y, 0, w, DA_HEADER);
	for (i = 0, x = 1; i < rl->ncols; i++) {
		const struct field *f = rl->cols[i];
		char *label;

		if (width[i] == 0)
			continue;
		/* The sort column carries an arrow. */
		label = strcmp(f->key, rl->sort_key) == 0 && rl->search == NULL
			    ? xasprintf("%s%s", _(f->label),
					rl->desc ? " \xe2\x96\xbc" : " \xe2\x96\xb2")
			    : xstrdup(_(f->label));
		if (f->type == FT_MONEY || f->type == FT_INT)
			draw_cell_right(y, x, width[i], label, DA_HEADER);
		else
			draw_cell(y, x, width[i], label, DA_HEADER);
		free(label);
		x += width[i] + 2;
	}
	for (row = 0; row < rl->nrows; row++) {
		const struct rrow *r = &rl->rows[row];
		enum draw_attr a = row == rl->sel ? DA_CURSOR : DA_NORMAL;

		if (a == DA_CURSOR)
			draw_fill(y + 1 + row, 0, w, a);
		for (i = 0, x = 1; i < rl->ncols; i++) {
			const struct field *f = rl->cols[i];

			if (width[i] == 0)
				continue;
			if (f->type == FT_MONEY || f->type == FT_INT)
				draw_cell_right(y + 1 + row, x, width[i], r->cells[i], a);
			else
				draw_cell(y + 1 + row, x, width[i], r->cells[i], a);
			x += width[i] + 2;
		}
	}
	if (rl->nrows == 0)
		draw_text(y + 1, 1, w - 2,
			  rl->search	 ? _("(no matches)")
			  : rl->nfilters ? _("(nothing matches the filters)")
					 : _("(none yet: n adds one)"),
			  DA_DIM);
}

/* The subtitle of a list: count, order, search and filters. */
static void list_subtitle(struct view *v)
{
	struct rlist *rl = v->list;
	char filters[256], count[64] = "";

	if (rl->total < 0)
		v->idle_done = false; /* count it between keys */
	if (rl->total >= 0 && rl->search) {
		char *n = count_text(rl->total);

		snprintf(count, sizeof(count),
			 ngettext("%s%s match", "%s%s matches", rl->total_more ? 2 : rl->total), n,
			 rl->total_more ? "+" : "");
		free(n);
	} else if (rl->total >= 0) {
		char *n = count_text(rl->total);

		snprintf(count, sizeof(count), "%s %s", n, _(rl->e->plural));
		free(n);
	} else if (rl->search) {
		snprintf(count, sizeof(count), "%s", _("counting matches..."));
	} else {
		snprintf(count, sizeof(count), "%s", _(rl->e->plural));
	}
	rlist_describe_filters(rl, filters, sizeof(filters));
	snprintf(v->subtitle, sizeof(v->subtitle), "%s%s%s%s%s%s%s", count,
		 !owned_list(v) ? ""
		 : v->team	? _(" (the team's)")
				: _(" (mine)"),
		 rl->search ? _("  search: ") : "", rl->search ? rl->search : "",
		 *filters ? _("  filter: ") : "", filters, "");
}

void view_draw(struct view *v)
{
	char *title;

	if (v->list)
		list_subtitle(v);
	title = xasprintf(" %s  %s", _(v->ops->title), v->subtitle);
	draw_fill(v->y - 1, 0, v->w, DA_NORMAL);
	draw_text(v->y - 1, 0, v->w, title, DA_SECTION);
	free(title);
	if (v->ops->draw)
		v->ops->draw(v);
	else if (v->list)
		view_draw_list(v, v->y, v->h, v->w);
	else
		view_draw_lines(v, v->y, v->h, v->w);
}

/* ---- requests ---- */

static void move_lines(struct view *v, int delta)
{
	int i = v->sel, step = delta > 0 ? 1 : -1, moved = 0, last = v->sel;

	if (v->nlines == 0)
		return;
	while (moved < abs(delta)) {
		i += step;
		if (i < 0 || i >= v->nlines)
			break;
		if (selectable(v, i)) {
			last = i;
			moved++;
		} else if (abs(delta) > 1) {
			moved++;
		}
	}
	if (last == v->sel) {
		/* Nothing selectable that way: scroll instead, to show the text. */
		v->top += delta;
		if (v->top > v->nlines - 1)
			v->top = v->nlines - 1;
		if (v->top < 0)
			v->top = 0;
		return;
	}
	v->sel = last;
}

static void search_changed(struct app *a, const char *text, void *ctx)
{
	struct view *v = ctx;
	enum status st;

	/* One Latin letter matches most of a large table: wait for the next.
	 * (One CJK character is a word, and is searched at once.) */
	if (strlen(text) == 1 &&
	    ((*text >= 'a' && *text <= 'z') || (*text >= 'A' && *text <= 'Z'))) {
		app_status(a, "%s", _("type another letter to search"));
		return;
	}
	st = rlist_search(v->list, text);
	v->list->total = -1;
	/* Counted now (a bounded count): no background work runs under a prompt. */
	if (st == ST_OK)
		st = rlist_count(v->list);
	if (st != ST_OK)
		app_fail(a, st);
}

static int list_request(struct view *v, enum request req)
{
	struct rlist *rl = v->list;
	enum status st = ST_OK;
	char *text, *before;

	switch (req) {
	case REQ_OWNER_NEXT:
		if (!owned_list(v)) {
			app_error(v->app, "%s", _("these records belong to nobody in particular"));
			return VR_HANDLED;
		}
		v->team = !v->team;
		list_whose(v);
		st = rlist_first(rl);
		app_status(v->app,
			   v->team ? _("the team's %s (o: mine)") : _("my %s (o: the team's)"),
			   _(rl->e->plural));
		break;
	case REQ_MOVE_DOWN:
		st = rlist_down(rl);
		break;
	case REQ_MOVE_UP:
		st = rlist_up(rl);
		break;
	case REQ_PAGE_DOWN:
		st = rlist_page_down(rl);
		break;
	case REQ_PAGE_UP:
		st = rlist_page_up(rl);
		break;
	case REQ_MOVE_FIRST:
		st = rlist_first(rl);
		break;
	case REQ_MOVE_LAST:
		st = rlist_last(rl);
		break;
	case REQ_SEARCH:
		before = xstrdup(rl->search);
		text = prompt_text(v->app, "/", rl->search, search_changed, v);
		if (text == NULL)
			st = rlist_search(rl, before);
		else if (*text == '\0')
			st = rlist_search(rl, NULL);
		else if (rl->search == NULL || strcmp(rl->search, text) != 0)
			st = rlist_search(rl, text); /* a single letter, asked for with Enter */
		rl->total = -1;
		if (text && *text && st == ST_OK)
			st = rlist_count(rl);
		if (text && *text && st == ST_OK) {
			char *n = count_text(rl->total);

			app_status(v->app,
				   ngettext("%s%s match for \"%s\" (F clears)",
					    "%s%s matches for \"%s\" (F clears)",
					    rl->total_more ? 2 : rl->total),
				   n, rl->total_more ? "+" : "", text);
			free(n);
		}
		free(text);
		free(before);
		break;
	case REQ_FILTER:
		text = prompt_text(v->app, _("filter (field=value, field~text): "), "", NULL, NULL);
		if (text && *text) {
			st = rlist_add_filter(rl, text, false);
			if (st == ST_OK)
				app_status(v->app, _("filtered by %s (F clears)"), text);
		} else if (text) {
			/* Nothing typed: the user's filters go (a search stays). */
			char filters[256], *search = rl->search ? xstrdup(rl->search) : NULL;

			rlist_describe_filters(rl, filters, sizeof(filters));
			rlist_clear_filters(rl);
			if (search)
				st = rlist_search(rl, search);
			free(search);
			if (*filters)
				app_status(v->app, _("filter %s cleared"), filters);
			else
				app_status(v->app, "%s", _("no filter to clear"));
		}
		free(text);
		break;
	case REQ_FILTER_CLEAR:
		rlist_clear_filters(rl);
		app_status(v->app, "%s", _("showing everything"));
		break;
	case REQ_SORT:
		st = rlist_sort_next(rl);
		break;
	case REQ_SORT_REVERSE:
		st = rlist_reverse(rl);
		break;
	case REQ_NEW:
		if (rl->e->flags & E_HISTORY)
			return VR_UNHANDLED;
		{
			char *id = NULL;

			if (form_add(v->app, rl->e, NULL, &id)) {
				rlist_goto(rl, id);
				rl->total = -1;
			}
			free(id);
		}
		break;
	default:
		return VR_UNHANDLED;
	}
	if (st != ST_OK)
		app_fail(v->app, st);
	return VR_HANDLED | VR_REDRAW;
}

int view_edit_selected(struct view *v)
{
	const struct entity *e;
	const char *id;
	char *copy;

	if (!view_selected(v, &e, &id)) {
		app_error(v->app, "%s", _("nothing selected"));
		return VR_HANDLED;
	}
	if (e->flags & (E_APPEND_ONLY | E_HISTORY)) {
		app_error(v->app, _("%s are a log: they are never changed; add a new one instead"),
			  _(e->plural));
		return VR_HANDLED;
	}
	copy = xstrdup(id);
	if (form_edit(v->app, e, copy) && v->list)
		rlist_reload(v->list);
	free(copy);
	return VR_HANDLED | VR_REDRAW;
}

int view_delete_selected(struct view *v)
{
	const struct entity *e;
	const char *id;
	struct record *r = NULL;
	char *question;
	enum status st;

	if (!view_selected(v, &e, &id)) {
		app_error(v->app, "%s", _("nothing selected"));
		return VR_HANDLED;
	}
	if (e->flags & E_HISTORY) {
		app_error(v->app, _("%s are history and are never deleted"), _(e->plural));
		return VR_HANDLED;
	}
	st = record_load(v->app->db, e, id, &r);
	if (st != ST_OK) {
		app_fail(v->app, st);
		return VR_HANDLED;
	}
	question = xasprintf(_("Delete %s \"%s\"?"), _(e->label), record_name(r));
	if (prompt_yesno(v->app, question)) {
		st = record_delete(v->app->db, e, r->id);
		if (st == ST_OK) {
			app_undo_push(v->app, e, r->id, record_name(r));
			app_status(v->app, _("deleted %s \"%s\" (u undoes)"), _(e->label),
				   record_name(r));
			app_changed(v->app);
		} else {
			app_fail(v->app, st);
		}
	}
	free(question);
	record_free(&r);
	return VR_HANDLED | VR_REDRAW;
}

int view_request(struct view *v, enum request req)
{
	int page = v->h > 2 ? v->h - 2 : 1;
	const struct entity *e;
	const char *id;

	if (v->list) {
		int r = list_request(v, req);

		if (r != VR_UNHANDLED)
			return r;
	}
	switch (req) {
	case REQ_MOVE_DOWN:
		move_lines(v, 1);
		return VR_HANDLED;
	case REQ_MOVE_UP:
		move_lines(v, -1);
		return VR_HANDLED;
	case REQ_PAGE_DOWN:
		move_lines(v, page);
		return VR_HANDLED;
	case REQ_PAGE_UP:
		move_lines(v, -page);
		return VR_HANDLED;
	case REQ_MOVE_FIRST:
		v->sel = 0;
		v->top = 0;
		view_fix_selection(v);
		return VR_HANDLED;
	case REQ_MOVE_LAST:
		v->sel = v->nlines - 1;
		while (v->sel > 0 && !selectable(v, v->sel))
			v->sel--;
		return VR_HANDLED;
	case REQ_EDIT:
		return view_edit_selected(v);
	case REQ_DELETE:
		return view_delete_selected(v);
	case REQ_OPEN:
		if (!view_selected(v, &e, &id))
			return VR_HANDLED;
		if (e == &entity_account || e == &entity_contact || e == &entity_lead ||
		    e == &entity_opportunity) {
			char *copy = xstrdup(id);

			customer_open(v->app, e, copy);
			free(copy);
			return VR_HANDLED;
		}
		return view_edit_selected(v);
	case REQ_REFRESH:
		view_reload(v);
		return VR_HANDLED | VR_RELOAD;
	default:
		return VR_UNHANDLED;
	}
}
