/* record.c - generic create/read/update/delete/list over the descriptors. */
#include "record.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "money.h"
#include "rules.h"
#include "search.h"
#include "setting.h"
#include "strbuf.h"
#include "user.h"
#include "utf8.h"
#include "validate.h"
#include "xalloc.h"

/* The columns every table starts with, in this order (see 0001-schema.sql). */
#define SYS_COLUMNS "n, id, rev, created_at, updated_at, owner, updated_by, deleted, seq, dirty"
#define NSYS 10

static const char *const customer_types[] = { "account", "contact", "lead", "opportunity", NULL };

struct record *record_new(const struct entity *e)
{
	struct record *r = xcalloc(1, sizeof(*r));
	size_t i;

	r->entity = e;
	r->values = xcalloc(e->nfields, sizeof(char *));
	r->touched = xcalloc(e->nfields, 1);
	for (i = 0; i < e->nfields; i++)
		r->values[i] = xstrdup(e->fields[i].def);
	return r;
}

struct record *record_dup(const struct record *src)
{
	struct record *r = xcalloc(1, sizeof(*r));
	size_t i, nf = src->entity->nfields;

	*r = *src;
	r->id = xstrdup(src->id);
	r->rev = xstrdup(src->rev);
	r->created_at = xstrdup(src->created_at);
	r->updated_at = xstrdup(src->updated_at);
	r->owner = xstrdup(src->owner);
	r->updated_by = xstrdup(src->updated_by);
	r->values = xcalloc(nf, sizeof(char *));
	r->touched = xcalloc(nf, 1);
	for (i = 0; i < nf; i++)
		r->values[i] = xstrdup(src->values[i]);
	memcpy(r->touched, src->touched, nf);
	return r;
}

void record_free(struct record **rp)
{
	struct record *r = *rp;
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->entity->nfields; i++)
		free(r->values[i]);
	free(r->values);
	free(r->touched);
	free(r->id);
	free(r->rev);
	free(r->created_at);
	free(r->updated_at);
	free(r->owner);
	free(r->updated_by);
	free(r);
	*rp = NULL;
}

/* The system column named key, or NULL if key is not one. */
static char **record_sys_slot(struct record *r, const char *key)
{
	if (strcmp(key, "id") == 0)
		return &r->id;
	if (strcmp(key, "rev") == 0)
		return &r->rev;
	if (strcmp(key, "owner") == 0)
		return &r->owner;
	if (strcmp(key, "created_at") == 0)
		return &r->created_at;
	if (strcmp(key, "updated_at") == 0)
		return &r->updated_at;
	if (strcmp(key, "updated_by") == 0)
		return &r->updated_by;
	return NULL;
}

const char *record_get(const struct record *r, const char *key)
{
	int i = entity_field_index(r->entity, key);
	char **slot;

	if (i >= 0)
		return r->values[i];
	slot = record_sys_slot((struct record *)r, key);
	return slot ? *slot : NULL;
}

void record_set(struct record *r, const char *key, const char *value)
{
	int i = entity_field_index(r->entity, key);
	char **slot;

	if (i >= 0) {
		free(r->values[i]);
		r->values[i] = value && *value ? xstrdup(value) : NULL;
		r->touched[i] = 1;
		return;
	}
	slot = record_sys_slot(r, key);
	if (slot) {
		free(*slot);
		*slot = value && *value ? xstrdup(value) : NULL;
	}
}

bool record_touched(const struct record *r, const char *key)
{
	int i = entity_field_index(r->entity, key);

	return i >= 0 && r->touched[i];
}

const char *record_name(const struct record *r)
{
	const char *t = record_get(r, r->entity->title_key);

	return t ? t : r->id ? r->id : "";
}

const char *record_default_currency(struct db *db)
{
	static _Thread_local char cur[8];
	char *v = db_meta_get(db, "currency");

	snprintf(cur, sizeof(cur), "%s", v && money_exponent(v) >= 0 ? v : "CNY");
	free(v);
	return cur;
}

/* "contact "张伟": email" - the prefix of every message about a field. */
static char *record_where(const struct record *r, const struct field *f)
{
	const char *t = record_get(r, r->entity->title_key), *type = entity_shown(r->entity);
	char *clipped = t ? utf8_clip(t, 30) : NULL, *field = f ? entity_field_shown(f) : NULL, *s;

	if (clipped && f)
		/* TRANSLATORS: a record type, a record's name in quotes and a
		 * field ("contact "张伟": email"); also such a prefix, a value in
		 * quotes and the reason ("contact "张伟": email "x@": is not a
		 * valid email address"). Quote and colon as the language does. */
		s = xasprintf(_("%s \"%s\": %s"), type, clipped, field);
	else if (clipped)
		/* TRANSLATORS: a record type and its name in quotes: contact "张伟". */
		s = xasprintf(_("%s \"%s\""), type, clipped);
	else if (f)
		s = xasprintf(_("%s: %s"), type, field);
	else
		s = xstrdup(type);
	free(clipped);
	free(field);
	return s;
}

/* Set a field error: "contact "张伟": email "x@": is not a valid email address". */
static enum status record_field_error(enum status st, const struct record *r, const struct field *f,
				      const char *value, const char *why)
{
	char *where = record_where(r, f);
	char *shown = NULL;

	if (value && utf8_valid(value, strlen(value)) && !utf8_check_text(value, false))
		shown = utf8_clip(value, 40);
	if (shown && *shown)
		status_set(st, _("%s \"%s\": %s"), where, shown, why);
	else
		status_set(st, _("%s: %s"), where, why);
	free(where);
	free(shown);
	return st;
}

static char *trim_copy(const char *s)
{
	const char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
		end--;
	return xstrndup(s, (size_t)(end - s));
}

/* Match a typed enum value: the key or its label (src/i18n.h). */
static const char *enum_match(const struct field *f, const char *text)
{
	return i18n_value_match(f->values, text);
}

static char *enum_list(const struct field *f)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	/* In the user's language: the labels a user may type. */
	for (i = 0; f->values[i]; i++)
		strbuf_addf(&b, "%s%s", i ? i18n_list_sep() : "", i18n_value(f->values[i]));
	return strbuf_detach(&b);
}

