/* test_leads.c - report sources and report campaigns on a small fixed data
 * set, every figure computed by hand: leads per source and per channel,
 * conversion, won revenue, median and average days to convert; campaigns
 * with a cost that pays, one that does not, one with no cost (ROI
 * undefined), one whose cost is in another currency than its revenue, one
 * that ran before the period, a lead that came before its campaign's
 * period, the leads with no campaign, a win in another currency, a channel
 * another writer named, and a rep's scope.
 *
 * Q4 2026, Asia/Shanghai. Leads (owner 王芳 unless said):
 *   L1  展会A  event/campaign  10-02  converted 10-12 (10 days), won 300,000 CNY
 *   L2  展会A  event/campaign  10-02  converted 10-07 (5 days), open
 *   L3  展会A  event/campaign  10-03
 *   L10 展会A  event/campaign  09-25 (before Q4: in the campaign, not in sources)
 *   L4  免费活动 partner/campaign 11-01 converted 11-05 (4 days), won 50,000 CNY
 *   L5  Expo SG event/campaign 10-05  converted 10-06 (1 day), won 20,000 CNY
 *   L11 Ads    ads/campaign    11-02
 *   L6  -      web/web_form    11-10 (Kevin's)
 *   L7  -      referral/referral 11-11 converted 11-14 (3 days), won 1,000 USD
 *   L9  -      -/linkedin (another writer's channel) 11-12
 *   L8  -      -/unknown       09-30 (before Q4)
 *   L12 (a campaign not here) -/unknown 11-15: in sources, in no campaign row
 * Campaigns: 展会A 10-01..10-03 100,000 CNY; 免费活动 no dates, no cost;
 * Expo SG 10-05..10-06 5,000 USD; Ads 11-01..11-30 40,000 CNY; Old 2025
 * 50,000 CNY (not in Q4).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "entity.h"
#include "fixture.h"
#include "lead.h"
#include "opportunity.h"
#include "record.h"
#include "report/leads.h"
#include "report/registry.h"
#include "tap.h"
#include "user.h"
#include "xalloc.h"

static struct db *db;
static char *kevin;

#define ADD(e, ...) fixture_add(db, e, (const char *const[]){ __VA_ARGS__, NULL })

static void at(const char *when)
{
	setenv("SALESTERM_NOW", when, 1);
}

/* Convert lead id at when; its deal won at amount in currency when amount. */
static void convert(char *id, const char *when, const char *amount, const char *currency)
{
	struct lead_conversion c = { 0 };

	at(when);
	is_int(lead_convert(db, id, &c), ST_OK, "lead converted on %.10s", when);
	if (amount && c.opportunity_id) {
		struct kv kv[] = { { "amount", amount },
				   { "currency", currency },
				   { "close_date", "2026-12-01" } };

		is_int(opportunity_move(db, c.opportunity_id, "Closed Won", kv, 3), ST_OK,
		       "its deal won: %s %s", amount, currency);
	}
	lead_conversion_clear(&c);
	free(id);
}

