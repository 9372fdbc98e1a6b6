/* test_history.c - the history of deals' forecast fields: written with each
 * change, rebuilt by migration 0005, read back as of an instant, and "what
 * changed" on a small fixed data set with figures computed by hand, plus a
 * property test on random edits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "embedded.h"
#include "fixture.h"
#include "opportunity.h"
#include "record.h"
#include "strbuf.h"
#include "report/changes.h"
#include "report/forecast.h"
#include "report/history.h"
#include "report/internal.h"
#include "report/output.h"
#include "tap.h"
#include "user.h"
#include "xalloc.h"

static struct db *db;

#define ADD(e, ...) fixture_add(db, e, (const char *const[]){ __VA_ARGS__, NULL })

static void at(const char *when)
{
	setenv("SALESTERM_NOW", when, 1);
}

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

static int64_t query_int(const char *sql, const char *arg)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int64_t v = -1;

	if (arg)
		db_bind_text(st, 1, arg);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

/* The newest history entry of deal id, as "key=value" text of the given keys
 * (stored values: amounts in minor units). */
static const char *last_entry(const char *id, const char *keys)
{
	static char buf[512];
	char *list = xstrdup(keys), *tok, *save = NULL;

	buf[0] = '\0';
	for (tok = strtok_r(list, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *sql =
		    xasprintf("SELECT \"%s\" FROM opportunity_history WHERE opportunity = ? "
			      "ORDER BY n DESC LIMIT 1",
			      tok);
		sqlite3_stmt *st = db_prepare(db, sql);
		const char *v = NULL;

		db_bind_text(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			v = (const char *)sqlite3_column_text(st, 0);
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s=%s", buf[0] ? " " : "",
			 tok, v ? v : "-");
		sqlite3_reset(st);
		free(sql);
	}
	free(list);
	return buf;
}

static const char *const PROSPECTING = "5a9e0001-0000-4000-8000-000000000001";

static void test_recording(void)
{
	char *acc, *opp;

	at("2026-11-02T09:00:00Z");
	acc = ADD(&entity_account, "name=Acme");
	opp = ADD(&entity_opportunity, "name=Acme renewal", "account=Acme", "amount=1000",
		  "currency=CNY", "close_date=2026-12-01");
	is_int(query_int("SELECT count(*) FROM opportunity_history WHERE opportunity = ?", opp), 1,
	       "a new deal has one history entry");
	is_str(last_entry(opp, "event old_stage stage old_amount amount close_date category at"),
	       "event=created old_stage=- stage=5a9e0001-0000-4000-8000-000000000001 "
	       "old_amount=- amount=100000 close_date=2026-12-01 category=pipeline "
	       "at=2026-11-02T09:00:00Z",
	       "it holds the new values and no old ones");

	at("2026-11-03T09:00:00Z");
	is_int(edit(opp, "amount", "800"), ST_OK, "cut the amount");
	is_str(last_entry(opp, "event old_amount amount old_close_date close_date at"),
	       "event=changed old_amount=100000 amount=80000 old_close_date=2026-12-01 "
	       "close_date=2026-12-01 at=2026-11-03T09:00:00Z",
	       "the entry has the old and the new amount");
	is_int(edit(opp, "next_step", "call them"), ST_OK, "edit a field the forecast ignores");
	is_int(query_int("SELECT count(*) FROM opportunity_history WHERE opportunity = ?", opp), 2,
	       "no history entry for it");
	is_int(edit(opp, "close_date", "2027-01-15"), ST_OK, "push the close date");
	is_str(last_entry(opp, "old_close_date close_date"),
	       "old_close_date=2026-12-01 close_date=2027-01-15", "the push is in the history");
	is_int(edit(opp, "close_date", "2027-01-32"), ST_INVALID, "a bad date is refused");
	is_int(query_int("SELECT count(*) FROM opportunity_history WHERE opportunity = ?", opp), 3,
	       "and leaves no history");
	is_int(edit(opp, "stage", "Closed Lost"), ST_GATE, "a refused move (no lost reason)");
	is_int(query_int("SELECT count(*) FROM opportunity_history WHERE opportunity = ?", opp), 3,
	       "leaves no history either (one transaction)");

	/* An entry is a log: never edited. */
	{
		struct record *h = NULL;
		sqlite3_stmt *st = db_prepare(db, "SELECT id FROM opportunity_history LIMIT 1");
		char *hid = sqlite3_step(st) == SQLITE_ROW ? db_column_strdup(st, 0) : NULL;

		sqlite3_reset(st);
		ok(hid && record_load(db, &entity_opportunity_history, hid, &h) == ST_OK,
		   "an entry loads");
		if (h) {
			record_set(h, "amount", "1");
			is_int(record_update(db, h), ST_DENIED, "a history entry cannot be edited");
		}
		record_free(&h);
		free(hid);
	}
	free(acc);
	free(opp);
}

/* ---- the fixed data set ---- */

static char *deal[11];
enum { A, B, C, D, E, F, G, H, I, J, K };

static void fixed_data(void)
{
	at("2026-11-10T09:00:00Z");
	free(ADD(&entity_account, "name=Fixed Co"));
	deal[A] = ADD(&entity_opportunity, "name=A steady", "account=Fixed Co", "amount=1000",
		      "close_date=2026-11-20");
	deal[B] = ADD(&entity_opportunity, "name=B cut twice", "account=Fixed Co", "amount=2000",
		      "close_date=2026-11-25");
	deal[C] = ADD(&entity_opportunity, "name=C pushed", "account=Fixed Co", "amount=3000",
		      "close_date=2026-11-28");
	deal[D] = ADD(&entity_opportunity, "name=D pulled in", "account=Fixed Co", "amount=4000",
		      "close_date=2026-12-10");
	deal[F] = ADD(&entity_opportunity, "name=F won", "account=Fixed Co", "amount=6000",
		      "close_date=2026-11-15");
	deal[G] = ADD(&entity_opportunity, "name=G lost", "account=Fixed Co", "amount=700",
		      "close_date=2026-11-12");
	deal[H] = ADD(&entity_opportunity, "name=H dollars", "account=Fixed Co", "amount=800",
		      "currency=USD", "close_date=2026-11-26");
	deal[I] = ADD(&entity_opportunity, "name=I committed", "account=Fixed Co", "amount=900",
		      "close_date=2026-11-22");
	deal[J] =
	    ADD(&entity_opportunity, "name=J no close date", "account=Fixed Co", "amount=100");
	deal[K] = ADD(&entity_opportunity, "name=K dollars up", "account=Fixed Co", "amount=50",
		      "currency=USD", "close_date=2026-11-05");
	at("2026-11-17T10:00:00Z");
	edit(deal[K], "amount", "80");
	at("2026-11-18T10:00:00Z");
	edit(deal[B], "amount", "1500");
	edit(deal[C], "close_date", "2026-12-15");
	at("2026-11-19T10:00:00Z");
	edit(deal[D], "close_date", "2026-11-29");
	edit(deal[I], "category", "commit");
	at("2026-11-20T10:00:00Z");
	edit(deal[B], "amount", "1800");
	deal[E] = ADD(&entity_opportunity, "name=E new", "account=Fixed Co", "amount=500",
		      "close_date=2026-11-27");
	at("2026-11-21T10:00:00Z");
	is_int(opportunity_move(db, deal[F], "Closed Won", NULL, 0), ST_OK, "F is won");
	{
		struct kv why = { "lost_reason", "price" };

		is_int(opportunity_move(db, deal[G], "Closed Lost", &why, 1), ST_OK, "G is lost");
	}
	at("2026-11-23T01:00:00Z");
}

static const struct deal_state *find(const struct deal_states *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i].id, id) == 0)
			return &s->v[i];
	return NULL;
}

