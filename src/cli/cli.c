/* cli.c - the `salesterm` command line: global options, the command table,
 * dispatch over it, and the usage text printed from it (see cli.h for how to
 * add a command). */
#include "cli.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "strbuf.h"
#include "sync/sync.h"
#include "xalloc.h"

static int cmd_help(struct cli *c, int argi);

/* Every command, in the order of the help. */
static const struct cli_command cli_commands[] = {
	{ CLI_TYPE, "list", cli_cmd_list,
	  N_("TYPE list [FIELD=VALUE|FIELD>=VALUE|FIELD~TEXT ...] [--sort KEY[:desc]]\n"
	     "                      [--limit N] [--all] [--after ID] [--deleted]"),
	  CLI_GROUP_RECORDS, CLI_DB | CLI_DEFAULT },
	{ CLI_TYPE, "count", cli_cmd_count, N_("TYPE count [FILTER ...]"), CLI_GROUP_RECORDS,
	  CLI_DB },
	{ CLI_TYPE, "show", cli_cmd_show, N_("TYPE show ID|NAME"), CLI_GROUP_RECORDS, CLI_DB },
	{ CLI_TYPE, "add", cli_cmd_add,
	  N_("TYPE add FIELD=VALUE ... [--force] (FIELD@FILE reads a file, FIELD@- stdin)"),
	  CLI_GROUP_RECORDS, CLI_DB },
	{ CLI_TYPE, "edit", cli_cmd_edit, N_("TYPE edit ID|NAME FIELD=VALUE ..."),
	  CLI_GROUP_RECORDS, CLI_DB },
	{ CLI_TYPE, "delete", cli_cmd_delete, N_("TYPE delete ID|NAME"), CLI_GROUP_RECORDS,
	  CLI_DB },
	{ CLI_TYPE, "undelete", cli_cmd_undelete, N_("TYPE undelete ID"), CLI_GROUP_RECORDS,
	  CLI_DB },
	{ CLI_TYPE, "fields", cli_cmd_fields, N_("TYPE fields"), CLI_GROUP_RECORDS, 0 },

	{ "search", NULL, cli_cmd_search, N_("search TEXT [--type TYPE] [--limit N]"),
	  CLI_GROUP_WORK, CLI_DB },
	{ "lead", "convert", cli_cmd_lead_convert,
	  N_("lead convert ID [--account ACCOUNT] [--contact CONTACT] [--name NAME]\n"
	     "                           [--no-opportunity]"),
	  CLI_GROUP_WORK, CLI_DB },
	{ "lead", "nurture", cli_cmd_lead_nurture,
	  N_("lead nurture ID [--every DAYS]   not ready to buy: a touch every DAYS (14)"),
	  CLI_GROUP_WORK, CLI_DB },
	{ "consent", "give", cli_cmd_consent_give,
	  N_("consent give|withdraw CONTACT email|phone|sms|post|all ... [--how TEXT]\n"
	     "                   [--note TEXT] [--at WHEN]   marketing consent, kept as history"),
	  CLI_GROUP_WORK, CLI_DB },
	{ "consent", "withdraw", cli_cmd_consent_withdraw, NULL, CLI_GROUP_WORK, CLI_DB },
	{ "consent", "status", cli_cmd_consent_status,
	  N_("consent status CONTACT   the consent in force per channel\n"
	     "                   (its history: consent list contact=CONTACT)"),
	  CLI_GROUP_WORK, CLI_DB },
	{ "opportunity", "move", cli_cmd_opportunity_move,
	  N_("opportunity move ID STAGE [FIELD=VALUE ...]"), CLI_GROUP_WORK, CLI_DB },
	{ "opportunity", "approve", cli_cmd_opportunity_approve,
	  N_("opportunity approve ID [STAGE] [--note TEXT]"), CLI_GROUP_WORK, CLI_DB },
	{ "activity", "done", cli_cmd_activity_done,
	  N_("activity done ID [--log TEXT] [--outcome TEXT] [--next DATE]"), CLI_GROUP_WORK,
	  CLI_DB },
	{ "account", "touch", cli_cmd_account_touch,
	  N_("account touch ACCOUNT... [--date DATE]   plan a call for the owner of a\n"
	     "                   customer at risk (report churn), with the contact to call"),
	  CLI_GROUP_WORK, CLI_DB },
	{ "agenda", NULL, cli_cmd_agenda,
	  N_("agenda [--days N]   today's and upcoming activities, late ones and follow-ups\n"
	     "                   due, one a line (for a login script; nothing: no output)"),
	  CLI_GROUP_WORK, CLI_DB },
	{ "query", NULL, cli_cmd_query,
	  N_("query [--mutt] TEXT   email addresses of contacts and leads by name, email\n"
	     "                   or account (--mutt: for mutt's query_command)"),
	  CLI_GROUP_WORK, CLI_DB },
	{ "log", NULL, cli_cmd_log,
	  N_("log --mail [--contact ID|NAME] [--dry-run] < MESSAGE   a mail (from mutt's\n"
	     "                   pipe-message) logged as a follow-up of the contact it is with"),
	  CLI_GROUP_WORK, CLI_DB },
	{ "user", "use", cli_cmd_user_use, N_("user use NAME|ID     choose who is working"),
	  CLI_GROUP_WORK, CLI_DB },
	{ "user", "whoami", cli_cmd_user_whoami, N_("user whoami"), CLI_GROUP_WORK, CLI_DB },

	{ "report", NULL, cli_cmd_report,
	  N_("report [NAME [--period 2026Q4|2026-11|2026|FROM..TO]\n"
	     "                   [--owner USER|--territory T|--team] [--format table|csv|json]]\n"
	     "                   (report NAME --help: its rules and formulas)"),
	  CLI_GROUP_REPORTS, CLI_DB | CLI_OWN_HELP },
	{ "account", "grade", cli_cmd_account_grade,
	  N_("account grade [--dry-run] [--period P] [--a-share PCT] [--b-share PCT]\n"
	     "                   [--currency CODE]   store each account's A/B/C grade in its\n"
	     "                   segment (report abc's ranking; grades set by hand are kept)"),
	  CLI_GROUP_REPORTS, CLI_DB },
	{ "forecast", "snapshot", cli_cmd_forecast_snapshot,
	  N_("forecast snapshot [--period P] [--owner USER|--territory T|--team] [--name TEXT]\n"
	     "                   freeze the forecast as submitted (lists: forecast_snapshot list)"),
	  CLI_GROUP_REPORTS, CLI_DB },
	{ "forecast", "compare", cli_cmd_forecast_compare,
	  N_("forecast compare SNAPSHOT [--format table|csv|json]   frozen figures and now"),
	  CLI_GROUP_REPORTS, CLI_DB },
	{ "forecast", "adjust", cli_cmd_forecast_adjust,
	  N_("forecast adjust REP|--territory T --period 2026Q4 [commit=AMOUNT]\n"
	     "                   [best_case=AMOUNT] [--note TEXT]   a manager's figure"),
	  CLI_GROUP_REPORTS, CLI_DB },
	{ "forecast", "visibility", cli_cmd_forecast_visibility,
	  N_("forecast visibility [own|team]   whether reps see colleagues' quotas and\n"
	     "                   attainment (a manager sets it for the team)"),
	  CLI_GROUP_REPORTS, CLI_DB },

	{ "import", NULL, cli_cmd_import,
	  N_("import FILE [--type TYPE] [--format csv|jsonl|vcard|ics] [--encoding E]\n"
	     "                   [--map COLUMN=field ...] [--on-duplicate skip|update|create|ask]\n"
	     "                   [--dry-run] [--skip-bad FILE] [--window DAYS]\n"
	     "                   (import --help: the rules)"),
	  CLI_GROUP_IO, CLI_DB | CLI_OWN_HELP },
	{ "export", NULL, cli_cmd_export,
	  N_("export TYPE [FILTER ...] [--sort KEY[:desc]] [--deleted]\n"
	     "                   [--format csv|jsonl|vcard|ics] [--vcard-version 3.0|4.0] [--bom]\n"
	     "                   [--encoding gb18030] [-o FILE]\n"
	     "                   [--mailing email|phone|sms|post]   (contacts who consented)"),
	  CLI_GROUP_IO, CLI_DB },

	{ "demo", NULL, cli_cmd_demo,
	  N_("demo [--size N] [--seed S]   fill an empty database with demo data"), CLI_GROUP_DB,
	  CLI_DB },
	{ "db", "info", cli_cmd_db_info, N_("db info|check"), CLI_GROUP_DB, CLI_DB },
	{ "db", "check", cli_cmd_db_check, NULL, CLI_GROUP_DB, CLI_DB },
	{ "db", "backup", cli_cmd_db_backup, N_("db backup FILE"), CLI_GROUP_DB, CLI_DB },

	{ "remote", "add", cli_cmd_remote_add,
	  N_("remote add URL [NAME] [--user LOGIN] [--cacert FILE] [--insecure]\n"
	     "                           [--default]"),
	  CLI_GROUP_SYNC, CLI_SYNC | CLI_DB },
	{ "remote", "list", cli_cmd_remote_list, N_("remote list | remove NAME"), CLI_GROUP_SYNC,
	  CLI_SYNC | CLI_DB | CLI_DEFAULT },
	{ "remote", "remove", cli_cmd_remote_remove, NULL, CLI_GROUP_SYNC, CLI_SYNC | CLI_DB },
	{ "remote", "rm", cli_cmd_remote_remove, NULL, CLI_GROUP_SYNC,
	  CLI_SYNC | CLI_DB | CLI_HIDDEN },
	{ "sync", NULL, cli_cmd_sync,
	  N_("sync [REMOTE] [--dry-run] [--watch] [--push-only|--pull-only]"), CLI_GROUP_SYNC,
	  CLI_SYNC | CLI_DB },
	{ "sync", "status", cli_cmd_sync_status, N_("sync status | pending | log | quarantine"),
	  CLI_GROUP_SYNC, CLI_SYNC | CLI_DB },
	{ "sync", "pending", cli_cmd_sync_pending, NULL, CLI_GROUP_SYNC, CLI_SYNC | CLI_DB },
	{ "sync", "log", cli_cmd_sync_log, NULL, CLI_GROUP_SYNC, CLI_SYNC | CLI_DB },
	{ "sync", "quarantine", cli_cmd_sync_quarantine, NULL, CLI_GROUP_SYNC, CLI_SYNC | CLI_DB },
	{ "conflict", "list", cli_cmd_conflict_list,
	  N_("conflict list | show ID | resolve ID FIELD=mine|theirs|base|VALUE ..."),
	  CLI_GROUP_SYNC, CLI_SYNC | CLI_DB | CLI_DEFAULT },
	{ "conflict", "show", cli_cmd_conflict_show, NULL, CLI_GROUP_SYNC, CLI_SYNC | CLI_DB },
	{ "conflict", "resolve", cli_cmd_conflict_resolve, NULL, CLI_GROUP_SYNC,
	  CLI_SYNC | CLI_DB },
	{ "server-init", NULL, cli_cmd_server_init,
	  N_("server-init URL [--user ADMIN] [--rep LOGIN=USER ...]\n"
	     "                            [--manager LOGIN=USER ...] [--territory NAME]\n"
	     "                            [--no-validate]"),
	  CLI_GROUP_SYNC, CLI_SYNC | CLI_DB },

	{ "help", NULL, cmd_help, NULL, CLI_GROUP_NONE, 0 },
};

