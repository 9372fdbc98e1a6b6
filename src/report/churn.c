/* churn.c - customers drifting away (the rules: churn.h and
 * report_def_churn's help below).
 *
 * Cost: one pass over the won deals (the stage index) sorted by account,
 * one pass over the logs and completed activities of the silent days with
 * their accounts (account_touch's date index), then a few index lookups for
 * each row listed (default 50). An account touched is found among the
 * customers by a hash of their ids.
 */
#include "report/churn.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "money.h"
#include "record.h"
#include "report/internal.h"
#include "strbuf.h"
#include "xalloc.h"

void churn_options_default(struct churn_options *o)
{
	memset(o, 0, sizeof(*o));
	o->silent_days = 90;
	o->stretch10 = 20;
	o->drop_pct = 30;
	o->limit = 50;
}

static void account_free(struct churn_account *a)
{
	free(a->id);
	free(a->name);
	free(a->owner);
	free(a->owner_name);
	free(a->others);
	free(a->contact_id);
	free(a->contact_name);
}

void report_churn_free(struct churn_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		account_free(&r->rows[i]);
	free(r->rows);
	memset(r, 0, sizeof(*r));
}

/* A customer while the won deals are read. */
struct cust {
	char *id, *owner;
	int purchases, first_day, last_day; /* days since the epoch */
	struct churn_money *money;	    /* [0] the database's currency */
	size_t nmoney;
	unsigned reasons;
	bool contacted; /* a log or completed activity on the silent days */
};

static void cust_free(struct cust *c)
{
	free(c->id);
	free(c->owner);
	free(c->money);
}

static int day_number(const char *date)
{
	int y, m, d;

	return report_split_date(date, &y, &m, &d) ? clock_days_from_civil(y, m, d) : -1;
}

static struct churn_money *money_of(struct cust *c, const char *currency)
{
	size_t i;

	for (i = 0; i < c->nmoney; i++)
		if (strcmp(c->money[i].currency, currency) == 0)
			return &c->money[i];
	c->money = xreallocarray(c->money, c->nmoney + 1, sizeof(*c->money));
	memset(&c->money[c->nmoney], 0, sizeof(*c->money));
	snprintf(c->money[c->nmoney].currency, sizeof(c->money[0].currency), "%s", currency);
	return &c->money[c->nmoney++];
}

struct scan {
	struct cust *c;
	size_t n, cap;
};

static void scan_free(struct scan *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		cust_free(&s->c[i]);
	free(s->c);
}

/* The owner of a customer's account (*owner, NULL: none) from account_card,
 * looked up once per account in id order (the deals come sorted by
 * account: report_cards_find()). SQLITE_ROW with *owner set; SQLITE_DONE
 * for an account deleted or missing. */
static int owner_of(struct report_cards *cards, const char *acc, char **owner)
{
	struct report_card card;
	int rc = report_cards_find(cards, acc, &card);

	*owner = NULL;
	if (rc == SQLITE_ROW && card.deleted)
		return SQLITE_DONE;
	if (rc == SQLITE_ROW && card.owner)
		*owner = xstrdup(card.owner);
	return rc;
}

/* A won deal while they are read: its account, close date and currency
 * (report_text_copy()). */
struct won {
	struct {
		const char *s;
	} acc, date, cur;
	int64_t amount;
	uint64_t key; /* report_str_key(acc) */
};

static int won_cmp(const void *x, const void *y)
{
	const struct won *a = x, *b = y;
	int c = a->key != b->key ? (a->key < b->key ? -1 : 1) : strcmp(a->acc.s, b->acc.s);

	return c ? c : strcmp(a->date.s, b->date.s);
}

/* Every customer of the scope (or the one account) with its purchase days
 * and revenue: the won deals from opportunity_value alone, sorted here by
 * account and date. ORDER BY had SQLite's sorter write and merge every one
 * of ~100k records at 1M contacts (0.14 s of CPU against 0.02 s for the
 * scan); a qsort of small structs costs a third of that. Deals of the same
 * account and day may come in any order: the figures do not depend on it. */
