/* funnel.c - the funnel: stages, and deals counted and summed per stage. */
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

/* ---- funnel ---- */

void report_funnel_free(struct funnel *fu)
{
	size_t i;

	for (i = 0; i < fu->n; i++) {
		free(fu->stages[i].id);
		free(fu->stages[i].name);
	}
	free(fu->stages);
	memset(fu, 0, sizeof(*fu));
}

enum status report_funnel_stages(struct db *db, struct funnel *out)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	snprintf(out->currency, sizeof(out->currency), "%s", record_default_currency(db));
	out->exponent = money_exponent(out->currency);
	if (out->exponent < 0)
		out->exponent = 2;
	st = db_prepare(db, "SELECT id, name, position, probability, coalesce(idle_days, 0), won, "
			    "lost FROM stage WHERE deleted = 0 ORDER BY position, n");
	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct funnel_stage *s;

		out->stages = xreallocarray(out->stages, out->n + 1, sizeof(*out->stages));
		s = &out->stages[out->n++];
		memset(s, 0, sizeof(*s));
		s->id = db_column_strdup(st, 0);
		s->name = xstrdup(i18n_value((const char *)sqlite3_column_text(st, 1))); /* shown */
		s->position = sqlite3_column_int64(st, 2);
		s->probability = sqlite3_column_int64(st, 3);
		s->idle_days = sqlite3_column_int64(st, 4);
		s->won = sqlite3_column_int(st, 5) != 0;
		s->lost = sqlite3_column_int(st, 6) != 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		report_funnel_free(out);
		return db_error(db, rc, _("reading stages"));
	}
	return ST_OK;
}

enum status report_funnel_sum(struct db *db, const struct funnel_filter *f, struct funnel *fu,
			      size_t i)
{
	struct funnel_filter none = { 0 };
	struct funnel_stage *s;
	int64_t count = 0, amount = 0, weighted = 0, other = 0;
	sqlite3_stmt *st;
	int rc;

	if (i >= fu->n)
		return status_set(ST_INVALID, "%s", _("no such stage"));
	if (f == NULL)
		f = &none;
	s = &fu->stages[i];
	/* From the (stage, owner, ...) index alone (0009-indexes.sql), grouped by
	 * "in the funnel's currency". */
#define SUM(OWN)                                                                                   \
	"SELECT coalesce(currency, ?6) = ?6, count(*), coalesce(sum(amount), 0), "                 \
	"coalesce(sum(amount * coalesce(probability, 0)), 0) FROM opportunity INDEXED BY "         \
	"opportunity_stage_owner WHERE deleted = 0 AND stage = ?1 AND " OWN " AND (?3 IS NULL "    \
	"OR close_date >= ?3) AND (?4 IS NULL OR close_date <= ?4) AND (?5 IS NULL OR "            \
	"category = ?5) GROUP BY 1"
	st = db_prepare(db, REPORT_SQL(f->owner, SUM("owner = ?2"), SUM("?2 IS NULL")));
#undef SUM
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, s->id);
	db_bind_text(st, 2, f->owner);
	db_bind_text(st, 3, f->from);
	db_bind_text(st, 4, f->to);
	db_bind_text(st, 5, f->category);
	db_bind_text(st, 6, fu->currency);
	/* Summed apart and applied once complete: a stopped query adds nothing. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t cnt = sqlite3_column_int64(st, 1);

		count += cnt;
		if (sqlite3_column_int(st, 0)) {
			amount += sqlite3_column_int64(st, 2);
			weighted += sqlite3_column_int64(st, 3) / 100;
		} else {
			other += cnt;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, _("summing the funnel"));
	s->count += count;
	s->amount += amount;
	s->weighted += weighted;
	s->other_currency += other;
	fu->count += s->count;
	fu->amount += s->amount;
	fu->weighted += s->weighted;
	return ST_OK;
}

enum status report_funnel(struct db *db, const struct funnel_filter *f, struct funnel *out)
{
	enum status st = report_funnel_stages(db, out);
	size_t i;

	for (i = 0; st == ST_OK && i < out->n; i++)
		st = report_funnel_sum(db, f, out, i);
	if (st != ST_OK)
		report_funnel_free(out);
	return st;
}
