/* collate.c - ICU's collator behind the order names sort in (collate.h). */
#include "collate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/ustring.h>

#include "xalloc.h"

/* Names are at most a few hundred bytes: a stack buffer serves them. */
#define COLLATE_STACK 512

struct collator {
	UCollator *u;
};

struct collator *collate_new(void)
{
	UErrorCode err = U_ZERO_ERROR;
	UCollator *u = ucol_open("zh", &err);
	struct collator *c;

	if (U_FAILURE(err) || u == NULL)
		return NULL;
	/* Secondary: "alice" and "Alice" are equal (the row number orders
	 * them), "é" still follows "e". */
	ucol_setStrength(u, UCOL_SECONDARY);
	c = xcalloc(1, sizeof(*c));
	c->u = u;
	return c;
}

void collate_free(struct collator *c)
{
	if (c == NULL)
		return;
	ucol_close(c->u);
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
	u_strFromUTF8WithSub(u, (int32_t)(len + 1), &ulen, s, (int32_t)len, 0xfffd, NULL, &err);
	if (U_FAILURE(err)) {
		if (u != stack)
			free(u);
		return 0;
	}
	klen = ucol_getSortKey(c->u, u, ulen, out, (int32_t)(cap > INT32_MAX ? INT32_MAX : cap));
	if (u != stack)
		free(u);
	return klen > 0 ? (size_t)klen : 0;
}

void collate_version(struct collator *c, char out[64])
{
	UVersionInfo rules, uca;
	char a[U_MAX_VERSION_STRING_LENGTH], b[U_MAX_VERSION_STRING_LENGTH];

	ucol_getVersion(c->u, rules);
	ucol_getUCAVersion(c->u, uca);
	u_versionToString(rules, a);
	u_versionToString(uca, b);
	snprintf(out, 64, "%s/%s", a, b);
}
