/* test_report_frame.c - the report framework: periods, scopes, the output
 * module (text table, CSV, JSON) and the list of reports. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "entity.h"
#include "fixture.h"
#include "record.h"
#include "report/internal.h"
#include "report/output.h"
#include "report/registry.h"
#include "report/scope.h"
#include "report/span.h"
#include "strbuf.h"
#include "tap.h"
#include "user.h"
#include "xalloc.h"

static struct db *db;

#define ADD(e, ...) fixture_add(db, e, (const char *const[]){ __VA_ARGS__, NULL })

static void span_is(const char *text, int kind, const char *first, const char *last,
		    const char *label)
{
	struct report_span s;
	char l[24];

	if (!ok(report_span_parse(text, &s) == ST_OK, "period %s parses", text))
		return;
	is_int(s.kind, kind, "%s: its kind", text);
	is_str(s.first, first, "%s: first day", text);
	is_str(s.last, last, "%s: last day", text);
	report_span_label(&s, l);
	is_str(l, label, "%s: its label", text);
}

static void test_span(void)
{
	static const char *const bad[] = { "",
					   "2026Q5",
					   "2026Q0",
					   "2026-13",
					   "26",
					   "2026-1",
					   "2026-02-30..2026-03-01",
					   "Q4",
					   "2026-11-01..",
					   "..2026-11-01",
					   "2026-11-05..2026-11-01",
					   "abcd",
					   "2026-11-01" };
	struct report_span s, t;
	char l[24];
	size_t i;

	span_is("2026Q4", REPORT_QUARTER, "2026-10-01", "2026-12-31", "2026Q4");
	span_is("2026q1", REPORT_QUARTER, "2026-01-01", "2026-03-31", "2026Q1");
	span_is("2026-11", REPORT_MONTH, "2026-11-01", "2026-11-30", "2026-11");
	span_is("2028-02", REPORT_MONTH, "2028-02-01", "2028-02-29", "2028-02");
	span_is("2026", REPORT_YEAR, "2026-01-01", "2026-12-31", "2026");
	span_is("2026-10-15..2026-11-14", REPORT_CUSTOM, "2026-10-15", "2026-11-14",
		"2026-10-15..2026-11-14");
	span_is("2026-11-01..2026-11-01", REPORT_CUSTOM, "2026-11-01", "2026-11-01",
		"2026-11-01..2026-11-01");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		s.kind = REPORT_YEAR;
		strcpy(s.first, "keep");
		is_int(report_span_parse(bad[i], &s), ST_INVALID, "\"%s\" is refused", bad[i]);
		is_str(s.first, "keep", "\"%s\": the output is untouched", bad[i]);
	}
	is_int(report_span_parse(NULL, &s), ST_INVALID, "NULL is refused");
	ok(strstr(status_message(), "2026Q4") != NULL, "the message shows the forms: %s",
	   status_message());

	report_span_parse("2026Q4", &s);
	ok(report_span_step(&s, 1, &t), "the quarter after");
	report_span_label(&t, l);
	is_str(l, "2027Q1", "2026Q4 steps to 2027Q1");
	ok(report_span_step(&s, -4, &t), "a year back");
	report_span_label(&t, l);
	is_str(l, "2025Q4", "four quarters back");
	report_span_parse("2026-01", &s);
	report_span_step(&s, -1, &t);
	report_span_label(&t, l);
	is_str(l, "2025-12", "the month before January");
	report_span_parse("2026-11-01..2026-11-10", &s);
	report_span_step(&s, 1, &t);
	is_str(t.first, "2026-11-11", "a custom range moves by its length");
	is_str(t.last, "2026-11-20", "to the next ten days");
	report_span_step(&s, -1, &t);
	is_str(t.first, "2026-10-22", "and back");
	is_str(t.last, "2026-10-31", "ten days before");
	report_span_parse("9999", &s);
	ok(!report_span_step(&s, 1, &t), "no year after 9999");
	ok(report_span_of(REPORT_MONTH, "2026-11-23", &s), "the month of a date");
	is_str(s.first, "2026-11-01", "starts on the first");
	ok(!report_span_of(REPORT_CUSTOM, "2026-11-23", &s), "a custom span has no 'of a date'");
	ok(!report_span_of(REPORT_MONTH, "2026-11-31", &s), "an invalid date");

	/* Quotas: a quarterly 900,000 is 300,000 a month and 3,600,000 a year. */
	report_span_parse("2026-11", &s);
	is_int(report_span_quota(&s, 900000, 3), 300000, "a quarterly quota for a month");
	report_span_parse("2026", &s);
	is_int(report_span_quota(&s, 900000, 3), 3600000, "for a year");
	report_span_parse("2026Q4", &s);
	is_int(report_span_quota(&s, 200000, 1), 600000, "a monthly quota for a quarter");
	is_int(report_span_quota(&s, 0, 1), 0, "no quota");
	/* 1461/48 days a month: 61 days of a monthly 1461 is 61 * 48 = 2928. */
	report_span_parse("2026-10-01..2026-11-30", &s);
	is_int(report_span_days(&s), 61, "61 days");
	is_int(report_span_quota(&s, 1461, 1), 2928, "a custom range pro rata by days");
	is_int(report_span_quota(&s, INT64_MAX / 2, 1), INT64_MAX,
	       "a huge quota stops at the limit");
	report_span_parse("2026", &s);
	is_int(report_span_quota(&s, INT64_MAX / 2, 1), INT64_MAX, "for a year too");
}

