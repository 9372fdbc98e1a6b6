/* paths.c - where salesterm keeps its files. */
#include "paths.h"

#include <stdlib.h>

#include "xalloc.h"

/* $XDG_xxx_HOME if set and absolute, else $HOME/fallback. Caller frees. */
static char *xdg_dir(const char *var, const char *fallback)
{
	const char *v = getenv(var), *home = getenv("HOME");

	if (v && v[0] == '/')
		return xstrdup(v);
	return xasprintf("%s/%s", home && *home ? home : ".", fallback);
}

char *paths_db(const char *override)
{
	const char *env = getenv("SALESTERM_DB");
	char *dir, *path;

	if (override && *override)
		return xstrdup(override);
	if (env && *env)
		return xstrdup(env);
	dir = xdg_dir("XDG_DATA_HOME", ".local/share");
	path = xasprintf("%s/salesterm/salesterm.db", dir);
	free(dir);
	return path;
}

char *paths_config(void)
{
	char *dir = xdg_dir("XDG_CONFIG_HOME", ".config"), *path;

	path = xasprintf("%s/salesterm/config", dir);
	free(dir);
	return path;
}
