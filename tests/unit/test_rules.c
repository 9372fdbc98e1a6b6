/* test_rules.c - roles, the funnel's gates, lead conversion, completing activities. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "db.h"
#include "lead.h"
#include "opportunity.h"
#include "record.h"
#include "fixture.h"
#include "tap.h"
#include "user.h"
#include "xalloc.h"

static struct db *db;

static char *add(const struct entity *e, const char *const *pairs)
{
	return fixture_add(db, e, pairs);
}

#define ADD(e, ...) add(e, (const char *const[]){ __VA_ARGS__, NULL })

static const char *get(const struct entity *e, const char *id, const char *key)
{
	static char buf[256];
	struct record *r = NULL;

	buf[0] = '\0';
	if (record_load(db, e, id, &r) == ST_OK && record_get(r, key))
		snprintf(buf, sizeof(buf), "%s", record_get(r, key));
	record_free(&r);
	return buf;
}

static int64_t count(const char *sql_table, const char *key, const char *value)
{
	struct filter f = { key, OP_EQ, value };
	struct record_query q = { .filters = &f, .nfilters = key ? 1 : 0 };
	int64_t n = -1;

	record_count(db, entity_find(sql_table), &q, &n);
	return n;
}

static char *manager, *rep1, *rep2;

static char *test_hint(const char *role, const char *id, void *ctx)
{
	(void)id;
	(void)ctx;
	return xasprintf("ask a %s: press A", role);
}

static void test_users(void)
{
	char *acc, *me;

	/* Single-user database: anything goes, records have no owner. */
	acc = ADD(&entity_account, "name=Solo Ltd");
	ok(acc != NULL, "single-user database: write without users");
	is_str(get(&entity_account, acc, "owner"), "", "and the record has no owner");
	free(acc);

	manager = ADD(&entity_user, "name=Li Manager", "role=manager", "quota=1000000");
	ok(manager != NULL, "first user added");
	is_str(get(&entity_user, manager, "currency"), "CNY", "quota gets the default currency");
	is_int(user_use(db, "Li Manager"), ST_OK, "use the manager");
	rep1 = ADD(&entity_user, "name=王芳", "role=rep", "territory=华东");
	rep2 = ADD(&entity_user, "name=Bob Rep", "role=rep", "territory=West");
	ok(rep1 && rep2, "a manager adds reps");
	me = user_current_id(db);
	is_str(me, manager, "current user is the manager");
	free(me);

	is_int(user_use(db, "王芳"), ST_OK, "switch to a rep");
	ok(ADD(&entity_user, "name=Sneaky", "role=manager") == NULL, "a rep cannot add users");
	ok(strstr(status_message(), "only a manager") != NULL, "message says only a manager");
	ok(ADD(&entity_product, "code=X1", "name=Thing") == NULL, "a rep cannot add products");
	ok(user_use(db, "Nobody") == ST_NOT_FOUND, "use an unknown user");
}

static void test_ownership(void)
{
	char *acc, *other;
	struct record *r = NULL;

	user_use(db, "王芳");
	acc = ADD(&entity_account, "name=华为科技有限公司");
	is_str(get(&entity_account, acc, "owner"), rep1, "new record owned by the current user");
	is_str(get(&entity_account, acc, "updated_by"), rep1, "and authored by them");
	ok(ADD(&entity_account, "name=Gift", "owner=Bob Rep") == NULL,
	   "a rep cannot create records for another rep");

	user_use(db, "Bob Rep");
	record_load(db, &entity_account, acc, &r);
	record_input(db, r, "industry", "Telecom");
	is_int(record_update(db, r), ST_DENIED, "another rep cannot edit it");
	ok(strstr(status_message(), "belongs to another rep") != NULL, "message says whose");
	is_int(record_delete(db, &entity_account, acc), ST_DENIED, "nor delete it");
	record_free(&r);

	user_use(db, "Li Manager");
	record_load(db, &entity_account, acc, &r);
	record_input(db, r, "industry", "Telecom");
	is_int(record_update(db, r), ST_OK, "a manager edits any record");
	is_str(get(&entity_account, acc, "updated_by"), manager, "author is the manager");
	is_str(get(&entity_account, acc, "owner"), rep1, "owner unchanged");
	record_free(&r);
	other = ADD(&entity_account, "name=Assigned Co", "owner=Bob Rep");
	is_str(get(&entity_account, other, "owner"), rep2, "a manager assigns an owner");
	free(acc);
	free(other);
}

