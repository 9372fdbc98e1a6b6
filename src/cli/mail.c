/* mail.c - log --mail [--contact ID|NAME] [--dry-run]: a mail piped from mutt
 * or neomutt (the whole message on standard input) logged as a follow-up.
 *
 * The core reads and matches the mail (src/io/mail.h); this prints what was
 * logged ("logged email with 张伟 <zw@huawei.com>, 2026-12-03 10:15: 报价"),
 * or, when several contacts match, each candidate with its id and exits 6
 * (ambiguous) so `--contact ID` can choose; no match exits 3 and writes
 * nothing.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "entity.h"
#include "i18n.h"
#include "io/mail.h"
#include "record.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

/* A mail bigger than this is not one to log (attachments and all). */
#define MAIL_MAX_BYTES ((size_t)64 << 20)

static void print_safe(FILE *out, const char *fmt, const char *a, const char *b, const char *c)
{
	char *x = utf8_sanitize(a, 300, false), *y = utf8_sanitize(b, 300, false),
	     *z = utf8_sanitize(c, 300, false);

	fprintf(out, fmt, x, y, z);
	free(x);
	free(y);
	free(z);
}

int cli_cmd_log(struct cli *c, int argi)
{
	struct strbuf in = STRBUF_INIT;
	struct mail m = { 0 };
	struct mail_match mm = { 0 };
	struct record *log = NULL;
	const char *contact = NULL;
	char *id = NULL, *who = NULL;
	bool mail = false, dry_run = false;
	enum status st;
	int ret = 0, i;
	size_t k;

	for (i = argi; i < c->nargs; i++) {
		const char *a = c->args[i];

		if (strcmp(a, "--mail") == 0)
			mail = true;
		else if (strcmp(a, "--dry-run") == 0)
			dry_run = true;
		else if (strcmp(a, "--contact") == 0) {
			if ((contact = cli_opt_value(c, &i)) == NULL)
				return 2;
		} else
			return cli_usage_error(_("log: unexpected \"%s\""), a);
	}
	if (!mail)
		return cli_usage_error(
		    "%s", _("log takes --mail and the message on standard input (other logs: "
			    "followup add)"));
	st = strbuf_read_stream(&in, stdin, _("standard input"), MAIL_MAX_BYTES);
	if (st == ST_OK)
		st = mail_parse(strbuf_str(&in), in.len, &m);
	if (st != ST_OK) {
		ret = cli_fail(st);
		goto out;
	}
	if (contact) {
		st = record_resolve(c->db, "contact", contact, &id, NULL);
		if (st != ST_OK) {
			ret = cli_fail(st);
			goto out;
		}
	} else {
		st = mail_match_contacts(c->db, &m, &mm);
		if (st != ST_OK) {
			ret = cli_fail(st);
			goto out;
		}
		if (mm.n == 0) {
			struct strbuf all = STRBUF_INIT;

			for (k = 0; k < m.nfrom + m.nto; k++) {
				const struct mail_address *x =
				    k < m.nfrom ? &m.from[k] : &m.to[k - m.nfrom];

				strbuf_addf(&all, "%s%s", k ? ", " : "", x->email);
			}
			st =
			    status_set(ST_NOT_FOUND,
				       _("no contact has the address %s: nothing logged (--contact "
					 "ID|NAME names one)"),
				       all.len ? all.s : _("(none)"));
			strbuf_release(&all);
			ret = cli_fail(st);
			goto out;
		}
		if (mm.n > 1) {
			fprintf(stderr,
				mm.by_sender
				    ? _("salesterm: %zu contacts have the sender's address; "
					"nothing logged. Choose one with --contact ID:\n")
				    : _("salesterm: %zu contacts are among the recipients; "
					"nothing logged. Choose one with --contact ID:\n"),
				mm.n);
			for (k = 0; k < mm.n; k++)
				print_safe(stderr, "  %s  %s <%s>\n", mm.ids[k], mm.names[k],
					   mm.emails[k]);
			ret = status_exit_code(ST_AMBIGUOUS);
			goto out;
		}
		id = xstrdup(mm.ids[0]);
	}
	st = mail_log(c->db, &m, id, dry_run, &log);
	if (st != ST_OK) {
		ret = cli_fail(st);
		goto out;
	}
	{
		char local[17];
		const char *at = record_get(log, "at");

		who = record_title_of(c->db, "contact", id);
		if (!clock_local_text(at, local))
			snprintf(local, sizeof(local), "%s", at);
		print_safe(stdout,
			   dry_run ? _("would log email with %s, %s: %s\n")
				   : _("logged email with %s, %s: %s\n"),
			   who, local, record_get(log, "outcome"));
		if (dry_run) {
			char *notes = utf8_sanitize(record_get(log, "notes"), 0, true);

			printf("%s\n", notes);
			free(notes);
		}
	}
out:
	record_free(&log);
	mail_match_clear(&mm);
	mail_clear(&m);
	strbuf_release(&in);
	free(id);
	free(who);
	return ret;
}
