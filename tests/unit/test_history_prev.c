/* test_history_prev.c - prev_at of the history entries (the instant of the
 * deal's previous live entry, data/migrations/0020-history-prev.sql), kept
 * by triggers, equals its recount after every kind of write: local edits,
 * stage moves, several entries at one instant, a deal deleted, entries
 * pulled by sync out of order (from the middle, at an instant already
 * written, before everything, after everything), an entry changed,
 * tombstoned, revived, moved in time and to another deal, removed; the
 * migration run on a file with history; a demo and an import of JSON lines
 * (bulk loads, which drop the triggers and fill prev_at once). After each,
 * the deals as of many instants (history_deals_as_of(), which finds each
 * deal's first entry since through prev_at) are those a brute force over the
 * whole history gives. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "demo.h"
#include "embedded.h"
#include "entity.h"
#include "fixture.h"
#include "io/io.h"
#include "opportunity.h"
#include "record.h"
#include "report/history.h"
#include "report/internal.h"
#include "strbuf.h"
#include "tap.h"
#include "user.h"
#include "xalloc.h"

static struct db *db;
static char *bulk_path; /* the second database, a demo's */

#define ADD(e, ...) fixture_add(db, e, (const char *const[]){ __VA_ARGS__, NULL })

static void at(const char *when)
{
	setenv("SALESTERM_NOW", when, 1);
}

static int64_t count(const char *sql)
{
	return fixture_count(db, sql);
}

/* The deals as of before by brute force: each live deal made before it, with
 * the values before its first live entry at or after before (by at, then n)
 * when it has one, unless that entry made it; one line each, by id. */
static void brute_force(const char *before, struct strbuf *out)
{
	sqlite3_stmt *st = db_prepare(
	    db, "WITH first AS (SELECT h.opportunity, h.n FROM opportunity_history h WHERE "
		"h.deleted = 0 AND h.at >= ?1 AND NOT EXISTS (SELECT 1 FROM opportunity_history "
		"p WHERE p.opportunity = h.opportunity AND p.deleted = 0 AND p.at >= ?1 AND "
		"(p.at < h.at OR (p.at = h.at AND p.n < h.n)))) SELECT o.id, CASE WHEN h.n IS "
		"NULL THEN o.owner ELSE h.old_owner END, CASE WHEN h.n IS NULL THEN o.stage ELSE "
		"h.old_stage END, coalesce(CASE WHEN h.n IS NULL THEN o.amount ELSE h.old_amount "
		"END, 0), CASE WHEN h.n IS NULL THEN o.close_date ELSE h.old_close_date END, "
		"CASE WHEN h.n IS NULL THEN o.category ELSE h.old_category END FROM opportunity "
		"o LEFT JOIN first f ON f.opportunity = o.id LEFT JOIN opportunity_history h ON "
		"h.n = f.n WHERE o.deleted = 0 AND o.created_at < ?1 AND (h.n IS NULL OR NOT "
		"(h.event = 'created' OR (h.event = 'migrated' AND h.old_stage IS NULL))) ORDER "
		"BY o.id");

	db_bind_text(st, 1, before);
	while (st && sqlite3_step(st) == SQLITE_ROW)
		for (int c = 0; c < 6; c++) {
			const char *v = (const char *)sqlite3_column_text(st, c);

			strbuf_addf(out, "%s%s", v ? v : "-", c == 5 ? "\n" : "|");
		}
	if (st)
		sqlite3_reset(st);
}

static void states_text(const struct deal_states *s, struct strbuf *out)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct deal_state *d = &s->v[i];

		strbuf_addf(out, "%s|%s|%s|%lld|%s|%s\n", d->id, d->owner ? d->owner : "-",
			    d->stage ? d->stage : "-", (long long)d->amount,
			    d->close_date ? d->close_date : "-", d->category ? d->category : "-");
	}
}

/* prev_at equals its recount, and the deals as of every instant an entry
 * was written at, a second before and after each, and a time before all,
 * are those of the brute force. */
