/* touch.c - `salesterm account touch ACCOUNT... [--date DATE]`: plan a call
 * for the owner of each customer at risk (src/touch.h), as the Churn
 * screen's key does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli/cli.h"
#include "i18n.h"
#include "touch.h"

int cli_cmd_account_touch(struct cli *c, int argi)
{
	const char *when = NULL;
	cJSON *arr = c->json ? cJSON_CreateArray() : NULL;
	int i, n = 0, ret = 0;

	for (i = argi; i < c->nargs; i++) {
		if (strcmp(c->args[i], "--date") == 0) {
			if ((when = cli_opt_value(c, &i)) == NULL) {
				cJSON_Delete(arr);
				return 2;
			}
		} else if (strncmp(c->args[i], "--", 2) == 0) {
			cJSON_Delete(arr);
			return cli_usage_error(_("account touch: unknown option \"%s\""),
					       c->args[i]);
		} else {
			n++;
		}
	}
	if (n == 0) {
		cJSON_Delete(arr);
		return cli_usage_error("%s", _("account touch needs an account (a name or id)"));
	}
	/* Each account is its own transaction: one refused is said, the others
	 * are planned. */
	for (i = argi; i < c->nargs; i++) {
		struct touch t;
		enum status st;

		if (strcmp(c->args[i], "--date") == 0) {
			i++;
			continue;
		}
		st = touch_schedule(c->db, c->args[i], when, &t);
		if (st != ST_OK) {
			int r = cli_fail(st);

			if (ret == 0)
				ret = r;
		} else if (arr) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "activity", t.activity_id);
			cJSON_AddStringToObject(o, "account", t.account_id);
			cJSON_AddStringToObject(o, "due", t.due);
			if (t.contact_name)
				cJSON_AddStringToObject(o, "contact", t.contact_name);
			else
				cJSON_AddNullToObject(o, "contact");
			if (t.owner)
				cJSON_AddStringToObject(o, "owner", t.owner);
			else
				cJSON_AddNullToObject(o, "owner");
			cJSON_AddItemToArray(arr, o);
		} else if (t.contact_name) {
			printf(_("planned a call to %s of %s on %s (%s)\n"), t.contact_name,
			       t.account_name, t.due, t.activity_id);
		} else {
			printf(_("planned a call to %s on %s (%s)\n"), t.account_name, t.due,
			       t.activity_id);
		}
		touch_clear(&t);
	}
	if (arr)
		cli_print_json(arr);
	cJSON_Delete(arr);
	return ret;
}
