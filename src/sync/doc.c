/* doc.c - records as CouchDB documents, and canonical bodies. */
#include "sync/doc.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entity.h"
#include "i18n.h"
#include "json.h"
#include "money.h"
#include "opportunity.h"
#include "record.h"
#include "sync/revs.h"
#include "utf8.h"
#include "validate.h"
#include "xalloc.h"

#define EPOCH "1970-01-01T00:00:00Z"

bool doc_value_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

cJSON *doc_from_record(struct db *db, const struct record *r)
{
	cJSON *o = json_from_record(db, r, 0), *item;

	/* json.c names the system keys for people; the server wants its own. */
	cJSON_DeleteItemFromObjectCaseSensitive(o, "id");
	cJSON_DeleteItemFromObjectCaseSensitive(o, "rev");
	cJSON_DeleteItemFromObjectCaseSensitive(o, "deleted");
	item = cJSON_CreateString(r->id);
	cJSON_AddItemToObject(o, "_id", item);
	if (r->rev && *r->rev)
		cJSON_AddStringToObject(o, "_rev", r->rev);
	if (r->deleted)
		cJSON_AddTrueToObject(o, "_deleted");
	return o;
}

void doc_in_clear(struct doc_in *d)
{
	size_t i;

	free(d->id);
	free(d->rev);
	record_free(&d->rec);
	for (i = 0; i < d->nids; i++)
		free(d->ids[i]);
	free(d->ids);
	free(d->extra);
	memset(d, 0, sizeof(*d));
}

/* True if key is one doc_from_record() writes for type e, or the server's
 * own (_rev, _revisions, _conflicts ...): all but _attachments. */
static bool known_key(const struct entity *e, const char *key)
{
	static const char *const sys[] = { "type",	 "owner",      "created_at",
					   "updated_at", "updated_by", NULL };
	size_t i;

	if (key[0] == '_')
		return strcmp(key, "_attachments") != 0;
	for (i = 0; sys[i]; i++)
		if (strcmp(sys[i], key) == 0)
			return true;
	for (i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].key, key) == 0)
			return true;
	return false;
}

char *doc_extra(const struct entity *e, const cJSON *doc)
{
	cJSON *extra = NULL;
	const cJSON *m;
	char *text = NULL;

	cJSON_ArrayForEach(m, doc)
	{
		char *one;

		if (m->string == NULL || known_key(e, m->string))
			continue;
		one = json_print_exact(m);
		if (one && utf8_valid(one, strlen(one)) &&
		    utf8_valid(m->string, strlen(m->string))) {
			if (extra == NULL)
				extra = cJSON_CreateObject();
			cJSON_AddItemToObject(extra, m->string, cJSON_Duplicate(m, true));
		}
		free(one);
	}
	if (extra)
		text = json_print_exact(extra);
	cJSON_Delete(extra);
	return text;
}

/* Member key of o as exact text, NULL if o has none. Caller frees. */
static char *member_text(const cJSON *o, const char *key)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, key);

	return m ? json_print_exact(m) : NULL;
}

char *doc_extra_merge(const char *base, const char *a, const char *b)
{
	cJSON *o[3], *out = cJSON_CreateObject(), *m;
	const char *text[3] = { base, a, b };
	char *ret = NULL;
	int i;

	for (i = 0; i < 3; i++)
		o[i] = text[i] ? json_parse_exact(text[i], strlen(text[i]), NULL) : NULL;
	/* Every key of a and of b, once. */
	for (i = 1; i < 3; i++)
		cJSON_ArrayForEach(m, o[i])
		{
			char *va, *vb, *v0;
			const cJSON *from;

			if (m->string == NULL || cJSON_HasObjectItem(out, m->string) ||
			    (i == 2 && cJSON_HasObjectItem(o[1], m->string)))
				continue;
			va = member_text(o[1], m->string);
			vb = member_text(o[2], m->string);
			v0 = member_text(o[0], m->string);
			/* b's where a left it as it was; a's otherwise. */
			from = !doc_value_eq(va, vb) && doc_value_eq(va, v0) ? o[2] : o[1];
			if (cJSON_HasObjectItem(from, m->string))
				cJSON_AddItemToObject(
				    out, m->string,
				    cJSON_Duplicate(
					cJSON_GetObjectItemCaseSensitive(from, m->string), true));
			free(va);
			free(vb);
			free(v0);
		}
	if (out->child)
		ret = json_print_exact(out);
	cJSON_Delete(out);
	for (i = 0; i < 3; i++)
		cJSON_Delete(o[i]);
	return ret;
}

