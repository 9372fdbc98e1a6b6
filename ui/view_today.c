/* view_today.c - screen 1: what a rep, or a manager, does today.
 *
 * Data (src/report/agenda.c, src/report/reviews.c): today's schedule, deals
 * expected to close this month and the changes not yet synced come first, so
 * the screen is drawn at once; overdue activities, follow-ups due and deals
 * idle longer than their stage allows ("rotting") follow between keystrokes.
 * A rep's are their own, with their reviews sent back (when any); a
 * manager's day is the team's: the reviews waiting first, then the team's
 * follow-ups due (by rep), deals closing and idle deals. Nurturing leads
 * left past their cadence (src/nurture.h) follow the follow-ups due, when
 * there are some.
 * Keys: Enter open (a deal or customer's 360-degree view, an activity's
 * form), x complete the selected activity, L log a follow-up about the
 * selected line's customer, e edit, d delete; on a review waiting, A
 * approves it and b sends it back with a note.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "clock.h"
#include "entity.h"
#include "flows.h"
#include "form.h"
#include "i18n.h"
#include "money.h"
#include "opportunity.h"
#include "prompt.h"
#include "record.h"
#include "report/marketing.h"
#include "report/report.h"
#include "screens.h"
#include "view.h"
#include "xalloc.h"

#define TODAY_LIMIT 30
#define TAG_REVIEW 1 /* line.tag of a review's line */

enum today_part {
	PART_REVIEWS,
	PART_SCHEDULE,
	PART_OVERDUE,
	PART_DUE,
	PART_NURTURE,
	PART_CLOSING,
	PART_ROTTING,
	PART_COUNT
};

struct today {
	struct report_rows rows[PART_COUNT];
	bool loaded[PART_COUNT];
	int64_t pending;
	bool pending_more, pending_known;
	char date[11];
	bool manager; /* a manager's day: the team's deals and logs, reviews */
};

static const char *const part_titles[PART_COUNT] = {
	[PART_REVIEWS] = N_("Reviews waiting (A approve, b send back)"),
	[PART_SCHEDULE] = N_("Today's schedule"),
	[PART_OVERDUE] = N_("Overdue"),
	[PART_DUE] = N_("Follow-ups due"),
	[PART_NURTURE] = N_("Nurturing leads overdue for a touch"),
	[PART_CLOSING] = N_("Deals closing this month"),
	[PART_ROTTING] = N_("Rotting deals (idle longer than their stage allows)"),
};

/* A line in the columns when, kind, what, who and a right-aligned figure;
 * item4() leaves the kind empty. */
static struct line *item5(struct view *v, const char *when, const char *kind, const char *what,
			  const char *who, const char *figure)
{
	return view_add(v, LINE_ITEM, DA_NORMAL, 5,
			(const char *const[]){ when, kind, what, who, figure });
}

static struct line *item4(struct view *v, const char *a, const char *b, const char *c,
			  const char *d)
{
	return item5(v, a, "", b, c, d);
}

/* A manager's Today is the team's. */
static const char *const team_titles[PART_COUNT] = {
	[PART_REVIEWS] = N_("Reviews sent back to you"),
	[PART_DUE] = N_("Follow-ups due, by rep"),
	[PART_CLOSING] = N_("The team's deals closing this month"),
	[PART_ROTTING] = N_("The team's deals idle past their stage's limit"),
};

/* The order of the sections. A manager's day starts with the reviews
 * waiting for them; a rep's with the day's schedule, the reviews sent back
 * to them coming after what is due (a rep with many sent back would
 * otherwise not see the day's plan on the first screen). */
static const int manager_order[PART_COUNT] = {
	PART_REVIEWS, PART_SCHEDULE, PART_OVERDUE, PART_DUE,
	PART_NURTURE, PART_CLOSING,  PART_ROTTING,
};
static const int rep_order[PART_COUNT] = {
	PART_SCHEDULE, PART_OVERDUE, PART_DUE,	   PART_REVIEWS,
	PART_NURTURE,  PART_CLOSING, PART_ROTTING,
};

