/* churn.h - customers drifting away: churn risk, with the reason, the owner
 * and the value at risk (`salesterm report churn`, the Churn screen).
 *
 * A customer is a live account with at least one won deal (a deal in a won
 * stage) closed on or before the reference day: the last day of the period,
 * or today when the period ends later. The period is the current window
 * (default: the 12 months up to today); the previous window is the period
 * before it (report_span_step(-1): as long as the period). A customer is at
 * risk for any of these reasons:
 *   interval  it bought on two days or more, and the days since its last
 *             purchase are more than stretch x its own average interval
 *             ((last - first purchase day) / (purchase days - 1))
 *   revenue   its won revenue in the current window is at most (100 - drop)%
 *             of the previous window's, in a currency (each currency apart)
 *   silence   no follow-up log and no completed activity about it, its
 *             contacts or its deals on the silent days up to the reference
 *             day
 * Value at risk: its won revenue in the current window, in the database's
 * currency; revenue in other currencies is shown apart, never added.
 * Sorted by value at risk, then previous revenue, then name.
 * For a touch the customer's contact to call is proposed: the one logged
 * most recently (then by name), never one marked do_not_contact.
 */
#ifndef SALESTERM_REPORT_CHURN_H
#define SALESTERM_REPORT_CHURN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/registry.h"
#include "status.h"

struct db;

enum churn_reason {
	CHURN_INTERVAL = 1 << 0,
	CHURN_REVENUE = 1 << 1,
	CHURN_SILENCE = 1 << 2,
};

struct churn_options {
	int silent_days;   /* silence after this many days (default 90) */
	int stretch10;	   /* "well past": tenths of the average interval (default 20: 2x) */
	int drop_pct;	   /* revenue falling by this percent or more (default 30) */
	size_t limit;	   /* rows listed (default 50; 0: every customer at risk) */
	const char *today; /* "YYYY-MM-DD" (NULL: clock_today()) */
};

/* The defaults above. */
void churn_options_default(struct churn_options *o);

/* Revenue of one currency in the two windows. */
struct churn_money {
	char currency[4];
	int64_t current, previous;
};

struct churn_account {
	char *id, *name;
	char *owner, *owner_name;   /* NULL: no owner */
	unsigned reasons;	    /* enum churn_reason bits */
	int purchases;		    /* days with a won deal, ever (to the reference day) */
	char last_purchase[11];	    /* its last one */
	int64_t interval10;	    /* average interval in tenths of days; -1: one purchase day */
	int days_since_purchase;    /* reference day - last purchase day */
	int64_t value, previous;    /* the database's currency, current and previous window */
	int64_t change10;	    /* (value - previous) / previous in tenths of a percent */
	bool has_change;	    /* previous > 0 */
	struct churn_money *others; /* other currencies, by code */
	size_t nothers;
	char last_contact[11]; /* local day of the last log or completed activity; "" never */
	int days_silent;       /* reference day - last contact day; -1 never */
	char *contact_id, *contact_name; /* proposed for a touch, or NULL */
	int blocked;			 /* its contacts marked do_not_contact */
	char next_touch[11]; /* the first planned activity about it from today on, or "" */
};

struct churn_report {
	char currency[4];
	int exponent;
	char ref[11];			    /* the reference day */
	char first[11], last[11];	    /* the current window */
	char prev_first[11], prev_last[11]; /* the previous window */
	char silent_since[11];		    /* the first of the silent days */
	struct churn_options opt;	    /* as used */
	size_t customers;		    /* customers in the scope */
	size_t at_risk;			    /* of them at risk (rows may hold fewer) */
	size_t by_reason[3];	    /* at risk for each reason (interval, revenue, silence) */
	int64_t value_at_risk;	    /* over every customer at risk, database's currency */
	struct churn_account *rows; /* the first opt.limit at risk, in order */
	size_t n;
};

/*
 * The churn risk of the customers of scope (NULL: every customer) for the
 * window span, as above. Caller frees with report_churn_free(), also on error.
 */
enum status report_churn(struct db *db, const struct report_span *span,
			 const struct report_scope *scope, const struct churn_options *opt,
			 struct churn_report *out);
void report_churn_free(struct churn_report *r);

/* The reasons as one translated line ("no purchase for 120 days, 3.0x its
 * average 40.0; revenue -45.0%; no contact for 120 days"). Caller frees. */
char *report_churn_reason_text(const struct churn_account *a);

/* The options of `report churn` (--silent, --stretch, --drop, --limit) read
 * from a, checked: ST_INVALID with a message naming the option. */
enum status report_churn_options(const struct report_args *a, struct churn_options *o);

/*
 * For a touch of account id: the contact to call (the one logged most
 * recently, then by name, never one marked do_not_contact; *contact_id NULL
 * when there is none) and how many of its contacts are marked
 * do_not_contact. Caller frees the strings.
 */
enum status report_churn_contact(struct db *db, const char *account_id, char **contact_id,
				 char **contact_name, int *blocked);

/* The first planned activity about account id (it, its contacts, its deals)
 * on today or later: its local day into day ("" if none). */
enum status report_churn_next_touch(struct db *db, const char *account_id, const char *today,
				    char day[11]);

/*
 * The churn risk of one account (id) by the rules above, on the default
 * window (the 12 months up to today) with opt (NULL: the defaults): for the
 * 360-degree view. *customer false (and *out empty) when it has no won deal.
 * Caller frees with report_churn_account_free(), also on error.
 */
enum status report_churn_account(struct db *db, const char *id, const struct churn_options *opt,
				 struct churn_account *out, bool *customer);
void report_churn_account_free(struct churn_account *a);

/*
 * account_touch (data/migrations/0019-churn-nurture-speed.sql), the account of
 * each log and completed activity, kept by triggers on follow-ups,
 * activities, contacts and deals. A bulk load (src/bulk.c) that writes
 * table calls report_touch_suspend() inside its transaction: when table is
 * one of the four and the triggers are not dropped yet (*saved NULL), their
 * text is kept in *saved and they are dropped. report_touch_restore() at
 * the end of the load fills the table from account_touch_recount, makes
 * the triggers again and frees *saved (nothing when it is NULL). Both
 * return an SQLite result code.
 */
struct sqlite3;
int report_touch_suspend(struct sqlite3 *h, const char *table, char **saved);
int report_touch_restore(struct sqlite3 *h, char **saved);

extern const struct report_def report_def_churn;

#endif
