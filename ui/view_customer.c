/* view_customer.c - the 360-degree view of one customer.
 *
 * Data: the customer (account, contact, lead or deal), for an account its
 * grade and lifetime value (src/report/abc.h), and, from src/report/customer.c,
 * its contacts, open and closed deals, upcoming and past activities and its
 * follow-up timeline (for an account, those of its contacts and deals too);
 * a contact's marketing consent in force per channel (src/consent.h) and a
 * nurturing lead's cadence and next touch due (src/nurture.h);
 * for an account also its churn risk with the reason and the product lines
 * it has bought and not (src/report/churn.h, wallet.h).
 * Keys: Enter open the selected line (a contact's or a deal's own view, an
 * activity's form), e edit, d delete, L log a follow-up, a schedule an
 * activity, o new deal, x complete the selected activity, Esc back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "clock.h"
#include "consent.h"
#include "entity.h"
#include "flows.h"
#include "form.h"
#include "i18n.h"
#include "money.h"
#include "nurture.h"
#include "record.h"
#include "report/abc.h"
#include "report/churn.h"
#include "report/report.h"
#include "report/wallet.h"
#include "screens.h"
#include "strbuf.h"
#include "view.h"
#include "xalloc.h"

#define SECTION_LIMIT 50
#define PAST_LIMIT 10 /* the latest past activities; the timeline has the rest */

struct customer {
	const struct entity *e;
	char *id;
};

/* The fields shown under the name, per type. */
static const char *const *summary_keys(const struct entity *e)
{
	static const char *const account[] = { "industry", "territory", "phone", "email",
					       "website",  "address",	"tags",	 NULL };
	static const char *const contact[] = { "account", "title",    "mobile", "phone", "email",
					       "channel", "birthday", "tags",	NULL };
	static const char *const lead[] = { "company", "title",	   "status", "rating",
					    "score",   "phone",	   "email",  "source",
					    "channel", "campaign", NULL };
	static const char *const deal[] = { "account",	"contact",     "stage",
					    "amount",	"probability", "close_date",
					    "category", "next_step",   NULL };

	if (e == &entity_account)
		return account;
	if (e == &entity_contact)
		return contact;
	if (e == &entity_lead)
		return lead;
	return deal;
}

static struct line *item4(struct view *v, const char *a, const char *b, const char *c,
			  const char *d)
{
	return view_add(v, LINE_ITEM, DA_NORMAL, 4, (const char *const[]){ a, b, c, d });
}

static void section(struct view *v, const char *title, size_t n)
{
	view_addf(v, LINE_TEXT, DA_NORMAL, "%s", "");
	char *head = section_title(title, n, false);

	view_addf(v, LINE_SECTION, DA_SECTION, "%s", head);
	free(head);
}

/* A section of at most limit rows: "(10+)" when it holds that many, since
 * more may be left out. */
static void section_of(struct view *v, const char *title, size_t n, size_t limit)
{
	view_addf(v, LINE_TEXT, DA_NORMAL, "%s", "");
	char *head = section_title(title, n, n >= limit);

	view_addf(v, LINE_SECTION, DA_SECTION, "%s", head);
	free(head);
}

static void add_deals(struct view *v, const struct report_rows *rows, bool closed)
{
	struct db *db = v->app->db;
	size_t i;

	for (i = 0; i < rows->n; i++) {
		struct record *r = rows->rows[i];
		char *stage = record_display(db, r, "stage"),
		     *amount = record_display(db, r, "amount");
		struct line *l =
		    item4(v, record_name(r), stage, record_get(r, "close_date"), amount);

		if (closed)
			l->attr = rows->num[i] ? DA_GOOD : DA_DIM;
		line_set_record(l, &entity_opportunity, r->id);
		free(stage);
		free(amount);
	}
}

static void add_activities(struct view *v, const struct report_rows *rows)
{
	struct db *db = v->app->db;
	size_t i;

	for (i = 0; i < rows->n; i++) {
		struct record *r = rows->rows[i];
		char *when = record_display(db, r, record_get(r, "start") ? "start" : "due");
		char *what = xasprintf("%s  %s", i18n_value(record_get(r, "kind")), record_name(r));
		struct line *l = item4(v, when, i18n_value(record_get(r, "status")), what,
				       i18n_value(record_get(r, "priority")));

		line_set_record(l, &entity_activity, r->id);
		free(when);
		free(what);
	}
}