static const char *part_title(const struct today *t, int p)
{
	if (p == PART_REVIEWS)
		return _(t->manager ? part_titles[p] : team_titles[p]);
	return _(t->manager && team_titles[p] ? team_titles[p] : part_titles[p]);
}

/* A review asked for: the deal, the stage asked for and its amount, then
 * what the reviewer needs to see: the rep, the next step, the rep's note. */
static void add_review(struct view *v, struct record *r)
{
	struct db *db = v->app->db;
	char *from = record_display(db, r, "stage"), *to = record_display(db, r, "review_stage");
	char *amount = record_display(db, r, "amount"),
	     *who = record_title_of(db, "user", r->owner);
	char *close = xstrdup(record_get(r, "close_date") ? record_get(r, "close_date") : "-");
	char *move = xasprintf("%s -> %s", from, to);
	struct line *l = item4(v, close, record_name(r), move, amount);
	const char *next = record_get(r, "next_step"), *note = record_get(r, "review_note");

	line_set_record(l, &entity_opportunity, r->id);
	l->tag = TAG_REVIEW;
	if (strcmp(record_get(r, "review_status"), "returned") == 0) {
		l->attr = DA_WARN;
		char *why =
		    xasprintf(_("sent back: %s"),
			      record_get(r, "review_reply") ? record_get(r, "review_reply") : "-");

		view_addf(v, LINE_TEXT, DA_DIM, "    %s", why);
		free(why);
	} else {
		/* TRANSLATORS: under a deal sent for review: the rep, the deal's
		 * next step and the rep's note to the reviewer. */
		char *what = xasprintf(_("%s  |  next step: %s  |  note: %s"), *who ? who : "-",
				       next ? next : "-", note ? note : "-");

		view_addf(v, LINE_TEXT, DA_DIM, "    %s", what);
		free(what);
	}
	free(from);
	free(to);
	free(amount);
	free(who);
	free(close);
	free(move);
}

/* The rep a record belongs to, for the team's lists ("" if none). Caller frees. */
static char *owner_name(struct view *v, const struct record *r)
{
	return record_title_of(v->app->db, "user", r->owner);
}

static void add_activity(struct view *v, struct record *r, int64_t late, bool overdue)
{
	struct db *db = v->app->db;
	char *when, *who = record_display(db, r, "related"), *what;
	struct line *l;

	if (overdue) {
		when =
		    xasprintf(ngettext("%lld day late", "%lld days late", late), (long long)late);
	} else if (record_get(r, "start")) {
		char *full = record_display(db, r, "start");

		when = xstrdup(strlen(full) > 11 ? full + 11 : full);
		free(full);
	} else {
		when = xstrdup(_("today"));
	}
	what = record_display(db, r, "kind");
	l = item5(v, when, what, record_name(r), who, i18n_value(record_get(r, "status")));
	if (overdue)
		l->attr = DA_WARN;
	else if (strcmp(record_get(r, "status"), "done") == 0)
		l->attr = DA_GOOD;
	line_set_record(l, &entity_activity, r->id);
	free(when);
	free(who);
	free(what);
}

