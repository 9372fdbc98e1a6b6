/* test_report.c - agenda, funnel, forecast, rotting deals, 360 view, duplicates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "db.h"
#include "opportunity.h"
#include "record.h"
#include "report/forecast.h"
#include "report/report.h"
#include "report/span.h"
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

static void test_dates(void)
{
	char a[11], b[11], s[21], e[21], d[11], hm[6];

	ok(report_period_bounds(REPORT_MONTH, "2026-02-14", 0, a, b), "month bounds");
	is_str(a, "2026-02-01", "first of February");
	is_str(b, "2026-02-28", "last of February 2026");
	report_period_bounds(REPORT_QUARTER, "2026-11-23", 0, a, b);
	is_str(a, "2026-10-01", "Q4 starts in October");
	is_str(b, "2026-12-31", "Q4 ends on 31 December");
	report_period_bounds(REPORT_QUARTER, "2026-11-23", 1, a, b);
	is_str(a, "2027-01-01", "next quarter crosses the year");
	is_str(b, "2027-03-31", "and ends in March");
	report_period_bounds(REPORT_MONTH, "2026-01-10", -1, a, b);
	is_str(a, "2025-12-01", "the month before January");
	report_period_bounds(REPORT_YEAR, "2028-07-01", 0, a, b);
	is_str(b, "2028-12-31", "year bounds");
	ok(!report_period_bounds(REPORT_MONTH, "2026-02-30", 0, a, b),
	   "an invalid date is refused");
	ok(!report_period_bounds(REPORT_MONTH, NULL, 0, a, b), "NULL is refused");
	ok(!report_period_bounds(REPORT_YEAR, "9999-05-01", 1, a, b), "past year 9999 is refused");

	ok(report_day_range("2026-11-23", "2026-11-23", s, e), "one local day");
	is_str(s, "2026-11-22T16:00:00Z", "starts at local midnight in UTC (UTC+8)");
	is_str(e, "2026-11-23T16:00:00Z", "ends at the next local midnight");
	ok(!report_day_range("2026-11-23", "x", s, e), "a bad end is refused");
	ok(report_local("2026-11-23T01:30:00Z", d, hm), "local date and time of a UTC instant");
	is_str(d, "2026-11-23", "local date");
	is_str(hm, "09:30", "local time");
	ok(!report_local("yesterday", d, hm), "not a date-time");
	is_str(d, "", "and the outputs are empty");
}

static char *me, *rep2, *acc, *con, *con2;

static void test_agenda(void)
{
	struct report_rows rows = { 0 };
	char *a1, *a2, *a3, *a4, *a5;
	int counts[7];
	bool ov[4];

	a1 = ADD(&entity_activity, "kind=call", "subject=Morning call", "start=2026-11-23 09:00",
		 "related=华为科技有限公司");
	a2 = ADD(&entity_activity, "kind=task", "subject=Send quote", "due=2026-11-23",
		 "related=张伟");
	a3 = ADD(&entity_activity, "kind=visit", "subject=Visit", "start=2026-11-23 09:15",
		 "end=2026-11-23 10:00", "related=张伟");
	a4 = ADD(&entity_activity, "kind=call", "subject=Old call", "start=2026-11-20 15:00",
		 "related=张伟");
	a5 = ADD(&entity_activity, "kind=call", "subject=Cancelled", "start=2026-11-23 11:00",
		 "status=cancelled");
	ok(a1 && a2 && a3 && a4 && a5, "activities added");
	is_int(report_activities(db, NULL, "2026-11-23", "2026-11-23", 0, &rows), ST_OK,
	       "today's activities");
	is_int(rows.n, 3, "three today (the cancelled one left out)");
	if (rows.n == 3) {
		is_str(rows.rows[0]->id, a2, "the all-day task comes first");
		is_str(rows.rows[1]->id, a1, "then 09:00");
		is_str(rows.rows[2]->id, a3, "then 09:15");
		report_overlaps(rows.rows, rows.n, ov);
		ok(!ov[0] && ov[1] && ov[2],
		   "09:00 (30 min) overlaps 09:15-10:00; the task does not");
	}
	report_rows_free(&rows);
	is_int(report_activities(db, me, "2026-11-23", "2026-11-23", 1, &rows), ST_OK, "limit 1");
	is_int(rows.n, 1, "one row");
	report_rows_free(&rows);
	is_int(report_activities(db, NULL, "bad", "2026-11-23", 0, &rows), ST_INVALID,
	       "a bad date range");

	is_int(report_overdue(db, NULL, "2026-11-23", 0, &rows), ST_OK, "overdue");
	is_int(rows.n, 1, "the old call is overdue");
	if (rows.n == 1) {
		is_str(rows.rows[0]->id, a4, "it is the old call");
		is_int(rows.num[0], 3, "three days late");
	}
	report_rows_free(&rows);

	is_int(report_day_counts(db, NULL, "2026-11-20", "2026-11-26", counts, 7), ST_OK,
	       "counts per day");
	is_int(counts[0], 1, "one on the 20th");
	is_int(counts[3], 3, "three on the 23rd");
	is_int(counts[4], 0, "none on the 24th");

	/* Completing with a next date: a follow-up is due then. */
	{
		struct activity_done done = { .notes = "谈了价格", .next_date = "2026-11-23" };

		is_int(activity_complete(db, a1, &done), ST_OK, "complete the morning call");
		free(done.followup_id);
		free(done.next_id);
	}
	is_int(report_followups_due(db, NULL, "2026-11-23", 0, &rows), ST_OK, "follow-ups due");
	is_int(rows.n, 1, "the log whose next date is today");
	report_rows_free(&rows);
	is_int(report_followups_due(db, NULL, "2026-11-22", 0, &rows), ST_OK, "a day before");
	is_int(rows.n, 0, "nothing is due yet");
	report_rows_free(&rows);

	is_int(report_customer_activities(db, &entity_account, acc, true, 0, &rows), ST_OK,
	       "upcoming activities of the account");
	/* a2 and a3 are about 张伟, a contact of the account; plus the scheduled follow-up. */
	ok(rows.n >= 2, "its contacts' activities count (%zu)", rows.n);
	report_rows_free(&rows);
	is_int(report_customer_activities(db, &entity_contact, con2, true, 0, &rows), ST_OK,
	       "another contact");
	is_int(rows.n, 0, "has none");
	report_rows_free(&rows);
	is_int(report_customer_followups(db, &entity_account, acc, 0, &rows), ST_OK,
	       "follow-up timeline of the account");
	is_int(rows.n, 1, "one log");
	report_rows_free(&rows);
	free(a1);
	free(a2);
	free(a3);
	free(a4);
	free(a5);
}

