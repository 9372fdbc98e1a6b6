/* view_leads.c - screen 3: the lead queue, and converting a lead.
 *
 * Data: leads as a keyset-paged list, narrowed by status (Tab: open ones,
 * then each status) and rating (R); the conversion screen shows the account,
 * contact and deal a conversion will create, with existing accounts and
 * contacts that look the same (report_duplicates()) offered for linking.
 * Keys: t log a touch (a new lead becomes contacted), Q qualify, X disqualify
 * (asks the reason), c convert, N nurture (asks the cadence in days; a
 * nurturing lead past its cadence is marked "!" in the left margin), Enter the lead's 360-degree
 * view, n new, e edit, d delete, / search, f filter, s sort. In the conversion screen: j/k move,
 * Space choose, e the deal's name, Enter convert, Esc back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "entity.h"
#include "flows.h"
#include "form.h"
#include "i18n.h"
#include "clock.h"
#include "lead.h"
#include "nurture.h"
#include "prompt.h"
#include "record.h"
#include "report/report.h"
#include "screens.h"
#include "utf8.h"
#include "view.h"
#include "xalloc.h"

/* Status tabs: the open queue, then each status, then all. */
static const char *const status_tabs[] = { NULL,	"new",		"contacted", "nurturing",
					   "qualified", "disqualified", "converted", "*" };
#define NTABS (sizeof(status_tabs) / sizeof(status_tabs[0]))
static const char *const ratings[] = { NULL, "hot", "warm", "cold" };

struct leads {
	size_t tab;
	size_t rating;
};

static void leads_filters(struct view *v)
{
	struct leads *l = v->priv;
	char buf[64];

	rlist_reset_filters(v->list);
	if (status_tabs[l->tab] == NULL) {
		rlist_add_filter(v->list, "status!=converted", true);
		rlist_add_filter(v->list, "status!=disqualified", true);
	} else if (strcmp(status_tabs[l->tab], "*") != 0) {
		snprintf(buf, sizeof(buf), "status=%s", status_tabs[l->tab]);
		rlist_add_filter(v->list, buf, true);
	}
	if (ratings[l->rating]) {
		snprintf(buf, sizeof(buf), "rating=%s", ratings[l->rating]);
		rlist_add_filter(v->list, buf, true);
	}
}

static void leads_open(struct view *v)
{
	struct leads *l = v->priv;

	if (v->list == NULL) {
		v->list = rlist_new(v->app->db, &entity_lead);
		v->list_flex = 0;
		leads_filters(v);
	}
	snprintf(v->subtitle, sizeof(v->subtitle), "%s", "");
	(void)l;
}

/* The lead queue's own subtitle goes before the list's counts. */
static const char *tab_name(struct leads *l)
{
	if (status_tabs[l->tab] == NULL)
		return _("open leads");
	if (strcmp(status_tabs[l->tab], "*") == 0)
		return _("all leads");
	return i18n_value(status_tabs[l->tab]);
}

/* "!" in the left margin of each nurturing lead shown that is overdue. */
static void overdue_marks(struct view *v)
{
	struct rlist *rl = v->list;
	char today[11];
	int row, st = -1, i;

	for (i = 0; i < rl->ncols; i++)
		if (strcmp(rl->cols[i]->key, "status") == 0)
			st = i;
	if (st < 0)
		return;
	clock_today(today);
	for (row = 0; row < rl->nrows && row < v->h - 1; row++) {
		const struct rrow *r = &rl->rows[row];

		if (r->values[st] && strcmp(r->values[st], "nurturing") == 0 &&
		    nurture_overdue_days(v->app->db, r->id, today) > 0)
			draw_text(v->y + 1 + row, 0, 1, "!", row == rl->sel ? DA_CURSOR : DA_WARN);
	}
}

/* Ask the cadence and put the lead in nurturing. */
static void lead_nurture(struct view *v, const char *id)
{
	struct record *r = NULL;
	char *days, *next = NULL, *end = NULL;
	const char *have;
	long n;
	enum status st;

	if (record_load(v->app->db, &entity_lead, id, &r) != ST_OK)
		return;
	have = record_get(r, "cadence");
	days = prompt_text(v->app, _("Nurture every (days): "), have ? have : "14", NULL, NULL);
	if (days == NULL || *days == '\0') {
		app_status(v->app, "%s", _("not nurtured"));
		goto out;
	}
	n = strtol(days, &end, 10);
	if (*end != '\0' || n < 1 || n > 365) {
		app_error(v->app, "%s", _("a number of days from 1 to 365"));
		goto out;
	}
	st = nurture_start(v->app->db, id, (int)n, &next);
	if (st != ST_OK) {
		app_fail(v->app, st);
		goto out;
	}
	if (next)
		app_status(v->app,
			   _("\"%s\" is nurtured every %ld days; the next touch is on the "
			     "schedule"),
			   record_name(r), n);
	else
		app_status(v->app,
			   _("\"%s\" is nurtured every %ld days (no touch scheduled: one "
			     "is planned, or do not contact)"),
			   record_name(r), n);
	app_changed(v->app);
out:
	free(next);
	free(days);
	record_free(&r);
}