static enum status read_won(struct db *db, const struct report_scope *scope, const char *account,
			    const struct churn_report *r, struct scan *s)
{
#define WON_SQL(account_condition)                                                                 \
	"SELECT account, close_date, coalesce(amount, 0), coalesce(currency, ?1) FROM "            \
	"opportunity "                                                                             \
	"WHERE deleted = 0 AND stage IN (SELECT id FROM stage WHERE won = 1) AND close_date IS "   \
	"NOT NULL AND close_date <= ?2 AND account IS NOT NULL" account_condition
	sqlite3_stmt *st = db_prepare(
	    db, REPORT_SQL(account, WON_SQL(" AND account = ?3"), WON_SQL(" AND ?3 IS NULL")));
	struct report_text *text = NULL;
	struct report_cards cards;
	struct won *won = NULL;
	size_t nwon = 0, cap = 0, k;
	char *skip = NULL; /* the account whose deals are passed over */
	int rc, orc = SQLITE_ROW;

	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, r->currency);
	db_bind_text(st, 2, r->ref);
	db_bind_text(st, 3, account);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *acc = (const char *)sqlite3_column_text(st, 0),
			   *date = (const char *)sqlite3_column_text(st, 1),
			   *cur = (const char *)sqlite3_column_text(st, 3);

		if (acc == NULL || date == NULL || cur == NULL)
			continue;
		if (nwon == cap) {
			cap = cap ? 2 * cap : 1024;
			won = xreallocarray(won, cap, sizeof(*won));
		}
		won[nwon].acc.s = report_text_str(&text, acc);
		won[nwon].key = report_str_key(won[nwon].acc.s);
		won[nwon].date.s = report_text_str(&text, date);
		/* Most deals are in one currency: the last one's text serves. */
		won[nwon].cur.s = nwon && strcmp(won[nwon - 1].cur.s, cur) == 0
				      ? won[nwon - 1].cur.s
				      : report_text_str(&text, cur);
		won[nwon++].amount = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(won);
		report_text_free(&text);
		return db_error(db, rc, _("reading won deals"));
	}
	if (nwon)
		qsort(won, nwon, sizeof(*won), won_cmp);
	if (report_cards_open(db, &cards) != ST_OK) {
		free(won);
		report_text_free(&text);
		return ST_DB;
	}
	for (k = 0; k < nwon; k++) {
		const char *acc = won[k].acc.s, *date = won[k].date.s, *cur = won[k].cur.s;
		int64_t amount = won[k].amount;
		int day = day_number(date);
		struct cust *c;

		if (day < 0 || (skip && strcmp(skip, acc) == 0))
			continue;
		if (s->n == 0 || strcmp(s->c[s->n - 1].id, acc) != 0) {
			char *owner;

			free(skip);
			skip = NULL;
			orc = owner_of(&cards, acc, &owner);
			if (orc != SQLITE_ROW && orc != SQLITE_DONE)
				break;
			if (orc == SQLITE_DONE || (scope && !report_scope_includes(scope, owner))) {
				free(owner);
				skip = xstrdup(acc);
				continue;
			}
			if (s->n == s->cap) {
				s->cap = s->cap ? 2 * s->cap : 256;
				s->c = xreallocarray(s->c, s->cap, sizeof(*s->c));
			}
			c = &s->c[s->n++];
			memset(c, 0, sizeof(*c));
			c->id = xstrdup(acc);
			c->owner = owner;
			c->first_day = day;
			money_of(c, r->currency);
		}
		c = &s->c[s->n - 1];
		if (c->purchases == 0 || day != c->last_day)
			c->purchases++;
		c->last_day = day;
		if (strcmp(date, r->first) >= 0 && strcmp(date, r->last) <= 0)
			money_of(c, cur)->current += amount;
		else if (strcmp(date, r->prev_first) >= 0 && strcmp(date, r->prev_last) <= 0)
			money_of(c, cur)->previous += amount;
	}
	report_cards_close(&cards);
	free(skip);
	free(won);
	report_text_free(&text);
	if (orc != SQLITE_ROW && orc != SQLITE_DONE)
		return db_error(db, orc, _("reading accounts"));
	return ST_OK;
}

/* The records a log or an activity about an account may name: the account,
 * its contacts and its deals (?1 the account). */
#define ABOUT_ACCOUNT                                                                              \
	"(SELECT ?1 UNION ALL SELECT id FROM contact WHERE deleted = 0 AND account = ?1 "          \
	"UNION ALL SELECT id FROM opportunity WHERE deleted = 0 AND account = ?1)"

/* Mark the customers someone contacted on the silent days: the logs and
 * completed activities of those days with their account, from one index
 * of account_touch alone (0019-churn-nurture-speed.sql: a log's account was
 * looked up per row, 60% of the report at 1M contacts). UNION ALL: marking
 * twice is harmless. */
