/* capture.c - quick capture of an activity or a log from one line of text. */
#include "capture.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "record.h"
#include "search.h"
#include "validate.h"
#include "xalloc.h"

/* At most this many leading words are tried as a customer's name. */
#define CAPTURE_NAME_WORDS 4
#define CAPTURE_MAX_MATCHES 10

static const struct entity *const customer_types[] = { &entity_account, &entity_contact,
						       &entity_lead, &entity_opportunity, NULL };

/* The allowed value of field key of e equal to word (ASCII case ignored), or NULL. */
static const char *enum_value(const struct entity *e, const char *key, const char *word)
{
	const struct field *f = entity_field(e, key);
	size_t i;

	for (i = 0; f && f->values[i]; i++)
		if (strcasecmp(f->values[i], word) == 0)
			return f->values[i];
	return NULL;
}

void capture_clear(struct capture *c)
{
	size_t i;

	for (i = 0; i < c->nwords; i++)
		free(c->words[i]);
	free(c->words);
	memset(c, 0, sizeof(*c));
}

/* Split on blanks (ASCII and the ideographic space U+3000). Caller frees. */
static char **split_words(const char *line, size_t *n)
{
	char **w = NULL;
	const char *p = line;

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

bool capture_is_capture(const char *line)
{
	size_t n, i;
	char **w = split_words(line ? line : "", &n);
	bool yes = n > 0 && (strcasecmp(w[0], "log") == 0 ||
			     enum_value(&entity_activity, "kind", w[0]) != NULL);

	for (i = 0; i < n; i++)
		free(w[i]);
	free(w);
	return yes;
}

enum status capture_parse(const char *line, const char *today, struct capture *out)
{
	size_t n, i, first = 1;
	char **w;
	const char *v;

	memset(out, 0, sizeof(*out));
	w = split_words(line ? line : "", &n);
	if (n == 0) {
		free(w);
		return status_set(ST_INVALID, "%s", _("nothing to capture"));
	}
	if (strcasecmp(w[0], "log") == 0) {
		out->log = true;
		snprintf(out->kind, sizeof(out->kind), "call");
		if (n > 1 && (v = enum_value(&entity_followup, "channel", w[1])) != NULL) {
			snprintf(out->kind, sizeof(out->kind), "%s", v);
			first = 2;
		}
	} else if ((v = enum_value(&entity_activity, "kind", w[0])) != NULL) {
		snprintf(out->kind, sizeof(out->kind), "%s", v);
	} else {
		status_set(ST_INVALID,
			   _("\"%s\" is not something to capture: start with call, meeting, visit, "
			     "task, email or log"),
			   w[0]);
		for (i = 0; i < n; i++)
			free(w[i]);
		free(w);
		return ST_INVALID;
	}
	for (i = 0; i < n; i++) {
		char date[11], hm[8];

		/* "9:30" is "09:30". */
		snprintf(hm, sizeof(hm), "%s%s", strlen(w[i]) == 4 && w[i][1] == ':' ? "0" : "",
			 strlen(w[i]) <= 5 ? w[i] : "");
		if (i < first) {
			free(w[i]);
			continue;
		}
		if (out->date[0] == '\0' && clock_parse_date_word(w[i], today, date)) {
			memcpy(out->date, date, sizeof(out->date));
			free(w[i]);
		} else if (out->time[0] == '\0' && hm[0] && strlen(hm) == 5 &&
			   validate_time(hm) == NULL) {
			memcpy(out->time, hm, sizeof(out->time));
			free(w[i]);
		} else {
			out->words = xreallocarray(out->words, out->nwords + 1, sizeof(char *));
			out->words[out->nwords++] = w[i];
		}
	}
	free(w);
	if (out->nwords == 0) {
		capture_clear(out);
		return status_set(ST_INVALID, "%s", _("whom is it about? name a customer"));
	}
	return ST_OK;
}

void capture_matches_free(struct capture_match **m, size_t n)
{
	size_t i;

	if (*m == NULL)
		return;
	for (i = 0; i < n; i++) {
		free((*m)[i].id);
		free((*m)[i].title);
	}
	free(*m);
	*m = NULL;
}

static void match_add(struct capture_match **m, size_t *n, const struct entity *e, const char *id,
		      const char *title)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*m)[i].id, id) == 0)
			return;
	*m = xreallocarray(*m, *n + 1, sizeof(**m));
	(*m)[*n].entity = e;
	(*m)[*n].id = xstrdup(id);
	(*m)[*n].title = xstrdup(title);
	(*n)++;
}

/* Customers whose name is exactly text, added to m. */
static enum status exact_names(struct db *db, const char *text, struct capture_match **m, size_t *n)
{
	size_t t;