static void leads_draw(struct view *v)
{
	struct leads *l = v->priv;
	char *t = xasprintf(_("[%s%s%s]  Tab status  R rating"), tab_name(l),
			    ratings[l->rating] ? ", " : "",
			    ratings[l->rating] ? i18n_value(ratings[l->rating]) : "");
	int x = v->w - utf8_width(t) - 1;

	view_draw_list(v, v->y, v->h, v->w);
	overdue_marks(v);
	if (x > 40)
		draw_text(v->y - 1, x, v->w - x, t, DA_DIM);
	free(t);
}

/* Set a lead's status (and reason); true if written. */
static bool lead_set_status(struct view *v, const char *id, const char *status, const char *reason)
{
	struct record *r = NULL;
	enum status st = record_load(v->app->db, &entity_lead, id, &r);

	if (st == ST_OK && reason)
		st = record_input(v->app->db, r, "reason", reason);
	if (st == ST_OK)
		st = record_input(v->app->db, r, "status", status);
	if (st == ST_OK)
		st = record_update(v->app->db, r);
	if (st == ST_OK) {
		app_status(v->app, _("lead \"%s\" is now %s"), record_name(r), status);
		app_changed(v->app);
	} else {
		app_fail(v->app, st);
	}
	record_free(&r);
	return st == ST_OK;
}

static int leads_request(struct view *v, enum request req)
{
	struct leads *l = v->priv;
	const struct entity *e;
	const char *id;
	char *copy, *reason;

	switch (req) {
	case REQ_STATUS_NEXT:
		l->tab = (l->tab + 1) % NTABS;
		leads_filters(v);
		return VR_HANDLED;
	case REQ_RATING_NEXT:
		l->rating = (l->rating + 1) % (sizeof(ratings) / sizeof(ratings[0]));
		leads_filters(v);
		return VR_HANDLED;
	case REQ_FILTER_CLEAR:
		rlist_clear_filters(v->list);
		return VR_HANDLED;
	case REQ_CAMPAIGNS:
		campaigns_open(v->app);
		return VR_HANDLED;
	default:
		break;
	}
	if (req != REQ_LEAD_TOUCH && req != REQ_LEAD_QUALIFY && req != REQ_LEAD_DISQUALIFY &&
	    req != REQ_LEAD_CONVERT && req != REQ_LEAD_NURTURE)
		return VR_UNHANDLED;
	if (!view_selected(v, &e, &id)) {
		app_error(v->app, "%s", _("no lead selected"));
		return VR_HANDLED;
	}
	copy = xstrdup(id);
	switch (req) {
	case REQ_LEAD_TOUCH:
		ui_touch_lead(v->app, copy);
		break;
	case REQ_LEAD_QUALIFY:
		lead_set_status(v, copy, "qualified", NULL);
		break;
	case REQ_LEAD_NURTURE:
		lead_nurture(v, copy);
		break;
	case REQ_LEAD_DISQUALIFY:
		reason = prompt_text(v->app, _("Disqualified because: "), "", NULL, NULL);
		if (reason && *reason)
			lead_set_status(v, copy, "disqualified", reason);
		else
			app_status(v->app, "%s", _("not disqualified: a reason is needed"));
		free(reason);
		break;
	default:
		convert_open(v->app, copy);
		break;
	}
	free(copy);
	rlist_reload(v->list);
	return VR_HANDLED;
}