static void test_as_of(void)
{
	struct deal_states s;
	const struct deal_state *d;
	char end[21];

	ok(history_end_of_day("2026-11-19", end), "end of a day");
	is_str(end, "2026-11-20T00:00:00Z", "is the next day's start (TZ=UTC)");
	ok(!history_end_of_day("2026-11-31", end), "no end of a day that does not exist");

	is_int(history_deals_as_of(db, "2026-11-20T00:00:00Z", NULL, NULL, NULL, NULL, &s), ST_OK,
	       "the deals as of 2026-11-19");
	d = find(&s, deal[B]);
	ok(d && d->amount == 150000, "B stood at 1,500 (cut once of twice)");
	d = find(&s, deal[D]);
	ok(d && strcmp(d->close_date, "2026-11-29") == 0, "D was already pulled in");
	ok(find(&s, deal[E]) == NULL, "E did not exist yet");
	d = find(&s, deal[F]);
	ok(d && !d->won && strcmp(d->stage, PROSPECTING) == 0, "F was open");
	d = find(&s, deal[J]);
	ok(d && d->close_date == NULL, "J had no close date");
	history_states_free(&s);

	is_int(history_deals_as_of(db, "2026-11-18T00:00:00Z", NULL, NULL, NULL, NULL, &s), ST_OK,
	       "the deals as of 2026-11-17");
	d = find(&s, deal[B]);
	ok(d && d->amount == 200000, "B stood at 2,000");
	d = find(&s, deal[C]);
	ok(d && strcmp(d->close_date, "2026-11-28") == 0, "C closed in November then");
	d = find(&s, deal[I]);
	ok(d && strcmp(d->category, "pipeline") == 0, "I was pipeline");
	d = find(&s, deal[K]);
	ok(d && d->amount == 8000 && strcmp(d->currency, "USD") == 0, "K's raise at 10:00 counts");
	history_states_free(&s);

	is_int(history_deals_as_of(db, "2026-11-10T09:00:00Z", NULL, NULL, NULL, NULL, &s), ST_OK,
	       "as of the instant of creation");
	ok(s.n == 1 && find(&s, deal[A]) == NULL,
	   "a deal created at that instant is not yet there (the earlier one is)");
	history_states_free(&s);

	is_int(history_deals_as_of(db, NULL, NULL, NULL, NULL, NULL, &s), ST_OK, "the deals now");
	is_int((long long)s.n, 12, "all eleven and the first test's deal");
	d = find(&s, deal[F]);
	ok(d && d->won && strcmp(d->category, "closed") == 0, "F is won now");
	d = find(&s, deal[G]);
	ok(d && d->lost, "G is lost now");
	history_states_free(&s);
}

