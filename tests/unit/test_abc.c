/* test_abc.c - A/B/C grading, `account grade` and CLV on a small fixed data
 * set, every figure computed by hand.
 *
 * Won deals closed in 2026 (CNY): Alpha 300,000 + 100,000, Beta 300,000,
 * Delta 100,000, Gamma 100,000 (a tie with Delta at the 80% line), Theta
 * 60,000, Iota 40,000, Eps one deal of 0; total 1,000,000. Outside 2026:
 * Alpha 200,000 (2025-06-01), Kappa 50,000 (2019-01-10) and 50,000
 * (2025-10-10). Eta won 10,000 USD only; Zeta has an open deal only; one won
 * deal names no account. Open: Alpha 50,000 CNY, Zeta 70,000 CNY, Beta
 * 20,000 USD. Today is 2026-11-23.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "demo.h"
#include "entity.h"
#include "fixture.h"
#include "record.h"
#include "report/abc.h"
#include "report/internal.h"
#include "report/registry.h"
#include "tap.h"
#include "user.h"
#include "xalloc.h"

static struct db *db;

#define ADD(e, ...) fixture_add(db, e, (const char *const[]){ __VA_ARGS__, NULL })

static void won(const char *account, const char *amount, const char *date, const char *cur)
{
	char a[64], m[64], d[64], c[64];

	snprintf(a, sizeof(a), "account=%s", account);
	snprintf(m, sizeof(m), "amount=%s", amount);
	snprintf(d, sizeof(d), "close_date=%s", date);
	snprintf(c, sizeof(c), "currency=%s", cur);
	free(ADD(&entity_opportunity, "name=deal", a, m, d, c, "stage=Closed Won"));
}

static void setup(void)
{
	static const char *const names[] = { "Alpha", "Beta", "Gamma", "Delta", "Eps",
					     "Zeta",  "Eta",  "Theta", "Iota",	"Kappa" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char n[32];

		snprintf(n, sizeof(n), "name=%s", names[i]);
		free(ADD(&entity_account, n));
	}
	won("Alpha", "300000", "2026-03-10", "CNY");
	won("Alpha", "100000", "2026-09-15", "CNY");
	won("Alpha", "200000", "2025-06-01", "CNY");
	won("Beta", "300000", "2026-05-01", "CNY");
	won("Gamma", "100000", "2026-04-01", "CNY");
	won("Delta", "100000", "2026-04-02", "CNY");
	won("Theta", "60000", "2026-07-01", "CNY");
	won("Iota", "40000", "2026-08-01", "CNY");
	won("Eps", "0", "2026-08-01", "CNY");
	won("Kappa", "50000", "2019-01-10", "CNY");
	won("Kappa", "50000", "2025-10-10", "CNY");
	won("Eta", "10000", "2026-02-01", "USD");
	/* A won deal without an account cannot be made here; one can come from
	 * elsewhere (sync, an old import). */
	won("Iota", "5000", "2026-02-01", "CNY");
	sqlite3_exec(db_handle(db),
		     "UPDATE opportunity SET account = NULL WHERE amount = 500000 AND "
		     "close_date = '2026-02-01' AND currency = 'CNY'",
		     NULL, NULL, NULL);
	free(ADD(&entity_opportunity, "name=open", "account=Alpha", "amount=50000"));
	free(ADD(&entity_opportunity, "name=open", "account=Zeta", "amount=70000"));
	free(ADD(&entity_opportunity, "name=open", "account=Beta", "amount=20000", "currency=USD"));
}

static const struct abc_account *acc(const struct abc_report *r, const char *name, size_t *rank)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->acc[i].name, name) == 0) {
			if (rank)
				*rank = i + 1;
			return &r->acc[i];
		}
	return NULL;
}

