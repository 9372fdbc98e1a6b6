/* lookup.c - which customer a few typed words name (see lookup.h). */
#include "lookup.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "search.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

/* At most this many leading words are tried as a name. */
#define LOOKUP_NAME_WORDS 6

static const struct entity *const customer_types[] = { &entity_account, &entity_contact,
						       &entity_lead, &entity_opportunity, NULL };

/*
 * What tells a record from its namesakes, per type, as one row: n, id,
 * name, organisation, role, phone, second phone, email, owner's name, the
 * last follow-up. Tables and columns are fixed here, never from input.
 */
static const char *detail_sql(const struct entity *e)
{
#define LAST_CONTACT "(SELECT max(f.at) FROM followup f WHERE f.related = t.id AND f.deleted = 0)"
	if (e == &entity_contact)
		return "SELECT t.n, t.id, t.name, a.name, t.title, t.mobile, t.phone, t.email, "
		       "u.name, " LAST_CONTACT
		       " FROM contact t LEFT JOIN account a ON a.id = t.account "
		       "LEFT JOIN user u ON u.id = t.owner WHERE t.n = ?1 AND t.deleted = 0";
	if (e == &entity_account)
		return "SELECT t.n, t.id, t.name, t.industry, t.territory, t.phone, NULL, t.email, "
		       "u.name, " LAST_CONTACT " FROM account t LEFT JOIN user u ON u.id = t.owner "
		       "WHERE t.n = ?1 AND t.deleted = 0";
	if (e == &entity_lead)
		return "SELECT t.n, t.id, t.name, t.company, t.title, t.phone, NULL, t.email, "
		       "u.name, " LAST_CONTACT " FROM lead t LEFT JOIN user u ON u.id = t.owner "
		       "WHERE t.n = ?1 AND t.deleted = 0";
	if (e == &entity_opportunity)
		return "SELECT t.n, t.id, t.name, a.name, s.name, NULL, NULL, NULL, "
		       "u.name, " LAST_CONTACT
		       " FROM opportunity t LEFT JOIN account a ON a.id = t.account "
		       "LEFT JOIN stage s ON s.id = t.stage LEFT JOIN user u ON u.id = t.owner "
		       "WHERE t.n = ?1 AND t.deleted = 0";
#undef LAST_CONTACT
	return NULL;
}

static bool is_customer(const struct entity *e)
{
	size_t i;

	for (i = 0; customer_types[i]; i++)
		if (customer_types[i] == e)
			return true;
	return false;
}

char **lookup_split(const char *text, size_t *n)
{
	char **w = NULL;
	const char *p = text ? text : "";

	*n = 0;
	while (*p) {
		const char *s;

		while (*p == ' ' || *p == '\t' || strncmp(p, "\xe3\x80\x80", 3) == 0)
			p += *p == ' ' || *p == '\t' ? 1 : 3;
		if (*p == '\0')
			break;
		s = p;
		while (*p && *p != ' ' && *p != '\t' && strncmp(p, "\xe3\x80\x80", 3) != 0)
			p++;
		w = xreallocarray(w, *n + 1, sizeof(*w));
		w[(*n)++] = xstrndup(s, (size_t)(p - s));
	}
	return w;
}

/* The digits of s, in order. Caller frees. */
static char *digits_of(const char *s)
{
	char *out = xcalloc(strlen(s) + 1, 1), *o = out;

	for (; *s; s++)
		if (isdigit((unsigned char)*s))
			*o++ = *s;
	return out;
}

/* A word a user types for a phone number: digits, with '+', '-' or spaces. */
static bool is_number_word(const char *w)
{
	int digits = 0;

	for (; *w; w++) {
		if (isdigit((unsigned char)*w))
			digits++;
		else if (*w != '+' && *w != '-' && *w != '(' && *w != ')')
			return false;
	}
	return digits > 0;
}

static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return true;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

bool lookup_matches(const char *keys, const char *typed)
{
	size_t n, i;
	char **w = lookup_split(typed, &n), *kd = NULL;
	bool all = true;

	if (keys == NULL)
		keys = "";
	for (i = 0; i < n; i++) {
		if (all && !contains_ci(keys, w[i])) {
			if (is_number_word(w[i])) {
				char *wd = digits_of(w[i]);

				if (kd == NULL)
					kd = digits_of(keys);
				all = strstr(kd, wd) != NULL;
				free(wd);
			} else {
				all = false;
			}
		}
		free(w[i]);
	}
	free(w);
	free(kd);
	return all;
}

struct cand {
	const struct entity *e;
	int64_t n;
};

struct cands {
	struct cand *v;
	size_t n, cap;
	bool truncated;
};

static void cand_push(struct cands *c, const struct entity *e, int64_t n)
{
	if (c->n >= LOOKUP_MAX) {
		c->truncated = true;
		return;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
	}
	c->v[c->n].e = e;
	c->v[c->n].n = n;
	c->n++;
}

