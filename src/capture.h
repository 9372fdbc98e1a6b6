/* capture.h - quick capture: one line of text becomes an activity or a log.
 *
 *   call 张伟 tomorrow 10:00 renewal      a call with 张伟 tomorrow at 10:00, subject "renewal"
 *   visit Acme Retail GmbH fri            a visit due on Friday
 *   log visit 张伟 +7d 谈了价格            a visit logged now; next follow-up in 7 days
 *
 * The first word is an activity kind (call, meeting, visit, task, email) or
 * "log" with an optional channel. A date (anything a date field accepts:
 * 2026-11-23, today, tomorrow, mon, +3d) and a time (14:30) may appear
 * anywhere after it. The other words name the customer, then the subject
 * (for a log, its notes). The customer is the longest run of leading words
 * that is exactly the name of an account, contact, lead or deal, else the
 * longest run whose words begin words of such a name (src/lookup.h); when
 * several match, the caller asks which one.
 */
#ifndef SALESTERM_CAPTURE_H
#define SALESTERM_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

struct db;
struct entity;
struct lookup;
struct lookup_item;

struct capture {
	bool log;      /* a follow-up log, not an activity */
	char kind[16]; /* activity kind, or the log's channel */
	char date[11]; /* "YYYY-MM-DD", "" if none was given */
	char time[6];  /* "HH:MM", "" if none was given */
	char **words;  /* the remaining words in order */
	size_t nwords;
};

/* Parse a capture line with dates relative to today. ST_INVALID with a
 * message if it is not one. Caller clears out with capture_clear(). */
enum status capture_parse(const char *line, const char *today, struct capture *out);
void capture_clear(struct capture *c);

/* Whether a line looks like a capture (starts with a kind or "log"). */
bool capture_is_capture(const char *line);

/*
 * The customers the words of c may name (lookup_words(): the longest run of
 * leading words that names one; the rest is the subject). No candidate is
 * ST_NOT_FOUND with a message. Caller frees out with lookup_free().
 */
enum status capture_match(struct db *db, const struct capture *c, struct lookup *out);

/*
 * Write what c describes against customer who, with the words after the
 * first used as subject or notes. *id gets the new record's id and *type its
 * type (activity or followup). Caller frees *id.
 */
enum status capture_apply(struct db *db, const struct capture *c, const struct lookup_item *who,
			  size_t used, char **id, const struct entity **type);

#endif
