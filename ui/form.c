/* form.c - descriptor-driven data entry for every record type. */
#include "form.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "draw.h"
#include "entity.h"
#include "i18n.h"
#include "keys.h"
#include "layout.h"
#include "lookup.h"
#include "money.h"
#include "prompt.h"
#include "record.h"
#include "report/report.h"
#include "screens.h"
#include "strbuf.h"
#include "user.h"
#include "utf8.h"
#include "validate.h"
#include "xalloc.h"

#define FORM_LABEL_MAX 24
#define FORM_PICK_MAX 200

/* The text a user would type for the current value of field f of r. */
static char *field_text(struct db *db, const struct record *r, const struct field *f)
{
	const char *v = record_get(r, f->key);

	if (v == NULL)
		return xstrdup("");
	if (f->type == FT_NOTE || f->type == FT_TEXT)
		return xstrdup(v);
	if (f->type == FT_MONEY) /* the figure alone ("500,000.00"): what money_parse() reads */
		return money_text(strtoll(v, NULL, 10), record_currency(db, r, f),
				  MONEY_FULL | MONEY_BARE);
	return record_display(db, r, f->key); /* an enum: its label, read back as its value */
}

static void field_set_text(struct form_field *ff, const char *text)
{
	free(ff->text);
	ff->text = xstrdup(text ? text : "");
}

struct form *form_new(struct app *a, const struct entity *e, const struct record *rec,
		      const char *const *keys)
{
	struct form *f = xcalloc(1, sizeof(*f));
	size_t i;

	f->a = a;
	f->e = e;
	f->rec = rec ? record_dup(rec) : record_new(e);
	f->is_new = rec == NULL;
	f->ff = xcalloc(e->nfields, sizeof(*f->ff));
	for (i = 0; i < e->nfields; i++) {
		const struct field *fd = &e->fields[i];
		struct form_field *ff;

		if (keys) {
			const char *const *k;
			bool want = false;

			for (k = keys; *k; k++)
				want |= strcmp(*k, fd->key) == 0;
			if (!want)
				continue;
		} else if (fd->flags & F_SYSTEM) {
			continue;
		}
		ff = &f->ff[f->nff++];
		ff->f = fd;
		ff->text = field_text(a->db, f->rec, fd);
		ff->orig = xstrdup(ff->text);
		if (fd->type == FT_REF && record_get(f->rec, fd->key)) {
			ff->ref_id = xstrdup(record_get(f->rec, fd->key));
			ff->ref_text = xstrdup(ff->text);
		}
	}
	if (f->is_new)
		f->title = xasprintf(_("New %s"), _(e->label));
	else
		f->title = xasprintf(_("Edit %s \"%s\""), _(e->label), record_name(f->rec));
	edit_set(&f->ed, f->nff ? f->ff[0].text : "");
	return f;
}

static void cands_clear(struct form *f)
{
	int i;

	for (i = 0; i < f->ncand; i++) {
		free(f->cand_text[i]);
		free(f->cand_id[i]);
		free(f->cand_detail[i]);
	}
	f->ncand = 0;
	f->cand_sel = 0;
}

void form_free(struct form **fp)
{
	struct form *f = *fp;
	int i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nff; i++) {
		free(f->ff[i].text);
		free(f->ff[i].orig);
		free(f->ff[i].ref_id);
		free(f->ff[i].ref_text);
		free(f->ff[i].error);
		free(f->ff[i].new_ref);
	}
	free(f->ff);
	cands_clear(f);
	edit_free(&f->ed);
	record_free(&f->rec);
	free(f->title);
	free(f->existing);
	free(f->made);
	free(f);
	*fp = NULL;
}

static int field_index(struct form *f, const char *key)
{
	int i;

	for (i = 0; i < f->nff; i++)
		if (strcmp(f->ff[i].f->key, key) == 0)
			return i;
	return -1;
}

/* Parse field i's text into the record; the reason goes to its error. */
static enum status field_validate(struct form *f, int i)
{
	struct form_field *ff = &f->ff[i];
	enum status st;

