/* test_record.c - the generic record layer: input, validation, CRUD, lists. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "record.h"
#include "fixture.h"
#include "tap.h"
#include "xalloc.h"

static struct db *db;

static char *add(const struct entity *e, const char *const *pairs)
{
	return fixture_add(db, e, pairs);
}

/* record_input on a fresh record of type e: the status, and the canonical value. */
static enum status input(const struct entity *e, const char *key, const char *text, char **canon)
{
	struct record *r = record_new(e);
	enum status st = record_input(db, r, key, text);

	if (canon)
		*canon = xstrdup(record_get(r, key));
	record_free(&r);
	return st;
}

static void expect_input(const struct entity *e, const char *key, const char *text,
			 const char *want)
{
	char *got = NULL;
	enum status st = input(e, key, text, &got);

	ok(st == ST_OK && got && strcmp(got, want) == 0, "%s.%s: \"%s\" -> \"%s\" (got \"%s\": %s)",
	   e->name, key, text, want, got ? got : "(null)", status_message());
	free(got);
}

static void expect_reject(const struct entity *e, const char *key, const char *text,
			  const char *reason)
{
	enum status st = input(e, key, text, NULL);

	ok(st != ST_OK && strstr(status_message(), key) && strstr(status_message(), reason),
	   "%s.%s: \"%s\" rejected: %s", e->name, key, text, status_message());
}

static void test_input(void)
{
	char big[300];

	expect_input(&entity_contact, "name", "  张伟  ", "张伟");
	expect_input(&entity_contact, "email", "zhang.wei@huawei.com", "zhang.wei@huawei.com");
	expect_input(&entity_contact, "mobile", "+86 138-0013-8000", "+86 138-0013-8000");
	expect_input(&entity_contact, "birthday", "1990-02-28", "1990-02-28");
	expect_input(&entity_contact, "birthday", "tomorrow", "2026-11-24");
	expect_input(&entity_contact, "do_not_contact", "yes", "1");
	expect_input(&entity_contact, "tags", "vip, 重点，vip、华东", "vip,重点,华东");
	expect_input(&entity_contact, "channel", "WeChat", "wechat");
	expect_input(&entity_opportunity, "amount", "12,500.50", "1250050");
	expect_input(&entity_opportunity, "category", "best case", "best_case");
	expect_input(&entity_opportunity, "currency", "usd", "USD");
	expect_input(&entity_activity, "start", "2026-11-24 10:00", "2026-11-24T02:00:00Z");
	expect_input(&entity_activity, "start", "tomorrow 14:30", "2026-11-24T06:30:00Z");
	expect_input(&entity_lead, "score", "75", "75");
	expect_input(&entity_contact, "notes", "line one\nline\ttwo", "line one\nline\ttwo");
	expect_input(&entity_contact, "name", "O'Brien\"; DROP TABLE contact; --",
		     "O'Brien\"; DROP TABLE contact; --");

	expect_reject(&entity_contact, "name", "", "required");
	expect_reject(&entity_contact, "name", "   ", "required");
	expect_reject(&entity_contact, "birthday", "2026-02-30", "not a real calendar date");
	expect_reject(&entity_contact, "birthday", "30/02/2026", "date");
	expect_reject(&entity_contact, "email", "zhang@", "email");
	expect_reject(&entity_contact, "mobile", "call me", "");
	expect_reject(&entity_contact, "channel", "pigeon", "must be one of");
	expect_reject(&entity_contact, "name", "bad\xff\xfe", "UTF-8");
	expect_reject(&entity_contact, "name", "bell\a", "control");
	expect_reject(&entity_contact, "name", "two\nlines", "control");
	expect_reject(&entity_opportunity, "amount", "-5", "negative");
	expect_reject(&entity_opportunity, "amount", "abc", "not a number");
	expect_reject(&entity_opportunity, "amount", "1.234", "decimals");
	expect_reject(&entity_opportunity, "currency", "XYZ", "ISO 4217");
	expect_reject(&entity_opportunity, "probability", "150", "between 0 and 100");
	expect_reject(&entity_opportunity, "stage", "Nowhere", "no stage");
	expect_reject(&entity_contact, "account", "No Such Company", "no account");
	expect_reject(&entity_lead, "converted_account", "x", "written by salesterm");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	expect_reject(&entity_contact, "name", big, "too long");
	ok(input(&entity_contact, "nosuchfield", "x", NULL) == ST_INVALID &&
	       strstr(status_message(), "nosuchfield"),
	   "unknown field named in the message");
}