void doc_add_extra(cJSON *doc, const char *extra)
{
	cJSON *o = extra ? json_parse_exact(extra, strlen(extra), NULL) : NULL, *m;

	/* Numbers as they came: a 20-digit ERP id is not a double. */
	if (o)
		json_numbers_raw(o->child);
	cJSON_ArrayForEach(m, o)
	{
		if (m->string && !cJSON_HasObjectItem(doc, m->string))
			cJSON_AddItemToObject(doc, m->string, cJSON_Duplicate(m, true));
	}
	cJSON_Delete(o);
}

/* A document's id as its messages show it. Caller frees. */
static char *shown_id(const char *id)
{
	return id && utf8_valid(id, strlen(id)) ? utf8_clip(id, 40) : xstrdup("?");
}

/* "document 3f2a...: " - every message about a document starts so. */
static enum status doc_error(const char *id, const char *type, const char *key, const char *why)
{
	char *shown = shown_id(id);

	if (type && key)
		status_set(ST_INVALID, _("document %s (%s): %s: %s"), shown, type, key, why);
	else if (key)
		status_set(ST_INVALID, _("document %s: %s: %s"), shown, key, why);
	else
		status_set(ST_INVALID, _("document %s: %s"), shown, why);
	free(shown);
	return ST_INVALID;
}

size_t doc_error_prefix(const char *reason, const char *id, const char *type)
{
	char *shown = shown_id(id);
	/* doc_error()'s forms, with a mark where the field begins. */
	char *pre[2] = { type ? xasprintf(_("document %s (%s): %s: %s"), shown, type, "\x01", "")
			      : NULL,
			 xasprintf(_("document %s: %s: %s"), shown, "\x01", "") };
	size_t skip = 0;

	for (int i = 0; i < 2; i++) {
		char *cut = pre[i] ? strchr(pre[i], '\x01') : NULL;

		if (cut && skip == 0) {
			*cut = '\0';
			if (*pre[i] && strncmp(reason, pre[i], strlen(pre[i])) == 0 &&
			    reason[strlen(pre[i])] != '\0')
				skip = strlen(pre[i]);
		}
		free(pre[i]);
	}
	free(shown);
	return skip;
}

/* Check a text value: valid UTF-8, no control characters (notes may have
 * newlines and tabs), at most max bytes. NULL or a reason. */
static const char *check_text(const char *s, bool multiline, int max)
{
	const char *why;

	if (!utf8_valid(s, strlen(s)))
		/* C0 80: a NUL sent as "\u0000" (unsafe_escapes_out(), couch.c). */
		return strstr(s, "\xc0\x80") ? N_("holds a NUL character (\\u0000)")
					     : N_("is not valid UTF-8 text");
	why = utf8_check_text(s, multiline);
	if (why)
		return why;
	if (max > 0 && strlen(s) > (size_t)max)
		return N_("is too long");
	return NULL;
}

/* A date and time from the wire: validate_datetime()'s, with a zone. One
 * without ("2026-11-20 10:00", or a bare date) would be read in each
 * client's own zone: the same revision stored 8 hours apart in Shanghai and
 * in London. */
static const char *wire_datetime(const char *s, char out[21])
{
	const char *why = validate_datetime(s, out);

	if (why == NULL && (strlen(s) <= 10 || strpbrk(s + 11, "Zz+-") == NULL))
		return N_("is a date and time without a time zone (Z or an offset such as +08:00)");
	return why;
}

/* The canonical value of field f from JSON v, or a reason. *out is NULL for
 * an empty value. cur is the currency of the document (for amounts). */
