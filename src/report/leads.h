/* leads.h - where leads come from and what they bring (issue 14, parts 6-7).
 *
 * Two reports over the one container of leads:
 *
 *   sources    the leads created in the period (local days), per source and
 *              per channel: how many, how many were converted to an
 *              opportunity (count and rate), the deals of those won (count
 *              and revenue) and the days from the lead's creation to its
 *              deal's (median and average).
 *   campaigns  every campaign that ran in the period (its dates overlap it;
 *              one without dates always), with all its leads whenever they
 *              came, and a row for the leads of the period with no campaign:
 *              cost, leads, opportunities, won deals and revenue attributed
 *              by first touch (the campaign the lead came from), ROI =
 *              (revenue - cost) / cost and cost per won deal.
 *
 * A lead is converted when it names its opportunity (converted_opportunity);
 * its deal is won when the deal's stage is a won one. A lead's channel that
 * is empty, or not one of the channels salesterm knows (another writer's),
 * counts as "unknown". Scope: the lead's owner. Amounts are never added
 * across currencies: revenue counts in the database's currency (sources) or
 * in the campaign's cost currency (campaigns); wins in another currency are
 * counted as wins and listed apart per currency. A campaign with no cost has
 * no ROI (undefined, never a division by zero); nor has one whose revenue is
 * all in another currency than its cost.
 */
#ifndef SALESTERM_REPORT_LEADS_H
#define SALESTERM_REPORT_LEADS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/registry.h"
#include "status.h"

struct db;

/* Won revenue of a group in one currency. */
struct lead_money {
	char currency[4];
	int exponent;
	int64_t won, amount; /* deals won, their amounts (minor units) */
};

/* One row: a source, a channel or a campaign. */
struct lead_group {
	char *key;   /* source/channel key or campaign id; "" for none */
	char *label; /* what a table shows */
	int64_t leads, converted, won;
	struct lead_money *money; /* per currency, in order of appearance */
	size_t nmoney;
	double *days; /* days from lead to deal, one per converted lead whose deal is here */
	size_t ndays, capdays;
	int64_t median, average; /* tenths of a day; -1 when no lead converted */
	/* Campaigns only. */
	char *channel, *start, *end;
	char currency[4]; /* of the cost (the database's when the campaign has none) */
	int exponent;
	bool has_cost;		      /* a cost above zero */
	int64_t cost;		      /* minor units */
	int64_t revenue;	      /* won amounts in the cost's currency */
	bool has_roi;		      /* a cost, and revenue comparable with it */
	int64_t roi;		      /* tenths of a percent: 1000 * (revenue - cost) / cost */
	int64_t cost_per_won;	      /* minor units; -1 without a won deal or a cost */
	bool no_campaign, not_listed; /* the row of leads without one */
};

struct lead_report {
	char currency[4]; /* the database's */
	int exponent;
	struct lead_group *sources, *channels, *campaigns;
	size_t nsources, nchannels, ncampaigns;
	struct lead_group total;
	int64_t foreign_channels; /* leads whose channel is not one salesterm knows */
	int64_t missing_campaign; /* campaigns: the period's leads naming a campaign not here */
	int64_t undated;	  /* sources: leads with no date (another writer's) */
};

/* The sources report of span for scope (NULL: everything). Caller frees with
 * report_leads_free(), also on error. */
enum status report_lead_sources(struct db *db, const struct report_span *span,
				const struct report_scope *scope, struct lead_report *out);

/* The campaigns report of span for scope (NULL: everything), best ROI first
 * (campaigns without one after, the leads with no campaign last). */
enum status report_lead_campaigns(struct db *db, const struct report_span *span,
				  const struct report_scope *scope, struct lead_report *out);

void report_leads_free(struct lead_report *r);

/* A bar of width marks for value against max (both >= 0): "█" per mark,
 * at least one for any value above zero. Caller frees. */
char *report_bar(int64_t value, int64_t max, int width, const char *mark);

extern const struct report_def report_def_sources, report_def_campaigns;

#endif
