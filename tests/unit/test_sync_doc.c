/* test_sync_doc.c - records as CouchDB documents, canonical bodies, and the
 * revision-history triggers of 0002-sync.sql. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "entity.h"
#include "json.h"
#include "record.h"
#include "sync/doc.h"
#include "sync/store.h"
#include "tap.h"
#include "xalloc.h"

static struct db *db;

static struct record *contact(const char *name)
{
	struct record *r = record_new(&entity_contact);
	struct kv kv[] = { { "name", name },
			   { "title", "经理" },
			   { "mobile", "+86 138 0013 8000" },
			   { "do_not_contact", "yes" },
			   { "birthday", "1990-02-03" },
			   { "notes", "第一行\n第二行" } };

	if (record_input_all(db, r, kv, sizeof(kv) / sizeof(kv[0])) != ST_OK ||
	    record_insert(db, r) != ST_OK)
		printf("# setup failed: %s\n", status_message());
	return r;
}

/* Parse JSON text as a document. */
static enum status parse(const char *json, struct doc_in *in)
{
	cJSON *o = cJSON_Parse(json);
	enum status st = doc_parse(db, o, in);

	cJSON_Delete(o);
	return st;
}

static void expect_reject(const char *json, const char *why, const char *desc)
{
	struct doc_in in;
	enum status st = parse(json, &in);

	ok(st == ST_INVALID && strstr(status_message(), why) != NULL, "%s (%s)", desc,
	   status_message());
	doc_in_clear(&in);
}

static void test_roundtrip(void)
{
	struct record *r = contact("张伟"), *o = record_new(&entity_opportunity);
	struct kv okv[] = { { "name", "扩容" },
			    { "stage", "Prospecting" },
			    { "amount", "12500.50" },
			    { "currency", "CNY" },
			    { "probability", "10" } };
	cJSON *d;
	struct doc_in in;
	char *text;
	size_t i;

	d = doc_from_record(db, r);
	is_str(cJSON_GetObjectItem(d, "_id")->valuestring, r->id, "_id is the record id");
	is_str(cJSON_GetObjectItem(d, "_rev")->valuestring, r->rev, "_rev is the record's rev");
	is_str(cJSON_GetObjectItem(d, "type")->valuestring, "contact", "type");
	ok(cJSON_GetObjectItem(d, "id") == NULL && cJSON_GetObjectItem(d, "rev") == NULL,
	   "no local id/rev keys");
	ok(cJSON_IsTrue(cJSON_GetObjectItem(d, "do_not_contact")), "booleans are true/false");
	ok(cJSON_GetObjectItem(d, "_deleted") == NULL, "a live record is not a tombstone");
	text = cJSON_PrintUnformatted(d);
	is_int(parse(text, &in), ST_OK, "the document parses back");
	for (i = 0; in.rec && i < entity_contact.nfields; i++)
		ok(doc_value_eq(in.rec->values[i], r->values[i]),
		   "field %s survives the round trip", entity_contact.fields[i].key);
	is_int(in.nids, 1, "no _revisions: the history is the revision itself");
	doc_in_clear(&in);
	free(text);
	cJSON_Delete(d);

	record_input_all(db, o, okv, 5);
	is_int(record_insert(db, o), ST_OK, "an opportunity");
	d = doc_from_record(db, o);
	is_str(cJSON_GetObjectItem(d, "amount")->valuestring, "12500.50",
	       "amounts are decimal strings");
	ok(cJSON_IsNumber(cJSON_GetObjectItem(d, "probability")), "percentages are numbers");
	text = cJSON_PrintUnformatted(d);
	is_int(parse(text, &in), ST_OK, "parses back");
	is_str(in.rec ? record_get(in.rec, "amount") : NULL, "1250050",
	       "amount in minor units again");
	doc_in_clear(&in);
	free(text);
	cJSON_Delete(d);

	r->deleted = true;
	d = doc_from_record(db, r);
	ok(cJSON_IsTrue(cJSON_GetObjectItem(d, "_deleted")), "a deleted record is a tombstone");
	ok(cJSON_GetObjectItem(d, "name") != NULL, "that keeps its content");
	cJSON_Delete(d);
	record_free(&r);
	record_free(&o);
}

