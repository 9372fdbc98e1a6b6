/* output.c - a report's tables as aligned text, CSV (RFC 4180) or JSON. */
#include "report/output.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "money.h"
#include "report/internal.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

/* Text columns wider than this are clipped in a text table. */
#define TEXT_MAX_COLS 40

bool report_format_parse(const char *text, enum report_format *out)
{
	static const char *const names[] = { "table", "csv", "json" };
	size_t i;

	for (i = 0; text && i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(text, names[i]) == 0) {
			*out = (enum report_format)i;
			return true;
		}
	}
	return false;
}

struct report_table *report_output_table(struct report_output *o, const char *name,
					 const char *title, const struct report_col *cols,
					 size_t ncols)
{
	struct report_table *t;
	size_t i;

	o->tables = xreallocarray(o->tables, o->ntables + 1, sizeof(*o->tables));
	t = &o->tables[o->ntables++];
	memset(t, 0, sizeof(*t));
	t->name = xstrdup(name);
	t->title = title ? xstrdup(title) : NULL;
	t->cols = xcalloc(ncols ? ncols : 1, sizeof(*t->cols));
	t->ncols = ncols;
	for (i = 0; i < ncols; i++) {
		t->cols[i].key = xstrdup(cols[i].key);
		t->cols[i].label = xstrdup(cols[i].label ? cols[i].label : cols[i].key);
		t->cols[i].kind = cols[i].kind;
	}
	return t;
}

struct report_table *report_output_find(const struct report_output *o, const char *name)
{
	size_t i;

	for (i = 0; i < o->ntables; i++)
		if (strcmp(o->tables[i].name, name) == 0)
			return &o->tables[i];
	return NULL;
}

void report_output_meta(struct report_output *o, const char *key, const char *value)
{
	o->meta_keys = xreallocarray(o->meta_keys, o->nmeta + 1, sizeof(*o->meta_keys));
	o->meta_values = xreallocarray(o->meta_values, o->nmeta + 1, sizeof(*o->meta_values));
	o->meta_keys[o->nmeta] = xstrdup(key);
	o->meta_values[o->nmeta++] = value ? xstrdup(value) : NULL;
}

void report_output_note(struct report_output *o, const char *fmt, ...)
{
	struct strbuf b = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	o->notes = xreallocarray(o->notes, o->nnotes + 1, sizeof(*o->notes));
	o->notes[o->nnotes++] = strbuf_detach(&b);
}

/*
 * The cells' text lives in blocks of a table's arena, freed with the table:
 * a report of 60k rows (abc, clv at 1M contacts) sets some 700k cells, and a
 * malloc() and a free() each, with the pages they touched, were a tenth of
 * its time.
 */
#define ARENA_BLOCK 65536

struct report_arena {
	struct report_arena *next;
	size_t used, size;
	char text[];
};

static char *arena_copy(struct report_table *t, const char *s, size_t n)
{
	struct report_arena *a = t->arena;
	char *p;

	if (a == NULL || a->size - a->used < n + 1) {
		size_t size = n + 1 > ARENA_BLOCK / 4 ? n + 1 : ARENA_BLOCK;

		a = xmalloc(sizeof(*a) + size);
		a->size = size;
		a->used = 0;
		if (size == ARENA_BLOCK || t->arena == NULL) {
			a->next = t->arena;
			t->arena = a;
		} else {
			/* A big cell's block of its own, behind the one being filled. */
			a->next = t->arena->next;
			t->arena->next = a;
		}
	}
	p = a->text + a->used;
	memcpy(p, s, n);
	p[n] = '\0';
	a->used += n + 1;
	return p;
}

size_t report_table_add_row(struct report_table *t)
{
	size_t i;

	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->cells =
		    xreallocarray(t->cells, t->cap * (t->ncols ? t->ncols : 1), sizeof(*t->cells));
	}
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = NULL;
	return t->nrows++;
}

/* Cell (row, col) set to the n bytes at s (NULL: empty); a text it held
 * stays in the arena until the table is freed. */
