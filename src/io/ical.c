/* ical.c - iCalendar (RFC 5545): the schedule out as VEVENTs and VTODOs, and
 * a calendar's events in as activities.
 *
 * The rules (issue 15, doc/DESIGN.md section 11):
 *   - writing: calls, meetings and visits are VEVENTs, tasks and emails
 *     VTODOs; times are UTC ("...Z"), which every reader converts to its own
 *     zone and which round-trips exactly; an all-day item (all_day, or a due
 *     date without a start) is a DATE. The UID is the record id and
 *     "@salesterm", so a calendar that imports the file again updates its
 *     events. Text is escaped (\\ \; \, \n) and lines are folded at 75 octets,
 *     never inside a UTF-8 character; lines end in CRLF;
 *   - reading: lines are unfolded, BEGIN/END must pair up and the calendar
 *     must end with END:VCALENDAR, else the error names the line. Each VEVENT
 *     (and VTODO) is one row whose columns are field keys: its id comes from
 *     the UID (ours back to the record id, any other through an MD5 name-based
 *     UUID), so importing the same calendar again finds the same records.
 *     Times with a TZID are converted by the file's VTIMEZONE (its STANDARD
 *     and DAYLIGHT onsets, yearly rules included) or else the system's zone of
 *     that name; UTC times as they are; floating times in the user's zone
 *     (TZ); a DATE is an all-day item. A recurring event (RRULE FREQ DAILY,
 *     WEEKLY, MONTHLY or YEARLY with INTERVAL, COUNT, UNTIL, BYDAY,
 *     BYMONTHDAY and BYMONTH; EXDATE; RECURRENCE-ID overrides) is expanded in
 *     its own zone's wall-clock time over a window of days from today, each
 *     occurrence a row with an id of its own, and a note says what was
 *     expanded. A rule this reader cannot expand keeps its first occurrence,
 *     with a note that says so.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "clock.h"
#include "entity.h"
#include "i18n.h"
#include "io.h"
#include "record.h"
#include "strbuf.h"
#include "sync/revs.h"
#include "utf8.h"
#include "validate.h"
#include "xalloc.h"

#define ICS_UID_SUFFIX "@salesterm"
#define ICS_FOLD 75		 /* octets per line, CRLF not counted */
#define ICS_MAX_OCCURRENCES 1000 /* per recurring event, in the window */
#define ICS_MAX_PERIODS 200000	 /* periods a rule is followed through */
#define ICS_MAX_NESTING 8

/* ---------------------------------------------------------------- content lines */

struct ics_param {
	char *name, *value;
};

/* One unfolded content line: NAME;PARAM=VALUE:VALUE */
struct ics_prop {
	char *name; /* upper case */
	struct ics_param *params;
	size_t nparams;
	char *value; /* as written (not unescaped) */
	long line;
};

/* A component: VEVENT, VTODO, VTIMEZONE, STANDARD, DAYLIGHT, VALARM ... */
struct ics_comp {
	char *name;
	long line, end_line;
	const char *raw; /* from BEGIN to the line after END */
	size_t raw_len;
	struct ics_prop *props;
	size_t nprops;
	struct ics_comp **subs;
	size_t nsubs;
};

static void comp_free(struct ics_comp *c)
{
	size_t i, j;

	if (c == NULL)
		return;
	for (i = 0; i < c->nprops; i++) {
		for (j = 0; j < c->props[i].nparams; j++) {
			free(c->props[i].params[j].name);
			free(c->props[i].params[j].value);
		}
		free(c->props[i].params);
		free(c->props[i].name);
		free(c->props[i].value);
	}
	free(c->props);
	for (i = 0; i < c->nsubs; i++)
		comp_free(c->subs[i]);
	free(c->subs);
	free(c->name);
	free(c);
}

