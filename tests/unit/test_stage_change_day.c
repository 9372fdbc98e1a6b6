/* test_stage_change_day.c - the stage changes summed per UTC day by triggers
 * (stage_change_day, data/migrations/0023-stage-change-day.sql) and each
 * deal's changes in one row (stage_path, 0024-stage-path.sql) equal a
 * recount after every kind of write: deals made and moved, a change's
 * instant, owner, stages, amount and currency edited, deleted (soft and
 * hard) and restored, an import and a demo (bulk loads: the triggers are
 * dropped and the table filled once). And report reps, which reads them,
 * credits each change to the local day it was made on: random changes over
 * a year, many at the very first and last second of a day, counted in
 * zones east and west of UTC, a half and three quarters of an hour off, and
 * in UTC itself, against the same changes placed on their days by SQLite's
 * own date(at, 'localtime'). The funnel, which reads the paths, gives the
 * same figures when a path's entries are not in time order. A sync pull is
 * checked against a real server in tests/sync/funnel.sh. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "db.h"
#include "demo.h"
#include "entity.h"
#include "fixture.h"
#include "io/io.h"
#include "opportunity.h"
#include "record.h"
#include "report/funnel_stats.h"
#include "report/internal.h"
#include "report/reps.h"
#include "report/report.h"
#include "strbuf.h"
#include "tap.h"
#include "user.h"
#include "xalloc.h"

static struct db *db;

#define ADD(e, ...) fixture_add(db, e, (const char *const[]){ __VA_ARGS__, NULL })

static int64_t count(const char *sql)
{
	return fixture_count(db, sql);
}

static void same(const char *after)
{
	is_int(fixture_recount_differs(db, "stage_change_day"), 0,
	       "after %s: the days equal a recount (%lld rows)", after,
	       (long long)count("SELECT count(*) FROM stage_change_day"));
	is_int(count("SELECT count(*) FROM stage_change_day WHERE changes <= 0"), 0,
	       "after %s: no empty or negative row is left", after);
	is_int(fixture_recount_differs(db, "stage_path"), 0,
	       "after %s: the paths equal a recount (%lld deals)", after,
	       (long long)count("SELECT count(*) FROM stage_path"));
}

static void sql(const char *what, const char *text)
{
	is_int(db_exec(db, text), ST_OK, "%s", what);
	same(what);
}

static void test_writes(void)
{
	char *d1, *d2;
	struct kv lost[] = { { "lost_reason", "price" } };
	struct kv won[] = { { "close_date", "2026-11-23" } };

	same("migrating an empty file");
	free(ADD(&entity_user, "name=李经理", "role=manager"));
	user_use(db, "李经理");
	free(ADD(&entity_user, "name=王芳", "role=rep"));
	free(ADD(&entity_account, "name=华为科技有限公司"));
	d1 = ADD(&entity_opportunity, "name=D1", "account=华为科技有限公司", "amount=100000");
	d2 = ADD(&entity_opportunity, "name=D2", "account=华为科技有限公司", "amount=20000",
		 "currency=USD");
	same("two deals made (one in USD)");
	is_int(count("SELECT count(*) FROM stage_change_day WHERE from_stage = ''"), 2,
	       "the two made on one day by one owner: a row per currency");
	is_int(opportunity_move(db, d1, "Qualification", NULL, 0), ST_OK, "move D1");
	same("a stage move");
	is_int(opportunity_move(db, d2, "Closed Lost", lost, 1), ST_OK, "lose D2");
	same("a deal lost");
	is_int(opportunity_move(db, d1, "Closed Won", won, 1), ST_OK, "win D1");
	same("a deal won");
	sql("an instant moved to another day",
	    "UPDATE stage_change SET at = '2026-10-01T23:59:59Z' WHERE n = (SELECT min(n) FROM "
	    "stage_change)");
	sql("an owner changed", "UPDATE stage_change SET owner = (SELECT id FROM user WHERE name "
				"= '王芳') WHERE n = (SELECT max(n) FROM stage_change)");
	sql("an owner cleared", "UPDATE stage_change SET owner = NULL WHERE n = (SELECT min(n) "
				"FROM stage_change)");
	sql("a from stage cleared", "UPDATE stage_change SET from_stage = NULL WHERE n = (SELECT "
				    "max(n) FROM stage_change)");
	sql("a to stage changed", "UPDATE stage_change SET to_stage = (SELECT id FROM stage WHERE "
				  "name = 'Proposal') WHERE n = (SELECT max(n) FROM stage_change)");
	sql("an amount and a currency changed",
	    "UPDATE stage_change SET amount = 7, currency = 'EUR' WHERE from_stage IS NOT NULL");
	sql("an amount cleared", "UPDATE stage_change SET amount = NULL WHERE n = (SELECT min(n) "
				 "FROM stage_change)");
	sql("a soft delete", "UPDATE stage_change SET deleted = 1 WHERE n = (SELECT max(n) FROM "
			     "stage_change)");
	sql("a deleted one edited", "UPDATE stage_change SET at = '2026-01-01T00:00:00Z' WHERE "
				    "deleted = 1");
	sql("an undelete", "UPDATE stage_change SET deleted = 0 WHERE deleted = 1");
	sql("a row removed", "DELETE FROM stage_change WHERE n = (SELECT min(n) FROM "
			     "stage_change)");
	sql("a change moved to another deal",
	    "UPDATE stage_change SET opportunity = 'elsewhere' WHERE n = (SELECT max(n) FROM "
	    "stage_change)");
	is_int(count("SELECT count(*) FROM stage_path WHERE opportunity = 'elsewhere'"), 1,
	       "that deal has a path");
	sql("a deal's last change deleted",
	    "UPDATE stage_change SET deleted = 1 WHERE opportunity = 'elsewhere'");
	is_int(count("SELECT count(*) FROM stage_path WHERE opportunity = 'elsewhere'"), 0,
	       "a deal without live changes has no path");
	sql("a change made earlier than the others, written last",
	    "INSERT INTO stage_change (id, created_at, updated_at, opportunity, from_stage, "
	    "to_stage, at) SELECT 'early', at, at, opportunity, NULL, to_stage, "
	    "'2020-01-01T00:00:00Z' FROM stage_change WHERE deleted = 0 LIMIT 1");
	is_int(count("SELECT count(*) FROM stage_path WHERE path LIKE '2020-01-01T00:00:00Z%'"), 1,
	       "its path starts with it");
	free(d1);
	free(d2);
}

static void test_bulk(void)
{
	static const char csv[] = "name,account,amount,currency,stage\n"
				  "I1,华为科技有限公司,1000,CNY,Prospecting\n"
				  "I2,华为科技有限公司,2000,EUR,Qualification\n";
	struct io_import_options opt = { .entity = &entity_opportunity };
	struct io_import_result res = { 0 };
	struct demo_options demo = DEMO_OPTIONS_DEFAULT;
	struct demo_stats stats = { 0 };
	int64_t before = count("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
			       "(name LIKE 'stage_change_day_%' OR name LIKE 'stage_path_%')");

	is_int(before, 6, "three triggers keep the days, three the paths");
	ok(io_import(db, "deals.csv", csv, sizeof(csv) - 1, &opt, &res) == ST_OK, "import: %s",
	   status_message());
	io_import_result_clear(&res);
	same("an import");
	db_close(&db);
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		ok(0, "a new database: %s", status_message());
		return;
	}
	demo.contacts = 300;
	is_int(demo_generate(db, &demo, &stats), ST_OK, "a demo");
	ok(count("SELECT count(*) FROM stage_change") > 100, "with stage changes (%lld)",
	   (long long)count("SELECT count(*) FROM stage_change"));
	same("a demo");
	is_int(count("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND (name LIKE "
		     "'stage_change_day_%' OR name LIKE 'stage_path_%')"),
	       before, "the bulk load made the triggers again");
}

/* The funnel's figures of 2026 that the paths give: the deals' furthest
 * stages, their stays, their cycles. */
