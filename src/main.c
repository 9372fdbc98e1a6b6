/* main.c - salesterm: locale, then the command line or the terminal UI. */
/* autoconf's config.h (PACKAGE_VERSION, ENABLE_NLS) is included in every file
 * by Makefile.am (-include); src/config.h is the config file reader. */

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "i18n.h"
#include "xalloc.h"

/* The terminal UI's program: beside this one when it is there (the build
 * tree), else where `make install` puts it. Caller frees. */
static char *tui_program(void)
{
	char self[PATH_MAX], *slash, *p;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			p = xasprintf("%s/salesterm-tui", self);
			if (access(p, X_OK) == 0)
				return p;
			free(p);
		}
	}
	return xstrdup(PKGLIBEXECDIR "/salesterm-tui");
}

/* No command: the terminal UI (ui/tui_main.c) with the same arguments, which
 * cli_run() has checked already. The UI is a program of its own so that the
 * commands never load ncursesw. */
static int run_tui(char **argv)
{
	char *prog;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs(
		    _("salesterm: no command given, and the terminal UI needs a terminal; use the "
		      "commands below.\n"),
		    stderr);
		cli_usage(stderr);
		return 0;
	}
	prog = tui_program();
	execv(prog, argv);
	fprintf(stderr, _("salesterm: cannot start the terminal UI (%s): %s\n"), prog,
		strerror(errno));
	free(prog);
	return 1;
}

/*
 * Ask glibc's malloc for transparent huge pages (the tunable
 * glibc.malloc.hugetlb=1, glibc 2.35 on, which glibc reads only as a process
 * starts: so by running this program again with it set). A report of the 1M
 * demo fills tens of megabytes of fresh memory, a page fault per 4 KiB: in a
 * virtual machine a fault cost ~6 us and the faults were a fifth of `report
 * forecast --as-of` (perf); with huge pages there are a third as many and
 * the report takes a tenth less (DESIGN section 9). A heap that grows by 128
 * KiB at a time (glibc's default top_pad) is mostly fresh memory at an edge
 * short of a whole 2 MiB range, which gets small pages: grown by 32 MiB,
 * `report changes` a quarter back had 500 faults, not 10,000, and took a
 * quarter less. Memory freed at the top of a heap is kept up to that much
 * (the TUI, run with these, too).
 *
 * glibc 2.35 and 2.36 (Debian 12), at least, read the kernel's mode into a buffer
 * they do not terminate, so a byte of stack decides whether "always
 * [madvise] never" is recognised: in about one process in four it is not,
 * and the tunable does nothing (strace: no madvise). So the program checks
 * that its heap may have huge pages (/proc/self/smaps) and runs again, up
 * to HUGE_PAGE_TRIES times in all, until it may.
 *
 * Not when the user set GLIBC_TUNABLES (theirs stands), nor when the kernel
 * never gives huge pages (the tunable would do nothing), nor when the
 * program cannot be run again (it goes on as it is).
 */
#define HUGE_PAGE_TUNABLES "glibc.malloc.hugetlb=1:glibc.malloc.top_pad=33554432"
#define HUGE_PAGE_TRY "SALESTERM_HUGE_PAGE_TRY"
enum { HUGE_PAGE_TRIES = 4 };

/* Whether the heap's mapping may have huge pages ("THPeligible: 1" in its
 * entry of /proc/self/smaps); true when that cannot be told. */
static bool heap_huge(void)
{
	static char buf[1 << 16];
	void *volatile p = malloc(1); /* the heap made, if it was not */
	FILE *f = fopen("/proc/self/smaps", "r");
	bool heap = false, huge = true;

	free(p);
	if (f == NULL)
		return true;
	while (fgets(buf, sizeof(buf), f)) {
		size_t n = strlen(buf);

		if (n > 0 && buf[n - 1] == '\n')
			buf[--n] = '\0';
		/* A mapping's first line ends with its name. */
		if (n >= 6 && strcmp(buf + n - 6, "[heap]") == 0)
			heap = true;
		else if (heap && strncmp(buf, "THPeligible:", 12) == 0) {
			huge = strtol(buf + 12, NULL, 10) == 1;
			break;
		}
	}
	fclose(f);
	return huge;
}

/* This program run again with the same arguments and the environment as
 * set now, by its path, not /proc/self/exe: the process keeps its name
 * (ps, top, pkill salesterm). Returns only if that failed. */
static void run_again(char **argv)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return;
	self[n] = '\0';
	execv(self, argv);
}

static void huge_pages(char **argv)
{
	FILE *f;
	char mode[64] = "", tries[16];
	const char *tried = getenv(HUGE_PAGE_TRY);

#ifdef __SANITIZE_ADDRESS__
	/* ASan's allocator is not glibc's: running again would only double the
	 * start of every process of the test suite. */
	return;
#endif
	if (tried) {
		/* Run again by this function: with huge pages now, or tried
		 * enough. Either way, not passed on (a salesterm this one runs
		 * keeps the tunables as given). */
		int k = atoi(tried);

		if (k >= HUGE_PAGE_TRIES || heap_huge()) {
			unsetenv(HUGE_PAGE_TRY);
			return;
		}
		snprintf(tries, sizeof(tries), "%d", k + 1);
		if (setenv(HUGE_PAGE_TRY, tries, 1) == 0)
			run_again(argv);
		unsetenv(HUGE_PAGE_TRY);
		return;
	}
	if (getenv("GLIBC_TUNABLES") != NULL)
		return;
	f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	if (f == NULL)
		return;
	if (fgets(mode, sizeof(mode), f) == NULL || strstr(mode, "[never]") != NULL) {
		fclose(f);
		return;
	}
	fclose(f);
	if (setenv("GLIBC_TUNABLES", HUGE_PAGE_TUNABLES, 1) == 0 &&
	    setenv(HUGE_PAGE_TRY, "1", 1) == 0)
		run_again(argv);
	unsetenv("GLIBC_TUNABLES");
	unsetenv(HUGE_PAGE_TRY);
}

int main(int argc, char **argv)
{
	int ret;

	huge_pages(argv);
	i18n_setup();
	/* A file-size limit (ulimit -f) must fail a write, which rolls back, not
	 * kill the process half-way. */
	signal(SIGXFSZ, SIG_IGN);
	ret = cli_run(argc, argv);
	if (ret < 0)
		ret = run_tui(argv);
	return ret;
}
