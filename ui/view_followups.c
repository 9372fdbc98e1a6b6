/* view_followups.c - screen 6: the follow-up timeline.
 *
 * Data: every log entry, newest first, as a keyset-paged list; filters narrow
 * it by customer (related=张伟), owner (owner=王磊), channel (channel=visit)
 * and date (at>=2026-11-01).
 * Keys: c log a call, v log a visit, L log anything (a few keystrokes: the
 * customer, the selected log's to start with, then Enter through the rest;
 * a log needs a customer), Enter the customer's
 * 360-degree view, f filter, F clear, / search, d delete, u undo.
 */
#include <stdlib.h>

#include "app.h"
#include "clock.h"
#include "entity.h"
#include "flows.h"
#include "form.h"
#include "i18n.h"
#include "record.h"
#include "screens.h"
#include "view.h"
#include "xalloc.h"

static void followups_open(struct view *v)
{
	if (v->list == NULL) {
		v->list = rlist_new(v->app->db, &entity_followup);
		v->list_flex = 4; /* notes */
	}
}

static int followups_request(struct view *v, enum request req)
{
	const struct entity *e;
	const char *id;
	struct record *r = NULL;

	char *related = NULL;
	bool saved;

	switch (req) {
	case REQ_LOG_CALL:
	case REQ_LOG_VISIT:
	case REQ_LOG:
	case REQ_NEW:
		/* The next log is most often about the customer of the selected one. */
		if (view_selected(v, &e, &id) && record_load(v->app->db, e, id, &r) == ST_OK &&
		    record_get(r, "related"))
			related = xstrdup(record_get(r, "related"));
		record_free(&r);
		saved = ui_log_followup(v->app, related,
					req == REQ_LOG_CALL    ? "call"
					: req == REQ_LOG_VISIT ? "visit"
							       : NULL);
		free(related);
		/* The new log is the newest: show the top of the timeline. */
		if (saved) {
			view_reload(v);
			rlist_first(v->list);
		}
		return VR_HANDLED;
	case REQ_OPEN:
		if (view_selected(v, &e, &id) && record_load(v->app->db, e, id, &r) == ST_OK &&
		    record_get(r, "related")) {
			const struct entity *type = NULL;
			char *rid = NULL;

			if (record_resolve(v->app->db, "customer", record_get(r, "related"), &rid,
					   &type) == ST_OK)
				customer_open(v->app, type, rid);
			free(rid);
		}
		record_free(&r);
		return VR_HANDLED;
	default:
		return VR_UNHANDLED;
	}
}

const struct view_ops followups_ops = {
	.title = N_("Follow-ups"),
	.keymap = KM_FOLLOWUPS,
	.open = followups_open,
	.request = followups_request,
	.hints =
	    (const struct view_hint[]){
		HINT("c", REQ_LOG_CALL, N_("log call")),
		HINT("v", REQ_LOG_VISIT, N_("log visit")),
		HINT("L", REQ_LOG, N_("log")),
		HINT("<Enter>", REQ_OPEN, N_("customer")),
		HINT("f", REQ_FILTER, N_("filter (related=, owner=, channel=, at>=)")),
		HINT("F", REQ_FILTER_CLEAR, N_("clear")),
		HINT("?", REQ_HELP, N_("help")),
		HINT_END,
	    },
};
