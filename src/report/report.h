/* report.h - the figures and lists the screens show, computed in the core.
 *
 * Today's agenda, the funnel per stage, the forecast per rep and category,
 * deals idle too long in their stage, a customer's 360-degree view and the
 * duplicates a lead conversion may link to. Every query here reads through
 * an index range of 0001-schema.sql (or a bounded scan), so a screen built on
 * them costs the same on a million contacts as on a hundred. The CLI and the
 * TUI show the same figures because both call these functions.
 */
#ifndef SALESTERM_REPORT_REPORT_H
#define SALESTERM_REPORT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record.h"
#include "status.h"

struct db;

/* Records in order, each loaded in full, with one number per row whose
 * meaning the producing function states (0 when it states none). */
struct report_rows {
	struct record **rows;
	int64_t *num;
	size_t n, cap;
};

/* Free the rows and empty *rows (it may be reused). */
void report_rows_free(struct report_rows *rows);

/*
 * Let a front end stop the queries of background work when the user types:
 * while stop is set, every query on db calls stop(ctx) now and then and ends
 * early (its call fails with ST_DB) when it returns true; report_stopped()
 * then says the failure was that, not a fault. stop NULL turns it off (and
 * forgets that a query was stopped).
 * Queries in this thread, and those a report runs meanwhile on a twin
 * connection or another thread (report/internal.h), so stop must be safe to
 * call from any thread; nothing is written by a stopped query.
 */
void report_interrupt_when(struct db *db, bool (*stop)(void *ctx), void *ctx);
bool report_stopped(void);

/* ---- dates and periods ---- */

/* REPORT_CUSTOM: a range of days (src/report/span.h); report_period_bounds()
 * takes the other three only. */
enum report_period { REPORT_MONTH, REPORT_QUARTER, REPORT_YEAR, REPORT_CUSTOM };

/*
 * The first and last dates of the month, quarter or year that contains date,
 * moved by offset periods (-1: the one before). False if date is invalid.
 */
bool report_period_bounds(enum report_period p, const char *date, int offset, char first[11],
			  char last[11]);

/* The UTC instants of local midnight at the start of from and of the day
 * after to: the half-open range [start, end) that covers the local days
 * from..to. False if a date is invalid. */
bool report_day_range(const char *from, const char *to, char start[21], char end[21]);

/* The local date ("YYYY-MM-DD") and time ("HH:MM") of a stored UTC
 * date-time; false (outputs empty) if it is not one. */
bool report_local(const char *utc, char date[11], char hm[6]);

/* ---- agenda ---- */

/*
 * Activities of owner (NULL: everyone's) on the local days from..to: those
 * with a start in that range, and those without a start whose due date is in
 * it. Cancelled ones are left out. Ordered by time; an activity due on a day
 * without a time comes first on that day. At most limit rows (0: 1000).
 */
enum status report_activities(struct db *db, const char *owner, const char *from, const char *to,
			      int limit, struct report_rows *out);

/* Planned activities of owner that should have happened in the 30 days
 * before today (a start or a due date then), the latest first. num: days
 * overdue. */
enum status report_overdue(struct db *db, const char *owner, const char *today, int limit,
			   struct report_rows *out);

/*
 * Follow-ups due: logs of owner from the last 30 days whose next follow-up
 * date is today or earlier and after which that customer has had no newer
 * log. The latest first; num: days since the next date (0 = due today).
 */
enum status report_followups_due(struct db *db, const char *owner, const char *today, int limit,
				 struct report_rows *out);

/*
 * rows (with their numbers) ordered by owner, the owners in the order the
 * user list shows them (pinyin for Chinese names), each owner's largest
 * number first (the longest overdue), then by row. Owners no longer among
 * the users come last.
 */
void report_rows_by_rep(struct db *db, struct report_rows *rows);

/* Open deals of owner expected to close on from..to, by close date. */
enum status report_closing(struct db *db, const char *owner, const char *from, const char *to,
			   int limit, struct report_rows *out);

/*
 * Rotting deals: open deals of owner that have stayed in their stage longer
 * than the stage's idle_days allows. num: days in the stage. The longest
 * idle first, among the first matches found (the scan stops after 200).
 */
enum status report_rotting(struct db *db, const char *owner, int limit, struct report_rows *out);

/* Changes made here and not yet synced (sync_pending_count(), the one
 * definition), counted up to 10,000: *more says the count stopped there. */
enum status report_pending_changes(struct db *db, int64_t *count, bool *more);

/* Per local day on from..to, how many activities of owner (NULL: all) are
 * scheduled then (cancelled ones left out). counts has one slot per day
 * (from = counts[0]); ndays is its size. */
enum status report_day_counts(struct db *db, const char *owner, const char *from, const char *to,
			      int *counts, int ndays);

/*
 * Which activities overlap another one in time: overlap[i] is set for acts[i]
 * when its [start, end) meets another's. An activity without an end lasts 30
 * minutes; one without a start (due on a day) or cancelled overlaps nothing.
 */
