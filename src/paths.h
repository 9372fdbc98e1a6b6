/* paths.h - where salesterm keeps its files (doc/DESIGN.md section 7). */
#ifndef SALESTERM_PATHS_H
#define SALESTERM_PATHS_H

/* The database path: override if given, else $SALESTERM_DB, else
 * $XDG_DATA_HOME/salesterm/salesterm.db (~/.local/share/... by default).
 * Caller frees. */
char *paths_db(const char *override);
/* The config file: $XDG_CONFIG_HOME/salesterm/config. Caller frees. */
char *paths_config(void);

#endif
