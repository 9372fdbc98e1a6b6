/* view_schedule.c - screen 5: the schedule by day, week, month and year.
 *
 * Data (src/report/agenda.c): the activities of the current user (o: everyone's) on
 * the days shown, in local time, with overlapping ones marked '!'; per-day
 * counts for the month grid and the year's heat map of busy days.
 * Keys: D W M Y or v the view, h/l a day back or on (a week in the year
 * view), j/k the next activity (a week in the month view), [ ] the previous
 * or next period, t today, n add, e edit, R reschedule, x complete (opens
 * the follow-up log, which may schedule the next activity), d delete,
 * Enter edit (in the month and year views: that day).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "activity.h"
#include "app.h"
#include "clock.h"
#include "entity.h"
#include "flows.h"
#include "form.h"
#include "i18n.h"
#include "layout.h"
#include "prompt.h"
#include "record.h"
#include "report/report.h"
#include "screens.h"
#include "utf8.h"
#include "validate.h"
#include "view.h"
#include "xalloc.h"

#define SCHEDULE_LIMIT 1000

enum sched_mode { MODE_DAY, MODE_WEEK, MODE_MONTH, MODE_YEAR, MODE_COUNT };

struct schedule {
	enum sched_mode mode;
	char date[11];	/* the selected day */
	char first[11]; /* the range loaded */
	char last[11];
	bool everyone;
	struct report_rows rows;
	int counts[372];
	int ndays;
	bool pending; /* the frame is shown; the activities come between keys */
	int counted;  /* days of the month or year counted so far */
	/* The month view: each day's first activities (MONTH_FIRST), read a
	 * week per step once the days are counted. */
	struct report_rows firsts[31];
	int firsts_read; /* days read so far */
};

/* Activities shown in a day of the month view (its cell has room for 2). */
#define MONTH_FIRST 2

static const char *const weekday_short[] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
					     N_("Fri"), N_("Sat"), N_("Sun") };