static int64_t delta(const struct changes *c, const char *cur, enum change_reason r)
{
	for (size_t i = 0; i < c->nmoney; i++)
		if (strcmp(c->money[i].currency, cur) == 0)
			return c->money[i].delta[r];
	return -1;
}

static const struct change_money *money(const struct changes *c, const char *cur)
{
	for (size_t i = 0; i < c->nmoney; i++)
		if (strcmp(c->money[i].currency, cur) == 0)
			return &c->money[i];
	return NULL;
}

static void test_changes(void)
{
	struct changes c;
	const struct change_money *m;
	size_t i;

	is_int(
	    history_changes(db, "2026-11-01", "2026-11-30", "2026-11-16T00:00:00Z", NULL, NULL, &c),
	    ST_OK, "what changed in November's pipeline since 2026-11-16");
	is_int(c.then_count, 8, "8 deals then: A B C F G H I K");
	is_int(c.now_count, 7, "7 now: A B D E H I K");
	is_int((long long)c.nmoney, 2, "two currencies, never added together");
	m = money(&c, "CNY");
	ok(m && m->then == 1360000 && m->now == 820000, "CNY: 13,600 then, 8,200 now");
	is_int(delta(&c, "CNY", CH_NEW), 50000, "new: E +500");
	is_int(delta(&c, "CNY", CH_MOVED_IN), 400000, "moved in: D +4,000");
	is_int(delta(&c, "CNY", CH_PUSHED), -300000, "pushed out: C -3,000");
	is_int(delta(&c, "CNY", CH_WON), -600000, "won: F -6,000");
	is_int(delta(&c, "CNY", CH_LOST), -70000, "lost: G -700");
	is_int(delta(&c, "CNY", CH_AMOUNT_DOWN), -20000, "amount down: B -200 (moved twice)");
	is_int(delta(&c, "CNY", CH_CATEGORY_UP), 0, "category up: no amount");
	m = money(&c, "USD");
	ok(m && m->then == 85000 && m->now == 88000, "USD: 850 then, 880 now");
	is_int(delta(&c, "USD", CH_AMOUNT_UP), 3000, "amount up: K +30");
	is_int(c.count[CH_CATEGORY_UP], 1, "one deal moved up a category (I)");
	is_int(c.count[CH_AMOUNT_DOWN], 1, "B counted once");
	is_int((long long)c.ndeals, 8, "8 deals changed: B C D E F G I K");
	for (i = 0; i < c.ndeals; i++)
		if (c.deals[i].reason == CH_AMOUNT_DOWN)
			ok(c.deals[i].then->amount == 200000 && c.deals[i].now->amount == 180000,
			   "B's group shows 2,000 then and 1,800 now");
	for (i = 0; i < c.ndeals; i++)
		if (c.deals[i].reason == CH_PUSHED)
			ok(c.deals[i].then->name && c.deals[i].now->name &&
			       strcmp(c.deals[i].then->name, "C pushed") == 0 &&
			       strcmp(c.deals[i].now->name, "C pushed") == 0,
			   "the listed deals have their names, both sides (read for them alone)");
	is_int(c.deals[0].reason, CH_NEW, "groups in report order: new first");
	is_int(c.flow[HC_PIPELINE][HC_PIPELINE], 4, "flow: 4 stayed pipeline (A B H K)");
	is_int(c.flow[HC_PIPELINE][HC_COMMIT], 1, "flow: 1 pipeline to commit (I)");
	is_int(c.flow[HC_PIPELINE][HC_NONE], 3, "flow: 3 left (C F G)");
	is_int(c.flow[HC_NONE][HC_PIPELINE], 2, "flow: 2 came in (D E)");
	history_changes_free(&c);

	is_int(
	    history_changes(db, "2027-03-01", "2027-03-31", "2026-11-16T00:00:00Z", NULL, NULL, &c),
	    ST_OK, "a period with no deals and no history");
	ok(c.then_count == 0 && c.now_count == 0 && c.ndeals == 0 && c.nmoney == 0,
	   "is empty, not an error");
	history_changes_free(&c);

	is_int(
	    history_changes(db, "2026-11-01", "2026-11-30", "2026-11-23T01:00:00Z", NULL, NULL, &c),
	    ST_OK, "since now");
	ok(c.ndeals == 0 && c.then_count == c.now_count, "nothing changed");
	history_changes_free(&c);
}

