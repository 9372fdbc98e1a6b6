/* cli.h - the `salesterm` command line: one subcommand per core capability.
 *
 * Everything the TUI can do to data, the CLI can do too (doc/DESIGN.md
 * principle 3), so scripts and tests drive the core without a terminal.
 *
 * The files, by job:
 *   cli.c       global options, the command table, dispatch, the usage text
 *   common.c    the helpers every command shares (this header's cli_*())
 *   records.c   TYPE list|count|show|add|edit|delete|undelete|fields
 *   work.c      search, lead convert, opportunity move|approve, activity
 *               done, user use|whoami
 *   db.c        demo, db info|check|backup
 *   sync.c      sync, sync status|pending|log|quarantine
 *   remote.c    remote add|list|remove
 *   conflict.c  conflict list|show|resolve
 *   server.c    server-init
 *   io.c        import, export
 *   report.c    report [NAME ...], forecast adjust|visibility, account grade
 *   snapshot.c  forecast snapshot, forecast compare
 *   agenda.c    agenda (the day as plain lines, for a login script)
 *   query.c     query --mutt (address completion for mutt)
 *   touch.c     account touch (a call for a customer at risk)
 *
 * Adding a command is one row of cli_commands[] in cli.c plus its handler:
 *   1. In its own file (src/cli/report.c...; list it in Makefile.am and
 *      po/POTFILES.in), write
 *          int cli_cmd_report(struct cli *c, int argi);
int cli_cmd_account_grade(struct cli *c, int argi);
int cli_cmd_forecast_adjust(struct cli *c, int argi);
 *      c->args[argi..c->nargs) are the words after the command's name (and
 *      verb); c->db is open when the row has CLI_DB; c->json is --json;
 *      c->entity is the record type when the name is CLI_TYPE. Return the
 *      exit code: 0, or what cli_fail()/cli_usage_error() return.
 *   2. Declare it below, under its file.
 *   3. Add the row: { "report", "funnel", cli_cmd_report, N_("report funnel
 *      [--from DATE]"), CLI_GROUP_REPORTS, CLI_DB }. The help line is what
 *      follows "  salesterm "; continuation lines carry their own
 *      indentation; NULL when the command is shown on the line of the row
 *      before it ("db info|check"). A new group also gets its heading in
 *      cli_groups[] (cli.c).
 * `salesterm help` prints the rows by group; `salesterm help --commands`
 * lists them one a line for the man page test (tests/cli/manpage.sh) and
 * the bash completion, so neither can drift from the table.
 */
#ifndef SALESTERM_CLI_H
#define SALESTERM_CLI_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>

#include "status.h"

struct db;
struct entity;
struct kv;
struct record;
struct record_query;
struct sync_remote;

/* One command line being run. */
struct cli {
	const char *db_override; /* --db, or NULL */
	bool json;		 /* --json */
	char **args;		 /* the command's words, global options removed */
	int nargs;
	struct db *db;		     /* open for CLI_DB commands */
	const struct entity *entity; /* the record type of a CLI_TYPE command */
	/* Values read from files for key@FILE, owned here. */
	char **owned;
	int nowned;
};

/* Where a command is shown in the help. */
enum cli_group {
	CLI_GROUP_NONE, /* not in the help (help itself) */
	CLI_GROUP_RECORDS,
	CLI_GROUP_WORK,
	CLI_GROUP_DB,
	CLI_GROUP_SYNC,
	CLI_GROUP_REPORTS,
	CLI_GROUP_IO,
};

enum {
	CLI_DB = 1 << 0,       /* open the database (created if missing) first */
	CLI_SYNC = 1 << 1,     /* needs the sync engine (loads libcurl) */
	CLI_DEFAULT = 1 << 2,  /* also runs when the name is given without a verb */
	CLI_HIDDEN = 1 << 3,   /* an alias: neither in the help nor in the listing */
	CLI_OWN_HELP = 1 << 4, /* --help/-h after the name is the command's, not the usage */
};

/* The name of rows that apply to every record type ("TYPE list"). */
#define CLI_TYPE "TYPE"

struct cli_command {
	const char *name; /* the first word, or CLI_TYPE */
	const char *verb; /* the second word; NULL: any (the handler reads it) */
	int (*run)(struct cli *c, int argi);
	const char *help; /* N_(): the usage line(s) after "salesterm ", or NULL */
	enum cli_group group;
	unsigned flags;
};

/* Run one command line; returns the process exit code (see status.h), or -1
 * when there is no command (the caller starts the TUI). */
int cli_run(int argc, char **argv);
/* Print the usage text to out. */
void cli_usage(FILE *out);

/* ---- common.c: the helpers every command shares ---- */

/* Print the status message of st to stderr; returns its exit code. */
int cli_fail(enum status st);
/* Print "salesterm: " fmt (with arg) and a pointer to the help to stderr;
 * returns the usage exit code. */
