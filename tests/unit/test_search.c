/* test_search.c - full-text search: Latin prefixes, CJK substrings, ranking, upkeep. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "record.h"
#include "search.h"
#include "fixture.h"
#include "tap.h"
#include "xalloc.h"

static struct db *db;

static char *add(const struct entity *e, const char *const *pairs)
{
	return fixture_add(db, e, pairs);
}

#define ADD(e, ...) add(e, (const char *const[]){ __VA_ARGS__, NULL })

/* Does searching text (in type only, or all) find the record with this id? At which rank? */
static int rank_of(const char *text, const struct entity *only, const char *id)
{
	struct search_hit *hits = NULL;
	size_t n = 0, i;
	int at = -1;

	if (search_run(db, text, only, 50, &hits, &n) != ST_OK)
		return -2;
	for (i = 0; i < n && at < 0; i++)
		if (strcmp(hits[i].id, id) == 0)
			at = (int)i;
	search_hits_free(&hits, n);
	return at;
}

static size_t hits_for(const char *text)
{
	struct search_hit *hits = NULL;
	size_t n = 0;

	search_run(db, text, NULL, 50, &hits, &n);
	search_hits_free(&hits, n);
	return n;
}

int main(void)
{
	char *huawei, *zhang, *zw_en, *muller, *opp, *log, *noted;
	struct record *r = NULL;
	struct search_hit *hits = NULL;
	size_t n = 0;

	setenv("SALESTERM_NOW", "2026-11-23T01:00:00Z", 1);
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK)
		return 99;
	huawei = ADD(&entity_account, "name=华为科技有限公司", "industry=通信");
	zhang = ADD(&entity_contact, "name=张伟", "account=华为科技有限公司", "title=采购经理");
	zw_en = ADD(&entity_contact, "name=Zhang Wei", "email=zhang.wei@example.com");
	muller = ADD(&entity_contact, "name=Jürgen Müller", "mobile=+49 170 1234567");
	opp = ADD(&entity_opportunity, "name=5G 基站扩容", "account=华为科技有限公司");
	log = ADD(&entity_followup, "at=2026-11-20 10:00", "related=张伟",
		  "notes=客户对价格敏感, wants a discount on maintenance");
	noted = ADD(&entity_contact, "name=Alice Notes", "notes=met Zhang at the trade fair");
	ok(huawei && zhang && zw_en && muller && opp && log && noted, "fixtures added");

	ok(rank_of("张", NULL, zhang) >= 0, "one CJK character finds 张伟");
	ok(rank_of("科技", NULL, huawei) >= 0, "two characters find 华为科技有限公司");
	ok(rank_of("技有限", NULL, huawei) >= 0, "a substring from the middle");
	is_int(rank_of("华科", NULL, huawei), -1, "characters not adjacent do not match");
	ok(rank_of("zha", NULL, zw_en) >= 0, "Latin prefix");
	ok(rank_of("ZHANG", NULL, zw_en) >= 0, "case-insensitive");
	ok(rank_of("wei zh", NULL, zw_en) >= 0, "two prefixes, any order");
	ok(rank_of("muller", NULL, muller) >= 0, "diacritics folded: muller finds Müller");
	ok(rank_of("170", NULL, muller) >= 0, "phone digits");
	ok(rank_of("example.com", NULL, zw_en) >= 0, "email domain");
	ok(rank_of("采购", &entity_contact, zhang) >= 0, "title text of a contact");
	ok(rank_of("华为", &entity_opportunity, opp) >= 0,
	   "an opportunity is found by its account's name");
	ok(rank_of("价格", NULL, log) >= 0, "follow-up notes in Chinese");
	ok(rank_of("discount", NULL, log) >= 0, "follow-up notes in English");
	is_int(rank_of("张", &entity_account, zhang), -1, "type filter keeps other types out");
	/* Names rank above notes: "zhang" is the name of one contact, a note of another. */
	ok(rank_of("zhang", &entity_contact, zw_en) < rank_of("zhang", &entity_contact, noted),
	   "a name match ranks above a notes match");

	/* Upkeep: edits reindex, deletes drop out, undeletes come back. */
	record_load(db, &entity_contact, zhang, &r);
	record_input(db, r, "name", "张伟强");
	record_update(db, r);
	record_free(&r);
	ok(rank_of("伟强", NULL, zhang) >= 0, "an edited name is searchable at once");
	record_delete(db, &entity_contact, zhang);
	is_int(rank_of("伟强", NULL, zhang), -1, "a deleted contact is not found");
	record_undelete(db, &entity_contact, zhang);
	ok(rank_of("伟强", NULL, zhang) >= 0, "an undeleted contact is found again");

	/* Input that holds nothing to search, or syntax FTS5 would choke on. */
	is_int(search_run(db, "   ", NULL, 10, &hits, &n), ST_INVALID, "blank text refused");
	is_int(search_run(db, "\xff\xfe", NULL, 10, &hits, &n), ST_INVALID,
	       "invalid UTF-8 refused");
	is_int(search_run(db, "\"*()^:", NULL, 10, &hits, &n), ST_INVALID,
	       "only punctuation refused");
	ok(hits_for("\"zhang") >= 1, "a stray quote does not break the query");
	is_int(search_run(db, "NEAR(zhang wei) AND -x", NULL, 10, &hits, &n), ST_OK,
	       "FTS5 operators typed as text are only words, not syntax");
	search_hits_free(&hits, n);
	is_int(search_run(db, "zhang OR 1=1; --", NULL, 10, &hits, &n), ST_OK,
	       "SQL metacharacters are only text");
	search_hits_free(&hits, n);

	free(huawei);
	free(zhang);
	free(zw_en);
	free(muller);
	free(opp);
	free(log);
	free(noted);
	db_close(&db);
	return done_testing();
}
