/* nurture.h - nurturing leads that are not ready to buy.
 *
 * A lead in status `nurturing` has a cadence: the days between touches
 * (default 14). Its next touch is an activity of the lead's owner (a call,
 * or an email when the lead has an email address and no phone), due a
 * cadence after the lead entered nurturing, and again a cadence after each
 * touch (a follow-up log on the lead, which completing the touch writes).
 * Each is scheduled by the write's own rules (rules.h), in its transaction,
 * and only when the lead has no planned activity already (that one is its
 * next touch) and is not do_not_contact (then nothing is ever scheduled).
 *
 * A nurturing lead is overdue when its last touch (the newest log on it since
 * it entered nurturing, else that moment) is more than a cadence of local
 * days before today.
 */
#ifndef SALESTERM_NURTURE_H
#define SALESTERM_NURTURE_H

#include <stdbool.h>

#include "status.h"

struct db;
struct record;

#define NURTURE_DEFAULT_CADENCE 14

/* Put lead (id, id start or name) in nurturing every `every` days (0: keep
 * its cadence, else the default): one transaction that also schedules the
 * first touch. *next_id (may be NULL) gets the activity scheduled, NULL when
 * none was; caller frees. Converted, disqualified or deleted leads are
 * refused. */
enum status nurture_start(struct db *db, const char *lead, int every, char **next_id);

/* The lead's rule (called by lead_rule()): entering nurturing stamps
 * nurture_since and gives a cadence. */
int nurture_lead_rule(struct db *db, struct record *rec, const struct record *old);
/* After a lead write: a lead that entered nurturing or changed its cadence
 * gets its next touch. */
int nurture_lead_after(struct db *db, struct record *rec, const struct record *old);
/* After a new follow-up log: a log on a nurturing lead schedules the next
 * touch a cadence after the log's day. */
int nurture_after_log(struct db *db, struct record *log, const struct record *old);

/* The state of a nurturing lead on today: its last touch (UTC date-time,
 * written into last, "" when none logged: since is used), the date the next
 * touch is due and the days it is overdue (0: not). */
struct nurture_state {
	char last[21];
	char due[11];
	int overdue;
};
enum status nurture_state_of(struct db *db, const char *lead_id, const char *since, int cadence,
			     const char *today, struct nurture_state *out);
/* The same from the last touch already read (NULL: none logged). */
void nurture_state_from(const char *last, const char *since, int cadence, const char *today,
			struct nurture_state *out);

/* The days lead_id (a lead's id) is overdue on today: 0 when it is not
 * nurturing, do-not-contact, unknown or not late. For the Leads list's
 * flag. */
int nurture_overdue_days(struct db *db, const char *lead_id, const char *today);

#endif