static char *upper(char *s)
{
	char *p;

	for (p = s; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return s;
}

/* Split an unfolded line into p; false if it is not NAME[;params]:VALUE. */
static bool parse_prop(const char *s, struct ics_prop *p)
{
	const char *q = s;

	memset(p, 0, sizeof(*p));
	while (isalnum((unsigned char)*q) || *q == '-')
		q++;
	if (q == s || (*q != ':' && *q != ';'))
		return false;
	p->name = upper(xstrndup(s, (size_t)(q - s)));
	while (*q == ';') {
		const char *n = ++q, *v;
		struct strbuf val = STRBUF_INIT;

		while (isalnum((unsigned char)*q) || *q == '-')
			q++;
		if (q == n || *q != '=')
			return false;
		v = q + 1;
		/* a parameter value: quoted, or up to ; or : (a list with , kept as is) */
		for (q = v; *q && *q != ';' && *q != ':'; q++) {
			if (*q == '"') {
				const char *close = strchr(q + 1, '"');

				if (close == NULL) {
					strbuf_release(&val);
					return false;
				}
				strbuf_add(&val, q + 1, (size_t)(close - q - 1));
				q = close;
			} else {
				strbuf_addc(&val, *q);
			}
		}
		p->params = xreallocarray(p->params, p->nparams + 1, sizeof(*p->params));
		p->params[p->nparams].name = upper(xstrndup(n, (size_t)(v - 1 - n)));
		p->params[p->nparams++].value = val.s ? strbuf_detach(&val) : xstrdup("");
	}
	if (*q != ':')
		return false;
	p->value = xstrdup(q + 1);
	return true;
}

static const char *param(const struct ics_prop *p, const char *name)
{
	size_t i;

	for (i = 0; p && i < p->nparams; i++)
		if (strcmp(p->params[i].name, name) == 0)
			return p->params[i].value;
	return NULL;
}

static const struct ics_prop *prop(const struct ics_comp *c, const char *name)
{
	size_t i;

	for (i = 0; c && i < c->nprops; i++)
		if (strcmp(c->props[i].name, name) == 0)
			return &c->props[i];
	return NULL;
}

/* A TEXT value unescaped (\n \N \, \; \\). Caller frees. */
static char *unescape(const char *v)
{
	struct strbuf b = STRBUF_INIT;

	strbuf_adds(&b, "");
	for (; *v; v++) {
		if (*v == '\\' && v[1]) {
			v++;
			strbuf_addc(&b, (*v == 'n' || *v == 'N') ? '\n' : *v);
		} else if (*v != '\r') {
			strbuf_addc(&b, *v);
		}
	}
	return strbuf_detach(&b);
}

/*
 * Parse text into the tree of components under *top (a VCALENDAR). The error
 * names the line: a line that is not a content line, an END that closes
 * nothing or another component, text after the calendar, a calendar that
 * does not end.
 */
static enum status parse_tree(const char *name, const char *text, size_t len, struct ics_comp **top)
{
	struct ics_comp *stack[ICS_MAX_NESTING] = { 0 };
	struct strbuf line = STRBUF_INIT;
	size_t depth = 0, i = 0;
	long lineno = 0, start_line = 0;
	enum status st = ST_OK;
	bool done = false;

	*top = NULL;
	while (i < len && st == ST_OK) {
		struct ics_prop p;
		const char *lstart;

		/* one logical line: physical lines joined where the next starts with a blank */
		strbuf_reset(&line);
		strbuf_adds(&line, "");
		lstart = text + i;
		start_line = ++lineno;
		for (;;) {
			const char *nl = memchr(text + i, '\n', len - i);
			size_t e = nl ? (size_t)(nl - text) : len, l = e - i;

			if (l > 0 && text[i + l - 1] == '\r')
				l--;
			strbuf_add(&line, text + i, l);
			i = nl ? e + 1 : len;
			if (i < len && (text[i] == ' ' || text[i] == '\t')) {
				i++;
				lineno++;
				continue;
			}
			break;
		}
		if (line.len == 0)
			continue;
		if (done) {
			st = status_set(ST_INVALID,
					_("%s:%ld: text after END:VCALENDAR (two calendars "
					  "joined?)"),
					name, start_line);
			break;
		}
		if (!parse_prop(line.s, &p)) {
			free(p.name);
			for (size_t k = 0; k < p.nparams; k++) {
				free(p.params[k].name);
				free(p.params[k].value);
			}
			free(p.params);
			st = status_set(ST_INVALID,
					_("%s:%ld: not an iCalendar line (NAME:VALUE expected)"),
					name, start_line);
			break;
		}
		p.line = start_line;
		if (strcmp(p.name, "BEGIN") == 0) {
			struct ics_comp *c = xcalloc(1, sizeof(*c));

			c->name = upper(xstrdup(p.value));
			c->line = start_line;
			c->raw = lstart;
			free(p.name);
			free(p.value);
			if (depth == 0 && strcmp(c->name, "VCALENDAR") != 0) {
				st = status_set(ST_INVALID,
						_("%s:%ld: BEGIN:%s outside a calendar (the file "
						  "must start with BEGIN:VCALENDAR)"),
						name, start_line, c->name);
				comp_free(c);
				break;
			}
			if (depth == ICS_MAX_NESTING) {
				st = status_set(ST_INVALID, _("%s:%ld: components nested too deep"),
						name, start_line);
				comp_free(c);
				break;
			}
			if (depth > 0) {
				struct ics_comp *parent = stack[depth - 1];

				parent->subs = xreallocarray(parent->subs, parent->nsubs + 1,
							     sizeof(*parent->subs));
				parent->subs[parent->nsubs++] = c;
			} else {
				*top = c;
			}
			stack[depth++] = c;
		} else if (strcmp(p.name, "END") == 0) {
			upper(p.value);
			if (depth == 0 || strcmp(stack[depth - 1]->name, p.value) != 0) {
				st = depth == 0 ? status_set(ST_INVALID,
							     _("%s:%ld: END:%s closes nothing"),
							     name, start_line, p.value)
						: status_set(ST_INVALID,
							     _("%s:%ld: END:%s where END:%s (of "
							       "line %ld) was expected"),
							     name, start_line, p.value,
							     stack[depth - 1]->name,
							     stack[depth - 1]->line);
			} else {
				struct ics_comp *c = stack[--depth];

				c->end_line = start_line;
				c->raw_len = (size_t)(text + i - c->raw);
				while (c->raw_len > 0 && (c->raw[c->raw_len - 1] == '\n' ||
							  c->raw[c->raw_len - 1] == '\r'))
					c->raw_len--;
				done = depth == 0;
			}
			free(p.name);
			free(p.value);
		} else if (depth == 0) {
			st = status_set(ST_INVALID,
					_("%s:%ld: %s outside a calendar (the file must start "
					  "with BEGIN:VCALENDAR)"),
					name, start_line, p.name);
			free(p.name);
			free(p.value);
			for (size_t k = 0; k < p.nparams; k++) {
				free(p.params[k].name);
				free(p.params[k].value);
			}
			free(p.params);
		} else {
			struct ics_comp *c = stack[depth - 1];

			c->props = xreallocarray(c->props, c->nprops + 1, sizeof(*c->props));
			c->props[c->nprops++] = p;
		}
	}
	if (st == ST_OK && *top == NULL)
		st = status_set(ST_INVALID,
				_("%s:1: no BEGIN:VCALENDAR: this is not an iCalendar "
				  "file"),
				name);
	if (st == ST_OK && depth > 0)
		st = status_set(ST_INVALID,
				_("%s:%ld: the file ends inside %s (of line %ld): no END:%s (is "
				  "it cut short?)"),
				name, lineno, stack[depth - 1]->name, stack[depth - 1]->line,
				stack[depth - 1]->name);
	strbuf_release(&line);
	if (st != ST_OK) {
		comp_free(*top);
		*top = NULL;
	}
	return st;
}

/* ---------------------------------------------------------------- times */

/* A local wall-clock time (or a date, when is_date). */
struct ics_time {
	int y, m, d, hh, mm, ss;
	bool is_date, utc;
	const char *tzid; /* NULL: floating (or UTC) */
};

static bool parse_time(const char *v, const char *tzid, bool date_param, struct ics_time *t)
{
	int n = 0;

	memset(t, 0, sizeof(*t));
	if (sscanf(v, "%4d%2d%2d%n", &t->y, &t->m, &t->d, &n) != 3 || n != 8)
		return false;
	if (t->m < 1 || t->m > 12 || t->d < 1 || t->d > clock_days_in_month(t->y, t->m) || t->y < 1)
		return false;
	if (v[8] == '\0') {
		t->is_date = true;
		return true;
	}
	if (date_param)
		return false;
	n = 0;
	if (sscanf(v + 8, "T%2d%2d%2d%n", &t->hh, &t->mm, &t->ss, &n) != 3 || n != 7)
		return false;
	if (t->hh > 23 || t->mm > 59 || t->ss > 60)
		return false;
	if (t->ss == 60)
		t->ss = 59;
	if (v[15] == 'Z' && v[16] == '\0')
		t->utc = true;
	else if (v[15] != '\0')
		return false;
	t->tzid = t->utc ? NULL : tzid;
	return true;
}

static long long local_seconds(int y, int m, int d, int hh, int mm, int ss)
{
	return (long long)clock_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
}

/* "+0800" / "-0530" / "+053000" in seconds; false if it is none. */
static bool parse_offset(const char *v, int *secs)
{
	int h, m, s = 0, n = 0;
	size_t len = v ? strlen(v) : 0;

	if ((len != 5 && len != 7) || (v[0] != '+' && v[0] != '-'))
		return false;
	if (sscanf(v + 1, "%2d%2d%n", &h, &m, &n) != 2 || n != 4)
		return false;
	if (len == 7 && sscanf(v + 5, "%2d", &s) != 1)
		return false;
	*secs = (h * 3600 + m * 60 + s) * (v[0] == '-' ? -1 : 1);
	return true;
}

/* One STANDARD or DAYLIGHT of a VTIMEZONE. */
struct ics_onset {
	struct ics_time start; /* local, in offset_from */
	int from, to;
	int bymonth, byday_n, byday_wd; /* a yearly rule; bymonth 0: none */
	bool byday, yearly;
	int until_year;
};

struct ics_zone {
	char *tzid;
	struct ics_onset *onsets;
	size_t n;
};

static int weekday_of(const char *two)
{
	static const char *const wd[] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };
	int i;

	for (i = 0; i < 7; i++)
		if (strncasecmp(two, wd[i], 2) == 0)
			return i;
	return -1;
}

/* 0 (Monday) .. 6 of y-m-d. */
static int wday(int y, int m, int d)
{
	int days = clock_days_from_civil(y, m, d);

	return ((days % 7) + 7 + 3) % 7; /* 1970-01-01 was a Thursday */
}

/* The day of month of the nth (n < 0: from the end) weekday wd of y-m; 0 if none. */
static int nth_weekday(int y, int m, int n, int wd)
{
	int dim = clock_days_in_month(y, m), d;

	if (n > 0) {
		d = 1 + (wd - wday(y, m, 1) + 7) % 7 + (n - 1) * 7;
		return d <= dim ? d : 0;
	}
	d = dim - (wday(y, m, dim) - wd + 7) % 7 + (n + 1) * 7;
	return d >= 1 ? d : 0;
}

/* The UTC second an onset of o happens in year y; false if none that year. */
static bool onset_in(const struct ics_onset *o, int y, long long *utc)
{
	int m = o->start.m, d = o->start.d;

	if (y < o->start.y)
		return false;
	if (y != o->start.y) {
		if (!o->yearly || (o->until_year && y > o->until_year))
			return false;
		if (o->bymonth)
			m = o->bymonth;
		if (o->byday && (d = nth_weekday(y, m, o->byday_n, o->byday_wd)) == 0)
			return false;
	}
	*utc = local_seconds(y, m, d, o->start.hh, o->start.mm, o->start.ss) - o->from;
	return true;
}

