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
 * How the front end in use tells a user to get a stage's review: hint(role,
 * opportunity id, ctx) returns the text (caller frees) that a refusal for a
 * missing review ends with. The CLI's default names the command
 * ("salesterm opportunity approve ID"); the terminal UI names its key. NULL
 * restores the default. Set once, before any write.
 */
void opportunity_set_review_hint(char *(*hint)(const char *role, const char *id, void *ctx),
				 void *ctx);

/*
 * Move opportunity id to stage (id or name). extra holds field=value pairs
 * written in the same transaction (probability=, lost_reason=, ...).
 */
enum status opportunity_move(struct db *db, const char *id, const char *stage,
			     const struct kv *extra, size_t nextra);

/*
 * Undo a move: put the deal before->id back as it was in before (its stage,
 * probability, category, lost reason and the time it entered that stage),
 * if it is still in stage to, where the move took it. One transaction,
 * recorded as a stage change like any move.
 */
enum status opportunity_move_back(struct db *db, const struct record *before, const char *to);

/*
 * Record the current user's sign-off that lets opportunity id enter stage
 * (NULL: the next stage ahead that needs a review). The user must have the
 * stage's review role.
 */
enum status opportunity_approve(struct db *db, const char *id, const char *stage, const char *note);

/*
 * Would moving opp into stage stage_id be refused for want of a review that
 * the current user cannot give (no sign-off yet, not of the stage's role)?
 */
bool opportunity_needs_review(struct db *db, const struct record *opp, const char *stage_id);

/*
 * A rep asks for the review that stage (id or name) needs: in one
 * transaction, fields (field=value as typed, what the stage requires) are
 * written to deal id, which stays in its stage, and the request is kept with
 * it (review_stage, review_status "requested", review_note note, review_at).
 * Refused (ST_GATE) while the deal lacks what the stage requires.
 */
enum status opportunity_request_review(struct db *db, const char *id, const char *stage,
				       const struct kv *fields, size_t nfields, const char *note);

/*
 * A reviewer answers the request of deal id: approve signs it off and moves
 * the deal into the stage asked for; otherwise it is sent back to the rep
 * with reply (required then). One transaction. The user must have the
 * stage's review role.
 */
enum status opportunity_review(struct db *db, const char *id, bool approve, const char *reply);

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
