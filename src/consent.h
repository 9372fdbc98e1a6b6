/* consent.h - a contact's marketing consent per channel, and who may be
 * contacted.
 *
 * Consent is kept as a history: one append-only `consent` record per act of
 * giving or withdrawing it on a channel (email, phone, sms, post), with when
 * (at) and how (method). Entries sync like follow-up logs and are never
 * merged: each is its own record, so two clients' entries both arrive.
 *
 * The rule, stated once here and used by every list of people to contact:
 *   - the consent in force on a channel is the latest entry by time; on
 *     equal times a withdrawal wins. So an opt-out always beats an older (or
 *     simultaneous) opt-in, whichever client wrote it and whatever order
 *     sync delivers them in; a newer opt-in (the person agreed again) wins.
 *   - a contact with do_not_contact is contacted on no channel, whatever the
 *     entries say.
 *   - a personal touch (a rep's call or visit: churn touch lists, nurture
 *     cadences) needs no consent given, only none withdrawn:
 *     consent_may_contact(). Marketing to a list (a mailing export) needs the
 *     consent given: consent_may_market().
 */
#ifndef SALESTERM_CONSENT_H
#define SALESTERM_CONSENT_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

struct db;
struct record;

enum consent_state { CONSENT_NEVER, CONSENT_GIVEN, CONSENT_WITHDRAWN };

/* The channels of consent, NULL-terminated: "email", "phone", "sms", "post". */
extern const char *const consent_channel_names[];

/*
 * The consent channel a way of reaching someone needs: a consent channel
 * itself, an activity kind or a follow-up/contact channel ("call", "mobile"
 * -> "phone"; "email"; "sms"; "post"). NULL for ways that need none (a
 * meeting or visit agreed in person, a task) or unknown words.
 */
const char *consent_channel_of(const char *how);

/* The consent in force for contact_id on channel (a consent channel). *at
 * and *method (each may be NULL) get the deciding entry's time and method,
 * NULL when never asked; caller frees. ST_INVALID for an unknown channel. */
enum status consent_current(struct db *db, const char *contact_id, const char *channel,
			    enum consent_state *state, char **at, char **method);

/*
 * May contact_id be contacted personally on channel (a consent channel, an
 * activity kind or a contact channel, see consent_channel_of(); NULL: any
 * way)? False when the contact is unknown or deleted, has do_not_contact, or
 * has withdrawn the consent on that channel; true otherwise (never asked
 * included). For the churn touch list and nurture cadences.
 */
bool consent_may_contact(struct db *db, const char *contact_id, const char *channel);

/* May contact_id be sent marketing on channel: consent given (in force) and
 * not do_not_contact. For mailing lists. */
bool consent_may_market(struct db *db, const char *contact_id, const char *channel);

/* What a user records. */
struct consent_input {
	const char *contact;	     /* id, id start or name */
	const char *const *channels; /* consent channels ("all": every one) */
	size_t nchannels;
	bool withdraw;	    /* false: given */
	const char *method; /* how: "web form", "phone call", "letter"... (may be NULL) */
	const char *note;   /* may be NULL */
	const char *at;	    /* when, as typed (NULL: now) */
};

/* Record one entry per channel of in, all in one transaction (nothing is
 * written if one is refused). *n (may be NULL) gets the number written. */
enum status consent_record(struct db *db, const struct consent_input *in, int *n);

/* The rules of a consent write (rules.h): "at" defaults to now and "user" to
 * the current user; the contact must exist. */
int consent_rule(struct db *db, struct record *rec, const struct record *old);

#endif