static void today_build(struct view *v)
{
	struct today *t = v->priv;
	struct db *db = v->app->db;
	int p, keep = v->sel;
	size_t i;

	view_clear(v);
	for (int k = 0; k < PART_COUNT; k++) {
		struct report_rows *rows;

		p = (t->manager ? manager_order : rep_order)[k];
		rows = &t->rows[p];

		if (p == PART_REVIEWS && !t->manager && (!t->loaded[p] || t->rows[p].n == 0))
			continue; /* a rep sees the reviews sent back, when there are some */
		if (p == PART_NURTURE && (!t->loaded[p] || t->rows[p].n == 0))
			continue; /* only when some lead waits */
		if (v->nlines)
			view_addf(v, LINE_TEXT, DA_NORMAL, "%s", "");
		if (!t->loaded[p]) {
			char *head = section_title_state(part_title(t, p), _("looking..."));

			view_addf(v, LINE_SECTION, DA_SECTION, "%s", head);
			free(head);
			continue;
		}
		{
			char *head =
			    section_title(part_title(t, p), rows->n, rows->n == TODAY_LIMIT);

			view_addf(v, LINE_SECTION, DA_SECTION, "%s", head);
			free(head);
		}
		if (rows->n == 0)
			view_addf(v, LINE_TEXT, DA_DIM, "  %s", _("nothing"));
		for (i = 0; i < rows->n; i++) {
			struct record *r = rows->rows[i];
			struct line *l;

			if (p == PART_REVIEWS) {
				add_review(v, r);
			} else if (p == PART_SCHEDULE || p == PART_OVERDUE) {
				add_activity(v, r, rows->num[i], p == PART_OVERDUE);
			} else if (p == PART_NURTURE) {
				char *late = xasprintf(
				    ngettext("%lld day late", "%lld days late", rows->num[i]),
				    (long long)rows->num[i]);
				char *every = xasprintf(
				    _("every %s d"),
				    record_get(r, "cadence") ? record_get(r, "cadence") : "14");
				char *rep = t->manager ? owner_name(v, r) : xstrdup("");
				const char *co = record_get(r, "company");

				l = item5(v, late, _("lead"), record_name(r), co ? co : "",
					  *rep ? rep : every);
				l->attr = DA_WARN;
				line_set_record(l, &entity_lead, r->id);
				free(late);
				free(every);
				free(rep);
			} else if (p == PART_DUE) {
				char *who = record_display(db, r, "related");
				char *when =
				    rows->num[i] == 0
					? xstrdup(_("due today"))
					: xasprintf(_("due %s"), record_get(r, "next_date"));
				const char *o = record_get(r, "outcome");
				/* A manager sees whose follow-up it is. */
				char *rep = t->manager ? owner_name(v, r) : xstrdup("");

				char *channel = record_display(db, r, "channel");

				l = item5(v, when, channel, o ? o : "", who, rep);
				free(channel);
				free(rep);
				if (rows->num[i] > 0)
					l->attr = DA_WARN;
				line_set_record(l, &entity_followup, r->id);
				free(who);
				free(when);
			} else {
				char *stage = record_display(db, r, "stage");
				char *amount = record_display(db, r, "amount");
				char *when = p == PART_ROTTING
						 ? xasprintf(ngettext("%lld day in stage",
								      "%lld days in stage",
								      (unsigned long)rows->num[i]),
							     (long long)rows->num[i])
						 : xstrdup(record_get(r, "close_date"));
				char *rep = t->manager ? owner_name(v, r) : xstrdup("");
				char *name = *rep ? xasprintf("%s (%s)", record_name(r), rep)
						  : xstrdup(record_name(r));

				l = item4(v, when, name, stage, amount);
				free(rep);
				free(name);
				if (p == PART_ROTTING)
					l->attr = DA_WARN;
				line_set_record(l, &entity_opportunity, r->id);
				free(stage);
				free(amount);
				free(when);
			}
		}
	}
	view_addf(v, LINE_TEXT, DA_NORMAL, "%s", "");
	if (!t->pending_known) {
		char *head = section_title_state(_("Sync"), _("looking..."));

		view_addf(v, LINE_SECTION, DA_SECTION, "%s", head);
		free(head);
	} else {
		char *n = count_text(t->pending);

		view_addf(v, LINE_SECTION, DA_SECTION, "%s", _("Sync"));
		if (t->pending) {
			/* TRANSLATORS: the number of changes not yet synced, "+" after
			 * it when there are more than were counted. */
			char *line = xasprintf(
			    ngettext("%s%s change here not yet synced (8: the Sync screen)",
				     "%s%s changes here not yet synced (8: the Sync screen)",
				     (unsigned long)t->pending),
			    n, t->pending_more ? "+" : "");

			view_addf(v, LINE_TEXT, DA_WARN, "  %s", line);
			free(line);
		} else {
			view_addf(v, LINE_TEXT, DA_GOOD, "  %s", _("everything is synced"));
		}
		free(n);
	}
	if (v->app->sync_conflicts > 0)
		view_addf(v, LINE_TEXT, DA_WARN, "  %s",
			  _("conflicts to resolve: changed here and on the server (8: the Sync "
			    "screen)"));
	v->sel = keep;
	view_fix_selection(v);
}

