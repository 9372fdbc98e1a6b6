/* io.h - import and export of records: CSV, JSON lines, and the formats to come.
 *
 * Files of this module:
 *   io.h       this interface: readers, writers, import and export
 *   import.c   the import driver: input decoding (iconv), format detection,
 *              column mapping, duplicate detection, the one transaction on
 *              the bulk-load path (src/bulk.h), --dry-run and --skip-bad
 *   export.c   the export driver: rows of a list query through a writer
 *   csv.c      RFC 4180 reader and writer
 *   jsonl.c    JSON lines reader and writer (the documents of sync, applied on
 *              import as a pull applies them)
 *   vcard.c    vCard 2.1/3.0/4.0 reader, vCard 3.0/4.0 writer (people only)
 *   ical.c     iCalendar (RFC 5545): VEVENT/VTODO writer, VEVENT reader with
 *              time zones and recurring events expanded over a window
 *
 * Everything is driven by the entity descriptors (src/entity.h): a column is
 * mapped to a field key, and a value is parsed by record_input() as if a user
 * had typed it. No format knows a record type.
 *
 * Adding a format (vCard, iCalendar): write a struct io_reader_ops and/or a
 * struct io_writer_ops in a file of its own and list it in io_formats[]
 * (import.c). A reader turns its input into rows of (column, value) pairs:
 *   - open() gets the whole input as UTF-8 text (import.c has already read,
 *     decoded and converted it) and sets up its state in r->state;
 *   - next() fills one struct io_row, or returns ST_NOT_FOUND at the end, or
 *     ST_INVALID with a message (status_set()) naming the line and the reason.
 *     The row's columns are named: a CSV's header cells, a JSON object's keys,
 *     a vCard's property names ("TEL", "EMAIL"...). Several columns may map to
 *     one field (a second phone); the first non-empty value wins. A column a
 *     reader names "type" in JSON lines gives the document's type: JSON
 *     lines are applied as sync documents (import.c, import_doc()), not
 *     mapped.
 *     row->line is the input line the row starts on, row->raw its text as read
 *     (for --skip-bad);
 *   - reject() writes a rejected row, with the reason, in the format's own
 *     syntax (a CSV row with a "reason" column, a JSON line with "_reason");
 *   - close() frees the state.
 * The mapping from column names to fields (io_map_column()) knows the field
 * keys, the English labels and common headers of spreadsheets and address
 * books in English and Chinese; --map COLUMN=field overrides it.
 */
#ifndef SALESTERM_IO_H
#define SALESTERM_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "record.h"
#include "status.h"

struct db;
struct entity;

/* One column of a row: its name in the input and its value (UTF-8). */
struct io_cell {
	char *name;
	char *value;
};

/* One row of input. The reader owns the memory until its next call. */
struct io_row {
	struct io_cell *cells;
	size_t ncells;
	long line;	 /* the input line the row starts on (1 is the first) */
	const char *raw; /* the row as it was read (without its line end) */
	size_t raw_len;
};

struct io_reader {
	const struct io_reader_ops *ops;
	const char *text; /* the whole input, UTF-8, NUL-terminated */
	size_t len;
	const char *name; /* the file name, for messages */
	void *state;
	int window_days; /* ics: days from today recurring events are expanded over */
	/* What the reader says about the input as a whole ("a weekly event was
	 * expanded into 13 occurrences"): the reader adds, the driver hands them
	 * to the result. */
	char **notes;
	size_t nnotes;
};

/* Days from today over which recurring calendar events are expanded by default. */
#define IO_ICS_WINDOW_DAYS 90

struct io_reader_ops {
	const char *name; /* "csv" */
	/* How much the input looks like this format (0: not at all, 100: surely). */
	int (*sniff)(const char *text, size_t len, const char *filename);
	enum status (*open)(struct io_reader *r);
	enum status (*next)(struct io_reader *r, struct io_row *row);
	/* Write row to out as the format writes a rejected row, with reason.
	 * first is true for the first rejected row (a CSV writes its header). */
	void (*reject)(struct io_reader *r, FILE *out, const struct io_row *row, const char *reason,
		       bool first);
	void (*close)(struct io_reader *r);
	/* Duplicates are known by the id alone (a calendar's UID: two meetings may
	 * share a subject), and a duplicate is updated unless on_duplicate says
	 * otherwise: importing a calendar again brings its changes. */
	bool ids_only;
	/* Written after the last rejected row (a calendar's END:VCALENDAR); NULL: none. */
	const char *trailer;
};

/* A writer of records for export. */
struct io_writer {
	const struct io_writer_ops *ops;
	FILE *out;
	struct db *db;
	const struct entity *entity;
	const char *variant; /* the format's version: vCard "3.0" (default) or "4.0" */
	void *state;
	struct io_titles *titles; /* io_ref_title()'s, kept by io_export() */
};

/* The title of the record id of type ref (record_title_of()), read once per
 * export: a million contacts name a few thousand accounts. */
const char *io_ref_title(struct io_writer *w, const char *ref, const char *id);

struct io_writer_ops {
	const char *name;
	enum status (*begin)(struct io_writer *w); /* a header */
	enum status (*record)(struct io_writer *w, const struct record *r);
	enum status (*end)(struct io_writer *w);
};