static char *funnel_figures(void)
{
	struct report_span year;
	struct funnel_stats fs;
	struct strbuf b = STRBUF_INIT;

	report_span_parse("2026", &year);
	if (report_funnel_stats(db, &year, NULL, "2026-11-23", &fs) != ST_OK) {
		ok(0, "the funnel: %s", status_message());
		report_funnel_stats_free(&fs);
		return xstrdup("");
	}
	strbuf_addf(&b, "closed %lld won %lld cycle %lld\n", (long long)fs.closed,
		    (long long)fs.won, (long long)fs.cycle10);
	for (size_t i = 0; i < fs.n; i++)
		strbuf_addf(&b, "%s: reached %lld stays %lld days %lld\n", fs.stages[i].name,
			    (long long)fs.stages[i].reached, (long long)fs.stages[i].stays,
			    (long long)fs.stages[i].days10);
	report_funnel_stats_free(&fs);
	/* As of a date: a deal open then entered its stage at its path's last
	 * step before then. */
	if (report_funnel_stats_as_of(db, &year, NULL, "2026-08-22T16:00:00Z", "2026-08-23", &fs) !=
	    ST_OK) {
		ok(0, "the funnel as of 2026-08-23: %s", status_message());
		report_funnel_stats_free(&fs);
		return strbuf_detach(&b);
	}
	for (size_t i = 0; i < fs.n; i++)
		strbuf_addf(&b, "%s: idle then %lld (%lld)\n", fs.stages[i].name,
			    (long long)fs.stages[i].idle, (long long)fs.stages[i].idle_amount);
	report_funnel_stats_free(&fs);
	return strbuf_detach(&b);
}

