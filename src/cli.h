/* cli.h - the `salesterm` command line: one subcommand per core capability.
 *
 * Everything the TUI can do to data, the CLI can do too (doc/DESIGN.md
 * principle 3), so scripts and tests drive the core without a terminal.
 */
#ifndef SALESTERM_CLI_H
#define SALESTERM_CLI_H

#include <stdio.h>

/* Run one command line; returns the process exit code (see status.h). */
int cli_run(int argc, char **argv);
/* Print the usage text to out. */
void cli_usage(FILE *out);

#endif
