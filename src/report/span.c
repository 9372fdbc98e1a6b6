/* span.c - parsing, naming and stepping the period of a report. */
#include "report/span.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "i18n.h"
#include "report/internal.h"
#include "validate.h"

static bool all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static enum status bad(const char *text)
{
	return status_set(ST_INVALID,
			  _("period \"%s\": write 2026Q4, 2026-11, 2026 or "
			    "2026-10-01..2026-12-31"),
			  text ? text : "");
}

enum status report_span_parse(const char *text, struct report_span *out)
{
	struct report_span s = { 0 };
	const char *dots;
	char date[11];
	size_t len;

	if (text == NULL)
		return bad(text);
	len = strlen(text);
	dots = strstr(text, "..");
	if (dots) {
		size_t a = (size_t)(dots - text);

		if (a != 10 || strlen(dots + 2) != 10)
			return bad(text);
		memcpy(s.first, text, 10);
		memcpy(s.last, dots + 2, 11);
		if (validate_date(s.first) || validate_date(s.last))
			return bad(text);
		if (strcmp(s.first, s.last) > 0)
			return status_set(
			    ST_INVALID, _("period \"%s\": the range ends before it starts"), text);
		s.kind = REPORT_CUSTOM;
		*out = s;
		return ST_OK;
	}
	if (len == 4 && all_digits(text, 4)) {
		snprintf(date, sizeof(date), "%.4s-01-01", text);
		s.kind = REPORT_YEAR;
	} else if (len == 6 && all_digits(text, 4) && (text[4] == 'Q' || text[4] == 'q') &&
		   text[5] >= '1' && text[5] <= '4') {
		snprintf(date, sizeof(date), "%.4s-%02d-01", text, (text[5] - '1') * 3 + 1);
		s.kind = REPORT_QUARTER;
	} else if (len == 7 && all_digits(text, 4) && text[4] == '-' && all_digits(text + 5, 2)) {
		snprintf(date, sizeof(date), "%s-01", text);
		s.kind = REPORT_MONTH;
	} else {
		return bad(text);
	}
	if (!report_span_of(s.kind, date, &s))
		return bad(text);
	*out = s;
	return ST_OK;
}

bool report_span_of(enum report_period kind, const char *date, struct report_span *out)
{
	struct report_span s = { .kind = kind };

	if (!report_period_bounds(kind, date, 0, s.first, s.last))
		return false;
	*out = s;
	return true;
}

bool report_span_step(const struct report_span *s, int offset, struct report_span *out)
{
	struct report_span r = { .kind = s->kind };
	int days;

	if (s->kind != REPORT_CUSTOM) {
		if (!report_period_bounds(s->kind, s->first, offset, r.first, r.last))
			return false;
		*out = r;
		return true;
	}
	days = report_span_days(s);
	if (days <= 0 || !clock_date_add_days(s->first, days * offset, r.first) ||
	    !clock_date_add_days(s->last, days * offset, r.last) || validate_date(r.first) ||
	    validate_date(r.last))
		return false;
	*out = r;
	return true;
}

void report_span_label(const struct report_span *s, char out[24])
{
	int y, m, d;

	if (s->kind == REPORT_CUSTOM || !report_split_date(s->first, &y, &m, &d)) {
		snprintf(out, 24, "%.10s..%.10s", s->first, s->last);
		return;
	}
	if (s->kind == REPORT_YEAR)
		snprintf(out, 24, "%04u", (unsigned)y % 10000u);
	else if (s->kind == REPORT_QUARTER)
		snprintf(out, 24, "%04uQ%u", (unsigned)y % 10000u,
			 (unsigned)(m - 1) / 3u % 4u + 1u);
	else
		snprintf(out, 24, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
}

int report_span_days(const struct report_span *s)
{
	return clock_days_between(s->first, s->last) + 1;
}

int64_t report_span_quota(const struct report_span *s, int64_t quota, int quota_months)
{
	__int128 q;
	int months;

	if (quota_months <= 0 || quota <= 0)
		return 0;
	if (s->kind == REPORT_CUSTOM) {
		q = (__int128)quota * report_span_days(s) * 48 / ((__int128)quota_months * 1461);
	} else {
		months = s->kind == REPORT_MONTH ? 1 : s->kind == REPORT_QUARTER ? 3 : 12;
		q = (__int128)quota * months / quota_months;
	}
	return q > INT64_MAX ? INT64_MAX : (int64_t)q;
}

bool report_span_cycle(const struct report_span *s, struct report_span *out)
{
	enum report_period k = s->kind == REPORT_MONTH	   ? REPORT_QUARTER
			       : s->kind == REPORT_QUARTER ? REPORT_YEAR
							   : REPORT_MONTH;
	char today[11];

	clock_today(today);
	if (strcmp(today, s->first) < 0 || strcmp(today, s->last) > 0)
		snprintf(today, sizeof(today), "%s", s->first);
	return report_span_of(k, today, out);
}

int report_quota_months(const char *period)
{
	if (period && strcmp(period, "month") == 0)
		return 1;
	if (period && strcmp(period, "year") == 0)
		return 12;
	return 3;
}
