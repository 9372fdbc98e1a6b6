/* test_clock.c - TAP tests for src/clock.c. */
#include "clock.h"
#include "tap.h"

#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* 2026-11-23T09:00:00Z, a Monday. */
#define T_2026_11_23_0900Z 1795424400LL

static void set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static void check_iso(long long t, const char *want)
{
	char out[21];

	clock_iso_utc((time_t)t, out);
	is_str(out, want, "clock_iso_utc(%lld)", t);
}

static void check_add(const char *date, int days, const char *want)
{
	char out[11] = "untouched";
	bool r = clock_date_add_days(date, days, out);

	if (want)
		is_str(r ? out : "(false)", want, "%s %+d days", date ? date : "NULL", days);
	else
		ok(!r && !strcmp(out, "untouched"), "%s %+d days is refused", date ? date : "NULL",
		   days);
}

static void check_word(const char *word, const char *today, const char *want)
{
	char out[11] = "untouched";
	bool r = clock_parse_date_word(word, today, out);

	if (want)
		is_str(r ? out : "(false)", want, "\"%s\" from %s", word ? word : "NULL", today);
	else
		ok(!r && !strcmp(out, "untouched"), "\"%s\" from %s is not understood",
		   word ? word : "NULL", today);
}

static void test_civil(void)
{
	int y, m, d, z, bad = 0;

	is_int(clock_days_from_civil(1970, 1, 1), 0, "epoch is day 0");
	is_int(clock_days_from_civil(1969, 12, 31), -1, "1969-12-31 is day -1");
	is_int(clock_days_from_civil(2000, 3, 1), 11017, "2000-03-01");
	is_int(clock_days_from_civil(2026, 11, 23), T_2026_11_23_0900Z / 86400, "2026-11-23");
	is_int(clock_days_from_civil(1, 1, 1), -719162, "0001-01-01");
	is_int(clock_days_from_civil(9999, 12, 31), 2932896, "9999-12-31");
	is_int(clock_days_from_civil(0, 3, 1), -719468, "0000-03-01 (negative era)");
	is_int(clock_days_from_civil(2024, 3, 1) - clock_days_from_civil(2024, 2, 28), 2,
	       "2024 is a leap year");
	is_int(clock_days_from_civil(2100, 3, 1) - clock_days_from_civil(2100, 2, 28), 1,
	       "2100 is not a leap year");
	is_int(clock_days_from_civil(2000, 3, 1) - clock_days_from_civil(2000, 2, 28), 2,
	       "2000 is a leap year");

	clock_civil_from_days(-1, &y, &m, &d);
	ok(y == 1969 && m == 12 && d == 31, "day -1 is 1969-12-31");
	clock_civil_from_days(-719468, &y, &m, &d);
	ok(y == 0 && m == 3 && d == 1, "day -719468 is 0000-03-01");
	clock_civil_from_days(-719469, &y, &m, &d);
	ok(y == 0 && m == 2 && d == 29, "year 0 is a leap year");
	clock_civil_from_days(clock_days_from_civil(-4713, 11, 24), &y, &m, &d);
	ok(y == -4713 && m == 11 && d == 24, "round trip of a negative year");

	/* Every day of years 0000-9999 round-trips and is one after the previous. */
	for (z = -719528; z <= 2932896 && bad < 5; z++) {
		clock_civil_from_days(z, &y, &m, &d);
		if (clock_days_from_civil(y, m, d) != z || m < 1 || m > 12 || d < 1 || d > 31)
			bad++;
	}
	is_int(bad, 0, "civil round trip over 0000-01-01..9999-12-31");
}

static void test_format(void)
{
	char out[11];

	check_iso(0, "1970-01-01T00:00:00Z");
	check_iso(-1, "1969-12-31T23:59:59Z");
	check_iso(T_2026_11_23_0900Z, "2026-11-23T09:00:00Z");
	check_iso(951782400, "2000-02-29T00:00:00Z");
	check_iso(253402300799LL, "9999-12-31T23:59:59Z");
	check_iso(253402300800LL, "9999-12-31T23:59:59Z"); /* clamped */
	check_iso(-62135596800LL, "0001-01-01T00:00:00Z");
	check_iso(-62135596801LL, "0001-01-01T00:00:00Z"); /* clamped */
	check_iso(-86400LL * 365, "1969-01-01T00:00:00Z");

	set_tz("Asia/Shanghai");
	clock_date_local((time_t)T_2026_11_23_0900Z, out);
	is_str(out, "2026-11-23", "local date in Shanghai at 17:00");
	clock_date_local((time_t)(T_2026_11_23_0900Z + 7 * 3600), out);
	is_str(out, "2026-11-24", "local date in Shanghai after local midnight");
	set_tz("America/New_York");
	clock_date_local((time_t)(T_2026_11_23_0900Z - 6 * 3600), out);
	is_str(out, "2026-11-22", "local date in New York at 22:00 the day before");
	set_tz("UTC");
	clock_date_local((time_t)T_2026_11_23_0900Z, out);
	is_str(out, "2026-11-23", "local date in UTC");
}

