/* marketing.c - lead nurture and marketing consent: `lead nurture`, `consent
 * give|withdraw|status` (the rules are the core's: src/nurture.h,
 * src/consent.h). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "clock.h"
#include "consent.h"
#include "db.h"
#include "i18n.h"
#include "nurture.h"
#include "record.h"
#include "xalloc.h"

int cli_cmd_lead_nurture(struct cli *c, int argi)
{
	long long every = 0;
	char *next = NULL;
	enum status st;
	const char *v;

	if (argi >= c->nargs || c->args[argi][0] == '-')
		return cli_usage_error("%s", _("lead nurture needs a lead id or name"));
	for (int i = argi + 1; i < c->nargs; i++) {
		if (strcmp(c->args[i], "--every") == 0) {
			if ((v = cli_opt_value(c, &i)) == NULL ||
			    !cli_opt_count("--every", v, 365, &every))
				return 2;
		} else {
			return cli_usage_error(_("unknown option %s"), c->args[i]);
		}
	}
	st = nurture_start(c->db, c->args[argi], (int)every, &next);
	if (st != ST_OK)
		return cli_fail(st);
	if (c->json)
		printf("{\"next_touch\": %s%s%s}\n", next ? "\"" : "", next ? next : "null",
		       next ? "\"" : "");
	else if (next)
		printf(_("nurturing; next touch %s\n"), next);
	else
		printf("%s\n", _("nurturing; no touch scheduled (one is planned already, or the "
				 "lead is do-not-contact)"));
	free(next);
	return 0;
}

/* consent give|withdraw CONTACT CHANNEL... [--how TEXT] [--note TEXT] [--at WHEN] */
static int consent_write(struct cli *c, int argi, bool withdraw)
{
	struct consent_input in = { .withdraw = withdraw };
	const char **chans = NULL;
	enum status st;
	int n = 0, ret = 0;

	if (argi >= c->nargs || c->args[argi][0] == '-')
		return cli_usage_error(_("consent %s needs a contact and a channel"),
				       withdraw ? "withdraw" : "give");
	in.contact = c->args[argi];
	chans = xcalloc((size_t)c->nargs, sizeof(*chans));
	for (int i = argi + 1; i < c->nargs; i++) {
		const char *a = c->args[i], **slot = NULL;

		if (strcmp(a, "--how") == 0)
			slot = &in.method;
		else if (strcmp(a, "--note") == 0)
			slot = &in.note;
		else if (strcmp(a, "--at") == 0)
			slot = &in.at;
		else if (a[0] == '-') {
			ret = cli_usage_error(_("unknown option %s"), a);
			goto out;
		} else
			chans[in.nchannels++] = a;
		if (slot && (*slot = cli_opt_value(c, &i)) == NULL) {
			ret = 2;
			goto out;
		}
	}
	in.channels = chans;
	st = consent_record(c->db, &in, &n);
	if (st != ST_OK) {
		ret = cli_fail(st);
		goto out;
	}
	if (c->json)
		printf("{\"recorded\": %d}\n", n);
	else
		printf(withdraw ? ngettext("consent withdrawn on %d channel\n",
					   "consent withdrawn on %d channels\n", (unsigned long)n)
				: ngettext("consent given on %d channel\n",
					   "consent given on %d channels\n", (unsigned long)n),
		       n);
out:
	free(chans);
	return ret;
}

int cli_cmd_consent_give(struct cli *c, int argi)
{
	return consent_write(c, argi, false);
}

int cli_cmd_consent_withdraw(struct cli *c, int argi)
{
	return consent_write(c, argi, true);
}

static const char *state_word(enum consent_state s)
{
	return s == CONSENT_GIVEN ? "given" : s == CONSENT_WITHDRAWN ? "withdrawn" : "never";
}

static const char *state_label(enum consent_state s)
{
	return s == CONSENT_GIVEN	? _("given")
	       : s == CONSENT_WITHDRAWN ? _("withdrawn")
					: _("never asked");
}

int cli_cmd_consent_status(struct cli *c, int argi)
{
	struct record *con = NULL;
	cJSON *o = NULL, *chans = NULL;
	bool dnc;
	enum status st;

	if (argi >= c->nargs)
		return cli_usage_error("%s", _("consent status needs a contact"));
	if (argi + 1 < c->nargs)
		return cli_usage_error(_("unknown option %s"), c->args[argi + 1]);
	st = record_find(c->db, &entity_contact, c->args[argi], &con);
	if (st != ST_OK)
		return cli_fail(st);
	dnc = record_get(con, "do_not_contact") &&
	      strcmp(record_get(con, "do_not_contact"), "1") == 0;
	if (c->json) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "contact", con->id);
		cJSON_AddBoolToObject(o, "do_not_contact", dnc);
		chans = cJSON_AddObjectToObject(o, "channels");
	} else {
		printf(_("Consent of %s%s\n"), record_name(con),
		       dnc ? _(" (do not contact: no channel may be used)") : "");
	}
	for (size_t i = 0; consent_channel_names[i]; i++) {
		const char *ch = consent_channel_names[i];
		enum consent_state s;
		char *at = NULL, *how = NULL, local[17] = "";

		st = consent_current(c->db, con->id, ch, &s, &at, &how);
		if (st != ST_OK)
			break;
		if (c->json) {
			cJSON *one = cJSON_AddObjectToObject(chans, ch);

			cJSON_AddStringToObject(one, "consent", state_word(s));
			if (at)
				cJSON_AddStringToObject(one, "at", at);
			else
				cJSON_AddNullToObject(one, "at");
			if (how)
				cJSON_AddStringToObject(one, "method", how);
			else
				cJSON_AddNullToObject(one, "method");
			cJSON_AddBoolToObject(one, "may_market",
					      consent_may_market(c->db, con->id, ch));
		} else {
			if (at)
				clock_local_text(at, local);
			cli_print_cell(i18n_value(ch), 6, false);
			cli_print_cell(state_label(s), 12, false);
			cli_print_cell(local, 16, false);
			cli_print_cell(how, 30, true);
			putchar('\n');
		}
		free(at);
		free(how);
	}
	if (o && st == ST_OK)
		cli_print_json(o);
	cJSON_Delete(o);
	record_free(&con);
	return st == ST_OK ? 0 : cli_fail(st);
}