/* The same figures through `report changes` (its CSV). */
static void test_report(void)
{
	static const char *const keys[] = { "since" }, *const values[] = { "2026-11-16" };
	struct report_args a = { .opt_keys = keys, .opt_values = values, .nopts = 1 };
	struct report_scope_request team = { .team = true };
	struct report_output o = { 0 };
	char *csv;

	report_span_parse("2026-11", &a.span);
	is_int(report_scope_resolve(db, &team, &a.scope), ST_OK, "the team");
	is_int(report_def_changes.run(db, &a, &o), ST_OK, "report changes --since 2026-11-16");
	csv = report_output_render(&o, REPORT_FORMAT_CSV);
	ok(strstr(csv, "Pipeline then,then,CNY,,13600.00\r\n") != NULL,
	   "waterfall starts at 13,600");
	ok(strstr(csv, "Pushed out,pushed_out,CNY,1,-3000.00\r\n") != NULL, "C pushed out");
	ok(strstr(csv, "Amount down,amount_down,CNY,1,-200.00\r\n") != NULL, "B down 200");
	ok(strstr(csv, "Category up,category_up,CNY,1,0.00\r\n") != NULL, "I up, no amount");
	ok(strstr(csv, "Pipeline now,now,CNY,,8200.00\r\n") != NULL, "and ends at 8,200");
	ok(strstr(csv, "Amount up,amount_up,USD,1,30.00\r\n") != NULL, "dollars apart");
	ok(strstr(csv, "\r\nAmount down,amount_down,B cut twice,-,CNY,2000.00,1800.00,2026-11-25,"
		       "2026-11-25,pipeline,pipeline,") != NULL,
	   "B listed with its change's name and key, its amounts then and now");
	ok(strstr(csv, "pipeline,4,0,0,1,0,0\r\n") == NULL &&
	       strstr(csv, "pipeline,3,4,0,1,0,0\r\n") != NULL,
	   "flow row pipeline: 3 left, 4 stayed, 1 to commit");
	free(csv);
	report_output_free(&o);
	memset(&o, 0, sizeof(o));
	{
		static const char *const bad[] = { "2026-02-30" };

		a.opt_values = bad;
		is_int(report_def_changes.run(db, &a, &o), ST_INVALID, "a bad --since is refused");
		report_output_free(&o);
	}
	report_scope_free(&a.scope);
}

/* The forecast as of a date, against figures by hand and against now. */
static void test_forecast_as_of(void)
{
	struct report_span nov;
	struct forecast then, now, later;
	const struct forecast_apart *usd = NULL;

	report_span_parse("2026-11", &nov);
	is_int(report_forecast_as_of(db, &nov, NULL, "2026-11-16T00:00:00Z", &then), ST_OK,
	       "November's forecast as of 2026-11-15");
	is_int(then.total.by_category[FC_PIPELINE], 1360000, "pipeline 13,600 then");
	is_int(then.total.by_category[FC_CLOSED], 0, "nothing won yet");
	is_int(then.total.by_category[FC_COMMIT], 0, "no commit yet");
	for (size_t i = 0; i < then.napart; i++)
		if (strcmp(then.apart[i].currency, "USD") == 0)
			usd = &then.apart[i];
	ok(usd && usd->by_category[FC_PIPELINE] == 85000, "USD apart: 850, not added in");
	is_int(then.undated, 1, "J had no close date then either");
	is_int(report_forecast(db, &nov, NULL, &now), ST_OK, "and now");
	is_int(now.total.by_category[FC_PIPELINE], 730000, "pipeline 7,300 now");
	is_int(now.total.by_category[FC_COMMIT], 90000, "commit 900 (I)");
	is_int(now.total.by_category[FC_CLOSED], 600000, "won 6,000 (F)");
	is_int(report_forecast_as_of(db, &nov, NULL, "2099-01-01T00:00:00Z", &later), ST_OK,
	       "as of a date after every change");
	ok(later.n == now.n && later.napart == now.napart && later.undated == now.undated &&
	       memcmp(later.total.by_category, now.total.by_category,
		      sizeof(now.total.by_category)) == 0 &&
	       later.total.weighted == now.total.weighted && later.total.deals == now.total.deals,
	   "is the forecast as it is");
	report_forecast_free(&then);
	report_forecast_free(&now);
	report_forecast_free(&later);
}

static bool only_owner(const char *owner, void *ctx)
{
	return owner && strcmp(owner, ctx) == 0;
}

static void test_empty_and_owner(void)
{
	struct db *empty = NULL;
	struct changes c;
	char *rep, *mine, *theirs;

	is_int(db_open(":memory:", DB_CREATE, &empty), ST_OK, "a database without deals");
	is_int(history_changes(empty, "2026-11-01", "2026-11-30", "2026-11-16T00:00:00Z", NULL,
			       NULL, &c),
	       ST_OK, "what changed without deals");
	ok(c.ndeals == 0 && c.nmoney == 0 && c.then_count == 0, "nothing");
	history_changes_free(&c);
	db_close(&empty);

	/* With users, the front end passes the scope; a rep's is their own deals. */
	at("2026-11-10T09:00:00Z");
	free(ADD(&entity_user, "name=Mia Manager", "role=manager"));
	rep = ADD(&entity_user, "name=Rita Rep", "role=rep");
	user_use(db, "Mia Manager");
	free(ADD(&entity_account, "name=Owned Co"));
	mine = ADD(&entity_opportunity, "name=Rita's", "account=Owned Co", "amount=10",
		   "close_date=2026-11-20", "owner=Rita Rep");
	theirs = ADD(&entity_opportunity, "name=Mia's", "account=Owned Co", "amount=20",
		     "close_date=2026-11-20");
	at("2026-11-23T01:00:00Z");
	is_int(history_changes(db, "2026-11-01", "2026-11-30", "2026-11-09T00:00:00Z", only_owner,
			       rep, &c),
	       ST_OK, "Rita's changes");
	is_int((long long)c.ndeals, 1, "only her own deal");
	ok(c.ndeals == 1 && strcmp(c.deals[0].now->id, mine) == 0 && c.deals[0].reason == CH_NEW,
	   "new to her pipeline");
	history_changes_free(&c);
	{
		char want[128];

		snprintf(want, sizeof(want), "new_owner=%s", rep);
		is_str(last_entry(mine, "new_owner"), want, "the entry names the deal's owner");
	}
	free(rep);
	free(mine);
	free(theirs);
}

