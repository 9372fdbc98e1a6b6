/* test_churn.c - the churn report and touches on a small fixed data set,
 * every figure computed by hand (today is 2026-11-23, TZ Asia/Shanghai; the
 * window is 2025-11-24..2026-11-23, the previous one 2024-11-24..2025-11-23,
 * the silent days 2026-08-26..2026-11-23):
 *   Alpha    buys every 30 days (Jan 10, Feb 9, Mar 11), then nothing for 257
 *            days: interval (257 > 2 x 30). 30,000 in the window. Its first
 *            contact asked not to be contacted: the touch proposes the other.
 *   Beta     60% less revenue (20,000 against 50,000): revenue; its USD deals
 *            grow (500 -> 1,000) and are shown apart, never added (their days
 *            are purchase days all the same). Contacted by a completed
 *            activity.
 *   Gamma    one purchase, never contacted: silence; its only contact is
 *            do_not_contact, so no touch can be planned.
 *   Delta    monthly purchases, a recent log: not at risk.
 *   Eta      last log on 2026-08-26, the first silent day: not silent.
 *   Theta    last log on 2026-08-25, 90 days back: silent.
 *   Epsilon  an open deal only, Zeta a lost one: not customers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "entity.h"
#include "fixture.h"
#include "record.h"
#include "report/churn.h"
#include "report/registry.h"
#include "tap.h"
#include "touch.h"
#include "user.h"
#include "xalloc.h"

static struct db *db;
static char *wang, *kevin;

#define ADD(e, ...) fixture_add(db, e, (const char *const[]){ __VA_ARGS__, NULL })

static void won(const char *account, const char *date, const char *amount, const char *currency)
{
	char n[64], a[64], d[64], m[64], c[64];

	snprintf(n, sizeof(n), "name=%s %s", account, date);
	snprintf(a, sizeof(a), "account=%s", account);
	snprintf(d, sizeof(d), "close_date=%s", date);
	snprintf(m, sizeof(m), "amount=%s", amount);
	snprintf(c, sizeof(c), "currency=%s", currency ? currency : "CNY");
	free(ADD(&entity_opportunity, n, a, "stage=Closed Won", d, m, c));
}

static void setup(void)
{
	free(ADD(&entity_user, "name=李经理", "role=manager"));
	user_use(db, "李经理");
	wang = ADD(&entity_user, "name=王芳", "role=rep");
	kevin = ADD(&entity_user, "name=Kevin", "role=rep");
	user_use(db, "王芳");
	free(ADD(&entity_account, "name=Alpha"));
	free(ADD(&entity_contact, "name=张伟", "account=Alpha", "do_not_contact=yes"));
	free(ADD(&entity_contact, "name=李娜", "account=Alpha"));
	won("Alpha", "2026-01-10", "10000", NULL);
	won("Alpha", "2026-02-09", "10000", NULL);
	won("Alpha", "2026-03-11", "10000", NULL);
	free(ADD(&entity_followup, "related=Alpha", "channel=call", "at=2026-11-01 10:00"));
	free(ADD(&entity_account, "name=Gamma"));
	free(ADD(&entity_contact, "name=Nobody", "account=Gamma", "do_not_contact=yes"));
	won("Gamma", "2026-08-01", "5000", NULL);
	free(ADD(&entity_account, "name=Eta"));
	won("Eta", "2026-08-20", "1000", NULL);
	free(ADD(&entity_followup, "related=Eta", "channel=call", "at=2026-08-26 00:30"));
	free(ADD(&entity_account, "name=Theta"));
	free(ADD(&entity_contact, "name=Tom", "account=Theta"));
	won("Theta", "2026-07-01", "8000", NULL);
	free(ADD(&entity_followup, "related=Tom", "channel=call", "at=2026-08-25 23:30"));
	free(ADD(&entity_account, "name=Epsilon"));
	free(ADD(&entity_opportunity, "name=E1", "account=Epsilon", "amount=99000"));
	user_use(db, "Kevin");
	free(ADD(&entity_account, "name=Beta"));
	free(ADD(&entity_contact, "name=Bob", "account=Beta"));
	won("Beta", "2025-03-01", "50000", NULL);
	won("Beta", "2026-05-01", "20000", NULL);
	won("Beta", "2025-06-01", "500", "USD");
	won("Beta", "2026-06-01", "1000", "USD");
	free(ADD(&entity_activity, "kind=call", "subject=check in", "start=2026-10-01 10:00",
		 "status=done", "related=Bob"));
	free(ADD(&entity_account, "name=Delta"));
	won("Delta", "2026-09-01", "1000", NULL);
	won("Delta", "2026-10-01", "1000", NULL);
	won("Delta", "2026-11-01", "1000", NULL);
	free(ADD(&entity_followup, "related=Delta", "channel=visit", "at=2026-11-20 10:00"));
	free(ADD(&entity_account, "name=Zeta"));
	free(ADD(&entity_opportunity, "name=Z1", "account=Zeta", "amount=5000", "stage=Closed Lost",
		 "close_date=2026-10-01", "lost_reason=price"));
	user_use(db, "李经理");
}

static void window(struct report_span *s)
{
	report_span_parse("2025-11-24..2026-11-23", s);
}

static const struct churn_account *row_of(const struct churn_report *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->rows[i].name, name) == 0)
			return &r->rows[i];
	return NULL;
}

static void test_churn(void)
{
	static const char *const order[] = { "Alpha", "Beta", "Theta", "Gamma" };
	struct churn_options opt;
	struct report_span span;
	struct churn_report r;
	const struct churn_account *a;
	char *text;
	size_t i;

	window(&span);
	churn_options_default(&opt);
	is_int(report_churn(db, &span, NULL, &opt, &r), ST_OK, "the team's churn report");
	is_str(r.ref, "2026-11-23", "the reference day is today");
	is_str(r.prev_first, "2024-11-24", "the previous window starts a year back");
	is_str(r.prev_last, "2025-11-23", "and ends the day before the window");
	is_str(r.silent_since, "2026-08-26", "90 silent days from Aug 26");
	is_int(r.customers, 6, "six customers (no open or lost-only accounts)");
	is_int(r.at_risk, 4, "four at risk");
	is_int(r.n, 4, "all listed");
	for (i = 0; i < 4 && i < r.n; i++)
		is_str(r.rows[i].name, order[i], "row %zu by value at risk", i + 1);
	is_int(r.by_reason[0], 1, "one for its interval");
	is_int(r.by_reason[1], 1, "one for its revenue");
	is_int(r.by_reason[2], 2, "two for silence");
	is_int(r.value_at_risk, 6300000, "63,000 at risk (30,000 + 20,000 + 8,000 + 5,000)");
	if (ok((a = row_of(&r, "Alpha")) != NULL, "Alpha")) {
		is_int(a->reasons, CHURN_INTERVAL, "its interval only");
		is_int(a->purchases, 3, "three purchase days");
		is_int(a->interval10, 300, "every 30.0 days");
		is_int(a->days_since_purchase, 257, "257 days since Mar 11");
		is_int(a->value, 3000000, "30,000 in the window");
		is_int(a->has_change, 0, "nothing before: no change");
		is_str(a->last_contact, "2026-11-01", "logged on Nov 1");
		is_int(a->days_silent, 22, "22 days ago");
		is_str(a->contact_name, "李娜", "the touch proposes 李娜, not 张伟");
		is_int(a->blocked, 1, "张伟 asked not to be contacted");
		is_str(a->owner_name, "王芳", "owned by 王芳");
		text = report_churn_reason_text(a);
		is_str(text, "no purchase for 257 days, 8.5x its average of 30.0 days",
		       "the reason says why");
		free(text);
	}
	if (ok((a = row_of(&r, "Beta")) != NULL, "Beta")) {
		is_int(a->reasons, CHURN_REVENUE, "its revenue only");
		is_int(a->purchases, 4, "four purchase days (USD ones too)");
		is_int(a->interval10, 1523, "(Jun 1 2026 - Mar 1 2025) / 3 = 152.3 days");
		is_int(a->days_since_purchase, 175, "175 days since Jun 1: no interval");
		is_int(a->value, 2000000, "20,000 in the window");
		is_int(a->previous, 5000000, "50,000 before");
		is_int(a->change10, -600, "-60.0%%");
		is_int(a->nothers, 1, "USD apart");
		is_str(a->others[0].currency, "USD", "in USD");
		is_int(a->others[0].current, 100000, "1,000 USD now");
		is_int(a->others[0].previous, 50000, "500 USD before");
		is_str(a->last_contact, "2026-10-01", "the completed call counts as contact");
		text = report_churn_reason_text(a);
		is_str(text, "revenue -60.0%", "the reason");
		free(text);
	}
	if (ok((a = row_of(&r, "Gamma")) != NULL, "Gamma")) {
		is_int(a->reasons, CHURN_SILENCE, "silence only (one purchase: no interval)");
		is_int(a->interval10, -1, "no interval");
		is_int(a->days_silent, -1, "never contacted");
		ok(a->contact_name == NULL, "nobody to propose");
		is_int(a->blocked, 1, "its one contact is do_not_contact");
		text = report_churn_reason_text(a);
		is_str(text, "never contacted", "the reason");
		free(text);
	}
	if (ok((a = row_of(&r, "Theta")) != NULL, "Theta")) {
		is_int(a->reasons, CHURN_SILENCE, "silent 90 days");
		is_str(a->last_contact, "2026-08-25", "its contact was logged on Aug 25 (local)");
		is_int(a->days_silent, 90, "90 days");
	}
	ok(row_of(&r, "Eta") == NULL, "Eta, logged on the first silent day, is not at risk");
	ok(row_of(&r, "Delta") == NULL, "Delta buys and talks: not at risk");
	report_churn_free(&r);

	/* Thresholds. */
	opt.stretch10 = 90;
	opt.drop_pct = 61;
	opt.silent_days = 91;
	opt.limit = 1;
	is_int(report_churn(db, &span, NULL, &opt, &r), ST_OK, "stricter thresholds");
	is_int(r.at_risk, 1, "only Gamma (never contacted) is left at risk");
	is_int(r.n, 1, "one listed");
	is_str(r.n ? r.rows[0].name : "", "Gamma", "Gamma");
	report_churn_free(&r);
	opt.drop_pct = 60;
	opt.limit = 0;
	is_int(report_churn(db, &span, NULL, &opt, &r), ST_OK, "--drop 60");
	ok(row_of(&r, "Beta") != NULL, "Beta's -60%% is 60%% or more below: at risk");
	report_churn_free(&r);
	opt.silent_days = 3650;
	opt.limit = 1;
	opt.stretch10 = 20;
	opt.drop_pct = 61;
	is_int(report_churn(db, &span, NULL, &opt, &r), ST_OK, "--limit 1");
	is_int(r.at_risk, 2, "Alpha and Gamma at risk");
	is_int(r.n, 1, "one listed");
	report_churn_free(&r);
}