static void test_crud(void)
{
	const char *acc_pairs[] = { "name=华为科技有限公司", "industry=Telecom", "segment=A",
				    NULL };
	const char *con_pairs[] = { "name=张伟", "account=华为科技有限公司", "title=采购经理",
				    "email=zw@huawei.com", NULL };
	char *acc = add(&entity_account, acc_pairs), *con, *dup;
	struct record *r = NULL, *r2 = NULL;
	int64_t n = 0, seq1;

	ok(acc != NULL, "add an account");
	con = add(&entity_contact, con_pairs);
	ok(con != NULL, "add a contact referring to the account by name");
	is_int(record_load(db, &entity_contact, con, &r), ST_OK, "load by id");
	is_str(record_get(r, "account"), acc, "account stored as the id");
	ok(r->dirty && r->seq > 0 && r->rev && r->rev[0] == '1', "new record: dirty, seq, rev 1-");
	ok(r->created_at && r->updated_at, "timestamps set");
	seq1 = r->seq;
	is_int(record_find(db, &entity_contact, "张伟", &r2), ST_OK, "find by name");
	is_str(r2->id, con, "same record");
	record_free(&r2);
	{
		char prefix[9];

		snprintf(prefix, sizeof(prefix), "%s", con);
		is_int(record_find(db, &entity_contact, prefix, &r2), ST_OK, "find by id prefix");
		record_free(&r2);
	}
	record_input(db, r, "title", "总经理");
	is_int(record_update(db, r), ST_OK, "update");
	record_free(&r);
	record_load(db, &entity_contact, con, &r);
	is_str(record_get(r, "title"), "总经理", "update stored");
	ok(r->seq > seq1 && r->rev[0] == '2', "update bumps seq and rev generation");
	record_free(&r);

	/* A failed update changes nothing. */
	record_load(db, &entity_contact, con, &r);
	record_set(r, "account", "00000000-0000-4000-8000-00000000dead");
	is_int(record_update(db, r), ST_INVALID, "reference to a missing record refused");
	ok(strstr(status_message(), "does not exist") != NULL, "message says so");
	record_free(&r);
	record_load(db, &entity_contact, con, &r);
	is_str(record_get(r, "account"), acc, "still the old account");
	record_free(&r);

	is_int(record_delete(db, &entity_contact, con), ST_OK, "soft delete");
	record_count(db, &entity_contact, NULL, &n);
	is_int(n, 0, "deleted contact not counted");
	is_int(record_load(db, &entity_contact, con, &r), ST_OK, "tombstone still loads");
	ok(r && r->deleted, "and is marked deleted");
	record_free(&r);
	is_int(record_delete(db, &entity_contact, con), ST_INVALID, "delete twice refused");
	is_int(record_undelete(db, &entity_contact, con), ST_OK, "undo the delete");
	record_count(db, &entity_contact, NULL, &n);
	is_int(n, 1, "back in the list");

	/* Two contacts of one name: a reference by that name is ambiguous. */
	dup = add(&entity_contact, (const char *[]){ "name=张伟", NULL });
	ok(dup != NULL, "a second 张伟");
	ok(input(&entity_opportunity, "contact", "张伟", NULL) == ST_AMBIGUOUS,
	   "reference by a shared name is ambiguous");
	free(dup);
	/* Unique fields. */
	ok(add(&entity_stage,
	       (const char *[]){ "name=Proposal", "position=99", "probability=5", NULL }) == NULL,
	   "a second stage named Proposal refused");
	ok(strstr(status_message(), "already taken") != NULL, "because the name is taken");
	free(acc);
	free(con);
}

struct collect {
	char names[400][64];
	int n;
};

static int collect(struct db *d, const struct record *r, void *ctx)
{
	struct collect *c = ctx;

	(void)d;
	if (c->n < 400)
		snprintf(c->names[c->n++], 64, "%s|%" PRId64,
			 record_get(r, "title") ? record_get(r, "title") : "-", r->n);
	return 0;
}

