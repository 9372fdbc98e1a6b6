/* collate.c - ICU's collator behind the order names sort in (collate.h).
 *
 * ICU is opened with dlopen() on first use, not linked: its libraries (and
 * their 30 MB of data) would otherwise be loaded by every command, `help`
 * and `--version` included, which never sort a name. The prototypes come
 * from ICU's headers, so a mismatch is a compile error (the sizeof checks in
 * collate_open() reference the functions without linking them). */
#include "collate.h"

#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unicode/ucol.h>
#include <unicode/ustring.h>
#include <unicode/uvernum.h>

#include "strbuf.h"
#include "xalloc.h"

/* ICU renames every entry point with its major version (ucol_open is
 * ucol_open_72): the names to look up are the macros' expansions. */
#define COLLATE_STR2(x) #x
#define COLLATE_STR(x) COLLATE_STR2(x)
#define COLLATE_SONAME "libicui18n.so." COLLATE_STR(U_ICU_VERSION_MAJOR_NUM)

/* Names are at most a few hundred bytes: a stack buffer serves them. */
#define COLLATE_STACK 512

static struct {
	UCollator *(*open)(const char *, UErrorCode *);
	void (*set_strength)(UCollator *, UCollationStrength);
	void (*close)(UCollator *);
	UChar *(*from_utf8)(UChar *, int32_t, int32_t *, const char *, int32_t, UChar32, int32_t *,
			    UErrorCode *);
	int32_t (*sort_key)(const UCollator *, const UChar *, int32_t, uint8_t *, int32_t);
	void (*version)(const UCollator *, UVersionInfo);
	void (*uca_version)(const UCollator *, UVersionInfo);
	void (*version_string)(const UVersionInfo, char *);
} icu;
static pthread_once_t icu_once = PTHREAD_ONCE_INIT;
static bool icu_ok;
/* The files ICU was loaded from, one path a line (collate_stamp()). */
static char *icu_files;

/* Look name up in lib into *slot. */
static bool icu_sym(void *lib, const char *name, void *slot)
{
	void *f = dlsym(lib, name);

	if (f == NULL)
		return false;
	/* POSIX guarantees a function pointer survives a round trip through void *. */
	memcpy(slot, &f, sizeof(f));
	return true;
}

static void icu_open(void)
{
	/* libicui18n brings libicuuc with it; dlsym() on its handle finds both. */
	void *lib = dlopen(COLLATE_SONAME, RTLD_LAZY | RTLD_LOCAL);

	/* The types of the slots are the headers' (checked, never evaluated). */
	(void)sizeof(icu.open = ucol_open);
	(void)sizeof(icu.set_strength = ucol_setStrength);
	(void)sizeof(icu.close = ucol_close);
	(void)sizeof(icu.from_utf8 = u_strFromUTF8WithSub);
	(void)sizeof(icu.sort_key = ucol_getSortKey);
	(void)sizeof(icu.version = ucol_getVersion);
	(void)sizeof(icu.uca_version = ucol_getUCAVersion);
	(void)sizeof(icu.version_string = u_versionToString);
	if (lib == NULL)
		return;
	icu_ok = icu_sym(lib, COLLATE_STR(ucol_open), &icu.open) &&
		 icu_sym(lib, COLLATE_STR(ucol_setStrength), &icu.set_strength) &&
		 icu_sym(lib, COLLATE_STR(ucol_close), &icu.close) &&
		 icu_sym(lib, COLLATE_STR(u_strFromUTF8WithSub), &icu.from_utf8) &&
		 icu_sym(lib, COLLATE_STR(ucol_getSortKey), &icu.sort_key) &&
		 icu_sym(lib, COLLATE_STR(ucol_getVersion), &icu.version) &&
		 icu_sym(lib, COLLATE_STR(ucol_getUCAVersion), &icu.uca_version) &&
		 icu_sym(lib, COLLATE_STR(u_versionToString), &icu.version_string);
	if (icu_ok) {
		/* libicui18n and what it brought with it (libicuuc, libicudata,
		 * where the rules live) follow it in the list of loaded objects. */
		struct link_map *lm = NULL;
		struct strbuf b = STRBUF_INIT;

		if (dlinfo(lib, RTLD_DI_LINKMAP, &lm) == 0)
			for (; lm; lm = lm->l_next)
				if (lm->l_name && strstr(lm->l_name, "/libicu") &&
				    !strchr(lm->l_name, '\n'))
					strbuf_addf(&b, "%s\n", lm->l_name);
		icu_files = strbuf_detach(&b);
	}
	/* The library stays open for the life of the process, like a linked one. */
}

