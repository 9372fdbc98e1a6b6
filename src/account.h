/* account.h - the rules of accounts, and their A/B/C grading.
 *
 * An account's grade is its segment (A, B or C). `salesterm account grade`
 * (account_grade()) writes the grades of the A/B/C ranking
 * (src/report/abc.h) into the segments of every live account in one
 * transaction, as local edits that sync like any other. A grade a person set
 * (a form, `account edit ... segment=A`: account_rule() marks it in
 * segment_by_hand) is kept, and listed as kept; clearing the segment by hand
 * clears the mark, so the account is graded again.
 */
#ifndef SALESTERM_ACCOUNT_H
#define SALESTERM_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "report/abc.h"
#include "status.h"

struct db;
struct record;

/* Mark a segment set by hand (a write through the record layer whose
 * segment changed while segment_by_hand did not). */
int account_rule(struct db *db, struct record *rec, const struct record *old);

/* One account account_grade() changed or kept. */
struct grade_change {
	char *id, *name;
	char *from; /* the segment before, NULL for none */
	char to;    /* the grade of the ranking */
};

struct grade_result {
	struct grade_change *changed; /* written (or, in a dry run, to be) */
	size_t nchanged;
	struct grade_change *kept; /* set by hand to another grade than the ranking's */
	size_t nkept;
	size_t unchanged; /* already at their grade */
	int64_t grade[3]; /* accounts per grade after the run, kept ones included */
};

/*
 * Grade every live account by p (its scope is ignored: the ranking is the
 * whole team's) and store each grade in its segment in one transaction: a
 * new revision, dirty, like an edit. Accounts whose grade was set by hand
 * keep it. dry_run: compute and report, write nothing. A manager's job once
 * users exist (ST_DENIED for a rep). Caller frees *out with
 * account_grade_free(), also on error.
 */
enum status account_grade(struct db *db, const struct abc_params *p, bool dry_run,
			  struct grade_result *out);
void account_grade_free(struct grade_result *r);

#endif
