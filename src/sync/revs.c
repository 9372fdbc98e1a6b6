/* revs.c - revision ids, the winning revision, revision trees, md5. */
#include "sync/revs.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

bool revs_parse(const char *rev, long *gen, const char **hash)
{
	const char *p = rev;
	long g = 0;
	size_t hl;

	if (rev == NULL || !isdigit((unsigned char)*p) || *p == '0')
		return false;
	for (; isdigit((unsigned char)*p); p++) {
		if (g > 100000000L)
			return false;
		g = g * 10 + (*p - '0');
	}
	if (*p++ != '-')
		return false;
	for (hl = 0; p[hl]; hl++)
		if (!isalnum((unsigned char)p[hl]))
			return false;
	if (hl == 0 || hl > 64)
		return false;
	if (gen)
		*gen = g;
	if (hash)
		*hash = p;
	return true;
}

long revs_gen(const char *rev)
{
	long g;

	return revs_parse(rev, &g, NULL) ? g : 0;
}

int revs_cmp(const char *a, const char *b)
{
	long ga = revs_gen(a), gb = revs_gen(b);
	const char *ha = a ? strchr(a, '-') : NULL, *hb = b ? strchr(b, '-') : NULL;

	if (ga != gb)
		return ga < gb ? -1 : 1;
	return strcmp(ha ? ha : "", hb ? hb : "");
}

int revs_winner(const struct revs_leaf *leaves, size_t n)
{
	size_t i;
	int best = -1;

	for (i = 0; i < n; i++) {
		if (best < 0) {
			best = (int)i;
			continue;
		}
		if (leaves[i].deleted != leaves[best].deleted) {
			if (!leaves[i].deleted)
				best = (int)i;
			continue;
		}
		if (revs_cmp(leaves[i].rev, leaves[best].rev) > 0)
			best = (int)i;
	}
	return best;
}

/* ---- md5 (RFC 1321) ---- */

struct md5 {
	uint32_t a, b, c, d;
	uint64_t len;
	unsigned char buf[64];
};

#define F(x, y, z) (((x) & (y)) | (~(x) & (z)))
#define G(x, y, z) (((x) & (z)) | ((y) & ~(z)))
#define H(x, y, z) ((x) ^ (y) ^ (z))
#define I(x, y, z) ((y) ^ ((x) | ~(z)))
#define ROTL(x, s) (((x) << (s)) | ((x) >> (32 - (s))))
#define STEP(f, a, b, c, d, x, t, s)                                                               \
	(a) += f((b), (c), (d)) + (x) + (uint32_t)(t);                                             \
	(a) = ROTL((a), (s)) + (b)

