/* main.c - salesterm: locale, then the command line or the terminal UI. */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>

#include "cli.h"
#include "i18n.h"

int main(int argc, char **argv)
{
	int ret;

	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);
#endif
	/* A file-size limit (ulimit -f) must fail a write, which rolls back, not
	 * kill the process half-way. */
	signal(SIGXFSZ, SIG_IGN);
	ret = cli_run(argc, argv);
	if (ret < 0) {
		fputs(_("salesterm: the terminal UI is not built yet; use the commands below.\n"),
		      stderr);
		cli_usage(stderr);
		ret = 0;
	}
	return ret;
}
