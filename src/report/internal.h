/* internal.h - what the report files share (src/report/ only). */
#ifndef SALESTERM_REPORT_INTERNAL_H
#define SALESTERM_REPORT_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "report/report.h"

struct db;
struct entity;
struct record;

/* Rows a list returns when the caller gives no limit. */
#define REPORT_DEFAULT_LIMIT 1000

/*
 * A query of one owner's records or of everyone's, written once as a macro
 * of its owner condition: REPORT_SQL(owner, Q("owner = ?N"), Q("?N IS NULL"))
 * picks the text, so one owner's query reads the (owner, ...) indexes of
 * 0009-indexes.sql. "(?N IS NULL OR owner = ?N)" in one statement is planned
 * once for both cases and never uses them. ?N stays bound either way.
 */
#define REPORT_SQL(owner, sql_mine, sql_all) ((owner) ? (sql_mine) : (sql_all))

/* Append r (owned from now on) with its number to rows. */
void report_rows_add(struct report_rows *rows, struct record *r, int64_t num);
/* Is the record with this id in rows? */
bool report_rows_has(const struct report_rows *rows, const char *id);
/* Load record id of type e and append it; a missing record is skipped. */
enum status report_rows_load(struct db *db, struct report_rows *rows, const struct entity *e,
			     const char *id, int64_t num);
/* Step a statement whose first column is an id (and second, if wanted, a
 * number), loading each record; what names the query in an error. */
enum status report_rows_from_stmt(struct db *db, sqlite3_stmt *st, const struct entity *e,
				  bool with_num, struct report_rows *out, const char *what);

/* A report's many small queries read one snapshot: outside a transaction
 * each would take (and drop) WAL's read lock, a few system calls apiece.
 * True if this call began the read transaction (then report_read_end()
 * ends it); false inside one already (a write's, or a caller's). */
bool report_read_begin(struct db *db);
void report_read_end(struct db *db, bool began);

/*
 * report_read_begin(), with a twin: a second connection to db's file in the
 * same snapshot, for a report to read half of its rows on another thread
 * (the machines have two cores). report_twin(db) is it until
 * report_read_end(); NULL when there is none: db is in a transaction
 * already, read-only or in memory, another connection committed while the
 * two were being lined up, or twins are off (report_twins_enable(false):
 * the tests compare both ways).
 */
bool report_read_begin_twin(struct db *db);
struct db *report_twin(struct db *db);
void report_twins_enable(bool on);

/* fn(arg) on a thread of its own (here and now if none can start);
 * report_thread_join() waits for it and returns its status, its message set
 * on this thread. */
struct report_thread {
	pthread_t thread;
	bool started;
	struct report_thread_arg *arg;
};
void report_thread_start(struct report_thread *t, enum status (*fn)(void *arg), void *arg);
enum status report_thread_join(struct report_thread *t);
/* fn(here) on this thread and, if there is not NULL, fn(there) on another
 * meanwhile (a twin's part); the first error of the two. */
enum status report_run_pair(enum status (*fn)(void *arg), void *here, void *there);

/* Work in pieces shared by the threads that do it, each taking the next
 * piece when it is done with one (report_claim(): 0, 1, 2, ..., each number
 * once), so neither waits for the other at the end: halves fixed in advance
 * came out a third apart, one connection's reads slower than the other's. */
struct report_claims {
	atomic_size_t next;
};
static inline size_t report_claim(struct report_claims *c)
{
	return atomic_fetch_add(&c->next, 1);
}

/*
 * Pieces of a walk of the deals by close date: the deals without one, then
 * ranges of close dates between boundaries at the first of a month (every
 * month, or every 2^k months from the first's to the last's: at most 256
 * ranges), the first open below and the last above, so every close date,
 * whatever its text, is in one. report_close_ranges() sets them from db's
 * live deals' first and last close date (one seek each in the
 * opportunity_forecast index); report_close_range_sql() is the condition on
 * close_date of piece i (bind ?1 and ?2 with report_close_range_bind()).
 */
struct report_close_ranges {
	char (*at)[11]; /* the boundaries */
	size_t n;
};
enum status report_close_ranges(struct db *db, struct report_close_ranges *r);
size_t report_close_range_count(const struct report_close_ranges *r);
const char *report_close_range_sql(const struct report_close_ranges *r, size_t i);
void report_close_range_bind(const struct report_close_ranges *r, size_t i, sqlite3_stmt *st);
void report_close_ranges_free(struct report_close_ranges *r);

/*
 * The won deals (in a won stage, neither deleted) closed from from ("": any
 * day) to to, of account (NULL: every one, and the deals naming none), with
 * their currency as coalesce(currency, def) reads it, from the index
 * opportunity_value alone (0016-customer-speed.sql), sorted by account,
 * currency and owner (NULL first): the order GROUP BY ... ORDER BY gave.
 * SQLite's sorter cost five times the scan (0.15 s against 0.03 s of CPU
 * for report clv's 108k deals at 1M contacts); a qsort a quarter of it.
 */
