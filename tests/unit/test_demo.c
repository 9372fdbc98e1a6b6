/* test_demo.c - the demo-data generator: counts, determinism, consistency, search. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "demo.h"
#include "entity.h"
#include "nurture.h"
#include "opportunity.h"
#include "record.h"
#include "report/forecast.h"
#include "report/history.h"
#include "report/snapshot.h"
#include "user.h"
#include "search.h"
#include "sync/doc.h"
#include "tap.h"
#include "utf8.h"
#include "validate.h"
#include "xalloc.h"

#define NOW "2026-11-23T09:00:00Z"
#define NEGOTIATION "5a9e0005-0000-4000-8000-000000000005"

static const char *const tables[] = {
	"user",
	"account",
	"contact",
	"campaign",
	"lead",
	"opportunity",
	"stage_change",
	"approval",
	"product",
	"activity",
	"followup",
	"opportunity_history",
	"forecast_snapshot",
	"forecast_adjustment",
	"consent",
};

/* The first column of the first row of sql as an integer (-1 on error). */
static long long query_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK) {
		printf("# %s: %s\n", sql, sqlite3_errmsg(db_handle(db)));
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The first column of the first row of sql as a new string, or NULL. */
static char *query_text(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	char *v = NULL;

	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = db_column_strdup(st, 0);
	sqlite3_finalize(st);
	return v;
}

static long long count_of(struct db *db, const char *table)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", table);
	return query_int(db, sql);
}

/* FNV-1a over every column of every row of table, in row order. */
static uint64_t digest(struct db *db, const char *table)
{
	uint64_t h = 14695981039346656037ULL;
	char sql[128];
	sqlite3_stmt *st;
	int i, ncol;

	snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\" ORDER BY rowid", table);
	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	ncol = sqlite3_column_count(st);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0; i < ncol; i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			int len = sqlite3_column_bytes(st, i), k;

			for (k = 0; t && k < len; k++)
				h = (h ^ t[k]) * 1099511628211ULL;
			h = (h ^ (t ? 0x1f : 0x00)) * 1099511628211ULL;
		}
	}
	sqlite3_finalize(st);
	return h;
}

static struct db *generate(int64_t contacts, uint64_t seed, struct demo_stats *stats)
{
	struct demo_options opt = { .contacts = contacts, .seed = seed };
	struct db *db = NULL;
	enum status st;

	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		printf("# db_open: %s\n", status_message());
		return NULL;
	}
	st = demo_generate(db, &opt, stats);
	if (st != ST_OK)
		printf("# demo_generate: %s\n", status_message());
	return db;
}

static void check_counts(struct db *db, const struct demo_stats *s)
{
	const int64_t want[] = { s->users,     s->accounts,	 s->contacts,	   s->campaigns,
				 s->leads,     s->opportunities, s->stage_changes, s->approvals,
				 s->products,  s->activities,	 s->followups,	   s->histories,
				 s->snapshots, s->adjustments,	 s->consents };
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		is_int(count_of(db, tables[i]), want[i], "%s rows as reported", tables[i]);
		sum += want[i];
	}
	is_int(s->total, sum, "total is the sum");
	is_int(s->contacts, 500, "500 contacts");
	ok(s->accounts >= 100 && s->accounts <= 150, "about contacts/4 accounts (%lld)",
	   (long long)s->accounts);
	ok(s->leads >= 90 && s->leads <= 110, "about contacts/5 leads (%lld)", (long long)s->leads);
	ok(s->opportunities >= 90 && s->opportunities <= 170, "about contacts/4 deals (%lld)",
	   (long long)s->opportunities);
	ok(s->activities >= 1300 && s->activities <= 1600, "about 3 activities per contact (%lld)",
	   (long long)s->activities);
	ok(s->followups >= 800 && s->followups <= 1000, "about 2 logs per contact (%lld)",
	   (long long)s->followups);
	is_int(s->users, 4, "a manager and 3 reps");
	is_int(s->campaigns, 12, "12 campaigns");
	is_int(s->products, 15, "15 products");
	is_int(count_of(db, "account_fts"), s->accounts, "an index row per account");
	is_int(count_of(db, "contact_fts"), s->contacts, "an index row per contact");
	is_int(count_of(db, "lead_fts"), s->leads, "an index row per lead");
	is_int(count_of(db, "opportunity_fts"), s->opportunities, "an index row per deal");
	is_int(count_of(db, "followup_fts"), s->followups, "an index row per log");
}

