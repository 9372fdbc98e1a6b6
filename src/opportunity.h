/* opportunity.h - moving deals through the funnel, and stage sign-offs.
 *
 * Any change of an opportunity's stage (this API, or a plain edit of its
 * "stage" field) goes through the same rules in opportunity_rule(): the
 * stage's required fields (its key control point), a review by the stage's
 * role, a lost reason for a lost deal; the stage's default probability unless
 * the same write sets one by hand; and a stage_change record for history.
 */
#ifndef SALESTERM_OPPORTUNITY_H
#define SALESTERM_OPPORTUNITY_H

#include <stdbool.h>

#include "record.h"

/*
 * Move opportunity id to stage (id or name). extra holds field=value pairs
 * written in the same transaction (probability=, lost_reason=, ...).
 */
enum status opportunity_move(struct db *db, const char *id, const char *stage,
			     const struct kv *extra, size_t nextra);

/*
 * Record the current user's sign-off that lets opportunity id enter stage
 * (NULL: the next stage ahead that needs a review). The user must have the
 * stage's review role.
 */
enum status opportunity_approve(struct db *db, const char *id, const char *stage, const char *note);

/*
 * The fields opportunity opp lacks to enter stage: the stage's required
 * fields that are empty, and a lost reason for a lost stage, as a
 * NULL-terminated array of field keys; NULL when it lacks nothing. The one
 * definition of a stage's gate: opportunity_rule() refuses a move with it,
 * and the Funnel screen asks it which fields to offer in the form. Caller
 * frees with opportunity_needs_free().
 */
char **opportunity_stage_needs(const struct record *opp, const struct record *stage);
void opportunity_needs_free(char **keys);

/* The first open stage of the funnel (lowest position, neither won nor lost).
 * Caller frees. NULL if there is none. */
char *opportunity_first_stage(struct db *db);

/* The forecast category of a deal at probability (0-100) in a stage that is
 * won, lost or neither: "closed", "omitted", else "commit" from 80 %,
 * "best_case" from 50 %, "pipeline" below. A static string. */
const char *opportunity_category(long probability, bool won, bool lost);

#endif