#define CLI_NCOMMANDS (sizeof(cli_commands) / sizeof(cli_commands[0]))

/* Other names of a command. */
static const struct {
	const char *alias, *name;
} cli_aliases[] = {
	{ "conflicts", "conflict" },
};

/* The headings of the help's groups, in its order. CLI_GROUP_RECORDS is
 * printed with the record types. */
static const struct {
	enum cli_group group;
	const char *heading;
} cli_groups[] = {
	{ CLI_GROUP_RECORDS, N_("Records (TYPE is %s):") },
	{ CLI_GROUP_WORK, N_("Work:") },
	{ CLI_GROUP_REPORTS, N_("Reports (a manager sees the team's figures, a rep their own):") },
	{ CLI_GROUP_IO,
	  N_("Import and export (CSV in UTF-8 or GB18030, JSON lines, vCard, iCalendar):") },
	{ CLI_GROUP_DB, N_("Database:") },
	{ CLI_GROUP_SYNC, N_("Sync with the team's CouchDB server (see README, \"Sync\"):") },
};

/* Print text to out, breaking lines at blanks before column 80. */
static void print_wrapped(FILE *out, const char *text)
{
	const char *p = text;
	size_t col = 0;

	while (*p) {
		size_t word = strcspn(p, " ");

		if (col > 0 && col + 1 + word > 79) {
			fputc('\n', out);
			col = 0;
		} else if (col > 0) {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, word, out);
		col += word;
		p += word;
		p += strspn(p, " ");
	}
	fputc('\n', out);
}

