/* reps.h - each rep's behaviour, result and state, like a player's
 * statistics, with the last 12 weeks of each as a sparkline.
 *
 * For the period, per rep of the scope:
 *   behaviour  calls, visits and meetings logged (follow-up logs by
 *              channel), follow-ups logged (all channels), activities done
 *              and planned (those scheduled in the period, cancelled ones
 *              left out)
 *   result     deals created, stage moves forward (to a later stage that is
 *              not lost), deals won and the revenue won (moves into a won
 *              stage, at the deal's amount then), attainment = revenue /
 *              quota for the period
 *   activity to result  activities done per deal won and per stage advanced
 *   state      the rep's conversion at each stage against the team's (the
 *              funnel analytics' cohort, src/report/funnel_stats.h): the
 *              stage where the rep falls furthest below the team is their
 *              weakest
 * Results go to the deal's owner. Weeks are 7 days ending on the last day of
 * the period (or today, when the period ends later): twelve of them. Days
 * are local days (TZ, as the schedule). Revenue is in the database's
 * currency; wins in another currency count as wins, never in revenue.
 */
#ifndef SALESTERM_REPORT_REPS_H
#define SALESTERM_REPORT_REPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/registry.h"
#include "status.h"

struct db;

#define REPS_WEEKS 12

enum rep_figure {
	RF_CALLS,
	RF_VISITS,
	RF_MEETINGS,
	RF_FOLLOWUPS,
	RF_DONE,
	RF_PLANNED,
	RF_CREATED,
	RF_ADVANCED,
	RF_WON,
	RF_REVENUE,
	RF_COUNT
};

struct rep_stats {
	char *owner, *name;
	int64_t quota;
	int64_t fig[RF_COUNT];		     /* over the period */
	int64_t weeks[RF_COUNT][REPS_WEEKS]; /* the last 12 weeks, oldest first */
	int64_t attainment;		     /* tenths of a percent; -1 without quota */
	int64_t per_won, per_advance;	     /* activities done per ..., tenths; -1: none */
	int64_t *conversion;		     /* per stage of stages[], tenths of a percent; -1 */
	int weakest;			     /* index in stages[] or -1 */
};

struct reps_report {
	char first[11], last[11]; /* the period */
	char week_first[11];	  /* the first day of the 12 weeks */
	char currency[4];
	int exponent;
	int64_t won_apart; /* deals won in the period in another currency: in Won, not in Revenue */
	struct rep_stats *reps; /* by name */
	size_t n;
	struct rep_stats team; /* the scope's total (conversion: the team's) */
	char **stages;	       /* stage names for conversion, funnel order */
	size_t nstages;
	/* For a rep whose team shows quotas (scope->colleagues, src/setting.h):
	 * the other reps' quota, revenue and attainment, by name; in no total. */
	struct rep_stats *colleagues;
	size_t ncolleagues;
};

/* The reps report of span for scope (NULL: everything) at today. Caller
 * frees with report_reps_free(), also on error. */
enum status report_reps(struct db *db, const struct report_span *span,
			const struct report_scope *scope, const char *today,
			struct reps_report *out);
void report_reps_free(struct reps_report *r);

/* A sparkline of n values: one of ▁▂▃▄▅▆▇█ each, scaled to the largest
 * (all ▁ when every value is 0). Caller frees. */
char *report_sparkline(const int64_t *v, size_t n);

extern const struct report_def report_def_reps;

#endif
