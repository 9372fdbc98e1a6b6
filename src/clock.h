/* clock.h - the one source of "now", and calendar arithmetic on "YYYY-MM-DD".
 *
 * Every part of salesterm that needs the current time calls clock_now(), so
 * tests and demos can pin it with SALESTERM_NOW. Dates are plain strings in
 * the proleptic Gregorian calendar, years 0001-9999.
 */
#ifndef SALESTERM_CLOCK_H
#define SALESTERM_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/*
 * clock_now - the current time.
 *
 * If SALESTERM_NOW is set it is used instead: an integer epoch ("1795078800"),
 * a UTC datetime ("2026-11-23T09:00:00Z"), a local datetime ("2026-11-23 09:00",
 * in TZ) or anything else validate_datetime() accepts. An invalid value is
 * ignored and the real time is returned. Read on every call.
 */
time_t clock_now(void);

/* clock_iso_utc - format t as "YYYY-MM-DDTHH:MM:SSZ" into out (clamped to years 0001-9999). */
void clock_iso_utc(time_t t, char out[21]);

/*
 * clock_local_text - an instant ("2026-11-23T01:00:00Z", or anything
 * validate_datetime() accepts) as local (TZ) "YYYY-MM-DD HH:MM" into out,
 * years always with four digits. False (out untouched) if s is not one, or
 * if its local date is outside years 0001-9999.
 */
bool clock_local_text(const char *s, char out[17]);

/* clock_date_local - format the local (TZ) calendar date of t as "YYYY-MM-DD" into out. */
void clock_date_local(time_t t, char out[11]);

/* clock_today - today's local date, i.e. clock_date_local(clock_now(), out). */
void clock_today(char out[11]);

/*
 * clock_days_from_civil - days since 1970-01-01 of the Gregorian date y-m-d
 * (negative before 1970). m is 1-12, d is 1-31; valid for |y| < 5,000,000.
 */
int clock_days_from_civil(int y, int m, int d);

/* clock_civil_from_days - the inverse of clock_days_from_civil(). */
void clock_civil_from_days(int days, int *y, int *m, int *d);

/*
 * clock_date_add_days - out = date + days (days may be negative). out may be
 * date itself. Returns false if date is not a valid "YYYY-MM-DD" or the result
 * leaves years 0001-9999; out is then untouched.
 */
bool clock_date_add_days(const char *date, int days, char out[11]);

/* clock_days_in_month - days of month m (1-12) of Gregorian year y. */
int clock_days_in_month(long long y, int m);

/* clock_days_between - days from date a to date b ("YYYY-MM-DD"), b - a; 0 if
 * either is not a valid date. */
int clock_days_between(const char *a, const char *b);

/* clock_utc_seconds - seconds since the epoch of a stored UTC instant
 * ("YYYY-MM-DDTHH:MM:SSZ"); -1 if s is NULL or not one. */
long long clock_utc_seconds(const char *s);

/* clock_weekday - 0 (Monday) .. 6 (Sunday) for a "YYYY-MM-DD" date, -1 if it is invalid. */
int clock_weekday(const char *date);

/* clock_week_start - the weekday (0 Monday .. 6 Sunday) the user's locale
 * starts a week on (LC_TIME: Monday in zh_CN, Sunday in zh_TW and en_US);
 * Monday, as ISO 8601 has it, in the C locale. */
int clock_week_start(void);

/* clock_week_pos - the place of date in the locale's week, 0 .. 6; -1 if
 * date is invalid. */
int clock_week_pos(const char *date);

/* clock_long_date - date ("YYYY-MM-DD") written out in the user's language:
 * "Thursday 2026-12-03", "2026年12月3日 星期四" (the format is a translated
 * message, the names LC_TIME's). False (out empty) if date is invalid. */
bool clock_long_date(const char *date, char *out, size_t cap);

/*
 * clock_parse_date_word - turn a date the user typed into "YYYY-MM-DD",
 * relative to today ("YYYY-MM-DD"). Case-insensitive, surrounding blanks
 * ignored. Understands:
 *   today, tomorrow, yesterday
 *   [+|-]N followed by d (days), w (weeks), m (months) or y (years);
 *     months and years clamp the day to the month's end (01-31 +1m -> 02-28)
 *   mon..sun, monday..sunday: the next such day strictly after today
 *   YYYY-MM-DD (must be a real date)
 * Returns false (out untouched) if the word or today is not understood.
 */
bool clock_parse_date_word(const char *word, const char *today, char out[11]);

#endif