static void test_funnel(void)
{
	char *acc, *con, *opp, *opp2;
	struct kv kv[2];

	user_use(db, "王芳");
	acc = ADD(&entity_account, "name=腾讯");
	con = ADD(&entity_contact, "name=马化腾", "account=腾讯");
	opp = ADD(&entity_opportunity, "name=腾讯云 renewal", "account=腾讯");
	ok(opp != NULL, "opportunity added without a stage");
	is_str(get(&entity_opportunity, opp, "stage"), "5a9e0001-0000-4000-8000-000000000001",
	       "starts in the first stage");
	is_str(get(&entity_opportunity, opp, "probability"), "10", "with its default probability");
	is_int(count("stage_change", "opportunity", opp), 1, "creation is a stage change");

	is_int(opportunity_move(db, opp, "Needs Analysis", NULL, 0), ST_GATE,
	       "Needs Analysis requires a contact");
	ok(strstr(status_message(), "missing contact") != NULL, "message names the field: %s",
	   status_message());
	is_str(get(&entity_opportunity, opp, "stage"), "5a9e0001-0000-4000-8000-000000000001",
	       "refused move changes nothing");
	is_int(count("stage_change", "opportunity", opp), 1, "and writes no history");

	kv[0] = (struct kv){ "contact", "马化腾" };
	is_int(opportunity_move(db, opp, "Needs Analysis", kv, 1), ST_OK,
	       "move with the missing field given in the same step");
	is_str(get(&entity_opportunity, opp, "probability"), "40", "stage default probability");
	is_int(count("stage_change", "opportunity", opp), 2, "history grows");

	kv[0] = (struct kv){ "amount", "250000" };
	kv[1] = (struct kv){ "close_date", "2026-12-20" };
	{
		struct kv three[3] = { kv[0], kv[1], { "probability", "55" } };

		is_int(opportunity_move(db, opp, "Proposal", three, 3), ST_OK, "move to Proposal");
	}
	is_str(get(&entity_opportunity, opp, "probability"), "55",
	       "a probability set by hand in the move is kept");
	is_str(get(&entity_opportunity, opp, "category"), "best_case", "category follows");

	kv[0] = (struct kv){ "next_step", "价格谈判" };
	is_int(opportunity_move(db, opp, "Negotiation", kv, 1), ST_GATE,
	       "Negotiation needs a manager's review");
	ok(strstr(status_message(), "approve") != NULL, "message says how: %s", status_message());
	ok(strstr(status_message(), "salesterm opportunity approve ") != NULL,
	   "by default (the CLI) it names the command");
	/* A front end names its own action (the TUI: its key on the Funnel). */
	opportunity_set_review_hint(test_hint, NULL);
	is_int(opportunity_move(db, opp, "Negotiation", kv, 1), ST_GATE, "refused again");
	ok(strstr(status_message(), "(ask a manager: press A)") != NULL &&
	       strstr(status_message(), "salesterm") == NULL,
	   "with the front end's hint instead: %s", status_message());
	opportunity_set_review_hint(NULL, NULL);
	is_int(opportunity_approve(db, opp, "Negotiation", NULL), ST_DENIED,
	       "a rep cannot approve");
	user_use(db, "Li Manager");
	is_int(opportunity_approve(db, opp, NULL, "好的"), ST_OK,
	       "the manager approves the next gated stage");
	is_int(count("approval", "opportunity", opp), 1, "approval recorded");
	user_use(db, "王芳");
	is_int(opportunity_move(db, opp, "Negotiation", kv, 1), ST_OK, "now the rep may move it");
	is_str(get(&entity_opportunity, opp, "probability"), "80", "80%% in Negotiation");
	is_str(get(&entity_opportunity, opp, "category"), "commit", "commit");

	is_int(opportunity_move(db, opp, "Closed Lost", NULL, 0), ST_GATE,
	       "a lost deal needs a lost reason");
	ok(strstr(status_message(), "lost_reason") != NULL, "message names lost_reason");
	kv[0] = (struct kv){ "lost_reason", "预算取消" };
	is_int(opportunity_move(db, opp, "Closed Lost", kv, 1), ST_OK, "lost with a reason");
	is_str(get(&entity_opportunity, opp, "probability"), "0", "lost: 0%%");
	is_str(get(&entity_opportunity, opp, "category"), "omitted", "lost: omitted");
	is_int(count("stage_change", "opportunity", opp), 5, "every move is in the history");

	/* An edit of the stage field goes through the same rules. */
	opp2 = ADD(&entity_opportunity, "name=Second deal", "account=腾讯");
	{
		struct record *r = NULL;

		record_load(db, &entity_opportunity, opp2, &r);
		record_input(db, r, "stage", "Closed Won");
		is_int(record_update(db, r), ST_GATE, "editing stage checks the gate too");
		record_free(&r);
	}
	user_use(db, "Li Manager");
	{
		struct kv need[3] = { { "contact", "马化腾" },
				      { "amount", "10" },
				      { "close_date", "2026-12-01" } };
		struct kv more[3] = { { "close_date", "2026-12-01" },
				      { "next_step", "sign" },
				      { "amount", "99" } };

		is_int(opportunity_move(db, opp2, "Proposal", need, 3), ST_OK, "to Proposal");
		is_int(opportunity_move(db, opp2, "Negotiation", more, 3), ST_OK,
		       "a manager moving a deal into a reviewed stage signs it off");
		is_int(count("approval", "opportunity", opp2), 1,
		       "the implied approval is recorded");
	}
	ok(ADD(&entity_opportunity, "name=Jump", "account=腾讯", "stage=Negotiation") == NULL,
	   "a new deal cannot start in a reviewed stage");
	free(acc);
	free(con);
	free(opp);
	free(opp2);
}