/* Normalise "a, b，c、a" to "a,b,c". */
static char *tags_normalise(const char *text)
{
	char *out = xcalloc(strlen(text) + 1, 1), *copy = xstrdup(text), *p, *tok;
	size_t len = 0;

	/* Chinese commas and the enumeration comma separate tags too. */
	for (p = copy; *p; p++) {
		if (strncmp(p, "\xef\xbc\x8c", 3) == 0 || strncmp(p, "\xe3\x80\x81", 3) == 0) {
			p[0] = ',';
			p[1] = ' ';
			p[2] = ' ';
		}
	}
	for (tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
		char *t = trim_copy(tok), *q;
		bool dup = false;

		for (q = out; *t && (q = strstr(q, t)) != NULL; q++) {
			size_t tl = strlen(t);

			if ((q == out || q[-1] == ',') && (q[tl] == ',' || q[tl] == '\0')) {
				dup = true;
				break;
			}
		}
		if (*t && !dup) {
			if (len)
				out[len++] = ',';
			memcpy(out + len, t, strlen(t));
			len += strlen(t);
		}
		free(t);
	}
	free(copy);
	return out;
}

/* A date a user typed: YYYY-MM-DD or a word such as "tomorrow", "+3d", "mon". */
static const char *parse_date_input(const char *text, char out[11])
{
	char today[11];

	clock_today(today);
	if (clock_parse_date_word(text, today, out))
		return NULL;
	return validate_date(text) ? validate_date(text) : _("is not a date");
}

/* A date-time a user typed: ISO forms, or "DATE-WORD HH:MM" ("tomorrow 10:00"). */
static const char *parse_datetime_input(const char *text, char out[21])
{
	const char *why = validate_datetime(text, out), *sp;
	char date[11], word[32], joined[40];

	if (why == NULL)
		return NULL;
	sp = strchr(text, ' ');
	if (sp && (size_t)(sp - text) < sizeof(word)) {
		memcpy(word, text, (size_t)(sp - text));
		word[sp - text] = '\0';
		if (parse_date_input(word, date) == NULL && validate_time(sp + 1) == NULL) {
			snprintf(joined, sizeof(joined), "%s %s", date, sp + 1);
			if (validate_datetime(joined, out) == NULL)
				return NULL;
		}
	} else if (validate_time(text) == NULL) {
		/* A time alone ("14:30") is today at that time. */
		clock_today(date);
		snprintf(joined, sizeof(joined), "%s %s", date, text);
		if (validate_datetime(joined, out) == NULL)
			return NULL;
	} else if (parse_date_input(text, date) == NULL) {
		return validate_datetime(date, out);
	}
	return why;
}

const char *record_currency(struct db *db, const struct record *r, const struct field *money)
{
	const char *cur = money->currency ? record_get(r, money->currency) : NULL;

	return cur ? cur : record_default_currency(db);
}

/* The currency exponent that amounts of r are read and shown in. */
static int record_exponent(struct db *db, const struct record *r, const struct field *money)
{
	int e = money_exponent(record_currency(db, r, money));

	return e < 0 ? 2 : e;
}

/*
 * The currency field cur of r is about to become code: keep the amounts in it
 * the same decimal value (12500.50 CNY is 1250050 minor units, 12500.50 USD
 * too, but 12500.500 KWD is 12500500). An amount that the new currency cannot
 * hold exactly (12500.50 in JPY) is refused.
 */
static enum status rescale_money(struct db *db, struct record *r, const struct field *cur,
				 const char *code)
{
	int to = money_exponent(code);
	size_t i;

	for (i = 0; i < r->entity->nfields; i++) {
		const struct field *f = &r->entity->fields[i];
		int from, d;
		int64_t v;

		if (f->type != FT_MONEY || f->currency == NULL ||
		    strcmp(f->currency, cur->key) != 0 || r->values[i] == NULL)
			continue;
		from = record_exponent(db, r, f);
		v = strtoll(r->values[i], NULL, 10);
		for (d = from; d < to; d++) {
			if (v > INT64_MAX / 10)
				return record_field_error(ST_INVALID, r, f, r->values[i],
							  _("is too large for the new currency"));
			v *= 10;
		}
		for (d = to; d < from; d++) {
			if (v % 10 != 0) {
				char *why =
				    xasprintf(_("has more decimals than %s allows; give %s= "
						"with the new currency"),
					      code, f->key);

				record_field_error(ST_INVALID, r, f, NULL, why);
				free(why);
				return ST_INVALID;
			}
			v /= 10;
		}
		free(r->values[i]);
		r->values[i] = xasprintf("%" PRId64, v);
	}
	return ST_OK;
}

enum status record_input(struct db *db, struct record *r, const char *key, const char *text)
{
	const struct field *f = entity_field(r->entity, key);
	char *val = NULL, *clean = NULL, buf[40];
	const char *why = NULL;
	enum status st = ST_OK;
	int max;