static void test_abc(void)
{
	struct abc_params p = { "2026-01-01", "2026-12-31", 80, 15, NULL, NULL };
	struct abc_report r;
	const struct abc_account *a;
	size_t rank = 0;

	is_int(report_abc(db, &p, &r), ST_OK, "grading 2026");
	is_int(r.total, 100000000, "total 1,000,000.00 in CNY");
	is_int(r.n, 7, "seven accounts won something in CNY in 2026 (Eps a deal of 0)");
	a = acc(&r, "Alpha", &rank);
	if (ok(a != NULL, "Alpha ranked")) {
		is_int(rank, 1, "Alpha first");
		is_int(a->revenue, 40000000, "two deals of 2026, not 2025's");
		is_int(a->deals, 2, "two won deals");
		is_int(a->grade, 'A', "A: nothing ranked before it");
		is_int(a->open, 5000000, "50,000 open");
	}
	a = acc(&r, "Delta", &rank);
	if (ok(a != NULL, "Delta ranked")) {
		is_int(rank, 3, "Delta third: equal to Gamma, first by name");
		is_int(a->cumulative, 80000000, "cumulative 800,000");
		is_int(a->grade, 'A', "A: 70%% ranked before it");
	}
	a = acc(&r, "Gamma", &rank);
	if (ok(a != NULL, "Gamma ranked")) {
		is_int(rank, 4, "Gamma fourth");
		is_int(a->grade, 'A', "A like Delta: 80%% before it, but a tie is never split");
	}
	a = acc(&r, "Theta", NULL);
	ok(a && a->grade == 'B', "Theta B: 90%% before it");
	a = acc(&r, "Iota", NULL);
	ok(a && a->grade == 'C', "Iota C: 96%% before it");
	a = acc(&r, "Eps", &rank);
	ok(a && a->grade == 'C' && rank == 7, "Eps (revenue 0) last and C");
	is_int(r.grade[0].accounts, 4, "A: Alpha, Beta, Delta, Gamma");
	is_int(r.grade[0].revenue, 90000000, "A: 900,000");
	is_int(r.grade[0].deals, 5, "A: five deals");
	is_int(r.grade[0].open, 5000000, "A's open pipeline: Alpha's 50,000");
	is_int(r.grade[1].accounts, 1, "B: Theta");
	is_int(r.grade[2].accounts, 5, "C: Iota, Eps, Zeta, Eta, Kappa");
	is_int(r.grade[2].revenue, 4000000, "C: 40,000");
	is_int(r.grade[2].deals, 2, "C: Iota's and Eps's deals");
	is_int(r.grade[2].open, 7000000, "C's open pipeline: Zeta's 70,000");
	is_int(r.open_other, 1, "Beta's USD deal is not in its pipeline");
	if (ok(r.nother == 1, "one other currency"))
		ok(strcmp(r.other[0].currency, "USD") == 0 && r.other[0].revenue == 1000000,
		   "USD 10,000 apart, never summed in");
	is_int(r.no_account, 1, "a won deal without an account");
	report_abc_free(&r);

	/* All revenue in one account; no revenue at all. */
	p.from = "2019-01-01";
	p.to = "2019-12-31";
	is_int(report_abc(db, &p, &r), ST_OK, "grading 2019");
	ok(r.n == 1 && r.acc[0].grade == 'A', "the one account with revenue is A");
	is_int(r.grade[1].accounts, 0, "B is empty");
	is_int(r.grade[2].accounts, 9, "the nine others are C");
	report_abc_free(&r);
	p.from = "2020-01-01";
	p.to = "2020-12-31";
	is_int(report_abc(db, &p, &r), ST_OK, "grading a year without wins");
	ok(r.n == 0 && r.grade[2].accounts == 10 && r.total == 0, "every account C");
	report_abc_free(&r);

	/* Other thresholds: A the first 50%, B the next 30%. */
	p = (struct abc_params){ "2026-01-01", "2026-12-31", 50, 30, NULL, NULL };
	is_int(report_abc(db, &p, &r), ST_OK, "grading with 50/30");
	ok(acc(&r, "Beta", NULL)->grade == 'A', "Beta A: 40%% before it");
	ok(acc(&r, "Delta", NULL)->grade == 'B', "Delta B: 70%% before it");
	ok(acc(&r, "Gamma", NULL)->grade == 'B', "Gamma B: tied with Delta");
	ok(acc(&r, "Theta", NULL)->grade == 'C', "Theta C: 90%% before it");
	report_abc_free(&r);
	p.currency = "USD";
	is_int(report_abc(db, &p, &r), ST_OK, "ranking in USD");
	ok(r.n == 1 && strcmp(r.acc[0].name, "Eta") == 0 && r.acc[0].grade == 'A', "Eta alone, A");
	report_abc_free(&r);
	p.currency = "XYZ";
	is_int(report_abc(db, &p, &r), ST_INVALID, "an unknown currency is refused");
	report_abc_free(&r);
}