/* The paths' entries newest first: the funnel puts them in time order. */
static void test_path_order(void)
{
	char *in_order = funnel_figures(), *reversed;

	ok(strstr(in_order, "closed 0 ") == NULL, "the demo closed deals in 2026:\n%s", in_order);
	ok(strstr(in_order, "Prospecting: idle then 0 ") == NULL,
	   "and had deals idle in Prospecting on 2026-08-23");
	is_int(db_exec(db, "UPDATE stage_path SET path = (SELECT group_concat(entry, char(30)) "
			   "FROM (SELECT at || char(31) || n || char(31) || coalesce(from_stage, "
			   "'') || char(31) || to_stage AS entry FROM stage_change WHERE "
			   "opportunity = stage_path.opportunity AND deleted = 0 ORDER BY at DESC, "
			   "n DESC))"),
	       ST_OK, "every path newest first");
	ok(fixture_recount_differs(db, "stage_path") > 0, "the paths differ from their recount");
	reversed = funnel_figures();
	is_str(reversed, in_order, "the funnel's figures are the same");
	free(in_order);
	free(reversed);
}

/* ---- report reps against SQLite's local days ---- */

static unsigned long long seed = 0x9e3779b97f4a7c15ULL;

static unsigned rnd(unsigned n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((seed >> 33) % n);
}

enum { NREPS = 3, NCHANGES = 3000 };

/* The zones: east and west of UTC, a half and three quarters of an hour off
 * (POSIX strings, no summer time: the report's days are 86,400 s long). */
static const struct {
	const char *tz;
	int offset; /* seconds east of UTC */
} zones[] = {
	{ "UTC0", 0 },
	{ "CST-8", 8 * 3600 },
	{ "EST5", -5 * 3600 },
	{ "IST-5:30", 19800 },
	{ "NPT-5:45", 20700 },
	{ "HST10", -10 * 3600 },
	{ "NZST-12", 12 * 3600 },
};
#define NZONES (sizeof(zones) / sizeof(zones[0]))

/* Random stage changes in 2026, written as another client's would come:
 * straight into the table. One in three at a zone's local midnight or the
 * second before it. */
