/* common.c - the helpers every command of the command line shares: opening
 * the database, option values, counts, FIELD=VALUE words, usage errors,
 * failure exit codes, cells, JSON and records on stdout, credentials. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "json.h"
#include "paths.h"
#include "record.h"
#include "strbuf.h"
#include "sync/sync.h"
#include "utf8.h"
#include "validate.h"
#include "xalloc.h"

/* Reading a field from a file: key@FILE (key@- for standard input). */
#define CLI_MAX_FILE ((size_t)16 * 1024 * 1024)

int cli_fail(enum status st)
{
	const char *msg = status_message();

	fprintf(stderr, "salesterm: %s\n", *msg ? msg : status_default_message(st));
	return status_exit_code(st);
}

int cli_usage_error(const char *fmt, const char *arg)
{
	fputs("salesterm: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(_(" (see 'salesterm help')\n"), stderr);
	return status_exit_code(ST_USAGE);
}

enum status cli_open(struct cli *c)
{
	char *path = paths_db(c->db_override);
	enum status st = db_open(path, DB_CREATE, &c->db);

	free(path);
	if (st == ST_OK && db_readonly(c->db))
		fprintf(stderr, _("salesterm: %s is read-only: showing data, refusing changes\n"),
			db_path(c->db));
	return st;
}

bool cli_opt_sort(const char *v, struct record_query *q, char **owned)
{
	char *colon;

	free(*owned);
	*owned = xstrdup(v);
	colon = strchr(*owned, ':');
	q->desc = false;
	if (colon) {
		q->desc = strcmp(colon + 1, "desc") == 0;
		if (!q->desc && strcmp(colon + 1, "asc") != 0) {
			cli_usage_error(_("--sort takes KEY, KEY:asc or KEY:desc, not \"%s\""), v);
			return false;
		}
		*colon = '\0';
	}
	q->sort_key = *owned;
	return true;
}

bool cli_opt_count(const char *opt, const char *v, long long max, long long *out)
{
	long long n = 0;
	bool digits = *v && strspn(v, "0123456789") == strlen(v);

	if (validate_int(v, 1, max, &n) == NULL) {
		*out = n;
		return true;
	}
	if (digits && strspn(v, "0") != strlen(v)) {
		char *msg = xasprintf(_("%s: %s is too big (at most %lld)"), opt, v, max);

		cli_usage_error("%s", msg);
		free(msg);
	} else {
		char *fmt = xasprintf(_("%s needs a positive number, not \"%%s\""), opt);

		cli_usage_error(fmt, v);
		free(fmt);
	}
	return false;
}

const char *cli_opt_value(struct cli *c, int *i)
{
	if (*i + 1 >= c->nargs) {
		cli_usage_error(_("%s needs a value"), c->args[*i]);
		return NULL;
	}
	return c->args[++*i];
}

/* Read a whole file (or stdin for "-") for key@FILE into *out (caller frees). */
static enum status read_value_file(const char *path, char **out)
{
	struct strbuf b = STRBUF_INIT;
	enum status st;

	*out = NULL;
	if (strcmp(path, "-") == 0)
		st = strbuf_read_stream(&b, stdin, _("standard input"), CLI_MAX_FILE);
	else
		st = strbuf_read_file(&b, path, CLI_MAX_FILE);
	if (st == ST_OK)
		*out = strbuf_detach(&b);
	strbuf_release(&b);
	return st;
}

enum status cli_parse_pairs(struct cli *c, const char *type, char **words, int n, struct kv *kv)
{
	int i;

	for (i = 0; i < n; i++) {
		char *w = words[i], *p = w;

		while (*p && *p != '=' && *p != '@')
			p++;
		if (*p == '\0' || p == w)
			return status_set(ST_USAGE, _("\"%s\" is not FIELD=VALUE"), w);
		kv[i].key = xstrndup(w, (size_t)(p - w));
		c->owned = xreallocarray(c->owned, (size_t)c->nowned + 2, sizeof(char *));
		c->owned[c->nowned++] = (char *)kv[i].key;
		if (*p == '=') {
			kv[i].value = p + 1;
		} else {
			char *v;
			enum status st = read_value_file(p + 1, &v);

			if (st != ST_OK) {
				char *msg = xstrdup(status_message());

				status_set(st, "%s: %s: %s", type, kv[i].key, msg);
				free(msg);
				return st;
			}
			c->owned[c->nowned++] = v;
			kv[i].value = v;
		}
	}
	return ST_OK;
}

void cli_print_cell(const char *text, int width, bool last)
{
	char *cell = last ? utf8_clip(text ? text : "", width) : utf8_fit(text ? text : "", width);

	fputs(cell, stdout);
	free(cell);
	if (!last)
		fputs("  ", stdout);
}

void cli_print_json(const cJSON *o)
{
	char *s = cJSON_Print(o);

	puts(s);
	free(s);
}

void cli_show_record(struct cli *c, const struct record *r)
{
	static const char *const sys[] = { "id",	 "owner",      "created_at",
					   "updated_at", "updated_by", "rev" };
	const struct entity *e = r->entity;
	size_t i;
	char *name;

	if (c->json) {
		cJSON *o = json_from_record(c->db, r, 1);

		cli_print_json(o);
		cJSON_Delete(o);
		return;
	}
	/* Names and values are text, not terminal commands: the database may
	 * hold what another program or a server put there. */
	name = utf8_sanitize(record_name(r), 0, false);
	printf("%s %s%s\n", e->name, name, r->deleted ? _(" (deleted)") : "");
	free(name);
	for (i = 0; i < e->nfields; i++) {
		char *raw = record_display(c->db, r, e->fields[i].key), *label, *v;

		v = utf8_sanitize(raw, 0, true);
		free(raw);
		if (*v == '\0') {
			free(v);
			continue;
		}
		label = utf8_fit(e->fields[i].key, 22);
		/* Notes keep their lines, indented under the label. */
		printf("  %s", label);
		for (char *p = v; *p; p++) {
			putchar(*p);
			if (*p == '\n' && p[1])
				printf("  %24s", "");
		}
		putchar('\n');
		free(label);
		free(v);
	}
	for (i = 0; i < sizeof(sys) / sizeof(sys[0]); i++) {
		char *raw = record_display(c->db, r, sys[i]), *label = utf8_fit(sys[i], 22);
		char *v = utf8_sanitize(raw, 0, false);

		free(raw);
		if (*v)
			printf("  %s%s\n", label, v);
		free(label);
		free(v);
	}
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
	bool restore = false;

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
	/* Echo off before the prompt shows, and without discarding what was
	 * typed ahead: a password typed as soon as the prompt appears (or
	 * before) is neither shown nor lost. */
	if (tcgetattr(fd, &old) == 0) {
		restore = true;
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		tcsetattr(fd, TCSANOW, &quiet);
	}
	fprintf(tty, _("Password for %s at %s: "), login, where);
	fflush(tty);
	if (fgets(buf, sizeof(buf), tty)) {
		n = strlen(buf);
		while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
			buf[--n] = '\0';
		pw = xstrdup(buf);
	}
	if (restore)
		tcsetattr(fd, TCSANOW, &old);
	fputc('\n', tty);
	sync_secret_wipe(buf);
	fclose(tty);
	return pw;
}

enum status cli_credentials(const struct sync_remote *r, char **login, char **password)
{
	enum status st = sync_credentials(r, login, password);

	if (st == ST_OK && *login && *password == NULL)
		*password = prompt_password(*login, r->url);
	return st;
}