static void test_scope_and_output(void)
{
	struct report_args a = { 0 };
	struct report_output o = { 0 };
	struct report_scope_request req = { .owner = "Kevin" };
	const char *keys[] = { "stretch" }, *bad[] = { "0.5" };
	char *text;

	window(&a.span);
	report_scope_resolve(db, &req, &a.scope);
	is_int(report_run(db, &report_def_churn, &a, &o), ST_OK, "Kevin's churn report");
	text = report_output_render(&o, REPORT_FORMAT_CSV);
	ok(strstr(text,
		  "Beta,Kevin,revenue "
		  "-60.0%,20000.00,50000.00,-60.0,4,2026-06-01,152.3,175,2026-10-01,53,") != NULL,
	   "Beta's line (USD purchases count as purchase days): %s", text);
	ok(strstr(text, ",USD 1000.00,Bob,,revenue,") != NULL, "USD shown apart, Bob to call");
	ok(strstr(text, "Alpha") == NULL, "nobody else's customers");
	ok(strstr(text, "\r\n2,1,0,1,0,20000.00\r\n") != NULL, "the summary of his two customers");
	free(text);
	text = report_output_render(&o, REPORT_FORMAT_TABLE);
	ok(strstr(text, "Revenue in other currencies than CNY is shown apart") != NULL,
	   "a note says USD is not added");
	free(text);
	report_output_free(&o);
	memset(&o, 0, sizeof(o));
	a.opt_keys = keys;
	a.opt_values = bad;
	a.nopts = 1;
	is_int(report_run(db, &report_def_churn, &a, &o), ST_INVALID, "--stretch 0.5 is refused");
	ok(strstr(status_message(), "--stretch") != NULL, "naming the option: %s",
	   status_message());
	report_output_free(&o);
	report_scope_free(&a.scope);
}

