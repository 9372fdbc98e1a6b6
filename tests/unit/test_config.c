/* test_config.c - TAP tests for src/config.c: the config file reader, and
 * sync_credentials() reading its lines. */
#include "config.h"
#include "sync/sync.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char home[] = "/tmp/salesterm-config-XXXXXX";

/* The words of line i of c joined with '|', into buf. */
static const char *words(const struct config *c, size_t i, char *buf, size_t size)
{
	size_t len = 0;
	int k;

	buf[0] = '\0';
	if (i >= c->nlines)
		return "(no such line)";
	for (k = 0; k < c->lines[i].argc; k++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", k ? "|" : "",
					c->lines[i].argv[k]);
	return buf;
}

static void test_syntax(void)
{
	char buf[256], *e;
	struct config *c;
	size_t pos = 0;
	const struct config_line *l;

	c = config_parse(NULL, "x");
	ok(c->nlines == 0 && c->nerrors == 0, "NULL text is an empty config");
	config_free(&c);
	ok(c == NULL, "config_free sets the pointer to NULL");
	config_free(&c);

	c = config_parse(
	    "# comment\n\n   \t\nbind generic j move-down\n"
	    "bind  generic\tk   move-up   # trailing comment\r\n"
	    "sync-credentials team-east rep1 s3cret      # REMOTE LOGIN PASSWORD\n"
	    "sync-credentials origin rep2 pa#ss\n"
	    "sync-credentials origin rep3 \"with blank # and \\\"quote\\\" \\\\ \\x\"\n"
	    "sync-credentials origin rep4 'single \"quoted\" \\'\n"
	    "sync-credentials origin rep5 it's\n"
	    "bind generic \"\" none",
	    "config");
	is_int(c->nerrors, 0, "a well-formed file has no errors");
	is_int(c->nlines, 8, "eight command lines");
	is_str(words(c, 0, buf, sizeof(buf)), "bind|generic|j|move-down", "plain words");
	is_str(words(c, 1, buf, sizeof(buf)), "bind|generic|k|move-up",
	       "blanks, tabs, a CR and a trailing comment");
	is_int(c->lines[1].line, 5, "line numbers count blank and comment lines");
	is_str(words(c, 2, buf, sizeof(buf)), "sync-credentials|team-east|rep1|s3cret",
	       "a trailing comment is not part of the password (the README's example)");
	is_str(words(c, 3, buf, sizeof(buf)), "sync-credentials|origin|rep2|pa#ss",
	       "a # inside a word is a character");
	is_str(words(c, 4, buf, sizeof(buf)),
	       "sync-credentials|origin|rep3|with blank # and \"quote\" \\ \\x",
	       "double quotes: blanks, #, \\\" and \\\\; other backslashes stay");
	is_str(words(c, 5, buf, sizeof(buf)), "sync-credentials|origin|rep4|single \"quoted\" \\",
	       "single quotes take everything literally");
	is_str(words(c, 6, buf, sizeof(buf)), "sync-credentials|origin|rep5|it's",
	       "a quote inside a bare word is a character");
	is_str(words(c, 7, buf, sizeof(buf)), "bind|generic||none", "an empty quoted word");
	l = config_next(c, "sync-credentials", &pos);
	ok(l && l->line == 6, "config_next finds the first line of a command");
	l = config_next(c, "sync-credentials", &pos);
	ok(l && l->line == 7, "and the next");
	pos = 0;
	l = config_next(c, "nothing", &pos);
	ok(l == NULL && pos == c->nlines, "NULL for a command with no lines");
	ok(config_errors(c, NULL) == NULL, "no error messages");
	config_free(&c);

	c = config_parse("bnid generic j move-down\n"
			 "bind generic j\n"
			 "sync-credentials origin rep1 my secret pass\n"
			 "sync-credentials origin rep1 \"open\n"
			 "bind generic \"j\"k move-down\n"
			 "bind generic j move-down\n",
			 "/home/u/.config/salesterm/config");
	is_int(c->nerrors, 5, "five bad lines");
	is_int(c->nlines, 1, "the good line is kept");
	e = config_errors(c, NULL);
	is_str(e,
	       "/home/u/.config/salesterm/config:1: unknown command \"bnid\"\n"
	       "/home/u/.config/salesterm/config:2: expected: bind SCREEN KEY ACTION, not 2 words "
	       "after \"bind\" (quote a word that has blanks or starts with #)\n"
	       "/home/u/.config/salesterm/config:3: expected: sync-credentials REMOTE LOGIN "
	       "PASSWORD, not 5 words after \"sync-credentials\" (quote a word that has blanks or "
	       "starts with #)\n"
	       "/home/u/.config/salesterm/config:4: a quote is not closed\n"
	       "/home/u/.config/salesterm/config:5: a closing quote must be followed by a blank",
	       "each error with file:line");
	ok(e && !strstr(e, "secret") && !strstr(e, "open"), "no message shows a password");
	free(e);
	e = config_errors(c, "sync-credentials");
	ok(e && strstr(e, "config:3:") && strstr(e, "config:4:") && !strstr(e, "config:2:") &&
	       !strstr(e, "config:1:"),
	   "the errors of one command's lines: %s", e ? e : "(none)");
	free(e);
	e = config_errors(c, "bind");
	ok(e && strstr(e, "config:2:") && strstr(e, "config:5:") && !strstr(e, "config:1:"),
	   "an unknown command belongs to no front end's lines");
	free(e);
	config_free(&c);
}

