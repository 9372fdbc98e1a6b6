/* test_funnel_stats.c - funnel analytics on a small fixed data set, every
 * figure computed by hand: conversion with a skipped stage, days per stage,
 * win rate by count and amount, deal size, cycle, velocity, idle deals, lost
 * reasons ranked, a deal in another currency, and a rep with no deals; and
 * the same figures as they stood on earlier days (--as-of). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "entity.h"
#include "fixture.h"
#include "opportunity.h"
#include "record.h"
#include "report/funnel_stats.h"
#include "report/history.h"
#include "report/internal.h"
#include "report/registry.h"
#include "report/report.h"
#include "strbuf.h"
#include "tap.h"
#include "user.h"
#include "xalloc.h"

static struct db *db;

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
	free(ADD(&entity_user, "name=王芳", "role=rep"));
	free(ADD(&entity_user, "name=Kevin", "role=rep"));
	free(ADD(&entity_account, "name=华为科技有限公司"));
	free(ADD(&entity_contact, "name=张伟", "account=华为科技有限公司"));
	user_use(db, "王芳");

	/* D1: Prospecting 10 days, Qualification 10 days, won: 100,000. */
	at("2026-10-01T02:00:00Z");
	d = ADD(&entity_opportunity, "name=D1", "account=华为科技有限公司", "amount=100000");
	move(d, "Qualification", "2026-10-11T02:00:00Z", NULL, NULL);
	move(d, "Closed Won", "2026-10-21T02:00:00Z", "close_date", "2026-10-21");
	free(d);
	/* D2: Prospecting 5 days, skips to Proposal for 10 days, lost on price. */
	at("2026-10-01T02:00:00Z");
	d = ADD(&entity_opportunity, "name=D2", "account=华为科技有限公司", "contact=张伟",
		"amount=50000", "close_date=2026-10-16");
	move(d, "Proposal", "2026-10-06T02:00:00Z", NULL, NULL);
	move(d, "Closed Lost", "2026-10-16T02:00:00Z", "lost_reason", "price");
	free(d);
	/* D3: Prospecting 2 days, lost: no budget, 20,000. */
	at("2026-11-01T02:00:00Z");
	d = ADD(&entity_opportunity, "name=D3", "amount=20000", "close_date=2026-11-03");
	move(d, "Closed Lost", "2026-11-03T02:00:00Z", "lost_reason", "no budget");
	free(d);
	/* D4: Prospecting 10 days, won in USD: counted, never summed. */
	at("2026-11-01T02:00:00Z");
	d = ADD(&entity_opportunity, "name=D4", "account=华为科技有限公司", "amount=300000",
		"currency=USD");
	move(d, "Closed Won", "2026-11-11T02:00:00Z", "close_date", "2026-11-11");
	free(d);
	/* D5: open in Prospecting since 11-01, closing in the quarter: idle. */
	at("2026-11-01T02:00:00Z");
	free(ADD(&entity_opportunity, "name=D5", "amount=10000", "close_date=2026-12-15"));
	/* D6: open in Qualification since 11-20, closing next quarter. */
	at("2026-11-20T02:00:00Z");
	d = ADD(&entity_opportunity, "name=D6", "account=华为科技有限公司", "amount=7000",
		"close_date=2027-01-10");
	move(d, "Qualification", "2026-11-20T03:00:00Z", NULL, NULL);
	free(d);
	at("2026-11-23T01:00:00Z");
	user_use(db, "李经理");
}