static void setup(void)
{
	char *l9;
	char sql[200];

	free(ADD(&entity_user, "name=李经理", "role=manager"));
	user_use(db, "李经理");
	free(ADD(&entity_user, "name=王芳", "role=rep"));
	kevin = ADD(&entity_user, "name=Kevin", "role=rep");
	at("2026-01-05T02:00:00Z");
	free(ADD(&entity_campaign, "name=展会A", "channel=event", "start_date=2026-10-01",
		 "end_date=2026-10-03", "cost=100000", "currency=CNY"));
	free(ADD(&entity_campaign, "name=免费活动", "channel=partner"));
	free(ADD(&entity_campaign, "name=Expo SG", "channel=event", "start_date=2026-10-05",
		 "end_date=2026-10-06", "cost=5000", "currency=USD"));
	free(ADD(&entity_campaign, "name=Ads", "channel=ads", "start_date=2026-11-01",
		 "end_date=2026-11-30", "cost=40000", "currency=CNY"));
	free(ADD(&entity_campaign, "name=Old", "start_date=2025-03-01", "end_date=2025-03-02",
		 "cost=50000", "currency=CNY"));

	user_use(db, "王芳");
	at("2026-10-02T02:00:00Z");
	convert(ADD(&entity_lead, "name=L1", "company=甲公司", "source=event", "channel=campaign",
		    "campaign=展会A"),
		"2026-10-12T02:00:00Z", "300000", "CNY");
	at("2026-10-02T02:00:00Z");
	convert(ADD(&entity_lead, "name=L2", "company=乙公司", "source=event", "channel=campaign",
		    "campaign=展会A"),
		"2026-10-07T02:00:00Z", NULL, NULL);
	at("2026-10-03T02:00:00Z");
	free(ADD(&entity_lead, "name=L3", "source=event", "channel=campaign", "campaign=展会A"));
	at("2026-09-25T02:00:00Z");
	free(ADD(&entity_lead, "name=L10", "source=event", "channel=campaign", "campaign=展会A"));
	at("2026-11-01T02:00:00Z");
	convert(ADD(&entity_lead, "name=L4", "company=丙公司", "source=partner", "channel=campaign",
		    "campaign=免费活动"),
		"2026-11-05T02:00:00Z", "50000", "CNY");
	at("2026-10-05T02:00:00Z");
	convert(ADD(&entity_lead, "name=L5", "company=丁公司", "source=event", "channel=campaign",
		    "campaign=Expo SG"),
		"2026-10-06T02:00:00Z", "20000", "CNY");
	at("2026-11-02T02:00:00Z");
	free(ADD(&entity_lead, "name=L11", "source=ads", "channel=campaign", "campaign=Ads"));
	at("2026-11-11T02:00:00Z");
	convert(ADD(&entity_lead, "name=L7", "company=Acme", "source=referral", "channel=referral"),
		"2026-11-14T02:00:00Z", "1000", "USD");
	at("2026-11-12T02:00:00Z");
	l9 = ADD(&entity_lead, "name=L9");
	/* As a web form's document arrives by sync: a channel of its own. */
	snprintf(sql, sizeof(sql), "UPDATE lead SET channel = 'linkedin' WHERE id = '%s'", l9);
	is_int(db_exec(db, sql), ST_OK, "L9 has another writer's channel");
	free(l9);
	at("2026-09-30T02:00:00Z");
	free(ADD(&entity_lead, "name=L8"));
	/* L12: a campaign not here (another territory's, say): counted apart. */
	at("2026-11-15T02:00:00Z");
	l9 = ADD(&entity_lead, "name=L12");
	snprintf(sql, sizeof(sql), "UPDATE lead SET campaign = 'camp-elsewhere' WHERE id = '%s'",
		 l9);
	is_int(db_exec(db, sql), ST_OK, "L12 names a campaign that is not here");
	free(l9);
	user_use(db, "Kevin");
	at("2026-11-10T02:00:00Z");
	free(ADD(&entity_lead, "name=L6", "source=web", "channel=web_form"));
	at("2026-11-23T01:00:00Z");
	user_use(db, "李经理");
}

static const struct lead_group *group(const struct lead_group *g, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(g[i].key, key) == 0)
			return &g[i];
	return NULL;
}

static int64_t money_in(const struct lead_group *g, const char *cur)
{
	size_t i;

	for (i = 0; i < g->nmoney; i++)
		if (strcmp(g->money[i].currency, cur) == 0)
			return g->money[i].amount;
	return 0;
}

