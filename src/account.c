/* account.c - the rules of accounts, and their A/B/C grading (account.h). */
#include "account.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "record.h"
#include "rules.h"
#include "user.h"
#include "xalloc.h"

static bool same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static bool is_set(const char *b)
{
	return b && strcmp(b, "1") == 0;
}

int account_rule(struct db *db, struct record *rec, const struct record *old)
{
	const char *seg = record_get(rec, "segment"), *hand = record_get(rec, "segment_by_hand");

	(void)db;
	/* A segment typed or picked by a person, while the mark was left as it
	 * was: that person set the grade. */
	if (!same(seg, old ? record_get(old, "segment") : NULL) &&
	    is_set(hand) == is_set(old ? record_get(old, "segment_by_hand") : NULL))
		record_set(rec, "segment_by_hand", seg ? "1" : "0");
	/* No grade, nothing to keep. */
	if (seg == NULL && is_set(record_get(rec, "segment_by_hand")))
		record_set(rec, "segment_by_hand", "0");
	return ST_OK;
}

void account_grade_free(struct grade_result *r)
{
	size_t i;

	for (i = 0; i < r->nchanged; i++) {
		free(r->changed[i].id);
		free(r->changed[i].name);
		free(r->changed[i].from);
	}
	for (i = 0; i < r->nkept; i++) {
		free(r->kept[i].id);
		free(r->kept[i].name);
		free(r->kept[i].from);
	}
	free(r->changed);
	free(r->kept);
	memset(r, 0, sizeof(*r));
}

struct graded {
	const char *id;
	char grade;
};

static int graded_cmp(const void *a, const void *b)
{
	return strcmp(((const struct graded *)a)->id, ((const struct graded *)b)->id);
}

/* Only a manager grades once users exist: the ranking is the whole team's. */
static enum status may_grade(struct db *db)
{
	char *me = user_current_id(db), *role = me ? user_role(db, me) : NULL;
	enum status st = ST_OK;

	if (me == NULL ? user_any(db) : role == NULL || strcmp(role, "manager") != 0)
		st = status_set(ST_DENIED, "%s",
				_("only a manager may grade accounts: the grades rank every "
				  "account of the team"));
	free(me);
	free(role);
	return st;
}

/* The connection's page cache setting (PRAGMA cache_size), -2000 if it
 * cannot be read. */
static int64_t cache_size(struct db *db)
{
	sqlite3_stmt *st = db_prepare(db, "PRAGMA cache_size");
	int64_t v = -2000;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return v;
}

struct pending {
	int64_t n;
	char *rev;
};

/* Room for one more element in an array of n grown only here: its capacity
 * is 16, then doubles whenever n reaches a power of two (every account may
 * change: one realloc each would copy the list again and again). */
static void *grow(void *arr, size_t n, size_t size)
{
	if (n == 0)
		return xreallocarray(arr, 16, size);
	if (n >= 16 && (n & (n - 1)) == 0)
		return xreallocarray(arr, n * 2, size);
	return arr;
}

static void add_change(struct grade_change **arr, size_t *n, const char *id, const char *name,
		       const char *from, char to)
{
	*arr = grow(*arr, *n, sizeof(**arr));
	(*arr)[*n] = (struct grade_change){ xstrdup(id), xstrdup(name ? name : id),
					    from ? xstrdup(from) : NULL, to };
	(*n)++;
}

/* Take n change numbers at once (meta change_seq, as db_next_seq() takes
 * one): *first is the first of them. */
static enum status next_seqs(struct db *db, int64_t n, int64_t *first)
{
	sqlite3_stmt *st =
	    db_prepare(db, "UPDATE meta SET value = CAST(value AS INTEGER) + ?1 "
			   "WHERE key = 'change_seq' RETURNING CAST(value AS INTEGER)");
	int rc;

	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, n);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_error(db, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc,
				_("numbering a change"));
	}
	*first = sqlite3_column_int64(st, 0) - n + 1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("numbering a change"));
}

/* Write the new grades: a revision, a change number, the author and time,
 * dirty, as record_update() stamps an edit. */