/* Rows of the statement's first column, as candidates of type e. */
static enum status cands_from(struct db *db, sqlite3_stmt *st, const struct entity *e,
			      struct cands *c)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		cand_push(c, e, sqlite3_column_int64(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("looking up a customer"));
}

/* Records whose name is exactly text. */
static enum status exact_names(struct db *db, const struct entity *only, const char *text,
			       struct cands *c)
{
	size_t t;

	for (t = 0; customer_types[t]; t++) {
		const struct entity *e = customer_types[t];
		sqlite3_stmt *st;
		char *sql;
		enum status ret;

		if (only && only != e)
			continue;
		/* Table and column come from the descriptors; the name index serves it. */
		sql = xasprintf("SELECT n FROM \"%s\" WHERE \"%s\" = ?1 AND deleted = 0 LIMIT %d",
				e->table, e->title_key, LOOKUP_MAX + 1);
		st = db_prepare(db, sql);
		free(sql);
		if (st == NULL)
			return ST_DB;
		db_bind_text(st, 1, text);
		if ((ret = cands_from(db, st, e, c)) != ST_OK)
			return ret;
	}
	return ST_OK;
}

/* Records whose names (the search index's title column) hold every word of
 * text at the start of a word. */
static enum status indexed_names(struct db *db, const struct entity *only, const char *text,
				 struct cands *c)
{
	char *q = utf8_fts_query(text), *match;
	enum status ret = ST_OK;
	size_t t;

	if (q == NULL)
		return ST_OK;
	match = xasprintf("{title} : (%s)", q);
	free(q);
	for (t = 0; customer_types[t] && ret == ST_OK; t++) {
		const struct entity *e = customer_types[t];
		sqlite3_stmt *st;
		char *sql;

		if ((only && only != e) || e->fts == NULL)
			continue;
		sql = xasprintf("SELECT rowid FROM \"%s\" WHERE \"%s\" MATCH ?1 LIMIT %d", e->fts,
				e->fts, LOOKUP_MAX + 1);
		st = db_prepare(db, sql);
		free(sql);
		if (st == NULL) {
			ret = ST_DB;
			break;
		}
		db_bind_text(st, 1, match);
		ret = cands_from(db, st, e, c);
	}
	free(match);
	return ret;
}

char *lookup_join(char *const *w, size_t from, size_t to)
{
	struct strbuf s = STRBUF_INIT;
	size_t i;

	for (i = from; i < to; i++) {
		if (i > from)
			strbuf_addc(&s, ' ');
		strbuf_adds(&s, w[i]);
	}
	return strbuf_detach(&s);
}

static const char *col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s && *s ? s : NULL;
}

static void detail_add(struct strbuf *d, const char *text)
{
	if (text == NULL || *text == '\0')
		return;
	if (d->len)
		strbuf_adds(d, " \xc2\xb7 "); /* " · " */
	strbuf_adds(d, text);
}

/* The last four digits of a phone number, as "…5678". */
static char *phone_tail(const char *phone)
{
	char *d = digits_of(phone), *out;
	size_t n = strlen(d);

	out = n == 0 ? NULL : xasprintf("\xe2\x80\xa6%s", d + (n > 4 ? n - 4 : 0));
	free(d);
	return out;
}

/* Load what tells candidate k apart into it; false if it is gone. */
static enum status item_load(struct db *db, const struct cand *k, struct lookup_item *it,
			     bool *found)
{
	sqlite3_stmt *st = db_prepare(db, detail_sql(k->e));
	int rc;

	*found = false;
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, k->n);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		struct strbuf d = STRBUF_INIT, keys = STRBUF_INIT;
		const char *phone = col(st, 5) ? col(st, 5) : col(st, 6), *last = col(st, 9);
		char *tail = phone ? phone_tail(phone) : NULL, when[17];
		int i;

		it->entity = k->e;
		it->id = db_column_strdup(st, 1);
		it->title = xstrdup(col(st, 2) ? col(st, 2) : "");
		detail_add(&d, col(st, 3));
		detail_add(&d, col(st, 4));
		detail_add(&d, tail);
		detail_add(&d, col(st, 8));
		if (last && clock_local_text(last, when)) {
			when[10] = '\0';
			detail_add(&d, when);
		}
		it->detail = strbuf_detach(&d);
		/* Narrowing words are looked for in everything shown, and in
		 * the whole phone numbers and email. */
		strbuf_adds(&keys, it->title);
		for (i = 3; i <= 8; i++) {
			strbuf_addc(&keys, '\x1f');
			strbuf_adds(&keys, col(st, i) ? col(st, i) : "");
		}
		it->keys = strbuf_detach(&keys);
		free(tail);
		*found = true;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(db, rc, _("looking up a customer"));
	return ST_OK;
}

