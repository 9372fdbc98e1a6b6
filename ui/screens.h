/* screens.h - the screens of the terminal UI, and how other screens open
 * them. Each screen is a struct view_ops in its own ui/view_*.c file. */
#ifndef SALESTERM_UI_SCREENS_H
#define SALESTERM_UI_SCREENS_H

#include <stdbool.h>

#include "draw.h"
#include "keys.h"
#include "view.h"

struct app;
struct entity;

extern const struct view_ops today_ops, contacts_ops, accounts_ops, customer_ops, leads_ops,
    convert_ops, funnel_ops, schedule_ops, followups_ops, forecast_ops, sync_ops, conflict_ops,
    help_ops, analytics_ops, campaigns_ops, changes_ops, import_ops, rep_ops, churn_ops;

/* Open the 360-degree view of a customer (account, contact, lead or deal). */
void customer_open(struct app *a, const struct entity *e, const char *id);
/* Open the conversion screen of a lead. */
void convert_open(struct app *a, const char *lead_id);
/* Open the resolution of the conflict of record id. */
void conflict_open(struct app *a, const char *id);
/* Open the churn risk (ui/view_churn.c) over the Accounts list. */
void churn_open(struct app *a);
/* Open the funnel analytics (ui/view_analytics.c) over the Funnel screen. */
void analytics_open(struct app *a);
/* Open campaign ROI (ui/view_campaigns.c) over the Leads screen. */
void campaigns_open(struct app *a);
/* Open what changed in the pipeline of span (ui/view_changes.c) over the
 * Forecast screen. */
struct report_span;
void changes_open(struct app *a, const struct report_span *span);
/* Open the profile of the rep owner (a user id) named name, for span
 * (ui/view_rep.c), over the Forecast screen. */
void rep_open(struct app *a, const char *owner, const char *name, const struct report_span *span);
/* Open help for the keymap of screen s. */
void help_open(struct app *a, enum keymap_screen s);
/* Open the import preview of the file at path (ui/view_import.c): e NULL to
 * detect the type, dup an enum io_dup_action. */
void import_open(struct app *a, const char *path, const struct entity *e, int dup);
struct rlist;
/* Export the records of list rl (its type, filters and order) to path: CSV
 * (with a BOM, for Excel) or, for a name ending in .jsonl, JSON lines. */
enum status import_export_list(struct app *a, const struct rlist *rl, const char *path);

/* The Sync screen's part of the status line (ui/view_sync.c). Copy the
 * worker's state after it woke the UI. */
void sync_ui_update(struct app *a);
/* Recount pending changes and conflicts if the data or the runs changed. */
void sync_ui_counts(struct app *a);
/* The sync part of the status line and its attribute, or NULL. Caller frees. */
char *sync_ui_status(struct app *a, enum draw_attr *attr);
/* Sync now, asking for the password if the worker needs one. */
bool ui_sync_now(struct app *a);

#endif
