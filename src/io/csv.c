/* csv.c - CSV as RFC 4180 writes it, and as spreadsheets write it in practice.
 *
 * Reading: fields separated by commas (or by semicolons or tabs, when the
 * header line has more of those than commas: Excel in some locales), records
 * ended by CRLF or LF (a lone CR too), fields quoted with '"' may hold the
 * separator, line ends and '""' for a quote. The first record is the header.
 * A quoted field never closed (a truncated file), text after a closing quote
 * and a row with more or fewer fields than the header are errors naming the
 * line and the column. Blank lines are skipped. The input is UTF-8 already
 * (import.c decodes it).
 *
 * Writing: UTF-8, CRLF line ends as RFC 4180 says, a field quoted when it holds
 * the separator, a quote, a CR or LF, or starts or ends with a space.
 * Values are those a person reads and import takes back: amounts with their
 * decimals, references by the name of the record, booleans as 1/0.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "io.h"
#include "money.h"
#include "strbuf.h"
#include "xalloc.h"

struct csv_state {
	const char *p, *end;
	long line; /* the line p is on */
	char sep;
	char **header;
	size_t nheader;
	struct io_cell *cells;
	size_t cap;
	struct strbuf field;
};

/* The separator of the header line: ',' unless ';' or '\t' is more frequent. */
static char csv_detect_sep(const char *p, const char *end)
{
	size_t comma = 0, semi = 0, tab = 0;
	bool quoted = false;

	for (; p < end; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && (*p == '\n' || *p == '\r'))
			break;
		else if (!quoted)
			comma += *p == ',', semi += *p == ';', tab += *p == '\t';
	}
	if (tab > comma && tab >= semi)
		return '\t';
	if (semi > comma)
		return ';';
	return ',';
}

static void csv_free_cells(struct csv_state *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(s->cells[i].value);
		s->cells[i].value = NULL;
	}
}

/*
 * Read one record from s->p: its fields into s->cells[].value (names unset).
 * ST_NOT_FOUND at the end of the input; ST_INVALID with a message on a
 * malformed record. *n gets the number of fields; *start_line the line it
 * starts on.
 */
static enum status csv_record(struct io_reader *r, struct csv_state *s, size_t *n, long *start_line)
{
	const char *p = s->p;
	size_t count = 0;

	/* Skip blank lines. */
	while (p < s->end && (*p == '\n' || *p == '\r')) {
		if (*p == '\n' || (*p == '\r' && (p + 1 >= s->end || p[1] != '\n')))
			s->line++;
		p++;
	}
	if (p >= s->end) {
		s->p = p;
		return ST_NOT_FOUND;
	}
	*start_line = s->line;
	for (;;) {
		strbuf_reset(&s->field);
		strbuf_adds(&s->field, "");
		if (p < s->end && *p == '"') {
			long qline = s->line;

			p++;
			for (;;) {
				const char *q = p;

				while (q < s->end && *q != '"' && *q != '\n')
					q++;
				strbuf_add(&s->field, p, (size_t)(q - p));
				p = q;
				if (p >= s->end) {
					csv_free_cells(s, count);
					return status_set(
					    ST_INVALID,
					    _("%s:%ld: column %zu: a quoted field is "
					      "never closed (is the file cut short?)"),
					    r->name, qline, count + 1);
				}
				if (*p == '\n') {
					/* a CRLF inside a field is a line end like LF */
					if (s->field.len > 0 &&
					    s->field.s[s->field.len - 1] == '\r')
						strbuf_setlen(&s->field, s->field.len - 1);
					strbuf_addc(&s->field, '\n');
					s->line++;
					p++;
					continue;
				}
				/* a quote: doubled, or the end of the field */
				if (p + 1 < s->end && p[1] == '"') {
					strbuf_addc(&s->field, '"');
					p += 2;
					continue;
				}
				p++;
				break;
			}
			if (p < s->end && *p != s->sep && *p != '\n' && *p != '\r') {
				csv_free_cells(s, count);
				return status_set(ST_INVALID,
						  _("%s:%ld: column %zu: text after the closing "
						    "quote of a field"),
						  r->name, s->line, count + 1);
			}
		} else {
			const char *q = p;

			while (q < s->end && *q != s->sep && *q != '\n' && *q != '\r')
				q++;
			strbuf_add(&s->field, p, (size_t)(q - p));
			p = q;
		}
		if (count == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 16;
			s->cells = xreallocarray(s->cells, s->cap, sizeof(*s->cells));
			memset(s->cells + count, 0, (s->cap - count) * sizeof(*s->cells));
		}
		s->cells[count++].value = strbuf_detach(&s->field);
		if (p < s->end && *p == s->sep) {
			p++;
			continue;
		}
		/* the end of the record */
		if (p < s->end && *p == '\r')
			p++;
		if (p < s->end && *p == '\n')
			p++;
		s->line++;
		break;
	}
	s->p = p;
	*n = count;
	return ST_OK;
}