static enum status read_contacted(struct db *db, const struct churn_report *r, struct scan *s)
{
	struct report_ids ids;
	sqlite3_stmt *st;
	char start[21], end[21];
	int rc;

	if (!report_day_range(r->silent_since, r->ref, start, end))
		return status_set(ST_INVALID, "%s", _("the period is out of range"));
	st = db_prepare(db, "SELECT account FROM account_touch WHERE dated = 1 AND at >= ?1 AND "
			    "at < ?2 UNION ALL SELECT account FROM account_touch WHERE dated = 0 "
			    "AND at >= ?3 AND at <= ?4");
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, start);
	db_bind_text(st, 2, end);
	db_bind_text(st, 3, r->silent_since);
	db_bind_text(st, 4, r->ref);
	report_ids_build(&ids, s->c, s->n, sizeof(*s->c), offsetof(struct cust, id));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *acc = (const char *)sqlite3_column_text(st, 0);
		struct cust *c = acc ? report_ids_find(&ids, acc) : NULL;

		if (c)
			c->contacted = true;
	}
	report_ids_free(&ids);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading follow-ups"));
}

/* ---- account_touch in a bulk load ---- */

static const char *const touch_sources[] = { "followup", "activity", "contact", "opportunity" };

int report_touch_suspend(sqlite3 *h, const char *table, char **saved)
{
	size_t i;

	for (i = 0; i < sizeof(touch_sources) / sizeof(touch_sources[0]); i++)
		if (strcmp(table, touch_sources[i]) == 0)
			break;
	if (*saved || i == sizeof(touch_sources) / sizeof(touch_sources[0]))
		return SQLITE_OK;
	return db_triggers_drop(h, "account_touch_*", saved);
}

int report_touch_restore(sqlite3 *h, char **saved)
{
	/* The index is made again after the rows are in: one sort, not 400k
	 * inserts at random places. */
	return db_triggers_restore(
	    h,
	    "DELETE FROM account_touch; DROP INDEX account_touch_at; INSERT "
	    "INTO account_touch SELECT * FROM account_touch_recount WHERE "
	    "true; CREATE INDEX account_touch_at ON account_touch(dated, at, "
	    "account);",
	    saved);
}

static void judge(struct cust *c, const struct churn_report *r, int ref_day)
{
	int since = ref_day - c->last_day;
	size_t i;

	if (c->purchases >= 2 && (int64_t)since * 10 * (c->purchases - 1) >
				     (int64_t)r->opt.stretch10 * (c->last_day - c->first_day))
		c->reasons |= CHURN_INTERVAL;
	for (i = 0; i < c->nmoney; i++)
		if (c->money[i].previous > 0 &&
		    (__int128)c->money[i].current * 100 <=
			(__int128)c->money[i].previous * (100 - r->opt.drop_pct))
			c->reasons |= CHURN_REVENUE;
	if (!c->contacted)
		c->reasons |= CHURN_SILENCE;
}

static int risk_cmp(const void *x, const void *y)
{
	const struct cust *a = *(const struct cust *const *)x, *b = *(const struct cust *const *)y;

	if (a->money[0].current != b->money[0].current)
		return a->money[0].current > b->money[0].current ? -1 : 1;
	if (a->money[0].previous != b->money[0].previous)
		return a->money[0].previous > b->money[0].previous ? -1 : 1;
	if (a->last_day != b->last_day)
		return a->last_day > b->last_day ? -1 : 1;
	return strcmp(a->id, b->id);
}

/* The local day of a stored start (UTC) or due date. */
static void activity_day(sqlite3_stmt *st, int col_start, int col_due, char day[11])
{
	char hm[6];

	day[0] = '\0';
	if (sqlite3_column_type(st, col_start) != SQLITE_NULL)
		report_local((const char *)sqlite3_column_text(st, col_start), day, hm);
	else if (sqlite3_column_type(st, col_due) != SQLITE_NULL)
		snprintf(day, 11, "%.10s", (const char *)sqlite3_column_text(st, col_due));
}

/* The last log or completed activity about the account up to the
 * reference day. */
static enum status last_contact(struct db *db, const char *id, const char *ref, char day[11])
{
	sqlite3_stmt *st;
	char start[21], end[21], d[11], hm[6];
	int rc;

