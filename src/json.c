/* json.c - the cJSON adapter: records as JSON objects. */
#include "json.h"

#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "entity.h"
#include "record.h"
#include "setting.h"
#include "xalloc.h"

static void add_str(cJSON *o, const char *k, const char *v, int with_nulls)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else if (with_nulls)
		cJSON_AddNullToObject(o, k);
}

/* The next number token of [*p, lim) outside strings, its length in *n; *p
 * moves past it. NULL if there is none. */
static const char *next_number(const char **p, const char *lim, size_t *n)
{
	const char *s = *p, *b;

	while (s < lim) {
		if (*s == '"') {
			for (s++; s < lim && *s != '"'; s++)
				if (*s == '\\')
					s++;
			s++;
			continue;
		}
		if (*s == '-' || (*s >= '0' && *s <= '9')) {
			b = s;
			while (s < lim && (strchr("+-.eE", *s) || (*s >= '0' && *s <= '9')))
				s++;
			*n = (size_t)(s - b);
			*p = s;
			return b;
		}
		s++;
	}
	*p = s;
	return NULL;
}

/* Give the number items of item and its siblings, in document order, the
 * number tokens of the text from *p on. Nesting is bounded by cJSON's limit. */
static void attach_numbers(cJSON *item, const char **p, const char *lim)
{
	for (; item; item = item->next) {
		if (cJSON_IsNumber(item)) {
			size_t n = 0;
			const char *b = next_number(p, lim, &n);

			if (b && item->valuestring == NULL) {
				item->valuestring = xmalloc(n + 1);
				memcpy(item->valuestring, b, n);
				item->valuestring[n] = '\0';
			}
		} else if (item->child) {
			attach_numbers(item->child, p, lim);
		}
	}
}

cJSON *json_parse_exact(const char *text, size_t len, const char **end)
{
	const char *stop = NULL, *p = text;
	cJSON *o = cJSON_ParseWithLengthOpts(text, len, &stop, 0);

	if (end)
		*end = stop;
	if (o)
		attach_numbers(o, &p, stop ? stop : text + len);
	return o;
}

void json_numbers_raw(cJSON *item)
{
	for (; item; item = item->next) {
		if (cJSON_IsNumber(item) && item->valuestring)
			item->type = cJSON_Raw;
		else if (item->child)
			json_numbers_raw(item->child);
	}
}

char *json_print_exact(const cJSON *o)
{
	cJSON *copy = cJSON_Duplicate(o, 1);
	char *s;

	json_numbers_raw(copy);
	s = cJSON_PrintUnformatted(copy);
	cJSON_Delete(copy);
	return s;
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

		if (v && with_nulls && e == &entity_user && strcmp(f->key, "quota") == 0 &&
		    !setting_may_see_quota(db, r->id))
			v = NULL;
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
