/* user.h - who is working: the current user and the rights of roles.
 *
 * A database knows its current user (meta "current_user"). A database with
 * no users at all is a single-user database: every write is allowed and new
 * records have no owner. Once users exist, reps may write only records they
 * own, managers may write everything, and some types (users, stages,
 * products, campaigns) are written by managers only.
 */
#ifndef SALESTERM_USER_H
#define SALESTERM_USER_H

#include <stdbool.h>

#include "status.h"

struct db;
struct entity;
struct record;

/* The current user's id, or NULL in a single-user database. Caller frees. */
char *user_current_id(struct db *db);
/* Make the user named (or with this id) current. Once a remote is
 * configured the current user is the server login's: switching to another
 * is refused (ST_DENIED). */
enum status user_use(struct db *db, const char *name_or_id);
/* The role of a user id ("rep", "manager"), or NULL. Caller frees. */
char *user_role(struct db *db, const char *user_id);
/* Whether any live user exists. */
bool user_any(struct db *db);

/*
 * May the current user write rec (old is the stored version, NULL for a new
 * record)? Fills rec's owner for a new record. ST_DENIED with a message when
 * not.
 */
enum status user_may_write(struct db *db, struct record *rec, const struct record *old);

/*
 * May the current user save a record of type e at all: a new one (old NULL)
 * or changes to old? The same rule as user_may_write(), asked before any
 * field is typed, so a form the user may not save says so when it opens.
 * ST_DENIED with the message when not.
 */
enum status user_may_save(struct db *db, const struct entity *e, const struct record *old);

#endif