	xfree_null(&ff->error);
	if (ff->new_ref && strcmp(ff->text, ff->new_ref) == 0) {
		/* Made with the record when it is saved. */
		record_set(f->rec, ff->f->key, NULL);
		return ST_OK;
	}
	xfree_null(&ff->new_ref);
	if (ff->f->type == FT_REF && ff->ref_id && ff->ref_text &&
	    strcmp(ff->text, ff->ref_text) == 0) {
		record_set(f->rec, ff->f->key, ff->ref_id);
		return ST_OK;
	}
	st = record_input(f->a->db, f->rec, ff->f->key, ff->text);
	if (st != ST_OK) {
		ff->error = xstrdup(status_message());
		return st;
	}
	if (ff->f->type == FT_REF) {
		free(ff->ref_id);
		free(ff->ref_text);
		ff->ref_id = xstrdup(record_get(f->rec, ff->f->key));
		ff->ref_text = xstrdup(ff->text);
	}
	return ST_OK;
}

void form_set(struct form *f, const char *key, const char *text)
{
	int i = field_index(f, key);
	struct form_field *ff;

	if (i < 0)
		return;
	ff = &f->ff[i];
	field_set_text(ff, text);
	if (ff->f->type == FT_REF && text && validate_uuid(text)) {
		char *title = record_title_of(f->a->db, ff->f->ref, text);

		field_set_text(ff, title);
		free(ff->ref_id);
		free(ff->ref_text);
		ff->ref_id = xstrdup(text);
		ff->ref_text = title;
	}
	if (field_validate(f, i) == ST_OK && ff->f->type != FT_REF) {
		/* Shown as a user would type it: local time, grouped amounts. */
		char *shown = field_text(f->a->db, f->rec, ff->f);

		field_set_text(ff, shown);
		free(shown);
	}
	/* Given by the screen, not typed: it does not count as a change. */
	free(ff->orig);
	ff->orig = xstrdup(ff->text);
	if (i == f->cur)
		edit_set(&f->ed, ff->text);
}

void form_focus(struct form *f, const char *key)
{
	int i = field_index(f, key);

	if (i >= 0) {
		f->cur = i;
		edit_set(&f->ed, f->ff[i].text);
	}
}

static bool form_changed(struct form *f)
{
	int i;

	field_set_text(&f->ff[f->cur], edit_text(&f->ed));
	for (i = 0; i < f->nff; i++)
		if (strcmp(f->ff[i].text, f->ff[i].orig) != 0)
			return true;
	return false;
}

/* ---- candidates: pick-lists and type-ahead ---- */

static void cand_add(struct form *f, const char *text, const char *id, const char *detail)
{
	int i;

	if (f->ncand >= FORM_MAX_CANDIDATES)
		return;
	for (i = 0; i < f->ncand; i++)
		if (strcmp(f->cand_text[i], text) == 0 && (!id || strcmp(f->cand_id[i], id) == 0))
			return;
	f->cand_text[f->ncand] = xstrdup(text);
	f->cand_id[f->ncand] = xstrdup(id);
	f->cand_detail[f->ncand] = xstrdup(detail);
	f->ncand++;
}

static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return n == 0;
}

struct ref_fill {
	char ***texts, ***ids;
	int *n, max;
};

static int ref_row(struct db *db, const struct record *r, void *vctx)
{
	struct ref_fill *c = vctx;

	(void)db;
	if (*c->n >= c->max)
		return 1;
	*c->texts = xreallocarray(*c->texts, (size_t)*c->n + 1, sizeof(char *));
	*c->ids = xreallocarray(*c->ids, (size_t)*c->n + 1, sizeof(char *));
	(*c->texts)[*c->n] = xstrdup(record_name(r));
	(*c->ids)[*c->n] = xstrdup(r->id);
	(*c->n)++;
	return 0;
}

/* The type field fd refers to; NULL for "customer" (any of four). */
static const struct entity *ref_type(const struct field *fd)
{
	return strcmp(fd->ref, "customer") == 0 ? NULL : entity_find(fd->ref);
}

/* Are the records fd refers to looked up by name (src/lookup.h), with what
 * tells namesakes apart, rather than listed? */
static bool ref_looked_up(const struct field *fd)
{
	const struct entity *only = ref_type(fd);

	return only == NULL || only->fts != NULL;
}