static void today_free_rows(struct today *t)
{
	int p;

	for (p = 0; p < PART_COUNT; p++) {
		report_rows_free(&t->rows[p]);
		t->loaded[p] = false;
	}
}

static void load_part(struct view *v, int p)
{
	struct today *t = v->priv;
	struct db *db = v->app->db;
	const char *me = v->app->me;
	const char *whose = t->manager ? NULL : me; /* the team's, for a manager */
	char first[11], last[11];
	enum status st = ST_OK;

	switch (p) {
	case PART_REVIEWS:
		if (t->manager)
			st = report_reviews(db, "manager", TODAY_LIMIT, &t->rows[p]);
		else if (me)
			st = report_reviews_returned(db, me, TODAY_LIMIT, &t->rows[p]);
		break;
	case PART_SCHEDULE:
		st = report_activities(db, me, t->date, t->date, TODAY_LIMIT, &t->rows[p]);
		break;
	case PART_OVERDUE:
		st = report_overdue(db, me, t->date, TODAY_LIMIT, &t->rows[p]);
		break;
	case PART_DUE:
		st = report_followups_due(db, whose, t->date, TODAY_LIMIT, &t->rows[p]);
		if (st == ST_OK && t->manager && t->rows[p].n > 1)
			report_rows_by_rep(db, &t->rows[p]);
		break;
	case PART_NURTURE:
		st = report_nurture_overdue(db, whose, t->date, TODAY_LIMIT, &t->rows[p]);
		break;
	case PART_CLOSING:
		report_period_bounds(REPORT_MONTH, t->date, 0, first, last);
		st = report_closing(db, whose, first, last, TODAY_LIMIT, &t->rows[p]);
		break;
	case PART_ROTTING:
		st = report_rotting(db, whose, TODAY_LIMIT, &t->rows[p]);
		break;
	}
	if (st != ST_OK && report_stopped()) {
		/* A key came first: this part is read again later. */
		report_rows_free(&t->rows[p]);
		return;
	}
	if (st != ST_OK)
		app_fail(v->app, st);
	t->loaded[p] = true;
}

static void today_open(struct view *v)
{
	struct today *t = v->priv;
	char day[96];

	today_free_rows(t);
	t->manager = v->app->manager && v->app->me; /* not a single-user database */
	clock_today(t->date);
	if (!clock_long_date(t->date, day, sizeof(day)))
		snprintf(day, sizeof(day), "%s", t->date);
	snprintf(v->subtitle, sizeof(v->subtitle), "%s%s%s", day, *v->app->me_name ? "  " : "",
		 v->app->me_name);
	/* when, kind, what, who, and a figure (status, amount) on the right. */
	v->ncols = 5;
	v->flex = 2;
	v->cols[0] = (struct column){ NULL, 17, false }; /* "123 days in stage" */
	v->cols[1] = (struct column){ NULL, 8, false };
	v->cols[2] = (struct column){ NULL, 30, false };
	v->cols[3] = (struct column){ NULL, 24, false };
	v->cols[4] = (struct column){ NULL, 14, true };
	v->cut = 1u << 3; /* the customer may be cut; times, kinds and amounts stay whole */
	/* The parts read through short index ranges come first. */
	load_part(v, PART_REVIEWS);
	load_part(v, PART_SCHEDULE);
	load_part(v, PART_CLOSING);
	t->pending_known = false;
	today_build(v);
}

static bool today_idle(struct view *v)
{
	struct today *t = v->priv;
	int p;

	for (p = 0; p < PART_COUNT; p++) {
		if (!t->loaded[p]) {
			load_part(v, p);
			if (t->loaded[p])
				today_build(v);
			return true;
		}
	}
	if (!t->pending_known) {
		enum status st = report_pending_changes(v->app->db, &t->pending, &t->pending_more);

		if (st != ST_OK && report_stopped())
			return true;
		if (st != ST_OK)
			app_fail(v->app, st);
		t->pending_known = true;
		today_build(v);
	}
	return false;
}

