/* snapshot.h - forecast snapshots: a forecast call's figures, frozen.
 *
 * A manager's weekly call settles what each rep commits; deals change right
 * after. snapshot_take() stores the Forecast of a period as it stands (per
 * rep: quota, closed, commit, best case, pipeline, weighted) in one
 * forecast_snapshot record, append-only and synced (doc/DESIGN.md section
 * 3), so later edits of deals cannot rewrite what was submitted.
 * snapshot_load() reads one back; the CLI and screens compare it with the
 * live forecast of the same period. A rep's snapshot holds their own row
 * only (the role rules of records); a manager's, every rep's.
 */
#ifndef SALESTERM_REPORT_SNAPSHOT_H
#define SALESTERM_REPORT_SNAPSHOT_H

#include "report/forecast.h"
#include "report/scope.h"
#include "report/span.h"
#include "status.h"

struct db;

struct snapshot {
	char *id, *name, *at, *user; /* user: who took it (NULL single-user) */
	struct report_span span;
	char *scope;	    /* the scope's label: "team", a rep's name, a territory */
	struct forecast fc; /* the frozen rows and their total; open, attainment, gap and
			       coverage recomputed as forecast.h defines them */
};

/*
 * Freeze the forecast of span for the scope asked for (report_scope_resolve():
 * a rep gets their own figures only), under name (NULL or empty: "Forecast
 * call YYYY-MM-DD", today's date). *id gets the new record's id (caller
 * frees).
 */
enum status snapshot_take(struct db *db, const struct report_span *span,
			  const struct report_scope_request *req, const char *name, char **id);

/* Load the snapshot with this id (or id start, or name) into *out; caller
 * frees with snapshot_free(). */
enum status snapshot_load(struct db *db, const char *ref, struct snapshot *out);
void snapshot_free(struct snapshot *s);

/* The figures as stored in the "figures" field, one line per row:
 * owner (or "-"), quota, closed, commit, best case, pipeline, omitted,
 * weighted and name, separated by tabs. Caller frees. Exposed for the tests. */
char *snapshot_format(const struct forecast *fc);
/* Parse that text into fc's rows and total (names and owners owned by fc).
 * ST_INVALID for text that is not in the format. */
enum status snapshot_parse(const char *text, struct forecast *fc);

#endif