static void check_common_columns(struct db *db, const struct demo_stats *s)
{
	char sql[512];
	long long bad = 0, maxseq = 0, v;
	size_t i;
	char *seq;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		snprintf(
		    sql, sizeof(sql),
		    "SELECT count(*) FROM \"%s\" WHERE deleted != 0 OR dirty != 1 OR "
		    "rev NOT GLOB '1-[0-9a-f]*' OR length(rev) != 34 OR length(id) != 36 OR "
		    "created_at > updated_at OR updated_at > '%s' OR "
		    "created_at NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z' OR "
		    "owner IS NULL OR updated_by IS NULL OR owner NOT IN (SELECT id FROM user)",
		    tables[i], NOW);
		v = query_int(db, sql);
		if (v != 0)
			printf("# %s: %lld rows with bad common columns\n", tables[i], v);
		bad += v;
		snprintf(sql, sizeof(sql), "SELECT max(seq) FROM \"%s\"", tables[i]);
		v = query_int(db, sql);
		if (v > maxseq)
			maxseq = v;
	}
	is_int(bad, 0, "ids, revs, times, owners and flags are well-formed in every table");
	v = query_int(db, "SELECT count(DISTINCT seq) FROM (SELECT seq FROM user UNION ALL "
			  "SELECT seq FROM account UNION ALL SELECT seq FROM contact UNION ALL "
			  "SELECT seq FROM campaign UNION ALL SELECT seq FROM lead UNION ALL "
			  "SELECT seq FROM opportunity UNION ALL SELECT seq FROM stage_change "
			  "UNION ALL SELECT seq FROM approval UNION ALL SELECT seq FROM product "
			  "UNION ALL SELECT seq FROM activity UNION ALL SELECT seq FROM followup "
			  "UNION ALL SELECT seq FROM opportunity_history UNION ALL SELECT seq FROM "
			  "forecast_snapshot UNION ALL SELECT seq FROM forecast_adjustment UNION "
			  "ALL SELECT seq FROM "
			  "consent)");
	is_int(v, s->total, "every row has its own change sequence number");
	is_int(maxseq, s->total, "sequence numbers run from 1 to the number of rows");
	seq = query_text(db, "SELECT value FROM meta WHERE key = 'change_seq'");
	is_int(seq ? atoll(seq) : -1, maxseq, "meta change_seq is the last one used");
	free(seq);
	v = query_int(db, "SELECT count(*) FROM (SELECT id FROM user UNION ALL SELECT id FROM "
			  "account UNION ALL SELECT id FROM contact UNION ALL SELECT id FROM lead "
			  "UNION ALL SELECT id FROM opportunity UNION ALL SELECT id FROM activity "
			  "UNION ALL SELECT id FROM followup UNION ALL SELECT id FROM "
			  "opportunity_history) GROUP BY id HAVING count(*) > 1");
	ok(v == -1, "ids are unique across types");
}

