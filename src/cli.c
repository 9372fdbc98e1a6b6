/* cli.c - the `salesterm` command line. */
#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "activity.h"
#include "cli_sync.h"
#include "db.h"
#include "demo.h"
#include "entity.h"
#include "i18n.h"
#include "json.h"
#include "lead.h"
#include "opportunity.h"
#include "paths.h"
#include "record.h"
#include "search.h"
#include "status.h"
#include "strbuf.h"
#include "user.h"
#include "utf8.h"
#include "validate.h"
#include "xalloc.h"

/* Reading a field from a file: key@FILE (key@- for standard input). */
#define CLI_MAX_FILE ((size_t)16 * 1024 * 1024)

struct cli {
	const char *db_override;
	bool json;
	char **args; /* the command's words, global options removed */
	int nargs;
	struct db *db;
	/* Values read from files for key@FILE, owned here. */
	char **owned;
	int nowned;
};

void cli_usage(FILE *out)
{
	fputs(
	    _("usage: salesterm [--db PATH] [--json] COMMAND ...\n"
	      "\n"
	      "Records (TYPE is user, account, contact, lead, opportunity, stage, product,\n"
	      "campaign, activity, followup, stage_change, approval):\n"
	      "  salesterm TYPE list [FIELD=VALUE|FIELD>=VALUE|FIELD~TEXT ...] [--sort "
	      "KEY[:desc]]\n"
	      "                      [--limit N] [--all] [--after ID] [--deleted]\n"
	      "  salesterm TYPE count [FILTER ...]\n"
	      "  salesterm TYPE show ID|NAME\n"
	      "  salesterm TYPE add FIELD=VALUE ... (FIELD@FILE reads a file, FIELD@- stdin)\n"
	      "  salesterm TYPE edit ID|NAME FIELD=VALUE ...\n"
	      "  salesterm TYPE delete ID|NAME\n"
	      "  salesterm TYPE undelete ID\n"
	      "  salesterm TYPE fields\n"
	      "\n"
	      "Work:\n"
	      "  salesterm search TEXT [--type TYPE] [--limit N]\n"
	      "  salesterm lead convert ID [--account ACCOUNT] [--contact CONTACT] [--name NAME]\n"
	      "                           [--no-opportunity]\n"
	      "  salesterm opportunity move ID STAGE [FIELD=VALUE ...]\n"
	      "  salesterm opportunity approve ID [STAGE] [--note TEXT]\n"
	      "  salesterm activity done ID [--log TEXT] [--outcome TEXT] [--next DATE]\n"
	      "  salesterm user use NAME|ID     choose who is working\n"
	      "  salesterm user whoami\n"
	      "\n"
	      "Database:\n"
	      "  salesterm demo [--size N] [--seed S]   fill an empty database with demo data\n"
	      "  salesterm db info|check\n"
	      "  salesterm db backup FILE\n"
	      "\n"
	      "The database is --db PATH, else $SALESTERM_DB, else\n"
	      "$XDG_DATA_HOME/salesterm/salesterm.db. Exit codes: 0 ok, 2 usage, 3 not found,\n"
	      "4 invalid input, 5 not allowed, 6 ambiguous name, 7 stage requirements not met,\n"
	      "8 database error, 9 read-only, 10 newer database, 11 not a database, 12 locked,\n"
	      "13 input/output error, 14 disk full.\n"),
	    out);
	cli_sync_usage(out);
}

static int cli_fail(enum status st)
{
	const char *msg = status_message();

	fprintf(stderr, "salesterm: %s\n", *msg ? msg : status_default_message(st));
	return status_exit_code(st);
}

