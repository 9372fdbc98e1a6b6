/* cli_sync.c - the sync commands: remote, sync, conflict, server-init. */
#include "cli_sync.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "json.h"
#include "paths.h"
#include "record.h"
#include "sync/conflict.h"
#include "sync/sync.h"
#include "user.h"
#include "utf8.h"
#include "xalloc.h"

struct sc {
	const char *db_override;
	bool json;
	int nargs;
	char **args;
	struct db *db;
};

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

bool cli_sync_handles(const char *cmd)
{
	return strcmp(cmd, "remote") == 0 || strcmp(cmd, "sync") == 0 ||
	       strcmp(cmd, "conflict") == 0 || strcmp(cmd, "conflicts") == 0 ||
	       strcmp(cmd, "server-init") == 0;
}

void cli_sync_usage(FILE *out)
{
	fputs(
	    _("\n"
	      "Sync with the team's CouchDB server (see README, \"Sync\"):\n"
	      "  salesterm remote add URL [NAME] [--user LOGIN] [--cacert FILE] [--insecure]\n"
	      "                           [--default]\n"
	      "  salesterm remote list | remove NAME\n"
	      "  salesterm sync [REMOTE] [--dry-run] [--watch] [--push-only|--pull-only]\n"
	      "  salesterm sync status | pending | log | quarantine\n"
	      "  salesterm conflict list | show ID | resolve ID FIELD=mine|theirs|base|VALUE ...\n"
	      "  salesterm server-init URL [--user ADMIN] [--rep LOGIN=USER ...]\n"
	      "                            [--manager LOGIN=USER ...] [--territory NAME]\n"
	      "                            [--no-validate]\n"),
	    out);
}

