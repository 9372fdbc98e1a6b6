/* wallet.h - share of wallet and cross-sell (`salesterm report wallet`).
 *
 * The product lines are those of the catalogue (product.line) and of won
 * deals (opportunity.product_line). A customer is a live account of the
 * scope with a won deal closed on or before the period's last day; it has
 * bought a line when one of those deals names it (at any time up to then).
 * Per line: its buyers, their share of the customers, and the deals won
 * and revenue of the period. Per customer: the lines bought and not bought.
 * Cross-sell, per line: the customers that have not bought it, ranked by
 * how many customers like them bought it - the look-alikes are the customers
 * of the same industry and segment (the A/B/C grade): rate = buyers of the
 * line in that group / customers in the group - then by their revenue in
 * the period, then by name. Only customers whose group holds a buyer are
 * proposed. Revenue is in the database's currency; deals in other
 * currencies count as purchases, never in a sum.
 */
#ifndef SALESTERM_REPORT_WALLET_H
#define SALESTERM_REPORT_WALLET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/registry.h"
#include "status.h"

struct db;

struct wallet_line {
	char *name;
	size_t buyers;	 /* customers that bought it */
	int64_t deals;	 /* won in the period */
	int64_t revenue; /* of those, the database's currency */
	int64_t other;	 /* of those, in other currencies (counted, not summed) */
};

struct wallet_customer {
	char *id, *name, *owner, *industry, *segment; /* owner..segment may be NULL */
	int64_t revenue;			      /* won in the period, database's currency */
	unsigned char *bought;			      /* per line: 1 bought */
	size_t nbought;
};

/* One cross-sell proposal: customer (index) for line. */
struct wallet_pick {
	size_t line, customer;
	size_t lookalike_buyers, group_size; /* rate = buyers / size */
	int64_t rate10;			     /* tenths of a percent */
};

struct wallet_report {
	char currency[4];
	int exponent;
	struct wallet_line *lines; /* sorted by name */
	size_t nlines;
	struct wallet_customer *customers; /* by revenue, then name */
	size_t ncustomers;
	struct wallet_pick *picks; /* per line, best first, at most top each */
	size_t npicks;
	int64_t no_line;	/* won deals of the period naming no product line */
	int64_t other_currency; /* won deals of the period in another currency */
};

/* The wallet of the customers of scope (NULL: all) for span, with at most
 * top proposals per line. Caller frees with report_wallet_free(), also on
 * error. */
enum status report_wallet(struct db *db, const struct report_span *span,
			  const struct report_scope *scope, size_t top, struct wallet_report *out);
void report_wallet_free(struct wallet_report *r);

/* The lines one account (id) has bought (a won deal, ever) and has not, for
 * the 360-degree view: two lists joined by ", " (either may be ""). The
 * lines are the catalogue's and the account's own (the won deals' of every
 * account only when the catalogue names no line). Caller frees both. */
enum status report_wallet_account(struct db *db, const char *id, char **bought, char **not_bought);

extern const struct report_def report_def_wallet;

#endif
