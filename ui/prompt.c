/* prompt.c - modal questions drawn over the screens. */
#include "prompt.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "draw.h"
#include "edit.h"
#include "entity.h"
#include "i18n.h"
#include "keys.h"
#include "layout.h"
#include "lookup.h"
#include "money.h"
#include "report/history.h"
#include "report/span.h"
#include "utf8.h"
#include "xalloc.h"

bool prompt_edit_key(struct app *a, struct edit *e, int key)
{
	switch (keymap_lookup(a->km, KM_EDIT, KM_EDIT, key)) {
	case REQ_EDIT_LEFT:
		edit_left(e);
		return true;
	case REQ_EDIT_RIGHT:
		edit_right(e);
		return true;
	case REQ_EDIT_HOME:
		edit_home(e);
		return true;
	case REQ_EDIT_END:
		edit_end(e);
		return true;
	case REQ_EDIT_BACKSPACE:
		edit_backspace(e);
		return true;
	case REQ_EDIT_DELETE:
		edit_delete(e);
		return true;
	case REQ_EDIT_KILL_START:
		edit_kill_start(e);
		return true;
	case REQ_EDIT_KILL_END:
		edit_kill_end(e);
		return true;
	case REQ_EDIT_KILL_WORD:
		edit_kill_word(e);
		return true;
	default:
		break;
	}
	if (key >= ' ' && key < KEYC_FN && key != 127)
		return edit_insert(e, (uint32_t)key);
	return false;
}

/* ---- a line of text ---- */

/* Columns a prompt's text keeps at the least (a date, an amount, a name). */
enum { PROMPT_ROOM = 24 };

struct text_ctx {
	const char *label;
	struct edit ed;
	bool secret; /* show one '*' per character, and the cursor at the end */
};

static void text_overlay(struct app *a, void *vctx)
{
	struct text_ctx *c = vctx;
	/* The label may take all but PROMPT_ROOM columns (at least half the
	 * line): the text scrolls in what is left. */
	int y = LINES - 1, lw = utf8_width(c->label), most = COLS - PROMPT_ROOM, cursor;
	char *vis;

	if (most < COLS / 2)
		most = COLS / 2;
	draw_fill(y, 0, COLS, DA_STATUS);
	if (lw > most) {
		/* A label too long: cut between words. */
		char *fit = layout_fit_words(c->label, most);

		lw = draw_text(y, 0, most, fit, DA_SECTION);
		free(fit);
	} else {
		draw_text(y, 0, most, c->label, DA_SECTION);
	}
	if (c->secret) {
		const char *p;
		int n = 0, i;

		/* The count of characters typed, never the characters. */
		for (p = edit_text(&c->ed); *p; p++)
			n += ((unsigned char)*p & 0xC0) != 0x80;
		if (n > COLS - lw - 2)
			n = COLS - lw - 2;
		for (i = 0; i < n; i++)
			mvaddch(y, lw + i, '*');
		cursor = n;
	} else {
		int tw = utf8_width(edit_text(&c->ed)), sw = utf8_width(a->status);

		vis = edit_visible(&c->ed, COLS - lw - 1, &cursor);
		mvaddstr(y, lw, vis);
		free(vis);
		/* What the typing just did ("type another letter to search"), right
		 * of the text when it fits: the prompt covers the status line. */
		if (*a->status && lw + tw + 2 + sw <= COLS - 1)
			draw_text(y, COLS - 1 - sw, sw, a->status, DA_DIM);
	}
	a->cursor_y = y;
	a->cursor_x = lw + cursor;
}

/* Edit c->ed until Enter (its text, caller frees) or Esc (NULL). */
static char *text_run(struct app *a, struct text_ctx *c, prompt_changed_fn changed, void *ctx)
{
	char *result = NULL, *last = xstrdup(edit_text(&c->ed));

	a->modal++;
	for (;;) {
		int key = app_getkey(a, text_overlay, c);
		enum request req = keymap_lookup(a->km, KM_PROMPT, KM_PROMPT, key);

		if (req == REQ_ACCEPT) {
			result = xstrdup(edit_text(&c->ed));
			break;
		}
		if (req == REQ_CANCEL)
			break;
		a->status[0] = '\0';
		if (prompt_edit_key(a, &c->ed, key) && changed &&
		    strcmp(last, edit_text(&c->ed)) != 0) {
			free(last);
			last = xstrdup(edit_text(&c->ed));
			changed(a, last, ctx);
		}
	}
	a->modal--;
	free(last);
	return result;
}

char *prompt_text(struct app *a, const char *label, const char *initial, prompt_changed_fn changed,
		  void *ctx)
{
	struct text_ctx c = { .label = label };
	char *result;

	edit_set(&c.ed, initial);
	result = text_run(a, &c, changed, ctx);
	edit_free(&c.ed);
	return result;
}

char *prompt_secret(struct app *a, const char *label)
{
	struct text_ctx c = { .label = label, .secret = true };
	char *result;

	edit_set(&c.ed, "");
	result = text_run(a, &c, NULL, NULL);
	/* Wipe the buffer before it goes back to the allocator. */
	if (c.ed.text.s) {
		volatile char *p = c.ed.text.s;
		size_t i;

		for (i = 0; i < c.ed.text.cap; i++)
			p[i] = '\0';
	}
	edit_free(&c.ed);
	return result;
}