static char *mgr, *rep1, *rep2, *rep3;

static void test_scope(void)
{
	struct report_scope_request req = { 0 };
	struct report_scope s;

	/* A single-user database: everything visible, the team by default. */
	is_int(report_scope_resolve(db, &req, &s), ST_OK, "single-user: default scope");
	is_int(s.kind, REPORT_SCOPE_TEAM, "is the team");
	ok(s.manager && s.viewer == NULL, "everything visible, no viewer");
	ok(report_scope_includes(&s, NULL) && report_scope_includes(&s, "x"),
	   "the team includes every owner, and none");
	report_scope_free(&s);

	mgr = ADD(&entity_user, "name=李经理", "role=manager");
	user_use(db, "李经理");
	rep1 = ADD(&entity_user, "name=王芳", "role=rep", "territory=East");
	rep2 = ADD(&entity_user, "name=Kevin", "role=rep", "territory=East");
	rep3 = ADD(&entity_user, "name=Zoe", "role=rep", "territory=West");
	ok(mgr && rep1 && rep2 && rep3, "a manager and three reps");

	is_int(report_scope_resolve(db, &req, &s), ST_OK, "manager: default scope");
	is_int(s.kind, REPORT_SCOPE_TEAM, "a manager sees the team by default");
	report_scope_free(&s);
	req.territory = "East";
	is_int(report_scope_resolve(db, &req, &s), ST_OK, "manager: a territory");
	is_int(s.kind, REPORT_SCOPE_TERRITORY, "kind territory");
	ok(report_scope_includes(&s, rep1) && report_scope_includes(&s, rep2),
	   "East holds 王芳 and Kevin");
	ok(!report_scope_includes(&s, rep3) && !report_scope_includes(&s, NULL),
	   "not Zoe, nor deals without an owner");
	report_scope_free(&s);
	req.territory = "North";
	is_int(report_scope_resolve(db, &req, &s), ST_NOT_FOUND, "a territory without users");
	req.territory = NULL;
	req.owner = "王芳";
	is_int(report_scope_resolve(db, &req, &s), ST_OK, "manager: one rep by name");
	is_str(s.owner, rep1, "her id");
	is_str(s.label, "王芳", "her name as the label");
	ok(report_scope_includes(&s, rep1) && !report_scope_includes(&s, rep2), "only hers");
	report_scope_free(&s);
	req.owner = "nobody";
	is_int(report_scope_resolve(db, &req, &s), ST_NOT_FOUND, "an unknown user");
	req.owner = "王芳";
	req.team = true;
	is_int(report_scope_resolve(db, &req, &s), ST_USAGE, "two scopes at once");

	/* A rep: their own figures only. */
	user_use(db, "王芳");
	memset(&req, 0, sizeof(req));
	is_int(report_scope_resolve(db, &req, &s), ST_OK, "rep: default scope");
	is_int(s.kind, REPORT_SCOPE_OWNER, "a rep sees their own by default");
	is_str(s.owner, rep1, "their own id");
	ok(!s.manager, "not a manager");
	report_scope_free(&s);
	req.owner = "王芳";
	is_int(report_scope_resolve(db, &req, &s), ST_OK, "rep: --owner themselves");
	report_scope_free(&s);
	req.owner = "Kevin";
	is_int(report_scope_resolve(db, &req, &s), ST_DENIED, "rep: another rep is refused");
	ok(strstr(status_message(), "Kevin") != NULL, "the refusal names him: %s",
	   status_message());
	req.owner = NULL;
	req.team = true;
	is_int(report_scope_resolve(db, &req, &s), ST_DENIED, "rep: the team is refused");
	req.team = false;
	req.territory = "East";
	is_int(report_scope_resolve(db, &req, &s), ST_DENIED, "rep: a territory is refused");

	/* Users exist but nobody is current. */
	db_meta_set(db, "current_user", "");
	memset(&req, 0, sizeof(req));
	is_int(report_scope_resolve(db, &req, &s), ST_DENIED, "no current user");
	user_use(db, "李经理");
}

