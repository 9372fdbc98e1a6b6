/* demo.h - deterministic demo data: a sales team, its customers and a year of selling.
 *
 * demo_generate() fills a new salesterm database with a manager and reps across
 * territories, Chinese and English accounts and contacts, campaigns, products,
 * leads, opportunities spread over the funnel with a year of stage history and
 * sign-offs, and a year of activities and follow-up logs, all indexed for
 * search. The same seed and size give byte-identical rows for the same "now"
 * (clock_now(), pinned with SALESTERM_NOW); dates are relative to today, so the
 * data always looks current. The database starts as one of the reps (meta
 * "current_user").
 */
#ifndef SALESTERM_DEMO_H
#define SALESTERM_DEMO_H

#include <stdint.h>

#include "status.h"

struct db;

/* The largest size demo_generate() accepts. */
#define DEMO_MAX_CONTACTS 10000000

struct demo_options {
	int64_t contacts; /* number of contacts; <= 0 means 2000 */
	uint64_t seed;	  /* any value; DEMO_OPTIONS_DEFAULT uses 1 */
	/* Called now and then with the contacts written so far and the total,
	 * last with done == total; NULL for none. */
	void (*progress)(int64_t done, int64_t total, void *ctx);
	void *ctx;
};

/* clang-format off */
#define DEMO_OPTIONS_DEFAULT { .contacts = 2000, .seed = 1 }
/* clang-format on */

/* What demo_generate() wrote, per type; total is the sum. */
struct demo_stats {
	int64_t users, accounts, contacts, leads, opportunities, stage_changes, approvals,
	    activities, followups, campaigns, products, histories, snapshots, adjustments, consents,
	    total;
};

/*
 * Fill db (opened and migrated by db_open(), with no records yet) with demo
 * data; opt NULL means DEMO_OPTIONS_DEFAULT. Refuses with ST_INVALID and a
 * message if the database already holds records or lacks the default funnel
 * stages. Everything is one transaction: on failure (disk full, ...) nothing is
 * written. While it runs, the file uses a rollback journal instead of WAL when
 * no other connection has it open (much less to write for a new database), and
 * a larger page cache; both are set back afterwards. With two or more CPUs and
 * a database file, a second thread builds the search indexes in a scratch file
 * beside it (FILE-demo-XXXXXX, removed on success and on failure) whose index
 * tables are copied in within the same transaction. Prints nothing. stats
 * (may be NULL) gets the counts written (zeros on failure). Returns ST_OK or a
 * status set with status_set().
 */
enum status demo_generate(struct db *db, const struct demo_options *opt, struct demo_stats *stats);

#endif
