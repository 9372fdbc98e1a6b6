/* view_import.c - the import preview: what `:import FILE [TYPE] [skip|update|create]` would do.
 *
 * Data: a dry run of io_import() (src/io/): nothing is written while the
 * screen is open. It shows the format and encoding found, the column mapping,
 * the counts of records to create, update and skip, and the first rows with
 * what would become of each and why (a duplicate names the record it
 * duplicates). The import itself is the same call without the dry run: one
 * transaction, so a bad row still changes nothing. The encoding is found
 * from the content unless chosen: e reads the file again as UTF-8, GB18030,
 * Big5, then found again (auto), as the CLI's --encoding; the title bar says
 * which.
 * Keys: <Enter> imports, e the next encoding, j/k scroll, <Esc> cancels.
 *
 * `:export FILE` (app.c) writes the list on screen, with its filters and
 * order, as CSV (JSON lines for a FILE ending in .jsonl, vCard 3.0 for .vcf,
 * iCalendar for .ics: the schedule's activities).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app.h"
#include "entity.h"
#include "i18n.h"
#include "io/io.h"
#include "layout.h"
#include "list.h"
#include "money.h"
#include "screens.h"
#include "view.h"
#include "xalloc.h"

#define PREVIEW_ROWS 500 /* rows listed; the counts cover the whole file */

/* The encodings e goes through: found from the content first (NULL), then
 * those of Chinese spreadsheets and address books (io.h). */
static const char *const encodings[] = { NULL, "UTF-8", "GB18030", "BIG5" };
#define NENCODINGS (sizeof(encodings) / sizeof(encodings[0]))

struct import {
	char *path;
	const struct entity *entity; /* NULL: detected */
	enum io_dup_action dup;
	size_t enc; /* index into encodings */
	int listed;
};

/* The encoding chosen, as the title bar says it. */
static const char *encoding_shown(const struct import *im)
{
	return encodings[im->enc] ? encodings[im->enc] : _("auto");
}

static const char *outcome_name(enum io_outcome what)
{
	switch (what) {
	case IO_CREATED:
		return _("create");
	case IO_UPDATED:
		return _("update");
	case IO_SKIPPED:
		return _("skip");
	case IO_REJECTED:
		return _("reject");
	}
	return "";
}

static int preview_row(void *ctx, long line, enum io_outcome what, const char *type,
		       const char *title, const char *why)
{
	struct view *v = ctx;
	struct import *im = v->priv;
	char num[24];

	(void)type;
	if (im->listed++ >= PREVIEW_ROWS)
		return 0;
	snprintf(num, sizeof(num), "%ld", line);
	view_add(
	    v, LINE_ITEM, what == IO_SKIPPED ? DA_DIM : DA_NORMAL, 4,
	    (const char *const[]){ num, outcome_name(what), title ? title : "", why ? why : "" });
	return 0;
}

/* text as lines of the screen's width: an error's hint ("--encoding BIG5")
 * comes at its end, where a line cut at 80 columns lost it */
static void add_wrapped(struct view *v, enum draw_attr attr, const char *text)
{
	int width = v->w > 8 ? v->w - 4 : 40, n, i;
	char **lines;

	n = layout_wrap(text, width, &lines);
	for (i = 0; i < n; i++) {
		view_addf(v, LINE_TEXT, attr, "%s%s", i ? "  " : "", lines[i]);
		free(lines[i]);
	}
	free(lines);
}

static void import_load(struct view *v)
{
	struct import *im = v->priv;
	struct io_import_options opt = { .entity = im->entity,
					 .encoding = encodings[im->enc],
					 .on_duplicate = im->dup,
					 .dry_run = true,
					 .report = preview_row,
					 .ctx = v };
	struct io_import_result res = { 0 };
	enum status st;
	size_t i;

	view_clear(v);
	v->ncols = 4;
	v->flex = 3;
	v->cols[0] = (struct column){ N_("Line"), 6, true };
	v->cols[1] = (struct column){ N_("Would"), 8, false };
	v->cols[2] = (struct column){ N_("Name"), 24, false };
	v->cols[3] = (struct column){ N_("Why"), 30, false };
	im->listed = 0;
	/* the summary goes first: a placeholder filled in after the run */
	view_addf(v, LINE_SECTION, DA_SECTION, "%s", "");
	st = io_import(v->app->db, im->path, NULL, 0, &opt, &res);
	if (st != ST_OK) {
		view_clear(v);
		view_addf(v, LINE_SECTION, DA_SECTION, "%s", _("This file cannot be imported:"));
		add_wrapped(v, DA_ERROR, status_message());
		add_wrapped(v, DA_DIM,
			    _("Nothing was written. Fix the file, or press e to read it in "
			      "another encoding, and try again."));
		snprintf(v->subtitle, sizeof(v->subtitle), _("%s; encoding %s"), im->path,
			 encoding_shown(im));
		io_import_result_clear(&res);
		return;
	}
	free(v->lines[0].cells[0]);
	{
		/* The type beside the format, so no count needs a plural: "skip 0" */
		const struct entity *e = entity_find(res.type);
		char *c = count_text(res.created), *u = count_text(res.updated),
		     *s = count_text(res.skipped);

		v->lines[0].cells[0] = xasprintf(
		    _("%s (%s, %s, %s): would create %s, update %s, skip %s"), im->path,
		    e ? entity_shown(e) : _("records"), res.format, res.encoding, c, u, s);
		free(c);
		free(u);
		free(s);
	}
	if (res.linked_created) {
		char *n = count_text(res.linked_created);

		view_addf(v, LINE_TEXT, DA_NORMAL,
			  _("and %s records for names in reference columns"), n);
		free(n);
	}
	if (res.nnotes) {
		/* what the reader did with the file as a whole (recurring events
		 * expanded): under the summary, before the rows */
		int first = v->nlines, n;

		view_addf(v, LINE_SECTION, DA_SECTION, "%s", _("Notes"));
		for (i = 0; i < res.nnotes; i++)
			view_addf(v, LINE_TEXT, DA_NORMAL, "  %s", res.notes[i]);
		n = v->nlines - first;
		if (first > 1) {
			struct line *moved = xreallocarray(NULL, (size_t)n, sizeof(*moved));

			memcpy(moved, v->lines + first, (size_t)n * sizeof(*moved));
			memmove(v->lines + 1 + n, v->lines + 1,
				(size_t)(first - 1) * sizeof(*moved));
			memcpy(v->lines + 1, moved, (size_t)n * sizeof(*moved));
			free(moved);
		}
	}
	view_addf(v, LINE_SECTION, DA_SECTION, "%s", _("Columns"));
	for (i = 0; i < res.ncolumns; i++)
		view_addf(v, LINE_TEXT, res.fields[i][0] ? DA_NORMAL : DA_DIM, "  %s -> %s",
			  res.columns[i], res.fields[i][0] ? res.fields[i] : _("(ignored)"));
	if (im->listed > PREVIEW_ROWS)
		view_addf(v, LINE_TEXT, DA_DIM, _("(the first %d rows of %d are listed above)"),
			  PREVIEW_ROWS, im->listed);
	snprintf(v->subtitle, sizeof(v->subtitle),
		 _("encoding %s; <Enter> imports, nothing is written before"), encoding_shown(im));
	io_import_result_clear(&res);
}