	for (t = 0; customer_types[t]; t++) {
		const struct entity *e = customer_types[t];
		/* Table and column come from the descriptors. */
		char *sql =
		    xasprintf("SELECT id, \"%s\" FROM \"%s\" WHERE \"%s\" = ? AND deleted = 0 "
			      "LIMIT %d",
			      e->title_key, e->table, e->title_key, CAPTURE_MAX_MATCHES);
		sqlite3_stmt *st = db_prepare(db, sql);
		int rc;

		free(sql);
		if (st == NULL)
			return ST_DB;
		db_bind_text(st, 1, text);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < CAPTURE_MAX_MATCHES)
			match_add(m, n, e, (const char *)sqlite3_column_text(st, 0),
				  (const char *)sqlite3_column_text(st, 1));
		sqlite3_reset(st);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			return db_error(db, rc, _("looking up a customer"));
	}
	return ST_OK;
}

static char *join_words(char *const *w, size_t from, size_t to)
{
	size_t i, len = 1;
	char *s;

	for (i = from; i < to; i++)
		len += strlen(w[i]) + 1;
	s = xcalloc(len, 1);
	for (i = from; i < to; i++) {
		if (i > from)
			strcat(s, " ");
		strcat(s, w[i]);
	}
	return s;
}

enum status capture_match(struct db *db, const struct capture *c, struct capture_match **m,
			  size_t *n, size_t *used)
{
	struct search_hit *hits = NULL;
	size_t k, nhits = 0, i;
	enum status st;

	*m = NULL;
	*n = 0;
	*used = 0;
	for (k = c->nwords < CAPTURE_NAME_WORDS ? c->nwords : CAPTURE_NAME_WORDS; k > 0; k--) {
		char *text = join_words(c->words, 0, k);

		st = exact_names(db, text, m, n);
		free(text);
		if (st != ST_OK) {
			capture_matches_free(m, *n);
			*n = 0;
			return st;
		}
		if (*n > 0) {
			*used = k;
			return ST_OK;
		}
	}
	/* No exact name: what the search index finds for the first word. */
	st = search_run(db, c->words[0], NULL, 40, &hits, &nhits);
	if (st == ST_INVALID) {
		status_clear();
		st = ST_OK;
	}
	for (i = 0; st == ST_OK && i < nhits && *n < CAPTURE_MAX_MATCHES; i++) {
		for (k = 0; customer_types[k]; k++)
			if (hits[i].entity == customer_types[k])
				match_add(m, n, hits[i].entity, hits[i].id,
					  hits[i].title ? hits[i].title : "");
	}
	search_hits_free(&hits, nhits);
	if (st != ST_OK)
		return st;
	if (*n == 0)
		return status_set(ST_NOT_FOUND, _("no customer matches \"%s\""), c->words[0]);
	*used = 1;
	return ST_OK;
}

enum status capture_apply(struct db *db, const struct capture *c, const struct capture_match *who,
			  size_t used, char **id, const struct entity **type)
{
	char *rest = join_words(c->words, used, c->nwords), *text = NULL, today[11];
	struct record *r;
	enum status st;

	*id = NULL;
	clock_today(today);
	if (c->log) {
		char now[21];

		r = record_new(&entity_followup);
		clock_iso_utc(clock_now(), now);
		record_set(r, "related", who->id);
		record_set(r, "at", now);
		st = record_input(db, r, "channel", c->kind);
		if (st == ST_OK && *rest)
			st = record_input(db, r, "notes", rest);
		if (st == ST_OK && c->date[0])
			st = record_input(db, r, "next_date", c->date);
	} else {
		const char *kind = c->kind;

		r = record_new(&entity_activity);
		st = record_input(db, r, "kind", kind);
		if (*rest) {
			text = xstrdup(rest);
		} else {
			/* "Call 张伟": the kind, capitalised, and the customer. */
			text = xasprintf("%c%s %s", toupper((unsigned char)kind[0]), kind + 1,
					 who->title);
		}
		if (st == ST_OK)
			st = record_input(db, r, "subject", text);
		free(text);
		if (st == ST_OK && c->time[0]) {
			text = xasprintf("%s %s", c->date[0] ? c->date : today, c->time);
			st = record_input(db, r, "start", text);
			free(text);
		} else if (st == ST_OK) {
			st = record_input(db, r, "due", c->date[0] ? c->date : today);
		}
		record_set(r, "related", who->id);
	}
	if (st == ST_OK)
		st = record_insert(db, r);
	if (st == ST_OK) {
		*id = xstrdup(r->id);
		if (type)
			*type = r->entity;
	}
	record_free(&r);
	free(rest);
	return st;
}
