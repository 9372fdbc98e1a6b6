/* xalloc.h - allocation that aborts on out-of-memory.
 *
 * Like tmux's xmalloc: a failed allocation is not a recoverable error for an
 * interactive program, so callers never check these for NULL.
 */
#ifndef SALESTERM_XALLOC_H
#define SALESTERM_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* xreallocarray: grow an array of nmemb elements of size bytes, checking overflow. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
/* Duplicates; NULL in gives NULL out. Caller frees. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string. Caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Free *pp and set it to NULL. */
#define xfree_null(pp)                                                                             \
	do {                                                                                       \
		free(*(pp));                                                                       \
		*(pp) = NULL;                                                                      \
	} while (0)

#endif
