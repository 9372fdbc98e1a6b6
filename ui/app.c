/* app.c - the terminal UI's loop, screens, status line, undo and command line. */
#include "app.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "draw.h"
#include "entity.h"
#include "form.h"
#include "i18n.h"
#include "layout.h"
#include "io/io.h"
#include "lookup.h"
#include "money.h"
#include "opportunity.h"
#include "prompt.h"
#include "record.h"
#include "report/report.h"
#include "screens.h"
#include "user.h"
#include "utf8.h"
#include "view.h"
#include "xalloc.h"

static const struct {
	const char *label; /* N_() */
	const struct view_ops *ops;
	enum request req;
} screens[SCREEN_COUNT] = {
	[SCREEN_TODAY] = { N_("Today"), &today_ops, REQ_SCREEN_TODAY },
	[SCREEN_CONTACTS] = { N_("Contacts"), &contacts_ops, REQ_SCREEN_CONTACTS },
	[SCREEN_LEADS] = { N_("Leads"), &leads_ops, REQ_SCREEN_LEADS },
	[SCREEN_FUNNEL] = { N_("Funnel"), &funnel_ops, REQ_SCREEN_FUNNEL },
	[SCREEN_SCHEDULE] = { N_("Schedule"), &schedule_ops, REQ_SCREEN_SCHEDULE },
	[SCREEN_FOLLOWUPS] = { N_("Follow-ups"), &followups_ops, REQ_SCREEN_FOLLOWUPS },
	[SCREEN_FORECAST] = { N_("Forecast"), &forecast_ops, REQ_SCREEN_FORECAST },
	[SCREEN_SYNC] = { N_("Sync"), &sync_ops, REQ_SCREEN_SYNC },
	[SCREEN_HELP] = { N_("Help"), &help_ops, REQ_HELP },
};

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ---- status line ---- */