	if (f == NULL) {
		char *where = record_where(r, NULL);

		status_set(ST_INVALID, _("%s: no field \"%s\" (see 'salesterm %s fields')"), where,
			   key, r->entity->name);
		free(where);
		return ST_INVALID;
	}
	if (f->flags & F_SYSTEM)
		return record_field_error(ST_INVALID, r, f, NULL,
					  _("is written by salesterm itself, not by hand"));
	if (text == NULL)
		text = "";
	if (!utf8_valid(text, strlen(text)))
		return record_field_error(ST_INVALID, r, f, NULL, _("is not valid UTF-8 text"));
	/* One-line fields lose surrounding blanks and a final newline (as from a
	 * file or a pipe) before the check for control characters. */
	clean = f->type == FT_NOTE ? xstrdup(text) : trim_copy(text);
	why = utf8_check_text(clean, f->type == FT_NOTE);
	if (why == NULL && (f->flags & F_NAME))
		why = validate_name(clean);
	if (why) {
		free(clean);
		return record_field_error(ST_INVALID, r, f, NULL, _(why));
	}
	if (*clean == '\0') {
		if (f->flags & F_REQUIRED) {
			free(clean);
			return record_field_error(ST_INVALID, r, f, NULL, _("is required"));
		}
		record_set(r, key, NULL);
		free(clean);
		return ST_OK;
	}
	/* A reference is typed as a name or an id, and ids from other clients
	 * may be long: its limit is an id's. */
	max = f->type == FT_REF ? VALIDATE_ID_MAX : f->max_len;
	if (max && strlen(clean) > (size_t)max) {
		char reason[128];

		snprintf(reason, sizeof(reason), _("is too long (%zu bytes; at most %d)"),
			 strlen(clean), max);
		free(clean);
		return record_field_error(ST_INVALID, r, f, NULL, reason);
	}
	switch (f->type) {
	case FT_TEXT:
	case FT_NOTE:
		val = clean;
		clean = NULL;
		break;
	case FT_ENUM: {
		const char *v = enum_match(f, clean);

		if (v == NULL) {
			char *list = enum_list(f),
			     *reason = xasprintf(_("must be one of: %s"), list);

			st = record_field_error(ST_INVALID, r, f, clean, reason);
			free(list);
			free(reason);
		} else {
			val = xstrdup(v);
		}
		break;
	}
	case FT_INT: {
		long long n;

		why = validate_int(clean, f->min, f->max, &n);
		if (why == NULL)
			val = xasprintf("%lld", n);
		break;
	}
	case FT_BOOL: {
		bool b;

		why = validate_bool(clean, &b);
		if (why == NULL)
			val = xstrdup(b ? "1" : "0");
		break;
	}
	case FT_DATE:
		why = parse_date_input(clean, buf);
		if (why == NULL)
			val = xstrdup(buf);
		break;
	case FT_DATETIME:
		why = parse_datetime_input(clean, buf);
		if (why == NULL)
			val = xstrdup(buf);
		break;
	case FT_MONEY: {
		int64_t minor;

		why = money_parse(clean, record_exponent(db, r, f), &minor);
		if (why == NULL)
			val = xasprintf("%" PRId64, minor);
		break;
	}
	case FT_CURRENCY: {
		size_t i;

		for (i = 0; clean[i]; i++)
			clean[i] = (char)toupper((unsigned char)clean[i]);
		if (money_exponent(clean) < 0)
			why = N_("is not an ISO 4217 currency code (such as CNY, USD, EUR)");
		else
			st = rescale_money(db, r, f, clean);
		if (st == ST_OK && why == NULL)
			val = xstrdup(clean);
		break;
	}
	case FT_EMAIL:
		why = validate_email(clean);
		break;
	case FT_PHONE:
		why = validate_phone(clean);
		break;
	case FT_URL:
		why = validate_url(clean);
		break;
	case FT_TAGS:
		val = tags_normalise(clean);
		break;
	case FT_REF: {
		char *id = NULL;

		st = record_resolve(db, f->ref, clean, &id, NULL);
		if (st != ST_OK) {
			char *msg = xstrdup(status_message());

			st = record_field_error(st, r, f, NULL, msg);
			free(msg);
		}
		val = id;
		break;
	}
	}
	if (why)
		st = record_field_error(ST_INVALID, r, f, clean, _(why));
	if (st == ST_OK && val == NULL && clean) { /* validated as typed */
		val = clean;
		clean = NULL;
	}
	if (st == ST_OK)
		record_set(r, key, val);
	free(val);
	free(clean);
	return st;
}

enum status record_input_all(struct db *db, struct record *r, const struct kv *kv, size_t n)
{
	enum status st;
	size_t i;
	int pass;

	/* Pass 0: currencies, so that pass 1 reads amounts in them. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			const struct field *f = entity_field(r->entity, kv[i].key);
			bool is_cur = f && f->type == FT_CURRENCY;

			if (is_cur != (pass == 0))
				continue;
			if (strcmp(kv[i].key, "owner") == 0) {
				char *id = NULL;

				st = record_resolve(db, "user", kv[i].value, &id, NULL);
				if (st != ST_OK) {
					char *msg = xstrdup(status_message());
					char *where = record_where(r, NULL);

					status_set(st, "%s: owner: %s", where, msg);
					free(msg);
					free(where);
					return st;
				}
				record_set(r, "owner", id);
				free(id);
				continue;
			}
			st = record_input(db, r, kv[i].key, kv[i].value);
			if (st != ST_OK)
				return st;
		}
	}
	return ST_OK;
}

/* ---- reading ---- */

static char *record_select_sql(const struct entity *e, const char *where)
{
	size_t i, len = strlen(SYS_COLUMNS) + strlen(e->table) + strlen(where) + 64;
	char *sql;

	for (i = 0; i < e->nfields; i++)
		len += strlen(e->fields[i].key) + 4;
	sql = xmalloc(len);
	strcpy(sql, "SELECT " SYS_COLUMNS);
	for (i = 0; i < e->nfields; i++) {
		strcat(sql, ", \"");
		strcat(sql, e->fields[i].key);
		strcat(sql, "\"");
	}
	strcat(sql, " FROM \"");
	strcat(sql, e->table);
	strcat(sql, "\" ");
	strcat(sql, where);
	return sql;
}

/* Fill r (of the statement's type) from the current row of a record_select_sql() query. */
static void record_from_row(struct record *r, sqlite3_stmt *st)
{
	size_t i;

	r->n = sqlite3_column_int64(st, 0);
	free(r->id);
	r->id = db_column_strdup(st, 1);
	free(r->rev);
	r->rev = db_column_strdup(st, 2);
	free(r->created_at);
	r->created_at = db_column_strdup(st, 3);
	free(r->updated_at);
	r->updated_at = db_column_strdup(st, 4);
	free(r->owner);
	r->owner = db_column_strdup(st, 5);
	free(r->updated_by);
	r->updated_by = db_column_strdup(st, 6);
	r->deleted = sqlite3_column_int(st, 7) != 0;
	r->seq = sqlite3_column_int64(st, 8);
	r->dirty = sqlite3_column_int(st, 9) != 0;
	for (i = 0; i < r->entity->nfields; i++) {
		free(r->values[i]);
		r->values[i] = db_column_strdup(st, NSYS + (int)i);
		r->touched[i] = 0;
	}
}

enum status record_load(struct db *db, const struct entity *e, const char *id, struct record **out)
{
	char *sql = record_select_sql(e, "WHERE id = ?");
	sqlite3_stmt *st = db_prepare(db, sql);
	enum status ret = ST_OK;
	int rc;

	free(sql);
	*out = NULL;
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = record_new(e);
		record_from_row(*out, st);
	} else if (rc == SQLITE_DONE) {
		ret = status_set(ST_NOT_FOUND, _("no %s with id %s"), e->name, id);
	} else {
		ret = db_error(db, rc, _("reading a record"));
	}
	sqlite3_reset(st);
	return ret;
}

/* Could s be the start of an id, as lists show them (8 bytes or more)? Ids
 * from other clients are any text, so anything of one word qualifies. */
static bool looks_like_id_prefix(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (isspace((unsigned char)s[i]))
			return false;
	return i >= 8 && i <= VALIDATE_ID_MAX;
}

