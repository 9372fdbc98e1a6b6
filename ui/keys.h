/* keys.h - every user action, key names, and the keymap.
 *
 * Each action is one row of REQ_LIST: REQ_(NAME, help). The same table gives
 * the enum, the action names used in `bind` lines (NAME in lower case with
 * '-' for '_': REQ_MOVE_DOWN is "move-down") and the help screen. Keys are
 * bound per screen ("contacts", "funnel", ...) with "generic" as the fallback
 * of the browsing screens; forms and prompts use their own keymaps
 * ("form", "prompt") with "edit" for line editing. The defaults are the
 * embedded rc file data/salestermrc, read before the user's config.
 */
#ifndef SALESTERM_UI_KEYS_H
#define SALESTERM_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "i18n.h"

/* REQ_GROUP(title) starts a group of actions in the help screen. */
#define REQ_LIST                                                                                   \
	REQ_GROUP(N_("Moving"))                                                                    \
	REQ_(MOVE_UP, N_("Move up"))                                                               \
	REQ_(MOVE_DOWN, N_("Move down"))                                                           \
	REQ_(MOVE_LEFT, N_("Move left (previous column or day)"))                                  \
	REQ_(MOVE_RIGHT, N_("Move right (next column or day)"))                                    \
	REQ_(PAGE_UP, N_("Move up a page"))                                                        \
	REQ_(PAGE_DOWN, N_("Move down a page"))                                                    \
	REQ_(MOVE_FIRST, N_("Move to the first line"))                                             \
	REQ_(MOVE_LAST, N_("Move to the last line"))                                               \
	REQ_GROUP(N_("Screens"))                                                                   \
	REQ_(SCREEN_TODAY, N_("Today: agenda, follow-ups due, deals to watch"))                    \
	REQ_(SCREEN_CONTACTS, N_("Contacts and accounts"))                                         \
	REQ_(SCREEN_LEADS, N_("Leads"))                                                            \
	REQ_(SCREEN_FUNNEL, N_("Funnel"))                                                          \
	REQ_(SCREEN_SCHEDULE, N_("Schedule"))                                                      \
	REQ_(SCREEN_FOLLOWUPS, N_("Follow-ups"))                                                   \
	REQ_(SCREEN_FORECAST, N_("Forecast"))                                                      \
	REQ_(SCREEN_SYNC, N_("Sync: pending changes, last runs, conflicts"))                       \
	REQ_(HELP, N_("Help: the keys of this screen"))                                            \
	REQ_(BACK, N_("Go back"))                                                                  \
	REQ_(QUIT, N_("Quit salesterm"))                                                           \
	REQ_(COMMAND, N_("Command line: quick capture (call 张伟 tomorrow 10:00 ...)"))            \
	REQ_(REFRESH, N_("Reload the data and redraw"))                                            \
	REQ_(MESSAGES, N_("Messages: the last status messages, whole"))                            \
	REQ_GROUP(N_("Records"))                                                                   \
	REQ_(OPEN, N_("Open the selected item"))                                                   \
	REQ_(NEW, N_("Add a record"))                                                              \
	REQ_(EDIT, N_("Edit the selected record"))                                                 \
	REQ_(DELETE, N_("Delete the selected record"))                                             \
	REQ_(UNDO, N_("Undo the last delete or stage move"))                                       \
	REQ_(SEARCH, N_("Search as you type"))                                                     \
	REQ_(FILTER, N_("Filter (field=value, field~text, field>=value)"))                         \
	REQ_(FILTER_CLEAR, N_("Clear the search and filters"))                                     \
	REQ_(SORT, N_("Sort by the next column"))                                                  \
	REQ_(SORT_REVERSE, N_("Reverse the order"))                                                \
	REQ_(NEXT_PANE, N_("Switch pane (contacts/accounts, view)"))                               \
	REQ_(LOG, N_("Log a follow-up"))                                                           \
	REQ_(LOG_CALL, N_("Log a call"))                                                           \
	REQ_(LOG_VISIT, N_("Log a visit"))                                                         \
	REQ_(SCHEDULE, N_("Schedule an activity"))                                                 \
	REQ_(NEW_DEAL, N_("Add a deal for this customer"))                                         \
	REQ_(CHURN, N_("Churn risk: customers drifting away (from the Accounts list)"))            \
	REQ_(TOUCH, N_("Plan a touch: a call for the customer's owner (Churn risk)"))              \
	REQ_GROUP(N_("Leads"))                                                                     \
	REQ_(LEAD_TOUCH, N_("Log a touch (marks a new lead contacted)"))                           \
	REQ_(LEAD_QUALIFY, N_("Qualify the lead"))                                                 \
	REQ_(LEAD_DISQUALIFY, N_("Disqualify the lead (asks the reason)"))                         \
	REQ_(LEAD_CONVERT, N_("Convert the lead to account, contact and deal"))                    \
	REQ_(LEAD_NURTURE, N_("Nurture the lead: a touch every N days (! marks one overdue)"))     \
	REQ_(STATUS_NEXT, N_("Show the next status"))                                              \
	REQ_(RATING_NEXT, N_("Show the next rating"))                                              \
	REQ_(CAMPAIGNS, N_("Campaign ROI: cost, leads, won revenue, as bars"))                     \
	REQ_(TOGGLE, N_("Change the selected choice"))                                             \
	REQ_(CONFIRM, N_("Do it"))                                                                 \
	REQ_GROUP(N_("Funnel"))                                                                    \
	REQ_(STAGE_NEXT, N_("Move the deal to the next stage"))                                    \
	REQ_(STAGE_PREV, N_("Move the deal to the previous stage"))                                \
	REQ_(STAGE_MOVE, N_("Move the deal to a stage chosen from a list"))                        \
	REQ_(DEAL_WON, N_("Mark the deal won"))                                                    \
	REQ_(DEAL_LOST, N_("Mark the deal lost (asks the reason)"))                                \
	REQ_(DEAL_APPROVE, N_("Sign off the deal for its next gated stage"))                       \
	REQ_(REVIEW_APPROVE, N_("Approve the review asked for: sign off, move the deal"))          \
	REQ_(REVIEW_RETURN, N_("Send the review back to the rep with a note"))                     \
	REQ_(OWNER_NEXT, N_("Choose whose records to show (mine, a rep, everyone)"))               \
	REQ_(PERIOD_NEXT, N_("Change the period"))                                                 \
	REQ_(PERIOD_TYPE, N_("Type the period: a month, quarter, year or range of days FROM..TO")) \
	REQ_(CATEGORY_NEXT, N_("Show the next forecast category"))                                 \
	REQ_(VIEW_NEXT, N_("Change the view (columns, table; day, week, month, year)"))            \
	REQ_(ANALYTICS, N_("Funnel analytics: conversion, win rate, velocity, lost reasons"))      \
	REQ_GROUP(N_("Forecast"))                                                                  \
	REQ_(CHANGES, N_("What changed in the pipeline since a week back, deal by deal"))          \
	REQ_(SNAPSHOT, N_("Freeze the forecast as submitted (a forecast snapshot)"))               \
	REQ_(SINCE_NEXT, N_("Compare with a week, 4 weeks or 13 weeks back"))                      \
	REQ_(FORECAST_ADJUST, N_("Adjust the rep's commit and best case (managers)"))              \
	REQ_(AS_OF, N_("Show the figures as they stood at the end of a date (empty: now)"))        \
	REQ_(QUOTA_VISIBILITY,                                                                     \
	     N_("Let reps see colleagues' quotas and attainment, or not (managers)"))              \
	REQ_GROUP(N_("Schedule"))                                                                  \
	REQ_(VIEW_DAY, N_("Day view"))                                                             \
	REQ_(VIEW_WEEK, N_("Week view"))                                                           \
	REQ_(VIEW_MONTH, N_("Month view"))                                                         \
	REQ_(VIEW_YEAR, N_("Year view (busy days as a heat map)"))                                 \
	REQ_(EARLIER, N_("Previous day, week, month or year"))                                     \
	REQ_(LATER, N_("Next day, week, month or year"))                                           \
	REQ_(GOTO_TODAY, N_("Go to today"))                                                        \
	REQ_(COMPLETE, N_("Complete the activity and log what happened"))                          \
	REQ_(RESCHEDULE, N_("Reschedule the activity"))                                            \
	REQ_GROUP(N_("Sync"))                                                                      \
	REQ_(SYNC_NOW, N_("Sync with the server now (asks the password if needed)"))               \
	REQ_(SYNC_CANCEL, N_("Stop the sync under way"))                                           \
	REQ_(PICK_MINE, N_("Conflict: keep my value of the field"))                                \
	REQ_(PICK_THEIRS, N_("Conflict: take their value of the field"))                           \
	REQ_(PICK_BASE, N_("Conflict: go back to the value before both changes"))                  \
	REQ_(PICK_VALUE, N_("Conflict: type a new value for the field"))                           \
	REQ_(PICK_ALL_MINE, N_("Conflict: keep my value of every field"))                          \
	REQ_(PICK_ALL_THEIRS, N_("Conflict: take their value of every field"))                     \
	REQ_GROUP(N_("Import"))                                                                    \
	REQ_(ENCODING_NEXT, N_("Read the file in the next encoding (auto, UTF-8, GB18030, Big5)")) \
	REQ_GROUP(N_("Forms"))                                                                     \
	REQ_(FIELD_NEXT, N_("Next field"))                                                         \
	REQ_(FIELD_PREV, N_("Previous field"))                                                     \
	REQ_(FIELD_ENTER, N_("Accept the choice or go to the next field"))                         \
	REQ_(FIELD_PICK, N_("Pick from a list"))                                                   \
	REQ_(FIELD_EDITOR, N_("Edit the field in $EDITOR"))                                        \
	REQ_(SAVE, N_("Save"))                                                                     \
	REQ_(CANCEL, N_("Cancel"))                                                                 \
	REQ_(ACCEPT, N_("Accept"))                                                                 \
	REQ_GROUP(N_("Line editing"))                                                              \
	REQ_(EDIT_LEFT, N_("Cursor left one character"))                                           \
	REQ_(EDIT_RIGHT, N_("Cursor right one character"))                                         \
	REQ_(EDIT_HOME, N_("Cursor to the start"))                                                 \
	REQ_(EDIT_END, N_("Cursor to the end"))                                                    \
	REQ_(EDIT_BACKSPACE, N_("Delete the character before the cursor"))                         \
	REQ_(EDIT_DELETE, N_("Delete the character under the cursor"))                             \
	REQ_(EDIT_KILL_START, N_("Delete to the start"))                                           \
	REQ_(EDIT_KILL_END, N_("Delete to the end"))                                               \
	REQ_(EDIT_KILL_WORD, N_("Delete the word before the cursor"))

