/* test_forecast.c - the forecast report on a small fixed data set, every
 * figure computed by hand (the comments show how), edges included: a rep
 * with no deals and no quota, a deal without a close date, a lost deal, a
 * deal in another currency, a monthly quota over a quarter, and the role
 * rules (a rep sees only their own row). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adjustment.h"
#include "db.h"
#include "entity.h"
#include "fixture.h"
#include "opportunity.h"
#include "record.h"
#include "report/forecast.h"
#include "report/registry.h"
#include "tap.h"
#include "user.h"
#include "xalloc.h"

static struct db *db;
static char *mgr, *wang, *kevin, *zoe;

#define ADD(e, ...) fixture_add(db, e, (const char *const[]){ __VA_ARGS__, NULL })

static void deal(const char *stage, const char *const *pairs)
{
	char *id = fixture_add(db, &entity_opportunity, pairs);

	ok(id != NULL, "deal %s added", pairs[0]);
	if (id && stage) {
		struct kv kv[] = { { "lost_reason", "price" } };

		is_int(opportunity_move(db, id, stage, kv, strcmp(stage, "Closed Lost") == 0),
		       ST_OK, "deal %s moved to %s", pairs[0], stage);
	}
	free(id);
}

#define DEAL(stage, ...) deal(stage, (const char *const[]){ __VA_ARGS__, NULL })

static void setup(void)
{
	mgr = ADD(&entity_user, "name=李经理", "role=manager");
	user_use(db, "李经理");
	wang = ADD(&entity_user, "name=王芳", "role=rep", "territory=East", "quota=900000",
		   "period=quarter");
	kevin = ADD(&entity_user, "name=Kevin", "role=rep", "territory=East", "quota=200000",
		    "period=month");
	zoe = ADD(&entity_user, "name=Zoe", "role=rep", "territory=West");
	free(ADD(&entity_account, "name=华为科技有限公司"));
	free(ADD(&entity_contact, "name=张伟", "account=华为科技有限公司"));

	user_use(db, "王芳");
	DEAL("Closed Won", "name=W1 won", "account=华为科技有限公司", "amount=300000",
	     "close_date=2026-11-10");
	DEAL("Proposal", "name=W2 proposal", "account=华为科技有限公司", "contact=张伟",
	     "amount=100000", "close_date=2026-12-01");
	DEAL(NULL, "name=W3 commit by hand", "amount=50000", "close_date=2026-10-15",
	     "category=commit");
	DEAL(NULL, "name=W4 next quarter", "amount=20000", "close_date=2027-01-05");
	DEAL(NULL, "name=W5 dollars", "amount=10000", "currency=USD", "close_date=2026-11-20");
	DEAL(NULL, "name=W6 no close date", "amount=5000");
	DEAL("Closed Lost", "name=W7 lost", "account=华为科技有限公司", "amount=70000",
	     "close_date=2026-11-01");
	DEAL(NULL, "name=W8 omitted", "amount=8000", "close_date=2026-12-20", "category=omitted");
	user_use(db, "Kevin");
	DEAL("Qualification", "name=K1", "account=华为科技有限公司", "amount=40000",
	     "close_date=2026-12-31");
	user_use(db, "李经理");
}

static const struct forecast_row *row_of(const struct forecast *fc, const char *owner)
{
	size_t i;

	for (i = 0; i < fc->n; i++)
		if (fc->rows[i].owner && strcmp(fc->rows[i].owner, owner) == 0)
			return &fc->rows[i];
	return NULL;
}

static void scope_of(struct report_scope *s, const char *owner, const char *territory)
{
	struct report_scope_request req = { .owner = owner, .territory = territory };

	if (report_scope_resolve(db, &req, s) != ST_OK)
		printf("# scope: %s\n", status_message());
}

static void test_team(void)
{
	struct report_span q4;
	struct report_scope s;
	struct forecast fc;
	const struct forecast_row *r;

	report_span_parse("2026Q4", &q4);
	scope_of(&s, NULL, NULL);
	is_int(report_forecast(db, &q4, &s, &fc), ST_OK, "the team's Q4 forecast");
	report_scope_free(&s);
	is_int(fc.n, 3, "three reps (the manager has no deals)");
	is_str(fc.currency, "CNY", "in the default currency");
	if (fc.n == 3) {
		/* The user list's order: zh's pinyin collation puts Han first. */
		is_str(fc.rows[0].name, "王芳", "by name: 王芳");
		is_str(fc.rows[1].name, "Kevin", "Kevin");
		is_str(fc.rows[2].name, "Zoe", "Zoe");
	}
	r = row_of(&fc, wang);
	if (ok(r != NULL, "王芳's row")) {
		is_int(r->quota, 90000000, "quota 900,000.00 a quarter");
		is_int(r->by_category[FC_CLOSED], 30000000, "won 300,000 (W1)");
		is_int(r->by_category[FC_COMMIT], 5000000, "commit 50,000 (W3, by hand)");
		is_int(r->by_category[FC_BEST_CASE], 10000000, "best case 100,000 (W2, 60%%)");
		is_int(r->by_category[FC_PIPELINE], 0, "no CNY pipeline (W4 next quarter, W5 USD)");
		is_int(r->by_category[FC_OMITTED], 800000, "omitted 8,000 (W8)");
		is_int(r->open, 15000000, "open 50,000 + 100,000");
		/* 100,000 x 60% + 50,000 x 10% (Prospecting's probability) */
		is_int(r->weighted, 6500000, "weighted 65,000");
		is_int(r->attainment, 333, "300,000 / 900,000 = 33.3%%");
		is_int(r->gap, 60000000, "gap 600,000");
		is_int(r->coverage, 2, "150,000 / 600,000 = 0.25x, 0.2 in tenths");
		is_int(r->deals, 5, "W1, W2, W3, W7 (lost) and W8 in CNY this quarter");
		is_str(r->territory, "East", "her territory");
	}
	r = row_of(&fc, kevin);
	if (ok(r != NULL, "Kevin's row")) {
		is_int(r->quota, 60000000, "a monthly 200,000 is 600,000 a quarter");
		is_int(r->by_category[FC_PIPELINE], 4000000,
		       "pipeline 40,000 (Qualification 20%%)");
		is_int(r->weighted, 800000, "weighted 8,000");
		is_int(r->attainment, 0, "nothing won: 0.0%%");
		is_int(r->coverage, 0, "40,000 / 600,000 = 0.07x: 0.0");
	}
	r = row_of(&fc, zoe);
	if (ok(r != NULL, "Zoe's row (no deals, no quota)")) {
		is_int(r->quota, 0, "no quota");
		is_int(r->attainment, -1, "no attainment without a quota");
		is_int(r->gap, 0, "no gap");
		is_int(r->coverage, -1, "no coverage");
		is_int(r->deals, 0, "no deals");
	}
	is_int(fc.nterritories, 2, "two territories");
	if (fc.nterritories == 2) {
		is_str(fc.territories[0].name, "East", "East first");
		is_int(fc.territories[0].quota, 150000000, "East's quota 1,500,000");
		is_int(fc.territories[0].attainment, 200, "300,000 / 1,500,000 = 20.0%%");
		is_int(fc.territories[0].coverage, 1, "190,000 / 1,200,000 = 0.158x: 0.1");
		is_str(fc.territories[1].name, "West", "then West");
		is_int(fc.territories[1].quota, 0, "West has no quota");
	}
	is_int(fc.total.quota, 150000000, "the team's quota");
	is_int(fc.total.by_category[FC_CLOSED], 30000000, "the team's won");
	is_int(fc.total.weighted, 7300000, "the team's weighted 73,000");
	is_int(fc.total.open, 19000000, "the team's open pipeline 190,000");
	is_int(fc.napart, 1, "one rep's deals in another currency");
	if (fc.napart == 1) {
		is_str(fc.apart[0].currency, "USD", "in USD");
		is_str(fc.apart[0].name, "王芳", "hers");
		is_int(fc.apart[0].deals, 1, "one deal");
		is_int(fc.apart[0].by_category[FC_PIPELINE], 1000000, "10,000.00 USD pipeline");
	}
	is_int(fc.undated, 1, "one open deal without a close date");
	report_forecast_free(&fc);
}

