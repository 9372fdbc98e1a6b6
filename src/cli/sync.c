/* sync.c - the sync command (once, or --watch) and what it reports: sync
 * status, pending, log and quarantine. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "record.h"
#include "sync/conflict.h"
#include "sync/sync.h"
#include "utf8.h"
#include "xalloc.h"

static volatile sig_atomic_t cli_cancel;

static void on_signal(int sig)
{
	(void)sig;
	cli_cancel = 1;
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

struct sync_ui {
	struct cli *c;
	bool tty;
	bool dry_run;
	long last_done;
	enum sync_phase last_phase;
	bool bar_open;
};

static const char *phase_name(enum sync_phase ph)
{
	switch (ph) {
	case SYNC_PHASE_CONNECT:
		return _("connect");
	case SYNC_PHASE_PUSH:
		return _("push");
	case SYNC_PHASE_PULL:
		return _("pull");
	default:
		return _("done");
	}
}

static void on_progress(const struct sync_progress *p, void *ctx)
{
	struct sync_ui *ui = ctx;

	if (ui->tty) {
		char bar[31];
		int fill = 0, i;

		if (p->phase == SYNC_PHASE_DONE || p->phase == SYNC_PHASE_CONNECT) {
			if (ui->bar_open)
				fputc('\n', stderr);
			ui->bar_open = false;
			return;
		}
		if (ui->bar_open && p->phase != ui->last_phase)
			fputc('\n', stderr);
		if (p->total > 0)
			fill = (int)(30 * (p->done > p->total ? p->total : p->done) / p->total);
		for (i = 0; i < 30; i++)
			bar[i] = i < fill ? '#' : (p->total > 0 ? '.' : ' ');
		bar[30] = '\0';
		if (p->total > 0)
			fprintf(stderr, "\r%s %-5s [%s] %ld/%ld", p->remote, phase_name(p->phase),
				bar, p->done, p->total);
		else
			fprintf(stderr, "\r%s %-5s %ld", p->remote, phase_name(p->phase), p->done);
		fflush(stderr);
		ui->bar_open = true;
		ui->last_phase = p->phase;
		return;
	}
	/* Not a terminal: a line per batch, none for an idle phase. */
	if (p->phase == SYNC_PHASE_PUSH || p->phase == SYNC_PHASE_PULL) {
		if (p->done == 0 && p->phase == ui->last_phase)
			return;
		if (p->done > 0 || p->phase != ui->last_phase) {
			if (p->done > 0) {
				if (p->total >= 0)
					fprintf(stderr, _("%s: %s %ld/%ld\n"), p->remote,
						phase_name(p->phase), p->done, p->total);
				else
					fprintf(stderr, _("%s: %s %ld\n"), p->remote,
						phase_name(p->phase), p->done);
			}
		}
		ui->last_phase = p->phase;
	}
}

static void print_quoted(const char *s)
{
	char *c = utf8_clip(s, 60);

	printf("\"%s\"", c);
	free(c);
}