static int64_t count_activities(void)
{
	struct record_query q = { 0 };
	int64_t n = 0;

	record_count(db, &entity_activity, &q, &n);
	return n;
}

static void test_touch(void)
{
	struct touch t;
	struct record *act = NULL;
	int64_t before = count_activities();

	is_int(touch_schedule(db, "Alpha", "2026-11-25", &t), ST_OK, "a touch for Alpha");
	is_str(t.contact_name, "李娜", "calling 李娜");
	is_str(t.owner, wang, "for 王芳, Alpha's owner");
	is_str(t.due, "2026-11-25", "on the day asked");
	if (record_load(db, &entity_activity, t.activity_id, &act) == ST_OK) {
		is_str(record_get(act, "kind"), "call", "a call");
		is_str(record_get(act, "status"), "planned", "planned");
		is_str(record_get(act, "due"), "2026-11-25", "due that day");
		is_str(act->owner, wang, "owned by 王芳: on her Today");
		is_str(record_get(act, "subject"), "Keep the customer: call 李娜 (Alpha)",
		       "the subject names who and where");
	}
	record_free(&act);
	touch_clear(&t);
	is_int(touch_schedule(db, "Alpha", NULL, &t), ST_DUPLICATE, "a second touch is refused");
	ok(strstr(status_message(), "2026-11-25") != NULL, "naming the day planned: %s",
	   status_message());
	touch_clear(&t);
	is_int(touch_schedule(db, "Gamma", NULL, &t), ST_INVALID,
	       "Gamma: every contact is do_not_contact");
	ok(strstr(status_message(), "do_not_contact") != NULL, "said: %s", status_message());
	touch_clear(&t);
	is_int(touch_schedule(db, "Beta", "2026-11-01", &t), ST_INVALID, "a day past is refused");
	touch_clear(&t);
	is_int(touch_schedule(db, "Beta", "someday", &t), ST_INVALID, "not a date");
	touch_clear(&t);
	is_int(touch_schedule(db, "No such account", NULL, &t), ST_NOT_FOUND, "an unknown account");
	touch_clear(&t);
	is_int(count_activities(), before + 1, "only the one touch was written");
	is_int(touch_schedule(db, "Theta", "tomorrow", &t), ST_OK, "Theta tomorrow");
	is_str(t.due, "2026-11-24", "tomorrow is Nov 24");
	is_str(t.owner, wang, "Theta's owner");
	touch_clear(&t);
	{
		struct churn_report r;
		struct report_span span;

		window(&span);
		report_churn(db, &span, NULL, NULL, &r);
		is_str(row_of(&r, "Alpha") ? row_of(&r, "Alpha")->next_touch : "", "2026-11-25",
		       "the report shows Alpha's next touch");
		report_churn_free(&r);
	}
}

