/* list.c - keyset-paged windows of records. */
#include "list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "xalloc.h"

#define RLIST_SEARCH_LIMIT 500

static void row_clear(struct rlist *rl, struct rrow *r)
{
	int i;

	free(r->id);
	free(r->key);
	for (i = 0; r->cells && i < rl->ncols; i++) {
		free(r->cells[i]);
		free(r->values[i]);
	}
	free(r->cells);
	free(r->values);
	memset(r, 0, sizeof(*r));
}

static void rows_clear(struct rlist *rl, struct rrow *rows, int n)
{
	int i;

	for (i = 0; i < n; i++)
		row_clear(rl, &rows[i]);
	free(rows);
}

static void window_clear(struct rlist *rl)
{
	rows_clear(rl, rl->rows, rl->nrows);
	rl->rows = NULL;
	rl->nrows = 0;
}

static void row_fill(struct rlist *rl, struct rrow *row, struct db *db, const struct record *r)
{
	int i;

	row->n = r->n;
	row->id = xstrdup(r->id);
	row->key = xstrdup(record_get(r, rl->sort_key));
	row->deleted = r->deleted;
	row->cells = xcalloc((size_t)rl->ncols + 1, sizeof(char *));
	row->values = xcalloc((size_t)rl->ncols + 1, sizeof(char *));
	for (i = 0; i < rl->ncols; i++) {
		row->cells[i] = record_display(db, r, rl->cols[i]->key);
		row->values[i] = xstrdup(record_get(r, rl->cols[i]->key));
	}
}

/* The owner column of a list that shows several owners' records: the
 * system column "owner", shown as the user's name (record_display()). */
static const struct field owner_column = {
	.key = "owner",
	.type = FT_REF,
	.label = N_("Owner"),
	.flags = F_LIST,
	.ref = "user",
	.max_len = 36,
	.width = 12,
};

struct rlist *rlist_new(struct db *db, const struct entity *e)
{
	struct rlist *rl = xcalloc(1, sizeof(*rl));
	size_t i;

	rl->db = db;
	rl->e = e;
	for (i = 0; i < e->nfields && rl->ncols < RLIST_MAX_COLS; i++)
		if (e->fields[i].flags & F_LIST)
			rl->cols[rl->ncols++] = &e->fields[i];
	rl->sort_key = e->sort_key;
	rl->desc = e->sort_desc;
	rl->height = 1;
	rl->total = -1;
	return rl;
}

static void filters_free(struct rlist *rl, bool keep_fixed)
{
	int i, j = 0;

	for (i = 0; i < rl->nfilters; i++) {
		if (keep_fixed && rl->fixed[i]) {
			rl->filters[j] = rl->filters[i];
			rl->fixed[j++] = true;
		} else {
			free((char *)rl->filters[i].key);
		}
	}
	rl->nfilters = j;
}

static void search_clear(struct rlist *rl)
{
	search_hits_free(&rl->hits, rl->nhits);
	rl->nhits = 0;
	rl->hit_top = 0;
	xfree_null(&rl->search);
}

void rlist_free(struct rlist **rlp)
{
	struct rlist *rl = *rlp;

	if (rl == NULL)
		return;
	window_clear(rl);
	filters_free(rl, false);
	search_clear(rl);
	free(rl->owner);
	free(rl);
	*rlp = NULL;
}

void rlist_set_columns(struct rlist *rl, const char *const *keys)
{
	int n = 0;

	window_clear(rl);
	for (; keys && *keys && n < RLIST_MAX_COLS; keys++) {
		const struct field *f = entity_field(rl->e, *keys);

		if (f)
			rl->cols[n++] = f;
	}
	rl->ncols = n;
}

void rlist_set_owner(struct rlist *rl, const char *owner, bool column)
{
	int i, n = 0;

	xfree_null(&rl->owner);
	rl->owner = owner ? xstrdup(owner) : NULL;
	window_clear(rl);
	rl->total = -1;
	for (i = 0; i < rl->ncols; i++)
		if (rl->cols[i] != &owner_column)
			rl->cols[n++] = rl->cols[i];
	rl->ncols = n;
	if (column && rl->ncols > 0 && rl->ncols < RLIST_MAX_COLS) {
		/* After the first column (the name), where the eye looks next. */
		memmove(rl->cols + 2, rl->cols + 1, sizeof(rl->cols[0]) * (size_t)(rl->ncols - 1));
		rl->cols[1] = &owner_column;
		rl->ncols++;
	}
}

