/* test_validate.c - TAP tests for src/validate.c. */
#include "validate.h"
#include "tap.h"

#include <limits.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOT_DATE "is not a date (use YYYY-MM-DD)"
#define NOT_REAL_DATE "is not a real calendar date"
#define NOT_TIME "is not a time (use HH:MM)"
#define NOT_REAL_TIME "is not a real time of day"
#define NOT_DATETIME "is not a date and time (use YYYY-MM-DD HH:MM)"

static void set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* s for a test description: "NULL" for NULL, control bytes as \xNN (rotating buffers). */
static const char *show(const char *s)
{
	static char bufs[4][512];
	static int next;
	char *out = bufs[next++ % 4];
	size_t o = 0;

	if (!s)
		return "NULL";
	for (; *s && o < sizeof(bufs[0]) - 5; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			o += (size_t)snprintf(out + o, 5, "\\x%02x", (unsigned char)*s);
		else
			out[o++] = *s;
	}
	out[o] = '\0';
	return out;
}

static void check_dt(const char *s, const char *want_utc, const char *want_reason)
{
	char out[21] = "untouched";
	const char *why = validate_datetime(s, out);

	if (want_utc) {
		is_str(why ? why : out, want_utc, "datetime \"%s\"", show(s));
	} else {
		is_str(why, want_reason, "datetime \"%s\" is rejected", show(s));
		ok(!strcmp(out, "untouched"), "datetime \"%s\": out untouched", show(s));
	}
}

