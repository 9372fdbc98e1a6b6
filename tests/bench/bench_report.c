/* bench_report.c - time every report in-process on a demo database.
 *
 * usage: bench_report DB [RUNS] [PERIOD]
 * For each report of the list (src/report/registry.c), the team's figures
 * for PERIOD (default 2026Q4) are computed and rendered as a text table
 * RUNS times (default 5); prints the first run (a cold cache), the median,
 * the minimum and the maximum in milliseconds of wall-clock time, and the
 * median CPU time (on a shared, loaded machine the wall clock mostly
 * measures waiting for a core). tests/bench/report.sh
 * times the same reports as whole `salesterm report` processes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "report/output.h"
#include "report/registry.h"
#include "xalloc.h"

static double ms_of(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	struct db *db = NULL;
	int runs = argc > 2 ? atoi(argv[2]) : 5, i;
	const char *period = argc > 3 ? argv[3] : "2026Q4";
	size_t k;

	if (argc < 2 || runs < 1) {
		fprintf(stderr, "usage: bench_report DB [RUNS] [PERIOD]\n");
		return 2;
	}
	if (db_open(argv[1], DB_READONLY, &db) != ST_OK) {
		fprintf(stderr, "bench_report: %s\n", status_message());
		return 1;
	}
	printf("%-10s %8s %8s %8s %8s %8s   (ms, team scope, %s, %d runs)\n", "report", "first",
	       "median", "min", "max", "cpu", period, runs);
	for (k = 0; report_defs[k]; k++) {
		double *t = xcalloc((size_t)runs, sizeof(*t));
		double *cpu = xcalloc((size_t)runs, sizeof(*cpu));

		for (i = 0; i < runs; i++) {
			struct report_args a = { 0 };
			struct report_output o = { 0 };
			double t0 = ms_of(CLOCK_MONOTONIC), c0 = ms_of(CLOCK_PROCESS_CPUTIME_ID);
			char *text;

			a.scope.kind = REPORT_SCOPE_TEAM;
			a.scope.manager = true;
			if (report_span_parse(period, &a.span) != ST_OK ||
			    report_run(db, report_defs[k], &a, &o) != ST_OK) {
				fprintf(stderr, "bench_report: %s: %s\n", report_defs[k]->name,
					status_message());
				return 1;
			}
			text = report_output_render(&o, REPORT_FORMAT_TABLE);
			t[i] = ms_of(CLOCK_MONOTONIC) - t0;
			cpu[i] = ms_of(CLOCK_PROCESS_CPUTIME_ID) - c0;
			free(text);
			report_output_free(&o);
		}
		printf("%-10s %8.1f", report_defs[k]->name, t[0]);
		qsort(t, (size_t)runs, sizeof(*t), cmp_double);
		qsort(cpu, (size_t)runs, sizeof(*cpu), cmp_double);
		printf(" %8.1f %8.1f %8.1f %8.1f\n", t[runs / 2], t[0], t[runs - 1], cpu[runs / 2]);
		free(t);
		free(cpu);
	}
	db_close(&db);
	return 0;
}