/*
 * Records of a small type field fd refers to whose name holds text, as
 * titles and ids (at most max; caller frees the arrays and strings).
 */
static int ref_candidates(struct form *f, const struct field *fd, const char *text, int max,
			  char ***texts, char ***ids)
{
	const struct entity *only = ref_type(fd);
	struct filter flt = { only->title_key, OP_LIKE, text };
	struct record_query q = { .filters = &flt, .nfilters = *text ? 1 : 0, .limit = max };
	int n = 0;
	struct ref_fill c = { texts, ids, &n, max };

	*texts = *ids = NULL;
	if (record_list(f->a->db, only, &q, ref_row, &c) != ST_OK)
		status_clear();
	return n;
}

static void strv_free(char **v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Refresh the type-ahead list of the focused field. */
static void cands_update(struct form *f)
{
	const struct field *fd = f->ff[f->cur].f;
	const char *text = edit_text(&f->ed);
	int i, n;

	cands_clear(f);
	if (fd->type == FT_ENUM) {
		for (i = 0; fd->values[i]; i++) {
			const char *label = i18n_value(fd->values[i]);

			if (contains_ci(label, text) && strcmp(label, text) != 0)
				cand_add(f, label, NULL, NULL);
		}
	} else if (fd->type == FT_BOOL) {
		if (contains_ci(_("yes"), text) && strcmp(text, _("yes")) != 0)
			cand_add(f, _("yes"), NULL, NULL);
		if (contains_ci(_("no"), text) && strcmp(text, _("no")) != 0)
			cand_add(f, _("no"), NULL, NULL);
	} else if (fd->type == FT_REF && *text) {
		char **texts, **ids;
		struct form_field *ff = &f->ff[f->cur];

		if (ff->ref_text && strcmp(ff->ref_text, text) == 0)
			return; /* already picked */
		if (ref_looked_up(fd)) {
			struct lookup l;
			size_t k;

			if (lookup_text(f->a->db, ref_type(fd), text, true, FORM_MAX_CANDIDATES,
					&l) != ST_OK) {
				status_clear();
				return;
			}
			for (k = 0; k < l.n; k++)
				cand_add(f, l.items[k].title, l.items[k].id, l.items[k].detail);
			lookup_free(&l);
			return;
		}
		n = ref_candidates(f, fd, text, FORM_MAX_CANDIDATES, &texts, &ids);
		for (i = 0; i < n; i++)
			cand_add(f, texts[i], ids[i], NULL);
		strv_free(texts, n);
		strv_free(ids, n);
	}
}

/* Take a picked record for the focused reference field. */
static void ref_take(struct form *f, const char *text, const char *id)
{
	struct form_field *ff = &f->ff[f->cur];

	edit_set(&f->ed, text);
	field_set_text(ff, text);
	free(ff->ref_id);
	free(ff->ref_text);
	ff->ref_id = xstrdup(id);
	ff->ref_text = xstrdup(text);
}

static void cand_accept(struct form *f, int k)
{
	struct form_field *ff = &f->ff[f->cur];

	if (f->cand_id[k]) {
		ref_take(f, f->cand_text[k], f->cand_id[k]);
	} else {
		edit_set(&f->ed, f->cand_text[k]);
		field_set_text(ff, f->cand_text[k]);
	}
	cands_clear(f);
}

/* Every record the words of a reference field name, to pick from. */
static void form_pick_lookup(struct form *f)
{
	const struct field *fd = f->ff[f->cur].f;
	struct lookup l;
	char *title;
	int k;

	if (*edit_text(&f->ed) == '\0') {
		app_error(f->a, "%s", _("type a few letters of the name first, then pick"));
		return;
	}
	if (lookup_text(f->a->db, ref_type(fd), edit_text(&f->ed), true, 0, &l) != ST_OK) {
		app_error(f->a, "%s", status_message());
		return;
	}
	/* TRANSLATORS: followed by the number of matches, "Pick Contact: 144 matches". */
	title = xasprintf(_("Pick %s:"), _(fd->label));
	k = prompt_pick_lookup(f->a, title, &l);
	free(title);
	if (k >= 0)
		ref_take(f, l.items[k].title, l.items[k].id);
	lookup_free(&l);
	cands_clear(f);
}

/* The full pick-list of the focused field. */
static void form_pick(struct form *f)
{
	struct form_field *ff = &f->ff[f->cur];
	const struct field *fd = ff->f;
	char **texts = NULL, **ids = NULL, *title;
	int n = 0, k;

	if (fd->type == FT_ENUM) {
		for (n = 0; fd->values[n]; n++)
			;
		texts = xcalloc((size_t)n, sizeof(char *));
		for (k = 0; k < n; k++)
			texts[k] = xstrdup(i18n_value(fd->values[k]));
	} else if (fd->type == FT_BOOL) {
		n = 2;
		texts = xcalloc(2, sizeof(char *));
		texts[0] = xstrdup(_("yes"));
		texts[1] = xstrdup(_("no"));
	} else if (fd->type == FT_REF && ref_looked_up(fd)) {
		form_pick_lookup(f);
		return;
	} else if (fd->type == FT_REF) {
		n = ref_candidates(f, fd, edit_text(&f->ed), FORM_PICK_MAX, &texts, &ids);
	} else {
		app_error(f->a, _("%s has no list to pick from: type it"), _(fd->label));
		return;
	}
	if (n == 0) {
		app_error(f->a, "%s", _("nothing to pick"));
		return;
	}
	title = xasprintf(_("Pick %s"), _(fd->label));
	k = prompt_pick(f->a, title, (const char *const *)texts, n, 0);
	free(title);
	if (k >= 0) {
		edit_set(&f->ed, texts[k]);
		field_set_text(ff, texts[k]);
		if (ids) {
			free(ff->ref_id);
			free(ff->ref_text);
			ff->ref_id = xstrdup(ids[k]);
			ff->ref_text = xstrdup(texts[k]);
		}
	}
	strv_free(texts, n);
	if (ids)
		strv_free(ids, n);
	cands_clear(f);
}

/* ---- $EDITOR ---- */

/* What the editor may add after the text: trailing newlines, a CR or two. */
#define EDITOR_SLACK 4096
/* The limit of a field that has no length of its own (a number, a date). */
#define EDITOR_DEFAULT_MAX 4096

/*
 * Edit the focused field in $VISUAL/$EDITOR. The text comes back whole or
 * not at all: one longer than the field holds, a second line in a one-line
 * field or a file that cannot be read is refused, and the editor's file is
 * kept (its path is in the message) so nothing typed there is lost.
 */
static void form_editor(struct form *f)
{
	const struct field *fd = f->ff[f->cur].f;
	const char *editor = getenv("VISUAL");
	size_t max = fd->max_len > 0 ? (size_t)fd->max_len : EDITOR_DEFAULT_MAX;
	struct strbuf text = STRBUF_INIT;
	char path[] = "/tmp/salesterm-XXXXXX";
	struct stat sb;
	char *cmd;
	FILE *fp;
	int fd_tmp, rc;

	if (editor == NULL || *editor == '\0')
		editor = getenv("EDITOR");
	if (editor == NULL || *editor == '\0')
		editor = "vi";
	fd_tmp = mkstemp(path);
	if (fd_tmp < 0 || (fp = fdopen(fd_tmp, "w")) == NULL) {
		app_error(f->a, _("cannot make a temporary file: %s"), strerror(errno));
		if (fd_tmp >= 0)
			close(fd_tmp);
		return;
	}
	fputs(edit_text(&f->ed), fp);
	fclose(fp);
	/* The path is ours (no quotes in it); the editor is the user's own. */
	cmd = xasprintf("%s '%s'", editor, path);
	app_suspend(f->a);
	rc = system(cmd);
	app_resume(f->a);
	free(cmd);
	if (rc != 0) {
		app_error(f->a, _("%s did not succeed; the text is unchanged"), editor);
		unlink(path);
		return;
	}
	if (strbuf_read_file(&text, path, max + EDITOR_SLACK) != ST_OK) {
		if (stat(path, &sb) == 0 && (unsigned long long)sb.st_size > max)
			app_error(f->a, _("not taken (kept in %s): %llu bytes, but %s holds %zu"),
				  path, (unsigned long long)sb.st_size, _(fd->label), max);
		else
			app_error(f->a, _("not taken (kept in %s): %s"), path, status_message());
		strbuf_release(&text);
		return;
	}
	while (text.len > 0 && (text.s[text.len - 1] == '\n' || text.s[text.len - 1] == '\r'))
		strbuf_setlen(&text, text.len - 1);
	if (text.len > max) {
		app_error(f->a, _("not taken (kept in %s): %zu bytes, but %s holds %zu"), path,
			  text.len, _(fd->label), max);
	} else if (fd->type != FT_NOTE && text.len && strpbrk(text.s, "\r\n")) {
		app_error(f->a, _("not taken (kept in %s): %s takes one line"), path, _(fd->label));
	} else {
		edit_set(&f->ed, strbuf_str(&text));
		app_status(f->a, "%s", _("text taken from the editor"));
		unlink(path);
	}
	strbuf_release(&text);
}

/* ---- drawing ---- */

static int label_width(struct form *f)
{
	int i, w = 8;

	for (i = 0; i < f->nff; i++) {
		int lw = utf8_width(_(f->ff[i].f->label)) + 2;

		if (lw > w)
			w = lw;
	}
	return w > FORM_LABEL_MAX ? FORM_LABEL_MAX : w;
}

static void form_overlay(struct app *a, void *vctx)
{
	struct form *f = vctx;
	int top = 1, bottom = LINES - 2, h = bottom - top - 1, lw = label_width(f), x, fw, i, row,
	    cursor, cy = -1;

	for (row = top; row <= bottom; row++)
		draw_fill(row, 0, COLS, DA_NORMAL);
	draw_text(top, 1, COLS - 2, f->title, DA_SECTION);
	x = lw + 3;
	fw = COLS - x - 2;
	f->top = layout_scroll(f->cur, f->top, h, f->nff);
	for (i = 0; i < h && f->top + i < f->nff; i++) {
		int k = f->top + i, y = top + 1 + i;
		struct form_field *ff = &f->ff[k];
		char *label =
		    xasprintf("%s%s", _(ff->f->label), ff->f->flags & F_REQUIRED ? "*" : "");

		/* '>' marks the focused field, '!' one the core refused, in any colours. */
		draw_text(y, 0, 1,
			  k == f->cur ? ">"
			  : ff->error ? "!"
				      : " ",
			  ff->error ? DA_ERROR : DA_SECTION);
		draw_cell(y, 1, lw, label,
			  ff->error	? DA_ERROR
			  : k == f->cur ? DA_SECTION
					: DA_NORMAL);
		free(label);
		if (k == f->cur) {
			char *vis = edit_visible(&f->ed, fw, &cursor);

			attrset(draw_attr(DA_FOCUS));
			mvaddstr(y, x, vis);
			attrset(A_NORMAL);
			free(vis);
			cy = y;
		} else {
			draw_cell(y, x, fw, ff->text, ff->error ? DA_ERROR : DA_FIELD);
		}
	}
	if (cy >= 0 && f->ncand > 0) {
		int by = cy + 1, bh = f->ncand + 2, most = f->cand_detail[0] ? 90 : 50;
		int bw = fw < most ? fw : most, nw = 0;

		if (by + bh > LINES - 1)
			by = cy - bh;
		draw_box(by, x, bh, bw, NULL);
		for (i = 0; i < f->ncand; i++) {
			int w = utf8_width(f->cand_text[i]);

			nw = w > nw ? w : nw;
		}
		nw = nw > bw / 3 ? bw / 3 : nw;
		for (i = 0; i < f->ncand; i++) {
			enum draw_attr at = i == f->cand_sel ? DA_CURSOR : DA_BOX;

			draw_fill(by + 1 + i, x + 1, bw - 2, at);
			if (f->cand_detail[i] == NULL) {
				draw_cell(by + 1 + i, x + 2, bw - 4, f->cand_text[i], at);
				continue;
			}
			/* The name, then what tells it from its namesakes. */
			draw_cell(by + 1 + i, x + 2, nw, f->cand_text[i], at);
			draw_cell(by + 1 + i, x + 4 + nw, bw - 6 - nw, f->cand_detail[i],
				  at == DA_CURSOR ? at : DA_DIM);
		}
	}
	if (a->status[0] == '\0') {
		/* Whole items only: the save and cancel keys first, then the rest. */
		const char *const items[] = { _("C-s save"),	    _("Esc cancel"),
					      _("Tab/S-Tab field"), _("Enter next/choose"),
					      _("C-o pick"),	    _("C-x $EDITOR") };
		char *hint = layout_items(items, 6, COLS - 1, "  ");

		draw_fill(LINES - 1, 0, COLS, DA_STATUS);
		draw_text(LINES - 1, 0, COLS - 1, hint, DA_DIM);
		free(hint);
	}
	if (cy >= 0) {
		a->cursor_y = cy;
		a->cursor_x = x + cursor;
	}
}

/* ---- running ---- */

/*
 * A new record's account field names no account: offer the accounts of the
 * same company (report_record_duplicates()) and to create the account with
 * the record. True when the field is now settled.
 */
static bool offer_new_account(struct form *f, struct form_field *ff, enum status why)
{
	struct record *acc;
	struct report_rows dups = { 0 };
	char **items, *title;
	size_t i, n;
	int k;

	if (!f->is_new || f->save || ff->f->type != FT_REF || strcmp(ff->f->ref, "account") != 0 ||
	    why != ST_INVALID || *ff->text == '\0')
		return false;
	acc = record_new(&entity_account);
	if (record_input(f->a->db, acc, "name", ff->text) != ST_OK ||
	    report_record_duplicates(f->a->db, acc, &dups) != ST_OK) {
		status_clear();
		record_free(&acc);
		return false;
	}
	n = dups.n;
	items = xcalloc(n + 1, sizeof(char *));
	for (i = 0; i < n; i++)
		items[i] = xasprintf(_("link the existing \"%s\"  (same company)"),
				     record_name(dups.rows[i]));
	items[n] = xasprintf(_("create the account \"%s\" with this %s"), record_name(acc),
			     _(f->e->label));
	title = xasprintf(_("No account \"%s\" yet:"), ff->text);
	k = prompt_pick(f->a, title, (const char *const *)items, (int)n + 1, 0);
	if (k >= 0 && (size_t)k < n) {
		ref_take(f, record_name(dups.rows[k]), dups.rows[k]->id);
		field_validate(f, f->cur);
	} else if (k >= 0) {
		free(ff->new_ref);
		ff->new_ref = xstrdup(record_name(acc));
		field_set_text(ff, ff->new_ref);
		edit_set(&f->ed, ff->new_ref);
		field_validate(f, f->cur);
	}
	for (i = 0; i <= n; i++)
		free(items[i]);
	free(items);
	free(title);
	report_rows_free(&dups);
	record_free(&acc);
	return k >= 0;
}

/* Take the focused field's text; validate it if it changed. */
static void field_leave(struct form *f)
{
	struct form_field *ff = &f->ff[f->cur];
	enum status st;

	field_set_text(ff, edit_text(&f->ed));
	cands_clear(f);
	if (strcmp(ff->text, ff->orig) == 0 && ff->error == NULL)
		return;
	st = field_validate(f, f->cur);
	if (st != ST_OK && !offer_new_account(f, ff, st)) {
		app_error(f->a, "%s", ff->error);
		return;
	}
	f->a->status[0] = '\0';
	/* Show how a date, an amount or a choice was understood ("+3d"). */
	if (ff->f->type != FT_REF && ff->f->type != FT_TEXT && ff->f->type != FT_NOTE) {
		char *shown = field_text(f->a->db, f->rec, ff->f);

		field_set_text(ff, shown);
		free(shown);
	}
}

static void field_go(struct form *f, int to)
{
	if (f->nff == 0)
		return;
	field_leave(f);
	f->cur = (to + f->nff) % f->nff;
	edit_set(&f->ed, f->ff[f->cur].text);
}

/* Focus the field a core message names ("contact \"x\": email ..."). */
static void focus_named(struct form *f, const char *msg)
{
	int i;

	for (i = 0; i < f->nff; i++) {
		const char *k = f->ff[i].f->key;
		const char *p = strstr(msg, k);

		while (p) {
			char before = p > msg ? p[-1] : ' ', after = p[strlen(k)];

			if ((before == ' ' || before == ',') &&
			    (after == ':' || after == ',' || after == '\0' || after == ' ')) {
				f->cur = i;
				edit_set(&f->ed, f->ff[i].text);
				return;
			}
			p = strstr(p + 1, k);
		}
	}
}

/*
 * Before a new record is added: the records the core's duplicate rule finds
 * (report_record_duplicates()) are offered. True to go on and add it; false
 * to stay in the form, or with f->existing set when the user chose to open
 * an existing record instead.
 */
static bool already_here(struct form *f)
{
	struct report_rows dups = { 0 };
	char **items, *title;
	size_t i, n;
	int k;

	if (report_record_duplicates(f->a->db, f->rec, &dups) != ST_OK) {
		app_fail(f->a, ST_DB);
		return false;
	}
	if (dups.n == 0)
		return true;
	items = xcalloc(dups.n + 1, sizeof(char *));
	for (i = 0; i < dups.n; i++) {
		struct lookup_item it;

		if (lookup_describe(f->a->db, f->e, dups.rows[i]->n, &it) != ST_OK)
			status_clear();
		/* TRANSLATORS: open an existing record: its name, what tells it
		   apart, why it looks like the new one. */
		items[i] =
		    xasprintf(_("open %s  %s  (%s)"), record_name(dups.rows[i]),
			      it.detail ? it.detail : "", report_dup_reason_text(dups.num[i]));
		lookup_item_clear(&it);
	}
	items[dups.n] = xasprintf(_("add the new %s anyway"), _(f->e->label));
	title = xasprintf(_("This %s may be here already:"), _(f->e->label));
	k = prompt_pick(f->a, title, (const char *const *)items, (int)dups.n + 1, 0);
	if (k >= 0 && (size_t)k < dups.n)
		f->existing = xstrdup(dups.rows[k]->id);
	for (i = 0; i <= dups.n; i++)
		free(items[i]);
	free(items);
	free(title);
	n = dups.n;
	report_rows_free(&dups);
	if (k < 0)
		app_status(f->a, "%s", _("not added yet: the form is as you left it"));
	return k >= 0 && (size_t)k == n;
}

static bool form_save(struct form *f)
{
	enum status st = ST_OK;
	int pass, i;

	field_leave(f);
	/* Currencies first, so amounts are read in them; every changed field. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < f->nff; i++) {
			struct form_field *ff = &f->ff[i];
			bool cur = ff->f->type == FT_CURRENCY;

			if (cur != (pass == 0))
				continue;
			if (strcmp(ff->text, ff->orig) == 0 && ff->error == NULL)
				continue;
			if (field_validate(f, i) != ST_OK) {
				app_error(f->a, "%s", ff->error);
				f->cur = i;
				edit_set(&f->ed, ff->text);
				return false;
			}
		}
	}
	if (f->is_new && !f->save && !already_here(f)) {
		f->saved = f->existing != NULL;
		return f->saved;
	}
	for (i = 0; i < f->nff && !f->ff[i].new_ref; i++)
		;
	if (f->save) {
		st = f->save(f, f->save_ctx);
	} else if (f->is_new && i < f->nff) {
		/* The account typed in is made with the record, in one write. */
		struct record *acc = record_new(&entity_account);

		st = record_input(f->a->db, acc, "name", f->ff[i].new_ref);
		if (st == ST_OK)
			st = record_insert_with_ref(f->a->db, f->rec, f->ff[i].f->key, acc);
		if (st == ST_OK)
			f->made = xasprintf(_("account \"%s\""), record_name(acc));
		record_free(&acc);
	} else {
		st = f->is_new ? record_insert(f->a->db, f->rec) : record_update(f->a->db, f->rec);
	}
	if (st != ST_OK) {
		char *msg =
		    xstrdup(*status_message() ? status_message() : status_default_message(st));

		app_error(f->a, "%s", msg);
		focus_named(f, msg);
		free(msg);
		if (f->is_new && !f->save) {
			/* Nothing was written: the next try is a new record again. */
			xfree_null(&f->rec->id);
		}
		return false;
	}
	f->saved = true;
	return true;
}