/* A deleted account is no customer: its won deals are passed over, and the
 * customers around it keep theirs. */
static void test_deleted_account(void)
{
	struct churn_options opt;
	struct report_span span;
	struct churn_report r;
	char *id = ADD(&entity_account, "name=Omega");
	int64_t risk;

	won("Omega", "2025-01-10", "4000", NULL);
	won("Omega", "2025-02-10", "6000", NULL);
	window(&span);
	churn_options_default(&opt);
	is_int(report_churn(db, &span, NULL, &opt, &r), ST_OK, "with Omega");
	is_int(r.customers, 7, "Omega is a seventh customer");
	ok(row_of(&r, "Omega") != NULL, "listed: silent, its revenue gone");
	risk = r.value_at_risk;
	report_churn_free(&r);
	ok(record_delete(db, &entity_account, id) == ST_OK, "Omega deleted");
	is_int(report_churn(db, &span, NULL, &opt, &r), ST_OK, "without Omega");
	is_int(r.customers, 6, "six customers again");
	ok(row_of(&r, "Omega") == NULL, "Omega not listed");
	is_int(r.value_at_risk, risk, "the same value at risk (Omega had none in the window)");
	report_churn_free(&r);
	free(id);
}

int main(void)
{
	setenv("TZ", "Asia/Shanghai", 1);
	setenv("SALESTERM_NOW", "2026-11-23T01:00:00Z", 1);
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	setup();
	test_churn();
	test_scope_and_output();
	test_touch();
	test_deleted_account();
	free(wang);
	free(kevin);
	db_close(&db);
	return done_testing();
}