/* Random edits over random days: at every step the pipeline as it stands is
 * remembered; later, as-of must give back exactly that, and then + each
 * reason must be now in every currency. */
static void test_property(void)
{
	static const char *const curs[] = { "CNY", "USD" };
	static const char *const cats[] = { "pipeline", "best_case", "commit", "omitted" };
	static const char *const stages[] = { "Prospecting", "Qualification", "Closed Won" };
	struct db *p = NULL;
	struct db *save = db;
	char *ids[30];
	uint64_t rng = 0x5eed;
	int fails = 0, checks = 0;

	db_open(":memory:", DB_CREATE, &p);
	db = p;
	at("2026-01-01T08:00:00Z");
	free(ADD(&entity_account, "name=Prop Co"));
	for (int step = 0; step < 300; step++) {
		char when[21], val[32];
		int k, what;

		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		k = (int)((rng >> 33) % 30);
		what = (int)((rng >> 40) % 6);
		snprintf(when, sizeof(when), "2026-%02d-%02dT%02d:00:00Z", 1 + step / 30,
			 1 + step % 28, (int)((rng >> 20) % 24));
		at(when);
		if (step < 30) {
			char name[32], amount[32], close[32];

			snprintf(name, sizeof(name), "name=P%02d", step);
			snprintf(amount, sizeof(amount), "amount=%d", 100 + (int)(rng >> 50) % 900);
			snprintf(close, sizeof(close), "close_date=2026-%02d-15",
				 1 + (int)((rng >> 45) % 12));
			ids[step] = ADD(&entity_opportunity, name, "account=Prop Co", amount, close,
					step % 3 ? "currency=CNY" : "currency=USD");
			continue;
		}
		switch (what) {
		case 0:
			snprintf(val, sizeof(val), "%d", 100 + (int)((rng >> 50) % 900));
			edit(ids[k], "amount", val);
			break;
		case 1:
			snprintf(val, sizeof(val), "2026-%02d-%02d", 1 + (int)((rng >> 45) % 12),
				 1 + (int)((rng >> 52) % 28));
			edit(ids[k], "close_date", val);
			break;
		case 2:
			edit(ids[k], "category", cats[(rng >> 50) % 4]);
			break;
		case 3:
			edit(ids[k], "currency", curs[(rng >> 50) % 2]);
			break;
		case 4:
			opportunity_move(p, ids[k], stages[(rng >> 50) % 3], NULL, 0);
			break;
		default:
			edit(ids[k], "close_date", "");
			break;
		}
	}
	/* Every 10 days of the year: then + reasons = now, per currency. */
	for (int day = 0; day < 300; day += 10) {
		char since[21];
		struct changes c;

		snprintf(since, sizeof(since), "2026-%02d-%02dT12:00:00Z", 1 + day / 30,
			 1 + day % 28);
		if (history_changes(p, "2026-04-01", "2026-06-30", since, NULL, NULL, &c) !=
		    ST_OK) {
			fails++;
			continue;
		}
		for (size_t i = 0; i < c.nmoney; i++) {
			int64_t sum = c.money[i].then;

			for (int r = 0; r < CH_REASONS; r++)
				sum += c.money[i].delta[r];
			checks++;
			fails += sum != c.money[i].now;
		}
		history_changes_free(&c);
	}
	ok(checks > 0 && fails == 0, "waterfall adds up exactly in %d checks (%d failed)", checks,
	   fails);
	for (int i = 0; i < 30; i++)
		free(ids[i]);
	db_close(&p);
	db = save;
}

/* A replay: the pipeline as it stood when seen live equals what as-of
 * rebuilds later. */
