/* test_setting.c - the team's quota visibility (src/setting.h): the default,
 * only a manager chooses, the newest choice by a manager is in force (an
 * entry by anyone else, as sync may bring one, never is), and what it lets a
 * rep see: colleagues' quota, won and attainment in the forecast, never
 * their pipeline; a colleague's quota in lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fixture.h"
#include "record.h"
#include "report/forecast.h"
#include "report/reps.h"
#include "report/scope.h"
#include "report/span.h"
#include "setting.h"
#include "tap.h"
#include "user.h"
#include "xalloc.h"

static struct db *db;
static char *mgr, *ann, *bob;

#define ADD(e, ...) fixture_add(db, e, (const char *const[]){ __VA_ARGS__, NULL })

static int64_t entries(void)
{
	int64_t n = -1;

	record_count(db, &entity_team_setting, NULL, &n);
	return n;
}

static char *quota_shown(const char *user)
{
	struct record *r = NULL;
	char *s;

	if (record_load(db, &entity_user, user, &r) != ST_OK)
		return xstrdup("?");
	s = record_display(db, r, "quota");
	record_free(&r);
	return s;
}

static void test_single_user(void)
{
	is_int(setting_quota_visibility(db, NULL, NULL), QUOTA_VISIBLE_OWN,
	       "without a choice reps see their own quota only");
	ok(setting_may_see_quota(db, "anyone"), "a single-user database shows every quota");
}

static void test_choice(void)
{
	char *by = NULL, *at = NULL, *s;

	mgr = ADD(&entity_user, "name=Mia", "role=manager");
	user_use(db, "Mia");
	ann = ADD(&entity_user, "name=Ann", "role=rep", "quota=400000", "period=quarter");
	bob = ADD(&entity_user, "name=Bob", "role=rep", "quota=300000", "period=quarter");
	ok(setting_may_see_quota(db, bob), "a manager sees every quota");

	user_use(db, "Ann");
	ok(setting_may_see_quota(db, ann), "a rep sees their own quota");
	ok(!setting_may_see_quota(db, bob), "but not a colleague's by default");
	s = quota_shown(bob);
	is_str(s, "", "so a list shows the colleague's quota empty");
	free(s);
	s = quota_shown(ann);
	is_str(s, "¥400,000.00", "and the rep's own in full");
	free(s);
	is_int(setting_set_quota_visibility(db, "team", NULL), ST_DENIED, "a rep may not choose");
	ok(strstr(status_message(), "only a manager may change team settings") != NULL,
	   "and is told why");
	is_int(entries(), 0, "nothing is written");

	user_use(db, "Mia");
	is_int(setting_set_quota_visibility(db, "everyone", NULL), ST_INVALID,
	       "a value that is not own or team is refused");
	ok(strstr(status_message(), "write own") != NULL, "naming the two");
	is_int(entries(), 0, "nothing is written");
	is_int(setting_set_quota_visibility(db, "team", NULL), ST_OK, "a manager chooses team");
	is_int(setting_quota_visibility(db, &by, &at), QUOTA_VISIBLE_TEAM, "team is in force");
	is_str(by, "Mia", "chosen by the manager");
	is_str(at, "2026-11-23T01:00:00Z", "now");
	free(by);
	free(at);

	user_use(db, "Ann");
	ok(setting_may_see_quota(db, bob), "now a rep sees a colleague's quota");
	s = quota_shown(bob);
	is_str(s, "¥300,000.00", "in lists too");
	free(s);
}

/* An entry by a non-manager, as a server without validation could pass it
 * on through sync: stored, never in force. */
