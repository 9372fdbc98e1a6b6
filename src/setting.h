/* setting.h - the settings a manager chooses for the whole team.
 *
 * A team setting is kept as a history: one append-only `team_setting` record
 * per choice (setting, value), written by a manager and synced to every
 * client like the forecast adjustments. The rule, stated once here:
 *   - the value in force is that of the newest entry (created_at; within a
 *     second, the one stored last) whose author (owner, and updated_by when
 *     given) is a live manager of this database; an entry by anyone else - a rep's, got onto a
 * server that does not check (validate_doc_update refuses it on a server set up by server-init) -
 * is stored as sync brought it but never takes effect;
 *   - without such an entry the default applies.
 * In a single-user database (no users) every entry counts.
 *
 * quota_visibility: whether a rep sees colleagues' quotas and attainment.
 *   own   (the default) a rep sees their own quota and attainment only: a
 *         quota is part of a rep's pay plan, which most teams keep between
 *         the rep and the manager, so nothing is shown until a manager
 *         decides the team works with a shared leaderboard;
 *   team  a rep also sees each colleague's quota, won and attainment (and
 *         gap); never their pipeline, commit or best case.
 * Managers always see everything. The quota is part of the user record,
 * which syncs to every client: the setting governs what salesterm shows.
 */
#ifndef SALESTERM_SETTING_H
#define SALESTERM_SETTING_H

#include <stdbool.h>

#include "status.h"

struct db;
struct record;

enum quota_visibility { QUOTA_VISIBLE_OWN, QUOTA_VISIBLE_TEAM };

/* The values of quota_visibility, in enum order: "own", "team". */
extern const char *const setting_quota_visibility_values[];

/*
 * The team's quota visibility in force. When by/at are not NULL they get
 * the name of the manager who chose it and when (UTC ISO date-time), or
 * NULL for the default. Caller frees them.
 */
enum quota_visibility setting_quota_visibility(struct db *db, char **by, char **at);

/*
 * Record the manager's choice of quota visibility ("own" or "team") in one
 * transaction. ST_DENIED for anyone but a manager, ST_INVALID for another
 * value; nothing is written then. *id (if not NULL) gets the new entry's id;
 * caller frees.
 */
enum status setting_set_quota_visibility(struct db *db, const char *value, char **id);

/*
 * Whether the current user may see the quota and attainment of user user_id:
 * always in a single-user database, for a manager and for their own; for a
 * rep, a colleague's only when quota_visibility is "team".
 */
bool setting_may_see_quota(struct db *db, const char *user_id);

/* The rule of a team_setting record: a known setting and one of its values. */
int setting_rule(struct db *db, struct record *rec, const struct record *old);

#endif