/* The stage gate the Funnel screen asks before a move (the same function
 * opportunity_rule() refuses a move with). */
static void test_stage_needs(void)
{
	struct record *opp = record_new(&entity_opportunity), *stage = record_new(&entity_stage);
	char **k;

	record_set(stage, "required", "amount,close_date, contact,no_such_field");
	record_set(stage, "lost", "0");
	record_set(opp, "amount", "100");
	k = opportunity_stage_needs(opp, stage);
	ok(k && k[0] && k[1] && !k[2] && strcmp(k[0], "close_date") == 0 &&
	       strcmp(k[1], "contact") == 0,
	   "the required fields a deal lacks, in the stage's order, unknown keys left out");
	opportunity_needs_free(k);
	record_set(opp, "close_date", "2026-12-31");
	record_set(opp, "contact", "5a9e0001-0000-4000-8000-000000000001");
	ok(opportunity_stage_needs(opp, stage) == NULL, "NULL when nothing is missing");
	record_set(stage, "required", NULL);
	record_set(stage, "lost", "1");
	k = opportunity_stage_needs(opp, stage);
	ok(k && k[0] && !k[1] && strcmp(k[0], "lost_reason") == 0,
	   "a lost stage needs a lost reason");
	opportunity_needs_free(k);
	record_set(stage, "required", "lost_reason");
	k = opportunity_stage_needs(opp, stage);
	ok(k && k[0] && !k[1], "asked once even when the stage lists it too");
	opportunity_needs_free(k);
	record_set(opp, "lost_reason", "price");
	ok(opportunity_stage_needs(opp, stage) == NULL, "and not once given");
	record_free(&opp);
	record_free(&stage);
}

static void test_leads(void)
{
	struct lead_conversion conv = { 0 };
	char *lead, *lead2, *lead3;
	struct record *r = NULL;
	int64_t accounts, contacts, opps;

	user_use(db, "王芳");
	lead = ADD(&entity_lead, "name=刘洋", "company=字节跳动", "phone=+86 139 0000 1111",
		   "email=liu@bytedance.com", "source=event", "rating=hot");
	ok(lead != NULL, "add a lead");
	record_load(db, &entity_lead, lead, &r);
	record_input(db, r, "status", "converted");
	is_int(record_update(db, r), ST_INVALID, "status converted cannot be set by hand");
	record_input(db, r, "status", "disqualified");
	is_int(record_update(db, r), ST_INVALID, "disqualifying needs a reason");
	record_free(&r);

	accounts = count("account", NULL, NULL);
	contacts = count("contact", NULL, NULL);
	opps = count("opportunity", NULL, NULL);
	is_int(lead_convert(db, lead, &conv), ST_OK, "convert the lead");
	is_int(count("account", NULL, NULL), accounts + 1, "one account created");
	is_int(count("contact", NULL, NULL), contacts + 1, "one contact created");
	is_int(count("opportunity", NULL, NULL), opps + 1, "one opportunity created");
	is_str(get(&entity_account, conv.account_id, "name"), "字节跳动", "account from company");
	is_str(get(&entity_contact, conv.contact_id, "account"), conv.account_id,
	       "contact linked to the account");
	is_str(get(&entity_contact, conv.contact_id, "email"), "liu@bytedance.com",
	       "email carried");
	is_str(get(&entity_opportunity, conv.opportunity_id, "contact"), conv.contact_id,
	       "deal linked to the contact");
	is_str(get(&entity_opportunity, conv.opportunity_id, "lead"), lead,
	       "deal remembers the lead");
	is_str(get(&entity_lead, lead, "status"), "converted", "lead converted");
	is_str(get(&entity_lead, lead, "converted_opportunity"), conv.opportunity_id,
	       "lead links to the deal");
	lead_conversion_clear(&conv);
	is_int(lead_convert(db, lead, &conv), ST_INVALID, "cannot convert twice");

	/* Linking an existing account instead of creating one. */
	lead2 = ADD(&entity_lead, "name=赵敏", "company=字节跳动");
	conv.account = "字节跳动";
	accounts = count("account", NULL, NULL);
	is_int(lead_convert(db, lead2, &conv), ST_OK, "convert linking the existing account");
	is_int(count("account", NULL, NULL), accounts, "no new account");
	lead_conversion_clear(&conv);

	/* A failure half-way leaves nothing behind. */
	lead3 = ADD(&entity_lead, "name=Failing Lead", "company=Nowhere Inc");
	accounts = count("account", NULL, NULL);
	contacts = count("contact", NULL, NULL);
	memset(&conv, 0, sizeof(conv));
	conv.contact = "No Such Contact";
	ok(lead_convert(db, lead3, &conv) != ST_OK, "conversion with a bad contact fails");
	is_int(count("account", NULL, NULL), accounts, "and created no account");
	is_str(get(&entity_lead, lead3, "status"), "new", "and the lead is unchanged");
	lead_conversion_clear(&conv);
	free(lead);
	free(lead2);
	free(lead3);
}