void cli_usage(FILE *out)
{
	size_t g, i;

	fputs(_("usage: salesterm [--db PATH] [--json] COMMAND ...\n"), out);
	for (g = 0; g < sizeof(cli_groups) / sizeof(cli_groups[0]); g++) {
		fputc('\n', out);
		if (cli_groups[g].group == CLI_GROUP_RECORDS) {
			struct strbuf types = STRBUF_INIT;
			char *heading;

			for (i = 0; entity_all[i]; i++)
				strbuf_addf(&types, "%s%s", i ? ", " : "", entity_all[i]->name);
			heading = xasprintf(_(cli_groups[g].heading), types.s);
			print_wrapped(out, heading);
			free(heading);
			strbuf_release(&types);
		} else {
			fprintf(out, "%s\n", _(cli_groups[g].heading));
		}
		for (i = 0; i < CLI_NCOMMANDS; i++)
			if (cli_commands[i].group == cli_groups[g].group && cli_commands[i].help)
				fprintf(out, "  salesterm %s\n", _(cli_commands[i].help));
	}
	fputs(_("\n"
		"The database is --db PATH, else $SALESTERM_DB, else\n"
		"$XDG_DATA_HOME/salesterm/salesterm.db. Exit codes: 0 ok, 2 usage, 3 not found,\n"
		"4 invalid input, 5 not allowed, 6 ambiguous name, 7 stage requirements not met,\n"
		"8 database error, 9 read-only, 10 newer database, 11 not a database, 12 locked,\n"
		"13 input/output error, 14 disk full, 15 already here (see --force).\n"),
	      out);
}