static void test_shares(void)
{
	const char *keys[] = { "a-share", "b-share" }, *vals[] = { "70", "40" };
	struct report_args a = { .opt_keys = keys, .opt_values = vals, .nopts = 1 };
	int pa, pb;

	is_int(report_abc_shares(NULL, &pa, &pb), ST_OK, "the default shares");
	ok(pa == 80 && pb == 15, "80 and 15");
	is_int(report_abc_shares(&a, &pa, &pb), ST_OK, "--a-share 70");
	ok(pa == 70 && pb == 15, "70 and 15");
	a.nopts = 2;
	is_int(report_abc_shares(&a, &pa, &pb), ST_INVALID, "70 + 40 is over 100");
	vals[0] = "8O";
	a.nopts = 1;
	is_int(report_abc_shares(&a, &pa, &pb), ST_INVALID, "not a number");
	vals[0] = "100";
	is_int(report_abc_shares(&a, &pa, &pb), ST_INVALID, "A is at most 99");
}

static const char *segment_of(const char *name, bool *hand)
{
	static char seg[4];
	struct record *r = NULL;
	const char *v;

	seg[0] = '\0';
	if (record_find(db, &entity_account, name, &r) != ST_OK)
		return "?";
	v = record_get(r, "segment");
	snprintf(seg, sizeof(seg), "%s", v ? v : "-");
	*hand =
	    record_get(r, "segment_by_hand") && strcmp(record_get(r, "segment_by_hand"), "1") == 0;
	record_free(&r);
	return seg;
}

static char *id_of(const char *name)
{
	struct record *r = NULL;
	char *id;

	if (record_find(db, &entity_account, name, &r) != ST_OK)
		return NULL;
	id = xstrdup(r->id);
	record_free(&r);
	return id;
}

static void edit(const char *name, const char *key, const char *value)
{
	struct record *r = NULL;
	struct kv kv = { key, value };

	if (record_find(db, &entity_account, name, &r) == ST_OK &&
	    record_input_all(db, r, &kv, 1) == ST_OK)
		is_int(record_update(db, r), ST_OK, "%s: %s=%s", name, key, value);
	record_free(&r);
}