static void test_activities(void)
{
	struct activity_done done = { .notes = "谈了续约价格，客户要折扣", .next_date = "+3d" };
	char *acc, *act, *act2;
	struct record *r = NULL;

	user_use(db, "王芳");
	acc = ADD(&entity_account, "name=阿里巴巴");
	ok(ADD(&entity_activity, "kind=call", "subject=No time") == NULL,
	   "an activity needs a start or a due date");
	ok(ADD(&entity_activity, "kind=meeting", "subject=Backwards", "start=2026-11-24 10:00",
	       "end=2026-11-24 09:00") == NULL,
	   "end before start refused");
	act = ADD(&entity_activity, "kind=call", "subject=续约电话", "start=tomorrow 10:00",
		  "related=阿里巴巴");
	ok(act != NULL, "add a call tomorrow");
	is_int(activity_complete(db, act, &done), ST_OK, "complete it with a log and a next date");
	is_str(get(&entity_activity, act, "status"), "done", "activity is done");
	is_str(get(&entity_followup, done.followup_id, "related"), acc, "log on the same customer");
	is_str(get(&entity_followup, done.followup_id, "channel"), "call", "channel from the kind");
	is_str(get(&entity_followup, done.followup_id, "next_date"), "2026-11-26", "+3d resolved");
	ok(done.next_id != NULL, "next activity scheduled");
	if (done.next_id) {
		is_str(get(&entity_activity, done.next_id, "due"), "2026-11-26", "due on the date");
		is_str(get(&entity_activity, done.next_id, "status"), "planned", "and planned");
		is_str(get(&entity_activity, done.next_id, "related"), acc,
		       "for the same customer");
	}
	is_int(activity_complete(db, act, &done), ST_INVALID, "cannot complete twice");

	/* Follow-up logs are append-only. */
	record_load(db, &entity_followup, done.followup_id, &r);
	record_input(db, r, "notes", "rewritten history");
	is_int(record_update(db, r), ST_DENIED, "a follow-up log is never edited");
	record_free(&r);
	free(done.followup_id);
	free(done.next_id);

	/* A failed completion changes nothing. */
	act2 = ADD(&entity_activity, "kind=visit", "subject=拜访", "due=2026-11-25");
	memset(&done, 0, sizeof(done));
	done.next_date = "2026-02-30";
	ok(activity_complete(db, act2, &done) != ST_OK, "impossible next date refused");
	is_str(get(&entity_activity, act2, "status"), "planned", "activity still planned");
	free(acc);
	free(act);
	free(act2);
}

/* Issue 12: a touch is one write; a refused review keeps what was typed and
 * asks for it; a manager approves or sends it back; a move is undone. */