static void test_team(void)
{
	static const int64_t reached[] = { 4, 3, 3, 3, 2, 2 };
	static const int64_t conv[] = { 750, 1000, 1000, 666, 1000, -1 };
	static const int64_t days[] = { 67, 100, -1, 100, -1, -1 };
	struct report_span q4;
	struct funnel_stats fs;
	size_t i;

	report_span_parse("2026Q4", &q4);
	is_int(report_funnel_stats(db, &q4, NULL, "2026-11-23", &fs), ST_OK, "Q4 analytics");
	is_int(fs.n, 6, "six stages that are not lost");
	for (i = 0; i < fs.n && i < 6; i++) {
		is_int(fs.stages[i].reached, reached[i], "%s: reached by %lld", fs.stages[i].name,
		       (long long)reached[i]);
		is_int(fs.stages[i].conversion, conv[i], "%s: conversion to the next",
		       fs.stages[i].name);
		is_int(fs.stages[i].days10, days[i], "%s: tenths of days per stay",
		       fs.stages[i].name);
	}
	is_int(fs.closed, 4, "four closed deals");
	is_int(fs.won, 2, "two won (D1, D4)");
	is_int(fs.lost, 2, "two lost (D2, D3)");
	is_int(fs.win_rate, 500, "win rate 2/4 = 50.0%%");
	is_int(fs.won_amount, 10000000, "won 100,000 CNY (D4's dollars left out)");
	is_int(fs.lost_amount, 7000000, "lost 70,000");
	is_int(fs.win_rate_amount, 588, "by amount 100,000 / 170,000 = 58.8%%");
	is_int(fs.deal_size, 10000000, "average deal 100,000 (CNY deals won)");
	is_int(fs.cycle10, 150, "cycle (20 + 10) / 2 = 15.0 days");
	is_int(fs.open, 1, "one open deal closing in the quarter (D5)");
	/* 1 x 2/4 x 100,000.00 / 15 days = 3,333.33 a day */
	is_int(fs.velocity, 333333, "velocity 3,333.33 a day");
	is_int(fs.stages[0].idle, 1, "D5 idle in Prospecting (22 days > 14)");
	is_int(fs.stages[0].idle_amount, 1000000, "idle amount 10,000");
	is_int(fs.stages[1].idle, 0, "D6 in Qualification for 3 days is not idle");
	is_int(fs.nreasons, 2, "two lost reasons");
	if (fs.nreasons == 2) {
		is_str(fs.reasons[0].reason, "price", "one deal each: the larger amount first");
		is_int(fs.reasons[0].amount, 5000000, "price: 50,000");
		is_str(fs.reasons[1].reason, "no budget", "then no budget");
	}
	is_int(fs.other_currency, 1, "one closed deal in another currency");
	report_funnel_stats_free(&fs);
}

/* report reps reads the conversion alone: the same stages, reached and
 * conversion, the team's and each owner's, as the whole figures. */
static void test_conversion_only(void)
{
	struct report_span q4;
	struct funnel_stats all, conv;
	size_t i, k;
	bool same = true;

	report_span_parse("2026Q4", &q4);
	is_int(report_funnel_stats(db, &q4, NULL, "2026-11-23", &all), ST_OK, "Q4 analytics");
	is_int(report_funnel_stats_conversion(db, &q4, NULL, &conv), ST_OK, "Q4 conversion alone");
	is_int(conv.n, all.n, "the same stages");
	for (i = 0; i < all.n && i < conv.n; i++)
		same = same && strcmp(conv.stages[i].name, all.stages[i].name) == 0 &&
		       conv.stages[i].reached == all.stages[i].reached &&
		       conv.stages[i].conversion == all.stages[i].conversion;
	ok(same, "each stage reached by as many, converting as much");
	is_int(conv.nowners, all.nowners, "the same owners");
	for (i = 0; i < all.nowners; i++) {
		const struct funnel_stats_owner *o =
		    report_funnel_stats_owner(&conv, all.owners[i].owner);

		same = same && o != NULL;
		for (k = 0; o && k < all.n; k++)
			same = same && o->reached[k] == all.owners[i].reached[k] &&
			       o->conversion[k] == all.owners[i].conversion[k];
	}
	ok(same, "each owner's reached and conversion the same");
	is_int(conv.stages[0].idle + conv.nreasons, 0, "idle deals and lost reasons not read");
	is_int(all.stages[0].idle, 1, "(which the whole figures have)");
	report_funnel_stats_free(&all);
	report_funnel_stats_free(&conv);
}