	day[0] = '\0';
	if (!report_day_range(ref, ref, start, end))
		return status_set(ST_INVALID, "%s", _("the period is out of range"));
	st = db_prepare(db, "SELECT max(at) FROM followup WHERE deleted = 0 AND at < ?2 AND "
			    "related IN " ABOUT_ACCOUNT);
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, end);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		report_local((const char *)sqlite3_column_text(st, 0), day, hm);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_error(db, rc, _("reading follow-ups"));
	st = db_prepare(db, "SELECT start, due FROM activity WHERE deleted = 0 AND status = 'done' "
			    "AND related IN " ABOUT_ACCOUNT);
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		activity_day(st, 0, 1, d);
		if (*d && strcmp(d, ref) <= 0 && strcmp(d, day) > 0)
			snprintf(day, 11, "%s", d);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading activities"));
}

enum status report_churn_next_touch(struct db *db, const char *account_id, const char *today,
				    char day[11])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT start, due FROM activity WHERE deleted = 0 AND "
					  "status = 'planned' AND related IN " ABOUT_ACCOUNT);
	char d[11];
	int rc;

	day[0] = '\0';
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, account_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		activity_day(st, 0, 1, d);
		if (*d && strcmp(d, today) >= 0 && (!*day || strcmp(d, day) < 0))
			snprintf(day, 11, "%s", d);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading activities"));
}

enum status report_churn_contact(struct db *db, const char *account_id, char **contact_id,
				 char **contact_name, int *blocked)
{
	sqlite3_stmt *st = db_prepare(
	    db, "SELECT c.id, c.name, c.do_not_contact FROM contact c WHERE c.deleted = 0 AND "
		"c.account = ?1 ORDER BY (SELECT max(at) FROM followup f WHERE f.deleted = 0 AND "
		"f.related = c.id) DESC NULLS LAST, c.name, c.id");
	int rc;

	*contact_id = *contact_name = NULL;
	*blocked = 0;
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, account_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_int(st, 2)) {
			(*blocked)++;
		} else if (*contact_id == NULL) {
			*contact_id = db_column_strdup(st, 0);
			*contact_name = db_column_strdup(st, 1);
		}
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return ST_OK;
	free(*contact_id);
	free(*contact_name);
	*contact_id = *contact_name = NULL;
	return db_error(db, rc, _("reading contacts"));
}

static char *name_of(struct db *db, const char *sql, const char *id)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	char *name = NULL;

	if (st == NULL || id == NULL)
		return NULL;
	db_bind_text(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		name = db_column_strdup(st, 0);
	sqlite3_reset(st);
	return name;
}

/* Fill a listed row from its customer, with what only listed rows need. */
static enum status list_row(struct db *db, struct churn_report *r, const struct cust *c,
			    int ref_day, const char *today, struct churn_account *a)
{
	int y, m, d;
	enum status st;

	memset(a, 0, sizeof(*a));
	a->id = xstrdup(c->id);
	a->name = name_of(db, "SELECT name FROM account WHERE id = ?1", c->id);
	if (a->name == NULL)
		a->name = xstrdup(c->id);
	a->owner = c->owner ? xstrdup(c->owner) : NULL;
	a->owner_name = name_of(db, "SELECT name FROM user WHERE id = ?1", c->owner);
	a->reasons = c->reasons;
	a->purchases = c->purchases;
	clock_civil_from_days(c->last_day, &y, &m, &d);
	report_format_date(a->last_purchase, y, m, d);
	a->interval10 = c->purchases >= 2
			    ? (int64_t)(c->last_day - c->first_day) * 10 / (c->purchases - 1)
			    : -1;
	a->days_since_purchase = ref_day - c->last_day;
	a->value = c->money[0].current;
	a->previous = c->money[0].previous;
	a->has_change = a->previous > 0;
	a->change10 =
	    a->has_change ? (int64_t)((__int128)(a->value - a->previous) * 1000 / a->previous) : 0;
	if (c->nmoney > 1) {
		a->nothers = c->nmoney - 1;
		a->others = xcalloc(a->nothers, sizeof(*a->others));
		memcpy(a->others, c->money + 1, a->nothers * sizeof(*a->others));
	}
	st = last_contact(db, c->id, r->ref, a->last_contact);
	a->days_silent = *a->last_contact ? ref_day - day_number(a->last_contact) : -1;
	if (st == ST_OK)
		st = report_churn_contact(db, c->id, &a->contact_id, &a->contact_name, &a->blocked);
	if (st == ST_OK)
		st = report_churn_next_touch(db, c->id, today, a->next_touch);
	return st;
}

