/* touch.h - a touch for a customer at risk of churning: a call planned for
 * the account's owner (src/report/churn.h finds who is at risk). */
#ifndef SALESTERM_TOUCH_H
#define SALESTERM_TOUCH_H

#include "status.h"

struct db;

struct touch {
	char *activity_id;		 /* the call planned */
	char *account_id, *account_name; /* the account it is for */
	char *contact_name;		 /* who to call, or NULL: the account itself */
	char *owner;			 /* whose call it is (a user id), or NULL */
	char due[11];			 /* its day */
};

/*
 * Plan a touch of the account named by account (a name or an id, as
 * record_find() takes it) on the day when (any form clock_parse_date_word()
 * reads; NULL: today): a call owned by the account's owner (the current
 * user's if it has none), about the contact report_churn_contact() proposes
 * (the account itself if it has no contact), due that day. One transaction.
 * Refused (ST_INVALID, nothing written) for a day before today, a deleted
 * account, an account whose every contact is marked do_not_contact, and
 * (ST_DUPLICATE) one that already has an activity planned from today on.
 * Caller frees *out with touch_clear(), also on error.
 */
enum status touch_schedule(struct db *db, const char *account, const char *when, struct touch *out);
void touch_clear(struct touch *t);

#endif
