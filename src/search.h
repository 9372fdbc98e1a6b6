/* search.h - full-text search over contacts, accounts, leads, opportunities
 * and follow-up notes (SQLite FTS5).
 *
 * Indexed text is written by the core with each CJK character spaced out as
 * its own token (utf8_fts_text), so "张" finds 张伟 and "科技" finds
 * 华为科技有限公司, while Latin words are matched by prefix. Ranking is bm25
 * with names above notes, over a bounded first set of hits so that a term
 * found in most rows still answers in milliseconds.
 */
#ifndef SALESTERM_SEARCH_H
#define SALESTERM_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct db;
struct entity;
struct record;

struct search_hit {
	const struct entity *entity;
	int64_t n;
	char *id;
	char *title;
	double rank; /* lower is better */
};

/* Write (or rewrite) the index row of r; a no-op for unsearchable types. */
enum status search_index(struct db *db, const struct record *r);
/* Remove the index row of record n of type e. */
enum status search_unindex(struct db *db, const struct entity *e, int64_t n);
/* The title column of r's index row: its own title text and the names of the
 * records its title references point at. Caller frees. */
char *search_title(struct db *db, const struct record *r);
/* The text r puts in its index columns; F_TITLE or F_BODY. Caller frees. */
char *search_text(const struct record *r, unsigned which);
/*
 * Hold back the index writes of db on this thread (on), or write them again
 * (off): while held, search_index() and search_unindex() on db do nothing,
 * and the caller indexes the records it wrote itself once it lets go. A
 * pull does, so that one document's savepoint does not make FTS5 write its
 * pending index data out as a segment of its own (doc/DESIGN.md section 5).
 */
void search_hold(struct db *db, bool on);

/*
 * Search for what a user typed. only limits to one type (NULL: all). Up to
 * limit hits, best first, into *hits (caller frees with search_hits_free()).
 * Text with nothing searchable gives ST_INVALID with a message.
 */
enum status search_run(struct db *db, const char *text, const struct entity *only, int limit,
		       struct search_hit **hits, size_t *nhits);
void search_hits_free(struct search_hit **hits, size_t n);

/*
 * How many live records match text anywhere (of type only, or of every
 * type), counted up to cap: *more says there are more than cap (*count is
 * then cap). One bounded read of each index, so "1,000+" costs the same on
 * a million rows as on a thousand. ST_INVALID for text with nothing to look
 * for.
 */
enum status search_count(struct db *db, const char *text, const struct entity *only, int64_t cap,
			 int64_t *count, bool *more);

#endif