static void test_scopes(void)
{
	struct report_span q4, nov;
	struct report_scope s;
	struct forecast fc;

	report_span_parse("2026Q4", &q4);
	report_span_parse("2026-11", &nov);
	scope_of(&s, NULL, "West");
	is_int(report_forecast(db, &q4, &s, &fc), ST_OK, "West's forecast");
	is_int(fc.n, 1, "Zoe alone");
	is_int(fc.napart + (size_t)fc.undated, 0, "none of 王芳's other deals");
	is_str(fc.total.name, "West", "the total is named after the territory");
	report_forecast_free(&fc);
	report_scope_free(&s);

	user_use(db, "王芳");
	scope_of(&s, NULL, NULL);
	is_int(report_forecast(db, &nov, &s, &fc), ST_OK, "a rep's own November");
	is_int(fc.n, 1, "only her row");
	if (fc.n == 1) {
		is_int(fc.rows[0].quota, 30000000, "a third of her quarterly quota");
		is_int(fc.rows[0].by_category[FC_CLOSED], 30000000, "W1 closes in November");
		is_int(fc.rows[0].attainment, 1000, "100.0%%");
		is_int(fc.rows[0].gap, 0, "no gap");
		is_int(fc.rows[0].coverage, -1, "no coverage without a gap");
	}
	report_forecast_free(&fc);
	report_scope_free(&s);
	user_use(db, "Kevin");
	scope_of(&s, NULL, NULL);
	is_int(report_forecast(db, &q4, &s, &fc), ST_OK, "Kevin's own quarter");
	is_int(fc.n, 1, "only his row");
	is_int(fc.undated + (int64_t)fc.napart, 0, "none of 王芳's deals reach him");
	report_forecast_free(&fc);
	report_scope_free(&s);
	user_use(db, "李经理");

	/* A quarter with no deals at all. */
	report_span_parse("2025Q1", &q4);
	scope_of(&s, NULL, NULL);
	is_int(report_forecast(db, &q4, &s, &fc), ST_OK, "a quarter without deals");
	is_int(fc.n, 3, "every rep still has a row");
	is_int(fc.total.by_category[FC_CLOSED] + fc.total.open + fc.total.weighted, 0, "all zero");
	is_int(fc.total.attainment, 0, "0.0%% of the team's quota");
	report_forecast_free(&fc);
	report_scope_free(&s);
}

