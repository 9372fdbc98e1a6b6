/* records.c - the commands every record type has: TYPE list, count, show,
 * add, edit, delete, undelete, fields (the descriptor table drives them). */
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "columns.h"
#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "json.h"
#include "lookup.h"
#include "record.h"
#include "report/report.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

/* List columns at most (the id and the F_LIST fields of a type). */
#define LIST_MAX_COLS 32

struct list_ctx {
	struct cli *c;
	cJSON *array;
	bool header_done;
	int64_t rows;
	int64_t show; /* rows to print; one more is fetched to know there is more */
	bool more;
	char *last_id;
};

/*
 * The widths of a list's columns (the id, then each F_LIST field, in
 * widths[1..]): the rule of src/columns.h, the same as the terminal UI's.
 * On a terminal the line is its width; into a pipe or file every column has
 * its natural width, never cut. Returns the index of the last field shown.
 */
static size_t list_widths(const struct entity *e, int *widths)
{
	struct columns_want want[1 + LIST_MAX_COLS];
	struct winsize ws;
	size_t i, n = 1, last = 0;

	want[0] = (struct columns_want){ .width = 8, .min = 8, .keep = true };
	for (i = 0; i < e->nfields && n < 1 + LIST_MAX_COLS; i++)
		if (e->fields[i].flags & F_LIST)
			want[n++] = columns_of_field(&e->fields[i]);
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		columns_fit(want, (int)n, ws.ws_col - 1, 2, widths);
	} else {
		for (i = 0; i < n; i++)
			widths[i] = want[i].width;
	}
	for (i = 0, n = 1; i < e->nfields && n < 1 + LIST_MAX_COLS; i++)
		if (e->fields[i].flags & F_LIST) {
			if (widths[n])
				last = i;
			n++;
		}
	return last;
}

static void print_header(const struct entity *e)
{
	int widths[1 + LIST_MAX_COLS];
	size_t i, n = 1, last = list_widths(e, widths);

	cli_print_cell("ID", widths[0], false);
	for (i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];

		if (!(f->flags & F_LIST))
			continue;
		if (widths[n])
			cli_print_cell(_(f->label), widths[n], i == last);
		n++;
	}
	putchar('\n');
}

static int list_row(struct db *db, const struct record *r, void *vctx)
{
	struct list_ctx *ctx = vctx;
	const struct entity *e = r->entity;
	int widths[1 + LIST_MAX_COLS];
	size_t i, n, last;
	char id8[33];

	if (ctx->show > 0 && ctx->rows == ctx->show) {
		ctx->more = true;
		return 1;
	}
	if (!ctx->array && !ctx->header_done) {
		print_header(e);
		ctx->header_done = true;
	}
	ctx->rows++;
	free(ctx->last_id);
	ctx->last_id = xstrdup(r->id);
	if (ctx->array) {
		cJSON_AddItemToArray(ctx->array, json_from_record(db, r, 1));
		return 0;
	}
	last = list_widths(e, widths);
	record_short_id(r->id, id8);
	cli_print_cell(id8, widths[0], false);
	for (i = 0, n = 1; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		int width;
		char *v;

		if (!(f->flags & F_LIST))
			continue;
		width = widths[n++];
		if (width == 0)
			continue;
		v = record_display(db, r, f->key);
		if (f->type == FT_MONEY || f->type == FT_INT) {
			char *cell = utf8_fit_right(v, width);

			fputs(cell, stdout);
			free(cell);
			if (i != last)
				fputs("  ", stdout);
		} else {
			cli_print_cell(v, width, i == last);
		}
		free(v);
	}
	if (r->deleted)
		fputs(_("  (deleted)"), stdout);
	putchar('\n');
	return 0;
}

/* ---- record commands ---- */

