/* flows.c - what several screens do alike: log a follow-up, schedule,
 * complete or reschedule an activity, move a deal through a stage's gate.
 *
 * Each flow opens the form or prompt it needs on top of the current screen,
 * makes one core call (one transaction) and says in the status line what it
 * did. Screens call them (ui/flows.h); none of them knows which screen did.
 */
#include "flows.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "activity.h"
#include "app.h"
#include "clock.h"
#include "entity.h"
#include "form.h"
#include "i18n.h"
#include "lead.h"
#include "opportunity.h"
#include "prompt.h"
#include "record.h"
#include "report/report.h"
#include "xalloc.h"

/* ---- follow-ups ---- */

struct touch_ctx {
	const char *lead_id;
	bool contacted;
};

/* A touch of a lead: the log and the lead's status in one core call. */
static enum status touch_save(struct form *f, void *vctx)
{
	struct touch_ctx *c = vctx;

	return lead_touch(f->a->db, c->lead_id, f->rec, &c->contacted);
}

/* The log form about related (may be NULL) over channel; a touch of a lead
 * when touch is given. */
static bool log_form(struct app *a, const char *related, const char *channel,
		     struct touch_ctx *touch)
{
	static const char *const keys[] = { "related", "at",	    "channel", "outcome",
					    "notes",   "next_date", NULL };
	struct form *f = form_new(a, &entity_followup, NULL, keys);
	char now[21];
	bool saved;

	clock_iso_utc(clock_now(), now);
	form_set(f, "at", now);
	form_set(f, "channel", channel ? channel : "call");
	if (related) {
		form_set(f, "related", related);
		form_focus(f, "outcome");
	}
	free(f->title);
	f->title = xasprintf("%s", _("Log a follow-up (a next date schedules the next activity)"));
	if (touch) {
		f->save = touch_save;
		f->save_ctx = touch;
	}
	saved = form_run(f);
	if (saved) {
		char *who = record_display(a->db, f->rec, "related");

		app_status(a, _("logged a %s with %s%s%s%s"), record_get(f->rec, "channel"), who,
			   record_get(f->rec, "next_date") ? _("; next follow-up ") : "",
			   record_get(f->rec, "next_date") ? record_get(f->rec, "next_date") : "",
			   touch && touch->contacted ? _("; the lead is now contacted") : "");
		free(who);
		app_changed(a);
	}
	form_free(&f);
	return saved;
}

bool ui_log_followup(struct app *a, const char *related, const char *channel)
{
	return log_form(a, related, channel, NULL);
}

bool ui_touch_lead(struct app *a, const char *lead_id)
{
	struct touch_ctx c = { .lead_id = lead_id };

	return log_form(a, lead_id, NULL, &c);
}

/* ---- activities ---- */

bool ui_schedule_activity(struct app *a, const char *related, const char *date)
{
	char *start = date ? xasprintf("%s 09:00", date) : NULL;
	const char *pre[] = { "kind", "call", related ? "related" : NULL, related, NULL, NULL };
	bool saved;

	if (start) {
		int k = related ? 4 : 2;

		pre[k] = "start";
		pre[k + 1] = start;
	}
	saved = form_add(a, &entity_activity, pre, NULL);
	free(start);
	return saved;
}

struct complete_ctx {
	const char *id;
	char *next_id;
	char *next_date;
};

static enum status complete_save(struct form *f, void *vctx)
{
	struct complete_ctx *c = vctx;
	struct activity_done done = { 0 };
	enum status st;

	done.notes = record_get(f->rec, "notes");
	done.outcome = record_get(f->rec, "outcome");
	done.next_date = record_get(f->rec, "next_date");
	st = activity_complete(f->a->db, c->id, &done);
	if (st == ST_OK) {
		c->next_id = done.next_id;
		c->next_date = xstrdup(done.next_date);
		free(done.followup_id);
	}
	return st;
}

bool ui_complete_activity(struct app *a, const char *id)
{
	static const char *const keys[] = { "outcome", "notes", "next_date", NULL };
	struct complete_ctx c = { .id = id };
	struct record *act = NULL;
	struct form *f;
	enum status st = record_load(a->db, &entity_activity, id, &act);
	bool saved;

	if (st != ST_OK) {
		app_fail(a, st);
		return false;
	}
	if (strcmp(record_get(act, "status"), "planned") != 0) {
		app_error(a, _("activity \"%s\" is %s; only a planned one can be completed"),
			  record_name(act), record_get(act, "status"));
		record_free(&act);
		return false;
	}
	f = form_new(a, &entity_followup, NULL, keys);
	free(f->title);
	f->title = xasprintf(_("Done: %s \"%s\". What happened? (a next follow-up date schedules "
			       "it)"),
			     record_get(act, "kind"), record_name(act));
	f->save = complete_save;
	f->save_ctx = &c;
	saved = form_run(f);
	if (saved) {
		if (c.next_id)
			app_status(
			    a, _("completed \"%s\" and logged it; next follow-up scheduled for %s"),
			    record_name(act), c.next_date);
		else
			app_status(a, _("completed \"%s\" and logged it"), record_name(act));
		app_changed(a);
	}
	free(c.next_id);
	free(c.next_date);
	form_free(&f);
	record_free(&act);
	return saved;
}