static void on_change(struct db *db, const struct sync_change *ch, void *ctx)
{
	struct sync_ui *ui = ctx;
	const struct entity *e = ch->entity;
	const struct record *before = ch->before, *after = ch->after;
	const char *what = "";
	char id8[9];
	size_t i;

	if (ui->bar_open) {
		fputc('\n', stderr);
		ui->bar_open = false;
	}
	snprintf(id8, sizeof(id8), "%s", ch->id);
	switch (ch->kind) {
	case SYNC_REJECT: {
		/* The server's words and the record's name: text, not terminal commands. */
		char *name = utf8_sanitize(after ? record_name(after) : ch->id, 0, false),
		     *why = utf8_sanitize(ch->reason ? ch->reason : "", 0, false);

		fprintf(stderr,
			_("salesterm: the server refused %s \"%s\" (%s): %s; it stays here "
			  "as it is\n"),
			e->name, name, id8, why);
		free(name);
		free(why);
		return;
	}
	case SYNC_CONFLICT: {
		char *name = utf8_sanitize(before ? record_name(before) : ch->id, 0, false);

		printf(_("conflict %s \"%s\" (%s): both sides changed it; see 'salesterm conflict "
			 "show %s'\n"),
		       e->name, name, id8, id8);
		free(name);
		return;
	}
	case SYNC_MERGE:
		if (!ui->dry_run)
			return;
		what = _("merge");
		break;
	case SYNC_SEND:
		if (!ui->dry_run)
			return;
		what = _("send");
		break;
	case SYNC_RECEIVE:
		if (!ui->dry_run)
			return;
		what = _("receive");
		break;
	}
	/* --dry-run: the document, then each field that changes. */
	{
		char *name = utf8_sanitize(record_name(after), 0, false);

		printf("%s %s \"%s\" %s%s\n", what, e->name, name, id8,
		       before == NULL			    ? _(" (new)")
		       : after->deleted && !before->deleted ? _(" (deleted)")
							    : "");
		free(name);
	}
	for (i = 0; i < CONFLICT_SLOTS(e); i++) {
		const char *a = after ? conflict_slot_value(after, i) : NULL;
		const char *b = before ? conflict_slot_value(before, i) : NULL;
		char *bs, *as;

		if (i == CONFLICT_DELETED(e))
			continue;
		if ((a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0))
			continue;
		bs = before ? conflict_slot_display(db, before, i) : xstrdup("");
		as = conflict_slot_display(db, after, i);
		printf("    %s: ", conflict_slot_name(e, i));
		if (before) {
			print_quoted(bs);
			fputs(" -> ", stdout);
		}
		print_quoted(as);
		putchar('\n');
		free(bs);
		free(as);
	}
}

static void print_result(struct cli *c, const char *remote, const struct sync_result *r,
			 bool dry_run)
{
	if (c->json) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "remote", remote);
		cJSON_AddBoolToObject(o, "dry_run", dry_run);
		cJSON_AddNumberToObject(o, "pushed", (double)r->pushed);
		cJSON_AddNumberToObject(o, "pulled", (double)r->pulled);
		cJSON_AddNumberToObject(o, "merged", (double)r->merged);
		cJSON_AddNumberToObject(o, "conflicts", (double)r->conflicts);
		cJSON_AddNumberToObject(o, "rejected", (double)r->rejected);
		cJSON_AddNumberToObject(o, "quarantined", (double)r->quarantined);
		cJSON_AddNumberToObject(o, "requests", (double)r->requests);
		cJSON_AddNumberToObject(o, "retries", (double)r->retries);
		cli_print_json(o);
		cJSON_Delete(o);
		return;
	}
	if (dry_run)
		printf(_("%s: would send %ld, receive %ld, merge %ld; %ld new conflicts "
			 "(nothing was changed)\n"),
		       remote, r->pushed, r->pulled, r->merged, r->conflicts);
	else
		printf(_("%s: sent %ld, received %ld, merged %ld, %ld new conflicts, %ld refused "
			 "by the server\n"),
		       remote, r->pushed, r->pulled, r->merged, r->conflicts, r->rejected);
	if (r->quarantined)
		printf(_("%s: %ld documents from the server cannot be stored here: kept aside "
			 "(see 'salesterm sync quarantine')\n"),
		       remote, r->quarantined);
}

/* Sleep ms unless cancelled. */
static void nap(long ms)
{
	while (ms > 0 && !cli_cancel) {
		long step = ms > 100 ? 100 : ms;
		struct timespec ts = { 0, step * 1000000L };

		nanosleep(&ts, NULL);
		ms -= step;
	}
}