static enum status write_grades(struct db *db, const struct grade_result *out,
				const struct pending *pend)
{
	char now[21], *me = user_current_id(db);
	enum status st = ST_OK;
	sqlite3_stmt *up;
	int64_t seq = 0;
	size_t i;

	clock_iso_utc(clock_now(), now);
	up = db_prepare(db, "UPDATE account SET segment = ?1, rev = ?2, updated_at = ?3, "
			    "updated_by = ?4, seq = ?5, dirty = 1 WHERE n = ?6");
	if (up == NULL) {
		free(me);
		return ST_DB;
	}
	/* The change numbers of the whole run in one step: the transaction
	 * holds the write lock, so nobody else numbers a change meanwhile. */
	if (out->nchanged)
		st = next_seqs(db, (int64_t)out->nchanged, &seq);
	for (i = 0; i < out->nchanged && st == ST_OK; i++, seq++) {
		char grade[2] = { out->changed[i].to, '\0' }, *rev;
		int rc;

		rev = record_next_rev(pend[i].rev);
		sqlite3_reset(up);
		db_bind_text(up, 1, grade);
		db_bind_text(up, 2, rev);
		db_bind_text(up, 3, now);
		db_bind_text(up, 4, me);
		sqlite3_bind_int64(up, 5, seq);
		sqlite3_bind_int64(up, 6, pend[i].n);
		rc = sqlite3_step(up);
		free(rev);
		if (rc != SQLITE_DONE)
			st = db_error(db, rc, _("saving a grade"));
	}
	sqlite3_reset(up);
	free(me);
	return st;
}

enum status account_grade(struct db *db, const struct abc_params *p, bool dry_run,
			  struct grade_result *out)
{
	struct abc_params team = *p;
	struct abc_report r;
	struct graded *idx = NULL;
	struct pending *pend = NULL;
	sqlite3_stmt *st;
	enum status ret;
	int64_t cache;
	char sql[64];
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	ret = may_grade(db);
	if (ret != ST_OK)
		return ret;
	if (!dry_run && db_readonly(db))
		return status_set(ST_READONLY,
				  _("%s: the database is read-only; nothing was changed"),
				  db_path(db));
	/* Every account may change: a page cache big enough that the
	 * transaction's pages are written once, at commit, not spilled and
	 * written again (the default is 2 MB; set back below). */
	cache = cache_size(db);
	if (db_exec(db, "PRAGMA cache_size = -262144") != ST_OK)
		return ST_DB;
	ret = db_begin(db);
	if (ret != ST_OK)
		goto restore;
	team.scope = NULL;
	ret = report_abc(db, &team, &r);
	if (ret != ST_OK)
		goto out;
	idx = xcalloc(r.n ? r.n : 1, sizeof(*idx));
	for (i = 0; i < r.n; i++)
		idx[i] = (struct graded){ r.acc[i].id, r.acc[i].grade };
	if (r.n)
		qsort(idx, r.n, sizeof(*idx), graded_cmp);
	st = db_prepare(db, "SELECT n, id, name, rev, segment, segment_by_hand FROM account "
			    "WHERE deleted = 0 ORDER BY n");
	if (st == NULL) {
		ret = ST_DB;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 1),
			   *name = (const char *)sqlite3_column_text(st, 2),
			   *seg = (const char *)sqlite3_column_text(st, 4);
		struct graded key = { id, 0 },
			      *hit = r.n ? bsearch(&key, idx, r.n, sizeof(*idx), graded_cmp) : NULL;
		char grade = hit ? hit->grade : 'C';
		bool hand = sqlite3_column_int(st, 5) != 0 && seg != NULL;

		if (hand && (seg[0] >= 'A' && seg[0] <= 'C'))
			out->grade[seg[0] - 'A']++;
		else
			out->grade[grade - 'A']++;
		if (seg && seg[0] == grade && seg[1] == '\0') {
			out->unchanged++;
		} else if (hand) {
			add_change(&out->kept, &out->nkept, id, name, seg, grade);
		} else {
			pend = grow(pend, out->nchanged, sizeof(*pend));
			pend[out->nchanged] = (struct pending){ sqlite3_column_int64(st, 0),
								db_column_strdup(st, 3) };
			add_change(&out->changed, &out->nchanged, id, name, seg, grade);
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		ret = db_error(db, rc, _("reading accounts"));
		goto out;
	}
	if (!dry_run)
		ret = write_grades(db, out, pend);
out:
	for (i = 0; pend && i < out->nchanged; i++)
		free(pend[i].rev);
	free(pend);
	free(idx);
	report_abc_free(&r);
	if (ret == ST_OK && !dry_run)
		ret = db_commit(db);
	else
		db_rollback(db);
restore:
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %lld", (long long)cache);
	db_exec(db, sql);
	return ret;
}