static void random_changes(char *const *reps, char *const *stages, size_t nstages)
{
	sqlite3_stmt *st = db_prepare(
	    db, "INSERT INTO stage_change (id, created_at, updated_at, owner, deleted, "
		"opportunity, from_stage, to_stage, at, amount, currency) VALUES (?1, ?2, ?2, "
		"?3, ?4, 'deal', ?5, ?6, ?2, ?7, ?8)");
	static const char *const currencies[] = { NULL, "CNY", "USD" };
	long long year = clock_utc_seconds("2026-01-01T00:00:00Z");

	is_int(db_begin(db), ST_OK, "a transaction");
	for (int i = 0; i < NCHANGES; i++) {
		char id[32], at[21];
		long long t = year - 86400 + (long long)rnd(367) * 86400;

		if (i % 3 == 0)
			t += 86400 - zones[rnd(NZONES)].offset - (long long)rnd(2);
		else
			t += rnd(86400);
		clock_iso_utc((time_t)t, at);
		snprintf(id, sizeof(id), "change-%d", i);
		db_bind_text(st, 1, id);
		db_bind_text(st, 2, at);
		db_bind_text(st, 3, rnd(10) ? reps[rnd(NREPS)] : NULL);
		sqlite3_bind_int(st, 4, rnd(20) == 0);
		db_bind_text(st, 5, rnd(4) ? stages[rnd((unsigned)nstages)] : NULL);
		db_bind_text(st, 6, rnd(30) ? stages[rnd((unsigned)nstages)] : "no-such-stage");
		if (rnd(8))
			sqlite3_bind_int64(st, 7, 100 + rnd(100000));
		else
			sqlite3_bind_null(st, 7);
		db_bind_text(st, 8, currencies[rnd(3)]);
		if (sqlite3_step(st) != SQLITE_DONE)
			ok(0, "insert a change: %s", sqlite3_errmsg(db_handle(db)));
		sqlite3_reset(st);
	}
	is_int(db_commit(db), ST_OK, "%d changes written", NCHANGES);
	same("random changes");
}

/* The figures of r's reps: created, advanced, won and revenue over the
 * period and per week, and the won apart. */
static char *figures_of(const struct reps_report *r)
{
	static const enum rep_figure f[] = { RF_CREATED, RF_ADVANCED, RF_WON, RF_REVENUE };
	struct strbuf b = STRBUF_INIT;

	for (size_t i = 0; i < r->n; i++) {
		strbuf_addf(&b, "%s:", r->reps[i].name);
		for (size_t k = 0; k < sizeof(f) / sizeof(f[0]); k++) {
			strbuf_addf(&b, " %lld [", (long long)r->reps[i].fig[f[k]]);
			for (int w = 0; w < REPS_WEEKS; w++)
				strbuf_addf(&b, " %lld", (long long)r->reps[i].weeks[f[k]][w]);
			strbuf_adds(&b, " ]");
		}
		strbuf_addc(&b, '\n');
	}
	strbuf_addf(&b, "won apart %lld\n", (long long)r->won_apart);
	return strbuf_detach(&b);
}

/* The same figures from the changes one by one, each on its local day by
 * SQLite, in a report of r's shape (its reps, period and weeks). */
