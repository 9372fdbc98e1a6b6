/* user.c - the current user, role rights, and the rules of user records. */
#include "user.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "money.h"
#include "record.h"
#include "rules.h"
#include "xalloc.h"

bool user_any(struct db *db)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM user WHERE deleted = 0 LIMIT 1");
	bool any = false;

	if (st) {
		any = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
	}
	return any;
}

char *user_current_id(struct db *db)
{
	char *id = db_meta_get(db, "current_user");

	if (id && *id == '\0')
		xfree_null(&id);
	return id;
}

char *user_role(struct db *db, const char *user_id)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT role FROM user WHERE id = ? AND deleted = 0");
	char *role = NULL;

	if (st == NULL || user_id == NULL)
		return NULL;
	sqlite3_bind_text(st, 1, user_id, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		role = db_column_strdup(st, 0);
	sqlite3_reset(st);
	return role;
}

/*
 * Once a database syncs with a server as a login (the remote names one), who
 * works here is who the server login is: the server refuses any other user's
 * writes (validate_doc_update and the login's salesterm.user.<id> role), so
 * switching to another user here would only pile up changes that can never
 * be sent. The first choice of a user (none yet) stays open: it is the
 * login's user. ST_OK when switching to user_id is allowed.
 */
static enum status user_locked_by_remote(struct db *db, const char *user_id)
{
	sqlite3_stmt *s = db_prepare(db, "SELECT url, login FROM sync_remote WHERE login <> '' "
					 "ORDER BY is_default DESC, name LIMIT 1");
	char *me = user_current_id(db), *url = NULL, *login = NULL, *name;
	enum status st = ST_OK;

	if (s && sqlite3_step(s) == SQLITE_ROW) {
		url = db_column_strdup(s, 0);
		login = db_column_strdup(s, 1);
	}
	if (s)
		sqlite3_reset(s);
	if (url && *login && me && strcmp(me, user_id) != 0) {
		name = record_title_of(db, "user", me);
		st = status_set(ST_DENIED,
				_("this database syncs with %s, so its user is the one the server "
				  "login %s belongs to: %s; 'user use' cannot switch to another "
				  "user (the server would refuse that user's changes); use a "
				  "database of that user's own"),
				url, login, *name ? name : me);
		free(name);
	}
	free(url);
	free(login);
	free(me);
	return st;
}

enum status user_use(struct db *db, const char *name_or_id)
{
	struct record *u = NULL;
	enum status st;

	if (db_readonly(db))
		return status_set(ST_READONLY, _("%s: the database is read-only"), db_path(db));
	st = record_find(db, &entity_user, name_or_id, &u);
	if (st != ST_OK)
		return st;
	st = user_locked_by_remote(db, u->id);
	if (st != ST_OK) {
		record_free(&u);
		return st;
	}
	if (u->deleted)
		st = status_set(ST_INVALID, _("user \"%s\" is deleted"), record_name(u));
	else
		st = db_meta_set(db, "current_user", u->id);
	record_free(&u);
	return st;
}

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

enum status user_may_write(struct db *db, struct record *rec, const struct record *old)
{
	const struct entity *e = rec->entity;
	char *me = user_current_id(db), *role = NULL;
	enum status st = ST_OK;
	bool manager;

	if (me == NULL) {
		/* Single-user database: everything is allowed, until users exist. */
		if (user_any(db) && e != &entity_user)
			st = status_set(ST_DENIED,
					_("no current user: choose one with 'salesterm user "
					  "use NAME'"));
		return st;
	}
	role = user_role(db, me);
	if (role == NULL) {
		st = status_set(ST_DENIED, _("the current user no longer exists: choose one with "
					     "'salesterm user use NAME'"));
		goto out;
	}
	manager = strcmp(role, "manager") == 0;
	if (old == NULL && rec->owner == NULL && e != &entity_stage)
		rec->owner = xstrdup(me);
	if (manager)
		goto out;
	if (e->flags & E_MANAGER_ONLY) {
		/* A rep may still edit their own user record (name, email), not its role. */
		if (e == &entity_user && old && same(old->id, me) &&
		    same(record_get(rec, "role"), record_get(old, "role")))
			goto out;
		st = status_set(ST_DENIED, _("only a manager may change %s"), _(e->plural));
		goto out;
	}
	if (old && old->owner && !same(old->owner, me)) {
		st = status_set(ST_DENIED,
				_("%s \"%s\" belongs to another rep; only its owner or a "
				  "manager may change it"),
				e->name, record_name(old));
		goto out;
	}
	if (rec->owner && !same(rec->owner, me))
		st = status_set(ST_DENIED, _("a rep may not give records to someone else; ask a "
					     "manager"));
out:
	free(role);
	free(me);
	return st;
}

enum status user_may_save(struct db *db, const struct entity *e, const struct record *old)
{
	struct record *r = old ? record_dup(old) : record_new(e);
	enum status st = user_may_write(db, r, old);

	record_free(&r);
	return st;
}

int user_rule(struct db *db, struct record *rec, const struct record *old)
{
	const char *cur = record_get(rec, "currency");

	(void)old;
	if (record_get(rec, "quota") && cur == NULL)
		record_set(rec, "currency", record_default_currency(db));
	/* Users own themselves, so a rep may edit their own record later. */
	if (old == NULL && rec->id) {
		free(rec->owner);
		rec->owner = xstrdup(rec->id);
	}
	return ST_OK;
}