static int import_request(struct view *v, enum request req)
{
	struct import *im = v->priv;
	struct io_import_options opt = { .entity = im->entity,
					 .encoding = encodings[im->enc],
					 .on_duplicate = im->dup };
	struct io_import_result res = { 0 };
	struct app *a = v->app;
	enum status st;

	if (req == REQ_ENCODING_NEXT) {
		im->enc = (im->enc + 1) % NENCODINGS;
		import_load(v);
		return VR_HANDLED | VR_REDRAW;
	}
	if (req != REQ_OPEN)
		return VR_UNHANDLED;
	st = io_import(a->db, im->path, NULL, 0, &opt, &res);
	if (st != ST_OK) {
		app_fail(a, st);
		io_import_result_clear(&res);
		return VR_HANDLED;
	}
	{
		char *c = count_text(res.created), *u = count_text(res.updated),
		     *s = count_text(res.skipped);

		app_status(a, _("imported %s: created %s, updated %s, skipped %s"), im->path, c, u,
			   s);
		free(c);
		free(u);
		free(s);
	}
	io_import_result_clear(&res);
	app_changed(a);
	app_pop(a);
	return VR_HANDLED;
}

static void import_done(struct view *v)
{
	struct import *im = v->priv;

	free(im->path);
}

const struct view_ops import_ops = {
	.title = N_("Import"),
	.keymap = KM_IMPORT,
	.priv_size = sizeof(struct import),
	.open = import_load,
	.request = import_request,
	.done = import_done,
	.hints =
	    (const struct view_hint[]){
		HINT("<Enter>", REQ_OPEN, N_("import")),
		HINT("e", REQ_ENCODING_NEXT, N_("encoding")),
		HINT2("j", REQ_MOVE_DOWN, "k", REQ_MOVE_UP, N_("scroll")),
		HINT("<Esc>", REQ_BACK, N_("cancel")),
		HINT_END,
	    },
};

void import_open(struct app *a, const char *path, const struct entity *e, int dup)
{
	struct view *v = view_new(a, &import_ops);
	struct import *im = v->priv;

	im->path = xstrdup(path);
	im->entity = e;
	im->dup = (enum io_dup_action)dup;
	app_push(a, v);
}

enum status import_export_list(struct app *a, const struct rlist *rl, const char *path)
{
	struct record_query q = { 0 };
	struct io_export_options opt = { 0 };
	char *tmp = xasprintf("%s.XXXXXX", path);
	int64_t count = 0;
	enum status st;
	FILE *out;
	int fd;

	q.filters = rl->filters;
	q.nfilters = (size_t)rl->nfilters;
	q.sort_key = rl->sort_key;
	q.desc = rl->desc;
	opt.query = &q;
	opt.format = io_format_of_name(path) ? io_format_of_name(path) : "csv";
	opt.bom = strcmp(opt.format, "csv") == 0; /* for Excel */
	fd = mkstemp(tmp);
	if (fd < 0 || (out = fdopen(fd, "w")) == NULL) {
		st = status_set(ST_IO, _("cannot write %s"), path);
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return st;
	}
	st = io_export(a->db, rl->e, out, &opt, &count);
	if (fclose(out) != 0 && st == ST_OK)
		st = status_set(ST_IO, _("cannot write %s"), path);
	if (st == ST_OK && rename(tmp, path) != 0)
		st = status_set(ST_IO, _("cannot write %s"), path);
	if (st != ST_OK) {
		unlink(tmp);
	} else {
		char *n = count_text(count);

		app_status(a, _("exported %s %s to %s"), n, _(rl->e->plural), path);
		free(n);
	}
	free(tmp);
	return st;
}