static void check_consistency(struct db *db)
{
	char *s;

	s = query_text(db, "SELECT u.role FROM meta m JOIN user u ON u.id = m.value "
			   "WHERE m.key = 'current_user'");
	is_str(s, "rep", "the current user is a rep");
	free(s);
	s = query_text(db, "SELECT value FROM meta WHERE key = 'currency'");
	is_str(s, "CNY", "meta currency is CNY");
	free(s);
	is_int(query_int(db, "SELECT count(*) FROM user WHERE role = 'manager'"), 1, "one manager");
	is_int(query_int(db, "SELECT count(*) FROM user WHERE quota IS NULL OR quota <= 0 OR "
			     "currency != 'CNY' OR period != 'quarter'"),
	       0, "every user has a quarterly CNY quota");
	is_int(query_int(db,
			 "SELECT count(*) FROM contact c LEFT JOIN account a ON a.id = c.account "
			 "WHERE a.id IS NULL"),
	       0, "every contact's account exists");
	is_int(query_int(db, "SELECT count(*) FROM contact c JOIN account a ON a.id = c.account "
			     "WHERE c.owner != a.owner"),
	       0, "contacts belong to their account's owner");
	is_int(query_int(db, "SELECT count(*) FROM account WHERE segment IS NULL"), 0,
	       "every account has a segment");
	is_int(query_int(db, "SELECT count(DISTINCT segment) FROM account"), 3,
	       "segments A, B and C are used");
	is_int(query_int(db,
			 "SELECT count(*) FROM opportunity o LEFT JOIN stage s ON s.id = o.stage "
			 "WHERE s.id IS NULL"),
	       0, "every deal's stage exists");
	is_int(query_int(db, "SELECT count(DISTINCT stage) FROM opportunity"), 7,
	       "deals are spread over all seven stages");
	is_int(query_int(db,
			 "SELECT count(*) FROM opportunity o JOIN account a ON a.id = o.account "
			 "JOIN contact c ON c.id = o.contact WHERE c.account != a.id OR "
			 "o.owner != a.owner"),
	       0, "a deal's contact works at its account; the deal is the account owner's");
	is_int(query_int(db, "SELECT count(*) FROM opportunity o WHERE NOT EXISTS (SELECT 1 FROM "
			     "account a WHERE a.id = o.account) OR NOT EXISTS (SELECT 1 FROM "
			     "contact c WHERE c.id = o.contact)"),
	       0, "every deal's account and contact exist");
	is_int(query_int(db, "SELECT count(*) FROM opportunity o JOIN stage s ON s.id = o.stage "
			     "WHERE o.probability != s.probability"),
	       0, "deal probability is the stage default");
	{
		/* Through the core's rule itself, not a copy of it. */
		sqlite3_stmt *q;
		int deals = 0, off = 0;

		sqlite3_prepare_v2(
		    db_handle(db),
		    "SELECT o.category, s.probability, s.won, s.lost FROM "
		    "opportunity o JOIN stage s ON s.id = o.stage WHERE NOT EXISTS "
		    "(SELECT 1 FROM opportunity_history h WHERE h.opportunity = o.id "
		    "AND h.at > o.stage_at AND h.old_category != h.category "
		    "AND h.category = o.category)",
		    -1, &q, NULL);
		while (sqlite3_step(q) == SQLITE_ROW) {
			deals++;
			off += strcmp((const char *)sqlite3_column_text(q, 0),
				      opportunity_category(sqlite3_column_int(q, 1),
							   sqlite3_column_int(q, 2),
							   sqlite3_column_int(q, 3))) != 0;
		}
		sqlite3_finalize(q);
		ok(deals > 0 && off == 0,
		   "forecast category follows the stage as opportunity_rule() sets it, unless set "
		   "by hand since the last move (%d of %d off)",
		   off, deals);
	}
	is_int(query_int(db, "SELECT count(*) FROM opportunity o JOIN stage s ON s.id = o.stage "
			     "WHERE s.lost = 1 AND o.lost_reason IS NULL"),
	       0, "lost deals have a lost reason");
	is_int(query_int(db, "SELECT count(*) FROM opportunity WHERE amount < 500000 OR amount > "
			     "200000000 OR currency != 'CNY' OR close_date IS NULL OR "
			     "product_line IS NULL OR stage_at IS NULL"),
	       0, "deal amounts are 5k-2M CNY with a close date and product line");
	is_int(query_int(db, "SELECT count(*) FROM opportunity o JOIN stage s ON s.id = o.stage "
			     "WHERE s.required LIKE '%next_step%' AND o.next_step IS NULL"),
	       0, "deals in Negotiation have a next step");
	is_int(query_int(db, "SELECT count(*) FROM opportunity o WHERE NOT EXISTS (SELECT 1 FROM "
			     "stage_change c WHERE c.opportunity = o.id)"),
	       0, "every deal has a stage history");
	is_int(query_int(db, "SELECT count(*) FROM opportunity o WHERE o.stage != (SELECT "
			     "to_stage FROM stage_change c WHERE c.opportunity = o.id ORDER BY at "
			     "DESC LIMIT 1) OR o.stage_at != (SELECT max(at) FROM stage_change c "
			     "WHERE c.opportunity = o.id)"),
	       0, "every deal's history ends at its current stage, at stage_at");
	is_int(query_int(db,
			 "SELECT count(*) FROM (SELECT from_stage, lag(to_stage) OVER (PARTITION "
			 "BY opportunity ORDER BY at) AS prev, lag(at) OVER (PARTITION BY "
			 "opportunity ORDER BY at) AS prev_at, at FROM stage_change) WHERE "
			 "from_stage IS NOT prev OR prev_at = at"),
	       0, "each step starts where the last ended (NULL first), at increasing times");
	is_int(query_int(db, "SELECT count(*) FROM stage_change c JOIN opportunity o ON o.id = "
			     "c.opportunity JOIN stage s ON s.id = c.to_stage WHERE (c.at < "
			     "datetime('" NOW "', '-366 days') AND o.stage NOT IN (SELECT id FROM "
			     "stage WHERE won = 1)) OR c.at < datetime('" NOW "', '-1096 days') OR "
			     "c.user != o.owner OR c.probability "
			     "!= s.probability OR c.amount IS NOT (SELECT h.amount FROM "
			     "opportunity_history h WHERE h.opportunity = c.opportunity AND h.at = "
			     "c.at AND h.stage = c.to_stage)"),
	       0,
	       "history is within the year (a drifting customer's purchases before it: within "
	       "its 3 years), by the owner, with the amount of the time and probability");
	/* The history of the forecast fields. */
	is_int(query_int(db, "SELECT count(*) FROM opportunity o WHERE (SELECT count(*) FROM "
			     "opportunity_history h WHERE h.opportunity = o.id AND h.event = "
			     "'created' AND h.old_stage IS NULL AND h.at = o.created_at) != 1"),
	       0, "every deal's history starts with its creation");
	is_int(query_int(db,
			 "SELECT count(*) FROM opportunity o JOIN opportunity_history h ON h.n = "
			 "(SELECT max(n) FROM opportunity_history x WHERE x.opportunity = o.id) "
			 "WHERE h.stage != o.stage OR h.amount != o.amount OR h.close_date != "
			 "o.close_date OR h.category != o.category OR h.probability != "
			 "o.probability OR h.new_owner != o.owner OR h.currency != o.currency"),
	       0, "and ends at the deal as it is");
	is_int(query_int(db,
			 "SELECT count(*) FROM (SELECT old_stage, old_amount, old_close_date, "
			 "old_category, lag(stage) OVER w AS s, lag(amount) OVER w AS a, "
			 "lag(close_date) OVER w AS d, lag(category) OVER w AS c, lag(at) OVER "
			 "w AS t, at FROM opportunity_history WINDOW w AS (PARTITION BY "
			 "opportunity ORDER BY n)) WHERE s IS NOT NULL AND (old_stage != s OR "
			 "old_amount != a OR old_close_date != d OR old_category != c OR at < t)"),
	       0, "each entry starts where the last ended, in time order");
	ok(query_int(db, "SELECT count(*) FROM opportunity_history WHERE close_date > "
			 "old_close_date AND stage = old_stage") > 0,
	   "some close dates were pushed out");
	ok(query_int(db, "SELECT count(*) FROM opportunity_history WHERE close_date < "
			 "old_close_date AND stage = old_stage") > 0,
	   "some were pulled in");
	ok(query_int(db, "SELECT count(*) FROM opportunity_history WHERE amount < old_amount") > 0,
	   "some amounts were cut");
	ok(query_int(db, "SELECT count(*) FROM opportunity_history WHERE amount > old_amount") > 0,
	   "some raised");
	ok(query_int(db, "SELECT count(*) FROM opportunity_history WHERE category != old_category "
			 "AND stage = old_stage") > 0,
	   "some categories were set by hand");
	is_int(query_int(db,
			 "SELECT count(*) FROM opportunity o WHERE EXISTS (SELECT 1 FROM "
			 "stage_change c WHERE c.opportunity = o.id AND c.to_stage = '" NEGOTIATION
			 "') AND NOT EXISTS (SELECT 1 FROM approval a JOIN user u ON u.id = "
			 "a.user WHERE a.opportunity = o.id AND a.stage = '" NEGOTIATION
			 "' AND u.role = 'manager')"),
	       0, "deals that reached Negotiation were signed off by the manager");
	ok(query_int(db, "SELECT count(*) FROM approval") > 0, "there are sign-offs");
	is_int(query_int(db, "SELECT count(*) FROM lead WHERE status = 'disqualified' AND reason "
			     "IS NULL"),
	       0, "disqualified leads have a reason");
	is_int(query_int(db, "SELECT count(DISTINCT status) FROM lead"), 6, "all lead statuses");
	is_int(query_int(db,
			 "SELECT count(*) FROM lead l WHERE status = 'converted' AND NOT EXISTS "
			 "(SELECT 1 FROM opportunity o WHERE o.id = l.converted_opportunity AND "
			 "o.lead = l.id AND o.account = l.converted_account AND o.contact = "
			 "l.converted_contact)"),
	       0, "converted leads point at their account, contact and deal");
	is_int(query_int(db,
			 "SELECT count(*) FROM lead WHERE campaign IS NOT NULL AND campaign NOT "
			 "IN (SELECT id FROM campaign)"),
	       0, "lead campaigns exist");
	is_int(query_int(db,
			 "SELECT count(*) FROM activity WHERE (start IS NULL AND due IS NULL) OR "
			 "(start IS NOT NULL AND (\"end\" IS NULL OR \"end\" < start)) OR "
			 "(start IS NOT NULL AND due IS NOT NULL)"),
	       0, "activities have a start and end, or a due date");
	is_int(query_int(db, "SELECT count(*) FROM activity WHERE start IS NOT NULL AND "
			     "(time(start, '+8 hours') < '09:00:00' OR time(\"end\", '+8 hours') > "
			     "'20:00:00' OR strftime('%w', start, '+8 hours') IN ('0', '6'))"),
	       0, "timed activities are in Shanghai office hours on weekdays");
	is_int(query_int(db,
			 "SELECT count(*) FROM activity WHERE (status = 'planned') != "
			 "(coalesce(\"end\", due || 'T23:59:59Z') > '" NOW "') AND NOT (status = "
			 "'planned' AND due < '2026-11-23')"),
	       0, "past activities are done or cancelled, future ones planned");
	ok(query_int(db, "SELECT count(*) FROM activity WHERE status = 'planned' AND due < "
			 "'2026-11-23'") > 0,
	   "some tasks are overdue");
	ok(query_int(db, "SELECT count(*) FROM activity WHERE start >= '" NOW "'") > 0,
	   "some activities are ahead");
	is_int(query_int(db,
			 "SELECT count(*) FROM activity a WHERE related IS NULL OR NOT EXISTS "
			 "(SELECT 1 FROM contact WHERE id = a.related UNION ALL SELECT 1 FROM "
			 "account WHERE id = a.related UNION ALL SELECT 1 FROM opportunity WHERE "
			 "id = a.related UNION ALL SELECT 1 FROM lead WHERE id = a.related)"),
	       0, "activities relate to an existing customer record");
	is_int(query_int(db,
			 "SELECT count(*) FROM followup f WHERE f.at > '" NOW "' OR "
			 "(f.next_date IS NOT NULL AND f.next_date < substr(f.at, 1, 10)) OR "
			 "(f.activity IS NOT NULL AND NOT EXISTS (SELECT 1 FROM activity a WHERE "
			 "a.id = f.activity AND a.status = 'done' AND a.related = f.related))"),
	       0, "logs are in the past, follow done activities, next dates after them");
	ok(query_int(db, "SELECT count(*) FROM followup WHERE next_date IS NOT NULL") > 0,
	   "some logs name a next follow-up date");
	is_int(query_int(db, "SELECT count(*) FROM followup WHERE channel NOT IN ('call', 'visit', "
			     "'meeting', 'email', 'wechat', 'sms', 'other')"),
	       0, "log channels are valid");
}