static void test_sources(void)
{
	struct report_span q4;
	struct lead_report r;
	const struct lead_group *g;

	report_span_parse("2026Q4", &q4);
	is_int(report_lead_sources(db, &q4, NULL, &r), ST_OK, "Q4's sources");
	is_int(r.total.leads, 10, "ten leads created in Q4 (L8 and L10 before)");
	is_int(r.total.converted, 5, "five converted");
	is_int(r.total.won, 4, "four won");
	is_int(money_in(&r.total, "CNY"), 37000000, "370,000 CNY won");
	is_int(money_in(&r.total, "USD"), 100000, "and 1,000 USD apart");
	is_int(r.total.median, 40, "median of 1, 3, 4, 5, 10 days: 4.0");
	is_int(r.total.average, 46, "average 23 / 5 = 4.6 days");
	is_int(r.foreign_channels, 1, "one lead with another writer's channel");
	is_int(r.nsources, 6, "event, partner, ads, web, referral and none");
	g = group(r.sources, r.nsources, "event");
	if (ok(g != NULL, "event")) {
		is_int(g->leads, 4, "event: L1, L2, L3, L5");
		is_int(g->converted, 3, "three converted");
		is_int(g->won, 2, "two won");
		is_int(money_in(g, "CNY"), 32000000, "300,000 + 20,000");
		is_int(g->median, 50, "median of 1, 5, 10: 5.0");
		is_int(g->average, 53, "average 16 / 3 = 5.3");
	}
	is_str(r.sources[0].key, "event", "the source with most leads first");
	g = group(r.sources, r.nsources, "referral");
	if (ok(g != NULL, "referral")) {
		is_int(g->won, 1, "won, in USD");
		is_int(money_in(g, "CNY"), 0, "nothing in CNY");
		is_int(money_in(g, "USD"), 100000, "1,000 USD");
	}
	g = group(r.sources, r.nsources, "");
	if (ok(g != NULL, "leads with no source")) {
		is_str(g->label, "(none)", "labelled (none)");
		is_int(g->leads, 2, "L9 and L12");
		is_int(g->median, -1, "no time to convert");
	}
	g = group(r.channels, r.nchannels, "campaign");
	if (ok(g != NULL, "the campaign channel")) {
		is_int(g->leads, 6, "L1-L5 and L11");
		is_int(g->converted, 4, "four converted");
		is_int(g->won, 3, "three won");
		is_int(money_in(g, "CNY"), 37000000, "370,000");
		is_int(g->median, 45, "median of 1, 4, 5, 10: 4.5");
		is_int(g->average, 50, "average 20 / 4 = 5.0");
	}
	g = group(r.channels, r.nchannels, "unknown");
	if (ok(g != NULL, "unknown channel")) {
		is_int(g->leads, 2, "L12, and the linkedin lead counts as unknown");
	}
	ok(group(r.channels, r.nchannels, "linkedin") == NULL, "never a row of its own");
	report_leads_free(&r);
}

