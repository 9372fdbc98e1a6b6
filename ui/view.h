/* view.h - what every screen shares: lines or a record list, moving,
 * selection, search, sorting, the title line, and the generic record actions.
 *
 * A screen is a struct view_ops (ui/view_*.c) whose callbacks fill the
 * view's lines (or set up its record list), draw what is special about it,
 * and handle its own requests; whatever request() leaves (VR_UNHANDLED) is
 * handled here, then by the app (tig's view_ops, htop's handler flags).
 */
#ifndef SALESTERM_UI_VIEW_H
#define SALESTERM_UI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "draw.h"
#include "keys.h"
#include "list.h"

struct app;
struct entity;
struct view;

/* What a handler did: flags. VR_UNHANDLED (0) passes the request on. */
enum view_result {
	VR_UNHANDLED = 0,
	VR_HANDLED = 1 << 0,
	VR_REDRAW = 1 << 1,
	VR_RELOAD = 1 << 2, /* reload this view's data */
	VR_QUIT = 1 << 3,
};

enum line_kind {
	LINE_TEXT,    /* text, not selectable */
	LINE_SECTION, /* a section title */
	LINE_ITEM,    /* a selectable row of cells */
};

struct line {
	enum line_kind kind;
	enum draw_attr attr;
	char **cells; /* one per column; TEXT and SECTION lines use cells[0] */
	int ncells;
	const struct entity *entity; /* the record the line stands for, or NULL */
	char *id;
	int tag;     /* free for the screen */
	int64_t num; /* free for the screen */
};

struct column {
	const char *title; /* N_() or NULL */
	int width;	   /* natural width */
	bool right;
};

#define VIEW_MAX_COLS 16

/*
 * One item of a screen's key hints in the status line: up to four keys (as
 * `bind` names them: "<Enter>", "h", "?") with the request each does by
 * default, and a label. The key shown is the one bound now: a rebound action
 * shows its new key, an unbound one drops the item (view_hints_text()).
 */
struct view_hint {
	const char *key[4];
	enum request req[4];
	const char *label; /* N_() */
};
/* Hint items of one key, or of two ("h/l stage"); a list ends with HINT_END. */
#define HINT(k, r, label)                                                                          \
	{                                                                                          \
		{ k }, { r }, label                                                                \
	}
#define HINT2(k1, r1, k2, r2, label)                                                               \
	{                                                                                          \
		{ k1, k2 }, { r1, r2 }, label                                                      \
	}
#define HINT4(k1, r1, k2, r2, k3, r3, k4, r4, label)                                               \
	{                                                                                          \
		{ k1, k2, k3, k4 }, { r1, r2, r3, r4 }, label                                      \
	}
#define HINT_END                                                                                   \
	{                                                                                          \
		{ NULL }, { REQ_NONE }, NULL                                                       \
	}

struct view_ops {
	const char *title; /* N_() */
	enum keymap_screen keymap;
	size_t priv_size;	      /* bytes of v->priv, zeroed */
	void (*open)(struct view *v); /* (re)load the data */
	void (*draw)(struct view *v); /* draw the body; NULL: the generic lines or list */
	int (*request)(struct view *v, enum request req);
	bool (*idle)(struct view *v);  /* one step of background work; true while more */
	void (*done)(struct view *v);  /* free priv's contents */
	const struct view_hint *hints; /* keys shown in the status line, or NULL */
};

struct view {
	const struct view_ops *ops;
	struct app *app;
	void *priv;
	char subtitle[512]; /* right of the title: counts, filters, period */
	/* lines (when list is NULL) */
	struct line *lines;
	int nlines, cap;
	struct column cols[VIEW_MAX_COLS];
	int ncols, flex; /* flex: the column that takes spare width, -1 none */
	unsigned cut;	 /* bit i: column i may be cut to half its width (flex always may) */
	int top, sel;
	/* a record list, or NULL */
	struct rlist *list;
	int list_flex;
	bool whose_set, team; /* a list of the team's records, or the user's own */
	unsigned generation;  /* of the data last loaded (app->generation) */
	bool loaded;
	bool idle_done; /* no background work left until the next reload */
	/* geometry of the body at the last paint */
	int y, h, w;
};

/* A new view of ops for the app (opened on first paint). Caller frees with
 * view_free(). */
struct view *view_new(struct app *a, const struct view_ops *ops);
void view_free(struct view **v);

/* Lines: clear, and add (the cells are copied; NULL cells are ""). */
void view_clear(struct view *v);
struct line *view_add(struct view *v, enum line_kind kind, enum draw_attr attr, int ncells,
		      const char *const *cells);
/* One text line (printf-style). */
struct line *view_addf(struct view *v, enum line_kind kind, enum draw_attr attr, const char *fmt,
		       ...) __attribute__((format(printf, 4, 5)));
/* A section's heading with its count or state, "Open deals (12)", in the
 * language's own brackets ("未结束商机（12）"). more adds "+": the section
 * holds only the first n. Caller frees. */
char *section_title(const char *title, size_t n, bool more);
char *section_title_state(const char *title, const char *state);
/* Set the record a line opens. */
void line_set_record(struct line *l, const struct entity *e, const char *id);
/* Select the first item line (after a reload, keeping sel if still an item). */
void view_fix_selection(struct view *v);

/* The screen's key hints as the keymap has them now, in at most width
 * columns: whole items only, in order, "KEY label" two spaces apart. Caller
 * frees. */
char *view_hints_text(const struct view *v, int width);

/* The record the selection stands for: its type and id (false if none). */
bool view_selected(struct view *v, const struct entity **e, const char **id);

/* Load the data if never loaded or stale; called before each paint. */
void view_prepare(struct view *v, int y, int h, int w);
/* Draw the title line and the body (geometry from view_prepare()). */
void view_draw(struct view *v);
/* The generic handling of a request: moving, lists, records. */
int view_request(struct view *v, enum request req);
/* Reload now. */
void view_reload(struct view *v);
/* One step of background work (ops->idle, or counting a list); true while
 * there is more. */
bool view_idle(struct view *v);

/* Draw a line list in rows y..y+h of width w with columns cols. */
void view_draw_lines(struct view *v, int y, int h, int w);
/* Draw the record list with its header. */
void view_draw_list(struct view *v, int y, int h, int w);

/* Generic record actions on the selection, shared by the screens. */
int view_edit_selected(struct view *v);
int view_delete_selected(struct view *v);

#endif