static struct report_output sample(void)
{
	static const struct report_col cols[] = {
		{ "name", "Rep", RC_TEXT },	    { "deals", "Deals", RC_INT },
		{ "amount", "Amount", RC_MONEY },   { "attainment", "Attain", RC_PERCENT },
		{ "coverage", "Cover", RC_NUMBER },
	};
	struct report_output o = { 0 };
	struct report_table *t;
	size_t r;

	report_output_meta(&o, "report", "sample");
	report_output_meta(&o, "as_of", NULL);
	t = report_output_table(&o, "reps", "Sample 2026Q4", cols, 5);
	r = report_table_add_row(t);
	report_table_set(t, r, 0, "张伟");
	report_table_set_int(t, r, 1, 1234);
	report_table_set_money(t, r, 2, 123456789, 2);
	report_table_set_tenths(t, r, 3, 934);
	report_table_set_tenths(t, r, 4, 25);
	r = report_table_add_row(t);
	report_table_set(t, r, 0, "Acme, \"Big\"\nCo");
	report_table_set_int(t, r, 1, -5);
	report_table_set_money(t, r, 2, 0, 2);
	report_table_set_tenths(t, r, 3, -1);
	report_output_note(&o, "%d deals in USD are not converted", 2);
	return o;
}

/* A text table's printable ASCII cells are copied with their padding, the
 * others fitted: a long one clipped with ~, a control character (DEL) shown
 * as a blank, a missing number as -, and no trailing blanks. */
static void test_output_ascii(void)
{
	static const struct report_col cols[] = {
		{ "name", "Name", RC_TEXT },
		{ "n", "N", RC_INT },
		{ "note", "Note", RC_TEXT },
	};
	struct report_output o = { 0 };
	struct report_table *t = report_output_table(&o, "t", NULL, cols, 3);
	size_t r;
	char *text;

	r = report_table_add_row(t);
	report_table_set(t, r, 0, "Ann");
	report_table_set_int(t, r, 1, 7);
	report_table_set(t, r, 2, "ok");
	r = report_table_add_row(t);
	report_table_set(t, r, 0, "A name of exactly forty-five characters long!");
	r = report_table_add_row(t);
	report_table_set(t, r, 0, "Del\x7f");
	report_table_set_int(t, r, 1, 12345);
	text = report_output_render(&o, REPORT_FORMAT_TABLE);
	is_str(
	    text,
	    "Name                                           N  Note\n"
	    "Ann                                            7  ok\n"
	    "A name of exactly forty-five characters~       -\n"
	    "Del                                       12,345\n",
	    "ASCII cells copied and padded; a long one clipped, DEL a blank, no trailing blanks");
	free(text);
	report_output_free(&o);
}

/* Cells in other scripts: one shown as it is (CJK, an accented letter) is
 * copied with its padding, like ASCII; a bidi override is left out, a byte
 * that is not UTF-8 shown as ?, a long one clipped with ~ (a blank for the
 * half of a wide character); a cell set twice shows the second text, and a
 * very long one is kept whole. */