/* help [--commands|--types]: the usage text, or for the man page test and
 * the shell completion the commands ("TYPE list", "db info", "search") or
 * the record types, one a line. */
static int cmd_help(struct cli *c, int argi)
{
	const char *what = argi < c->nargs ? c->args[argi] : "";
	size_t i;

	if (strcmp(what, "--commands") == 0) {
		for (i = 0; i < CLI_NCOMMANDS; i++) {
			const struct cli_command *k = &cli_commands[i];

			if (k->group == CLI_GROUP_NONE || (k->flags & CLI_HIDDEN))
				continue;
			printf("%s%s%s\n", k->name, k->verb ? " " : "", k->verb ? k->verb : "");
		}
	} else if (strcmp(what, "--types") == 0) {
		for (i = 0; entity_all[i]; i++)
			puts(entity_all[i]->name);
	} else {
		cli_usage(stdout);
	}
	return 0;
}

/* Does the command name read --help itself (report NAME --help)? */
static bool reads_help(const char *name)
{
	for (size_t i = 0; i < CLI_NCOMMANDS; i++)
		if (strcmp(cli_commands[i].name, name) == 0 &&
		    (cli_commands[i].flags & CLI_OWN_HELP))
			return true;
	return false;
}

static bool name_matches(const struct cli_command *k, const char *name, const struct entity *e)
{
	if (strcmp(k->name, CLI_TYPE) == 0)
		return e != NULL;
	return strcmp(k->name, name) == 0;
}

/* The row for the words name [verb] (verb NULL: none), and in *argi where its
 * arguments start; NULL if there is none. */