static void test_edges(void)
{
	struct report_scope_request req = { .owner = "Kevin" };
	struct report_scope s;
	struct report_span span;
	struct funnel_stats fs;
	struct report_args a = { 0 };
	struct report_output o = { 0 };
	char *csv;

	report_span_parse("2026Q4", &span);
	report_scope_resolve(db, &req, &s);
	is_int(report_funnel_stats(db, &span, &s, "2026-11-23", &fs), ST_OK, "a rep with no deals");
	is_int(fs.closed + fs.open, 0, "nothing closed or open");
	is_int(fs.win_rate, -1, "no win rate");
	is_int(fs.deal_size, -1, "no deal size");
	is_int(fs.cycle10, -1, "no cycle");
	is_int(fs.velocity, -1, "no velocity");
	is_int(fs.stages[0].reached, 0, "nobody reached anything");
	is_int(fs.stages[0].conversion, -1, "no conversion");
	report_funnel_stats_free(&fs);
	report_scope_free(&s);

	report_span_parse("2026Q4", &a.span);
	memset(&req, 0, sizeof(req));
	report_scope_resolve(db, &req, &a.scope);
	is_int(report_def_funnel.run(db, &a, &o), ST_OK, "the funnel report runs");
	csv = report_output_render(&o, REPORT_FORMAT_CSV);
	ok(strstr(csv, "Prospecting,4,75.0,6.7,1,10000.00\r\n") != NULL, "Prospecting's line: %s",
	   csv);
	ok(strstr(csv, "closed,won,lost,win_rate,win_rate_amount,avg_deal,cycle_days,open,"
		       "velocity_per_day\r\n4,2,2,50.0,58.8,100000.00,15.0,1,3333.33\r\n") != NULL,
	   "the summary line");
	ok(strstr(csv, "reason,deals,amount\r\nprice,1,50000.00\r\nno budget,1,20000.00\r\n") !=
	       NULL,
	   "lost reasons ranked");
	ok(strstr(csv, "Closed Won,2,,,,\r\n") != NULL, "the won stage has no conversion or idle");
	free(csv);
	csv = report_output_render(&o, REPORT_FORMAT_TABLE);
	ok(strstr(csv, "1 closed deal in another currency than CNY is counted") != NULL,
	   "a note says the dollars are not summed");
	free(csv);
	report_output_free(&o);
	report_scope_free(&a.scope);
}

/* As of 2026-10-20 (the end of that day in Shanghai): D1 had moved once
 * (Qualification, no close date yet: in no period), D2 had moved twice and
 * was lost; nothing of November existed. */