static void cell_set(struct report_table *t, size_t row, size_t col, const char *s, size_t n)
{
	if (row >= t->nrows || col >= t->ncols)
		return;
	t->cells[row * t->ncols + col] = s ? arena_copy(t, s, n) : NULL;
}

void report_table_set(struct report_table *t, size_t row, size_t col, const char *value)
{
	cell_set(t, row, col, value, value ? strlen(value) : 0);
}

/* Numbers are written by money_format_buf(), not snprintf(): a report of 60k
 * rows (clv at 1M contacts) sets ~400k of them, and snprintf() was 8% of it. */
void report_table_set_fixed(struct report_table *t, size_t row, size_t col, int64_t v, int decimals)
{
	char buf[64];

	report_table_set(t, row, col, money_format_buf(v, decimals, false, buf));
}

void report_table_set_int(struct report_table *t, size_t row, size_t col, int64_t v)
{
	report_table_set_fixed(t, row, col, v, 0);
}

void report_table_set_money(struct report_table *t, size_t row, size_t col, int64_t minor,
			    int exponent)
{
	report_table_set_fixed(t, row, col, minor, exponent);
}

void report_table_set_tenths(struct report_table *t, size_t row, size_t col, int64_t tenths)
{
	if (tenths < 0) {
		report_table_set(t, row, col, NULL);
		return;
	}
	report_table_set_fixed(t, row, col, tenths, 1);
}

const char *report_table_get(const struct report_table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->ncols)
		return NULL;
	return t->cells[row * t->ncols + col];
}

static bool numeric_kind(enum report_col_kind k)
{
	return k != RC_TEXT && k != RC_VALUE;
}

