/* main.c - salesterm: locale, then the command line or the terminal UI. */
/* autoconf's config.h (PACKAGE_VERSION, ENABLE_NLS) is included in every file
 * by Makefile.am (-include); src/config.h is the config file reader. */

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "i18n.h"
#include "xalloc.h"

/* The terminal UI's program: beside this one when it is there (the build
 * tree), else where `make install` puts it. Caller frees. */
static char *tui_program(void)
{
	char self[PATH_MAX], *slash, *p;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			p = xasprintf("%s/salesterm-tui", self);
			if (access(p, X_OK) == 0)
				return p;
			free(p);
		}
	}
	return xstrdup(PKGLIBEXECDIR "/salesterm-tui");
}

/* No command: the terminal UI (ui/tui_main.c) with the same arguments, which
 * cli_run() has checked already. The UI is a program of its own so that the
 * commands never load ncursesw. */
static int run_tui(char **argv)
{
	char *prog;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs(
		    _("salesterm: no command given, and the terminal UI needs a terminal; use the "
		      "commands below.\n"),
		    stderr);
		cli_usage(stderr);
		return 0;
	}
	prog = tui_program();
	execv(prog, argv);
	fprintf(stderr, _("salesterm: cannot start the terminal UI (%s): %s\n"), prog,
		strerror(errno));
	free(prog);
	return 1;
}

int main(int argc, char **argv)
{
	int ret;

	i18n_setup();
	/* A file-size limit (ulimit -f) must fail a write, which rolls back, not
	 * kill the process half-way. */
	signal(SIGXFSZ, SIG_IGN);
	ret = cli_run(argc, argv);
	if (ret < 0)
		ret = run_tui(argv);
	return ret;
}