bool ui_reschedule_activity(struct app *a, const char *id)
{
	struct record *r = NULL;
	enum status st = record_load(a->db, &entity_activity, id, &r);
	const char *start;
	char *now, *text, *input = NULL, today[11], day[11], d[11], hm[6];
	long long dur = -1;
	bool ok = false;

	if (st != ST_OK) {
		app_fail(a, st);
		return false;
	}
	start = record_get(r, "start");
	now = record_display(a->db, r, start ? "start" : "due");
	text = prompt_text(a, _("Reschedule to (2026-11-23 14:30, tomorrow 10:00, +3d, 14:30): "),
			   now, NULL, NULL);
	clock_today(today);
	if (text == NULL || *text == '\0' || strcmp(text, now) == 0) {
		app_status(a, "%s", _("not rescheduled"));
		goto out;
	}
	if (start) {
		if (record_get(r, "end"))
			dur = clock_utc_seconds(record_get(r, "end")) - clock_utc_seconds(start);
		/* A date alone keeps the time of day. */
		if (clock_parse_date_word(text, today, day) && report_local(start, d, hm))
			input = xasprintf("%s %s", day, hm);
		else
			input = xstrdup(text);
		st = record_input(a->db, r, "start", input);
		if (st == ST_OK && dur >= 0) {
			time_t t = (time_t)(clock_utc_seconds(record_get(r, "start")) + dur);
			char iso[21];

			clock_iso_utc(t, iso);
			record_set(r, "end", iso);
		}
	} else {
		/* A time makes it a timed activity; a date moves its due date. */
		input = xstrdup(text);
		if (strchr(text, ':')) {
			st = record_input(a->db, r, "start", input);
			if (st == ST_OK)
				record_set(r, "due", NULL);
		} else {
			st = record_input(a->db, r, "due", input);
		}
	}
	if (st == ST_OK)
		st = record_update(a->db, r);
	if (st == ST_OK) {
		char *when = record_display(a->db, r, record_get(r, "start") ? "start" : "due");

		app_status(a, _("rescheduled \"%s\" to %s"), record_name(r), when);
		free(when);
		app_changed(a);
		ok = true;
	} else {
		app_fail(a, st);
	}
out:
	free(input);
	free(text);
	free(now);
	record_free(&r);
	return ok;
}

/* ---- deals ---- */

/* What deal r lacks to enter the stage (the core's gate), or NULL. Caller
 * frees with opportunity_needs_free(). */
static char **missing_for(struct app *a, const struct record *r, const char *stage_id)
{
	struct record *stage = NULL;
	char **keys;

	if (record_load(a->db, &entity_stage, stage_id, &stage) != ST_OK)
		return NULL;
	keys = opportunity_stage_needs(r, stage);
	record_free(&stage);
	return keys;
}

/* A move into a won or lost stage closes the deal: ask first, naming the deal
 * and its amount. True to go on. */
static bool confirm_close(struct app *a, const struct record *r, const char *stage_id)
{
	struct record *stage = NULL;
	char *amount, *question;
	bool won, yes;

	if (record_load(a->db, &entity_stage, stage_id, &stage) != ST_OK)
		return true; /* the core's gate says why */
	won = strcmp(record_get(stage, "won"), "1") == 0;
	if (!won && strcmp(record_get(stage, "lost"), "1") != 0) {
		record_free(&stage);
		return true;
	}
	amount = record_display(a->db, r, "amount");
	if (*amount)
		/* the amount with its currency's sign: "¥1,270,000.00" */
		question = xasprintf(won ? _("Close \"%s\" (%s) as won?")
					 : _("Close \"%s\" (%s) as lost?"),
				     record_name(r), amount);
	else
		question = xasprintf(won ? _("Close \"%s\" (no amount) as won?")
					 : _("Close \"%s\" (no amount) as lost?"),
				     record_name(r));
	yes = prompt_yesno(a, question);
	free(question);
	free(amount);
	record_free(&stage);
	return yes;
}

struct move_ctx {
	const char *stage_id;
};

static enum status move_save(struct form *f, void *vctx)
{
	struct move_ctx *c = vctx;
	enum status st = record_input(f->a->db, f->rec, "stage", c->stage_id);

	return st == ST_OK ? record_update(f->a->db, f->rec) : st;
}

struct review_ctx {
	const char *stage_id;
	bool asked;
};

/* The note for the reviewer; NULL if the rep cancels. Caller frees. */
static char *review_note(struct app *a)
{
	return prompt_text(a, _("Note to the reviewer (Enter for none): "), "", NULL, NULL);
}

/* The gate form's save when the stage needs a review: what was typed is kept
 * with the deal and the review asked for, in one core call. */