static void test_replay(void)
{
	struct db *p = NULL, *save = db;
	struct deal_states live[5], back;
	static const char *const times[5] = { "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z",
					      "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z",
					      "2026-06-01T00:00:00Z" };
	char *ids[8];
	int bad = 0;

	db_open(":memory:", DB_CREATE, &p);
	db = p;
	at("2026-01-10T00:00:00Z");
	free(ADD(&entity_account, "name=Replay Co"));
	for (int i = 0; i < 8; i++) {
		char name[16];

		snprintf(name, sizeof(name), "name=R%d", i);
		ids[i] = ADD(&entity_opportunity, name, "account=Replay Co", "amount=100",
			     "close_date=2026-06-30");
	}
	for (int t = 0; t < 5; t++) {
		char when[21], amount[16];

		at(times[t]);
		history_deals_as_of(p, NULL, NULL, NULL, NULL, NULL, &live[t]);
		snprintf(when, sizeof(when), "2026-%02d-05T00:00:00Z", t + 2);
		at(when);
		snprintf(amount, sizeof(amount), "%d", 200 + t * 10);
		edit(ids[t], "amount", amount);
		edit(ids[(t + 3) % 8], "close_date", t % 2 ? "2026-07-31" : "");
		edit(ids[(t + 5) % 8], "category", t % 2 ? "commit" : "omitted");
	}
	for (int t = 0; t < 5; t++) {
		history_deals_as_of(p, times[t], NULL, NULL, NULL, NULL, &back);
		bad += back.n != live[t].n;
		for (size_t i = 0; i < back.n && i < live[t].n; i++) {
			const struct deal_state *x = &back.v[i], *y = &live[t].v[i];

			bad += strcmp(x->id, y->id) != 0 || x->amount != y->amount ||
			       (x->close_date == NULL) != (y->close_date == NULL) ||
			       (x->close_date && strcmp(x->close_date, y->close_date) != 0) ||
			       strcmp(x->category, y->category) != 0;
		}
		history_states_free(&back);
		history_states_free(&live[t]);
	}
	is_int(bad, 0, "as-of rebuilds exactly what stood at five instants");
	for (int i = 0; i < 8; i++)
		free(ids[i]);
	db_close(&p);
	db = save;
}

/* Migration 0005 on a database of version 4: history from the stage changes. */
static void test_migration(void)
{
	char dir[] = "/tmp/salesterm-test-history.XXXXXX", *path;
	struct db *m = NULL, *save = db;
	char *opp;

	if (mkdtemp(dir) == NULL) {
		ok(0, "a temporary folder");
		return;
	}
	path = xasprintf("%s/old.db", dir);
	db_open(path, DB_CREATE, &m);
	db = m;
	at("2026-03-01T09:00:00Z");
	free(ADD(&entity_account, "name=Old Co"));
	free(ADD(&entity_contact, "name=Olga", "account=Old Co"));
	opp = ADD(&entity_opportunity, "name=Old deal", "account=Old Co", "amount=100",
		  "close_date=2026-05-01");
	at("2026-03-05T09:00:00Z");
	{
		struct kv kv = { "contact", "Olga" };

		opportunity_move(m, opp, "Needs Analysis", &kv, 1);
	}
	at("2026-03-09T09:00:00Z");
	edit(opp, "amount", "150"); /* not a stage change: lost to the old schema */
	opportunity_move(m, opp, "Proposal", NULL, 0);
	/* As a version-4 database had it: without the tables of 0005, which then
	 * runs on it, and 0020 after it, whose prev_at the as-of below reads
	 * (other later migrations are other files' business). */
	db_exec(m, "DROP TABLE opportunity_history; DROP TABLE forecast_snapshot");
	{
		const char *sql = NULL;

		for (size_t i = 0; embedded_migrations[i].name; i++)
			if (strcmp(embedded_migrations[i].name, "0005-opportunity-history.sql") ==
			    0)
				sql = embedded_migrations[i].text;
		ok(sql != NULL, "migration 0005 is embedded");
		is_int(sql ? db_exec(m, sql) : ST_DB, ST_OK, "and runs on the older database");
		sql = NULL;
		for (size_t i = 0; embedded_migrations[i].name; i++)
			if (strcmp(embedded_migrations[i].name, "0020-history-prev.sql") == 0)
				sql = embedded_migrations[i].text;
		is_int(sql ? db_exec(m, sql) : ST_DB, ST_OK, "and 0020 after it");
	}
	is_int(query_int("SELECT count(*) FROM opportunity_history WHERE opportunity = ?", opp), 3,
	       "one entry per stage change");
	is_str(last_entry(opp, "event old_stage stage old_amount amount old_category category "
			       "close_date at"),
	       "event=migrated old_stage=5a9e0003-0000-4000-8000-000000000003 "
	       "stage=5a9e0004-0000-4000-8000-000000000004 old_amount=10000 amount=15000 "
	       "old_category=pipeline category=best_case close_date=2026-05-01 "
	       "at=2026-03-09T09:00:00Z",
	       "the last move with the values before it");
	is_int(query_int("SELECT count(*) FROM opportunity_history WHERE dirty = 1 OR rev <> ''",
			 NULL),
	       0, "migrated entries are local, not pushed");
	is_int(query_int("SELECT count(*) FROM opportunity_history h JOIN stage_change c ON "
			 "substr(h.id, 9) = substr(c.id, 9) AND substr(h.id, 1, 8) <> "
			 "substr(c.id, 1, 8)",
			 NULL),
	       3, "their ids derive from the stage changes' (the same on every client)");
	{
		struct deal_states s;

		history_deals_as_of(m, "2026-03-06T00:00:00Z", NULL, NULL, NULL, NULL, &s);
		ok(s.n == 1 && s.v[0].amount == 10000 &&
		       strcmp(s.v[0].stage, "5a9e0003-0000-4000-8000-000000000003") == 0,
		   "as of 2026-03-05 the migrated history gives Needs Analysis at 100");
		history_states_free(&s);
	}
	db_close(&m);
	db = save;
	unlink(path);
	{
		char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);

		unlink(wal);
		unlink(shm);
		free(wal);
		free(shm);
	}
	rmdir(dir);
	free(path);
	free(opp);
}

