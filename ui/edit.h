/* edit.h - a one-line text editor over UTF-8, free of curses.
 *
 * The cursor moves and deletes by character (a code point with the zero-width
 * marks that follow it), never by byte, and the text is measured in display
 * columns, so CJK text edits and scrolls correctly. Unit-tested in
 * tests/unit/test_ui.c.
 */
#ifndef SALESTERM_UI_EDIT_H
#define SALESTERM_UI_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

struct edit {
	struct strbuf text; /* UTF-8, owned; text.s is NULL until something is set */
	size_t cur;	    /* cursor, a byte offset at a character boundary */
	int scroll;	    /* first display column shown */
};

/* Replace the text (NULL: empty) and put the cursor at its end. */
void edit_set(struct edit *e, const char *text);
void edit_free(struct edit *e);
/* The text (never NULL). */
const char *edit_text(const struct edit *e);

/* Insert one code point at the cursor; control characters other than tab
 * are refused (false). */
bool edit_insert(struct edit *e, uint32_t cp);
void edit_left(struct edit *e);
void edit_right(struct edit *e);
void edit_home(struct edit *e);
void edit_end(struct edit *e);
void edit_backspace(struct edit *e);
void edit_delete(struct edit *e);
void edit_kill_start(struct edit *e);
void edit_kill_end(struct edit *e);
void edit_kill_word(struct edit *e);

/* Display columns of the text before the cursor. */
int edit_cursor_col(const struct edit *e);

/*
 * Fit the text in width columns: adjust e->scroll so the cursor is visible,
 * and return a new string of the visible part (exactly width columns,
 * padded; a wide character cut by either edge becomes a space). *cursor gets
 * the cursor's column within it. Caller frees.
 */
char *edit_visible(struct edit *e, int width, int *cursor);

#endif
