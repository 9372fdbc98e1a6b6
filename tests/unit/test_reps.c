/* test_reps.c - the reps report on a small fixed data set, every figure
 * computed by hand: follow-ups by channel, activities done and planned (a
 * cancelled one left out, one due without a time), deals created, advanced
 * and won, attainment, activity to result, the weakest stage against the
 * team's conversion, the weeks of the sparklines, and a rep with no
 * activity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "entity.h"
#include "fixture.h"
#include "opportunity.h"
#include "record.h"
#include "report/registry.h"
#include "report/internal.h"
#include "report/reps.h"
#include "report/report.h"
#include "strbuf.h"
#include "tap.h"
#include "user.h"
#include "xalloc.h"

static struct db *db;
static char *wang, *kevin;

#define ADD(e, ...) fixture_add(db, e, (const char *const[]){ __VA_ARGS__, NULL })

static void at(const char *when)
{
	setenv("SALESTERM_NOW", when, 1);
}

static void move(const char *id, const char *stage, const char *when, const char *key,
		 const char *value)
{
	struct kv kv[] = { { key, value } };

	at(when);
	is_int(opportunity_move(db, id, stage, kv, key ? 1 : 0), ST_OK, "moved to %s on %.10s",
	       stage, when);
}

static void setup(void)
{
	char *d;

	free(ADD(&entity_user, "name=李经理", "role=manager"));
	user_use(db, "李经理");
	wang = ADD(&entity_user, "name=王芳", "role=rep", "quota=300000", "period=month");
	kevin = ADD(&entity_user, "name=Kevin", "role=rep");
	free(ADD(&entity_account, "name=华为科技有限公司"));
	free(ADD(&entity_contact, "name=张伟", "account=华为科技有限公司"));
	user_use(db, "王芳");
	/* Logs: November's call, visit, meeting and WeChat; October's call. */
	free(ADD(&entity_followup, "related=张伟", "channel=call", "at=2026-11-02 10:00"));
	free(ADD(&entity_followup, "related=张伟", "channel=visit", "at=2026-11-03 10:00"));
	free(ADD(&entity_followup, "related=张伟", "channel=meeting", "at=2026-11-20 10:00"));
	free(ADD(&entity_followup, "related=张伟", "channel=wechat", "at=2026-11-21 10:00"));
	free(ADD(&entity_followup, "related=张伟", "channel=call", "at=2026-10-15 10:00"));
	/* Activities: 2 done of 3 planned; the cancelled one does not count. */
	free(ADD(&entity_activity, "kind=call", "subject=a", "start=2026-11-05 10:00",
		 "status=done", "related=张伟"));
	free(ADD(&entity_activity, "kind=visit", "subject=b", "start=2026-11-06 10:00",
		 "related=张伟"));
	free(ADD(&entity_activity, "kind=task", "subject=c", "due=2026-11-07", "status=done",
		 "related=张伟"));
	free(ADD(&entity_activity, "kind=meeting", "subject=d", "start=2026-11-08 10:00",
		 "status=cancelled", "related=张伟"));
	/* D1: created, two moves forward, won 100,000 in November. */
	at("2026-11-01T02:00:00Z");
	d = ADD(&entity_opportunity, "name=D1", "account=华为科技有限公司", "amount=100000");
	move(d, "Qualification", "2026-11-05T02:00:00Z", NULL, NULL);
	move(d, "Closed Won", "2026-11-10T02:00:00Z", "close_date", "2026-11-10");
	free(d);
	/* D2: created in October, forward to Proposal, then lost (not forward). */
	at("2026-10-20T02:00:00Z");
	d = ADD(&entity_opportunity, "name=D2", "account=华为科技有限公司", "contact=张伟",
		"amount=50000", "close_date=2026-11-15");
	move(d, "Proposal", "2026-11-12T02:00:00Z", NULL, NULL);
	move(d, "Closed Lost", "2026-11-15T02:00:00Z", "lost_reason", "price");
	free(d);
	/* D3: created, nothing more. */
	at("2026-11-18T02:00:00Z");
	free(ADD(&entity_opportunity, "name=D3", "amount=1000"));
	/* Kevin: no activity; one deal lost from Prospecting. */
	user_use(db, "Kevin");
	at("2026-11-02T02:00:00Z");
	d = ADD(&entity_opportunity, "name=K1", "amount=9000", "close_date=2026-11-04");
	move(d, "Closed Lost", "2026-11-04T02:00:00Z", "lost_reason", "price");
	free(d);
	at("2026-11-23T01:00:00Z");
	user_use(db, "李经理");
}

static const struct rep_stats *rep_of(const struct reps_report *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->reps[i].owner, id) == 0)
			return &r->reps[i];
	return NULL;
}

