/* main.c - salesterm: locale, then the command line or the terminal UI. */
/* autoconf's config.h (PACKAGE_VERSION, ENABLE_NLS) is included in every file
 * by Makefile.am (-include); src/config.h is the config file reader. */

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "cli/cli.h"
#include "i18n.h"
#include "paths.h"

/* No command: the terminal UI on the database of --db, $SALESTERM_DB or the
 * default (cli_run() has checked the options already). */
static int run_tui(int argc, char **argv)
{
	const char *override = NULL;
	char *path, *config;
	int i, ret;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			override = argv[++i];
		else if (strncmp(argv[i], "--db=", 5) == 0)
			override = argv[i] + 5;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs(
		    _("salesterm: no command given, and the terminal UI needs a terminal; use the "
		      "commands below.\n"),
		    stderr);
		cli_usage(stderr);
		return 0;
	}
	path = paths_db(override);
	config = paths_config();
	ret = app_run(path, config);
	free(path);
	free(config);
	return ret;
}

int main(int argc, char **argv)
{
	int ret;

	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	{
		/* The catalogues' directory: installed ones, or others (the tests'
		 * uninstalled and pseudo-locale catalogues) named by the environment. */
		const char *dir = getenv("SALESTERM_LOCALEDIR");

		bindtextdomain(PACKAGE, dir && *dir ? dir : LOCALEDIR);
	}
	textdomain(PACKAGE);
#endif
	/* A file-size limit (ulimit -f) must fail a write, which rolls back, not
	 * kill the process half-way. */
	signal(SIGXFSZ, SIG_IGN);
	ret = cli_run(argc, argv);
	if (ret < 0)
		ret = run_tui(argc, argv);
	return ret;
}
