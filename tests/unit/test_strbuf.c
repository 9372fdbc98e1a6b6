/* test_strbuf.c - TAP tests for src/strbuf.c: the string buffer and reading files. */
#include "strbuf.h"
#include "tap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/salesterm-strbuf-XXXXXX";

/* Write len bytes of text to dir/name; returns the path (caller frees). */
static char *write_file(const char *name, const char *text, size_t len)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = malloc(n);
	FILE *f;

	snprintf(path, n, "%s/%s", dir, name);
	f = fopen(path, "wb");
	fwrite(text, 1, len, f);
	fclose(f);
	return path;
}

static void test_buffer(void)
{
	struct strbuf b = STRBUF_INIT;
	char *s;
	int i;

	is_str(strbuf_str(&b), "", "an empty buffer reads as \"\"");
	s = strbuf_detach(&b);
	is_str(s, "", "detaching an empty buffer gives \"\", not NULL");
	free(s);
	strbuf_adds(&b, "张");
	strbuf_addc(&b, '-');
	strbuf_add(&b, "abc", 2);
	strbuf_addf(&b, "%d/%s", 42, "x");
	is_str(strbuf_str(&b), "张-ab42/x", "adds, addc, add and addf append");
	is_int(b.len, strlen("张-ab42/x"), "len counts the bytes");
	strbuf_setlen(&b, 3);
	is_str(b.s, "张", "setlen cuts");
	strbuf_reset(&b);
	is_str(b.s, "", "reset empties");
	for (i = 0; i < 10000; i++)
		strbuf_adds(&b, "0123456789");
	is_int(b.len, 100000, "grows past many doublings");
	ok(b.s[100000] == '\0' && b.cap > b.len, "and stays NUL-terminated");
	strbuf_grow(&b, 5);
	memcpy(b.s + b.len, "hello", 5);
	strbuf_setlen(&b, b.len + 5);
	ok(strcmp(b.s + 100000, "hello") == 0, "written straight into s after grow");
	s = strbuf_detach(&b);
	ok(b.s == NULL && b.len == 0 && b.cap == 0, "detach leaves the buffer empty");
	free(s);
	strbuf_addf(&b, "%s", "");
	ok(b.s != NULL && b.s[0] == '\0', "an empty addf still gives a string");
	strbuf_release(&b);
	ok(b.s == NULL, "release frees");
}

static void test_read(void)
{
	struct strbuf b = STRBUF_INIT;
	char *path, *big;
	enum status st;
	size_t i;

	path = write_file("small", "one\ntwo\n", 8);
	st = strbuf_read_file(&b, path, 100);
	is_int(st, ST_OK, "a small file is read");
	is_str(strbuf_str(&b), "one\ntwo\n", "whole");
	st = strbuf_read_file(&b, path, 100);
	is_str(strbuf_str(&b), "one\ntwo\none\ntwo\n", "a second read appends");
	strbuf_reset(&b);
	st = strbuf_read_file(&b, path, 8);
	is_int(st, ST_OK, "a file of exactly the limit is read");
	strbuf_reset(&b);
	strbuf_adds(&b, "kept");
	st = strbuf_read_file(&b, path, 7);
	is_int(st, ST_INVALID, "a file one byte over the limit is refused");
	ok(strstr(status_message(), "more than 7 bytes") != NULL, "saying so: %s",
	   status_message());
	is_str(strbuf_str(&b), "kept", "the buffer is as it was");
	unlink(path);
	free(path);

	/* Bigger than one read, and bigger than the limit, with no size known up front. */
	big = malloc(300000);
	for (i = 0; i < 300000; i++)
		big[i] = (char)('a' + i % 26);
	path = write_file("big", big, 300000);
	strbuf_reset(&b);
	st = strbuf_read_file(&b, path, 300000);
	ok(st == ST_OK && b.len == 300000 && memcmp(b.s, big, 300000) == 0,
	   "a 300000-byte file is read whole");
	strbuf_reset(&b);
	{
		char cmd[128];
		FILE *f;

		snprintf(cmd, sizeof(cmd), "cat '%s'", path);
		f = popen(cmd, "r");

		st = strbuf_read_stream(&b, f, "pipe", 299999);
		pclose(f);
	}
	is_int(st, ST_INVALID, "a pipe longer than the limit is refused, not cut");
	is_int(b.len, 0, "and nothing is kept");
	free(big);
	unlink(path);
	free(path);

	path = write_file("nul", "a\0b", 3);
	strbuf_reset(&b);
	st = strbuf_read_file(&b, path, 100);
	is_int(st, ST_INVALID, "a NUL byte is refused");
	ok(strstr(status_message(), "contains a NUL byte") != NULL, "saying so");
	unlink(path);
	free(path);

	errno = 0;
	st = strbuf_read_file(&b, "/nonexistent/file", 100);
	is_int(st, ST_IO, "a missing file is an I/O error");
	is_int(errno, ENOENT, "errno says it is missing");
	ok(strstr(status_message(), "cannot read /nonexistent/file") != NULL, "the message: %s",
	   status_message());

	st = strbuf_read_file(&b, dir, 100);
	is_int(st, ST_IO, "a directory is a read error, not an empty text");
	is_int(errno, EISDIR, "errno says it is a directory");
	strbuf_release(&b);
}

int main(void)
{
	if (mkdtemp(dir) == NULL)
		return 1;
	test_buffer();
	test_read();
	rmdir(dir);
	return done_testing();
}
