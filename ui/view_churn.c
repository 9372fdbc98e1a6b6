/* view_churn.c - customers drifting away, opened with R on the Accounts
 * list (2, then Tab).
 *
 * Data: report_churn() (src/report/churn.h) for the 12 months up to today
 * and the scope the current user may see (a manager's team, a rep's own),
 * computed between keys: the customers at risk by value at risk, each with
 * its reasons, owner, the contact a touch would call (never one marked
 * do_not_contact) and the next activity planned.
 * Keys: j/k a customer, t plan a touch (a call for the account's owner, due
 * on the day typed, today by default: touch_schedule(), one transaction),
 * Enter the account's 360-degree view, Esc back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "clock.h"
#include "entity.h"
#include "i18n.h"
#include "layout.h"
#include "prompt.h"
#include "report/churn.h"
#include "report/registry.h"
#include "report/scope.h"
#include "screens.h"
#include "touch.h"
#include "view.h"
#include "xalloc.h"

/* Rows listed: more than a screen, few enough to look up between keys. */
#define CHURN_ROWS 200

struct churn_view {
	bool pending, failed;
};

static void churn_open_cb(struct view *v)
{
	struct churn_view *f = v->priv;

	view_clear(v);
	v->ncols = 0;
	f->pending = true;
	f->failed = false;
	snprintf(v->subtitle, sizeof(v->subtitle), "%s", _("looking..."));
	view_addf(v, LINE_TEXT, DA_DIM, "%s", _("looking for customers at risk..."));
}

static void fill(struct view *v, const struct churn_report *r)
{
	size_t i;

	view_clear(v);
	v->ncols = 6;
	v->flex = 2;
	v->cut = 1u << 0 | 1u << 4;
	v->cols[0] = (struct column){ N_("Account"), 24, false };
	v->cols[1] = (struct column){ N_("Owner"), 10, false };
	v->cols[2] = (struct column){ N_("Reason"), 30, false };
	v->cols[3] = (struct column){ N_("At risk"), 12, true };
	v->cols[4] = (struct column){ N_("Call"), 10, false };
	v->cols[5] = (struct column){ N_("Next touch"), 10, false };
	for (i = 0; i < r->n; i++) {
		const struct churn_account *a = &r->rows[i];
		char *reason = report_churn_reason_text(a);
		char *value = layout_compact(a->value, r->exponent);
		const char *call = a->contact_name ? a->contact_name
				   : a->blocked	   ? _("(do not contact)")
						   : "";
		struct line *l =
		    view_add(v, LINE_ITEM, *a->next_touch ? DA_NORMAL : DA_WARN, 6,
			     (const char *const[]){ a->name, a->owner_name ? a->owner_name : "",
						    reason, value, call, a->next_touch });

		line_set_record(l, &entity_account, a->id);
		free(reason);
		free(value);
	}
	if (r->n == 0)
		view_addf(v, LINE_TEXT, DA_DIM, "%s", _("no customer at risk"));
	snprintf(v->subtitle, sizeof(v->subtitle),
		 _("%zu of %zu customers at risk  %s .. %s  silent %d days"), r->at_risk,
		 r->customers, r->first, r->last, r->opt.silent_days);
	view_fix_selection(v);
}

static bool churn_idle(struct view *v)
{
	struct churn_view *f = v->priv;
	struct report_def def = { .default_period = REPORT_CUSTOM };
	struct report_scope_request req = { 0 };
	struct report_scope scope;
	struct churn_options opt;
	struct report_span span;
	struct churn_report r;
	enum status st;

	if (!f->pending)
		return false;
	report_default_span(&def, &span);
	churn_options_default(&opt);
	opt.limit = CHURN_ROWS;
	st = report_scope_resolve(v->app->db, &req, &scope);
	if (st == ST_OK) {
		st = report_churn(v->app->db, &span, &scope, &opt, &r);
		report_scope_free(&scope);
		if (st != ST_OK && report_stopped()) {
			report_churn_free(&r);
			return true; /* a key came first: computed later */
		}
		if (st == ST_OK)
			fill(v, &r);
		report_churn_free(&r);
	}
	f->pending = false;
	if (st != ST_OK) {
		f->failed = true;
		app_fail(v->app, st);
	}
	return false;
}

/* t: a call for the selected customer's owner, on the day typed. */
static void touch(struct view *v)
{
	const struct entity *e;
	const char *id;
	struct touch t;
	char *when, *copy;
	enum status st;

	if (!view_selected(v, &e, &id) || e != &entity_account) {
		app_error(v->app, "%s", _("select a customer to touch"));
		return;
	}
	copy = xstrdup(id);
	when = prompt_text(v->app, _("Call on: "), _("today"), NULL, NULL);
	if (when == NULL) {
		free(copy);
		return;
	}
	st = touch_schedule(v->app->db, copy, *when ? when : NULL, &t);
	if (st == ST_OK) {
		char *owner = t.owner ? record_title_of(v->app->db, "user", t.owner) : NULL;

		if (t.contact_name)
			app_status(v->app, _("planned a call to %s of %s on %s for %s"),
				   t.contact_name, t.account_name, t.due,
				   owner && *owner ? owner : _("you"));
		else
			app_status(v->app, _("planned a call to %s on %s for %s"), t.account_name,
				   t.due, owner && *owner ? owner : _("you"));
		free(owner);
		app_changed(v->app);
	} else {
		app_fail(v->app, st);
	}
	touch_clear(&t);
	free(when);
	free(copy);
}

static int churn_request(struct view *v, enum request req)
{
	const struct entity *e;
	const char *id;
	char *copy;

	switch (req) {
	case REQ_TOUCH:
		touch(v);
		return VR_HANDLED;
	case REQ_OPEN:
		if (view_selected(v, &e, &id)) {
			copy = xstrdup(id);
			customer_open(v->app, e, copy);
			free(copy);
		}
		return VR_HANDLED;
	default:
		return VR_UNHANDLED;
	}
}

const struct view_ops churn_ops = {
	.title = N_("Churn risk"),
	.keymap = KM_CHURN,
	.priv_size = sizeof(struct churn_view),
	.open = churn_open_cb,
	.request = churn_request,
	.idle = churn_idle,
	.hints =
	    (const struct view_hint[]){
		HINT("t", REQ_TOUCH, N_("plan a touch")),
		HINT("<Enter>", REQ_OPEN, N_("360")),
		HINT("<Esc>", REQ_BACK, N_("back")),
		HINT("?", REQ_HELP, N_("help")),
		HINT_END,
	    },
};

void churn_open(struct app *a)
{
	app_push(a, view_new(a, &churn_ops));
}
