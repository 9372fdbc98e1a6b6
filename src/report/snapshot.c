/* snapshot.c - forecast snapshots: a forecast call's figures, frozen
 * (snapshot.h). */
#include "report/snapshot.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "money.h"
#include "record.h"
#include "strbuf.h"
#include "user.h"
#include "xalloc.h"

static const char *const period_names[] = { [REPORT_MONTH] = "month",
					    [REPORT_QUARTER] = "quarter",
					    [REPORT_YEAR] = "year",
					    [REPORT_CUSTOM] = "custom" };

char *snapshot_format(const struct forecast *fc)
{
	struct strbuf out = STRBUF_INIT;

	for (size_t i = 0; i < fc->n; i++) {
		const struct forecast_row *r = &fc->rows[i];

		strbuf_addf(&out,
			    "%s\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%" PRId64
			    "\t%" PRId64 "\t%" PRId64 "\t%s\n",
			    r->owner ? r->owner : "-", r->quota, r->by_category[FC_CLOSED],
			    r->by_category[FC_COMMIT], r->by_category[FC_BEST_CASE],
			    r->by_category[FC_PIPELINE], r->by_category[FC_OMITTED], r->weighted,
			    r->name ? r->name : "-");
	}
	return strbuf_detach(&out);
}

/* Open, attainment, gap and coverage as forecast.h defines them. */
static void derive(struct forecast_row *r)
{
	int64_t closed = r->by_category[FC_CLOSED];

	r->open =
	    r->by_category[FC_COMMIT] + r->by_category[FC_BEST_CASE] + r->by_category[FC_PIPELINE];
	r->attainment = r->quota > 0 ? (int64_t)((__int128)closed * 1000 / r->quota) : -1;
	r->gap = r->quota > closed ? r->quota - closed : 0;
	r->coverage = r->gap > 0 ? (int64_t)((__int128)r->open * 10 / r->gap) : -1;
}

#define SNAPSHOT_FIELDS 9 /* owner, 7 numbers, name */

/* One line into a new row of fc; false if it is not in the format. */
static bool parse_line(char *line, struct forecast *fc)
{
	char *f[SNAPSHOT_FIELDS], *save = NULL, *tok, *e;
	int64_t v[SNAPSHOT_FIELDS - 2];
	struct forecast_row *r;
	int n = 0, k;

	for (tok = strtok_r(line, "\t", &save); tok && n < SNAPSHOT_FIELDS;
	     tok = strtok_r(NULL, "\t", &save))
		f[n++] = tok;
	if (n != SNAPSHOT_FIELDS || tok != NULL)
		return false;
	for (k = 0; k < SNAPSHOT_FIELDS - 2; k++) {
		v[k] = strtoll(f[k + 1], &e, 10);
		if (*e || e == f[k + 1])
			return false;
	}
	fc->rows = xreallocarray(fc->rows, fc->n + 1, sizeof(*fc->rows));
	r = &fc->rows[fc->n++];
	memset(r, 0, sizeof(*r));
	r->owner = strcmp(f[0], "-") ? xstrdup(f[0]) : NULL;
	r->name = xstrdup(f[SNAPSHOT_FIELDS - 1]);
	r->quota = v[0];
	r->by_category[FC_CLOSED] = v[1];
	r->by_category[FC_COMMIT] = v[2];
	r->by_category[FC_BEST_CASE] = v[3];
	r->by_category[FC_PIPELINE] = v[4];
	r->by_category[FC_OMITTED] = v[5];
	r->weighted = v[6];
	derive(r);
	fc->total.quota += r->quota;
	fc->total.weighted += r->weighted;
	for (k = 0; k < FC_COUNT; k++)
		fc->total.by_category[k] += r->by_category[k];
	return true;
}

enum status snapshot_parse(const char *text, struct forecast *fc)
{
	const char *p = text ? text : "";