static int list_or_count(struct cli *c, int argi, bool count_only)
{
	const struct entity *e = c->entity;
	struct filter *filters = xcalloc((size_t)c->nargs + 1, sizeof(*filters));
	struct record_query q = { 0 };
	struct list_ctx ctx = { .c = c };
	struct record *after = NULL;
	char *sort = NULL;
	int64_t total = 0;
	enum status st = ST_OK;
	size_t nf = 0, i;
	bool all = false, limit_given = false;
	int ret = 0;

	q.limit = 50;
	for (int i2 = argi; i2 < c->nargs && st == ST_OK; i2++) {
		const char *a = c->args[i2], *v;

		if (strcmp(a, "--all") == 0) {
			all = true;
		} else if (strcmp(a, "--deleted") == 0) {
			q.include_deleted = true;
		} else if (strcmp(a, "--sort") == 0) {
			if ((v = cli_opt_value(c, &i2)) == NULL || !cli_opt_sort(v, &q, &sort)) {
				ret = 2;
				goto out;
			}
		} else if (strcmp(a, "--limit") == 0) {
			long long n;

			if ((v = cli_opt_value(c, &i2)) == NULL ||
			    !cli_opt_count(a, v, INT64_MAX, &n)) {
				ret = 2;
				goto out;
			}
			q.limit = n;
			limit_given = true;
		} else if (strcmp(a, "--after") == 0) {
			if ((v = cli_opt_value(c, &i2)) == NULL) {
				ret = 2;
				goto out;
			}
			st = record_find(c->db, e, v, &after);
		} else if (a[0] == '-' && a[1] == '-') {
			ret = cli_usage_error(_("unknown option %s"), a);
			goto out;
		} else {
			st = filter_parse(a, &filters[nf]);
			if (st == ST_OK)
				nf++;
		}
	}
	if (st != ST_OK) {
		ret = cli_fail(st);
		goto out;
	}
	q.filters = filters;
	q.nfilters = nf;
	if (all)
		q.limit = 0;
	if (after) {
		const char *key = q.sort_key ? q.sort_key : e->sort_key;

		q.after = true;
		q.cursor_value = record_get(after, key);
		q.cursor_n = after->n;
	}
	if (count_only) {
		st = record_count(c->db, e, &q, &total);
		if (st == ST_OK)
			printf(c->json ? "{\"count\": %" PRId64 "}\n" : "%" PRId64 "\n", total);
		ret = st == ST_OK ? 0 : cli_fail(st);
		goto out;
	}
	/* A whole count(*) costs tens of milliseconds on a million rows: fetch one
	 * row more than is shown instead, to know whether there is a next page. */
	ctx.show = q.limit;
	if (q.limit > 0 && q.limit < INT64_MAX)
		q.limit++;
	if (c->json)
		ctx.array = cJSON_CreateArray();
	st = record_list(c->db, e, &q, list_row, &ctx);
	if (st != ST_OK) {
		ret = cli_fail(st);
		goto out;
	}
	if (!c->json && !ctx.header_done)
		print_header(e);
	if (ctx.array)
		cli_print_json(ctx.array);
	if (!c->json && ctx.more && !limit_given)
		fprintf(stderr,
			_("(first %" PRId64 " %s; --all for every one, --after %s for the next "
			  "page)\n"),
			ctx.rows, _(e->plural), ctx.last_id);
out:
	cJSON_Delete(ctx.array);
	free(ctx.last_id);
	for (i = 0; i < nf; i++)
		free((char *)filters[i].key);
	free(filters);
	free(sort);
	record_free(&after);
	return ret;
}

int cli_cmd_list(struct cli *c, int argi)
{
	return list_or_count(c, argi, false);
}

int cli_cmd_count(struct cli *c, int argi)
{
	return list_or_count(c, argi, true);
}

int cli_cmd_show(struct cli *c, int argi)
{
	const struct entity *e = c->entity;
	struct record *r = NULL;
	enum status st;

	if (argi >= c->nargs)
		return cli_usage_error(_("%s show needs an id or a name"), e->name);
	st = record_find(c->db, e, c->args[argi], &r);
	if (st != ST_OK)
		return cli_fail(st);
	cli_show_record(c, r);
	record_free(&r);
	return 0;
}

/* After a write: the id on stdout (or the record as JSON). */
static void print_written(struct cli *c, const struct record *r, const char *what)
{
	if (c->json) {
		cli_show_record(c, r);
		return;
	}
	printf("%s\n", r->id);
	if (isatty(STDERR_FILENO)) {
		char *name = utf8_sanitize(record_name(r), 0, false);

		fprintf(stderr, _("%s %s \"%s\"\n"), what, r->entity->name, name);
		free(name);
	}
}