static void test_parse_rejects(void)
{
	const char *id = "\"_id\":\"3f2a1b4c-0000-4000-8000-000000000001\",\"_rev\":\"1-abc\"";
	char buf[1024];
	struct doc_in in;
	char *huge;

	expect_reject("[1,2]", "not an object", "an array is not a document");
	expect_reject("{\"_rev\":\"1-a\",\"type\":\"contact\",\"name\":\"x\"}", "_id",
		      "a document needs an _id");
	expect_reject("{\"_id\":\"3f2a1b4c-0000-4000-8000-000000000001\",\"_rev\":\"x\"}", "_rev",
		      "a malformed _rev");
	expect_reject("{\"_id\":\"_local/x\",\"_rev\":\"1-a\",\"type\":\"contact\",\"name\":\"x\"}",
		      "_id: starts with", "an _id of CouchDB's own is not a record id");
	snprintf(buf, sizeof(buf), "{%s,\"type\":\"spaceship\",\"name\":\"x\"}", id);
	expect_reject(buf, "unknown type \"spaceship\"", "an unknown type");
	snprintf(buf, sizeof(buf), "{%s,\"name\":\"x\"}", id);
	expect_reject(buf, "type", "a live document without a type");
	snprintf(buf, sizeof(buf), "{%s,\"type\":\"contact\",\"name\":42}", id);
	expect_reject(buf, "name: is not a text value", "a number for a text field");
	snprintf(buf, sizeof(buf), "{%s,\"type\":\"contact\",\"name\":{\"a\":[1]}}", id);
	expect_reject(buf, "name: is not a text value", "an object for a field");
	snprintf(buf, sizeof(buf), "{%s,\"type\":\"contact\"}", id);
	expect_reject(buf, "name: is required", "a required field missing");
	snprintf(buf, sizeof(buf), "{%s,\"type\":\"contact\",\"name\":\"x\",\"channel\":\"fax\"}",
		 id);
	expect_reject(buf, "channel: is not one of", "an enum value not allowed");
	snprintf(buf, sizeof(buf),
		 "{%s,\"type\":\"lead\",\"name\":\"x\",\"status\":\"new\",\"score\":101}", id);
	expect_reject(buf, "score", "a number out of range");
	snprintf(buf, sizeof(buf),
		 "{%s,\"type\":\"contact\",\"name\":\"x\",\"birthday\":\"2026-02-30\"}", id);
	expect_reject(buf, "birthday", "an impossible date");
	snprintf(buf, sizeof(buf), "{%s,\"type\":\"contact\",\"name\":\"x\",\"account\":\"a\\nb\"}",
		 id);
	expect_reject(buf, "account:", "a reference that is not one line of text");
	snprintf(buf, sizeof(buf), "{%s,\"type\":\"contact\",\"name\":\"a\\u0007b\"}", id);
	expect_reject(buf, "control character", "a control character");
	snprintf(buf, sizeof(buf), "{%s,\"type\":\"contact\",\"name\":\"\xff\xfe\"}", id);
	expect_reject(buf, "UTF-8", "invalid UTF-8");
	snprintf(buf, sizeof(buf),
		 "{%s,\"type\":\"opportunity\",\"name\":\"x\",\"stage\":"
		 "\"5a9e0001-0000-4000-8000-000000000001\",\"amount\":\"1.234\","
		 "\"currency\":\"CNY\"}",
		 id);
	expect_reject(buf, "amount", "an amount with more decimals than its currency");
	snprintf(buf, sizeof(buf), "{%s,\"type\":\"contact\",\"name\":\"x\",\"owner\":7}", id);
	expect_reject(buf, "owner: is not a text value", "an owner that is not text");
	snprintf(buf, sizeof(buf),
		 "{%s,\"type\":\"contact\",\"name\":\"x\",\"_revisions\":"
		 "{\"start\":2,\"ids\":[\"abc\"]}}",
		 id);
	expect_reject(buf, "_revisions", "_revisions that do not match _rev");
	huge = xmalloc(300000);
	memset(huge, 'x', 299999);
	huge[299999] = '\0';
	{
		char *doc = xasprintf("{%s,\"type\":\"contact\",\"name\":\"x\",\"notes\":\"%s\"}",
				      id, huge);

		expect_reject(doc, "notes: is too long", "a huge field");
		free(doc);
	}
	free(huge);

	/* Accepted forms. */
	ok(parse("{\"_id\":\"c-00000000\",\"_rev\":\"1-a\",\"type\":\"contact\","
		 "\"name\":\"网页表单客户\"}",
		 &in) == ST_OK &&
	       strcmp(in.rec->id, "c-00000000") == 0,
	   "any CouchDB _id is a record id (another client's scheme)");
	is_str(in.rec ? record_get(in.rec, "do_not_contact") : NULL, "0",
	       "a field left out takes its default");
	doc_in_clear(&in);
	snprintf(buf, sizeof(buf),
		 "{%s,\"type\":\"contact\",\"name\":\"x\",\"account\":\"acct-elsewhere\","
		 "\"owner\":\"u-elsewhere\"}",
		 id);
	ok(parse(buf, &in) == ST_OK &&
	       strcmp(record_get(in.rec, "account"), "acct-elsewhere") == 0 &&
	       strcmp(in.rec->owner, "u-elsewhere") == 0,
	   "references and owners not known here are kept as given");
	doc_in_clear(&in);
	snprintf(buf, sizeof(buf), "{%s,\"type\":\"opportunity\",\"name\":\"x\"}", id);
	ok(parse(buf, &in) == ST_OK && record_get(in.rec, "stage") != NULL,
	   "a deal without a stage enters the first stage, as one made here");
	doc_in_clear(&in);
	snprintf(buf, sizeof(buf), "{%s,\"_deleted\":true}", id);
	ok(parse(buf, &in) == ST_OK && in.bare && in.deleted, "a bare tombstone is accepted");
	doc_in_clear(&in);
	snprintf(buf, sizeof(buf), "{%s,\"_deleted\":true,\"type\":\"contact\"}", id);
	ok(parse(buf, &in) == ST_OK && in.bare && in.deleted && in.rec == NULL,
	   "a deleted record without its required fields is a bare tombstone");
	doc_in_clear(&in);
	snprintf(buf, sizeof(buf), "{%s,\"_deleted\":true,\"type\":\"contact\",\"name\":\"x\"}",
		 id);
	ok(parse(buf, &in) == ST_OK && !in.bare && in.rec->deleted,
	   "a deleted record with them keeps its content");
	doc_in_clear(&in);
	snprintf(buf, sizeof(buf),
		 "{%s,\"type\":\"contact\",\"name\":\"x\",\"future_field\":[1,2],"
		 "\"_conflicts\":[\"1-b\"]}",
		 id);
	ok(parse(buf, &in) == ST_OK, "unknown keys are ignored (a newer client's fields)");
	doc_in_clear(&in);
	snprintf(buf, sizeof(buf),
		 "{\"_id\":\"3f2a1b4c-0000-4000-8000-000000000001\",\"_rev\":"
		 "\"3-ccc\",\"type\":\"contact\",\"name\":\"x\",\"_revisions\":"
		 "{\"start\":3,\"ids\":[\"ccc\",\"bbb\",\"aaa\"]}}");
	ok(parse(buf, &in) == ST_OK && in.nids == 3 && in.start == 3 &&
	       strcmp(in.ids[2], "aaa") == 0,
	   "_revisions are read");
	doc_in_clear(&in);
}