static const char *const month_short[] = { N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"),
					   N_("May"), N_("Jun"), N_("Jul"), N_("Aug"),
					   N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec") };
static const char *const heat_chars[] = { "\xc2\xb7", "\xe2\x96\x91", "\xe2\x96\x92",
					  "\xe2\x96\x93", "\xe2\x96\x88" }; /* · ░ ▒ ▓ █ */

/* ---- loading ---- */

static void firsts_free(struct schedule *s)
{
	int i;

	for (i = 0; i < 31; i++)
		report_rows_free(&s->firsts[i]);
	s->firsts_read = 0;
}

/* An activity's line: when, kind, what, who, status. */
static struct line *item5(struct view *v, const char *when, const char *kind, const char *what,
			  const char *who, const char *status)
{
	return view_add(v, LINE_ITEM, DA_NORMAL, 5,
			(const char *const[]){ when, kind, what, who, status });
}

/* "09:00-10:00", "09:00", or the day's word for an activity without a time. */
static char *time_span(const struct record *r)
{
	char d1[11], t1[6], d2[11], t2[6];

	if (record_get(r, "start") == NULL || !report_local(record_get(r, "start"), d1, t1))
		return xstrdup(_("due"));
	if (record_get(r, "end") && report_local(record_get(r, "end"), d2, t2))
		return xasprintf("%s-%s", t1, t2);
	return xstrdup(t1);
}

/* The local date an activity falls on. */
static void activity_day(const struct record *r, char out[11])
{
	char hm[6];

	if (record_get(r, "start") && report_local(record_get(r, "start"), out, hm))
		return;
	snprintf(out, 11, "%s", record_get(r, "due") ? record_get(r, "due") : "");
}

static void add_activity_lines(struct view *v, size_t from, size_t to, int tag)
{
	struct schedule *s = v->priv;
	struct db *db = v->app->db;
	bool *over = xcalloc(to - from + 1, sizeof(bool));
	size_t i;

	report_overlaps(s->rows.rows + from, to - from, over);
	for (i = from; i < to; i++) {
		struct record *r = s->rows.rows[i];
		char *span = time_span(r),
		     *when = xasprintf("%s%s", over[i - from] ? "!" : " ", span);
		char *who = record_display(db, r, "related");
		struct line *l = item5(v, when, i18n_value(record_get(r, "kind")), record_name(r),
				       who, i18n_value(record_get(r, "status")));
		const char *status = record_get(r, "status");

		l->tag = tag;
		if (over[i - from])
			l->attr = DA_WARN;
		else if (strcmp(status, "done") == 0)
			l->attr = DA_GOOD;
		else if (strcmp(status, "cancelled") == 0)
			l->attr = DA_DIM;
		line_set_record(l, &entity_activity, r->id);
		free(span);
		free(when);
		free(who);
	}
	free(over);
}

static void schedule_open(struct view *v)
{
	struct schedule *s = v->priv;
	static const char *const mode_names[] = { N_("Day"), N_("Week"), N_("Month"), N_("Year") };
	int wd;

	if (s->date[0] == '\0')
		clock_today(s->date);
	report_rows_free(&s->rows);
	firsts_free(s);
	view_clear(v);
	/* when, kind, what, who, status: the kind a column of its own, so every
	 * subject starts in one column whatever the kind before it. */
	v->ncols = 5;
	v->flex = 2;
	v->cols[0] = (struct column){ NULL, 12, false };
	v->cols[1] = (struct column){ NULL, 8, false };
	v->cols[2] = (struct column){ NULL, 30, false };
	v->cols[3] = (struct column){ NULL, 22, false };
	v->cols[4] = (struct column){ NULL, 9, false };
	wd = clock_weekday(s->date);
	switch (s->mode) {
	case MODE_DAY:
		snprintf(s->first, sizeof(s->first), "%s", s->date);
		snprintf(s->last, sizeof(s->last), "%s", s->date);
		break;
	case MODE_WEEK:
		/* The week as the user's locale has it (Sunday first in zh_TW). */
		clock_date_add_days(s->date, -clock_week_pos(s->date), s->first);
		clock_date_add_days(s->first, 6, s->last);
		break;
	case MODE_MONTH:
		report_period_bounds(REPORT_MONTH, s->date, 0, s->first, s->last);
		break;
	case MODE_YEAR:
	default:
		report_period_bounds(REPORT_YEAR, s->date, 0, s->first, s->last);
		break;
	}
	snprintf(v->subtitle, sizeof(v->subtitle), "%s  %s %s%s%s  %s", _(mode_names[s->mode]),
		 wd >= 0 ? _(weekday_short[wd]) : "", s->date,
		 s->mode == MODE_WEEK ? _("  from ") : "", s->mode == MODE_WEEK ? s->first : "",
		 s->everyone ? _("everyone's") : _("mine"));
	s->ndays = clock_days_between(s->first, s->last) + 1;
	if (s->ndays > (int)(sizeof(s->counts) / sizeof(s->counts[0])))
		s->ndays = (int)(sizeof(s->counts) / sizeof(s->counts[0]));
	memset(s->counts, 0, sizeof(s->counts));
	s->counted = 0;
	/* A day of a big team is thousands of rows: read them between keys, so
	 * moving through the days is never held up. */
	s->pending = true;
	view_addf(v, LINE_TEXT, DA_DIM, "  %s", _("reading the schedule..."));
}

/* Read what the frame set up by schedule_open() shows. */
static bool schedule_idle(struct view *v)
{
	struct schedule *s = v->priv;
	const char *owner = s->everyone ? NULL : v->app->me;
	enum status st = ST_OK;
	int i, keep = v->sel;

	if (!s->pending)
		return false;
	if (s->mode == MODE_MONTH || s->mode == MODE_YEAR) {
		/* A week (a month of the year) per step, so a key never waits long. */
		int n = s->mode == MODE_MONTH ? 7 : 31;
		char from[11], to[11];

		if (n > s->ndays - s->counted)
			n = s->ndays - s->counted;
		clock_date_add_days(s->first, s->counted, from);
		clock_date_add_days(from, n - 1, to);
		if (s->counted < s->ndays) {
			st = report_day_counts(v->app->db, owner, from, to, s->counts + s->counted,
					       n);
			if (st != ST_OK && report_stopped())
				return true; /* a key came first: counted later */
			if (st != ST_OK)
				app_fail(v->app, st);
			s->counted += n;
			s->pending =
			    st == ST_OK && (s->counted < s->ndays || s->mode == MODE_MONTH);
			return s->pending;
		}
		/* The month's days counted: a week of days' first activities per step. */
		for (i = 0; i < 7 && s->firsts_read < s->ndays && s->firsts_read < 31; i++) {
			char day[11];

			clock_date_add_days(s->first, s->firsts_read, day);
			if (s->counts[s->firsts_read] > 0) {
				st = report_activities(v->app->db, owner, day, day, MONTH_FIRST,
						       &s->firsts[s->firsts_read]);
				if (st != ST_OK && report_stopped()) {
					report_rows_free(&s->firsts[s->firsts_read]);
					return true;
				}
				if (st != ST_OK) {
					app_fail(v->app, st);
					break;
				}
			}
			s->firsts_read++;
		}
		s->pending = st == ST_OK && s->firsts_read < s->ndays && s->firsts_read < 31;
		return s->pending;
	}
	st = report_activities(v->app->db, owner, s->first, s->last, SCHEDULE_LIMIT, &s->rows);
	if (st != ST_OK && report_stopped()) {
		report_rows_free(&s->rows); /* a key came first: read later */
		return true;
	}
	s->pending = false;
	view_clear(v);
	{
		if (s->mode == MODE_DAY) {
			add_activity_lines(v, 0, s->rows.n, 0);
			if (s->rows.n == 0)
				view_addf(v, LINE_TEXT, DA_DIM, "  %s",
					  _("nothing scheduled (n adds)"));
		} else {
			size_t from = 0, to;

			for (i = 0; i < 7; i++) {
				char day[11], d[11];
				struct line *l;

				clock_date_add_days(s->first, i, day);
				l = view_addf(v, LINE_SECTION, DA_SECTION, "%s %s",
					      _(weekday_short[clock_weekday(day)]), day + 5);
				l->tag = i;
				for (to = from; to < s->rows.n; to++) {
					activity_day(s->rows.rows[to], d);
					if (strcmp(d, day) != 0)
						break;
				}
				add_activity_lines(v, from, to, i);
				from = to;
			}
		}
	}
	if (st != ST_OK)
		app_fail(v->app, st);
	v->sel = keep;
	view_fix_selection(v);
	return false;
}

static void schedule_done(struct view *v)
{
	struct schedule *s = v->priv;

	report_rows_free(&s->rows);
	firsts_free(s);
}

/* ---- drawing ---- */

static void draw_week(struct view *v)
{
	struct schedule *s = v->priv;
	int width[7], x = 0, d, i;

	layout_split(v->w, 7, 1, width);
	for (d = 0; d < 7; d++) {
		int row = 0;
		char day[11];

		clock_date_add_days(s->first, d, day);
		for (i = 0; i < v->nlines; i++) {
			struct line *l = &v->lines[i];
			char *cell;
			enum draw_attr a;

			if (l->tag != d || (l->kind != LINE_SECTION && l->ncells < 3))
				continue;
			if (row >= v->h)
				break;
			if (l->kind == LINE_SECTION) {
				a = strcmp(day, s->date) == 0 ? DA_TAB : DA_HEADER;
				draw_cell(v->y + row, x, width[d], l->cells[0], a);
			} else {
				a = i == v->sel ? DA_CURSOR : l->attr;
				/* "!09:30 subject": the mark, the start (of "09:30-10:00", or a
				 * word such as "due", whole: never cut inside a character),
				 * the subject. */
				cell = xasprintf("%s%.*s %s", l->cells[0][0] == '!' ? "!" : "",
						 (int)strcspn(l->cells[0] + 1, "-"),
						 l->cells[0] + 1, l->cells[2]);
				draw_cell(v->y + row, x, width[d], cell, a);
				free(cell);
			}
			row++;
		}
		x += width[d] + 1;
	}
}

static void draw_month(struct view *v)
{
	struct schedule *s = v->priv;
	int cells[42], weeks = layout_month_grid(s->date, cells), width[7], x, w, d, max = 1, i;
	int cell_h = (v->h - 2) / (weeks > 0 ? weeks : 1), sel_day = atoi(s->date + 8);
	char today[11];

	clock_today(today);
	if (cell_h > 3)
		cell_h = 3;
	if (cell_h < 1)
		cell_h = 1;
	for (i = 0; i < s->ndays; i++)
		if (s->counts[i] > max)
			max = s->counts[i];
	layout_split(v->w, 7, 1, width);
	for (d = 0, x = 0; d < 7; d++) {
		draw_cell(v->y, x, width[d], _(weekday_short[(d + clock_week_start()) % 7]),
			  DA_HEADER);
		x += width[d] + 1;
	}
	for (w = 0; w < weeks; w++) {
		for (d = 0, x = 0; d < 7; d++) {
			int day = cells[w * 7 + d], y = v->y + 1 + w * cell_h, count;
			char *text;
			enum draw_attr a;

			if (day) {
				count = day - 1 < s->ndays ? s->counts[day - 1] : 0;
				a = day == sel_day
					? DA_CURSOR
					: (enum draw_attr)(count ? DA_HEAT1 - 1 +
								       layout_heat(count, max)
								 : DA_NORMAL);
				text = count ? xasprintf("%2d %s %d", day,
							 heat_chars[layout_heat(count, max)], count)
					     : xasprintf("%2d", day);
				draw_cell(y, x, width[d], text, a);
				free(text);
				/* The day's first activities under its count. */
				for (i = 1; i < cell_h; i++) {
					const struct report_rows *fr =
					    day - 1 < s->firsts_read ? &s->firsts[day - 1] : NULL;
					char *act = NULL;

					if (fr && (size_t)(i - 1) < fr->n) {
						const struct record *r = fr->rows[i - 1];
						char d1[11], t1[6];

						act = record_get(r, "start") &&
							      report_local(record_get(r, "start"),
									   d1, t1)
							  ? xasprintf("%s %s", t1, record_name(r))
							  : xstrdup(record_name(r));
					}
					draw_cell(y + i, x, width[d], act ? act : "",
						  day == sel_day ? DA_CURSOR : DA_NORMAL);
					free(act);
				}
			}
			x += width[d] + 1;
		}
	}
	{
		int idx = sel_day - 1;
		char *line = s->pending
				 ? xasprintf("%s", _("counting..."))
				 : xasprintf(ngettext("%s: %d activity (Enter shows the day)",
						      "%s: %d activities (Enter shows the day)",
						      idx < s->ndays ? s->counts[idx] : 0),
					     s->date, idx < s->ndays ? s->counts[idx] : 0);

		draw_text(v->y + 1 + weeks * cell_h, 1, v->w - 2, line, DA_DIM);
		free(line);
	}
}

static void draw_year(struct view *v)
{
	struct schedule *s = v->priv;
	int max = 1, i, col, offset = clock_week_pos(s->first),
	    sel = clock_days_between(s->first, s->date);
	int x0 = 5, y0 = v->y + 1, last_month = -1;

	for (i = 0; i < s->ndays; i++)
		if (s->counts[i] > max)
			max = s->counts[i];
	for (i = 0; i < 7; i++)
		draw_text(y0 + i, 0, 4, _(weekday_short[(i + clock_week_start()) % 7]), DA_DIM);
	/* One column per week, one row per weekday, like a contribution graph. */
	for (i = 0; i < s->ndays; i++) {
		int slot = i + offset, level = layout_heat(s->counts[i], max);
		char day[11];
		int month;

		col = slot / 7;
		clock_date_add_days(s->first, i, day);
		month = atoi(day + 5) - 1;
		if (month != last_month && x0 + col < v->w - 3) {
			draw_text(v->y, x0 + col, 4, _(month_short[month]), DA_HEADER);
			last_month = month;
		}
		if (x0 + col >= v->w)
			continue;
		attrset(draw_attr(i == sel ? DA_CURSOR
				  : level  ? (enum draw_attr)(DA_HEAT1 - 1 + level)
					   : DA_DIM));
		mvaddstr(y0 + slot % 7, x0 + col, heat_chars[level]);
		attrset(A_NORMAL);
	}
	{
		char *legend =
		    xasprintf(_("%s: %d activities   less %s %s %s %s %s more   (busiest "
				"day: %d)%s"),
			      s->date, sel >= 0 && sel < s->ndays ? s->counts[sel] : 0,
			      heat_chars[0], heat_chars[1], heat_chars[2], heat_chars[3],
			      heat_chars[4], max, s->pending ? _("  counting...") : "");

		draw_text(y0 + 8, 1, v->w - 2, legend, DA_DIM);
		free(legend);
	}
}

static void schedule_draw(struct view *v)
{
	struct schedule *s = v->priv;

	if (s->pending && s->mode == MODE_WEEK) {
		draw_text(v->y, 1, v->w - 2, _("reading the schedule..."), DA_DIM);
		return;
	}
	switch (s->mode) {
	case MODE_DAY:
		view_draw_lines(v, v->y, v->h, v->w);
		break;
	case MODE_WEEK:
		draw_week(v);
		break;
	case MODE_MONTH:
		draw_month(v);
		break;
	default:
		draw_year(v);
		break;
	}
}

/* ---- requests ---- */

static void move_date(struct view *v, int days)
{
	struct schedule *s = v->priv;
	char out[11];

	if (!clock_date_add_days(s->date, days, out))
		return;
	memcpy(s->date, out, sizeof(out));
	if (strcmp(s->date, s->first) < 0 || strcmp(s->date, s->last) > 0) {
		view_reload(v);
	} else if (s->mode == MODE_WEEK) {
		int wd = clock_week_pos(s->date), i;

		for (i = 0; i < v->nlines; i++) {
			if (v->lines[i].tag == wd && v->lines[i].kind == LINE_ITEM) {
				v->sel = i;
				break;
			}
		}
	}
}

static void move_period(struct view *v, int dir)
{
	struct schedule *s = v->priv;
	char first[11], last[11];

	switch (s->mode) {
	case MODE_DAY:
		move_date(v, dir);
		return;
	case MODE_WEEK:
		move_date(v, 7 * dir);
		return;
	case MODE_MONTH:
		if (report_period_bounds(REPORT_MONTH, s->date, dir, first, last)) {
			int day = atoi(s->date + 8), max = atoi(last + 8);

			snprintf(s->date, sizeof(s->date), "%.8s%02d", first,
				 day > max ? max : day);
		}
		break;
	default:
		if (report_period_bounds(REPORT_YEAR, s->date, dir, first, last))
			snprintf(s->date, sizeof(s->date), "%.4s%s", first,
				 strcmp(s->date + 4, "-02-29") == 0 ? "-02-28" : s->date + 4);
		break;
	}
	view_reload(v);
}

static void set_mode(struct view *v, enum sched_mode m)
{
	struct schedule *s = v->priv;

	s->mode = m;
	v->sel = 0;
	v->top = 0;
	view_reload(v);
}

static int schedule_request(struct view *v, enum request req)
{
	struct schedule *s = v->priv;
	bool lines = s->mode == MODE_DAY || s->mode == MODE_WEEK;
	const struct entity *e;
	const char *id;
	char *copy;

	switch (req) {
	case REQ_VIEW_DAY:
	case REQ_VIEW_WEEK:
	case REQ_VIEW_MONTH:
	case REQ_VIEW_YEAR:
		set_mode(v, (enum sched_mode)(req - REQ_VIEW_DAY));
		return VR_HANDLED;
	case REQ_VIEW_NEXT:
		set_mode(v, (enum sched_mode)((s->mode + 1) % MODE_COUNT));
		return VR_HANDLED;
	case REQ_MOVE_LEFT:
	case REQ_MOVE_RIGHT:
		move_date(v, (req == REQ_MOVE_LEFT ? -1 : 1) * (s->mode == MODE_YEAR ? 7 : 1));
		return VR_HANDLED;
	case REQ_MOVE_UP:
	case REQ_MOVE_DOWN:
		if (lines)
			return VR_UNHANDLED;
		move_date(v, (req == REQ_MOVE_UP ? -1 : 1) * (s->mode == MODE_MONTH ? 7 : 1));
		return VR_HANDLED;
	case REQ_EARLIER:
	case REQ_LATER:
		move_period(v, req == REQ_EARLIER ? -1 : 1);
		return VR_HANDLED;
	case REQ_GOTO_TODAY:
		clock_today(s->date);
		view_reload(v);
		return VR_HANDLED;
	case REQ_OWNER_NEXT:
		s->everyone = !s->everyone;
		view_reload(v);
		return VR_HANDLED;
	case REQ_NEW:
		ui_schedule_activity(v->app, NULL, s->date);
		return VR_HANDLED;
	case REQ_OPEN:
		if (!lines) {
			set_mode(v, MODE_DAY);
			return VR_HANDLED;
		}
		return view_edit_selected(v);
	case REQ_COMPLETE:
	case REQ_RESCHEDULE:
		if (!lines || !view_selected(v, &e, &id)) {
			app_error(v->app, "%s", _("select an activity in the day or week view"));
			return VR_HANDLED;
		}
		copy = xstrdup(id);
		if (req == REQ_COMPLETE)
			ui_complete_activity(v->app, copy);
		else
			ui_reschedule_activity(v->app, copy);
		free(copy);
		return VR_HANDLED;
	case REQ_MOVE_FIRST:
	case REQ_MOVE_LAST:
	case REQ_PAGE_UP:
	case REQ_PAGE_DOWN:
		return lines ? VR_UNHANDLED : VR_HANDLED;
	default:
		return VR_UNHANDLED;
	}
}

const struct view_ops schedule_ops = {
	.title = N_("Schedule"),
	.keymap = KM_SCHEDULE,
	.priv_size = sizeof(struct schedule),
	.open = schedule_open,
	.draw = schedule_draw,
	.request = schedule_request,
	.idle = schedule_idle,
	.done = schedule_done,
	.hints =
	    (const struct view_hint[]){
		HINT4("D", REQ_VIEW_DAY, "W", REQ_VIEW_WEEK, "M", REQ_VIEW_MONTH, "Y",
		      REQ_VIEW_YEAR, N_("view")),
		HINT2("h", REQ_MOVE_LEFT, "l", REQ_MOVE_RIGHT, N_("day")),
		HINT2("[", REQ_EARLIER, "]", REQ_LATER, N_("period")),
		HINT("t", REQ_GOTO_TODAY, N_("today")),
		HINT("n", REQ_NEW, N_("new")),
		HINT("x", REQ_COMPLETE, N_("complete")),
		HINT("R", REQ_RESCHEDULE, N_("reschedule")),
		HINT("o", REQ_OWNER_NEXT, N_("everyone")),
		HINT("?", REQ_HELP, N_("help")),
		HINT_END,
	    },
};