/* ---- yes or no ---- */

static void yesno_overlay(struct app *a, void *vctx)
{
	const char *q = vctx;
	const char *yn = _("(y/n)");
	/* A question too long for the line is cut between words; the keys that
	 * answer it always show. */
	char *fit = layout_fit_words(q, COLS - 2 - utf8_width(yn));
	char *text = xasprintf("%s %s", fit, yn);

	draw_fill(LINES - 1, 0, COLS, DA_STATUS);
	a->cursor_x = draw_text(LINES - 1, 0, COLS - 1, text, DA_SECTION);
	a->cursor_y = LINES - 1;
	free(text);
	free(fit);
}

bool prompt_as_of(struct app *a, char date[11])
{
	char *typed =
		 prompt_text(a, _("As of the end of (YYYY-MM-DD, empty: now): "), date, NULL, NULL),
	     end[21];
	bool changed = false;

	if (typed == NULL)
		return false;
	if (*typed && (strlen(typed) > 10 || !history_end_of_day(typed, end))) {
		app_error(a, _("\"%s\" is not a date (YYYY-MM-DD)"), typed);
	} else if (*typed && history_past_day(NULL, typed) != ST_OK) {
		app_error(a, "%s", status_message());
	} else {
		changed = strcmp(typed, date) != 0;
		snprintf(date, 11, "%s", typed);
	}
	free(typed);
	return changed;
}

bool prompt_period(struct app *a, struct report_span *span)
{
	char label[24], *typed;
	struct report_span s;
	bool changed = false;

	report_span_label(span, label);
	typed = prompt_text(a, _("Period (2026Q4, 2026-11, FROM..TO): "), label, NULL, NULL);
	if (typed == NULL)
		return false;
	if (report_span_parse(typed, &s) != ST_OK) {
		app_error(a, "%s", status_message());
	} else {
		changed = strcmp(s.first, span->first) != 0 || strcmp(s.last, span->last) != 0 ||
			  s.kind != span->kind;
		*span = s;
	}
	free(typed);
	return changed;
}

bool prompt_yesno(struct app *a, const char *question)
{
	/* TRANSLATORS: the keys that answer yes and no to a question. */
	const char *yes = _("yY"), *no = _("nN");
	bool answer = false;

	a->modal++;
	for (;;) {
		int key = app_getkey(a, yesno_overlay, (void *)question);
		enum request req = keymap_lookup(a->km, KM_PROMPT, KM_PROMPT, key);

		if (req == REQ_ACCEPT || (key > 0 && key < 128 && strchr(yes, key))) {
			answer = true;
			break;
		}
		if (req == REQ_CANCEL || (key > 0 && key < 128 && strchr(no, key)))
			break;
	}
	a->modal--;
	return answer;
}

/* ---- a choice from a list ---- */

/* The widest a name is shown in a pick-list of records. */
#define PICK_NAME_MAX 24

/* A count with thousands separators, "10,000+" when there were more. */
static char *pick_count(size_t n, bool more)
{
	char *num = count_text((int64_t)n), *out;

	out = xasprintf("%s%s", num, more ? "+" : "");
	free(num);
	return out;
}

struct pick_ctx {
	const char *title;
	const char *const *items;
	const char *const *keys; /* what typing narrows on, or NULL: the items */
	int n;
	bool wide;
	int widest; /* display columns of the widest item */
	int *shown; /* indexes of the items that match the filter */
	int nshown, sel, top;
	struct edit filter;
};

static void pick_filter(struct pick_ctx *c)
{
	int i, keep = c->nshown > 0 ? c->shown[c->sel] : -1;

	c->nshown = 0;
	for (i = 0; i < c->n; i++)
		if (lookup_matches(c->keys ? c->keys[i] : c->items[i], edit_text(&c->filter)))
			c->shown[c->nshown++] = i;
	c->sel = 0;
	for (i = 0; i < c->nshown; i++)
		if (c->shown[i] == keep)
			c->sel = i;
}

