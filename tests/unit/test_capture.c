/* test_capture.c - quick capture: parsing a line, matching the customer, writing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "db.h"
#include "lookup.h"
#include "record.h"
#include "tap.h"
#include "xalloc.h"

static struct db *db;

static char *add(const struct entity *e, const char *k1, const char *v1, const char *k2,
		 const char *v2)
{
	struct record *r = record_new(e);
	char *id = NULL;

	if (record_input(db, r, k1, v1) == ST_OK && (!k2 || record_input(db, r, k2, v2) == ST_OK) &&
	    record_insert(db, r) == ST_OK)
		id = xstrdup(r->id);
	record_free(&r);
	return id;
}

static void test_parse(void)
{
	struct capture c;

	is_int(capture_parse("call 张伟 tomorrow 10:00 renewal", "2026-11-23", &c), ST_OK,
	       "a call");
	ok(!c.log, "an activity");
	is_str(c.kind, "call", "kind");
	is_str(c.date, "2026-11-24", "tomorrow");
	is_str(c.time, "10:00", "time");
	is_int(c.nwords, 2, "two other words");
	is_str(c.words[0], "张伟", "the customer first");
	is_str(c.words[1], "renewal", "then the subject");
	capture_clear(&c);

	is_int(capture_parse("  Visit Acme Retail  fri 9:30 ", "2026-11-23", &c), ST_OK,
	       "a visit, odd spacing, short time");
	is_str(c.kind, "visit", "kind in any case");
	is_str(c.date, "2026-11-27", "next Friday");
	is_str(c.time, "09:30", "9:30 padded");
	is_int(c.nwords, 2, "two words of name");
	capture_clear(&c);

	is_int(capture_parse("log visit 张伟　+3d 谈了价格", "2026-11-23", &c), ST_OK,
	       "a log with a channel and an ideographic space");
	ok(c.log, "a log");
	is_str(c.kind, "visit", "channel");
	is_str(c.date, "2026-11-26", "+3d");
	is_int(c.nwords, 2, "customer and notes");
	capture_clear(&c);

	is_int(capture_parse("log 张伟", "2026-11-23", &c), ST_OK, "a log without channel");
	is_str(c.kind, "call", "defaults to a call");
	capture_clear(&c);

	is_int(capture_parse("lunch with 张伟", "2026-11-23", &c), ST_INVALID, "unknown kind");
	ok(strstr(status_message(), "lunch") != NULL, "the message names the word");
	is_int(capture_parse("call tomorrow", "2026-11-23", &c), ST_INVALID, "no customer");
	is_int(capture_parse("", "2026-11-23", &c), ST_INVALID, "empty");
	is_int(capture_parse(NULL, "2026-11-23", &c), ST_INVALID, "NULL");
	ok(capture_is_capture("meeting x"), "is a capture");
	ok(!capture_is_capture("quit"), "is not a capture");
	ok(!capture_is_capture(NULL), "NULL is not");
}

static void test_match_apply(void)
{
	struct capture c;
	struct lookup m = { 0 };
	const struct entity *type = NULL;
	char *acc = add(&entity_account, "name", "Acme Retail", NULL, NULL);
	char *c1 = add(&entity_contact, "name", "张伟", "account", "Acme Retail");
	char *c2 = add(&entity_contact, "name", "张伟", NULL, NULL);
	char *c3 = add(&entity_contact, "name", "李娜", NULL, NULL);
	char *id = NULL;
	struct record *r = NULL;

	ok(acc && c1 && c2 && c3, "customers added");
	capture_parse("call Acme Retail tomorrow 10:00 renewal", "2026-11-23", &c);
	is_int(capture_match(db, &c, &m), ST_OK, "match a two-word name");
	is_int(m.n, 1, "one match");
	is_int(m.used, 2, "two words");
	is_int(capture_apply(db, &c, &m.items[0], m.used, &id, &type), ST_OK, "write the call");
	ok(type == &entity_activity, "an activity");
	record_load(db, &entity_activity, id, &r);
	is_str(record_get(r, "subject"), "renewal", "subject");
	is_str(record_get(r, "start"), "2026-11-24T02:00:00Z", "tomorrow 10:00 local in UTC");
	is_str(record_get(r, "related"), acc, "about the account");
	record_free(&r);
	free(id);
	lookup_free(&m);
	capture_clear(&c);

	capture_parse("call 张伟", "2026-11-23", &c);
	is_int(capture_match(db, &c, &m), ST_OK, "ambiguous name");
	is_int(m.n, 2, "two candidates to ask about");
	is_int(capture_apply(db, &c, &m.items[1], m.used, &id, &type), ST_OK,
	       "write for the second");
	record_load(db, &entity_activity, id, &r);
	is_str(record_get(r, "subject"), "Call 张伟", "a default subject");
	is_str(record_get(r, "due"), "2026-11-23", "due today");
	record_free(&r);
	free(id);
	lookup_free(&m);
	capture_clear(&c);

	capture_parse("log 李 +2d 谈了价格", "2026-11-23", &c);
	is_int(capture_match(db, &c, &m), ST_OK, "a search match for a part of a name");
	ok(m.n == 1 && strcmp(m.items[0].id, c3) == 0, "李 finds 李娜");
	is_int(capture_apply(db, &c, &m.items[0], m.used, &id, &type), ST_OK, "write the log");
	ok(type == &entity_followup, "a follow-up");
	record_load(db, &entity_followup, id, &r);
	is_str(record_get(r, "notes"), "谈了价格", "notes");
	is_str(record_get(r, "next_date"), "2026-11-25", "the next date schedules a follow-up");
	record_free(&r);
	free(id);
	lookup_free(&m);
	capture_clear(&c);

	capture_parse("call Nobody", "2026-11-23", &c);
	is_int(capture_match(db, &c, &m), ST_NOT_FOUND, "no such customer");
	capture_clear(&c);
	free(acc);
	free(c1);
	free(c2);
	free(c3);
}

/* Many namesakes: every one is found, each with what tells it apart, and
 * further words narrow them (issue 12, "telling customers apart"). */