/* Candidates of one type for what a user typed: exact id, id prefix, or name. */
static enum status resolve_in(struct db *db, const struct entity *e, const char *text, char **found,
			      int *count)
{
	char *sql;
	sqlite3_stmt *st;
	int rc;

	/* An exact id wins: ids from other clients need not be UUIDs, and one
	 * may be the start of another. */
	sql = xasprintf("SELECT id FROM \"%s\" WHERE id = ?", e->table);
	st = db_prepare(db, sql);
	free(sql);
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (++*count == 1)
			*found = db_column_strdup(st, 0);
		sqlite3_reset(st);
		return ST_OK;
	}
	sqlite3_reset(st);
	if (looks_like_id_prefix(text)) {
		/* Every id that starts with text sorts before text with its last
		 * byte one higher (bytes of UTF-8 text are never 0xff). */
		size_t len = strlen(text);
		char *upper = xstrdup(text);

		upper[len - 1] = (char)((unsigned char)upper[len - 1] + 1);
		sql = xasprintf("SELECT id FROM \"%s\" WHERE id >= ? AND id < ? LIMIT 2", e->table);
		st = db_prepare(db, sql);
		free(sql);
		if (st == NULL) {
			free(upper);
			return ST_DB;
		}
		sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, upper, -1, SQLITE_TRANSIENT);
		free(upper);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (++*count == 1)
				*found = db_column_strdup(st, 0);
		}
		sqlite3_reset(st);
		if (*count)
			return ST_OK;
	}
	sql = xasprintf("SELECT id FROM \"%s\" WHERE \"%s\" = ? AND deleted = 0 LIMIT 2", e->table,
			e->title_key);
	st = db_prepare(db, sql);
	free(sql);
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (++*count == 1 && *found == NULL)
			*found = db_column_strdup(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("looking up a name"));
}

/* The default funnel's stages (data/migrations/0001-schema.sql): data a
 * manager may rename, shown in the user's language while they keep these
 * names, and found by that label too. */
static const char *const default_stages[] = {
	NC_("value", "Prospecting"),	NC_("value", "Qualification"),
	NC_("value", "Needs Analysis"), NC_("value", "Proposal"),
	NC_("value", "Negotiation"),	NC_("value", "Closed Won"),
	NC_("value", "Closed Lost"),	NULL
};

enum status record_resolve(struct db *db, const char *ref, const char *text, char **id,
			   const struct entity **type_out)
{
	const struct entity *single[2] = { entity_find(ref), NULL }, *types[5], *found_type = NULL;
	char *found = NULL;
	int count = 0, i;
	enum status st;

	*id = NULL;
	if (strcmp(ref, "customer") == 0) {
		for (i = 0; customer_types[i]; i++)
			types[i] = entity_find(customer_types[i]);
		types[i] = NULL;
	} else {
		types[0] = single[0];
		types[1] = NULL;
	}
	for (i = 0; types[i]; i++) {
		int before = count;

		st = resolve_in(db, types[i], text, &found, &count);
		if (st != ST_OK) {
			free(found);
			return st;
		}
		if (count > before && found_type == NULL)
			found_type = types[i];
	}
	if (count == 0 && strcmp(ref, "stage") == 0) {
		const char *name = i18n_value_match(default_stages, text);

		if (name && strcmp(name, text) != 0) {
			st = resolve_in(db, types[0], name, &found, &count);
			if (st != ST_OK) {
				free(found);
				return st;
			}
			found_type = types[0];
		}
	}
	if (count == 0)
		return status_set(ST_INVALID, _("no %s named or numbered \"%s\""),
				  strcmp(ref, "customer") == 0 ? _("customer")
				  : single[0]		       ? entity_shown(single[0])
							       : ref,
				  text);
	if (count > 1) {
		free(found);
		return status_set(ST_AMBIGUOUS, _("more than one %s matches \"%s\"; use the id"),
				  strcmp(ref, "customer") == 0 ? _("customer")
				  : single[0]		       ? entity_shown(single[0])
							       : ref,
				  text);
	}
	*id = found;
	if (type_out)
		*type_out = found_type;
	return ST_OK;
}

enum status record_find(struct db *db, const struct entity *e, const char *text,
			struct record **out)
{
	char *id = NULL;
	enum status st;

	*out = NULL;
	st = record_resolve(db, e->name, text, &id, NULL);
	if (st == ST_INVALID) {
		/* Same message, now as "not found"; never format the slot into itself. */
		char *msg = xstrdup(status_message());

		status_set(ST_NOT_FOUND, "%s", msg);
		free(msg);
		return ST_NOT_FOUND;
	}
	if (st != ST_OK)
		return st;
	st = record_load(db, e, id, out);
	free(id);
	return st;
}

/* ---- writing ---- */

