/* work.c - the work commands: search, lead convert, opportunity move and
 * approve, activity done, user use and whoami. */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "cli.h"
#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "lead.h"
#include "opportunity.h"
#include "record.h"
#include "search.h"
#include "strbuf.h"
#include "user.h"
#include "utf8.h"
#include "xalloc.h"

int cli_cmd_search(struct cli *c, int argi)
{
	const struct entity *only = NULL;
	struct search_hit *hits = NULL;
	struct strbuf text = STRBUF_INIT;
	size_t nhits = 0, i;
	int limit = 20, ret = 0;
	enum status st;

	for (int i2 = argi; i2 < c->nargs; i2++) {
		const char *a = c->args[i2], *v;

		if (strcmp(a, "--type") == 0 || strcmp(a, "--limit") == 0) {
			if ((v = cli_opt_value(c, &i2)) == NULL) {
				strbuf_release(&text);
				return 2;
			}
			if (a[2] == 't' && (only = entity_find(v)) == NULL) {
				strbuf_release(&text);
				return cli_usage_error(_("unknown type \"%s\""), v);
			}
			if (a[2] == 'l') {
				long long n;

				if (!cli_opt_count(a, v, INT_MAX, &n)) {
					strbuf_release(&text);
					return 2;
				}
				limit = (int)n;
			}
			continue;
		}
		if (text.len)
			strbuf_addc(&text, ' ');
		strbuf_adds(&text, a);
	}
	if (text.len == 0) {
		strbuf_release(&text);
		return cli_usage_error("%s", _("search needs some text"));
	}
	st = search_run(c->db, text.s, only, limit, &hits, &nhits);
	strbuf_release(&text);
	if (st != ST_OK)
		return cli_fail(st);
	if (c->json) {
		cJSON *a = cJSON_CreateArray();

		for (i = 0; i < nhits; i++) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "type", hits[i].entity->name);
			cJSON_AddStringToObject(o, "id", hits[i].id);
			cJSON_AddStringToObject(o, "title", hits[i].title ? hits[i].title : "");
			cJSON_AddItemToArray(a, o);
		}
		cli_print_json(a);
		cJSON_Delete(a);
	} else {
		for (i = 0; i < nhits; i++) {
			char id8[33];

			record_short_id(hits[i].id, id8);
			cli_print_cell(hits[i].entity->name, 12, false);
			cli_print_cell(id8, 8, false);
			cli_print_cell(hits[i].title ? hits[i].title : "", 60, true);
			putchar('\n');
		}
		if (nhits == 0)
			fputs(_("no matches\n"), stderr);
	}
	search_hits_free(&hits, nhits);
	return ret;
}

int cli_cmd_lead_convert(struct cli *c, int argi)
{
	struct lead_conversion conv = { 0 };
	enum status st;
	int ret = 0;

	if (argi >= c->nargs)
		return cli_usage_error("%s", _("lead convert needs a lead id or name"));
	for (int i = argi + 1; i < c->nargs; i++) {
		const char *a = c->args[i], **slot = NULL;

		if (strcmp(a, "--account") == 0)
			slot = &conv.account;
		else if (strcmp(a, "--contact") == 0)
			slot = &conv.contact;
		else if (strcmp(a, "--name") == 0)
			slot = &conv.opportunity;
		else if (strcmp(a, "--no-opportunity") == 0)
			conv.no_opportunity = true;
		else
			return cli_usage_error(_("unknown option %s"), a);
		if (slot && (*slot = cli_opt_value(c, &i)) == NULL)
			return 2;
	}
	st = lead_convert(c->db, c->args[argi], &conv);
	if (st != ST_OK)
		return cli_fail(st);
	if (c->json)
		printf("{\"account\": \"%s\", \"contact\": \"%s\", \"opportunity\": %s%s%s}\n",
		       conv.account_id, conv.contact_id, conv.opportunity_id ? "\"" : "",
		       conv.opportunity_id ? conv.opportunity_id : "null",
		       conv.opportunity_id ? "\"" : "");
	else
		printf("account %s\ncontact %s\nopportunity %s\n", conv.account_id, conv.contact_id,
		       conv.opportunity_id ? conv.opportunity_id : "-");
	lead_conversion_clear(&conv);
	return ret;
}