/* The windows, the reference day and the options of a churn report. */
static enum status churn_setup(struct db *db, const struct report_span *span,
			       const struct churn_options *opt, struct churn_report *out,
			       char today[11])
{
	struct report_span prev;

	memset(out, 0, sizeof(*out));
	if (opt)
		out->opt = *opt;
	else
		churn_options_default(&out->opt);
	if (out->opt.today)
		snprintf(today, 11, "%s", out->opt.today);
	else
		clock_today(today);
	out->opt.today = NULL;
	snprintf(out->currency, sizeof(out->currency), "%s", record_default_currency(db));
	out->exponent = money_exponent(out->currency);
	if (out->exponent < 0)
		out->exponent = 2;
	snprintf(out->first, sizeof(out->first), "%s", span->first);
	snprintf(out->last, sizeof(out->last), "%s", span->last);
	snprintf(out->ref, sizeof(out->ref), "%s",
		 strcmp(today, span->last) < 0 ? today : span->last);
	if (!report_span_step(span, -1, &prev) ||
	    !clock_date_add_days(out->ref, -(out->opt.silent_days - 1), out->silent_since))
		return status_set(ST_INVALID, "%s", _("the period is out of range"));
	snprintf(out->prev_first, sizeof(out->prev_first), "%s", prev.first);
	snprintf(out->prev_last, sizeof(out->prev_last), "%s", prev.last);
	return ST_OK;
}

enum status report_churn(struct db *db, const struct report_span *span,
			 const struct report_scope *scope, const struct churn_options *opt,
			 struct churn_report *out)
{
	struct scan s = { 0 };
	struct cust **risk = NULL;
	char today[11];
	enum status st;
	size_t i, nrisk = 0;
	int ref_day;
	bool began;

	st = churn_setup(db, span, opt, out, today);
	if (st != ST_OK)
		return st;
	ref_day = day_number(out->ref);
	began = report_read_begin(db);
	st = read_won(db, scope, NULL, out, &s);
	if (st == ST_OK)
		st = read_contacted(db, out, &s);
	if (st != ST_OK) {
		report_read_end(db, began);
		scan_free(&s);
		return st;
	}
	out->customers = s.n;
	risk = xcalloc(s.n + 1, sizeof(*risk));
	for (i = 0; i < s.n; i++) {
		judge(&s.c[i], out, ref_day);
		if (s.c[i].reasons == 0)
			continue;
		risk[nrisk++] = &s.c[i];
		out->value_at_risk += s.c[i].money[0].current;
		out->by_reason[0] += (s.c[i].reasons & CHURN_INTERVAL) != 0;
		out->by_reason[1] += (s.c[i].reasons & CHURN_REVENUE) != 0;
		out->by_reason[2] += (s.c[i].reasons & CHURN_SILENCE) != 0;
	}
	out->at_risk = nrisk;
	qsort(risk, nrisk, sizeof(*risk), risk_cmp);
	out->n = out->opt.limit && out->opt.limit < nrisk ? out->opt.limit : nrisk;
	out->rows = xcalloc(out->n + 1, sizeof(*out->rows));
	for (i = 0; i < out->n && st == ST_OK; i++)
		st = list_row(db, out, risk[i], ref_day, today, &out->rows[i]);
	report_read_end(db, began);
	if (st != ST_OK)
		out->n = i;
	free(risk);
	scan_free(&s);
	return st;
}

enum status report_churn_account(struct db *db, const char *id, const struct churn_options *opt,
				 struct churn_account *out, bool *customer)
{
	struct report_def def = { .default_period = REPORT_CUSTOM };
	struct report_span span;
	struct churn_report r;
	struct scan s = { 0 };
	char today[11];
	enum status st;
	int ref_day;

	memset(out, 0, sizeof(*out));
	*customer = false;
	report_default_span(&def, &span);
	st = churn_setup(db, &span, opt, &r, today);
	if (st == ST_OK)
		st = read_won(db, NULL, id, &r, &s);
	if (st != ST_OK || s.n == 0) {
		scan_free(&s);
		return st;
	}
	*customer = true;
	ref_day = day_number(r.ref);
	st = list_row(db, &r, &s.c[0], ref_day, today, out);
	/* One account: its last contact says whether it was silent. */
	s.c[0].contacted = *out->last_contact && strcmp(out->last_contact, r.silent_since) >= 0;
	judge(&s.c[0], &r, ref_day);
	out->reasons = s.c[0].reasons;
	scan_free(&s);
	return st;
}