static void bind_value(sqlite3_stmt *st, int i, const struct field *f, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else if (entity_type_is_integer(f->type))
		sqlite3_bind_int64(st, i, strtoll(v, NULL, 10));
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

/* Does the record that ref points at exist? */
static enum status check_ref(struct db *db, const struct record *r, const struct field *f,
			     const char *id)
{
	const char *const *types = customer_types;
	const char *one[2] = { f->ref, NULL };
	sqlite3_stmt *st;
	char *sql;
	int i, rc, found = 0;

	if (strcmp(f->ref, "customer") != 0)
		types = one;
	for (i = 0; types[i] && !found; i++) {
		sql = xasprintf("SELECT 1 FROM \"%s\" WHERE id = ?", entity_find(types[i])->table);
		st = db_prepare(db, sql);
		free(sql);
		if (st == NULL)
			return ST_DB;
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		found = rc == SQLITE_ROW;
		sqlite3_reset(st);
	}
	if (!found) {
		char *why = xasprintf(_("refers to a %s that does not exist"),
				      strcmp(f->ref, "customer") == 0 ? _("customer") : f->ref);

		record_field_error(ST_INVALID, r, f, id, why);
		free(why);
		return ST_INVALID;
	}
	return ST_OK;
}

static enum status check_unique(struct db *db, const struct record *r, const struct field *f,
				const char *v)
{
	char *sql = xasprintf("SELECT 1 FROM \"%s\" WHERE \"%s\" = ? AND deleted = 0 AND id != ?",
			      r->entity->table, f->key);
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	free(sql);
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_text(st, 1, v, -1, SQLITE_TRANSIENT);
	db_bind_text(st, 2, r->id ? r->id : "");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return record_field_error(ST_INVALID, r, f, v, _("is already taken"));
	return ST_OK;
}

/* The checks every write makes, whatever the type. old is the record before
 * an update (NULL for a new one): a reference it already held is not checked
 * again, since sync keeps references to records this replica lacks. */
static enum status record_check(struct db *db, struct record *r, const struct record *old)
{
	const struct entity *e = r->entity;
	enum status st;
	size_t i;

	for (i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		const char *v = r->values[i];

		if (v == NULL) {
			if (f->flags & F_REQUIRED)
				return record_field_error(ST_INVALID, r, f, NULL, _("is required"));
			continue;
		}
		if (f->type == FT_MONEY && f->currency && record_get(r, f->currency) == NULL)
			record_set(r, f->currency, record_default_currency(db));
		if (f->type == FT_REF &&
		    !(old && old->values[i] && strcmp(old->values[i], v) == 0)) {
			st = check_ref(db, r, f, v);
			if (st != ST_OK)
				return st;
		}
		if (f->flags & F_UNIQUE) {
			st = check_unique(db, r, f, v);
			if (st != ST_OK)
				return st;
		}
	}
	return ST_OK;
}

/* A new revision "N-<32 hex>" following prev (record.h). */
char *record_next_rev(const char *prev)
{
	char uuid[37], hex[33];
	long gen = prev ? strtol(prev, NULL, 10) : 0;
	int i, j;

	uuid_v4(uuid);
	for (i = 0, j = 0; uuid[i]; i++)
		if (uuid[i] != '-')
			hex[j++] = uuid[i];
	hex[j] = '\0';
	return xasprintf("%ld-%s", gen + 1, hex);
}

/* Stamp a write: seq, rev, author, time. */
static enum status record_stamp(struct db *db, struct record *r, const char *now)
{
	enum status st = db_next_seq(db, &r->seq);
	char *rev;

	if (st != ST_OK)
		return st;
	rev = record_next_rev(r->rev);
	free(r->rev);
	r->rev = rev;
	free(r->updated_at);
	r->updated_at = xstrdup(now);
	free(r->updated_by);
	r->updated_by = user_current_id(db);
	r->dirty = true;
	return ST_OK;
}

static enum status record_write_row(struct db *db, struct record *r, bool insert)
{
	const struct entity *e = r->entity;
	size_t i, len = 512;
	char *sql;
	sqlite3_stmt *st;
	int rc, col;

	for (i = 0; i < e->nfields; i++)
		len += strlen(e->fields[i].key) * 2 + 16;
	sql = xmalloc(len + strlen(e->table));
	if (insert) {
		sprintf(sql,
			"INSERT INTO \"%s\" (id, rev, created_at, updated_at, owner, updated_by, "
			"deleted, seq, dirty",
			e->table);
		for (i = 0; i < e->nfields; i++)
			sprintf(sql + strlen(sql), ", \"%s\"", e->fields[i].key);
		strcat(sql, ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?");
		for (i = 0; i < e->nfields; i++)
			strcat(sql, ", ?");
		strcat(sql, ") RETURNING n");
	} else {
		sprintf(sql,
			"UPDATE \"%s\" SET id = ?, rev = ?, created_at = ?, updated_at = ?, "
			"owner = ?, updated_by = ?, deleted = ?, seq = ?, dirty = ?",
			e->table);
		for (i = 0; i < e->nfields; i++)
			sprintf(sql + strlen(sql), ", \"%s\" = ?", e->fields[i].key);
		strcat(sql, " WHERE n = ? RETURNING n");
	}
	st = db_prepare(db, sql);
	free(sql);
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, r->id);
	db_bind_text(st, 2, r->rev ? r->rev : "");
	db_bind_text(st, 3, r->created_at);
	db_bind_text(st, 4, r->updated_at);
	db_bind_text(st, 5, r->owner);
	db_bind_text(st, 6, r->updated_by);
	sqlite3_bind_int(st, 7, r->deleted);
	sqlite3_bind_int64(st, 8, r->seq);
	sqlite3_bind_int(st, 9, r->dirty);
	col = 10;
	for (i = 0; i < e->nfields; i++)
		bind_value(st, col++, &e->fields[i], r->values[i]);
	if (!insert)
		sqlite3_bind_int64(st, col, r->n);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r->n = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, insert ? _("adding a record") : _("saving a record"));
	return ST_OK;
}

/* Run the body of a write inside one transaction: begin, fn, commit or roll back. */
static enum status record_txn_end(struct db *db, enum status st)
{
	if (st == ST_OK)
		return db_commit(db);
	db_rollback(db);
	return st;
}

static enum status record_writable(struct db *db)
{
	if (db_readonly(db))
		return status_set(ST_READONLY,
				  _("%s: the database is read-only; nothing was changed"),
				  db_path(db));
	return ST_OK;
}

enum status record_insert(struct db *db, struct record *r)
{
	char now[21], id[37];
	enum status st = record_writable(db);

	if (st != ST_OK)
		return st;
	st = db_begin(db);
	if (st != ST_OK)
		return st;
	clock_iso_utc(clock_now(), now);
	if (r->id == NULL) {
		uuid_v4(id);
		r->id = xstrdup(id);
	} else if (!validate_uuid(r->id)) {
		st = status_set(ST_INVALID, _("%s: \"%s\" is not a valid id"), r->entity->name,
				r->id);
	}
	if (st == ST_OK)
		st = user_may_write(db, r, NULL);
	if (st == ST_OK)
		st = record_check(db, r, NULL);
	if (st == ST_OK && rules_of(r->entity)->before)
		st = (enum status)rules_of(r->entity)->before(db, r, NULL);
	if (st == ST_OK) {
		free(r->created_at);
		r->created_at = xstrdup(now);
		r->deleted = false;
		st = record_stamp(db, r, now);
	}
	if (st == ST_OK)
		st = record_write_row(db, r, true);
	if (st == ST_OK)
		st = search_index(db, r);
	if (st == ST_OK && rules_of(r->entity)->after)
		st = (enum status)rules_of(r->entity)->after(db, r, NULL);
	return record_txn_end(db, st);
}

/* True if r differs from old in any field or owner. */
static bool record_changed(const struct record *r, const struct record *old)
{
	size_t i;

	if (r->new_rev)
		return true;
	for (i = 0; i < r->entity->nfields; i++) {
		const char *a = r->values[i], *b = old->values[i];

		if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
			return true;
	}
	if ((r->owner == NULL) != (old->owner == NULL) ||
	    (r->owner && strcmp(r->owner, old->owner) != 0))
		return true;
	return r->deleted != old->deleted;
}

enum status record_insert_with_ref(struct db *db, struct record *r, const char *key,
				   struct record *ref)
{
	enum status st = db_begin(db);

	if (st != ST_OK)
		return st;
	st = record_insert(db, ref);
	if (st == ST_OK) {
		record_set(r, key, ref->id);
		st = record_insert(db, r);
	}
	if (st == ST_OK)
		return db_commit(db);
	db_rollback(db);
	record_set(r, key, NULL);
	xfree_null(&ref->id);
	return st;
}

enum status record_update(struct db *db, struct record *r)
{
	struct record *old = NULL;
	char now[21];
	enum status st = record_writable(db);

