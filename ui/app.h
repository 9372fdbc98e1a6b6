/* app.h - the terminal UI: screens, the loop, the status line, undo.
 *
 * One loop turn reads one key, dispatches it (the screen, then view.c, then
 * the app) and paints the whole screen with a single doupdate(). Prompts and
 * forms are modal loops built on app_getkey(), which paints the screens
 * under them, so a resize redraws everything at any depth. Between keys the
 * top screen may do background work (ops->idle) without delaying a key.
 */
#ifndef SALESTERM_UI_APP_H
#define SALESTERM_UI_APP_H

#include <stdbool.h>
#include <stdio.h>

#include "draw.h"
#include "keys.h"
#include "status.h"
#include "syncer.h"

struct app;
struct db;
struct entity;
struct record;
struct view;
struct view_ops;

/* Screens 1-8 and help, in the order of the screen bar. */
enum app_screen {
	SCREEN_TODAY,
	SCREEN_CONTACTS,
	SCREEN_LEADS,
	SCREEN_FUNNEL,
	SCREEN_SCHEDULE,
	SCREEN_FOLLOWUPS,
	SCREEN_FORECAST,
	SCREEN_SYNC,
	SCREEN_HELP,
	SCREEN_COUNT
};

#define APP_MIN_COLS 80
#define APP_MIN_LINES 24
#define APP_STACK 16
#define APP_UNDO 32
#define APP_MESSAGES 50 /* status messages kept for the Messages view (P) */

typedef void (*app_overlay_fn)(struct app *a, void *ctx);

/* A delete (undone by restoring the record), or a deal's move (before is
 * the deal as it was, to the stage it was moved to). */
struct app_undo {
	const struct entity *e;
	char *id, *name;
	struct record *before;
	char *to;
};

struct app {
	struct db *db;
	struct keymap *km;
	char *me;      /* current user id, NULL in a single-user database */
	char *me_name; /* "" when none */
	bool manager;  /* the current user is a manager */
	struct view *screens[SCREEN_COUNT];
	struct view *alt[SCREEN_COUNT]; /* a screen's other pane (accounts of contacts) */
	struct view *stack[APP_STACK];	/* stack[depth-1] is shown */
	int depth;
	int screen; /* the screen of stack[0] */
	char status[1024];
	bool status_error;
	char *messages[APP_MESSAGES]; /* the last status messages, oldest first */
	int nmessages;
	struct app_undo undo[APP_UNDO];
	int nundo;
	unsigned generation; /* bumped by every write; stale views reload */
	bool quit;
	int modal;		/* depth of modal loops (prompts, forms) */
	int cursor_y, cursor_x; /* where the overlay wants the cursor, -1: hidden */
	FILE *trace;		/* SALESTERM_TRACE: paint and key times */
	long long key_ns;	/* when the key being handled was read */
	bool first_paint;	/* the first paint is yet to come */
	bool idle_painted;	/* background work just finished: trace its paint */
	/* sync (ui/syncer.c, ui/view_sync.c) */
	struct syncer *sync;		/* the worker; NULL for a read-only database */
	struct syncer_state sync_state; /* its state as of the last wake-up */
	unsigned sync_data_seen;	/* sync_state.data when the screens last reloaded */
	bool sync_reload;		/* a run changed data: reload outside forms */
	int64_t sync_pending;		/* changes not yet sent (capped count) */
	bool sync_pending_more;
	long sync_conflicts;
	char *sync_last_ok;
	unsigned sync_counted, sync_counted_runs; /* what the counts are of */
	bool sync_count_valid;
	/* a manager's reviews waiting, for the status line */
	int64_t reviews;
	unsigned reviews_generation, reviews_data; /* what the count is of */
	bool reviews_known;
};

/*
 * Run the terminal UI on the database at path (created if missing) with the
 * key bindings of the embedded rc file and then config_path (may be
 * missing). Returns the process exit code.
 */
int app_run(const char *path, const char *config_path);

/* The status line: what just happened, or an error. */
void app_status(struct app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void app_error(struct app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Show the message of a failed core call (status_message(), else the default). */
void app_fail(struct app *a, enum status st);

/*
 * One turn of a loop: paint every screen, then overlay (may be NULL), the
 * status line and the cursor, with one doupdate(); then wait for a key.
 * Resizes are handled inside. Returns the key.
 */
int app_getkey(struct app *a, app_overlay_fn overlay, void *ctx);

/* Open v on top of the current screen (the app owns it from now on). */
void app_push(struct app *a, struct view *v);
/* Close the top view (not a screen's own). */
void app_pop(struct app *a);
/* Show screen s (closing views opened on top). */
void app_switch(struct app *a, enum app_screen s);
/* The view shown. */
struct view *app_top(struct app *a);
/* Swap the current screen's view with its other pane (created by ops). */
void app_swap_pane(struct app *a, const struct view_ops *ops);

/* Data changed: every screen reloads when next shown. */
void app_changed(struct app *a);
/* Remember a delete for `u`. */
void app_undo_push(struct app *a, const struct entity *e, const char *id, const char *name);
/* Remember a deal's move to stage to (before: the deal as it was) for `u`. */
void app_undo_push_move(struct app *a, const struct record *before, const char *to);
/* Undo the last delete or move. */
void app_undo(struct app *a);

/* The command line (`:`): quick capture and commands. */
void app_command(struct app *a, const char *line);
/* Quick capture of one line (call 张伟 tomorrow 10:00 ...); true if written. */
bool app_capture(struct app *a, const char *line);

/* The current view's keymap screen, for help. */
enum keymap_screen app_keymap_screen(struct app *a);

/* Leave curses for an external program ($EDITOR) and come back. */
void app_suspend(struct app *a);
void app_resume(struct app *a);

#endif