static void test_as_of(void)
{
	static const int64_t reached[] = { 1, 1, 1, 1, 0, 0 };
	static const int64_t conv[] = { 1000, 1000, 1000, 0, -1, -1 };
	static const int64_t days[] = { 50, -1, -1, 100, -1, -1 };
	struct report_span q4, q1;
	struct funnel_stats fs;
	struct report_args a = { 0 };
	struct report_output o = { 0 };
	struct report_scope_request req = { 0 };
	char before[21], *csv;
	size_t i;

	report_span_parse("2026Q4", &q4);
	ok(history_end_of_day("2026-10-20", before), "the end of 2026-10-20");
	is_int(report_funnel_stats_as_of(db, &q4, NULL, before, "2026-10-20", &fs), ST_OK,
	       "Q4 as of 2026-10-20");
	for (i = 0; i < fs.n && i < 6; i++) {
		is_int(fs.stages[i].reached, reached[i], "as of: %s reached by %lld",
		       fs.stages[i].name, (long long)reached[i]);
		is_int(fs.stages[i].conversion, conv[i], "as of: %s conversion", fs.stages[i].name);
		is_int(fs.stages[i].days10, days[i], "as of: %s tenths of days", fs.stages[i].name);
	}
	is_int(fs.closed, 1, "one closed deal then (D2)");
	is_int(fs.won, 0, "none won yet (D1 was won on 10-21)");
	is_int(fs.lost_amount, 5000000, "lost 50,000");
	is_int(fs.win_rate, 0, "win rate 0 of 1");
	is_int(fs.open, 0, "no open deal closed in the quarter then (D1 had no close date)");
	is_int(fs.cycle10, -1, "no cycle without a won deal");
	is_int(fs.stages[1].idle, 0, "D1 in Qualification for 9 days is not idle (14)");
	is_int(fs.nreasons, 1, "one lost reason");
	report_funnel_stats_free(&fs);

	/* D5 entered Prospecting on 11-01 (idle after 14 days). */
	ok(history_end_of_day("2026-11-14", before), "the end of 2026-11-14");
	is_int(report_funnel_stats_as_of(db, &q4, NULL, before, "2026-11-14", &fs), ST_OK,
	       "Q4 as of 2026-11-14");
	is_int(fs.stages[0].idle, 0, "D5 not yet idle on 11-14");
	is_int(fs.closed, 4, "D1-D4 closed by then");
	is_int(fs.open, 1, "D5 open");
	report_funnel_stats_free(&fs);

	/* A period with no history: 2027Q1 before D6 existed, and after. */
	report_span_parse("2027Q1", &q1);
	ok(history_end_of_day("2026-11-19", before), "the end of 2026-11-19");
	is_int(report_funnel_stats_as_of(db, &q1, NULL, before, "2026-11-19", &fs), ST_OK,
	       "2027Q1 as of 2026-11-19");
	is_int(fs.closed + fs.open, 0, "nothing in 2027Q1 before D6 was created");
	report_funnel_stats_free(&fs);
	ok(history_end_of_day("2026-11-20", before), "the end of 2026-11-20");
	is_int(report_funnel_stats_as_of(db, &q1, NULL, before, "2026-11-20", &fs), ST_OK,
	       "2027Q1 as of 2026-11-20");
	is_int(fs.open, 1, "D6 open in 2027Q1 from 11-20");
	report_funnel_stats_free(&fs);

	/* The report: the same figures, and a date that is not one refused. */
	report_span_parse("2026Q4", &a.span);
	report_scope_resolve(db, &req, &a.scope);
	a.as_of = "2026-10-20";
	is_int(report_def_funnel.run(db, &a, &o), ST_OK, "the funnel report as of 2026-10-20");
	csv = report_output_render(&o, REPORT_FORMAT_CSV);
	ok(strstr(csv, "Prospecting,1,100.0,5.0,0,0.00\r\n") != NULL, "Prospecting then: %s", csv);
	ok(strstr(csv, "\r\n1,0,1,0.0,0.0,,,0,\r\n") != NULL, "the summary then");
	free(csv);
	report_output_free(&o);
	a.as_of = "2026-13-01";
	is_int(report_def_funnel.run(db, &a, &o), ST_INVALID, "a date that is not one");
	report_output_free(&o);
	report_scope_free(&a.scope);
}

/* Idle as of a date counts each deal as it stood then: a deal that has
 * moved on since by its stage and amount then, one made since not at all,
 * and by its owner then in a scope. Runs last: it adds deals. */