static void test_output_unicode(void)
{
	static const struct report_col cols[] = {
		{ "name", "Name", RC_TEXT },
		{ "n", "N", RC_INT },
	};
	struct report_output o = { 0 };
	struct report_table *t = report_output_table(&o, "t", NULL, cols, 2);
	char *big = xmalloc(100001), *text;
	size_t r;

	r = report_table_add_row(t);
	report_table_set(t, r, 0, "张伟");
	report_table_set_int(t, r, 1, 1);
	r = report_table_add_row(t);
	report_table_set(t, r, 0, "李\xe2\x80\xae娜");
	r = report_table_add_row(t);
	report_table_set(t, r, 0, "王\xff五");
	r = report_table_add_row(t);
	report_table_set(t, r, 0, "一二三四五六七八九十一二三四五六七八九十一");
	r = report_table_add_row(t);
	report_table_set(t, r, 0, "x");
	report_table_set(t, r, 0, "Zoë");
	text = report_output_render(&o, REPORT_FORMAT_TABLE);
	is_str(text,
	       "Name                                      N\n"
	       "张伟                                      1\n"
	       "李娜                                      -\n"
	       "王?五                                     -\n"
	       "一二三四五六七八九十一二三四五六七八九 ~  -\n"
	       "Zoë                                       -\n",
	       "other scripts copied and padded when shown as they are, else fitted");
	free(text);
	memset(big, 'b', 100000);
	big[100000] = '\0';
	r = report_table_add_row(t);
	report_table_set(t, r, 0, big);
	is_str(report_table_get(t, r, 0), big, "a cell of 100,000 bytes kept whole");
	is_str(report_table_get(t, 0, 0), "张伟", "the cells before it unchanged");
	free(big);
	report_output_free(&o);
}

/* A table of more rows than one thread lays out (TABLE_SPLIT_ROWS in
 * output.c): its widest cells in the second half still set the columns of
 * the first, every row comes once and in order, a cell that is not shown as
 * it is (invalid UTF-8) is fitted in either half. */
static void test_output_halves(void)
{
	static const struct report_col cols[] = {
		{ "name", "Name", RC_TEXT },
		{ "n", "N", RC_INT },
	};
	struct report_output o = { 0 };
	struct report_table *t = report_output_table(&o, "t", "Halves", cols, 2);
	struct strbuf want = STRBUF_INIT;
	char *text;
	size_t r, i;

	for (i = 0; i < 9000; i++) {
		char name[16];

		r = report_table_add_row(t);
		snprintf(name, sizeof(name), "n%04zu", i);
		report_table_set(t, r, 0,
				 i == 8999		? "张伟张伟张伟"
				 : i == 10 || i == 8000 ? "王\xff五"
							: name);
		report_table_set_int(t, r, 1, i == 8500 ? 123456789 : (int64_t)i);
	}
	text = report_output_render(&o, REPORT_FORMAT_TABLE);
	strbuf_addf(&want, "Halves\nName                    N\n");
	for (i = 0; i < 9000; i++) {
		char n[16];

		if (i == 8500)
			snprintf(n, sizeof(n), "123,456,789");
		else if (i >= 1000)
			snprintf(n, sizeof(n), "%zu,%03zu", i / 1000, i % 1000);
		else
			snprintf(n, sizeof(n), "%zu", i);
		if (i == 8999)
			strbuf_addf(&want, "张伟张伟张伟  %11s\n", n);
		else if (i == 10 || i == 8000)
			strbuf_addf(&want, "王?五         %11s\n", n);
		else
			strbuf_addf(&want, "n%04zu         %11s\n", i, n);
	}
	is_str(text, strbuf_str(&want), "9,000 rows laid out as one table");
	free(text);
	strbuf_release(&want);
	/* Printed as it is made: each half straight from its thread's buffer
	 * (over 64 KiB), the title before them, a table and a note after. */
	t = report_output_table(&o, "after", "After", cols, 2);
	report_table_set(t, report_table_add_row(t), 0, "last");
	report_output_note(&o, "A note.");
	for (int f = REPORT_FORMAT_TABLE; f <= REPORT_FORMAT_JSON; f++) {
		FILE *tmp = tmpfile();
		struct strbuf got = STRBUF_INIT;
		char chunk[4096];
		size_t n;

		text = report_output_render(&o, (enum report_format)f);
		report_output_print(&o, (enum report_format)f, tmp);
		rewind(tmp);
		while ((n = fread(chunk, 1, sizeof(chunk), tmp)) > 0)
			strbuf_add(&got, chunk, n);
		fclose(tmp);
		ok(got.len > 100000 && strcmp(strbuf_str(&got), text) == 0,
		   "printed to a file in format %d: the text rendered (%zu bytes)", f, got.len);
		free(text);
		strbuf_release(&got);
	}
	report_output_free(&o);
}

