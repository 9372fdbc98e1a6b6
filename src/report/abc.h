/* abc.h - A/B/C grading of accounts by won revenue (Pareto), and the
 * customer lifetime value of each account from its won-deal history.
 *
 * Grading (report_abc(), `salesterm report abc`, `salesterm account grade`):
 *   revenue   the amounts of the deals in a won stage whose close date falls
 *             in the window, in the ranking currency (the database's unless
 *             --currency names another), summed per account; the deals of
 *             the scope (the deal's owner, as every report)
 *   rank      by revenue, highest first; equal revenue by account name, then
 *             id, so the order is stable
 *   grade     A while the revenue of the accounts ranked before it is under
 *             a% of the total (so the account that crosses the line is
 *             still A), B while it is under (a+b)%, else C; accounts with no
 *             revenue are C. Ties: an account with the same revenue as the
 *             one ranked just before it gets that account's grade, so equal
 *             revenue never lands in two grades (A or B may then hold a
 *             little more than their share).
 *   per grade count, revenue, share of the total, won deals, average deal
 *             size (revenue / won deals) and the open pipeline (open deals
 *             of the grade's accounts, any close date, ranking currency).
 * Won deals in other currencies are never added in: they are counted apart
 * per currency with a note.
 *
 * CLV (report_clv(), `salesterm report clv`, the 360-degree view): per
 * account and currency, from the won deals closed up to the as-of date:
 *   deals n, revenue R, average deal R/n, first won date
 *   tenure    years from the first won deal to the as-of date (days /
 *             365.25), at least 1
 *   frequency n / tenure, deals per year
 *   lifetime  the years still expected: as long as it has been a customer
 *             (its tenure), at most the horizon (default 5)
 *   CLV       average deal x frequency x lifetime (= R x lifetime / tenure)
 */
#ifndef SALESTERM_REPORT_ABC_H
#define SALESTERM_REPORT_ABC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/registry.h"
#include "status.h"

struct db;

/* The default Pareto shares, in percent: A the first 80% of revenue, B the
 * next 15%. */
#define ABC_DEFAULT_A 80
#define ABC_DEFAULT_B 15
/* The default CLV horizon, in years. */
#define CLV_DEFAULT_HORIZON 5

struct abc_params {
	const char *from, *to;		  /* the window of close dates, both included */
	int a_pct, b_pct;		  /* 1..99 each, a + b <= 100 */
	const char *currency;		  /* ranking currency, NULL: the database's */
	const struct report_scope *scope; /* NULL: every deal */
};

struct abc_account {
	char *id, *name;
	char *segment; /* stored grade, or NULL */
	bool by_hand;  /* the stored grade was set by hand */
	int64_t deals, revenue, open;
	int64_t cumulative; /* revenue of this account and those ranked before */
	char grade;	    /* 'A', 'B' or 'C' */
};

struct abc_grade {
	int64_t accounts, deals, revenue, open;
};

struct abc_other {
	char currency[4];
	int64_t deals, revenue;
};

struct abc_report {
	char currency[4];
	int exponent;
	int64_t total;		 /* revenue of every ranked account */
	struct abc_account *acc; /* accounts with revenue, ranked */
	size_t n;
	struct abc_grade grade[3]; /* A, B, C (C with the accounts without revenue) */
	struct abc_other *other;   /* won deals in other currencies, by currency */
	size_t nother;
	int64_t no_account; /* won deals of the window that name no account */
	int64_t open_other; /* open deals of graded accounts in other currencies */
};

/* Grade the accounts for p. Caller frees with report_abc_free(), also on
 * error. ST_INVALID for shares out of range or an unknown currency. */
enum status report_abc(struct db *db, const struct abc_params *p, struct abc_report *out);
void report_abc_free(struct abc_report *r);

/* The grade of an account not in r's ranked list: 'C'. The grade of one in
 * it: its grade. */
char report_abc_grade_of(const struct abc_report *r, const char *account_id);

/*
 * The Pareto shares for a report or `account grade`: the --a-share and
 * --b-share options of a (or NULL), else the defaults. ST_INVALID with a
 * message for a share that is not a whole number 1..99, or A + B over 100.
 */
enum status report_abc_shares(const struct report_args *a, int *a_pct, int *b_pct);

struct clv_row {
	char *account, *name;
	char currency[4];
	int exponent;
	int64_t deals, revenue, average;
	char first[11];		   /* first won close date */
	int64_t tenure_hundredths; /* years x 100, at least 100 */
	int64_t freq_hundredths;   /* deals per year x 100 */
	int64_t life_hundredths;   /* years x 100 */
	int64_t clv;		   /* minor units */
};

struct clv_report {
	char currency[4]; /* the database's */
	char as_of[11];
	int horizon;
	struct clv_row *rows; /* the database's currency first, by CLV, then others */
	size_t n;
	size_t nmain;	  /* rows in the database's currency */
	int64_t no_deals; /* accounts of the scope with no won deal */
};

/* CLV per account of the scope (NULL: all) as of as_of ("YYYY-MM-DD"), or
 * of one account (account non-NULL). Caller frees with report_clv_free(),
 * also on error. */
enum status report_clv(struct db *db, const struct report_scope *scope, const char *account,
		       const char *as_of, int horizon, struct clv_report *out);
void report_clv_free(struct clv_report *r);

/* The CLV horizon of a (--horizon), else the default; ST_INVALID unless a
 * whole number of years 1..50. */
enum status report_clv_horizon(const struct report_args *a, int *years);

extern const struct report_def report_def_abc;
extern const struct report_def report_def_clv;

#endif