static void test_date(void)
{
	static const char *const good[] = {
		"2026-11-23", "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31",
		"2026-01-31", "2026-04-30", "2026-12-31", "1600-02-29",
	};
	static const struct {
		const char *s, *why;
	} bad[] = {
		{ "2026-02-30", NOT_REAL_DATE },
		{ "2023-02-29", NOT_REAL_DATE },
		{ "2100-02-29", NOT_REAL_DATE },
		{ "1900-02-29", NOT_REAL_DATE },
		{ "2026-04-31", NOT_REAL_DATE },
		{ "2026-13-01", NOT_REAL_DATE },
		{ "2026-00-10", NOT_REAL_DATE },
		{ "2026-01-00", NOT_REAL_DATE },
		{ "2026-01-32", NOT_REAL_DATE },
		{ "0000-01-01", NOT_REAL_DATE },
		{ "2026-1-01", NOT_DATE },
		{ "2026/01/01", NOT_DATE },
		{ "26-01-01", NOT_DATE },
		{ "2026-01-011", NOT_DATE },
		{ "2026-01-01 ", NOT_DATE },
		{ " 2026-01-01", NOT_DATE },
		{ "2026-01-0a", NOT_DATE },
		{ "20260101", NOT_DATE },
		{ "2026-02-30x", NOT_DATE },
		{ "today", NOT_DATE },
		{ "２０２６-01-01", NOT_DATE },
		{ "", "is empty" },
		{ NULL, "is empty" },
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		is_str(validate_date(good[i]), NULL, "date %s is valid", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_str(validate_date(bad[i].s), bad[i].why, "date \"%s\"", show(bad[i].s));
}

static void test_time(void)
{
	static const char *const good[] = { "00:00", "23:59", "09:05", "23:59:59", "12:00:00" };
	static const struct {
		const char *s, *why;
	} bad[] = {
		{ "24:00", NOT_REAL_TIME },    { "23:60", NOT_REAL_TIME },
		{ "23:59:60", NOT_REAL_TIME }, { "9:00", NOT_TIME },
		{ "09:0", NOT_TIME },	       { "0900", NOT_TIME },
		{ "09:00:", NOT_TIME },	       { "09:00:0", NOT_TIME },
		{ "09:00:00.5", NOT_TIME },    { "09:00 ", NOT_TIME },
		{ "09:00am", NOT_TIME },       { "", "is empty" },
		{ NULL, "is empty" },
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		is_str(validate_time(good[i]), NULL, "time %s is valid", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_str(validate_time(bad[i].s), bad[i].why, "time \"%s\"", show(bad[i].s));
}

static void test_datetime(void)
{
	set_tz("Asia/Shanghai");
	check_dt("2026-11-23 09:00", "2026-11-23T01:00:00Z", NULL);
	check_dt("2026-11-23T09:00:00+08:00", "2026-11-23T01:00:00Z", NULL);
	check_dt("2026-11-23T09:00", "2026-11-23T01:00:00Z", NULL);
	check_dt("2026-11-23T09:00:30", "2026-11-23T01:00:30Z", NULL);
	check_dt("2026-11-23", "2026-11-22T16:00:00Z", NULL);
	check_dt("2026-11-23T09:00:00Z", "2026-11-23T09:00:00Z", NULL);
	check_dt("2026-11-23t09:00z", "2026-11-23T09:00:00Z", NULL);
	check_dt("2026-11-23 09:00Z", "2026-11-23T09:00:00Z", NULL);
	check_dt("2026-11-23T09:00:00.123456Z", "2026-11-23T09:00:00Z", NULL);
	check_dt("2026-11-23T09:00:00-05:30", "2026-11-23T14:30:00Z", NULL);
	check_dt("2026-11-23T09:00+0530", "2026-11-23T03:30:00Z", NULL);
	check_dt("2026-11-23T09:00-08", "2026-11-23T17:00:00Z", NULL);
	check_dt("2026-11-23T09:00+00:00", "2026-11-23T09:00:00Z", NULL);
	check_dt("2026-01-01T01:00+08:00", "2025-12-31T17:00:00Z", NULL);
	check_dt("2026-12-31T23:30-01:00", "2027-01-01T00:30:00Z", NULL);
	check_dt("2024-02-29 23:59:59", "2024-02-29T15:59:59Z", NULL);
	check_dt("2026-01-01 05:00", "2025-12-31T21:00:00Z", NULL);
	is_str(validate_datetime("2026-11-23 09:00", NULL), NULL, "out may be NULL");

	set_tz("UTC");
	check_dt("2026-11-23 09:00", "2026-11-23T09:00:00Z", NULL);
	check_dt("2026-11-23", "2026-11-23T00:00:00Z", NULL);
	check_dt("2026-11-23T09:00:00+08:00", "2026-11-23T01:00:00Z", NULL);
	check_dt("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z", NULL);
	check_dt("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z", NULL);

	set_tz("America/New_York");
	check_dt("2026-07-01 12:00", "2026-07-01T16:00:00Z", NULL);
	check_dt("2026-12-01 12:00", "2026-12-01T17:00:00Z", NULL);

	set_tz("UTC");
	check_dt("2026-11-23T25:00", NULL, NOT_REAL_TIME);
	check_dt("2026-11-23 23:60", NULL, NOT_REAL_TIME);
	check_dt("2026-11-23T23:59:60Z", NULL, NOT_REAL_TIME);
	check_dt("2026-02-30 09:00", NULL, NOT_REAL_DATE);
	check_dt("2026-02-30", NULL, NOT_REAL_DATE);
	check_dt("2026-11-23X09:00", NULL, NOT_DATETIME);
	check_dt("2026-11-23T9:00", NULL, NOT_DATETIME);
	check_dt("2026-11-23T", NULL, NOT_DATETIME);
	check_dt("2026-11-23 ", NULL, NOT_DATETIME);
	check_dt("2026-11-23T09:00 ", NULL, NOT_DATETIME);
	check_dt("2026-11-23T09:00:00.Z", NULL, NOT_DATETIME);
	check_dt("2026-11-23T09:00+8:00", NULL, NOT_DATETIME);
	check_dt("2026-11-23T09:00+08:0", NULL, NOT_DATETIME);
	check_dt("2026-11-23T09:00+08:00Z", NULL, NOT_DATETIME);
	check_dt("2026-11-23T09:00 CST", NULL, NOT_DATETIME);
	check_dt("2026-11-23T09:00+24:00", NULL, "has an invalid time zone offset");
	check_dt("2026-11-23T09:00+08:60", NULL, "has an invalid time zone offset");
	check_dt("11/23/2026 09:00", NULL, NOT_DATETIME);
	check_dt("0001-01-01T00:00+01:00", NULL, "is out of range");
	check_dt("9999-12-31T23:00-02:00", NULL, "is out of range");
	check_dt("", NULL, "is empty");
	check_dt(NULL, NULL, "is empty");
}

static void test_email(void)
{
	static const char *const good[] = {
		"a@b.co",
		"first.last+tag@example.com",
		"x@sub-domain.example.org",
		"USER@EXAMPLE.COM",
		"x@华为.com",
		"用户@例子.公司",
		"o'brien@example.ie",
		"a@1.2.3.4",
	};
	static const struct {
		const char *s, *why;
	} bad[] = {
		{ "", "is empty" },
		{ NULL, "is empty" },
		{ "plain", "must contain an @" },
		{ "a＠example.com", "must use a plain @, not a fullwidth one" },
		{ "a@@example.com", "must contain only one @" },
		{ "a@b@example.com", "must contain only one @" },
		{ "@example.com", "needs a name before the @" },
		{ "a@", "needs a domain after the @" },
		{ "a@localhost", "needs a domain with a dot (like example.com)" },
		{ "a b@example.com", "must not contain spaces" },
		{ "a@example .com", "must not contain spaces" },
		{ " a@example.com", "must not contain spaces" },
		{ "a\xe3\x80\x80@example.com", "must not contain spaces" },
		{ "a\xc2\xa0@example.com", "must not contain spaces" },
		{ "a\x01@example.com", "must not contain control characters" },
		{ "a@example.com\n", "must not contain control characters" },
		{ "\xff@example.com", "is not valid UTF-8" },
		{ "a@\xc0\xae.com", "is not valid UTF-8" },
		{ "a@\xed\xa0\x80.com", "is not valid UTF-8" },
		{ "a@\xe5\x8d.com", "is not valid UTF-8" },
		{ "a@-example.com", "has an invalid domain" },
		{ "a@example-.com", "has an invalid domain" },
		{ "a@example.-com", "has an invalid domain" },
		{ "a@example..com", "has an invalid domain" },
		{ "a@.example.com", "has an invalid domain" },
		{ "a@example.com.", "has an invalid domain" },
		{ "a@exa_mple.com", "has an invalid domain" },
		{ "a@exa!mple.com", "has an invalid domain" },
	};
	char buf[300];
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		is_str(validate_email(good[i]), NULL, "email %s is valid", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_str(validate_email(bad[i].s), bad[i].why, "email \"%s\"", show(bad[i].s));

	/* 64-byte local part is fine, 65 is not. */
	memset(buf, 'a', 64);
	strcpy(buf + 64, "@example.com");
	is_str(validate_email(buf), NULL, "64-byte local part");
	memset(buf, 'a', 65);
	strcpy(buf + 65, "@example.com");
	is_str(validate_email(buf), "has a name before the @ that is too long",
	       "65-byte local part");
	/* 63-byte labels are fine, 64 are not. */
	strcpy(buf, "a@");
	memset(buf + 2, 'b', 64);
	strcpy(buf + 66, ".com");
	is_str(validate_email(buf), "has an invalid domain", "64-byte label");
	strcpy(buf + 65, ".com");
	is_str(validate_email(buf), NULL, "63-byte label");
	/* 254 bytes in all is the limit. */
	strcpy(buf, "a@");
	for (i = 2; i < 254; i += 2)
		memcpy(buf + i, "b.", 2);
	strcpy(buf + 252, "co");
	is_int(strlen(buf), 254, "built a 254-byte address");
	is_str(validate_email(buf), NULL, "254-byte address");
	strcpy(buf + 252, "com");
	is_str(validate_email(buf), "is too long", "255-byte address");
}

static void test_phone(void)
{
	static const char *const good[] = {
		"+86 138 0013 8000",
		"13800138000",
		"(555) 123-4567",
		"555.123.4567",
		"030/1234567",
		"+1 555 123 4567 x123",
		"+1 555 123 4567 ext 123",
		"+1 555 123 4567 Ext. 9",
		"555-1234X12",
		"555-1234 EXT1234567890",
		"+49 (0)30 1234567",
		"123",
		"12345678901234567890",
	};
	static const struct {
		const char *s, *why;
	} bad[] = {
		{ "", "is empty" },
		{ NULL, "is empty" },
		{ "12", "has too few digits (at least 3)" },
		{ "+1", "has too few digits (at least 3)" },
		{ "-- ..", "has too few digits (at least 3)" },
		{ "123456789012345678901", "has too many digits (at most 20)" },
		{ "１３８００１３８０００", "must use ASCII digits, not fullwidth ones" },
		{ "+86 138 0013 800０", "must use ASCII digits, not fullwidth ones" },
		{ "555+1234", "may only have a + at the start" },
		{ "++86 138", "may only have a + at the start" },
		{ " +86 138", "may only have a + at the start" },
		{ "555-abc", "has characters not allowed in a phone number" },
		{ "555_1234", "has characters not allowed in a phone number" },
		{ "555\t1234", "has characters not allowed in a phone number" },
		{ "(555 123", "has unbalanced parentheses" },
		{ "555) 123 (4", "has unbalanced parentheses" },
		{ "555 x", "has an invalid extension" },
		{ "555 ext", "has an invalid extension" },
		{ "555 x12345678901", "has an invalid extension" },
		{ "555 ext 12a", "has an invalid extension" },
		{ "555 x12 x3", "has an invalid extension" },
		{ "x123", "has an invalid extension" },
		{ "555 extension 1", "has an invalid extension" },
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		is_str(validate_phone(good[i]), NULL, "phone %s is valid", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_str(validate_phone(bad[i].s), bad[i].why, "phone \"%s\"", show(bad[i].s));
}

static void test_url(void)
{
	static const char *const good[] = {
		"https://example.com",	     "http://example.com/path?q=1&r=2#frag",
		"HTTPS://Example.COM/",	     "example.com",
		"www.example.com/about",     "华为.com",
		"https://华为.com/产品?x=1", "http://localhost:8080/",
		"https://192.168.1.1",	     "http://[::1]:8080/x",
		"https://[2001:db8::1]",     "https://example.com:443",
		"example.com:8080",	     "https://example.com?q",
		"https://example.com#top",
	};
	static const struct {
		const char *s, *why;
	} bad[] = {
		{ "", "is empty" },
		{ NULL, "is empty" },
		{ "ftp://example.com", "must start with http:// or https://" },
		{ "javascript://x.com", "must start with http:// or https://" },
		{ "https://", "needs a host name" },
		{ "http:///path", "needs a host name" },
		{ "/relative/path", "needs a host name" },
		{ "https://:80", "needs a host name" },
		{ "localhost", "is not a web address (like example.com)" },
		{ "hello", "is not a web address (like example.com)" },
		{ "https://exa mple.com", "must not contain spaces" },
		{ "https://example.com/a b", "must not contain spaces" },
		{ "https://example.com/\x7f", "must not contain control characters" },
		{ "https://example.com/\xfe", "is not valid UTF-8" },
		{ "https://-bad.com", "has an invalid host name" },
		{ "https://ex_ample.com", "has an invalid host name" },
		{ "https://a..b", "has an invalid host name" },
		{ "https://user@example.com", "has an invalid host name" },
		{ "user@example.com", "has an invalid host name" },
		{ "http://[zz]/", "has an invalid host name" },
		{ "http://[::1/", "has an invalid host name" },
		{ "http://[]/", "has an invalid host name" },
		{ "https://example.com:0", "has an invalid port" },
		{ "https://example.com:65536", "has an invalid port" },
		{ "https://example.com:", "has an invalid port" },
		{ "https://example.com:8a", "has an invalid port" },
		{ "https://example.com:80:80", "has an invalid port" },
		{ "http://[::1]x/", "has an invalid port" },
	};
	char *big;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		is_str(validate_url(good[i]), NULL, "url %s is valid", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_str(validate_url(bad[i].s), bad[i].why, "url \"%s\"", show(bad[i].s));

	big = malloc(2050);
	strcpy(big, "https://example.com/");
	memset(big + 20, 'a', 2028);
	big[2048] = '\0';
	is_str(validate_url(big), NULL, "2048-byte url");
	strcpy(big + 2048, "a");
	is_str(validate_url(big), "is too long", "2049-byte url");
	free(big);
}

static void test_int(void)
{
	long long v = 12345;

	is_str(validate_int("42", 0, 100, &v), NULL, "42 in 0..100");
	is_int(v, 42, "42 parsed");
	is_str(validate_int("-5", -10, 10, &v), NULL, "-5 in -10..10");
	is_int(v, -5, "-5 parsed");
	is_str(validate_int(" 7\t", 0, 100, &v), NULL, "blanks are trimmed");
	is_int(v, 7, "7 parsed");
	is_str(validate_int("007", 0, 100, &v), NULL, "leading zeros");
	is_int(v, 7, "007 parsed");
	is_str(validate_int("-0", 0, 100, &v), NULL, "-0");
	is_int(v, 0, "-0 is 0");
	is_str(validate_int("0", 0, 100, NULL), NULL, "out may be NULL");
	is_str(validate_int("100", 0, 100, &v), NULL, "upper bound inclusive");
	is_str(validate_int("0", 0, 100, &v), NULL, "lower bound inclusive");
	is_str(validate_int("9223372036854775807", LLONG_MIN, LLONG_MAX, &v), NULL, "LLONG_MAX");
	ok(v == LLONG_MAX, "LLONG_MAX parsed");
	is_str(validate_int("-9223372036854775808", LLONG_MIN, LLONG_MAX, &v), NULL, "LLONG_MIN");
	ok(v == LLONG_MIN, "LLONG_MIN parsed");

	v = 12345;
	is_str(validate_int("", 0, 100, &v), "is empty", "empty");
	is_str(validate_int("  ", 0, 100, &v), "is empty", "blank");
	is_str(validate_int(NULL, 0, 100, &v), "is empty", "NULL");
	is_str(validate_int("abc", 0, 100, &v), "must be a whole number", "abc");
	is_str(validate_int("1.5", 0, 100, &v), "must be a whole number", "1.5");
	is_str(validate_int("1e3", 0, 10000, &v), "must be a whole number", "1e3");
	is_str(validate_int("12a", 0, 100, &v), "must be a whole number", "12a");
	is_str(validate_int("1 2", 0, 100, &v), "must be a whole number", "1 2");
	is_str(validate_int("-", 0, 100, &v), "must be a whole number", "-");
	is_str(validate_int("--1", -10, 100, &v), "must be a whole number", "--1");
	is_str(validate_int("+5", 0, 100, &v), "must be a whole number", "+5");
	is_str(validate_int("0x10", 0, 100, &v), "must be a whole number", "0x10");
	is_str(validate_int("101", 0, 100, &v), "must be between 0 and 100", "101");
	is_str(validate_int("-1", 0, 100, &v), "must be between 0 and 100", "-1");
	is_str(validate_int("-11", -10, 10, &v), "must be between -10 and 10", "-11");
	is_str(validate_int("99999999999999999999999", 0, 100, &v), "must be between 0 and 100",
	       "huge number");
	is_str(validate_int("11", LLONG_MIN, 10, &v), "must be at most 10", "at most");
	is_str(validate_int("0", 1, LLONG_MAX, &v), "must be at least 1", "at least");
	is_str(validate_int("9223372036854775808", LLONG_MIN, LLONG_MAX, &v), "is out of range",
	       "LLONG_MAX + 1");
	is_str(validate_int("-9223372036854775809", LLONG_MIN, LLONG_MAX, &v), "is out of range",
	       "LLONG_MIN - 1");
	is_int(v, 12345, "out untouched on errors");
}

static void test_bool(void)
{
	static const char *const yes[] = {
		"1", "yes", "true", "y", "on", "YES", "True", " Y ", "ON"
	};
	static const char *const no[] = { "0",	"no",	 "false", "n",	  "off",
					  "NO", "False", "N",	  "Off\n" };
	static const char *const bad[] = {
		"maybe", "2", "yess", "truetrue", "nope", "o", "-1", "t"
	};
	bool b;
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		b = false;
		ok(!validate_bool(yes[i], &b) && b, "\"%s\" is true", show(yes[i]));
	}
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		b = true;
		ok(!validate_bool(no[i], &b) && !b, "\"%s\" is false", show(no[i]));
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b = true;
		is_str(validate_bool(bad[i], &b), "must be yes or no", "\"%s\" is rejected",
		       bad[i]);
		ok(b, "\"%s\": out untouched", bad[i]);
	}
	is_str(validate_bool("", &b), "is empty", "empty bool");
	is_str(validate_bool(NULL, &b), "is empty", "NULL bool");
	is_str(validate_bool("yes", NULL), NULL, "out may be NULL");
}

static void check_v4(const char *u, const char *what)
{
	ok(validate_uuid(u), "%s: %s is canonical", what, u);
	ok(u[14] == '4', "%s: version 4", what);
	ok(strchr("89ab", u[19]) != NULL, "%s: RFC variant", what);
}

static void test_uuid(void)
{
	char a[37], b[37], c[37];
	uint64_t s1 = 0, s2 = 0, s3 = 42;
	int i, dup = 0;

	ok(validate_uuid("123e4567-e89b-42d3-a456-426614174000"), "canonical uuid");
	ok(validate_uuid("00000000-0000-0000-0000-000000000000"), "nil uuid");
	ok(!validate_uuid("123E4567-E89B-42D3-A456-426614174000"), "uppercase rejected");
	ok(!validate_uuid("123e4567e89b42d3a456426614174000"), "no hyphens rejected");
	ok(!validate_uuid("123e4567-e89b-42d3-a456-42661417400"), "short rejected");
	ok(!validate_uuid("123e4567-e89b-42d3-a456-4266141740000"), "long rejected");
	ok(!validate_uuid("123e4567-e89b-42d3-a456_426614174000"), "wrong separator rejected");
	ok(!validate_uuid("g23e4567-e89b-42d3-a456-426614174000"), "non-hex rejected");
	ok(!validate_uuid("{123e4567-e89b-42d3-a456-426614174000}"), "braces rejected");
	ok(!validate_uuid(""), "empty rejected");
	ok(!validate_uuid(NULL), "NULL rejected");

	uuid_v4(a);
	uuid_v4(b);
	check_v4(a, "uuid_v4");
	check_v4(b, "uuid_v4");
	ok(strcmp(a, b) != 0, "two random uuids differ");
	for (i = 0; i < 1000; i++) {
		uuid_v4(c);
		if (!validate_uuid(c) || c[14] != '4' || !strcmp(c, a))
			dup++;
	}
	is_int(dup, 0, "1000 random uuids are valid v4 and new");

	/* splitmix64(0) yields 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4. */
	uuid_v4_seeded(&s1, a);
	is_str(a, "e220a839-7b1d-4daf-ae78-9e6aa1b965f4", "seeded uuid from state 0");
	ok(s1 == 2 * 0x9e3779b97f4a7c15ULL, "state advanced by two splitmix64 steps");
	uuid_v4_seeded(&s1, b);
	check_v4(b, "seeded");
	ok(strcmp(a, b) != 0, "next seeded uuid differs");
	uuid_v4_seeded(&s2, c);
	is_str(c, a, "same seed, same first uuid");
	uuid_v4_seeded(&s2, c);
	is_str(c, b, "same seed, same second uuid");
	uuid_v4_seeded(&s3, c);
	check_v4(c, "seed 42");
	ok(strcmp(c, a) != 0, "different seed, different uuid");
}

static void test_record_id(void)
{
	char big[1002];

	ok(validate_record_id("123e4567-e89b-42d3-a456-426614174000") == NULL,
	   "a UUID is a record id");
	ok(validate_record_id("c-00000000") == NULL, "so is another client's id");
	ok(validate_record_id("客户一号-网页") == NULL, "and one in Chinese");
	ok(validate_record_id("") != NULL, "an empty id is not");
	ok(validate_record_id(NULL) != NULL, "nor none");
	ok(validate_record_id("_design/x") != NULL, "nor one of CouchDB's own");
	ok(validate_record_id("two\nlines") != NULL, "nor one with a control character");
	ok(validate_record_id("bad\xff") != NULL, "nor one that is not UTF-8");
	memset(big, 'x', 1000);
	big[1000] = '\0';
	ok(validate_record_id(big) == NULL, "1000 bytes are enough");
	big[1000] = 'x';
	big[1001] = '\0';
	ok(validate_record_id(big) != NULL, "1001 bytes are too many");
}

static void test_name(void)
{
	static const char *const good[] = {
		"Acme Retail",
		"张伟",
		"O'Brien & Söhne GmbH",
		"محمد",
		"\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", /* Persian: a ZWNJ between
								       letters */
		"\u0915\u094d\u200d\u0937",	   /* Devanagari: a ZWJ after a virama */
		"Team \U0001F469\u200d\U0001F4BB", /* an emoji ZWJ sequence */
		"",
	};
	static const struct {
		const char *s, *why;
	} bad[] = {
		{ "Acme\u202e", "contains a text-direction control character (U+202E)" },
		{ "\u202dAcme", "contains a text-direction control character (U+202D)" },
		{ "Ac\u2066me\u2069", "contains a text-direction control character (U+2066)" },
		{ "Acme\u200f", "contains a text-direction control character (U+200F)" },
		{ "\u061cAcme", "contains a text-direction control character (U+061C)" },
		{ "Ac\u200bme", "contains an invisible character (U+200B)" },
		{ "Acme\ufeff", "contains an invisible character (U+FEFF)" },
		{ "Ac\u2060me", "contains an invisible character (U+2060)" },
		{ "Ac\u00adme", "contains an invisible character (U+00AD)" },
		{ "\u3164", "contains an invisible character (U+3164)" },
		{ "Ac\u200cme", "contains an invisible character (U+200C)" }, /* ZWNJ in Latin */
		{ "Ac\u200dme", "contains an invisible character (U+200D)" },
		{ "\u0645\u200c", "contains an invisible character (U+200C)" }, /* at the end */
		{ "\u200c\u0645", "contains an invisible character (U+200C)" }, /* at the start */
		{ "\xff", "is not valid UTF-8" },
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		is_str(validate_name(good[i]), NULL, "name %zu is accepted", i);
	ok(validate_name(NULL) == NULL, "NULL is no name to refuse");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_str(validate_name(bad[i].s), bad[i].why, "bad name %zu", i);
}

int main(void)
{
	test_date();
	test_time();
	test_datetime();
	test_email();
	test_phone();
	test_url();
	test_int();
	test_bool();
	test_uuid();
	test_record_id();
	test_name();
	return done_testing();
}