void report_churn_account_free(struct churn_account *a)
{
	account_free(a);
	memset(a, 0, sizeof(*a));
}

static char *tenths_text(int64_t t)
{
	return xasprintf("%s%lld.%lld", t < 0 ? "-" : "", (long long)(t < 0 ? -t : t) / 10,
			 (long long)(t < 0 ? -t : t) % 10);
}

char *report_churn_reason_text(const struct churn_account *a)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	if (a->reasons & CHURN_INTERVAL) {
		char *iv = tenths_text(a->interval10);
		char *x = tenths_text(
		    a->interval10 > 0 ? (int64_t)a->days_since_purchase * 100 / a->interval10 : 0);

		strbuf_addf(&b, _("no purchase for %d days, %sx its average of %s days"),
			    a->days_since_purchase, x, iv);
		free(iv);
		free(x);
	}
	if (a->reasons & CHURN_REVENUE) {
		strbuf_addf(&b, "%s%s", b.len ? "; " : "", _("revenue"));
		if (a->has_change && a->value < a->previous) {
			char *ch = tenths_text(a->change10);

			strbuf_addf(&b, " %s%%", ch);
			free(ch);
		}
		for (i = 0; i < a->nothers; i++) {
			const struct churn_money *m = &a->others[i];
			char *ch;

			if (m->previous <= 0 || m->current >= m->previous)
				continue;
			ch = tenths_text(
			    (int64_t)((__int128)(m->current - m->previous) * 1000 / m->previous));
			strbuf_addf(&b, " %s %s%%", m->currency, ch);
			free(ch);
		}
	}
	if (a->reasons & CHURN_SILENCE) {
		if (b.len)
			strbuf_adds(&b, "; ");
		if (a->days_silent >= 0)
			strbuf_addf(&b, _("no contact for %d days"), a->days_silent);
		else
			strbuf_adds(&b, _("never contacted"));
	}
	return strbuf_detach(&b);
}

/* ---- the report ---- */

static enum status opt_int(const struct report_args *a, const char *key, int lo, int hi, int *out)
{
	const char *v = report_arg(a, key);
	char *end;
	long n;

	if (v == NULL)
		return ST_OK;
	n = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || n < lo || n > hi)
		return status_set(ST_INVALID,
				  _("--%s needs a whole number from %d to %d, not \"%s\""), key, lo,
				  hi, v);
	*out = (int)n;
	return ST_OK;
}

/* "2", "1.5": tenths, from 1.0 to 100.0. */
static enum status opt_stretch(const struct report_args *a, int *out)
{
	const char *v = report_arg(a, "stretch");
	int whole = 0, tenth = 0, digits = 0;
	const char *p;

	if (v == NULL)
		return ST_OK;
	for (p = v; *p >= '0' && *p <= '9' && digits < 4; p++, digits++)
		whole = whole * 10 + (*p - '0');
	if (digits && *p == '.' && p[1] >= '0' && p[1] <= '9' && p[2] == '\0') {
		tenth = p[1] - '0';
		p += 2;
	}
	if (digits == 0 || *p != '\0' || whole * 10 + tenth < 10 || whole * 10 + tenth > 1000)
		return status_set(ST_INVALID,
				  _("--stretch needs a factor from 1 to 100 with at most one "
				    "decimal (1.5), not \"%s\""),
				  v);
	*out = whole * 10 + tenth;
	return ST_OK;
}

/* The options of report churn, checked. */
enum status report_churn_options(const struct report_args *a, struct churn_options *o)
{
	int limit = -1;
	enum status st;

	churn_options_default(o);
	st = opt_int(a, "silent", 1, 3650, &o->silent_days);
	if (st == ST_OK)
		st = opt_stretch(a, &o->stretch10);
	if (st == ST_OK)
		st = opt_int(a, "drop", 1, 100, &o->drop_pct);
	if (st == ST_OK)
		st = opt_int(a, "limit", 0, 1000000, &limit);
	if (limit >= 0)
		o->limit = (size_t)limit;
	return st;
}