int cli_cmd_opportunity_move(struct cli *c, int argi)
{
	struct kv *kv;
	int n, ret = 0;
	enum status st;

	if (argi + 1 >= c->nargs)
		return cli_usage_error("%s", _("opportunity move needs an id and a stage"));
	n = c->nargs - argi - 2;
	kv = xcalloc((size_t)n + 1, sizeof(*kv));
	st = cli_parse_pairs(c, "opportunity", c->args + argi + 2, n, kv);
	if (st == ST_OK)
		st = opportunity_move(c->db, c->args[argi], c->args[argi + 1], kv, (size_t)n);
	if (st == ST_OK) {
		struct record *r = NULL;

		if (record_find(c->db, &entity_opportunity, c->args[argi], &r) == ST_OK) {
			char *stage = record_display(c->db, r, "stage");

			if (c->json)
				cli_show_record(c, r);
			else {
				char *name = utf8_sanitize(record_name(r), 0, false),
				     *shown = utf8_sanitize(stage, 0, false);

				printf(_("opportunity \"%s\" is now in %s (%s%%)\n"), name, shown,
				       record_get(r, "probability"));
				free(name);
				free(shown);
			}
			free(stage);
		}
		record_free(&r);
	} else {
		ret = cli_fail(st);
	}
	free(kv);
	return ret;
}

int cli_cmd_opportunity_approve(struct cli *c, int argi)
{
	const char *stage = NULL, *note = NULL;
	enum status st;

	if (argi >= c->nargs)
		return cli_usage_error("%s", _("opportunity approve needs an id"));
	for (int i = argi + 1; i < c->nargs; i++) {
		if (strcmp(c->args[i], "--note") == 0) {
			if ((note = cli_opt_value(c, &i)) == NULL)
				return 2;
		} else if (stage == NULL && c->args[i][0] != '-') {
			stage = c->args[i];
		} else {
			return cli_usage_error(_("unexpected \"%s\""), c->args[i]);
		}
	}
	st = opportunity_approve(c->db, c->args[argi], stage, note);
	if (st != ST_OK)
		return cli_fail(st);
	if (!c->json)
		puts(_("approved"));
	return 0;
}

int cli_cmd_activity_done(struct cli *c, int argi)
{
	struct activity_done done = { 0 };
	enum status st;

	if (argi >= c->nargs)
		return cli_usage_error("%s", _("activity done needs an id"));
	for (int i = argi + 1; i < c->nargs; i++) {
		const char *a = c->args[i], **slot;

		if (strcmp(a, "--log") == 0)
			slot = &done.notes;
		else if (strcmp(a, "--outcome") == 0)
			slot = &done.outcome;
		else if (strcmp(a, "--next") == 0)
			slot = &done.next_date;
		else
			return cli_usage_error(_("unknown option %s"), a);
		if ((*slot = cli_opt_value(c, &i)) == NULL)
			return 2;
	}
	st = activity_complete(c->db, c->args[argi], &done);
	if (st != ST_OK)
		return cli_fail(st);
	if (c->json)
		printf("{\"followup\": \"%s\", \"next\": %s%s%s}\n", done.followup_id,
		       done.next_id ? "\"" : "", done.next_id ? done.next_id : "null",
		       done.next_id ? "\"" : "");
	else
		printf("followup %s\n%s%s%s", done.followup_id, done.next_id ? "next " : "",
		       done.next_id ? done.next_id : "", done.next_id ? "\n" : "");
	free(done.followup_id);
	free(done.next_id);
	return 0;
}

int cli_cmd_user_use(struct cli *c, int argi)
{
	enum status st;

	if (argi >= c->nargs)
		return cli_usage_error("%s", _("user use needs a name or an id"));
	st = user_use(c->db, c->args[argi]);
	if (st != ST_OK)
		return cli_fail(st);
	return cli_cmd_user_whoami(c, argi + 1);
}

int cli_cmd_user_whoami(struct cli *c, int argi)
{
	struct record *u = NULL;
	enum status st;
	char *me;

	(void)argi;
	me = user_current_id(c->db);
	if (me == NULL) {
		puts(_("no current user (single-user database)"));
		return 0;
	}
	st = record_load(c->db, &entity_user, me, &u);
	free(me);
	if (st != ST_OK)
		return cli_fail(st);
	if (c->json)
		cli_show_record(c, u);
	else {
		char *name = utf8_sanitize(record_name(u), 0, false);

		printf("%s (%s) %s\n", name, record_get(u, "role"), u->id);
		free(name);
	}
	record_free(&u);
	return 0;
}
