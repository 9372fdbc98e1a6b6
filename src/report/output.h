/* output.h - one way to show a report: an aligned text table, CSV or JSON.
 *
 * A report fills a struct report_output: a few facts about it (its name,
 * period, scope, currency: "meta"), one or more named tables of typed
 * columns, and notes (what a reader must know, such as amounts left out).
 * report_output_render() (or _print() to a file) writes it in the format
 * the user chose:
 *
 *   table  a title line per table, a header, columns aligned by display width
 *          (CJK names take two columns a character and still align), numbers
 *          right-aligned with thousands separators, text over 40 columns
 *          clipped with '~'; then the notes.
 *   csv    RFC 4180: a header line per table, fields holding a comma, a quote
 *          or a line break quoted (quotes doubled), lines ended by CRLF;
 *          several tables are separated by an empty line; notes are left out.
 *          Numbers are plain ("1250000.50"): what a spreadsheet reads.
 *   json   one object: the meta keys, "notes" (an array), and each table's
 *          name holding an array of row objects keyed by column; counts and
 *          percentages are numbers, amounts decimal strings (as everywhere in
 *          salesterm's JSON: exact), empty cells null.
 */
#ifndef SALESTERM_REPORT_OUTPUT_H
#define SALESTERM_REPORT_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum report_format { REPORT_FORMAT_TABLE, REPORT_FORMAT_CSV, REPORT_FORMAT_JSON };

/* "table", "csv" or "json"; false for anything else. */
bool report_format_parse(const char *text, enum report_format *out);

enum report_col_kind {
	RC_TEXT,    /* left-aligned text */
	RC_INT,	    /* an integer count */
	RC_MONEY,   /* a decimal amount, "12500.50" */
	RC_PERCENT, /* a decimal percentage, "93.4" (shown "93.4%") */
	RC_NUMBER,  /* any other decimal figure ("1.8" for a coverage ratio) */
	RC_VALUE,   /* a stored key ("event"): its label in a text table, the key in CSV/JSON */
};

struct report_col {
	const char *key;   /* JSON key and CSV header: a wire format, never translated */
	const char *label; /* the text table's header (translated by the caller) */
	enum report_col_kind kind;
};

struct report_arena;

struct report_table {
	char *name;  /* its key in JSON */
	char *title; /* the line above it in a text table (may be NULL) */
	struct report_col *cols;
	size_t ncols;
	char **cells; /* nrows x ncols, row-major; NULL is an empty cell */
	size_t nrows, cap;
	struct report_arena *arena; /* the cells' text */
};

struct report_output {
	char **meta_keys, **meta_values;
	size_t nmeta;
	struct report_table *tables;
	size_t ntables;
	char **notes;
	size_t nnotes;
};

/* Add a table of ncols columns (the keys and labels are copied). The pointer
 * stays valid until the next report_output_table() call. */
struct report_table *report_output_table(struct report_output *o, const char *name,
					 const char *title, const struct report_col *cols,
					 size_t ncols);

/* The table named name, or NULL. */
struct report_table *report_output_find(const struct report_output *o, const char *name);

/* A fact about the report (value copied; NULL is JSON null). */
void report_output_meta(struct report_output *o, const char *key, const char *value);

/* A note for the reader (printed after the tables, "notes" in JSON). */
void report_output_note(struct report_output *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Append an empty row; returns its index. */
size_t report_table_add_row(struct report_table *t);

/* Set cell (row, col) to a copy of value (NULL: empty). */
void report_table_set(struct report_table *t, size_t row, size_t col, const char *value);
/* ... to an integer. */
void report_table_set_int(struct report_table *t, size_t row, size_t col, int64_t v);
/* ... to minor units of a currency with exponent digits ("12500.50"). */
void report_table_set_money(struct report_table *t, size_t row, size_t col, int64_t minor,
			    int exponent);
/* ... to v / 10^decimals with that many decimals (0 to 18): 125, 2 is "1.25". */
void report_table_set_fixed(struct report_table *t, size_t row, size_t col, int64_t v,
			    int decimals);
/* ... to tenths (of a percent, or of any RC_NUMBER): 934 is "93.4"; a
 * negative value leaves the cell empty (no figure, e.g. no quota). */
void report_table_set_tenths(struct report_table *t, size_t row, size_t col, int64_t tenths);

/* The cell (row, col), or NULL. */
const char *report_table_get(const struct report_table *t, size_t row, size_t col);

/* The whole output in format f, ending with a newline. Caller frees. */
char *report_output_render(const struct report_output *o, enum report_format f);
/* The same written to a file as it is made, never whole in memory (a table
 * of tens of thousands of rows is megabytes). */
void report_output_print(const struct report_output *o, enum report_format f, FILE *to);

void report_output_free(struct report_output *o);

#endif