/* Field values pass the validators the record layer uses. */
static void check_values(struct db *db)
{
	sqlite3_stmt *st;
	int bad = 0, rows = 0;

	sqlite3_prepare_v2(db_handle(db),
			   "SELECT mobile, email, phone, birthday FROM contact UNION ALL SELECT "
			   "phone, email, NULL, NULL FROM account UNION ALL SELECT phone, email, "
			   "NULL, NULL FROM lead WHERE phone IS NOT NULL AND email IS NOT NULL",
			   -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *mobile = (const char *)sqlite3_column_text(st, 0);
		const char *email = (const char *)sqlite3_column_text(st, 1);
		const char *phone = (const char *)sqlite3_column_text(st, 2);
		const char *birthday = (const char *)sqlite3_column_text(st, 3);

		rows++;
		if (validate_phone(mobile) || validate_email(email) ||
		    (phone && validate_phone(phone)) || (birthday && validate_date(birthday))) {
			if (bad++ < 3)
				printf("# rejected: %s / %s / %s / %s\n", mobile, email,
				       phone ? phone : "-", birthday ? birthday : "-");
		}
	}
	sqlite3_finalize(st);
	ok(rows > 0 && bad == 0, "phones, emails and birthdays pass validation (%d rows)", rows);
	bad = 0;
	sqlite3_prepare_v2(db_handle(db), "SELECT website FROM account", -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW)
		bad += validate_url((const char *)sqlite3_column_text(st, 0)) != NULL;
	sqlite3_finalize(st);
	is_int(bad, 0, "websites pass validation");
}

/*
 * The index rows are exactly what search_index() writes for the same record:
 * rewrite each through the core and compare.
 */