/* The one integer a query returns, -1 on error. */
static int64_t count_of(const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void test_grade(void)
{
	struct abc_params p = { "2026-01-01", "2026-12-31", 80, 15, NULL, NULL };
	struct grade_result g;
	struct record *r = NULL;
	char *alpha = id_of("Alpha");
	bool hand = false;

	/* Beta was graded C by hand; Iota had a B from the ranking once. */
	edit("Beta", "segment", "C");
	is_str(segment_of("Beta", &hand), "C", "Beta C");
	ok(hand, "a segment typed by a person is marked as set by hand");
	is_int(account_grade(db, &p, true, &g), ST_OK, "a dry run");
	is_int(g.nchanged, 9, "nine accounts would change (none had a grade)");
	is_int(g.nkept, 1, "Beta is kept");
	ok(g.nkept == 1 && strcmp(g.kept[0].name, "Beta") == 0 && g.kept[0].to == 'A',
	   "Beta kept at C where the ranking says A");
	ok(g.grade[0] == 3 && g.grade[1] == 1 && g.grade[2] == 6, "A 3 (Beta stays C), B 1, C 6");
	account_grade_free(&g);
	is_str(segment_of("Alpha", &hand), "-", "the dry run wrote nothing");

	is_int(account_grade(db, &p, false, &g), ST_OK, "grading");
	is_int(g.nchanged, 9, "nine changed");
	account_grade_free(&g);
	is_str(segment_of("Alpha", &hand), "A", "Alpha A");
	ok(!hand, "not marked as set by hand");
	is_str(segment_of("Gamma", &hand), "A", "Gamma A");
	is_str(segment_of("Theta", &hand), "B", "Theta B");
	is_str(segment_of("Zeta", &hand), "C", "Zeta (no revenue) C");
	is_str(segment_of("Beta", &hand), "C", "Beta still C");
	ok(hand, "and still marked");
	if (record_load(db, &entity_account, alpha, &r) == ST_OK) {
		ok(r->dirty, "the grade is a change to sync");
		ok(r->rev && strncmp(r->rev, "2-", 2) == 0, "a new revision: %s", r->rev);
	}
	record_free(&r);

	{
		sqlite3_stmt *st;

		sqlite3_prepare_v2(
		    db_handle(db),
		    "SELECT count(DISTINCT seq) = count(*), max(seq) = (SELECT "
		    "CAST(value AS INTEGER) FROM meta WHERE key = 'change_seq') FROM "
		    "account",
		    -1, &st, NULL);
		ok(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) &&
		       sqlite3_column_int(st, 1),
		   "each account's change has its own number, the last one the database's");
		sqlite3_finalize(st);
	}
	is_int(account_grade(db, &p, false, &g), ST_OK, "grading again");
	ok(g.nchanged == 0 && g.unchanged == 9 && g.nkept == 1, "nothing to change, Beta kept");
	account_grade_free(&g);
	/* No sync has begun: no server holds a revision, so no merge base is
	 * kept (0017-grade-speed.sql). */
	is_int(count_of("SELECT count(*) FROM sync_body WHERE doc IN (SELECT id FROM account)"), 0,
	       "never synced: the grades keep no old versions of the accounts");
	is_int(count_of("SELECT count(*) FROM sync_rev WHERE doc IN (SELECT id FROM account)"), 0,
	       "nor revision edges");

	/* Clearing a grade by hand gives the account back to the ranking. Once
	 * a sync has begun, every write keeps its merge base again. */
	sqlite3_exec(db_handle(db),
		     "INSERT INTO sync_run (remote, started_at) VALUES ('team', "
		     "'2026-11-23T00:00:00Z')",
		     NULL, NULL, NULL);
	edit("Beta", "segment", "");
	is_str(segment_of("Beta", &hand), "-", "Beta has no grade");
	ok(!hand, "and no mark");
	is_int(account_grade(db, &p, false, &g), ST_OK, "grading after the clear");
	ok(g.nchanged == 1 && g.changed[0].to == 'A', "Beta graded A");
	account_grade_free(&g);
	is_int(count_of("SELECT count(*) FROM sync_body WHERE doc IN (SELECT id FROM account WHERE "
			"name = 'Beta')"),
	       2, "after a sync began: the edit and the grade each keep the old version");
	is_int(count_of("SELECT count(*) FROM sync_rev WHERE doc IN (SELECT id FROM account WHERE "
			"name = 'Beta')"),
	       2, "and each its edge");

	/* A rep may not grade the team's accounts. */
	free(ADD(&entity_user, "name=Boss", "role=manager"));
	user_use(db, "Boss");
	free(ADD(&entity_user, "name=Rep", "role=rep"));
	user_use(db, "Rep");
	is_int(account_grade(db, &p, true, &g), ST_DENIED, "a rep is refused");
	account_grade_free(&g);
	user_use(db, "Boss");
	is_int(account_grade(db, &p, true, &g), ST_OK, "a manager grades");
	account_grade_free(&g);
	free(alpha);
}

static const struct clv_row *clv(const struct clv_report *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->rows[i].name, name) == 0)
			return &r->rows[i];
	return NULL;
}

static void test_clv(void)
{
	struct clv_report r;
	const struct clv_row *x;
	char *beta = id_of("Beta");

	is_int(report_clv(db, NULL, NULL, "2026-11-23", 5, &r), ST_OK, "CLV as of 2026-11-23");
	x = clv(&r, "Alpha");
	if (ok(x != NULL, "Alpha")) {
		ok(x->deals == 3 && x->revenue == 60000000, "three deals, 600,000");
		is_int(x->average, 20000000, "average 200,000");
		is_str(x->first, "2025-06-01", "first won");
		is_int(x->tenure_hundredths, 148, "540 days: 1.48 years");
		is_int(x->freq_hundredths, 203, "3 / 1.48 = 2.03 a year");
		is_int(x->life_hundredths, 148, "lifetime: its tenure, under the horizon");
		is_int(x->clv, 60088000, "200,000 x 2.03 x 1.48 = 600,880.00");
	}
	x = clv(&r, "Beta");
	if (ok(x != NULL, "Beta (one deal)")) {
		is_int(x->tenure_hundredths, 100, "206 days: at least a year");
		is_int(x->freq_hundredths, 100, "one a year");
		is_int(x->clv, 30000000, "its one deal: 300,000");
	}
	x = clv(&r, "Kappa");
	if (ok(x != NULL, "Kappa (since 2019)")) {
		is_int(x->tenure_hundredths, 787, "2874 days: 7.87 years");
		is_int(x->freq_hundredths, 25, "2 / 7.87 = 0.25 a year");
		is_int(x->life_hundredths, 500, "capped at the horizon");
		is_int(x->clv, 6250000, "50,000 x 0.25 x 5.00 = 62,500.00");
	}
	x = clv(&r, "Eta");
	ok(x && strcmp(x->currency, "USD") == 0 && x->clv == 1000000, "Eta in USD: 10,000");
	is_int(r.nmain, 8, "eight accounts in CNY");
	ok(r.n == 9 && strcmp(r.rows[8].name, "Eta") == 0, "the USD row comes after them");
	is_str(r.rows[0].name, "Alpha", "Alpha ranks first");
	is_int(r.no_deals, 1, "Zeta has no won deal");
	report_clv_free(&r);

	is_int(report_clv(db, NULL, beta, "2026-11-23", 5, &r), ST_OK, "one account's CLV");
	ok(r.n == 1 && r.rows[0].clv == 30000000, "Beta alone");
	report_clv_free(&r);
	is_int(report_clv(db, NULL, NULL, "2019-06-30", 3, &r), ST_OK, "as of mid-2019");
	ok(r.n == 1 && r.rows[0].deals == 1, "only Kappa's first deal");
	report_clv_free(&r);
	free(beta);
}

