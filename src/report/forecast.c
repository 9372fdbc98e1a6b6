/* forecast.c - the forecast of a period: per rep and category, quota and
 * attainment. */
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

/* ---- forecast ---- */

void report_forecast_free(struct forecast *fc)
{
	size_t i;

	for (i = 0; i < fc->n; i++) {
		free(fc->rows[i].owner);
		free(fc->rows[i].name);
	}
	free(fc->rows);
	free(fc->total.name);
	memset(fc, 0, sizeof(*fc));
}

static struct forecast_row *forecast_row_for(struct forecast *fc, const char *owner)
{
	size_t i;
	struct forecast_row *r;

	for (i = 0; i < fc->n; i++) {
		const char *o = fc->rows[i].owner;

		if ((o == NULL && owner == NULL) || (o && owner && strcmp(o, owner) == 0))
			return &fc->rows[i];
	}
	fc->rows = xreallocarray(fc->rows, fc->n + 1, sizeof(*fc->rows));
	r = &fc->rows[fc->n++];
	memset(r, 0, sizeof(*r));
	r->owner = xstrdup(owner);
	r->attainment = -1;
	return r;
}

static int months_of(const char *period)
{
	if (period && strcmp(period, "month") == 0)
		return 1;
	if (period && strcmp(period, "year") == 0)
		return 12;
	return 3;
}

static int row_cmp(const void *a, const void *b)
{
	const struct forecast_row *x = a, *y = b;

	if (x->owner == NULL || y->owner == NULL)
		return (x->owner == NULL) - (y->owner == NULL);
	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

static int64_t attainment_of(int64_t closed, int64_t quota)
{
	if (quota <= 0)
		return -1;
	/* Tenths of a percent, rounded down; __int128 keeps large sums exact. */
	return (int64_t)((__int128)closed * 1000 / quota);
}

enum status report_forecast(struct db *db, enum report_period p, const char *date, int offset,
			    struct forecast *out)
{
	int months = p == REPORT_MONTH ? 1 : p == REPORT_QUARTER ? 3 : 12;
	sqlite3_stmt *st;
	size_t i;
	int rc, c;

	memset(out, 0, sizeof(*out));
	if (!report_period_bounds(p, date, offset, out->first, out->last))
		return status_set(ST_INVALID, _("\"%s\" is not a date"), date ? date : "");
	snprintf(out->currency, sizeof(out->currency), "%s", record_default_currency(db));
	out->exponent = money_exponent(out->currency);
	if (out->exponent < 0)
		out->exponent = 2;
	/* Every rep, with the quota converted to this period. */
	st = db_prepare(db, "SELECT id, name, coalesce(quota, 0), period, coalesce(currency, ?1) "
			    "FROM user WHERE deleted = 0 AND role = 'rep' ORDER BY name, n");
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, out->currency);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct forecast_row *r =
		    forecast_row_for(out, (const char *)sqlite3_column_text(st, 0));
		const char *cur = (const char *)sqlite3_column_text(st, 4);

		r->name = db_column_strdup(st, 1);
		if (cur && strcmp(cur, out->currency) == 0)
			r->quota = (int64_t)((__int128)sqlite3_column_int64(st, 2) * months /
					     months_of((const char *)sqlite3_column_text(st, 3)));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		report_forecast_free(out);
		return db_error(db, rc, _("reading users"));
	}
	/* The period's deals by owner and category: the covering index
	 * (close_date, owner, category, amount) answers most of it. */
	st = db_prepare(db, "SELECT owner, category, coalesce(sum(amount), 0), "
			    "coalesce(sum(amount * coalesce(probability, 0)), 0) FROM opportunity "
			    "WHERE deleted = 0 AND close_date >= ?1 AND close_date <= ?2 AND "
			    "coalesce(currency, ?3) = ?3 GROUP BY owner, category");
	if (st == NULL) {
		report_forecast_free(out);
		return ST_DB;
	}
	db_bind_text(st, 1, out->first);
	db_bind_text(st, 2, out->last);
	db_bind_text(st, 3, out->currency);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cat = (const char *)sqlite3_column_text(st, 1);
		struct forecast_row *r =
		    forecast_row_for(out, (const char *)sqlite3_column_text(st, 0));

		for (c = 0; c < FC_COUNT; c++) {
			if (cat && strcmp(cat, report_categories[c]) == 0) {
				r->by_category[c] += sqlite3_column_int64(st, 2);
				if (c != FC_CLOSED)
					r->weighted += sqlite3_column_int64(st, 3) / 100;
			}
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		report_forecast_free(out);
		return db_error(db, rc, _("summing the forecast"));
	}
	for (i = 0; i < out->n; i++) {
		struct forecast_row *r = &out->rows[i];

		if (r->name == NULL)
			r->name = r->owner ? record_title_of(db, "user", r->owner) : xstrdup("-");
		r->attainment = attainment_of(r->by_category[FC_CLOSED], r->quota);
		out->total.quota += r->quota;
		out->total.weighted += r->weighted;
		for (c = 0; c < FC_COUNT; c++)
			out->total.by_category[c] += r->by_category[c];
	}
	if (out->n > 1)
		qsort(out->rows, out->n, sizeof(*out->rows), row_cmp);
	out->total.name = xstrdup(_("All reps"));
	out->total.attainment = attainment_of(out->total.by_category[FC_CLOSED], out->total.quota);
	return ST_OK;
}