/* Is s a decimal number as the setters write it ("-12", "3.5")? */
static bool plain_number(const char *s)
{
	bool digits = false;

	if (*s == '-')
		s++;
	while (*s >= '0' && *s <= '9')
		s++, digits = true;
	if (*s == '.') {
		s++;
		if (!(*s >= '0' && *s <= '9'))
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return digits && *s == '\0';
}

/* An amount cell v ("-12500.50") in currency code as money_text() shows it
 * ("-¥12,500.50"), written in buf (n bytes); NULL when v's decimals are not
 * code's minor units or it does not fit. */
static const char *money_cell(const char *v, const char *code, char *buf, size_t n)
{
	const char *dot = strchr(v, '.');
	int e = money_exponent(code);
	int64_t minor;

	if (e < 0 || (dot ? (int)strlen(dot + 1) : 0) != e ||
	    money_parse(v + (*v == '-'), e, &minor) != NULL ||
	    !money_text_buf(*v == '-' ? -minor : minor, code, MONEY_FULL, buf, n))
		return NULL;
	return buf;
}

/* A cell as a text table shows it: v itself, a stored key's label, an
 * amount with the sign of currency code (NULL: none known), or its number
 * with thousands separators (and % for a percentage) written in buf (n
 * bytes), or "-" for a missing number; NULL when that does not fit in buf. */
static const char *display_cell(const struct report_col *c, const char *v, const char *code,
				char *buf, size_t n)
{
	const char *p, *dot, *money;
	size_t ndig, i, o = 0;

	if (v == NULL)
		return numeric_kind(c->kind) ? "-" : "";
	if (c->kind == RC_VALUE)
		return i18n_value(v);
	if (c->kind == RC_MONEY && plain_number(v) && (money = money_cell(v, code, buf, n)) != NULL)
		return money;
	if (c->kind == RC_TEXT || c->kind == RC_NUMBER || !plain_number(v))
		return v;
	/* Thousands separators in the integer part. */
	p = v;
	dot = strchr(p, '.');
	if (strlen(v) + strlen(v) / 3 + 3 > n)
		return NULL;
	if (*p == '-')
		buf[o++] = *p++;
	ndig = dot ? (size_t)(dot - p) : strlen(p);
	for (i = 0; i < ndig; i++) {
		if (i > 0 && (ndig - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = p[i];
	}
	if (dot) {
		memcpy(buf + o, dot, strlen(dot));
		o += strlen(dot);
	}
	if (c->kind == RC_PERCENT)
		buf[o++] = '%';
	buf[o] = '\0';
	return buf;
}

/* display_cell() for any length: what it shows, in buf or, when that is too
 * small, in *owned (the caller frees it). */
static const char *display_any(const struct report_col *c, const char *v, const char *code,
			       char *buf, size_t n, char **owned)
{
	const char *s = display_cell(c, v, code, buf, n);
	size_t big;

	if (s)
		return s;
	big = strlen(v) * 2 + 3;
	*owned = xmalloc(big);
	return display_cell(c, v, code, *owned, big);
}

/* The display width of s; *plain: utf8_fit() would show its bytes
 * unchanged (printable ASCII, or UTF-8 with no control or bidi character),
 * so a cell that fits is copied with its padding; *len its length. */
static int cell_width(const char *s, bool *plain, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p >= 0x20 && *p < 0x7f)
		p++;
	if (*p == '\0') {
		*plain = true;
		*len = (size_t)(p - (const unsigned char *)s);
		return (int)*len;
	}
	*len = (size_t)(p - (const unsigned char *)s) + strlen((const char *)p);
	return (int)(p - (const unsigned char *)s) +
	       utf8_width_plain((const char *)p, strlen((const char *)p), plain);
}

static void add_blanks(struct strbuf *out, int n)
{
	if (n <= 0)
		return;
	strbuf_grow(out, (size_t)n);
	memset(out->s + out->len, ' ', (size_t)n);
	strbuf_setlen(out, out->len + (size_t)n);
}

/*
 * Where the output goes: into out; with a file, out is written to it before
 * each big piece, which goes there as it is, and at the end. A 9 MB table
 * (report changes a quarter back at 1M contacts) copied into one string
 * and then written touched twice the memory: a fresh page costs a fault,
 * 6 us or more in a virtual machine.
 */
struct render {
	struct strbuf out;
	FILE *file;
};

static void render_flush(struct render *r)
{
	if (r->file && r->out.len) {
		fwrite(r->out.s, 1, r->out.len, r->file);
		strbuf_setlen(&r->out, 0);
	}
}

/* Pieces smaller than this are copied into out (a write each would cost
 * more than the copy). */
enum { RENDER_PUT_DIRECT = 64 * 1024 };

static void render_put(struct render *r, const char *s, size_t n)
{
	if (r->file && n >= RENDER_PUT_DIRECT) {
		render_flush(r);
		fwrite(s, 1, n, r->file);
	} else if (n) {
		strbuf_add(&r->out, s, n);
	}
}

/*
 * A table of tens of thousands of rows (report abc and clv at 1M contacts)
 * is rendered in two passes over its cells: the first measures each cell
 * and keeps its width, the second writes it; past TABLE_SPLIT_ROWS rows,
 * each pass in two halves on two threads. A plain cell (cell_width())
 * that fits is copied with its padding straight into out, whatever its
 * script (most account names are Chinese); the others go through
 * utf8_fit(), which clips and replaces what a terminal cannot show.
 */
/* The report's currency: its "currency" fact, or NULL. */
static const char *output_currency(const struct report_output *o)
{
	size_t i;

	for (i = 0; i < o->nmeta; i++)
		if (strcmp(o->meta_keys[i], "currency") == 0)
			return o->meta_values[i];
	return NULL;
}

/* The currency of row r's amounts: its "currency" cell if the table has a
 * column cur_col of that key, else the report's (code). */
static const char *row_currency(const struct report_table *t, size_t r, size_t cur_col,
				const char *code)
{
	return cur_col < t->ncols && r > 0 ? t->cells[(r - 1) * t->ncols + cur_col] : code;
}

/* A stored key's label (RC_VALUE), from the last few a column showed:
 * i18n_value() formats and looks up a message each time (a column of 40k
 * forecast categories holds a handful of keys). */
struct label_memo {
	const char *key[8], *label[8];
	unsigned next;
};

static const char *memo_label(struct label_memo *m, const char *v)
{
	unsigned i;

	for (i = 0; i < 8 && m->key[i]; i++)
		if (strcmp(m->key[i], v) == 0)
			return m->label[i];
	i = m->next++ % 8;
	m->key[i] = v;
	m->label[i] = i18n_value(v);
	return m->label[i];
}

/* A share of a text table's rows (from..to, 0 the header), measured and
 * then written on a thread of its own: a table of tens of thousands of rows
 * (report changes of a year, abc and clv at 1M contacts) takes tens of
 * milliseconds to lay out. cw and shown are the whole table's, each part
 * filling its rows; width is the part's widest cells, then the table's. */
struct table_part {
	const struct report_table *t;
	const char *code;
	size_t cur_col, from, to;
	int *cw;
	const char **shown;
	int *width;
	struct label_memo *memo;
	struct report_text *text;
	size_t bytes;
	struct strbuf out;
};

/* Tables of more rows than this are laid out by two threads. */
enum { TABLE_SPLIT_ROWS = 4096 };

static enum status table_measure(void *arg)
{
	struct table_part *p = arg;
	const struct report_table *t = p->t;
	char buf[64];

	/* A cell is made and measured once. */
	for (size_t r = p->from; r < p->to; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			size_t k = r * t->ncols + c, len;
			const char *v = r == 0 ? NULL : t->cells[k - t->ncols];
			char *owned = NULL;
			const char *s;
			bool plain;
			int w;

			if (r == 0)
				s = t->cols[c].label;
			else if (v && t->cols[c].kind == RC_VALUE)
				s = memo_label(&p->memo[c], v);
			else
				s = display_any(&t->cols[c], v,
						row_currency(t, r, p->cur_col, p->code), buf,
						sizeof(buf), &owned);
			w = cell_width(s, &plain, &len);
			if (s == buf || s == owned)
				s = report_text_copy(&p->text, s, len);
			p->shown[k] = s;
			p->cw[k] = plain ? w : -1 - w;
			p->bytes += len;
			free(owned);
			if (!numeric_kind(t->cols[c].kind) && w > TEXT_MAX_COLS)
				w = TEXT_MAX_COLS;
			if (w > p->width[c])
				p->width[c] = w;
		}
	}
	return ST_OK;
}

static enum status table_write(void *arg)
{
	struct table_part *p = arg;
	const struct report_table *t = p->t;
	struct strbuf *out = &p->out;
	size_t bytes = p->bytes;

	/* Room for every line: the cells, the padding, the gaps and a tilde. */
	for (size_t c = 0; c < t->ncols; c++)
		bytes += (size_t)(p->width[c] + 3) * (p->to - p->from);
	strbuf_grow(out, bytes + (p->to - p->from) + 1);
	for (size_t r = p->from; r < p->to; r++) {
		size_t start = out->len, len;

		for (size_t c = 0; c < t->ncols; c++) {
			size_t k = r * t->ncols + c;
			const char *s = p->shown[k];
			bool left = !numeric_kind(t->cols[c].kind);

			if (c > 0)
				strbuf_add(out, "  ", 2);
			if (p->cw[k] >= 0 && p->cw[k] <= p->width[c]) {
				if (!left)
					add_blanks(out, p->width[c] - p->cw[k]);
				strbuf_adds(out, s);
				if (left)
					add_blanks(out, p->width[c] - p->cw[k]);
			} else {
				char *cell = left ? utf8_fit(s, p->width[c])
						  : utf8_fit_right(s, p->width[c]);

				strbuf_adds(out, cell);
				free(cell);
			}
		}
		/* No trailing blanks (a text last column is padded). */
		len = out->len;
		while (len > start && out->s[len - 1] == ' ')
			len--;
		strbuf_setlen(out, len);
		strbuf_addc(out, '\n');
	}
	return ST_OK;
}

static void render_table(const struct report_table *t, const char *code, struct render *r)
{
	size_t c, ncells = (t->nrows + 1) * t->ncols, cur_col = t->ncols,
		  ncol = t->ncols ? t->ncols : 1;
	/* Each cell's width, -1 - width when it is not plain (cell_width()),
	 * and what it shows: its own text, a label, or one made in text. */
	int *cw = xcalloc(ncells ? ncells : 1, sizeof(*cw));
	const char **shown = xcalloc(ncells ? ncells : 1, sizeof(*shown));
	int *width = xcalloc(2 * ncol, sizeof(*width));
	struct label_memo *memo = xcalloc(2 * ncol, sizeof(*memo));
	size_t half = t->nrows + 1 > TABLE_SPLIT_ROWS ? (t->nrows + 1) / 2 : t->nrows + 1;
	struct table_part part[2];
	bool two = half < t->nrows + 1;

	for (c = 0; c < t->ncols; c++)
		if (strcmp(t->cols[c].key, "currency") == 0)
			cur_col = c;
	for (int i = 0; i < 2; i++)
		part[i] = (struct table_part){ .t = t,
					       .code = code,
					       .cur_col = cur_col,
					       .from = i ? half : 0,
					       .to = i ? t->nrows + 1 : half,
					       .cw = cw,
					       .shown = shown,
					       .width = width + i * ncol,
					       .memo = memo + i * ncol };
	report_run_pair(table_measure, &part[0], two ? &part[1] : NULL);
	for (c = 0; c < t->ncols; c++) {
		if (width[ncol + c] > width[c])
			width[c] = width[ncol + c];
		width[ncol + c] = width[c];
	}
	if (t->title)
		strbuf_addf(&r->out, "%s\n", t->title);
	report_run_pair(table_write, &part[0], two ? &part[1] : NULL);
	for (int i = 0; i < 2; i++) {
		render_put(r, part[i].out.s, part[i].out.len);
		strbuf_release(&part[i].out);
		report_text_free(&part[i].text);
	}
	free(memo);
	free(shown);
	free(cw);
	free(width);
}

static void csv_field(struct strbuf *out, const char *s)
{
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		strbuf_adds(out, s);
		return;
	}
	strbuf_addc(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addc(out, '"');
		strbuf_addc(out, *s);
	}
	strbuf_addc(out, '"');
}