static int csv_sniff(const char *text, size_t len, const char *filename)
{
	size_t fl = filename ? strlen(filename) : 0;

	if (fl > 4 && strcasecmp(filename + fl - 4, ".csv") == 0)
		return 90;
	if (fl > 4 && (strcasecmp(filename + fl - 4, ".tsv") == 0 ||
		       strcasecmp(filename + fl - 4, ".txt") == 0))
		return 60;
	/* Anything that is text may be a one-column CSV; JSON lines start with '{'. */
	return len > 0 && text[0] == '{' ? 5 : 20;
}

static enum status csv_open(struct io_reader *r)
{
	struct csv_state *s = xcalloc(1, sizeof(*s));
	enum status st;
	long line;
	size_t n = 0, i;

	s->p = r->text;
	s->end = r->text + r->len;
	s->line = 1;
	s->sep = csv_detect_sep(s->p, s->end);
	r->state = s;
	st = csv_record(r, s, &n, &line);
	if (st == ST_NOT_FOUND)
		return status_set(ST_INVALID, _("%s: the file is empty: no header line"), r->name);
	if (st != ST_OK)
		return st;
	s->header = xcalloc(n, sizeof(*s->header));
	s->nheader = n;
	for (i = 0; i < n; i++) {
		s->header[i] = s->cells[i].value;
		s->cells[i].value = NULL;
	}
	return ST_OK;
}

/* True if every value from i on is empty. */
static bool csv_rest_empty(const struct csv_state *s, size_t i, size_t n)
{
	for (; i < n; i++)
		if (s->cells[i].value[0])
			return false;
	return true;
}

static enum status csv_next(struct io_reader *r, struct io_row *row)
{
	struct csv_state *s = r->state;
	const char *start;
	enum status st;
	size_t n = 0, i;
	long line = 0;

	csv_free_cells(s, s->cap);
	start = s->p;
	st = csv_record(r, s, &n, &line);
	if (st != ST_OK)
		return st;
	/* The raw text starts at the record, after the blank lines skipped. */
	while (start < s->p && (*start == '\n' || *start == '\r'))
		start++;
	row->raw = start;
	row->raw_len = (size_t)(s->p - start);
	while (row->raw_len > 0 &&
	       (row->raw[row->raw_len - 1] == '\n' || row->raw[row->raw_len - 1] == '\r'))
		row->raw_len--;
	row->line = line;
	if (n > s->nheader && !csv_rest_empty(s, s->nheader, n))
		return status_set(ST_INVALID,
				  _("%s:%ld: column %zu: the row has %zu fields, the header %zu"),
				  r->name, line, s->nheader + 1, n, s->nheader);
	if (n < s->nheader && !(n == 1 && s->cells[0].value[0] == '\0'))
		return status_set(ST_INVALID,
				  _("%s:%ld: column %zu: the row has %zu fields, the header %zu"),
				  r->name, line, n + 1, n, s->nheader);
	for (i = 0; i < s->nheader && i < n; i++)
		s->cells[i].name = s->header[i];
	row->cells = s->cells;
	row->ncells = n < s->nheader ? n : s->nheader;
	return ST_OK;
}

/* Append v to b as a CSV field. */
static void csv_add_field(struct strbuf *b, const char *v, char sep)
{
	size_t len = strlen(v);
	bool quote = len > 0 && (v[0] == ' ' || v[len - 1] == ' ');
	const char *p;

	for (p = v; *p && !quote; p++)
		quote = *p == sep || *p == '"' || *p == '\n' || *p == '\r';
	if (!quote) {
		strbuf_add(b, v, len);
		return;
	}
	strbuf_addc(b, '"');
	for (p = v; *p; p++) {
		if (*p == '"')
			strbuf_addc(b, '"');
		strbuf_addc(b, *p);
	}
	strbuf_addc(b, '"');
}

