/* strbuf.c - the one growable string of the core, and reading a whole file. */
#include "strbuf.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "xalloc.h"

void strbuf_grow(struct strbuf *b, size_t more)
{
	size_t cap;

	if (more > SIZE_MAX - b->len - 1)
		more = SIZE_MAX - b->len - 1; /* xrealloc() then dies: no wrap-around */
	if (b->len + more + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < b->len + more + 1)
		cap = cap > SIZE_MAX / 2 ? b->len + more + 1 : cap * 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
	if (b->len == 0)
		b->s[0] = '\0';
}

void strbuf_add(struct strbuf *b, const void *p, size_t n)
{
	strbuf_grow(b, n);
	if (n)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void strbuf_adds(struct strbuf *b, const char *s)
{
	strbuf_add(b, s, strlen(s));
}

void strbuf_addc(struct strbuf *b, char c)
{
	strbuf_add(b, &c, 1);
}

void strbuf_vaddf(struct strbuf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n <= 0) {
		strbuf_grow(b, 0);
		return;
	}
	strbuf_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void strbuf_addf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(b, fmt, ap);
	va_end(ap);
}

void strbuf_setlen(struct strbuf *b, size_t len)
{
	strbuf_grow(b, 0);
	if (len > b->cap - 1)
		len = b->cap - 1;
	b->len = len;
	b->s[len] = '\0';
}

void strbuf_reset(struct strbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

const char *strbuf_str(const struct strbuf *b)
{
	return b->s ? b->s : "";
}

char *strbuf_detach(struct strbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void strbuf_release(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

/* ---- reading whole files ---- */

#define READ_CHUNK 65536

enum status strbuf_read_stream(struct strbuf *b, FILE *f, const char *name, size_t max)
{
	size_t start = b->len, n;
	struct stat sb;
	int err;

	/* A regular file says how big it is: one allocation, if it fits. */
	if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
	    (unsigned long long)sb.st_size <= max)
		strbuf_grow(b, (size_t)sb.st_size);
	for (;;) {
		strbuf_grow(b, READ_CHUNK);
		n = fread(b->s + b->len, 1, b->cap - b->len - 1, f);
		b->len += n;
		b->s[b->len] = '\0';
		if (b->len - start > max) {
			strbuf_setlen(b, start);
			return status_set(ST_INVALID, _("%s: more than %zu bytes"), name, max);
		}
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		err = errno;
		strbuf_setlen(b, start);
		status_set(ST_IO, _("cannot read %s: %s"), name, strerror(err));
		errno = err;
		return ST_IO;
	}
	if (memchr(b->s + start, '\0', b->len - start) != NULL) {
		strbuf_setlen(b, start);
		return status_set(ST_INVALID, _("%s: contains a NUL byte"), name);
	}
	return ST_OK;
}

enum status strbuf_read_file(struct strbuf *b, const char *path, size_t max)
{
	FILE *f = fopen(path, "rb");
	enum status st;
	int err;

	if (f == NULL) {
		err = errno;
		status_set(ST_IO, _("cannot read %s: %s"), path, strerror(err));
		errno = err;
		return ST_IO;
	}
	st = strbuf_read_stream(b, f, path, max);
	err = errno;
	fclose(f);
	errno = err;
	return st;
}
