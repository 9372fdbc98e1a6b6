/* layout.h - screen arithmetic, free of curses so it is unit-tested.
 *
 * Column widths that fit a terminal, the scroll position that keeps the
 * selection visible, bar lengths, heat-map levels and calendar grids.
 */
#ifndef SALESTERM_UI_LAYOUT_H
#define SALESTERM_UI_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Fit n columns of the wanted widths, separated by gap, into avail columns,
 * by the rule of src/columns.h: column flex (if 0 <= flex < n) takes the
 * spare width and may be cut to half its width (no less than 4), the others
 * stay whole or are dropped from the right (never column 0 or flex). out[i]
 * gets each width (0 for a dropped column). Returns the number kept.
 */
int layout_columns(const int *want, int n, int avail, int gap, int flex, int *out);

/* Split avail columns into n parts separated by gap, as equal as possible
 * (the first ones get the remainder). */
void layout_split(int avail, int n, int gap, int *out);

/* The first line to show so that line sel is visible in a window of height
 * lines over n lines, moving as little as possible from top. */
int layout_scroll(int sel, int top, int height, int n);

/* The length in columns of a bar for value on a scale where max fills width
 * (rounded to nearest; 0 for value <= 0; at least 1 for a positive value). */
int layout_bar(int64_t value, int64_t max, int width);

/* A heat level 0-4 for count where max is the busiest: 0 only for 0. */
int layout_heat(int count, int max);

/*
 * The Monday-first grid of the month of date ("YYYY-MM-DD"): cells[7*w + d]
 * gets the day of the month shown in week row w, day d of the locale's week
 * (0 = its first day: Monday in C and zh_CN, Sunday in zh_TW), or
 * 0 for a blank cell. Returns the number of week rows (4-6), or 0 if the date
 * is invalid.
 */
int layout_month_grid(const char *date, int cells[42]);

/* An amount for a narrow cell: minor units of a currency with exponent
 * digits, in whole units shortened with K, M or B ("950", "12.3K", "345K",
 * "1.2M"), rounded to nearest (1,160,000 is 1.2M; 999,960 is 1M); negative
 * amounts get '-'. Caller frees. */
char *layout_compact(int64_t minor, int exponent);

/*
 * Break s into lines of at most width display columns, at spaces where it
 * can (a word wider than width is cut between characters; CJK text, which
 * has no spaces, breaks anywhere). *lines gets the lines (each and the array
 * freed by the caller). Returns how many (at least 1).
 */
int layout_wrap(const char *s, int width, char ***lines);

/* s in at most width columns, cut at a space where it must be cut (between
 * characters only within a word wider than the line), with '~' after it
 * then. Caller frees. */
char *layout_fit_words(const char *s, int width);

/* The items that fit in width columns, whole and in order, sep between them
 * (an item too wide is left out; a shorter one further on may still fit).
 * Caller frees. */
char *layout_items(const char *const *items, int n, int width, const char *sep);

#endif