static void csv_reject(struct io_reader *r, FILE *out, const struct io_row *row, const char *reason,
		       bool first)
{
	struct csv_state *s = r->state;
	struct strbuf b = STRBUF_INIT;
	size_t i;

	if (first) {
		for (i = 0; i < s->nheader; i++) {
			csv_add_field(&b, s->header[i], s->sep);
			strbuf_addc(&b, s->sep);
		}
		strbuf_adds(&b, "reason\r\n");
	}
	if (row->cells && row->ncells == s->nheader) {
		for (i = 0; i < row->ncells; i++) {
			csv_add_field(&b, row->cells[i].value, s->sep);
			strbuf_addc(&b, s->sep);
		}
	} else {
		/* a malformed row: as it was read, its reason after it */
		strbuf_add(&b, row->raw, row->raw_len);
		strbuf_addc(&b, s->sep);
	}
	csv_add_field(&b, reason, s->sep);
	strbuf_adds(&b, "\r\n");
	fwrite(strbuf_str(&b), 1, b.len, out);
	strbuf_release(&b);
}

static void csv_close(struct io_reader *r)
{
	struct csv_state *s = r->state;
	size_t i;

	if (s == NULL)
		return;
	csv_free_cells(s, s->cap);
	free(s->cells);
	for (i = 0; i < s->nheader; i++)
		free(s->header[i]);
	free(s->header);
	strbuf_release(&s->field);
	free(s);
	r->state = NULL;
}

const struct io_reader_ops io_csv_reader = {
	.name = "csv",
	.sniff = csv_sniff,
	.open = csv_open,
	.next = csv_next,
	.reject = csv_reject,
	.close = csv_close,
};

/* ---------------------------------------------------------------- writing */

struct csv_out {
	struct strbuf line;
};

static enum status csv_write_line(struct io_writer *w, struct strbuf *b)
{
	strbuf_adds(b, "\r\n");
	if (fwrite(b->s, 1, b->len, w->out) != b->len)
		return status_set(ST_IO, _("writing the export failed"));
	strbuf_reset(b);
	return ST_OK;
}

static enum status csv_begin(struct io_writer *w)
{
	struct csv_out *o = xcalloc(1, sizeof(*o));
	size_t i;

	w->state = o;
	strbuf_adds(&o->line, "id");
	for (i = 0; i < w->entity->nfields; i++) {
		strbuf_addc(&o->line, ',');
		csv_add_field(&o->line, w->entity->fields[i].key, ',');
	}
	strbuf_adds(&o->line, ",owner");
	return csv_write_line(w, &o->line);
}

static enum status csv_record_out(struct io_writer *w, const struct record *r)
{
	struct csv_out *o = w->state;
	const struct entity *e = w->entity;
	size_t i;

	csv_add_field(&o->line, r->id, ',');
	for (i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		const char *v = r->values[i];

		strbuf_addc(&o->line, ',');
		if (v == NULL)
			continue;
		if (f->type == FT_MONEY) {
			const char *cur = f->currency ? record_get(r, f->currency) : NULL;
			char *s = money_format(strtoll(v, NULL, 10),
					       money_exponent(cur ? cur : "CNY"), false);

			csv_add_field(&o->line, s, ',');
			free(s);
		} else if (f->type == FT_REF) {
			csv_add_field(&o->line, io_ref_title(w, f->ref, v), ',');
		} else {
			csv_add_field(&o->line, v, ',');
		}
	}
	strbuf_addc(&o->line, ',');
	if (r->owner)
		csv_add_field(&o->line, io_ref_title(w, "user", r->owner), ',');
	return csv_write_line(w, &o->line);
}

static enum status csv_end(struct io_writer *w)
{
	struct csv_out *o = w->state;

	strbuf_release(&o->line);
	free(o);
	w->state = NULL;
	return ST_OK;
}

const struct io_writer_ops io_csv_writer = {
	.name = "csv",
	.begin = csv_begin,
	.record = csv_record_out,
	.end = csv_end,
};
