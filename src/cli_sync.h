/* cli_sync.h - the sync commands of the command line: remote, sync, conflict,
 * server-init (src/sync/sync.h does the work). */
#ifndef SALESTERM_CLI_SYNC_H
#define SALESTERM_CLI_SYNC_H

#include <stdbool.h>
#include <stdio.h>

/* Is cmd one of the sync commands? */
bool cli_sync_handles(const char *cmd);
/* Run args[0..nargs) (args[0] is the command) on the database db_override
 * (NULL: the default); returns the process exit code. */
int cli_sync_run(const char *db_override, bool json, int nargs, char **args);
/* The sync part of the usage text. */
void cli_sync_usage(FILE *out);

#endif
