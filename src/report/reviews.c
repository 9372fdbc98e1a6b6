/* reviews.c - the reviewers' queue: deals whose rep asked for a gated
 * stage's review (src/opportunity.c), oldest request first; and a rep's
 * requests sent back. Read through the partial indexes of 0008-reviews.sql, so a million deals cost
 * what a hundred do. */
#include "report/report.h"

#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "report/internal.h"

enum status report_reviews(struct db *db, const char *role, int limit, struct report_rows *out)
{
	sqlite3_stmt *st;

	if (limit <= 0)
		limit = REPORT_DEFAULT_LIMIT;
	st = db_prepare(db, "SELECT o.id FROM opportunity o JOIN stage s ON s.id = o.review_stage "
			    "WHERE o.review_status = 'requested' AND o.deleted = 0 AND "
			    "s.review_role = ?1 ORDER BY o.review_at, o.n LIMIT ?2");
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, role);
	sqlite3_bind_int(st, 2, limit);
	return report_rows_from_stmt(db, st, &entity_opportunity, false, out,
				     _("reading the reviews asked for"));
}

enum status report_reviews_returned(struct db *db, const char *owner, int limit,
				    struct report_rows *out)
{
	sqlite3_stmt *st;

	if (limit <= 0)
		limit = REPORT_DEFAULT_LIMIT;
	st = db_prepare(db, "SELECT id FROM opportunity WHERE review_status = 'returned' AND "
			    "owner = ?1 AND deleted = 0 ORDER BY review_at, n LIMIT ?2");
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, owner);
	sqlite3_bind_int(st, 2, limit);
	return report_rows_from_stmt(db, st, &entity_opportunity, false, out,
				     _("reading the reviews sent back"));
}

/* Through the partial index of the reviews asked for (0008), named: without
 * the name SQLite's planner walked every live deal through another partial
 * index (deleted = 0) and read each row, 0.9 s at 1M contacts, before a
 * manager's first screen. */
enum status report_reviews_count(struct db *db, const char *role, int64_t *count)
{
	sqlite3_stmt *st = db_prepare(
	    db, "SELECT count(*) FROM opportunity o INDEXED BY opportunity_review "
		"JOIN stage s ON s.id = o.review_stage "
		"WHERE o.review_status = 'requested' AND o.deleted = 0 AND s.review_role = ?1");
	int rc;

	*count = 0;
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, role);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : db_error(db, rc, _("counting the reviews asked for"));
}
