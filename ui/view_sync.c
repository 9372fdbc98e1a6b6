/* view_sync.c - screen 8: sync with the team's server; and the sync part of
 * the status line.
 *
 * Data: the worker's state (ui/syncer.c, copied into the app between keys),
 * open conflicts (conflict_list), the server's documents that cannot be
 * stored here (sync_quarantine_list, only when there are some), changes
 * waiting to be sent (a page of sync_pending_page, keyset-paged by change
 * sequence, with the server's reason for the ones it refused) and the last
 * runs (sync_runs_list). Every list is bounded: opening the screen costs the
 * same with a million changes.
 * Keys: S sync now (asking for the password when the config file and
 * ~/.netrc have none), x stop the run under way, Enter resolves the selected
 * conflict (ui/view_conflict.c), opens the selected record, or on the
 * "next"/"previous" lines pages through the changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "clock.h"
#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "money.h"
#include "prompt.h"
#include "record.h"
#include "report/report.h"
#include "screens.h"
#include "sync/conflict.h"
#include "sync/sync.h"
#include "syncer.h"
#include "utf8.h"
#include "view.h"
#include "xalloc.h"

/* The rows of the state drawn above the lists. */
#define HEADER_ROWS 4 /* and a blank one */
#define PENDING_PAGE 100
#define CONFLICTS_SHOWN 100
#define RUNS_SHOWN 20
#define QUARANTINE_SHOWN 5

enum sync_line { SL_NONE, SL_CONFLICT, SL_PENDING, SL_RUN, SL_PENDING_NEXT, SL_PENDING_PREV };

/* ---- the app's side of the worker ---- */

static const char *phase_text(enum sync_phase p)
{
	switch (p) {
	case SYNC_PHASE_CONNECT:
		return _("connecting");
	case SYNC_PHASE_PUSH:
		return _("sending");
	case SYNC_PHASE_PULL:
		return _("receiving");
	case SYNC_PHASE_DONE:
		break;
	}
	return _("finishing");
}

/* "14:02" for today, else "2026-11-24 14:02", from an ISO UTC instant. */
static void short_time(const char *iso, char out[17])
{
	char today[11];

	if (iso == NULL || !clock_local_text(iso, out)) {
		snprintf(out, 17, "%s", iso ? iso : "");
		return;
	}
	clock_today(today);
	if (strncmp(out, today, 10) == 0)
		memmove(out, out + 11, 6);
}

static void time_text(time_t t, char out[17])
{
	char iso[21];

	clock_iso_utc(t, iso);
	short_time(iso, out);
}

/* Recount what the status line shows, when the data or the runs changed. */
void sync_ui_counts(struct app *a)
{
	bool more = false;

	if (a->sync_count_valid && a->sync_counted == a->generation &&
	    a->sync_counted_runs == a->sync_state.runs)
		return;
	if (report_pending_changes(a->db, &a->sync_pending, &more) != ST_OK)
		a->sync_pending = 0;
	a->sync_pending_more = more;
	a->sync_conflicts = conflict_count(a->db);
	free(a->sync_last_ok);
	a->sync_last_ok = sync_last_ok(a->db);
	a->sync_counted = a->generation;
	a->sync_counted_runs = a->sync_state.runs;
	a->sync_count_valid = true;
}

void sync_ui_update(struct app *a)
{
	unsigned runs = a->sync_state.runs, warnings = a->sync_state.warnings;

	syncer_state_clear(&a->sync_state);
	syncer_get(a->sync, &a->sync_state);
	if (a->sync_state.warnings != warnings && a->sync_state.warning)
		app_error(a, "%s", a->sync_state.warning);
	if (a->sync_state.runs != runs || a->sync_state.data != a->sync_data_seen)
		a->sync_reload = true;
	a->sync_data_seen = a->sync_state.data;
	/* Reload what is shown, but never under a form or prompt. */
	if (a->sync_reload && a->modal == 0) {
		a->generation++;
		a->sync_reload = false;
	}
}