static void render_csv(const struct report_table *t, struct strbuf *out)
{
	size_t r, c;

	for (c = 0; c < t->ncols; c++) {
		if (c > 0)
			strbuf_addc(out, ',');
		csv_field(out, t->cols[c].key);
	}
	strbuf_adds(out, "\r\n");
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			if (c > 0)
				strbuf_addc(out, ',');
			csv_field(out, t->cells[r * t->ncols + c]);
		}
		strbuf_adds(out, "\r\n");
	}
}

/*
 * JSON written straight into the output, as cJSON_Print() formats it (tabs,
 * ", " between array items), without a tree of it first: building and
 * printing 440k nodes (report changes a quarter back at 1M contacts, 40k
 * deals) took three times as long as the report's figures. test_report_frame
 * checks it against cJSON_Print() and cJSON_Parse().
 */
static void json_string(struct strbuf *out, const char *s)
{
	/* The escapes of one character, and the rest as \u00XX. */
	static const char hex[] = "0123456789abcdef", from[] = "\"\\\b\f\n\r\t", to[] = "\"\\bfnrt";
	const char *e;
	const unsigned char *p = (const unsigned char *)s, *run;

	strbuf_addc(out, '"');
	for (;;) {
		for (run = p; *p >= 0x20 && *p != '"' && *p != '\\'; p++)
			;
		strbuf_add(out, (const char *)run, (size_t)(p - run));
		if (*p == '\0')
			break;
		strbuf_addc(out, '\\');
		if ((e = strchr(from, *p)) != NULL) {
			strbuf_addc(out, to[e - from]);
		} else {
			char u[5] = { 'u', '0', '0', hex[*p >> 4], hex[*p & 15] };

			strbuf_add(out, u, sizeof(u));
		}
		p++;
	}
	strbuf_addc(out, '"');
}