static const char *field_from_json(const struct field *f, const cJSON *v, const char *cur,
				   char **out)
{
	const char *why = NULL, *s;
	char buf[40];

	*out = NULL;
	if (v == NULL || cJSON_IsNull(v))
		return NULL;
	switch (f->type) {
	case FT_INT: {
		double d;

		if (!cJSON_IsNumber(v))
			return N_("is not a number");
		/* Through a double, as JavaScript (validate_doc_update) reads it:
		 * every range of a count or percentage is far below 2^53. */
		d = v->valuedouble;
		if (d != floor(d) || d < (double)f->min || d > (double)f->max)
			return N_("is not a whole number in its range");
		*out = xasprintf("%lld", (long long)d);
		return NULL;
	}
	case FT_BOOL:
		if (cJSON_IsBool(v))
			*out = xstrdup(cJSON_IsTrue(v) ? "1" : "0");
		else if (cJSON_IsNumber(v) && (v->valuedouble == 0 || v->valuedouble == 1))
			*out = xstrdup(v->valuedouble == 1 ? "1" : "0");
		else
			return N_("is not true or false");
		return NULL;
	default:
		break;
	}
	if (!cJSON_IsString(v) || v->valuestring == NULL)
		return N_("is not a text value");
	s = v->valuestring;
	if (*s == '\0')
		return NULL;
	/* A reference holds any record id, not only the UUIDs made here. */
	why = check_text(s, f->type == FT_NOTE,
			 f->type == FT_REF ? VALIDATE_ID_MAX
			 : f->max_len	   ? f->max_len
					   : 100000);
	if (why)
		return why;
	switch (f->type) {
	case FT_ENUM: {
		size_t i;

		for (i = 0; f->values[i]; i++)
			if (strcmp(f->values[i], s) == 0)
				break;
		/* An open choice keeps another writer's value as it came. */
		if (f->values[i] == NULL && !(f->flags & F_OPEN))
			return N_("is not one of its allowed values");
		break;
	}
	case FT_DATE:
		why = validate_date(s);
		break;
	case FT_DATETIME:
		why = wire_datetime(s, buf);
		if (why == NULL) {
			*out = xstrdup(buf);
			return NULL;
		}
		break;
	case FT_MONEY: {
		int64_t minor;
		int ex = money_exponent(cur);

		why = money_parse(s, ex < 0 ? 2 : ex, &minor);
		if (why == NULL) {
			*out = xasprintf("%" PRId64, minor);
			return NULL;
		}
		break;
	}
	case FT_CURRENCY:
		if (money_exponent(s) < 0)
			why = N_("is not an ISO 4217 currency code");
		break;
	case FT_REF:
		/* Kept as given even if no such record is here (yet): it may come
		 * in a later batch, or live in a territory this user cannot read. */
		if (validate_record_id(s) != NULL)
			why = N_("is not a record id");
		break;
	default:
		/* Text, emails, phones, addresses, tags: the author's client
		 * checked the form; here only what could harm the database. */
		break;
	}
	if (why)
		return why;
	*out = xstrdup(s);
	return NULL;
}

/* A system string: absent/null is fine (NULL), else a string passing check. */
static const char *sys_from_json(const cJSON *doc, const char *key, bool id, bool datetime,
				 char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, key);
	char buf[21];

	*out = NULL;
	if (v == NULL || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v) || v->valuestring == NULL)
		return N_("is not a text value");
	if (*v->valuestring == '\0')
		return NULL;
	if (id && validate_record_id(v->valuestring) != NULL)
		return N_("is not a user id");
	if (datetime) {
		const char *why = wire_datetime(v->valuestring, buf);

		if (why)
			return why;
		*out = xstrdup(buf);
		return NULL;
	}
	*out = xstrdup(v->valuestring);
	return NULL;
}

static enum status parse_revisions(const cJSON *doc, struct doc_in *d)
{
	const cJSON *revs = cJSON_GetObjectItemCaseSensitive(doc, "_revisions"), *start, *ids, *it;
	const char *hash;
	long gen;
	size_t n = 0;

	revs_parse(d->rev, &gen, &hash);
	if (revs == NULL) {
		d->start = gen;
		d->ids = xcalloc(1, sizeof(char *));
		d->ids[0] = xstrdup(hash);
		d->nids = 1;
		return ST_OK;
	}
	start = cJSON_GetObjectItemCaseSensitive(revs, "start");
	ids = cJSON_GetObjectItemCaseSensitive(revs, "ids");
	if (!cJSON_IsObject(revs) || !cJSON_IsNumber(start) || start->valuedouble != gen ||
	    !cJSON_IsArray(ids) || cJSON_GetArraySize(ids) < 1 || cJSON_GetArraySize(ids) > gen ||
	    cJSON_GetArraySize(ids) > 100000)
		return doc_error(d->id, NULL, "_revisions", _("is not a revision history"));
	d->start = gen;
	d->ids = xcalloc((size_t)cJSON_GetArraySize(ids), sizeof(char *));
	cJSON_ArrayForEach(it, ids)
	{
		char *probe;
		bool valid;

		if (!cJSON_IsString(it)) {
			d->nids = n;
			return doc_error(d->id, NULL, "_revisions", _("is not a revision history"));
		}
		probe = xasprintf("1-%s", it->valuestring);
		valid = revs_parse(probe, NULL, NULL);
		free(probe);
		if (!valid) {
			d->nids = n;
			return doc_error(d->id, NULL, "_revisions", _("is not a revision history"));
		}
		d->ids[n++] = xstrdup(it->valuestring);
	}
	d->nids = n;
	if (strcmp(d->ids[0], hash) != 0)
		return doc_error(d->id, NULL, "_revisions", _("does not start with _rev"));
	return ST_OK;
}