char *sync_ui_status(struct app *a, enum draw_attr *attr)
{
	const struct syncer_state *s = &a->sync_state;
	char when[17], *pending = NULL, *text = NULL, *conflicts = NULL;

	if (a->sync == NULL)
		return NULL;
	sync_ui_counts(a);
	*attr = DA_DIM;
	if (a->sync_pending) {
		char *n = count_text(a->sync_pending);

		pending = xasprintf(_("%s%s unsynced"), n, a->sync_pending_more ? "+" : "");
		free(n);
	}
	if (a->sync_conflicts)
		conflicts = xasprintf(ngettext("%ld conflict", "%ld conflicts", a->sync_conflicts),
				      a->sync_conflicts);
	switch (s->mode) {
	case SYNCER_OFF:
		text = pending ? xstrdup(pending) : NULL;
		break;
	case SYNCER_RUNNING:
		if (s->total > 0)
			text = xasprintf(_("sync: %s %ld/%ld"), phase_text(s->phase), s->done,
					 s->total);
		else if (s->done > 0)
			text = xasprintf(_("sync: %s %ld"), phase_text(s->phase), s->done);
		else
			text = xasprintf(_("sync: %s"), phase_text(s->phase));
		*attr = DA_STATUS;
		break;
	case SYNCER_WAITING_RETRY:
		if (s->need_password) {
			text = xasprintf(_("sync: password for %s needed (S)"),
					 s->login ? s->login : "");
			*attr = DA_WARN;
			break;
		}
		text = xasprintf(_("sync failed (retry in %lds): %s"), (s->retry_ms + 999) / 1000,
				 s->error ? s->error : "");
		*attr = DA_ERROR;
		break;
	case SYNCER_IDLE:
		if (s->need_password) {
			text = xasprintf(_("sync: password for %s needed (S)"),
					 s->login ? s->login : "");
			*attr = DA_WARN;
		} else if (a->sync_last_ok) {
			short_time(a->sync_last_ok, when);
			text = xasprintf(_("synced %s%s%s"), when, pending ? " · " : "",
					 pending ? pending : "");
		} else {
			text = xstrdup(pending ? pending : _("not synced yet"));
		}
		break;
	}
	if (conflicts) {
		char *t = xasprintf("%s%s%s", conflicts, text ? " · " : "", text ? text : "");

		free(text);
		text = t;
		if (*attr == DA_DIM)
			*attr = DA_WARN;
	}
	free(pending);
	free(conflicts);
	return text;
}

bool ui_sync_now(struct app *a)
{
	const struct syncer_state *s = &a->sync_state;

	if (a->sync == NULL) {
		app_error(a, "%s",
			  db_readonly(a->db) ? _("this database is read-only: it cannot sync")
					     : _("sync could not start (no threads?)"));
		return false;
	}
	if (s->mode == SYNCER_OFF) {
		app_error(a, "%s", _("no sync remote: add one with salesterm remote add URL"));
		return false;
	}
	if (s->mode == SYNCER_RUNNING) {
		app_status(a, "%s", _("a sync is under way (x on the Sync screen stops it)"));
		return false;
	}
	if (s->need_password) {
		char *label = xasprintf(_("Password for %s at %s: "), s->login ? s->login : "",
					s->pw_url ? s->pw_url : "");
		char *pw = prompt_secret(a, label);

		free(label);
		if (pw == NULL) {
			app_status(a, "%s", _("not syncing: no password given"));
			return false;
		}
		syncer_set_password(a->sync, pw);
		memset(pw, 0, strlen(pw));
		free(pw);
	} else {
		syncer_sync_now(a->sync);
	}
	app_status(a, _("syncing with %s ..."), s->remote ? s->remote : "");
	return true;
}

/* ---- the screen ---- */

struct syncview {
	struct conflict *conflicts;
	size_t nconflicts;
	/* The pages of changes before the one shown: where each started (the
	 * seq it comes after); the shown one starts after starts[npages - 1]. */
	int64_t *starts;
	size_t npages;
	int64_t next;	     /* seq after which the next page starts */
	long page_first;     /* 1-based number of the first change shown */
	bool select_pending; /* after paging: select the first change */
};

static void free_data(struct syncview *sv)
{
	conflict_list_free(sv->conflicts, sv->nconflicts);
	sv->conflicts = NULL;
	sv->nconflicts = 0;
}

static struct line *item3(struct view *v, enum draw_attr attr, const char *a, const char *b,
			  const char *c, enum sync_line kind)
{
	struct line *l = view_add(v, LINE_ITEM, attr, 3, (const char *const[]){ a, b, c });

	l->tag = kind;
	return l;
}

