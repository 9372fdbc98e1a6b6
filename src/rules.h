/* rules.h - the type-specific rules the generic record layer calls.
 *
 * Each is an entity_rule_fn (entity.h), defined in the file of its type:
 * src/user.c, src/campaign.c, src/lead.c, src/stage.c, src/opportunity.c,
 * src/activity.c, src/followup.c.
 */
#ifndef SALESTERM_RULES_H
#define SALESTERM_RULES_H

struct db;
struct record;

int user_rule(struct db *db, struct record *rec, const struct record *old);
int campaign_rule(struct db *db, struct record *rec, const struct record *old);
int lead_rule(struct db *db, struct record *rec, const struct record *old);
int stage_rule(struct db *db, struct record *rec, const struct record *old);
int opportunity_rule(struct db *db, struct record *rec, const struct record *old);
int activity_rule(struct db *db, struct record *rec, const struct record *old);
int followup_rule(struct db *db, struct record *rec, const struct record *old);
int opportunity_after(struct db *db, struct record *rec, const struct record *old);
int followup_after(struct db *db, struct record *rec, const struct record *old);

#endif
