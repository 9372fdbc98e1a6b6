/* lead.h - working leads: qualification and conversion. */
#ifndef SALESTERM_LEAD_H
#define SALESTERM_LEAD_H

#include "record.h"

struct lead_conversion {
	const char *account; /* an existing account (id or name) to link, or NULL to create one */
	const char *contact; /* an existing contact to link, or NULL to create one */
	const char *opportunity; /* name of the new deal, or NULL for "<company>: <lead name>" */
	bool no_opportunity;	 /* convert without creating a deal */
	/* Out: ids of the records linked or created. Caller frees. */
	char *account_id, *contact_id, *opportunity_id;
};

/*
 * Convert lead id in one transaction: create (or link) an account from its
 * company, a contact from the person, and an opportunity in the first stage,
 * link them back to the lead and mark it converted. A disqualified or
 * converted lead is refused.
 */
enum status lead_convert(struct db *db, const char *id, struct lead_conversion *conv);

/*
 * Log a touch of lead id in one transaction: insert log (a follow-up log,
 * filled by the caller; its related field is set to the lead, and a next
 * date schedules the next activity) and mark a new lead contacted. When any
 * part is refused (the lead belongs to another rep) nothing is written and
 * log gets no id. *contacted (may be NULL) says whether the status moved.
 */
enum status lead_touch(struct db *db, const char *id, struct record *log, bool *contacted);
void lead_conversion_clear(struct lead_conversion *conv);

#endif