static int cli_usage_error(const char *fmt, const char *arg)
{
	fputs("salesterm: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(_(" (see 'salesterm help')\n"), stderr);
	return status_exit_code(ST_USAGE);
}

static enum status cli_open(struct cli *c, bool create)
{
	char *path = paths_db(c->db_override);
	enum status st = db_open(path, create ? DB_CREATE : 0, &c->db);

	free(path);
	if (st == ST_OK && db_readonly(c->db) && create)
		fprintf(stderr, _("salesterm: %s is read-only: showing data, refusing changes\n"),
			db_path(c->db));
	return st;
}

/* The number of a count option (--limit N): 1 to max. False with a usage
 * error printed. */
static bool opt_count(const char *opt, const char *v, long long max, long long *out)
{
	long long n = 0;
	bool digits = *v && strspn(v, "0123456789") == strlen(v);

	if (validate_int(v, 1, max, &n) == NULL) {
		*out = n;
		return true;
	}
	if (digits && strspn(v, "0") != strlen(v)) {
		char *msg = xasprintf(_("%s: %s is too big (at most %lld)"), opt, v, max);

		cli_usage_error("%s", msg);
		free(msg);
	} else {
		char *fmt = xasprintf(_("%s needs a positive number, not \"%%s\""), opt);

		cli_usage_error(fmt, v);
		free(fmt);
	}
	return false;
}

/* The value after an option at args[*i], or NULL (usage error printed). */
static const char *opt_value(struct cli *c, int *i)
{
	if (*i + 1 >= c->nargs) {
		cli_usage_error(_("%s needs a value"), c->args[*i]);
		return NULL;
	}
	return c->args[++*i];
}

/* Read a whole file (or stdin for "-") for key@FILE into *out (caller frees). */
static enum status read_value_file(const char *path, char **out)
{
	struct strbuf b = STRBUF_INIT;
	enum status st;

	*out = NULL;
	if (strcmp(path, "-") == 0)
		st = strbuf_read_stream(&b, stdin, _("standard input"), CLI_MAX_FILE);
	else
		st = strbuf_read_file(&b, path, CLI_MAX_FILE);
	if (st == ST_OK)
		*out = strbuf_detach(&b);
	strbuf_release(&b);
	return st;
}

/* Parse FIELD=VALUE and FIELD@FILE words into kv (sized n); type names the
 * record type for messages. */
static enum status parse_pairs(struct cli *c, const char *type, char **words, int n, struct kv *kv)
{
	int i;

	for (i = 0; i < n; i++) {
		char *w = words[i], *p = w;

		while (*p && *p != '=' && *p != '@')
			p++;
		if (*p == '\0' || p == w)
			return status_set(ST_USAGE, _("\"%s\" is not FIELD=VALUE"), w);
		kv[i].key = xstrndup(w, (size_t)(p - w));
		c->owned = xreallocarray(c->owned, (size_t)c->nowned + 2, sizeof(char *));
		c->owned[c->nowned++] = (char *)kv[i].key;
		if (*p == '=') {
			kv[i].value = p + 1;
		} else {
			char *v;
			enum status st = read_value_file(p + 1, &v);

			if (st != ST_OK) {
				char *msg = xstrdup(status_message());

				status_set(st, "%s: %s: %s", type, kv[i].key, msg);
				free(msg);
				return st;
			}
			c->owned[c->nowned++] = v;
			kv[i].value = v;
		}
	}
	return ST_OK;
}

/* ---- printing records ---- */

/* Short id for tables: the first 8 characters, enough to type back. */
static void print_cell(const char *text, int width, bool last)
{
	char *cell = last ? utf8_clip(text, width) : utf8_fit(text, width);

	fputs(cell, stdout);
	free(cell);
	if (!last)
		fputs("  ", stdout);
}

struct list_ctx {
	struct cli *c;
	cJSON *array;
	bool header_done;
	int64_t rows;
	int64_t show; /* rows to print; one more is fetched to know there is more */
	bool more;
	char *last_id;
};

static void print_header(const struct entity *e)
{
	size_t i, last = 0;

	for (i = 0; i < e->nfields; i++)
		if (e->fields[i].flags & F_LIST)
			last = i;
	print_cell("ID", 8, false);
	for (i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];

		if (f->flags & F_LIST)
			print_cell(_(f->label), f->width, i == last);
	}
	putchar('\n');
}

static int list_row(struct db *db, const struct record *r, void *vctx)
{
	struct list_ctx *ctx = vctx;
	const struct entity *e = r->entity;
	size_t i, last = 0;
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
	for (i = 0; i < e->nfields; i++)
		if (e->fields[i].flags & F_LIST)
			last = i;
	record_short_id(r->id, id8);
	print_cell(id8, 8, false);
	for (i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		char *v;

		if (!(f->flags & F_LIST))
			continue;
		v = record_display(db, r, f->key);
		if (f->type == FT_MONEY || f->type == FT_INT) {
			char *cell = utf8_fit_right(v, f->width);

			fputs(cell, stdout);
			free(cell);
			if (i != last)
				fputs("  ", stdout);
		} else {
			print_cell(v, f->width, i == last);
		}
		free(v);
	}
	if (r->deleted)
		fputs(_("  (deleted)"), stdout);
	putchar('\n');
	return 0;
}