static void check_index_text(struct db *db, const struct entity *e, int max)
{
	char sql[256];
	sqlite3_stmt *ids, *get;
	int rows = 0, same = 0;

	snprintf(sql, sizeof(sql), "SELECT id, n FROM \"%s\" ORDER BY n LIMIT %d", e->table, max);
	sqlite3_prepare_v2(db_handle(db), sql, -1, &ids, NULL);
	snprintf(sql, sizeof(sql), "SELECT title, body FROM \"%s\" WHERE rowid = ?", e->fts);
	sqlite3_prepare_v2(db_handle(db), sql, -1, &get, NULL);
	while (sqlite3_step(ids) == SQLITE_ROW) {
		struct record *r = NULL;
		char *title = NULL, *body = NULL;
		int64_t n = sqlite3_column_int64(ids, 1);

		rows++;
		if (record_load(db, e, (const char *)sqlite3_column_text(ids, 0), &r) != ST_OK)
			continue;
		sqlite3_bind_int64(get, 1, n);
		if (sqlite3_step(get) == SQLITE_ROW) {
			title = db_column_strdup(get, 0);
			body = db_column_strdup(get, 1);
		}
		sqlite3_reset(get);
		if (search_index(db, r) == ST_OK) {
			sqlite3_bind_int64(get, 1, n);
			if (sqlite3_step(get) == SQLITE_ROW && title && body &&
			    strcmp(title, (const char *)sqlite3_column_text(get, 0)) == 0 &&
			    strcmp(body, (const char *)sqlite3_column_text(get, 1)) == 0)
				same++;
			else if (rows - same < 3)
				printf("# %s %lld: demo wrote [%s] [%s], search_index [%s] [%s]\n",
				       e->name, (long long)n, title, body,
				       sqlite3_column_text(get, 0), sqlite3_column_text(get, 1));
			sqlite3_reset(get);
		}
		free(title);
		free(body);
		record_free(&r);
	}
	sqlite3_finalize(ids);
	sqlite3_finalize(get);
	ok(rows > 0 && same == rows, "%s index rows match search_index() (%d of %d)", e->name, same,
	   rows);
}

/* Does searching text in type e find the record with this id? */
static int finds(struct db *db, const char *text, const struct entity *e, const char *id)
{
	struct search_hit *hits = NULL;
	size_t n = 0, i;
	int found = 0;

	if (search_run(db, text, e, 1000, &hits, &n) != ST_OK)
		return 0;
	for (i = 0; i < n; i++)
		found = found || strcmp(hits[i].id, id) == 0;
	search_hits_free(&hits, n);
	return found;
}

/* The code points [from, from + count) of s as a new string. */
static char *cp_slice(const char *s, int from, int count)
{
	size_t len = strlen(s), i = 0, start = 0;
	int k = 0, n;

	while (i < len && k < from + count) {
		if (k == from)
			start = i;
		n = utf8_decode(s + i, len - i, NULL);
		i += (size_t)(n > 0 ? n : 1);
		k++;
	}
	return k == from + count ? xstrndup(s + start, i - start) : NULL;
}

static void check_search(struct db *db)
{
	sqlite3_stmt *st;
	char *id = NULL, *family = NULL, *name = NULL, *piece = NULL, *last = NULL;

	/* A Chinese contact by the single character of its family name. */
	sqlite3_prepare_v2(db_handle(db),
			   "SELECT id, family_name FROM contact WHERE "
			   "unicode(family_name) > 0x4e00 ORDER BY n LIMIT 1 OFFSET 7",
			   -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = db_column_strdup(st, 0);
		family = db_column_strdup(st, 1);
	}
	sqlite3_finalize(st);
	ok(id && family && finds(db, family, &entity_contact, id),
	   "searching \"%s\" finds a contact named so", family ? family : "?");
	free(id);
	free(family);

	/* A Chinese account by two characters from the middle of its name. */
	id = NULL;
	sqlite3_prepare_v2(db_handle(db),
			   "SELECT id, name FROM account WHERE unicode(name) > 0x4e00 "
			   "ORDER BY n LIMIT 1 OFFSET 3",
			   -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = db_column_strdup(st, 0);
		name = db_column_strdup(st, 1);
	}
	sqlite3_finalize(st);
	piece = name ? cp_slice(name, 2, 2) : NULL;
	ok(id && piece && finds(db, piece, &entity_account, id), "searching \"%s\" finds %s",
	   piece ? piece : "?", name ? name : "?");
	free(id);
	free(name);
	free(piece);

	/* An English contact by the start of the last name. */
	id = NULL;
	sqlite3_prepare_v2(db_handle(db),
			   "SELECT id, family_name FROM contact WHERE "
			   "unicode(family_name) < 128 ORDER BY n LIMIT 1",
			   -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = db_column_strdup(st, 0);
		last = db_column_strdup(st, 1);
	}
	sqlite3_finalize(st);
	if (last && strlen(last) > 3)
		last[3] = '\0';
	ok(id && last && finds(db, last, &entity_contact, id),
	   "searching \"%s\" finds an English "
	   "contact",
	   last ? last : "?");
	free(id);
	free(last);

	/* A deal by its account's name. */
	id = NULL;
	name = query_text(db, "SELECT a.name FROM opportunity o JOIN account a ON a.id = o.account "
			      "ORDER BY o.n LIMIT 1");
	id = query_text(db, "SELECT id FROM opportunity ORDER BY n LIMIT 1");
	ok(id && name && finds(db, name, &entity_opportunity, id),
	   "a deal is found by its account's name");
	free(id);
	free(name);
}

/* The CREATE INDEX text of the whole schema, one per line (caller frees). */
static char *index_schema(struct db *db)
{
	return query_text(db,
			  "SELECT group_concat(sql, char(10)) FROM (SELECT sql FROM "
			  "sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name)");
}

/* A file database: the journal mode is WAL again afterwards; a failing write
 * leaves nothing behind and the indexes as they were. */