/* The manager's follow-ups due, by rep: reps in the user list's (pinyin)
 * order, each rep's longest overdue first; an owner no longer a user last. */
static void test_rows_by_rep(void)
{
	struct report_rows rows = { 0 };
	const char *owner[] = { me, rep2, me, "gone-user", NULL, me };
	const int64_t late[] = { 1, 0, 5, 9, 3, 5 };
	const int64_t n[] = { 10, 11, 12, 13, 14, 9 };
	size_t i;

	rows.n = rows.cap = sizeof(late) / sizeof(late[0]);
	rows.rows = xcalloc(rows.n, sizeof(*rows.rows));
	rows.num = xcalloc(rows.n, sizeof(*rows.num));
	for (i = 0; i < rows.n; i++) {
		rows.rows[i] = record_new(&entity_followup);
		rows.rows[i]->owner = owner[i] ? xstrdup(owner[i]) : NULL;
		rows.rows[i]->n = n[i];
		rows.num[i] = late[i];
	}
	report_rows_by_rep(db, &rows);
	/* 李经理 (no rows), 王芳, Kevin: zh's pinyin order puts Han before Latin,
	 * as the user list shows them. */
	is_int(rows.rows[0]->n, 9, "王芳 first, 5 days late, the lower row first");
	is_int(rows.rows[1]->n, 12, "王芳's other row 5 days late");
	is_int(rows.rows[2]->n, 10, "then 王芳's row 1 day late");
	is_int(rows.num[2], 1, "the numbers move with their rows");
	is_int(rows.rows[3]->n, 11, "then Kevin");
	ok(rows.rows[4]->n == 13 || rows.rows[4]->n == 14, "owners not among the users last");
	ok(rows.rows[5]->n == 13 || rows.rows[5]->n == 14, "both of them");
	is_int(rows.num[4], 9, "the longest overdue of them first");
	report_rows_free(&rows);
}

