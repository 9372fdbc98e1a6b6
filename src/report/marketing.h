/* marketing.h - the nurture and consent reports (issue 14), and the
 * nurturing leads a rep's Today flags.
 *
 * report nurture: each nurturing lead of the scope with its cadence, touches
 * (follow-up logs on the lead since it entered nurturing; "in period": those
 * logged in the period), last touch, next touch (its earliest planned
 * activity) and the days it is overdue (src/nurture.h: a cadence of local
 * days after the last touch, or after it entered nurturing when it has
 * none); and a summary: leads ever nurtured (nurture_since set), still
 * nurturing, overdue now, became opportunities (a nurtured lead converted
 * with a deal), the conversion (became / nurtured) and disqualified.
 *
 * report consent: per channel (email, phone, sms, post), the live contacts
 * of the scope split four ways that add up to all of them: do-not-contact
 * (whatever their entries), and of the others consent given, withdrawn (the
 * entry in force, src/consent.h) and never asked; and the entries recorded in
 * the period (given, withdrawn), from every client.
 */
#ifndef SALESTERM_REPORT_MARKETING_H
#define SALESTERM_REPORT_MARKETING_H

#include "report/registry.h"
#include "report/report.h"

/* owner's nurturing leads (NULL: everyone's) with no touch for longer than
 * their cadence on today, the most overdue first; num: days overdue.
 * Do-not-contact leads are left out. At most limit rows (0: 1000). */
enum status report_nurture_overdue(struct db *db, const char *owner, const char *today, int limit,
				   struct report_rows *out);

extern const struct report_def report_def_nurture, report_def_consent;

#endif