static void load_conflicts(struct view *v, struct syncview *sv)
{
	size_t i;

	if (conflict_list_first(v->app->db, CONFLICTS_SHOWN, &sv->conflicts, &sv->nconflicts) !=
	    ST_OK) {
		app_fail(v->app, ST_DB);
		return;
	}
	view_addf(v, LINE_SECTION, DA_SECTION, "%s (%ld)  %s", _("Conflicts to resolve"),
		  v->app->sync_conflicts > (long)sv->nconflicts ? v->app->sync_conflicts
								: (long)sv->nconflicts,
		  sv->nconflicts ? _("Enter: resolve field by field") : "");
	if (sv->nconflicts == 0)
		view_addf(v, LINE_TEXT, DA_DIM, "  %s", _("none"));
	for (i = 0; i < sv->nconflicts; i++) {
		struct conflict *k = &sv->conflicts[i];
		char *fields = conflict_fields_text(k), *what, when[17];
		struct line *l;

		short_time(k->at, when);
		what = xasprintf(_("changed on both sides: %s  (found %s)"), fields, when);
		l = item3(v, DA_WARN, _(k->entity->label),
			  record_name(k->mine_is_row ? k->mine : k->theirs), what, SL_CONFLICT);
		l->num = (int64_t)i;
		free(fields);
		free(what);
	}
	if ((long)sv->nconflicts < v->app->sync_conflicts)
		view_addf(v, LINE_TEXT, DA_DIM,
			  _("  ... and %ld more, the oldest first: resolve "
			    "these, or see salesterm conflict list"),
			  v->app->sync_conflicts - (long)sv->nconflicts);
}

/* The server's documents kept aside: a count and the first few, shown only
 * when there are some (the whole list: salesterm sync quarantine). */
static void load_quarantine(struct view *v)
{
	struct sync_quarantined *q = NULL;
	size_t n = 0, i;
	long total = sync_quarantine_count(v->app->db);

	if (total == 0)
		return;
	if (sync_quarantine_list(v->app->db, QUARANTINE_SHOWN, &q, &n) != ST_OK) {
		app_fail(v->app, ST_DB);
		return;
	}
	view_addf(v, LINE_TEXT, DA_NORMAL, "%s", "");
	view_addf(v, LINE_SECTION, DA_SECTION, "%s (%ld)  %s", _("Quarantined"), total,
		  _("from the server, cannot be stored here"));
	for (i = 0; i < n; i++)
		item3(v, DA_ERROR, q[i].type ? q[i].type : "?", q[i].id, q[i].reason, SL_NONE);
	if (total > (long)n)
		view_addf(v, LINE_TEXT, DA_DIM, "  %s",
			  _("... and more (salesterm sync quarantine)"));
	sync_quarantine_free(q, n);
}

static void load_pending(struct view *v, struct syncview *sv)
{
	struct sync_pending *p = NULL;
	size_t n = 0, got = 0, i;
	int64_t after = sv->npages ? sv->starts[sv->npages - 1] : 0;
	struct line *l;

	/* One more than a page, to know whether a next page exists. */
	view_addf(v, LINE_TEXT, DA_NORMAL, "%s", "");
	if (sync_pending_page(v->app->db, after, PENDING_PAGE + 1, &p, &got) != ST_OK) {
		app_fail(v->app, ST_DB);
		return;
	}
	if (got == 0 && sv->npages) {
		/* The changes of this page were sent meanwhile: back to the first. */
		sv->npages = 0;
		sv->page_first = 1;
		if (sync_pending_page(v->app->db, 0, PENDING_PAGE + 1, &p, &got) != ST_OK) {
			app_fail(v->app, ST_DB);
			return;
		}
	}
	n = got > PENDING_PAGE ? PENDING_PAGE : got;
	if (n == 0) {
		view_addf(v, LINE_SECTION, DA_SECTION, "%s", _("Changes to send"));
		view_addf(v, LINE_TEXT, DA_GOOD, "  %s",
			  _("none: everything here is on the server"));
	} else {
		char *count = count_text(v->app->sync_pending);
		bool more = v->app->sync_pending_more ||
			    sv->page_first - 1 + (long)n > v->app->sync_pending;

		if (sv->npages == 0 && got <= PENDING_PAGE)
			view_addf(v, LINE_SECTION, DA_SECTION, "%s (%s%s)", _("Changes to send"),
				  count, more ? "+" : "");
		else
			view_addf(v, LINE_SECTION, DA_SECTION, _("%s (%s%s), %ld-%ld shown"),
				  _("Changes to send"), count, more ? "+" : "", sv->page_first,
				  sv->page_first - 1 + (long)n);
		free(count);
	}
	/* After paging, the page starts at the top of the screen, title first. */
	if (sv->select_pending)
		v->top = v->nlines - 1;
	if (sv->npages)
		item3(v, DA_DIM, "", _("previous changes"), _("Enter: the page before"),
		      SL_PENDING_PREV);
	for (i = 0; i < n; i++) {
		char *what;

		if (p[i].reason)
			what = xasprintf(_("refused by the server: %s"), p[i].reason);
		else
			what = xstrdup(p[i].deleted  ? _("deleted")
				       : p[i].is_new ? _("new")
						     : _("changed"));
		l = item3(v, p[i].reason ? DA_ERROR : DA_NORMAL, _(p[i].entity->label), p[i].title,
			  what, SL_PENDING);
		if (!p[i].deleted)
			line_set_record(l, p[i].entity, p[i].id);
		if (i == 0 && sv->select_pending)
			v->sel = v->nlines - 1;
		free(what);
	}
	sv->select_pending = false;
	sv->next = n ? p[n - 1].seq : after;
	if (got > n)
		item3(v, DA_DIM, "", _("next changes"), _("Enter: the page after"),
		      SL_PENDING_NEXT);
	sync_pending_free(p, got);
}

