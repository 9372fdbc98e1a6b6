/* funnel_stats.h - how deals move through the funnel: conversion from stage
 * to stage, win rate, deal size, time in each stage, cycle length, velocity,
 * idle deals and why deals are lost.
 *
 * The cohort is the deals of the scope closed (won or lost) with a close
 * date in the period: their path is complete. Per deal, the stages it has
 * been in are read from its stage changes; a deal that skipped a stage
 * passed it. With the stages of the funnel that are not lost in order:
 *   reached(s)     closed deals whose furthest stage is s or beyond
 *   conversion(s)  reached(next stage) / reached(s)
 *   days in s      mean time between entering s and leaving it, over the
 *                  cohort's stays in s
 *   win rate       won / closed, by count; by amount won / (won + lost)
 *   deal size      amount won / deals won
 *   cycle          mean days from a won deal's creation to its close date
 *   velocity       open deals x win rate x deal size / cycle, per day:
 *                  open x amount won / (closed x cycle); open deals are
 *                  those of the scope with a close date in the period
 *   idle           open deals of the scope (any close date) that have stayed
 *                  in their stage longer than its idle_days, per stage
 *   lost reasons   the cohort's lost deals by reason, most deals first
 * As of an instant (report_funnel_stats_as_of()), the deals are as they
 * stood then (src/report/history.h), their paths cut there, and idle deals
 * counted from their last stage change before it; a lost deal's reason is
 * its current one (the history does not keep reasons).
 * Amounts are in the database's currency; deals in another currency count
 * in the counts and never in an amount (other_currency says how many).
 */
#ifndef SALESTERM_REPORT_FUNNEL_STATS_H
#define SALESTERM_REPORT_FUNNEL_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/registry.h"
#include "status.h"

struct db;

struct funnel_stats_stage {
	char *id, *name;
	bool won;
	int64_t reached;	   /* closed deals that reached it */
	int64_t conversion;	   /* to the next stage, tenths of a percent; -1: none */
	int64_t stays;		   /* stays in it that ended */
	int64_t days10;		   /* mean days per stay, in tenths; -1 without stays */
	int64_t idle, idle_amount; /* open deals past idle_days, and their amount */
};

struct funnel_stats_reason {
	char *reason; /* "" for a lost deal without one */
	int64_t deals, amount;
};

/* One owner's part of the cohort: reached and conversion per stage (as in
 * struct funnel_stats_stage, same order), for comparing a rep with the team. */
struct funnel_stats_owner {
	char *owner;  /* NULL: deals without an owner */
	uint64_t key; /* report_str_key(owner), compared first */
	int64_t *reached, *conversion;
	int64_t closed, won;
};

struct funnel_stats {
	char first[11], last[11];
	char currency[4];
	int exponent;
	struct funnel_stats_stage *stages; /* not lost, in funnel order */
	size_t n;
	int64_t closed, won, lost;	     /* the cohort's deals */
	int64_t won_amount, lost_amount;     /* in the currency */
	int64_t win_rate, win_rate_amount;   /* tenths of a percent; -1 without closed deals */
	int64_t deal_size;		     /* -1 without won deals */
	int64_t cycle10;		     /* mean days, tenths; -1 without won deals */
	int64_t open;			     /* open deals with a close date in the period */
	int64_t velocity;		     /* minor units per day; -1 when undefined */
	struct funnel_stats_reason *reasons; /* most deals first, then amount, then name */
	size_t nreasons;
	int64_t other_currency; /* closed deals in another currency (counted, not summed) */
	struct funnel_stats_owner *owners; /* every owner with closed deals in the scope */
	size_t nowners;
};

/* The part of owner (NULL: no owner) in fs, or NULL if they closed nothing. */
const struct funnel_stats_owner *report_funnel_stats_owner(const struct funnel_stats *fs,
							   const char *owner);

/* The funnel analytics of span for scope (NULL: everything), idle measured
 * at today ("YYYY-MM-DD"). Caller frees with report_funnel_stats_free(),
 * also on error. */
enum status report_funnel_stats(struct db *db, const struct report_span *span,
				const struct report_scope *scope, const char *today,
				struct funnel_stats *out);

/* The same, as the figures stood at the instant before (a UTC ISO date-time:
 * changes at or after it are undone, src/report/history.h; NULL: now), idle
 * measured at today. Caller frees with report_funnel_stats_free(). */
enum status report_funnel_stats_as_of(struct db *db, const struct report_span *span,
				      const struct report_scope *scope, const char *before,
				      const char *today, struct funnel_stats *out);

/* Of report_funnel_stats(), the stages, how many deals reached each and the
 * conversion to the next, the team's and each owner's (report reps compares
 * them), without reading what only the other figures need: idle deals,
 * lost reasons, the creation of a won deal without stage changes (its
 * cycle) and the path of a deal won in the furthest stage (days per stage).
 * Those figures are left out: zero, none or -1, not to be shown.
 * Caller frees with report_funnel_stats_free(). */
enum status report_funnel_stats_conversion(struct db *db, const struct report_span *span,
					   const struct report_scope *scope,
					   struct funnel_stats *out);
void report_funnel_stats_free(struct funnel_stats *fs);

extern const struct report_def report_def_funnel;

#endif