/* What history_deals_as_of_each() passed: each deal's id and amount, with
 * and without a close date apart. */
struct each_seen {
	char id[2][8][40];
	int64_t amount[2][8];
	size_t n[2];
};

static void each_keep(void *arg, const struct deal_state *d, bool dated)
{
	struct each_seen *e = arg;

	if (e->n[dated] < 8) {
		snprintf(e->id[dated][e->n[dated]], sizeof(e->id[0][0]), "%s", d->id);
		e->amount[dated][e->n[dated]++] = d->amount;
	}
}

/* The amount of deal id as each() saw it (dated or not), -1 if not seen. */
static int64_t each_amount(const struct each_seen *e, bool dated, const char *id)
{
	for (size_t i = 0; i < e->n[dated]; i++)
		if (strcmp(e->id[dated][i], id) == 0)
			return e->amount[dated][i];
	return -1;
}

/* Entries of one deal at the same instant: the history is read in time
 * order, and of entries at one instant the first written gives the values
 * before them. */
static void test_same_instant(void)
{
	struct each_seen e;
	char *x, *y;

	at("2026-12-01T07:00:00Z");
	x = ADD(&entity_opportunity, "name=X twice at 08:00", "account=Fixed Co", "amount=100",
		"close_date=2026-12-20");
	at("2026-12-01T08:00:00Z");
	is_int(edit(x, "amount", "200"), ST_OK, "X raised to 200 at 08:00");
	is_int(edit(x, "amount", "300"), ST_OK, "and to 300 at the same instant");
	y = ADD(&entity_opportunity, "name=Y made and raised at 08:00", "account=Fixed Co",
		"amount=100");
	is_int(edit(y, "amount", "400"), ST_OK, "Y made and raised at one instant");
	memset(&e, 0, sizeof(e));
	is_int(history_deals_as_of_each(db, "2026-12-01T08:00:00Z", "2026-12-01", "2026-12-31",
					NULL, NULL, each_keep, &e),
	       ST_OK, "as of 08:00, with and without a close date");
	is_int(each_amount(&e, true, x), 10000, "X stood at 100 (the first entry of the instant)");
	is_int(each_amount(&e, false, y), -1,
	       "Y did not exist yet (its creation was written first)");
	memset(&e, 0, sizeof(e));
	is_int(history_deals_as_of_each(db, "2026-12-01T08:00:01Z", "2026-12-01", "2026-12-31",
					NULL, NULL, each_keep, &e),
	       ST_OK, "a second later");
	is_int(each_amount(&e, true, x), 30000, "X at 300");
	is_int(each_amount(&e, false, y), 40000, "Y at 400, without a close date");
	free(x);
	free(y);
}

/* Does the plan of sql read index alone (no row per entry)? */
static bool covered(const char *sql, const char *index)
{
	char *explain = xasprintf("EXPLAIN QUERY PLAN %s", sql),
	     *want = xasprintf("USING COVERING INDEX %s", index);
	sqlite3_stmt *st = NULL;
	bool found = false;

	if (sqlite3_prepare_v2(db_handle(db), explain, -1, &st, NULL) == SQLITE_OK)
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *detail = (const char *)sqlite3_column_text(st, 3);
			const char *at = strstr(detail, want);

			if (at && (at[strlen(want)] == ' ' || at[strlen(want)] == '\0'))
				found = true;
			if (strstr(detail, "TEMP B-TREE"))
				found = false; /* a sorter after all */
		}
	sqlite3_finalize(st);
	free(explain);
	free(want);
	return found;
}

/* The queries of as-of, changes and the funnel that run once per deal, or
 * over a period's deals, read an index alone (0015-history-speed.sql): a
 * row per deal scattered over the file cost more than the rest at 1M. */
static void test_plans(void)
{
	ok(covered("SELECT id, owner, stage, amount, currency, probability, close_date, category, "
		   "created_at FROM opportunity WHERE deleted = 0 AND close_date >= ?1 AND "
		   "close_date <= ?2",
		   "opportunity_forecast"),
	   "a period's deals then and now come from opportunity_forecast alone");
	ok(covered(
	       "SELECT created_at FROM opportunity INDEXED BY opportunity_created WHERE id = ?1 "
	       "AND deleted = 0",
	       "opportunity_created"),
	   "a changed deal's creation comes from opportunity_created alone");
	ok(covered("SELECT lost_reason, created_at FROM opportunity INDEXED BY opportunity_created "
		   "WHERE id = ?1",
		   "opportunity_created"),
	   "a closed deal's lost reason and creation too (the funnel)");
	ok(covered("SELECT from_stage, to_stage, at FROM stage_change WHERE opportunity = ?1 AND "
		   "deleted = 0 AND at < ?2 ORDER BY at, n",
		   "stage_change_opportunity"),
	   "a deal's path in (at, n) order from its index, no sort per deal");
}

