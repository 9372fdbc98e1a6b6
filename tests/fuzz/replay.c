/* replay.c - run a fuzz target over its seed corpus, as a TAP test.
 *
 * The target's name comes from the program's (fuzz_money -> money) and its
 * corpus from $top_srcdir/tests/fuzz/corpus/NAME/ (top_srcdir set by make
 * check; else the current directory's tests/fuzz/corpus). Every file is one
 * check, in name order; an empty input runs first. A crash or a failed
 * property aborts the program, and the test fails with the file named on
 * the line before.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (f == NULL)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			buf = realloc(buf, cap);
			if (buf == NULL)
				abort();
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/'), *top = getenv("top_srcdir");
	char dir[4096], path[8192], **names = NULL;
	size_t nnames = 0, i;
	int failed = 0, n = 1;
	struct dirent *de;
	DIR *d;

	(void)argc;
	base = base ? base + 1 : argv[0];
	if (strncmp(base, "fuzz_", 5) == 0)
		base += 5;
	snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/%s", top ? top : ".", base);
	d = opendir(dir);
	if (d == NULL) {
		printf("Bail out! no seed corpus at %s\n", dir);
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = realloc(names, (nnames + 1) * sizeof(*names));
		if (names == NULL)
			abort();
		names[nnames++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, nnames, sizeof(*names), name_cmp);
	LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
	printf("ok %d - %s: the empty input\n", n++, base);
	for (i = 0; i < nnames; i++) {
		unsigned char *buf;
		size_t len = 0;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		buf = read_file(path, &len);
		if (buf == NULL) {
			printf("not ok %d - %s/%s: cannot read it\n", n++, base, names[i]);
			failed = 1;
			continue;
		}
		fprintf(stderr, "# %s/%s\n", base, names[i]);
		fflush(stderr);
		LLVMFuzzerTestOneInput(buf, len);
		printf("ok %d - %s/%s\n", n++, base, names[i]);
		free(buf);
	}
	printf("1..%d\n", n - 1);
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	return failed;
}