/* Write text to $HOME/.config/salesterm/config with mode. */
static void write_config(const char *text, mode_t mode)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/.config/salesterm/config", home);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

static void test_read(void)
{
	char path[256];
	struct config *c = NULL;
	enum status st;

	snprintf(path, sizeof(path), "%s/.config/salesterm/nothing", home);
	st = config_read(path, &c);
	ok(st == ST_OK && c && !c->exists && c->nlines == 0, "a missing file is an empty config");
	config_free(&c);

	write_config("bind generic j move-down\n", 0600);
	snprintf(path, sizeof(path), "%s/.config/salesterm/config", home);
	st = config_read(path, &c);
	ok(st == ST_OK && c && c->exists && c->private_file && c->nlines == 1,
	   "a 0600 file is read and private");
	is_str(c ? c->origin : NULL, path, "messages name the file");
	config_free(&c);
	chmod(path, 0644);
	st = config_read(path, &c);
	ok(st == ST_OK && c && !c->private_file, "a 0644 file is not private");
	config_free(&c);

	{
		/* One byte over the limit: refused, not cut. */
		size_t n = CONFIG_MAX_BYTES + 1;
		char *big = malloc(n + 1);

		memset(big, '#', n);
		big[n] = '\0';
		write_config(big, 0600);
		free(big);
	}
	st = config_read(path, &c);
	ok(st == ST_INVALID && c == NULL, "a file over the limit is an error");
	ok(strstr(status_message(), "more than 1048576 bytes") != NULL, "saying so: %s",
	   status_message());

	snprintf(path, sizeof(path), "%s/.config", home);
	st = config_read(path, &c);
	ok(st == ST_IO && c == NULL, "a directory is an error: %s", status_message());
}

static void test_credentials(void)
{
	struct sync_remote r = { .name = "team-east",
				 .url = "https://couch.example.com/team-east" };
	char *login = NULL, *pw = NULL;
	enum status st;

	write_config("bind generic j move-down   # keys\n"
		     "sync-credentials other x y\n"
		     "sync-credentials team-east rep1 s3cret      # REMOTE LOGIN PASSWORD\n",
		     0600);
	st = sync_credentials(&r, &login, &pw);
	is_int(st, ST_OK, "credentials from the config file");
	is_str(login, "rep1", "the login");
	is_str(pw, "s3cret", "the password without the trailing comment");
	free(login);
	free(pw);

	write_config("sync-credentials https://couch.example.com/team-east rep1 \"two words\"\n",
		     0600);
	st = sync_credentials(&r, &login, &pw);
	is_str(pw, "two words", "a quoted password with a blank, the remote named by URL");
	free(login);
	free(pw);

	r.login = "rep2";
	write_config("sync-credentials team-east rep1 a\n"
		     "sync-credentials team-east rep2 b\n",
		     0600);
	st = sync_credentials(&r, &login, &pw);
	ok(st == ST_OK && pw && strcmp(pw, "b") == 0, "the line of the remote's own login");
	free(login);
	free(pw);
	r.login = NULL;

	write_config("sync-credentials team-east rep1 s3cret\n", 0644);
	st = sync_credentials(&r, &login, &pw);
	is_int(st, ST_DENIED, "a password in a file others can read is refused");
	ok(strstr(status_message(), "chmod 600") != NULL, "saying how to fix it");
	free(login);
	free(pw);

	write_config("sync-credentials team-east rep1 my secret\n", 0600);
	st = sync_credentials(&r, &login, &pw);
	is_int(st, ST_INVALID, "a malformed credentials line is reported");
	ok(strstr(status_message(), "config:1: expected: sync-credentials") != NULL &&
	       !strstr(status_message(), "secret"),
	   "with file:line and without the password: %s", status_message());
	ok(login == NULL && pw == NULL, "and gives nothing");
	free(login);
	free(pw);

	write_config("bnid x\nbind nowhere x quit\n", 0644);
	st = sync_credentials(&r, &login, &pw);
	ok(st == ST_OK && pw == NULL, "the keys' lines and errors are not the sync's business");
	free(login);
	free(pw);
}

int main(void)
{
	char path[256];

	if (mkdtemp(home) == NULL)
		return 1;
	setenv("HOME", home, 1);
	unsetenv("XDG_CONFIG_HOME");
	snprintf(path, sizeof(path), "%s/.config", home);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/.config/salesterm", home);
	mkdir(path, 0700);
	test_syntax();
	test_read();
	test_credentials();
	snprintf(path, sizeof(path), "%s/.config/salesterm/config", home);
	unlink(path);
	snprintf(path, sizeof(path), "%s/.config/salesterm", home);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/.config", home);
	rmdir(path);
	rmdir(home);
	return done_testing();
}
