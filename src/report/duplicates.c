/* duplicates.c - the look-alikes of a lead: accounts, contacts and deals it
 * may already be. */
#include "report/report.h"

#include <ctype.h>
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
#include "strbuf.h"
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

/* ---- the duplicate rule for a new record ---- */

/* Legal forms that do not tell two companies apart. */
static const char *const legal_words[] = {
	"ltd", "limited", "inc", "incorporated", "co", "corp", "corporation", "company", "gmbh",
	"llc", "plc",	  "pte", "ag",		 "sa", "bv",   "kg",	      "group",	 NULL,
};
static const char *const legal_cjk[] = {
	"\xe8\x82\xa1\xe4\xbb\xbd\xe6\x9c\x89\xe9\x99\x90\xe5\x85\xac\xe5\x8f\xb8", /* 股份有限公司
										     */
	"\xe6\x9c\x89\xe9\x99\x90\xe8\xb4\xa3\xe4\xbb\xbb\xe5\x85\xac\xe5\x8f\xb8", /* 有限责任公司
										     */
	"\xe6\x9c\x89\xe9\x99\x90\xe5\x85\xac\xe5\x8f\xb8", /* 有限公司 */
	"\xe9\x9b\x86\xe5\x9b\xa2",			    /* 集团 */
	"\xe5\x85\xac\xe5\x8f\xb8",			    /* 公司 */
	NULL,
};

static bool is_legal_word(const char *w, size_t n)
{
	size_t i;

	for (i = 0; legal_words[i]; i++)
		if (strlen(legal_words[i]) == n && strncmp(legal_words[i], w, n) == 0)
			return true;
	return false;
}

/* A company's name without case, punctuation, blanks or legal form. Caller frees. */
static char *company_key(const char *name)
{
	size_t len = strlen(name), n = 0, i, start;
	char *out = xcalloc(len + 1, 1);
	size_t *ends = xcalloc(len + 1, sizeof(size_t)), nw = 0;
	bool again = true;

	/* Words of letters, digits and non-ASCII, lowered; where each ends. */
	for (i = 0; i < len;) {
		while (i < len && (unsigned char)name[i] < 0x80 && !isalnum((unsigned char)name[i]))
			i++;
		start = n;
		while (i < len &&
		       ((unsigned char)name[i] >= 0x80 || isalnum((unsigned char)name[i])))
			out[n++] = (char)tolower((unsigned char)name[i++]);
		if (n > start)
			ends[nw++] = n;
	}
	out[n] = '\0';
	/* Legal forms at the end, as many as there are ("Co., Ltd."). */
	while (again && nw > 1) {
		size_t from = ends[nw - 2], k;

		again = false;
		if (is_legal_word(out + from, ends[nw - 1] - from)) {
			out[from] = '\0';
			nw--;
			again = true;
			continue;
		}
		for (k = 0; legal_cjk[k]; k++) {
			size_t m = strlen(legal_cjk[k]), end = ends[nw - 1];

			if (end > from + m && strcmp(out + end - m, legal_cjk[k]) == 0) {
				out[end - m] = '\0';
				ends[nw - 1] = end - m;
				break;
			}
		}
	}
	if (nw == 1) {
		size_t k;

		for (k = 0; legal_cjk[k]; k++) {
			size_t m = strlen(legal_cjk[k]), end = strlen(out);

			if (end > m && strcmp(out + end - m, legal_cjk[k]) == 0) {
				out[end - m] = '\0';
				break;
			}
		}
	}
	free(ends);
	return out;
}

bool report_same_company(const char *a, const char *b)
{
	char *ka, *kb;
	bool same;

	if (a == NULL || b == NULL || *a == '\0' || *b == '\0')
		return false;
	ka = company_key(a);
	kb = company_key(b);
	same = *ka && strcmp(ka, kb) == 0;
	free(ka);
	free(kb);
	return same;
}

/* The digits of a phone number. Caller frees. */
static char *phone_digits(const char *s)
{
	char *out = xcalloc(strlen(s) + 1, 1), *o = out;

	for (; *s; s++)
		if (*s >= '0' && *s <= '9')
			*o++ = *s;
		else if (*s == 'x' || *s == 'X' || *s == 'e' || *s == 'E')
			break; /* an extension */
	return out;
}

/* The same number: equal digits, or one the other with a country code
 * before it (13812345678 and +86 138 1234 5678). */
static bool same_phone(const char *a, const char *b)
{
	char *da, *db;
	size_t la, lb;
	bool same;

	if (a == NULL || b == NULL)
		return false;
	da = phone_digits(a);
	db = phone_digits(b);
	la = strlen(da);
	lb = strlen(db);
	same = la >= 7 && lb >= 7 &&
	       (la >= lb ? strcmp(da + la - lb, db) == 0 && la - lb <= 3
			 : strcmp(db + lb - la, da) == 0 && lb - la <= 3);
	free(da);
	free(db);
	return same;
}

