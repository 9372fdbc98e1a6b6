/* touch.c - planning a touch of a customer at risk (rules: touch.h). */
#include "touch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "entity.h"
#include "i18n.h"
#include "record.h"
#include "report/churn.h"
#include "xalloc.h"

void touch_clear(struct touch *t)
{
	free(t->activity_id);
	free(t->account_id);
	free(t->account_name);
	free(t->contact_name);
	free(t->owner);
	memset(t, 0, sizeof(*t));
}

enum status touch_schedule(struct db *db, const char *account, const char *when, struct touch *out)
{
	struct record *acc = NULL, *act = NULL;
	char today[11], planned[11], *contact_id = NULL, *subject = NULL;
	int blocked = 0;
	enum status st;

	memset(out, 0, sizeof(*out));
	clock_today(today);
	if (when == NULL)
		snprintf(out->due, sizeof(out->due), "%s", today);
	else if (!clock_parse_date_word(when, today, out->due))
		return status_set(ST_INVALID,
				  _("touch: \"%s\" is not a date (YYYY-MM-DD, today, tomorrow, "
				    "+3d, mon)"),
				  when);
	if (strcmp(out->due, today) < 0)
		return status_set(ST_INVALID, _("touch: %s is in the past"), out->due);
	st = record_find(db, &entity_account, account, &acc);
	if (st != ST_OK)
		return st;
	out->account_id = xstrdup(acc->id);
	out->account_name = xstrdup(record_name(acc));
	if (acc->deleted) {
		st = status_set(ST_INVALID, _("touch: account \"%s\" is deleted"),
				out->account_name);
		goto out;
	}
	st = report_churn_next_touch(db, acc->id, today, planned);
	if (st == ST_OK && *planned)
		st = status_set(ST_DUPLICATE,
				_("touch: \"%s\" already has an activity planned on %s"),
				out->account_name, planned);
	if (st == ST_OK)
		st = report_churn_contact(db, acc->id, &contact_id, &out->contact_name, &blocked);
	if (st == ST_OK && contact_id == NULL && blocked > 0)
		st = status_set(ST_INVALID,
				_("touch: every contact of \"%s\" asked not to be contacted "
				  "(do_not_contact)"),
				out->account_name);
	if (st != ST_OK)
		goto out;
	subject = out->contact_name ? xasprintf(_("Keep the customer: call %s (%s)"),
						out->contact_name, out->account_name)
				    : xasprintf(_("Keep the customer: call %s"), out->account_name);
	act = record_new(&entity_activity);
	record_set(act, "kind", "call");
	record_set(act, "subject", subject);
	record_set(act, "due", out->due);
	record_set(act, "related", contact_id ? contact_id : acc->id);
	if (acc->owner)
		act->owner = xstrdup(acc->owner);
	st = record_insert(db, act);
	if (st == ST_OK) {
		out->activity_id = xstrdup(act->id);
		out->owner = act->owner ? xstrdup(act->owner) : NULL;
	}
out:
	free(subject);
	free(contact_id);
	record_free(&act);
	record_free(&acc);
	return st;
}