/*
 * The core's duplicate rule (report_record_duplicates()) for a record about
 * to be added: ST_DUPLICATE naming each look-alike, its id and why, unless
 * there is none.
 */
static enum status refuse_duplicates(struct cli *c, const struct record *r)
{
	struct report_rows dups = { 0 };
	struct strbuf msg = STRBUF_INIT;
	enum status st = report_record_duplicates(c->db, r, &dups);
	size_t i;

	if (st != ST_OK || dups.n == 0) {
		report_rows_free(&dups);
		return st;
	}
	strbuf_addf(&msg, _("%s \"%s\" may be here already (add it anyway with --force):"),
		    r->entity->name, record_name(r));
	for (i = 0; i < dups.n; i++) {
		char sid[33], *name = utf8_sanitize(record_name(dups.rows[i]), 0, false), *detail;
		struct lookup_item it;

		record_short_id(dups.rows[i]->id, sid);
		if (lookup_describe(c->db, r->entity, dups.rows[i]->n, &it) != ST_OK)
			status_clear();
		detail = utf8_sanitize(it.detail ? it.detail : "", 0, false);
		strbuf_addf(&msg, "\n  %s  %s  %s  (%s)", sid, name, detail,
			    report_dup_reason_text(dups.num[i]));
		lookup_item_clear(&it);
		free(detail);
		free(name);
	}
	report_rows_free(&dups);
	st = status_set(ST_DUPLICATE, "%s", strbuf_str(&msg));
	strbuf_release(&msg);
	return st;
}

static int add_or_edit(struct cli *c, int argi, bool add)
{
	const struct entity *e = c->entity;
	struct record *r = NULL;
	struct kv *kv;
	int n, ret = 0;
	bool force = false;
	enum status st;

	if (e->flags & E_HISTORY)
		return cli_usage_error(
		    e == &entity_forecast_snapshot
			? _("%s are written by salesterm itself (see 'forecast snapshot')")
		    : e == &entity_opportunity_history
			? _("%s are written by salesterm itself with each change of a deal")
			: _("%s are written by salesterm itself (see 'opportunity move' and "
			    "'opportunity approve')"),
		    _(e->plural));
	if (!add) {
		if (argi >= c->nargs)
			return cli_usage_error(_("%s edit needs an id or a name"), e->name);
		st = record_find(c->db, e, c->args[argi++], &r);
		if (st != ST_OK)
			return cli_fail(st);
	} else {
		r = record_new(e);
	}
	n = c->nargs - argi;
	if (add) {
		/* --force: add even what looks like a record already here. */
		int i, k = argi;

		for (i = argi; i < c->nargs; i++) {
			if (strcmp(c->args[i], "--force") == 0)
				force = true;
			else
				c->args[k++] = c->args[i];
		}
		n = k - argi;
	}
	if (n == 0) {
		record_free(&r);
		return cli_usage_error(_("nothing to write: give FIELD=VALUE pairs (see 'salesterm "
					 "%s fields')"),
				       e->name);
	}
	kv = xcalloc((size_t)n, sizeof(*kv));
	st = cli_parse_pairs(c, e->name, c->args + argi, n, kv);
	if (st == ST_OK)
		st = record_input_all(c->db, r, kv, (size_t)n);
	if (st == ST_OK && add && !force)
		st = refuse_duplicates(c, r);
	if (st == ST_OK)
		st = add ? record_insert(c->db, r) : record_update(c->db, r);
	if (st == ST_OK)
		print_written(c, r, add ? _("added") : _("saved"));
	else
		ret = cli_fail(st);
	free(kv);
	record_free(&r);
	return ret;
}

int cli_cmd_add(struct cli *c, int argi)
{
	return add_or_edit(c, argi, true);
}

int cli_cmd_edit(struct cli *c, int argi)
{
	return add_or_edit(c, argi, false);
}

