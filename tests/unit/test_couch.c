/* test_couch.c - the checks of the CouchDB API's replies (src/sync/couch.c),
 * without a server: a reply body as JSON (one value, no NUL, lone
 * surrogates, numbers kept exact), the server's reason for an error, the
 * changes feed, the documents of a fetch, whether a fetch covers a
 * revision, and _revs_diff answers. tests/sync/ drives the calls themselves
 * against PouchDB Server. */
#include <stdlib.h>
#include <string.h>

#include "sync/couch.h"
#include "tap.h"

#define DB "http://127.0.0.1:5984/team"

static cJSON *parse(const char *text)
{
	size_t at = 0;

	return couch_reply_parse(text, strlen(text), &at);
}

static void test_reply_parse(void)
{
	size_t at = 99;
	cJSON *o;
	const char nul[] = "{\"a\":1}\0{}";

	o = couch_reply_parse("{\"ok\":true}\r\n", 13, &at);
	ok(cJSON_IsObject(o) && at == 0, "one value, then blanks");
	cJSON_Delete(o);
	o = couch_reply_parse("{\"ok\":true} {\"ok\":true}", 23, &at);
	ok(o == NULL && at == 12, "a second value is refused, where it starts (%zu)", at);
	o = couch_reply_parse("{\"results\":[{\"id\":\"a\"", 21, &at);
	ok(o == NULL && at > 0, "a cut reply is refused");
	o = couch_reply_parse("", 0, &at);
	ok(o == NULL, "an empty body is refused");
	o = couch_reply_parse(nul, sizeof(nul) - 1, &at);
	ok(o == NULL, "a body with a NUL in it is refused");

	o = parse("{\"seq\":9007199254740993}");
	is_str(o ? cJSON_GetObjectItem(o, "seq")->valuestring : NULL, "9007199254740993",
	       "numbers keep their text");
	cJSON_Delete(o);

	o = parse("{\"name\":\"a\\ud800b\"}");
	is_str(o ? cJSON_GetStringValue(cJSON_GetObjectItem(o, "name")) : NULL,
	       "a\xed\xa0\x80"
	       "b",
	       "a lone surrogate becomes bytes that are not UTF-8 (the document alone is refused)");
	cJSON_Delete(o);
	o = parse("[\"\\udc00\", \"x\\ud83d\"]");
	ok(o && strcmp(cJSON_GetArrayItem(o, 0)->valuestring, "\xed\xb0\x80") == 0 &&
	       strcmp(cJSON_GetArrayItem(o, 1)->valuestring, "x\xed\xa0\xbd") == 0,
	   "a low one alone, and a high one at the end");
	cJSON_Delete(o);
	o = parse("[\"\\ud83d\\ude00\"]");
	is_str(o ? cJSON_GetArrayItem(o, 0)->valuestring : NULL, "\xf0\x9f\x98\x80",
	       "a pair stays a character");
	cJSON_Delete(o);
	o = parse("[\"\\\\ud800\"]");
	is_str(o ? cJSON_GetArrayItem(o, 0)->valuestring : NULL, "\\ud800",
	       "an escaped backslash before ud800 is text");
	cJSON_Delete(o);
	o = parse("[\"\\ud8\"]");
	ok(o == NULL, "a cut escape is still refused");
	o = parse("{\"notes\":\"a\\u0000b\",\"x\":\"\\\\u0000\"}");
	is_str(o ? cJSON_GetStringValue(cJSON_GetObjectItem(o, "notes")) : NULL,
	       "a\xc0\x80"
	       "b",
	       "an escaped NUL becomes C0 80, not the end of the text (its document is refused)");
	is_str(o ? cJSON_GetStringValue(cJSON_GetObjectItem(o, "x")) : NULL, "\\u0000",
	       "an escaped backslash before u0000 is text");
	cJSON_Delete(o);
	/* The text before a replaced escape was copied from after the last
	 * escape passed over: a "\\n" earlier in the reply was cut off, and
	 * the whole reply refused. */
	o = parse("[\"x\\ny\", \"\\ud800\", \"\\t\\u0000\\\"\"]");
	ok(o && strcmp(cJSON_GetArrayItem(o, 0)->valuestring, "x\ny") == 0 &&
	       strcmp(cJSON_GetArrayItem(o, 1)->valuestring, "\xed\xa0\x80") == 0 &&
	       strcmp(cJSON_GetArrayItem(o, 2)->valuestring, "\t\xc0\x80\"") == 0,
	   "escapes before, between and after the replaced ones stay as they were");
	cJSON_Delete(o);
	/* Found by fuzz_couch: a lone surrogate, then a backslash as the last
	 * byte, copied -1 bytes. */
	o = couch_reply_parse("[\"\\ud800\", \"\\", 13, &at);
	ok(o == NULL && at <= 13, "a lone surrogate, then a cut escape at the end: refused");
}

