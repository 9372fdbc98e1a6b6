/* fuzz_syncdoc.c - documents from the server (src/sync/doc.c doc_parse):
 * any JSON another client could write. A document that is accepted gives a
 * canonical body that parses back to the same body (what merges and
 * revision ids are computed from). */
#include <cjson/cJSON.h>
#include <string.h>

#include "db.h"
#include "fuzz.h"
#include "record.h"
#include "sync/doc.h"

static struct db *fuzz_db(void)
{
	static struct db *db;

	if (db == NULL && db_open(":memory:", DB_CREATE, &db) != ST_OK)
		fuzz_fail("cannot open a database: %s", status_message());
	return db;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *doc = cJSON_ParseWithLength((const char *)data, size);
	struct doc_in in;

	if (doc == NULL)
		return 0;
	if (doc_parse(fuzz_db(), doc, &in) == ST_OK) {
		if (in.id == NULL || in.rev == NULL)
			fuzz_fail("a document was accepted without an id or rev");
		if (in.rec) {
			char *body = doc_body(in.rec), *again;
			struct record *r = doc_body_parse(in.rec->entity, in.id, in.rev, body);

			if (r == NULL)
				fuzz_fail("the body of %s does not parse: %s", in.id, body);
			again = doc_body(r);
			if (strcmp(body, again) != 0)
				fuzz_fail("body of %s changed: %s -> %s", in.id, body, again);
			free(again);
			free(body);
			record_free(&r);
		}
		doc_in_clear(&in);
	}
	status_clear();
	cJSON_Delete(doc);
	return 0;
}
