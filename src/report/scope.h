/* scope.h - whose figures a report shows, and who may see them.
 *
 * A report covers one rep (--owner USER), the reps of a territory
 * (--territory T: the users whose territory is T, and their deals), or the
 * whole team (--team: every deal in the database, those without an owner
 * too). The role rules are those of records (src/user.h): in a single-user
 * database everything is visible; once users exist a manager sees any scope
 * (the team by default) and a rep sees only their own figures (their own by
 * default; asking for another rep, a territory or the team is refused).
 * What a manager lets reps see of colleagues (their quota and attainment,
 * src/setting.h) comes with a rep's scope as `colleagues`.
 */
#ifndef SALESTERM_REPORT_SCOPE_H
#define SALESTERM_REPORT_SCOPE_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

struct db;

enum report_scope_kind { REPORT_SCOPE_TEAM, REPORT_SCOPE_TERRITORY, REPORT_SCOPE_OWNER };

/* What the user asked for: at most one of the three (all empty: the default). */
struct report_scope_request {
	const char *owner;     /* a user's name or id */
	const char *territory; /* a territory name */
	bool team;
};

struct report_scope {
	enum report_scope_kind kind;
	char *owner;	 /* REPORT_SCOPE_OWNER: the user id */
	char *territory; /* REPORT_SCOPE_TERRITORY */
	char *label;	 /* the rep's name, the territory, or "team" */
	char *viewer;	 /* the current user's id; NULL in a single-user database */
	bool manager;	 /* the viewer may see every scope */
	/* A rep who may also see colleagues' quotas and attainment (the team's
	 * quota_visibility is "team": src/setting.h); never their pipeline. */
	bool colleagues;
	char **owners; /* REPORT_SCOPE_TERRITORY: its users' ids, sorted */
	size_t nowners;
};

/*
 * Resolve req for the current user into *out (caller frees with
 * report_scope_free()). ST_USAGE if more than one scope is asked for,
 * ST_NOT_FOUND/ST_AMBIGUOUS for an unknown or ambiguous user or a territory
 * without users, ST_DENIED when the current user may not see that scope or
 * there is no current user in a database with users.
 */
enum status report_scope_resolve(struct db *db, const struct report_scope_request *req,
				 struct report_scope *out);

/* Whether the figures of a record owned by owner (NULL: no owner) belong to
 * the scope. */
bool report_scope_includes(const struct report_scope *s, const char *owner);

void report_scope_free(struct report_scope *s);

#endif