static char *reason(const char *body)
{
	return couch_server_reason(body, strlen(body));
}

static void test_server_reason(void)
{
	char *s, *big;
	size_t n = 4000;

	s = reason("{\"error\":\"forbidden\",\"reason\":\"only a manager\"}");
	is_str(s, "forbidden: only a manager", "error: reason");
	free(s);
	s = reason("{\"error\":\"not_found\"}");
	is_str(s, "not_found", "an error alone");
	free(s);
	s = reason("<html>502</html>");
	is_str(s, "", "a body that is not JSON gives no reason");
	free(s);
	s = couch_server_reason(NULL, 0);
	is_str(s, "", "nor does none");
	free(s);
	s = reason("{\"reason\":\"a\\u001b[31mb\\nc\"}");
	ok(strchr(s, '\x1b') == NULL && strchr(s, '\n') == NULL,
	   "a reason is one line without terminal escapes (%s)", s);
	free(s);
	big = malloc(n + 32);
	strcpy(big, "{\"reason\":\"");
	memset(big + 11, 'x', n);
	strcpy(big + 11 + n, "\"}");
	s = couch_server_reason(big, strlen(big));
	ok(strlen(s) <= COUCH_REASON_MAX, "a long reason is cut to %d bytes (%zu)",
	   COUCH_REASON_MAX, strlen(s));
	free(s);
	free(big);
}