static void test_lookup(void)
{
	struct capture c;
	struct lookup l;
	char *acc = add(&entity_account, "name", "Acme Manufacturing Ltd", NULL, NULL);
	char *hw = add(&entity_account, "name", "华为科技有限公司", NULL, NULL);
	char *mine = NULL;
	int i;
	char *retail = add(&entity_account, "name", "Acme Retail GmbH", NULL, NULL);

	ok(acc && hw && retail, "accounts added");
	for (i = 0; i < 30; i++) {
		struct record *r = record_new(&entity_contact);
		char phone[32];

		snprintf(phone, sizeof(phone), "+86 138 0000 %04d", 1000 + i);
		record_input(db, r, "name", "王芳");
		record_input(db, r, "mobile", phone);
		record_input(db, r, "account", i == 17 ? "华为科技有限公司" : "Acme Retail GmbH");
		record_input(db, r, "title", i == 17 ? "采购经理" : "Buyer");
		if (record_insert(db, r) != ST_OK)
			ok(0, "namesake %d: %s", i, status_message());
		if (i == 17)
			mine = xstrdup(r->id);
		record_free(&r);
	}
	is_int(lookup_text(db, NULL, "王芳", true, 0, &l), ST_OK, "a name with 30 namesakes");
	is_int(l.n, 30, "all 30, not the first ten");
	ok(!l.truncated, "not cut");
	ok(l.n == 30 && strstr(l.items[0].detail, "Acme Retail GmbH") != NULL, "the account shown");
	ok(l.n == 30 && strstr(l.items[0].detail, "Buyer") != NULL, "the title shown");
	ok(l.n == 30 && strstr(l.items[0].detail, "\xe2\x80\xa6"
						  "10") != NULL,
	   "the phone's tail");
	lookup_free(&l);
	is_int(lookup_text(db, NULL, "王芳 华为", true, 0, &l), ST_OK, "narrowed by the company");
	ok(l.n == 1 && strcmp(l.items[0].id, mine) == 0, "one left: the one at 华为");
	lookup_free(&l);
	is_int(lookup_text(db, &entity_contact, "王芳 00001017", true, 0, &l), ST_OK,
	       "narrowed by a phone fragment");
	ok(l.n == 1 && strcmp(l.items[0].id, mine) == 0, "digits found across the spaces");
	lookup_free(&l);
	is_int(lookup_text(db, NULL, "王芳", true, 5, &l), ST_OK, "a few for a type-ahead");
	ok(l.n == 5 && l.truncated, "five, and more there");
	lookup_free(&l);
	ok(lookup_matches("Acme\x1f+86 138 0000 1017", "acme 1017"), "every word, case ignored");
	ok(!lookup_matches("Acme\x1f+86 138 0000 1017", "acme 2017"), "a word missing");
	ok(lookup_matches("x", ""), "nothing typed matches all");

	/* The longest name the words form, not the first word of it. */
	capture_parse("visit Acme Manufacturing fri", "2026-11-23", &c);
	is_int(capture_match(db, &c, &l), ST_OK, "a name's first words");
	ok(l.n == 1 && strcmp(l.items[0].id, acc) == 0, "the account Acme Manufacturing Ltd");
	is_int(l.used, 2, "both words name it: no subject \"Manufacturing\"");
	lookup_free(&l);
	capture_clear(&c);
	capture_parse("call Acme renewal", "2026-11-23", &c);
	is_int(capture_match(db, &c, &l), ST_OK, "one word of two names");
	is_int(l.n, 3, "every Acme account to pick from");
	is_int(l.used, 1, "renewal is the subject");
	lookup_free(&l);
	capture_clear(&c);
	free(acc);
	free(hw);
	free(retail);
	free(mine);
}

int main(void)
{
	setenv("SALESTERM_NOW", "2026-11-23T01:00:00Z", 1);
	setenv("TZ", "Asia/Shanghai", 1);
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	test_parse();
	test_match_apply();
	test_lookup();
	db_close(&db);
	return done_testing();
}