static void status_vset(struct app *a, bool error, const char *fmt, va_list ap)
{
	char *p;

	vsnprintf(a->status, sizeof(a->status), fmt, ap);
	/* One line: newlines in messages become spaces. */
	for (p = a->status; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	a->status_error = error;
	/* Kept whole for the Messages view: the status line may cut it. */
	if (*a->status &&
	    (a->nmessages == 0 || strcmp(a->messages[a->nmessages - 1], a->status) != 0)) {
		if (a->nmessages == APP_MESSAGES) {
			free(a->messages[0]);
			memmove(a->messages, a->messages + 1,
				sizeof(a->messages[0]) * (APP_MESSAGES - 1));
			a->nmessages--;
		}
		a->messages[a->nmessages++] = xstrdup(a->status);
	}
}

void app_status(struct app *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	status_vset(a, false, fmt, ap);
	va_end(ap);
}

void app_error(struct app *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	status_vset(a, true, fmt, ap);
	va_end(ap);
	if (a->trace)
		fprintf(a->trace, "error %s\n", a->status);
}

void app_fail(struct app *a, enum status st)
{
	const char *msg = status_message();

	app_error(a, "%s", *msg ? msg : status_default_message(st));
}

/* ---- views ---- */

struct view *app_top(struct app *a)
{
	return a->depth > 0 ? a->stack[a->depth - 1] : NULL;
}

static bool is_root(struct app *a, struct view *v)
{
	int i;

	for (i = 0; i < SCREEN_COUNT; i++)
		if (a->screens[i] == v || a->alt[i] == v)
			return true;
	return false;
}

void app_push(struct app *a, struct view *v)
{
	if (a->depth == APP_STACK) {
		/* Deep enough: replace the top rather than grow. */
		app_pop(a);
	}
	a->stack[a->depth++] = v;
}

void app_pop(struct app *a)
{
	struct view *v;

	if (a->depth <= 1)
		return;
	v = a->stack[--a->depth];
	if (!is_root(a, v))
		view_free(&v);
}

void app_switch(struct app *a, enum app_screen s)
{
	while (a->depth > 1)
		app_pop(a);
	if (s == SCREEN_HELP) {
		help_open(a, app_keymap_screen(a));
		return;
	}
	if (a->screens[s] == NULL)
		a->screens[s] = view_new(a, screens[s].ops);
	a->stack[0] = a->screens[s];
	a->depth = 1;
	a->screen = s;
}

void app_swap_pane(struct app *a, const struct view_ops *ops)
{
	struct view *t;
	int s = a->screen;

	while (a->depth > 1)
		app_pop(a);
	if (a->alt[s] == NULL)
		a->alt[s] = view_new(a, ops);
	t = a->screens[s];
	a->screens[s] = a->alt[s];
	a->alt[s] = t;
	a->stack[0] = a->screens[s];
}

enum keymap_screen app_keymap_screen(struct app *a)
{
	struct view *v = app_top(a);

	return v ? v->ops->keymap : KM_GENERIC;
}

void app_changed(struct app *a)
{
	a->generation++;
	/* Something was written here, probably: the worker sends it soon. */
	syncer_poke(a->sync);
}

/* ---- undo ---- */

static void undo_clear(struct app_undo *u)
{
	free(u->id);
	free(u->name);
	free(u->to);
	record_free(&u->before);
}

static struct app_undo *undo_next(struct app *a)
{
	struct app_undo *u;

	if (a->nundo == APP_UNDO) {
		undo_clear(&a->undo[0]);
		memmove(a->undo, a->undo + 1, sizeof(a->undo[0]) * (APP_UNDO - 1));
		a->nundo--;
	}
	u = &a->undo[a->nundo++];
	memset(u, 0, sizeof(*u));
	return u;
}

void app_undo_push(struct app *a, const struct entity *e, const char *id, const char *name)
{
	struct app_undo *u = undo_next(a);

	u->e = e;
	u->id = xstrdup(id);
	u->name = xstrdup(name);
}

void app_undo_push_move(struct app *a, const struct record *before, const char *to)
{
	struct app_undo *u = undo_next(a);

	u->e = before->entity;
	u->id = xstrdup(before->id);
	u->name = xstrdup(record_name(before));
	u->before = record_dup(before);
	u->to = xstrdup(to);
}

void app_undo(struct app *a)
{
	struct app_undo *u;
	enum status st;

	if (a->nundo == 0) {
		app_error(a, "%s", _("nothing to undo"));
		return;
	}
	u = &a->undo[a->nundo - 1];
	if (u->before) {
		char *stage = record_title_of(a->db, "stage", record_get(u->before, "stage"));

		st = opportunity_move_back(a->db, u->before, u->to);
		if (st == ST_OK)
			app_status(a, _("moved \"%s\" back to %s"), u->name, stage);
		free(stage);
	} else {
		st = record_undelete(a->db, u->e, u->id);
		if (st == ST_OK)
			app_status(a, _("restored %s \"%s\""), _(u->e->label), u->name);
	}
	if (st == ST_OK)
		app_changed(a);
	else
		app_fail(a, st);
	undo_clear(u);
	a->nundo--;
}

/* ---- painting ---- */

static void paint_bar(struct app *a)
{
	struct view *top = app_top(a);
	int x = 1, i, right;
	bool help_shown = top && top->ops == &help_ops;

	draw_fill(0, 0, COLS, DA_TITLE);
	for (i = 0; i < SCREEN_COUNT; i++) {
		char *label = xasprintf("%d %s", i + 1, _(screens[i].label));
		bool cur = help_shown ? i == SCREEN_HELP : i == a->screen;
		int w = utf8_width(label);

		if (x + w >= COLS) {
			/* Too narrow: help stays on ? and F1, and the rest is clipped. */
			if (i == SCREEN_HELP) {
				free(label);
				break;
			}
			w = COLS - x - 1;
		}
		draw_text(0, x, w, label, cur ? DA_TAB : DA_TITLE);
		x += w + 1;
		free(label);
	}
	right = utf8_width(a->me_name);
	if (right && x + right + 2 < COLS)
		draw_text(0, COLS - right - 1, right, a->me_name, DA_TITLE);
}

/* The status line: the message (or the screen's keys) on the left, the
 * state of sync on the right. */
/* A manager's count of reviews waiting ("3 reviews"), or NULL: counted again
 * after a write here or data from sync. Caller frees. */
static char *reviews_text(struct app *a)
{
	if (!a->manager || a->me == NULL)
		return NULL;
	if (!a->reviews_known || a->reviews_generation != a->generation ||
	    a->reviews_data != a->sync_state.data) {
		a->reviews_known = report_reviews_count(a->db, "manager", &a->reviews) == ST_OK;
		a->reviews_generation = a->generation;
		a->reviews_data = a->sync_state.data;
	}
	if (!a->reviews_known || a->reviews == 0)
		return NULL;
	{
		char *n = count_text(a->reviews), *text;

		text = xasprintf(
		    ngettext("%s review waiting", "%s reviews waiting", (unsigned long)a->reviews),
		    n);
		free(n);
		return text;
	}
}

static void paint_status(struct app *a)
{
	struct view *v = app_top(a);
	char *hint, *reviews = reviews_text(a);
	enum draw_attr sattr = DA_DIM;
	char *sync = sync_ui_status(a, &sattr);
	int sw = sync ? utf8_width(sync) : 0, left;

	if (reviews) {
		/* Shown before the sync state, which then needs less room. */
		char *both = xasprintf("%s  %s", reviews, sync ? sync : "");

		free(sync);
		sync = both;
		sw = utf8_width(sync);
		free(reviews);
	}

	if (sw > COLS / 2)
		sw = COLS / 2;
	left = COLS - 1 - (sw ? sw + 2 : 0);
	draw_fill(LINES - 1, 0, COLS, DA_STATUS);
	if (a->status[0] && utf8_width(a->status) > left) {
		/* Too long for the line: cut, with the key that shows it whole. */
		int key = a->modal ? -1 /* keys go to the form or prompt */
				   : keymap_hint_key(a->km, KM_GENERIC, REQ_MESSAGES, 'P');
		char name[32] = "", *more;
		int mw;

		if (key >= 0)
			keys_name(key, name, sizeof(name));
		more = key >= 0 ? xasprintf(_("  %s: whole"), name) : xstrdup("");
		mw = utf8_width(more);
		{
			char *fit = layout_fit_words(a->status, left - mw - 1);

			draw_text(LINES - 1, 0, left - mw - 1, fit,
				  a->status_error ? DA_ERROR : DA_STATUS);
			free(fit);
		}
		draw_text(LINES - 1, left - mw, mw, more, DA_DIM);
		free(more);
	} else if (a->status[0]) {
		draw_text(LINES - 1, 0, left, a->status, a->status_error ? DA_ERROR : DA_STATUS);
	} else if (v) {
		hint = view_hints_text(v, left);
		draw_text(LINES - 1, 0, left, hint, DA_DIM);
		free(hint);
	}
	if (sw)
		draw_text(LINES - 1, COLS - 1 - sw, sw, sync, sattr);
	free(sync);
}

static bool narrow(void)
{
	return COLS < APP_MIN_COLS || LINES < APP_MIN_LINES;
}

static void paint(struct app *a, app_overlay_fn overlay, void *ctx)
{
	struct view *v = app_top(a);

	erase();
	a->cursor_y = a->cursor_x = -1;
	if (narrow()) {
		char *l1 = xasprintf(_("salesterm needs a terminal of at least %dx%d"),
				     APP_MIN_COLS, APP_MIN_LINES);
		char *l2 = xasprintf(_("this one is %dx%d: make it larger (q quits)"), COLS, LINES);
		int y = LINES / 2 - 1 > 0 ? LINES / 2 - 1 : 0;

		draw_text(y, 0, COLS, l1, DA_ERROR);
		draw_text(y + 1, 0, COLS, l2, DA_ERROR);
		free(l1);
		free(l2);
	} else {
		paint_bar(a);
		if (a->sync)
			sync_ui_counts(a);
		if (v) {
			view_prepare(v, 2, LINES - 3, COLS);
			view_draw(v);
		}
		paint_status(a);
		if (overlay)
			overlay(a, ctx);
	}
	if (a->cursor_y >= 0) {
		curs_set(1);
		move(a->cursor_y, a->cursor_x);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
	if (a->trace) {
		long long t = now_ns();

		if (a->first_paint) {
			fprintf(a->trace, "first %lld\n", t);
			a->first_paint = false;
		}
		if (a->key_ns) {
			fprintf(a->trace, "key %lld %lld\n", a->key_ns, t);
			a->key_ns = 0;
		}
		if (a->idle_painted) {
			fprintf(a->trace, "idle-done %lld\n", t);
			a->idle_painted = false;
		}
		fflush(a->trace);
	}
}

/*
 * Wait for a key, or for the sync worker to have news (then copy its state:
 * true, paint again). A failed sync's countdown ticks once a second.
 */
static bool wait_input(struct app *a)
{
	struct pollfd p[2] = { { .fd = STDIN_FILENO, .events = POLLIN },
			       { .fd = syncer_fd(a->sync), .events = POLLIN } };
	int n = a->sync ? 2 : 1, ms = -1;

	if (a->sync && a->sync_state.mode == SYNCER_WAITING_RETRY)
		ms = 1000;
	if (poll(p, (nfds_t)n, ms) == 0)
		return true;
	if (n == 2 && (p[1].revents & POLLIN)) {
		syncer_drain(a->sync);
		sync_ui_update(a);
		return true;
	}
	return false;
}

/* Has the user typed something that curses has not read yet? */
static bool input_pending(void *unused)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	(void)unused;
	return poll(&p, 1, 0) > 0;
}

int app_getkey(struct app *a, app_overlay_fn overlay, void *ctx)
{
	bool repaint = true;

	for (;;) {
		struct view *v = app_top(a);
		bool idle = false;
		wint_t wch;
		int rc, key;

		/* Data a sync brought in while a form was open: reload now. */
		if (a->sync_reload && a->modal == 0) {
			a->generation++;
			a->sync_reload = false;
			repaint = true;
		}
		if (repaint)
			paint(a, overlay, ctx);
		repaint = true;
		/* Background work only between keys at the top level. */
		if (a->modal == 0 && v && !v->idle_done && !narrow())
			idle = true;
		timeout(0);
		rc = get_wch(&wch);
		if (rc == ERR) {
			/* No key waiting: a step of work, or wait for a key or the worker. */
			if (!idle) {
				repaint = wait_input(a);
				continue;
			}
			{
				bool more;

				/* A key typed meanwhile stops the step's queries. */
				report_interrupt_when(a->db, input_pending, NULL);
				more = view_idle(v);
				report_interrupt_when(a->db, NULL, NULL);
				if (!more) {
					v->idle_done = true;
					a->idle_painted =
					    true; /* traced once it is on the screen */
				}
			}
			continue;
		}
		key = keys_from_curses((int)wch, rc == KEY_CODE_YES);
		if (a->trace)
			a->key_ns = now_ns();
		if (key == KEYC_FN + KEY_RESIZE)
			continue;
		if (narrow()) {
			if (a->modal == 0 &&
			    keymap_lookup(a->km, KM_GENERIC, KM_GENERIC, key) == REQ_QUIT)
				return key;
			continue;
		}
		return key;
	}
}

void app_suspend(struct app *a)
{
	(void)a;
	def_prog_mode();
	endwin();
}

void app_resume(struct app *a)
{
	(void)a;
	reset_prog_mode();
	clearok(curscr, TRUE);
}

/* ---- commands ---- */

bool app_capture(struct app *a, const char *line)
{
	struct capture c;
	struct lookup m = { 0 };
	const struct entity *type = NULL;
	char today[11], *id = NULL;
	enum status st;
	int pick = 0;

	clock_today(today);
	st = capture_parse(line, today, &c);
	if (st != ST_OK) {
		app_fail(a, st);
		return false;
	}
	st = capture_match(a->db, &c, &m);
	if (st != ST_OK) {
		app_fail(a, st);
		capture_clear(&c);
		return false;
	}
	if (m.n > 1) {
		char *name = lookup_join(c.words, 0, m.used);
		char *title = xasprintf(_("Which \"%s\"?"), name);

		pick = prompt_pick_lookup(a, title, &m);
		free(title);
		free(name);
	}
	if (pick >= 0) {
		const struct lookup_item *who = &m.items[pick];

		st = capture_apply(a->db, &c, who, m.used, &id, &type);
		if (st == ST_OK) {
			struct record *r = NULL;

			if (record_load(a->db, type, id, &r) == ST_OK) {
				char *when = record_display(a->db, r,
							    c.log		     ? "at"
							    : record_get(r, "start") ? "start"
										     : "due");

				const char *next = record_get(r, "next_date");
				char *channel = record_display(a->db, r, "channel");

				/* A log has no name of its own: say what it records. */
				if (c.log && next)
					app_status(a, _("logged %s with %s, %s; next follow-up %s"),
						   channel, who->title, when, next);
				else if (c.log)
					app_status(a, _("logged %s with %s, %s"), channel,
						   who->title, when);
				else
					app_status(a, _("added %s \"%s\" for %s, %s"),
						   _(type->label), record_name(r), who->title,
						   when);
				free(channel);
				free(when);
			}
			record_free(&r);
			app_changed(a);
		} else {
			app_fail(a, st);
		}
	} else {
		app_status(a, "%s", _("nothing captured"));
	}
	free(id);
	lookup_free(&m);
	capture_clear(&c);
	return st == ST_OK && pick >= 0;
}

/* How a deal gets a stage's review here: its reviewer's key on the Funnel. */
static char *review_hint(const char *role, const char *id, void *ctx)
{
	struct app *a = ctx;
	int key = keymap_hint_key(a->km, KM_FUNNEL, REQ_DEAL_APPROVE, 'A');
	char name[32] = "A";

	(void)id;
	if (key >= 0)
		keys_name(key, name, sizeof(name));
	return xasprintf(_("a %s selects it on the Funnel (4) and presses %s"), role, name);
}

/* ---- the Messages view: the last status messages, whole ---- */

static void messages_open(struct view *v)
{
	struct app *a = v->app;
	int i, j, n, width = v->w > 8 ? v->w - 4 : 4;

	view_clear(v);
	snprintf(v->subtitle, sizeof(v->subtitle), "%s", _("the latest first"));
	if (a->nmessages == 0)
		view_addf(v, LINE_TEXT, DA_DIM, "  %s", _("no messages yet"));
	for (i = a->nmessages - 1; i >= 0; i--) {
		char **lines;

		n = layout_wrap(a->messages[i], width, &lines);
		for (j = 0; j < n; j++) {
			view_addf(v, LINE_TEXT, DA_NORMAL, "%s%s", j ? "  " : "", lines[j]);
			free(lines[j]);
		}
		free(lines);
		if (i)
			view_addf(v, LINE_TEXT, DA_NORMAL, "%s", "");
	}
}

static const struct view_ops messages_ops = {
	.title = N_("Messages"),
	.keymap = KM_GENERIC,
	.open = messages_open,
	.hints =
	    (const struct view_hint[]){
		HINT2("j", REQ_MOVE_DOWN, "k", REQ_MOVE_UP, N_("scroll")),
		HINT("<Esc>", REQ_BACK, N_("back")),
		HINT("q", REQ_QUIT, N_("quit")),
		HINT_END,
	    },
};

/* ---- any record type: :new TYPE, :edit TYPE NAME, :list TYPE ---- */

/* A keyset-paged list of any record type, with the generic list keys. */
static const struct view_ops records_ops = {
	.title = N_("Records"),
	.keymap = KM_GENERIC,
	.hints =
	    (const struct view_hint[]){
		HINT2("<Enter>", REQ_OPEN, "e", REQ_EDIT, N_("edit")),
		HINT("n", REQ_NEW, N_("new")),
		HINT("d", REQ_DELETE, N_("delete")),
		HINT("/", REQ_SEARCH, N_("search")),
		HINT("f", REQ_FILTER, N_("filter")),
		HINT("s", REQ_SORT, N_("sort")),
		HINT("<Esc>", REQ_BACK, N_("back")),
		HINT("?", REQ_HELP, N_("help")),
		HINT_END,
	    },
};

/* The type named by the first word of *rest; *rest moves past it. NULL (and
 * the error in the status line) when unknown. */
static const struct entity *command_type(struct app *a, const char *verb, const char **rest)
{
	const char *s = *rest, *end;
	const struct entity *e;
	char *name;

	while (*s == ' ')
		s++;
	for (end = s; *end && *end != ' '; end++)
		;
	if (end == s) {
		app_error(a,
			  _("%s what? e.g. :%s product (any record type: user, stage, product, "
			    "campaign, ...)"),
			  verb, verb);
		return NULL;
	}
	name = xstrndup(s, (size_t)(end - s));
	e = entity_find(name);
	if (e == NULL)
		app_error(a,
			  _("unknown record type \"%s\": try user, stage, product, campaign, "
			    "account, contact, lead, opportunity, activity or followup"),
			  name);
	free(name);
	while (*end == ' ')
		end++;
	*rest = end;
	return e;
}

static void command_new(struct app *a, const char *rest)
{
	const struct entity *e = command_type(a, "new", &rest);

	if (e == NULL)
		return;
	if (e->flags & E_HISTORY) {
		app_error(a, _("%s are history: salesterm writes them itself"), _(e->plural));
		return;
	}
	form_add(a, e, NULL, NULL);
}

static void command_edit(struct app *a, const char *rest)
{
	const struct entity *e = command_type(a, "edit", &rest);
	struct record *r = NULL;
	enum status st;
	char *id, *name;
	size_t n;

	if (e == NULL)
		return;
	if (*rest == '\0') {
		app_error(a, _("edit which %s? e.g. :edit %s NAME (or its id)"), _(e->label),
			  e->name);
		return;
	}
	if (e->flags & (E_APPEND_ONLY | E_HISTORY)) {
		app_error(a, _("%s are a log: they are never changed; add a new one instead"),
			  _(e->plural));
		return;
	}
	name = xstrdup(rest);
	for (n = strlen(name); n > 0 && name[n - 1] == ' '; n--)
		name[n - 1] = '\0';
	/* Unknown or ambiguous: the core's message ("no stage named ..."). */
	st = record_find(a->db, e, name, &r);
	free(name);
	if (st != ST_OK) {
		app_fail(a, st);
		record_free(&r);
		return;
	}
	id = xstrdup(r->id);
	record_free(&r);
	form_edit(a, e, id);
	free(id);
}

static void command_list(struct app *a, const char *rest)
{
	const struct entity *e = command_type(a, "list", &rest);
	struct view *v;

	if (e == NULL)
		return;
	v = view_new(a, &records_ops);
	v->list = rlist_new(a->db, e);
	app_push(a, v);
}

/* :import FILE [TYPE] [skip|update|create]: the preview of ui/view_import.c. */
static void command_import(struct app *a, const char *rest)
{
	static const char *const dups[] = { "skip", "update", "create" };
	char *words = xstrdup(rest), *w[4], *save = NULL;
	const struct entity *e = NULL;
	int n = 0, dup = IO_DUP_DEFAULT, i, j;

	for (char *t = strtok_r(words, " ", &save); t && n < 4; t = strtok_r(NULL, " ", &save))
		w[n++] = t;
	if (n == 0) {
		app_error(a, "%s",
			  _("import what? e.g. :import contacts.csv [TYPE] [skip|update|create]"));
		free(words);
		return;
	}
	for (i = 1; i < n; i++) {
		for (j = 0; j < 3 && strcmp(w[i], dups[j]) != 0; j++)
			;
		if (j < 3)
			dup = IO_DUP_SKIP + j;
		else if ((e = entity_find(w[i])) == NULL) {
			app_error(a, _("unknown record type \"%s\""), w[i]);
			free(words);
			return;
		}
	}
	import_open(a, w[0], e, dup);
	free(words);
}

/* :export FILE: the list on screen, with its filters and order. */
static void command_export(struct app *a, const char *rest)
{
	struct view *v = app_top(a);
	enum status st;

	while (*rest == ' ')
		rest++;
	if (*rest == '\0') {
		app_error(a, "%s", _("export to which file? e.g. :export contacts.csv"));
		return;
	}
	if (v == NULL || v->list == NULL) {
		app_error(a, "%s", _("no list on this screen to export: open a list first"));
		return;
	}
	st = import_export_list(a, v->list, rest);
	if (st != ST_OK)
		app_fail(a, st);
}

void app_command(struct app *a, const char *line)
{
	static const struct {
		const char *name;
		int screen;
	} names[] = {
		{ "today", SCREEN_TODAY },	 { "contacts", SCREEN_CONTACTS },
		{ "accounts", SCREEN_CONTACTS }, { "leads", SCREEN_LEADS },
		{ "funnel", SCREEN_FUNNEL },	 { "deals", SCREEN_FUNNEL },
		{ "schedule", SCREEN_SCHEDULE }, { "followups", SCREEN_FOLLOWUPS },
		{ "logs", SCREEN_FOLLOWUPS },	 { "forecast", SCREEN_FORECAST },
		{ "sync", SCREEN_SYNC },	 { "help", SCREEN_HELP },
	};
	size_t i;

	while (*line == ' ')
		line++;
	if (*line == '\0')
		return;
	if (strcmp(line, "q") == 0 || strcmp(line, "quit") == 0) {
		a->quit = true;
		return;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(line, names[i].name) == 0) {
			app_switch(a, (enum app_screen)names[i].screen);
			return;
		}
	}
	if (strncmp(line, "bind ", 5) == 0) {
		struct config *cfg = config_parse(line, ":");
		char *errors = config_errors(cfg, NULL);

		if (errors == NULL && keymap_load(a->km, cfg, &errors) == 0)
			app_status(a, _("bound: %s"), line + 5);
		else
			app_error(a, "%s", errors);
		free(errors);
		config_free(&cfg);
		return;
	}
	if (strcmp(line, "new") == 0 || strncmp(line, "new ", 4) == 0) {
		command_new(a, line + 3);
		return;
	}
	if (strcmp(line, "edit") == 0 || strncmp(line, "edit ", 5) == 0) {
		command_edit(a, line + 4);
		return;
	}
	if (strcmp(line, "list") == 0 || strncmp(line, "list ", 5) == 0) {
		command_list(a, line + 4);
		return;
	}
	if (strcmp(line, "import") == 0 || strncmp(line, "import ", 7) == 0) {
		command_import(a, line + 6);
		return;
	}
	if (strcmp(line, "export") == 0 || strncmp(line, "export ", 7) == 0) {
		command_export(a, line + 6);
		return;
	}
	if (capture_is_capture(line)) {
		app_capture(a, line);
		return;
	}
	app_error(a,
		  _("unknown command \"%s\": try call/meeting/visit/task/email/log WHO ..., a "
		    "screen name, new/edit/list TYPE, import FILE, export FILE, bind, or quit"),
		  line);
}