static void add_followups(struct view *v, const struct report_rows *rows)
{
	struct db *db = v->app->db;
	size_t i;

	for (i = 0; i < rows->n; i++) {
		struct record *r = rows->rows[i];
		char *at = record_display(db, r, "at"), *who = record_display(db, r, "related");
		const char *outcome = record_get(r, "outcome"), *notes = record_get(r, "notes");
		char *what = xasprintf("%s%s%s", outcome ? outcome : "",
				       outcome && notes ? " - " : "", notes ? notes : "");
		char *next = record_get(r, "next_date")
				 ? xasprintf(_("next %s"), record_get(r, "next_date"))
				 : xstrdup(who);
		struct line *l = item4(v, at, i18n_value(record_get(r, "channel")), what, next);

		line_set_record(l, &entity_followup, r->id);
		free(at);
		free(who);
		free(what);
		free(next);
	}
}

/* An account's churn risk and product lines (issue 14, src/report/churn.h
 * and wallet.h), as "label: value" lines under its summary. */
static void add_churn_and_lines(struct view *v, const char *id)
{
	struct db *db = v->app->db;
	struct churn_account a;
	bool customer = false;
	char *yes = NULL, *no = NULL, *text;

	if (report_churn_account(db, id, NULL, &a, &customer) == ST_OK && customer) {
		text = a.reasons ? report_churn_reason_text(&a) : xstrdup(_("none"));
		view_add(v, LINE_TEXT, a.reasons ? DA_WARN : DA_NORMAL, 2,
			 (const char *const[]){ _("Churn risk:"), text });
		free(text);
	}
	report_churn_account_free(&a);
	if (report_wallet_account(db, id, &yes, &no) == ST_OK && (*yes || *no)) {
		view_add(v, LINE_TEXT, DA_NORMAL, 2,
			 (const char *const[]){ _("Lines bought:"), *yes ? yes : _("none") });
		view_add(v, LINE_TEXT, DA_NORMAL, 2,
			 (const char *const[]){ _("Not bought:"), *no ? no : _("none") });
	}
	free(yes);
	free(no);
}

/* Customer value (src/report/abc.h): the account's grade, as stored and who
 * set it, and its lifetime value with the inputs, one line per currency. */
static void add_value(struct view *v, const struct record *r)
{
	struct db *db = v->app->db;
	const char *seg = record_get(r, "segment"), *hand = record_get(r, "segment_by_hand");
	struct clv_report cr;
	char today[11], *grade;
	size_t i;

	if (seg == NULL)
		grade = xstrdup(_("not graded"));
	else if (hand && strcmp(hand, "1") == 0)
		grade = xasprintf(_("%s (set by hand)"), seg);
	else
		grade = xstrdup(seg);
	view_add(v, LINE_TEXT, DA_NORMAL, 2, (const char *const[]){ _("Grade:"), grade });
	free(grade);
	clock_today(today);
	if (report_clv(db, NULL, r->id, today, CLV_DEFAULT_HORIZON, &cr) != ST_OK) {
		report_clv_free(&cr);
		return;
	}
	if (cr.n == 0)
		view_add(v, LINE_TEXT, DA_DIM, 2,
			 (const char *const[]){ _("CLV:"), _("no won deal yet") });
	for (i = 0; i < cr.n; i++) {
		const struct clv_row *x = &cr.rows[i];
		char *clv = money_text(x->clv, x->currency, MONEY_FULL),
		     *avg = money_text(x->average, x->currency, MONEY_FULL), *text;

		/* TRANSLATORS: a lifetime value and its inputs: average deal x deals a
		 * year x years expected. */
		text = xasprintf(
		    _("%s = %s x %lld.%02lld/yr x %lld.%02lld yrs"), clv, avg,
		    (long long)(x->freq_hundredths / 100), (long long)(x->freq_hundredths % 100),
		    (long long)(x->life_hundredths / 100), (long long)(x->life_hundredths % 100));
		view_add(v, LINE_TEXT, DA_NORMAL, 2, (const char *const[]){ _("CLV:"), text });
		free(clv);
		free(avg);
		free(text);
	}
	report_clv_free(&cr);
}

struct contact_fill {
	struct view *v;
	size_t n;
};

static int contact_row(struct db *db, const struct record *r, void *vctx)
{
	struct contact_fill *c = vctx;
	struct line *l = item4(c->v, record_name(r), record_get(r, "title"), record_get(r, "email"),
			       record_get(r, "mobile"));

	(void)db;
	line_set_record(l, &entity_contact, r->id);
	c->n++;
	return 0;
}

/* Issue 14: the consent in force of a contact (the channels with an
 * entry), and a nurturing lead's cadence and due touch. */