/* The UTC offset of zone z at the UTC second u. */
static int zone_offset_at(const struct ics_zone *z, long long u, int y)
{
	long long best = 0, t;
	int off = z->n ? z->onsets[0].from : 0;
	bool any = false;
	size_t i;
	int yy;

	for (i = 0; i < z->n; i++)
		for (yy = y - 1; yy <= y + 1; yy++)
			if (onset_in(&z->onsets[i], yy, &t) && t <= u && (!any || t > best)) {
				best = t;
				off = z->onsets[i].to;
				any = true;
			}
	return off;
}

static void zone_free(struct ics_zone *z)
{
	free(z->tzid);
	free(z->onsets);
}

static struct ics_zone *zones_parse(const struct ics_comp *cal, size_t *nzones)
{
	struct ics_zone *zones = NULL;
	size_t i, j;

	*nzones = 0;
	for (i = 0; i < cal->nsubs; i++) {
		const struct ics_comp *c = cal->subs[i];
		const struct ics_prop *id = prop(c, "TZID");
		struct ics_zone z = { 0 };

		if (strcmp(c->name, "VTIMEZONE") != 0 || id == NULL)
			continue;
		z.tzid = xstrdup(id->value);
		for (j = 0; j < c->nsubs; j++) {
			const struct ics_comp *s = c->subs[j];
			const struct ics_prop *ds = prop(s, "DTSTART"), *rr = prop(s, "RRULE");
			struct ics_onset o = { 0 };

			if (strcmp(s->name, "STANDARD") != 0 && strcmp(s->name, "DAYLIGHT") != 0)
				continue;
			if (ds == NULL || !parse_time(ds->value, NULL, false, &o.start) ||
			    !parse_offset(prop(s, "TZOFFSETFROM") ? prop(s, "TZOFFSETFROM")->value
								  : NULL,
					  &o.from) ||
			    !parse_offset(
				prop(s, "TZOFFSETTO") ? prop(s, "TZOFFSETTO")->value : NULL, &o.to))
				continue;
			if (rr && strcasestr(rr->value, "FREQ=YEARLY")) {
				const char *p;

				o.yearly = true;
				if ((p = strcasestr(rr->value, "BYMONTH=")) != NULL)
					o.bymonth = atoi(p + 8);
				if ((p = strcasestr(rr->value, "BYDAY=")) != NULL) {
					int n = 1, k = 0;

					p += 6;
					if (sscanf(p, "%d%n", &n, &k) != 1)
						n = 1, k = 0;
					o.byday_wd = weekday_of(p + k);
					o.byday = o.byday_wd >= 0 && n != 0;
					o.byday_n = n;
				}
				if ((p = strcasestr(rr->value, "UNTIL=")) != NULL &&
				    sscanf(p + 6, "%4d", &o.until_year) != 1)
					o.until_year = 0; /* the year of the last onset */
				if (o.bymonth < 0 || o.bymonth > 12)
					o.bymonth = 0;
			}
			z.onsets = xreallocarray(z.onsets, z.n + 1, sizeof(*z.onsets));
			z.onsets[z.n++] = o;
		}
		zones = xreallocarray(zones, *nzones + 1, sizeof(*zones));
		zones[(*nzones)++] = z;
	}
	return zones;
}

struct ics_state {
	struct ics_comp *cal;
	struct ics_zone *zones;
	size_t nzones;
	/* rows made in open(), handed out by next() */
	struct ics_out {
		struct io_cell *cells;
		size_t ncells;
		long line;
		const char *raw;
		size_t raw_len;
		char *error; /* an event that could not be read: next() says why */
	} * rows;
	size_t nrows, next;
	char today[11], window_end[11];
	int window_days;
	time_t now;
};

/* The UTC instant of t, as "YYYY-MM-DDTHH:MM:SSZ"; false with a message. */
static bool to_utc(const struct ics_state *s, const struct ics_time *t, char out[21],
		   const char **why)
{
	long long L = local_seconds(t->y, t->m, t->d, t->hh, t->mm, t->ss);
	size_t i;

	if (t->utc) {
		clock_iso_utc((time_t)L, out);
		return true;
	}
	if (t->tzid) {
		for (i = 0; i < s->nzones; i++)
			if (strcmp(s->zones[i].tzid, t->tzid) == 0 && s->zones[i].n > 0) {
				int off = zone_offset_at(&s->zones[i], L - s->zones[i].onsets[0].to,
							 t->y),
				    off2 = zone_offset_at(&s->zones[i], L - off, t->y);

				clock_iso_utc((time_t)(L - off2), out);
				return true;
			}
	}
	{
		char text[32];
		const char *old = getenv("TZ");
		char *saved = old ? xstrdup(old) : NULL;
		const char *bad = NULL;
		bool known = true;

		if (t->tzid) {
			/* the system's zone of that name (Google and Apple use Olson names) */
			char *path = xasprintf("/usr/share/zoneinfo/%s", t->tzid);
			FILE *f = strstr(t->tzid, "..") ? NULL : fopen(path, "rb");

			free(path);
			if (f)
				fclose(f);
			known = f != NULL;
			if (known) {
				setenv("TZ", t->tzid, 1);
				tzset();
			}
		}
		snprintf(text, sizeof(text), "%04d-%02d-%02d %02d:%02d:%02d", t->y, t->m, t->d,
			 t->hh, t->mm, t->ss);
		if (known)
			bad = validate_datetime(text, out);
		if (t->tzid && known) {
			if (saved)
				setenv("TZ", saved, 1);
			else
				unsetenv("TZ");
			tzset();
		}
		free(saved);
		if (!known) {
			*why = _("an unknown time zone (no VTIMEZONE of that TZID in the file, "
				 "nor a system zone of that name)");
			return false;
		}
		if (bad) {
			*why = bad;
			return false;
		}
	}
	return true;
}

/* ---------------------------------------------------------------- recurrence */

struct rrule {
	enum { R_NONE, R_DAILY, R_WEEKLY, R_MONTHLY, R_YEARLY } freq;
	int interval, count;
	bool has_until;
	struct ics_time until;
	int byday_n[32], byday_wd[32], nbyday;
	int bymonthday[32], nbymonthday;
	int bymonth[12], nbymonth;
	char unsupported[64]; /* a part this reader does not expand */
};