enum request {
	REQ_NONE = 0,
#define REQ_GROUP(title)
#define REQ_(name, help) REQ_##name,
	REQ_LIST
#undef REQ_
#undef REQ_GROUP
	    REQ_COUNT,
	REQ_UNKNOWN = -1, /* returned by handlers that leave a request to the caller */
};

/* The action name of a request ("move-down"), the help text (translated),
 * and the request of a name (REQ_NONE for "none", -1 if unknown). */
const char *keys_request_name(enum request req);
const char *keys_request_help(enum request req);
int keys_request_find(const char *name);
/* The help group title of a request (translated). */
const char *keys_request_group(enum request req);

/*
 * A key is a Unicode code point, or KEYC_FN + a curses KEY_* code for a
 * function key. Enter is '\r', Tab '\t', Escape 27, control keys 1-31;
 * backspace is always KEYC_FN + KEY_BACKSPACE.
 */
#define KEYC_FN 0x200000
#define KEYC_ENTER '\r'
#define KEYC_TAB '\t'
#define KEYC_ESC 27

/* The key code of a name: "j", "张", "<Down>", "<Enter>", "C-f", "^F",
 * "<C-f>", "<F2>", "<S-Tab>", "<Space>", "<Lt>" ("<") ...; -1 if unknown. */