static void test_output(void)
{
	struct report_output o = sample();
	enum report_format f;
	char *text;

	ok(report_format_parse("csv", &f) && f == REPORT_FORMAT_CSV, "csv is a format");
	ok(report_format_parse("json", &f) && f == REPORT_FORMAT_JSON, "json is a format");
	ok(report_format_parse("table", &f) && f == REPORT_FORMAT_TABLE, "table is a format");
	ok(!report_format_parse("xml", &f) && !report_format_parse(NULL, &f), "xml is not");
	ok(report_output_find(&o, "reps") != NULL && report_output_find(&o, "x") == NULL,
	   "tables found by name");
	is_str(report_table_get(&o.tables[0], 0, 1), "1234", "cells hold plain numbers");
	ok(report_table_get(&o.tables[0], 9, 0) == NULL, "outside the table: NULL");

	text = report_output_render(&o, REPORT_FORMAT_TABLE);
	is_str(text,
	       "Sample 2026Q4\n"
	       "Rep             Deals        Amount  Attain  Cover\n"
	       "张伟            1,234  1,234,567.89   93.4%    2.5\n"
	       "Acme, \"Big\" Co     -5          0.00       -      -\n"
	       "\n"
	       "2 deals in USD are not converted\n",
	       "an aligned text table: CJK names take two columns each, a line break shows as a "
	       "blank");
	free(text);
	text = report_output_render(&o, REPORT_FORMAT_CSV);
	is_str(text,
	       "name,deals,amount,attainment,coverage\r\n"
	       "张伟,1234,1234567.89,93.4,2.5\r\n"
	       "\"Acme, \"\"Big\"\"\nCo\",-5,0.00,,\r\n",
	       "RFC 4180 CSV: quoted fields, doubled quotes, CRLF");
	free(text);
	text = report_output_render(&o, REPORT_FORMAT_JSON);
	is_str(text,
	       "{\n"
	       "\t\"report\":\t\"sample\",\n"
	       "\t\"as_of\":\tnull,\n"
	       "\t\"notes\":\t[\"2 deals in USD are not converted\"],\n"
	       "\t\"reps\":\t[{\n"
	       "\t\t\t\"name\":\t\"张伟\",\n"
	       "\t\t\t\"deals\":\t1234,\n"
	       "\t\t\t\"amount\":\t\"1234567.89\",\n"
	       "\t\t\t\"attainment\":\t93.4,\n"
	       "\t\t\t\"coverage\":\t2.5\n"
	       "\t\t}, {\n"
	       "\t\t\t\"name\":\t\"Acme, \\\"Big\\\"\\nCo\",\n"
	       "\t\t\t\"deals\":\t-5,\n"
	       "\t\t\t\"amount\":\t\"0.00\",\n"
	       "\t\t\t\"attainment\":\tnull,\n"
	       "\t\t\t\"coverage\":\tnull\n"
	       "\t\t}]\n"
	       "}\n",
	       "JSON: numbers, amounts as strings, empty cells null");
	free(text);
	report_output_free(&o);

	{
		static const struct report_col one[] = { { "k", "Key", RC_TEXT } };
		struct report_output e = { 0 };
		struct report_table *t = report_output_table(&e, "a", NULL, one, 1);
		size_t r = report_table_add_row(t);

		report_table_set(t, r, 0, "0123456789012345678901234567890123456789MORE");
		report_output_table(&e, "b", NULL, one, 1);
		text = report_output_render(&e, REPORT_FORMAT_TABLE);
		is_str(text,
		       "Key\n"
		       "012345678901234567890123456789012345678~\n"
		       "\n"
		       "Key\n",
		       "long text is clipped with ~; an empty table shows its header");
		free(text);
		text = report_output_render(&e, REPORT_FORMAT_CSV);
		is_str(text, "k\r\n0123456789012345678901234567890123456789MORE\r\n\r\nk\r\n",
		       "CSV keeps the whole text; tables apart by an empty line");
		free(text);
		report_output_free(&e);
	}
	{
		/* Amounts read with their currency's sign in a text table: the
		 * row's currency column, else the report's; CSV stays plain. */
		static const struct report_col two[] = { { "amount", "Amount", RC_MONEY },
							 { "currency", "Cur", RC_TEXT } };
		static const struct report_col one[] = { { "amount", "Amount", RC_MONEY } };
		struct report_output e = { 0 };
		struct report_table *t;
		size_t r;

		report_output_meta(&e, "currency", "CNY");
		t = report_output_table(&e, "a", NULL, one, 1);
		report_table_set_money(t, report_table_add_row(t), 0, -116000000, 2);
		t = report_output_table(&e, "b", NULL, two, 2);
		r = report_table_add_row(t);
		report_table_set_money(t, r, 0, 1160000, 0);
		report_table_set(t, r, 1, "JPY");
		r = report_table_add_row(t);
		report_table_set_money(t, r, 0, 4500000, 2);
		report_table_set(t, r, 1, "USD");
		text = report_output_render(&e, REPORT_FORMAT_TABLE);
		is_str(text,
		       "        Amount\n"
		       "-\xc2\xa5"
		       "1,160,000.00\n"
		       "\n"
		       "      Amount  Cur\n"
		       "JP\xc2\xa5"
		       "1,160,000  JPY\n"
		       "  $45,000.00  USD\n",
		       "amounts with the sign of the row's or the report's currency");
		free(text);
		text = report_output_render(&e, REPORT_FORMAT_CSV);
		is_str(text,
		       "amount\r\n-1160000.00\r\n\r\namount,currency\r\n1160000,JPY\r\n"
		       "45000.00,USD\r\n",
		       "CSV amounts stay plain numbers beside their currency");
		free(text);
		report_output_free(&e);
	}
}