static void check_file_database(void)
{
	char dir[] = "/tmp/test_demo.XXXXXX", path[64], *mode, *before, *after, *cache;
	struct demo_options opt = { .contacts = 40, .seed = 3 };
	struct demo_stats s;
	struct db *db = NULL;

	if (!ok(mkdtemp(dir) != NULL, "temporary directory"))
		return;
	snprintf(path, sizeof(path), "%s/demo.db", dir);
	if (db_open(path, DB_CREATE, &db) != ST_OK) {
		ok(0, "db_open %s: %s", path, status_message());
		return;
	}
	before = index_schema(db);
	cache = query_text(db, "PRAGMA cache_size");
	mode = query_text(db, "PRAGMA page_size");
	is_str(mode, "4096", "a new database has 4 KiB pages");
	free(mode);
	/* Make the last table written fail: the whole run must roll back. */
	db_exec(db, "CREATE TEMP TRIGGER boom BEFORE INSERT ON main.followup WHEN new.n = 30 "
		    "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
	is_int(demo_generate(db, &opt, &s), ST_INVALID, "a failing write fails the run");
	ok(strstr(status_message(), "disk on fire") != NULL, "with the reason: %s",
	   status_message());
	is_int(count_of(db, "contact") + count_of(db, "user") + count_of(db, "contact_fts"), 0,
	       "and nothing is left behind");
	is_int(s.total, 0, "and nothing is reported");
	after = index_schema(db);
	ok(before && after && strcmp(before, after) == 0, "the indexes are as before");
	free(after);
	mode = query_text(db, "PRAGMA journal_mode");
	is_str(mode, "wal", "the journal mode is WAL again");
	free(mode);

	db_exec(db, "DROP TRIGGER boom");
	is_int(demo_generate(db, &opt, &s), ST_OK, "then a run on the file works");
	is_int(count_of(db, "contact"), 40, "40 contacts");
	after = index_schema(db);
	ok(before && after && strcmp(before, after) == 0, "every index is back after the run");
	free(after);
	mode = query_text(db, "PRAGMA journal_mode");
	is_str(mode, "wal", "the journal mode is WAL again");
	free(mode);
	mode = query_text(db, "PRAGMA integrity_check");
	is_str(mode, "ok", "integrity_check is ok");
	free(mode);
	/* The file was made for the demo: it was given bigger pages (src/bulk.c). */
	mode = query_text(db, "PRAGMA page_size");
	is_str(mode, "16384", "the demo's file has 16 KiB pages");
	free(mode);
	/* The indexes were built with the sorter's helper threads and a small
	 * cache (src/bulk.c): both as they were again. */
	mode = query_text(db, "PRAGMA threads");
	is_str(mode, "0", "the sorter has no helper threads again");
	free(mode);
	mode = query_text(db, "PRAGMA cache_size");
	is_str(mode, cache, "the page cache is its size again");
	free(mode);
	free(cache);
	free(before);
	db_close(&db);
	unlink(path);
	snprintf(path, sizeof(path), "%s/demo.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/demo.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

/* A database that holds records keeps its pages when the demo refuses it. */
static void check_refused_file(void)
{
	char dir[] = "/tmp/test_demo.XXXXXX", path[64], *size;
	struct demo_options opt = { .contacts = 40, .seed = 3 };
	struct demo_stats s;
	struct db *db = NULL;

	if (!ok(mkdtemp(dir) != NULL, "temporary directory"))
		return;
	snprintf(path, sizeof(path), "%s/demo.db", dir);
	if (db_open(path, DB_CREATE, &db) != ST_OK) {
		ok(0, "db_open %s: %s", path, status_message());
		return;
	}
	db_exec(db, "INSERT INTO product (id, created_at, updated_at, code, name) VALUES "
		    "('p1', '2026-01-01', '2026-01-01', 'P1', 'Pump')");
	is_int(demo_generate(db, &opt, &s), ST_INVALID, "a demo on a database with a product");
	size = query_text(db, "PRAGMA page_size");
	is_str(size, "4096", "is refused, and the file keeps its 4 KiB pages");
	free(size);
	is_int(count_of(db, "product"), 1, "and its product");
	db_close(&db);
	unlink(path);
	snprintf(path, sizeof(path), "%s/demo.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/demo.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

static void progress_cb(int64_t done, int64_t total, void *ctx)
{
	int64_t *calls = ctx;

	if (done < 0 || done > total)
		calls[1]++;
	calls[0]++;
	calls[2] = done;
}

/* The stage table is the one source of the stages' probabilities: a funnel
 * edited before the demo is followed by the deals, their histories and their
 * forecast categories. */
static void check_edited_funnel(void)
{
	struct demo_options opt = { .contacts = 300, .seed = 3 };
	struct demo_stats s;
	struct db *db = NULL;

	if (db_open(":memory:", DB_CREATE, &db) != ST_OK)
		return;
	/* Proposal: 60 % -> 85 % (commit instead of best case). */
	sqlite3_exec(db_handle(db),
		     "UPDATE stage SET probability = 85 WHERE id = "
		     "'5a9e0004-0000-4000-8000-000000000004'",
		     NULL, NULL, NULL);
	is_int(demo_generate(db, &opt, &s), ST_OK, "a demo on an edited funnel");
	ok(query_int(db, "SELECT count(*) FROM opportunity WHERE stage = "
			 "'5a9e0004-0000-4000-8000-000000000004'") > 0,
	   "some deals are in Proposal");
	is_int(query_int(db, "SELECT count(*) FROM opportunity WHERE stage = "
			     "'5a9e0004-0000-4000-8000-000000000004' AND (probability != 85 OR "
			     "category != 'commit')"),
	       0, "at the edited stage's probability and its category");
	is_int(query_int(db, "SELECT count(*) FROM stage_change WHERE to_stage = "
			     "'5a9e0004-0000-4000-8000-000000000004' AND probability != 85"),
	       0, "and so are the steps into it");
	db_close(&db);
}

struct doc_check {
	int rows, bad;
};

static int check_doc(struct db *db, const struct record *r, void *vctx)
{
	struct doc_check *c = vctx;
	cJSON *doc = doc_from_record(db, r);
	struct doc_in in;

	c->rows++;
	if (doc_parse(db, doc, &in) != ST_OK) {
		if (c->bad++ < 3)
			printf("# refused: %s\n", status_message());
	} else {
		doc_in_clear(&in);
	}
	cJSON_Delete(doc);
	return 0;
}

/* Demo rows are written by column position, not through the record layer:
 * each must still be a record the descriptors accept, as strictly as a
 * server's document is checked (types, choices, ranges, required fields). */
static void check_documents(struct db *db)
{
	for (size_t i = 0; entity_all[i]; i++) {
		struct record_query q = { 0 };
		struct doc_check c = { 0 };

		/* Stages are the migration's, without a revision until edited. */
		if (entity_all[i] == &entity_stage)
			continue;
		/* No team setting until a manager chooses one: the defaults apply. */
		if (entity_all[i] == &entity_team_setting)
			continue;
		record_list(db, entity_all[i], &q, check_doc, &c);
		ok(c.rows > 0 && c.bad == 0, "every %s is a valid record (%d of %d refused)",
		   entity_all[i]->name, c.bad, c.rows);
	}
}

/* The manager's side says something on a fresh demo: the weekly forecast
 * calls of the quarter are frozen with the figures the deals' history gives
 * for that moment, a manager adjusted reps' figures, and reps asked for
 * reviews (some sent back). */
static void check_manager_side(struct db *db)
{
	struct record_query q = { .limit = 10 };
	struct snapshot snap;
	struct forecast fc;
	char ref[40];
	int64_t n = count_of(db, "forecast_snapshot");
	int same = 0, rows = 0;
	size_t i, j;

	is_int(n, 4, "four forecast calls of the quarter frozen (the last four Mondays)");
	is_int(query_int(db, "SELECT count(*) FROM forecast_snapshot WHERE at < '" NOW
			     "' AND strftime('%w', at, '+8 hours') = '1' AND first = '2026-10-01'"),
	       n, "each on a Monday of 2026Q4, before now");
	ok(count_of(db, "forecast_adjustment") > 0, "the manager adjusted a rep's forecast");
	is_int(query_int(db, "SELECT count(*) FROM forecast_adjustment WHERE period <> '2026Q4' "
			     "OR owner <> (SELECT id FROM user WHERE role = 'manager')"),
	       0, "adjustments of 2026Q4, made by the manager");
	ok(query_int(db, "SELECT count(*) FROM opportunity WHERE review_status = 'requested' AND "
			 "review_stage IS NOT NULL AND review_at IS NOT NULL") > 0,
	   "reviews waiting in the manager's queue");
	is_int(query_int(db,
			 "SELECT count(*) FROM opportunity WHERE review_status IS NOT NULL AND "
			 "(stage <> '5a9e0004-0000-4000-8000-000000000004' OR next_step IS NULL "
			 "OR review_at < stage_at OR review_at > '" NOW "')"),
	       0, "every review is of a deal in Proposal, asked after it got there");
	ok(query_int(db, "SELECT count(*) FROM opportunity WHERE review_status = 'returned' AND "
			 "review_reply IS NOT NULL") > 0,
	   "some sent back with a reply");

	/* Each call's figures are those of the forecast as of its moment. */
	user_use(db, "陈建国");
	for (int k = 0; k < n; k++) {
		struct report_span span;

		snprintf(ref, sizeof(ref), "Forecast call 2026-%s",
			 k == 0	  ? "11-02"
			 : k == 1 ? "11-09"
			 : k == 2 ? "11-16"
				  : "11-23");
		if (!ok(snapshot_load(db, ref, &snap) == ST_OK, "%s loads", ref))
			continue;
		span = snap.span;
		if (report_forecast_as_of(db, &span, NULL, snap.at, &fc) == ST_OK) {
			for (i = 0; i < snap.fc.n; i++)
				for (j = 0; j < fc.n; j++)
					if (snap.fc.rows[i].owner && fc.rows[j].owner &&
					    strcmp(snap.fc.rows[i].owner, fc.rows[j].owner) == 0) {
						rows++;
						same +=
						    memcmp(snap.fc.rows[i].by_category,
							   fc.rows[j].by_category,
							   sizeof(fc.rows[j].by_category)) == 0 &&
						    snap.fc.rows[i].quota == fc.rows[j].quota;
					}
		}
		report_forecast_free(&fc);
		snapshot_free(&snap);
	}
	ok(rows >= 4 * 3, "every rep of every call compared (%d)", rows);
	is_int(same, rows, "won, commit, best case, pipeline, omitted and quota as of the call");
	(void)q;
}

/* Long-standing customers (report clv): their won deals span more than two
 * years, the earlier ones before the windows report churn compares. */
static void check_tenure(struct db *db)
{
	ok(query_int(db, "SELECT count(*) FROM (SELECT account FROM opportunity o JOIN stage s ON "
			 "s.id = o.stage WHERE s.won = 1 GROUP BY account HAVING min(close_date) < "
			 "'2024-11-23' AND max(close_date) >= '2025-11-23')") > 0,
	   "some customers have bought for more than two years");
	is_int(query_int(db, "SELECT count(*) FROM opportunity o JOIN stage s ON s.id = o.stage "
			     "JOIN account a ON a.id = o.account WHERE s.won = 1 AND "
			     "(o.close_date < substr(a.created_at, 1, 10) OR o.created_at < "
			     "a.created_at)"),
	       0, "no won deal before its account");
	is_int(query_int(db, "SELECT count(*) FROM opportunity o JOIN contact c ON c.id = "
			     "o.contact WHERE o.created_at < c.created_at AND o.close_date < "
			     "'2024-11-23'"),
	       0, "nor a long-standing customer's before its contact");
}

/* Every nurturing lead has its next touch planned as src/nurture.c would:
 * one planned activity of its owner, due a cadence after its last touch, an
 * email when it has an email and no phone; some are overdue, most not. */
static void check_nurture(struct db *db)
{
	sqlite3_stmt *st;
	int leads = 0, right = 0, overdue = 0, kept = 0;

	if (sqlite3_prepare_v2(db_handle(db),
			       "SELECT l.id, l.nurture_since, l.cadence, l.phone IS NULL AND "
			       "l.email IS NOT NULL, (SELECT count(*) FROM activity a WHERE "
			       "a.related = l.id AND a.status = 'planned'), a.due, a.kind, "
			       "a.owner = l.owner AND a.start IS NULL FROM lead l LEFT JOIN "
			       "activity a ON a.related = l.id AND a.status = 'planned' WHERE "
			       "l.status = 'nurturing' AND l.deleted = 0",
			       -1, &st, NULL) != SQLITE_OK) {
		ok(0, "nurturing leads: %s", sqlite3_errmsg(db_handle(db)));
		return;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *due = (const char *)sqlite3_column_text(st, 5);
		const char *kind = (const char *)sqlite3_column_text(st, 6);
		struct nurture_state ns;

		leads++;
		nurture_state_of(db, (const char *)sqlite3_column_text(st, 0),
				 (const char *)sqlite3_column_text(st, 1),
				 sqlite3_column_int(st, 2), "2026-11-23", &ns);
		if (sqlite3_column_int(st, 4) == 1 && due && strcmp(due, ns.due) == 0 &&
		    sqlite3_column_int(st, 7) == 1 &&
		    strcmp(kind, sqlite3_column_int(st, 3) ? "email" : "call") == 0)
			right++;
		else
			printf("# lead %s: %d planned, due %s, expected %s, kind %s\n",
			       sqlite3_column_text(st, 0), sqlite3_column_int(st, 4),
			       due ? due : "-", ns.due, kind ? kind : "-");
		if (ns.overdue > 0)
			overdue++;
		else if (ns.last[0])
			kept++;
	}
	sqlite3_finalize(st);
	ok(leads >= 10, "the demo has nurturing leads (%d)", leads);
	is_int(right, leads,
	       "each with one planned next touch of its owner, due a cadence after "
	       "its last touch");
	ok(overdue > 0 && overdue < leads / 2, "some of them overdue (%d)", overdue);
	ok(kept > leads / 4, "most touched within their cadence (%d)", kept);
	is_int(query_int(db, "SELECT count(*) FROM followup WHERE at >= '2026-11-23T09:00:00Z'"), 0,
	       "no touch logged after now");
}

int main(void)
{
	struct demo_stats s1, s2, s3, s4;
	struct db *db1, *db2, *db3, *db4 = NULL;
	struct demo_options opt = { .contacts = 5, .seed = 9 };
	int64_t calls[3] = { 0, 0, 0 };
	size_t i;
	int same = 0, differ = 0;

	setenv("SALESTERM_NOW", NOW, 1);
	db1 = generate(500, 1, &s1);
	db2 = generate(500, 1, &s2);
	db3 = generate(500, 2, &s3);
	if (!ok(db1 && db2 && db3 && s1.contacts == 500, "demo_generate with 500 contacts"))
		return done_testing();
	printf("# users %lld accounts %lld contacts %lld leads %lld deals %lld changes %lld "
	       "approvals %lld activities %lld logs %lld campaigns %lld products %lld total %lld\n",
	       (long long)s1.users, (long long)s1.accounts, (long long)s1.contacts,
	       (long long)s1.leads, (long long)s1.opportunities, (long long)s1.stage_changes,
	       (long long)s1.approvals, (long long)s1.activities, (long long)s1.followups,
	       (long long)s1.campaigns, (long long)s1.products, (long long)s1.total);

	check_counts(db1, &s1);
	check_common_columns(db1, &s1);
	check_consistency(db1);
	check_values(db1);
	check_documents(db1);
	check_manager_side(db1);
	check_tenure(db1);
	check_nurture(db1);

	/* Determinism: same seed, same rows; another seed, other rows. */
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		same += digest(db1, tables[i]) == digest(db2, tables[i]);
		differ += digest(db1, tables[i]) != digest(db3, tables[i]);
	}
	same += digest(db1, "contact_fts") == digest(db2, "contact_fts");
	same += digest(db1, "meta") == digest(db2, "meta");
	is_int(same, (int)(sizeof(tables) / sizeof(tables[0])) + 2,
	       "the same seed gives identical rows in every table");
	is_int(differ, (int)(sizeof(tables) / sizeof(tables[0])),
	       "another seed gives different rows in every table");
	is_int(memcmp(&s1, &s2, sizeof(s1)), 0, "and the same counts");

	check_index_text(db1, &entity_account, 1000);
	check_index_text(db1, &entity_contact, 1000);
	check_index_text(db1, &entity_lead, 1000);
	check_index_text(db1, &entity_opportunity, 1000);
	check_index_text(db1, &entity_followup, 300);
	check_search(db1);

	/* A second run on the same database is refused and changes nothing. */
	is_int(demo_generate(db1, NULL, &s4), ST_INVALID, "a second demo_generate is refused");
	ok(strstr(status_message(), "already holds") != NULL, "with a message: %s",
	   status_message());
	is_int(count_of(db1, "contact"), 500, "and nothing is added");
	is_int(s4.total, 0, "and nothing is reported");

	/* Tiny sizes work, and progress is reported up to the total. */
	opt.progress = progress_cb;
	opt.ctx = calls;
	if (db_open(":memory:", DB_CREATE, &db4) == ST_OK) {
		is_int(demo_generate(db4, &opt, &s4), ST_OK, "5 contacts");
		is_int(s4.contacts, 5, "5 contacts written");
		ok(s4.accounts >= 1 && s4.accounts <= 5, "1-5 accounts");
		ok(calls[0] >= 2 && calls[1] == 0 && calls[2] == 5, "progress reported to the end");
	}

	check_file_database();
	check_refused_file();
	check_edited_funnel();

	db_close(&db1);
	db_close(&db2);
	db_close(&db3);
	db_close(&db4);
	return done_testing();
}