static bool parse_rrule(const char *v, const char *tzid, struct rrule *r)
{
	char *copy = xstrdup(v), *save = NULL, *part;
	bool ok = true;

	memset(r, 0, sizeof(*r));
	r->interval = 1;
	for (part = strtok_r(copy, ";", &save); part && ok; part = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(part, '='), *val, *s2 = NULL, *item;

		if (eq == NULL) {
			ok = false;
			break;
		}
		*eq = '\0';
		val = eq + 1;
		upper(part);
		if (strcmp(part, "FREQ") == 0) {
			r->freq = strcasecmp(val, "DAILY") == 0	    ? R_DAILY
				  : strcasecmp(val, "WEEKLY") == 0  ? R_WEEKLY
				  : strcasecmp(val, "MONTHLY") == 0 ? R_MONTHLY
				  : strcasecmp(val, "YEARLY") == 0  ? R_YEARLY
								    : R_NONE;
			if (r->freq == R_NONE)
				snprintf(r->unsupported, sizeof(r->unsupported), "FREQ=%s", val);
		} else if (strcmp(part, "INTERVAL") == 0) {
			r->interval = atoi(val);
			ok = r->interval >= 1 && r->interval <= 10000;
		} else if (strcmp(part, "COUNT") == 0) {
			r->count = atoi(val);
			ok = r->count >= 1;
		} else if (strcmp(part, "UNTIL") == 0) {
			ok = parse_time(val, tzid, false, &r->until);
			r->has_until = ok;
		} else if (strcmp(part, "BYDAY") == 0) {
			for (item = strtok_r(val, ",", &s2); item && ok;
			     item = strtok_r(NULL, ",", &s2)) {
				int n = 0, k = 0;

				if (r->nbyday == 32)
					break;
				if (sscanf(item, "%d%n", &n, &k) != 1)
					n = 0, k = 0;
				r->byday_wd[r->nbyday] = weekday_of(item + k);
				r->byday_n[r->nbyday] = n;
				ok = r->byday_wd[r->nbyday] >= 0 && strlen(item + k) == 2 &&
				     n >= -5 && n <= 5;
				r->nbyday++;
			}
		} else if (strcmp(part, "BYMONTHDAY") == 0) {
			for (item = strtok_r(val, ",", &s2); item && ok;
			     item = strtok_r(NULL, ",", &s2)) {
				int d = atoi(item);

				if (r->nbymonthday == 32)
					break;
				ok = d != 0 && d >= -31 && d <= 31;
				r->bymonthday[r->nbymonthday++] = d;
			}
		} else if (strcmp(part, "BYMONTH") == 0) {
			for (item = strtok_r(val, ",", &s2); item && ok;
			     item = strtok_r(NULL, ",", &s2)) {
				int m = atoi(item);

				if (r->nbymonth == 12)
					break;
				ok = m >= 1 && m <= 12;
				r->bymonth[r->nbymonth++] = m;
			}
		} else if (strcmp(part, "WKST") == 0) {
			/* the week starts on Monday here; WKST only matters with INTERVAL>1 and
			 * several BYDAY, and calendars write MO or SU: taken as MO */
		} else if (r->unsupported[0] == '\0') {
			snprintf(r->unsupported, sizeof(r->unsupported), "%s", part);
		}
	}
	if (ok && r->freq == R_NONE && r->unsupported[0] == '\0')
		ok = false;
	/* BYDAY with a number in a weekly or daily rule, or yearly BYDAY without a month */
	if (ok && r->unsupported[0] == '\0') {
		int i;

		for (i = 0; i < r->nbyday; i++)
			if (r->byday_n[i] != 0 && (r->freq == R_DAILY || r->freq == R_WEEKLY))
				ok = false;
		if (r->freq == R_YEARLY && r->nbyday && r->nbymonth == 0)
			snprintf(r->unsupported, sizeof(r->unsupported), "BYDAY without BYMONTH");
		if (r->freq == R_DAILY && (r->nbyday || r->nbymonthday || r->nbymonth))
			snprintf(r->unsupported, sizeof(r->unsupported), "BY... in a DAILY rule");
	}
	free(copy);
	return ok;
}