const struct view_ops leads_ops = {
	.title = N_("Leads"),
	.keymap = KM_LEADS,
	.priv_size = sizeof(struct leads),
	.open = leads_open,
	.draw = leads_draw,
	.request = leads_request,
	.hints =
	    (const struct view_hint[]){
		HINT("t", REQ_LEAD_TOUCH, N_("touch")),
		HINT("Q", REQ_LEAD_QUALIFY, N_("qualify")),
		HINT("X", REQ_LEAD_DISQUALIFY, N_("disqualify")),
		HINT("c", REQ_LEAD_CONVERT, N_("convert")),
		HINT("<Tab>", REQ_STATUS_NEXT, N_("status")),
		HINT("R", REQ_RATING_NEXT, N_("rating")),
		HINT("C", REQ_CAMPAIGNS, N_("campaigns")),
		HINT("N", REQ_LEAD_NURTURE, N_("nurture")),
		HINT("<Enter>", REQ_OPEN, N_("360")),
		HINT("/", REQ_SEARCH, N_("search")),
		HINT("?", REQ_HELP, N_("help")),
		HINT_END,
	    },
};

/* ---- conversion ---- */

enum { GROUP_ACCOUNT, GROUP_CONTACT, GROUP_DEAL, GROUP_COUNT };

struct convert {
	char *lead_id;
	char *deal_name;
	int choice[GROUP_COUNT]; /* option chosen per group: 0 create, 1.. link, for deals 1 none */
	bool chosen;
};

static struct line *option(struct view *v, int group, int index, bool on, const char *text,
			   const char *detail)
{
	char *mark = xasprintf("  (%s) %s", on ? "\xe2\x80\xa2" : " ", text);
	struct line *l = view_add(v, LINE_ITEM, on ? DA_SECTION : DA_NORMAL, 2,
				  (const char *const[]){ mark, detail });

	l->tag = group;
	l->num = index;
	free(mark);
	return l;
}

static void convert_load(struct view *v)
{
	struct convert *c = v->priv;
	struct db *db = v->app->db;
	struct report_rows accs = { 0 }, cons = { 0 };
	struct record *lead = NULL;
	enum status st = record_load(db, &entity_lead, c->lead_id, &lead);
	const char *company, *name;
	char *text;
	size_t i;
	int keep = v->sel;

	view_clear(v);
	v->ncols = 2;
	v->flex = 0;
	v->cols[0] = (struct column){ NULL, 50, false };
	v->cols[1] = (struct column){ NULL, 24, false };
	if (st != ST_OK) {
		app_fail(v->app, st);
		return;
	}
	company = record_get(lead, "company");
	name = record_name(lead);
	snprintf(v->subtitle, sizeof(v->subtitle), _("lead \"%s\"%s%s (%s)"), name,
		 company ? ", " : "", company ? company : "",
		 i18n_value(record_get(lead, "status")));
	st = report_duplicates(db, lead, &accs, &cons);
	if (st != ST_OK)
		app_fail(v->app, st);
	if (c->deal_name == NULL)
		c->deal_name = xasprintf("%s: %s", company ? company : _("New deal"), name);
	if (!c->chosen) {
		/* The core says which look-alikes are the same company and person. */
		int ia, ic;

		report_duplicates_default(lead, &accs, &cons, &ia, &ic);
		c->choice[GROUP_ACCOUNT] = ia + 1;
		c->choice[GROUP_CONTACT] = ic + 1;
		c->chosen = true;
	}
	view_addf(v, LINE_SECTION, DA_SECTION, "%s", _("Account"));
	text = xasprintf(_("create the account \"%s\""), company ? company : name);
	option(v, GROUP_ACCOUNT, 0, c->choice[GROUP_ACCOUNT] == 0, text, "");
	free(text);
	for (i = 0; i < accs.n; i++) {
		struct record *r = accs.rows[i];
		char *detail =
		    xasprintf("%s %s", record_get(r, "territory") ? record_get(r, "territory") : "",
			      record_get(r, "phone") ? record_get(r, "phone") : "");
		struct line *l;

		text = xasprintf(_("link the existing \"%s\""), record_name(r));
		l = option(v, GROUP_ACCOUNT, (int)i + 1, c->choice[GROUP_ACCOUNT] == (int)i + 1,
			   text, detail);
		line_set_record(l, &entity_account, r->id);
		free(text);
		free(detail);
	}
	view_addf(v, LINE_TEXT, DA_NORMAL, "%s", "");
	view_addf(v, LINE_SECTION, DA_SECTION, "%s", _("Contact"));
	text = xasprintf(_("create the contact \"%s\""), name);
	option(v, GROUP_CONTACT, 0, c->choice[GROUP_CONTACT] == 0, text, "");
	free(text);
	for (i = 0; i < cons.n; i++) {
		struct record *r = cons.rows[i];
		char *acc = record_display(db, r, "account");
		char *detail =
		    xasprintf("%s %s", acc, record_get(r, "email") ? record_get(r, "email") : "");
		struct line *l;

		text = xasprintf(_("link the existing \"%s\""), record_name(r));
		l = option(v, GROUP_CONTACT, (int)i + 1, c->choice[GROUP_CONTACT] == (int)i + 1,
			   text, detail);
		line_set_record(l, &entity_contact, r->id);
		free(text);
		free(detail);
		free(acc);
	}
	view_addf(v, LINE_TEXT, DA_NORMAL, "%s", "");
	view_addf(v, LINE_SECTION, DA_SECTION, "%s", _("Opportunity"));
	text = xasprintf(_("create the deal \"%s\" in the first stage"), c->deal_name);
	option(v, GROUP_DEAL, 0, c->choice[GROUP_DEAL] == 0, text, _("e: rename"));
	free(text);
	option(v, GROUP_DEAL, 1, c->choice[GROUP_DEAL] == 1, _("no deal"), "");
	view_addf(v, LINE_TEXT, DA_NORMAL, "%s", "");
	view_addf(v, LINE_TEXT, DA_DIM, "  %s",
		  _("Space chooses the line's option, e renames the deal, Enter converts, Esc goes "
		    "back"));
	report_rows_free(&accs);
	report_rows_free(&cons);
	record_free(&lead);
	v->sel = keep;
	view_fix_selection(v);
}

