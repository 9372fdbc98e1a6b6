/* test_json.c - the cJSON adapter (src/json.c): records as JSON objects
 * (types, nulls, amounts as decimal strings), and JSON text whose numbers
 * keep their own text through a parse and a print (json_parse_exact(),
 * json_print_exact()), where cJSON alone keeps a double of 53 bits. */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "entity.h"
#include "json.h"
#include "record.h"
#include "tap.h"

static struct db *db;

/* The unformatted JSON of r. Caller frees. */
static char *record_text(const struct record *r, int with_nulls)
{
	cJSON *o = json_from_record(db, r, with_nulls);
	char *s = cJSON_PrintUnformatted(o);

	cJSON_Delete(o);
	return s;
}

static void test_from_record(void)
{
	struct record *r = record_new(&entity_opportunity);
	cJSON *o;
	char *s;

	is_int(record_input(db, r, "name", "核心网扩容 \"phase\" 2"), ST_OK, "a deal's name");
	is_int(record_input(db, r, "currency", "CNY"), ST_OK, "its currency");
	is_int(record_input(db, r, "amount", "250000.5"), ST_OK, "its amount");
	is_int(record_input(db, r, "probability", "40"), ST_OK, "its probability");
	o = json_from_record(db, r, 1);
	is_str(cJSON_GetStringValue(cJSON_GetObjectItem(o, "type")), "opportunity", "\"type\"");
	is_str(cJSON_GetStringValue(cJSON_GetObjectItem(o, "name")), "核心网扩容 \"phase\" 2",
	       "text as it is, quotes escaped by cJSON");
	is_str(cJSON_GetStringValue(cJSON_GetObjectItem(o, "amount")), "250000.50",
	       "an amount is a decimal string with its currency's digits");
	ok(cJSON_IsNumber(cJSON_GetObjectItem(o, "probability")) &&
	       cJSON_GetObjectItem(o, "probability")->valuedouble == 40,
	   "a whole number is a JSON number");
	ok(cJSON_IsNull(cJSON_GetObjectItem(o, "close_date")),
	   "with nulls: an empty field is null");
	ok(cJSON_GetObjectItem(o, "deleted") == NULL, "a live record has no \"deleted\"");
	cJSON_Delete(o);
	s = record_text(r, 0);
	ok(strstr(s, "close_date") == NULL && strstr(s, "\"rev\"") == NULL,
	   "without nulls: empty fields and system keys are left out");
	ok(strstr(s, "\"id\":") != NULL, "but the id is always there");
	free(s);
	record_free(&r);

	r = record_new(&entity_contact);
	record_input(db, r, "name", "Ada");
	record_input(db, r, "do_not_contact", "yes");
	r->deleted = true;
	s = record_text(r, 0);
	ok(strstr(s, "\"do_not_contact\":true") != NULL, "yes/no is true/false");
	ok(strstr(s, "\"deleted\":true") != NULL, "a deleted record says so");
	free(s);
	record_free(&r);
}

static void test_exact(void)
{
	static const char *const round[] = {
		"{\"a\":9007199254740993,\"b\":-9223372036854775808}",
		"[1.10,2.000,1e400,-0,0.1e-7]",
		"{\"s\":\"12 \\\" 34\",\"n\":[[[18446744073709551617]]],\"t\":true,\"z\":null}",
		"{\"k9\":5,\"9\":\"7\",\"x\":{\"y\":123456789012345678901234567890}}",
	};
	const char *end = NULL;
	cJSON *o;
	char *s;

	for (size_t i = 0; i < sizeof(round) / sizeof(round[0]); i++) {
		o = json_parse_exact(round[i], strlen(round[i]), NULL);
		s = o ? json_print_exact(o) : NULL;
		is_str(s, round[i], "numbers keep their text through parse and print (%zu)", i);
		free(s);
		cJSON_Delete(o);
	}
	o = json_parse_exact("{\"n\":9007199254740993}", 22, NULL);
	is_str(cJSON_GetObjectItem(o, "n")->valuestring, "9007199254740993",
	       "a number's text is its valuestring");
	cJSON_Delete(o);

	o = json_parse_exact("[1] tail", 8, &end);
	ok(o != NULL && end && strcmp(end, " tail") == 0, "*end is where the value ended");
	cJSON_Delete(o);
	o = json_parse_exact("[1, 2", 5, &end);
	ok(o == NULL, "cut text is not JSON");
	o = json_parse_exact("[12345]", 3, NULL);
	ok(o == NULL, "len bounds the text: \"[12\" is not JSON");
	o = json_parse_exact("", 0, NULL);
	ok(o == NULL, "nor is nothing");

	/* A number made by the program (no text kept) prints as cJSON does. */
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "n", 42);
	s = json_print_exact(o);
	is_str(s, "{\"n\":42}", "a number without kept text prints as cJSON prints it");
	free(s);
	cJSON_Delete(o);
}

int main(void)
{
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	test_from_record();
	test_exact();
	db_close(&db);
	return done_testing();
}
