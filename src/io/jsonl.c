/* jsonl.c - JSON lines: one record per line, the document shape of sync.
 *
 * Writing: each record as src/sync/doc.c makes its CouchDB document (_id,
 * _rev, type, owner, created_at, updated_at, updated_by, and each field as
 * --json shows it: amounts as decimal strings, numbers exact), one object per
 * line, "\n" after each.
 *
 * Reading: each non-blank line must be one JSON object. Its keys become the
 * row's columns: strings as they are, numbers by their own text (never through
 * a double), true/false as 1/0, null as empty. Nested arrays and objects are
 * refused, but for sync's own members (a key starting with "_": a pulled
 * document's _revisions), left aside here. The import driver reads each line
 * again as the document it is (row->raw) and applies it as a pull applies
 * the server's (import.c, import_doc()): its own id, revision and times.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "io.h"
#include "json.h"
#include "strbuf.h"
#include "sync/doc.h"
#include "xalloc.h"

struct jsonl_state {
	const char *p, *end;
	long line;
	struct io_cell *cells;
	size_t ncells, cap;
};

static int jsonl_sniff(const char *text, size_t len, const char *filename)
{
	size_t fl = filename ? strlen(filename) : 0;
	size_t i = 0;

	if (fl > 6 && strcasecmp(filename + fl - 6, ".jsonl") == 0)
		return 95;
	if (fl > 7 && strcasecmp(filename + fl - 7, ".ndjson") == 0)
		return 95;
	while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r'))
		i++;
	return i < len && text[i] == '{' ? 80 : 0;
}

static enum status jsonl_open(struct io_reader *r)
{
	struct jsonl_state *s = xcalloc(1, sizeof(*s));

	s->p = r->text;
	s->end = r->text + r->len;
	s->line = 0;
	r->state = s;
	return ST_OK;
}

static void jsonl_clear(struct jsonl_state *s)
{
	size_t i;

	for (i = 0; i < s->ncells; i++) {
		free(s->cells[i].name);
		free(s->cells[i].value);
	}
	s->ncells = 0;
}

static void jsonl_add(struct jsonl_state *s, const char *name, char *value)
{
	if (s->ncells == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 32;
		s->cells = xreallocarray(s->cells, s->cap, sizeof(*s->cells));
	}
	s->cells[s->ncells].name = xstrdup(name);
	s->cells[s->ncells++].value = value;
}

static enum status jsonl_next(struct io_reader *r, struct io_row *row)
{
	struct jsonl_state *s = r->state;
	const char *nl, *line;
	size_t len;
	cJSON *o, *item;

	jsonl_clear(s);
	for (;;) {
		if (s->p >= s->end)
			return ST_NOT_FOUND;
		line = s->p;
		nl = memchr(line, '\n', (size_t)(s->end - line));
		len = nl ? (size_t)(nl - line) : (size_t)(s->end - line);
		s->p = nl ? nl + 1 : s->end;
		s->line++;
		while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' '))
			len--;
		if (len > 0)
			break;
	}
	row->line = s->line;
	row->raw = line;
	row->raw_len = len;
	row->cells = NULL;
	row->ncells = 0;
	o = json_parse_exact(line, len, NULL);
	if (o == NULL || !cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return status_set(ST_INVALID, _("%s:%ld: not a JSON object"), r->name, s->line);
	}
	cJSON_ArrayForEach(item, o)
	{
		char *v;

		if (cJSON_IsString(item) || cJSON_IsNumber(item))
			v = xstrdup(item->valuestring ? item->valuestring : "");
		else if (cJSON_IsBool(item))
			v = xstrdup(cJSON_IsTrue(item) ? "1" : "0");
		else if (cJSON_IsNull(item))
			v = xstrdup("");
		else if (item->string && item->string[0] == '_')
			continue; /* sync's own (_revisions): doc_parse() checks it */
		else {
			enum status st = status_set(ST_INVALID,
						    _("%s:%ld: column %s: a list or object where "
						      "a value was expected"),
						    r->name, s->line, item->string);

			cJSON_Delete(o);
			return st;
		}
		jsonl_add(s, item->string ? item->string : "", v);
	}
	cJSON_Delete(o);
	row->cells = s->cells;
	row->ncells = s->ncells;
	return ST_OK;
}

static void jsonl_reject(struct io_reader *r, FILE *out, const struct io_row *row,
			 const char *reason, bool first)
{
	cJSON *o = json_parse_exact(row->raw, row->raw_len, NULL);
	char *text;

	(void)r;
	(void)first;
	if (o == NULL || !cJSON_IsObject(o)) {
		/* not an object: keep the line as a string */
		struct strbuf b = STRBUF_INIT;

		cJSON_Delete(o);
		o = cJSON_CreateObject();
		strbuf_add(&b, row->raw, row->raw_len);
		cJSON_AddStringToObject(o, "_line", strbuf_str(&b));
		strbuf_release(&b);
	}
	cJSON_AddStringToObject(o, "_reason", reason);
	text = json_print_exact(o);
	fprintf(out, "%s\n", text);
	free(text);
	cJSON_Delete(o);
}

static void jsonl_close(struct io_reader *r)
{
	struct jsonl_state *s = r->state;

	if (s == NULL)
		return;
	jsonl_clear(s);
	free(s->cells);
	free(s);
	r->state = NULL;
}

const struct io_reader_ops io_jsonl_reader = {
	.name = "jsonl",
	.sniff = jsonl_sniff,
	.open = jsonl_open,
	.next = jsonl_next,
	.reject = jsonl_reject,
	.close = jsonl_close,
};

/* ---------------------------------------------------------------- writing */

static enum status jsonl_begin(struct io_writer *w)
{
	(void)w;
	return ST_OK;
}

static enum status jsonl_record(struct io_writer *w, const struct record *r)
{
	cJSON *doc = doc_from_record(w->db, r);
	char *text = json_print_exact(doc);
	int rc = fprintf(w->out, "%s\n", text);

	free(text);
	cJSON_Delete(doc);
	return rc < 0 ? status_set(ST_IO, _("writing the export failed")) : ST_OK;
}

static enum status jsonl_end(struct io_writer *w)
{
	(void)w;
	return ST_OK;
}

const struct io_writer_ops io_jsonl_writer = {
	.name = "jsonl",
	.begin = jsonl_begin,
	.record = jsonl_record,
	.end = jsonl_end,
};