/* The deals of each change as text: reason, name both sides, close date and
 * amount then and now. */
static void changes_text(const struct changes *c, struct strbuf *out)
{
	for (size_t i = 0; i < c->ndeals; i++) {
		const struct deal_state *t = c->deals[i].then, *n = c->deals[i].now;

		strbuf_addf(out, "%d %s/%s %s/%s %lld/%lld\n", (int)c->deals[i].reason,
			    t && t->name ? t->name : "-", n && n->name ? n->name : "-",
			    t && t->close_date ? t->close_date : "-",
			    n && n->close_date ? n->close_date : "-", t ? (long long)t->amount : -1,
			    n ? (long long)n->amount : -1);
	}
}

/* Many deals of one period pushed out and cut: enough that the rows now of
 * those pushed out and the names of all are read half on the twin
 * (lookups_split() in history.c); with twins on and off, every deal is
 * listed with its name and its values then and now. */
static void test_many(void)
{
	enum { N = 200, PUSHED = 150 };
	char *ids[N];
	struct strbuf got[2] = { STRBUF_INIT, STRBUF_INIT };
	int bad = 0;

	at("2026-06-01T08:00:00Z");
	free(ADD(&entity_account, "name=Many Co"));
	for (int i = 0; i < N; i++) {
		char name[32];

		/* One 7-byte prefix for all (one run of the sort's key); 20 of
		 * one name (listed by id). */
		if (i % 10 == 0)
			snprintf(name, sizeof(name), "name=Many deals dup");
		else
			snprintf(name, sizeof(name), "name=Many deals %03d", i);
		ids[i] = ADD(&entity_opportunity, name, "account=Many Co", "amount=1000",
			     "close_date=2027-06-15");
	}
	at("2026-06-10T08:00:00Z");
	for (int i = 0; i < N; i++)
		if ((i < PUSHED ? edit(ids[i], "close_date", "2027-08-01")
				: edit(ids[i], "amount", "900")) != ST_OK)
			bad++;
	is_int(bad, 0, "%d deals pushed out, %d cut", PUSHED, N - PUSHED);
	for (int twins = 0; twins < 2; twins++) {
		struct changes c;
		int named = 0;

		report_twins_enable(twins);
		if (history_changes(db, "2027-06-01", "2027-06-30", "2026-06-05T00:00:00Z", NULL,
				    NULL, &c) != ST_OK) {
			ok(0, "what changed: %s", status_message());
			continue;
		}
		ok(c.count[CH_PUSHED] == PUSHED && c.count[CH_AMOUNT_DOWN] == N - PUSHED &&
		       c.ndeals == N,
		   "twins %s: %d pushed out, %d cut, %zu listed", twins ? "on" : "off",
		   (int)c.count[CH_PUSHED], (int)c.count[CH_AMOUNT_DOWN], c.ndeals);
		for (size_t i = 0; i < c.ndeals; i++) {
			const struct deal_state *t = c.deals[i].then, *n = c.deals[i].now;

			named += t && n && t->name && n->name && strcmp(t->name, n->name) == 0 &&
				 strncmp(n->name, "Many ", 5) == 0 &&
				 (c.deals[i].reason != CH_PUSHED ||
				  (n->close_date && strcmp(n->close_date, "2027-08-01") == 0 &&
				   n->amount == 100000));
		}
		is_int(named, N, "twins %s: each with its name and its row now",
		       twins ? "on" : "off");
		for (size_t i = 1; i < c.ndeals; i++) {
			const struct deal_state *a = c.deals[i - 1].now, *b = c.deals[i].now;
			int by_name = strcmp(a->name, b->name);

			if (c.deals[i - 1].reason == c.deals[i].reason &&
			    (by_name > 0 || (by_name == 0 && strcmp(a->id, b->id) >= 0)))
				named = -1;
		}
		ok(named == N, "twins %s: each group by name, one name by id",
		   twins ? "on" : "off");
		changes_text(&c, &got[twins]);
		history_changes_free(&c);
	}
	report_twins_enable(true);
	is_str(strbuf_str(&got[1]), strbuf_str(&got[0]), "the same deals with twins on and off");
	strbuf_release(&got[0]);
	strbuf_release(&got[1]);
	for (int i = 0; i < N; i++)
		free(ids[i]);
}

int main(void)
{
	char *path;

	setenv("TZ", "UTC", 1);
	/* A file: the as-of reads half the history on a twin connection
	 * (report_twin()), which a database in memory cannot have. */
	db = fixture_file_db(&path);
	if (db == NULL)
		return 99;
	test_recording();
	fixed_data();
	test_as_of();
	test_changes();
	test_report();
	test_forecast_as_of();
	test_empty_and_owner();
	test_property();
	test_replay();
	test_migration();
	test_same_instant();
	test_plans();
	test_many();
	for (int i = 0; i < 11; i++)
		free(deal[i]);
	db_close(&db);
	fixture_file_db_remove(path);
	return done_testing();
}