static void test_changes(void)
{
	struct couch_changes ch;
	cJSON *o;

	o = parse(
	    "{\"results\":[{\"seq\":1,\"id\":\"c-1\",\"changes\":[{\"rev\":\"2-aa\"},{\"rev\":"
	    "\"3-bb\"}]},{\"seq\":2,\"id\":\"_design/salesterm\",\"changes\":[{\"rev\":\"1-cc\"}]"
	    "},{\"seq\":3,\"id\":\"c-2\",\"deleted\":true,\"changes\":[{\"rev\":\"4-dd\"}],"
	    "\"doc\":{\"_id\":\"c-2\"}}],\"last_seq\":3}");
	is_int(couch_changes_parse(DB, o, &ch), ST_OK, "a changes feed");
	ok(ch.n == 2 && ch.raw == 3, "design documents are counted, not kept");
	ok(ch.n == 2 && strcmp(ch.rows[0].id, "c-1") == 0 && ch.rows[0].nrevs == 2 &&
	       strcmp(ch.rows[0].revs[1], "3-bb") == 0 && !ch.rows[0].deleted &&
	       ch.rows[0].doc == NULL,
	   "every leaf revision of a row");
	ok(ch.n == 2 && ch.rows[1].deleted && cJSON_IsObject(ch.rows[1].doc),
	   "a deletion, its doc");
	is_str(ch.last_seq, "3", "last_seq as JSON text");
	couch_changes_clear(&ch);
	cJSON_Delete(o);

	o = parse("{\"results\":[],\"last_seq\":\"7-g1AAAA\"}");
	is_int(couch_changes_parse(DB, o, &ch), ST_OK, "an empty feed");
	is_str(ch.last_seq, "\"7-g1AAAA\"", "a CouchDB 2 seq keeps its quotes");
	couch_changes_clear(&ch);
	cJSON_Delete(o);

	static const struct {
		const char *reply, *why;
	} bad[] = {
		{ "{\"last_seq\":1}", "no results array" },
		{ "{\"results\":{},\"last_seq\":1}", "no results array" },
		{ "{\"results\":[]}", "no last_seq" },
		{ "{\"results\":[],\"last_seq\":null}", "no last_seq" },
		{ "{\"results\":[{\"changes\":[]}],\"last_seq\":1}",
		  "a row without id or changes" },
		{ "{\"results\":[{\"id\":\"a\",\"changes\":[{\"rev\":\"x\"}]}],\"last_seq\":1}",
		  "a change without a valid rev" },
		{ "{\"results\":[{\"id\":\"a\",\"changes\":[{\"rev\":\"1-a\"}]},{\"id\":\"b\","
		  "\"changes\":[{}]}],\"last_seq\":1}",
		  "a change without a valid rev" },
		{ "[]", "no results array" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o = parse(bad[i].reply);
		is_int(couch_changes_parse(DB, o, &ch), ST_IO, "refused: %s", bad[i].reply);
		ok(strstr(status_message(), DB) && strstr(status_message(), bad[i].why) &&
		       ch.n == 0 && ch.rows == NULL && ch.last_seq == NULL,
		   "naming the server and why, out left empty: %s", status_message());
		couch_changes_clear(&ch);
		cJSON_Delete(o);
	}
}

static void test_take_ok_docs(void)
{
	cJSON *docs = cJSON_CreateArray(), *items;

	items =
	    parse("[{\"ok\":{\"_id\":\"a\",\"_rev\":\"1-a\"}},{\"missing\":\"2-b\"},{\"error\":{"
		  "\"id\":\"b\"}},{\"ok\":{\"_id\":\"b\",\"_rev\":\"1-b\"}}]");
	is_int(couch_take_ok_docs(DB, items, docs), ST_OK, "a fetch's entries");
	is_int(cJSON_GetArraySize(docs), 2, "the \"ok\" ones are taken, the rest skipped");
	cJSON_Delete(items);
	items = parse("{\"ok\":{}}");
	is_int(couch_take_ok_docs(DB, items, docs), ST_IO, "not an array: refused");
	cJSON_Delete(items);
	items = parse("[{\"ok\":\"x\"}]");
	is_int(couch_take_ok_docs(DB, items, docs), ST_IO,
	       "an \"ok\" that is not an object: refused");
	ok(strstr(status_message(), DB) != NULL, "naming the server");
	cJSON_Delete(items);
	is_int(cJSON_GetArraySize(docs), 2, "nothing more was taken");
	cJSON_Delete(docs);
}

static void test_docs_cover(void)
{
	cJSON *docs =
	    parse("[{\"_id\":\"a\",\"_rev\":\"3-ccc\",\"_revisions\":{\"start\":3,\"ids\":"
		  "[\"ccc\",\"bbb\",\"aaa\"]}},{\"_id\":\"b\",\"_rev\":\"1-x\"}]");
	static const struct {
		struct couch_docrev want;
		bool covered;
		const char *what;
	} cases[] = {
		{ { "a", "3-ccc" }, true, "the revision itself" },
		{ { "a", "2-bbb" }, true, "an ancestor in the later one's _revisions" },
		{ { "a", "1-aaa" }, true, "the first one" },
		{ { "a", "2-zzz" }, false, "another branch" },
		{ { "a", "4-ddd" }, false, "a later revision than sent" },
		{ { "b", "1-x" }, true, "another document" },
		{ { "b", "2-y" }, false, "its later revision, without _revisions" },
		{ { "c", "1-x" }, false, "a document not sent" },
		{ { "a", "not a rev" }, false, "a malformed revision" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_int(couch_docs_cover(docs, &cases[i].want), cases[i].covered, "%s: %s",
		       cases[i].covered ? "covered" : "not covered", cases[i].what);
	cJSON_Delete(docs);
	docs =
	    parse("[{\"_id\":\"a\",\"_rev\":\"9-x\",\"_revisions\":{\"start\":1e300,\"ids\":[]}}]");
	ok(!couch_docs_cover(docs, &cases[0].want), "a huge start is not followed");
	cJSON_Delete(docs);
}

static void test_revs_diff(void)
{
	cJSON *req = parse("{\"a\":[\"1-a\",\"2-b\"],\"b\":[\"1-c\"]}"), *reply;
	static const struct {
		const char *reply, *wrong;
	} cases[] = {
		{ "{}", NULL },
		{ "{\"a\":{\"missing\":[\"2-b\"]},\"b\":{\"missing\":[\"1-c\"],\"possible_"
		  "ancestors\":"
		  "[\"1-z\"]}}",
		  NULL },
		{ "[]", "not an object" },
		{ "{\"z\":{\"missing\":[\"1-a\"]}}", "which was not asked about" },
		{ "{\"a\":{\"missing\":\"2-b\"}}", "is not {\"missing\": [...]}" },
		{ "{\"a\":[]}", "is not {\"missing\": [...]}" },
		{ "{\"a\":{\"missing\":[],\"possible_ancestors\":{}}}",
		  "is not {\"missing\": [...]}" },
		{ "{\"a\":{\"missing\":[7]}}", "not a string" },
		{ "{\"a\":{\"missing\":[\"1-c\"]}}",
		  "lists revision 1-c of a, which was not asked" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *wrong;

		reply = parse(cases[i].reply);
		wrong = couch_revs_diff_wrong(req, reply);
		if (cases[i].wrong == NULL)
			is_str(wrong, NULL, "a right answer: %s", cases[i].reply);
		else
			ok(wrong && strstr(wrong, cases[i].wrong), "%s: %s", cases[i].reply,
			   wrong ? wrong : "(accepted)");
		free(wrong);
		cJSON_Delete(reply);
	}
	cJSON_Delete(req);
}

int main(void)
{
	test_reply_parse();
	test_server_reason();
	test_changes();
	test_take_ok_docs();
	test_docs_cover();
	test_revs_diff();
	return done_testing();
}