static void test_forged(void)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
		 "INSERT INTO team_setting (id, rev, created_at, updated_at, owner, updated_by, "
		 "setting, value) VALUES ('forged-1', '1-a', '2026-11-24T00:00:00Z', "
		 "'2026-11-24T00:00:00Z', '%s', '%s', 'quota_visibility', 'own')",
		 bob, bob);
	is_int(db_exec(db, sql), ST_OK, "a rep's entry arrives");
	is_int(setting_quota_visibility(db, NULL, NULL), QUOTA_VISIBLE_TEAM,
	       "a newer entry by a rep does not take effect");
	snprintf(sql, sizeof(sql),
		 "INSERT INTO team_setting (id, rev, created_at, updated_at, owner, updated_by, "
		 "setting, value) VALUES ('forged-2', '1-b', '2026-11-24T00:00:01Z', "
		 "'2026-11-24T00:00:01Z', '%s', '%s', 'quota_visibility', 'own')",
		 mgr, bob);
	is_int(db_exec(db, sql), ST_OK, "an entry claiming the manager but written by a rep");
	is_int(setting_quota_visibility(db, NULL, NULL), QUOTA_VISIBLE_TEAM,
	       "does not take effect either");
	db_exec(db, "UPDATE user SET role = 'manager' WHERE name = 'Bob'");
	is_int(setting_quota_visibility(db, NULL, NULL), QUOTA_VISIBLE_OWN,
	       "the same entries count once their author is a manager");
	db_exec(db, "UPDATE user SET role = 'rep' WHERE name = 'Bob'");
	is_int(setting_quota_visibility(db, NULL, NULL), QUOTA_VISIBLE_TEAM, "and not after");
}

static void test_forecast(void)
{
	struct report_scope_request req = { 0 };
	struct report_scope scope;
	struct report_span span;
	struct forecast fc;
	struct record *r;
	struct kv kv[] = { { "name", "Bob's big deal" },
			   { "amount", "90000" },
			   { "close_date", "2026-12-10" },
			   { "category", "commit" } };

	report_span_parse("2026Q4", &span);
	user_use(db, "Bob");
	r = record_new(&entity_opportunity);
	ok(record_input_all(db, r, kv, 4) == ST_OK && record_insert(db, r) == ST_OK,
	   "Bob commits a deal");
	record_free(&r);

	user_use(db, "Ann");
	is_int(report_scope_resolve(db, &req, &scope), ST_OK, "a rep's scope");
	ok(scope.colleagues, "lets her see colleagues under team");
	is_int(report_forecast(db, &span, &scope, &fc), ST_OK, "her forecast");
	is_int((int64_t)fc.n, 1, "one row of her own");
	is_str(fc.rows[0].name, "Ann", "hers");
	is_int((int64_t)fc.ncolleagues, 1, "and one colleague");
	is_str(fc.colleagues[0].name, "Bob", "Bob");
	is_int(fc.colleagues[0].quota, 30000000, "with his quota");
	is_int(fc.colleagues[0].attainment, 0, "and attainment");
	is_int(fc.colleagues[0].by_category[FC_COMMIT], 0, "never his commit");
	is_int(fc.total.by_category[FC_COMMIT], 0, "which is in no total of hers");
	report_forecast_free(&fc);
	{
		struct reps_report rr;

		is_int(report_reps(db, &span, &scope, "2026-11-23", &rr), ST_OK, "her reps report");
		is_int((int64_t)rr.n, 1, "has her own behaviour and result");
		is_int((int64_t)rr.ncolleagues, 1, "and one colleague");
		is_int(rr.colleagues[0].quota, 30000000, "with his quota");
		is_int(rr.colleagues[0].fig[RF_CREATED], 0, "not his deals created");
		is_int(rr.team.quota, 40000000, "her total is her own");
		report_reps_free(&rr);
	}
	report_scope_free(&scope);

	user_use(db, "Mia");
	setting_set_quota_visibility(db, "own", NULL);
	user_use(db, "Ann");
	report_scope_resolve(db, &req, &scope);
	ok(!scope.colleagues, "under own a rep's scope has no colleagues");
	report_forecast(db, &span, &scope, &fc);
	is_int((int64_t)fc.ncolleagues, 0, "and her forecast none");
	report_forecast_free(&fc);
	report_scope_free(&scope);

	user_use(db, "Mia");
	report_scope_resolve(db, &req, &scope);
	report_forecast(db, &span, &scope, &fc);
	is_int((int64_t)fc.ncolleagues, 0, "a manager's forecast has every rep as rows");
	is_int(fc.total.by_category[FC_COMMIT], 9000000, "with their commit");
	report_forecast_free(&fc);
	report_scope_free(&scope);
}

int main(void)
{
	setenv("SALESTERM_NOW", "2026-11-23T01:00:00Z", 1);
	setenv("TZ", "Asia/Shanghai", 1);
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK)
		return 99;
	test_single_user();
	test_choice();
	test_forged();
	test_forecast();
	free(mgr);
	free(ann);
	free(bob);
	db_close(&db);
	return done_testing();
}