/* Every live deal is in exactly one close date range (report_close_ranges()),
 * whatever its close date: none, the first of a month (a boundary), the
 * first and last, text that is no date, a number; and a span of centuries
 * is cut into at most 258 ranges. */
static void count_in_ranges(const char *what, int64_t want)
{
	struct report_close_ranges r;
	int64_t n = 0, pieces;

	if (report_close_ranges(db, &r) != ST_OK) {
		ok(0, "%s: ranges: %s", what, status_message());
		return;
	}
	pieces = (int64_t)report_close_range_count(&r);
	for (size_t i = 0; i < report_close_range_count(&r); i++) {
		char *sql = xasprintf("SELECT count(*) FROM opportunity WHERE deleted = 0 AND %s",
				      report_close_range_sql(&r, i));
		sqlite3_stmt *st = db_prepare(db, sql);

		report_close_range_bind(&r, i, st);
		if (sqlite3_step(st) == SQLITE_ROW)
			n += sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		free(sql);
	}
	is_int(n, want, "%s: each of the %lld deals in one of %lld ranges", what, (long long)want,
	       (long long)pieces);
	ok(pieces <= 258, "%s: at most 258 ranges", what);
	report_close_ranges_free(&r);
}

static void test_close_ranges(void)
{
	static const char *const dates[] = { "close_date=2026-03-01", "close_date=2026-03-31",
					     "close_date=2026-01-15", "close_date=2027-12-31",
					     "close_date=2026-07-01", NULL };
	int64_t n = 0;
	char *id;

	free(ADD(&entity_account, "name=Ranges Co"));
	for (int i = 0; dates[i]; i++, n++)
		free(ADD(&entity_opportunity, "name=R", "account=Ranges Co", dates[i]));
	free(ADD(&entity_opportunity, "name=R none", "account=Ranges Co"));
	n++;
	count_in_ranges("dates and none", n);
	free(ADD(&entity_opportunity, "name=R far", "account=Ranges Co", "close_date=2999-06-30"));
	free(ADD(&entity_opportunity, "name=R past", "account=Ranges Co", "close_date=1901-02-03"));
	n += 2;
	count_in_ranges("1901 to 2999", n);
	id = ADD(&entity_opportunity, "name=R odd", "account=Ranges Co");
	n++;
	db_exec(db, "UPDATE opportunity SET close_date = 'soon' WHERE name = 'R odd'");
	free(id);
	id = ADD(&entity_opportunity, "name=R number", "account=Ranges Co");
	n++;
	db_exec(db, "UPDATE opportunity SET close_date = 20260101 WHERE name = 'R number'");
	free(id);
	count_in_ranges("text that is no date, a number", n);
	db_exec(db, "UPDATE opportunity SET deleted = 1 WHERE account IN (SELECT id FROM account "
		    "WHERE name = 'Ranges Co')");
	count_in_ranges("none left", 0);
}

