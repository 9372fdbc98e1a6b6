/* lead.c - the rules of leads and their conversion. */
#include "lead.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "nurture.h"
#include "rules.h"
#include "xalloc.h"

static bool is(const char *v, const char *want)
{
	return v && strcmp(v, want) == 0;
}

int lead_rule(struct db *db, struct record *rec, const struct record *old)
{
	const char *status = record_get(rec, "status");

	if (old && is(record_get(old, "status"), "converted") && !is(status, "converted"))
		return status_set(ST_INVALID,
				  _("lead \"%s\" is converted; it cannot go back to %s"),
				  record_name(rec), status);
	if (is(status, "converted") && record_get(rec, "converted_account") == NULL)
		return status_set(ST_INVALID,
				  _("lead \"%s\": use 'salesterm lead convert' to convert "
				    "a lead"),
				  record_name(rec));
	if (is(status, "disqualified") && record_get(rec, "reason") == NULL)
		return status_set(ST_INVALID,
				  _("lead \"%s\": reason: is required to disqualify a "
				    "lead"),
				  record_name(rec));
	return nurture_lead_rule(db, rec, old);
}

void lead_conversion_clear(struct lead_conversion *conv)
{
	xfree_null(&conv->account_id);
	xfree_null(&conv->contact_id);
	xfree_null(&conv->opportunity_id);
}

/* Copy a field from the lead into a new record when the lead has it. */
static void carry(struct record *to, const char *to_key, const struct record *lead,
		  const char *from_key)
{
	const char *v = record_get(lead, from_key);

	if (v)
		record_set(to, to_key, v);
}

enum status lead_convert(struct db *db, const char *id, struct lead_conversion *conv)
{
	struct record *lead = NULL, *acc = NULL, *con = NULL, *opp = NULL;
	const char *company, *status;
	enum status st;
	char *name;

	st = record_find(db, &entity_lead, id, &lead);
	if (st != ST_OK)
		return st;
	status = record_get(lead, "status");
	if (lead->deleted || is(status, "converted") || is(status, "disqualified")) {
		st = status_set(ST_INVALID,
				_("lead \"%s\" is %s; only an open lead can be converted"),
				record_name(lead), lead->deleted ? _("deleted") : status);
		record_free(&lead);
		return st;
	}
	st = db_begin(db);
	if (st != ST_OK) {
		record_free(&lead);
		return st;
	}
	company = record_get(lead, "company");
	if (conv->account) {
		st = record_resolve(db, "account", conv->account, &conv->account_id, NULL);
	} else {
		acc = record_new(&entity_account);
		record_set(acc, "name", company ? company : record_get(lead, "name"));
		carry(acc, "phone", lead, "phone");
		acc->owner = xstrdup(lead->owner);
		st = record_insert(db, acc);
		if (st == ST_OK)
			conv->account_id = xstrdup(acc->id);
	}
	if (st == ST_OK && conv->contact) {
		st = record_resolve(db, "contact", conv->contact, &conv->contact_id, NULL);
	} else if (st == ST_OK) {
		con = record_new(&entity_contact);
		carry(con, "name", lead, "name");
		record_set(con, "account", conv->account_id);
		carry(con, "title", lead, "title");
		carry(con, "phone", lead, "phone");
		carry(con, "email", lead, "email");
		carry(con, "notes", lead, "notes");
		con->owner = xstrdup(lead->owner);
		st = record_insert(db, con);
		if (st == ST_OK)
			conv->contact_id = xstrdup(con->id);
	}
	if (st == ST_OK && !conv->no_opportunity) {
		opp = record_new(&entity_opportunity);
		name = conv->opportunity ? xstrdup(conv->opportunity)
					 : xasprintf("%s: %s", company ? company : _("New deal"),
						     record_get(lead, "name"));
		st = record_input(db, opp, "name", name);
		free(name);
		record_set(opp, "account", conv->account_id);
		record_set(opp, "contact", conv->contact_id);
		record_set(opp, "lead", lead->id);
		opp->owner = xstrdup(lead->owner);
		if (st == ST_OK)
			st = record_insert(db, opp);
		if (st == ST_OK)
			conv->opportunity_id = xstrdup(opp->id);
	}
	if (st == ST_OK) {
		record_set(lead, "converted_account", conv->account_id);
		record_set(lead, "converted_contact", conv->contact_id);
		record_set(lead, "converted_opportunity", conv->opportunity_id);
		record_set(lead, "status", "converted");
		st = record_update(db, lead);
	}
	if (st == ST_OK) {
		st = db_commit(db);
	} else {
		db_rollback(db);
		lead_conversion_clear(conv);
	}
	record_free(&acc);
	record_free(&con);
	record_free(&opp);
	record_free(&lead);
	return st;
}

enum status lead_touch(struct db *db, const char *id, struct record *log, bool *contacted)
{
	struct record *lead = NULL;
	bool moved = false, given_owner;
	enum status st;

	st = record_find(db, &entity_lead, id, &lead);
	if (st != ST_OK)
		return st;
	if (lead->deleted) {
		st = status_set(ST_INVALID, _("lead \"%s\" is deleted"), record_name(lead));
		record_free(&lead);
		return st;
	}
	st = db_begin(db);
	if (st != ST_OK) {
		record_free(&lead);
		return st;
	}
	record_set(log, "related", lead->id);
	given_owner = log->owner != NULL;
	st = record_insert(db, log);
	if (st == ST_OK && is(record_get(lead, "status"), "new")) {
		record_set(lead, "status", "contacted");
		st = record_update(db, lead);
		moved = true;
	}
	if (st == ST_OK) {
		st = db_commit(db);
	} else {
		db_rollback(db);
		xfree_null(&log->id); /* nothing was written: a retry is a new log */
		if (!given_owner)
			xfree_null(&log->owner); /* of whoever retries */
	}
	if (contacted)
		*contacted = st == ST_OK && moved;
	record_free(&lead);
	return st;
}

/* Campaigns are the sources leads come from. */
int campaign_rule(struct db *db, struct record *rec, const struct record *old)
{
	const char *s = record_get(rec, "start_date"), *e = record_get(rec, "end_date");

	(void)db;
	(void)old;
	if (s && e && strcmp(e, s) < 0)
		return status_set(ST_INVALID, _("campaign \"%s\": end_date: is before start_date"),
				  record_name(rec));
	return ST_OK;
}