int keys_parse(const char *name);
/* A readable name of a key into buf ("<Down>", "C-s", "j"). Returns buf. */
const char *keys_name(int key, char *buf, size_t size);
/* Normalise what wget_wch() returned (fn: it was KEY_CODE_YES) to a key. */
int keys_from_curses(int wch, bool fn);

/* The keymap screens. */
#define KEYMAP_SCREENS                                                                             \
	KM_(GENERIC, "generic")                                                                    \
	KM_(TODAY, "today")                                                                        \
	KM_(CONTACTS, "contacts")                                                                  \
	KM_(CUSTOMER, "customer")                                                                  \
	KM_(LEADS, "leads")                                                                        \
	KM_(CONVERT, "convert")                                                                    \
	KM_(FUNNEL, "funnel")                                                                      \
	KM_(SCHEDULE, "schedule")                                                                  \
	KM_(FOLLOWUPS, "followups")                                                                \
	KM_(FORECAST, "forecast")                                                                  \
	KM_(ANALYTICS, "analytics")                                                                \
	KM_(CAMPAIGNS, "campaigns")                                                                \
	KM_(CHANGES, "changes")                                                                    \
	KM_(REP, "rep")                                                                            \
	KM_(CHURN, "churn")                                                                        \
	KM_(SYNC, "sync")                                                                          \
	KM_(CONFLICT, "conflict")                                                                  \
	KM_(IMPORT, "import")                                                                      \
	KM_(HELP, "help")                                                                          \
	KM_(FORM, "form")                                                                          \
	KM_(PROMPT, "prompt")                                                                      \
	KM_(EDIT, "edit")

