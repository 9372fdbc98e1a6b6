/* customer.c - one customer's 360-degree view: its activities, follow-ups
 * and deals. */
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "clock.h"
#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "money.h"
#include "report/internal.h"
#include "search.h"
#include "validate.h"
#include "xalloc.h"

/* ---- one customer ---- */

/*
 * The records "about" an account in table t (activity or followup, by their
 * related column): its own, its contacts' and its deals'. Three lookups
 * through the (related) index joined by UNION ALL; an OR of them would scan
 * the whole table. cond is the rest of each WHERE, on alias x.
 */
#define ABOUT_ACCOUNT(t, cols, cond)                                                               \
	"SELECT " cols " FROM " t " x WHERE x.deleted = 0 AND x.related = ?1 AND " cond            \
	" UNION ALL SELECT " cols " FROM contact c JOIN " t " x ON x.related = c.id "              \
	"AND x.deleted = 0 WHERE c.account = ?1 AND c.deleted = 0 AND " cond                       \
	" UNION ALL SELECT " cols " FROM opportunity o JOIN " t " x ON x.related = o.id "          \
	"AND x.deleted = 0 WHERE o.account = ?1 AND o.deleted = 0 AND " cond
#define ABOUT_ONE(t, cols, cond)                                                                   \
	"SELECT " cols " FROM " t " x WHERE x.deleted = 0 AND x.related = ?1 AND " cond

#define UPCOMING "x.status = 'planned' AND (x.start >= ?2 OR (x.start IS NULL AND x.due >= ?3))"
#define PAST "(x.status != 'planned' OR x.start < ?2 OR (x.start IS NULL AND x.due < ?3))"
#define ACT_COLS "x.id, coalesce(x.start, x.due) AS k, x.n AS n"

enum status report_customer_activities(struct db *db, const struct entity *type, const char *id,
				       bool upcoming, int limit, struct report_rows *out)
{
	bool acc = type == &entity_account;
	char today[11], start[21], end[21];
	sqlite3_stmt *st;
	const char *sql;

	if (limit <= 0)
		limit = REPORT_DEFAULT_LIMIT;
	clock_today(today);
	report_day_range(today, today, start, end);
	if (upcoming)
		sql = acc ? ABOUT_ACCOUNT("activity", ACT_COLS, UPCOMING) " ORDER BY k, n LIMIT ?4"
			  : ABOUT_ONE("activity", ACT_COLS, UPCOMING) " ORDER BY k, n LIMIT ?4";
	else
		sql =
		    acc ? ABOUT_ACCOUNT("activity", ACT_COLS,
					PAST) " ORDER BY k DESC, n DESC LIMIT ?4"
			: ABOUT_ONE("activity", ACT_COLS, PAST) " ORDER BY k DESC, n DESC LIMIT ?4";
	st = db_prepare(db, sql);
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, start);
	db_bind_text(st, 3, today);
	sqlite3_bind_int(st, 4, limit);
	return report_rows_from_stmt(db, st, &entity_activity, false, out,
				     _("reading the schedule"));
}

enum status report_customer_followups(struct db *db, const struct entity *type, const char *id,
				      int limit, struct report_rows *out)
{
	sqlite3_stmt *st;

	if (limit <= 0)
		limit = REPORT_DEFAULT_LIMIT;
	st = db_prepare(db, type == &entity_account
				? ABOUT_ACCOUNT("followup", "x.id, x.at AS k, x.n AS n",
						"1") " ORDER BY k DESC, n DESC LIMIT ?2"
				: ABOUT_ONE("followup", "x.id, x.at AS k, x.n AS n",
					    "1") " ORDER BY k DESC, n DESC LIMIT ?2");
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, id);
	sqlite3_bind_int(st, 2, limit);
	return report_rows_from_stmt(db, st, &entity_followup, false, out, _("reading follow-ups"));
}

enum status report_customer_deals(struct db *db, const struct entity *type, const char *id,
				  bool open, int limit, struct report_rows *out)
{
	/* Each through an index: an account's deals by (account); a contact's
	 * among its account's (deals name a contact of their account); a lead's
	 * is the deal it was converted to; a deal is itself. */
	const char *which =
	    type == &entity_account ? "o.account = ?1"
	    : type == &entity_contact
		? "o.account = (SELECT account FROM contact WHERE id = ?1) AND o.contact = ?1"
	    : type == &entity_opportunity
		? "o.id = ?1"
		: "o.id = (SELECT converted_opportunity FROM lead WHERE id = ?1)";
	char *sql;
	sqlite3_stmt *st;

	if (limit <= 0)
		limit = REPORT_DEFAULT_LIMIT;
	/* which is one of four fixed fragments above, never user text. */
	sql = xasprintf("SELECT o.id, s.won FROM opportunity o JOIN stage s ON s.id = o.stage "
			"WHERE o.deleted = 0 AND %s AND %s ORDER BY "
			"coalesce(o.close_date, '9999') %s, o.n LIMIT ?2",
			which, open ? "s.won = 0 AND s.lost = 0" : "(s.won = 1 OR s.lost = 1)",
			open ? "" : "DESC");
	st = db_prepare(db, sql);
	free(sql);
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, id);
	sqlite3_bind_int(st, 2, limit);
	return report_rows_from_stmt(db, st, &entity_opportunity, true, out, _("reading deals"));
}