static void test_idle_as_of(void)
{
	struct report_scope_request req = { 0 };
	struct report_scope scope;
	struct report_span q4;
	struct funnel_stats fs;
	struct record *r;
	enum status st;
	char before[21], *d;

	/* E1: Kevin's, in Prospecting from 11-25 at 30,000; on 12-15 moved to
	 * Qualification, raised to 40,000 and given to 王芳. */
	user_use(db, "Kevin");
	at("2026-11-25T02:00:00Z");
	d = ADD(&entity_opportunity, "name=E1", "account=华为科技有限公司", "amount=30000",
		"close_date=2027-02-01");
	move(d, "Qualification", "2026-12-15T02:00:00Z", NULL, NULL);
	user_use(db, "李经理");
	r = NULL;
	st = record_load(db, &entity_opportunity, d, &r);
	if (st == ST_OK)
		st = record_input_all(db, r, (const struct kv[]){ { "amount", "40000" } }, 1);
	if (st == ST_OK)
		st = record_input_all(db, r, (const struct kv[]){ { "owner", "王芳" } }, 1);
	if (st == ST_OK)
		st = record_update(db, r);
	is_int(st, ST_OK, "E1 raised and given to 王芳 on 12-15");
	record_free(&r);
	free(d);
	/* E2: made on 12-20, in Prospecting ever since. */
	at("2026-12-20T02:00:00Z");
	free(ADD(&entity_opportunity, "name=E2", "amount=5000", "close_date=2027-02-01"));
	at("2027-01-20T01:00:00Z");

	report_span_parse("2026Q4", &q4);
	ok(history_end_of_day("2026-12-12", before), "the end of 2026-12-12");
	is_int(report_funnel_stats_as_of(db, &q4, NULL, before, "2026-12-12", &fs), ST_OK,
	       "Q4 as of 2026-12-12");
	is_int(fs.stages[0].idle, 2, "idle in Prospecting then: D5 and E1 (17 days), not E2");
	is_int(fs.stages[0].idle_amount, 4000000, "at E1's amount then: 10,000 + 30,000");
	is_int(fs.stages[1].idle, 1, "in Qualification: D6 alone (E1 came on 12-15)");
	is_int(fs.stages[1].idle_amount, 700000, "7,000");
	report_funnel_stats_free(&fs);

	req.owner = "Kevin";
	is_int(report_scope_resolve(db, &req, &scope), ST_OK, "Kevin's deals");
	is_int(report_funnel_stats_as_of(db, &q4, &scope, before, "2026-12-12", &fs), ST_OK,
	       "Kevin's Q4 as of 2026-12-12");
	is_int(fs.stages[0].idle, 1, "E1 idle in Prospecting, his then");
	is_int(fs.stages[0].idle_amount, 3000000, "30,000");
	report_funnel_stats_free(&fs);
	report_scope_free(&scope);

	/* Now E1 is 王芳's, in Qualification since 12-15; E2 in Prospecting. */
	is_int(report_funnel_stats(db, &q4, NULL, "2027-01-20", &fs), ST_OK, "Q4 today");
	is_int(fs.stages[1].idle, 2, "in Qualification now: D6 and E1");
	is_int(fs.stages[1].idle_amount, 4700000, "7,000 + 40,000");
	report_funnel_stats_free(&fs);
}

/* Every figure of fs as text, the owners in ref's order (found by id: the
 * order they come in is the walk's). */
static void stats_text(const struct funnel_stats *fs, const struct funnel_stats *ref,
		       struct strbuf *out)
{
	size_t i, k;

	strbuf_addf(out, "closed %lld won %lld lost %lld amounts %lld %lld other %lld\n",
		    (long long)fs->closed, (long long)fs->won, (long long)fs->lost,
		    (long long)fs->won_amount, (long long)fs->lost_amount,
		    (long long)fs->other_currency);
	strbuf_addf(out, "rates %lld %lld size %lld cycle %lld open %lld velocity %lld\n",
		    (long long)fs->win_rate, (long long)fs->win_rate_amount,
		    (long long)fs->deal_size, (long long)fs->cycle10, (long long)fs->open,
		    (long long)fs->velocity);
	for (i = 0; i < fs->n; i++)
		strbuf_addf(out, "%s reached %lld conversion %lld stays %lld days %lld\n",
			    fs->stages[i].name, (long long)fs->stages[i].reached,
			    (long long)fs->stages[i].conversion, (long long)fs->stages[i].stays,
			    (long long)fs->stages[i].days10);
	for (i = 0; i < fs->nreasons; i++)
		strbuf_addf(out, "reason %s %lld %lld\n", fs->reasons[i].reason,
			    (long long)fs->reasons[i].deals, (long long)fs->reasons[i].amount);
	strbuf_addf(out, "%zu owners\n", fs->nowners);
	for (i = 0; i < ref->nowners; i++) {
		const struct funnel_stats_owner *o =
		    report_funnel_stats_owner(fs, ref->owners[i].owner);

		if (o == NULL) {
			strbuf_addf(out, "owner %s missing\n", ref->owners[i].owner);
			continue;
		}
		strbuf_addf(out, "owner %s closed %lld won %lld:", ref->owners[i].owner,
			    (long long)o->closed, (long long)o->won);
		for (k = 0; k < fs->n; k++)
			strbuf_addf(out, " %lld/%lld", (long long)o->reached[k],
				    (long long)o->conversion[k]);
		strbuf_addc(out, '\n');
	}
}

