/* flows.h - what several screens do alike (ui/flows.c). Each returns true
 * when something was written. */
#ifndef SALESTERM_UI_FLOWS_H
#define SALESTERM_UI_FLOWS_H

#include <stdbool.h>

struct app;

/* Log a follow-up about customer related (may be NULL) over channel (NULL: call). */
bool ui_log_followup(struct app *a, const char *related, const char *channel);
/* Log a touch of a lead: the log, and a new lead becomes contacted, in one
 * transaction (all or nothing). */
bool ui_touch_lead(struct app *a, const char *lead_id);
/* Schedule an activity about related (may be NULL) on date (NULL: today). */
bool ui_schedule_activity(struct app *a, const char *related, const char *date);
/* Complete an activity: the follow-up log form, which may schedule the next. */
bool ui_complete_activity(struct app *a, const char *id);
/* Reschedule an activity (asks the new time). */
bool ui_reschedule_activity(struct app *a, const char *id);
/* Move a deal to a stage, asking for what the stage requires. */
bool ui_move_deal(struct app *a, const char *id, const char *stage_id);

#endif
