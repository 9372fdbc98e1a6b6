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

/* A new cJSON object for r; with_nulls includes empty fields as null. Caller
 * frees with cJSON_Delete(). */
cJSON *json_from_record(struct db *db, const struct record *r, int with_nulls);

#endif