/* Integers in bodies and documents are read from their text: a double holds
 * 53 bits, and an amount in minor units may need more. */
static void test_big_integers(void)
{
	const char *big[] = { "9007199254740993", "-9007199254740993", "9223372036854775807",
			      "123456789012345678" };
	struct record *o = record_new(&entity_opportunity), *back;
	const char *got,
	    *text =
		"{\"a\\\"1\":\"x-1 \\\\\",\"b\":[1,-2.5e3,{\"c\":12345678901234567890}],\"d\":-0}";
	cJSON *j = json_parse_exact(text, strlen(text), NULL), *b;
	char *body;
	size_t i;

	b = cJSON_GetObjectItem(j, "b");
	ok(j && cJSON_GetArrayItem(b, 0)->valuestring &&
	       strcmp(cJSON_GetArrayItem(b, 0)->valuestring, "1") == 0 &&
	       strcmp(cJSON_GetArrayItem(b, 1)->valuestring, "-2.5e3") == 0 &&
	       strcmp(cJSON_GetObjectItem(cJSON_GetArrayItem(b, 2), "c")->valuestring,
		      "12345678901234567890") == 0 &&
	       strcmp(cJSON_GetObjectItem(j, "d")->valuestring, "-0") == 0,
	   "json_parse_exact keeps each number's text, past keys and strings with digits");
	ok(cJSON_GetArrayItem(b, 1)->valuedouble == -2500, "and its value");
	body = json_print_exact(j);
	is_str(body,
	       "{\"a\\\"1\":\"x-1 \\\\\",\"b\":[1,-2.5e3,{\"c\":12345678901234567890}],\"d\":-0}",
	       "json_print_exact writes numbers as they came");
	free(body);
	cJSON_Delete(j);

	o->id = xstrdup("3f2a1b4c-0000-4000-8000-0000000000aa");
	o->rev = xstrdup("1-abc");
	record_set(o, "name", "大单");
	record_set(o, "stage", "5a9e0001-0000-4000-8000-000000000001");
	record_set(o, "currency", "CNY");
	for (i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
		record_set(o, "amount", big[i]);
		body = doc_body(o);
		back = doc_body_parse(&entity_opportunity, o->id, o->rev, body);
		got = back ? record_get(back, "amount") : NULL;
		ok(got && strcmp(got, big[i]) == 0,
		   "an amount of %s minor units survives a body (%s)", big[i], got ? got : "none");
		record_free(&back);
		free(body);
	}
	back = doc_body_parse(&entity_opportunity, o->id, o->rev,
			      "{\"name\":\"x\",\"deleted\":0,\"amount\":1.5}");
	ok(back == NULL, "a body with a fraction where an integer belongs is refused");
	record_free(&back);
	record_free(&o);
}