static void test_funnel(void)
{
	struct funnel fu = { 0 };
	struct funnel_filter f = { 0 };
	struct report_rows rows = { 0 };
	char *o1, *o2, *o3;
	size_t i;

	setenv("SALESTERM_NOW", "2026-10-01T01:00:00Z", 1);
	o1 = ADD(&entity_opportunity, "name=ERP", "account=华为科技有限公司", "amount=100000",
		 "close_date=2026-11-30");
	o2 = ADD(&entity_opportunity, "name=CRM", "account=华为科技有限公司", "amount=50000.50",
		 "close_date=2026-12-15", "stage=Qualification");
	o3 = ADD(&entity_opportunity, "name=Old", "account=华为科技有限公司", "amount=999",
		 "close_date=2027-03-01");
	setenv("SALESTERM_NOW", "2026-11-23T01:00:00Z", 1);
	ok(o1 && o2 && o3, "deals added");
	is_int(report_funnel(db, NULL, &fu), ST_OK, "the whole funnel");
	is_int(fu.n, 7, "seven stages");
	is_str(fu.currency, "CNY", "in the default currency");
	if (fu.n == 7) {
		is_str(fu.stages[0].name, "Prospecting", "first stage");
		is_int(fu.stages[0].count, 2, "two deals in Prospecting");
		is_int(fu.stages[0].amount, 10000000 + 99900, "amount in minor units");
		is_int(fu.stages[0].weighted, 1009990, "weighted at 10 percent");
		is_int(fu.stages[1].count, 1, "one in Qualification");
		is_int(fu.stages[1].weighted, 1000010, "weighted at 20 percent, exact");
		ok(fu.stages[5].won && fu.stages[6].lost, "won and lost stages are flagged");
	}
	is_int(fu.count, 3, "three deals in all");
	report_funnel_free(&fu);
	f.from = "2026-11-01";
	f.to = "2026-12-31";
	f.category = "pipeline";
	is_int(report_funnel(db, &f, &fu), ST_OK, "filtered by close date and category");
	is_int(fu.count, 2, "the March deal is left out");
	report_funnel_free(&fu);
	f.owner = rep2;
	is_int(report_funnel(db, &f, &fu), ST_OK, "filtered by another owner");
	is_int(fu.count, 0, "none of them are rep2's");
	for (i = 0; i < fu.n; i++)
		is_int(fu.stages[i].amount, 0, "stage %zu is empty", i);
	report_funnel_free(&fu);

	is_int(report_closing(db, NULL, "2026-11-01", "2026-11-30", 0, &rows), ST_OK,
	       "closing this month");
	is_int(rows.n, 1, "the ERP deal");
	report_rows_free(&rows);
	is_int(report_rotting(db, NULL, 0, &rows), ST_OK, "rotting deals");
	/* Created 53 days ago in 14-day stages. */
	is_int(rows.n, 3, "all three have been idle past their stage's limit");
	if (rows.n)
		is_int(rows.num[0], 53, "53 days in the stage");
	report_rows_free(&rows);
	{
		struct kv kv[] = { { "contact", "张伟" } };

		is_int(opportunity_move(db, o1, "Needs Analysis", kv, 1), ST_OK,
		       "move one deal on");
	}
	is_int(report_rotting(db, NULL, 0, &rows), ST_OK, "rotting again");
	is_int(rows.n, 2, "the moved deal is fresh");
	report_rows_free(&rows);

	is_int(report_customer_deals(db, &entity_account, acc, true, 0, &rows), ST_OK,
	       "open deals of the account");
	is_int(rows.n, 3, "three open deals");
	report_rows_free(&rows);
	{
		struct kv kv[] = { { "lost_reason", "价格太高" } };

		is_int(opportunity_move(db, o3, "Closed Lost", kv, 1), ST_OK, "lose one");
	}
	is_int(report_customer_deals(db, &entity_account, acc, false, 0, &rows), ST_OK,
	       "closed deals");
	is_int(rows.n, 1, "one closed deal");
	if (rows.n)
		is_int(rows.num[0], 0, "lost, not won");
	report_rows_free(&rows);
	is_int(report_customer_deals(db, &entity_contact, con, true, 0, &rows), ST_OK,
	       "a contact's open deals");
	is_int(rows.n, 1, "the deal with 张伟 as contact");
	report_rows_free(&rows);
	free(o1);
	free(o2);
	free(o3);
}

