/* json.h - the cJSON adapter: records as JSON objects.
 *
 * A record's JSON uses the field keys of the descriptors: "type", "id",
 * "owner", ..., and each field with its natural JSON type (numbers for
 * counts and percentages, true/false for yes/no, strings for the rest).
 * Amounts are decimal strings in their currency ("12500.50"), the same form
 * the CLI reads, so a value never passes through floating point.
 */
#ifndef SALESTERM_JSON_H
#define SALESTERM_JSON_H

#include <cjson/cJSON.h>

struct db;
struct record;

/* A new cJSON object for r; with_nulls includes empty fields as null (the
 * form shown to a user, the CLI's --json: a colleague's quota the current
 * user may not see is null there, src/setting.h). Caller frees with
 * cJSON_Delete(). */
cJSON *json_from_record(struct db *db, const struct record *r, int with_nulls);

/*
 * Parse len bytes of JSON text as cJSON_ParseWithLengthOpts() does (*end, if
 * end is given, is where parsing stopped), and keep each number's own text
 * in its item's valuestring ("9007199254740993"): cJSON keeps only a double,
 * which holds 53 bits. cJSON_Delete() frees it with the rest. NULL if text is
 * not JSON.
 */
cJSON *json_parse_exact(const char *text, size_t len, const char **end);

/* The numbers of item and its siblings (and their children) that kept their
 * text (json_parse_exact()) become raw items of that text: any printer then
 * writes them as they came. */
void json_numbers_raw(cJSON *item);
/* o as unformatted JSON text, numbers written with the text
 * json_parse_exact() kept for them. Caller frees. */
char *json_print_exact(const cJSON *o);

#endif
