/* test_account_touch.c - the account of each log and completed activity kept
 * by triggers (account_touch, data/migrations/0019-churn-nurture-speed.sql)
 * equals a recount after every kind of write: logs and activities added,
 * edited, completed, soft and hard deleted; contacts and deals that move to
 * another account, come after the logs naming them (as sync may bring
 * them, through record_store()) or are removed; an import and a demo (bulk
 * loads, which drop the triggers and fill the table once); and report
 * churn's silence follows a contact that moves. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "demo.h"
#include "entity.h"
#include "fixture.h"
#include "io/io.h"
#include "record.h"
#include "report/churn.h"
#include "report/span.h"
#include "tap.h"
#include "user.h"
#include "xalloc.h"

static struct db *db;

#define ADD(e, ...) fixture_add(db, e, (const char *const[]){ __VA_ARGS__, NULL })

static int64_t count(const char *sql)
{
	return fixture_count(db, sql);
}

/* The table and its recount hold the same rows. */
static void same(const char *after)
{
	int64_t differ = fixture_recount_differs(db, "account_touch");

	is_int(differ, 0, "after %s: account_touch equals a recount (%lld rows)", after,
	       (long long)count("SELECT count(*) FROM account_touch"));
}

/* The account account_touch holds for the log or activity id (tbl 0 or 1). */
static char *account_of(int tbl, const char *id)
{
	sqlite3_stmt *st = db_prepare(
	    db, tbl == 0 ? "SELECT t.account FROM account_touch t JOIN followup f ON t.tbl = 0 AND "
			   "t.n = f.n WHERE f.id = ?1"
			 : "SELECT t.account FROM account_touch t JOIN activity a ON t.tbl = 1 AND "
			   "t.n = a.n WHERE a.id = ?1");
	char *acc = NULL;

	db_bind_text(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		acc = db_column_strdup(st, 0);
	sqlite3_reset(st);
	return acc;
}

static void edit(const struct entity *e, const char *id, const char *key, const char *value)
{
	struct record *r = NULL;
	struct kv kv[] = { { key, value } };

	if (record_load(db, e, id, &r) != ST_OK || record_input_all(db, r, kv, 1) != ST_OK ||
	    record_update(db, r) != ST_OK)
		ok(0, "edit %s %s=%s: %s", e->name, key, value, status_message());
	record_free(&r);
}

static void is_account(int tbl, const char *id, const char *want, const char *what)
{
	char *acc = account_of(tbl, id);

	ok(acc && want && strcmp(acc, want) == 0, "%s (%s)", what, acc ? acc : "none");
	free(acc);
}

/* Is the customer named name at risk for its silence in report churn (team,
 * the year to 2026-11-23)? */
static int silent(const char *name)
{
	struct report_span span;
	struct churn_options o;
	struct churn_report r;
	int found = 0;
	size_t i;

	churn_options_default(&o);
	o.limit = 0;
	report_span_parse("2025-11-24..2026-11-23", &span);
	if (report_churn(db, &span, NULL, &o, &r) == ST_OK)
		for (i = 0; i < r.n; i++)
			if (strcmp(r.rows[i].name, name) == 0)
				found = (r.rows[i].reasons & CHURN_SILENCE) != 0;
	report_churn_free(&r);
	return found;
}

/* A record written as sync writes what a server holds (record_store()). */
static void store(const struct entity *e, const char *const *pairs)
{
	struct record *r = record_new(e);
	size_t i;

	for (i = 0; pairs[i]; i += 2)
		record_set(r, pairs[i], pairs[i + 1]);
	if (record_store(db, r) != ST_OK)
		ok(0, "store %s: %s", e->name, status_message());
	record_free(&r);
}

static void test_writes(void)
{
	char *alpha, *beta, *tom, *deal, *f1, *f2, *f3, *a1, *a2, *a3;

	same("migrating an empty file");
	free(ADD(&entity_user, "name=李经理", "role=manager"));
	user_use(db, "李经理");
	alpha = ADD(&entity_account, "name=Alpha");
	beta = ADD(&entity_account, "name=Beta");
	tom = ADD(&entity_contact, "name=Tom", "account=Alpha");
	deal = ADD(&entity_opportunity, "name=D1", "account=Alpha", "amount=1000",
		   "stage=Closed Won", "close_date=2026-06-01");
	free(ADD(&entity_opportunity, "name=D2", "account=Beta", "amount=1000", "stage=Closed Won",
		 "close_date=2026-06-01"));
	free(ADD(&entity_opportunity, "name=D3", "account=Alpha", "amount=1000", "stage=Closed Won",
		 "close_date=2026-06-01"));
	f1 = ADD(&entity_followup, "related=Tom", "channel=call", "at=2026-11-01 10:00");
	f2 = ADD(&entity_followup, "related=D1", "channel=email", "at=2026-11-02 10:00");
	f3 = ADD(&entity_followup, "related=Beta", "channel=visit", "at=2026-11-03 10:00");
	a1 = ADD(&entity_activity, "kind=call", "subject=done", "start=2026-11-04 10:00",
		 "status=done", "related=Tom");
	a2 = ADD(&entity_activity, "kind=task", "subject=undated", "due=2026-11-05", "status=done",
		 "related=D1");
	a3 = ADD(&entity_activity, "kind=call", "subject=planned", "start=2026-11-30 10:00",
		 "related=Tom");
	same("logs and activities about a contact, a deal and an account");
	is_account(0, f1, alpha, "a log about a contact counts for its account");
	is_account(0, f2, alpha, "a log about a deal counts for its account");
	is_account(0, f3, beta, "a log about an account counts for it");
	is_account(1, a2, alpha, "an undated completed activity counts");
	ok(account_of(1, a3) == NULL, "a planned activity does not");
	is_int(silent("Alpha"), 0, "Alpha was contacted");

	edit(&entity_activity, a3, "status", "done");
	same("an activity completed");
	edit(&entity_activity, a1, "status", "planned");
	same("an activity planned again");
	edit(&entity_activity, a2, "start", "2026-11-06 09:00");
	same("an activity given a start");
	edit(&entity_activity, a2, "due", "");
	same("an activity's due date cleared");
	/* A log is never edited by hand; sync rewrites its row as the server has it. */
	is_int(db_exec(db, "UPDATE followup SET at = '2026-11-10T02:00:00Z' WHERE at LIKE "
			   "'2026-11-01%'"),
	       ST_OK, "a log's date rewritten");
	same("a log's date changed");
	{
		char *sql =
		    xasprintf("UPDATE followup SET related = '%s' WHERE id = '%s'", tom, f3);

		is_int(db_exec(db, sql), ST_OK, "a log rewritten about another record");
		free(sql);
	}
	same("a log about another record");
	is_account(0, f3, alpha, "it counts for the contact's account");

	edit(&entity_contact, tom, "account", "Beta");
	same("a contact moved to another account");
	is_account(0, f1, beta, "its logs move with it");
	is_account(1, a3, beta, "and its activities");
	edit(&entity_opportunity, deal, "account", "Beta");
	same("a deal moved to another account");
	is_account(0, f2, beta, "its logs move with it");
	is_int(silent("Alpha"), 1, "Alpha is silent now that its contact and deal are Beta's");
	is_int(silent("Beta"), 0, "Beta is not");
	edit(&entity_contact, tom, "account", "");
	same("a contact's account cleared");
	is_account(0, f1, tom, "a contact with no account: the contact itself");
	edit(&entity_contact, tom, "account", "Alpha");
	same("a contact given an account");

	is_int(record_delete(db, &entity_followup, f1), ST_OK, "delete a log");
	same("a log deleted");
	is_int(record_undelete(db, &entity_followup, f1), ST_OK, "undelete it");
	same("a log undeleted");
	is_int(record_delete(db, &entity_contact, tom), ST_OK, "delete the contact");
	same("a contact deleted (its logs still name its account)");
	is_int(db_exec(db, "DELETE FROM followup WHERE id = (SELECT id FROM followup WHERE at "
			   "LIKE '2026-11-10%')"),
	       ST_OK, "purge a log");
	same("a log removed from the table");
	is_int(db_exec(db, "DELETE FROM activity WHERE subject = 'undated'"), ST_OK,
	       "purge an activity");
	same("an activity removed from the table");
	is_int(db_exec(db, "DELETE FROM contact WHERE name = 'Tom'"), ST_OK, "purge the contact");
	same("a contact removed from the table");
	is_int(db_exec(db, "DELETE FROM opportunity WHERE name = 'D1'"), ST_OK, "purge a deal");
	same("a deal removed from the table");

	/* Sync: a log arrives before the contact it names, then the contact. */
	store(&entity_followup,
	      (const char *const[]){ "id", "f0000000-0000-4000-8000-000000000001", "rev", "1-aaaa",
				     "created_at", "2026-11-20T01:00:00Z", "updated_at",
				     "2026-11-20T01:00:00Z", "related",
				     "c0000000-0000-4000-8000-000000000001", "at",
				     "2026-11-20T01:00:00Z", "channel", "call", NULL });
	same("a log stored by sync naming a contact not here yet");
	store(&entity_contact, (const char *const[]){
				   "id", "c0000000-0000-4000-8000-000000000001", "rev", "1-bbbb",
				   "created_at", "2026-11-20T01:00:00Z", "updated_at",
				   "2026-11-20T01:00:00Z", "name", "Sam", "account", beta, NULL });
	same("the contact stored by sync after it");
	is_account(0, "f0000000-0000-4000-8000-000000000001", beta,
		   "the log counts for the contact's account");
	free(alpha);
	free(beta);
	free(tom);
	free(deal);
	free(f1);
	free(f2);
	free(f3);
	free(a1);
	free(a2);
	free(a3);
}

static void test_bulk(void)
{
	static const char csv[] = "name,account\n"
				  "Ann,Alpha\n"
				  "Bea,Beta\n";
	struct io_import_options opt = { .entity = &entity_contact };
	struct io_import_result res = { 0 };
	struct demo_options demo = DEMO_OPTIONS_DEFAULT;
	struct demo_stats stats = { 0 };
	int64_t triggers = count("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
				 "name GLOB 'account_touch_*'");

	is_int(triggers, 12, "twelve triggers keep the table");
	ok(io_import(db, "contacts.csv", csv, sizeof(csv) - 1, &opt, &res) == ST_OK, "import: %s",
	   status_message());
	is_int(res.created, 2, "two contacts imported");
	io_import_result_clear(&res);
	same("an import");
	free(ADD(&entity_followup, "related=Ann", "channel=call", "at=2026-11-21 10:00"));
	same("a log about an imported contact");
	/* A demo goes into an empty database only. */
	db_close(&db);
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		ok(0, "a new database: %s", status_message());
		return;
	}
	demo.contacts = 300;
	is_int(demo_generate(db, &demo, &stats), ST_OK, "a demo");
	ok(count("SELECT count(*) FROM account_touch") > 0, "with logs and activities (%lld)",
	   (long long)count("SELECT count(*) FROM account_touch"));
	same("a demo");
	is_int(count("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name GLOB "
		     "'account_touch_*'"),
	       triggers, "the bulk load made the triggers again");
	is_int(db_exec(db, "INSERT INTO followup (id, created_at, updated_at, related, at) SELECT "
			   "'f-after', '2026-11-21T00:00:00Z', '2026-11-21T00:00:00Z', id, "
			   "'2026-11-21T02:00:00Z' FROM contact LIMIT 1"),
	       ST_OK, "a log written after the demo");
	same("an insert after the bulk load");
}

int main(void)
{
	setenv("SALESTERM_NOW", "2026-11-23T01:00:00Z", 1);
	setenv("TZ", "Asia/Shanghai", 1);
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	test_writes();
	test_bulk();
	db_close(&db);
	return done_testing();
}
