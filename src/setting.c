/* setting.c - the team's settings: the one in force, choosing one, and
 * who may see whose quota (setting.h). */
#include "setting.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "record.h"
#include "rules.h"
#include "user.h"
#include "xalloc.h"

const char *const setting_quota_visibility_values[] = { "own", "team", NULL };

/* The newest entry of setting whose author is a live manager (any entry in
 * a database without users): its value, owner and time, or ST_NOT_FOUND. */
static enum status setting_current(struct db *db, const char *setting, char **value, char **owner,
				   char **at)
{
	sqlite3_stmt *st = db_prepare(
	    db, "SELECT s.value, s.owner, s.created_at FROM team_setting s "
		"WHERE s.deleted = 0 AND s.setting = ?1 AND ("
		" (EXISTS (SELECT 1 FROM user m WHERE m.id = s.owner AND m.deleted = 0 "
		"  AND m.role = 'manager') AND (s.updated_by IS NULL OR s.updated_by = s.owner OR "
		"  EXISTS (SELECT 1 FROM user w WHERE w.id = s.updated_by AND w.deleted = 0 "
		"  AND w.role = 'manager')))"
		" OR NOT EXISTS (SELECT 1 FROM user WHERE deleted = 0))"
		" ORDER BY s.created_at DESC, s.n DESC LIMIT 1");
	enum status ret = ST_NOT_FOUND;
	int rc;

	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, setting);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*value = db_column_strdup(st, 0);
		*owner = db_column_strdup(st, 1);
		*at = db_column_strdup(st, 2);
		ret = ST_OK;
	} else if (rc != SQLITE_DONE) {
		ret = db_error(db, rc, _("reading the team's settings"));
	}
	sqlite3_reset(st);
	return ret;
}

enum quota_visibility setting_quota_visibility(struct db *db, char **by, char **at)
{
	char *value = NULL, *owner = NULL, *when = NULL;
	enum quota_visibility v = QUOTA_VISIBLE_OWN;

	if (by)
		*by = NULL;
	if (at)
		*at = NULL;
	if (setting_current(db, "quota_visibility", &value, &owner, &when) != ST_OK)
		return v;
	if (value && strcmp(value, "team") == 0)
		v = QUOTA_VISIBLE_TEAM;
	if (by && owner)
		*by = record_title_of(db, "user", owner);
	if (at)
		*at = when, when = NULL;
	free(value);
	free(owner);
	free(when);
	return v;
}

enum status setting_set_quota_visibility(struct db *db, const char *value, char **id)
{
	struct record *r = record_new(&entity_team_setting);
	struct kv kv[2] = { { "setting", "quota_visibility" }, { "value", value ? value : "" } };
	enum status st;

	st = record_input_all(db, r, kv, 2);
	if (st == ST_OK)
		st = record_insert(db, r);
	if (st == ST_OK && id)
		*id = xstrdup(r->id);
	record_free(&r);
	return st;
}

bool setting_may_see_quota(struct db *db, const char *user_id)
{
	char *me = user_current_id(db), *role = NULL;
	bool may = true;

	if (me == NULL || (user_id && strcmp(me, user_id) == 0))
		goto out;
	role = user_role(db, me);
	if (role && strcmp(role, "manager") == 0)
		goto out;
	may = setting_quota_visibility(db, NULL, NULL) == QUOTA_VISIBLE_TEAM;
out:
	free(role);
	free(me);
	return may;
}

int setting_rule(struct db *db, struct record *rec, const struct record *old)
{
	const char *value = record_get(rec, "value");
	size_t i;

	(void)db;
	(void)old;
	/* The descriptor's choices already hold the setting to known names. */
	for (i = 0; value && setting_quota_visibility_values[i]; i++)
		if (strcmp(value, setting_quota_visibility_values[i]) == 0)
			return ST_OK;
	return status_set(ST_INVALID,
			  _("quota visibility \"%s\": write own (a rep sees their own quota and "
			    "attainment) or team (also their colleagues')"),
			  value ? value : "");
}
