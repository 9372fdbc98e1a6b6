/* backoff.c - how long to wait before trying a failed sync run again: one
 * rule for `sync --watch` and the TUI's worker (tests/unit/test_remote.c
 * pins it). */
#include <errno.h>
#include <stdlib.h>

#include "sync/sync.h"

/* The first wait: $SALESTERM_SYNC_BACKOFF_MS when it is a positive number
 * (the tests make it short), else 1 s. */
static long backoff_first(void)
{
	const char *env = getenv("SALESTERM_SYNC_BACKOFF_MS");
	char *end;
	long ms;

	if (env == NULL || *env == '\0')
		return 1000;
	errno = 0;
	ms = strtol(env, &end, 10);
	if (errno || *end || ms <= 0)
		return 1000;
	return ms;
}

long sync_backoff_next(struct sync_backoff *b)
{
	if (b->ms <= 0)
		b->ms = backoff_first();
	else if (b->ms < SYNC_BACKOFF_MAX_MS)
		b->ms *= 2;
	if (b->ms > SYNC_BACKOFF_MAX_MS)
		b->ms = SYNC_BACKOFF_MAX_MS;
	return b->ms;
}

void sync_backoff_reset(struct sync_backoff *b)
{
	b->ms = 0;
}