extern const struct io_reader_ops io_csv_reader, io_jsonl_reader;
extern const struct io_writer_ops io_csv_writer, io_jsonl_writer;
extern const struct io_reader_ops io_vcard_reader;
extern const struct io_writer_ops io_vcard_writer;
extern const struct io_reader_ops io_ics_reader;
extern const struct io_writer_ops io_ics_writer;

/* The reader or writer of a format by name ("csv", "jsonl"); NULL if none. */
const struct io_reader_ops *io_reader_find(const char *format);
const struct io_writer_ops *io_writer_find(const char *format);

/* ---- import ---- */

enum io_dup_action {
	IO_DUP_DEFAULT, /* skip, and say so for each row */
	IO_DUP_SKIP,
	IO_DUP_UPDATE, /* fill the existing record with the row's non-empty values */
	IO_DUP_CREATE, /* a new record anyway */
	IO_DUP_ASK,    /* ask() decides for each duplicate */
};

/* What a row became (or would become, with dry_run). */
enum io_outcome { IO_CREATED, IO_UPDATED, IO_SKIPPED, IO_REJECTED };

struct io_map {
	const char *column, *field;
};

struct io_import_options {
	const struct entity *entity; /* NULL: each document's (JSON lines), else contact */
	const char *format;	     /* NULL: detected */
	const char *encoding;	     /* NULL: detected (UTF-8, UTF-16 by BOM, GB18030) */
	const struct io_map *maps;   /* --map COLUMN=field */
	size_t nmaps;
	enum io_dup_action on_duplicate;
	bool dry_run;
	FILE *skip_bad; /* NULL: a bad row aborts; else rejected rows go here */
	/* Called for each row with what it became and why (for --dry-run and
	 * the TUI's preview); NULL for none. Return non-zero to stop reading
	 * (a preview); the import then changes nothing. */
	int (*report)(void *ctx, long line, enum io_outcome what, const char *type,
		      const char *title, const char *why);
	/* IO_DUP_ASK: which action for this row (SKIP, UPDATE or CREATE). */
	enum io_dup_action (*ask)(void *ctx, long line, const char *title, const char *existing,
				  const char *why);
	/* Now and then: bytes of input read and its size. Return non-zero to
	 * cancel (Ctrl-C): nothing is written. */
	int (*progress)(void *ctx, uint64_t done, uint64_t total, int64_t rows);
	void *ctx;
	int window_days; /* ics: 0 for IO_ICS_WINDOW_DAYS */
};

struct io_import_result {
	int64_t rows, created, updated, skipped, rejected;
	int64_t linked_created; /* records created for references given by name */
	char format[16], encoding[24];
	char type[32]; /* the record type imported */
	/* the column mapping used: column -> field key ("" if ignored) */
	char **columns, **fields;
	size_t ncolumns;
	/* the reader's notes on the input (recurring events expanded) */
	char **notes;
	size_t nnotes;
};

void io_import_result_clear(struct io_import_result *res);

/*
 * Import the file at path (or the bytes of data, len, when data is not NULL;
 * name is then used in messages) into db in one transaction. Returns ST_OK,
 * or an error with a message naming the file, line, column and reason; on
 * any error, cancel or dry run the database is unchanged.
 */
enum status io_import(struct db *db, const char *path, const char *data, size_t len,
		      const struct io_import_options *opt, struct io_import_result *res);

/* The field of e a column header means (the key, an English label, a common
 * spreadsheet or address-book header, Chinese or English); NULL if none. */
const char *io_map_column(const struct entity *e, const char *column);

/* Duplicate keys: digits of a phone without a +86/0086 prefix ("+86 138-0013-8000"
 * and "13800138000" give "13800138000"), an email in lower case, a name
 * folded for comparison (CJK exact, Latin case- and accent-insensitive,
 * spaces collapsed). Caller frees; NULL for an empty key. */
char *io_phone_key(const char *phone);
char *io_email_key(const char *email);
char *io_name_key(const char *name);

/* ---- export ---- */

struct io_export_options {
	const char *format;   /* NULL: csv */
	const char *encoding; /* NULL: UTF-8; "gb18030", "gbk", "big5" */
	bool bom;	      /* a UTF-8 byte order mark first (Excel) */
	const char *variant;  /* the format's version: vCard "3.0" (NULL) or "4.0" */
	const struct record_query *query;
	/* A mailing list: contacts only, and of them only those who may be sent
	 * marketing on this consent channel ("email", "phone", "sms", "post":
	 * consent given and not do_not_contact, src/consent.h). NULL: all. */
	const char *mailing;
};

/* The format a file name says by its extension (".vcf": "vcard", ".jsonl":
 * "jsonl", ".ics": "ics"), or NULL (CSV is the default). */
const char *io_format_of_name(const char *path);

/* Write the records of e matching opt->query to out. *count gets how many.
 * ST_INVALID for a mailing list of another type or channel. */
enum status io_export(struct db *db, const struct entity *e, FILE *out,
		      const struct io_export_options *opt, int64_t *count);

#endif