static void same(const char *after)
{
	int64_t differ = count(
	    "SELECT count(*) FROM (SELECT * FROM (SELECT n, prev_at FROM opportunity_history "
	    "WHERE deleted = 0 EXCEPT SELECT * FROM opportunity_history_prev_recount) UNION ALL "
	    "SELECT * FROM (SELECT * FROM opportunity_history_prev_recount EXCEPT SELECT n, "
	    "prev_at FROM opportunity_history WHERE deleted = 0))");
	sqlite3_stmt *st = db_prepare(
	    db, "SELECT DISTINCT t FROM (SELECT at AS t FROM opportunity_history UNION ALL "
		"SELECT strftime('%Y-%m-%dT%H:%M:%SZ', at, '-1 second') FROM opportunity_history "
		"UNION ALL SELECT strftime('%Y-%m-%dT%H:%M:%SZ', at, '+1 second') FROM "
		"opportunity_history UNION ALL SELECT '2000-01-01T00:00:00Z') ORDER BY t");
	char **when = NULL;
	size_t n = 0, i, wrong = 0;

	is_int(differ, 0, "after %s: prev_at equals its recount (%lld entries)", after,
	       (long long)count("SELECT count(*) FROM opportunity_history WHERE deleted = 0"));
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		when = xreallocarray(when, n + 1, sizeof(*when));
		when[n++] = db_column_strdup(st, 0);
	}
	if (st)
		sqlite3_reset(st);
	for (i = 0; i < n; i++) {
		struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
		struct deal_states s;

		brute_force(when[i], &want);
		/* On one connection, and split with a twin (a file's). */
		for (int twins = 0; twins < 2; twins++) {
			report_twins_enable(twins);
			if (history_deals_as_of(db, when[i], NULL, NULL, NULL, NULL, &s) != ST_OK)
				ok(0, "as of %s: %s", when[i], status_message());
			states_text(&s, &got);
			history_states_free(&s);
		}
		{
			char *once = xstrdup(strbuf_str(&want));

			strbuf_adds(&want, once);
			free(once);
		}
		if (strcmp(strbuf_str(&want), strbuf_str(&got)) != 0) {
			if (wrong++ == 0)
				printf("# as of %s:\n# want\n%s# got\n%s", when[i],
				       strbuf_str(&want), strbuf_str(&got));
		}
		strbuf_release(&want);
		strbuf_release(&got);
		free(when[i]);
	}
	free(when);
	ok(wrong == 0 && n > 0, "after %s: the deals as of %zu instants are the brute force's",
	   after, n);
}

static void edit(const char *id, const char *key, const char *value)
{
	struct record *r = NULL;
	struct kv kv[] = { { key, value } };

	if (record_load(db, &entity_opportunity, id, &r) != ST_OK ||
	    record_input_all(db, r, kv, 1) != ST_OK || record_update(db, r) != ST_OK)
		ok(0, "edit %s=%s: %s", key, value, status_message());
	record_free(&r);
}

/* An entry of deal as a pull stores it (another client's, written then):
 * the amount changed from old to now. */
static void pulled(const char *id, const char *deal, const char *when, const char *old,
		   const char *now)
{
	struct record *h = record_new(&entity_opportunity_history);

	h->id = xstrdup(id);
	h->rev = xstrdup("1-0123456789abcdef0123456789abcdef");
	h->created_at = xstrdup(when);
	h->updated_at = xstrdup(when);
	h->dirty = false;
	record_set(h, "opportunity", deal);
	record_set(h, "at", when);
	record_set(h, "event", "changed");
	record_set(h, "old_stage", "Prospecting");
	record_set(h, "stage", "Prospecting");
	record_set(h, "old_amount", old);
	record_set(h, "amount", now);
	record_set(h, "old_close_date", "2026-12-20");
	record_set(h, "close_date", "2026-12-20");
	ok(record_store(db, h) == ST_OK, "a pulled entry at %s: %s", when, status_message());
	record_free(&h);
}

static void sql(const char *what, const char *text)
{
	is_int(db_exec(db, text), ST_OK, "%s", what);
	same(what);
}