static void test_report(void)
{
	struct report_args a = { 0 };
	struct report_output o = { 0 };
	struct report_scope_request req = { .team = true };
	char *text;

	report_span_parse("2026", &a.span);
	report_scope_resolve(db, &req, &a.scope);
	is_int(report_run(db, &report_def_abc, &a, &o), ST_OK, "report abc for 2026");
	text = report_output_render(&o, REPORT_FORMAT_CSV);
	ok(strstr(text, "A,4,900000.00,90.0,5,180000.00,50000.00\r\n") != NULL, "grade A: %s",
	   text);
	ok(strstr(text, "4,Gamma,1,100000.00,10.0,90.0,A,") != NULL, "Gamma's line");
	free(text);
	report_output_free(&o);
	is_int(report_run(db, &report_def_clv, &a, &o), ST_OK, "report clv");
	text = report_output_render(&o, REPORT_FORMAT_CSV);
	ok(strstr(text, "1,Alpha,CNY,3,600000.00,200000.00,2025-06-01,1.48,2.03,1.48,600880.00") !=
	       NULL,
	   "Alpha's inputs and CLV: %s", text);
	free(text);
	report_output_free(&o);
	report_scope_free(&a.scope);
}

/* The demo's revenue is skewed enough for the grades to say something: over
 * the last 12 months a small share of the accounts with revenue makes 80%
 * of it, and most accounts are C. */
static void test_cards(struct db *d);

static void test_demo(void)
{
	struct demo_options opt = { .contacts = 4000, .seed = 1 };
	struct abc_params p = { "2025-11-24", "2026-11-23", 80, 15, NULL, NULL };
	struct demo_stats s;
	struct abc_report r;
	struct db *d = NULL;

	if (!ok(db_open(":memory:", DB_CREATE, &d) == ST_OK && demo_generate(d, &opt, &s) == ST_OK,
		"a demo of 4,000 contacts"))
		goto out;
	is_int(report_abc(d, &p, &r), ST_OK, "graded");
	ok(r.n >= 50, "%zu accounts won something in the last 12 months", r.n);
	ok(r.grade[0].accounts * 100 <= (int64_t)r.n * 40,
	   "A: %lld accounts, at most 40%% of the %zu with revenue", (long long)r.grade[0].accounts,
	   r.n);
	ok(r.grade[0].revenue * 100 >= r.total * 80, "A makes at least 80%% of the revenue");
	ok(r.grade[1].accounts > 0, "B is not empty: %lld", (long long)r.grade[1].accounts);
	ok(r.grade[2].accounts * 2 > s.accounts, "most accounts are C: %lld of %lld",
	   (long long)r.grade[2].accounts, (long long)s.accounts);
	report_abc_free(&r);
	test_cards(d);
out:
	db_close(&d);
}

/* report_cards_find() (the accounts of report abc, clv, churn and wallet in
 * id order) on the 1,000 accounts of a demo: the next entries stepped to, a
 * far one sought, one asked twice, one missing between two, a deleted one
 * found as deleted, and past the last one nothing, twice. */