enum status doc_parse(struct db *db, const cJSON *doc, struct doc_in *out)
{
	const cJSON *id, *rev, *del, *type, *cur_item;
	const struct entity *e;
	struct record *r;
	const char *why, *cur = NULL;
	char *owner = NULL, *created = NULL, *updated = NULL, *by = NULL;
	enum status st;
	bool lacks = false;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!cJSON_IsObject(doc))
		return status_set(ST_INVALID,
				  _("the server sent a document that is not an object"));
	id = cJSON_GetObjectItemCaseSensitive(doc, "_id");
	rev = cJSON_GetObjectItemCaseSensitive(doc, "_rev");
	if (!cJSON_IsString(id) || id->valuestring == NULL || *id->valuestring == '\0')
		return status_set(ST_INVALID, _("the server sent a document without an _id"));
	if (!cJSON_IsString(rev) || !revs_parse(rev->valuestring, NULL, NULL))
		return doc_error(id->valuestring, NULL, "_rev", _("is not a revision"));
	out->id = xstrdup(id->valuestring);
	out->rev = xstrdup(rev->valuestring);
	del = cJSON_GetObjectItemCaseSensitive(doc, "_deleted");
	out->deleted = cJSON_IsTrue(del);
	st = parse_revisions(doc, out);
	if (st != ST_OK)
		goto fail;
	why = validate_record_id(out->id);
	if (why != NULL) {
		st = doc_error(out->id, NULL, "_id", _(why));
		goto fail;
	}
	type = cJSON_GetObjectItemCaseSensitive(doc, "type");
	if (type == NULL && out->deleted) {
		out->bare = true;
		return ST_OK;
	}
	if (!cJSON_IsString(type) || type->valuestring == NULL) {
		st = doc_error(out->id, NULL, "type", _("is missing: not a salesterm document"));
		goto fail;
	}
	e = entity_find(type->valuestring);
	if (e == NULL || strcmp(e->name, type->valuestring) != 0) {
		char *t = utf8_valid(type->valuestring, strlen(type->valuestring))
			      ? utf8_clip(type->valuestring, 30)
			      : xstrdup("?");
		char *why2 = xasprintf(_("unknown type \"%s\" (this salesterm knows user, account, "
					 "contact, lead, opportunity, ...; a newer version may be "
					 "needed)"),
				       t);

		st = doc_error(out->id, NULL, "type", why2);
		free(why2);
		free(t);
		goto fail;
	}
	r = record_new(e);
	out->rec = r;
	for (i = 0; i < e->nfields; i++) {
		free(r->values[i]);
		r->values[i] = NULL;
	}
	/* Amounts are read in the document's currency. */
	for (i = 0; i < e->nfields; i++) {
		if (e->fields[i].type != FT_CURRENCY)
			continue;
		cur_item = cJSON_GetObjectItemCaseSensitive(doc, e->fields[i].key);
		if (cJSON_IsString(cur_item))
			cur = cur_item->valuestring;
	}
	if (cur == NULL || money_exponent(cur) < 0)
		cur = db ? record_default_currency(db) : "CNY";
	for (i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, f->key);

		why = field_from_json(f, v, cur, &r->values[i]);
		/* Another client may leave out what it does not know of. */
		if (why == NULL && r->values[i] == NULL && f->def)
			r->values[i] = xstrdup(f->def);
		if (why == NULL && r->values[i] == NULL && f->type == FT_REF &&
		    strcmp(f->key, "stage") == 0 && e == &entity_opportunity && db)
			r->values[i] = opportunity_first_stage(db); /* as a new deal here */
		if (why == NULL && r->values[i] == NULL && (f->flags & F_REQUIRED)) {
			if (out->deleted)
				lacks = true;
			else
				why = N_("is required but missing");
		}
		if (why) {
			st = doc_error(out->id, e->name, f->key, _(why));
			goto fail;
		}
	}
	{
		static const struct {
			const char *key;
			bool id, datetime;
		} sys[] = { { "owner", true, false },
			    { "updated_by", true, false },
			    { "created_at", false, true },
			    { "updated_at", false, true } };
		char **slots[] = { &owner, &by, &created, &updated };

		for (i = 0; i < 4; i++) {
			why = sys_from_json(doc, sys[i].key, sys[i].id, sys[i].datetime, slots[i]);
			if (why) {
				st = doc_error(out->id, e->name, sys[i].key, _(why));
				free(owner);
				free(by);
				free(created);
				free(updated);
				goto fail;
			}
		}
	}
	if (lacks) {
		/* A tombstone without the record's content (another client's
		 * deletion): it closes its branch, as one without a type does. */
		free(owner);
		free(by);
		free(created);
		free(updated);
		record_free(&out->rec);
		out->bare = true;
		return ST_OK;
	}
	r->id = xstrdup(out->id);
	r->rev = xstrdup(out->rev);
	r->owner = owner;
	r->updated_by = by;
	r->created_at = created ? created : xstrdup(updated ? updated : EPOCH);
	r->updated_at = updated ? updated : xstrdup(r->created_at);
	r->deleted = out->deleted;
	out->extra = doc_extra(e, doc);
	return ST_OK;