/* "key":<tab> at depth tabs. */
static void json_key(struct strbuf *out, int depth, const char *key)
{
	while (depth-- > 0)
		strbuf_addc(out, '\t');
	json_string(out, key);
	strbuf_add(out, ":\t", 2);
}

/* A cell: null, a number as it is, or a string (amounts too: exact). */
static void json_cell(struct strbuf *out, const struct report_col *c, const char *v)
{
	if (v == NULL)
		strbuf_add(out, "null", 4);
	else if (numeric_kind(c->kind) && c->kind != RC_MONEY && plain_number(v))
		strbuf_adds(out, v);
	else
		json_string(out, v);
}

static void render_json(const struct report_output *o, struct strbuf *out)
{
	size_t i, r, c;

	strbuf_add(out, "{\n", 2);
	for (i = 0; i < o->nmeta; i++) {
		json_key(out, 1, o->meta_keys[i]);
		if (o->meta_values[i])
			json_string(out, o->meta_values[i]);
		else
			strbuf_add(out, "null", 4);
		strbuf_add(out, ",\n", 2);
	}
	json_key(out, 1, "notes");
	strbuf_addc(out, '[');
	for (i = 0; i < o->nnotes; i++) {
		if (i > 0)
			strbuf_add(out, ", ", 2);
		json_string(out, o->notes[i]);
	}
	strbuf_addc(out, ']');
	for (i = 0; i < o->ntables; i++) {
		const struct report_table *t = &o->tables[i];

		strbuf_add(out, ",\n", 2);
		json_key(out, 1, t->name);
		strbuf_addc(out, '[');
		for (r = 0; r < t->nrows; r++) {
			strbuf_adds(out, r > 0 ? ", {\n" : "{\n");
			for (c = 0; c < t->ncols; c++) {
				json_key(out, 3, t->cols[c].key);
				json_cell(out, &t->cols[c], t->cells[r * t->ncols + c]);
				strbuf_adds(out, c + 1 < t->ncols ? ",\n" : "\n");
			}
			strbuf_add(out, "\t\t}", 3);
		}
		strbuf_addc(out, ']');
	}
	strbuf_add(out, "\n}\n", 3);
}

