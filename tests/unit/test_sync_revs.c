/* test_sync_revs.c - revision ids, the winning revision, md5, revision trees. */
#include <stdlib.h>
#include <string.h>

#include "sync/revs.h"
#include "tap.h"
#include "xalloc.h"

static void test_parse(void)
{
	const char *hash = NULL;
	long gen = 0;
	char long_hash[80];

	ok(revs_parse("1-abc", &gen, &hash) && gen == 1 && strcmp(hash, "abc") == 0,
	   "1-abc parses");
	ok(revs_parse("123-0f9e", &gen, NULL) && gen == 123, "a larger generation");
	ok(!revs_parse(NULL, NULL, NULL), "NULL is not a revision");
	ok(!revs_parse("", NULL, NULL), "empty is not a revision");
	ok(!revs_parse("0-a", NULL, NULL), "generation 0 is not a revision");
	ok(!revs_parse("01-a", NULL, NULL), "a leading zero is refused");
	ok(!revs_parse("-1-a", NULL, NULL), "a negative generation is refused");
	ok(!revs_parse("1-", NULL, NULL), "an empty hash is refused");
	ok(!revs_parse("1-a b", NULL, NULL), "a space in the hash is refused");
	ok(!revs_parse("1-a\"", NULL, NULL), "a quote in the hash is refused");
	ok(!revs_parse("abc", NULL, NULL), "no generation");
	ok(!revs_parse("99999999999-a", NULL, NULL), "an absurd generation is refused");
	memset(long_hash, 'a', sizeof(long_hash));
	memcpy(long_hash, "1-", 2);
	long_hash[sizeof(long_hash) - 1] = '\0';
	ok(!revs_parse(long_hash, NULL, NULL), "a hash over 64 characters is refused");
	is_int(revs_gen("7-x"), 7, "revs_gen");
	is_int(revs_gen("junk"), 0, "revs_gen of junk is 0");
}

static void test_order_and_winner(void)
{
	struct revs_leaf a[] = { { "2-aaa", false }, { "2-bbb", false } };
	struct revs_leaf b[] = { { "3-aaa", true }, { "2-bbb", false } };
	struct revs_leaf c[] = { { "9-zzz", false }, { "10-aaa", false } };
	struct revs_leaf d[] = { { "4-a", true }, { "5-b", true } };

	ok(revs_cmp("2-a", "1-z") > 0, "a higher generation sorts later");
	ok(revs_cmp("10-a", "9-z") > 0, "generations compare as numbers");
	ok(revs_cmp("2-b", "2-a") > 0, "then hashes as bytes");
	ok(revs_cmp("2-a", "2-a") == 0, "equal");
	is_int(revs_winner(a, 2), 1, "the highest hash wins at one generation");
	is_int(revs_winner(b, 2), 1, "a live leaf beats a deeper deleted one");
	is_int(revs_winner(c, 2), 1, "generation 10 beats 9");
	is_int(revs_winner(d, 2), 1, "among deleted leaves the highest wins");
	is_int(revs_winner(a, 0), -1, "no leaves, no winner");
}

static void test_md5(void)
{
	static const struct {
		const char *in, *want;
	} v[] = {
		{ "", "d41d8cd98f00b204e9800998ecf8427e" },
		{ "a", "0cc175b9c0f1b6a831c399e269772661" },
		{ "abc", "900150983cd24fb0d6963f7d28e17f72" },
		{ "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
		{ "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b" },
		{ "1234567890123456789012345678901234567890123456789012345678901234567890123456789"
		  "0",
		  "57edf4a22be3c955ac49da2e2107b67a" },
		/* 55 and 56 bytes: the padding boundary */
		{ "0123456789012345678901234567890123456789012345678901234",
		  "6e7a4fc92eb1c3f6e652425bcc8d44b5" },
		{ "01234567890123456789012345678901234567890123456789012345",
		  "8af270b2847610e742b0791b53648c09" },
	};
	char out[33];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		revs_md5_hex(v[i].in, strlen(v[i].in), out);
		is_str(out, v[i].want, "md5 of %zu bytes", strlen(v[i].in));
	}
}

