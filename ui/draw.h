/* draw.h - text on the screen: attributes, colours and CJK-safe cells.
 *
 * Every string goes through utf8_fit()/utf8_clip(), so cells are measured in
 * display columns and clipped text ends in '~'. Colours are used when the
 * terminal has them and NO_COLOR is not set; otherwise the same classes map
 * to bold, underline and reverse video.
 */
#ifndef SALESTERM_UI_DRAW_H
#define SALESTERM_UI_DRAW_H

#include <stdbool.h>

enum draw_attr {
	DA_NORMAL,
	DA_TITLE,   /* the screen bar */
	DA_TAB,	    /* the current screen in the bar */
	DA_HEADER,  /* column headers */
	DA_SECTION, /* section titles */
	DA_CURSOR,  /* the selected line */
	DA_STATUS,  /* the status line */
	DA_ERROR,   /* an error in the status line or a field */
	DA_DIM,	    /* secondary text */
	DA_WARN,    /* overdue, rotting, overlapping */
	DA_GOOD,    /* won, done */
	DA_FIELD,   /* an input field */
	DA_FOCUS,   /* the focused input field */
	DA_BOX,	    /* pop-up boxes */
	DA_HEAT1,
	DA_HEAT2,
	DA_HEAT3,
	DA_HEAT4,
	DA_BAR1, /* closed */
	DA_BAR2, /* commit */
	DA_BAR3, /* best case */
	DA_BAR4, /* pipeline */
	DA_COUNT
};

/* Choose colours or monochrome (after initscr). */
void draw_init(void);
bool draw_has_color(void);
/* The curses attributes of a class. */
int draw_attr(enum draw_attr a);

/* Text fitted to exactly width columns at (y, x): padded, or clipped with '~'. */
void draw_cell(int y, int x, int width, const char *s, enum draw_attr a);
/* The same, right-aligned. */
void draw_cell_right(int y, int x, int width, const char *s, enum draw_attr a);
/* Text clipped to at most width columns at (y, x); returns the columns used. */
int draw_text(int y, int x, int width, const char *s, enum draw_attr a);
/* width spaces at (y, x). */
void draw_fill(int y, int x, int width, enum draw_attr a);
/* A box with a border and a title, its inside cleared. */
void draw_box(int y, int x, int h, int w, const char *title);
/* A bar of len columns of character ch ("█") at (y, x). */
void draw_bar(int y, int x, int len, const char *ch, enum draw_attr a);

#endif
