/* adjustment.h - a manager's adjustment of a rep's or a territory's forecast.
 *
 * A forecast_adjustment record says what a manager expects a rep (or a
 * territory) to commit and to reach at best in a period, whatever the deals
 * say, with a note. Only managers write them (E_MANAGER_ONLY); they are
 * append-only: a new one for the same rep or territory and period replaces
 * the one before in the forecast, and the old ones stay as the record of who
 * said what and when. They sync like any record.
 */
#ifndef SALESTERM_ADJUSTMENT_H
#define SALESTERM_ADJUSTMENT_H

#include <stdbool.h>

#include "status.h"

struct db;
struct record;

/* What an adjustment says, as typed: the rep (a user's name or id) or the
 * territory, the period ("2026Q4", "2026-11", "2026"), amounts in the
 * database's currency ("1200000", "1,200,000.00"; NULL: not adjusted) and a
 * note (may be NULL). */
struct adjustment_input {
	const char *rep;
	const char *territory;
	const char *period;
	const char *commit;
	const char *best_case;
	const char *note;
};

/* Record an adjustment as the current user (a manager), in one transaction.
 * *id (if id is given) gets the new record's id; caller frees. ST_DENIED for
 * a rep, ST_INVALID/ST_NOT_FOUND/ST_AMBIGUOUS with the reason for bad input;
 * nothing is written then. */
enum status adjustment_add(struct db *db, const struct adjustment_input *in, char **id);

/* The rules of a forecast_adjustment write (rules.h): the period is a month,
 * quarter or year, stored as its label; exactly one of rep and territory
 * (with users); at least one amount; amounts in the database's currency. */
int adjustment_rule(struct db *db, struct record *rec, const struct record *old);

#endif
