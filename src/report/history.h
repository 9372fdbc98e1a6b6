/* history.h - deals as they stood at an instant, and what changed since.
 *
 * Both read the history of each deal's forecast fields (the table
 * opportunity_history, written by src/opportunity.c in the same transaction
 * as the change, doc/DESIGN.md section 3):
 *   history_deals_as_of()  every live deal's stage, amount, currency,
 *                          probability, close date, category and owner as
 *                          they stood at an instant
 *   history_changes()      a period's open pipeline then against now, each
 *                          deal in one group by the reason it changed, a
 *                          waterfall per currency that adds up exactly, and a
 *                          flow matrix of forecast categories
 * The rule for a deal at instant T: the newest entry at or before T gives its
 * values; without one, the oldest entry after T gives the values before it;
 * without any entry, the deal's row does (it has not changed since). A deal
 * created after T did not exist then. Deleted deals are left out on both
 * sides (the history does not say when they were deleted).
 */
#ifndef SALESTERM_REPORT_HISTORY_H
#define SALESTERM_REPORT_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct db;

/* One deal's forecast fields at an instant. Strings are owned by the set
 * (its pool), not by the state. name is NULL in the sets of
 * history_deals_as_of(); history_changes() gives it (the row's name now) to
 * the deals it lists. */
struct deal_state {
	char *id, *name, *owner, *stage, *currency, *close_date, *category;
	int64_t amount;	 /* minor units; 0 without an amount */
	int probability; /* -1 without one */
	bool won, lost;	 /* what the stage says */
};

struct history_pool;

struct deal_states {
	struct deal_state *v;
	size_t n, cap;
	/* The states' strings: each owner, stage, currency, close date and
	 * category once (they repeat over the deals), ids and names in blocks;
	 * a malloc() each cost more than reading the deals. */
	struct history_pool *pool;
};

/*
 * prev_at of the history entries (data/migrations/0020-history-prev.sql),
 * kept by triggers. A bulk load (src/bulk.c) that writes table calls
 * history_prev_suspend() inside its transaction: when table is
 * opportunity_history and the triggers are not dropped yet (*saved NULL),
 * their text is kept in *saved and they are dropped. history_prev_restore()
 * at the end of the load, after the indexes are made again, sets prev_at of
 * every entry of the deals that have a live entry without one (the demo
 * writes its own), makes the triggers again and frees *saved (nothing when it
 * is NULL). Both return an SQLite result code.
 */
struct sqlite3;
int history_prev_suspend(struct sqlite3 *h, const char *table, char **saved);
int history_prev_restore(struct sqlite3 *h, char **saved);

void history_states_free(struct deal_states *s);

/*
 * The live deals as they stood at the instant before (a UTC ISO date-time:
 * changes at or after it are undone; NULL: now) whose close date then was in
 * first..last (both NULL: every deal) and whose owner then include() accepts
 * (include NULL: every owner). By id. Caller frees with
 * history_states_free(). first and last "": the deals without a close date.
 */
enum status history_deals_as_of(struct db *db, const char *before, const char *first,
				const char *last, bool (*include)(const char *owner, void *ctx),
				void *ctx, struct deal_states *out);

/* The deals of history_deals_as_of() of first..last, then those without a
 * close date then, each passed to each() (dated true, then false) as it is
 * read, in no order; d and its strings hold only during the call (the
 * forecast sums them: keeping and sorting 250k states was most of it at
 * 1M). Reads the history once for both. */
enum status
history_deals_as_of_each(struct db *db, const char *before, const char *first, const char *last,
			 bool (*include)(const char *owner, void *ctx), void *ctx,
			 void (*each)(void *arg, const struct deal_state *d, bool dated),
			 void *arg);

