/* columns.h - how the columns of a list share a line, for every front end.
 *
 * One rule for the terminal UI's lists and screens and the CLI's lists:
 * each column has a natural width (a full mobile number, a typical email);
 * spare width goes to the flexible columns in fair shares (in proportion to
 * their natural widths, a list's text at most doubling); when a line is
 * too narrow the columns that may be cut give width in proportion to what
 * they can spare, and a column that must stay whole (a phone number, an
 * amount, a date) is never cut: the least important column (the rightmost)
 * is dropped first. Pure arithmetic, unit-tested in tests/unit/test_columns.c.
 */
#ifndef SALESTERM_COLUMNS_H
#define SALESTERM_COLUMNS_H

#include <stdbool.h>

struct field;

struct columns_want {
	int width; /* natural width */
	int min;   /* the narrowest it may be cut to; width (or more): never cut */
	bool flex; /* takes a share of spare width */
	int grow;  /* a flexible column grows by at most this much; 0: no limit */
	bool keep; /* never dropped (column 0 never is either) */
};

/* The column a list gives field f: its natural width, how far it may be cut
 * and whether it grows (text grows; phone numbers, amounts, dates, numbers
 * and choices stay whole). */
struct columns_want columns_of_field(const struct field *f);

/*
 * Fit n columns separated by gap into avail display columns; out[i] gets each
 * width, 0 for a dropped column. Returns the number kept. Columns are dropped
 * from the right (never column 0 or a keep column) only when cutting every
 * column that may be cut to its min is not enough; if column 0 and the keep
 * columns alone are too wide they are cut to fit (at least 1 each).
 */
int columns_fit(const struct columns_want *want, int n, int avail, int gap, int *out);

#endif
