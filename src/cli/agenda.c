/* agenda.c - agenda [--days N]: the current user's day as plain lines, for a
 * shell prompt or a login script (like calcurse -a).
 *
 * The Today screen's queries (src/report/agenda.c): planned activities that
 * are late, follow-ups due, then the activities of today and the next N-1
 * days, one a line, in local time (TZ). A manager sees their own items, not
 * the team's. Colour only on a terminal (and not under NO_COLOR); nothing
 * to do prints nothing and exits 0, so a login script stays quiet.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "clock.h"
#include "i18n.h"
#include "record.h"
#include "report/report.h"
#include "user.h"
#include "utf8.h"
#include "xalloc.h"

/* The most days one agenda covers (a year). */
#define AGENDA_MAX_DAYS 366
/* The most items of each kind printed. */
#define AGENDA_LIMIT 200

#define COLOR_LATE "\033[31m"
#define COLOR_DUE "\033[33m"
#define COLOR_OFF "\033[0m"

/* Print one line of the agenda, sanitised for the terminal, in color (or
 * NULL). */
static void print_line(const char *line, const char *color)
{
	char *safe = utf8_sanitize(line, 0, false);

	if (color)
		printf("%s%s%s\n", color, safe, COLOR_OFF);
	else
		printf("%s\n", safe);
	free(safe);
}

/* An activity: "when kind: name (customer) note". */
static void print_activity(struct cli *c, const struct record *r, const char *note,
			   const char *color)
{
	const char *start = record_get(r, "start"), *day = record_get(r, "due");
	char *kind = record_display(c->db, r, "kind");
	char *related = record_display(c->db, r, "related");
	char date[11] = "", hm[6] = "", *line;

	if (start && report_local(start, date, hm))
		line = xasprintf("%s %s %s: %s", date, hm, kind, record_name(r));
	else
		line = xasprintf("%s %s: %s", day ? day : "", kind, record_name(r));
	if (*related) {
		char *more = xasprintf("%s (%s)", line, related);

		free(line);
		line = more;
	}
	if (note) {
		char *more = xasprintf("%s %s", line, note);

		free(line);
		line = more;
	}
	print_line(line, color);
	free(line);
	free(kind);
	free(related);
}

/* Whether rows hold the activity a follow-up's next date scheduled (by
 * followup_after(): due that day, about the same customer), which says the
 * same thing already. */
static bool scheduled_in(const struct report_rows *rows, const struct record *log)
{
	const char *next = record_get(log, "next_date"), *who = record_get(log, "related");
	size_t i;

	for (i = 0; i < rows->n; i++) {
		const char *due = record_get(rows->rows[i], "due"),
			   *rel = record_get(rows->rows[i], "related");

		if (due && next && strcmp(due, next) == 0 &&
		    ((!rel && !who) || (rel && who && strcmp(rel, who) == 0)))
			return true;
	}
	return false;
}

int cli_cmd_agenda(struct cli *c, int argi)
{
	struct report_rows late = { 0 }, due = { 0 }, acts = { 0 };
	char today[11], last[11];
	long long days = 1;
	bool color;
	enum status st;
	char *me;
	int i, ret = 0;
	size_t k;

	for (i = argi; i < c->nargs; i++) {
		const char *v;

		if (strcmp(c->args[i], "--days") != 0)
			return cli_usage_error(_("agenda: unexpected \"%s\""), c->args[i]);
		if ((v = cli_opt_value(c, &i)) == NULL ||
		    !cli_opt_count("--days", v, AGENDA_MAX_DAYS, &days))
			return 2;
	}
	color = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
	clock_today(today);
	clock_date_add_days(today, (int)days - 1, last);
	/* The current user's own items; NULL (single-user database): all. */
	me = user_current_id(c->db);
	st = report_overdue(c->db, me, today, AGENDA_LIMIT, &late);
	if (st == ST_OK)
		st = report_followups_due(c->db, me, today, AGENDA_LIMIT, &due);
	if (st == ST_OK)
		st = report_activities(c->db, me, today, last, AGENDA_LIMIT, &acts);
	if (st != ST_OK) {
		ret = cli_fail(st);
		goto out;
	}
	for (k = 0; k < late.n; k++) {
		char *note = xasprintf(ngettext("[%lld day late]", "[%lld days late]", late.num[k]),
				       (long long)late.num[k]);

		print_activity(c, late.rows[k], note, color ? COLOR_LATE : NULL);
		free(note);
	}
	for (k = 0; k < due.n; k++) {
		const struct record *r = due.rows[k];
		const char *outcome = record_get(r, "outcome");
		char *related = record_display(c->db, r, "related");
		char *channel = record_display(c->db, r, "channel");
		char at[11] = "", hm[6] = "", *line;

		if (scheduled_in(&late, r) || scheduled_in(&acts, r)) {
			free(related);
			free(channel);
			continue;
		}
		report_local(record_get(r, "at"), at, hm);
		/* TRANSLATORS: next date, customer, channel and date of the last contact. */
		line = xasprintf(_("%s follow up: %s (last %s %s%s%s)"), record_get(r, "next_date"),
				 *related ? related : "-", channel, at, outcome ? ": " : "",
				 outcome ? outcome : "");
		print_line(line, color && due.num[k] > 0 ? COLOR_DUE : NULL);
		free(line);
		free(channel);
		free(related);
	}
	for (k = 0; k < acts.n; k++) {
		const char *status = record_get(acts.rows[k], "status");
		char *note = NULL;

		if (status && strcmp(status, "planned") != 0) {
			char *shown = record_display(c->db, acts.rows[k], "status");

			note = xasprintf("[%s]", shown);
			free(shown);
		}
		print_activity(c, acts.rows[k], note, NULL);
		free(note);
	}
out:
	free(me);
	report_rows_free(&late);
	report_rows_free(&due);
	report_rows_free(&acts);
	return ret;
}