static void print_json(cJSON *o)
{
	char *s = cJSON_Print(o);

	puts(s);
	free(s);
}

static void show_record(struct cli *c, const struct record *r)
{
	static const char *const sys[] = { "id",	 "owner",      "created_at",
					   "updated_at", "updated_by", "rev" };
	const struct entity *e = r->entity;
	size_t i;
	char *name;

	if (c->json) {
		cJSON *o = json_from_record(c->db, r, 1);

		print_json(o);
		cJSON_Delete(o);
		return;
	}
	/* Names and values are text, not terminal commands: the database may
	 * hold what another program or a server put there. */
	name = utf8_sanitize(record_name(r), 0, false);
	printf("%s %s%s\n", e->name, name, r->deleted ? _(" (deleted)") : "");
	free(name);
	for (i = 0; i < e->nfields; i++) {
		char *raw = record_display(c->db, r, e->fields[i].key), *label, *v;

		v = utf8_sanitize(raw, 0, true);
		free(raw);
		if (*v == '\0') {
			free(v);
			continue;
		}
		label = utf8_fit(e->fields[i].key, 22);
		/* Notes keep their lines, indented under the label. */
		printf("  %s", label);
		for (char *p = v; *p; p++) {
			putchar(*p);
			if (*p == '\n' && p[1])
				printf("  %24s", "");
		}
		putchar('\n');
		free(label);
		free(v);
	}
	for (i = 0; i < sizeof(sys) / sizeof(sys[0]); i++) {
		char *raw = record_display(c->db, r, sys[i]), *label = utf8_fit(sys[i], 22);
		char *v = utf8_sanitize(raw, 0, false);

		free(raw);
		if (*v)
			printf("  %s%s\n", label, v);
		free(label);
		free(v);
	}
}

/* ---- record commands ---- */