	if (st != ST_OK)
		return st;
	if (r->id == NULL)
		return status_set(ST_INVALID, _("%s: no id to update"), r->entity->name);
	st = db_begin(db);
	if (st != ST_OK)
		return st;
	st = record_load(db, r->entity, r->id, &old);
	if (st == ST_OK && (r->entity->flags & E_APPEND_ONLY) && !r->deleted == !old->deleted)
		st = status_set(ST_DENIED,
				_("%s \"%s\": %s are a log: they are never changed; "
				  "add a new one instead"),
				r->entity->name, record_name(old), _(r->entity->plural));
	if (st == ST_OK && !record_changed(r, old)) {
		record_free(&old);
		db_rollback(db);
		return ST_OK;
	}
	if (st == ST_OK)
		st = user_may_write(db, r, old);
	if (st == ST_OK)
		st = record_check(db, r, old);
	if (st == ST_OK && rules_of(r->entity)->before && !r->deleted)
		st = (enum status)rules_of(r->entity)->before(db, r, old);
	if (st == ST_OK) {
		clock_iso_utc(clock_now(), now);
		r->n = old->n;
		free(r->created_at);
		r->created_at = xstrdup(old->created_at);
		free(r->rev);
		r->rev = xstrdup(old->rev);
		st = record_stamp(db, r, now);
	}
	if (st == ST_OK)
		st = record_write_row(db, r, false);
	if (st == ST_OK)
		st = r->deleted ? search_unindex(db, r->entity, r->n) : search_index(db, r);
	if (st == ST_OK && rules_of(r->entity)->after && !r->deleted && !old->deleted)
		st = (enum status)rules_of(r->entity)->after(db, r, old);
	record_free(&old);
	return record_txn_end(db, st);
}

enum status record_store(struct db *db, struct record *r)
{
	enum status st = record_writable(db);
	bool insert = r->n == 0;

	if (st != ST_OK)
		return st;
	if (r->id == NULL || validate_record_id(r->id) != NULL)
		return status_set(ST_INVALID, _("%s: \"%s\" is not a valid id"), r->entity->name,
				  r->id ? r->id : "");
	st = db_begin(db);
	if (st != ST_OK)
		return st;
	st = db_next_seq(db, &r->seq);
	if (st == ST_OK)
		st = record_write_row(db, r, insert);
	if (st == ST_OK)
		st = r->deleted ? search_unindex(db, r->entity, r->n) : search_index(db, r);
	return record_txn_end(db, st);
}

static enum status record_set_deleted(struct db *db, const struct entity *e, const char *id,
				      bool deleted)
{
	struct record *r = NULL;
	enum status st = record_load(db, e, id, &r);

	if (st != ST_OK)
		return st;
	if (r->deleted == deleted) {
		st = status_set(ST_INVALID,
				deleted ? _("%s \"%s\" is already deleted")
					: _("%s \"%s\" is not deleted"),
				e->name, record_name(r));
	} else {
		r->deleted = deleted;
		st = record_update(db, r);
	}
	record_free(&r);
	return st;
}

enum status record_delete(struct db *db, const struct entity *e, const char *id)
{
	return record_set_deleted(db, e, id, true);
}

enum status record_undelete(struct db *db, const struct entity *e, const char *id)
{
	return record_set_deleted(db, e, id, false);
}

/* ---- listing ---- */

enum status filter_parse(const char *arg, struct filter *f)
{
	static const struct {
		const char *tok;
		enum filter_op op;
	} ops[] = { { "!=", OP_NE }, { "<=", OP_LE }, { ">=", OP_GE }, { "=", OP_EQ },
		    { "<", OP_LT },  { ">", OP_GT },  { "~", OP_LIKE } };
	const char *p;
	size_t i;

	for (p = arg; *p && (isalnum((unsigned char)*p) || *p == '_'); p++)
		;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t l = strlen(ops[i].tok);

		if (p > arg && strncmp(p, ops[i].tok, l) == 0) {
			char *key = xstrndup(arg, (size_t)(p - arg) + strlen(p));

			key[p - arg] = '\0';
			f->key = key;
			f->op = ops[i].op;
			f->value = key + (p - arg) + 1;
			/* The value starts after the operator, within the same copy. */
			memmove(key + (p - arg) + 1, p + l, strlen(p + l) + 1);
			return ST_OK;
		}
	}
	return status_set(ST_USAGE,
			  _("\"%s\" is not a filter (use field=value, field>=value, "
			    "field~text, ...)"),
			  arg);
}

/* "%text%" for LIKE, with the user's own % _ and \ taken literally. Caller frees. */
static char *like_pattern(const char *text)
{
	char *out = xmalloc(strlen(text) * 2 + 3), *p = out;

	*p++ = '%';
	for (; *text; text++) {
		if (*text == '%' || *text == '_' || *text == '\\')
			*p++ = '\\';
		*p++ = *text;
	}
	*p++ = '%';
	*p = '\0';
	return out;
}

/* Bound values of a query in order, one per '?' however many filters there
 * are; canonical text or NULL. */
struct qargs {
	char **vals;
	bool *is_int;
	int n;
};

static void qargs_add(struct qargs *a, char *v, bool is_int)
{
	a->vals = xreallocarray(a->vals, (size_t)a->n + 1, sizeof(*a->vals));
	a->is_int = xreallocarray(a->is_int, (size_t)a->n + 1, sizeof(*a->is_int));
	a->vals[a->n] = v;
	a->is_int[a->n++] = is_int;
}

static void qargs_free(struct qargs *a)
{
	int i;

	for (i = 0; i < a->n; i++)
		free(a->vals[i]);
	free(a->vals);
	free(a->is_int);
	a->vals = NULL;
	a->is_int = NULL;
	a->n = 0;
}

/* Build WHERE ... for q's filters (and deleted), appending bound values to a. */
static enum status query_where(struct db *db, const struct entity *e, const struct record_query *q,
			       struct strbuf *b, struct qargs *a)
{
	static const char *const opsql[] = { "=", "!=", "<", "<=", ">", ">=", "LIKE" };
	/* LIKE patterns are written by like_pattern() with a backslash as the escape. */
	struct record *scratch = record_new(e);
	size_t i;