struct report_text;
struct report_won {
	const char *account, *currency, *owner, *date; /* account, owner: NULL for none */
	int64_t amount;				       /* 0 for none */
	uint64_t key;				       /* report_str_key(account) */
};
struct report_won_list {
	struct report_won *d;
	size_t n;
	struct report_text *text; /* their strings, in blocks that never move */
};
enum status report_won_read(struct db *db, const char *from, const char *to, const char *account,
			    const char *def, struct report_won_list *out);
void report_won_free(struct report_won_list *l);

/*
 * The accounts of a report's ranked rows read from account_card
 * (0016-customer-speed.sql) for ids asked in ascending order (strcmp, as
 * the index sorts them; the same id may be asked again): the cursor walks
 * the index forward and seeks only over a gap of more than a few entries,
 * where a look-up per id descended the index from its root every time
 * (60k of them for report abc at 1M contacts: 0.14 s of CPU against 0.06 s
 * for a scan of all 250k entries). One cursor at a time.
 */
struct report_card {
	const char *owner, *name, *segment, *industry; /* valid until the next call */
	bool deleted, by_hand;
};
struct report_cards {
	sqlite3_stmt *st;
	bool row, done; /* st is on a row; st has run out */
};
enum status report_cards_open(struct db *db, struct report_cards *c);
/* SQLITE_ROW with *card filled when account id exists (deleted or not: see
 * card->deleted), SQLITE_DONE when it does not, else an SQLite error. */
int report_cards_find(struct report_cards *c, const char *id, struct report_card *card);
void report_cards_close(struct report_cards *c);

/*
 * Items of an array found by their id: an open-addressed hash of their
 * indexes + 1 (0 an empty slot), 2 to 4 slots per item. Each item holds its
 * id as a char * at offset id_at (offsetof()). One hash and, mostly, one
 * strcmp per id looked up, where a bsearch of 60k ids made 16 (report abc's
 * open deals, report churn's 240k touches at 1M contacts).
 */
/* A hash of the n bytes at s, from seed (0, or the hash of what comes
 * before, to hash several strings as one key): 8 bytes at a time; an id
 * byte by byte (FNV-1a) cost a multiply per byte. */
uint64_t report_hash(const void *s, size_t n, uint64_t seed);

struct report_ids {
	uint64_t *slot; /* index + 1 in the low 32 bits, the id's hash's high 32 above */
	size_t mask;
	const char *items;
	size_t size, id_at;
	struct report_ids *more; /* report_ids_join()'s, searched after */
};
void report_ids_build(struct report_ids *x, const void *items, size_t n, size_t size, size_t id_at);
/* The item whose id is id, or NULL. */
void *report_ids_find(const struct report_ids *x, const char *id);
/* y's items found through x too (after x's own), y's table now x's (y is
 * emptied): two threads each build a table of what they read, with no
 * array of both to copy (report changes a quarter back at 1M: 20 ms) and
 * no table of both to build after (30 ms). */
void report_ids_join(struct report_ids *x, struct report_ids *y);
void report_ids_free(struct report_ids *x);

/* A copy of the n bytes at s, with a NUL after them, in the blocks of *t
 * (NULL at first), which never move: the pointers hold while the text grows
 * (a string grown by realloc() copied itself over and over: 11% of report
 * clv in memmove). report_text_free() frees them all. */
const char *report_text_copy(struct report_text **t, const char *s, size_t n);
/* s copied into *t as by report_text_copy(); NULL for NULL. */
const char *report_text_str(struct report_text **t, const char *s);
/* Column col of st copied into *t as by report_text_copy(); NULL for NULL. */
const char *report_text_column(struct report_text **t, sqlite3_stmt *st, int col);
void report_text_free(struct report_text **t);

/* The first 8 bytes of s (NULL and what follows its end as 0) as a big-endian
 * number: two keys compare as strcmp() compares their strings, or are equal.
 * A qsort of ~100k ids (report wallet, churn, abc, clv at 1M contacts)
 * compares these before calling strcmp(). */
uint64_t report_str_key(const char *s);

/* Sort v[0..n) by key, then by id as strcmp() orders them (ties in no
 * order): a radix sort of the keys, then strcmp() only among equal keys.
 * With key report_str_key(id), by id alone; a key may also put something
 * before the id (its top bits) and use fewer of its bytes. A qsort() of
 * 167k ids compared 2.8M times through a function pointer (a tenth of
 * report changes a quarter back at 1M contacts). i: the caller's, carried
 * along. */
struct report_order {
	uint64_t key; /* report_str_key(id) */
	const char *id;
	size_t i;
};
void report_order_sort(struct report_order *v, size_t n);
/* Sort the n items of size bytes at items in place by the id (a string
 * pointer, NULL first) each holds at offset id_at, as strcmp() orders them:
 * report_order_sort() of their keys and one copy of the items. */
void report_sort_by_id(void *items, size_t n, size_t size, size_t id_at);

/* at[0..n): the starts of n equal spans of time from the instant from (its
 * own text first, as the caller's query compares it) to the UTC second to;
 * every one from when to is not after it or from is not an instant. */
void report_time_slices(const char *from, long long to, size_t n, char (*at)[21]);

/* Split a date into y/m/d if validate_date() accepts it. */
bool report_split_date(const char *s, int *y, int *m, int *d);
/* y-m-d as "YYYY-MM-DD". */
void report_format_date(char out[11], int y, int m, int d);

#endif
