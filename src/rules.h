/* rules.h - the business rules of each record type, in one table.
 *
 * The descriptor tables (entity.c) say what a record is; the rules say what
 * a write must also do or refuse, and live in the file of their type:
 *   user.c         user_rule
 *   lead.c         lead_rule, campaign_rule
 *   opportunity.c  opportunity_rule, opportunity_after, stage_rule
 *   activity.c     activity_rule, followup_rule, followup_after
 *   adjustment.c   adjustment_rule (declared in adjustment.h)
 *   account.c      account_rule (declared in account.h)
 *   consent.c      consent_rule (declared in consent.h)
 *   setting.c      setting_rule (declared in setting.h)
 *   nurture.c      nurture_lead_after (nurture.h; lead_rule and followup_after
 *                  call its other hooks)
 * rules.c maps each type to its rules; the generic record layer (record.c)
 * asks rules_of() before and after it writes a row. entity.c knows none of
 * them, so the descriptors depend on nothing but themselves.
 */
#ifndef SALESTERM_RULES_H
#define SALESTERM_RULES_H

struct db;
struct entity;
struct record;

/* Rules a record type adds on top of the generic validation, run inside the
 * write transaction. old is NULL for a new record. Return ST_OK or a status
 * set with status_set(). */
typedef int (*rule_fn)(struct db *db, struct record *rec, const struct record *old);

struct rules {
	rule_fn before; /* before the row is written, or NULL */
	rule_fn after;	/* after it is written (history, follow-on records), or NULL */
};

/* The rules of type e (both NULL for a type with none). */
const struct rules *rules_of(const struct entity *e);

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
