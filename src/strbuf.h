/* strbuf.h - the one growable string of the core, and reading a whole file.
 *
 * A struct strbuf is zero-initialised (STRBUF_INIT) and holds a
 * NUL-terminated string once anything was added to it; len never counts the
 * NUL. Growing aborts on out-of-memory, like xalloc.h. Text may be written
 * straight into s after strbuf_grow(), as long as len is advanced and the
 * NUL is written back (strbuf_setlen()).
 *
 * Reading a whole file has one implementation too, with a size limit that is
 * an error, never a silent truncation.
 */
#ifndef SALESTERM_STRBUF_H
#define SALESTERM_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "status.h"

struct strbuf {
	char *s;    /* NULL until something is added; then NUL-terminated */
	size_t len; /* bytes in s */
	size_t cap; /* bytes allocated */
};

#define STRBUF_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Room for more bytes after len, and the NUL. */
void strbuf_grow(struct strbuf *b, size_t more);
/* Append n bytes (may contain NULs), a C string, one byte, or printf output. */
void strbuf_add(struct strbuf *b, const void *p, size_t n);
void strbuf_adds(struct strbuf *b, const char *s);
void strbuf_addc(struct strbuf *b, char c);
void strbuf_addf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *b, const char *fmt, va_list ap);
/* Cut to len bytes (len <= b->len, or to set len after writing into s). */
void strbuf_setlen(struct strbuf *b, size_t len);
/* Empty the string, keeping the memory. */
void strbuf_reset(struct strbuf *b);
/* The text ("" while nothing was added); valid until the next change. */
const char *strbuf_str(const struct strbuf *b);
/* Hand the string (never NULL) to the caller, who frees it; b is empty again. */
char *strbuf_detach(struct strbuf *b);
/* Free the memory; b is empty again. */
void strbuf_release(struct strbuf *b);

/*
 * Append everything f gives up to its end; name is how messages call it.
 * More than max bytes is ST_INVALID ("NAME: more than MAX bytes"), a NUL byte
 * ST_INVALID ("NAME: contains a NUL byte"), a read error ST_IO ("cannot read
 * NAME: REASON", errno kept). On error b is as it was before the call.
 */
enum status strbuf_read_stream(struct strbuf *b, FILE *f, const char *name, size_t max);
/*
 * The same for the file at path. A file that cannot be opened is ST_IO
 * ("cannot read PATH: REASON") with errno kept, so a caller to whom a missing
 * file is no error tests errno == ENOENT.
 */
enum status strbuf_read_file(struct strbuf *b, const char *path, size_t max);

#endif
