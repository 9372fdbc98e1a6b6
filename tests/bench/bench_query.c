/* bench_query.c - time searches and list pages on a demo database, in-process.
 *
 * usage: bench_query DB
 * Prints p50/p99 latency of Latin-prefix and CJK-substring searches, and of a
 * 40-row contact page sorted by name at the start, middle and end of the list
 * (keyset pagination, as the TUI fetches them). Run by tests/bench/run.sh.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "record.h"
#include "search.h"
#include "xalloc.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *what, double *t, int n, int64_t hits)
{
	qsort(t, (size_t)n, sizeof(*t), cmp_double);
	printf("%-34s p50 %7.3f ms   p99 %7.3f ms   max %7.3f ms   (%d runs, %" PRId64 " hits)\n",
	       what, t[n / 2], t[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1], t[n - 1], n, hits);
}

static void bench_search(struct db *db, const char *what, const char *const *queries)
{
	double t[400];
	int n = 0, i, round;
	int64_t hits = 0;

	for (round = 0; round < 20; round++) {
		for (i = 0; queries[i] && n < 400; i++) {
			struct search_hit *h = NULL;
			size_t nh = 0;
			double t0 = now_ms();

			if (search_run(db, queries[i], NULL, 20, &h, &nh) != ST_OK) {
				fprintf(stderr, "search %s: %s\n", queries[i], status_message());
				exit(1);
			}
			t[n++] = now_ms() - t0;
			hits += (int64_t)nh;
			search_hits_free(&h, nh);
		}
	}
	report(what, t, n, hits / 20);
}

static int count_row(struct db *db, const struct record *r, void *ctx)
{
	(void)db;
	(void)r;
	(*(int64_t *)ctx)++;
	return 0;
}

/* The (name, n) of the contact at position pos in name order (setup, untimed). */
static void cursor_at(struct db *db, int64_t pos, char **name, int64_t *n)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT name, n FROM contact WHERE deleted = 0 "
					  "ORDER BY name, n LIMIT 1 OFFSET ?");

	sqlite3_bind_int64(st, 1, pos);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*name = db_column_strdup(st, 0);
		*n = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
}

static void bench_page(struct db *db, const char *what, int64_t pos, bool from_end)
{
	struct record_query q = { .sort_key = "name", .limit = 40 };
	char *name = NULL;
	int64_t n = 0, rows = 0;
	double t[200];
	int i;

	if (from_end) {
		/* The last page: walk backwards from past the end. */
		q.desc = true;
	} else if (pos > 0) {
		cursor_at(db, pos, &name, &n);
		q.after = true;
		q.cursor_value = name;
		q.cursor_n = n;
	}
	for (i = 0; i < 200; i++) {
		double t0 = now_ms();

		rows = 0;
		record_list(db, &entity_contact, &q, count_row, &rows);
		t[i] = now_ms() - t0;
	}
	report(what, t, 200, rows);
	free(name);
}

int main(int argc, char **argv)
{
	static const char *const latin[] = { "zha",  "wang",   "li",  "chen",	  "alex", "smith",
					     "ac",   "harbor", "pin", "meridian", "ob",	  "jo",
					     "tech", "ma",     "ste", "gr",	  "su",	  "wu",
					     "ka",   "da",     NULL };
	static const char *const cjk[] = { "张", "王",	 "李",	 "科技", "华为", "有限公司",
					   "伟", "芳",	 "上海", "北京", "贸易", "明",
					   "杰", "制造", "深圳", "咨询", "刘",	 "陈",
					   "杨", "海",	 NULL };
	struct db *db = NULL;
	int64_t total = 0;
	double t0;

	if (argc != 2) {
		fprintf(stderr, "usage: bench_query DB\n");
		return 2;
	}
	t0 = now_ms();
	if (db_open(argv[1], 0, &db) != ST_OK) {
		fprintf(stderr, "%s\n", status_message());
		return 1;
	}
	{
		struct record_query q = { .sort_key = "name", .limit = 40 };
		int64_t rows = 0;

		record_list(db, &entity_contact, &q, count_row, &rows);
		printf("open + first 40-row page, in-process: %.3f ms (%" PRId64 " rows)\n",
		       now_ms() - t0, rows);
	}
	record_count(db, &entity_contact, NULL, &total);
	printf("contacts: %" PRId64 "\n", total);
	bench_search(db, "search, Latin prefix", latin);
	bench_search(db, "search, CJK substring", cjk);
	bench_page(db, "page of 40 by name, start", 0, false);
	bench_page(db, "page of 40 by name, middle", total / 2, false);
	bench_page(db, "page of 40 by name, end", 0, true);
	db_close(&db);
	return 0;
}