static int item_cmp(const void *va, const void *vb)
{
	const struct lookup_item *a = va, *b = vb;
	size_t ia = 0, ib = 0;
	int c;

	while (customer_types[ia] && customer_types[ia] != a->entity)
		ia++;
	while (customer_types[ib] && customer_types[ib] != b->entity)
		ib++;
	if (ia != ib)
		return ia < ib ? -1 : 1;
	if ((c = strcasecmp(a->title, b->title)) != 0)
		return c;
	if ((c = strcmp(a->detail, b->detail)) != 0)
		return c;
	return strcmp(a->id, b->id);
}

void lookup_free(struct lookup *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		lookup_item_clear(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* The candidates the first k words name, trying the longest run first:
 * exact names, then names whose words the typed words begin. */
static enum status name_cands(struct db *db, const struct entity *only, char *const *words,
			      size_t nwords, struct cands *c, size_t *used)
{
	size_t k, most = nwords < LOOKUP_NAME_WORDS ? nwords : LOOKUP_NAME_WORDS;
	int pass;
	enum status st;

	*used = 0;
	for (pass = 0; pass < 2; pass++) {
		for (k = most; k > 0; k--) {
			char *text = lookup_join(words, 0, k);

			st = pass == 0 ? exact_names(db, only, text, c)
				       : indexed_names(db, only, text, c);
			free(text);
			if (st != ST_OK)
				return st;
			if (c->n > 0) {
				*used = k;
				return ST_OK;
			}
		}
	}
	return ST_OK;
}

enum status lookup_words(struct db *db, const struct entity *only, char *const *words,
			 size_t nwords, bool narrow, size_t max, struct lookup *out)
{
	struct cands c = { 0 };
	size_t i, k, used = 0;
	char *rest = NULL;
	enum status st = ST_OK;

	memset(out, 0, sizeof(*out));
	if (only && !is_customer(only))
		return status_set(ST_INVALID, _("%s records are not looked up by name here"),
				  _(only->label));
	if (nwords == 0)
		return status_set(ST_NOT_FOUND, "%s", _("type a name"));
	st = name_cands(db, only, words, nwords, &c, &used);
	if (st == ST_OK && c.n == 0) {
		/* No name holds the first word: what the rest of a record holds
		 * (a phone number, an email). */
		struct search_hit *hits = NULL;
		size_t nhits = 0;

		st = search_run(db, words[0], only, 400, &hits, &nhits);
		if (st == ST_INVALID) {
			status_clear();
			st = ST_OK;
		}
		for (i = 0; st == ST_OK && i < nhits; i++)
			if (is_customer(hits[i].entity))
				cand_push(&c, hits[i].entity, hits[i].n);
		search_hits_free(&hits, nhits);
		used = 1;
	}
	if (narrow && used < nwords)
		rest = lookup_join(words, used, nwords);
	if (max == 0 || max > LOOKUP_MAX)
		max = LOOKUP_MAX;
	out->items = c.n ? xcalloc(c.n, sizeof(*out->items)) : NULL;
	for (k = 0; st == ST_OK && k < c.n; k++) {
		struct lookup_item *it = &out->items[out->n];
		bool found;

		if (out->n == max) {
			c.truncated = true;
			break;
		}
		st = item_load(db, &c.v[k], it, &found);
		if (!found)
			continue;
		/* The search index may list a record twice (title and body). */
		for (i = 0; i < out->n; i++)
			if (strcmp(out->items[i].id, it->id) == 0)
				break;
		if (i < out->n || (rest && !lookup_matches(it->keys, rest))) {
			lookup_item_clear(it);
			continue;
		}
		out->n++;
	}
	out->used = used;
	out->truncated = c.truncated;
	free(c.v);
	if (st == ST_OK && out->n == 0) {
		char *all = lookup_join(words, 0, nwords);

		st = status_set(ST_NOT_FOUND, _("no customer matches \"%s\""),
				narrow ? all : words[0]);
		free(all);
	}
	free(rest);
	if (st != ST_OK) {
		lookup_free(out);
		return st;
	}
	if (out->n > 1)
		qsort(out->items, out->n, sizeof(*out->items), item_cmp);
	return ST_OK;
}

enum status lookup_text(struct db *db, const struct entity *only, const char *text, bool narrow,
			size_t max, struct lookup *out)
{
	size_t n, i;
	char **w = lookup_split(text, &n);
	enum status st = lookup_words(db, only, w, n, narrow, max, out);

	for (i = 0; i < n; i++)
		free(w[i]);
	free(w);
	return st;
}

enum status lookup_describe(struct db *db, const struct entity *e, int64_t n,
			    struct lookup_item *out)
{
	struct cand k = { e, n };
	bool found;
	enum status st;

	memset(out, 0, sizeof(*out));
	if (!is_customer(e))
		return status_set(ST_INVALID, _("%s records are not looked up by name here"),
				  _(e->label));
	st = item_load(db, &k, out, &found);
	if (st == ST_OK && !found)
		return status_set(ST_NOT_FOUND, _("no such %s"), _(e->label));
	return st;
}

void lookup_item_clear(struct lookup_item *it)
{
	free(it->id);
	free(it->title);
	free(it->detail);
	free(it->keys);
	memset(it, 0, sizeof(*it));
}
