/* test_marketing.c - marketing consent (its rule of the latest entry, a
 * withdrawal winning ties, do_not_contact), nurture cadences scheduled in the
 * write's transaction, and the nurture and consent reports' figures on a
 * small fixed data set computed by hand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "consent.h"
#include "db.h"
#include "fixture.h"
#include "lead.h"
#include "nurture.h"
#include "record.h"
#include "report/marketing.h"
#include "report/registry.h"
#include "tap.h"
#include "user.h"
#include "xalloc.h"

static struct db *db;

#define ADD(e, ...) fixture_add(db, e, (const char *const[]){ __VA_ARGS__, NULL })

static void at(const char *iso)
{
	setenv("SALESTERM_NOW", iso, 1);
}

static const char *get(const struct entity *e, const char *id, const char *key)
{
	static char buf[256];
	struct record *r = NULL;

	buf[0] = '\0';
	if (id && record_load(db, e, id, &r) == ST_OK && record_get(r, key))
		snprintf(buf, sizeof(buf), "%s", record_get(r, key));
	record_free(&r);
	return buf;
}

/* How many planned activities the record has, and the due date of the first. */
static int planned(const char *related, char due[11])
{
	struct filter f[2] = { { "related", OP_EQ, related }, { "status", OP_EQ, "planned" } };
	struct record_query q = { .filters = f, .nfilters = 2 };
	int64_t n = 0;

	record_count(db, &entity_activity, &q, &n);
	if (due) {
		sqlite3_stmt *st =
		    db_prepare(db, "SELECT due FROM activity WHERE related = ?1 AND "
				   "status = 'planned' AND deleted = 0 ORDER BY due");

		due[0] = '\0';
		db_bind_text(st, 1, related);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			snprintf(due, 11, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
	}
	return (int)n;
}

static enum status give(const char *who, const char *channel, bool withdraw, const char *when)
{
	const char *chans[] = { channel };
	struct consent_input in = { .contact = who,
				    .channels = chans,
				    .nchannels = 1,
				    .withdraw = withdraw,
				    .at = when,
				    .method = "test" };

	return consent_record(db, &in, NULL);
}

static enum consent_state state(const char *id, const char *channel)
{
	enum consent_state s = CONSENT_NEVER;

	consent_current(db, id, channel, &s, NULL, NULL);
	return s;
}

static char *ann, *bob, *cid, *dee;

static void test_consent(void)
{
	const char *bad[] = { "email", "fax" }, *all[] = { "all" };
	struct consent_input in = { .contact = "Ann", .channels = bad, .nchannels = 2 };
	struct record *r = NULL;
	int64_t n0 = 0, n1 = 0;
	int n = 0;

	ann = ADD(&entity_contact, "name=Ann", "email=ann@example.org");
	bob = ADD(&entity_contact, "name=Bob", "email=bob@example.org", "do_not_contact=1");
	cid = ADD(&entity_contact, "name=Cid", "email=cid@example.org");
	dee = ADD(&entity_contact, "name=Dee", "email=dee@example.org");

	is_int(state(ann, "email"), CONSENT_NEVER, "never asked");
	ok(consent_may_contact(db, ann, "call"), "never asked: a rep may call");
	ok(!consent_may_market(db, ann, "email"), "never asked: no marketing");
	is_int(consent_current(db, ann, "fax", &(enum consent_state){ 0 }, NULL, NULL), ST_INVALID,
	       "an unknown channel is refused");

	record_count(db, &entity_consent, NULL, &n0);
	is_int(consent_record(db, &in, NULL), ST_INVALID, "a bad channel among good ones");
	record_count(db, &entity_consent, NULL, &n1);
	is_int(n1, n0, "nothing written: one transaction");

	/* Ann: given on email at 10:00, withdrawn at 11:00, given again at 12:00. */
	is_int(give("Ann", "email", false, "2026-11-02 10:00"), ST_OK, "Ann gives email consent");
	is_int(state(ann, "email"), CONSENT_GIVEN, "given");
	ok(consent_may_market(db, ann, "email"), "given: may be sent marketing");
	is_int(give("Ann", "email", true, "2026-11-02 11:00"), ST_OK, "and withdraws it later");
	is_int(state(ann, "email"), CONSENT_WITHDRAWN, "a later withdrawal wins");
	ok(!consent_may_contact(db, ann, "email"), "withdrawn: no email, not even a rep's");
	ok(consent_may_contact(db, ann, "call"), "the phone is another channel");
	ok(consent_may_contact(db, ann, "visit"), "a visit needs no channel's consent");
	is_int(give("Ann", "email", false, "2026-11-01 09:00"), ST_OK,
	       "an older opt-in recorded afterwards (as sync delivers it)");
	is_int(state(ann, "email"), CONSENT_WITHDRAWN,
	       "the older opt-in does not undo the opt-out");
	is_int(give("Ann", "email", false, "2026-11-02 12:00"), ST_OK, "she agrees again later");
	is_int(state(ann, "email"), CONSENT_GIVEN, "the newer opt-in is in force");

	/* Cid: given and withdrawn at the same instant, in both orders. */
	is_int(give("Cid", "phone", true, "2026-11-03 10:00"), ST_OK, "Cid withdraws phone");
	is_int(give("Cid", "phone", false, "2026-11-03 10:00"), ST_OK, "and gives it, same time");
	is_int(state(cid, "phone"), CONSENT_WITHDRAWN, "equal times: the withdrawal wins");
	is_int(give("Cid", "email", false, "2026-11-03 10:00"), ST_OK, "Cid gives email");
	is_int(give("Cid", "email", true, "2026-11-03 10:00"), ST_OK, "and withdraws, same time");
	is_int(state(cid, "email"), CONSENT_WITHDRAWN, "either order");

	/* Bob: consent given, but do not contact. */
	is_int(give("Bob", "email", false, "2026-11-04 10:00"), ST_OK, "Bob gives email consent");
	ok(!consent_may_market(db, bob, "email"), "do_not_contact beats consent for marketing");
	ok(!consent_may_contact(db, bob, NULL), "and for any touch");
	ok(!consent_may_contact(db, "no-such-contact", NULL), "an unknown contact: no");

	in.contact = "Dee";
	in.channels = all;
	in.nchannels = 1;
	in.at = "2026-09-30 10:00"; /* before the period of the report test */
	is_int(consent_record(db, &in, &n), ST_OK, "all channels at once");
	is_int(n, 4, "one entry per channel");

	/* Entries are history: never edited. */
	{
		struct filter f = { "contact", OP_EQ, dee };
		struct record_query q = { .filters = &f, .nfilters = 1, .limit = 1 };
		char *id = NULL;
		sqlite3_stmt *st = db_prepare(db, "SELECT id FROM consent WHERE contact = ?1");

		(void)q;
		db_bind_text(st, 1, dee);
		if (sqlite3_step(st) == SQLITE_ROW)
			id = db_column_strdup(st, 0);
		sqlite3_reset(st);
		record_load(db, &entity_consent, id, &r);
		record_set(r, "action", "withdrawn");
		ok(record_update(db, r) != ST_OK, "an entry cannot be edited");
		record_free(&r);
		free(id);
	}
}

static void test_nurture(void)
{
	struct activity_done done = { .notes = "talked" };
	struct nurture_state ns;
	struct report_rows rows = { 0 };
	char *lee, *mo, *ned, *next = NULL, due[11];
	struct record *log;

	at("2026-11-02T02:00:00Z"); /* 10:00 in Shanghai */
	lee = ADD(&entity_lead, "name=Lee", "phone=123");
	mo = ADD(&entity_lead, "name=Mo", "email=mo@example.org", "do_not_contact=1");
	ned = ADD(&entity_lead, "name=Ned", "status=disqualified", "reason=no budget");

	is_int(nurture_start(db, "Lee", 10, &next), ST_OK, "Lee is nurtured every 10 days");
	ok(next != NULL, "the first touch is scheduled");
	is_int(planned(lee, due), 1, "one planned touch");
	is_str(due, "2026-11-12", "a cadence after today");
	is_str(get(&entity_activity, next, "kind"), "call", "a call: the lead has a phone");
	is_str(get(&entity_lead, lee, "nurture_since"), "2026-11-02T02:00:00Z",
	       "when it entered nurturing");
	free(next);
	is_int(nurture_start(db, "Lee", 0, &next), ST_OK, "asked again");
	is_int(planned(lee, NULL), 1, "no second touch while one is planned");
	free(next);

	is_int(nurture_start(db, "Mo", 0, &next), ST_OK, "a do-not-contact lead can be nurtured");
	ok(next == NULL, "but no touch is scheduled");
	is_str(get(&entity_lead, mo, "cadence"), "14", "the default cadence");
	is_int(nurture_start(db, "Ned", 7, NULL), ST_INVALID, "a disqualified lead is refused");
	is_str(get(&entity_lead, ned, "status"), "disqualified", "and unchanged");
	is_int(nurture_start(db, "Lee", 400, NULL), ST_INVALID, "a cadence over a year is refused");

	/* Completing the touch on the 5th logs it and schedules the next. */
	at("2026-11-05T02:00:00Z");
	{
		sqlite3_stmt *st = db_prepare(db, "SELECT id FROM activity WHERE related = ?1");

		db_bind_text(st, 1, lee);
		next = sqlite3_step(st) == SQLITE_ROW ? db_column_strdup(st, 0) : NULL;
		sqlite3_reset(st);
	}
	is_int(activity_complete(db, next, &done), ST_OK, "the touch is done early");
	is_int(planned(lee, due), 1, "the next touch is planned");
	is_str(due, "2026-11-15", "a cadence after the touch");
	free(next);
	free(done.followup_id);
	free(done.next_id);

	/* A log with its own next date: that is the next touch. */
	at("2026-11-06T02:00:00Z");
	log = record_new(&entity_followup);
	record_set(log, "at", "2026-11-06T02:00:00Z");
	record_set(log, "notes", "emailed a brochure");
	is_int(lead_touch(db, lee, log, NULL), ST_OK, "a touch logged by hand");
	is_int(planned(lee, NULL), 1, "the planned touch stays the only one");
	record_free(&log);

	is_int(nurture_state_of(db, lee, get(&entity_lead, lee, "nurture_since"), 10, "2026-11-16",
				&ns),
	       ST_OK, "Lee's state on the 16th");
	is_str(ns.last, "2026-11-06T02:00:00Z", "last touch: the 6th");
	is_str(ns.due, "2026-11-16", "due on the 16th");
	is_int(ns.overdue, 0, "not overdue on the day");
	nurture_state_of(db, lee, get(&entity_lead, lee, "nurture_since"), 10, "2026-11-20", &ns);
	is_int(ns.overdue, 4, "4 days overdue on the 20th");

	is_int(report_nurture_overdue(db, NULL, "2026-11-20", 0, &rows), ST_OK, "Today's list");
	is_int((int64_t)rows.n, 1, "Lee alone: Mo is do-not-contact");
	ok(rows.n == 1 && strcmp(rows.rows[0]->id, lee) == 0 && rows.num[0] == 4,
	   "Lee, 4 days overdue");
	report_rows_free(&rows);
	free(lee);
	free(mo);
	free(ned);
}

static void test_reports(void)
{
	struct report_args a = { 0 };
	struct report_output o = { 0 };
	struct report_scope_request req = { 0 };
	struct lead_conversion conv = { 0 };
	char *text;

	/* A nurtured lead that became a deal, one that never was nurtured. */
	free(ADD(&entity_lead, "name=Pat", "company=Pat Co", "status=nurturing", "cadence=30"));
	free(ADD(&entity_lead, "name=Quinn", "company=Quinn Co"));
	is_int(lead_convert(db, "Pat", &conv), ST_OK, "a nurtured lead converted");
	lead_conversion_clear(&conv);

	at("2026-11-20T02:00:00Z");
	report_span_parse("2026-11", &a.span);
	report_scope_resolve(db, &req, &a.scope);
	is_int(report_run(db, &report_def_nurture, &a, &o), ST_OK, "report nurture");
	text = report_output_render(&o, REPORT_FORMAT_CSV);
	/* Lee: since the 2nd, touched on the 5th and 6th, next touch the
	 * 15th, due the 16th, 4 days overdue; Mo: do not contact, no touch. */
	ok(strstr(text, "Lee,,,10,2026-11-02,2,2,2026-11-06,2026-11-15,2026-11-16,4,overdue\r\n") !=
	       NULL,
	   "Lee's line: %s", text);
	ok(strstr(text, "Mo,,,14,2026-11-02,0,0,,,,0,do not contact\r\n") != NULL, "Mo's line");
	ok(strstr(text, "Lee,") < strstr(text, "Mo,"), "the most overdue first");
	/* Nurtured: Lee, Mo, Pat; nurturing: Lee, Mo; overdue: Lee; Pat became
	 * an opportunity: 1/3 = 33.3%. */
	ok(strstr(text, "nurtured,nurturing,overdue,opportunities,conversion,disqualified\r\n"
			"3,2,1,1,33.3,0\r\n") != NULL,
	   "the summary");
	free(text);
	report_output_free(&o);

	/* Live contacts: Ann, Bob (do not contact), Cid, Dee, and Pat's new one.
	 *   email: Ann given (12:00 opt-in), Cid withdrawn, Dee given (Sept.),
	 *          Bob do-not-contact, Pat's contact never asked;
	 *          entries in November: Ann 3 given 1 withdrawn, Cid 1 + 1, Bob's 1
	 *          given (counted: an entry is an entry), Dee's in September.
	 *   phone: Cid withdrawn, Dee given, Ann and Pat never asked. */
	memset(&o, 0, sizeof(o));
	is_int(report_run(db, &report_def_consent, &a, &o), ST_OK, "report consent");
	text = report_output_render(&o, REPORT_FORMAT_CSV);
	ok(strstr(text, "email,2,1,1,1,5,5,2\r\n") != NULL, "email: %s", text);
	ok(strstr(text, "phone,1,1,2,1,5,1,1\r\n") != NULL, "phone");
	ok(strstr(text, "sms,1,0,3,1,5,0,0\r\n") != NULL, "sms: Dee alone");
	free(text);
	report_output_free(&o);

	/* A deleted contact counts nowhere, its entries neither. */
	is_int(record_delete(db, &entity_contact, cid), ST_OK, "Cid deleted");
	memset(&o, 0, sizeof(o));
	report_run(db, &report_def_consent, &a, &o);
	text = report_output_render(&o, REPORT_FORMAT_CSV);
	ok(strstr(text, "email,2,0,1,1,4,4,1\r\n") != NULL, "email without Cid: %s", text);
	ok(strstr(text, "phone,1,0,2,1,4,0,0\r\n") != NULL, "phone without Cid");
	free(text);
	report_output_free(&o);
	report_scope_free(&a.scope);
}

int main(void)
{
	setenv("TZ", "Asia/Shanghai", 1);
	at("2026-11-23T01:00:00Z");
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	test_consent();
	test_nurture();
	test_reports();
	free(ann);
	free(bob);
	free(cid);
	free(dee);
	db_close(&db);
	return done_testing();
}