static void marketing_lines(struct view *v, const struct entity *e, const struct record *r)
{
	struct db *db = v->app->db;
	struct strbuf b = STRBUF_INIT;
	const char *label = NULL;
	char today[11];

	if (e == &entity_contact) {
		label = _("Consent:");
		for (size_t i = 0; consent_channel_names[i]; i++) {
			enum consent_state s;
			char *at = NULL, *how = NULL, day[17] = "";

			if (consent_current(db, r->id, consent_channel_names[i], &s, &at, &how) ==
				ST_OK &&
			    s != CONSENT_NEVER) {
				clock_local_text(at, day);
				day[10] = '\0';
				strbuf_addf(&b, "%s%s %s %s%s%s%s", b.len ? i18n_list_sep() : "",
					    i18n_value(consent_channel_names[i]),
					    s == CONSENT_GIVEN ? _("given") : _("withdrawn"), day,
					    how ? " (" : "", how ? how : "", how ? ")" : "");
			}
			free(at);
			free(how);
		}
	} else if (e == &entity_lead && record_get(r, "status") &&
		   strcmp(record_get(r, "status"), "nurturing") == 0) {
		struct nurture_state ns;
		const char *c = record_get(r, "cadence");
		int every = c ? atoi(c) : NURTURE_DEFAULT_CADENCE;

		label = _("Nurture:");
		clock_today(today);
		if (record_get(r, "do_not_contact") &&
		    strcmp(record_get(r, "do_not_contact"), "1") == 0)
			strbuf_addf(&b, _("every %d days; do not contact: no touch"), every);
		else if (nurture_state_of(db, r->id, record_get(r, "nurture_since"), every, today,
					  &ns) == ST_OK)
			strbuf_addf(&b, _("every %d days; next touch due %s%s"), every, ns.due,
				    ns.overdue > 0 ? _(" (overdue)") : "");
	}
	if (label && b.len) {
		struct line *l = view_add(v, LINE_TEXT, DA_NORMAL, 2,
					  (const char *const[]){ label, strbuf_str(&b) });

		if (e == &entity_lead && strstr(strbuf_str(&b), _(" (overdue)")))
			l->attr = DA_WARN;
	}
	strbuf_release(&b);
}

static void customer_load(struct view *v)
{
	struct customer *c = v->priv;
	struct db *db = v->app->db;
	struct record *r = NULL;
	struct report_rows rows = { 0 };
	const char *const *k;
	enum status st;
	struct line *l;

	view_clear(v);
	v->ncols = 4;
	v->flex = 2;
	v->cols[0] = (struct column){ NULL, 22, false };
	v->cols[1] = (struct column){ NULL, 13, false };
	v->cols[2] = (struct column){ NULL, 20, false };
	v->cols[3] = (struct column){ NULL, 16, true };
	st = record_load(db, c->e, c->id, &r);
	if (st != ST_OK) {
		app_fail(v->app, st);
		view_addf(v, LINE_TEXT, DA_ERROR, "%s", _("this record cannot be read"));
		return;
	}
	snprintf(v->subtitle, sizeof(v->subtitle), "%s \"%s\"%s", _(c->e->label), record_name(r),
		 r->deleted ? _(" (deleted)") : "");
	l = view_addf(v, LINE_ITEM, DA_SECTION, "%s", record_name(r));
	line_set_record(l, c->e, r->id);
	for (k = summary_keys(c->e); *k; k++) {
		const struct field *f = entity_field(c->e, *k);
		char *val = record_display(db, r, *k), *label;

		if (*val) {
			label = xasprintf("%s:", _(f->label));
			l = view_add(v, LINE_TEXT, DA_NORMAL, 2,
				     (const char *const[]){ label, val });
			/* A contact's account is one Enter away. */
			if (f->type == FT_REF &&
			    (strcmp(f->ref, "account") == 0 || strcmp(f->ref, "contact") == 0)) {
				l->kind = LINE_ITEM;
				line_set_record(l, entity_find(f->ref), record_get(r, *k));
			}
			free(label);
		}
		free(val);
	}
	if (c->e == &entity_account) {
		add_value(v, r);
		add_churn_and_lines(v, c->id);
	}
	marketing_lines(v, c->e, r);
	if (c->e == &entity_account) {
		struct filter flt = { "account", OP_EQ, c->id };
		struct record_query q = { .filters = &flt, .nfilters = 1, .limit = SECTION_LIMIT };
		struct contact_fill fill = { v, 0 };
		int at;

		section(v, _("Contacts"), 0);
		at = v->nlines - 1;
		record_list(db, &entity_contact, &q, contact_row, &fill);
		free(v->lines[at].cells[0]);
		v->lines[at].cells[0] =
		    section_title(_("Contacts"), fill.n, fill.n == SECTION_LIMIT);
	}
	if (c->e != &entity_opportunity) {
		report_customer_deals(db, c->e, c->id, true, SECTION_LIMIT, &rows);
		section_of(v, _("Open deals"), rows.n, SECTION_LIMIT);
		add_deals(v, &rows, false);
		report_rows_free(&rows);
		report_customer_deals(db, c->e, c->id, false, SECTION_LIMIT, &rows);
		section_of(v, _("Closed deals"), rows.n, SECTION_LIMIT);
		add_deals(v, &rows, true);
		report_rows_free(&rows);
	}
	report_customer_activities(db, c->e, c->id, true, SECTION_LIMIT, &rows);
	section_of(v, _("Upcoming activities"), rows.n, SECTION_LIMIT);
	add_activities(v, &rows);
	report_rows_free(&rows);
	report_customer_followups(db, c->e, c->id, SECTION_LIMIT, &rows);
	section_of(v, _("Follow-up timeline"), rows.n, SECTION_LIMIT);
	add_followups(v, &rows);
	report_rows_free(&rows);
	report_customer_activities(db, c->e, c->id, false, PAST_LIMIT, &rows);
	section_of(v, _("Past activities"), rows.n, PAST_LIMIT);
	add_activities(v, &rows);
	report_rows_free(&rows);
	record_free(&r);
}