void report_overlaps(struct record *const *acts, size_t n, bool *overlap);

/* ---- reviews ---- */

/* Deals whose rep asked for the review of a stage reviewed by role
 * ("manager"), the oldest request first. At most limit rows (0: 1000). */
enum status report_reviews(struct db *db, const char *role, int limit, struct report_rows *out);
/* owner's deals whose review was sent back (with the reviewer's reply). */
enum status report_reviews_returned(struct db *db, const char *owner, int limit,
				    struct report_rows *out);
/* How many such requests wait. */
enum status report_reviews_count(struct db *db, const char *role, int64_t *count);

/* ---- funnel and forecast ---- */
/* ---- funnel ---- */

struct funnel_filter {
	const char *owner;     /* user id, or NULL for everyone */
	const char *from, *to; /* close date range (inclusive), NULL for open-ended */
	const char *category;  /* forecast category, or NULL for all */
};

struct funnel_stage {
	char *id, *name;
	int64_t position, probability, idle_days;
	bool won, lost;
	int64_t count;		/* deals in the stage */
	int64_t amount;		/* their amounts, in the funnel's currency (minor units) */
	int64_t weighted;	/* sum of amount x probability / 100 */
	int64_t other_currency; /* deals in other currencies, counted but not summed */
};

struct funnel {
	char currency[4];	     /* the database's default currency */
	int exponent;		     /* its minor-unit digits */
	struct funnel_stage *stages; /* every live stage, in funnel order */
	size_t n;
	int64_t count, amount, weighted; /* over all stages */
};

/* The funnel: per stage, count, amount and weighted amount of the deals that
 * pass the filter (f may be NULL). Caller frees with report_funnel_free(). */
enum status report_funnel(struct db *db, const struct funnel_filter *f, struct funnel *out);
/* The same in steps, so a screen can show the stages first: the live stages
 * with no figures, then the figures of stage i (added to the totals). */
enum status report_funnel_stages(struct db *db, struct funnel *out);
enum status report_funnel_sum(struct db *db, const struct funnel_filter *f, struct funnel *fu,
			      size_t i);
void report_funnel_free(struct funnel *fu);

/* The forecast per rep and category: src/report/forecast.h. */

/* ---- one customer ---- */

/*
 * Activities about a customer: for an account, its own, its contacts' and its
 * deals'; for another type, its own. upcoming: planned ones from today on,
 * soonest first; else done and cancelled ones, latest first.
 */
enum status report_customer_activities(struct db *db, const struct entity *type, const char *id,
				       bool upcoming, int limit, struct report_rows *out);

/* The follow-up timeline of a customer (as above for an account), latest
 * first. */
enum status report_customer_followups(struct db *db, const struct entity *type, const char *id,
				      int limit, struct report_rows *out);

/* Deals of a customer: an account's, a contact's (those of its account that
 * name it as their contact), a lead's (the one it was converted to), or the
 * deal itself. open: open deals, else won and lost ones. num: 1 for won. */
enum status report_customer_deals(struct db *db, const struct entity *type, const char *id,
				  bool open, int limit, struct report_rows *out);

/*
 * Existing records a lead's conversion could link instead of creating new
 * ones: accounts named like its company, contacts named like the lead or
 * sharing its email or phone. At most 8 of each, best first.
 */
enum status report_duplicates(struct db *db, const struct record *lead,
			      struct report_rows *accounts, struct report_rows *contacts);

/*
 * Which look-alikes a lead's conversion links by default (indexes into the
 * rows of report_duplicates(), -1 for "create"): the account of the same
 * company (report_same_company()); the contact with the lead's email or
 * phone, else of its name at that account (at any account when the lead
 * names no company); and the account of that contact rather than a new
 * copy of it.
 */
void report_duplicates_default(const struct record *lead, const struct report_rows *accounts,
			       const struct report_rows *contacts, int *account, int *contact);

/* Whether two company names name the same company: equal once case,
 * blanks, punctuation and legal forms (Ltd, GmbH, 有限公司, ...) are set
 * aside. */
bool report_same_company(const char *a, const char *b);

/* Why report_record_duplicates() found a record (its num). */
enum report_dup_reason {
	REPORT_DUP_MOBILE = 1,	 /* a contact with the same mobile number */
	REPORT_DUP_EMAIL,	 /* a contact with the same email */
	REPORT_DUP_NAME_ACCOUNT, /* a contact of the same name at the same account */
	REPORT_DUP_COMPANY,	 /* an account of the same company */
};

/*
 * The duplicate rule for a record about to be added (or edited: r itself
 * is skipped): live contacts with the same mobile (as digits, with or
 * without a country code) or email (case ignored), or of the same name at
 * the same account; accounts of the same company. At most 8, each with its
 * reason (enum report_dup_reason) in out->num. Other types have none.
 */
enum status report_record_duplicates(struct db *db, const struct record *r,
				     struct report_rows *out);
/* What a reason of report_record_duplicates() says, translated. */
const char *report_dup_reason_text(int64_t why);

#endif
