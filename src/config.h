/* config.h - the config file ($XDG_CONFIG_HOME/salesterm/config), read once
 * for every front end.
 *
 * One command per line; words are separated by blanks (spaces, tabs; a CR
 * before the newline is ignored). A '#' that starts a word starts a comment
 * to the end of the line ("pa#ss" is a word, "# note" a comment). A word that
 * starts with a double quote runs to the next unescaped '"' (inside, \" is a
 * quote and \\ a backslash); one that starts with a single quote runs to the
 * next '\'' with no escapes. A closing quote ends the word: a blank, the end
 * of the line or nothing else follows it. Quotes inside a bare word are
 * ordinary characters ("it's").
 *
 * The commands, with the module that acts on them:
 *
 *   bind SCREEN KEY ACTION                  ui/keys.c, the terminal UI's keys
 *   sync-credentials REMOTE LOGIN PASSWORD  src/sync/remote.c
 *   report NAME OPTION VALUE                src/report/registry.c, the default of a
 *                                           report's own option ("report abc
 *                                           a-share 70": --a-share 70)
 *
 * The reader checks the command names and their number of words, so every
 * front end reports an unknown command or a malformed line the same way
 * ("config:3: unknown command \"bnid\"") and none reports a command of
 * another front end; what the words mean is checked by the module that uses
 * them.
 */
#ifndef SALESTERM_CONFIG_H
#define SALESTERM_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

/* A well-formed line of a known command. */
struct config_line {
	int line;    /* line number, from 1 */
	int argc;    /* words, the command included */
	char **argv; /* the words without quotes; argv[0] is the command */
};

/* A line the reader refused. */
struct config_error {
	int line;
	char *command; /* the line's first word if it could be read, else NULL */
	char *message; /* "ORIGIN:LINE: reason", translated */
};

struct config {
	char *origin;		   /* the file's name in messages */
	bool exists;		   /* false: there is no such file (and nothing in it) */
	bool private_file;	   /* neither group nor others have any permission on it */
	struct config_line *lines; /* in file order */
	size_t nlines;
	struct config_error *errors; /* in file order */
	size_t nerrors;
};

/* The largest config file read; a longer one is an error, not cut. */
#define CONFIG_MAX_BYTES ((size_t)1024 * 1024)

/* Parse text (NULL reads as ""); origin names it in messages. Never fails:
 * refused lines are in errors. Free with config_free(). */
struct config *config_parse(const char *text, const char *origin);
/*
 * Read and parse the file at path. A missing file gives an empty config with
 * exists false. ST_IO (unreadable) or ST_INVALID (over CONFIG_MAX_BYTES, a
 * NUL byte) with the message set, and *out NULL. Free with config_free().
 */
enum status config_read(const char *path, struct config **out);
/* Free c (its text is wiped: it may hold passwords) and set *c to NULL. */
void config_free(struct config **c);
/* The next line of command cmd at or after index *pos, advancing *pos past
 * it; NULL when there is none. Start with *pos = 0. */
const struct config_line *config_next(const struct config *c, const char *cmd, size_t *pos);
/* The messages of the refused lines, one per line: all of them (cmd NULL),
 * or those of the lines of command cmd. NULL if there are none; caller frees. */
char *config_errors(const struct config *c, const char *cmd);

#endif