	/* SQLite nests each AND one level deeper, up to 1000 levels. */
	if (q && q->nfilters > RECORD_MAX_FILTERS) {
		record_free(&scratch);
		return status_set(ST_USAGE, _("at most %d filters at once, not %zu"),
				  RECORD_MAX_FILTERS, q->nfilters);
	}
	strbuf_adds(b, q->include_deleted ? " WHERE 1" : " WHERE deleted = 0");
	for (i = 0; q && i < q->nfilters; i++) {
		const struct filter *f = &q->filters[i];
		const struct field *fd = entity_field(e, f->key);
		char *val;

		if (strcmp(f->key, "owner") == 0 || strcmp(f->key, "id") == 0) {
			val = NULL;
			if (strcmp(f->key, "owner") == 0 && *f->value) {
				enum status st = record_resolve(db, "user", f->value, &val, NULL);

				if (st != ST_OK) {
					record_free(&scratch);
					return status_set(st, "owner: %s", status_message());
				}
			} else if (*f->value) {
				val = xstrdup(f->value);
			}
		} else if (fd == NULL) {
			record_free(&scratch);
			return status_set(ST_USAGE, _("%s has no field \"%s\""), e->plural, f->key);
		} else if (f->op == OP_LIKE) {
			val = like_pattern(f->value);
		} else {
			enum status st;

			/* Parse the value like input, so names, dates and amounts work. */
			xfree_null(&scratch->values[fd - e->fields]);
			if ((fd->flags & F_SYSTEM) ||
			    (fd->flags & F_OPEN && enum_match(fd, f->value) == NULL)) {
				/* An open choice: another writer's value is looked for
				 * as typed. */
				val = xstrdup(f->value);
			} else {
				unsigned saved = fd->flags;

				(void)saved;
				st = record_input(db, scratch, f->key, f->value);
				if (st != ST_OK && *f->value) {
					record_free(&scratch);
					return st;
				}
				val = xstrdup(scratch->values[fd - e->fields]);
			}
		}
		if (val == NULL && (f->op == OP_EQ || f->op == OP_NE)) {
			strbuf_addf(b, " AND \"%s\" IS %s", f->key,
				    f->op == OP_EQ ? "NULL" : "NOT NULL");
			continue;
		}
		strbuf_addf(b, " AND \"%s\" %s ?%s", f->key, opsql[f->op],
			    f->op == OP_LIKE ? " ESCAPE '\\'" : "");
		qargs_add(a, val, fd && entity_type_is_integer(fd->type) && f->op != OP_LIKE);
	}
	record_free(&scratch);
	return ST_OK;
}

static void query_bind(sqlite3_stmt *st, const struct qargs *a)
{
	int i;

	for (i = 0; i < a->n; i++) {
		if (a->vals[i] == NULL)
			sqlite3_bind_null(st, i + 1);
		else if (a->is_int[i])
			sqlite3_bind_int64(st, i + 1, strtoll(a->vals[i], NULL, 10));
		else
			sqlite3_bind_text(st, i + 1, a->vals[i], -1, SQLITE_TRANSIENT);
	}
}

/* One keyset segment of a list: rows matching q's filters and cond (with its
 * bound values), in order (the sort column's SQL expression), up to *left rows; *left counts down,
 * *stop is set when the callback asks to stop. */
struct segment {
	const char *cond;  /* extra WHERE condition, "" for none */
	const char *value; /* first bound value of cond (the cursor's key), or NULL */
	bool value_is_int;
	bool bind_value, bind_n; /* which of value and n cond takes, in that order */
	int64_t n;
	bool asc_key; /* ORDER BY the key (else by n only: inside the NULLs) */
	bool asc;
};

static enum status list_segment(struct db *db, const struct entity *e, const struct record_query *q,
				const char *order, const struct segment *seg, int64_t *left,
				bool *stop, record_cb cb, void *ctx)
{
	struct strbuf b = STRBUF_INIT;
	struct qargs a = { 0 };
	char *base;
	const char *dir = seg->asc ? "ASC" : "DESC";
	sqlite3_stmt *st;
	struct record *r;
	enum status ret;
	int rc;

	base = record_select_sql(e, "");
	strbuf_adds(&b, base);
	free(base);
	ret = query_where(db, e, q, &b, &a);
	if (ret != ST_OK)
		goto out;
	strbuf_adds(&b, seg->cond);
	if (seg->bind_value)
		qargs_add(&a, xstrdup(seg->value), seg->value_is_int);
	if (seg->bind_n)
		qargs_add(&a, xasprintf("%" PRId64, seg->n), true);
	if (seg->asc_key)
		strbuf_addf(&b, " ORDER BY %s %s, n %s", order, dir, dir);
	else
		strbuf_addf(&b, " ORDER BY n %s", dir);
	if (*left > 0)
		strbuf_addf(&b, " LIMIT %" PRId64, *left);
	st = db_prepare(db, b.s);
	if (st == NULL) {
		ret = ST_DB;
		goto out;
	}
	query_bind(st, &a);
	r = record_new(e);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		record_from_row(r, st);
		if (*left > 0 && --*left == 0)
			*stop = true;
		if (cb(db, r, ctx)) {
			*stop = true;
			break;
		}
		if (*stop)
			break;
	}
	record_free(&r);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = db_error(db, rc, _("listing records"));
	sqlite3_reset(st);
out:
	qargs_free(&a);
	strbuf_release(&b);
	return ret;
}

/*
 * Keyset paging over (key, n) in at most two index-friendly segments. SQLite
 * sorts NULL keys first, so walking up from a NULL cursor finishes the NULLs
 * (by n) and then takes the keys, and walking down from a key takes the
 * smaller keys and then the NULLs. Row values ("key", n) > (?, ?) let SQLite
 * seek the (key, n) index instead of scanning, which an OR of the same test
 * does not.
 */