static const struct report_col churn_cols[] = {
	{ "account", N_("Account"), RC_TEXT },
	{ "owner", N_("Owner"), RC_TEXT },
	{ "reason", N_("Reason"), RC_TEXT },
	{ "value_at_risk", N_("At risk"), RC_MONEY },
	{ "previous", N_("Previous"), RC_MONEY },
	{ "change", N_("Change"), RC_PERCENT },
	{ "purchases", N_("Buys"), RC_INT },
	{ "last_purchase", N_("Last buy"), RC_TEXT },
	{ "interval", N_("Interval"), RC_NUMBER },
	{ "days_since_purchase", N_("Since"), RC_INT },
	{ "last_contact", N_("Contacted"), RC_TEXT },
	{ "days_silent", N_("Silent"), RC_INT },
	{ "other_currencies", N_("Other currencies"), RC_TEXT },
	{ "contact", N_("Call"), RC_TEXT },
	{ "next_touch", N_("Next touch"), RC_TEXT },
	{ "reasons", N_("Codes"), RC_TEXT },
	{ "id", N_("Id"), RC_TEXT },
};
#define NCHURN (sizeof(churn_cols) / sizeof(churn_cols[0]))

static void churn_line(struct report_table *t, const struct churn_report *r,
		       const struct churn_account *a)
{
	size_t row = report_table_add_row(t), i;
	struct strbuf codes = STRBUF_INIT, other = STRBUF_INIT;
	char *text = report_churn_reason_text(a), *ch;

	report_table_set(t, row, 0, a->name);
	report_table_set(t, row, 1, a->owner_name ? a->owner_name : a->owner);
	report_table_set(t, row, 2, text);
	free(text);
	report_table_set_money(t, row, 3, a->value, r->exponent);
	report_table_set_money(t, row, 4, a->previous, r->exponent);
	if (a->has_change) {
		ch = tenths_text(a->change10);
		report_table_set(t, row, 5, ch);
		free(ch);
	}
	report_table_set_int(t, row, 6, a->purchases);
	report_table_set(t, row, 7, a->last_purchase);
	report_table_set_tenths(t, row, 8, a->interval10);
	report_table_set_int(t, row, 9, a->days_since_purchase);
	report_table_set(t, row, 10, *a->last_contact ? a->last_contact : NULL);
	if (a->days_silent >= 0)
		report_table_set_int(t, row, 11, a->days_silent);
	for (i = 0; i < a->nothers; i++) {
		char *cur = money_format(a->others[i].current,
					 money_exponent(a->others[i].currency), false);

		strbuf_addf(&other, "%s%s %s", other.len ? ", " : "", a->others[i].currency, cur);
		free(cur);
	}
	report_table_set(t, row, 12, other.len ? other.s : NULL);
	if (a->contact_name)
		report_table_set(t, row, 13, a->contact_name);
	else if (a->blocked)
		report_table_set(t, row, 13, _("(do not contact)"));
	report_table_set(t, row, 14, *a->next_touch ? a->next_touch : NULL);
	if (a->reasons & CHURN_INTERVAL)
		strbuf_adds(&codes, "interval");
	if (a->reasons & CHURN_REVENUE)
		strbuf_addf(&codes, "%srevenue", codes.len ? "," : "");
	if (a->reasons & CHURN_SILENCE)
		strbuf_addf(&codes, "%ssilence", codes.len ? "," : "");
	report_table_set(t, row, 15, codes.s);
	report_table_set(t, row, 16, a->id);
	strbuf_release(&codes);
	strbuf_release(&other);
}

static enum status churn_run(struct db *db, const struct report_args *a, struct report_output *o)
{
	static const struct report_col sum_cols[] = {
		{ "customers", N_("Customers"), RC_INT },
		{ "at_risk", N_("At risk"), RC_INT },
		{ "interval", N_("Interval"), RC_INT },
		{ "revenue", N_("Revenue"), RC_INT },
		{ "silence", N_("Silence"), RC_INT },
		{ "value_at_risk", N_("Value at risk"), RC_MONEY },
	};
	struct report_col cols[NCHURN];
	struct churn_options opt;
	struct churn_report r;
	struct report_table *t;
	char num[24], *title;
	enum status st;
	size_t i;

