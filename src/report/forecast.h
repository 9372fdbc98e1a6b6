/* forecast.h - the forecast of a period: per rep, territory and team, what
 * is won and what is expected, against quota.
 *
 * Deals count in the period of their close date. Closed won is the amount of
 * deals in a won stage; open deals count in their forecast category (commit,
 * best case, pipeline, omitted; an open deal marked "closed" counts as
 * commit); lost deals count nowhere. Then, per row:
 *   open pipeline = commit + best case + pipeline (omitted left out)
 *   weighted      = sum over those deals of amount x probability / 100
 *   quota         = the user's quota converted to the period (span.h)
 *   attainment    = closed won / quota            (none without a quota)
 *   gap           = quota - closed won, at least 0
 *   coverage      = open pipeline / gap           (none when the gap is 0)
 * Amounts are summed in the database's default currency. Deals in another
 * currency are never added in silently: they are kept apart, per rep and
 * currency, with their own sums (struct forecast_apart); a quota in another
 * currency likewise (quota_apart).
 * A manager's adjustments of the period (a month, quarter or year; none for
 * a custom range) stand beside the figures they adjust: each figure takes
 * the newest adjustment that gives it.
 */
#ifndef SALESTERM_REPORT_FORECAST_H
#define SALESTERM_REPORT_FORECAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/registry.h"
#include "status.h"

struct db;

/* The forecast categories, in the order a forecast shows them. */
enum forecast_category { FC_CLOSED, FC_COMMIT, FC_BEST_CASE, FC_PIPELINE, FC_OMITTED, FC_COUNT };
/* Their keys: "closed", "commit", "best_case", "pipeline", "omitted". */
extern const char *const report_categories[FC_COUNT];

struct forecast_row {
	char *owner;	  /* user id; NULL for deals without an owner (and totals) */
	char *name;	  /* the user's name, "-" without owner; a territory; "Team" */
	char *territory;  /* the user's territory, or NULL */
	int rank;	  /* its place in the user list's name order (pinyin for Chinese) */
	int64_t quota;	  /* for the period, in the forecast's currency; 0 if none */
	bool quota_apart; /* the quota is in another currency: not counted */
	int64_t deals;	  /* deals of the period in the forecast's currency (lost ones too) */
	int64_t by_category[FC_COUNT]; /* FC_CLOSED: closed won */
	int64_t open;		       /* commit + best case + pipeline */
	int64_t weighted;
	int64_t attainment; /* tenths of a percent; -1 without quota */
	int64_t gap;
	int64_t coverage; /* tenths (18 = 1.8x); -1 when the gap is 0 */
	/* A manager's adjustment (src/adjustment.h), where commit_adjusted /
	 * best_adjusted say so: a rep's own or a territory's; on a subtotal or
	 * total without one of its own, the sum of its rows' adjusted figures
	 * (their own where not adjusted) once any of them is adjusted. */
	bool commit_adjusted, best_adjusted;
	bool own_commit, own_best; /* adjusted by an adjustment of this row itself */
	int64_t adj_commit, adj_best_case;
	char *adj_note, *adj_by, *adj_at; /* the newest adjustment's note, manager, time */
	/* A colleague's row shown to a rep (struct forecast's colleagues): only
	 * name, territory, quota, won, attainment and gap are filled. */
	bool colleague;
};

/* One rep's deals of the period in one currency other than the forecast's. */
struct forecast_apart {
	char *owner, *name;
	char currency[4];
	int exponent;
	int64_t deals;
	int64_t by_category[FC_COUNT];
};

struct forecast {
	char first[11], last[11]; /* the period */
	char currency[4];	  /* the database's default currency */
	int exponent;
	struct forecast_row *rows; /* the reps of the scope and any other owner with deals there,
				      by name; deals without owner last */
	size_t n;
	struct forecast_row *territories; /* subtotals per territory, by name ("-": none) */
	size_t nterritories;
	struct forecast_row total;    /* the scope's total */
	struct forecast_apart *apart; /* by name, then currency */
	size_t napart;
	int64_t undated; /* open deals of the scope without a close date (in no period) */
	/* For a rep whose team shows quotas (scope->colleagues, src/setting.h):
	 * the other reps' quota, won, attainment and gap, by name; in no total. */
	struct forecast_row *colleagues;
	size_t ncolleagues;
};

/* The forecast of span for scope (NULL: everything). Caller frees with
 * report_forecast_free(), also on error. */
enum status report_forecast(struct db *db, const struct report_span *span,
			    const struct report_scope *scope, struct forecast *out);
/* The same as it stood at the instant before (UTC ISO date-time; NULL: now),
 * rebuilt from the deals' history (src/report/history.h): deals count where
 * their close date, category, amount and owner then put them. Users and
 * quotas are today's. */
enum status report_forecast_as_of(struct db *db, const struct report_span *span,
				  const struct report_scope *scope, const char *before,
				  struct forecast *out);
void report_forecast_free(struct forecast *fc);

/* The forecast as a report (`salesterm report forecast`). */
extern const struct report_def report_def_forecast;

#endif