enum keymap_screen {
#define KM_(id, name) KM_##id,
	KEYMAP_SCREENS
#undef KM_
	    KM_COUNT
};

const char *keys_screen_name(enum keymap_screen s);
int keys_screen_find(const char *name); /* -1 if unknown */

struct keymap;

struct keymap *keymap_new(void);
void keymap_free(struct keymap **km);
/* Bind (or with REQ_NONE unbind) key on screen; a later bind wins. */
void keymap_bind(struct keymap *km, enum keymap_screen s, int key, enum request req);
/* The request bound to key on screen s, else on fallback (pass s again for
 * none); REQ_NONE if unbound. */
enum request keymap_lookup(const struct keymap *km, enum keymap_screen s,
			   enum keymap_screen fallback, int key);
/* The key a hint shows for req on screen s (browsing screens fall back to
 * generic): pref if it still does req there, else the first key that does;
 * -1 if no key does (the user unbound it). */
int keymap_hint_key(const struct keymap *km, enum keymap_screen s, enum request req, int pref);
/* Every key bound to req on screen s, as names joined by " " into buf. */
const char *keymap_keys_of(const struct keymap *km, enum keymap_screen s, enum request req,
			   char *buf, size_t size);

struct config;

/*
 * Bind what the `bind SCREEN KEY ACTION` lines of cfg (src/config.h: the
 * config file, the embedded rc file or a `:bind` command line, parsed) say.
 * Errors in their words ("config:3: unknown action \"foo\"") are appended to
 * *errors (one per line, caller frees; may stay NULL); the reader's own
 * errors (unknown commands, quotes) are the caller's to show. Returns the
 * number of bind lines in error.
 */
int keymap_load(struct keymap *km, const struct config *cfg, char **errors);

/* The default rc file compiled into the binary (data/salestermrc). */
const char *keys_default_rc(void);

#endif