static int fail(enum status st)
{
	const char *msg = status_message();

	fprintf(stderr, "salesterm: %s\n", *msg ? msg : status_default_message(st));
	return status_exit_code(st);
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("salesterm: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(_(" (see 'salesterm help')\n"), stderr);
	return status_exit_code(ST_USAGE);
}

static enum status open_db(struct sc *c)
{
	char *path = paths_db(c->db_override);
	enum status st = db_open(path, DB_CREATE, &c->db);

	free(path);
	return st;
}

static const char *opt_value(struct sc *c, int *i)
{
	if (*i + 1 >= c->nargs) {
		usage_error(_("%s needs a value"), c->args[*i]);
		return NULL;
	}
	return c->args[++*i];
}

static void print_json(cJSON *o)
{
	char *s = cJSON_Print(o);

	puts(s);
	free(s);
}

static void cell(const char *text, int width, bool last)
{
	char *s = last ? utf8_clip(text ? text : "", width) : utf8_fit(text ? text : "", width);

	fputs(s, stdout);
	free(s);
	if (!last)
		fputs("  ", stdout);
}

static void wipe(char *s)
{
	volatile char *p = s;

	while (p && *p)
		*p++ = '\0';
}

/* Ask for a password on the terminal, without echo. NULL if there is no
 * terminal. Caller frees. */
static char *prompt_password(const char *login, const char *where)
{
	struct termios old, quiet;
	char buf[512];
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	FILE *tty;
	char *pw = NULL;
	size_t n;

	if (fd < 0 || !isatty(STDIN_FILENO)) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	tty = fdopen(fd, "r+");
	if (tty == NULL) {
		close(fd);
		return NULL;
	}
	fprintf(tty, _("Password for %s at %s: "), login, where);
	fflush(tty);
	if (tcgetattr(fd, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	if (fgets(buf, sizeof(buf), tty)) {
		n = strlen(buf);
		while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
			buf[--n] = '\0';
		pw = xstrdup(buf);
	}
	tcsetattr(fd, TCSAFLUSH, &old);
	fputc('\n', tty);
	wipe(buf);
	fclose(tty);
	return pw;
}

/* Credentials for remote r: the config file, ~/.netrc, else a prompt. */
static enum status credentials(const struct sync_remote *r, char **login, char **password)
{
	enum status st = sync_credentials(r, login, password);

	if (st == ST_OK && *login && *password == NULL)
		*password = prompt_password(*login, r->url);
	return st;
}

/* ---- remote ---- */

static int cmd_remote(struct sc *c)
{
	const char *verb = c->nargs > 1 ? c->args[1] : "list";
	enum status st;
	int i;

	if (strcmp(verb, "add") == 0) {
		const char *url = NULL, *name = NULL, *login = NULL, *cacert = NULL;
		bool insecure = false, make_default = false, dropped = false;
		char *added = NULL;

		for (i = 2; i < c->nargs; i++) {
			const char *a = c->args[i];

			if (strcmp(a, "--user") == 0) {
				if ((login = opt_value(c, &i)) == NULL)
					return 2;
			} else if (strcmp(a, "--cacert") == 0) {
				if ((cacert = opt_value(c, &i)) == NULL)
					return 2;
			} else if (strcmp(a, "--insecure") == 0) {
				insecure = true;
			} else if (strcmp(a, "--default") == 0) {
				make_default = true;
			} else if (a[0] == '-' && a[1] == '-') {
				return usage_error(_("unknown option %s"), a);
			} else if (url == NULL) {
				url = a;
			} else if (name == NULL) {
				name = a;
			} else {
				return usage_error(_("unexpected \"%s\""), a);
			}
		}
		if (url == NULL)
			return usage_error("%s", _("remote add needs the URL of a database"));
		st = sync_remote_add(c->db, url, name, login, insecure, cacert, make_default,
				     &added, &dropped);
		if (st != ST_OK)
			return fail(st);
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
	if (strcmp(verb, "remove") == 0 || strcmp(verb, "rm") == 0) {
		if (c->nargs < 3)
			return usage_error("%s", _("remote remove needs a name"));
		st = sync_remote_remove(c->db, c->args[2]);
		if (st != ST_OK)
			return fail(st);
		printf(_("removed remote %s\n"), c->args[2]);
		return 0;
	}
	if (strcmp(verb, "list") == 0) {
		struct sync_remote *r = NULL;
		size_t n = 0, k;
		cJSON *a = c->json ? cJSON_CreateArray() : NULL;

		st = sync_remote_list(c->db, &r, &n);
		if (st != ST_OK) {
			cJSON_Delete(a);
			return fail(st);
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
			printf("%s%s  %s%s%s%s\n", r[k].name, r[k].is_default ? " (default)" : "",
			       r[k].url, r[k].login ? "  user " : "", r[k].login ? r[k].login : "",
			       r[k].insecure ? _("  (TLS not verified)") : "");
		}
		if (a) {
			print_json(a);
			cJSON_Delete(a);
		} else if (n == 0) {
			fputs(_("no remotes: add one with 'salesterm remote add URL'\n"), stderr);
		}
		sync_remotes_free(r, n);
		return 0;
	}
	return usage_error(_("unknown remote command \"%s\" (add, list, remove)"), verb);
}

/* ---- sync ---- */

struct sync_ui {
	struct sc *c;
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

static void print_result(struct sc *c, const char *remote, const struct sync_result *r,
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
		print_json(o);
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

static int cmd_sync_status(struct sc *c)
{
	struct sync_state s;
	enum status st = sync_state_get(c->db, &s);

	if (st != ST_OK)
		return fail(st);
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
		print_json(o);
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

static int cmd_sync_pending(struct sc *c)
{
	struct sync_pending *p = NULL;
	size_t n = 0, i, shown = 0;
	int64_t after = 0;
	enum status st;

	/* Page by page (keyset on seq): a million changes print in constant
	 * memory, the JSON array one element a line. */
	do {
		st = sync_pending_page(c->db, after, SYNC_PENDING_PAGE_MAX, &p, &n);
		if (st != ST_OK)
			return fail(st);
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
			cell(id8, 8, false);
			cell(p[i].entity->name, 12, false);
			cell(p[i].deleted  ? _("deleted")
			     : p[i].is_new ? _("new")
					   : _("changed"),
			     8, false);
			cell(p[i].title, 30, p[i].reason == NULL);
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
static int cmd_sync_quarantine(struct sc *c)
{
	struct sync_quarantined *q = NULL;
	size_t n = 0, i;
	enum status st = sync_quarantine_list(c->db, 0, &q, &n);
	cJSON *a = c->json ? cJSON_CreateArray() : NULL;

	if (st != ST_OK) {
		cJSON_Delete(a);
		return fail(st);
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
		cell(q[i].id, 20, false);
		cell(q[i].type ? q[i].type : "?", 12, false);
		cell(q[i].reason, 200, true);
		putchar('\n');
	}
	if (a) {
		print_json(a);
		cJSON_Delete(a);
	} else if (n == 0) {
		puts(_("no documents in quarantine"));
	}
	sync_quarantine_free(q, n);
	return 0;
}

static int cmd_sync_log(struct sc *c)
{
	struct sync_run_log *r = NULL;
	size_t n = 0, i;
	enum status st = sync_runs_list(c->db, 20, &r, &n);

	if (st != ST_OK)
		return fail(st);
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

static int cmd_sync(struct sc *c)
{
	struct sync_options o = { 0 };
	struct sync_result res;
	struct sync_remote remote;
	struct sync_ui ui = { 0 };
	char *login = NULL, *password = NULL;
	bool watch = false;
	long interval = 30, max_runs = 0, runs = 0, backoff = 0;
	enum status st;
	int i, ret = 0;

	if (c->nargs > 1 && strcmp(c->args[1], "status") == 0)
		return cmd_sync_status(c);
	if (c->nargs > 1 && strcmp(c->args[1], "pending") == 0)
		return cmd_sync_pending(c);
	if (c->nargs > 1 && strcmp(c->args[1], "log") == 0)
		return cmd_sync_log(c);
	if (c->nargs > 1 && strcmp(c->args[1], "quarantine") == 0)
		return cmd_sync_quarantine(c);
	for (i = 1; i < c->nargs; i++) {
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

			if ((v = opt_value(c, &i)) == NULL)
				return 2;
			n = strtol(v, &end, 10);
			if (*end || n <= 0)
				return usage_error(_("%s needs a positive number"), a);
			if (a[2] == 'b')
				o.batch = n;
			else if (a[2] == 'i')
				interval = n;
			else
				max_runs = n;
		} else if (strcmp(a, "--remote") == 0) {
			if ((o.remote = opt_value(c, &i)) == NULL)
				return 2;
		} else if (a[0] == '-') {
			return usage_error(_("unknown option %s"), a);
		} else if (o.remote == NULL) {
			o.remote = a;
		} else {
			return usage_error(_("unexpected \"%s\""), a);
		}
	}
	if (o.no_push && o.no_pull)
		return usage_error("%s", _("--push-only and --pull-only exclude each other"));
	if (watch && o.dry_run)
		return usage_error("%s", _("--watch and --dry-run exclude each other"));
	st = sync_remote_get(c->db, o.remote, &remote);
	if (st != ST_OK)
		return fail(st);
	st = credentials(&remote, &login, &password);
	if (st != ST_OK) {
		sync_remote_clear(&remote);
		return fail(st);
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
			backoff = 0;
		} else if (!(watch && cli_cancel)) {
			ret = fail(st);
		}
		if (!watch || cli_cancel || (max_runs && runs >= max_runs))
			break;
		if (st != ST_OK) {
			/* The connection is gone: try again later, waiting longer each time. */
			const char *env = getenv("SALESTERM_SYNC_BACKOFF_MS");
			long base = env && atol(env) > 0 ? atol(env) : 1000;

			backoff = backoff ? backoff * 2 : base;
			if (backoff > 60000)
				backoff = 60000;
			fprintf(stderr, _("salesterm: trying again in %ld s\n"),
				(backoff + 999) / 1000);
			nap(backoff);
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
	wipe(password);
	free(password);
	free(login);
	sync_remote_clear(&remote);
	return ret;
}

/* ---- conflict ---- */

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

/* "title, mobile" - the conflicting fields of k. Caller frees. */
static int cmd_conflict(struct sc *c)
{
	const char *verb = c->nargs > 1 ? c->args[1] : "list";
	struct conflict k;
	enum status st;
	size_t i;

	if (strcmp(verb, "list") == 0) {
		struct conflict *list = NULL;
		size_t n = 0;
		cJSON *a = c->json ? cJSON_CreateArray() : NULL;

		st = conflict_list(c->db, &list, &n);
		if (st != ST_OK) {
			cJSON_Delete(a);
			return fail(st);
		}
		for (i = 0; i < n; i++) {
			char id8[9], *fields;

			if (a) {
				cJSON_AddItemToArray(a, conflict_json(c->db, &list[i]));
				continue;
			}
			snprintf(id8, sizeof(id8), "%s", list[i].id);
			fields = conflict_fields_text(&list[i]);
			cell(id8, 8, false);
			cell(list[i].entity->name, 12, false);
			cell(record_name(list[i].mine_is_row ? list[i].mine : list[i].theirs), 24,
			     false);
			cell(fields, 40, true);
			putchar('\n');
			free(fields);
		}
		if (a) {
			print_json(a);
			cJSON_Delete(a);
		} else if (n == 0) {
			puts(_("no conflicts"));
		}
		conflict_list_free(list, n);
		return 0;
	}
	if (strcmp(verb, "show") == 0) {
		if (c->nargs < 3)
			return usage_error("%s", _("conflict show needs a record id"));
		st = conflict_get(c->db, c->args[2], &k);
		if (st != ST_OK)
			return fail(st);
		if (c->json) {
			cJSON *o = conflict_json(c->db, &k);

			print_json(o);
			cJSON_Delete(o);
		} else {
			char *name =
			    utf8_sanitize(record_name(k.mine_is_row ? k.mine : k.theirs), 0, false);

			printf(_("%s \"%s\" %s: changed on both sides\n"), k.entity->name, name,
			       k.id);
			free(name);
			cell(_("field"), 16, false);
			cell(_("mine"), 24, false);
			cell(_("theirs"), 24, false);
			cell(_("base"), 24, true);
			putchar('\n');
			for (i = 0; i < CONFLICT_SLOTS(k.entity); i++) {
				char *m, *t, *b;

				if (!k.conflicts[i])
					continue;
				m = conflict_slot_display(c->db, k.mine, i);
				t = conflict_slot_display(c->db, k.theirs, i);
				b = k.base ? conflict_slot_display(c->db, k.base, i)
					   : xstrdup(_("(unknown)"));
				cell(conflict_slot_name(k.entity, i), 16, false);
				cell(m, 24, false);
				cell(t, 24, false);
				cell(b, 24, true);
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
	if (strcmp(verb, "resolve") == 0) {
		struct kv *kv;
		char **keys;
		int n = c->nargs - 3, j;

		if (c->nargs < 3)
			return usage_error("%s", _("conflict resolve needs a record id"));
		kv = xcalloc((size_t)n + 1, sizeof(*kv));
		keys = xcalloc((size_t)n + 1, sizeof(char *));
		for (j = 0; j < n; j++) {
			const char *w = c->args[3 + j], *eq = strchr(w, '=');

			if (eq == NULL || eq == w) {
				for (int q = 0; q < j; q++)
					free(keys[q]);
				free(keys);
				free(kv);
				return usage_error(_("\"%s\" is not FIELD=mine|theirs|base|VALUE"),
						   w);
			}
			keys[j] = xstrndup(w, (size_t)(eq - w));
			kv[j].key = keys[j];
			kv[j].value = eq + 1;
		}
		st = conflict_resolve(c->db, c->args[2], kv, (size_t)n);
		for (j = 0; j < n; j++)
			free(keys[j]);
		free(keys);
		free(kv);
		if (st != ST_OK)
			return fail(st);
		if (!c->json)
			puts(_("resolved; the result is sent with the next sync"));
		return 0;
	}
	return usage_error(_("unknown conflict command \"%s\" (list, show, resolve)"), verb);
}

/* ---- server-init ---- */

static enum status add_member(struct sc *c, const char *spec, bool manager, struct sync_member **m,
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

static int cmd_server_init(struct sc *c)
{
	struct members_ctx ctx = { 0 };
	struct sync_remote pseudo = { 0 };
	const char *url = NULL, *admin = NULL, *cacert = NULL;
	char *login = NULL, *password = NULL, *clean = NULL;
	bool insecure = false, created = false, given = false, validate = true;
	enum status st = ST_OK;
	int i, ret = 0;
	size_t k;

	for (i = 1; i < c->nargs && st == ST_OK; i++) {
		const char *a = c->args[i], *v;

		if (strcmp(a, "--user") == 0) {
			if ((admin = opt_value(c, &i)) == NULL)
				return 2;
		} else if (strcmp(a, "--cacert") == 0) {
			if ((cacert = opt_value(c, &i)) == NULL)
				return 2;
		} else if (strcmp(a, "--territory") == 0) {
			if ((ctx.territory = opt_value(c, &i)) == NULL)
				return 2;
		} else if (strcmp(a, "--insecure") == 0) {
			insecure = true;
		} else if (strcmp(a, "--no-validate") == 0) {
			validate = false;
		} else if (strcmp(a, "--rep") == 0 || strcmp(a, "--member") == 0 ||
			   strcmp(a, "--manager") == 0) {
			if ((v = opt_value(c, &i)) == NULL)
				return 2;
			st = add_member(c, v, strcmp(a, "--manager") == 0, &ctx.m, &ctx.n,
					&ctx.owned);
			given = true;
		} else if (a[0] == '-') {
			return usage_error(_("unknown option %s"), a);
		} else if (url == NULL) {
			url = a;
		} else {
			return usage_error(_("unexpected \"%s\""), a);
		}
	}
	if (st == ST_OK && url == NULL)
		return usage_error("%s", _("server-init needs the URL of the database to prepare"));
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
		wipe(pw);
		free(pw);
		if (admin == NULL)
			admin = u ? u : NULL;
		pseudo.name = clean;
		pseudo.url = clean;
		pseudo.login = (char *)admin;
		if (st == ST_OK)
			st = credentials(&pseudo, &login, &password);
		if (st == ST_OK)
			st = sync_server_init(clean, login, password, insecure, cacert, ctx.m,
					      ctx.n, validate, &created);
		free(u);
	}
	if (st != ST_OK) {
		ret = fail(st);
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
	wipe(password);
	free(password);
	free(login);
	free(clean);
	return ret;
}

int cli_sync_run(const char *db_override, bool json, int nargs, char **args)
{
	struct sc c = { db_override, json, nargs, args, NULL };
	enum status st;
	int ret;

	st = sync_init();
	if (st != ST_OK)
		return fail(st);
	st = open_db(&c);
	if (st != ST_OK) {
		ret = fail(st);
	} else if (strcmp(args[0], "remote") == 0) {
		ret = cmd_remote(&c);
	} else if (strcmp(args[0], "sync") == 0) {
		ret = cmd_sync(&c);
	} else if (strcmp(args[0], "server-init") == 0) {
		ret = cmd_server_init(&c);
	} else {
		ret = cmd_conflict(&c);
	}
	db_close(&c.db);
	sync_cleanup();
	return ret;
}