static void test_now(void)
{
	time_t before, t;
	char today[11];

	unsetenv("SALESTERM_NOW");
	before = time(NULL);
	t = clock_now();
	ok(t >= before && t <= time(NULL), "clock_now is real time when SALESTERM_NOW is unset");

	setenv("SALESTERM_NOW", "1795424400", 1);
	is_int(clock_now(), T_2026_11_23_0900Z, "SALESTERM_NOW as an epoch");
	setenv("SALESTERM_NOW", "-86400", 1);
	is_int(clock_now(), -86400, "SALESTERM_NOW as a negative epoch");
	setenv("SALESTERM_NOW", "2026-11-23T09:00:00Z", 1);
	is_int(clock_now(), T_2026_11_23_0900Z, "SALESTERM_NOW as ISO-8601 UTC");
	setenv("SALESTERM_NOW", "2026-11-23T17:00:00+08:00", 1);
	is_int(clock_now(), T_2026_11_23_0900Z, "SALESTERM_NOW with an offset");

	set_tz("Asia/Shanghai");
	setenv("SALESTERM_NOW", "2026-11-23 17:00", 1);
	is_int(clock_now(), T_2026_11_23_0900Z, "SALESTERM_NOW as local time in Shanghai");
	setenv("SALESTERM_NOW", "2026-11-23T20:00:00Z", 1);
	clock_today(today);
	is_str(today, "2026-11-24", "clock_today follows SALESTERM_NOW and TZ");
	set_tz("UTC");
	setenv("SALESTERM_NOW", "2026-11-23 09:00", 1);
	is_int(clock_now(), T_2026_11_23_0900Z, "SALESTERM_NOW as local time in UTC");
	clock_today(today);
	is_str(today, "2026-11-23", "clock_today in UTC");

	setenv("SALESTERM_NOW", "yesterday", 1);
	before = time(NULL);
	ok(clock_now() >= before, "invalid SALESTERM_NOW is ignored");
	setenv("SALESTERM_NOW", "2026-02-30T00:00:00Z", 1);
	ok(clock_now() >= before, "SALESTERM_NOW with an impossible date is ignored");
	setenv("SALESTERM_NOW", "17954244OO", 1);
	ok(clock_now() >= before, "SALESTERM_NOW with junk digits is ignored");
	setenv("SALESTERM_NOW", "99999999999999999999", 1);
	ok(clock_now() >= before, "SALESTERM_NOW epoch overflow is ignored");
	setenv("SALESTERM_NOW", "", 1);
	ok(clock_now() >= before, "empty SALESTERM_NOW is ignored");
	unsetenv("SALESTERM_NOW");
}

static void test_add_days(void)
{
	char buf[11] = "2026-11-23";

	check_add("2026-11-23", 0, "2026-11-23");
	check_add("2026-11-23", 7, "2026-11-30");
	check_add("2026-11-23", 8, "2026-12-01");
	check_add("2026-12-31", 1, "2027-01-01");
	check_add("2027-01-01", -1, "2026-12-31");
	check_add("2024-02-28", 1, "2024-02-29");
	check_add("2024-02-29", 1, "2024-03-01");
	check_add("2023-02-28", 1, "2023-03-01");
	check_add("2000-02-28", 1, "2000-02-29");
	check_add("2100-02-28", 1, "2100-03-01");
	check_add("2024-01-01", 366, "2025-01-01");
	check_add("2026-03-31", -31, "2026-02-28");
	check_add("1970-01-01", -1, "1969-12-31");
	check_add("0001-01-02", -1, "0001-01-01");
	check_add("9999-12-30", 1, "9999-12-31");
	check_add("9999-12-31", 1, NULL);
	check_add("0001-01-01", -1, NULL);
	check_add("2026-02-30", 1, NULL);
	check_add("2026-1-1", 1, NULL);
	check_add(NULL, 1, NULL);
	check_add("2026-11-23", 2147483647, NULL);
	check_add("2026-11-23", -2147483647 - 1, NULL);
	ok(clock_date_add_days(buf, 40, buf) && !strcmp(buf, "2027-01-02"), "in-place add");
}