static void test_report_output(void)
{
	struct report_args a = { 0 };
	struct report_output o = { 0 };
	struct report_scope_request req = { 0 };
	char *csv, *table;

	report_span_parse("2026Q4", &a.span);
	report_scope_resolve(db, &req, &a.scope);
	is_int(report_def_forecast.run(db, &a, &o), ST_OK, "the forecast report runs");
	csv = report_output_render(&o, REPORT_FORMAT_CSV);
	ok(strstr(csv, "name,quota,closed_won,commit,adj_commit,best_case,adj_best_case,pipeline,"
		       "omitted,weighted,attainment,gap,coverage\r\n") != NULL,
	   "CSV header");
	ok(strstr(csv, "王芳,900000.00,300000.00,50000.00,,100000.00,,0.00,8000.00,65000.00,33.3,"
		       "600000.00,0.2\r\n") != NULL,
	   "王芳's CSV line: %s", csv);
	ok(strstr(csv, "Zoe,0.00,0.00,0.00,,0.00,,0.00,0.00,0.00,,,\r\n") != NULL,
	   "Zoe's line: no attainment, gap or coverage");
	ok(strstr(csv, "王芳,USD,1,0.00,0.00,0.00,10000.00,0.00\r\n") != NULL,
	   "the USD deal apart");
	table = report_output_render(&o, REPORT_FORMAT_TABLE);
	ok(strstr(table, "1 deal in another currency than CNY is shown apart") != NULL,
	   "a note says the USD deal is not added in");
	ok(strstr(table, "1 open deal has no close date") != NULL, "a note counts the undated");
	ok(strstr(table, "By territory") != NULL, "territory subtotals for the team");
	free(csv);
	free(table);
	report_output_free(&o);
	report_scope_free(&a.scope);
}