bool rlist_shows_owner(const struct rlist *rl)
{
	int i;

	for (i = 0; i < rl->ncols; i++)
		if (rl->cols[i] == &owner_column)
			return true;
	return false;
}

/* The list's filters, and the owner's when one is set, into q (buf holds
 * them). */
static void query_filters(const struct rlist *rl, struct record_query *q,
			  struct filter buf[RLIST_MAX_FILTERS + 1])
{
	size_t n = (size_t)rl->nfilters;

	memcpy(buf, rl->filters, sizeof(buf[0]) * n);
	if (rl->owner)
		buf[n++] = (struct filter){ .key = "owner", .op = OP_EQ, .value = rl->owner };
	q->filters = buf;
	q->nfilters = n;
}

/* ---- fetching ---- */

struct fetch {
	struct rlist *rl;
	struct rrow *rows;
	int n, cap;
};

static int fetch_row(struct db *db, const struct record *r, void *ctx)
{
	struct fetch *f = ctx;

	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 32;
		f->rows = xreallocarray(f->rows, (size_t)f->cap, sizeof(*f->rows));
	}
	memset(&f->rows[f->n], 0, sizeof(f->rows[0]));
	row_fill(f->rl, &f->rows[f->n++], db, r);
	return 0;
}

/*
 * Up to limit rows next to cursor (NULL: from the start; with reverse, from
 * the end) in the list's order, or against it with backward (nearest
 * first). inclusive takes the cursor row itself too (forward only).
 */
static enum status fetch(struct rlist *rl, const struct rrow *cursor, bool inclusive, bool backward,
			 bool reverse, int limit, struct rrow **out, int *nout)
{
	struct record_query q = { 0 };
	struct filter fl[RLIST_MAX_FILTERS + 1];
	struct fetch f = { .rl = rl };
	enum status st;

	query_filters(rl, &q, fl);
	q.sort_key = rl->sort_key;
	q.desc = rl->desc != reverse;
	q.limit = limit;
	if (cursor) {
		q.after = !backward;
		q.before = backward;
		q.cursor_value = cursor->key;
		q.cursor_n = cursor->n;
		/* Rows strictly beyond (key, n ± 1) include the row (key, n). */
		if (inclusive)
			q.cursor_n += q.desc ? 1 : -1;
	}
	st = record_list(rl->db, rl->e, &q, fetch_row, &f);
	if (st != ST_OK) {
		rows_clear(rl, f.rows, f.n);
		return st;
	}
	*out = f.rows;
	*nout = f.n;
	return ST_OK;
}

/* Load the hits hits[from..from+n) as rows. */
static enum status fetch_hits(struct rlist *rl, size_t from, int n, struct rrow **out, int *nout)
{
	struct fetch f = { .rl = rl };
	size_t i;

	for (i = from; i < rl->nhits && i < from + (size_t)n; i++) {
		struct record *r = NULL;
		enum status st = record_load(rl->db, rl->e, rl->hits[i].id, &r);

		if (st == ST_NOT_FOUND) {
			status_clear();
			continue;
		}
		if (st != ST_OK) {
			rows_clear(rl, f.rows, f.n);
			return st;
		}
		fetch_row(rl->db, r, &f);
		record_free(&r);
	}
	*out = f.rows;
	*nout = f.n;
	return ST_OK;
}

static void clamp_sel(struct rlist *rl)
{
	if (rl->sel >= rl->nrows)
		rl->sel = rl->nrows - 1;
	if (rl->sel < 0)
		rl->sel = 0;
}

/* Make rows (n of them, fetched forward with one extra) the window. */
static void set_window(struct rlist *rl, struct rrow *rows, int n)
{
	window_clear(rl);
	rl->more_below = n > rl->height;
	while (n > rl->height)
		row_clear(rl, &rows[--n]);
	rl->rows = rows;
	rl->nrows = n;
	clamp_sel(rl);
}

static enum status search_window(struct rlist *rl)
{
	struct rrow *rows;
	int n;
	enum status st;

	if (rl->hit_top + (size_t)rl->height > rl->nhits)
		rl->hit_top = rl->nhits > (size_t)rl->height ? rl->nhits - (size_t)rl->height : 0;
	st = fetch_hits(rl, rl->hit_top, rl->height, &rows, &n);
	if (st != ST_OK)
		return st;
	window_clear(rl);
	rl->rows = rows;
	rl->nrows = n;
	rl->more_below = rl->hit_top + (size_t)n < rl->nhits;
	clamp_sel(rl);
	return ST_OK;
}