int cli_cmd_sync_status(struct cli *c, int argi)
{
	struct sync_state s;
	enum status st = sync_state_get(c->db, &s);

	(void)argi;
	if (st != ST_OK)
		return cli_fail(st);
	if (c->json) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddNumberToObject(o, "pending", (double)s.pending);
		cJSON_AddNumberToObject(o, "rejected", (double)s.rejected);
		cJSON_AddNumberToObject(o, "conflicts", (double)s.conflicts);
		cJSON_AddNumberToObject(o, "quarantined", (double)s.quarantined);
		if (s.last_ok)
			cJSON_AddStringToObject(o, "last_ok", s.last_ok);
		else
			cJSON_AddNullToObject(o, "last_ok");
		if (s.last_error)
			cJSON_AddStringToObject(o, "last_error", s.last_error);
		else
			cJSON_AddNullToObject(o, "last_error");
		cli_print_json(o);
		cJSON_Delete(o);
	} else {
		printf(_("pending    %ld local changes to send (%ld refused by the server)\n"
			 "conflicts  %ld\n"
			 "last sync  %s\n"),
		       s.pending, s.rejected, s.conflicts, s.last_ok ? s.last_ok : _("never"));
		if (s.quarantined)
			printf(_("quarantine %ld from the server that cannot be stored here (see "
				 "'salesterm sync quarantine')\n"),
			       s.quarantined);
		if (s.last_error) {
			char *msg = utf8_sanitize(s.last_error, 0, false);

			printf(_("last error %s: %s\n"), s.last_error_at ? s.last_error_at : "",
			       msg);
			free(msg);
		}
	}
	sync_state_clear(&s);
	return 0;
}

int cli_cmd_sync_pending(struct cli *c, int argi)
{
	struct sync_pending *p = NULL;
	size_t n = 0, i, shown = 0;
	int64_t after = 0;
	enum status st;

	(void)argi;
	/* Page by page (keyset on seq): a million changes print in constant
	 * memory, the JSON array one element a line. */
	do {
		st = sync_pending_page(c->db, after, SYNC_PENDING_PAGE_MAX, &p, &n);
		if (st != ST_OK)
			return cli_fail(st);
		for (i = 0; i < n; i++) {
			char id8[9];

			if (c->json) {
				cJSON *o = cJSON_CreateObject();
				char *text;

				cJSON_AddStringToObject(o, "type", p[i].entity->name);
				cJSON_AddStringToObject(o, "id", p[i].id);
				cJSON_AddStringToObject(o, "rev", p[i].rev);
				cJSON_AddStringToObject(o, "title", p[i].title);
				cJSON_AddStringToObject(o, "change",
							p[i].deleted  ? "deleted"
							: p[i].is_new ? "new"
								      : "changed");
				if (p[i].reason) {
					cJSON_AddStringToObject(o, "refused", p[i].reason);
					cJSON_AddNumberToObject(o, "refused_times",
								(double)p[i].refused);
					cJSON_AddStringToObject(o, "refused_at",
								p[i].refused_at ? p[i].refused_at
										: "");
					cJSON_AddStringToObject(o, "retry_at",
								p[i].retry_at ? p[i].retry_at : "");
				}
				text = cJSON_PrintUnformatted(o);
				printf("%s%s", shown + i ? ",\n " : "[", text);
				free(text);
				cJSON_Delete(o);
				continue;
			}
			snprintf(id8, sizeof(id8), "%s", p[i].id);
			cli_print_cell(id8, 8, false);
			cli_print_cell(p[i].entity->name, 12, false);
			cli_print_cell(p[i].deleted  ? _("deleted")
				       : p[i].is_new ? _("new")
						     : _("changed"),
				       8, false);
			cli_print_cell(p[i].title, 30, p[i].reason == NULL);
			if (p[i].reason) {
				char *why = utf8_sanitize(p[i].reason, 0, false);

				printf(_("refused: %s"), why);
				free(why);
				/* TRANSLATORS: after the server's reason: how many times it
				 * refused the change, when it last did, when it is offered
				 * again. */
				printf(ngettext(" (%ld time, last at %s; offered again %s%s)",
						" (%ld times, last at %s; offered again %s%s)",
						(unsigned long)p[i].refused),
				       p[i].refused, p[i].refused_at ? p[i].refused_at : "",
				       p[i].retry_at && *p[i].retry_at ? _("from ") : "",
				       p[i].retry_at && *p[i].retry_at ? p[i].retry_at
								       : _("at the next sync"));
			}
			putchar('\n');
		}
		shown += n;
		if (n)
			after = p[n - 1].seq;
		sync_pending_free(p, n);
	} while (n == SYNC_PENDING_PAGE_MAX);
	if (c->json)
		puts(shown ? "]" : "[]");
	else if (shown == 0)
		puts(_("nothing to send"));
	return 0;
}