int cli_usage_error(const char *fmt, const char *arg);
/* Open the database of --db / $SALESTERM_DB / the default into c->db,
 * creating it if need be (a read-only one is said on stderr). */
enum status cli_open(struct cli *c);
/* The value after the option at c->args[*i] (advancing *i), or NULL with a
 * usage error printed. */
const char *cli_opt_value(struct cli *c, int *i);
/* The number of a count option (--limit N): 1 to max. False with a usage
 * error printed. */
bool cli_opt_count(const char *opt, const char *v, long long max, long long *out);
/* The value of --sort, KEY or KEY:asc or KEY:desc, into q (sort_key points
 * into *owned, which the caller frees; a previous one is freed). False with
 * a usage error printed. */
bool cli_opt_sort(const char *v, struct record_query *q, char **owned);
/* Parse FIELD=VALUE and FIELD@FILE (FIELD@- standard input) words into kv
 * (sized n); type names the record type for messages. Keys and file
 * contents are owned by c. */
enum status cli_parse_pairs(struct cli *c, const char *type, char **words, int n, struct kv *kv);
/* Print text (NULL: empty) in width columns, then two blanks unless last
 * (the last is clipped, not padded). */
void cli_print_cell(const char *text, int width, bool last);
/* Print o as indented JSON and a newline. */
void cli_print_json(const cJSON *o);
/* Print record r: every field (sanitised for the terminal), or as JSON. */
void cli_show_record(struct cli *c, const struct record *r);
/* Credentials for remote r: the config file, ~/.netrc, else a prompt on the
 * terminal. *login and *password are the caller's (sync_secret_wipe() the
 * password). */
enum status cli_credentials(const struct sync_remote *r, char **login, char **password);

/* ---- the handlers, by file ---- */

/* records.c */
int cli_cmd_list(struct cli *c, int argi);
int cli_cmd_count(struct cli *c, int argi);
int cli_cmd_show(struct cli *c, int argi);
int cli_cmd_add(struct cli *c, int argi);
int cli_cmd_edit(struct cli *c, int argi);
int cli_cmd_delete(struct cli *c, int argi);
int cli_cmd_undelete(struct cli *c, int argi);
int cli_cmd_fields(struct cli *c, int argi);
/* work.c */
int cli_cmd_search(struct cli *c, int argi);
int cli_cmd_lead_convert(struct cli *c, int argi);
int cli_cmd_opportunity_move(struct cli *c, int argi);
int cli_cmd_opportunity_approve(struct cli *c, int argi);
int cli_cmd_activity_done(struct cli *c, int argi);
int cli_cmd_user_use(struct cli *c, int argi);
int cli_cmd_user_whoami(struct cli *c, int argi);
/* db.c */
int cli_cmd_demo(struct cli *c, int argi);
int cli_cmd_db_info(struct cli *c, int argi);
int cli_cmd_db_check(struct cli *c, int argi);
int cli_cmd_db_backup(struct cli *c, int argi);
/* sync.c */
int cli_cmd_sync(struct cli *c, int argi);
int cli_cmd_sync_status(struct cli *c, int argi);
int cli_cmd_sync_pending(struct cli *c, int argi);
int cli_cmd_sync_log(struct cli *c, int argi);
int cli_cmd_sync_quarantine(struct cli *c, int argi);
/* remote.c */
int cli_cmd_remote_add(struct cli *c, int argi);
int cli_cmd_remote_list(struct cli *c, int argi);
int cli_cmd_remote_remove(struct cli *c, int argi);
/* conflict.c */
int cli_cmd_conflict_list(struct cli *c, int argi);
int cli_cmd_conflict_show(struct cli *c, int argi);
int cli_cmd_conflict_resolve(struct cli *c, int argi);
/* io.c */
int cli_cmd_import(struct cli *c, int argi);
int cli_cmd_export(struct cli *c, int argi);
/* server.c */
int cli_cmd_server_init(struct cli *c, int argi);
/* report.c */
int cli_cmd_report(struct cli *c, int argi);
int cli_cmd_account_grade(struct cli *c, int argi);
int cli_cmd_forecast_visibility(struct cli *c, int argi);
/* snapshot.c */
int cli_cmd_forecast_snapshot(struct cli *c, int argi);
int cli_cmd_forecast_compare(struct cli *c, int argi);
int cli_cmd_forecast_adjust(struct cli *c, int argi);
/* agenda.c */
int cli_cmd_agenda(struct cli *c, int argi);
/* query.c */
int cli_cmd_query(struct cli *c, int argi);
/* mail.c */
int cli_cmd_log(struct cli *c, int argi);
/* marketing.c */
int cli_cmd_lead_nurture(struct cli *c, int argi);
int cli_cmd_consent_give(struct cli *c, int argi);
int cli_cmd_consent_withdraw(struct cli *c, int argi);
int cli_cmd_consent_status(struct cli *c, int argi);
/* touch.c */
int cli_cmd_account_touch(struct cli *c, int argi);

#endif
