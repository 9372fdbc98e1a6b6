/* db.c - the database commands: demo, db info, check and backup. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "demo.h"
#include "entity.h"
#include "i18n.h"
#include "record.h"
#include "user.h"
#include "xalloc.h"

static void demo_progress(int64_t done, int64_t total, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "\rdemo: %3d%%", total ? (int)(done * 100 / total) : 100);
	if (done >= total)
		fputc('\n', stderr);
}

int cli_cmd_demo(struct cli *c, int argi)
{
	struct demo_options opt = { .contacts = 2000, .seed = 1 };
	struct demo_stats stats = { 0 };
	enum status st;

	for (int i = argi; i < c->nargs; i++) {
		const char *a = c->args[i], *v;
		char *end;

		if (strcmp(a, "--size") != 0 && strcmp(a, "--seed") != 0)
			return cli_usage_error(_("unknown option %s"), a);
		if ((v = cli_opt_value(c, &i)) == NULL)
			return 2;
		errno = 0;
		if (a[3] == 'i')
			opt.contacts = strtoll(v, &end, 10);
		else
			opt.seed = strtoull(v, &end, 10);
		if (*end || errno || (a[3] == 'i' && (opt.contacts < 1 || opt.contacts > 10000000)))
			return cli_usage_error(_("%s needs a number (size: 1 to 10000000)"), a);
	}
	if (isatty(STDERR_FILENO))
		opt.progress = demo_progress;
	st = demo_generate(c->db, &opt, &stats);
	if (st != ST_OK)
		return cli_fail(st);
	printf(_("demo data in %s: %" PRId64 " records: %" PRId64 " users, %" PRId64
		 " accounts, %" PRId64 " contacts, %" PRId64 " leads, %" PRId64
		 " opportunities, %" PRId64 " stage changes, %" PRId64
		 " opportunity history entries, %" PRId64 " approvals, %" PRId64
		 " activities, %" PRId64 " follow-ups, %" PRId64 " consent entries, %" PRId64
		 " campaigns, %" PRId64 " products, %" PRId64 " forecast snapshots, %" PRId64
		 " forecast adjustments\n"),
	       db_path(c->db), stats.total, stats.users, stats.accounts, stats.contacts,
	       stats.leads, stats.opportunities, stats.stage_changes, stats.histories,
	       stats.approvals, stats.activities, stats.followups, stats.consents, stats.campaigns,
	       stats.products, stats.snapshots, stats.adjustments);
	return 0;
}

int cli_cmd_db_backup(struct cli *c, int argi)
{
	enum status st;

	if (argi >= c->nargs)
		return cli_usage_error("%s", _("db backup needs a file name"));
	st = db_backup(c->db, c->args[argi]);
	if (st != ST_OK)
		return cli_fail(st);
	printf(_("backed up %s to %s\n"), db_path(c->db), c->args[argi]);
	return 0;
}

int cli_cmd_db_check(struct cli *c, int argi)
{
	char *report = NULL;
	enum status st;

	(void)argi;
	st = db_check(c->db, &report);
	if (st != ST_OK)
		return cli_fail(st);
	puts(report);
	st = strcmp(report, "ok") == 0 ? ST_OK : ST_DB;
	free(report);
	return status_exit_code(st);
}

int cli_cmd_db_info(struct cli *c, int argi)
{
	char *me = user_current_id(c->db),
	     *who = me ? record_title_of(c->db, "user", me) : xstrdup("-");
	struct stat sb;
	cJSON *o = cJSON_CreateObject(), *counts = cJSON_CreateObject();
	size_t i;

	(void)argi;
	cJSON_AddStringToObject(o, "path", db_path(c->db));
	cJSON_AddNumberToObject(o, "schema", db_schema_version(c->db));
	cJSON_AddNumberToObject(o, "bytes",
				stat(db_path(c->db), &sb) == 0 ? (double)sb.st_size : 0);
	cJSON_AddBoolToObject(o, "readonly", db_readonly(c->db));
	cJSON_AddStringToObject(o, "user", who);
	for (i = 0; entity_all[i]; i++) {
		int64_t n = 0;

		record_count(c->db, entity_all[i], NULL, &n);
		cJSON_AddNumberToObject(counts, entity_all[i]->name, (double)n);
	}
	cJSON_AddItemToObject(o, "records", counts);
	if (c->json) {
		cli_print_json(o);
	} else {
		printf(_("database   %s\nschema     %d\nsize       %.0f bytes\nread-only  %s\n"
			 "user       %s\n"),
		       db_path(c->db), db_schema_version(c->db),
		       cJSON_GetObjectItem(o, "bytes")->valuedouble,
		       db_readonly(c->db) ? _("yes") : _("no"), who);
		for (i = 0; entity_all[i]; i++)
			printf("  %-14s %.0f\n", entity_all[i]->name,
			       cJSON_GetObjectItem(counts, entity_all[i]->name)->valuedouble);
	}
	cJSON_Delete(o);
	free(me);
	free(who);
	return 0;
}
