/* test_sync_merge.c - three-way field merges, and resolving a conflict. */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "entity.h"
#include "record.h"
#include "sync/conflict.h"
#include "sync/doc.h"
#include "sync/revs.h"
#include "sync/store.h"
#include "tap.h"
#include "xalloc.h"

static struct db *db;

static struct record *version(const struct entity *e, const char *rev, const char *const *kv)
{
	struct record *r = record_new(e);
	size_t i;

	r->id = xstrdup("3f2a1b4c-0000-4000-8000-000000000009");
	r->rev = xstrdup(rev);
	r->created_at = xstrdup("2026-01-01T00:00:00Z");
	r->updated_at = xstrdup("2026-01-01T00:00:00Z");
	for (i = 0; kv[i]; i += 2)
		record_set(r, kv[i], kv[i + 1]);
	return r;
}

static void test_merge(void)
{
	const char *base_kv[] = { "name", "张伟", "title", "经理", "mobile", "138", NULL };
	const char *a_kv[] = { "name", "张伟", "title", "总监", "mobile", "138", NULL };
	const char *b_kv[] = { "name", "张伟", "title", "经理", "mobile", "139", NULL };
	const char *c_kv[] = { "name", "张伟", "title", "副总", "mobile", "138", NULL };
	const char *d_kv[] = { "name", "张伟", "title", "总监", "mobile", "139", NULL };
	struct record *base = version(&entity_contact, "1-a", base_kv);
	struct record *a = version(&entity_contact, "2-a", a_kv);
	struct record *b = version(&entity_contact, "2-b", b_kv);
	struct record *c = version(&entity_contact, "2-c", c_kv);
	struct record *d = version(&entity_contact, "2-d", d_kv);
	struct record *m = NULL, *m2 = NULL;
	unsigned char *cf = xcalloc(CONFLICT_SLOTS(&entity_contact), 1);
	int title = entity_field_index(&entity_contact, "title");
	int mobile = entity_field_index(&entity_contact, "mobile");

	free(b->updated_at);
	b->updated_at = xstrdup("2026-03-01T00:00:00Z");
	b->updated_by = xstrdup("5a9e0001-0000-4000-8000-0000000000aa");
	is_int(conflict_merge(base, a, b, &m, cf), 0, "different fields: no conflict");
	is_str(record_get(m, "title"), "总监", "one side's change is kept");
	is_str(record_get(m, "mobile"), "139", "and the other side's");
	is_str(m->updated_at, "2026-03-01T00:00:00Z", "the newer updated_at wins");
	is_str(m->updated_by, b->updated_by, "with its author");
	is_str(m->rev, "2-a",
	       "the result has the first version's rev (the caller derives a new one)");
	conflict_merge(base, b, a, &m2, NULL);
	ok(doc_value_eq(record_get(m2, "title"), "总监") &&
	       doc_value_eq(record_get(m2, "mobile"), "139"),
	   "the merge is symmetric");
	record_free(&m);
	record_free(&m2);

	is_int(conflict_merge(base, a, c, &m, cf), 1, "the same field changed twice: a conflict");
	ok(cf[title] && !cf[mobile], "the conflict is on the title only");
	is_str(record_get(m, "title"), "总监", "the first version's value stays meanwhile");
	record_free(&m);

	is_int(conflict_merge(base, a, d, &m, cf), 0,
	       "the same change on both sides is no conflict");
	is_str(record_get(m, "mobile"), "139", "and the other change is merged in");
	record_free(&m);

	is_int(conflict_merge(NULL, a, b, &m, cf), 2,
	       "without a base every difference is a conflict");
	record_free(&m);

	b->deleted = true;
	is_int(conflict_merge(base, a, b, &m, cf), 1, "a deletion against an edit is a conflict");
	ok(cf[CONFLICT_DELETED(&entity_contact)], "on _deleted");
	is_str(conflict_slot_name(&entity_contact, CONFLICT_DELETED(&entity_contact)), "_deleted",
	       "the pseudo-field's name");
	record_free(&m);
	b->deleted = false;

	free(c->owner);
	c->owner = xstrdup("5a9e0001-0000-4000-8000-0000000000bb");
	record_set(c, "title", "经理");
	is_int(conflict_merge(base, a, c, &m, cf), 0, "an owner change merges like a field");
	is_str(m->owner, c->owner, "the new owner is kept");
	record_free(&m);

	record_free(&base);
	record_free(&a);
	record_free(&b);
	record_free(&c);
	record_free(&d);
	free(cf);
}