static int int_cmp(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* The days of month y-m the rule picks (dtday: the start's day), sorted. */
static int month_days(const struct rrule *r, int y, int m, int dtday, int out[62])
{
	int n = 0, i, dim = clock_days_in_month(y, m), d;

	if (r->nbyday) {
		for (i = 0; i < r->nbyday; i++) {
			if (r->byday_n[i] != 0) {
				if ((d = nth_weekday(y, m, r->byday_n[i], r->byday_wd[i])) > 0)
					out[n++] = d;
			} else {
				for (d = nth_weekday(y, m, 1, r->byday_wd[i]); d <= dim; d += 7)
					out[n++] = d;
			}
		}
	} else if (r->nbymonthday) {
		for (i = 0; i < r->nbymonthday; i++) {
			d = r->bymonthday[i] > 0 ? r->bymonthday[i] : dim + 1 + r->bymonthday[i];
			if (d >= 1 && d <= dim)
				out[n++] = d;
		}
	} else if (dtday <= dim) {
		out[n++] = dtday;
	}
	qsort(out, (size_t)n, sizeof(*out), int_cmp);
	return n;
}

/* ---------------------------------------------------------------- events to rows */

static void row_add(struct ics_out *row, const char *name, const char *value)
{
	row->cells = xreallocarray(row->cells, row->ncells + 1, sizeof(*row->cells));
	row->cells[row->ncells].name = xstrdup(name);
	row->cells[row->ncells++].value = xstrdup(value ? value : "");
}

static void note_add(struct io_reader *r, char *note)
{
	if (r->nnotes && strcmp(r->notes[r->nnotes - 1], note) == 0) {
		free(note); /* the same note for each occurrence of an event: once */
		return;
	}
	r->notes = xreallocarray(r->notes, r->nnotes + 1, sizeof(*r->notes));
	r->notes[r->nnotes++] = note;
}

/* A text cell cut to what its field holds, between characters, with a note
 * saying so (a calendar's titles are not limited; ours are). */
static void row_add_clipped(struct io_reader *r, struct ics_out *row, const struct ics_comp *c,
			    const char *key, char *text)
{
	const struct field *f = entity_field(&entity_activity, key);
	size_t max = f && f->max_len > 0 ? (size_t)f->max_len : 0, n;

	if (max && strlen(text) > max) {
		n = max;
		while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
			n--;
		text[n] = '\0';
		note_add(r, xasprintf(_("line %ld: %s cut to %zu bytes: \"%s\""), c->line, key, max,
				      text));
	}
	row_add(row, key, text);
}

/* The record id of a UID (and of one occurrence of it, when rid is not NULL):
 * ours back to the id, any other as an MD5 name-based UUID (version 3). */
static char *uid_to_id(const char *uid, const char *rid)
{
	size_t len = strlen(uid), sl = strlen(ICS_UID_SUFFIX);
	char hex[33], *joined;

	if (rid == NULL && len > sl && strcasecmp(uid + len - sl, ICS_UID_SUFFIX) == 0) {
		char *id = xstrndup(uid, len - sl);

		if (validate_record_id(id) == NULL)
			return id;
		free(id);
	}
	joined = xasprintf("%s\x1f%s", uid, rid ? rid : "");
	revs_md5_hex(joined, strlen(joined), hex);
	free(joined);
	hex[12] = '3'; /* version 3: MD5, name-based */
	hex[16] = "89ab"[(strchr("0123456789abcdef", hex[16]) - "0123456789abcdef") & 3];
	return xasprintf("%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

/* The kind of an event: ours, else a category naming one, else meeting/task. */
static const char *event_kind(const struct ics_comp *c, bool todo)
{
	static const char *const kinds[] = { "call", "meeting", "visit", "task", "email" };
	const struct ics_prop *k = prop(c, "X-SALESTERM-KIND"), *cat = prop(c, "CATEGORIES");
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (k && strcasecmp(k->value, kinds[i]) == 0)
			return kinds[i];
	for (i = 0; cat && i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		const char *p = strcasestr(cat->value, kinds[i]);
		size_t l = strlen(kinds[i]);

		if (p && (p == cat->value || p[-1] == ',') && (p[l] == '\0' || p[l] == ','))
			return kinds[i];
	}
	return todo ? "task" : "meeting";
}

/* Minutes before the start of the first VALARM's relative TRIGGER; -1 if none. */
static int alarm_minutes(const struct ics_comp *c)
{
	size_t i;

	for (i = 0; i < c->nsubs; i++) {
		const struct ics_prop *t = prop(c->subs[i], "TRIGGER");
		const char *v;
		long secs = 0, n;
		bool before;

		if (strcmp(c->subs[i]->name, "VALARM") != 0 || t == NULL ||
		    (param(t, "VALUE") && strcasecmp(param(t, "VALUE"), "DURATION") != 0))
			continue;
		v = t->value;
		before = *v == '-';
		if (*v == '-' || *v == '+')
			v++;
		if (*v++ != 'P')
			continue;
		while (*v) {
			char *end;

			if (*v == 'T') {
				v++;
				continue;
			}
			n = strtol(v, &end, 10);
			if (end == v)
				break;
			secs += *end == 'W'   ? n * 604800
				: *end == 'D' ? n * 86400
				: *end == 'H' ? n * 3600
				: *end == 'M' ? n * 60
					      : n;
			v = *end ? end + 1 : end;
		}
		if (!before && secs > 0)
			continue;
		return (int)(secs / 60);
	}
	return -1;
}

/* Add a row for one occurrence of event c starting at *ds (ending at *de, or
 * NULL), with the given id. */
static enum status add_row(struct io_reader *r, const struct ics_comp *c, bool todo, const char *id,
			   const struct ics_time *ds, const struct ics_time *de,
			   const struct ics_time *due)
{
	struct ics_state *s = r->state;
	struct ics_out row = { .line = c->line, .raw = c->raw, .raw_len = c->raw_len };
	const struct ics_prop *p;
	char start[21], end[21], date[11], num[16];
	const char *why = NULL, *status = "planned", *pri;
	char *text;
	int alarm;
	bool past = false;

	row_add(&row, "id", id);
	row_add(&row, "kind", event_kind(c, todo));
	p = prop(c, "SUMMARY");
	text = unescape(p ? p->value : "");
	if (*text == '\0') {
		free(text);
		text =
		    xstrdup(todo ? _("(a task without a title)") : _("(an event without a title)"));
	}
	row_add_clipped(r, &row, c, "subject", text);
	free(text);
	if ((p = prop(c, "LOCATION")) != NULL) {
		text = unescape(p->value);
		row_add_clipped(r, &row, c, "location", text);
		free(text);
	}
	if (ds && ds->is_date) {
		/* all day: one day is a due date; several days run from midnight to midnight */
		snprintf(date, sizeof(date), "%04d-%02d-%02d", ds->y, ds->m, ds->d);
		row_add(&row, "all_day", "1");
		if (de && de->is_date &&
		    clock_days_from_civil(de->y, de->m, de->d) >
			clock_days_from_civil(ds->y, ds->m, ds->d) + 1) {
			struct ics_time a = *ds, b = *de;

			a.is_date = b.is_date = false;
			a.tzid = b.tzid = NULL;
			if (!to_utc(s, &a, start, &why) || !to_utc(s, &b, end, &why))
				goto bad;
			row_add(&row, "start", start);
			row_add(&row, "end", end);
			past = strcmp(end, "") != 0 && clock_utc_seconds(end) <= (long long)s->now;
		} else {
			row_add(&row, "due", date);
			past = strcmp(date, s->today) < 0;
		}
	} else if (ds) {
		if (!to_utc(s, ds, start, &why))
			goto bad;
		row_add(&row, "start", start);
		past = clock_utc_seconds(start) < (long long)s->now;
		if (de && !de->is_date) {
			if (!to_utc(s, de, end, &why))
				goto bad;
			if (strcmp(end, start) > 0) {
				row_add(&row, "end", end);
				past = clock_utc_seconds(end) <= (long long)s->now;
			}
		}
	}
	if (due) {
		snprintf(date, sizeof(date), "%04d-%02d-%02d", due->y, due->m, due->d);
		if (!due->is_date) {
			char utc[21], local[17];

			if (!to_utc(s, due, utc, &why))
				goto bad;
			if (clock_local_text(utc, local)) {
				memcpy(date, local, 10);
				date[10] = '\0';
			}
		}
		row_add(&row, "due", date);
		past = past || strcmp(date, s->today) < 0;
	}
	/* status: ours, else the calendar's; an event that is over happened */
	p = prop(c, "STATUS");
	if (p && strcasecmp(p->value, "CANCELLED") == 0)
		status = "cancelled";
	else if (p && strcasecmp(p->value, "COMPLETED") == 0)
		status = "done";
	else if (!todo && past)
		status = "done";
	if ((p = prop(c, "X-SALESTERM-STATUS")) != NULL &&
	    (strcmp(p->value, "planned") == 0 || strcmp(p->value, "done") == 0 ||
	     strcmp(p->value, "cancelled") == 0))
		status = p->value;
	row_add(&row, "status", status);
	if ((p = prop(c, "PRIORITY")) != NULL && atoi(p->value) > 0) {
		int v = atoi(p->value);

		pri = v < 5 ? "high" : v == 5 ? "normal" : "low";
		row_add(&row, "priority", pri);
	}
	if ((alarm = alarm_minutes(c)) >= 0 && (ds || due)) {
		snprintf(num, sizeof(num), "%d", alarm > 40320 ? 40320 : alarm);
		row_add(&row, "reminder", num);
	}
	if ((p = prop(c, "X-SALESTERM-RELATED")) != NULL && *p->value)
		row_add(&row, "related", p->value);
	s->rows = xreallocarray(s->rows, s->nrows + 1, sizeof(*s->rows));
	s->rows[s->nrows++] = row;
	return ST_OK;
bad:
	for (size_t i = 0; i < row.ncells; i++) {
		free(row.cells[i].name);
		free(row.cells[i].value);
	}
	free(row.cells);
	return status_set(ST_INVALID, _("%s:%ld: %s: %s"), r->name, c->line, "DTSTART", why);
}

/* A time property of c parsed into t; false if absent; an error if unreadable. */
static enum status time_prop(struct io_reader *r, const struct ics_comp *c, const char *name,
			     struct ics_time *t, bool *present)
{
	const struct ics_prop *p = prop(c, name);
	const char *vt;

	*present = false;
	if (p == NULL)
		return ST_OK;
	vt = param(p, "VALUE");
	if (!parse_time(p->value, param(p, "TZID"), vt && strcasecmp(vt, "DATE") == 0, t))
		return status_set(ST_INVALID,
				  _("%s:%ld: %s: \"%s\" is not an iCalendar date or date-time "
				    "(YYYYMMDD or YYYYMMDDTHHMMSS[Z])"),
				  r->name, p->line, name, p->value);
	*present = true;
	return ST_OK;
}

/* ISO 8601 duration "P1DT2H" in seconds; -1 if it is not one. */
static long long duration_secs(const char *v)
{
	long long secs = 0;
	bool neg = *v == '-';

	if (*v == '-' || *v == '+')
		v++;
	if (*v++ != 'P')
		return -1;
	while (*v) {
		char *end;
		long n;

		if (*v == 'T') {
			v++;
			continue;
		}
		n = strtol(v, &end, 10);
		if (end == v || !*end)
			return -1;
		secs += *end == 'W'   ? n * 604800LL
			: *end == 'D' ? n * 86400LL
			: *end == 'H' ? n * 3600LL
			: *end == 'M' ? n * 60LL
			: *end == 'S' ? n
				      : -1000000000LL;
		v = end + 1;
	}
	return neg || secs < 0 ? -1 : secs;
}

/* t moved by secs (wall clock: dates by whole days). */
static struct ics_time time_add(const struct ics_time *t, long long secs)
{
	struct ics_time o = *t;
	long long L = local_seconds(t->y, t->m, t->d, t->hh, t->mm, t->ss) + secs;
	long long days = L >= 0 ? L / 86400 : (L - 86399) / 86400, rest = L - days * 86400;

	clock_civil_from_days((int)days, &o.y, &o.m, &o.d);
	if (!t->is_date) {
		o.hh = (int)(rest / 3600);
		o.mm = (int)(rest % 3600 / 60);
		o.ss = (int)(rest % 60);
	}
	return o;
}

/* The text of an occurrence's start as RECURRENCE-ID writes it: for matching. */
static void rid_text(const struct ics_state *s, const struct ics_time *t, char out[21])
{
	const char *why;

	if (t->is_date)
		snprintf(out, 21, "%04d%02d%02d", t->y, t->m, t->d);
	else if (!to_utc(s, t, out, &why))
		snprintf(out, 21, "%04d%02d%02dT%02d%02d%02d", t->y, t->m, t->d, t->hh, t->mm,
			 t->ss);
}

/* Does the list of times in props name of c hold the occurrence t? */
static bool time_listed(const struct ics_state *s, const struct ics_comp *c, const char *name,
			const struct ics_time *t)
{
	char want[21], got[21];
	size_t i;

	rid_text(s, t, want);
	for (i = 0; i < c->nprops; i++) {
		char *copy, *save = NULL, *item;

		if (strcmp(c->props[i].name, name) != 0)
			continue;
		copy = xstrdup(c->props[i].value);
		for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
			struct ics_time x;
			const char *vt = param(&c->props[i], "VALUE");

			if (!parse_time(item, param(&c->props[i], "TZID"),
					vt && strcasecmp(vt, "DATE") == 0, &x))
				continue;
			if (x.is_date && !t->is_date) {
				/* a date excludes that day's occurrence */
				if (x.y == t->y && x.m == t->m && x.d == t->d) {
					free(copy);
					return true;
				}
				continue;
			}
			if (!x.utc && !x.tzid)
				x.tzid = t->tzid;
			rid_text(s, &x, got);
			if (strcmp(got, want) == 0) {
				free(copy);
				return true;
			}
		}
		free(copy);
	}
	return false;
}

/* Is there a VEVENT in the calendar overriding this occurrence of uid? */
static bool overridden(const struct ics_state *s, const char *uid, const struct ics_time *t)
{
	size_t i;

	for (i = 0; i < s->cal->nsubs; i++) {
		const struct ics_comp *c = s->cal->subs[i];
		const struct ics_prop *u = prop(c, "UID");

		if (prop(c, "RECURRENCE-ID") && u && strcmp(u->value, uid) == 0 &&
		    time_listed(s, c, "RECURRENCE-ID", t))
			return true;
	}
	return false;
}

static const char *freq_word(int f)
{
	return f == R_DAILY	? _("daily")
	       : f == R_WEEKLY	? _("weekly")
	       : f == R_MONTHLY ? _("monthly")
				: _("yearly");
}

/* The occurrences of a recurring event c inside the window, each a row. */
static enum status expand(struct io_reader *r, const struct ics_comp *c, bool todo, const char *uid,
			  const struct ics_time *ds, const struct ics_time *de,
			  const struct rrule *rule)
{
	struct ics_state *s = r->state;
	long long len = de ? local_seconds(de->y, de->m, de->d, de->hh, de->mm, de->ss) -
				 local_seconds(ds->y, ds->m, ds->d, ds->hh, ds->mm, ds->ss)
			   : -1;
	int start_days = clock_days_from_civil(ds->y, ds->m, ds->d);
	int win_from =
		clock_days_from_civil(atoi(s->today), atoi(s->today + 5), atoi(s->today + 8)),
	    win_to = win_from + s->window_days;
	int count = 0, emitted = 0, excluded = 0, period;
	char first[11] = "", last[11] = "";
	enum status st = ST_OK;
	const struct ics_prop *sum = prop(c, "SUMMARY");
	char *title = unescape(sum ? sum->value : "");
	bool stop = false;

	for (period = 0; period < ICS_MAX_PERIODS && !stop; period++) {
		int days[62], n = 0, k, y = ds->y, m = ds->m;
		long long step = (long long)period * rule->interval;

		switch (rule->freq) {
		case R_DAILY:
			days[n++] = start_days + (int)step;
			break;
		case R_WEEKLY: {
			int monday = start_days - wday(ds->y, ds->m, ds->d) + (int)(step * 7);

			if (rule->nbyday == 0)
				days[n++] = start_days + (int)(step * 7);
			for (k = 0; k < rule->nbyday; k++)
				days[n++] = monday + rule->byday_wd[k];
			qsort(days, (size_t)n, sizeof(*days), int_cmp);
			break;
		}
		case R_MONTHLY: {
			long long mm = (long long)ds->m - 1 + step;
			int md[62], nd;

			y = ds->y + (int)(mm / 12);
			m = (int)(mm % 12) + 1;
			if (y > 9999) {
				stop = true;
				break;
			}
			if (rule->nbymonth) {
				bool in = false;

				for (k = 0; k < rule->nbymonth; k++)
					in = in || rule->bymonth[k] == m;
				if (!in)
					break;
			}
			nd = month_days(rule, y, m, ds->d, md);
			for (k = 0; k < nd; k++)
				days[n++] = clock_days_from_civil(y, m, md[k]);
			break;
		}
		case R_YEARLY: {
			int months[12], nm = 0, j;

			y = ds->y + (int)step;
			if (y > 9999) {
				stop = true;
				break;
			}
			if (rule->nbymonth)
				for (j = 0; j < rule->nbymonth; j++)
					months[nm++] = rule->bymonth[j];
			else
				months[nm++] = ds->m;
			qsort(months, (size_t)nm, sizeof(*months), int_cmp);
			for (j = 0; j < nm && n < 31; j++) {
				int md[62], nd;

				if (!rule->nbyday && !rule->nbymonthday &&
				    ds->d > clock_days_in_month(y, months[j]))
					continue;
				nd = month_days(rule, y, months[j], ds->d, md);
				for (k = 0; k < nd && n < 62; k++)
					days[n++] = clock_days_from_civil(y, months[j], md[k]);
			}
			break;
		}
		default:
			stop = true;
		}
		for (k = 0; k < n && !stop; k++) {
			struct ics_time t = *ds, e;
			char text[21];
			int d = days[k];

			if (d < start_days || (k > 0 && days[k] == days[k - 1]))
				continue;
			clock_civil_from_days(d, &t.y, &t.m, &t.d);
			if (rule->has_until) {
				struct ics_time u = rule->until;
				char a[21], b[21];

				if (u.is_date || t.is_date) {
					if (clock_days_from_civil(t.y, t.m, t.d) >
					    clock_days_from_civil(u.y, u.m, u.d)) {
						stop = true;
						break;
					}
				} else {
					const char *why;

					if (!u.utc && !u.tzid)
						u.tzid = ds->tzid;
					if (to_utc(s, &t, a, &why) && to_utc(s, &u, b, &why) &&
					    strcmp(a, b) > 0) {
						stop = true;
						break;
					}
				}
			}
			if (rule->count && count >= rule->count) {
				stop = true;
				break;
			}
			count++;
			if (d > win_to) {
				stop = true;
				break;
			}
			if (d < win_from)
				continue;
			if (time_listed(s, c, "EXDATE", &t)) {
				excluded++;
				continue;
			}
			if (overridden(s, uid, &t))
				continue;
			if (emitted == ICS_MAX_OCCURRENCES) {
				stop = true;
				break;
			}
			rid_text(s, &t, text);
			{
				char *id = uid_to_id(uid, text);

				e = len >= 0 ? time_add(&t, len) : t;
				st = add_row(r, c, todo, id, &t, len >= 0 ? &e : NULL, NULL);
				free(id);
			}
			if (st != ST_OK) {
				free(title);
				return st;
			}
			snprintf(emitted ? last : first, 11, "%04d-%02d-%02d", t.y, t.m, t.d);
			if (!emitted)
				snprintf(last, 11, "%s", first);
			emitted++;
		}
		if (rule->freq == R_DAILY && start_days + step > win_to)
			stop = true;
	}
	if (emitted == 0)
		note_add(r, xasprintf(_("line %ld: \"%s\" repeats %s: no occurrence between %s "
					"and the window's end (%d days)%s"),
				      c->line, title, freq_word(rule->freq), s->today,
				      s->window_days, excluded ? _(", the others excluded") : ""));
	else
		note_add(r, xasprintf(_("line %ld: \"%s\" repeats %s: %d occurrences from %s to "
					"%s imported (the window: %s and %d days after)%s"),
				      c->line, title, freq_word(rule->freq), emitted, first, last,
				      s->today, s->window_days,
				      excluded ? _(", some dates excluded by EXDATE") : ""));
	free(title);
	return ST_OK;
}

/* One VEVENT or VTODO: a row, or its occurrences. */
static enum status event_rows(struct io_reader *r, const struct ics_comp *c)
{
	bool todo = strcmp(c->name, "VTODO") == 0, has_s, has_e, has_due, has_rid;
	struct ics_time ds, de, due, rid;
	const struct ics_prop *uidp = prop(c, "UID"), *rr = prop(c, "RRULE"), *dur;
	char *uid, *id;
	enum status st;

	if ((st = time_prop(r, c, "DTSTART", &ds, &has_s)) != ST_OK ||
	    (st = time_prop(r, c, todo ? "DUE" : "DTEND", todo ? &due : &de,
			    todo ? &has_due : &has_e)) != ST_OK ||
	    (st = time_prop(r, c, "RECURRENCE-ID", &rid, &has_rid)) != ST_OK)
		return st;
	if (todo)
		has_e = false;
	else
		has_due = false;
	if (!has_s && !has_due)
		return status_set(ST_INVALID, _("%s:%ld: %s without DTSTART%s"), r->name, c->line,
				  c->name, todo ? _(" or DUE") : "");
	if (!todo && !has_e && (dur = prop(c, "DURATION")) != NULL) {
		long long secs = duration_secs(dur->value);

		if (secs < 0)
			return status_set(ST_INVALID,
					  _("%s:%ld: DURATION: \"%s\" is not a duration"), r->name,
					  dur->line, dur->value);
		de = time_add(&ds, secs);
		has_e = true;
	} else if (!todo && !has_e && ds.is_date) {
		de = time_add(&ds, 86400);
		has_e = true;
	}
	uid = uidp && *uidp->value ? xstrdup(uidp->value) : NULL;
	if (uid == NULL) {
		/* no UID: one made from what the event is, so a second import finds it */
		const struct ics_prop *sum = prop(c, "SUMMARY"), *dts = prop(c, "DTSTART");

		uid = xasprintf("%s|%s", sum ? sum->value : "", dts ? dts->value : "");
	}
	if (has_rid) {
		char text[21];

		rid_text(r->state, &rid, text);
		id = uid_to_id(uid, text);
		st = add_row(r, c, todo, id, has_s ? &ds : NULL, has_e ? &de : NULL,
			     has_due ? &due : NULL);
		free(id);
	} else if (rr && has_s) {
		struct rrule rule;

		if (!parse_rrule(rr->value, ds.tzid, &rule)) {
			st = status_set(ST_INVALID,
					_("%s:%ld: RRULE: \"%s\" is not a recurrence rule"),
					r->name, rr->line, rr->value);
		} else if (rule.unsupported[0]) {
			id = uid_to_id(uid, NULL);
			st =
			    add_row(r, c, todo, id, &ds, has_e ? &de : NULL, has_due ? &due : NULL);
			free(id);
			if (st == ST_OK)
				note_add(
				    r, xasprintf(_("line %ld: RRULE %s is not expanded (%s): only "
						   "the first occurrence was imported"),
						 rr->line, rr->value, rule.unsupported));
		} else {
			st = expand(r, c, todo, uid, &ds, has_e ? &de : NULL, &rule);
		}
	} else {
		id = uid_to_id(uid, NULL);
		st = add_row(r, c, todo, id, has_s ? &ds : NULL, has_e ? &de : NULL,
			     has_due ? &due : NULL);
		free(id);
	}
	free(uid);
	return st;
}

/* ---------------------------------------------------------------- the reader */

static int ics_sniff(const char *text, size_t len, const char *filename)
{
	size_t fl = filename ? strlen(filename) : 0, i = 0;

	if (fl > 4 && strcasecmp(filename + fl - 4, ".ics") == 0)
		return 95;
	if (fl > 5 && strcasecmp(filename + fl - 5, ".ical") == 0)
		return 95;
	while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r'))
		i++;
	return len - i >= 15 && strncasecmp(text + i, "BEGIN:VCALENDAR", 15) == 0 ? 99 : 0;
}

static void state_free(struct ics_state *s)
{
	size_t i, j;

	if (s == NULL)
		return;
	for (i = 0; i < s->nrows; i++) {
		free(s->rows[i].error);
		for (j = 0; j < s->rows[i].ncells; j++) {
			free(s->rows[i].cells[j].name);
			free(s->rows[i].cells[j].value);
		}
		free(s->rows[i].cells);
	}
	free(s->rows);
	for (i = 0; i < s->nzones; i++)
		zone_free(&s->zones[i]);
	free(s->zones);
	comp_free(s->cal);
	free(s);
}

static enum status ics_open(struct io_reader *r)
{
	struct ics_state *s = xcalloc(1, sizeof(*s));
	enum status st;
	size_t i;

	r->state = s;
	s->now = clock_now();
	clock_today(s->today);
	s->window_days = r->window_days > 0 ? r->window_days : IO_ICS_WINDOW_DAYS;
	st = parse_tree(r->name, r->text, r->len, &s->cal);
	if (st != ST_OK)
		return st;
	s->zones = zones_parse(s->cal, &s->nzones);
	for (i = 0; i < s->cal->nsubs && st == ST_OK; i++) {
		const struct ics_comp *c = s->cal->subs[i];

		size_t before = s->nrows, k, j;
		struct ics_out bad = { .line = c->line, .raw = c->raw, .raw_len = c->raw_len };

		if (strcmp(c->name, "VEVENT") != 0 && strcmp(c->name, "VTODO") != 0)
			continue;
		if (event_rows(r, c) == ST_OK)
			continue;
		/* an event that cannot be read is a bad row: the import stops at
		 * it, or --skip-bad writes it out, as any reader's bad row */
		for (k = before; k < s->nrows; k++) {
			for (j = 0; j < s->rows[k].ncells; j++) {
				free(s->rows[k].cells[j].name);
				free(s->rows[k].cells[j].value);
			}
			free(s->rows[k].cells);
		}
		s->nrows = before;
		bad.error = xstrdup(status_message());
		s->rows = xreallocarray(s->rows, s->nrows + 1, sizeof(*s->rows));
		s->rows[s->nrows++] = bad;
		status_clear();
	}
	return st;
}

static enum status ics_next(struct io_reader *r, struct io_row *row)
{
	struct ics_state *s = r->state;
	struct ics_out *o;

	if (s->next >= s->nrows)
		return ST_NOT_FOUND;
	o = &s->rows[s->next++];
	row->line = o->line;
	row->raw = o->raw;
	row->raw_len = o->raw_len;
	if (o->error)
		return status_set(ST_INVALID, "%s", o->error);
	row->cells = o->cells;
	row->ncells = o->ncells;
	row->line = o->line;
	row->raw = o->raw;
	row->raw_len = o->raw_len;
	return ST_OK;
}

static void ics_reject(struct io_reader *r, FILE *out, const struct io_row *row, const char *reason,
		       bool first)
{
	char *esc = NULL;
	const char *p;
	struct strbuf b = STRBUF_INIT;

	(void)r;
	if (first)
		fputs("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//salesterm//rejected//EN\r\n",
		      out);
	/* the component as read, with the reason as a comment property after BEGIN */
	strbuf_adds(&b, "");
	for (p = reason; *p; p++)
		if (*p != '\r' && *p != '\n')
			strbuf_addc(&b, *p);
	esc = strbuf_detach(&b);
	{
		const char *nl = memchr(row->raw, '\n', row->raw_len);
		size_t first_len = nl ? (size_t)(nl - row->raw) + 1 : row->raw_len;
		size_t k;

		fwrite(row->raw, 1, first_len, out);
		if (!nl)
			fputs("\r\n", out);
		fputs("X-SALESTERM-REASON:", out);
		for (k = 0; esc[k]; k++) {
			if (esc[k] == ',' || esc[k] == ';' || esc[k] == '\\')
				fputc('\\', out);
			fputc(esc[k], out);
		}
		fputs("\r\n", out);
		if (nl) {
			fwrite(row->raw + first_len, 1, row->raw_len - first_len, out);
			fputs("\r\n", out);
		}
	}
	free(esc);
}

static void ics_close(struct io_reader *r)
{
	state_free(r->state);
	r->state = NULL;
}

const struct io_reader_ops io_ics_reader = {
	.name = "ics",
	.sniff = ics_sniff,
	.open = ics_open,
	.next = ics_next,
	.reject = ics_reject,
	.close = ics_close,
	.ids_only = true,
	.trailer = "END:VCALENDAR\r\n",
};

/* ---------------------------------------------------------------- the writer */

/* Write "NAME:value" (value already escaped), folded at 75 octets on UTF-8
 * boundaries, with CRLF. */
static void put_line(FILE *out, const char *name, const char *value)
{
	struct strbuf b = STRBUF_INIT;
	size_t i = 0, col = 0;

	strbuf_adds(&b, name);
	strbuf_addc(&b, ':');
	strbuf_adds(&b, value);
	while (i < b.len) {
		size_t n = 1;
		unsigned char c = (unsigned char)b.s[i];

		if (c >= 0xf0)
			n = 4;
		else if (c >= 0xe0)
			n = 3;
		else if (c >= 0xc0)
			n = 2;
		if (i + n > b.len)
			n = b.len - i;
		if (col + n > ICS_FOLD) {
			fputs("\r\n ", out);
			col = 1;
		}
		fwrite(b.s + i, 1, n, out);
		col += n;
		i += n;
	}
	fputs("\r\n", out);
	strbuf_release(&b);
}

/* A TEXT value escaped. Caller frees. */
static char *escape(const char *v)
{
	struct strbuf b = STRBUF_INIT;

	strbuf_adds(&b, "");
	for (; v && *v; v++) {
		if (*v == '\\' || *v == ';' || *v == ',')
			strbuf_addc(&b, '\\');
		if (*v == '\n') {
			strbuf_adds(&b, "\\n");
			continue;
		}
		if (*v == '\r')
			continue;
		strbuf_addc(&b, *v);
	}
	return strbuf_detach(&b);
}

static void put_text(FILE *out, const char *name, const char *v)
{
	char *e = escape(v);

	put_line(out, name, e);
	free(e);
}

/* "2026-12-03T01:00:00Z" as "20261203T010000Z". */
static void ics_utc(const char *iso, char out[17])
{
	snprintf(out, 17, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", iso, iso + 5, iso + 8, iso + 11, iso + 14,
		 iso + 17);
}

static enum status ics_begin(struct io_writer *w)
{
	if (w->entity != &entity_activity)
		return status_set(ST_INVALID,
				  _("iCalendar holds the schedule: export activity --format ics "
				    "(not %s)"),
				  w->entity->name);
	fputs("BEGIN:VCALENDAR\r\n", w->out);
	put_line(w->out, "VERSION", "2.0");
	put_line(w->out, "PRODID", "-//salesterm//salesterm " PACKAGE_VERSION "//EN");
	put_line(w->out, "CALSCALE", "GREGORIAN");
	put_line(w->out, "METHOD", "PUBLISH");
	w->state = w; /* begun: end() closes the calendar */
	return ST_OK;
}

static enum status ics_record(struct io_writer *w, const struct record *r)
{
	const char *kind = record_get(r, "kind"), *start = record_get(r, "start"),
		   *end = record_get(r, "end"), *due = record_get(r, "due"),
		   *status = record_get(r, "status"), *pri = record_get(r, "priority"),
		   *rem = record_get(r, "reminder"), *rel = record_get(r, "related"),
		   *all = record_get(r, "all_day");
	bool todo = kind && (strcmp(kind, "task") == 0 || strcmp(kind, "email") == 0);
	bool all_day = (all && strcmp(all, "1") == 0) || (start == NULL && due);
	const char *comp = todo ? "VTODO" : "VEVENT";
	char t[17], now[21], date[11], *uid;
	FILE *out = w->out;

	fprintf(out, "BEGIN:%s\r\n", comp);
	uid = xasprintf("%s" ICS_UID_SUFFIX, r->id);
	put_text(out, "UID", uid);
	free(uid);
	clock_iso_utc(clock_now(), now);
	ics_utc(now, t);
	put_line(out, "DTSTAMP", t);
	if (r->created_at && strlen(r->created_at) == 20) {
		ics_utc(r->created_at, t);
		put_line(out, "CREATED", t);
	}
	if (r->updated_at && strlen(r->updated_at) == 20) {
		ics_utc(r->updated_at, t);
		put_line(out, "LAST-MODIFIED", t);
	}
	put_text(out, "SUMMARY", record_get(r, "subject"));
	if (start && all_day) {
		char local[17];

		if (clock_local_text(start, local)) {
			snprintf(date, sizeof(date), "%.4s%.2s%.2s", local, local + 5, local + 8);
			put_line(out, "DTSTART;VALUE=DATE", date);
			if (!todo && end && clock_local_text(end, local) &&
			    strncmp(local + 11, "00:00", 5) == 0) {
				snprintf(date, sizeof(date), "%.4s%.2s%.2s", local, local + 5,
					 local + 8);
				put_line(out, "DTEND;VALUE=DATE", date);
			}
		}
	} else if (start) {
		ics_utc(start, t);
		put_line(out, "DTSTART", t);
		if (end && !todo) {
			ics_utc(end, t);
			put_line(out, "DTEND", t);
		}
	}
	if (due) {
		char next[11];

		snprintf(date, sizeof(date), "%.4s%.2s%.2s", due, due + 5, due + 8);
		if (todo) {
			put_line(out, "DUE;VALUE=DATE", date);
		} else if (start == NULL) {
			put_line(out, "DTSTART;VALUE=DATE", date);
			if (clock_date_add_days(due, 1, next)) {
				snprintf(date, sizeof(date), "%.4s%.2s%.2s", next, next + 5,
					 next + 8);
				put_line(out, "DTEND;VALUE=DATE", date);
			}
		}
	}
	if (record_get(r, "location"))
		put_text(out, "LOCATION", record_get(r, "location"));
	if (rel) {
		char *who = record_title_of(w->db, "customer", rel);

		if (who && *who) {
			char *d = xasprintf(_("Customer: %s"), who);

			put_text(out, "DESCRIPTION", d);
			free(d);
		}
		free(who);
		put_text(out, "X-SALESTERM-RELATED", rel);
	}
	put_line(out, "CATEGORIES", kind ? kind : "meeting");
	put_line(out, "X-SALESTERM-KIND", kind ? kind : "meeting");
	if (status) {
		const char *s = strcmp(status, "cancelled") == 0      ? "CANCELLED"
				: todo && strcmp(status, "done") == 0 ? "COMPLETED"
				: todo				      ? "NEEDS-ACTION"
								      : "CONFIRMED";

		put_line(out, "STATUS", s);
		put_line(out, "X-SALESTERM-STATUS", status);
	}
	if (pri)
		put_line(out, "PRIORITY",
			 strcmp(pri, "high") == 0  ? "1"
			 : strcmp(pri, "low") == 0 ? "9"
						   : "5");
	if (rem && (start || due)) {
		char trig[24];

		snprintf(trig, sizeof(trig), "-PT%dM", atoi(rem));
		fputs("BEGIN:VALARM\r\n", out);
		put_line(out, "ACTION", "DISPLAY");
		put_text(out, "DESCRIPTION", record_get(r, "subject"));
		put_line(out, "TRIGGER", trig);
		fputs("END:VALARM\r\n", out);
	}
	fprintf(out, "END:%s\r\n", comp);
	return ferror(out) ? status_set(ST_IO, _("writing the export failed")) : ST_OK;
}

static enum status ics_end(struct io_writer *w)
{
	if (w->state == NULL)
		return ST_OK;
	fputs("END:VCALENDAR\r\n", w->out);
	return ferror(w->out) ? status_set(ST_IO, _("writing the export failed")) : ST_OK;
}

const struct io_writer_ops io_ics_writer = {
	.name = "ics",
	.begin = ics_begin,
	.record = ics_record,
	.end = ics_end,
};
