/* lookup.h - which customer a few typed words name, with what tells
 * look-alikes apart.
 *
 * Quick capture (`call 张伟 tomorrow renewal`) and every reference field of
 * a form ask the same question: which records do these words name? The
 * leading words name the record: the longest run of them that is exactly a
 * name (an account, contact, lead or deal), else the longest run whose words
 * all begin words of names (the search index), so `Acme Manufacturing` finds
 * "Acme Manufacturing Ltd" and is not cut after "Acme". Every match is
 * returned, not the first ten, up to LOOKUP_MAX, each with what tells it
 * from its namesakes: its company, title or stage, the tail of its phone, its
 * owner and the date it was last contacted. Further words (a company, a
 * phone fragment) narrow the matches: lookup_matches() is the one rule, used
 * here and by the pick-list as the user types.
 */
#ifndef SALESTERM_LOOKUP_H
#define SALESTERM_LOOKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct db;
struct entity;

/* At most this many matches are returned; more is reported as truncated
 * ("1,000+"). Each match costs a few indexed look-ups for what tells it
 * apart: ten thousand of them (the one character 张 on a million contacts)
 * took 3-6 s to open on a busy machine, a thousand a tenth of that; a name
 * with that many namesakes needs a further word anyway. */
#define LOOKUP_MAX 1000

struct lookup_item {
	const struct entity *entity;
	char *id;
	char *title;
	char *detail; /* "华为科技有限公司 · 销售经理 · …5678 · 王磊 · 2026-11-02" */
	char *keys; /* every text a narrowing word may be found in */
};

struct lookup {
	struct lookup_item *items;
	size_t n;
	size_t used;	/* how many of the words name the record */
	bool truncated; /* more than LOOKUP_MAX matched */
};

/*
 * The records of type only (NULL: any customer type) that words name, at
 * most max of them (0: LOOKUP_MAX; a type-ahead needs a few), sorted by
 * type, name and detail. With narrow, the words after those that name the
 * record must each be found in a match (lookup_matches()); without it they
 * are left to the caller (capture's subject). No match is ST_NOT_FOUND with
 * a message. Caller frees out with lookup_free().
 */
enum status lookup_words(struct db *db, const struct entity *only, char *const *words,
			 size_t nwords, bool narrow, size_t max, struct lookup *out);
/* The same for a line of text split at blanks. */
enum status lookup_text(struct db *db, const struct entity *only, const char *text, bool narrow,
			size_t max, struct lookup *out);
void lookup_free(struct lookup *l);

/* The item of record n (its row number) of customer type e, with what tells
 * it apart. Caller clears out with lookup_item_clear(). */
enum status lookup_describe(struct db *db, const struct entity *e, int64_t n,
			    struct lookup_item *out);
void lookup_item_clear(struct lookup_item *it);

/* Whether every word of typed is in keys: ASCII case ignored, and a word of
 * digits (spaces, '+' and '-' aside) also found among the digits of keys. */
bool lookup_matches(const char *keys, const char *typed);

/* Split on blanks (ASCII and the ideographic space U+3000). *n gets the
 * count. Caller frees each word and the array. */
char **lookup_split(const char *text, size_t *n);
/* Words from..to-1 joined by single spaces. Caller frees. */
char *lookup_join(char *const *w, size_t from, size_t to);

#endif
