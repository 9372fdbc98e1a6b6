/* remote.c - the team's servers this database syncs with: remote add, list
 * and remove. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "sync/sync.h"
#include "xalloc.h"

int cli_cmd_remote_add(struct cli *c, int argi)
{
	enum status st;
	int i;

	const char *url = NULL, *name = NULL, *login = NULL, *cacert = NULL;
	bool insecure = false, make_default = false, dropped = false;
	char *added = NULL;

	for (i = argi; i < c->nargs; i++) {
		const char *a = c->args[i];

		if (strcmp(a, "--user") == 0) {
			if ((login = cli_opt_value(c, &i)) == NULL)
				return 2;
		} else if (strcmp(a, "--cacert") == 0) {
			if ((cacert = cli_opt_value(c, &i)) == NULL)
				return 2;
		} else if (strcmp(a, "--insecure") == 0) {
			insecure = true;
		} else if (strcmp(a, "--default") == 0) {
			make_default = true;
		} else if (a[0] == '-' && a[1] == '-') {
			return cli_usage_error(_("unknown option %s"), a);
		} else if (url == NULL) {
			url = a;
		} else if (name == NULL) {
			name = a;
		} else {
			return cli_usage_error(_("unexpected \"%s\""), a);
		}
	}
	if (url == NULL)
		return cli_usage_error("%s", _("remote add needs the URL of a database"));
	st = sync_remote_add(c->db, url, name, login, insecure, cacert, make_default, &added,
			     &dropped);
	if (st != ST_OK)
		return cli_fail(st);
	if (dropped)
		fprintf(stderr,
			_("salesterm: the password in the URL was not stored; put it in "
			  "%s (\"sync-credentials %s LOGIN PASSWORD\", mode 600) or "
			  "~/.netrc\n"),
			"~/.config/salesterm/config", added);
	if (insecure)
		fprintf(stderr,
			_("salesterm: warning: remote %s will not verify the server's "
			  "TLS certificate\n"),
			added);
	printf(_("added remote %s\n"), added);
	free(added);
	return 0;
}

int cli_cmd_remote_remove(struct cli *c, int argi)
{
	enum status st;

	if (argi >= c->nargs)
		return cli_usage_error("%s", _("remote remove needs a name"));
	st = sync_remote_remove(c->db, c->args[argi]);
	if (st != ST_OK)
		return cli_fail(st);
	printf(_("removed remote %s\n"), c->args[argi]);
	return 0;
}

int cli_cmd_remote_list(struct cli *c, int argi)
{
	enum status st;

	(void)argi;
	struct sync_remote *r = NULL;
	size_t n = 0, k;
	cJSON *a = c->json ? cJSON_CreateArray() : NULL;

	st = sync_remote_list(c->db, &r, &n);
	if (st != ST_OK) {
		cJSON_Delete(a);
		return cli_fail(st);
	}
	for (k = 0; k < n; k++) {
		if (a) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "name", r[k].name);
			cJSON_AddStringToObject(o, "url", r[k].url);
			if (r[k].login)
				cJSON_AddStringToObject(o, "login", r[k].login);
			cJSON_AddBoolToObject(o, "default", r[k].is_default);
			cJSON_AddBoolToObject(o, "insecure", r[k].insecure);
			cJSON_AddItemToArray(a, o);
			continue;
		}
		printf("%s%s  %s%s%s%s\n", r[k].name, r[k].is_default ? " (default)" : "", r[k].url,
		       r[k].login ? "  user " : "", r[k].login ? r[k].login : "",
		       r[k].insecure ? _("  (TLS not verified)") : "");
	}
	if (a) {
		cli_print_json(a);
		cJSON_Delete(a);
	} else if (n == 0) {
		fputs(_("no remotes: add one with 'salesterm remote add URL'\n"), stderr);
	}
	sync_remotes_free(r, n);
	return 0;
}
