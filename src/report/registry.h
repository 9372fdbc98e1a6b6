/* registry.h - the reports `salesterm report NAME` runs, and what they take.
 *
 * A report is a row of report_defs[] (registry.c): a name, a one-line
 * summary, the rules and formulas `report NAME --help` prints, the options
 * of its own it takes, and a function that fills a struct report_output
 * (src/report/output.h) for a period (src/report/span.h) and a scope
 * (src/report/scope.h). Front ends parse what the user typed into a struct
 * report_args, run the report and render its output; a report never prints.
 */
#ifndef SALESTERM_REPORT_REGISTRY_H
#define SALESTERM_REPORT_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "report/output.h"
#include "report/scope.h"
#include "report/span.h"
#include "status.h"

struct config;
struct db;

/* What a report is asked for. */
struct report_args {
	struct report_span span;   /* the period */
	struct report_scope scope; /* whose figures (resolved under the role rules) */
	const char *as_of;	   /* "YYYY-MM-DD", or NULL: as things stand now */
	/* The report's own options (--since DATE: key "since"), as typed. */
	const char *const *opt_keys;
	const char *const *opt_values;
	size_t nopts;
};

struct report_def {
	const char *name;
	const char *summary; /* N_(): one line for the list of reports */
	const char *help;    /* N_(): what it counts, its rules and formulas */
	/* Its own options: NULL-terminated pairs of name and N_() description
	 * ("since", "DATE  ..."), or NULL. */
	const char *const *options;
	enum report_period default_period; /* when --period is not given */
	bool as_of;			   /* whether it takes --as-of */
	enum status (*run)(struct db *db, const struct report_args *a, struct report_output *out);
};

/* Every report, in the order `salesterm report` lists them; NULL-terminated. */
extern const struct report_def *const report_defs[];

/* The report named name, or NULL. */
const struct report_def *report_find(const char *name);

/* The value of the report's own option key, or NULL if not given. */
const char *report_arg(const struct report_args *a, const char *key);

/*
 * The defaults of d's own options from the config file's "report NAME OPTION
 * VALUE" lines for d, appended to (*keys, *values, *n) after the options
 * already there (typed ones: report_arg() finds those first, so they win).
 * The strings point into cfg, which must outlive them. ST_INVALID naming
 * the line for an option d does not take.
 */
enum status report_config_options(const struct config *cfg, const struct report_def *d,
				  const char ***keys, const char ***values, size_t *n);

/* The list of reports with their summaries, for `salesterm report`. Caller
 * frees. */
char *report_list_text(void);

/* The help of one report: usage, summary, options and rules. Caller frees. */
char *report_help_text(const struct report_def *d);

/* Run d: the facts every report states (report_output_common()), then its
 * figures, into *out (the caller frees it with report_output_free(), also on
 * error). */
enum status report_run(struct db *db, const struct report_def *d, const struct report_args *a,
		       struct report_output *out);

/* The facts every report states: "report", "period", "from", "to", "scope",
 * and "as_of" when given. */
void report_output_common(struct report_output *o, const struct report_def *d,
			  const struct report_args *a);

/* The default period of d on today's date (clock_today()). */
void report_default_span(const struct report_def *d, struct report_span *out);

#endif
