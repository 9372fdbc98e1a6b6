/* tui_main.c - salesterm-tui: the terminal UI on the database of --db,
 * $SALESTERM_DB or the default.
 *
 * salesterm (src/main.c) runs the commands and, when none is given on a
 * terminal, hands its arguments (checked already) to this program with
 * execv(). The UI is a program of its own so that the commands never load
 * ncursesw and libtinfo: that is a sixth of the start-up of `help` or
 * `--version` (tests/bench/startup.sh). */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "paths.h"

int main(int argc, char **argv)
{
	const char *override = NULL;
	char *path, *config;
	int i, ret;

	i18n_setup();
	/* A file-size limit (ulimit -f) must fail a write, which rolls back, not
	 * kill the process half-way. */
	signal(SIGXFSZ, SIG_IGN);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			override = argv[++i];
		else if (strncmp(argv[i], "--db=", 5) == 0)
			override = argv[i] + 5;
	}
	path = paths_db(override);
	config = paths_config();
	ret = app_run(path, config);
	free(path);
	free(config);
	return ret;
}
