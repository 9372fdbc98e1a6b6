/* consent.c - marketing consent per channel (consent.h has the rules). */
#include "consent.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "record.h"
#include "user.h"
#include "xalloc.h"

const char *const consent_channel_names[] = { "email", "phone", "sms", "post", NULL };

const char *consent_channel_of(const char *how)
{
	static const char *const map[][2] = {
		{ "email", "email" },  { "phone", "phone" }, { "call", "phone" },
		{ "mobile", "phone" }, { "sms", "sms" },     { "post", "post" },
	};
	size_t i;

	for (i = 0; how && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], how) == 0)
			return map[i][1];
	return NULL;
}

static bool is_channel(const char *c)
{
	for (size_t i = 0; c && consent_channel_names[i]; i++)
		if (strcmp(consent_channel_names[i], c) == 0)
			return true;
	return false;
}

enum status consent_current(struct db *db, const char *contact_id, const char *channel,
			    enum consent_state *state, char **at, char **method)
{
	/* The order of the index consent_current (migration 0012): the newest
	 * first, and on equal times 'withdrawn' before 'given'. */
	sqlite3_stmt *st =
	    db_prepare(db, "SELECT action, at, method FROM consent WHERE contact = ?1 "
			   "AND channel = ?2 AND deleted = 0 ORDER BY at DESC, "
			   "action DESC LIMIT 1");
	int rc;

	*state = CONSENT_NEVER;
	if (at)
		*at = NULL;
	if (method)
		*method = NULL;
	if (!is_channel(channel))
		return status_set(ST_INVALID,
				  _("consent: channel \"%s\": write email, phone, sms or post"),
				  channel ? channel : "");
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, contact_id);
	db_bind_text(st, 2, channel);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(st, 0);

		*state = a && strcmp(a, "withdrawn") == 0 ? CONSENT_WITHDRAWN : CONSENT_GIVEN;
		if (at)
			*at = db_column_strdup(st, 1);
		if (method)
			*method = db_column_strdup(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_error(db, rc, "consent");
}

/* 1: do not contact, 0: may be, -1: no such live contact. */
static int do_not_contact(struct db *db, const char *contact_id)
{
	sqlite3_stmt *st =
	    db_prepare(db, "SELECT do_not_contact FROM contact WHERE id = ?1 AND deleted = 0");
	int r = -1;

	if (st == NULL || contact_id == NULL)
		return -1;
	db_bind_text(st, 1, contact_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		r = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return r;
}

bool consent_may_contact(struct db *db, const char *contact_id, const char *channel)
{
	const char *c = consent_channel_of(channel);
	enum consent_state s;

	if (do_not_contact(db, contact_id) != 0)
		return false;
	if (c == NULL)
		return true;
	return consent_current(db, contact_id, c, &s, NULL, NULL) == ST_OK &&
	       s != CONSENT_WITHDRAWN;
}

bool consent_may_market(struct db *db, const char *contact_id, const char *channel)
{
	const char *c = consent_channel_of(channel);
	enum consent_state s;

	if (c == NULL || do_not_contact(db, contact_id) != 0)
		return false;
	return consent_current(db, contact_id, c, &s, NULL, NULL) == ST_OK && s == CONSENT_GIVEN;
}

int consent_rule(struct db *db, struct record *rec, const struct record *old)
{
	char now[21];

	(void)old;
	if (record_get(rec, "at") == NULL) {
		clock_iso_utc(clock_now(), now);
		record_set(rec, "at", now);
	}
	if (record_get(rec, "user") == NULL) {
		char *me = user_current_id(db);

		if (me)
			record_set(rec, "user", me);
		free(me);
	}
	return ST_OK;
}

enum status consent_record(struct db *db, const struct consent_input *in, int *n)
{
	const char *all[] = { "email", "phone", "sms", "post" };
	const char *const *chans = in->channels;
	size_t nchans = in->nchannels, i;
	struct record *who = NULL;
	char *contact = NULL, now[21];
	enum status st;
	bool began;
	int written = 0;

	if (n)
		*n = 0;
	if (nchans == 0)
		return status_set(ST_INVALID, "%s",
				  _("consent: name a channel: email, phone, sms, post or all"));
	for (i = 0; i < nchans; i++) {
		if (strcmp(chans[i], "all") == 0) {
			chans = all;
			nchans = sizeof(all) / sizeof(all[0]);
			break;
		}
		if (!is_channel(chans[i]))
			return status_set(
			    ST_INVALID,
			    _("consent: channel \"%s\": write email, phone, sms, post "
			      "or all"),
			    chans[i]);
	}
	st = record_find(db, &entity_contact, in->contact ? in->contact : "", &who);
	if (st == ST_OK && who->deleted)
		st = status_set(ST_INVALID, _("contact \"%s\" is deleted"), record_name(who));
	if (st == ST_OK)
		contact = xstrdup(who->id);
	record_free(&who);
	if (st != ST_OK)
		return st;
	clock_iso_utc(clock_now(), now);
	st = db_begin(db);
	began = st == ST_OK;
	for (i = 0; st == ST_OK && i < nchans; i++) {
		struct record *r = record_new(&entity_consent);
		struct kv kv[6];
		size_t k = 0;

		kv[k++] = (struct kv){ "contact", contact };
		kv[k++] = (struct kv){ "channel", chans[i] };
		kv[k++] = (struct kv){ "action", in->withdraw ? "withdrawn" : "given" };
		kv[k++] = (struct kv){ "at", in->at ? in->at : now };
		if (in->method)
			kv[k++] = (struct kv){ "method", in->method };
		if (in->note)
			kv[k++] = (struct kv){ "note", in->note };
		st = record_input_all(db, r, kv, k);
		if (st == ST_OK)
			st = record_insert(db, r);
		if (st == ST_OK)
			written++;
		record_free(&r);
	}
	if (st == ST_OK)
		st = db_commit(db);
	else if (began)
		db_rollback(db);
	if (st == ST_OK && n)
		*n = written;
	free(contact);
	return st;
}
