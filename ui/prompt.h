/* prompt.h - modal questions: a line of text, yes or no, a choice from a list.
 *
 * Each runs its own loop on app_getkey(), drawing itself over the screens,
 * and edits text with ui/edit.c through the "edit" keymap.
 */
#ifndef SALESTERM_UI_PROMPT_H
#define SALESTERM_UI_PROMPT_H

#include <stdbool.h>

struct app;
struct edit;
struct lookup;
struct report_span;

/* Called after each change of the text (search as you type). */
typedef void (*prompt_changed_fn)(struct app *a, const char *text, void *ctx);

/* A line of text typed after label in the status line; NULL if cancelled.
 * Caller frees. */
char *prompt_text(struct app *a, const char *label, const char *initial, prompt_changed_fn changed,
		  void *ctx);

/* A password typed after label, shown as one '*' per character; NULL if
 * cancelled. Caller wipes and frees. */
char *prompt_secret(struct app *a, const char *label);

/* The date a report is shown "as of" (`@` on the Forecast and the funnel
 * analytics): asks for one, starting from date ("" for now). True if date
 * changed: a real date (YYYY-MM-DD) or "" (empty: now again); a date that is
 * not one is refused in the status line and changes nothing. */
bool prompt_as_of(struct app *a, char date[11]);

/* Asks for a period as report --period takes it (2026Q4, 2026-11, 2026,
 * FROM..TO), starting from span's; true when span changed. A period that
 * cannot be read is said in the status line and changes nothing. */
bool prompt_period(struct app *a, struct report_span *span);

/* A yes/no question (y or Enter for yes; n or Esc for no). */
bool prompt_yesno(struct app *a, const char *question);

/*
 * Choose one of n items in a box, typing to narrow the list (any part of an
 * item, case ignored). Returns the index chosen, -1 if cancelled.
 */
int prompt_pick(struct app *a, const char *title, const char *const *items, int n, int initial);

/*
 * Choose one of the records of a look-up, each shown with what tells it
 * from its namesakes (src/lookup.h), the count after the title ("Which
 * 张伟? 144 matches"). Typed words narrow by anything the look-up knows of a
 * record (a company, a phone fragment). Returns the index chosen, -1 if
 * cancelled.
 */
int prompt_pick_lookup(struct app *a, const char *title, const struct lookup *l);

/* Apply a key to a line editor: an "edit" action or a printable character.
 * False if the key is neither. */
bool prompt_edit_key(struct app *a, struct edit *e, int key);

#endif