/* Show the page after the one shown (forward) or the one before. */
static void page_pending(struct view *v, struct syncview *sv, bool forward)
{
	if (forward) {
		sv->starts = xreallocarray(sv->starts, sv->npages + 1, sizeof(*sv->starts));
		sv->starts[sv->npages++] = sv->next;
		sv->page_first += PENDING_PAGE;
	} else if (sv->npages) {
		sv->npages--;
		sv->page_first -= PENDING_PAGE;
	}
	sv->select_pending = true;
	view_reload(v);
}

static void load_runs(struct view *v)
{
	struct sync_run_log *r = NULL;
	size_t n = 0, i;

	view_addf(v, LINE_TEXT, DA_NORMAL, "%s", "");
	if (sync_runs_list(v->app->db, RUNS_SHOWN, &r, &n) != ST_OK) {
		app_fail(v->app, ST_DB);
		return;
	}
	view_addf(v, LINE_SECTION, DA_SECTION, "%s", _("Last runs"));
	if (n == 0)
		view_addf(v, LINE_TEXT, DA_DIM, "  %s", _("no sync has run yet"));
	for (i = 0; i < n; i++) {
		char when[17], first[17], span[40], *what;
		size_t same = 1;

		/* Retries that failed the same way are one line. */
		while (!r[i].ok && r[i].ended_at && i + same < n && !r[i + same].ok &&
		       r[i + same].ended_at &&
		       strcmp(r[i].message ? r[i].message : "",
			      r[i + same].message ? r[i + same].message : "") == 0)
			same++;
		short_time(r[i].started_at, when);
		short_time(r[i + same - 1].started_at, first);
		if (strcmp(first, when) != 0)
			snprintf(span, sizeof(span), "%s-%s", first, when);
		else
			snprintf(span, sizeof(span), "%s", when);
		if (r[i].ended_at == NULL)
			what = xstrdup(_("did not finish"));
		else if (same > 1)
			what = xasprintf(_("failed %zu times: %s"), same,
					 r[i].message ? r[i].message : "");
		else if (!r[i].ok)
			what = xasprintf(_("failed: %s"), r[i].message ? r[i].message : "");
		else
			what = xasprintf(_("sent %ld, received %ld, merged %ld, conflicts %ld, "
					   "refused %ld"),
					 r[i].pushed, r[i].pulled, r[i].merged, r[i].conflicts,
					 r[i].rejected);
		item3(v, r[i].ok ? DA_NORMAL : DA_WARN, span, r[i].remote, what, SL_RUN);
		free(what);
		i += same - 1;
	}
	sync_runs_free(r, n);
}

static void sync_load(struct view *v)
{
	struct syncview *sv = v->priv;
	int keep = v->sel;

	free_data(sv);
	view_clear(v);
	v->ncols = 3;
	v->flex = 2;
	v->cols[0] = (struct column){ NULL, 16, false };
	v->cols[1] = (struct column){ NULL, 24, false };
	v->cols[2] = (struct column){ NULL, 30, false };
	sync_ui_counts(v->app);
	if (sv->page_first == 0)
		sv->page_first = 1;
	load_conflicts(v, sv);
	load_quarantine(v);
	v->sel = keep;
	load_pending(v, sv);
	keep = v->sel;
	load_runs(v);
	v->sel = keep;
	view_fix_selection(v);
}