static void today_done(struct view *v)
{
	today_free_rows(v->priv);
}

/* The customer a line is about: a log's or an activity's related record, a deal. */
static char *line_customer(struct view *v)
{
	const struct entity *e;
	const char *id;
	struct record *r = NULL;
	char *out = NULL;

	if (!view_selected(v, &e, &id))
		return NULL;
	if (e == &entity_opportunity)
		return xstrdup(id);
	if (record_load(v->app->db, e, id, &r) == ST_OK)
		out = xstrdup(record_get(r, "related"));
	record_free(&r);
	return out;
}

/* A or b on a review waiting: approve it, or send it back with a note. */
static void review_answer(struct view *v, bool approve)
{
	struct line *l = v->sel < v->nlines ? &v->lines[v->sel] : NULL;
	char *id, *name, *note = NULL;
	enum status st;

	if (l == NULL || l->tag != TAG_REVIEW || l->entity != &entity_opportunity) {
		app_error(v->app, "%s", _("select a review waiting (a manager's Today)"));
		return;
	}
	id = xstrdup(l->id);
	name = record_title_of(v->app->db, "opportunity", id);
	if (!approve) {
		note =
		    prompt_text(v->app, _("Send back, with a note for the rep: "), "", NULL, NULL);
		if (note == NULL || *note == '\0') {
			app_status(v->app, _("\"%s\" still waits for its review"), name);
			goto out;
		}
	}
	st = opportunity_review(v->app->db, id, approve, note);
	if (st != ST_OK) {
		app_fail(v->app, st);
		goto out;
	}
	if (approve)
		app_status(v->app, _("approved \"%s\": signed off and moved into its stage"), name);
	else
		app_status(v->app, _("sent \"%s\" back to its rep"), name);
	app_changed(v->app);
out:
	free(note);
	free(name);
	free(id);
}

static int today_request(struct view *v, enum request req)
{
	const struct entity *e;
	const char *id;
	char *copy;

	switch (req) {
	case REQ_OPEN:
		if (!view_selected(v, &e, &id))
			return VR_HANDLED;
		if (e == &entity_followup) {
			copy = line_customer(v);
			if (copy) {
				const struct entity *type = NULL;
				char *rid = NULL;

				/* related may be any customer type: find which. */
				if (record_resolve(v->app->db, "customer", copy, &rid, &type) ==
				    ST_OK)
					customer_open(v->app, type, rid);
				free(rid);
			}
			free(copy);
			return VR_HANDLED;
		}
		return VR_UNHANDLED;
	case REQ_COMPLETE:
		if (view_selected(v, &e, &id) && e == &entity_activity) {
			copy = xstrdup(id);
			ui_complete_activity(v->app, copy);
			free(copy);
		} else {
			app_error(v->app, "%s", _("select an activity to complete"));
		}
		return VR_HANDLED;
	case REQ_LOG:
		copy = line_customer(v);
		ui_log_followup(v->app, copy, NULL);
		free(copy);
		return VR_HANDLED;
	case REQ_NEW:
		ui_schedule_activity(v->app, NULL, NULL);
		return VR_HANDLED;
	case REQ_REVIEW_APPROVE:
	case REQ_REVIEW_RETURN:
		review_answer(v, req == REQ_REVIEW_APPROVE);
		return VR_HANDLED;
	default:
		return VR_UNHANDLED;
	}
}

const struct view_ops today_ops = {
	.title = N_("Today"),
	.keymap = KM_TODAY,
	.priv_size = sizeof(struct today),
	.open = today_open,
	.request = today_request,
	.idle = today_idle,
	.done = today_done,
	.hints =
	    (const struct view_hint[]){
		HINT("<Enter>", REQ_OPEN, N_("open")),
		HINT("x", REQ_COMPLETE, N_("complete")),
		HINT("L", REQ_LOG, N_("log")),
		HINT("n", REQ_NEW, N_("new activity")),
		HINT(":", REQ_COMMAND, N_("capture")),
		HINT("?", REQ_HELP, N_("help")),
		HINT("q", REQ_QUIT, N_("quit")),
		HINT_END,
	    },
};
