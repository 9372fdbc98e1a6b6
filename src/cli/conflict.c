/* conflict.c - records changed on both sides: conflict list, show and
 * resolve. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "entity.h"
#include "i18n.h"
#include "json.h"
#include "record.h"
#include "sync/conflict.h"
#include "utf8.h"
#include "xalloc.h"

static cJSON *conflict_json(struct db *db, const struct conflict *k)
{
	cJSON *o = cJSON_CreateObject(), *fields = cJSON_CreateArray();
	cJSON *mine = json_from_record(db, k->mine, 1),
	      *theirs = json_from_record(db, k->theirs, 1);
	cJSON *base = k->base ? json_from_record(db, k->base, 1) : NULL;
	const struct entity *e = k->entity;
	size_t i;

	cJSON_AddStringToObject(o, "type", e->name);
	cJSON_AddStringToObject(o, "id", k->id);
	cJSON_AddStringToObject(o, "title", record_name(k->mine_is_row ? k->mine : k->theirs));
	cJSON_AddStringToObject(o, "mine_rev", k->mine->rev);
	cJSON_AddStringToObject(o, "theirs_rev", k->theirs->rev);
	if (k->base)
		cJSON_AddStringToObject(o, "base_rev", k->base->rev);
	else
		cJSON_AddNullToObject(o, "base_rev");
	cJSON_AddStringToObject(o, "found_at", k->at ? k->at : "");
	for (i = 0; i < CONFLICT_SLOTS(e); i++) {
		const char *key = conflict_slot_name(e, i);
		cJSON *f;

		if (!k->conflicts[i])
			continue;
		f = cJSON_CreateObject();
		cJSON_AddStringToObject(f, "field", key);
		if (i == CONFLICT_DELETED(e)) {
			cJSON_AddBoolToObject(f, "mine", k->mine->deleted);
			cJSON_AddBoolToObject(f, "theirs", k->theirs->deleted);
			if (k->base)
				cJSON_AddBoolToObject(f, "base", k->base->deleted);
			else
				cJSON_AddNullToObject(f, "base");
		} else {
			const cJSON *m = cJSON_GetObjectItemCaseSensitive(mine, key);
			const cJSON *t = cJSON_GetObjectItemCaseSensitive(theirs, key);
			const cJSON *b = base ? cJSON_GetObjectItemCaseSensitive(base, key) : NULL;

			cJSON_AddItemToObject(f, "mine",
					      m ? cJSON_Duplicate(m, 1) : cJSON_CreateNull());
			cJSON_AddItemToObject(f, "theirs",
					      t ? cJSON_Duplicate(t, 1) : cJSON_CreateNull());
			cJSON_AddItemToObject(f, "base",
					      b ? cJSON_Duplicate(b, 1) : cJSON_CreateNull());
		}
		cJSON_AddItemToArray(fields, f);
	}
	cJSON_AddItemToObject(o, "fields", fields);
	cJSON_Delete(mine);
	cJSON_Delete(theirs);
	cJSON_Delete(base);
	return o;
}

int cli_cmd_conflict_list(struct cli *c, int argi)
{
	enum status st;
	size_t i;

	(void)argi;
	struct conflict *list = NULL;
	size_t n = 0;
	cJSON *a = c->json ? cJSON_CreateArray() : NULL;

	st = conflict_list(c->db, &list, &n);
	if (st != ST_OK) {
		cJSON_Delete(a);
		return cli_fail(st);
	}
	for (i = 0; i < n; i++) {
		char id8[9], *fields;

		if (a) {
			cJSON_AddItemToArray(a, conflict_json(c->db, &list[i]));
			continue;
		}
		snprintf(id8, sizeof(id8), "%s", list[i].id);
		fields = conflict_fields_text(&list[i]);
		cli_print_cell(id8, 8, false);
		cli_print_cell(list[i].entity->name, 12, false);
		cli_print_cell(record_name(list[i].mine_is_row ? list[i].mine : list[i].theirs), 24,
			       false);
		cli_print_cell(fields, 40, true);
		putchar('\n');
		free(fields);
	}
	if (a) {
		cli_print_json(a);
		cJSON_Delete(a);
	} else if (n == 0) {
		puts(_("no conflicts"));
	}
	conflict_list_free(list, n);
	return 0;
}

int cli_cmd_conflict_show(struct cli *c, int argi)
{
	struct conflict k;
	enum status st;
	size_t i;

	if (argi >= c->nargs)
		return cli_usage_error("%s", _("conflict show needs a record id"));
	st = conflict_get(c->db, c->args[argi], &k);
	if (st != ST_OK)
		return cli_fail(st);
	if (c->json) {
		cJSON *o = conflict_json(c->db, &k);

		cli_print_json(o);
		cJSON_Delete(o);
	} else {
		char *name =
		    utf8_sanitize(record_name(k.mine_is_row ? k.mine : k.theirs), 0, false);

		printf(_("%s \"%s\" %s: changed on both sides\n"), k.entity->name, name, k.id);
		free(name);
		cli_print_cell(_("field"), 16, false);
		cli_print_cell(_("mine"), 24, false);
		cli_print_cell(_("theirs"), 24, false);
		cli_print_cell(_("base"), 24, true);
		putchar('\n');
		for (i = 0; i < CONFLICT_SLOTS(k.entity); i++) {
			char *m, *t, *b;

			if (!k.conflicts[i])
				continue;
			m = conflict_slot_display(c->db, k.mine, i);
			t = conflict_slot_display(c->db, k.theirs, i);
			b = k.base ? conflict_slot_display(c->db, k.base, i)
				   : xstrdup(_("(unknown)"));
			cli_print_cell(conflict_slot_name(k.entity, i), 16, false);
			cli_print_cell(m, 24, false);
			cli_print_cell(t, 24, false);
			cli_print_cell(b, 24, true);
			putchar('\n');
			free(m);
			free(t);
			free(b);
		}
		printf(_("resolve: salesterm conflict resolve %.8s "
			 "FIELD=mine|theirs|base|VALUE "
			 "...\n"),
		       k.id);
	}
	conflict_clear(&k);
	return 0;
}

int cli_cmd_conflict_resolve(struct cli *c, int argi)
{
	enum status st;

	struct kv *kv;
	char **keys;
	int n = c->nargs - argi - 1, j;

	if (argi >= c->nargs)
		return cli_usage_error("%s", _("conflict resolve needs a record id"));
	kv = xcalloc((size_t)n + 1, sizeof(*kv));
	keys = xcalloc((size_t)n + 1, sizeof(char *));
	for (j = 0; j < n; j++) {
		const char *w = c->args[argi + 1 + j], *eq = strchr(w, '=');

		if (eq == NULL || eq == w) {
			for (int q = 0; q < j; q++)
				free(keys[q]);
			free(keys);
			free(kv);
			return cli_usage_error(_("\"%s\" is not FIELD=mine|theirs|base|VALUE"), w);
		}
		keys[j] = xstrndup(w, (size_t)(eq - w));
		kv[j].key = keys[j];
		kv[j].value = eq + 1;
	}
	st = conflict_resolve(c->db, c->args[argi], kv, (size_t)n);
	for (j = 0; j < n; j++)
		free(keys[j]);
	free(keys);
	free(kv);
	if (st != ST_OK)
		return cli_fail(st);
	if (!c->json)
		puts(_("resolved; the result is sent with the next sync"));
	return 0;
}