static void md5_block(struct md5 *m, const unsigned char *p)
{
	uint32_t x[16], a = m->a, b = m->b, c = m->c, d = m->d;
	int i;

	for (i = 0; i < 16; i++)
		x[i] = (uint32_t)p[i * 4] | (uint32_t)p[i * 4 + 1] << 8 |
		       (uint32_t)p[i * 4 + 2] << 16 | (uint32_t)p[i * 4 + 3] << 24;
	STEP(F, a, b, c, d, x[0], 0xd76aa478, 7);
	STEP(F, d, a, b, c, x[1], 0xe8c7b756, 12);
	STEP(F, c, d, a, b, x[2], 0x242070db, 17);
	STEP(F, b, c, d, a, x[3], 0xc1bdceee, 22);
	STEP(F, a, b, c, d, x[4], 0xf57c0faf, 7);
	STEP(F, d, a, b, c, x[5], 0x4787c62a, 12);
	STEP(F, c, d, a, b, x[6], 0xa8304613, 17);
	STEP(F, b, c, d, a, x[7], 0xfd469501, 22);
	STEP(F, a, b, c, d, x[8], 0x698098d8, 7);
	STEP(F, d, a, b, c, x[9], 0x8b44f7af, 12);
	STEP(F, c, d, a, b, x[10], 0xffff5bb1, 17);
	STEP(F, b, c, d, a, x[11], 0x895cd7be, 22);
	STEP(F, a, b, c, d, x[12], 0x6b901122, 7);
	STEP(F, d, a, b, c, x[13], 0xfd987193, 12);
	STEP(F, c, d, a, b, x[14], 0xa679438e, 17);
	STEP(F, b, c, d, a, x[15], 0x49b40821, 22);
	STEP(G, a, b, c, d, x[1], 0xf61e2562, 5);
	STEP(G, d, a, b, c, x[6], 0xc040b340, 9);
	STEP(G, c, d, a, b, x[11], 0x265e5a51, 14);
	STEP(G, b, c, d, a, x[0], 0xe9b6c7aa, 20);
	STEP(G, a, b, c, d, x[5], 0xd62f105d, 5);
	STEP(G, d, a, b, c, x[10], 0x02441453, 9);
	STEP(G, c, d, a, b, x[15], 0xd8a1e681, 14);
	STEP(G, b, c, d, a, x[4], 0xe7d3fbc8, 20);
	STEP(G, a, b, c, d, x[9], 0x21e1cde6, 5);
	STEP(G, d, a, b, c, x[14], 0xc33707d6, 9);
	STEP(G, c, d, a, b, x[3], 0xf4d50d87, 14);
	STEP(G, b, c, d, a, x[8], 0x455a14ed, 20);
	STEP(G, a, b, c, d, x[13], 0xa9e3e905, 5);
	STEP(G, d, a, b, c, x[2], 0xfcefa3f8, 9);
	STEP(G, c, d, a, b, x[7], 0x676f02d9, 14);
	STEP(G, b, c, d, a, x[12], 0x8d2a4c8a, 20);
	STEP(H, a, b, c, d, x[5], 0xfffa3942, 4);
	STEP(H, d, a, b, c, x[8], 0x8771f681, 11);
	STEP(H, c, d, a, b, x[11], 0x6d9d6122, 16);
	STEP(H, b, c, d, a, x[14], 0xfde5380c, 23);
	STEP(H, a, b, c, d, x[1], 0xa4beea44, 4);
	STEP(H, d, a, b, c, x[4], 0x4bdecfa9, 11);
	STEP(H, c, d, a, b, x[7], 0xf6bb4b60, 16);
	STEP(H, b, c, d, a, x[10], 0xbebfbc70, 23);
	STEP(H, a, b, c, d, x[13], 0x289b7ec6, 4);
	STEP(H, d, a, b, c, x[0], 0xeaa127fa, 11);
	STEP(H, c, d, a, b, x[3], 0xd4ef3085, 16);
	STEP(H, b, c, d, a, x[6], 0x04881d05, 23);
	STEP(H, a, b, c, d, x[9], 0xd9d4d039, 4);
	STEP(H, d, a, b, c, x[12], 0xe6db99e5, 11);
	STEP(H, c, d, a, b, x[15], 0x1fa27cf8, 16);
	STEP(H, b, c, d, a, x[2], 0xc4ac5665, 23);
	STEP(I, a, b, c, d, x[0], 0xf4292244, 6);
	STEP(I, d, a, b, c, x[7], 0x432aff97, 10);
	STEP(I, c, d, a, b, x[14], 0xab9423a7, 15);
	STEP(I, b, c, d, a, x[5], 0xfc93a039, 21);
	STEP(I, a, b, c, d, x[12], 0x655b59c3, 6);
	STEP(I, d, a, b, c, x[3], 0x8f0ccc92, 10);
	STEP(I, c, d, a, b, x[10], 0xffeff47d, 15);
	STEP(I, b, c, d, a, x[1], 0x85845dd1, 21);
	STEP(I, a, b, c, d, x[8], 0x6fa87e4f, 6);
	STEP(I, d, a, b, c, x[15], 0xfe2ce6e0, 10);
	STEP(I, c, d, a, b, x[6], 0xa3014314, 15);
	STEP(I, b, c, d, a, x[13], 0x4e0811a1, 21);
	STEP(I, a, b, c, d, x[4], 0xf7537e82, 6);
	STEP(I, d, a, b, c, x[11], 0xbd3af235, 10);
	STEP(I, c, d, a, b, x[2], 0x2ad7d2bb, 15);
	STEP(I, b, c, d, a, x[9], 0xeb86d391, 21);
	m->a += a;
	m->b += b;
	m->c += c;
	m->d += d;
}

void revs_md5_hex(const void *data, size_t len, char out[33])
{
	static const char hex[] = "0123456789abcdef";
	struct md5 m = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0, { 0 } };
	const unsigned char *p = data;
	unsigned char digest[16], tail[128];
	size_t rest, tlen, i;
	uint64_t bits = (uint64_t)len * 8;
	uint32_t w[4];

	for (; len >= 64; p += 64, len -= 64)
		md5_block(&m, p);
	rest = len;
	memset(tail, 0, sizeof(tail));
	if (rest)
		memcpy(tail, p, rest);
	tail[rest] = 0x80;
	tlen = rest + 1 + 8 <= 64 ? 64 : 128;
	for (i = 0; i < 8; i++)
		tail[tlen - 8 + i] = (unsigned char)(bits >> (8 * i));
	md5_block(&m, tail);
	if (tlen == 128)
		md5_block(&m, tail + 64);
	w[0] = m.a;
	w[1] = m.b;
	w[2] = m.c;
	w[3] = m.d;
	for (i = 0; i < 16; i++)
		digest[i] = (unsigned char)(w[i / 4] >> (8 * (i % 4)));
	for (i = 0; i < 16; i++) {
		out[i * 2] = hex[digest[i] >> 4];
		out[i * 2 + 1] = hex[digest[i] & 0xf];
	}
	out[32] = '\0';
}