/* For a caller that reads the live rows itself and applies the rule above
 * as history_deals_as_of() does: into out[0] and out[1] (as two threads read
 * them) every deal changed at or after before (an instant, not NULL), each
 * with its values before the first such change, in no order, and into
 * *index (report/internal.h) a table of them by id. A deal in them with
 * probability -2 was made since (it did not exist); another stood then as
 * there; a deal not in them, unless its row was made at or after before, as
 * its row stands now. Caller frees with history_states_free() of each and
 * report_ids_free(index), also on error. */
struct report_ids;
enum status history_deals_changed_since(struct db *db, const char *before,
					struct deal_states out[2], struct report_ids *index);

/* The instant a report "as of" the local day date looks at: the start of the
 * next local day ("YYYY-MM-DDTHH:MM:SSZ"). False if date is not a date. */
bool history_end_of_day(const char *date, char out[21]);

/* Whether date may be looked back at: a date (YYYY-MM-DD), today or before.
 * ST_INVALID with a message naming option ("--as-of", "--since"; NULL: the
 * date alone) if not: history tells how things stood, not how they will. */
enum status history_past_day(const char *option, const char *date);

/* The reasons a deal of a period's open pipeline changed, in report order. */
enum change_reason {
	CH_NEW,	      /* created since, now in the pipeline */
	CH_MOVED_IN,  /* existed, outside the pipeline then (close date elsewhere) */
	CH_PUSHED,    /* close date moved after the period */
	CH_MOVED_OUT, /* close date moved before the period, or taken away */
	CH_WON,
	CH_LOST,
	CH_AMOUNT_UP,
	CH_AMOUNT_DOWN,
	CH_CURRENCY,	  /* the currency changed: out of one, into the other */
	CH_CATEGORY_UP,	  /* same amount, a higher forecast category */
	CH_CATEGORY_DOWN, /* same amount, a lower one */
	CH_REASONS
};

/* N_() labels of the reasons, and their keys for csv and json. */
extern const char *const history_reason_labels[CH_REASONS];
extern const char *const history_reason_keys[CH_REASONS];

/* Forecast categories in the flow matrix; HC_NONE: not in the pipeline. */
enum { HC_NONE, HC_PIPELINE, HC_BEST_CASE, HC_COMMIT, HC_CLOSED, HC_OMITTED, HC_COUNT };
extern const char *const history_flow_keys[HC_COUNT]; /* "none", "pipeline", ... */

/* One deal of a group: its state then (NULL if it did not exist) and now. */
struct change_deal {
	enum change_reason reason;
	const struct deal_state *then, *now;
};

/* A currency's waterfall: then + sum of delta[] = now, exactly. */
struct change_money {
	char currency[4];
	int64_t then, now;
	int64_t delta[CH_REASONS];
	int64_t count[CH_REASONS]; /* deals of each reason in this currency */
};

struct changes {
	char first[11], last[11];		  /* the period */
	char since[21];				  /* the instant compared with now */
	struct deal_states then, now;		  /* closing in the period then, now */
	struct deal_states then_extra, now_extra; /* the other side of the others */
	struct change_deal *deals;		  /* by reason, then deal name */
	size_t ndeals, capdeals;
	int64_t count[CH_REASONS];
	int64_t then_count, now_count; /* deals in the pipeline then and now */
	struct change_money *money;    /* by currency code */
	size_t nmoney;
	/* Deals of the pipeline then or now by category then (rows) and now
	 * (columns); HC_NONE: outside the pipeline on that side. */
	int64_t flow[HC_COUNT][HC_COUNT];
};

/*
 * What changed in the open pipeline of the period first..last (close dates,
 * both included) between the instant since and now, for the deals whose
 * owner include() accepts (NULL: all). A deal is in the pipeline when it
 * exists, is neither won nor lost and closes in the period. Caller frees
 * with history_changes_free().
 */
enum status history_changes(struct db *db, const char *first, const char *last, const char *since,
			    bool (*include)(const char *owner, void *ctx), void *ctx,
			    struct changes *out);
void history_changes_free(struct changes *c);

/* The index of a forecast category in the flow matrix (HC_NONE for NULL). */
int history_flow_index(const char *category);

#endif