static void pick_overlay(struct app *a, void *vctx)
{
	struct pick_ctx *c = vctx;
	int most = c->wide ? 110 : 70, room = c->wide ? COLS - 4 : COLS - 10;

	/* Items wider than the usual box widen it, up to the screen. */
	if (!c->wide && c->widest + 4 > most) {
		most = c->widest + 4 < 110 ? c->widest + 4 : 110;
		room = COLS - 4;
	}
	int w = room < most ? room : most, h = c->n + 4, y, x, i, cursor, cw;
	char *vis, *label, *count;

	if (h > LINES - 4)
		h = LINES - 4;
	if (h < 5)
		h = 5;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	draw_box(y, x, h, w, c->title);
	label = xasprintf("%s ", _("type to narrow:"));
	i = draw_text(y + 1, x + 2, w - 4, label, DA_DIM);
	free(label);
	/* Where the selection is among what matches: "12/144". */
	count = xasprintf("%d/%d", c->nshown ? c->sel + 1 : 0, c->nshown);
	cw = utf8_width(count);
	if (cw > w - 8 - i)
		cw = 0;
	else
		draw_cell_right(y + 1, x + w - 2 - cw, cw, count, DA_DIM);
	free(count);
	vis = edit_visible(&c->filter, w - 4 - i - (cw ? cw + 1 : 0), &cursor);
	mvaddstr(y + 1, x + 2 + i, vis);
	free(vis);
	a->cursor_y = y + 1;
	a->cursor_x = x + 2 + i + cursor;
	c->top = layout_scroll(c->sel, c->top, h - 3, c->nshown);
	for (i = 0; i < h - 3 && c->top + i < c->nshown; i++) {
		int k = c->top + i;
		enum draw_attr at = k == c->sel ? DA_CURSOR : DA_BOX;

		draw_fill(y + 2 + i, x + 1, w - 2, at);
		draw_cell(y + 2 + i, x + 2, w - 4, c->items[c->shown[k]], at);
	}
	if (c->nshown == 0)
		draw_text(y + 2, x + 2, w - 4, _("(nothing matches)"), DA_DIM);
}

static int pick_run(struct app *a, struct pick_ctx *cp, int initial)
{
	struct pick_ctx c = *cp;
	int n = c.n, i;

	for (i = 0; i < n; i++) {
		int w = utf8_width(c.items[i]);

		c.widest = w > c.widest ? w : c.widest;
	}
	int result = -1;

	c.shown = xcalloc((size_t)(n > 0 ? n : 1), sizeof(int));
	edit_set(&c.filter, "");
	pick_filter(&c);
	if (initial >= 0 && initial < n)
		c.sel = initial;
	a->modal++;
	for (;;) {
		int key = app_getkey(a, pick_overlay, &c);
		enum request req = keymap_lookup(a->km, KM_PROMPT, KM_PROMPT, key);
		int page = LINES / 2;

		if (req == REQ_ACCEPT) {
			if (c.nshown > 0) {
				result = c.shown[c.sel];
				break;
			}
			continue;
		}
		if (req == REQ_CANCEL)
			break;
		if (req == REQ_MOVE_DOWN || req == REQ_MOVE_UP || req == REQ_PAGE_DOWN ||
		    req == REQ_PAGE_UP) {
			c.sel += req == REQ_MOVE_DOWN	? 1
				 : req == REQ_MOVE_UP	? -1
				 : req == REQ_PAGE_DOWN ? page
							: -page;
			if (c.sel >= c.nshown)
				c.sel = c.nshown - 1;
			if (c.sel < 0)
				c.sel = 0;
			continue;
		}
		if (prompt_edit_key(a, &c.filter, key))
			pick_filter(&c);
	}
	a->modal--;
	edit_free(&c.filter);
	free(c.shown);
	return result;
}

int prompt_pick(struct app *a, const char *title, const char *const *items, int n, int initial)
{
	struct pick_ctx c = { .title = title, .items = items, .n = n };

	return pick_run(a, &c, initial);
}

int prompt_pick_lookup(struct app *a, const char *title, const struct lookup *l)
{
	struct pick_ctx c = { .items = NULL, .n = (int)l->n, .wide = true };
	char **items = xcalloc(l->n ? l->n : 1, sizeof(char *));
	char **keys = xcalloc(l->n ? l->n : 1, sizeof(char *));
	char *count = pick_count(l->n, l->truncated);
	int nw = 0, tw = 0, k;
	bool types = false;
	size_t i;

	for (i = 0; i < l->n; i++) {
		int w = utf8_width(l->items[i].title), t = utf8_width(_(l->items[i].entity->label));

		nw = w > nw ? w : nw;
		tw = t > tw ? t : tw;
		types |= l->items[i].entity != l->items[0].entity;
	}
	nw = nw > PICK_NAME_MAX ? PICK_NAME_MAX : nw;
	for (i = 0; i < l->n; i++) {
		const struct lookup_item *it = &l->items[i];
		char *name = utf8_fit(it->title, nw);
		char *type = types ? utf8_fit(_(it->entity->label), tw) : NULL;

		/* Aligned: the name, the type where types differ, what tells it apart. */
		items[i] =
		    xasprintf("%s  %s%s%s", name, type ? type : "", type ? "  " : "", it->detail);
		keys[i] = xasprintf("%s\x1f%s\x1f%s", it->keys, _(it->entity->label), it->detail);
		free(name);
		free(type);
	}
	/* TRANSLATORS: a pick-list's title and how many records match, e.g.
	   "Which 张伟? 144 matches". */
	c.title = xasprintf(ngettext("%s %s match", "%s %s matches", l->truncated ? 2 : l->n),
			    title, count);
	c.items = (const char *const *)items;
	c.keys = (const char *const *)keys;
	k = pick_run(a, &c, 0);
	for (i = 0; i < l->n; i++) {
		free(items[i]);
		free(keys[i]);
	}
	free(items);
	free(keys);
	free((char *)c.title);
	free(count);
	return k;
}