static int app_request(struct app *a, enum request req)
{
	char *line;
	size_t i;

	for (i = 0; i < SCREEN_COUNT; i++) {
		if (screens[i].req == req) {
			app_switch(a, (enum app_screen)i);
			return VR_HANDLED;
		}
	}
	switch (req) {
	case REQ_BACK:
		if (a->depth > 1)
			app_pop(a);
		return VR_HANDLED;
	case REQ_QUIT:
		return VR_QUIT;
	case REQ_COMMAND:
		line = prompt_text(a, ":", "", NULL, NULL);
		if (line)
			app_command(a, line);
		free(line);
		return VR_HANDLED;
	case REQ_UNDO:
		app_undo(a);
		return VR_HANDLED;
	case REQ_SYNC_NOW:
		ui_sync_now(a);
		return VR_HANDLED;
	case REQ_REFRESH:
		app_changed(a);
		clearok(curscr, TRUE);
		return VR_HANDLED;
	case REQ_MESSAGES:
		a->status[0] = '\0';
		app_push(a, view_new(a, &messages_ops));
		return VR_HANDLED;
	default:
		return VR_UNHANDLED;
	}
}

/* ---- setup ---- */

/*
 * The key bindings: the embedded rc file, then the user's config file (NULL:
 * none). Errors go to *errors, one per line: the config reader's (unknown
 * commands, quotes) and the keymap's (unknown screens, keys, actions), with
 * file:line. The sync-credentials lines are the sync worker's.
 */
