/* list.h - a window of records over a keyset-paged list, free of curses.
 *
 * A list never loads a whole table: it holds the rows that fit on the screen
 * (plus one, to know whether more follow), and every move that leaves the
 * window fetches the next rows strictly after (or before) the edge row's
 * (sort value, row number) with record_list(). A million rows cost the same
 * as forty. Searching swaps the table for the ranked hits of search_run().
 * Each row carries its cells as shown (record_display), one per column.
 * Unit-tested in tests/unit/test_ui.c.
 */
#ifndef SALESTERM_UI_LIST_H
#define SALESTERM_UI_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record.h"
#include "search.h"

struct db;

struct rrow {
	int64_t n;
	char *id;
	char *key;     /* canonical value of the sort field, NULL if empty */
	char **cells;  /* one per column, as shown */
	char **values; /* one per column, canonical (NULL if empty) */
	bool deleted;
};

#define RLIST_MAX_FILTERS 8
#define RLIST_MAX_COLS 16

struct rlist {
	struct db *db;
	const struct entity *e;
	const struct field *cols[RLIST_MAX_COLS]; /* the columns shown */
	int ncols;
	/* what is listed */
	struct filter filters[RLIST_MAX_FILTERS];
	bool fixed[RLIST_MAX_FILTERS]; /* set by the screen, kept by rlist_clear_filters() */
	int nfilters;
	char *owner; /* only this user's records (a rep's own), NULL: everyone's */
	const char *sort_key;
	bool desc;
	char *search; /* search text, NULL when listing */
	struct search_hit *hits;
	size_t nhits;
	size_t hit_top; /* index in hits of rows[0] */
	/* the window */
	struct rrow *rows;
	int nrows, sel, height;
	bool more_below;
	int64_t total;	 /* rows in all (matches of a search), -1 until counted */
	bool total_more; /* a search's matches: more than total (RLIST_COUNT_CAP) */
};

/* A search's matches are counted up to this many ("1,000+"). */
#define RLIST_COUNT_CAP 1000

/* A list of type e with its default columns (F_LIST fields) and order.
 * Caller frees with rlist_free(). */
struct rlist *rlist_new(struct db *db, const struct entity *e);
void rlist_free(struct rlist **rl);
/* Show these fields (NULL-terminated keys) instead of the default columns. */
void rlist_set_columns(struct rlist *rl, const char *const *keys);

/* List only owner's records (NULL: everyone's), with an owner column or not.
 * Nothing is fetched (rlist_first() does). */
void rlist_set_owner(struct rlist *rl, const char *owner, bool column);
/* Does the list show the owner column? */
bool rlist_shows_owner(const struct rlist *rl);

/* Window height; the window is refetched when it changes. */
enum status rlist_set_height(struct rlist *rl, int height);

/* Refetch the window from its first row (after a write, or new filters). */
enum status rlist_reload(struct rlist *rl);
enum status rlist_first(struct rlist *rl);
enum status rlist_last(struct rlist *rl);
enum status rlist_down(struct rlist *rl);
enum status rlist_up(struct rlist *rl);
enum status rlist_page_down(struct rlist *rl);
enum status rlist_page_up(struct rlist *rl);
/* Put the record with this id (and sort value) in the window, selected. */
enum status rlist_goto(struct rlist *rl, const char *id);

/* The selected row, or NULL for an empty list. */
const struct rrow *rlist_selected(const struct rlist *rl);

/* Add a filter as a user types it ("title~经理"); fixed ones are the
 * screen's own and survive rlist_clear_filters(). */
enum status rlist_add_filter(struct rlist *rl, const char *text, bool fixed);
/* Add one of the screen's own (fixed) filters without fetching anything:
 * the caller fetches when it wants to (rlist_first()). */
enum status rlist_add_filter_only(struct rlist *rl, const char *text);
/* Drop the user's filters and the search. */
void rlist_clear_filters(struct rlist *rl);
/* Drop every filter, fixed ones included. */
void rlist_reset_filters(struct rlist *rl);
/* The user's filters as "k=v, k~v" into buf. */
const char *rlist_describe_filters(const struct rlist *rl, char *buf, size_t size);

/* Search (NULL or "" ends the search and lists again). Up to 500 hits. */
enum status rlist_search(struct rlist *rl, const char *text);

/* Sort by the next sortable column; reverse the order. */
enum status rlist_sort_next(struct rlist *rl);
enum status rlist_reverse(struct rlist *rl);

/* Count the rows (a full count, so done on request, not on every move). */
enum status rlist_count(struct rlist *rl);

#endif
