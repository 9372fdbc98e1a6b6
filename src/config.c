/* config.c - the config file, read once for every front end (see config.h). */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "strbuf.h"
#include "xalloc.h"

/* Every command of the file: its name, words after it, and how it is written. */
static const struct {
	const char *name;
	int words;
	const char *usage;
} config_commands[] = {
	{ "bind", 3, "bind SCREEN KEY ACTION" },
	{ "sync-credentials", 3, "sync-credentials REMOTE LOGIN PASSWORD" },
	{ "report", 3, "report NAME OPTION VALUE" },
};

#define NCOMMANDS (sizeof(config_commands) / sizeof(config_commands[0]))

static void wipe(char *s, size_t n)
{
	volatile char *p = s;

	while (p && n--)
		*p++ = '\0';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void add_error(struct config *c, int line, const char *command, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add_error(struct config *c, int line, const char *command, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	struct config_error *e;
	va_list ap;

	strbuf_addf(&msg, "%s:%d: ", c->origin, line);
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	c->errors = xreallocarray(c->errors, c->nerrors + 1, sizeof(*c->errors));
	e = &c->errors[c->nerrors++];
	e->line = line;
	e->command = xstrdup(command);
	e->message = strbuf_detach(&msg);
}

static void words_free(char **w, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		wipe(w[i], strlen(w[i]));
		free(w[i]);
	}
	free(w);
}

/*
 * Split one line (without its newline) into words. Returns the number of
 * words, or -1 with *why set (a static, untranslated reason) for a quote
 * that is not closed or is followed by something other than a blank.
 */
static int split_words(const char *p, const char *end, char ***out, const char **why)
{
	struct strbuf w = STRBUF_INIT;
	char **words = NULL;
	int n = 0;

	*out = NULL;
	for (;;) {
		char q;

		while (p < end && is_blank(*p))
			p++;
		if (p == end || *p == '#')
			break;
		if (*p == '"' || *p == '\'') {
			q = *p++;
			while (p < end && *p != q) {
				if (q == '"' && *p == '\\' && p + 1 < end &&
				    (p[1] == '"' || p[1] == '\\'))
					p++;
				strbuf_addc(&w, *p++);
			}
			if (p == end) {
				*why = N_("a quote is not closed");
				goto fail;
			}
			p++;
			if (p < end && !is_blank(*p)) {
				*why = N_("a closing quote must be followed by a blank");
				goto fail;
			}
		} else {
			while (p < end && !is_blank(*p))
				strbuf_addc(&w, *p++);
		}
		words = xreallocarray(words, (size_t)n + 1, sizeof(*words));
		words[n++] = strbuf_detach(&w);
	}
	strbuf_release(&w);
	*out = words;
	return n;
fail:
	wipe(w.s, w.len);
	strbuf_release(&w);
	words_free(words, n);
	return -1;
}

/* The first word of a line, for an error whose words could not be split. */
static char *first_word(const char *p, const char *end)
{
	const char *s;

	while (p < end && is_blank(*p))
		p++;
	for (s = p; p < end && !is_blank(*p) && *p != '"' && *p != '\''; p++)
		;
	return p > s && (p == end || is_blank(*p)) ? xstrndup(s, (size_t)(p - s)) : NULL;
}

static void parse_line(struct config *c, int lineno, const char *p, const char *end)
{
	const char *why = NULL;
	char **words;
	size_t k;
	int n = split_words(p, end, &words, &why);

	if (n < 0) {
		char *cmd = first_word(p, end);

		add_error(c, lineno, cmd, "%s", _(why));
		free(cmd);
		return;
	}
	if (n == 0)
		return;
	for (k = 0; k < NCOMMANDS; k++)
		if (strcmp(words[0], config_commands[k].name) == 0)
			break;
	if (k == NCOMMANDS) {
		add_error(c, lineno, NULL, _("unknown command \"%s\""), words[0]);
	} else if (n - 1 != config_commands[k].words) {
		/* The words are not shown: they may hold a password. */
		add_error(c, lineno, words[0],
			  ngettext("expected: %s, not %d word after \"%s\" (quote a word that "
				   "has blanks or starts with #)",
				   "expected: %s, not %d words after \"%s\" (quote a word that "
				   "has blanks or starts with #)",
				   (unsigned long)(n - 1)),
			  config_commands[k].usage, n - 1, words[0]);
	} else {
		c->lines = xreallocarray(c->lines, c->nlines + 1, sizeof(*c->lines));
		c->lines[c->nlines++] = (struct config_line){ lineno, n, words };
		return;
	}
	words_free(words, n);
}

struct config *config_parse(const char *text, const char *origin)
{
	struct config *c = xcalloc(1, sizeof(*c));
	const char *p = text ? text : "";
	int lineno = 0;

	c->origin = xstrdup(origin ? origin : "config");
	c->exists = true;
	while (*p) {
		const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p);

		parse_line(c, ++lineno, p, end);
		p = nl ? nl + 1 : end;
	}
	return c;
}

enum status config_read(const char *path, struct config **out)
{
	struct strbuf text = STRBUF_INIT;
	struct stat sb;
	enum status st;
	FILE *f;
	int err;

	*out = NULL;
	f = fopen(path, "rb");
	if (f == NULL) {
		err = errno;
		if (err == ENOENT) {
			*out = config_parse("", path);
			(*out)->exists = false;
			return ST_OK;
		}
		return status_set(ST_IO, _("cannot read %s: %s"), path, strerror(err));
	}
	st = strbuf_read_stream(&text, f, path, CONFIG_MAX_BYTES);
	if (st == ST_OK) {
		*out = config_parse(text.s, path);
		(*out)->private_file = fstat(fileno(f), &sb) == 0 && (sb.st_mode & 077) == 0;
	}
	fclose(f);
	wipe(text.s, text.len);
	strbuf_release(&text);
	return st;
}

void config_free(struct config **cp)
{
	struct config *c = *cp;
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nlines; i++)
		words_free(c->lines[i].argv, c->lines[i].argc);
	for (i = 0; i < c->nerrors; i++) {
		free(c->errors[i].command);
		free(c->errors[i].message);
	}
	free(c->lines);
	free(c->errors);
	free(c->origin);
	free(c);
	*cp = NULL;
}

const struct config_line *config_next(const struct config *c, const char *cmd, size_t *pos)
{
	while (c && *pos < c->nlines) {
		const struct config_line *l = &c->lines[(*pos)++];

		if (strcmp(l->argv[0], cmd) == 0)
			return l;
	}
	return NULL;
}

char *config_errors(const struct config *c, const char *cmd)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	for (i = 0; c && i < c->nerrors; i++) {
		const struct config_error *e = &c->errors[i];

		if (cmd && (e->command == NULL || strcmp(e->command, cmd) != 0))
			continue;
		if (b.len)
			strbuf_addc(&b, '\n');
		strbuf_adds(&b, e->message);
	}
	return b.len ? strbuf_detach(&b) : NULL;
}
