/* nurture.c - the nurture cadence of leads (nurture.h). */
#include "nurture.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "record.h"
#include "xalloc.h"

static bool is(const char *v, const char *want)
{
	return v && strcmp(v, want) == 0;
}

static int cadence_of(const struct record *lead)
{
	const char *c = record_get(lead, "cadence");
	int n = c ? atoi(c) : 0;

	return n > 0 ? n : NURTURE_DEFAULT_CADENCE;
}

/* The local date of a stored UTC instant, else today. */
static void local_day(const char *utc, char out[11])
{
	long long s = clock_utc_seconds(utc);

	if (s < 0)
		clock_today(out);
	else
		clock_date_local((time_t)s, out);
}

static bool has_planned(struct db *db, const char *lead_id)
{
	sqlite3_stmt *st =
	    db_prepare(db, "SELECT 1 FROM activity WHERE related = ?1 AND deleted = 0 "
			   "AND status = 'planned' LIMIT 1");
	bool found;

	if (st == NULL)
		return false;
	db_bind_text(st, 1, lead_id);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

/* Schedule lead's next touch a cadence after day, unless it has a planned
 * activity or is do_not_contact. Inside the caller's transaction. */
static enum status schedule(struct db *db, const struct record *lead, const char *day)
{
	struct record *act;
	char due[11], *subject;
	enum status st;

	if (is(record_get(lead, "do_not_contact"), "1") || has_planned(db, lead->id))
		return ST_OK;
	if (!clock_date_add_days(day, cadence_of(lead), due))
		return ST_OK;
	subject = xasprintf(_("Nurture %s"), record_name(lead));
	act = record_new(&entity_activity);
	record_set(act, "kind",
		   record_get(lead, "phone") == NULL && record_get(lead, "email") ? "email"
										  : "call");
	record_set(act, "subject", subject);
	record_set(act, "due", due);
	record_set(act, "related", lead->id);
	act->owner = lead->owner ? xstrdup(lead->owner) : NULL;
	st = record_insert(db, act);
	free(subject);
	record_free(&act);
	return st;
}

int nurture_lead_rule(struct db *db, struct record *rec, const struct record *old)
{
	char now[21], buf[16];

	(void)db;
	if (!is(record_get(rec, "status"), "nurturing"))
		return ST_OK;
	if (old == NULL || !is(record_get(old, "status"), "nurturing") ||
	    record_get(rec, "nurture_since") == NULL) {
		clock_iso_utc(clock_now(), now);
		record_set(rec, "nurture_since", now);
	}
	if (record_get(rec, "cadence") == NULL) {
		snprintf(buf, sizeof(buf), "%d", NURTURE_DEFAULT_CADENCE);
		record_set(rec, "cadence", buf);
	}
	return ST_OK;
}

int nurture_lead_after(struct db *db, struct record *rec, const struct record *old)
{
	char today[11];

	if (rec->deleted || !is(record_get(rec, "status"), "nurturing"))
		return ST_OK;
	if (old && is(record_get(old, "status"), "nurturing") &&
	    is(record_get(old, "cadence"), record_get(rec, "cadence")) &&
	    is(record_get(old, "do_not_contact"), record_get(rec, "do_not_contact")))
		return ST_OK;
	clock_today(today);
	return schedule(db, rec, today);
}

int nurture_after_log(struct db *db, struct record *log, const struct record *old)
{
	const char *related = record_get(log, "related");
	struct record *lead = NULL;
	char day[11];
	enum status st = ST_OK;

	if (old != NULL || related == NULL || log->deleted)
		return ST_OK;
	if (record_load(db, &entity_lead, related, &lead) != ST_OK)
		return ST_OK; /* not a lead */
	if (!lead->deleted && is(record_get(lead, "status"), "nurturing")) {
		local_day(record_get(log, "at"), day);
		st = schedule(db, lead, day);
	}
	record_free(&lead);
	return st;
}

enum status nurture_start(struct db *db, const char *text, int every, char **next_id)
{
	struct record *lead = NULL;
	const char *status;
	char buf[16];
	enum status st;

	if (next_id)
		*next_id = NULL;
	if (every < 0 || every > 365)
		return status_set(ST_INVALID, "%s",
				  _("lead nurture: --every: a number of days from 1 to 365"));
	st = record_find(db, &entity_lead, text ? text : "", &lead);
	if (st != ST_OK)
		return st;
	status = record_get(lead, "status");
	if (lead->deleted || is(status, "converted") || is(status, "disqualified")) {
		st = status_set(ST_INVALID,
				_("lead \"%s\" is %s; only an open lead can be nurtured"),
				record_name(lead), lead->deleted ? _("deleted") : status);
		record_free(&lead);
		return st;
	}
	st = db_begin(db);
	if (st != ST_OK) {
		record_free(&lead);
		return st;
	}
	record_set(lead, "status", "nurturing");
	if (every > 0) {
		snprintf(buf, sizeof(buf), "%d", every);
		record_set(lead, "cadence", buf);
	}
	st = record_update(db, lead);
	if (st == ST_OK && next_id) {
		sqlite3_stmt *q =
		    db_prepare(db, "SELECT id FROM activity WHERE related = ?1 AND "
				   "deleted = 0 AND status = 'planned' ORDER BY due, n "
				   "LIMIT 1");

		if (q) {
			db_bind_text(q, 1, lead->id);
			if (sqlite3_step(q) == SQLITE_ROW)
				*next_id = db_column_strdup(q, 0);
			sqlite3_reset(q);
		}
	}
	if (st == ST_OK)
		st = db_commit(db);
	else
		db_rollback(db);
	if (st != ST_OK && next_id)
		xfree_null(next_id);
	record_free(&lead);
	return st;
}

void nurture_state_from(const char *last, const char *since, int cadence, const char *today,
			struct nurture_state *out)
{
	char day[11];

	memset(out, 0, sizeof(*out));
	if (last)
		snprintf(out->last, sizeof(out->last), "%s", last);
	local_day(last ? last : since, day);
	if (!clock_date_add_days(day, cadence > 0 ? cadence : NURTURE_DEFAULT_CADENCE, out->due))
		return;
	if (strcmp(today, out->due) > 0)
		out->overdue = clock_days_between(out->due, today);
}

enum status nurture_state_of(struct db *db, const char *lead_id, const char *since, int cadence,
			     const char *today, struct nurture_state *out)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT max(at) FROM followup WHERE related = ?1 AND "
					  "deleted = 0 AND at >= ?2");
	char *last = NULL;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, lead_id);
	db_bind_text(st, 2, since ? since : "");
	if (sqlite3_step(st) == SQLITE_ROW)
		last = db_column_strdup(st, 0);
	sqlite3_reset(st);
	nurture_state_from(last, since, cadence, today, out);
	free(last);
	return ST_OK;
}

int nurture_overdue_days(struct db *db, const char *lead_id, const char *today)
{
	sqlite3_stmt *st =
	    db_prepare(db, "SELECT cadence, nurture_since FROM lead WHERE id = ?1 AND "
			   "deleted = 0 AND status = 'nurturing' AND "
			   "do_not_contact = 0");
	struct nurture_state ns = { .overdue = 0 };
	char *since = NULL;
	int cadence = 0;
	bool found = false;

	if (st == NULL || lead_id == NULL)
		return 0;
	db_bind_text(st, 1, lead_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = true;
		cadence = sqlite3_column_int(st, 0);
		since = db_column_strdup(st, 1);
	}
	sqlite3_reset(st);
	if (found)
		nurture_state_of(db, lead_id, since, cadence, today, &ns);
	free(since);
	return ns.overdue;
}