enum status rlist_first(struct rlist *rl)
{
	struct rrow *rows;
	int n;
	enum status st;

	rl->sel = 0;
	if (rl->search) {
		rl->hit_top = 0;
		return search_window(rl);
	}
	st = fetch(rl, NULL, false, false, false, rl->height + 1, &rows, &n);
	if (st == ST_OK)
		set_window(rl, rows, n);
	return st;
}

enum status rlist_last(struct rlist *rl)
{
	struct rrow *rows;
	int n, i;
	enum status st;

	if (rl->search) {
		rl->hit_top = rl->nhits > (size_t)rl->height ? rl->nhits - (size_t)rl->height : 0;
		st = search_window(rl);
		rl->sel = rl->nrows - 1;
		clamp_sel(rl);
		return st;
	}
	st = fetch(rl, NULL, false, false, true, rl->height, &rows, &n);
	if (st != ST_OK)
		return st;
	for (i = 0; i < n / 2; i++) {
		struct rrow t = rows[i];

		rows[i] = rows[n - 1 - i];
		rows[n - 1 - i] = t;
	}
	window_clear(rl);
	rl->rows = rows;
	rl->nrows = n;
	rl->more_below = false;
	rl->sel = n - 1;
	clamp_sel(rl);
	return ST_OK;
}

enum status rlist_reload(struct rlist *rl)
{
	struct rrow *rows;
	int n;
	enum status st;

	if (rl->search)
		return search_window(rl);
	if (rl->nrows == 0)
		return rlist_first(rl);
	st = fetch(rl, &rl->rows[0], true, false, false, rl->height + 1, &rows, &n);
	if (st != ST_OK)
		return st;
	if (n == 0) {
		rows_clear(rl, rows, n);
		return rlist_last(rl);
	}
	set_window(rl, rows, n);
	if (rl->nrows < rl->height && !rl->more_below) {
		/* Near the end: fill the window from above. */
		int sel = rl->sel, before = rl->nrows;

		st = rlist_last(rl);
		rl->sel = sel + (rl->nrows - before);
		clamp_sel(rl);
	}
	return st;
}

enum status rlist_set_height(struct rlist *rl, int height)
{
	if (height < 1)
		height = 1;
	if (height == rl->height && rl->rows)
		return ST_OK;
	rl->height = height;
	return rlist_reload(rl);
}

enum status rlist_down(struct rlist *rl)
{
	struct rrow *rows;
	int n;
	enum status st;

	if (rl->sel + 1 < rl->nrows) {
		rl->sel++;
		return ST_OK;
	}
	if (!rl->more_below || rl->nrows == 0)
		return ST_OK;
	if (rl->search) {
		rl->hit_top++;
		return search_window(rl);
	}
	/* Scroll by one: the window from the second row on. */
	st = fetch(rl, &rl->rows[rl->nrows > 1 ? 1 : 0], rl->nrows > 1, false, false,
		   rl->height + 1, &rows, &n);
	if (st == ST_OK) {
		set_window(rl, rows, n);
		rl->sel = rl->nrows - 1;
	}
	return st;
}

enum status rlist_up(struct rlist *rl)
{
	struct rrow *rows, *win;
	int n;
	enum status st;

	if (rl->sel > 0) {
		rl->sel--;
		return ST_OK;
	}
	if (rl->nrows == 0)
		return ST_OK;
	if (rl->search) {
		if (rl->hit_top > 0)
			rl->hit_top--;
		return search_window(rl);
	}
	st = fetch(rl, &rl->rows[0], false, true, false, 1, &rows, &n);
	if (st != ST_OK || n == 0) {
		if (st == ST_OK)
			rows_clear(rl, rows, n);
		return st;
	}
	/* Prepend the row above and drop the last one if the window is full. */
	win = xcalloc((size_t)rl->height + 1, sizeof(*win));
	win[0] = rows[0];
	free(rows);
	memcpy(win + 1, rl->rows, sizeof(*win) * (size_t)rl->nrows);
	free(rl->rows);
	rl->rows = win;
	rl->nrows++;
	if (rl->nrows > rl->height) {
		row_clear(rl, &rl->rows[--rl->nrows]);
		rl->more_below = true;
	}
	rl->sel = 0;
	return ST_OK;
}