static void customer_done(struct view *v)
{
	struct customer *c = v->priv;

	free(c->id);
}

static int customer_request(struct view *v, enum request req)
{
	struct customer *c = v->priv;
	const struct entity *e;
	const char *id;
	char *copy;

	switch (req) {
	case REQ_OPEN:
		if (!view_selected(v, &e, &id))
			return VR_HANDLED;
		if (e == &entity_followup || (e == c->e && strcmp(id, c->id) == 0))
			return VR_HANDLED;
		copy = xstrdup(id);
		if (e == &entity_activity)
			form_edit(v->app, e, copy);
		else
			customer_open(v->app, e, copy);
		free(copy);
		return VR_HANDLED;
	case REQ_LOG:
		ui_log_followup(v->app, c->id, NULL);
		return VR_HANDLED;
	case REQ_SCHEDULE:
		ui_schedule_activity(v->app, c->id, NULL);
		return VR_HANDLED;
	case REQ_NEW_DEAL:
	case REQ_NEW: {
		const char *pre[5] = { NULL };
		struct record *r = NULL;

		if (c->e == &entity_account) {
			pre[0] = "account";
			pre[1] = c->id;
		} else if (c->e == &entity_contact &&
			   record_load(v->app->db, c->e, c->id, &r) == ST_OK) {
			pre[0] = "contact";
			pre[1] = c->id;
			if (record_get(r, "account")) {
				pre[2] = "account";
				pre[3] = record_get(r, "account");
			}
		}
		form_add(v->app, &entity_opportunity, pre, NULL);
		record_free(&r);
		return VR_HANDLED;
	}
	case REQ_COMPLETE:
		if (view_selected(v, &e, &id) && e == &entity_activity) {
			copy = xstrdup(id);
			ui_complete_activity(v->app, copy);
			free(copy);
		} else {
			app_error(v->app, "%s", _("select an activity to complete"));
		}
		return VR_HANDLED;
	default:
		return VR_UNHANDLED;
	}
}

const struct view_ops customer_ops = {
	.title = CN_("view title", "Customer"), /* the 360° view, not a column */
	.keymap = KM_CUSTOMER,
	.priv_size = sizeof(struct customer),
	.open = customer_load,
	.request = customer_request,
	.done = customer_done,
	.hints =
	    (const struct view_hint[]){
		HINT("<Enter>", REQ_OPEN, N_("open")),
		HINT("e", REQ_EDIT, N_("edit")),
		HINT("L", REQ_LOG, N_("log")),
		HINT("a", REQ_SCHEDULE, N_("schedule")),
		HINT("o", REQ_NEW_DEAL, N_("new deal")),
		HINT("x", REQ_COMPLETE, N_("complete")),
		HINT("<Esc>", REQ_BACK, N_("back")),
		HINT("?", REQ_HELP, N_("help")),
		HINT_END,
	    },
};

void customer_open(struct app *a, const struct entity *e, const char *id)
{
	struct view *v = view_new(a, &customer_ops);
	struct customer *c = v->priv;

	c->e = e;
	c->id = xstrdup(id);
	app_push(a, v);
}