/* Walk every page of size 7 through the keyset and compare with one full list. */
static void test_keyset(bool desc, bool before)
{
	struct record_query q = { .sort_key = "title", .desc = desc };
	struct collect *all = xcalloc(1, sizeof(*all)), *paged = xcalloc(1, sizeof(*paged));
	char cursor[64];
	int64_t cursor_n = 0;
	bool null_cursor = false;
	int i, pages = 0;

	record_list(db, &entity_contact, &q, collect, all);
	q.limit = 7;
	if (before) {
		/* Walk backwards from past the end. */
		q.desc = !desc;
		record_list(db, &entity_contact, &q, collect, paged);
	} else {
		record_list(db, &entity_contact, &q, collect, paged);
	}
	while (paged->n % 7 == 0 && paged->n > 0 && pages++ < 100) {
		const char *last = paged->names[paged->n - 1];
		const char *bar = strrchr(last, '|');
		int before_n = paged->n;

		snprintf(cursor, sizeof(cursor), "%.*s", (int)(bar - last), last);
		cursor_n = strtoll(bar + 1, NULL, 10);
		null_cursor = strcmp(cursor, "-") == 0;
		q.after = true;
		q.cursor_value = null_cursor ? NULL : cursor;
		q.cursor_n = cursor_n;
		record_list(db, &entity_contact, &q, collect, paged);
		if (paged->n == before_n)
			break;
	}
	is_int(paged->n, all->n, "keyset %s%s: every row once", desc ? "desc" : "asc",
	       before ? " (walked from the end)" : "");
	for (i = 0; i < all->n && i < paged->n; i++) {
		int j = before ? all->n - 1 - i : i;

		if (strcmp(all->names[j], paged->names[i]) != 0)
			break;
	}
	is_int(i, all->n, "keyset %s%s: same order as the full list", desc ? "desc" : "asc",
	       before ? " reversed" : "");
	free(all);
	free(paged);
}

static void test_lists(void)
{
	struct filter f[2];
	struct record_query q = { 0 };
	int64_t n = 0;
	int i;

	/* Titles with duplicates and NULLs make keyset paging honest. */
	for (i = 0; i < 60; i++) {
		char name[32], title[32];
		const char *pairs[3] = { name, title, NULL };

		snprintf(name, sizeof(name), "name=Person %02d", i);
		snprintf(title, sizeof(title), "title=%s",
			 i % 5 == 0 ? ""
			 : i % 3    ? "Buyer"
				    : "CEO");
		free(add(&entity_contact, pairs));
	}
	test_keyset(false, false);
	test_keyset(true, false);
	test_keyset(false, true);

	is_int(filter_parse("title=CEO", &f[0]), ST_OK, "parse a filter");
	q.filters = f;
	q.nfilters = 1;
	record_count(db, &entity_contact, &q, &n);
	is_int(n, 16, "filter title=CEO");
	free((char *)f[0].key);
	filter_parse("name~Person 1", &f[0]);
	record_count(db, &entity_contact, &q, &n);
	is_int(n, 10, "filter name~ (contains)");
	free((char *)f[0].key);
	filter_parse("name>=Person 50", &f[0]);
	record_count(db, &entity_contact, &q, &n);
	is_int(n, 12, "filter name>= (the two 张伟 sort after Latin)");
	free((char *)f[0].key);
	filter_parse("title=", &f[0]);
	record_count(db, &entity_contact, &q, &n);
	ok(n >= 12, "filter title= (empty) finds the NULLs");
	free((char *)f[0].key);
	is_int(filter_parse("=x", &f[0]), ST_USAGE, "a filter needs a field");
	filter_parse("colour=red", &f[0]);
	is_int(record_count(db, &entity_contact, &q, &n), ST_USAGE, "unknown filter field");
	free((char *)f[0].key);
	q.nfilters = 0;
	q.sort_key = "nonsense";
	is_int(record_list(db, &entity_contact, &q, collect, NULL), ST_USAGE, "unknown sort key");
}

/* A contact and its new account are written together or not at all. */
static void test_insert_with_ref(void)
{
	struct record *c = record_new(&entity_contact), *a = record_new(&entity_account);
	int64_t before = 0, after = 0;
	struct record_query q = { 0 };

	record_count(db, &entity_account, &q, &before);
	record_input(db, c, "title", "No name yet");
	record_input(db, a, "name", "Brand New Co");
	ok(record_insert_with_ref(db, c, "account", a) != ST_OK,
	   "a contact without a name is refused");
	record_count(db, &entity_account, &q, &after);
	is_int(after, before, "and its account is not written either");
	ok(record_get(c, "account") == NULL && a->id == NULL, "nothing points at it");
	record_input(db, c, "name", "New Person");
	xfree_null(&c->id);
	is_int(record_insert_with_ref(db, c, "account", a), ST_OK, "both written");
	is_str(record_get(c, "account"), a->id, "the contact is at the new account");
	record_count(db, &entity_account, &q, &after);
	is_int(after, before + 1, "one account more");
	record_free(&c);
	record_free(&a);
}

int main(void)
{
	setenv("SALESTERM_NOW", "2026-11-23T01:00:00Z", 1);
	setenv("TZ", "Asia/Shanghai", 1);
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK)
		return 99;
	test_input();
	test_crud();
	test_lists();
	test_insert_with_ref();
	db_close(&db);
	return done_testing();
}