/* The state, above the lists: server, what the worker does, the last error. */
static void sync_draw(struct view *v)
{
	struct app *a = v->app;
	const struct syncer_state *s = &a->sync_state;
	char when[17], *line1, *line2, *line3 = NULL;
	enum draw_attr attr2 = DA_NORMAL;

	if (s->mode == SYNCER_OFF || s->url == NULL)
		line1 = xasprintf("%s  %s", _("Server"),
				  a->sync ? _("none: salesterm remote add URL, then S")
					  : _("none: this database is read-only"));
	else if (s->nremotes > 1)
		line1 = xasprintf(_("Server  %s  %s  (one of %zu: salesterm remote list)"),
				  s->remote, s->url, s->nremotes);
	else
		line1 = xasprintf("%s  %s  %s", _("Server"), s->remote, s->url);
	switch (s->mode) {
	case SYNCER_RUNNING:
		line2 = sync_ui_status(a, &attr2);
		break;
	case SYNCER_WAITING_RETRY:
		line2 = xasprintf(_("offline; trying again in %ld s (S: now)"),
				  (s->retry_ms + 999) / 1000);
		attr2 = DA_WARN;
		break;
	case SYNCER_IDLE:
		if (s->need_password) {
			line2 =
			    xasprintf(_("waiting for the password of %s at %s: press S"),
				      s->login ? s->login : "", s->pw_remote ? s->pw_remote : "");
			attr2 = DA_WARN;
			break;
		}
		line2 = xstrdup(s->nremotes > 1 ? _("up to date; watching the servers for changes")
						: _("up to date; watching the server for changes"));
		attr2 = DA_GOOD;
		break;
	default:
		line2 = xstrdup(a->sync_pending ? _("changes are kept here until a server is added")
						: "");
		break;
	}
	if (a->sync_last_ok) {
		short_time(a->sync_last_ok, when);
		line3 = xasprintf(_("last successful sync %s"), when);
	} else {
		line3 = xstrdup(_("never synced"));
	}
	if (s->error) {
		char *t;

		time_text(s->error_at, when);
		t = xasprintf(_("%s; last error %s: %s"), line3, when, s->error);
		free(line3);
		line3 = t;
	}
	draw_text(v->y, 1, v->w - 2, line1, DA_NORMAL);
	draw_text(v->y + 1, 1, v->w - 2, line2 ? line2 : "", attr2);
	draw_text(v->y + 2, 1, v->w - 2, line3, s->error ? DA_WARN : DA_DIM);
	free(line1);
	free(line2);
	free(line3);
	view_draw_lines(v, v->y + HEADER_ROWS, v->h - HEADER_ROWS, v->w);
}

static int sync_request(struct view *v, enum request req)
{
	struct syncview *sv = v->priv;
	struct line *l = v->sel >= 0 && v->sel < v->nlines ? &v->lines[v->sel] : NULL;

	switch (req) {
	case REQ_SYNC_NOW:
		ui_sync_now(v->app);
		return VR_HANDLED;
	case REQ_SYNC_CANCEL:
		if (syncer_cancel(v->app->sync))
			app_status(v->app, "%s",
				   _("stopping the sync; what arrived so far is kept"));
		else
			app_error(v->app, "%s", _("no sync is under way"));
		return VR_HANDLED;
	case REQ_OPEN:
		if (l && l->tag == SL_CONFLICT && (size_t)l->num < sv->nconflicts) {
			conflict_open(v->app, sv->conflicts[l->num].id);
			return VR_HANDLED;
		}
		if (l && l->tag == SL_PENDING && l->entity)
			return VR_UNHANDLED; /* the record, as everywhere */
		if (l && (l->tag == SL_PENDING_NEXT || l->tag == SL_PENDING_PREV))
			page_pending(v, sv, l->tag == SL_PENDING_NEXT);
		return VR_HANDLED;
	case REQ_EDIT:
		return l && l->tag == SL_PENDING && l->entity ? VR_UNHANDLED : VR_HANDLED;
	case REQ_NEW:
	case REQ_DELETE:
		app_error(v->app, "%s",
			  _("the Sync screen only shows changes: make them on the "
			    "other screens"));
		return VR_HANDLED;
	default:
		return VR_UNHANDLED;
	}
}

static void sync_done(struct view *v)
{
	struct syncview *sv = v->priv;

	free_data(sv);
	free(sv->starts);
	sv->starts = NULL;
}

const struct view_ops sync_ops = {
	.title = N_("Sync"),
	.keymap = KM_SYNC,
	.priv_size = sizeof(struct syncview),
	.open = sync_load,
	.draw = sync_draw,
	.request = sync_request,
	.done = sync_done,
	.hints =
	    (const struct view_hint[]){
		HINT("S", REQ_SYNC_NOW, N_("sync now")),
		HINT("x", REQ_SYNC_CANCEL, N_("stop")),
		HINT("<Enter>", REQ_OPEN, N_("resolve/open")),
		HINT("?", REQ_HELP, N_("help")),
		HINT_END,
	    },
};
