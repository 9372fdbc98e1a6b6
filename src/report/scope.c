/* scope.c - resolving --owner, --territory and --team under the role rules. */
#include "report/scope.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "record.h"
#include "setting.h"
#include "user.h"
#include "xalloc.h"

void report_scope_free(struct report_scope *s)
{
	size_t i;

	for (i = 0; i < s->nowners; i++)
		free(s->owners[i]);
	free(s->owners);
	free(s->owner);
	free(s->territory);
	free(s->label);
	free(s->viewer);
	memset(s, 0, sizeof(*s));
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The live users of territory t, sorted, into s->owners. */
static enum status territory_users(struct db *db, const char *t, struct report_scope *s)
{
	sqlite3_stmt *st =
	    db_prepare(db, "SELECT id FROM user WHERE deleted = 0 AND territory = ?1 ORDER BY id");
	int rc;

	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, t);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		s->owners = xreallocarray(s->owners, s->nowners + 1, sizeof(*s->owners));
		s->owners[s->nowners++] = db_column_strdup(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, _("reading users"));
	if (s->nowners == 0)
		return status_set(ST_NOT_FOUND, _("no user has the territory \"%s\""), t);
	qsort(s->owners, s->nowners, sizeof(*s->owners), str_cmp);
	return ST_OK;
}

enum status report_scope_resolve(struct db *db, const struct report_scope_request *req,
				 struct report_scope *out)
{
	struct report_scope s = { 0 };
	struct record *u = NULL;
	char *role = NULL;
	enum status st = ST_OK;
	int asked = (req->owner != NULL) + (req->territory != NULL) + (req->team ? 1 : 0);

	memset(out, 0, sizeof(*out));
	if (asked > 1)
		return status_set(ST_USAGE, "%s",
				  _("choose one of --owner, --territory and --team"));
	s.viewer = user_current_id(db);
	if (s.viewer == NULL) {
		if (user_any(db)) {
			st = status_set(ST_DENIED, "%s",
					_("no current user: choose one with 'salesterm user use "
					  "NAME'"));
			goto out;
		}
		s.manager = true; /* a single-user database */
	} else {
		role = user_role(db, s.viewer);
		if (role == NULL) {
			st = status_set(ST_DENIED, "%s",
					_("the current user no longer exists: choose one with "
					  "'salesterm user use NAME'"));
			goto out;
		}
		s.manager = strcmp(role, "manager") == 0;
		s.colleagues =
		    !s.manager && setting_quota_visibility(db, NULL, NULL) == QUOTA_VISIBLE_TEAM;
	}
	if (req->owner) {
		st = record_find(db, &entity_user, req->owner, &u);
		if (st != ST_OK)
			goto out;
		if (!s.manager && strcmp(u->id, s.viewer) != 0) {
			st = status_set(ST_DENIED, _("a rep sees only their own figures, not %s's"),
					record_name(u));
			goto out;
		}
		s.kind = REPORT_SCOPE_OWNER;
		s.owner = xstrdup(u->id);
		s.label = xstrdup(record_name(u));
	} else if (req->territory || req->team) {
		if (!s.manager) {
			st = status_set(ST_DENIED, "%s",
					_("a rep sees only their own figures: only a manager sees "
					  "a territory's or the team's"));
			goto out;
		}
		if (req->territory) {
			s.kind = REPORT_SCOPE_TERRITORY;
			s.territory = xstrdup(req->territory);
			s.label = xstrdup(req->territory);
			st = territory_users(db, req->territory, &s);
		} else {
			s.kind = REPORT_SCOPE_TEAM;
			s.label = xstrdup(_("team"));
		}
	} else if (s.manager) {
		s.kind = REPORT_SCOPE_TEAM;
		s.label = xstrdup(_("team"));
	} else {
		s.kind = REPORT_SCOPE_OWNER;
		s.owner = xstrdup(s.viewer);
		s.label = record_title_of(db, "user", s.viewer);
	}
out:
	record_free(&u);
	free(role);
	if (st != ST_OK) {
		report_scope_free(&s);
		return st;
	}
	*out = s;
	return ST_OK;
}

bool report_scope_includes(const struct report_scope *s, const char *owner)
{
	switch (s->kind) {
	case REPORT_SCOPE_TEAM:
		return true;
	case REPORT_SCOPE_OWNER:
		return owner && strcmp(owner, s->owner) == 0;
	case REPORT_SCOPE_TERRITORY:
		return owner &&
		       bsearch(&owner, s->owners, s->nowners, sizeof(*s->owners), str_cmp) != NULL;
	}
	return false;
}