/* o in format f into r. */
static void render(const struct report_output *o, enum report_format f, struct render *r)
{
	size_t i;

	if (f == REPORT_FORMAT_JSON) {
		render_json(o, &r->out);
		render_flush(r);
		return;
	}
	for (i = 0; i < o->ntables; i++) {
		if (i > 0)
			strbuf_adds(&r->out, f == REPORT_FORMAT_CSV ? "\r\n" : "\n");
		if (f == REPORT_FORMAT_CSV)
			render_csv(&o->tables[i], &r->out);
		else
			render_table(&o->tables[i], output_currency(o), r);
		render_flush(r);
	}
	if (f == REPORT_FORMAT_TABLE && o->nnotes) {
		strbuf_addc(&r->out, '\n');
		for (i = 0; i < o->nnotes; i++)
			strbuf_addf(&r->out, "%s\n", o->notes[i]);
	}
	render_flush(r);
}

char *report_output_render(const struct report_output *o, enum report_format f)
{
	struct render r = { STRBUF_INIT, NULL };

	render(o, f, &r);
	return strbuf_detach(&r.out);
}

void report_output_print(const struct report_output *o, enum report_format f, FILE *to)
{
	struct render r = { STRBUF_INIT, to };

	render(o, f, &r);
	strbuf_release(&r.out);
}

void report_output_free(struct report_output *o)
{
	size_t i, j;

	for (i = 0; i < o->nmeta; i++) {
		free(o->meta_keys[i]);
		free(o->meta_values[i]);
	}
	free(o->meta_keys);
	free(o->meta_values);
	for (i = 0; i < o->nnotes; i++)
		free(o->notes[i]);
	free(o->notes);
	for (i = 0; i < o->ntables; i++) {
		struct report_table *t = &o->tables[i];

		while (t->arena) {
			struct report_arena *next = t->arena->next;

			free(t->arena);
			t->arena = next;
		}
		for (j = 0; j < t->ncols; j++) {
			free((char *)t->cols[j].key);
			free((char *)t->cols[j].label);
		}
		free(t->cells);
		free(t->cols);
		free(t->name);
		free(t->title);
	}
	free(o->tables);
	memset(o, 0, sizeof(*o));
}
