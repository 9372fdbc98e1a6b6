/* test_sync_backoff.c - the wait before a failed sync run is tried again
 * (src/sync/backoff.c), the one rule of `sync --watch` and the TUI's
 * worker, and the wiping of passwords they share. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync/sync.h"
#include "tap.h"

/* The first n waits of a fresh backoff, as "a b c". */
static char *waits(int n)
{
	struct sync_backoff b = { 0 };
	static char text[256];
	size_t len = 0;

	text[0] = '\0';
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%ld", i ? " " : "",
					sync_backoff_next(&b));
	return text;
}

static void test_sequence(void)
{
	struct sync_backoff b = { 0 };

	unsetenv("SALESTERM_SYNC_BACKOFF_MS");
	is_str(waits(9), "1000 2000 4000 8000 16000 32000 60000 60000 60000",
	       "1 s, doubling, at most a minute");
	sync_backoff_next(&b);
	sync_backoff_next(&b);
	sync_backoff_reset(&b);
	is_int(sync_backoff_next(&b), 1000, "after a run that worked: the first step again");
	is_int(SYNC_BACKOFF_MAX_MS, 60000, "the longest wait is a minute");
}

static void test_env(void)
{
	static const struct {
		const char *env;
		const char *want;
		const char *what;
	} cases[] = {
		{ "20", "20 40 80", "SALESTERM_SYNC_BACKOFF_MS sets the first step" },
		{ "45000", "45000 60000 60000", "and the cap still holds" },
		{ "9223372036854775807", "60000 60000", "the largest number is capped" },
		{ "99999999999999999999", "1000 2000", "a number too big is ignored" },
		{ "0", "1000 2000", "zero is ignored" },
		{ "-5", "1000 2000", "a negative number is ignored" },
		{ "20abc", "1000 2000", "a number with a tail is ignored" },
		{ "", "1000 2000", "an empty value is ignored" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n = 1;

		for (const char *p = cases[i].want; *p; p++)
			n += *p == ' ';
		setenv("SALESTERM_SYNC_BACKOFF_MS", cases[i].env, 1);
		is_str(waits(n), cases[i].want, cases[i].what);
	}
	unsetenv("SALESTERM_SYNC_BACKOFF_MS");
}

static void test_wipe(void)
{
	char secret[] = "hunter2";
	size_t i;
	bool zero = true;

	sync_secret_wipe(secret);
	for (i = 0; i < sizeof(secret); i++)
		zero = zero && secret[i] == '\0';
	ok(zero, "a wiped password is zeros");
	sync_secret_wipe(NULL);
	ok(true, "wiping NULL is fine");
}

int main(void)
{
	test_sequence();
	test_env();
	test_wipe();
	return done_testing();
}