static int cmd_list(struct cli *c, const struct entity *e, int argi, bool count_only)
{
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
			if ((v = opt_value(c, &i2)) == NULL) {
				ret = 2;
				goto out;
			}
			free(sort);
			sort = xstrdup(v);
			char *colon = strchr(sort, ':');

			if (colon) {
				q.desc = strcmp(colon + 1, "desc") == 0;
				if (!q.desc && strcmp(colon + 1, "asc") != 0) {
					ret = cli_usage_error(
					    _("--sort takes KEY, KEY:asc or KEY:desc, not \"%s\""),
					    v);
					goto out;
				}
				*colon = '\0';
			}
			q.sort_key = sort;
		} else if (strcmp(a, "--limit") == 0) {
			long long n;

			if ((v = opt_value(c, &i2)) == NULL || !opt_count(a, v, INT64_MAX, &n)) {
				ret = 2;
				goto out;
			}
			q.limit = n;
			limit_given = true;
		} else if (strcmp(a, "--after") == 0) {
			if ((v = opt_value(c, &i2)) == NULL) {
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
		print_json(ctx.array);
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

static int cmd_show(struct cli *c, const struct entity *e, int argi)
{
	struct record *r = NULL;
	enum status st;

	if (argi >= c->nargs)
		return cli_usage_error(_("%s show needs an id or a name"), e->name);
	st = record_find(c->db, e, c->args[argi], &r);
	if (st != ST_OK)
		return cli_fail(st);
	show_record(c, r);
	record_free(&r);
	return 0;
}

/* After a write: the id on stdout (or the record as JSON). */
static void print_written(struct cli *c, const struct record *r, const char *what)
{
	if (c->json) {
		show_record(c, r);
		return;
	}
	printf("%s\n", r->id);
	if (isatty(STDERR_FILENO)) {
		char *name = utf8_sanitize(record_name(r), 0, false);

		fprintf(stderr, _("%s %s \"%s\"\n"), what, r->entity->name, name);
		free(name);
	}
}

static int cmd_add_edit(struct cli *c, const struct entity *e, int argi, bool add)
{
	struct record *r = NULL;
	struct kv *kv;
	int n, ret = 0;
	enum status st;

	if (e->flags & E_HISTORY)
		return cli_usage_error(_("%s are written by salesterm itself (see 'opportunity "
					 "move' and 'opportunity approve')"),
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
	if (n == 0) {
		record_free(&r);
		return cli_usage_error(_("nothing to write: give FIELD=VALUE pairs (see 'salesterm "
					 "%s fields')"),
				       e->name);
	}
	kv = xcalloc((size_t)n, sizeof(*kv));
	st = parse_pairs(c, e->name, c->args + argi, n, kv);
	if (st == ST_OK)
		st = record_input_all(c->db, r, kv, (size_t)n);
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

static int cmd_delete(struct cli *c, const struct entity *e, int argi, bool undo)
{
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

static int cmd_fields(struct cli *c, const struct entity *e)
{
	size_t i, j;

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

/* ---- work commands ---- */

static int cmd_search(struct cli *c, int argi)
{
	const struct entity *only = NULL;
	struct search_hit *hits = NULL;
	struct strbuf text = STRBUF_INIT;
	size_t nhits = 0, i;
	int limit = 20, ret = 0;
	enum status st;

	for (int i2 = argi; i2 < c->nargs; i2++) {
		const char *a = c->args[i2], *v;

		if (strcmp(a, "--type") == 0 || strcmp(a, "--limit") == 0) {
			if ((v = opt_value(c, &i2)) == NULL) {
				strbuf_release(&text);
				return 2;
			}
			if (a[2] == 't' && (only = entity_find(v)) == NULL) {
				strbuf_release(&text);
				return cli_usage_error(_("unknown type \"%s\""), v);
			}
			if (a[2] == 'l') {
				long long n;

				if (!opt_count(a, v, INT_MAX, &n)) {
					strbuf_release(&text);
					return 2;
				}
				limit = (int)n;
			}
			continue;
		}
		if (text.len)
			strbuf_addc(&text, ' ');
		strbuf_adds(&text, a);
	}
	if (text.len == 0) {
		strbuf_release(&text);
		return cli_usage_error("%s", _("search needs some text"));
	}
	st = search_run(c->db, text.s, only, limit, &hits, &nhits);
	strbuf_release(&text);
	if (st != ST_OK)
		return cli_fail(st);
	if (c->json) {
		cJSON *a = cJSON_CreateArray();

		for (i = 0; i < nhits; i++) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "type", hits[i].entity->name);
			cJSON_AddStringToObject(o, "id", hits[i].id);
			cJSON_AddStringToObject(o, "title", hits[i].title ? hits[i].title : "");
			cJSON_AddItemToArray(a, o);
		}
		print_json(a);
		cJSON_Delete(a);
	} else {
		for (i = 0; i < nhits; i++) {
			char id8[33];

			record_short_id(hits[i].id, id8);
			print_cell(hits[i].entity->name, 12, false);
			print_cell(id8, 8, false);
			print_cell(hits[i].title ? hits[i].title : "", 60, true);
			putchar('\n');
		}
		if (nhits == 0)
			fputs(_("no matches\n"), stderr);
	}
	search_hits_free(&hits, nhits);
	return ret;
}

static int cmd_lead_convert(struct cli *c, int argi)
{
	struct lead_conversion conv = { 0 };
	enum status st;
	int ret = 0;

	if (argi >= c->nargs)
		return cli_usage_error("%s", _("lead convert needs a lead id or name"));
	for (int i = argi + 1; i < c->nargs; i++) {
		const char *a = c->args[i], **slot = NULL;

		if (strcmp(a, "--account") == 0)
			slot = &conv.account;
		else if (strcmp(a, "--contact") == 0)
			slot = &conv.contact;
		else if (strcmp(a, "--name") == 0)
			slot = &conv.opportunity;
		else if (strcmp(a, "--no-opportunity") == 0)
			conv.no_opportunity = true;
		else
			return cli_usage_error(_("unknown option %s"), a);
		if (slot && (*slot = opt_value(c, &i)) == NULL)
			return 2;
	}
	st = lead_convert(c->db, c->args[argi], &conv);
	if (st != ST_OK)
		return cli_fail(st);
	if (c->json)
		printf("{\"account\": \"%s\", \"contact\": \"%s\", \"opportunity\": %s%s%s}\n",
		       conv.account_id, conv.contact_id, conv.opportunity_id ? "\"" : "",
		       conv.opportunity_id ? conv.opportunity_id : "null",
		       conv.opportunity_id ? "\"" : "");
	else
		printf("account %s\ncontact %s\nopportunity %s\n", conv.account_id, conv.contact_id,
		       conv.opportunity_id ? conv.opportunity_id : "-");
	lead_conversion_clear(&conv);
	return ret;
}

static int cmd_opportunity_move(struct cli *c, int argi)
{
	struct kv *kv;
	int n, ret = 0;
	enum status st;

	if (argi + 1 >= c->nargs)
		return cli_usage_error("%s", _("opportunity move needs an id and a stage"));
	n = c->nargs - argi - 2;
	kv = xcalloc((size_t)n + 1, sizeof(*kv));
	st = parse_pairs(c, "opportunity", c->args + argi + 2, n, kv);
	if (st == ST_OK)
		st = opportunity_move(c->db, c->args[argi], c->args[argi + 1], kv, (size_t)n);
	if (st == ST_OK) {
		struct record *r = NULL;

		if (record_find(c->db, &entity_opportunity, c->args[argi], &r) == ST_OK) {
			char *stage = record_display(c->db, r, "stage");

			if (c->json)
				show_record(c, r);
			else {
				char *name = utf8_sanitize(record_name(r), 0, false),
				     *shown = utf8_sanitize(stage, 0, false);

				printf(_("opportunity \"%s\" is now in %s (%s%%)\n"), name, shown,
				       record_get(r, "probability"));
				free(name);
				free(shown);
			}
			free(stage);
		}
		record_free(&r);
	} else {
		ret = cli_fail(st);
	}
	free(kv);
	return ret;
}

static int cmd_opportunity_approve(struct cli *c, int argi)
{
	const char *stage = NULL, *note = NULL;
	enum status st;

	if (argi >= c->nargs)
		return cli_usage_error("%s", _("opportunity approve needs an id"));
	for (int i = argi + 1; i < c->nargs; i++) {
		if (strcmp(c->args[i], "--note") == 0) {
			if ((note = opt_value(c, &i)) == NULL)
				return 2;
		} else if (stage == NULL && c->args[i][0] != '-') {
			stage = c->args[i];
		} else {
			return cli_usage_error(_("unexpected \"%s\""), c->args[i]);
		}
	}
	st = opportunity_approve(c->db, c->args[argi], stage, note);
	if (st != ST_OK)
		return cli_fail(st);
	if (!c->json)
		puts(_("approved"));
	return 0;
}

static int cmd_activity_done(struct cli *c, int argi)
{
	struct activity_done done = { 0 };
	enum status st;

	if (argi >= c->nargs)
		return cli_usage_error("%s", _("activity done needs an id"));
	for (int i = argi + 1; i < c->nargs; i++) {
		const char *a = c->args[i], **slot;

		if (strcmp(a, "--log") == 0)
			slot = &done.notes;
		else if (strcmp(a, "--outcome") == 0)
			slot = &done.outcome;
		else if (strcmp(a, "--next") == 0)
			slot = &done.next_date;
		else
			return cli_usage_error(_("unknown option %s"), a);
		if ((*slot = opt_value(c, &i)) == NULL)
			return 2;
	}
	st = activity_complete(c->db, c->args[argi], &done);
	if (st != ST_OK)
		return cli_fail(st);
	if (c->json)
		printf("{\"followup\": \"%s\", \"next\": %s%s%s}\n", done.followup_id,
		       done.next_id ? "\"" : "", done.next_id ? done.next_id : "null",
		       done.next_id ? "\"" : "");
	else
		printf("followup %s\n%s%s%s", done.followup_id, done.next_id ? "next " : "",
		       done.next_id ? done.next_id : "", done.next_id ? "\n" : "");
	free(done.followup_id);
	free(done.next_id);
	return 0;
}

static int cmd_user(struct cli *c, int argi)
{
	const char *verb = c->args[argi];
	struct record *u = NULL;
	enum status st;
	char *me;

	if (strcmp(verb, "use") == 0) {
		if (argi + 1 >= c->nargs)
			return cli_usage_error("%s", _("user use needs a name or an id"));
		st = user_use(c->db, c->args[argi + 1]);
		if (st != ST_OK)
			return cli_fail(st);
		verb = "whoami";
	}
	me = user_current_id(c->db);
	if (me == NULL) {
		puts(_("no current user (single-user database)"));
		return 0;
	}
	st = record_load(c->db, &entity_user, me, &u);
	free(me);
	if (st != ST_OK)
		return cli_fail(st);
	if (c->json)
		show_record(c, u);
	else {
		char *name = utf8_sanitize(record_name(u), 0, false);

		printf("%s (%s) %s\n", name, record_get(u, "role"), u->id);
		free(name);
	}
	record_free(&u);
	return 0;
}

static void demo_progress(int64_t done, int64_t total, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "\rdemo: %3d%%", total ? (int)(done * 100 / total) : 100);
	if (done >= total)
		fputc('\n', stderr);
}

static int cmd_demo(struct cli *c, int argi)
{
	struct demo_options opt = { .contacts = 2000, .seed = 1 };
	struct demo_stats stats = { 0 };
	enum status st;

	for (int i = argi; i < c->nargs; i++) {
		const char *a = c->args[i], *v;
		char *end;

		if (strcmp(a, "--size") != 0 && strcmp(a, "--seed") != 0)
			return cli_usage_error(_("unknown option %s"), a);
		if ((v = opt_value(c, &i)) == NULL)
			return 2;
		errno = 0;
		if (a[3] == 'i')
			opt.contacts = strtoll(v, &end, 10);
		else
			opt.seed = strtoull(v, &end, 10);
		if (*end || errno || (a[3] == 'i' && (opt.contacts < 1 || opt.contacts > 10000000)))
			return cli_usage_error(_("%s needs a number (size: 1 to 10000000)"), a);
	}
	if (isatty(STDERR_FILENO))
		opt.progress = demo_progress;
	st = demo_generate(c->db, &opt, &stats);
	if (st != ST_OK)
		return cli_fail(st);
	printf(_("demo data in %s: %" PRId64 " users, %" PRId64 " accounts, %" PRId64
		 " contacts, %" PRId64 " leads, %" PRId64 " opportunities, %" PRId64
		 " stage changes, %" PRId64 " approvals, %" PRId64 " activities, %" PRId64
		 " follow-ups, %" PRId64 " campaigns, %" PRId64 " products\n"),
	       db_path(c->db), stats.users, stats.accounts, stats.contacts, stats.leads,
	       stats.opportunities, stats.stage_changes, stats.approvals, stats.activities,
	       stats.followups, stats.campaigns, stats.products);
	return 0;
}

static int cmd_db(struct cli *c, int argi)
{
	const char *verb = argi < c->nargs ? c->args[argi] : "";
	enum status st;

	if (strcmp(verb, "backup") == 0) {
		if (argi + 1 >= c->nargs)
			return cli_usage_error("%s", _("db backup needs a file name"));
		st = db_backup(c->db, c->args[argi + 1]);
		if (st != ST_OK)
			return cli_fail(st);
		printf(_("backed up %s to %s\n"), db_path(c->db), c->args[argi + 1]);
		return 0;
	}
	if (strcmp(verb, "check") == 0) {
		char *report = NULL;

		st = db_check(c->db, &report);
		if (st != ST_OK)
			return cli_fail(st);
		puts(report);
		st = strcmp(report, "ok") == 0 ? ST_OK : ST_DB;
		free(report);
		return status_exit_code(st);
	}
	if (strcmp(verb, "info") == 0) {
		char *me = user_current_id(c->db),
		     *who = me ? record_title_of(c->db, "user", me) : xstrdup("-");
		struct stat sb;
		cJSON *o = cJSON_CreateObject(), *counts = cJSON_CreateObject();
		size_t i;

		cJSON_AddStringToObject(o, "path", db_path(c->db));
		cJSON_AddNumberToObject(o, "schema", db_schema_version(c->db));
		cJSON_AddNumberToObject(o, "bytes",
					stat(db_path(c->db), &sb) == 0 ? (double)sb.st_size : 0);
		cJSON_AddBoolToObject(o, "readonly", db_readonly(c->db));
		cJSON_AddStringToObject(o, "user", who);
		for (i = 0; entity_all[i]; i++) {
			int64_t n = 0;

			record_count(c->db, entity_all[i], NULL, &n);
			cJSON_AddNumberToObject(counts, entity_all[i]->name, (double)n);
		}
		cJSON_AddItemToObject(o, "records", counts);
		if (c->json) {
			print_json(o);
		} else {
			printf(
			    _("database   %s\nschema     %d\nsize       %.0f bytes\nread-only  %s\n"
			      "user       %s\n"),
			    db_path(c->db), db_schema_version(c->db),
			    cJSON_GetObjectItem(o, "bytes")->valuedouble,
			    db_readonly(c->db) ? _("yes") : _("no"), who);
			for (i = 0; entity_all[i]; i++)
				printf(
				    "  %-14s %.0f\n", entity_all[i]->name,
				    cJSON_GetObjectItem(counts, entity_all[i]->name)->valuedouble);
		}
		cJSON_Delete(o);
		free(me);
		free(who);
		return 0;
	}
	return cli_usage_error(_("unknown db command \"%s\" (info, check, backup)"), verb);
}

/* ---- dispatch ---- */

static int cli_dispatch(struct cli *c)
{
	const char *cmd = c->args[0], *verb = c->nargs > 1 ? c->args[1] : "list";
	const struct entity *e;
	enum status st;

	if (strcmp(cmd, "help") == 0) {
		cli_usage(stdout);
		return 0;
	}
	if (cli_sync_handles(cmd))
		return cli_sync_run(c->db_override, c->json, c->nargs, c->args);
	e = entity_find(cmd);
	if (e == NULL && strcmp(cmd, "search") != 0 && strcmp(cmd, "demo") != 0 &&
	    strcmp(cmd, "db") != 0)
		return cli_usage_error(_("unknown command \"%s\""), cmd);
	if (e && strcmp(verb, "fields") == 0)
		return cmd_fields(c, e);
	st = cli_open(c, true);
	if (st != ST_OK)
		return cli_fail(st);
	if (strcmp(cmd, "search") == 0)
		return cmd_search(c, 1);
	if (strcmp(cmd, "demo") == 0)
		return cmd_demo(c, 1);
	if (strcmp(cmd, "db") == 0)
		return cmd_db(c, 1);
	if (strcmp(verb, "list") == 0)
		return cmd_list(c, e, 2, false);
	if (strcmp(verb, "count") == 0)
		return cmd_list(c, e, 2, true);
	if (strcmp(verb, "show") == 0)
		return cmd_show(c, e, 2);
	if (strcmp(verb, "add") == 0)
		return cmd_add_edit(c, e, 2, true);
	if (strcmp(verb, "edit") == 0)
		return cmd_add_edit(c, e, 2, false);
	if (strcmp(verb, "delete") == 0)
		return cmd_delete(c, e, 2, false);
	if (strcmp(verb, "undelete") == 0)
		return cmd_delete(c, e, 2, true);
	if (e == &entity_lead && strcmp(verb, "convert") == 0)
		return cmd_lead_convert(c, 2);
	if (e == &entity_opportunity && strcmp(verb, "move") == 0)
		return cmd_opportunity_move(c, 2);
	if (e == &entity_opportunity && strcmp(verb, "approve") == 0)
		return cmd_opportunity_approve(c, 2);
	if (e == &entity_activity && strcmp(verb, "done") == 0)
		return cmd_activity_done(c, 2);
	if (e == &entity_user && (strcmp(verb, "use") == 0 || strcmp(verb, "whoami") == 0))
		return cmd_user(c, 1);
	return cli_usage_error(_("unknown command \"%s\""), verb);
}

int cli_run(int argc, char **argv)
{
	struct cli c = { 0 };
	int i, ret;

	c.args = xcalloc((size_t)argc + 1, sizeof(char *));
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0) {
			if (i + 1 >= argc) {
				free(c.args);
				return cli_usage_error("%s", _("--db needs a path"));
			}
			c.db_override = argv[++i];
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			c.db_override = argv[i] + 5;
		} else if (strcmp(argv[i], "--json") == 0) {
			c.json = true;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			free(c.args);
			cli_usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--version") == 0) {
			free(c.args);
			printf("salesterm %s\n", PACKAGE_VERSION);
			return 0;
		} else {
			c.args[c.nargs++] = argv[i];
		}
	}
	if (c.db_override && *c.db_override == '\0') {
		/* Not the default database in disguise (paths_db() takes "" as none). */
		free(c.args);
		return cli_usage_error("%s", _("--db needs a file name, not ''"));
	}
	if (c.nargs == 0) {
		free(c.args);
		return -1; /* no command: the caller starts the TUI */
	}
	ret = cli_dispatch(&c);
	db_close(&c.db);
	for (i = 0; i < c.nowned; i++)
		free(c.owned[i]);
	free(c.owned);
	free(c.args);
	return ret;
}