bool form_run(struct form *f)
{
	struct app *a = f->a;
	bool done = false;

	a->modal++;
	while (!done) {
		int key = app_getkey(a, form_overlay, f);
		enum request req;

		/* Up and down move in an open type-ahead list. */
		if (f->ncand > 0 && key != KEYC_TAB && key != KEYC_FN + KEY_BTAB) {
			enum request p = keymap_lookup(a->km, KM_PROMPT, KM_PROMPT, key);

			if (p == REQ_MOVE_DOWN || p == REQ_MOVE_UP) {
				f->cand_sel += p == REQ_MOVE_DOWN ? 1 : -1;
				if (f->cand_sel < 0)
					f->cand_sel = 0;
				if (f->cand_sel >= f->ncand)
					f->cand_sel = f->ncand - 1;
				continue;
			}
		}
		req = keymap_lookup(a->km, KM_FORM, KM_FORM, key);
		switch (req) {
		case REQ_FIELD_NEXT:
			field_go(f, f->cur + 1);
			break;
		case REQ_FIELD_PREV:
			field_go(f, f->cur - 1);
			break;
		case REQ_FIELD_ENTER:
			if (f->ncand > 0) {
				cand_accept(f, f->cand_sel);
			} else if (f->cur == f->nff - 1) {
				done = form_save(f);
			} else {
				field_go(f, f->cur + 1);
			}
			break;
		case REQ_FIELD_PICK:
			form_pick(f);
			break;
		case REQ_FIELD_EDITOR:
			form_editor(f);
			break;
		case REQ_SAVE:
			done = form_save(f);
			break;
		case REQ_CANCEL:
			if (f->ncand > 0) {
				cands_clear(f);
				break;
			}
			if (!form_changed(f) || prompt_yesno(a, _("Discard your changes?"))) {
				done = true;
				app_status(a, "%s", _("cancelled; nothing was saved"));
			}
			break;
		default:
			if (prompt_edit_key(a, &f->ed, key)) {
				if (a->status_error)
					a->status[0] = '\0';
				cands_update(f);
			}
			break;
		}
	}
	a->modal--;
	return f->saved;
}