static int delete_or_undelete(struct cli *c, int argi, bool undo)
{
	const struct entity *e = c->entity;
	struct record *r = NULL;
	enum status st;

	if (argi >= c->nargs)
		return cli_usage_error(_("%s needs an id or a name"), undo ? "undelete" : "delete");
	if (e->flags & E_HISTORY)
		return cli_usage_error(_("%s are history and are never deleted"), _(e->plural));
	st = record_find(c->db, e, c->args[argi], &r);
	if (st == ST_OK)
		st = undo ? record_undelete(c->db, e, r->id) : record_delete(c->db, e, r->id);
	if (st != ST_OK) {
		record_free(&r);
		return cli_fail(st);
	}
	if (c->json)
		printf("{\"id\": \"%s\", \"deleted\": %s}\n", r->id, undo ? "false" : "true");
	else {
		char *name = utf8_sanitize(record_name(r), 0, false);

		if (!undo)
			printf(_("deleted %s \"%s\" (undo: salesterm %s undelete %s)\n"), e->name,
			       name, e->name, r->id);
		else
			printf(_("restored %s \"%s\"\n"), e->name, name);
		free(name);
	}
	record_free(&r);
	return 0;
}

int cli_cmd_delete(struct cli *c, int argi)
{
	return delete_or_undelete(c, argi, false);
}

int cli_cmd_undelete(struct cli *c, int argi)
{
	return delete_or_undelete(c, argi, true);
}

/* The descriptors of e as JSON, for scripts and the test that holds the
 * server's validate_doc_update to the same rules (tests/sync/foreign.sh). */
static void fields_json(const struct entity *e)
{
	static const char *const codes[] = {
		[FT_TEXT] = "text",	    [FT_NOTE] = "note",	  [FT_ENUM] = "enum",
		[FT_INT] = "int",	    [FT_BOOL] = "bool",	  [FT_DATE] = "date",
		[FT_DATETIME] = "datetime", [FT_MONEY] = "money", [FT_CURRENCY] = "currency",
		[FT_EMAIL] = "email",	    [FT_PHONE] = "phone", [FT_URL] = "url",
		[FT_REF] = "ref",	    [FT_TAGS] = "tags",
	};
	cJSON *a = cJSON_CreateArray();
	char *s;
	size_t i, j;

	for (i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "key", f->key);
		cJSON_AddStringToObject(o, "type", codes[f->type]);
		cJSON_AddStringToObject(o, "json",
					f->type == FT_INT    ? "number"
					: f->type == FT_BOOL ? "boolean"
							     : "string");
		cJSON_AddBoolToObject(o, "required", (f->flags & F_REQUIRED) != 0);
		cJSON_AddBoolToObject(o, "system", (f->flags & F_SYSTEM) != 0);
		if (f->def)
			cJSON_AddStringToObject(o, "default", f->def);
		else
			cJSON_AddNullToObject(o, "default");
		if (f->type == FT_ENUM) {
			cJSON *v = cJSON_AddArrayToObject(o, "values");

			/* Open: other writers may send other values (F_OPEN). */
			cJSON_AddBoolToObject(o, "open", (f->flags & F_OPEN) != 0);

			for (j = 0; f->values[j]; j++)
				cJSON_AddItemToArray(v, cJSON_CreateString(f->values[j]));
		}
		if (f->type == FT_INT) {
			cJSON_AddNumberToObject(o, "min", (double)f->min);
			cJSON_AddNumberToObject(o, "max", (double)f->max);
		}
		if (f->type == FT_REF)
			cJSON_AddStringToObject(o, "ref", f->ref);
		cJSON_AddItemToArray(a, o);
	}
	s = cJSON_Print(a);
	puts(s);
	free(s);
	cJSON_Delete(a);
}

int cli_cmd_fields(struct cli *c, int argi)
{
	const struct entity *e = c->entity;
	size_t i, j;

	(void)argi;
	if (c->json) {
		fields_json(e);
		return 0;
	}
	for (i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		char *key = utf8_fit(f->key, 22), *type = utf8_fit(entity_type_name(f->type), 14);

		printf("%s%s%s%s", key, type, _(f->label),
		       f->flags & F_REQUIRED ? _(" (required)") : "");
		if (f->flags & F_SYSTEM)
			fputs(_(" (set by salesterm)"), stdout);
		if (f->type == FT_ENUM) {
			fputs(": ", stdout);
			for (j = 0; f->values[j]; j++)
				printf("%s%s", j ? "|" : "", f->values[j]);
		}
		if (f->type == FT_REF)
			printf(": %s", f->ref);
		putchar('\n');
		free(key);
		free(type);
	}
	return 0;
}
