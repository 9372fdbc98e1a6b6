/* activity.c - rules of schedule items, and completing them. */
#include "activity.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "nurture.h"
#include "rules.h"
#include "xalloc.h"

int activity_rule(struct db *db, struct record *rec, const struct record *old)
{
	const char *start = record_get(rec, "start"), *end = record_get(rec, "end");

	(void)db;
	(void)old;
	if (start == NULL && record_get(rec, "due") == NULL)
		return status_set(ST_INVALID, _("activity \"%s\": needs a start or a due date"),
				  record_name(rec));
	if (end && start == NULL)
		return status_set(ST_INVALID, _("activity \"%s\": end: needs a start"),
				  record_name(rec));
	/* UTC ISO-8601 strings of one form compare like the times they stand for. */
	if (start && end && strcmp(end, start) < 0)
		return status_set(ST_INVALID, _("activity \"%s\": end: is before the start"),
				  record_name(rec));
	return ST_OK;
}

/* The follow-up channel that matches an activity kind. */
static const char *channel_of(const char *kind)
{
	static const char *const map[][2] = {
		{ "call", "call" },   { "meeting", "meeting" }, { "visit", "visit" },
		{ "email", "email" }, { "task", "other" },
	};
	size_t i;

	for (i = 0; kind && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], kind) == 0)
			return map[i][1];
	return "other";
}

enum status activity_complete(struct db *db, const char *id, struct activity_done *done)
{
	struct record *act = NULL, *log = NULL;
	char now[21];
	enum status st;

	st = record_find(db, &entity_activity, id, &act);
	if (st != ST_OK)
		return st;
	if (act->deleted || strcmp(record_get(act, "status"), "planned") != 0) {
		st = status_set(ST_INVALID,
				_("activity \"%s\" is %s; only a planned activity can be "
				  "completed"),
				record_name(act),
				act->deleted ? _("deleted") : record_get(act, "status"));
		record_free(&act);
		return st;
	}
	st = db_begin(db);
	if (st != ST_OK) {
		record_free(&act);
		return st;
	}
	record_set(act, "status", "done");
	st = record_update(db, act);
	if (st == ST_OK) {
		clock_iso_utc(clock_now(), now);
		log = record_new(&entity_followup);
		record_set(log, "related", record_get(act, "related"));
		record_set(log, "activity", act->id);
		record_set(log, "at", now);
		record_set(log, "channel", channel_of(record_get(act, "kind")));
		if (done->notes)
			st = record_input(db, log, "notes", done->notes);
		if (st == ST_OK && done->outcome)
			st = record_input(db, log, "outcome", done->outcome);
		if (st == ST_OK && done->next_date)
			st = record_input(db, log, "next_date", done->next_date);
		if (st == ST_OK)
			st = record_insert(db, log);
	}
	if (st == ST_OK) {
		done->followup_id = xstrdup(log->id);
		st = db_commit(db);
	} else {
		db_rollback(db);
	}
	if (st == ST_OK && done->next_date) {
		/* followup_after() scheduled it: the newest activity of this database. */
		sqlite3_stmt *q = db_prepare(db, "SELECT id FROM activity ORDER BY n DESC LIMIT 1");

		if (q && sqlite3_step(q) == SQLITE_ROW)
			done->next_id = db_column_strdup(q, 0);
		if (q)
			sqlite3_reset(q);
	}
	record_free(&log);
	record_free(&act);
	return st;
}

int followup_rule(struct db *db, struct record *rec, const struct record *old)
{
	const char *at = record_get(rec, "at"), *next = record_get(rec, "next_date");

	(void)db;
	/* A log is about a customer; the one written by completing an activity
	 * (a task of no customer) is about that activity. Logs from other clients
	 * (sync) and earlier logs stay as they are: this checks new ones. */
	if (old == NULL && record_get(rec, "related") == NULL &&
	    record_get(rec, "activity") == NULL)
		return status_set(ST_INVALID, "%s",
				  _("follow-up: related: a log needs a customer (an account, "
				    "contact, lead or deal)"));
	if (next && at && strncmp(next, at, 10) < 0)
		return status_set(ST_INVALID,
				  _("follow-up: next_date: %s is before the log itself"), next);
	return ST_OK;
}

/* A log with a next follow-up date schedules that follow-up as an activity;
 * then a log on a nurturing lead schedules its next touch unless that one
 * is it (nurture.h). */
int followup_after(struct db *db, struct record *rec, const struct record *old)
{
	const char *next = record_get(rec, "next_date");
	struct record *act = NULL, *prev = NULL;
	const char *kind = "call";
	char *subject = NULL, *who;
	enum status st;

	if (next == NULL || old != NULL)
		return nurture_after_log(db, rec, old);
	if (record_get(rec, "activity") &&
	    record_load(db, &entity_activity, record_get(rec, "activity"), &prev) == ST_OK)
		kind = record_get(prev, "kind");
	who = record_title_of(db, "customer", record_get(rec, "related"));
	subject = *who ? xasprintf(_("Follow up with %s"), who) : xstrdup(_("Follow up"));
	act = record_new(&entity_activity);
	record_set(act, "kind", strcmp(kind, "task") == 0 ? "call" : kind);
	record_set(act, "subject", subject);
	record_set(act, "due", next);
	record_set(act, "related", record_get(rec, "related"));
	act->owner = xstrdup(rec->owner);
	st = record_insert(db, act);
	free(who);
	free(subject);
	record_free(&act);
	record_free(&prev);
	if (st != ST_OK)
		return st;
	return nurture_after_log(db, rec, old);
}