static void test_money_pairs(void)
{
	const char *base_kv[] = { "name", "x",	      "stage", "s", "amount",
				  "100",  "currency", "CNY",   NULL };
	const char *a_kv[] = {
		"name", "x", "stage", "s", "amount", "200", "currency", "CNY", NULL
	};
	const char *b_kv[] = {
		"name", "x", "stage", "s", "amount", "100", "currency", "USD", NULL
	};
	struct record *base = version(&entity_opportunity, "1-a", base_kv);
	struct record *a = version(&entity_opportunity, "2-a", a_kv);
	struct record *b = version(&entity_opportunity, "2-b", b_kv);
	struct record *m = NULL;
	unsigned char *cf = xcalloc(CONFLICT_SLOTS(&entity_opportunity), 1);

	is_int(conflict_merge(base, a, b, &m, cf), 1,
	       "an amount and its currency changed on different sides: one conflict");
	ok(cf[entity_field_index(&entity_opportunity, "amount")] &&
	       cf[entity_field_index(&entity_opportunity, "currency")],
	   "on both, never 200 in another currency");
	record_free(&m);
	record_free(&b);
	{
		const char *c_kv[] = { "name", "x",	   "stage", "s", "amount",
				       "300",  "currency", "CNY",   NULL };

		b = version(&entity_opportunity, "2-c", c_kv);
	}
	memset(cf, 0, CONFLICT_SLOTS(&entity_opportunity));
	is_int(conflict_merge(base, a, b, &m, cf), 1,
	       "two amounts in the same currency: one conflict");
	ok(cf[entity_field_index(&entity_opportunity, "amount")] &&
	       !cf[entity_field_index(&entity_opportunity, "currency")],
	   "on the amount alone: the currency is not asked for");
	record_free(&m);
	record_free(&base);
	record_free(&a);
	record_free(&b);
	free(cf);
}

/* A stored record with an open conflict leaf, as a pull leaves it. */
static void test_resolve(void)
{
	struct record *r = record_new(&entity_contact), *other, *now = NULL;
	struct kv kv[] = { { "name", "王芳" },
			   { "title", "经理" },
			   { "mobile", "+86 138 0000 0001" } };
	struct store_leaf leaf = { 0 };
	struct conflict *list = NULL, k;
	struct kv choice[] = { { "title", "theirs" } }, bad[] = { { "mobile", "mine" } };
	struct kv value[] = { { "title", "技术总监" } };
	char *base_rev, *body;
	size_t n = 0;
	long before;

	record_input_all(db, r, kv, 3);
	is_int(record_insert(db, r), ST_OK, "a contact");
	base_rev = xstrdup(r->rev);
	record_set(r, "title", "总监");
	is_int(record_update(db, r), ST_OK, "edited here (the winner)");
	other = record_dup(r);
	free(other->rev);
	other->rev = revs_derive(base_rev, "theirs");
	record_set(other, "title", "副总");
	record_set(other, "email", "wf@example.com");
	body = doc_body(other);
	is_int(db_begin(db), ST_OK, "begin");
	store_edge_put(db, r->id, other->rev, base_rev);
	leaf.rev = other->rev;
	leaf.entity = &entity_contact;
	leaf.body = body;
	leaf.open = true;
	leaf.base = base_rev;
	is_int(store_leaf_put(db, r->id, &leaf), ST_OK, "the other branch, kept as a leaf");
	is_int(db_commit(db), ST_OK, "commit");
	free(leaf.at);

	is_int(conflict_count(db), 1, "one open conflict");
	is_int(conflict_list(db, &list, &n), ST_OK, "conflict list");
	is_int(n, 1, "lists it");
	ok(n == 1 && list[0].nconflicts == 1 &&
	       list[0].conflicts[entity_field_index(&entity_contact, "title")],
	   "the title is in conflict, the email is not (changed on one side only)");
	ok(n == 1 && list[0].base && doc_value_eq(record_get(list[0].base, "title"), "经理"),
	   "the base is the version before both");
	conflict_list_free(list, n);

	before = conflict_count(db);
	is_int(conflict_resolve(db, "nonexistent", choice, 1), ST_NOT_FOUND, "an unknown id");
	is_int(conflict_resolve(db, r->id, bad, 1), ST_USAGE, "a resolution must cover the title");
	is_int(conflict_count(db), before, "a refused resolution changes nothing");
	is_int(conflict_get(db, r->id, &k), ST_OK, "conflict show");
	ok(k.mine && doc_value_eq(record_get(k.mine, "title"), "总监") &&
	       doc_value_eq(record_get(k.theirs, "title"), "副总"),
	   "mine and theirs");
	conflict_clear(&k);
	is_int(conflict_resolve(db, r->id, value, 1), ST_OK, "resolve with a value of one's own");
	is_int(record_load(db, &entity_contact, r->id, &now), ST_OK, "reload");
	is_str(record_get(now, "title"), "技术总监", "the chosen value is written");
	is_str(record_get(now, "email"), "wf@example.com",
	       "the other side's other change is merged");
	ok(now->dirty, "the resolution is a local change to send");
	is_int(conflict_count(db), 0, "no conflict left");
	{
		sqlite3_stmt *st =
		    db_prepare(db, "SELECT count(*) FROM sync_leaf WHERE doc = ? AND "
				   "pending = 1 AND body IS NULL AND deleted = 1");
		int tombs = 0;

		sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			tombs = sqlite3_column_int(st, 0);
		sqlite3_reset(st);
		is_int(tombs, 1, "a tombstone closes the other branch, waiting to be sent");
	}
	record_free(&now);
	record_free(&r);
	record_free(&other);
	free(body);
	free(base_rev);
}

