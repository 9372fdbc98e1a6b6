/* fuzz_couch.c - replies of a CouchDB server (src/sync/couch.c): any bytes a
 * server, a proxy or a cut connection could send, through the checks every
 * call makes before it uses a reply. A body that parses prints back to text
 * that parses to the same text; a changes feed that is accepted has what
 * pull.c relies on; documents taken from a fetch are objects; a _revs_diff
 * answer that is accepted names only what was asked; a server's reason is
 * one short line without terminal escapes. */
#include <cjson/cJSON.h>
#include <string.h>

#include "fuzz.h"
#include "json.h"
#include "sync/couch.h"

#define DB "http://127.0.0.1:5984/team"

static void check_reprint(const cJSON *o)
{
	char *s = json_print_exact(o), *again = NULL;
	cJSON *back = json_parse_exact(s, strlen(s), NULL);

	if (back == NULL)
		fuzz_fail("a parsed reply prints as text that is not JSON: %s", s);
	again = json_print_exact(back);
	if (strcmp(s, again) != 0)
		fuzz_fail("a reply prints differently once reparsed: %s -> %s", s, again);
	free(again);
	free(s);
	cJSON_Delete(back);
}

static void check_changes(const cJSON *o)
{
	cJSON *copy = cJSON_Duplicate(o, 1);
	struct couch_changes ch;
	size_t i;

	if (couch_changes_parse(DB, copy, &ch) == ST_OK) {
		if (ch.last_seq == NULL || ch.n > ch.raw)
			fuzz_fail(
			    "an accepted changes feed without last_seq, or more rows than sent");
		for (i = 0; i < ch.n; i++)
			if (ch.rows[i].id == NULL || strncmp(ch.rows[i].id, "_design/", 8) == 0)
				fuzz_fail("an accepted change without an id, or a design document");
	} else if (ch.n || ch.rows || ch.last_seq) {
		fuzz_fail("a refused changes feed left rows behind");
	}
	couch_changes_clear(&ch);
	cJSON_Delete(copy);
	status_clear();
}

static void check_docs(const cJSON *items)
{
	cJSON *copy = cJSON_Duplicate(items, 1), *docs = cJSON_CreateArray(), *d;

	if (couch_take_ok_docs(DB, copy, docs) == ST_OK) {
		cJSON_ArrayForEach(d, docs)
		{
			if (!cJSON_IsObject(d))
				fuzz_fail("a fetch took a document that is not an object");
		}
	}
	/* Whatever was taken: is a revision covered? */
	{
		static const struct couch_docrev want[] = {
			{ "a", "1-a" }, { "a", "2-b" }, { "b", "3-ccc" }, { "", "x" }
		};

		for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
			(void)couch_docs_cover(docs, &want[i]);
	}
	cJSON_Delete(docs);
	cJSON_Delete(copy);
	status_clear();
}

static void check_revs_diff(const cJSON *o)
{
	cJSON *req = cJSON_Parse("{\"a\":[\"1-a\",\"2-b\"],\"b\":[\"3-ccc\"]}");
	char *wrong = couch_revs_diff_wrong(req, o);

	if (wrong == NULL) {
		const cJSON *e, *r;

		cJSON_ArrayForEach(e, o)
		{
			const cJSON *asked = cJSON_GetObjectItemCaseSensitive(req, e->string);

			if (asked == NULL)
				fuzz_fail("an accepted _revs_diff names %s, not asked about",
					  e->string);
			cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(e, "missing"))
			{
				bool found = false;
				const cJSON *x;

				cJSON_ArrayForEach(x, asked)
				{
					found =
					    found || strcmp(x->valuestring, r->valuestring) == 0;
				}
				if (!found)
					fuzz_fail(
					    "an accepted _revs_diff lists %s, not asked about",
					    r->valuestring);
			}
		}
	}
	free(wrong);
	cJSON_Delete(req);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *body = malloc(size + 1), *why;
	size_t at = 0;
	cJSON *o, *r;

	if (body == NULL)
		abort();
	memcpy(body, data, size);
	body[size] = '\0';
	o = couch_reply_parse(body, size, &at);
	if (o == NULL && at > size)
		fuzz_fail("the error of a refused reply is past its end (%zu > %zu)", at, size);
	if (o) {
		check_reprint(o);
		check_changes(o);
		check_docs(o);
		cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(o, "results"))
		{
			check_docs(cJSON_GetObjectItemCaseSensitive(r, "docs"));
		}
		check_revs_diff(o);
	}
	why = couch_server_reason(body, size);
	if (strlen(why) > COUCH_REASON_MAX || strchr(why, '\n') || strchr(why, '\x1b'))
		fuzz_fail("a server's reason is not one short clean line: %s", why);
	free(why);
	cJSON_Delete(o);
	free(body);
	status_clear();
	return 0;
}