enum status rlist_page_down(struct rlist *rl)
{
	struct rrow *rows, *win;
	int n, keep, i;
	enum status st;

	if (!rl->more_below || rl->nrows == 0) {
		rl->sel = rl->nrows - 1;
		clamp_sel(rl);
		return ST_OK;
	}
	if (rl->search) {
		rl->hit_top += (size_t)rl->nrows;
		return search_window(rl);
	}
	st = fetch(rl, &rl->rows[rl->nrows - 1], false, false, false, rl->height + 1, &rows, &n);
	if (st != ST_OK)
		return st;
	if (n > rl->height) {
		set_window(rl, rows, n);
		return ST_OK;
	}
	/* Fewer than a page left: show the last page, keeping rows from before. */
	keep = rl->height - n;
	if (keep > rl->nrows)
		keep = rl->nrows;
	win = xcalloc((size_t)(keep + n) + 1, sizeof(*win));
	for (i = 0; i < rl->nrows - keep; i++)
		row_clear(rl, &rl->rows[i]);
	memcpy(win, rl->rows + (rl->nrows - keep), sizeof(*win) * (size_t)keep);
	memcpy(win + keep, rows, sizeof(*win) * (size_t)n);
	free(rows);
	free(rl->rows);
	rl->rows = win;
	rl->nrows = keep + n;
	rl->more_below = false;
	rl->sel = rl->nrows - 1;
	return ST_OK;
}

enum status rlist_page_up(struct rlist *rl)
{
	struct rrow *rows, *win;
	int n, keep, i;
	enum status st;

	if (rl->nrows == 0)
		return ST_OK;
	if (rl->search) {
		rl->hit_top =
		    rl->hit_top > (size_t)rl->height ? rl->hit_top - (size_t)rl->height : 0;
		if (rl->hit_top == 0)
			rl->sel = 0;
		return search_window(rl);
	}
	st = fetch(rl, &rl->rows[0], false, true, false, rl->height, &rows, &n);
	if (st != ST_OK)
		return st;
	if (n == 0) {
		free(rows);
		rl->sel = 0;
		return ST_OK;
	}
	/* rows come nearest first: reverse them above what stays. */
	keep = rl->height - n;
	if (keep > rl->nrows)
		keep = rl->nrows;
	win = xcalloc((size_t)(keep + n) + 1, sizeof(*win));
	for (i = 0; i < n; i++)
		win[i] = rows[n - 1 - i];
	memcpy(win + n, rl->rows, sizeof(*win) * (size_t)keep);
	if (rl->nrows > keep)
		rl->more_below = true;
	for (i = keep; i < rl->nrows; i++)
		row_clear(rl, &rl->rows[i]);
	free(rows);
	free(rl->rows);
	rl->rows = win;
	rl->nrows = keep + n;
	if (n < rl->height)
		rl->sel = 0;
	clamp_sel(rl);
	return ST_OK;
}

enum status rlist_goto(struct rlist *rl, const char *id)
{
	struct record *r = NULL;
	struct rrow cursor = { 0 }, *rows;
	int n;
	enum status st;
	size_t i;

	if (rl->search) {
		for (i = 0; i < rl->nhits; i++) {
			if (strcmp(rl->hits[i].id, id) == 0) {
				rl->hit_top = i;
				rl->sel = 0;
				return search_window(rl);
			}
		}
		return ST_OK;
	}
	st = record_load(rl->db, rl->e, id, &r);
	if (st != ST_OK)
		return st;
	cursor.n = r->n;
	cursor.key = (char *)record_get(r, rl->sort_key);
	st = fetch(rl, &cursor, true, false, false, rl->height + 1, &rows, &n);
	record_free(&r);
	if (st != ST_OK)
		return st;
	set_window(rl, rows, n);
	rl->sel = 0;
	if (rl->nrows < rl->height && !rl->more_below) {
		int before = rl->nrows;

		st = rlist_last(rl);
		rl->sel = rl->nrows - before;
		clamp_sel(rl);
	}
	return st;
}

const struct rrow *rlist_selected(const struct rlist *rl)
{
	return rl->nrows > 0 && rl->sel >= 0 && rl->sel < rl->nrows ? &rl->rows[rl->sel] : NULL;
}

/* ---- what is listed ---- */

enum status rlist_add_filter(struct rlist *rl, const char *text, bool fixed)
{
	struct filter f;
	enum status st;

