/* fixture.h - test fixtures on the real record layer, shared by the unit tests.
 *
 * Header-only like tap.h: each test program includes it once.
 */
#ifndef SALESTERM_FIXTURE_H
#define SALESTERM_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "xalloc.h"

#define FIXTURE_MAX_PAIRS 32

/*
 * Add a record of type e from "key=value" strings (NULL-terminated), parsed
 * as a user's input and written with record_insert(). Returns the new id
 * (caller frees), or NULL with the status message set and echoed as a TAP
 * comment: some tests expect the refusal and check the message.
 */
static char *fixture_add(struct db *db, const struct entity *e, const char *const *pairs)
{
	struct record *r = record_new(e);
	struct kv kv[FIXTURE_MAX_PAIRS];
	char *keys[FIXTURE_MAX_PAIRS], *id = NULL;
	size_t n = 0, i;

	for (; pairs[n] && n < FIXTURE_MAX_PAIRS; n++) {
		const char *eq = strchr(pairs[n], '=');

		keys[n] = xstrndup(pairs[n], (size_t)(eq - pairs[n]));
		kv[n].key = keys[n];
		kv[n].value = eq + 1;
	}
	if (record_input_all(db, r, kv, n) == ST_OK && record_insert(db, r) == ST_OK)
		id = xstrdup(r->id);
	else
		printf("# add %s: %s\n", e->name, status_message());
	for (i = 0; i < n; i++)
		free(keys[i]);
	record_free(&r);
	return id;
}

#endif
