/* test_snapshot.c - forecast snapshots: frozen figures that later edits of
 * deals cannot rewrite, a rep's own row only, the stored text's format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fixture.h"
#include "record.h"
#include "report/snapshot.h"
#include "tap.h"
#include "user.h"
#include "xalloc.h"

static struct db *db;

#define ADD(e, ...) fixture_add(db, e, (const char *const[]){ __VA_ARGS__, NULL })

static enum status edit(const char *id, const char *key, const char *value)
{
	struct record *r = NULL;
	enum status st = record_load(db, &entity_opportunity, id, &r);

	if (st == ST_OK)
		st = record_input(db, r, key, value);
	if (st == ST_OK)
		st = record_update(db, r);
	record_free(&r);
	return st;
}

static const struct forecast_row *row_of(const struct forecast *fc, const char *name)
{
	for (size_t i = 0; i < fc->n; i++)
		if (fc->rows[i].name && strcmp(fc->rows[i].name, name) == 0)
			return &fc->rows[i];
	return NULL;
}

static void test_format(void)
{
	struct forecast fc = { 0 }, back = { 0 };
	struct forecast_row rows[2] = {
		{ .owner = "u1",
		  .name = "王芳",
		  .quota = 900,
		  .by_category = { 10, 20, 30, 40, 5 },
		  .weighted = 55 },
		{ .owner = NULL, .name = "-", .by_category = { 0, 0, 0, 7, 0 }, .weighted = 1 },
	};
	char *text;

	fc.rows = rows;
	fc.n = 2;
	text = snapshot_format(&fc);
	is_str(text, "u1\t900\t10\t20\t30\t40\t5\t55\t王芳\n-\t0\t0\t0\t0\t7\t0\t1\t-\n",
	       "figures as text: one line per rep");
	is_int(snapshot_parse(text, &back), ST_OK, "read back");
	ok(back.n == 2 && strcmp(back.rows[0].name, "王芳") == 0 && back.rows[0].quota == 900 &&
	       back.rows[0].by_category[FC_BEST_CASE] == 30 && back.rows[1].owner == NULL &&
	       back.total.by_category[FC_PIPELINE] == 47 && back.total.weighted == 56,
	   "the same rows, totals summed");
	is_int(back.rows[0].attainment, 11, "attainment recomputed (10/900 = 1.1%%)");
	is_int(back.rows[0].open, 90, "open = commit + best case + pipeline");
	is_int(back.rows[0].gap, 890, "gap = quota - closed");
	is_int(back.rows[0].coverage, 1, "coverage 90/890 = 0.1x");
	report_forecast_free(&back);
	is_int(snapshot_parse("u1\t900\tx\t0\t0\t0\t0\t0\tname\n", &back), ST_INVALID,
	       "a damaged line is refused");
	report_forecast_free(&back);
	is_int(snapshot_parse("", &back), ST_OK, "no rows: a period without reps");
	ok(back.n == 0 && back.total.quota == 0, "is empty");
	report_forecast_free(&back);
	free(text);
}

static void test_freeze(void)
{
	char *boss, *wang, *li, *d1, *d2, *d3, *id = NULL, *rep_id = NULL;
	struct snapshot s;
	struct forecast live;
	struct report_span q4;
	struct report_scope_request def = { 0 };
	const struct forecast_row *r;

	setenv("SALESTERM_NOW", "2026-11-23T01:00:00Z", 1);
	boss = ADD(&entity_user, "name=陈经理", "role=manager");
	wang = ADD(&entity_user, "name=王芳", "role=rep", "quota=900000", "currency=CNY");
	li = ADD(&entity_user, "name=Li Lei", "role=rep", "quota=300000", "currency=CNY",
		 "period=month");
	user_use(db, "陈经理");
	free(ADD(&entity_account, "name=Snap Co"));
	d1 = ADD(&entity_opportunity, "name=S1", "account=Snap Co", "amount=100000",
		 "close_date=2026-12-10", "owner=王芳", "category=commit");
	d2 = ADD(&entity_opportunity, "name=S2", "account=Snap Co", "amount=50000",
		 "close_date=2026-11-30", "owner=王芳", "category=best_case");
	d3 = ADD(&entity_opportunity, "name=S3", "account=Snap Co", "amount=20000",
		 "close_date=2026-10-05", "owner=Li Lei", "category=commit");
	ok(d1 && d2 && d3, "three deals in 2026Q4");

	is_int(report_span_parse("2026Q4", &q4), ST_OK, "2026Q4");
	is_int(snapshot_take(db, &q4, &def, "Weekly call W48", &id), ST_OK,
	       "the manager freezes Q4");
	/* After the call: the commit is cut and a deal slips out of the quarter. */
	edit(d1, "amount", "60000");
	edit(d2, "close_date", "2027-01-15");

	is_int(snapshot_load(db, "Weekly call W48", &s), ST_OK, "the snapshot loads by name");
	is_str(s.fc.first, "2026-10-01", "period from");
	is_str(s.fc.last, "2026-12-31", "period to");
	is_int(s.span.kind, REPORT_QUARTER, "a quarter");
	is_str(s.scope, "team", "of the team");
	r = row_of(&s.fc, "王芳");
	ok(r && r->by_category[FC_COMMIT] == 10000000 && r->by_category[FC_BEST_CASE] == 5000000,
	   "王芳's commit 100,000 and best case 50,000 as submitted");
	ok(r && r->quota == 90000000, "with her quarterly quota");
	r = row_of(&s.fc, "Li Lei");
	ok(r && r->quota == 90000000 && r->by_category[FC_COMMIT] == 2000000,
	   "Li Lei: a monthly quota of 300,000 is 900,000 a quarter; commit 20,000");
	is_int(s.fc.total.by_category[FC_COMMIT], 12000000, "team commit 120,000 frozen");
	is_int(report_forecast(db, &q4, NULL, &live), ST_OK, "live forecast");
	is_int(live.total.by_category[FC_COMMIT], 8000000, "now 80,000: the edit shows live");
	is_int(live.total.by_category[FC_BEST_CASE], 0, "and the slipped deal is gone live");
	report_forecast_free(&live);
	snapshot_free(&s);

	/* A snapshot is a log. */
	{
		struct record *rec = NULL;

		is_int(record_load(db, &entity_forecast_snapshot, id, &rec), ST_OK, "stored");
		record_set(rec, "figures", "");
		is_int(record_update(db, rec), ST_DENIED, "and never changed");
		record_free(&rec);
	}

	/* A rep freezes their own row only. */
	user_use(db, "王芳");
	is_int(snapshot_take(db, &q4, &def, NULL, &rep_id), ST_OK, "a rep takes a snapshot");
	is_int(snapshot_load(db, rep_id, &s), ST_OK, "and loads it");
	ok(s.fc.n == 1 && row_of(&s.fc, "王芳") != NULL, "only her own row");
	is_int(s.fc.total.by_category[FC_COMMIT], 6000000, "her commit now 60,000");
	is_str(s.name, "Forecast call 2026-11-23", "named after the day by default");
	snapshot_free(&s);

	is_int(snapshot_load(db, "no such call", &s), ST_NOT_FOUND, "an unknown snapshot");
	free(rep_id);
	rep_id = NULL;
	{
		struct report_scope_request team = { .team = true };

		is_int(snapshot_take(db, &q4, &team, NULL, &rep_id), ST_DENIED,
		       "a rep may not freeze the team's figures");
		ok(rep_id == NULL, "and gets no snapshot");
	}
	free(boss);
	free(wang);
	free(li);
	free(d1);
	free(d2);
	free(d3);
	free(id);
	free(rep_id);
}

int main(void)
{
	setenv("TZ", "Asia/Shanghai", 1);
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK)
		return 99;
	test_format();
	test_freeze();
	db_close(&db);
	return done_testing();
}