	if (rl->nfilters >= RLIST_MAX_FILTERS)
		return status_set(ST_INVALID, "%s", _("too many filters; clear them first"));
	st = filter_parse(text, &f);
	if (st != ST_OK)
		return st;
	rl->filters[rl->nfilters] = f;
	rl->fixed[rl->nfilters++] = fixed;
	rl->total = -1;
	/* The first page checks the field and the value: undo on error. */
	st = rlist_first(rl);
	if (st != ST_OK) {
		char *msg = xstrdup(status_message());

		free((char *)rl->filters[--rl->nfilters].key);
		rlist_first(rl);
		status_set(st, "%s", msg);
		free(msg);
	}
	return st;
}

enum status rlist_add_filter_only(struct rlist *rl, const char *text)
{
	struct filter f;
	enum status st;

	if (rl->nfilters >= RLIST_MAX_FILTERS)
		return status_set(ST_INVALID, "%s", _("too many filters; clear them first"));
	st = filter_parse(text, &f);
	if (st != ST_OK)
		return st;
	rl->filters[rl->nfilters] = f;
	rl->fixed[rl->nfilters++] = true;
	rl->total = -1;
	window_clear(rl);
	return ST_OK;
}

void rlist_clear_filters(struct rlist *rl)
{
	filters_free(rl, true);
	search_clear(rl);
	rl->total = -1;
	window_clear(rl);
	rlist_first(rl);
}

void rlist_reset_filters(struct rlist *rl)
{
	filters_free(rl, false);
	search_clear(rl);
	rl->total = -1;
	window_clear(rl);
}

const char *rlist_describe_filters(const struct rlist *rl, char *buf, size_t size)
{
	static const char *const ops[] = { "=", "!=", "<", "<=", ">", ">=", "~" };
	size_t len;
	int i;

	buf[0] = '\0';
	for (i = 0; i < rl->nfilters; i++) {
		if (rl->fixed[i])
			continue;
		len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s%s%s", len ? ", " : "", rl->filters[i].key,
			 ops[rl->filters[i].op], rl->filters[i].value);
	}
	return buf;
}

enum status rlist_search(struct rlist *rl, const char *text)
{
	struct search_hit *hits = NULL;
	size_t n = 0;
	enum status st;

	if (text == NULL || *text == '\0') {
		if (rl->search) {
			search_clear(rl);
			window_clear(rl);
			return rlist_first(rl);
		}
		return ST_OK;
	}
	st = search_run(rl->db, text, rl->e, RLIST_SEARCH_LIMIT, &hits, &n);
	if (st == ST_INVALID) {
		/* Punctuation alone: nothing to look for yet, so nothing matches. */
		status_clear();
		st = ST_OK;
	}
	if (st != ST_OK)
		return st;
	search_clear(rl);
	rl->search = xstrdup(text);
	rl->hits = hits;
	rl->nhits = n;
	rl->sel = 0;
	return search_window(rl);
}

enum status rlist_sort_next(struct rlist *rl)
{
	int i, cur = -1;

	for (i = 0; i < rl->ncols; i++)
		if (strcmp(rl->cols[i]->key, rl->sort_key) == 0)
			cur = i;
	/* References sort by id and notes by their first bytes: skip them. */
	for (i = 1; i <= rl->ncols; i++) {
		const struct field *f = rl->cols[(cur + i) % rl->ncols];

		if (f->type != FT_REF && f->type != FT_NOTE) {
			rl->sort_key = f->key;
			break;
		}
	}
	rl->desc = false;
	window_clear(rl);
	return rlist_first(rl);
}

enum status rlist_reverse(struct rlist *rl)
{
	rl->desc = !rl->desc;
	window_clear(rl);
	return rlist_first(rl);
}

enum status rlist_count(struct rlist *rl)
{
	struct record_query q = { 0 };
	struct filter fl[RLIST_MAX_FILTERS + 1];

	query_filters(rl, &q, fl);
	if (rl->search) {
		enum status st = search_count(rl->db, rl->search, rl->e, RLIST_COUNT_CAP,
					      &rl->total, &rl->total_more);

		if (st == ST_INVALID) { /* punctuation alone: nothing matches */
			status_clear();
			rl->total = 0;
			rl->total_more = false;
			st = ST_OK;
		}
		return st;
	}
	return record_count(rl->db, rl->e, &q, &rl->total);
}