static void test_reps(void)
{
	static const int64_t wang_conv[] = { 1000, 1000, 1000, 500, 1000, -1 };
	static const int64_t team_conv[] = { 666, 1000, 1000, 500, 1000, -1 };
	struct report_span nov;
	struct reps_report r;
	const struct rep_stats *s;
	int64_t sum = 0;
	size_t k;

	report_span_parse("2026-11", &nov);
	is_int(report_reps(db, &nov, NULL, "2026-11-23", &r), ST_OK, "November's reps report");
	is_int(r.n, 2, "two reps");
	is_str(r.week_first, "2026-09-01", "12 weeks ending today (the month ends later)");
	s = rep_of(&r, wang);
	if (ok(s != NULL, "王芳")) {
		is_int(s->fig[RF_CALLS], 1, "one call logged in November");
		is_int(s->fig[RF_VISITS], 1, "one visit");
		is_int(s->fig[RF_MEETINGS], 1, "one meeting");
		is_int(s->fig[RF_FOLLOWUPS], 4, "four logs (with the WeChat one)");
		is_int(s->fig[RF_PLANNED], 3, "three activities planned (cancelled left out)");
		is_int(s->fig[RF_DONE], 2, "two done (one of them due on a day)");
		is_int(s->fig[RF_CREATED], 2, "D1 and D3 created");
		is_int(s->fig[RF_ADVANCED], 3, "three moves forward (D1 twice, D2 once)");
		is_int(s->fig[RF_WON], 1, "one won");
		is_int(s->fig[RF_REVENUE], 10000000, "revenue 100,000");
		is_int(s->quota, 30000000, "quota 300,000 a month");
		is_int(s->attainment, 333, "33.3%%");
		is_int(s->per_won, 20, "2 activities per deal won");
		is_int(s->per_advance, 6, "0.6 per stage advanced");
		for (k = 0; k < r.nstages && k < 6; k++)
			is_int(s->conversion[k], wang_conv[k], "her conversion at %s", r.stages[k]);
		is_int(s->weakest, -1, "nowhere below the team");
		for (k = 0; k < REPS_WEEKS; k++)
			sum += s->weeks[RF_FOLLOWUPS][k];
		is_int(sum, 5, "the weeks hold October's call too");
		is_int(s->weeks[RF_CALLS][6], 1, "Oct 15 is in week 7 (from Oct 13)");
		is_int(s->weeks[RF_CALLS][8], 1, "Nov 2 is in week 9 (from Oct 27)");
		is_int(s->weeks[RF_REVENUE][10], 10000000, "the win in week 11 (from Nov 10)");
	}
	s = rep_of(&r, kevin);
	if (ok(s != NULL, "Kevin (no activity)")) {
		is_int(s->fig[RF_DONE] + s->fig[RF_PLANNED] + s->fig[RF_FOLLOWUPS], 0,
		       "no activity at all");
		is_int(s->fig[RF_CREATED], 1, "one deal created");
		is_int(s->attainment, -1, "no quota, no attainment");
		is_int(s->per_won, -1, "no activity per win");
		is_int(s->per_advance, -1, "nor per stage advanced");
		is_int(s->conversion[0], 0, "converts none of his Prospecting deals");
		is_int(s->weakest, 0, "his weakest stage is Prospecting (0%% against 66.6%%)");
	}
	for (k = 0; k < r.nstages && k < 6; k++)
		is_int(r.team.conversion[k], team_conv[k], "the team's conversion at %s",
		       r.stages[k]);
	is_int(r.team.fig[RF_CREATED], 3, "the team created three");
	is_int(r.team.attainment, 333, "the team's revenue against its quota");
	report_reps_free(&r);
}

static void test_output(void)
{
	static const int64_t v[] = { 0, 1, 2, 7 };
	struct report_args a = { 0 };
	struct report_output o = { 0 };
	struct report_scope_request req = { .owner = "Kevin" };
	char *text = report_sparkline(v, 4);

	is_str(text, "▁▂▃█", "a sparkline scaled to the largest");
	free(text);
	text = report_sparkline(v, 1);
	is_str(text, "▁", "all zero: the lowest mark");
	free(text);

	report_span_parse("2026-11", &a.span);
	report_scope_resolve(db, &req, &a.scope);
	is_int(report_run(db, &report_def_reps, &a, &o), ST_OK, "the report for Kevin alone");
	text = report_output_render(&o, REPORT_FORMAT_CSV);
	ok(strstr(text, "Kevin,0,0,0,0,0,0,1,0,0,0.00,,,,Prospecting\r\n") != NULL, "his line: %s",
	   text);
	ok(strstr(text, "王芳") == NULL, "nobody else's figures");
	ok(strstr(text, "whole team,66.6,100.0,100.0,50.0,100.0\r\n") != NULL,
	   "the whole team's conversion to compare with");
	free(text);
	report_output_free(&o);
	report_scope_free(&a.scope);
}

/* Every figure of r's reps and team as text. */
static void reps_text(const struct reps_report *r, struct strbuf *out)
{
	for (size_t i = 0; i <= r->n; i++) {
		const struct rep_stats *s = i < r->n ? &r->reps[i] : &r->team;

		strbuf_addf(out, "%s:", s->name ? s->name : "-");
		for (int f = 0; f < RF_COUNT; f++) {
			strbuf_addf(out, " %lld [", (long long)s->fig[f]);
			for (int k = 0; k < REPS_WEEKS; k++)
				strbuf_addf(out, " %lld", (long long)s->weeks[f][k]);
			strbuf_adds(out, " ]");
		}
		strbuf_addc(out, '\n');
	}
	strbuf_addf(out, "won apart %lld\n", (long long)r->won_apart);
}