/* The period's closed deals are walked in pieces on two connections when
 * there is a twin (walk_shared()); with twins on and off every figure is
 * the same: 160 deals closed won or lost after paths of their own, with
 * reasons, two owners and two currencies, for the team, one owner, today
 * and as of a day. Runs last: it adds deals. */
static void test_twin_walk(void)
{
	/* Not Negotiation: it needs a manager's approval. */
	static const char *const path[] = { "Qualification", "Needs Analysis", "Proposal" };
	static const char *const reasons[] = { "price", "no budget", "competitor", "timing" };
	/* The closed deals each of the four walks at the least. */
	static const int64_t least[] = { 150, 40, 50, 15 };
	struct report_scope_request req = { .owner = "Kevin" };
	struct report_scope kevin;
	struct report_span dec;
	unsigned seed = 13;
	char before[21];
	int i, j;

	for (i = 0; i < 160; i++) {
		char when[32], amount[32], close[32], *d;
		int steps;

		seed = seed * 1103515245u + 12345u;
		user_use(db, i % 3 ? "王芳" : "Kevin");
		snprintf(when, sizeof(when), "2027-02-%02dT%02d:00:00Z", 1 + i % 10, i % 20);
		snprintf(amount, sizeof(amount), "amount=%d", 1000 + (int)(seed % 90000));
		snprintf(close, sizeof(close), "close_date=2027-03-%02d",
			 1 + (int)(seed >> 8) % 28);
		at(when);
		d = ADD(&entity_opportunity, "name=W", "account=华为科技有限公司", "contact=张伟",
			amount, close, i % 7 ? "currency=CNY" : "currency=USD");
		steps = (int)(seed >> 12) % 5;
		for (j = 0; j < steps; j++) {
			snprintf(when, sizeof(when), "2027-02-%02dT%02d:00:00Z", 12 + j * 3 + i % 3,
				 i % 20);
			move(d, path[(j + (int)(seed >> 16) % 2) % 3], when, NULL, NULL);
		}
		snprintf(when, sizeof(when), "2027-02-%02dT%02d:00:00Z", 26 + i % 2, i % 20);
		if ((seed >> 20) % 2)
			move(d, "Closed Won", when, NULL, NULL);
		else
			move(d, "Closed Lost", when, "lost_reason", reasons[(seed >> 22) % 4]);
		free(d);
	}
	at("2027-04-02T01:00:00Z");
	user_use(db, "李经理");
	report_span_parse("2027-03", &dec);
	is_int(report_scope_resolve(db, &req, &kevin), ST_OK, "Kevin's deals");
	ok(history_end_of_day("2027-02-26", before), "the end of 2027-02-26");
	for (i = 0; i < 4; i++) {
		const struct report_scope *scope = i % 2 ? &kevin : NULL;
		const char *asof = i < 2 ? NULL : before;
		struct funnel_stats fs[2];
		struct strbuf text[2] = { STRBUF_INIT, STRBUF_INIT };
		int twins;

		for (twins = 0; twins < 2; twins++) {
			report_twins_enable(twins);
			is_int(report_funnel_stats_as_of(db, &dec, scope, asof, "2027-04-02",
							 &fs[twins]),
			       ST_OK, "2027-03%s%s, twins %s", scope ? ", Kevin's" : "",
			       asof ? " as of 02-26" : "", twins ? "on" : "off");
		}
		report_twins_enable(true);
		ok(fs[0].closed >= least[i], "%lld closed deals walked", (long long)fs[0].closed);
		stats_text(&fs[0], &fs[0], &text[0]);
		stats_text(&fs[1], &fs[0], &text[1]);
		is_str(strbuf_str(&text[1]), strbuf_str(&text[0]),
		       "every figure the same with twins on and off");
		strbuf_release(&text[0]);
		strbuf_release(&text[1]);
		report_funnel_stats_free(&fs[0]);
		report_funnel_stats_free(&fs[1]);
	}
	report_scope_free(&kevin);
}

/* A stop asked for on another thread than this one, where a report's twin
 * part runs. This thread's checks are slowed down (2 ms each), so that the
 * twin takes most of the pieces of work shared in turn and runs queries
 * long enough to be checked (every STOP_CHECK_STEPS steps of one query). */
