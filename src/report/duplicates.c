/* duplicates.c - the look-alikes of a lead: accounts, contacts and deals it
 * may already be. */
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "clock.h"
#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "money.h"
#include "report/internal.h"
#include "search.h"
#include "validate.h"
#include "xalloc.h"

/* Add the search hits for text among type e's records to rows (bounded). */
static enum status dup_search(struct db *db, const char *text, const struct entity *e,
			      struct report_rows *rows, size_t max)
{
	struct search_hit *hits = NULL;
	size_t nhits = 0, i;
	enum status st;

	if (text == NULL || *text == '\0')
		return ST_OK;
	st = search_run(db, text, e, (int)max, &hits, &nhits);
	if (st == ST_INVALID) { /* nothing searchable in it: no candidates */
		status_clear();
		return ST_OK;
	}
	for (i = 0; st == ST_OK && i < nhits && rows->n < max; i++)
		if (!report_rows_has(rows, hits[i].id))
			st = report_rows_load(db, rows, e, hits[i].id, 0);
	search_hits_free(&hits, nhits);
	return st;
}

/* Add the live records of e whose field key equals value exactly. */
static enum status dup_exact(struct db *db, const struct entity *e, const char *key,
			     const char *value, struct report_rows *rows, size_t max)
{
	char *sql;
	sqlite3_stmt *st;
	enum status ret = ST_OK;
	int rc;

	if (value == NULL || *value == '\0')
		return ST_OK;
	/* e and key come from the descriptor tables, not from the user. */
	sql = xasprintf("SELECT id FROM \"%s\" WHERE \"%s\" = ?1 COLLATE NOCASE AND deleted = 0 "
			"LIMIT 8",
			e->table, key);
	st = db_prepare(db, sql);
	free(sql);
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, value);
	while (ret == ST_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *id = db_column_strdup(st, 0);

		if (rows->n < max && !report_rows_has(rows, id))
			ret = report_rows_load(db, rows, e, id, 0);
		free(id);
	}
	if (ret == ST_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = db_error(db, rc, _("looking for duplicates"));
	sqlite3_reset(st);
	return ret;
}

/* Equal texts, ignoring ASCII case; false when either is missing. */
static bool same_text(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}

enum status report_duplicates(struct db *db, const struct record *lead,
			      struct report_rows *accounts, struct report_rows *contacts)
{
	const char *company = record_get(lead, "company"), *name = record_get(lead, "name");
	const char *email = record_get(lead, "email"), *phone = record_get(lead, "phone");
	struct report_rows found = { 0 };
	enum status st = ST_OK;
	size_t i;

	/* Exact names first (index), then similar names from the search index. */
	st = dup_exact(db, &entity_account, "name", company, accounts, 8);
	if (st == ST_OK)
		st = dup_search(db, company, &entity_account, accounts, 8);
	if (st == ST_OK)
		st = dup_exact(db, &entity_contact, "name", name, contacts, 8);
	/* Email and phone through the search index, then kept only when equal. */
	if (st == ST_OK && email)
		st = dup_search(db, email, &entity_contact, &found, 8);
	if (st == ST_OK && phone)
		st = dup_search(db, phone, &entity_contact, &found, 16);
	for (i = 0; i < found.n; i++) {
		struct record *r = found.rows[i];

		if ((same_text(record_get(r, "email"), email) ||
		     same_text(record_get(r, "phone"), phone) ||
		     same_text(record_get(r, "mobile"), phone)) &&
		    contacts->n < 8 && !report_rows_has(contacts, r->id)) {
			report_rows_add(contacts, r, 0);
			found.rows[i] = NULL;
		}
	}
	for (i = 0; i < found.n; i++)
		record_free(&found.rows[i]);
	found.n = 0;
	report_rows_free(&found);
	if (st == ST_OK)
		st = dup_search(db, name, &entity_contact, contacts, 8);
	return st;
}