static char *expected(const struct reps_report *r)
{
	struct reps_report e = { 0 };
	sqlite3_stmt *st = db_prepare(
	    db, "SELECT c.owner, date(c.at, 'localtime'), c.from_stage IS NULL, "
		"f.id IS NOT NULL AND t.id IS NOT NULL AND NOT t.lost AND t.position > "
		"f.position, t.won AND NOT f.won, coalesce(c.currency, ?1) = ?1, "
		"coalesce(c.amount, 0) FROM stage_change c LEFT JOIN stage f ON f.id = "
		"c.from_stage LEFT JOIN stage t ON t.id = c.to_stage WHERE c.deleted = 0");
	char *text;

	e.n = r->n;
	e.reps = xcalloc(r->n, sizeof(*e.reps));
	for (size_t i = 0; i < r->n; i++) {
		e.reps[i].name = r->reps[i].name;
		e.reps[i].owner = r->reps[i].owner;
	}
	db_bind_text(st, 1, r->currency);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *owner = (const char *)sqlite3_column_text(st, 0);
		const char *day = (const char *)sqlite3_column_text(st, 1);
		struct rep_stats *s = NULL;
		int in = strcmp(day, r->first) >= 0 && strcmp(day, r->last) <= 0;
		int week = clock_days_between(r->week_first, day);
		int64_t v[RF_COUNT] = { 0 };

		for (size_t i = 0; owner && i < e.n; i++)
			if (strcmp(e.reps[i].owner, owner) == 0)
				s = &e.reps[i];
		if (s == NULL)
			continue;
		if (sqlite3_column_int(st, 2)) {
			v[RF_CREATED] = 1;
		} else if (sqlite3_column_int(st, 3)) {
			v[RF_ADVANCED] = 1;
			if (sqlite3_column_int(st, 4)) {
				v[RF_WON] = 1;
				if (sqlite3_column_int(st, 5))
					v[RF_REVENUE] = sqlite3_column_int64(st, 6);
				else if (in)
					e.won_apart++;
			}
		}
		week = week >= 0 && week < 7 * REPS_WEEKS ? week / 7 : -1;
		for (int f = 0; f < RF_COUNT; f++) {
			if (in)
				s->fig[f] += v[f];
			if (week >= 0 && strcmp(day, r->last) <= 0)
				s->weeks[f][week] += v[f];
		}
	}
	sqlite3_reset(st);
	text = figures_of(&e);
	free(e.reps);
	return text;
}

static void test_local_days(void)
{
	char *reps[NREPS], *stages[8];
	size_t nstages = 0;
	sqlite3_stmt *st = db_prepare(db, "SELECT id FROM stage ORDER BY position");
	static const char *const periods[] = { "2026", "2026-02", "2026Q3" };

	for (int i = 0; i < NREPS; i++) {
		char name[16];

		snprintf(name, sizeof(name), "name=R%d", i);
		reps[i] = ADD(&entity_user, name, "role=rep");
	}
	while (sqlite3_step(st) == SQLITE_ROW && nstages < 8)
		stages[nstages++] = db_column_strdup(st, 0);
	sqlite3_reset(st);
	random_changes(reps, stages, nstages);
	for (size_t z = 0; z < NZONES; z++) {
		setenv("TZ", zones[z].tz, 1);
		tzset();
		for (size_t p = 0; p < sizeof(periods) / sizeof(periods[0]); p++) {
			struct report_span span;
			struct reps_report r;
			char *got, *want;

			report_span_parse(periods[p], &span);
			if (report_reps(db, &span, NULL, "2026-11-23", &r) != ST_OK) {
				ok(0, "%s in %s: %s", periods[p], zones[z].tz, status_message());
				continue;
			}
			got = figures_of(&r);
			want = expected(&r);
			ok(r.team.fig[RF_CREATED] > 0 && r.team.fig[RF_WON] > 0 &&
			       r.team.fig[RF_REVENUE] > 0 && (p > 0 || r.won_apart > 0),
			   "%s in %s: deals made, won in yuan and apart", periods[p], zones[z].tz);
			is_str(got, want, "%s in %s: each change on its local day", periods[p],
			       zones[z].tz);
			free(got);
			free(want);
			report_reps_free(&r);
		}
	}
	for (int i = 0; i < NREPS; i++)
		free(reps[i]);
	for (size_t i = 0; i < nstages; i++)
		free(stages[i]);
}

int main(void)
{
	setenv("SALESTERM_NOW", "2026-11-23T01:00:00Z", 1);
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	test_writes();
	test_bulk();
	test_path_order();
	db_close(&db);
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	free(ADD(&entity_user, "name=李经理", "role=manager"));
	user_use(db, "李经理");
	test_local_days();
	db_close(&db);
	return done_testing();
}
