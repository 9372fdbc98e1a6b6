/* activity.h - the schedule: completing an activity logs what happened. */
#ifndef SALESTERM_ACTIVITY_H
#define SALESTERM_ACTIVITY_H

#include "record.h"

struct activity_done {
	const char *notes;   /* what happened (the follow-up log's notes) */
	const char *outcome; /* short outcome, or NULL */
	const char
	    *next_date;	   /* schedule the next follow-up on this date (any date form), or NULL */
	char *followup_id; /* out: the log written. Caller frees. */
	char *next_id;	   /* out: the next activity, if scheduled. Caller frees. */
};

/*
 * Mark activity id done and, in the same transaction, write a follow-up log
 * against the same customer; with next_date, the log schedules the next
 * activity (see followup_after()).
 */
enum status activity_complete(struct db *db, const char *id, struct activity_done *done);

#endif