fail:
	doc_in_clear(out);
	return st;
}

char *doc_body(const struct record *r)
{
	const struct entity *e = r->entity;
	cJSON *o = cJSON_CreateObject();
	char *s;
	size_t i;

#define ADD_STR(k, v)                                                                              \
	((v) ? (void)cJSON_AddStringToObject(o, k, v) : (void)cJSON_AddNullToObject(o, k))
	ADD_STR("owner", r->owner);
	ADD_STR("created_at", r->created_at);
	ADD_STR("updated_at", r->updated_at);
	ADD_STR("updated_by", r->updated_by);
	cJSON_AddNumberToObject(o, "deleted", r->deleted ? 1 : 0);
	for (i = 0; i < e->nfields; i++) {
		const char *v = r->values[i];

		if (v && entity_type_is_integer(e->fields[i].type))
			/* As SQLite's json_object() writes an INTEGER column. */
			cJSON_AddRawToObject(o, e->fields[i].key, v);
		else
			ADD_STR(e->fields[i].key, v);
	}
#undef ADD_STR
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

/* A body value as canonical text: strings as they are, integers in decimal. */
static bool body_value(const cJSON *v, char **out)
{
	*out = NULL;
	if (v == NULL || cJSON_IsNull(v))
		return true;
	if (cJSON_IsString(v)) {
		*out = xstrdup(v->valuestring);
		return true;
	}
	if (cJSON_IsNumber(v)) {
		long long n;

		/* Integers from their text: amounts in minor units may need more
		 * than the 53 bits of a double. */
		if (v->valuestring == NULL ||
		    validate_int(v->valuestring, LLONG_MIN, LLONG_MAX, &n) != NULL)
			return false;
		*out = xasprintf("%lld", n);
		return true;
	}
	if (cJSON_IsBool(v)) {
		*out = xstrdup(cJSON_IsTrue(v) ? "1" : "0");
		return true;
	}
	return false;
}

struct record *doc_body_parse(const struct entity *e, const char *id, const char *rev,
			      const char *body)
{
	cJSON *o = body ? json_parse_exact(body, strlen(body), NULL) : NULL;
	struct record *r;
	char *del = NULL;
	bool okay = true;
	size_t i;

	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return NULL;
	}
	r = record_new(e);
	r->id = xstrdup(id);
	r->rev = xstrdup(rev);
	okay &= body_value(cJSON_GetObjectItemCaseSensitive(o, "owner"), &r->owner);
	okay &= body_value(cJSON_GetObjectItemCaseSensitive(o, "created_at"), &r->created_at);
	okay &= body_value(cJSON_GetObjectItemCaseSensitive(o, "updated_at"), &r->updated_at);
	okay &= body_value(cJSON_GetObjectItemCaseSensitive(o, "updated_by"), &r->updated_by);
	okay &= body_value(cJSON_GetObjectItemCaseSensitive(o, "deleted"), &del);
	r->deleted = del && strcmp(del, "0") != 0;
	free(del);
	for (i = 0; i < e->nfields; i++) {
		free(r->values[i]);
		okay &= body_value(cJSON_GetObjectItemCaseSensitive(o, e->fields[i].key),
				   &r->values[i]);
	}
	cJSON_Delete(o);
	if (!okay)
		record_free(&r);
	return r;
}