enum status record_list(struct db *db, const struct entity *e, const struct record_query *q,
			record_cb cb, void *ctx)
{
	struct record_query none = { 0 };
	struct segment segs[2];
	const struct field *sf;
	const char *key;
	char cond[2][200], col[80], param[48];
	bool desc, up, stop = false, is_int;
	int64_t left;
	int nseg = 0, i;
	enum status ret = ST_OK;

	if (q == NULL)
		q = &none;
	key = q->sort_key ? q->sort_key : e->sort_key;
	sf = entity_field(e, key);
	if (sf == NULL && strcmp(key, "created_at") != 0 && strcmp(key, "updated_at") != 0)
		return status_set(ST_USAGE, _("%s cannot be sorted by \"%s\""), e->plural, key);
	desc = (q->sort_key ? q->desc : e->sort_desc != q->desc);
	/* Walking up (ascending) or down, whatever the displayed order. */
	up = desc == (bool)q->before;
	is_int = sf && entity_type_is_integer(sf->type);
	/* Names sort as their readers expect (src/collate.h): by their sort
	 * key, which the indexes of migration 0007 hold; the cursor's name is
	 * turned into its key the same way. */
	if (sf && (sf->flags & F_NAME)) {
		snprintf(col, sizeof(col), "salesterm_name_key(\"%s\")", key);
		snprintf(param, sizeof(param), "salesterm_name_key(?)");
	} else {
		snprintf(col, sizeof(col), "\"%s\"", key);
		snprintf(param, sizeof(param), "?");
	}
	memset(segs, 0, sizeof(segs));
	if (!q->after && !q->before) {
		segs[nseg++] = (struct segment){ .cond = "", .asc_key = true, .asc = up };
	} else if (q->cursor_value == NULL && up) {
		snprintf(cond[0], sizeof(cond[0]), " AND \"%s\" IS NULL AND n > ?", key);
		segs[nseg++] = (struct segment){
			.cond = cond[0], .bind_n = true, .n = q->cursor_n, .asc = true
		};
		snprintf(cond[1], sizeof(cond[1]), " AND \"%s\" IS NOT NULL", key);
		segs[nseg++] = (struct segment){ .cond = cond[1], .asc_key = true, .asc = true };
	} else if (q->cursor_value == NULL) {
		snprintf(cond[0], sizeof(cond[0]), " AND \"%s\" IS NULL AND n < ?", key);
		segs[nseg++] =
		    (struct segment){ .cond = cond[0], .bind_n = true, .n = q->cursor_n };
	} else {
		snprintf(cond[0], sizeof(cond[0]), " AND (%s, n) %s (%s, ?)", col, up ? ">" : "<",
			 param);
		segs[nseg++] = (struct segment){ .cond = cond[0],
						 .value = q->cursor_value,
						 .value_is_int = is_int,
						 .bind_value = true,
						 .bind_n = true,
						 .n = q->cursor_n,
						 .asc_key = true,
						 .asc = up };
		if (!up) {
			snprintf(cond[1], sizeof(cond[1]), " AND \"%s\" IS NULL", key);
			segs[nseg++] = (struct segment){ .cond = cond[1] };
		}
	}
	left = q->limit > 0 ? q->limit : 0;
	for (i = 0; i < nseg && !stop && ret == ST_OK; i++)
		ret = list_segment(db, e, q, col, &segs[i], &left, &stop, cb, ctx);
	return ret;
}

enum status record_count(struct db *db, const struct entity *e, const struct record_query *q,
			 int64_t *count)
{
	struct record_query none = { 0 };
	struct strbuf b = STRBUF_INIT;
	struct qargs a = { 0 };
	sqlite3_stmt *st;
	enum status ret;
	int rc;

	strbuf_addf(&b, "SELECT count(*) FROM \"%s\"", e->table);
	ret = query_where(db, e, q ? q : &none, &b, &a);
	if (ret == ST_OK) {
		st = db_prepare(db, b.s);
		if (st == NULL) {
			ret = ST_DB;
		} else {
			query_bind(st, &a);
			rc = sqlite3_step(st);
			if (rc == SQLITE_ROW)
				*count = sqlite3_column_int64(st, 0);
			else
				ret = db_error(db, rc, _("counting records"));
			sqlite3_reset(st);
		}
	}
	qargs_free(&a);
	strbuf_release(&b);
	return ret;
}

/* ---- display ---- */

char *record_title_of(struct db *db, const char *ref, const char *id)
{
	const char *const *types = customer_types;
	const char *one[2] = { ref, NULL };
	char *title = NULL, *sql;
	sqlite3_stmt *st;
	int i;

	if (id == NULL)
		return xstrdup("");
	if (strcmp(ref, "customer") != 0)
		types = one;
	for (i = 0; types[i] && title == NULL; i++) {
		const struct entity *e = entity_find(types[i]);

		if (e == NULL)
			continue;
		sql = xasprintf("SELECT \"%s\" FROM \"%s\" WHERE id = ?", e->title_key, e->table);
		st = db_prepare(db, sql);
		free(sql);
		if (st == NULL)
			break;
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW)
			title = db_column_strdup(st, 0);
		sqlite3_reset(st);
		/* A reference to another reference (a stage change's opportunity) names itself. */
	}
	if (title && strcmp(ref, "stage") == 0) {
		/* A default stage keeps its English name as data; shown translated. */
		char *shown = xstrdup(i18n_value(title));

		free(title);
		title = shown;
	}
	return title ? title : xstrdup(id);
}

void record_short_id(const char *id, char out[33])
{
	size_t len = strlen(id), i = 0;
	int cols = 0;

	while (i < len && i + 4 <= 32) {
		uint32_t cp;
		int n = utf8_decode(id + i, len - i, &cp), w;

		if (n < 0)
			break; /* not UTF-8: no further */
		w = utf8_cp_width(cp);
		if (cols + w > 8 || (w == 0 && cols == 0))
			break;
		cols += w;
		i += (size_t)n;
	}
	memcpy(out, id, i);
	out[i] = '\0';
}

/* The title of the record ref id points at; for one this database does not
 * have (sync keeps references to records elsewhere), the id marked so. */
static char *ref_display(struct db *db, const char *ref, const char *id)
{
	char *title = record_title_of(db, ref, id), *shown;

	if (strcmp(title, id) != 0)
		return title;
	shown = xasprintf(_("%s (not here)"), id);
	free(title);
	return shown;
}

char *record_display(struct db *db, const struct record *r, const char *key)
{
	const struct field *f = entity_field(r->entity, key);
	const char *v = record_get(r, key);

	if (v == NULL)
		return xstrdup("");
	/* A colleague's quota, where the team keeps quotas private (setting.h). */
	if (r->entity == &entity_user && strcmp(key, "quota") == 0 &&
	    !setting_may_see_quota(db, r->id))
		return xstrdup("");
	if (f == NULL) {
		if (strcmp(key, "owner") == 0 || strcmp(key, "updated_by") == 0)
			return ref_display(db, "user", v);
		return xstrdup(v);
	}
	switch (f->type) {
	case FT_MONEY: /* with its currency's sign: "¥500,000.00", "JP¥500,000" */
		return money_text(strtoll(v, NULL, 10), record_currency(db, r, f), MONEY_FULL);
	case FT_BOOL:
		return xstrdup(strcmp(v, "1") == 0 ? _("yes") : _("no"));
	case FT_ENUM:
		return xstrdup(i18n_value(v));
	case FT_REF:
		return ref_display(db, f->ref, v);
	case FT_DATETIME: {
		/* Shown in local time: "2026-11-23 09:00". */
		char out[17];

		return xstrdup(clock_local_text(v, out) ? out : v);
	}
	default:
		return xstrdup(v);
	}
}