static const struct cli_command *cli_find(const char *name, const struct entity *e,
					  const char *verb, int *argi)
{
	size_t i;

	/* A verb of its own first: "sync status" before "sync [REMOTE]". */
	for (i = 0; verb && i < CLI_NCOMMANDS; i++) {
		const struct cli_command *k = &cli_commands[i];

		if (k->verb && strcmp(k->verb, verb) == 0 && name_matches(k, name, e)) {
			*argi = 2;
			return k;
		}
	}
	for (i = 0; i < CLI_NCOMMANDS; i++) {
		const struct cli_command *k = &cli_commands[i];

		if (!name_matches(k, name, e))
			continue;
		if (k->verb == NULL || (verb == NULL && (k->flags & CLI_DEFAULT))) {
			*argi = 1;
			return k;
		}
	}
	return NULL;
}

/* The usage error for a name without the verb given: the verbs it has. */
static int unknown_verb(const char *name, const char *verb)
{
	struct strbuf verbs = STRBUF_INIT;
	bool known = false;
	size_t i;
	int ret;

	for (i = 0; i < CLI_NCOMMANDS; i++) {
		const struct cli_command *k = &cli_commands[i];

		if (strcmp(k->name, name) != 0 || strcmp(k->name, CLI_TYPE) == 0)
			continue;
		known = true;
		if (k->verb && !(k->flags & CLI_HIDDEN))
			strbuf_addf(&verbs, "%s%s", verbs.len ? ", " : "", k->verb);
	}
	if (!known) {
		strbuf_release(&verbs);
		return cli_usage_error(_("unknown command \"%s\""), name);
	}
	{
		char *msg = xasprintf(_("unknown %s command \"%s\" (%s)"), name, verb ? verb : "",
				      verbs.s ? verbs.s : "");

		ret = cli_usage_error("%s", msg);
		free(msg);
	}
	strbuf_release(&verbs);
	return ret;
}

static int cli_dispatch(struct cli *c)
{
	const char *name = c->args[0], *verb = c->nargs > 1 ? c->args[1] : NULL;
	const struct cli_command *k;
	enum status st;
	size_t i;
	int argi = 1, ret;

	for (i = 0; i < sizeof(cli_aliases) / sizeof(cli_aliases[0]); i++)
		if (strcmp(name, cli_aliases[i].alias) == 0)
			name = cli_aliases[i].name;
	c->entity = entity_find(name);
	k = cli_find(name, c->entity, verb, &argi);
	if (k == NULL)
		return c->entity ? cli_usage_error(_("unknown command \"%s\""), verb)
				 : unknown_verb(name, verb);
	if (k->flags & CLI_SYNC) {
		st = sync_init();
		if (st != ST_OK)
			return cli_fail(st);
	}
	st = k->flags & CLI_DB ? cli_open(c) : ST_OK;
	ret = st == ST_OK ? k->run(c, argi) : cli_fail(st);
	db_close(&c->db);
	if (k->flags & CLI_SYNC)
		sync_cleanup();
	return ret;
}

int cli_run(int argc, char **argv)
{
	struct cli c = { 0 };
	int i, ret;

	c.args = xcalloc((size_t)argc + 1, sizeof(char *));
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0) {
			if (i + 1 >= argc) {
				free(c.args);
				return cli_usage_error("%s", _("--db needs a path"));
			}
			c.db_override = argv[++i];
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			c.db_override = argv[i] + 5;
		} else if (strcmp(argv[i], "--json") == 0) {
			c.json = true;
		} else if ((strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) &&
			   !(c.nargs > 0 && reads_help(c.args[0]))) {
			free(c.args);
			cli_usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--version") == 0) {
			free(c.args);
			printf("salesterm %s\n", PACKAGE_VERSION);
			return 0;
		} else {
			c.args[c.nargs++] = argv[i];
		}
	}
	if (c.db_override && *c.db_override == '\0') {
		/* Not the default database in disguise (paths_db() takes "" as none). */
		free(c.args);
		return cli_usage_error("%s", _("--db needs a file name, not ''"));
	}
	if (c.nargs == 0) {
		free(c.args);
		return -1; /* no command: the caller starts the TUI */
	}
	ret = cli_dispatch(&c);
	for (i = 0; i < c.nowned; i++)
		free(c.owned[i]);
	free(c.owned);
	free(c.args);
	return ret;
}