static void test_registry(void)
{
	char *text = report_list_text();
	size_t i;

	ok(strstr(text, "report NAME --help") != NULL, "the list says how to get help");
	for (i = 0; report_defs[i]; i++) {
		char *help = report_help_text(report_defs[i]);

		ok(strstr(text, report_defs[i]->name) != NULL, "%s is listed",
		   report_defs[i]->name);
		ok(report_find(report_defs[i]->name) == report_defs[i], "%s is found",
		   report_defs[i]->name);
		ok(strstr(help, "--period") != NULL && strlen(help) > 200, "%s --help documents it",
		   report_defs[i]->name);
		free(help);
	}
	ok(report_find("nope") == NULL && report_find(NULL) == NULL, "an unknown report");
	free(text);
}

/* A number as the table setters write it: -?digits(.digits)? */
static bool plain(const char *s)
{
	size_t i = *s == '-', d = strspn(s + i, "0123456789");

	if (d == 0)
		return false;
	i += d;
	if (s[i] == '.') {
		d = strspn(s + i + 1, "0123456789");
		if (d == 0)
			return false;
		i += 1 + d;
	}
	return s[i] == '\0';
}

/* The JSON as cJSON_Print() gives it from a tree of the same output (what
 * the report printed before it wrote its JSON itself). */
static char *cjson_render(const struct report_output *o)
{
	cJSON *root = cJSON_CreateObject(), *notes = cJSON_CreateArray();
	char *text, *with_nl;

	for (size_t i = 0; i < o->nmeta; i++)
		cJSON_AddItemToObject(root, o->meta_keys[i],
				      o->meta_values[i] ? cJSON_CreateString(o->meta_values[i])
							: cJSON_CreateNull());
	for (size_t i = 0; i < o->nnotes; i++)
		cJSON_AddItemToArray(notes, cJSON_CreateString(o->notes[i]));
	cJSON_AddItemToObject(root, "notes", notes);
	for (size_t i = 0; i < o->ntables; i++) {
		const struct report_table *t = &o->tables[i];
		cJSON *rows = cJSON_CreateArray();

		for (size_t r = 0; r < t->nrows; r++) {
			cJSON *row = cJSON_CreateObject();

			for (size_t c = 0; c < t->ncols; c++) {
				const char *v = t->cells[r * t->ncols + c];
				bool number = v && t->cols[c].kind != RC_TEXT &&
					      t->cols[c].kind != RC_VALUE &&
					      t->cols[c].kind != RC_MONEY && plain(v);

				cJSON_AddItemToObject(row, t->cols[c].key,
						      v == NULL ? cJSON_CreateNull()
						      : number	? cJSON_CreateRaw(v)
								: cJSON_CreateString(v));
			}
			cJSON_AddItemToArray(rows, row);
		}
		cJSON_AddItemToObject(root, t->name, rows);
	}
	text = cJSON_Print(root);
	cJSON_Delete(root);
	with_nl = xasprintf("%s\n", text ? text : "(out of memory)");
	cJSON_free(text);
	return with_nl;
}

/* The JSON written straight out is byte for byte cJSON_Print()'s, and
 * cJSON_Parse() reads every cell back: on random cells of every kind, with
 * quotes, backslashes, every control character, DEL, CJK and bytes that are
 * not UTF-8, in outputs with no notes, several notes, no tables, empty
 * tables and a table of one column. */