static void test_forecast(void)
{
	struct forecast fc = { 0 };
	struct report_span q4, nov;
	char *o;
	size_t i;

	o = ADD(&entity_opportunity, "name=Won deal", "account=华为科技有限公司", "amount=30000",
		"close_date=2026-11-10", "contact=张伟");
	ok(o != NULL, "a deal to win");
	{
		struct kv kv[] = { { "close_date", "2026-11-10" } };

		is_int(opportunity_move(db, o, "Closed Won", kv, 1), ST_OK, "won");
	}
	report_span_parse("2026Q4", &q4);
	report_span_parse("2026-11", &nov);
	is_int(report_forecast(db, &q4, NULL, &fc), ST_OK, "quarter forecast");
	is_str(fc.first, "2026-10-01", "period start");
	is_int(fc.n, 2, "two reps");
	for (i = 0; i < fc.n; i++) {
		if (fc.rows[i].owner && strcmp(fc.rows[i].owner, me) == 0) {
			is_str(fc.rows[i].name, "王芳", "my row");
			is_int(fc.rows[i].quota, 90000000, "quarterly quota as given");
			is_int(fc.rows[i].by_category[FC_CLOSED], 3000000, "closed");
			is_int(fc.rows[i].by_category[FC_PIPELINE], 15000050,
			       "pipeline (ERP + CRM)");
			is_int(fc.rows[i].attainment, 33, "3.3 percent attained");
		} else {
			is_int(fc.rows[i].quota, 60000000, "a monthly quota times three");
			is_int(fc.rows[i].attainment, 0, "nothing closed");
		}
	}
	is_int(fc.total.quota, 150000000, "team quota (reps only)");
	is_int(fc.total.by_category[FC_CLOSED], 3000000, "team closed");
	ok(fc.total.weighted > 0, "weighted pipeline");
	report_forecast_free(&fc);
	is_int(report_forecast(db, &nov, NULL, &fc), ST_OK, "month forecast");
	for (i = 0; i < fc.n; i++)
		if (fc.rows[i].owner && strcmp(fc.rows[i].owner, me) == 0)
			is_int(fc.rows[i].quota, 30000000, "a third of the quarterly quota");
	report_forecast_free(&fc);
	free(o);
}

static void test_duplicates(void)
{
	struct report_rows accs = { 0 }, cons = { 0 };
	struct record *lead = NULL;
	char *l;

	l = ADD(&entity_lead, "name=张伟", "company=华为科技有限公司", "email=ZW@huawei.com");
	ok(l != NULL, "a lead");
	record_load(db, &entity_lead, l, &lead);
	is_int(report_duplicates(db, lead, &accs, &cons), ST_OK, "duplicates");
	ok(accs.n >= 1 && strcmp(accs.rows[0]->id, acc) == 0, "the account of the same name first");
	ok(cons.n >= 1 && strcmp(cons.rows[0]->id, con) == 0, "the contact of the same name");
	report_rows_free(&accs);
	report_rows_free(&cons);
	record_free(&lead);
	free(l);
	l = ADD(&entity_lead, "name=Nobody Known", "email=zw@huawei.com");
	record_load(db, &entity_lead, l, &lead);
	is_int(report_duplicates(db, lead, &accs, &cons), ST_OK, "duplicates by email");
	is_int(accs.n, 0, "no company, no account");
	ok(cons.n == 1 && strcmp(cons.rows[0]->id, con) == 0, "the contact with the same email");
	report_rows_free(&accs);
	report_rows_free(&cons);
	record_free(&lead);
	free(l);
}

/* The duplicate rule for a new contact or account, and what a conversion
 * links by default (issue 12). */
