/* bench_start.c - the reference for tests/bench/startup.sh: a program that
 * links SQLite alone and does what a short salesterm command does, so the
 * two start-ups can be compared side by side.
 *
 *   bench_start [-l]            print SQLite's version and exit
 *   bench_start [-l] DB         open DB read-write (WAL) and print the
 *                               number of live contacts
 *
 * -l first loads the user's locale (setlocale(LC_ALL, "")), as every program
 * that speaks the user's language must: salesterm does, so the comparison is
 * printed with and without it.
 */
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int rc;

	if (argc > 1 && strcmp(argv[1], "-l") == 0) {
		setlocale(LC_ALL, "");
		argv++;
		argc--;
	}
	if (argc < 2) {
		printf("sqlite %s\n", sqlite3_libversion());
		return 0;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", argv[1], sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
	rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM contact WHERE deleted = 0", -1, &s, NULL);
	if (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		printf("%lld\n", (long long)sqlite3_column_int64(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : 1;
}