static void test_json_random(void)
{
	static const struct report_col cols[] = {
		{ "name", "Name", RC_TEXT },	  { "stage", "Stage", RC_VALUE },
		{ "deals", "Deals", RC_INT },	  { "amount", "Amount", RC_MONEY },
		{ "share", "Share", RC_PERCENT }, { "x\"y", "Odd key", RC_NUMBER },
	};
	static const char *const pieces[] = {
		"a",	"Acme", "\"",	"\\", "\b", "\f", "\n", "\r", "\t", "\x01",  "\x1f",
		"\x7f", "张伟", "\xff", "-",  "12", ".",  "5",	" ",  "/",  "\u00e9"
	};
	uint64_t rng = 0x1234;
	int same = 0, parsed = 0, runs = 60;

	for (int run = 0; run < runs; run++) {
		struct report_output o = { 0 };
		int ntables, nnotes;
		char *mine, *theirs;
		cJSON *back;
		bool cells_ok = true;

		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		ntables = (int)((rng >> 33) % 4);
		nnotes = (int)((rng >> 40) % 3);
		report_output_meta(&o, "report", run % 2 ? "x\ty" : "sample");
		report_output_meta(&o, "as_of", run % 3 ? NULL : "2026-11-23");
		for (int i = 0; i < nnotes; i++)
			report_output_note(&o, "note %d: \"%s\"", i, pieces[i % 21]);
		for (int k = 0; k < ntables; k++) {
			char name[16];
			size_t ncols = k == 2 ? 1 : sizeof(cols) / sizeof(cols[0]);
			struct report_table *t;
			int nrows;

			snprintf(name, sizeof(name), "t%d", k);
			t = report_output_table(&o, name, NULL, cols, ncols);
			rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
			nrows = (int)((rng >> 33) % 5);
			for (int r = 0; r < nrows; r++) {
				size_t row = report_table_add_row(t);

				for (size_t c = 0; c < ncols; c++) {
					char cell[64] = "";
					int n;

					rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
					n = (int)((rng >> 33) % 6);
					if (n == 0 && (rng >> 50) % 2)
						continue; /* NULL */
					for (int j = 0; j < n; j++)
						strcat(cell, pieces[(rng >> (20 + 5 * j)) % 21]);
					report_table_set(t, row, c, cell);
				}
			}
		}
		mine = report_output_render(&o, REPORT_FORMAT_JSON);
		theirs = cjson_render(&o);
		if (strcmp(mine, theirs) == 0)
			same++;
		else if (same == run)
			printf("# run %d, written:\n%s# cJSON_Print:\n%s", run, mine, theirs);
		back = cJSON_Parse(mine);
		for (int k = 0; back && k < ntables; k++) {
			const struct report_table *t = &o.tables[k];
			const cJSON *rows = cJSON_GetObjectItemCaseSensitive(back, t->name);

			for (size_t r = 0; r < t->nrows; r++)
				for (size_t c = 0; c < t->ncols; c++) {
					const char *v = t->cells[r * t->ncols + c];
					const cJSON *it = cJSON_GetObjectItemCaseSensitive(
					    cJSON_GetArrayItem(rows, (int)r), t->cols[c].key);

					if (it == NULL || (v == NULL) != cJSON_IsNull(it) ||
					    (cJSON_IsString(it) && strcmp(it->valuestring, v) != 0))
						cells_ok = false;
				}
		}
		parsed += back != NULL && cells_ok;
		cJSON_Delete(back);
		free(mine);
		free(theirs);
		report_output_free(&o);
	}
	is_int(same, runs, "JSON written as cJSON_Print() writes it, in %d random outputs", runs);
	is_int(parsed, runs, "cJSON_Parse() reads every cell back");
}

int main(void)
{
	setenv("SALESTERM_NOW", "2026-11-23T01:00:00Z", 1);
	setenv("TZ", "Asia/Shanghai", 1);
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	test_span();
	test_scope();
	test_output();
	test_json_random();
	test_output_ascii();
	test_output_unicode();
	test_output_halves();
	test_close_ranges();
	test_registry();
	free(mgr);
	free(rep1);
	free(rep2);
	free(rep3);
	db_close(&db);
	return done_testing();
}