/* open and base of leaf rev of doc, as "open base". Caller frees. */
static char *leaf_row(const char *doc, const char *rev)
{
	sqlite3_stmt *s =
	    db_prepare(db, "SELECT open || ' ' || coalesce(base, '-') FROM sync_leaf WHERE doc = ? "
			   "AND rev = ?");
	char *v = NULL;

	sqlite3_bind_text(s, 1, doc, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rev, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = db_column_strdup(s, 0);
	sqlite3_reset(s);
	return v;
}

/* Put a leaf of r's record: other's version, with the given stored state. */
static void put_leaf(const struct record *other, const char *parent, bool open, const char *base)
{
	struct store_leaf leaf = { 0 };
	char *body = doc_body(other);

	store_edge_put(db, other->id, other->rev, parent);
	leaf.rev = other->rev;
	leaf.entity = other->entity;
	leaf.deleted = other->deleted;
	leaf.body = body;
	leaf.open = open;
	leaf.base = (char *)base;
	store_leaf_put(db, other->id, &leaf);
	free(leaf.at);
	free(body);
}

/* Whatever state the leaves were left in (by the order revisions came in),
 * conflict_refresh() decides it from the tree alone. */
static void test_refresh(void)
{
	struct record *r = record_new(&entity_contact), *edit, *del;
	struct kv kv[] = { { "name", "刘洋" }, { "title", "经理" } };
	struct conflict *list = NULL;
	char **opened = NULL, *want, *got, *r1;
	size_t n = 0, i;

	record_input_all(db, r, kv, 2);
	is_int(record_insert(db, r), ST_OK, "a contact");
	r1 = xstrdup(r->rev);
	edit = record_dup(r);
	del = record_dup(r);
	record_set(r, "title", "总监");
	is_int(record_update(db, r), ST_OK, "edited here: the row");
	/* Another branch from r1 that changed the title too, stored as if it had
	 * come before the row's branch: not open, a base that is not the common
	 * ancestor. */
	free(edit->rev);
	edit->rev = revs_derive(r1, "other");
	record_set(edit, "title", "副总");
	/* And a deletion of exactly what the row holds, stored as open. */
	free(del->rev);
	del->rev = revs_derive(r->rev, "deleted");
	record_set(del, "title", "总监");
	del->deleted = true;
	is_int(db_begin(db), ST_OK, "begin");
	put_leaf(edit, r1, false, "1-0000stale");
	put_leaf(del, r->rev, true, NULL);
	is_int(db_commit(db), ST_OK, "commit");

	is_int(conflict_list(db, &list, &n), ST_OK, "conflict list before a refresh");
	ok(n == 0, "a stale open flag on a deletion of the row's content lists nothing");
	conflict_list_free(list, n);

	is_int(db_begin(db), ST_OK, "begin");
	is_int(conflict_refresh(db, &entity_contact, r->id, &opened, &n), ST_OK, "refresh");
	is_int(db_commit(db), ST_OK, "commit");
	ok(n == 1 && strcmp(opened[0], edit->rev) == 0, "the other edit is newly open");
	for (i = 0; i < n; i++)
		free(opened[i]);
	free(opened);
	want = xasprintf("1 %s", r1);
	got = leaf_row(r->id, edit->rev);
	is_str(got, want, "open, its base the common ancestor in the tree");
	free(got);
	free(want);
	want = xasprintf("0 %s", r->rev);
	got = leaf_row(r->id, del->rev);
	is_str(got, want, "the deletion of what the row holds is not open");
	free(got);
	free(want);
	is_int(conflict_count(db), 1, "one open conflict");
	is_int(conflict_list(db, &list, &n), ST_OK, "conflict list");
	ok(n == 1 && list[0].base && doc_value_eq(record_get(list[0].base, "title"), "经理") &&
	       list[0].conflicts[entity_field_index(&entity_contact, "title")],
	   "the title, against the base both started from");
	conflict_list_free(list, n);

	/* A second refresh over the same tree changes nothing. */
	is_int(db_begin(db), ST_OK, "begin");
	is_int(conflict_refresh(db, &entity_contact, r->id, &opened, &n), ST_OK, "refresh again");
	is_int(db_commit(db), ST_OK, "commit");
	is_int(n, 0, "nothing newly open");
	free(opened);

	/* Deleted here too: nothing is left to decide. */
	r->deleted = true;
	is_int(record_update(db, r), ST_OK, "the row deleted");
	is_int(conflict_list(db, &list, &n), ST_OK, "conflict list");
	ok(n == 1, "a live edit against a deletion here is still a conflict (until settled)");
	conflict_list_free(list, n);
	is_int(store_settle_all(db), ST_OK, "settle");
	is_int(conflict_count(db), 2,
	       "settled: the other edit wins, and both deletions of 总监 are open against it");
	record_free(&r);
	record_free(&edit);
	record_free(&del);
	free(r1);
}

int main(void)
{
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	test_merge();
	test_money_pairs();
	test_resolve();
	test_refresh();
	db_close(&db);
	return done_testing();
}