	while (*p) {
		const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p);
		char *line = xstrndup(p, (size_t)(end - p));
		bool good = parse_line(line, fc);

		free(line);
		if (!good)
			return status_set(ST_INVALID,
					  _("a forecast snapshot's figures are damaged"));
		p = nl ? nl + 1 : end;
	}
	derive(&fc->total);
	return ST_OK;
}

enum status snapshot_take(struct db *db, const struct report_span *span,
			  const struct report_scope_request *req, const char *name, char **id)
{
	struct forecast fc = { 0 };
	struct report_scope scope = { 0 };
	struct record *r = NULL;
	char now[21], today[11], *figures = NULL, *title = NULL, *me = NULL;
	enum status st;

	*id = NULL;
	st = report_scope_resolve(db, req, &scope);
	if (st == ST_OK)
		st = report_forecast(db, span, &scope, &fc);
	if (st != ST_OK)
		goto out;
	figures = snapshot_format(&fc);
	clock_iso_utc(clock_now(), now);
	clock_today(today);
	if (name == NULL || *name == '\0')
		title = xasprintf(_("Forecast call %s"), today);
	me = user_current_id(db);
	r = record_new(&entity_forecast_snapshot);
	st = record_input(db, r, "name", title ? title : name);
	if (st == ST_OK) {
		record_set(r, "period", period_names[span->kind]);
		record_set(r, "first", span->first);
		record_set(r, "last", span->last);
		record_set(r, "scope", scope.label);
		record_set(r, "at", now);
		record_set(r, "user", me);
		record_set(r, "currency", fc.currency);
		record_set(r, "figures", figures);
		st = record_insert(db, r);
	}
	if (st == ST_OK)
		*id = xstrdup(r->id);
out:
	record_free(&r);
	report_forecast_free(&fc);
	report_scope_free(&scope);
	free(figures);
	free(title);
	free(me);
	return st;
}

void snapshot_free(struct snapshot *s)
{
	free(s->id);
	free(s->name);
	free(s->at);
	free(s->user);
	free(s->scope);
	report_forecast_free(&s->fc);
	memset(s, 0, sizeof(*s));
}

enum status snapshot_load(struct db *db, const char *ref, struct snapshot *out)
{
	struct record *r = NULL;
	const char *period, *scope;
	enum status st;

	memset(out, 0, sizeof(*out));
	st = record_find(db, &entity_forecast_snapshot, ref, &r);
	if (st != ST_OK)
		return st;
	out->id = xstrdup(r->id);
	out->name = xstrdup(record_get(r, "name"));
	out->at = xstrdup(record_get(r, "at"));
	out->user = record_get(r, "user") ? xstrdup(record_get(r, "user")) : NULL;
	scope = record_get(r, "scope");
	out->scope = xstrdup(scope ? scope : "");
	period = record_get(r, "period");
	out->span.kind = REPORT_QUARTER;
	for (int k = 0; k <= REPORT_CUSTOM; k++)
		if (strcmp(period, period_names[k]) == 0)
			out->span.kind = (enum report_period)k;
	snprintf(out->span.first, sizeof(out->span.first), "%s", record_get(r, "first"));
	snprintf(out->span.last, sizeof(out->span.last), "%s", record_get(r, "last"));
	snprintf(out->fc.first, sizeof(out->fc.first), "%s", out->span.first);
	snprintf(out->fc.last, sizeof(out->fc.last), "%s", out->span.last);
	snprintf(out->fc.currency, sizeof(out->fc.currency), "%s", record_get(r, "currency"));
	out->fc.exponent = money_exponent(out->fc.currency);
	if (out->fc.exponent < 0)
		out->fc.exponent = 2;
	out->fc.total.name = xstrdup(out->scope);
	st = snapshot_parse(record_get(r, "figures"), &out->fc);
	record_free(&r);
	if (st != ST_OK)
		snapshot_free(out);
	return st;
}
