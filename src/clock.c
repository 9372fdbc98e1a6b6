/* clock.c - the one source of "now", and calendar arithmetic on "YYYY-MM-DD".
 *
 * Civil-date conversions follow Howard Hinnant's days_from_civil() and
 * civil_from_days() (http://howardhinnant.github.io/date_algorithms.html),
 * done in long long so that no intermediate step can overflow.
 */
#include "clock.h"
#include "validate.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"

#define SECS_PER_DAY 86400LL
/* Days from 1970-01-01 to 0001-01-01 and to 9999-12-31. */
#define MIN_DAYS (-719162LL)
#define MAX_DAYS 2932896LL

static long long days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, long long *y, int *m, int *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int clock_days_in_month(long long y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dim[m - 1];
}

/* Write v (>= 0) as exactly n decimal digits at p. */
static void put_digits(char *p, long long v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

static void format_date(char out[11], long long y, int m, int d)
{
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = '\0';
}

static int two_digits(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/* n digits at s as a number, or -1 if one is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (; n > 0; n--, s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* Split a date into y/m/d if validate_date() accepts it ("YYYY-MM-DD", a
 * real day), checked here as it does: the reports count the days between
 * two dates for each of 100k deals. */
static bool split_date(const char *s, int *y, int *m, int *d)
{
	return s && (*y = digits(s, 4)) >= 1 && s[4] == '-' && (*m = digits(s + 5, 2)) >= 1 &&
	       *m <= 12 && s[7] == '-' && (*d = digits(s + 8, 2)) >= 1 &&
	       *d <= clock_days_in_month(*y, *m) && s[10] == '\0';
}

/* "-?[0-9]+" in the range of time_t. */
static bool parse_epoch(const char *s, time_t *out)
{
	const char *p = s + (*s == '-');
	char *end;
	long long v;

	if (!*p)
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || (long long)(time_t)v != v)
		return false;
	*out = (time_t)v;
	return true;
}

static bool parse_now(const char *s, time_t *out)
{
	char iso[21];

	if (!s || !*s)
		return false;
	if (parse_epoch(s, out))
		return true;
	if (validate_datetime(s, iso))
		return false;
	/* iso is now exactly "YYYY-MM-DDTHH:MM:SSZ" with years 0001-9999. */
	*out = (time_t)(days_from_civil(two_digits(iso) * 100 + two_digits(iso + 2),
					two_digits(iso + 5), two_digits(iso + 8)) *
			    SECS_PER_DAY +
			two_digits(iso + 11) * 3600LL + two_digits(iso + 14) * 60LL +
			two_digits(iso + 17));
	return true;
}

/* clock_now - see clock.h. */
time_t clock_now(void)
{
	time_t t;

	if (parse_now(getenv("SALESTERM_NOW"), &t))
		return t;
	return time(NULL);
}

/* clock_iso_utc - see clock.h. */
void clock_iso_utc(time_t t, char out[21])
{
	long long s = (long long)t, days, secs, y;
	int m, d;

	if (s < MIN_DAYS * SECS_PER_DAY)
		s = MIN_DAYS * SECS_PER_DAY;
	if (s > MAX_DAYS * SECS_PER_DAY + SECS_PER_DAY - 1)
		s = MAX_DAYS * SECS_PER_DAY + SECS_PER_DAY - 1;
	days = s / SECS_PER_DAY;
	secs = s % SECS_PER_DAY;
	if (secs < 0) {
		secs += SECS_PER_DAY;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	format_date(out, y, m, d);
	out[10] = 'T';
	put_digits(out + 11, secs / 3600, 2);
	out[13] = ':';
	put_digits(out + 14, secs / 60 % 60, 2);
	out[16] = ':';
	put_digits(out + 17, secs % 60, 2);
	out[19] = 'Z';
	out[20] = '\0';
}

/* clock_local_text - see clock.h. */
bool clock_local_text(const char *s, char out[17])
{
	char iso[21];
	struct tm tm = { 0 };
	long long y;
	time_t t;

	if (validate_datetime(s, iso) != NULL ||
	    sscanf(iso, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec) != 6)
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (!localtime_r(&t, &tm))
		return false;
	/* By hand, not strftime("%Y"): that writes year 999 as "999", and
	 * year 10000 (9999-12-31 in UTC, east of Greenwich) does not fit. */
	y = tm.tm_year + 1900LL;
	if (y < 1 || y > 9999)
		return false;
	format_date(out, y, tm.tm_mon + 1, tm.tm_mday);
	out[10] = ' ';
	put_digits(out + 11, tm.tm_hour, 2);
	out[13] = ':';
	put_digits(out + 14, tm.tm_min, 2);
	out[16] = '\0';
	return true;
}

void clock_date_local(time_t t, char out[11])
{
	struct tm tm;
	long long y;
	char iso[21];

	if (!localtime_r(&t, &tm)) {
		clock_iso_utc(t, iso);
		memcpy(out, iso, 10);
		out[10] = '\0';
		return;
	}
	y = tm.tm_year + 1900LL;
	if (y < 1)
		format_date(out, 1, 1, 1);
	else if (y > 9999)
		format_date(out, 9999, 12, 31);
	else
		format_date(out, y, tm.tm_mon + 1, tm.tm_mday);
}

/* clock_today - see clock.h. */
void clock_today(char out[11])
{
	clock_date_local(clock_now(), out);
}

/* clock_days_from_civil - see clock.h. */
int clock_days_from_civil(int y, int m, int d)
{
	return (int)days_from_civil(y, m, d);
}

/* clock_civil_from_days - see clock.h. */
void clock_civil_from_days(int days, int *y, int *m, int *d)
{
	long long yy;

	civil_from_days(days, &yy, m, d);
	*y = (int)yy;
}

/* clock_date_add_days - see clock.h. */
bool clock_date_add_days(const char *date, int days, char out[11])
{
	int y, m, d;
	long long z, ny;

	if (!split_date(date, &y, &m, &d))
		return false;
	z = days_from_civil(y, m, d) + days;
	if (z < MIN_DAYS || z > MAX_DAYS)
		return false;
	civil_from_days(z, &ny, &m, &d);
	format_date(out, ny, m, d);
	return true;
}

/* clock_weekday - see clock.h. */
int clock_weekday(const char *date)
{
	int y, m, d;

	if (!split_date(date, &y, &m, &d))
		return -1;
	/* 1970-01-01 was a Thursday (3). */
	return (int)(((days_from_civil(y, m, d) + 3) % 7 + 7) % 7);
}

int clock_week_start(void)
{
#ifdef __GLIBC__ /* _NL_TIME_* are enum values, not macros */
	const char *loc = setlocale(LC_TIME, NULL);
	union {
		char *string;
		unsigned int word;
	} w1;
	int first, y, m, d;

	if (loc == NULL || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0 ||
	    strncmp(loc, "C.", 2) == 0)
		return 0;
	/* glibc: the week's first day is first_weekday (1 = the weekday of
	 * week_1stday, a YYYYMMDD date, usually a Sunday) - see locale(5). */
	first = *nl_langinfo(_NL_TIME_FIRST_WEEKDAY);
	w1.string = nl_langinfo(_NL_TIME_WEEK_1STDAY);
	y = (int)(w1.word / 10000);
	m = (int)(w1.word / 100 % 100);
	d = (int)(w1.word % 100);
	if (first < 1 || first > 7 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	return (int)((((days_from_civil(y, m, d) + 3) % 7 + 7) % 7 + first - 1) % 7);
#else
	return 0;
#endif
}

int clock_week_pos(const char *date)
{
	int wd = clock_weekday(date);

	return wd < 0 ? -1 : (wd - clock_week_start() + 7) % 7;
}

bool clock_long_date(const char *date, char *out, size_t cap)
{
	struct tm tm = { 0 };
	int y, m, d;

	if (cap)
		*out = '\0';
	if (!split_date(date, &y, &m, &d))
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_wday = (clock_weekday(date) + 1) % 7; /* tm counts from Sunday */
	tm.tm_isdst = -1;
	/* TRANSLATORS: a long date, as strftime(3) writes it: %A the weekday's
	   name, %Y-%m-%d the date; zh_CN: "%Y年%-m月%-d日 %A". */
	/* xgettext:no-c-format */
	return strftime(out, cap, _("%A %Y-%m-%d"), &tm) > 0;
}

static bool add_months(const char *today, long long months, char out[11])
{
	int y, m, d, nm;
	long long total, ny;

	if (!split_date(today, &y, &m, &d))
		return false;
	total = y * 12LL + (m - 1) + months;
	if (total < 12 || total >= 10000 * 12LL)
		return false;
	ny = total / 12;
	nm = (int)(total % 12) + 1;
	if (d > clock_days_in_month(ny, nm))
		d = clock_days_in_month(ny, nm);
	format_date(out, ny, nm, d);
	return true;
}

/* "[+-]?N[dwmy]", N at most 7 digits. */
static bool parse_offset(const char *w, const char *today, char out[11])
{
	long long n = 0, sign = 1;
	int digits = 0;

	if (*w == '+' || *w == '-')
		sign = *w++ == '-' ? -1 : 1;
	for (; *w >= '0' && *w <= '9'; w++) {
		if (++digits > 7)
			return false;
		n = n * 10 + (*w - '0');
	}
	if (!digits || !*w || w[1])
		return false;
	n *= sign;
	switch (*w) {
	case 'd':
		return clock_date_add_days(today, (int)n, out);
	case 'w':
		return clock_date_add_days(today, (int)(n * 7), out);
	case 'm':
		return add_months(today, n, out);
	case 'y':
		return add_months(today, n * 12, out);
	default:
		return false;
	}
}

/* clock_parse_date_word - see clock.h. */
bool clock_parse_date_word(const char *word, const char *today, char out[11])
{
	static const char *const days[7][2] = {
		{ "mon", "monday" },   { "tue", "tuesday" }, { "wed", "wednesday" },
		{ "thu", "thursday" }, { "fri", "friday" },  { "sat", "saturday" },
		{ "sun", "sunday" },
	};
	char w[16];
	size_t len;
	int i, wd;

	if (!word || clock_weekday(today) < 0)
		return false;
	while (*word == ' ' || *word == '\t')
		word++;
	len = strlen(word);
	while (len && (word[len - 1] == ' ' || word[len - 1] == '\t'))
		len--;
	if (!len || len >= sizeof(w))
		return false;
	for (i = 0; i < (int)len; i++)
		w[i] = (char)(word[i] >= 'A' && word[i] <= 'Z' ? word[i] - 'A' + 'a' : word[i]);
	w[len] = '\0';

	if (!strcmp(w, "today"))
		return clock_date_add_days(today, 0, out);
	if (!strcmp(w, "tomorrow"))
		return clock_date_add_days(today, 1, out);
	if (!strcmp(w, "yesterday"))
		return clock_date_add_days(today, -1, out);
	for (i = 0; i < 7; i++) {
		if (strcmp(w, days[i][0]) && strcmp(w, days[i][1]))
			continue;
		wd = clock_weekday(today);
		return clock_date_add_days(today, (i - wd + 6) % 7 + 1, out);
	}
	if (!validate_date(w)) {
		memcpy(out, w, 11);
		return true;
	}
	return parse_offset(w, today, out);
}

int clock_days_between(const char *a, const char *b)
{
	int ya, ma, da, yb, mb, db;

	if (!split_date(a, &ya, &ma, &da) || !split_date(b, &yb, &mb, &db))
		return 0;
	return (int)(days_from_civil(yb, mb, db) - days_from_civil(ya, ma, da));
}

long long clock_utc_seconds(const char *s)
{
	struct tm tm = { 0 };
	int y, mo, d, h, mi, sec;

	/* The stored form ("2026-11-23T01:00:00Z") without sscanf() and timegm():
	 * the reports read it for each of a million rows. */
	if (s && (y = digits(s, 4)) >= 0 && s[4] == '-' && (mo = digits(s + 5, 2)) >= 1 &&
	    mo <= 12 && s[7] == '-' && (d = digits(s + 8, 2)) >= 0 && s[10] == 'T' &&
	    (h = digits(s + 11, 2)) >= 0 && s[13] == ':' && (mi = digits(s + 14, 2)) >= 0 &&
	    s[16] == ':' && (sec = digits(s + 17, 2)) >= 0 && (s[19] < '0' || s[19] > '9'))
		return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	if (s == NULL || sscanf(s, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
				&tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm);
}