static enum status review_save(struct form *f, void *vctx)
{
	struct review_ctx *c = vctx;
	struct kv *kv = xcalloc((size_t)f->nff + 1, sizeof(*kv));
	char *note;
	enum status st;
	int i;

	for (i = 0; i < f->nff; i++) {
		const struct form_field *ff = &f->ff[i];
		bool picked = ff->ref_id && ff->ref_text && strcmp(ff->ref_text, ff->text) == 0;

		kv[i].key = ff->f->key;
		kv[i].value = picked ? ff->ref_id : ff->text;
	}
	note = review_note(f->a);
	if (note == NULL) {
		free(kv);
		return status_set(ST_INVALID, "%s",
				  _("the review was not asked for; C-s asks again, Esc leaves"));
	}
	st =
	    opportunity_request_review(f->a->db, f->rec->id, c->stage_id, kv, (size_t)f->nff, note);
	c->asked = st == ST_OK;
	free(note);
	free(kv);
	return st;
}

/* A rep moves a deal into a stage that needs someone else's review: keep
 * what the stage requires (asked for in a form when missing) with the deal
 * and ask for the review, which puts it in the reviewers' queue. */
static void ask_review(struct app *a, const struct record *r, const char *stage_id,
		       const char *stage_name, char **missing)
{
	struct record *stage = NULL;
	struct review_ctx c = { .stage_id = stage_id };
	const char *role = "manager";
	char *now = record_display(a->db, r, "stage"), *question, *note;
	enum status st;

	if (record_load(a->db, &entity_stage, stage_id, &stage) == ST_OK &&
	    record_get(stage, "review_role"))
		role = record_get(stage, "review_role");
	if (missing) {
		struct form *f = form_new(a, &entity_opportunity, r, (const char *const *)missing);

		free(f->title);
		f->title = xasprintf(_("\"%s\" needs these and a %s's review for %s (C-s asks)"),
				     record_name(r), role, stage_name);
		f->save = review_save;
		f->save_ctx = &c;
		form_run(f);
		form_free(&f);
	} else {
		question = xasprintf(_("%s needs a %s's review. Ask for it?"), stage_name, role);
		if (prompt_yesno(a, question) && (note = review_note(a)) != NULL) {
			st = opportunity_request_review(a->db, r->id, stage_id, NULL, 0, note);
			if (st != ST_OK)
				app_fail(a, st);
			c.asked = st == ST_OK;
			free(note);
		}
		free(question);
	}
	if (c.asked) {
		app_status(a, _("asked a %s to review \"%s\" for %s; it stays in %s until then"),
			   role, record_name(r), stage_name, now);
		app_changed(a);
	} else if (!a->status_error) {
		app_status(a, _("\"%s\" stays where it was; no review was asked for"),
			   record_name(r));
	}
	free(now);
	record_free(&stage);
}

bool ui_move_deal(struct app *a, const char *id, const char *stage_id)
{
	struct record *r = NULL;
	char **missing, *stage_name = record_title_of(a->db, "stage", stage_id);
	enum status st = record_load(a->db, &entity_opportunity, id, &r);
	bool moved = false;

	if (st != ST_OK) {
		app_fail(a, st);
		free(stage_name);
		return false;
	}
	if (!confirm_close(a, r, stage_id)) {
		app_status(a, _("\"%s\" stays where it was"), record_name(r));
		free(stage_name);
		record_free(&r);
		return false;
	}
	missing = missing_for(a, r, stage_id);
	if (opportunity_needs_review(a->db, r, stage_id)) {
		ask_review(a, r, stage_id, stage_name, missing);
		opportunity_needs_free(missing);
	} else if (missing) {
		/* The stage's gate as a form of what is missing. */
		struct move_ctx c = { stage_id };
		struct form *f = form_new(a, &entity_opportunity, r, (const char *const *)missing);

		free(f->title);
		f->title =
		    xasprintf(_("\"%s\" needs these to enter %s"), record_name(r), stage_name);
		f->save = move_save;
		f->save_ctx = &c;
		moved = form_run(f);
		form_free(&f);
		opportunity_needs_free(missing);
		if (!moved)
			app_status(a, _("\"%s\" stays where it was"), record_name(r));
	} else {
		st = opportunity_move(a->db, r->id, stage_id, NULL, 0);
		if (st != ST_OK)
			app_fail(a, st);
		moved = st == ST_OK;
	}
	if (moved) {
		struct record *after = NULL;

		if (record_load(a->db, &entity_opportunity, id, &after) == ST_OK)
			app_status(a, _("moved \"%s\" to %s (%s%%); u undoes"), record_name(after),
				   stage_name,
				   record_get(after, "probability")
				       ? record_get(after, "probability")
				       : "0");
		record_free(&after);
		app_undo_push_move(a, r, stage_id);
		app_changed(a);
	}
	free(stage_name);
	record_free(&r);
	return moved;
}