static void test_derive(void)
{
	char *a = revs_derive("3-abc", "{\"x\":1}"), *b = revs_derive("3-abc", "{\"x\":1}");
	char *c = revs_derive("3-abc", "{\"x\":2}"), *d = revs_derive(NULL, "{}");

	is_str(a, b, "the same change to the same revision gives the same id");
	ok(strcmp(a, c) != 0, "a different change gives a different id");
	ok(strncmp(a, "4-", 2) == 0 && revs_parse(a, NULL, NULL), "the next generation: %s", a);
	ok(strncmp(d, "1-", 2) == 0, "a new document starts at 1");
	free(a);
	free(b);
	free(c);
	free(d);
}

static void test_tree(void)
{
	struct revs_tree t;
	const char *ids1[] = { "c", "b", "a" }, *ids2[] = { "x", "b" }, *bad[] = { "q r" };
	const char **path;
	size_t n;
	long start;

	revs_tree_init(&t);
	ok(revs_tree_add_path(&t, 3, ids1, 3), "add 3-c 2-b 1-a");
	ok(revs_tree_add_path(&t, 3, ids2, 2), "add 3-x 2-b (a branch)");
	ok(!revs_tree_add_path(&t, 1, ids1, 3), "more ids than generations is refused");
	ok(!revs_tree_add_path(&t, 1, bad, 1), "a malformed id is refused");
	ok(revs_tree_has(&t, "1-a") && revs_tree_has(&t, "3-x"), "has");
	ok(!revs_tree_has(&t, "4-z"), "has not");
	is_str(revs_tree_parent(&t, "3-c"), "2-b", "parent");
	ok(revs_tree_parent(&t, "1-a") == NULL, "a root has no parent");
	ok(revs_tree_is_ancestor(&t, "1-a", "3-x"), "1-a is an ancestor of 3-x");
	ok(revs_tree_is_ancestor(&t, "3-x", "3-x"), "a revision is its own ancestor");
	ok(!revs_tree_is_ancestor(&t, "3-c", "3-x"), "siblings are not ancestors");
	is_str(revs_tree_common(&t, "3-c", "3-x"), "2-b", "the common ancestor of two branches");
	is_str(revs_tree_common(&t, "2-b", "3-x"), "2-b", "of a revision and its descendant");
	revs_tree_add(&t, "4-d", "3-c");
	path = revs_tree_path(&t, "4-d", 10, &start, &n);
	is_int(start, 4, "path start");
	is_int(n, 4, "path length");
	ok(n == 4 && strcmp(path[0], "d") == 0 && strcmp(path[3], "a") == 0, "path, newest first");
	free(path);
	path = revs_tree_path(&t, "4-d", 2, &start, &n);
	is_int(n, 2, "path cut at the limit");
	free(path);
	/* A gap: 7-g's parent is 5-e, not generation 6. */
	revs_tree_add(&t, "7-g", "5-e");
	path = revs_tree_path(&t, "7-g", 10, &start, &n);
	is_int(n, 1, "a path stops at a gap in the generations");
	free(path);
	path = revs_tree_path(&t, "9-unknown", 10, &start, &n);
	is_int(n, 1, "an unknown revision's path is itself");
	free(path);
	revs_tree_clear(&t);
	ok(t.n == 0 && t.edges == NULL, "clear");
}

/* Closing tombstones are told from other clients' deletions by their id. */
static void test_close(void)
{
	char *c = revs_close("3-abc"), *again = revs_close("3-abc");

	is_str(c, again, "the tombstone closing a leaf is the same on every replica");
	ok(strncmp(c, "4-", 2) == 0, "a child of the leaf: %s", c);
	ok(revs_is_close(c, "3-abc"), "recognised as closing its parent");
	ok(!revs_is_close(c, "3-abd"), "not as closing another revision");
	ok(!revs_is_close("4-0123456789abcdef0123456789abcdef", "3-abc"),
	   "a tombstone of another client (HTTP DELETE) is not closing");
	ok(!revs_is_close(c, NULL), "nor one whose parent is unknown");
	ok(!revs_is_close(NULL, "3-abc"), "NULL is not closing");
	free(c);
	free(again);
}

int main(void)
{
	test_parse();
	test_order_and_winner();
	test_md5();
	test_derive();
	test_close();
	test_tree();
	return done_testing();
}
