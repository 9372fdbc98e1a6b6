/* server.c - server-init: prepare the team's CouchDB database (members,
 * security, the design document that holds the server to our rules). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "record.h"
#include "sync/sync.h"
#include "xalloc.h"

static enum status add_member(struct cli *c, const char *spec, bool manager, struct sync_member **m,
			      size_t *n, char ***owned)
{
	const char *eq = strchr(spec, '=');
	struct record *u = NULL;
	char *login;
	enum status st;

	if (eq == NULL || eq == spec || eq[1] == '\0')
		return status_set(ST_USAGE, _("\"%s\" is not LOGIN=USER"), spec);
	st = record_find(c->db, &entity_user, eq + 1, &u);
	if (st != ST_OK)
		return st;
	login = xstrndup(spec, (size_t)(eq - spec));
	*m = xreallocarray(*m, *n + 1, sizeof(**m));
	(*m)[*n].login = login;
	(*m)[*n].user_id = xstrdup(u->id);
	(*m)[*n].manager = manager;
	(*m)[*n].no_account = false;
	(*owned) = xreallocarray(*owned, *n * 2 + 2, sizeof(char *));
	(*owned)[*n * 2] = login;
	(*owned)[*n * 2 + 1] = (char *)(*m)[*n].user_id;
	(*n)++;
	record_free(&u);
	return ST_OK;
}

struct members_ctx {
	struct sync_member *m;
	size_t n;
	char **owned;
	const char *territory;
};

static int each_user(struct db *db, const struct record *r, void *vctx)
{
	struct members_ctx *ctx = vctx;
	const char *role = record_get(r, "role"), *terr = record_get(r, "territory");
	bool manager = role && strcmp(role, "manager") == 0;

	(void)db;
	if (!manager && ctx->territory && (terr == NULL || strcmp(terr, ctx->territory) != 0))
		return 0;
	ctx->m = xreallocarray(ctx->m, ctx->n + 1, sizeof(*ctx->m));
	ctx->m[ctx->n].login = xstrdup(record_name(r));
	ctx->m[ctx->n].user_id = xstrdup(r->id);
	ctx->m[ctx->n].manager = manager;
	ctx->m[ctx->n].no_account = false;
	ctx->owned = xreallocarray(ctx->owned, ctx->n * 2 + 2, sizeof(char *));
	ctx->owned[ctx->n * 2] = (char *)ctx->m[ctx->n].login;
	ctx->owned[ctx->n * 2 + 1] = (char *)ctx->m[ctx->n].user_id;
	ctx->n++;
	return 0;
}

int cli_cmd_server_init(struct cli *c, int argi)
{
	struct members_ctx ctx = { 0 };
	struct sync_remote pseudo = { 0 };
	const char *url = NULL, *admin = NULL, *cacert = NULL;
	char *login = NULL, *password = NULL, *clean = NULL;
	bool insecure = false, created = false, given = false, validate = true;
	enum status st = ST_OK;
	int i, ret = 0;
	size_t k;

	for (i = argi; i < c->nargs && st == ST_OK; i++) {
		const char *a = c->args[i], *v;

		if (strcmp(a, "--user") == 0) {
			if ((admin = cli_opt_value(c, &i)) == NULL)
				return 2;
		} else if (strcmp(a, "--cacert") == 0) {
			if ((cacert = cli_opt_value(c, &i)) == NULL)
				return 2;
		} else if (strcmp(a, "--territory") == 0) {
			if ((ctx.territory = cli_opt_value(c, &i)) == NULL)
				return 2;
		} else if (strcmp(a, "--insecure") == 0) {
			insecure = true;
		} else if (strcmp(a, "--no-validate") == 0) {
			validate = false;
		} else if (strcmp(a, "--rep") == 0 || strcmp(a, "--member") == 0 ||
			   strcmp(a, "--manager") == 0) {
			if ((v = cli_opt_value(c, &i)) == NULL)
				return 2;
			st = add_member(c, v, strcmp(a, "--manager") == 0, &ctx.m, &ctx.n,
					&ctx.owned);
			given = true;
		} else if (a[0] == '-') {
			return cli_usage_error(_("unknown option %s"), a);
		} else if (url == NULL) {
			url = a;
		} else {
			return cli_usage_error(_("unexpected \"%s\""), a);
		}
	}
	if (st == ST_OK && url == NULL)
		return cli_usage_error("%s",
				       _("server-init needs the URL of the database to prepare"));
	/* No members named: every local manager, and the reps (of --territory). */
	if (st == ST_OK && !given) {
		struct record_query q = { 0 };

		st = record_list(c->db, &entity_user, &q, each_user, &ctx);
	}
	if (st == ST_OK) {
		char *u = NULL, *pw = NULL;

		if (!sync_url_split(url, &clean, &u, &pw))
			st = status_set(ST_USAGE, _("\"%s\" is not an http:// or https:// URL"),
					url);
		if (pw)
			fprintf(stderr,
				_("salesterm: ignoring the password in the URL; give it in the "
				  "config file, ~/.netrc or at the prompt\n"));
		sync_secret_wipe(pw);
		free(pw);
		if (admin == NULL)
			admin = u ? u : NULL;
		pseudo.name = clean;
		pseudo.url = clean;
		pseudo.login = (char *)admin;
		if (st == ST_OK)
			st = cli_credentials(&pseudo, &login, &password);
		if (st == ST_OK)
			st = sync_server_init(clean, login, password, insecure, cacert, ctx.m,
					      ctx.n, validate, &created);
		free(u);
	}
	if (st != ST_OK) {
		ret = cli_fail(st);
	} else {
		printf(_("%s %s: security set for %zu members, %s\n"),
		       created ? _("created") : _("updated"), clean, ctx.n,
		       validate ? _("design document installed")
				: _("no design document (--no-validate)"));
		for (k = 0; k < ctx.n; k++)
			printf("  %s%s%s\n", ctx.m[k].login,
			       ctx.m[k].manager ? _(" (manager)") : "",
			       ctx.m[k].no_account
				   ? _(": no account on the server yet; create it, then run "
				       "server-init again")
				   : "");
	}
	for (k = 0; k < ctx.n * 2; k++)
		free(ctx.owned[k]);
	free(ctx.owned);
	free(ctx.m);
	sync_secret_wipe(password);
	free(password);
	free(login);
	free(clean);
	return ret;
}
