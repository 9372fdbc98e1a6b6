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

static const char *const period_names[] = {
	[REPORT_MONTH] = "month", [REPORT_QUARTER] = "quarter", [REPORT_YEAR] = "year"
};

char *snapshot_format(const struct forecast *fc)
{
	struct strbuf out = STRBUF_INIT;

	for (size_t i = 0; i < fc->n; i++) {
		const struct forecast_row *r = &fc->rows[i];

		strbuf_addf(&out,
			    "%s\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%" PRId64
			    "\t%" PRId64 "\t%s\n",
			    r->owner ? r->owner : "-", r->quota, r->by_category[FC_CLOSED],
			    r->by_category[FC_COMMIT], r->by_category[FC_BEST_CASE],
			    r->by_category[FC_PIPELINE], r->weighted, r->name ? r->name : "-");
	}
	return strbuf_detach(&out);
}

static int64_t attainment(int64_t closed, int64_t quota)
{
	return quota > 0 ? (int64_t)((__int128)closed * 1000 / quota) : -1;
}

enum status snapshot_parse(const char *text, struct forecast *fc)
{
	const char *p = text ? text : "";

	while (*p) {
		const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p);
		char *line = xstrndup(p, (size_t)(end - p)), *f[8], *save = NULL, *tok;
		int n = 0;

		for (tok = strtok_r(line, "\t", &save); tok && n < 8;
		     tok = strtok_r(NULL, "\t", &save))
			f[n++] = tok;
		if (n == 8) {
			struct forecast_row *r;
			int64_t v[6];
			char *e;
			int k;

			for (k = 0; k < 6; k++) {
				v[k] = strtoll(f[k + 1], &e, 10);
				if (*e)
					break;
			}
			if (k == 6) {
				fc->rows = xreallocarray(fc->rows, fc->n + 1, sizeof(*fc->rows));
				r = &fc->rows[fc->n++];
				memset(r, 0, sizeof(*r));
				r->owner = strcmp(f[0], "-") ? xstrdup(f[0]) : NULL;
				r->name = xstrdup(f[7]);
				r->quota = v[0];
				r->by_category[FC_CLOSED] = v[1];
				r->by_category[FC_COMMIT] = v[2];
				r->by_category[FC_BEST_CASE] = v[3];
				r->by_category[FC_PIPELINE] = v[4];
				r->weighted = v[5];
				r->attainment = attainment(v[1], v[0]);
				fc->total.quota += r->quota;
				fc->total.weighted += r->weighted;
				for (k = 0; k < FC_COUNT; k++)
					fc->total.by_category[k] += r->by_category[k];
				free(line);
				p = nl ? nl + 1 : end;
				continue;
			}
		}
		free(line);
		return status_set(ST_INVALID, _("a forecast snapshot's figures are damaged"));
	}
	fc->total.attainment = attainment(fc->total.by_category[FC_CLOSED], fc->total.quota);
	return ST_OK;
}

/* Keep only the rows the current user may see: a rep's own. */
static void keep_visible(struct db *db, struct forecast *fc)
{
	char *me = user_current_id(db), *role = me ? user_role(db, me) : NULL;
	size_t i, kept = 0;

	if (me == NULL || (role && strcmp(role, "manager") == 0))
		goto out;
	free(fc->total.name);
	memset(&fc->total, 0, sizeof(fc->total));
	for (i = 0; i < fc->n; i++) {
		struct forecast_row *r = &fc->rows[i];

		if (r->owner && strcmp(r->owner, me) == 0) {
			fc->rows[kept++] = *r;
			continue;
		}
		free(r->owner);
		free(r->name);
	}
	fc->n = kept;
	for (i = 0; i < kept; i++) {
		fc->total.quota += fc->rows[i].quota;
		fc->total.weighted += fc->rows[i].weighted;
		for (int k = 0; k < FC_COUNT; k++)
			fc->total.by_category[k] += fc->rows[i].by_category[k];
	}
	fc->total.name = xstrdup(kept ? fc->rows[0].name : "-");
	fc->total.attainment = attainment(fc->total.by_category[FC_CLOSED], fc->total.quota);
out:
	free(me);
	free(role);
}

enum status snapshot_take(struct db *db, enum report_period p, const char *date, const char *name,
			  char **id)
{
	struct forecast fc;
	struct record *r = NULL;
	char now[21], today[11], *figures = NULL, *title = NULL, *me = NULL;
	enum status st;

	*id = NULL;
	st = report_forecast(db, p, date, 0, &fc);
	if (st != ST_OK)
		return st;
	keep_visible(db, &fc);
	figures = snapshot_format(&fc);
	clock_iso_utc(clock_now(), now);
	clock_today(today);
	if (name == NULL || *name == '\0')
		title = xasprintf(_("Forecast call %s"), today);
	me = user_current_id(db);
	r = record_new(&entity_forecast_snapshot);
	st = record_input(db, r, "name", title ? title : name);
	if (st == ST_OK) {
		record_set(r, "period", period_names[p]);
		record_set(r, "first", fc.first);
		record_set(r, "last", fc.last);
		record_set(r, "at", now);
		record_set(r, "user", me);
		record_set(r, "currency", fc.currency);
		record_set(r, "figures", figures);
		st = record_insert(db, r);
	}
	if (st == ST_OK)
		*id = xstrdup(r->id);
	record_free(&r);
	report_forecast_free(&fc);
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
	report_forecast_free(&s->fc);
	memset(s, 0, sizeof(*s));
}

enum status snapshot_load(struct db *db, const char *ref, struct snapshot *out)
{
	struct record *r = NULL;
	const char *period;
	enum status st;

	memset(out, 0, sizeof(*out));
	st = record_find(db, &entity_forecast_snapshot, ref, &r);
	if (st != ST_OK)
		return st;
	out->id = xstrdup(r->id);
	out->name = xstrdup(record_get(r, "name"));
	out->at = xstrdup(record_get(r, "at"));
	out->user = record_get(r, "user") ? xstrdup(record_get(r, "user")) : NULL;
	period = record_get(r, "period");
	out->period = strcmp(period, "month") == 0  ? REPORT_MONTH
		      : strcmp(period, "year") == 0 ? REPORT_YEAR
						    : REPORT_QUARTER;
	snprintf(out->fc.first, sizeof(out->fc.first), "%s", record_get(r, "first"));
	snprintf(out->fc.last, sizeof(out->fc.last), "%s", record_get(r, "last"));
	snprintf(out->fc.currency, sizeof(out->fc.currency), "%s", record_get(r, "currency"));
	out->fc.exponent = money_exponent(out->fc.currency);
	if (out->fc.exponent < 0)
		out->fc.exponent = 2;
	out->fc.total.name = xstrdup(_("All reps"));
	st = snapshot_parse(record_get(r, "figures"), &out->fc);
	record_free(&r);
	if (st != ST_OK)
		snapshot_free(out);
	return st;
}