static void convert_done(struct view *v)
{
	struct convert *c = v->priv;

	free(c->lead_id);
	free(c->deal_name);
}

static const char *option_id(struct view *v, int group)
{
	struct convert *c = v->priv;
	int i;

	for (i = 0; i < v->nlines; i++)
		if (v->lines[i].kind == LINE_ITEM && v->lines[i].tag == group &&
		    v->lines[i].num == c->choice[group])
			return v->lines[i].id;
	return NULL;
}

static int convert_request(struct view *v, enum request req)
{
	struct convert *c = v->priv;
	struct lead_conversion conv = { 0 };
	enum status st;
	char *name;

	switch (req) {
	case REQ_TOGGLE:
		if (v->sel < v->nlines && v->lines[v->sel].kind == LINE_ITEM) {
			c->choice[v->lines[v->sel].tag] = (int)v->lines[v->sel].num;
			convert_load(v);
		}
		return VR_HANDLED;
	case REQ_EDIT:
		name = prompt_text(v->app, _("Deal name: "), c->deal_name, NULL, NULL);
		if (name && *name) {
			free(c->deal_name);
			c->deal_name = name;
			name = NULL;
			convert_load(v);
		}
		free(name);
		return VR_HANDLED;
	case REQ_CONFIRM:
	case REQ_OPEN:
		conv.account = option_id(v, GROUP_ACCOUNT);
		conv.contact = option_id(v, GROUP_CONTACT);
		conv.no_opportunity = c->choice[GROUP_DEAL] == 1;
		conv.opportunity = c->deal_name;
		st = lead_convert(v->app->db, c->lead_id, &conv);
		if (st != ST_OK) {
			app_fail(v->app, st);
			return VR_HANDLED;
		}
		{
			char *acc = record_title_of(v->app->db, "account", conv.account_id);
			char *con = record_title_of(v->app->db, "contact", conv.contact_id);

			if (conv.opportunity_id)
				app_status(
				    v->app,
				    _("converted: account \"%s\", contact \"%s\", deal \"%s\""),
				    acc, con, c->deal_name);
			else
				app_status(v->app, _("converted: account \"%s\", contact \"%s\""),
					   acc, con);
			free(acc);
			free(con);
		}
		lead_conversion_clear(&conv);
		app_changed(v->app);
		app_pop(v->app);
		return VR_HANDLED;
	case REQ_DELETE:
	case REQ_NEW:
		return VR_HANDLED;
	default:
		return VR_UNHANDLED;
	}
}

const struct view_ops convert_ops = {
	.title = N_("Convert lead"),
	.keymap = KM_CONVERT,
	.priv_size = sizeof(struct convert),
	.open = convert_load,
	.request = convert_request,
	.done = convert_done,
	.hints =
	    (const struct view_hint[]){
		HINT("<Space>", REQ_TOGGLE, N_("choose")),
		HINT("e", REQ_EDIT, N_("deal name")),
		HINT("<Enter>", REQ_CONFIRM, N_("convert")),
		HINT("<Esc>", REQ_BACK, N_("back")),
		HINT_END,
	    },
};

void convert_open(struct app *a, const char *lead_id)
{
	struct view *v = view_new(a, &convert_ops);
	struct convert *c = v->priv;

	c->lead_id = xstrdup(lead_id);
	app_push(a, v);
}