char *revs_derive(const char *parent, const char *payload)
{
	char *joined = xasprintf("%s\n%s", parent ? parent : "", payload ? payload : "");
	char hex[33];

	revs_md5_hex(joined, strlen(joined), hex);
	free(joined);
	return xasprintf("%ld-%s", revs_gen(parent) + 1, hex);
}

char *revs_close(const char *leaf)
{
	return revs_derive(leaf, "closed");
}

bool revs_is_close(const char *rev, const char *parent)
{
	char *close;
	bool is;

	if (rev == NULL || parent == NULL)
		return false;
	close = revs_close(parent);
	is = strcmp(close, rev) == 0;
	free(close);
	return is;
}

/* ---- trees ---- */

void revs_tree_init(struct revs_tree *t)
{
	memset(t, 0, sizeof(*t));
}

void revs_tree_clear(struct revs_tree *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->edges[i].rev);
		free(t->edges[i].parent);
	}
	free(t->edges);
	memset(t, 0, sizeof(*t));
}

static struct revs_edge *tree_find(const struct revs_tree *t, const char *rev)
{
	size_t i;

	for (i = 0; rev && i < t->n; i++)
		if (strcmp(t->edges[i].rev, rev) == 0)
			return &t->edges[i];
	return NULL;
}

void revs_tree_add(struct revs_tree *t, const char *rev, const char *parent)
{
	struct revs_edge *e = tree_find(t, rev);

	if (e) {
		if (e->parent == NULL && parent)
			e->parent = xstrdup(parent);
		return;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->edges = xreallocarray(t->edges, t->cap, sizeof(*t->edges));
	}
	t->edges[t->n].rev = xstrdup(rev);
	t->edges[t->n].parent = xstrdup(parent);
	t->n++;
}

bool revs_tree_add_path(struct revs_tree *t, long start, const char *const *ids, size_t nids)
{
	char *rev, *parent = NULL;
	size_t i;

	if (start < 1 || nids == 0 || (long)nids > start)
		return false;
	for (i = 0; i < nids; i++) {
		char *probe = xasprintf("1-%s", ids[i] ? ids[i] : "");
		bool valid = ids[i] && revs_parse(probe, NULL, NULL);

		free(probe);
		if (!valid)
			return false;
	}
	/* Oldest first, so every edge has its parent when it is added. */
	for (i = nids; i-- > 0;) {
		rev = xasprintf("%ld-%s", start - (long)i, ids[i]);
		revs_tree_add(t, rev, parent);
		free(parent);
		parent = rev;
	}
	free(parent);
	return true;
}

bool revs_tree_has(const struct revs_tree *t, const char *rev)
{
	size_t i;

	if (rev == NULL)
		return false;
	for (i = 0; i < t->n; i++)
		if (strcmp(t->edges[i].rev, rev) == 0 ||
		    (t->edges[i].parent && strcmp(t->edges[i].parent, rev) == 0))
			return true;
	return false;
}

const char *revs_tree_parent(const struct revs_tree *t, const char *rev)
{
	struct revs_edge *e = tree_find(t, rev);

	return e ? e->parent : NULL;
}

bool revs_tree_is_ancestor(const struct revs_tree *t, const char *a, const char *b)
{
	size_t steps;
	long ga = revs_gen(a);

	if (a == NULL || b == NULL)
		return false;
	/* Generations only go down along a path; stop below a's, and bound the walk. */
	for (steps = 0; b && steps <= t->n + 1; steps++) {
		if (strcmp(a, b) == 0)
			return true;
		if (revs_gen(b) <= ga)
			return false;
		b = revs_tree_parent(t, b);
	}
	return false;
}

const char *revs_tree_common(const struct revs_tree *t, const char *a, const char *b)
{
	size_t steps;

	/* Walk a up; the first of its ancestors that is also b's is the nearest. */
	for (steps = 0; a && steps <= t->n + 1; steps++) {
		if (revs_tree_is_ancestor(t, a, b))
			return a;
		a = revs_tree_parent(t, a);
	}
	return NULL;
}

const char **revs_tree_path(const struct revs_tree *t, const char *rev, size_t limit, long *start,
			    size_t *n)
{
	const char **ids = xcalloc(limit ? limit : 1, sizeof(char *));
	const char *cur = rev, *hash;
	long gen, want;
	size_t k = 0;

	*n = 0;
	*start = revs_gen(rev);
	want = *start;
	while (cur && k < limit && revs_parse(cur, &gen, &hash) && gen == want) {
		struct revs_edge *e = tree_find(t, cur);

		/* Point into the tree's own copy, which outlives the caller's rev. */
		if (e)
			revs_parse(e->rev, NULL, &hash);
		else if (k == 0)
			revs_parse(rev, NULL, &hash);
		ids[k++] = hash;
		want--;
		cur = e ? e->parent : NULL;
	}
	*n = k;
	return ids;
}