static void load_keys(struct app *a, const char *config_path, char **errors)
{
	struct config *cfg = config_parse(keys_default_rc(), "salestermrc");
	char *bad = NULL, *joined;

	keymap_load(a->km, cfg, errors);
	config_free(&cfg);
	if (config_path == NULL)
		return;
	if (config_read(config_path, &cfg) != ST_OK)
		bad = xstrdup(status_message());
	else
		bad = config_errors(cfg, NULL);
	if (bad) {
		joined = *errors ? xasprintf("%s\n%s", *errors, bad) : xstrdup(bad);
		free(*errors);
		free(bad);
		*errors = joined;
	}
	if (cfg)
		keymap_load(a->km, cfg, errors);
	config_free(&cfg);
}

static void app_free(struct app *a)
{
	int i;

	while (a->depth > 1)
		app_pop(a);
	for (i = 0; i < SCREEN_COUNT; i++) {
		view_free(&a->screens[i]);
		view_free(&a->alt[i]);
	}
	for (i = 0; i < a->nundo; i++) {
		undo_clear(&a->undo[i]);
	}
	for (i = 0; i < a->nmessages; i++)
		free(a->messages[i]);
	syncer_stop(&a->sync);
	syncer_state_clear(&a->sync_state);
	free(a->sync_last_ok);
	keymap_free(&a->km);
	free(a->me);
	free(a->me_name);
	if (a->trace)
		fclose(a->trace);
	db_close(&a->db);
}

