/* adjustment.c - the rules of a forecast adjustment, and recording one. */
#include "adjustment.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "record.h"
#include "report/span.h"
#include "rules.h"
#include "xalloc.h"

static bool empty(const char *s)
{
	return s == NULL || *s == '\0';
}

static bool territory_has_users(struct db *db, const char *t)
{
	sqlite3_stmt *st =
	    db_prepare(db, "SELECT 1 FROM user WHERE deleted = 0 AND territory = ?1 LIMIT 1");
	bool found;

	if (st == NULL)
		return false;
	db_bind_text(st, 1, t);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

int adjustment_rule(struct db *db, struct record *rec, const struct record *old)
{
	const char *user = record_get(rec, "user"), *terr = record_get(rec, "territory");
	const char *period = record_get(rec, "period"), *cur = record_get(rec, "currency");
	const char *def = record_default_currency(db);
	struct report_span span;
	char label[24];

	(void)old;
	if (report_span_parse(period, &span) != ST_OK)
		return status_set(ST_INVALID,
				  _("forecast adjustment: period \"%s\": write 2026Q4, 2026-11 or "
				    "2026"),
				  period ? period : "");
	if (span.kind == REPORT_CUSTOM)
		return status_set(
		    ST_INVALID, "%s",
		    _("forecast adjustment: a period is a month, a quarter or a year, "
		      "not a range of days"));
	report_span_label(&span, label);
	record_set(rec, "period", label);
	if (empty(user) == empty(terr))
		return status_set(
		    ST_INVALID, "%s",
		    _("forecast adjustment: name a rep or a territory (one of them)"));
	if (!empty(terr) && !territory_has_users(db, terr))
		return status_set(ST_NOT_FOUND, _("no user has the territory \"%s\""), terr);
	if (empty(record_get(rec, "commit")) && empty(record_get(rec, "best_case")))
		return status_set(ST_INVALID, "%s",
				  _("forecast adjustment: give commit=AMOUNT, best_case=AMOUNT or "
				    "both"));
	if (empty(cur))
		record_set(rec, "currency", def);
	else if (strcmp(cur, def) != 0)
		return status_set(ST_INVALID,
				  _("forecast adjustment: amounts are in %s, the forecast's "
				    "currency, not %s"),
				  def, cur);
	return ST_OK;
}

enum status adjustment_add(struct db *db, const struct adjustment_input *in, char **id)
{
	struct record *r = record_new(&entity_forecast_adjustment);
	struct kv kv[6];
	size_t n = 0;
	enum status st;

	if (in->rep)
		kv[n++] = (struct kv){ "user", in->rep };
	if (in->territory)
		kv[n++] = (struct kv){ "territory", in->territory };
	kv[n++] = (struct kv){ "period", in->period ? in->period : "" };
	if (in->commit)
		kv[n++] = (struct kv){ "commit", in->commit };
	if (in->best_case)
		kv[n++] = (struct kv){ "best_case", in->best_case };
	if (in->note)
		kv[n++] = (struct kv){ "note", in->note };
	st = record_input_all(db, r, kv, n);
	if (st == ST_OK)
		st = record_insert(db, r);
	if (st == ST_OK && id)
		*id = xstrdup(r->id);
	record_free(&r);
	return st;
}