/* sync quarantine: the server's documents that cannot be stored here. */
int cli_cmd_sync_quarantine(struct cli *c, int argi)
{
	struct sync_quarantined *q = NULL;
	size_t n = 0, i;
	enum status st = sync_quarantine_list(c->db, 0, &q, &n);
	cJSON *a = c->json ? cJSON_CreateArray() : NULL;

	(void)argi;
	if (st != ST_OK) {
		cJSON_Delete(a);
		return cli_fail(st);
	}
	for (i = 0; i < n; i++) {
		if (a) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "id", q[i].id);
			if (q[i].type)
				cJSON_AddStringToObject(o, "type", q[i].type);
			else
				cJSON_AddNullToObject(o, "type");
			cJSON_AddStringToObject(o, "rev", q[i].rev);
			cJSON_AddStringToObject(o, "remote", q[i].remote);
			cJSON_AddStringToObject(o, "reason", q[i].reason);
			cJSON_AddStringToObject(o, "at", q[i].at);
			cJSON_AddItemToArray(a, o);
			continue;
		}
		cli_print_cell(q[i].id, 20, false);
		cli_print_cell(q[i].type ? q[i].type : "?", 12, false);
		cli_print_cell(q[i].reason, 200, true);
		putchar('\n');
	}
	if (a) {
		cli_print_json(a);
		cJSON_Delete(a);
	} else if (n == 0) {
		puts(_("no documents in quarantine"));
	}
	sync_quarantine_free(q, n);
	return 0;
}

int cli_cmd_sync_log(struct cli *c, int argi)
{
	struct sync_run_log *r = NULL;
	size_t n = 0, i;
	enum status st = sync_runs_list(c->db, 20, &r, &n);

	(void)argi;
	if (st != ST_OK)
		return cli_fail(st);
	for (i = 0; i < n; i++) {
		char *msg = utf8_sanitize(r[i].message, 0, false);

		printf("%s  %-12s %s  sent %ld received %ld merged %ld conflicts %ld refused "
		       "%ld%s%s\n",
		       r[i].started_at, r[i].remote,
		       r[i].ended_at == NULL ? _("unfinished")
		       : r[i].ok	     ? _("ok")
					     : _("failed"),
		       r[i].pushed, r[i].pulled, r[i].merged, r[i].conflicts, r[i].rejected,
		       msg ? ": " : "", msg ? msg : "");
		free(msg);
	}
	if (n == 0)
		puts(_("no sync has run yet"));
	sync_runs_free(r, n);
	return 0;
}

