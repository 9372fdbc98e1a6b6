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
#include "lookup.h"
#include "record.h"
#include "validate.h"
#include "xalloc.h"

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

bool capture_is_capture(const char *line)
{
	size_t n, i;
	char **w = lookup_split(line ? line : "", &n);
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
	w = lookup_split(line ? line : "", &n);
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

enum status capture_match(struct db *db, const struct capture *c, struct lookup *out)
{
	return lookup_words(db, NULL, c->words, c->nwords, false, 0, out);
}

enum status capture_apply(struct db *db, const struct capture *c, const struct lookup_item *who,
			  size_t used, char **id, const struct entity **type)
{
	char *rest = lookup_join(c->words, used, c->nwords), *text = NULL, today[11];
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