static void test_bodies_and_triggers(void)
{
	struct record *r = contact("李娜"), *back, *old = NULL;
	char *body = doc_body(r), *sql, *first_rev = xstrdup(r->rev), *second_rev;
	sqlite3_stmt *st;
	size_t i, j;

	back = doc_body_parse(&entity_contact, r->id, r->rev, body);
	ok(back != NULL, "a body parses back");
	for (i = 0; back && i < entity_contact.nfields; i++)
		ok(doc_value_eq(back->values[i], r->values[i]), "body keeps %s",
		   entity_contact.fields[i].key);
	ok(back && back->deleted == r->deleted && doc_value_eq(back->created_at, r->created_at),
	   "body keeps deleted and timestamps");
	record_free(&back);
	free(body);
	ok(doc_body_parse(&entity_contact, "x", "1-a", "[1]") == NULL, "a body must be an object");
	test_big_integers();

	/* The triggers: an edit records the edge and saves the old version. */
	record_set(r, "title", "总监");
	is_int(record_update(db, r), ST_OK, "edit");
	second_rev = xstrdup(r->rev);
	record_set(r, "title", "副总");
	is_int(record_update(db, r), ST_OK, "edit again");
	st = db_prepare(db, "SELECT parent FROM sync_rev WHERE doc = ? AND rev = ?");
	sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->rev, -1, SQLITE_STATIC);
	ok(sqlite3_step(st) == SQLITE_ROW &&
	       strcmp((const char *)sqlite3_column_text(st, 0), second_rev) == 0,
	   "the newest revision's parent is the one before");
	sqlite3_reset(st);
	st = db_prepare(db, "SELECT body FROM sync_body WHERE doc = ? AND rev = ?");
	sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, first_rev, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		old = doc_body_parse(&entity_contact, r->id, first_rev,
				     (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	is_str(old ? record_get(old, "title") : NULL, "经理",
	       "the first version is kept as a base");
	is_str(old ? record_get(old, "do_not_contact") : NULL, "1", "with its integers");
	record_free(&old);

	/* Every descriptor field of every type is in its trigger. */
	for (i = 0; entity_all[i]; i++) {
		const struct entity *e = entity_all[i];
		char *text = NULL;
		int missing = 0;

		sql = xasprintf("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = "
				"'%s_sync_history'",
				e->table);
		st = db_prepare(db, sql);
		free(sql);
		if (st && sqlite3_step(st) == SQLITE_ROW)
			text = xstrdup((const char *)sqlite3_column_text(st, 0));
		if (st)
			sqlite3_reset(st);
		for (j = 0; text && j < e->nfields; j++) {
			char *needle = xasprintf("'%s', old.", e->fields[j].key);

			if (strstr(text, needle) == NULL) {
				printf("# %s: %s is not saved\n", e->name, e->fields[j].key);
				missing++;
			}
			free(needle);
		}
		ok(text && missing == 0, "%s: the history trigger saves every field", e->name);
		free(text);
	}
	free(first_rev);
	free(second_rev);
	record_free(&r);
}

/* Other writers' members: kept aside as they came, sent again with the
 * revisions made on top, never over a field of ours. */
static void test_extra(void)
{
	const char *text =
	    "{\"_id\":\"web-2\",\"_rev\":\"2-b2\",\"_revisions\":{\"start\":2,\"ids\":[\"b2\","
	    "\"a1\"]},\"type\":\"contact\",\"name\":\"网页客户\",\"crm\":\"web\",\"erp_id\":"
	    "12345678901234567890,\"utm\":{\"c\":[1,2.50]},\"_attachments\":{\"a.txt\":{"
	    "\"stub\":true,\"revpos\":2}},\"_conflicts\":[\"2-x\"],\"title\":\"经理\"}";
	cJSON *j = json_parse_exact(text, strlen(text), NULL), *doc;
	struct doc_in in;
	char *got;

	ok(doc_parse(db, j, &in) == ST_OK, "a document with members of another writer is taken");
	is_str(in.extra,
	       "{\"crm\":\"web\",\"erp_id\":12345678901234567890,\"utm\":{\"c\":[1,2.50]},"
	       "\"_attachments\":{\"a.txt\":{\"stub\":true,\"revpos\":2}}}",
	       "they are kept aside as sent (numbers too), without ours or the server's own");
	doc = doc_from_record(db, in.rec);
	cJSON_ReplaceItemInObjectCaseSensitive(doc, "title", cJSON_CreateString("总监"));
	doc_add_extra(doc, "{\"title\":\"不是这个\",\"erp_id\":12345678901234567890}");
	got = cJSON_PrintUnformatted(doc);
	ok(got && strstr(got, "\"title\":\"总监\"") && !strstr(got, "不是这个") &&
	       strstr(got, "\"erp_id\":12345678901234567890"),
	   "sent again: never over a key the document has, numbers as they came (%s)", got);
	free(got);
	cJSON_Delete(doc);
	doc_in_clear(&in);
	cJSON_Delete(j);

	/* Up the revision tree: an edit here on top of 2-b2 carries them; a
	 * revision without any (the writer took them out) stops that. */
	ok(store_edge_put(db, "web-2", "2-b2", "1-a1") == ST_OK &&
	       store_edge_put(db, "web-2", "3-c3", "2-b2") == ST_OK &&
	       store_edge_put(db, "web-2", "4-d4", "3-c3") == ST_OK &&
	       store_extra_put(db, "web-2", "2-b2", "{\"crm\":\"web\"}") == ST_OK,
	   "revisions and the members of one");
	store_extra_get(db, "web-2", "4-d4", &got);
	is_str(got, "{\"crm\":\"web\"}", "two edits on top still carry them");
	free(got);
	store_extra_get(db, "web-2", "1-a1", &got);
	ok(got == NULL, "the revision before has none");
	free(got);
	got = doc_extra_merge("{\"k\":1,\"gone\":true,\"same\":\"s\",\"both\":0}",
			      "{\"k\":1,\"same\":\"s\",\"both\":1,\"new_a\":[1]}",
			      "{\"k\":12345678901234567890,\"gone\":true,\"same\":\"s\",\"both\":2,"
			      "\"new_b\":{}}");
	is_str(got,
	       "{\"k\":12345678901234567890,\"same\":\"s\",\"both\":1,\"new_a\":[1],\"new_b\":{}}",
	       "a merge takes each member from the side that changed it: b's k, a's removal, a's "
	       "where "
	       "both did, what each added");
	free(got);
	got = doc_extra_merge("{\"k\":1}", "{\"k\":1}", NULL);
	ok(got == NULL, "removed on one side, unchanged on the other: none left");
	free(got);
	ok(store_extra_put(db, "web-2", "3-c3", NULL) == ST_OK, "a later revision without any");
	store_extra_get(db, "web-2", "4-d4", &got);
	ok(got == NULL, "and they are not brought back");
	free(got);
}

int main(void)
{
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	test_roundtrip();
	test_parse_rejects();
	test_bodies_and_triggers();
	test_extra();
	db_close(&db);
	return done_testing();
}