static void test_writes(void)
{
	char *d[4];
	size_t i;

	same("migrating an empty file");
	at("2026-01-05T08:00:00Z");
	free(ADD(&entity_user, "name=李经理", "role=manager"));
	user_use(db, "李经理");
	free(ADD(&entity_user, "name=王芳", "role=rep"));
	free(ADD(&entity_account, "name=华为科技有限公司"));
	d[0] = ADD(&entity_opportunity, "name=D1", "account=华为科技有限公司", "amount=100000",
		   "close_date=2026-12-20");
	d[1] = ADD(&entity_opportunity, "name=D2", "account=华为科技有限公司", "amount=500",
		   "currency=USD");
	same("deals created");
	for (i = 1; i <= 6; i++) {
		char when[21], amount[16];

		snprintf(when, sizeof(when), "2026-%02zu-10T08:00:00Z", i + 1);
		at(when);
		snprintf(amount, sizeof(amount), "%zu", 100000 + i * 1000);
		edit(d[0], "amount", amount);
		if (i % 2 == 0)
			edit(d[1], "close_date", i % 4 ? "2026-11-30" : "2027-01-15");
		if (i == 2)
			d[2] = ADD(&entity_opportunity, "name=D3", "account=华为科技有限公司",
				   "amount=7000", "probability=30");
		if (i == 3)
			is_int(opportunity_move(db, d[2], "Qualification", NULL, 0), ST_OK,
			       "move D3");
		if (i == 4)
			edit(d[2], "owner", "王芳");
	}
	same("a write a month");
	at("2026-11-12T08:00:00Z");
	d[3] = ADD(&entity_opportunity, "name=D4", "account=华为科技有限公司", "amount=1");
	edit(d[3], "amount", "2");
	edit(d[3], "amount", "3");
	same("a deal made and changed twice at one instant");
	is_int(record_delete(db, &entity_opportunity, d[1]), ST_OK, "delete D2");
	same("a deal deleted");

	/* Another client's entries, pulled out of order. */
	pulled("00000000-0000-4000-8000-00000000000a", d[0], "2026-03-15T08:00:00Z", "5", "6");
	same("an entry pulled from the middle");
	pulled("00000000-0000-4000-8000-00000000000b", d[0], "2026-05-10T08:00:00Z", "7", "8");
	same("an entry pulled at an instant already written");
	pulled("00000000-0000-4000-8000-00000000000c", d[0], "2024-06-01T08:00:00Z", "1", "2");
	same("an entry pulled from before the deal's first");
	pulled("00000000-0000-4000-8000-00000000000d", d[2], "2026-12-02T08:00:00Z", "700000",
	       "800000");
	same("an entry pulled newer than every other");

	/* A pulled entry changed, tombstoned, revived, moved, removed. */
	sql("an entry's values changed", "UPDATE opportunity_history SET old_amount = 9 WHERE id = "
					 "'00000000-0000-4000-8000-00000000000a'");
	sql("an entry tombstoned", "UPDATE opportunity_history SET deleted = 1 WHERE id = "
				   "'00000000-0000-4000-8000-00000000000b'");
	is_int(count("SELECT prev_at IS NULL FROM opportunity_history WHERE id = "
		     "'00000000-0000-4000-8000-00000000000b'"),
	       1, "a tombstoned entry has no prev_at");
	sql("an entry revived", "UPDATE opportunity_history SET deleted = 0 WHERE id = "
				"'00000000-0000-4000-8000-00000000000b'");
	sql("an entry moved in time", "UPDATE opportunity_history SET at = '2026-01-20T08:00:00Z' "
				      "WHERE id = '00000000-0000-4000-8000-00000000000a'");
	sql("an entry moved to another deal",
	    "UPDATE opportunity_history SET opportunity = (SELECT opportunity FROM "
	    "opportunity_history WHERE id = '00000000-0000-4000-8000-00000000000d') WHERE id = "
	    "'00000000-0000-4000-8000-00000000000c'");
	sql("the newest entry removed", "DELETE FROM opportunity_history WHERE id = "
					"'00000000-0000-4000-8000-00000000000d'");
	sql("a deal's first entry removed",
	    "DELETE FROM opportunity_history WHERE n = (SELECT min(n) FROM opportunity_history)");

	/* The migration on a file with history fills the column. */
	db_exec(db, "UPDATE opportunity_history SET prev_at = NULL");
	for (i = 0; embedded_migrations[i].name; i++)
		if (strncmp(embedded_migrations[i].name, "0020-", 5) == 0) {
			char *text = xstrdup(embedded_migrations[i].text);
			char *alter = strstr(text, "ALTER TABLE");

			/* The column is there already: all but its ALTER. */
			if (alter)
				memcpy(alter, "--", 2);
			is_int(db_exec(db, text), ST_OK, "migration 0020 on a file with history");
			free(text);
		}
	same("the migration");
	for (i = 0; i < 4; i++)
		free(d[i]);
}