static void test_weekday(void)
{
	is_int(clock_weekday("2026-11-23"), 0, "2026-11-23 is a Monday");
	is_int(clock_weekday("2026-11-27"), 4, "2026-11-27 is a Friday");
	is_int(clock_weekday("2026-11-29"), 6, "2026-11-29 is a Sunday");
	is_int(clock_weekday("1970-01-01"), 3, "1970-01-01 is a Thursday");
	is_int(clock_weekday("1969-12-29"), 0, "1969-12-29 is a Monday");
	is_int(clock_weekday("2000-01-01"), 5, "2000-01-01 is a Saturday");
	is_int(clock_weekday("2024-02-29"), 3, "2024-02-29 is a Thursday");
	is_int(clock_weekday("0001-01-01"), 0, "0001-01-01 is a Monday (proleptic)");
	is_int(clock_weekday("9999-12-31"), 4, "9999-12-31 is a Friday");
	is_int(clock_weekday("2026-02-30"), -1, "invalid date");
	is_int(clock_weekday("monday"), -1, "not a date");
	is_int(clock_weekday(""), -1, "empty");
	is_int(clock_weekday(NULL), -1, "NULL");
}

static void test_date_words(void)
{
	const char *t = "2026-11-23"; /* a Monday */

	check_word("today", t, "2026-11-23");
	check_word("TODAY", t, "2026-11-23");
	check_word("  Tomorrow ", t, "2026-11-24");
	check_word("yesterday", t, "2026-11-22");
	check_word("tomorrow", "2026-12-31", "2027-01-01");
	check_word("yesterday", "2027-01-01", "2026-12-31");
	check_word("tomorrow", "2024-02-28", "2024-02-29");
	check_word("yesterday", "2026-03-01", "2026-02-28");

	check_word("mon", t, "2026-11-30");
	check_word("monday", t, "2026-11-30");
	check_word("tue", t, "2026-11-24");
	check_word("Tuesday", t, "2026-11-24");
	check_word("wed", t, "2026-11-25");
	check_word("wednesday", t, "2026-11-25");
	check_word("thu", t, "2026-11-26");
	check_word("THURSDAY", t, "2026-11-26");
	check_word("fri", t, "2026-11-27");
	check_word("friday", t, "2026-11-27");
	check_word("sat", t, "2026-11-28");
	check_word("saturday", t, "2026-11-28");
	check_word("sun", t, "2026-11-29");
	check_word("Sunday", t, "2026-11-29");
	check_word("sun", "2026-11-29", "2026-12-06");
	check_word("fri", "2026-12-28", "2027-01-01");
	check_word("mon", "2026-12-28", "2027-01-04");
	check_word("thu", "2024-02-27", "2024-02-29");

	check_word("+3d", t, "2026-11-26");
	check_word("-2d", t, "2026-11-21");
	check_word("+0d", t, "2026-11-23");
	check_word("3d", t, "2026-11-26");
	check_word("+8D", t, "2026-12-01");
	check_word("-23d", t, "2026-10-31");
	check_word("+3d", "2026-12-30", "2027-01-02");
	check_word("-1d", "2024-03-01", "2024-02-29");
	check_word("+2w", t, "2026-12-07");
	check_word("-1w", t, "2026-11-16");
	check_word("+6w", t, "2027-01-04");
	check_word("+1m", t, "2026-12-23");
	check_word("-1m", t, "2026-10-23");
	check_word("+2m", t, "2027-01-23");
	check_word("-11m", t, "2025-12-23");
	check_word("+1m", "2026-01-31", "2026-02-28");
	check_word("+1m", "2024-01-31", "2024-02-29");
	check_word("+1m", "2026-03-31", "2026-04-30");
	check_word("-1m", "2026-03-31", "2026-02-28");
	check_word("+1m", "2026-12-31", "2027-01-31");
	check_word("+12m", t, "2027-11-23");
	check_word("+1y", "2024-02-29", "2025-02-28");
	check_word("-4y", "2024-02-29", "2020-02-29");

	check_word("2026-12-31", t, "2026-12-31");
	check_word("2024-02-29", t, "2024-02-29");
	check_word(" 2027-01-05 ", t, "2027-01-05");
	check_word("2026-02-30", t, NULL);
	check_word("2100-02-29", t, NULL);
	check_word("2026-1-5", t, NULL);

	check_word("", t, NULL);
	check_word("   ", t, NULL);
	check_word(NULL, t, NULL);
	check_word("next week", t, NULL);
	check_word("mo", t, NULL);
	check_word("mond", t, NULL);
	check_word("+d", t, NULL);
	check_word("+3", t, NULL);
	check_word("+3x", t, NULL);
	check_word("+3dd", t, NULL);
	check_word("++3d", t, NULL);
	check_word("+ 3d", t, NULL);
	check_word("+99999999d", t, NULL);
	check_word("+9999999d", t, NULL);
	check_word("+9999999y", t, NULL);
	check_word("-2026y", t, NULL);
	check_word("+1d", "9999-12-31", NULL);
	check_word("today", "2026-02-30", NULL);
	check_word("today", "not a date", NULL);
	check_word("a very long word indeed", t, NULL);
}