/* What a new contact shares with an existing one, or 0. */
static int contact_likeness(const struct record *new, const struct record *old)
{
	const char *mobile = record_get(new, "mobile"), *email = record_get(new, "email");
	const char *account = record_get(new, "account");

	if (mobile && (same_phone(mobile, record_get(old, "mobile")) ||
		       same_phone(mobile, record_get(old, "phone"))))
		return REPORT_DUP_MOBILE;
	if (email && same_text(email, record_get(old, "email")))
		return REPORT_DUP_EMAIL;
	if (account && same_text(record_name(new), record_name(old)) &&
	    strcmp(account, record_get(old, "account") ? record_get(old, "account") : "") == 0)
		return REPORT_DUP_NAME_ACCOUNT;
	return 0;
}

enum status report_record_duplicates(struct db *db, const struct record *r, struct report_rows *out)
{
	struct report_rows found = { 0 };
	enum status st = ST_OK;
	sqlite3_stmt *q;
	size_t i;

	if (r->entity == &entity_account) {
		/* Similar names from the index, kept when the company is the same. */
		st = dup_search(db, record_name(r), &entity_account, &found, 40);
		for (i = 0; st == ST_OK && i < found.n; i++) {
			struct record *o = found.rows[i];

			if ((!r->id || strcmp(o->id, r->id) != 0) && out->n < 8 &&
			    report_same_company(record_name(r), record_name(o))) {
				report_rows_add(out, o, REPORT_DUP_COMPANY);
				found.rows[i] = NULL;
			}
		}
		goto done;
	}
	if (r->entity != &entity_contact)
		return ST_OK;
	/*
	 * One pass over the contacts: a phone number may be stored with any
	 * spacing, so its last nine digits pick the rows and the digits are
	 * compared here; names at the same account come from the name index.
	 */
	q = db_prepare(db, "SELECT id FROM contact WHERE deleted = 0 AND id IS NOT ?1 AND ("
			   "(?2 IS NOT NULL AND (mobile LIKE ?2 OR phone LIKE ?2)) OR "
			   "(?3 IS NOT NULL AND email = ?3 COLLATE NOCASE)) LIMIT 40");
	if (q == NULL)
		return ST_DB;
	db_bind_text(q, 1, r->id);
	if (record_get(r, "mobile")) {
		char *d = phone_digits(record_get(r, "mobile"));
		size_t n = strlen(d);

		if (n >= 7) {
			/* Its last nine digits in order, with anything between. */
			struct strbuf like = STRBUF_INIT;
			size_t k;

			for (k = n > 9 ? n - 9 : 0; k < n; k++)
				strbuf_addf(&like, "%%%c", d[k]);
			sqlite3_bind_text(q, 2, strbuf_detach(&like), -1, free);
		}
		free(d);
	}
	db_bind_text(q, 3, record_get(r, "email"));
	st = report_rows_from_stmt(db, q, &entity_contact, false, &found,
				   _("looking for duplicates"));
	if (st == ST_OK && record_get(r, "account"))
		st = dup_exact(db, &entity_contact, "name", record_name(r), &found, 40);
	for (i = 0; st == ST_OK && i < found.n; i++) {
		struct record *o = found.rows[i];
		int why = o && (!r->id || strcmp(o->id, r->id) != 0) ? contact_likeness(r, o) : 0;

		if (why && out->n < 8 && !report_rows_has(out, o->id)) {
			report_rows_add(out, o, why);
			found.rows[i] = NULL;
		}
	}
done:
	for (i = 0; i < found.n; i++)
		record_free(&found.rows[i]);
	found.n = 0;
	report_rows_free(&found);
	return st;
}

void report_duplicates_default(const struct record *lead, const struct report_rows *accounts,
			       const struct report_rows *contacts, int *account, int *contact)
{
	const char *company = record_get(lead, "company"), *name = record_name(lead);
	const char *email = record_get(lead, "email"), *phone = record_get(lead, "phone");
	size_t i;

	*account = *contact = -1;
	for (i = 0; i < accounts->n && *account < 0; i++)
		if (report_same_company(record_name(accounts->rows[i]), company))
			*account = (int)i;
	/* The same person: the same email or phone, else the same name at the
	 * company linked (anywhere, when the lead names no company). */
	for (i = 0; i < contacts->n && *contact < 0; i++) {
		const struct record *c = contacts->rows[i];

		if ((email && same_text(record_get(c, "email"), email)) ||
		    (phone && (same_phone(record_get(c, "mobile"), phone) ||
			       same_phone(record_get(c, "phone"), phone))))
			*contact = (int)i;
	}
	for (i = 0; i < contacts->n && *contact < 0; i++) {
		const struct record *c = contacts->rows[i];
		const char *at = record_get(c, "account");

		if (!same_text(record_name(c), name))
			continue;
		if (company == NULL ||
		    (*account >= 0 && at && strcmp(at, accounts->rows[*account]->id) == 0))
			*contact = (int)i;
	}
	/* Never a contact of an existing account beside a new copy of it. */
	if (*account < 0 && *contact >= 0) {
		const char *at = record_get(contacts->rows[*contact], "account");

		for (i = 0; at && i < accounts->n; i++)
			if (strcmp(accounts->rows[i]->id, at) == 0)
				*account = (int)i;
	}
}

const char *report_dup_reason_text(int64_t why)
{
	switch (why) {
	case REPORT_DUP_MOBILE:
		return _("same mobile");
	case REPORT_DUP_EMAIL:
		return _("same email");
	case REPORT_DUP_NAME_ACCOUNT:
		return _("same name at the same account");
	default:
		return _("same company");
	}
}