bool form_add(struct app *a, const struct entity *e, const char *const *prefill, char **id)
{
	struct form *f;
	bool saved;

	/* A form the user may not save is not opened: say why now, not on save. */
	if (user_may_save(a->db, e, NULL) != ST_OK) {
		app_error(a, "%s", status_message());
		return false;
	}
	f = form_new(a, e, NULL, NULL);

	for (; prefill && prefill[0]; prefill += 2)
		form_set(f, prefill[0], prefill[1]);
	saved = form_run(f);
	if (saved && f->existing) {
		/* Not added: the existing record the user chose instead. */
		char *name = record_title_of(a->db, e->name, f->existing);

		customer_open(a, e, f->existing);
		app_status(a, _("not added: %s \"%s\" was here already"), _(e->label), name);
		free(name);
		if (id)
			*id = xstrdup(f->existing);
	} else if (saved && f->made) {
		app_status(a, _("added %s \"%s\" and %s"), _(e->label), record_name(f->rec),
			   f->made);
		app_changed(a);
		if (id)
			*id = xstrdup(f->rec->id);
	} else if (saved) {
		app_status(a, _("added %s \"%s\""), _(e->label), record_name(f->rec));
		app_changed(a);
		if (id)
			*id = xstrdup(f->rec->id);
	}
	form_free(&f);
	return saved;
}

bool form_edit(struct app *a, const struct entity *e, const char *id)
{
	struct record *r = NULL;
	struct form *f;
	enum status st = record_load(a->db, e, id, &r);
	bool saved;

	if (st != ST_OK) {
		app_fail(a, st);
		return false;
	}
	f = form_new(a, e, r, NULL);
	/* Shown, so it can be read, but marked: saving would be refused. */
	if (user_may_save(a->db, e, r) != ST_OK) {
		char *t = xasprintf(_("%s - read only: %s"), f->title, status_message());

		free(f->title);
		f->title = t;
	}
	record_free(&r);
	saved = form_run(f);
	if (saved) {
		app_status(a, _("saved %s \"%s\""), _(e->label), record_name(f->rec));
		app_changed(a);
	}
	form_free(&f);
	return saved;
}