/* The date helpers every module shares (one set, in clock.c). */
static void test_shared_helpers(void)
{
	ok(clock_days_in_month(2024, 2) == 29, "February of a leap year");
	ok(clock_days_in_month(1900, 2) == 28, "1900 is no leap year");
	ok(clock_days_in_month(2000, 2) == 29, "2000 is one");
	ok(clock_days_in_month(2026, 12) == 31 && clock_days_in_month(2026, 11) == 30,
	   "December and November");
	ok(clock_days_between("2026-11-23", "2026-12-03") == 10, "days between two dates");
	ok(clock_days_between("2026-12-03", "2026-11-23") == -10, "negative backwards");
	ok(clock_days_between("2024-02-28", "2024-03-01") == 2, "across a leap day");
	ok(clock_days_between("2026-02-30", "2026-03-01") == 0, "0 for a date that is not one");
	ok(clock_days_between(NULL, "2026-03-01") == 0, "0 for none");
	ok(clock_utc_seconds("1970-01-01T00:00:00Z") == 0, "the epoch");
	ok(clock_utc_seconds("2026-11-23T01:00:00Z") == 1795395600LL, "an instant");
	ok(clock_utc_seconds("yesterday") == -1 && clock_utc_seconds(NULL) == -1,
	   "-1 for what is not an instant");
}

static void check_local(const char *tz, const char *s, const char *want)
{
	char out[32];

	set_tz(tz);
	memset(out, 'x', sizeof(out) - 1);
	out[sizeof(out) - 1] = '\0';
	if (want) {
		is_str(clock_local_text(s, out) ? out : "(false)", want, "%s in %s", s, tz);
	} else {
		bool r = clock_local_text(s, out);

		ok(!r && out[0] == 'x', "%s in %s is out of range: false, out untouched", s, tz);
	}
}

static void test_local_text(void)
{
	check_local("Asia/Shanghai", "2026-11-23T01:00:00Z", "2026-11-23 09:00");
	check_local("UTC0", "0999-06-01T12:00:00Z", "0999-06-01 12:00");
	check_local("UTC0", "0001-01-01T00:00:00Z", "0001-01-01 00:00");
	check_local("XST-8", "0099-12-31T20:00:00Z", "0100-01-01 04:00");
	check_local("UTC0", "9999-12-31T23:59:00Z", "9999-12-31 23:59");
	/* Local time in year 10000 does not fit "YYYY-MM-DD HH:MM". */
	check_local("XST-8", "9999-12-31T20:00:00Z", NULL);
	/* Local time in year 0 does not exist in the calendar the program writes. */
	check_local("EST5", "0001-01-01T02:00:00Z", NULL);
	check_local("UTC0", "not a time", NULL);
	set_tz("Asia/Shanghai");
}

/* The locale's week: Monday first in C and zh_CN, Sunday first in zh_TW;
 * the long date in the user's language (here C: English). */
static void test_week_start(void)
{
	char out[96];

	setlocale(LC_TIME, "C");
	is_int(clock_week_start(), 0, "C: the week starts on Monday (ISO 8601)");
	is_int(clock_week_pos("2026-11-29"), 6, "so a Sunday is its last day");
	is_int(clock_week_pos("bad"), -1, "an invalid date has no place");
	if (setlocale(LC_TIME, "zh_TW.UTF-8") != NULL) {
		is_int(clock_week_start(), 6, "zh_TW: the week starts on Sunday");
		is_int(clock_week_pos("2026-11-29"), 0, "so a Sunday is its first day");
		is_int(clock_week_pos("2026-11-28"), 6, "and a Saturday its last");
	} else {
		skip(3, "no zh_TW.UTF-8 locale (build-aux/deps makes it)");
	}
	if (setlocale(LC_TIME, "zh_CN.UTF-8") != NULL)
		is_int(clock_week_start(), 0, "zh_CN: Monday");
	else
		skip(1, "no zh_CN.UTF-8 locale (build-aux/deps makes it)");
	setlocale(LC_TIME, "C");
	ok(clock_long_date("2026-12-03", out, sizeof(out)), "a long date");
	is_str(out, "Thursday 2026-12-03", "with its weekday's name");
	ok(!clock_long_date("2026-02-30", out, sizeof(out)), "an invalid date is refused");
	is_str(out, "", "and the output is empty");
}

int main(void)
{
	test_civil();
	test_format();
	test_now();
	test_add_days();
	test_weekday();
	test_week_start();
	test_date_words();
	test_shared_helpers();
	test_local_text();
	return done_testing();
}
