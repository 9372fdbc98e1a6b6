/* test_sync_pending.c - what "pending changes" are: one count for every
 * front end (sync status, the status line, the Sync screen) and the
 * keyset-paged list of them in change order (src/sync/store.c). */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "entity.h"
#include "record.h"
#include "report/report.h"
#include "sync/conflict.h"
#include "sync/doc.h"
#include "sync/store.h"
#include "sync/sync.h"
#include "tap.h"
#include "xalloc.h"

static struct db *db;

static struct record *add(const struct entity *e, const char *name)
{
	struct record *r = record_new(e);
	struct kv kv[] = { { "name", name } };

	if (record_input_all(db, r, kv, 1) != ST_OK || record_insert(db, r) != ST_OK)
		printf("# setup failed: %s\n", status_message());
	return r;
}

/* A version of ours that lost to the server's, kept as a pending leaf
 * (open: a conflict for the user instead). */
static void add_leaf_as(struct record *r, const char *rev, bool open)
{
	struct store_leaf l = { 0 };
	struct record *mine = record_dup(r);

	free(mine->rev);
	mine->rev = xstrdup(rev);
	record_set(mine, "name", "我的版本");
	l.rev = mine->rev;
	l.entity = r->entity;
	l.body = doc_body(mine);
	l.pending = !open;
	l.open = open;
	if (store_leaf_put(db, r->id, &l) != ST_OK)
		printf("# leaf failed: %s\n", status_message());
	free(l.body);
	free(l.at);
	record_free(&mine);
}

static void add_leaf(struct record *r, const char *rev)
{
	add_leaf_as(r, rev, false);
}

int main(void)
{
	struct record *r[7];
	struct sync_state s;
	struct sync_pending *p = NULL, *all = NULL;
	size_t n = 0, i, nall = 0;
	int64_t count = -1, after = 0, last = 0;
	long c = -1;
	bool more = true, ordered = true;
	int pages = 0;

	setenv("SALESTERM_NOW", "2026-11-23T01:00:00Z", 1);
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	/* Writes interleaved over tables, then an old record written again. */
	r[0] = add(&entity_account, "华为科技");
	r[1] = add(&entity_contact, "张伟");
	r[2] = add(&entity_account, "Acme");
	r[3] = add(&entity_contact, "李娜");
	r[4] = add(&entity_lead, "陈先生");
	r[5] = add(&entity_contact, "王芳");
	record_set(r[0], "industry", "Telecom");
	if (record_update(db, r[0]) != ST_OK)
		printf("# update failed: %s\n", status_message());
	r[6] = add(&entity_account, "Beta");
	add_leaf(r[3], "3-00000000000000000000000000000001");

	/* One definition: 7 rows and the leaf, whoever counts. */
	is_int(sync_pending_count(db, 0, &c, &more), ST_OK, "count");
	is_int(c, 8, "sync_pending_count counts the rows and the kept version of ours");
	ok(!more, "all counted");
	is_int(sync_state_get(db, &s), ST_OK, "state");
	is_int(s.pending, 8, "sync status shows the same count");
	sync_state_clear(&s);
	is_int(report_pending_changes(db, &count, &more), ST_OK, "status line count");
	is_int(count, 8, "the status line shows the same count");
	is_int(sync_pending_count(db, 5, &c, &more), ST_OK, "capped count");
	ok(c == 5 && more, "a capped count stops at the cap and says there is more (%ld)", c);
	is_int(sync_pending_list(db, 0, &p, &n), ST_OK, "list");
	is_int((long)n, 8, "the list shows as many as are counted");
	sync_pending_free(p, n);

	/* Keyset pages of 3 walk every change once, in change order. */
	do {
		is_int(sync_pending_page(db, after, 3, &p, &n), ST_OK, "page %d", pages);
		ok(n <= 3, "a page holds at most its limit");
		all = xreallocarray(all, nall + n + 1, sizeof(*all));
		for (i = 0; i < n; i++) {
			ordered &= p[i].seq > last;
			last = p[i].seq;
			all[nall++] = p[i];
		}
		if (n)
			after = p[n - 1].seq;
		free(p); /* the items moved into all */
		pages++;
	} while (n == 3 && pages < 10);
	is_int(pages, 3, "three pages of 3 for 8 changes");
	is_int((long)nall, 8, "every change once");
	ok(ordered, "in change order across tables");
	if (nall == 8) {
		is_str(all[0].title, "张伟", "the account written again is not first any more");
		is_str(all[5].title, "华为科技", "it comes where it was written again");
		ok(all[5].entity == &entity_account && !all[5].is_new, "as a changed account");
		is_str(all[6].title, "Beta", "then the newer account");
		is_str(all[7].title, "我的版本", "the kept version of ours, with its own title");
		is_str(all[7].rev, "3-00000000000000000000000000000001", "and its own revision");
		ok(all[7].entity == &entity_contact, "of its type");
	}
	sync_pending_free(all, nall);
	is_int(sync_pending_page(db, last, 3, &p, &n), ST_OK, "after the last");
	is_int((long)n, 0, "nothing after the last change");
	sync_pending_free(p, n);

	/* The Sync screen's conflicts are bounded too. */
	{
		struct conflict *k = NULL;
		size_t nk = 0;

		add_leaf_as(r[0], "3-00000000000000000000000000000002", true);
		add_leaf_as(r[1], "3-00000000000000000000000000000003", true);
		add_leaf_as(r[2], "3-00000000000000000000000000000004", true);
		is_int(conflict_count(db), 3, "three open conflicts");
		is_int(conflict_list_first(db, 2, &k, &nk), ST_OK, "the first conflicts");
		is_int((long)nk, 2, "as many as asked for");
		conflict_list_free(k, nk);
		is_int(sync_pending_count(db, 0, &c, &more), ST_OK, "count");
		is_int(c, 8, "conflicts to resolve are not changes to send");
	}
	for (i = 0; i < 7; i++)
		record_free(&r[i]);
	db_close(&db);
	return done_testing();
}