struct collator {
	UCollator *u;
};

const char *collate_library(void)
{
	return COLLATE_SONAME;
}

struct collator *collate_new(void)
{
	UErrorCode err = U_ZERO_ERROR;
	UCollator *u;
	struct collator *c;

	pthread_once(&icu_once, icu_open);
	if (!icu_ok)
		return NULL;
	u = icu.open("zh", &err);
	if (U_FAILURE(err) || u == NULL)
		return NULL;
	/* Secondary: "alice" and "Alice" are equal (the row number orders
	 * them), "é" still follows "e". */
	icu.set_strength(u, UCOL_SECONDARY);
	c = xcalloc(1, sizeof(*c));
	c->u = u;
	return c;
}

void collate_free(struct collator *c)
{
	if (c == NULL)
		return;
	icu.close(c->u);
	free(c);
}

size_t collate_key(struct collator *c, const char *s, size_t len, uint8_t *out, size_t cap)
{
	UChar stack[COLLATE_STACK], *u = stack;
	UErrorCode err = U_ZERO_ERROR;
	int32_t ulen = 0, klen;

	/* UTF-8 never takes fewer bytes than UTF-16 code units. */
	if (len >= COLLATE_STACK)
		u = xcalloc(len + 1, sizeof(UChar));
	icu.from_utf8(u, (int32_t)(len + 1), &ulen, s, (int32_t)len, 0xfffd, NULL, &err);
	if (U_FAILURE(err)) {
		if (u != stack)
			free(u);
		return 0;
	}
	klen = icu.sort_key(c->u, u, ulen, out, (int32_t)(cap > INT32_MAX ? INT32_MAX : cap));
	if (u != stack)
		free(u);
	return klen > 0 ? (size_t)klen : 0;
}

/* The stamp of files (paths one a line). */
static char *stamp_of(const char *files)
{
	struct strbuf b = STRBUF_INIT;
	const char *p, *nl, *env = getenv("LD_LIBRARY_PATH");
	struct stat sb;

	/* Which files the loader maps for the name: its cache (a file of the
	 * list) and the user's library path decide. */
	strbuf_addf(&b, "%s\nLD_LIBRARY_PATH=%s\n", COLLATE_SONAME, env ? env : "");
	for (p = files; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		char *path = xstrndup(p, (size_t)(nl - p));

		if (stat(path, &sb) == 0)
			strbuf_addf(&b, "%s\t%llu:%llu:%lld:%lld.%09ld\n", path,
				    (unsigned long long)sb.st_dev, (unsigned long long)sb.st_ino,
				    (long long)sb.st_size, (long long)sb.st_mtim.tv_sec,
				    (long)sb.st_mtim.tv_nsec);
		else
			strbuf_addf(&b, "%s\t-\n", path);
		free(path);
	}
	return strbuf_detach(&b);
}

char *collate_stamp(void)
{
	char *files, *stamp;

	if (!icu_ok || icu_files == NULL || *icu_files == '\0')
		return NULL;
	files = xasprintf("/etc/ld.so.cache\n%s", icu_files);
	stamp = stamp_of(files);
	free(files);
	return stamp;
}

bool collate_stamp_current(const char *stamp)
{
	struct strbuf files = STRBUF_INIT;
	const char *p, *nl, *tab;
	char *now;
	bool same;

	/* The file lines are "PATH\tIDENTITY"; the first two name the library
	 * and the library path. */
	for (p = stamp; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		tab = memchr(p, '\t', (size_t)(nl - p));
		if (*p == '/' && tab)
			strbuf_addf(&files, "%.*s\n", (int)(tab - p), p);
	}
	now = stamp_of(strbuf_str(&files));
	same = files.len > 0 && strcmp(now, stamp) == 0;
	free(now);
	strbuf_release(&files);
	return same;
}

void collate_version(struct collator *c, char out[64])
{
	UVersionInfo rules, uca;
	char a[U_MAX_VERSION_STRING_LENGTH], b[U_MAX_VERSION_STRING_LENGTH];

	icu.version(c->u, rules);
	icu.uca_version(c->u, uca);
	icu.version_string(rules, a);
	icu.version_string(uca, b);
	snprintf(out, 64, "%s/%s", a, b);
}