static int64_t count_adjustments(void)
{
	int64_t n = -1;

	record_count(db, &entity_forecast_adjustment, NULL, &n);
	return n;
}

static void test_adjustments(void)
{
	struct adjustment_input in = { .rep = "王芳",
				       .period = "2026q4",
				       .commit = "120000",
				       .note = "W2 signs in December" };
	struct report_span q4, nov;
	struct report_scope s;
	struct forecast fc;
	const struct forecast_row *r;
	char *id = NULL;
	int64_t before;

	report_span_parse("2026Q4", &q4);
	report_span_parse("2026-11", &nov);
	is_int(adjustment_add(db, &in, &id), ST_OK, "a manager adjusts 王芳's commit");
	ok(id != NULL, "the adjustment's id");
	free(id);
	in = (struct adjustment_input){ .territory = "East",
					.period = "2026Q4",
					.best_case = "500000" };
	is_int(adjustment_add(db, &in, NULL), ST_OK, "and East's best case");
	scope_of(&s, NULL, NULL);
	is_int(report_forecast(db, &q4, &s, &fc), ST_OK, "the forecast with adjustments");
	r = row_of(&fc, wang);
	if (ok(r != NULL, "王芳's row")) {
		ok(r->commit_adjusted && r->own_commit, "her commit is adjusted");
		is_int(r->adj_commit, 12000000, "to 120,000");
		is_int(r->by_category[FC_COMMIT], 5000000, "beside her own 50,000");
		ok(!r->best_adjusted, "her best case is not");
		is_str(r->adj_note, "W2 signs in December", "with the note");
		is_str(r->adj_by, "李经理", "who adjusted it");
		is_str(r->adj_at, "2026-11-23T01:00:00Z", "and when");
	}
	r = row_of(&fc, kevin);
	ok(r && !r->commit_adjusted && !r->best_adjusted, "Kevin's figures are his own");
	/* East: its own best case; its commit rolled up: 120,000 + Kevin's 0. */
	ok(fc.nterritories == 2 && fc.territories[0].best_adjusted &&
	       fc.territories[0].adj_best_case == 50000000,
	   "East's best case adjusted to 500,000");
	ok(fc.territories[0].commit_adjusted && fc.territories[0].adj_commit == 12000000 &&
	       !fc.territories[0].own_commit,
	   "East's commit: 王芳's adjusted 120,000 and Kevin's own 0");
	ok(!fc.territories[1].commit_adjusted, "West is not adjusted");
	is_int(fc.total.adj_commit, 12000000, "the team's commit: East's 120,000 and West's 0");
	is_int(fc.total.adj_best_case, 50000000, "the team's best case: East's 500,000");
	report_forecast_free(&fc);
	report_scope_free(&s);

	/* A newer adjustment of her best case keeps the older commit. */
	in = (struct adjustment_input){ .rep = "王芳",
					.period = "2026Q4",
					.best_case = "150000",
					.note = "Proposal went well" };
	is_int(adjustment_add(db, &in, NULL), ST_OK, "a second adjustment, best case only");
	scope_of(&s, NULL, NULL);
	report_forecast(db, &q4, &s, &fc);
	r = row_of(&fc, wang);
	ok(r && r->adj_commit == 12000000 && r->adj_best_case == 15000000,
	   "commit from the first, best case from the second");
	is_str(r ? r->adj_note : NULL, "Proposal went well", "the newest note");
	report_forecast_free(&fc);
	report_forecast(db, &nov, &s, &fc);
	r = row_of(&fc, wang);
	ok(r && !r->commit_adjusted && !r->best_adjusted,
	   "a quarter's adjustment is not November's");
	report_forecast_free(&fc);
	report_scope_free(&s);

	/* As the figures stood on a day before the adjustments: none of them;
	 * at the end of the day they were made: both. */
	scope_of(&s, NULL, NULL);
	is_int(report_forecast_as_of(db, &q4, &s, "2026-11-22T16:00:00Z", &fc), ST_OK,
	       "the forecast as of 2026-11-22");
	r = row_of(&fc, wang);
	ok(r && !r->commit_adjusted && !r->best_adjusted && r->adj_note == NULL,
	   "no adjustment before it was made");
	ok(!fc.total.commit_adjusted && !fc.total.best_adjusted, "none rolled up either");
	report_forecast_free(&fc);
	is_int(report_forecast_as_of(db, &q4, &s, "2026-11-23T16:00:00Z", &fc), ST_OK,
	       "the forecast as of 2026-11-23");
	r = row_of(&fc, wang);
	ok(r && r->adj_commit == 12000000 && r->adj_best_case == 15000000,
	   "the adjustments made that day");
	report_forecast_free(&fc);
	report_scope_free(&s);

	/* Bad input changes nothing. */
	before = count_adjustments();
	in = (struct adjustment_input){ .rep = "王芳",
					.period = "2026-10-01..2026-10-31",
					.commit = "1" };
	is_int(adjustment_add(db, &in, NULL), ST_INVALID, "a range of days is refused");
	in.period = "2026Q5";
	is_int(adjustment_add(db, &in, NULL), ST_INVALID, "a bad period");
	in = (struct adjustment_input){
		.rep = "王芳", .territory = "East", .period = "2026Q4", .commit = "1"
	};
	is_int(adjustment_add(db, &in, NULL), ST_INVALID, "a rep and a territory at once");
	in = (struct adjustment_input){ .rep = "王芳", .period = "2026Q4" };
	is_int(adjustment_add(db, &in, NULL), ST_INVALID, "no amount");
	in = (struct adjustment_input){ .territory = "North", .period = "2026Q4", .commit = "1" };
	is_int(adjustment_add(db, &in, NULL), ST_NOT_FOUND, "a territory without users");
	in = (struct adjustment_input){ .rep = "nobody", .period = "2026Q4", .commit = "1" };
	ok(adjustment_add(db, &in, NULL) != ST_OK, "an unknown rep");
	in = (struct adjustment_input){ .rep = "王芳", .period = "2026Q4", .commit = "-5" };
	is_int(adjustment_add(db, &in, NULL), ST_INVALID, "a negative amount");
	is_int(count_adjustments(), before, "nothing was written");

	/* A rep cannot adjust, and sees the adjustment of her own figure. */
	user_use(db, "王芳");
	in = (struct adjustment_input){ .rep = "王芳", .period = "2026Q4", .commit = "999999" };
	is_int(adjustment_add(db, &in, NULL), ST_DENIED, "a rep cannot adjust");
	is_int(count_adjustments(), before, "nothing was written");
	scope_of(&s, NULL, NULL);
	report_forecast(db, &q4, &s, &fc);
	ok(fc.n == 1 && fc.rows[0].commit_adjusted && fc.rows[0].adj_commit == 12000000,
	   "she sees the manager's figure beside her own");
	report_forecast_free(&fc);
	report_scope_free(&s);
	user_use(db, "李经理");
}

int main(void)
{
	setenv("SALESTERM_NOW", "2026-11-23T01:00:00Z", 1);
	setenv("TZ", "Asia/Shanghai", 1);
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	setup();
	test_team();
	test_scopes();
	test_report_output();
	test_adjustments();
	free(mgr);
	free(wang);
	free(kevin);
	free(zoe);
	db_close(&db);
	return done_testing();
}
