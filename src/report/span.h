/* span.h - the period a report covers: a month, a quarter, a year or a custom
 * range of days, as a user writes it on the command line and steps through
 * it on a screen.
 *
 * The forms (report_span_parse()):
 *   2026Q4                  a quarter (q in either case)
 *   2026-11                 a month
 *   2026                    a year
 *   2026-10-15..2026-11-14  a custom range of days, both ends included
 * A span is always whole days with first <= last, dates as "YYYY-MM-DD".
 */
#ifndef SALESTERM_REPORT_SPAN_H
#define SALESTERM_REPORT_SPAN_H

#include <stdbool.h>
#include <stdint.h>

#include "report/report.h"
#include "status.h"

struct report_span {
	enum report_period kind; /* REPORT_MONTH, _QUARTER, _YEAR or _CUSTOM */
	char first[11], last[11];
};

/* Parse one of the forms above. ST_INVALID with a message naming the text and
 * the accepted forms; *out is untouched on error. */
enum status report_span_parse(const char *text, struct report_span *out);

/* The month, quarter or year (kind, not REPORT_CUSTOM) that contains date.
 * False if date is not a valid date. */
bool report_span_of(enum report_period kind, const char *date, struct report_span *out);

/*
 * The span offset periods after s (before when offset < 0): the next
 * quarter after 2026Q4 is 2027Q1; a custom range moves by its own length
 * (2026-11-01..2026-11-10 steps to 2026-11-11..2026-11-20). False if the
 * result would leave the years 0001-9999.
 */
bool report_span_step(const struct report_span *s, int offset, struct report_span *out);

/*
 * The next kind of period after s's (month -> quarter -> year -> month)
 * around the period shown: the one holding today when s holds today, else
 * the one holding s's first day. What the screens' p key does. False if
 * that fails (s's first day is not a date).
 */
bool report_span_cycle(const struct report_span *s, struct report_span *out);

/* s as report_span_parse() reads it back: "2026Q4", "2026-11", "2026",
 * "2026-10-15..2026-11-14". */
void report_span_label(const struct report_span *s, char out[24]);

/* Days in s, both ends counted. */
int report_span_days(const struct report_span *s);

/*
 * A quota given per quota_months months (1, 3 or 12) converted to s: whole
 * months pro rata by months (a quarterly 900 is 300 a month, 3600 a year),
 * a custom range pro rata by days, a quota month being 1461/48 days (the mean
 * month of the Julian calendar), rounded down (at most INT64_MAX). Exact in 128-bit arithmetic.
 */
int64_t report_span_quota(const struct report_span *s, int64_t quota, int quota_months);

/* The months a user's quota period covers: "month" 1, "year" 12, else
 * (a quarter, the default) 3. */
int report_quota_months(const char *period);

#endif
