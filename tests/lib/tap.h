/* tap.h - a minimal TAP producer for salesterm's unit tests.
 *
 * Each check prints one "ok N - ..." or "not ok N - ..." line; automake's
 * tap-driver.sh counts them, so every assertion is one counted test.
 * Header-only on purpose: every test program includes it once.
 */
#ifndef SALESTERM_TAP_H
#define SALESTERM_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failed;

static void tap_vresult(int pass, const char *fmt, va_list ap)
{
	tap_count++;
	if (!pass)
		tap_failed++;
	char desc[512], *p;

	vsnprintf(desc, sizeof(desc), fmt, ap);
	/* A description is one TAP line: newlines in test data must not split it. */
	for (p = desc; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	printf("%sok %d - %s\n", pass ? "" : "not ", tap_count, desc);
	fflush(stdout);
}

/* ok(cond, "what") - one counted check. Returns cond. */
static int __attribute__((format(printf, 2, 3))) ok(int pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	return pass;
}

#define is_int(got, want, ...)                                                                     \
	do {                                                                                       \
		long long tap_g_ = (long long)(got), tap_w_ = (long long)(want);                   \
		if (!ok(tap_g_ == tap_w_, __VA_ARGS__))                                            \
			printf("#   got %lld, want %lld (%s:%d)\n", tap_g_, tap_w_, __FILE__,      \
			       __LINE__);                                                          \
	} while (0)

#define is_str(got, want, ...)                                                                     \
	do {                                                                                       \
		const char *tap_g_ = (got), *tap_w_ = (want);                                      \
		int tap_p_ = (tap_g_ == NULL && tap_w_ == NULL) ||                                 \
			     (tap_g_ && tap_w_ && strcmp(tap_g_, tap_w_) == 0);                    \
		if (!ok(tap_p_, __VA_ARGS__))                                                      \
			printf("#   got \"%s\", want \"%s\" (%s:%d)\n",                            \
			       tap_g_ ? tap_g_ : "(null)", tap_w_ ? tap_w_ : "(null)", __FILE__,   \
			       __LINE__);                                                          \
	} while (0)

/* skip(n, "why") - n checks that cannot run here, counted as skipped. */
static inline void skip(int n, const char *why)
{
	while (n-- > 0)
		printf("ok %d # SKIP %s\n", ++tap_count, why);
	fflush(stdout);
}

/* Print the plan and return the exit status for main(). */
static int done_testing(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