static void test_cards(struct db *d)
{
	static const size_t pick[] = { 0, 0, 1, 2, 3, 100, 101, 600, 999 };
	char **ids = xcalloc(1000, sizeof(*ids)), **names = xcalloc(1000, sizeof(*names)), *gap;
	sqlite3_stmt *st = db_prepare(d, "SELECT id, name FROM account ORDER BY id");
	struct report_cards c;
	struct report_card card;
	size_t n = 0, i;
	bool same = true;

	while (st && n < 1000 && sqlite3_step(st) == SQLITE_ROW) {
		ids[n] = db_column_strdup(st, 0);
		names[n++] = db_column_strdup(st, 1);
	}
	if (st)
		sqlite3_reset(st);
	if (!ok(n == 1000, "the demo's 1,000 accounts in id order") ||
	    !ok(db_exec(d, "UPDATE account SET deleted = 1 WHERE id = (SELECT id FROM account "
			   "ORDER BY id LIMIT 1 OFFSET 600)") == ST_OK,
		"one deleted"))
		goto out;
	is_int(report_cards_open(d, &c), ST_OK, "a cursor");
	for (i = 0; i < sizeof(pick) / sizeof(pick[0]); i++) {
		int rc = report_cards_find(&c, ids[pick[i]], &card);

		if (rc != SQLITE_ROW || strcmp(card.name, names[pick[i]]) != 0 ||
		    card.deleted != (pick[i] == 600)) {
			same = false;
			printf("# account %zu: %d %s\n", pick[i], rc,
			       rc == SQLITE_ROW ? card.name : "");
		}
		if (pick[i] == 3) {
			gap = xasprintf("%s!", ids[3]);
			is_int(report_cards_find(&c, gap, &card), SQLITE_DONE,
			       "an id between two accounts: none");
			free(gap);
		}
	}
	ok(same, "each account found with its name, asked again, near or far; the deleted one "
		 "said deleted");
	is_int(report_cards_find(&c, "~", &card), SQLITE_DONE, "past the last account: none");
	is_int(report_cards_find(&c, "~~", &card), SQLITE_DONE, "and again");
	report_cards_close(&c);
	ok(report_str_key("a") < report_str_key("b") &&
	       report_str_key("ab") < report_str_key("abc") &&
	       report_str_key(NULL) < report_str_key("\x01") &&
	       report_str_key("f0") > report_str_key("0f") &&
	       report_str_key("\xe5\xbc\xa0") > report_str_key("z") &&
	       report_str_key("abcdefgh1") == report_str_key("abcdefgh2"),
	   "sort keys order as strcmp() does, or tie");
out:
	for (i = 0; i < n; i++) {
		free(ids[i]);
		free(names[i]);
	}
	free(ids);
	free(names);
}

static int order_cmp(const void *a, const void *b)
{
	const struct report_order *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* report_order_sort() against qsort() by key and id, at every size from 0
 * to 80 (a few sorted by insertion, more by radix) and at 5,000; the keys
 * collide often (names that share 8 bytes), the ids sometimes. */
static void test_order_sort(void)
{
	static const size_t sizes[] = { 5000 };
	char ids[5000][8];
	struct report_order *v = xreallocarray(NULL, 5000, sizeof(*v)),
			    *w = xreallocarray(NULL, 5000, sizeof(*w));
	bool same = true;
	unsigned seed = 7;

	for (size_t n = 0; n <= 80 + 1; n++) {
		size_t m = n <= 80 ? n : sizes[0];

		for (size_t i = 0; i < m; i++) {
			seed = seed * 1103515245u + 12345u;
			snprintf(ids[i], sizeof(ids[i]), "%02u", (seed >> 16) % 97);
			v[i] =
			    (struct report_order){ (uint64_t)((seed >> 8) % 5) << 60, ids[i], i };
		}
		memcpy(w, v, m * sizeof(*v));
		report_order_sort(v, m);
		qsort(w, m, sizeof(*w), order_cmp);
		for (size_t i = 0; i < m; i++)
			if (v[i].key != w[i].key || strcmp(v[i].id, w[i].id) != 0) {
				printf("# %zu items: at %zu %s, want %s\n", m, i, v[i].id, w[i].id);
				same = false;
				break;
			}
		for (size_t i = 1; i < m; i++)
			if (order_cmp(&v[i - 1], &v[i]) == 0 && v[i - 1].i > v[i].i) {
				printf("# %zu items: equal items out of their order at %zu\n", m,
				       i);
				same = false;
			}
	}
	ok(same, "the order sort orders by key and id at every size, equal items kept in order");
	free(v);
	free(w);
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
	test_abc();
	test_shares();
	test_clv();
	test_report();
	test_grade();
	test_order_sort();
	db_close(&db);
	test_demo();
	return done_testing();
}