static void test_record_duplicates(void)
{
	struct report_rows rows = { 0 }, accs = { 0 }, cons = { 0 };
	struct record *r = record_new(&entity_contact), *lead = NULL;
	char *acme = ADD(&entity_account, "name=Acme Retail GmbH");
	char *mary = ADD(&entity_contact, "name=Mary Lee", "account=Acme Retail GmbH",
			 "mobile=+86 139 1234 0077", "email=mary@acme.example");
	char *l;
	int ia, ic;

	ok(report_same_company("Acme Retail GmbH", "acme retail"), "a legal form aside");
	ok(report_same_company("ACME Retail Co., Ltd.", "Acme Retail"), "two legal words");
	ok(report_same_company("华为科技有限公司", "华为科技"), "有限公司 aside");
	ok(!report_same_company("Acme Retail", "Acme Logistics"), "another company");
	ok(!report_same_company("Ltd", ""), "nothing is no company");

	record_input(db, r, "name", "Someone Else");
	record_input(db, r, "mobile", "13912340077");
	is_int(report_record_duplicates(db, r, &rows), ST_OK, "a new contact's look-alikes");
	ok(rows.n == 1 && strcmp(rows.rows[0]->id, mary) == 0, "the same mobile, spaced otherwise");
	ok(rows.n == 1 && rows.num[0] == REPORT_DUP_MOBILE, "said why");
	report_rows_free(&rows);
	record_set(r, "mobile", NULL);
	record_input(db, r, "email", "MARY@acme.example");
	report_record_duplicates(db, r, &rows);
	ok(rows.n == 1 && rows.num[0] == REPORT_DUP_EMAIL, "the same email, case aside");
	report_rows_free(&rows);
	record_set(r, "email", NULL);
	record_input(db, r, "name", "Mary Lee");
	report_record_duplicates(db, r, &rows);
	is_int(rows.n, 0, "the same name alone is no duplicate");
	report_rows_free(&rows);
	record_input(db, r, "account", "Acme Retail GmbH");
	report_record_duplicates(db, r, &rows);
	ok(rows.n == 1 && rows.num[0] == REPORT_DUP_NAME_ACCOUNT, "the same name at the account");
	report_rows_free(&rows);
	record_free(&r);
	r = record_new(&entity_account);
	record_input(db, r, "name", "Acme Retail");
	report_record_duplicates(db, r, &rows);
	ok(rows.n == 1 && strcmp(rows.rows[0]->id, acme) == 0 && rows.num[0] == REPORT_DUP_COMPANY,
	   "an account of the same company");
	report_rows_free(&rows);
	record_free(&r);

	l = ADD(&entity_lead, "name=Mary Lee", "company=Acme Retail", "email=mary@acme.example");
	record_load(db, &entity_lead, l, &lead);
	report_duplicates(db, lead, &accs, &cons);
	report_duplicates_default(lead, &accs, &cons, &ia, &ic);
	ok(ia >= 0 && strcmp(accs.rows[ia]->id, acme) == 0, "the look-alike account is linked");
	ok(ic >= 0 && strcmp(cons.rows[ic]->id, mary) == 0, "and the contact with its email");
	report_rows_free(&accs);
	report_rows_free(&cons);
	record_free(&lead);
	free(l);
	free(acme);
	free(mary);
}

static bool always(void *ctx)
{
	(*(int *)ctx)++;
	return true;
}

static bool never(void *ctx)
{
	(void)ctx;
	return false;
}

static void test_interrupt(void)
{
	struct funnel fu = { 0 };
	int calls = 0;

	report_interrupt_when(db, always, &calls);
	is_int(report_funnel(db, NULL, &fu), ST_DB, "a query stops when told to");
	ok(report_stopped(), "and says it was stopped");
	ok(calls > 0, "the check was called (%d)", calls);
	report_interrupt_when(db, NULL, NULL);
	ok(!report_stopped(), "turned off, nothing is stopped");
	is_int(report_funnel(db, NULL, &fu), ST_OK, "queries run again");
	ok(fu.count > 0, "with their figures");
	report_funnel_free(&fu);
	report_interrupt_when(db, never, NULL);
	is_int(report_funnel(db, NULL, &fu), ST_OK, "a check that never stops changes nothing");
	ok(!report_stopped(), "not stopped");
	report_interrupt_when(db, NULL, NULL);
	report_funnel_free(&fu);
}

static void test_pending(void)
{
	int64_t n = -1;
	bool more = true;

	is_int(report_pending_changes(db, &n, &more), ST_OK, "pending changes");
	ok(!more, "all counted");
	ok(n > 10, "every write is pending until synced (%lld)", (long long)n);
}

int main(void)
{
	setenv("SALESTERM_NOW", "2026-11-23T01:00:00Z", 1);
	setenv("TZ", "Asia/Shanghai", 1);
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	test_dates();
	{
		char *mgr = ADD(&entity_user, "name=李经理", "role=manager", "quota=5000000");

		user_use(db, "李经理");
		me = ADD(&entity_user, "name=王芳", "role=rep", "quota=900000", "period=quarter");
		rep2 = ADD(&entity_user, "name=Kevin", "role=rep", "quota=200000", "period=month");
		user_use(db, "王芳");
		free(mgr);
	}
	acc = ADD(&entity_account, "name=华为科技有限公司");
	con = ADD(&entity_contact, "name=张伟", "account=华为科技有限公司", "email=zw@huawei.com");
	con2 = ADD(&entity_contact, "name=李娜");
	ok(me && rep2 && acc && con && con2, "users, account and contacts");
	test_agenda();
	test_rows_by_rep();
	test_funnel();
	test_forecast();
	test_duplicates();
	test_record_duplicates();
	test_interrupt();
	test_pending();
	free(me);
	free(rep2);
	free(acc);
	free(con);
	free(con2);
	db_close(&db);
	return done_testing();
}