int cli_cmd_sync(struct cli *c, int argi)
{
	struct sync_options o = { 0 };
	struct sync_result res;
	struct sync_remote remote;
	struct sync_ui ui = { 0 };
	char *login = NULL, *password = NULL;
	bool watch = false;
	struct sync_backoff backoff = { 0 };
	long interval = 30, max_runs = 0, runs = 0;
	enum status st;
	int i, ret = 0;

	for (i = argi; i < c->nargs; i++) {
		const char *a = c->args[i], *v;
		char *end;

		if (strcmp(a, "--dry-run") == 0 || strcmp(a, "-n") == 0) {
			o.dry_run = true;
		} else if (strcmp(a, "--watch") == 0) {
			watch = true;
		} else if (strcmp(a, "--push-only") == 0) {
			o.no_pull = true;
		} else if (strcmp(a, "--pull-only") == 0) {
			o.no_push = true;
		} else if (strcmp(a, "--batch") == 0 || strcmp(a, "--interval") == 0 ||
			   strcmp(a, "--max-runs") == 0) {
			long n;

			if ((v = cli_opt_value(c, &i)) == NULL)
				return 2;
			n = strtol(v, &end, 10);
			if (*end || n <= 0)
				return cli_usage_error(_("%s needs a positive number"), a);
			if (a[2] == 'b')
				o.batch = n;
			else if (a[2] == 'i')
				interval = n;
			else
				max_runs = n;
		} else if (strcmp(a, "--remote") == 0) {
			if ((o.remote = cli_opt_value(c, &i)) == NULL)
				return 2;
		} else if (a[0] == '-') {
			return cli_usage_error(_("unknown option %s"), a);
		} else if (o.remote == NULL) {
			o.remote = a;
		} else {
			return cli_usage_error(_("unexpected \"%s\""), a);
		}
	}
	if (o.no_push && o.no_pull)
		return cli_usage_error("%s", _("--push-only and --pull-only exclude each other"));
	if (watch && o.dry_run)
		return cli_usage_error("%s", _("--watch and --dry-run exclude each other"));
	st = sync_remote_get(c->db, o.remote, &remote);
	if (st != ST_OK)
		return cli_fail(st);
	st = cli_credentials(&remote, &login, &password);
	if (st != ST_OK) {
		sync_remote_clear(&remote);
		return cli_fail(st);
	}
	if (password && sync_cleartext_warn_once(c->db, &remote))
		fprintf(stderr,
			_("salesterm: warning: %s is plain http://: the password for %s goes over "
			  "the network unencrypted, readable by anyone on the way; use https:// "
			  "(said once for this remote)\n"),
			remote.url, login ? login : "");
	o.remote = remote.name;
	o.login = login;
	o.password = password;
	ui.c = c;
	ui.tty = isatty(STDERR_FILENO) && !c->json;
	ui.dry_run = o.dry_run;
	ui.last_phase = SYNC_PHASE_CONNECT;
	o.progress = on_progress;
	o.progress_ctx = &ui;
	o.change = on_change;
	o.change_ctx = &ui;
	o.cancel = &cli_cancel;
	catch_signals();
	for (;;) {
		st = sync_run(c->db, &o, &res);
		runs++;
		if (ui.bar_open) {
			fputc('\n', stderr);
			ui.bar_open = false;
		}
		if (st == ST_OK) {
			if (!watch || res.pushed || res.pulled || res.conflicts || res.rejected)
				print_result(c, remote.name, &res, o.dry_run);
			sync_backoff_reset(&backoff);
		} else if (!(watch && cli_cancel)) {
			ret = cli_fail(st);
		}
		if (!watch || cli_cancel || (max_runs && runs >= max_runs))
			break;
		if (st != ST_OK) {
			/* The connection is gone: try again later, waiting longer each time. */
			long wait = sync_backoff_next(&backoff);

			fprintf(stderr, _("salesterm: trying again in %ld s\n"),
				(wait + 999) / 1000);
			nap(wait);
			continue;
		}
		/* Wait for the server's changes (longpoll), or our own, in short slices. */
		{
			long waited = 0;

			while (!cli_cancel && waited < interval * 1000) {
				struct sync_state s;
				bool changed = false;
				long slice = interval * 1000 - waited < 5000
						 ? interval * 1000 - waited
						 : 5000;

				if (sync_wait_remote(c->db, &o, slice, &changed) != ST_OK) {
					nap(slice);
					break;
				}
				waited += slice;
				if (changed)
					break;
				if (sync_state_get(c->db, &s) == ST_OK && s.pending > s.rejected) {
					sync_state_clear(&s);
					break;
				}
				sync_state_clear(&s);
			}
		}
		if (cli_cancel)
			break;
	}
	if (watch && cli_cancel) {
		fputs(_("salesterm: stopped watching\n"), stderr);
		ret = 0;
	}
	sync_secret_wipe(password);
	free(password);
	free(login);
	sync_remote_clear(&remote);
	return ret;
}