static void test_campaigns(void)
{
	struct report_span q4;
	struct lead_report r;
	const struct lead_group *g;

	report_span_parse("2026Q4", &q4);
	is_int(report_lead_campaigns(db, &q4, NULL, &r), ST_OK, "Q4's campaigns");
	is_int(r.ncampaigns, 5, "four campaigns ran in Q4, and the leads with none");
	if (r.ncampaigns < 5) {
		report_leads_free(&r);
		return;
	}
	g = &r.campaigns[0];
	is_str(g->label, "展会A", "the best ROI first");
	is_int(g->cost, 10000000, "cost 100,000");
	is_int(g->leads, 4, "four leads, L10 before the period too");
	is_int(g->converted, 2, "two opportunities");
	is_int(g->won, 1, "one won");
	is_int(g->revenue, 30000000, "300,000 attributed");
	ok(g->has_roi, "has an ROI");
	is_int(g->roi, 2000, "ROI (300,000 - 100,000) / 100,000 = 200.0%%");
	is_int(g->cost_per_won, 10000000, "100,000 per won deal");
	g = &r.campaigns[1];
	is_str(g->label, "Ads", "then the campaign that did not pay");
	is_int(g->roi, -1000, "ROI -100.0%%");
	is_int(g->cost_per_won, -1, "no won deal: no cost per won deal");
	g = &r.campaigns[2];
	is_str(g->label, "免费活动", "then those without ROI, by revenue");
	ok(!g->has_cost && !g->has_roi, "no cost: ROI undefined");
	is_int(g->revenue, 5000000, "50,000 attributed all the same");
	g = &r.campaigns[3];
	is_str(g->label, "Expo SG", "the campaign paid in USD");
	is_str(g->currency, "USD", "its cost's currency");
	is_int(g->revenue, 0, "no revenue in USD");
	ok(!g->has_roi, "its CNY revenue is never set against a USD cost");
	is_int(money_in(g, "CNY"), 2000000, "20,000 CNY kept apart");
	is_int(g->cost_per_won, 500000, "5,000 USD per won deal");
	g = &r.campaigns[4];
	ok(g->no_campaign, "the leads with no campaign last");
	is_int(g->leads, 3, "L6, L7, L9 (L8 before the period)");
	is_int(g->won, 1, "one won");
	is_int(money_in(g, "USD"), 100000, "in USD");
	is_int(r.missing_campaign, 1, "L12's campaign is not here: counted apart");
	report_leads_free(&r);
}

static void test_output(void)
{
	struct report_args a = { 0 };
	struct report_output o = { 0 };
	struct report_scope_request req = { 0 };
	char *text;

	report_span_parse("2026Q4", &a.span);
	report_scope_resolve(db, &req, &a.scope);
	is_int(report_run(db, &report_def_campaigns, &a, &o), ST_OK, "report campaigns");
	text = report_output_render(&o, REPORT_FORMAT_CSV);
	ok(strstr(text, "展会A,event,100000.00,CNY,4,2,1,300000.00,200.0,100000.00,\r\n") != NULL,
	   "展会A's line: %s", text);
	ok(strstr(text, "免费活动,partner,0.00,CNY,1,1,1,50000.00,,,no cost: ROI undefined\r\n") !=
	       NULL,
	   "no cost, no ROI, said so");
	ok(strstr(text, "campaign,Expo SG,CNY,1,20000.00\r\n") != NULL,
	   "the CNY won by a USD campaign apart");
	free(text);
	text = report_output_render(&o, REPORT_FORMAT_TABLE);
	ok(strstr(text, "██████████████████████████████") != NULL, "the largest ROI a full bar");
	ok(strstr(text, "░░░░░░░░░░░░░░░ \n") == NULL && strstr(text, "░░░░░░░░░░░░░░░\n") != NULL,
	   "-100%% half as long, as a loss: %s", text);
	free(text);
	report_output_free(&o);
	report_scope_free(&a.scope);

	memset(&o, 0, sizeof(o));
	req.owner = "Kevin";
	report_scope_resolve(db, &req, &a.scope);
	is_int(report_run(db, &report_def_sources, &a, &o), ST_OK, "report sources for Kevin");
	text = report_output_render(&o, REPORT_FORMAT_CSV);
	ok(strstr(text, "all leads,1,0,0.0,0,0.00,,\r\n") != NULL, "his one lead: %s", text);
	free(text);
	report_output_free(&o);
	report_scope_free(&a.scope);
}

static void test_bar(void)
{
	char *b = report_bar(1, 1000, 10, "#");

	is_str(b, "#", "any value above zero shows a mark");
	free(b);
	b = report_bar(0, 1000, 10, "#");
	is_str(b, "", "zero none");
	free(b);
	b = report_bar(500, 1000, 10, "#");
	is_str(b, "#####", "half");
	free(b);
}

int main(void)
{
	setenv("TZ", "Asia/Shanghai", 1);
	at("2026-11-23T01:00:00Z");
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	setup();
	test_sources();
	test_campaigns();
	test_output();
	test_bar();
	free(kevin);
	db_close(&db);
	return done_testing();
}