	st = report_churn_options(a, &opt);
	if (st != ST_OK)
		return st;
	st = report_churn(db, &a->span, &a->scope, &opt, &r);
	if (st != ST_OK) {
		report_churn_free(&r);
		return st;
	}
	report_output_meta(o, "currency", r.currency);
	report_output_meta(o, "reference_day", r.ref);
	report_output_meta(o, "previous_from", r.prev_first);
	report_output_meta(o, "previous_to", r.prev_last);
	snprintf(num, sizeof(num), "%d", r.opt.silent_days);
	report_output_meta(o, "silent_days", num);
	snprintf(num, sizeof(num), "%d.%d", r.opt.stretch10 / 10, r.opt.stretch10 % 10);
	report_output_meta(o, "stretch", num);
	snprintf(num, sizeof(num), "%d", r.opt.drop_pct);
	report_output_meta(o, "drop", num);
	for (i = 0; i < NCHURN; i++) {
		cols[i] = churn_cols[i];
		cols[i].label = _(churn_cols[i].label);
	}
	title = xasprintf(_("Churn risk on %s (revenue %s .. %s against %s .. %s), %s"), r.ref,
			  r.first, r.last, r.prev_first, r.prev_last,
			  a->scope.label ? a->scope.label : _("team"));
	t = report_output_table(o, "churn", title, cols, NCHURN);
	free(title);
	for (i = 0; i < r.n; i++)
		churn_line(t, &r, &r.rows[i]);
	for (i = 0; i < sizeof(sum_cols) / sizeof(sum_cols[0]); i++) {
		cols[i] = sum_cols[i];
		cols[i].label = _(sum_cols[i].label);
	}
	t = report_output_table(o, "summary", _("Customers at risk, by reason"), cols,
				sizeof(sum_cols) / sizeof(sum_cols[0]));
	i = report_table_add_row(t);
	report_table_set_int(t, i, 0, (int64_t)r.customers);
	report_table_set_int(t, i, 1, (int64_t)r.at_risk);
	report_table_set_int(t, i, 2, (int64_t)r.by_reason[0]);
	report_table_set_int(t, i, 3, (int64_t)r.by_reason[1]);
	report_table_set_int(t, i, 4, (int64_t)r.by_reason[2]);
	report_table_set_money(t, i, 5, r.value_at_risk, r.exponent);
	if (r.n < r.at_risk)
		report_output_note(o,
				   _("The first %zu of %zu customers at risk (--limit 0 lists "
				     "them all)."),
				   r.n, r.at_risk);
	for (i = 0; i < r.n; i++)
		if (r.rows[i].nothers)
			break;
	if (i < r.n)
		report_output_note(o,
				   _("Revenue in other currencies than %s is shown apart and is "
				     "not in the value at risk."),
				   r.currency);
	report_churn_free(&r);
	return ST_OK;
}

static const char *const churn_options_help[] = {
	"silent",
	N_("DAYS   silence: no log or completed activity in DAYS days (default 90)"),
	"stretch",
	N_("X     interval: days since the last purchase over X times the average\n"
	   "              interval (default 2, one decimal: 1.5)"),
	"drop",
	/* xgettext:no-c-format */
	N_("PCT      revenue: the window's revenue PCT% or more below the previous\n"
	   "              window's (default 30)"),
	"limit",
	N_("N       list the first N customers at risk (default 50; 0: all)"),
	NULL,
};

const struct report_def report_def_churn = {
	.name = "churn",
	.summary = N_("customers drifting away, with the reason, owner and value at risk"),
	/* xgettext:no-c-format */
	.help = N_("A customer is an account with a won deal (closed on or before the reference\n"
		   "day: the period's last day, or today if the period ends later). The period\n"
		   "is the current window; the previous window is the period before it, as long.\n"
		   "A customer is at risk for any of these reasons:\n"
		   "  interval  it bought on 2 days or more and the days since its last purchase\n"
		   "            are more than --stretch x its average interval, (last purchase\n"
		   "            day - first) / (purchase days - 1)\n"
		   "  revenue   its won revenue in the window is --drop % or more below the\n"
		   "            previous window's (each currency on its own)\n"
		   "  silence   no follow-up log and no completed activity about the account,\n"
		   "            its contacts or its deals in the last --silent days\n"
		   "At risk     the value at risk: won revenue in the window (the database's\n"
		   "            currency; other currencies are shown apart, never added)\n"
		   "Previous, Change  revenue in the previous window, and the change against it\n"
		   "Buys, Last buy, Interval, Since  purchase days, the last one, the average\n"
		   "            interval in days, days since the last purchase\n"
		   "Contacted, Silent  the last log or completed activity, days since it\n"
		   "Call        the contact a touch would call: the one logged most recently,\n"
		   "            never one marked do_not_contact\n"
		   "Next touch  the first planned activity about the account from today on\n"
		   "Sorted by value at risk, then previous revenue, then the latest purchase.\n"
		   "salesterm account touch ACCOUNT schedules a call for the account's owner.\n"),
	.options = churn_options_help,
	.default_period = REPORT_CUSTOM,
	.run = churn_run,
};
