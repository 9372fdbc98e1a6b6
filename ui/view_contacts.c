/* view_contacts.c - screen 2: contacts, and with Tab, accounts.
 *
 * Data: a keyset-paged list of contacts (or accounts) that opens as fast on a
 * million rows as on ten; search as you type through the search index.
 * Keys: Enter the customer's 360-degree view, n new, e edit, d delete, u undo,
 * / search, f filter, F clear, s sort, r reverse, Tab contacts/accounts,
 * L log a follow-up, a schedule an activity, R the customers at risk of
 * churning (ui/view_churn.c).
 */
#include <stdlib.h>

#include "app.h"
#include "entity.h"
#include "flows.h"
#include "i18n.h"
#include "screens.h"
#include "view.h"
#include "xalloc.h"

static void contacts_open(struct view *v)
{
	if (v->list == NULL) {
		v->list = rlist_new(v->app->db,
				    v->ops == &accounts_ops ? &entity_account : &entity_contact);
		v->list_flex = 0;
	}
}

static int contacts_request(struct view *v, enum request req)
{
	const struct entity *e;
	const char *id;
	char *copy;

	switch (req) {
	case REQ_CHURN:
		churn_open(v->app);
		return VR_HANDLED;
	case REQ_NEXT_PANE:
		app_swap_pane(v->app, v->ops == &contacts_ops ? &accounts_ops : &contacts_ops);
		return VR_HANDLED;
	case REQ_OPEN:
		if (view_selected(v, &e, &id)) {
			copy = xstrdup(id);
			customer_open(v->app, e, copy);
			free(copy);
		}
		return VR_HANDLED;
	case REQ_LOG:
	case REQ_SCHEDULE:
		if (!view_selected(v, &e, &id)) {
			app_error(v->app, "%s", _("nothing selected"));
			return VR_HANDLED;
		}
		copy = xstrdup(id);
		if (req == REQ_LOG)
			ui_log_followup(v->app, copy, NULL);
		else
			ui_schedule_activity(v->app, copy, NULL);
		free(copy);
		return VR_HANDLED;
	default:
		return VR_UNHANDLED;
	}
}

const struct view_ops contacts_ops = {
	.title = N_("Contacts"),
	.keymap = KM_CONTACTS,
	.open = contacts_open,
	.request = contacts_request,
	.hints =
	    (const struct view_hint[]){
		HINT("<Enter>", REQ_OPEN, N_("360")),
		HINT("n", REQ_NEW, N_("new")),
		HINT("e", REQ_EDIT, N_("edit")),
		HINT("d", REQ_DELETE, N_("delete")),
		HINT("/", REQ_SEARCH, N_("search")),
		HINT("f", REQ_FILTER, N_("filter")),
		HINT("s", REQ_SORT, N_("sort")),
		HINT("<Tab>", REQ_NEXT_PANE, N_("accounts")),
		HINT("?", REQ_HELP, N_("help")),
		HINT_END,
	    },
};

const struct view_ops accounts_ops = {
	.title = N_("Accounts"),
	.keymap = KM_CONTACTS,
	.open = contacts_open,
	.request = contacts_request,
	.hints =
	    (const struct view_hint[]){
		HINT("<Enter>", REQ_OPEN, N_("360")),
		HINT("n", REQ_NEW, N_("new")),
		HINT("e", REQ_EDIT, N_("edit")),
		HINT("d", REQ_DELETE, N_("delete")),
		HINT("/", REQ_SEARCH, N_("search")),
		HINT("f", REQ_FILTER, N_("filter")),
		HINT("s", REQ_SORT, N_("sort")),
		HINT("R", REQ_CHURN, N_("churn risk")),
		HINT("<Tab>", REQ_NEXT_PANE, N_("contacts")),
		HINT("?", REQ_HELP, N_("help")),
		HINT_END,
	    },
};