static void test_reviews(void)
{
	char *lead, *acc, *con, *opp, *id;
	struct record *log = NULL, *before = NULL;
	int64_t logs, acts;
	struct kv kv[1];
	bool contacted = false;

	user_use(db, "Li Manager");
	lead = ADD(&entity_lead, "name=周杰", "company=星空传媒", "owner=Bob Rep");
	user_use(db, "王芳");
	logs = count("followup", NULL, NULL);
	acts = count("activity", NULL, NULL);
	log = record_new(&entity_followup);
	record_input(db, log, "at", "2026-11-23 10:00");
	record_input(db, log, "next_date", "2026-11-30");
	is_int(lead_touch(db, lead, log, &contacted), ST_DENIED,
	       "a touch of another rep's new lead is refused");
	is_int(count("followup", NULL, NULL), logs, "no log was written");
	is_int(count("activity", NULL, NULL), acts, "nor its next activity");
	is_str(get(&entity_lead, lead, "status"), "new", "the lead is still new");
	ok(log->id == NULL && !contacted, "the log has no id: a retry is a new log");
	user_use(db, "Bob Rep");
	is_int(lead_touch(db, lead, log, &contacted), ST_OK, "its owner's touch is written");
	ok(contacted, "and the lead is contacted");
	is_str(get(&entity_lead, lead, "status"), "contacted", "in the database");
	is_int(count("activity", NULL, NULL), acts + 1, "with the next activity");
	record_free(&log);

	log = record_new(&entity_followup);
	record_input(db, log, "at", "2026-11-23 10:00");
	is_int(record_insert(db, log), ST_INVALID, "a log without a customer is refused");
	record_free(&log);

	user_use(db, "王芳");
	acc = ADD(&entity_account, "name=审核公司");
	con = ADD(&entity_contact, "name=审核人", "account=审核公司");
	opp = ADD(&entity_opportunity, "name=审核项目", "account=审核公司", "contact=审核人",
		  "amount=500000", "close_date=2026-12-10");
	is_int(opportunity_move(db, opp, "Proposal", NULL, 0), ST_OK, "on to Proposal");
	is_int(opportunity_request_review(db, opp, "Negotiation", NULL, 0, "请审"), ST_GATE,
	       "a review is asked for a complete deal only");
	kv[0] = (struct kv){ "next_step", "签合同" };
	is_int(opportunity_request_review(db, opp, "Negotiation", kv, 1, "客户同意"), ST_OK,
	       "the rep asks for the review with the missing next step");
	is_str(get(&entity_opportunity, opp, "next_step"), "签合同", "what was typed is kept");
	is_str(get(&entity_opportunity, opp, "review_status"), "requested", "the request too");
	is_str(get(&entity_opportunity, opp, "probability"), "60", "the deal stays in Proposal");
	is_int(opportunity_review(db, opp, true, NULL), ST_DENIED, "a rep cannot approve");

	user_use(db, "Li Manager");
	is_int(opportunity_review(db, opp, false, ""), ST_INVALID, "sending back needs a note");
	is_int(opportunity_review(db, opp, false, "先确认预算"), ST_OK, "sent back with a note");
	is_str(get(&entity_opportunity, opp, "review_status"), "returned", "returned");
	is_int(opportunity_review(db, opp, true, NULL), ST_INVALID,
	       "nothing to approve once sent back");
	user_use(db, "王芳");
	is_int(opportunity_request_review(db, opp, "Negotiation", NULL, 0, "预算已确认"), ST_OK,
	       "asked again");
	user_use(db, "Li Manager");
	is_int(opportunity_review(db, opp, true, "好"), ST_OK, "approved");
	is_str(get(&entity_opportunity, opp, "probability"), "80", "the deal is in Negotiation");
	is_str(get(&entity_opportunity, opp, "review_status"), "approved", "its review approved");
	is_int(count("approval", "opportunity", opp), 1, "signed off once");

	/* An undone move puts the deal back as it was. */
	record_load(db, &entity_opportunity, opp, &before);
	is_int(opportunity_move(db, opp, "Closed Won", NULL, 0), ST_OK, "won");
	id = xstrdup(get(&entity_opportunity, opp, "stage"));
	is_int(opportunity_move_back(db, before, id), ST_OK, "the move undone");
	is_str(get(&entity_opportunity, opp, "probability"), "80", "back in Negotiation");
	is_str(get(&entity_opportunity, opp, "stage_at"), record_get(before, "stage_at"),
	       "since when it entered it");
	is_int(opportunity_move_back(db, before, id), ST_INVALID,
	       "not undone twice: the deal is no longer where the move took it");
	record_free(&before);
	free(id);
	free(lead);
	free(acc);
	free(con);
	free(opp);
}

int main(void)
{
	setenv("SALESTERM_NOW", "2026-11-23T01:00:00Z", 1);
	setenv("TZ", "Asia/Shanghai", 1);
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK)
		return 99;
	test_users();
	test_ownership();
	test_funnel();
	test_stage_needs();
	test_leads();
	test_activities();
	test_reviews();
	free(manager);
	free(rep1);
	free(rep2);
	db_close(&db);
	return done_testing();
}