/* The team's conversion is read on the twin while the stage changes are
 * read here (from their sums per day, stage_change_day): 150 deals made and
 * moved in February 2027 (in two currencies) give the same figures with
 * twins on and off. Runs last: it adds deals. */
static void test_shared_changes(void)
{
	static const char *const path[] = { "Qualification", "Needs Analysis", "Proposal" };
	struct report_span feb;
	struct strbuf text[2] = { STRBUF_INIT, STRBUF_INIT };

	for (int i = 0; i < 150; i++) {
		char when[32], *d;

		user_use(db, i % 3 ? "王芳" : "Kevin");
		snprintf(when, sizeof(when), "2027-02-%02dT%02d:00:00Z", 1 + i % 9, i % 20);
		at(when);
		d = ADD(&entity_opportunity, "name=S", "account=华为科技有限公司", "contact=张伟",
			"amount=1000", "close_date=2027-03-01",
			i % 5 ? "currency=CNY" : "currency=USD");
		for (int j = 0; j < 1 + i % 3; j++) {
			snprintf(when, sizeof(when), "2027-02-%02dT%02d:00:00Z", 10 + 3 * j + i % 3,
				 i % 20);
			move(d, path[j], when, NULL, NULL);
		}
		if (i % 4 == 0) {
			snprintf(when, sizeof(when), "2027-02-%02dT%02d:00:00Z", 20 + i % 5,
				 i % 20);
			move(d, "Closed Won", when, NULL, NULL);
		}
		free(d);
	}
	at("2027-03-02T01:00:00Z");
	user_use(db, "李经理");
	report_span_parse("2027-02", &feb);
	for (int twins = 0; twins < 2; twins++) {
		struct reps_report r;

		report_twins_enable(twins);
		is_int(report_reps(db, &feb, NULL, "2027-03-02", &r), ST_OK,
		       "February's reps, twins %s", twins ? "on" : "off");
		/* Won: every fourth deal, a fifth of them in dollars (i % 20 == 0). */
		is_int(r.team.fig[RF_WON], 38, "38 won");
		is_int(r.team.fig[RF_REVENUE], 3000000, "the 30 won in yuan: 30,000.00");
		is_int(r.won_apart, 8, "the 8 won in dollars apart");
		reps_text(&r, &text[twins]);
		report_reps_free(&r);
	}
	report_twins_enable(true);
	ok(strstr(strbuf_str(&text[0]), " 150 [") != NULL, "150 deals created: %s",
	   strbuf_str(&text[0]));
	is_str(strbuf_str(&text[1]), strbuf_str(&text[0]),
	       "the same figures with twins on and off");
	strbuf_release(&text[0]);
	strbuf_release(&text[1]);
}

/* A day's first and last second: the rows of a day are counted by the
 * day of the first row read (a memo, not each parsed), the next row past
 * its end starts the next day. Kevin's May 2027 in Shanghai (UTC+8). */
static void test_day_bounds(void)
{
	static const char *const when[] = {
		"2027-04-30T15:59:59Z", /* April 30, 23:59:59: out */
		"2027-04-30T16:00:00Z", /* May 1, 00:00: in */
		"2027-05-31T02:00:00Z", /* May 31, 10:00: in */
		"2027-05-31T15:59:59Z", /* May 31, 23:59:59: in */
		"2027-05-31T16:00:00Z", /* June 1, 00:00: out */
		"2027-05-31T16:00:01Z", /* June 1: out */
	};
	struct report_span may;
	struct reps_report r;
	const struct rep_stats *s;

	user_use(db, "Kevin");
	for (size_t i = 0; i < sizeof(when) / sizeof(when[0]); i++) {
		char *at = xasprintf("at=%s", when[i]);

		free(ADD(&entity_followup, "related=张伟", "channel=call", at));
		free(at);
	}
	user_use(db, "李经理");
	report_span_parse("2027-05", &may);
	is_int(report_reps(db, &may, NULL, "2027-06-02", &r), ST_OK, "May 2027's reps");
	s = rep_of(&r, kevin);
	if (ok(s != NULL, "Kevin")) {
		is_int(s->fig[RF_CALLS], 3, "May's three calls, from its first second to its last");
		is_int(s->weeks[RF_CALLS][REPS_WEEKS - 1], 2,
		       "the last of the 12 weeks (May 25 to 31: the period ends before today) "
		       "holds May 31's two calls, not June 1's");
	}
	report_reps_free(&r);
}

int main(void)
{
	char *path;

	setenv("TZ", "Asia/Shanghai", 1);
	at("2026-11-23T01:00:00Z");
	/* A file: the team's conversion is read on a twin connection
	 * (report_twin()), which a database in memory cannot have. */
	db = fixture_file_db(&path);
	if (db == NULL) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	setup();
	test_reps();
	test_output();
	test_shared_changes();
	test_day_bounds();
	free(wang);
	free(kevin);
	db_close(&db);
	fixture_file_db_remove(path);
	return done_testing();
}