static pthread_t main_thread;

static bool stop_elsewhere(void *unused)
{
	(void)unused;
	if (!pthread_equal(pthread_self(), main_thread))
		return true;
	usleep(2000);
	return false;
}

/* What stops a report's queries (report_interrupt_when()) stops its part on
 * the twin too, and the report says it was stopped: the TUI does not wait
 * for that part when a key comes. Runs after test_twin_walk(): its deals. */
static void test_twin_stops(void)
{
	struct report_span dec;
	struct funnel_stats fs;
	char before[21];
	enum status st;

	main_thread = pthread_self();
	report_span_parse("2027-03", &dec);
	ok(history_end_of_day("2027-02-26", before), "the end of 2027-02-26");
	report_interrupt_when(db, stop_elsewhere, NULL);
	st = report_funnel_stats_as_of(db, &dec, NULL, before, "2027-04-02", &fs);
	ok(st != ST_OK && report_stopped(), "stopped on the twin: the report stops (%s)",
	   st == ST_OK ? "it did not" : status_message());
	report_funnel_stats_free(&fs); /* what it had, stopped or not */
	report_interrupt_when(db, NULL, NULL);
	is_int(report_funnel_stats_as_of(db, &dec, NULL, before, "2027-04-02", &fs), ST_OK,
	       "without the stop it runs");
	report_funnel_stats_free(&fs);
}

/* The idle deals now, per scope and currency: Kevin's two deals idle in
 * Prospecting since October, one in dollars (counted, its amount not
 * added), add to the team's and Kevin's figures, not 王芳's. Runs last:
 * the figures before them are read first. */
static void test_idle_now(void)
{
	static const char *const who[] = { NULL, "Kevin", "王芳" };
	int64_t idle[3][2], want[3][2] = { { 2, 300000 }, { 2, 300000 }, { 0, 0 } };
	struct report_span q4;
	char *d;

	report_span_parse("2026Q4", &q4);
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < 3; i++) {
			struct report_scope_request req = { .owner = who[i] };
			struct report_scope scope;
			struct funnel_stats fs;

			report_scope_resolve(db, &req, &scope);
			is_int(
			    report_funnel_stats(db, &q4, who[i] ? &scope : NULL, "2026-11-23", &fs),
			    ST_OK, "Q4 as %s", who[i] ? who[i] : "the team");
			if (pass == 0) {
				idle[i][0] = fs.stages[0].idle;
				idle[i][1] = fs.stages[0].idle_amount;
			} else {
				is_int(fs.stages[0].idle - idle[i][0], want[i][0],
				       "%s: %lld more idle in Prospecting",
				       who[i] ? who[i] : "the team", (long long)want[i][0]);
				is_int(fs.stages[0].idle_amount - idle[i][1], want[i][1],
				       "%s: %lld more of the idle amount (CNY only)",
				       who[i] ? who[i] : "the team", (long long)want[i][1]);
			}
			report_funnel_stats_free(&fs);
			report_scope_free(&scope);
		}
		if (pass == 1)
			break;
		user_use(db, "Kevin");
		at("2026-10-01T02:00:00Z");
		free(ADD(&entity_opportunity, "name=K-USD", "amount=5000", "currency=USD",
			 "close_date=2027-06-01"));
		at("2026-10-02T02:00:00Z");
		d = ADD(&entity_opportunity, "name=K-CNY", "amount=3000", "close_date=2027-06-01");
		free(d);
		at("2026-11-23T01:00:00Z");
		user_use(db, "李经理");
	}
}

int main(void)
{
	char *path;

	setenv("TZ", "Asia/Shanghai", 1);
	at("2026-11-23T01:00:00Z");
	/* A file: an as-of looks up half of the idle deals on a twin
	 * connection (report_twin()), which a database in memory cannot have. */
	db = fixture_file_db(&path);
	if (db == NULL) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	setup();
	test_team();
	test_conversion_only();
	test_edges();
	test_as_of();
	test_idle_as_of();
	test_twin_walk();
	test_twin_stops();
	test_idle_now();
	db_close(&db);
	fixture_file_db_remove(path);
	return done_testing();
}