/* Curses draws what mbrtowc() decodes: make sure the locale decodes UTF-8. */
static void ensure_utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);

	if (cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0))
		return;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "en_US.UTF-8");
}

int app_run(const char *path, const char *config_path)
{
	struct app app = { 0 }, *a = &app;
	char *errors = NULL, *role;
	SCREEN *screen;
	const char *trace = getenv("SALESTERM_TRACE");
	enum status st;

	st = db_open(path, DB_CREATE, &a->db);
	if (st != ST_OK) {
		const char *msg = status_message();

		fprintf(stderr, "salesterm: %s\n", *msg ? msg : status_default_message(st));
		return status_exit_code(st);
	}
	if (trace && *trace)
		a->trace = fopen(trace, "a");
	a->first_paint = true;
	a->km = keymap_new();
	load_keys(a, config_path, &errors);
	/* A refusal for a missing review names this UI's action, not a command. */
	opportunity_set_review_hint(review_hint, a);
	a->me = user_current_id(a->db);
	a->me_name = a->me ? record_title_of(a->db, "user", a->me) : xstrdup("");
	role = a->me ? user_role(a->db, a->me) : NULL;
	a->manager = role == NULL || strcmp(role, "manager") == 0;
	free(role);

	ensure_utf8_locale();
	/* newterm(), unlike initscr(), returns NULL for an unknown TERM instead of exiting. */
	screen = newterm(NULL, stdout, stdin);
	if (screen == NULL) {
		fprintf(stderr, _("salesterm: cannot start the terminal UI on TERM=%s\n"),
			getenv("TERM") ? getenv("TERM") : "");
		app_free(a);
		free(errors);
		return 1;
	}
	set_term(screen);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	draw_init();
	if (errors) {
		/* The first error only: the status line is one line. */
		char *nl = strchr(errors, '\n');

		if (nl)
			*nl = '\0';
		app_error(a, "%s", errors);
	} else if (db_readonly(a->db)) {
		app_error(a, _("%s is read-only: showing data, refusing changes"), db_path(a->db));
	}
	free(errors);
	/* Sync in the background, on a connection of its own. */
	if (!db_readonly(a->db)) {
		a->sync = syncer_start(db_path(a->db));
		sync_ui_update(a);
	}
	app_switch(a, SCREEN_TODAY);
	while (!a->quit) {
		int key = app_getkey(a, NULL, NULL), flags = VR_UNHANDLED;
		struct view *v = app_top(a);
		enum request req = keymap_lookup(a->km, v->ops->keymap, KM_GENERIC, key);

		a->status[0] = '\0';
		if (narrow()) {
			if (req == REQ_QUIT)
				break;
			continue;
		}
		if (req == REQ_NONE) {
			char name[32];

			app_error(a, _("%s does nothing here (? lists the keys)"),
				  keys_name(key, name, sizeof(name)));
			continue;
		}
		if (v->ops->request)
			flags = v->ops->request(v, req);
		if (flags == VR_UNHANDLED)
			flags = view_request(v, req);
		if (flags == VR_UNHANDLED)
			flags = app_request(a, req);
		if (flags == VR_UNHANDLED)
			app_error(a, _("%s does nothing here"), keys_request_name(req));
		if (flags & VR_QUIT)
			a->quit = true;
	}
	endwin();
	app_free(a);
	delscreen(screen);
	return 0;
}
