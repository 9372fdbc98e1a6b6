/* json.c - the cJSON adapter: records as JSON objects. */
#include "json.h"

#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "record.h"
#include "xalloc.h"

static void add_str(cJSON *o, const char *k, const char *v, int with_nulls)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else if (with_nulls)
		cJSON_AddNullToObject(o, k);
}

cJSON *json_from_record(struct db *db, const struct record *r, int with_nulls)
{
	const struct entity *e = r->entity;
	cJSON *o = cJSON_CreateObject();
	size_t i;

	cJSON_AddStringToObject(o, "type", e->name);
	add_str(o, "id", r->id, 1);
	add_str(o, "rev", r->rev, with_nulls);
	add_str(o, "owner", r->owner, with_nulls);
	add_str(o, "created_at", r->created_at, with_nulls);
	add_str(o, "updated_at", r->updated_at, with_nulls);
	add_str(o, "updated_by", r->updated_by, with_nulls);
	if (r->deleted)
		cJSON_AddTrueToObject(o, "deleted");
	for (i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		const char *v = r->values[i];

		if (v == NULL) {
			if (with_nulls)
				cJSON_AddNullToObject(o, f->key);
			continue;
		}
		switch (f->type) {
		case FT_INT:
			/* Whole numbers within +-2^53 are exact as JSON numbers. */
			cJSON_AddNumberToObject(o, f->key, (double)strtoll(v, NULL, 10));
			break;
		case FT_BOOL:
			cJSON_AddBoolToObject(o, f->key, strcmp(v, "1") == 0);
			break;
		case FT_MONEY: {
			const char *cur = f->currency ? record_get(r, f->currency) : NULL;
			int ex = money_exponent(cur ? cur : record_default_currency(db));
			char *s = money_format(strtoll(v, NULL, 10), ex < 0 ? 2 : ex, false);

			cJSON_AddStringToObject(o, f->key, s);
			free(s);
			break;
		}
		default:
			cJSON_AddStringToObject(o, f->key, v);
		}
	}
	return o;
}