/* The history of every other deal exported as JSON lines, removed, and
 * imported again (a bulk load: the entries come without prev_at, and so do
 * those of deals with entries left). */
static void test_jsonl(void)
{
	struct io_export_options eo = { .format = "jsonl" };
	struct io_import_options io = { .entity = NULL };
	struct io_import_result res = { 0 };
	int64_t entries = count("SELECT count(*) FROM opportunity_history"), n = 0;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	is_int(io_export(db, &entity_opportunity_history, f, &eo, &n), ST_OK,
	       "the history exported: %s", status_message());
	fclose(f);
	is_int(n, entries, "every entry");
	{
		sqlite3_stmt *st = db_prepare(db, "SELECT id FROM user WHERE role = 'manager'");

		ok(st && sqlite3_step(st) == SQLITE_ROW &&
		       user_use(db, (const char *)sqlite3_column_text(st, 0)) == ST_OK,
		   "as the manager");
		if (st)
			sqlite3_reset(st);
	}
	db_exec(db, "DELETE FROM opportunity_history WHERE opportunity IN (SELECT id FROM "
		    "opportunity WHERE n % 2 = 0) OR n % 3 = 0");
	ok(count("SELECT count(*) FROM opportunity_history") < entries * 3 / 4,
	   "a good part of it removed");
	same("entries removed");
	is_int(io_import(db, "history.jsonl", text, len, &io, &res), ST_OK, "imported again: %s",
	       status_message());
	is_int(count("SELECT count(*) FROM opportunity_history"), entries, "all of it back");
	io_import_result_clear(&res);
	free(text);
	same("an import of JSON lines");
}

static void test_bulk(void)
{
	struct demo_options demo = DEMO_OPTIONS_DEFAULT;
	struct demo_stats stats = { 0 };
	const char *triggers = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
			       "name GLOB 'opportunity_history_prev_*'";
	int64_t before = count(triggers);

	is_int(before, 3, "three triggers keep prev_at");
	db_close(&db);
	db = fixture_file_db(&bulk_path);
	if (db == NULL) {
		ok(0, "a new database: %s", status_message());
		return;
	}
	at("2026-11-23T01:00:00Z");
	demo.contacts = 300;
	is_int(demo_generate(db, &demo, &stats), ST_OK, "a demo");
	ok(count("SELECT count(*) FROM opportunity_history WHERE prev_at > ''") > 100,
	   "whose entries have prev_at (%lld)",
	   (long long)count("SELECT count(*) FROM opportunity_history WHERE prev_at > ''"));
	same("a demo (prev_at its own)");
	is_int(count(triggers), before, "the bulk load made the triggers again");
	free(ADD(&entity_opportunity, "name=After", "amount=5"));
	same("an insert after the bulk load");
	test_jsonl();
	is_int(count(triggers), before, "the import made the triggers again");
	db_close(&db);
	fixture_file_db_remove(bulk_path);
}

int main(void)
{
	char *path;

	setenv("TZ", "Asia/Shanghai", 1);
	at("2026-01-01T00:00:00Z");
	/* Files: the as-of reads half the history on a twin connection
	 * (report_twin()), which a database in memory cannot have. */
	db = fixture_file_db(&path);
	if (db == NULL) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	test_writes();
	test_bulk();
	db_close(&db);
	fixture_file_db_remove(path);
	return done_testing();
}
