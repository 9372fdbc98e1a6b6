/* opportunity.c - the rules of the funnel: stage moves, gates, sign-offs. */
#include "opportunity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "rules.h"
#include "strbuf.h"
#include "user.h"
#include "xalloc.h"

char *opportunity_first_stage(struct db *db)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id FROM stage WHERE deleted = 0 AND won = 0 "
					  "AND lost = 0 ORDER BY position, n LIMIT 1");
	char *id = NULL;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		id = db_column_strdup(st, 0);
	if (st)
		sqlite3_reset(st);
	return id;
}

static char *default_review_hint(const char *role, const char *id, void *ctx)
{
	(void)role;
	(void)ctx;
	return xasprintf("salesterm opportunity approve %s", id);
}

static char *(*review_hint)(const char *, const char *, void *) = default_review_hint;
static void *review_hint_ctx;

void opportunity_set_review_hint(char *(*hint)(const char *role, const char *id, void *ctx),
				 void *ctx)
{
	review_hint = hint ? hint : default_review_hint;
	review_hint_ctx = hint ? ctx : NULL;
}

static bool same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* Has a user of role signed off opportunity opp for stage? */
static bool approved(struct db *db, const char *opp, const char *stage, const char *role)
{
	sqlite3_stmt *st =
	    db_prepare(db, "SELECT 1 FROM approval a JOIN user u ON u.id = a.user "
			   "WHERE a.opportunity = ? AND a.stage = ? AND a.deleted = 0 "
			   "AND u.role = ? LIMIT 1");
	bool yes = false;

	if (st == NULL)
		return false;
	db_bind_text(st, 1, opp);
	db_bind_text(st, 2, stage);
	db_bind_text(st, 3, role);
	yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return yes;
}

/* Is the current user of role? */
static bool current_has_role(struct db *db, const char *role)
{
	char *me = user_current_id(db), *mine = user_role(db, me);
	bool yes = mine && strcmp(mine, role) == 0;

	free(me);
	free(mine);
	return yes;
}

char **opportunity_stage_needs(const struct record *opp, const struct record *stage)
{
	const char *required = record_get(stage, "required");
	char *list = xstrdup(required ? required : ""), *tok, *save = NULL, **keys = NULL;
	bool lost = strcmp(record_get(stage, "lost"), "1") == 0, has_reason = false;
	size_t n = 0;

	for (tok = strtok_r(list, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		if (entity_field(opp->entity, tok) == NULL || record_get(opp, tok) != NULL)
			continue;
		has_reason = has_reason || strcmp(tok, "lost_reason") == 0;
		keys = xreallocarray(keys, n + 2, sizeof(*keys));
		keys[n++] = xstrdup(tok);
		keys[n] = NULL;
	}
	if (lost && !has_reason && record_get(opp, "lost_reason") == NULL) {
		keys = xreallocarray(keys, n + 2, sizeof(*keys));
		keys[n++] = xstrdup("lost_reason");
		keys[n] = NULL;
	}
	free(list);
	return keys;
}

void opportunity_needs_free(char **keys)
{
	for (size_t i = 0; keys && keys[i]; i++)
		free(keys[i]);
	free(keys);
}

/* The keys as "amount, close_date", or NULL when there are none. Caller frees. */
static char *needs_text(char **keys)
{
	struct strbuf out = STRBUF_INIT;

	for (size_t i = 0; keys && keys[i]; i++)
		strbuf_addf(&out, "%s%s", i ? ", " : "", keys[i]);
	return keys && keys[0] ? strbuf_detach(&out) : NULL;
}

int opportunity_rule(struct db *db, struct record *rec, const struct record *old)
{
	struct record *stage = NULL;
	const char *stage_id = record_get(rec, "stage");
	char now[21], *missing = NULL;
	enum status st;

	if (stage_id == NULL) {
		char *first = opportunity_first_stage(db);

		if (first == NULL)
			return status_set(ST_INVALID,
					  _("opportunity \"%s\": no open stage exists; add "
					    "one with 'salesterm stage add'"),
					  record_name(rec));
		record_set(rec, "stage", first);
		free(first);
		stage_id = record_get(rec, "stage");
	}
	if (old && same(old->values[entity_field_index(rec->entity, "stage")], stage_id))
		return ST_OK; /* no move: nothing of the funnel to check */
	st = record_load(db, &entity_stage, stage_id, &stage);
	if (st != ST_OK)
		return st;
	if (stage->deleted) {
		st = status_set(ST_INVALID, _("opportunity \"%s\": stage \"%s\" is deleted"),
				record_name(rec), record_name(stage));
		goto out;
	}
	/* Won and lost deals carry fixed figures; otherwise the stage's default
	 * probability, unless this same write sets one by hand. */
	if (strcmp(record_get(stage, "won"), "1") == 0) {
		record_set(rec, "probability", "100");
		record_set(rec, "category", opportunity_category(100, true, false));
	} else if (strcmp(record_get(stage, "lost"), "1") == 0) {
		record_set(rec, "probability", "0");
		record_set(rec, "category", opportunity_category(0, false, true));
	} else {
		if (!record_touched(rec, "probability"))
			record_set(rec, "probability", record_get(stage, "probability"));
		if (!record_touched(rec, "category"))
			record_set(
			    rec, "category",
			    opportunity_category(strtol(record_get(rec, "probability"), NULL, 10),
						 false, false));
	}
	{
		char **needs = opportunity_stage_needs(rec, stage);

		missing = needs_text(needs);
		opportunity_needs_free(needs);
	}
	if (missing) {
		st = status_set(ST_GATE,
				_("opportunity \"%s\" cannot enter stage \"%s\": missing %s"),
				record_name(rec), record_name(stage), missing);
		goto out;
	}
	if (record_get(stage, "review_role")) {
		const char *role = record_get(stage, "review_role");

		if (old == NULL) {
			st = status_set(ST_GATE,
					_("opportunity \"%s\": stage \"%s\" needs a %s's review; "
					  "create the deal in an earlier stage first"),
					record_name(rec), record_name(stage), role);
			goto out;
		}
		/* A reviewer who moves the deal signs it off by doing so (opportunity_after). */
		if (!approved(db, rec->id, stage->id, role) && !current_has_role(db, role)) {
			char *hint = review_hint(role, rec->id, review_hint_ctx);

			st = status_set(ST_GATE,
					_("opportunity \"%s\" cannot enter stage \"%s\" before a "
					  "%s approves it (%s)"),
					record_name(rec), record_name(stage), role, hint);
			free(hint);
			goto out;
		}
	}
	/* A request for this stage's review is settled by entering it; one for a
	 * deal that closes is moot. */
	if (same(record_get(rec, "review_status"), "requested")) {
		if (same(record_get(rec, "review_stage"), stage->id))
			record_set(rec, "review_status", "approved");
		else if (strcmp(record_get(stage, "won"), "1") == 0 ||
			 strcmp(record_get(stage, "lost"), "1") == 0)
			record_set(rec, "review_status", NULL);
	}
	/* An undone move puts back the time the deal entered its old stage. */
	if (!record_touched(rec, "stage_at")) {
		clock_iso_utc(clock_now(), now);
		record_set(rec, "stage_at", now);
	}
	st = ST_OK;
out:
	free(missing);
	record_free(&stage);
	return st;
}

/* The forecast fields whose every change the history keeps (doc/DESIGN.md
 * section 3); the owner, a system column, comes apart. */
static const char *const history_keys[] = { "stage",	  "amount",   "currency", "probability",
					    "close_date", "category", NULL };

/* Append the history entry of this write when it changed a forecast field:
 * old values (none for a new deal) and new ones, who and when. */
static enum status history_record(struct db *db, const struct record *rec, const struct record *old,
				  const char *now)
{
	struct record *h;
	bool changed = old == NULL || !same(old->owner, rec->owner);
	char key[32];
	enum status st;
	size_t i;

	for (i = 0; history_keys[i] && !changed; i++)
		changed = !same(record_get(old, history_keys[i]), record_get(rec, history_keys[i]));
	if (!changed)
		return ST_OK;
	h = record_new(&entity_opportunity_history);
	record_set(h, "opportunity", rec->id);
	record_set(h, "at", now);
	record_set(h, "user", rec->updated_by);
	record_set(h, "event", old ? "changed" : "created");
	for (i = 0; history_keys[i]; i++) {
		record_set(h, history_keys[i], record_get(rec, history_keys[i]));
		snprintf(key, sizeof(key), "old_%s", history_keys[i]);
		record_set(h, key, old ? record_get(old, history_keys[i]) : NULL);
	}
	record_set(h, "new_owner", rec->owner);
	record_set(h, "old_owner", old ? old->owner : NULL);
	/* The entry belongs with the deal, so the deal's owner syncs it. */
	h->owner = rec->owner ? xstrdup(rec->owner) : NULL;
	st = record_insert(db, h);
	record_free(&h);
	return st;
}

/* Write the history of a write: the forecast fields' change, a stage change,
 * and a reviewer's implied sign-off. */
int opportunity_after(struct db *db, struct record *rec, const struct record *old)
{
	const char *to = record_get(rec, "stage");
	const char *from = old ? record_get(old, "stage") : NULL;
	struct record *chg, *stage = NULL;
	char now[21];
	enum status st;

	clock_iso_utc(clock_now(), now);
	st = history_record(db, rec, old, now);
	if (st != ST_OK || same(from, to))
		return st;
	chg = record_new(&entity_stage_change);
	record_set(chg, "opportunity", rec->id);
	record_set(chg, "from_stage", from);
	record_set(chg, "to_stage", to);
	record_set(chg, "at", now);
	record_set(chg, "user", rec->updated_by);
	record_set(chg, "amount", record_get(rec, "amount"));
	record_set(chg, "currency", record_get(rec, "currency"));
	record_set(chg, "probability", record_get(rec, "probability"));
	chg->owner = xstrdup(rec->owner);
	st = record_insert(db, chg);
	record_free(&chg);
	if (st != ST_OK || old == NULL)
		return st;
	st = record_load(db, &entity_stage, to, &stage);
	if (st == ST_OK && record_get(stage, "review_role") &&
	    !approved(db, rec->id, to, record_get(stage, "review_role")))
		st = opportunity_approve(db, rec->id, to, _("approved by moving the deal"));
	record_free(&stage);
	return st;
}

enum status opportunity_move(struct db *db, const char *id, const char *stage,
			     const struct kv *extra, size_t nextra)
{
	struct record *opp = NULL;
	enum status st;

	st = record_find(db, &entity_opportunity, id, &opp);
	if (st != ST_OK)
		return st;
	if (opp->deleted) {
		st = status_set(ST_INVALID, _("opportunity \"%s\" is deleted"), record_name(opp));
		goto out;
	}
	st = record_input(db, opp, "stage", stage);
	if (st == ST_OK)
		st = record_input_all(db, opp, extra, nextra);
	if (st == ST_OK)
		st = record_update(db, opp);
out:
	record_free(&opp);
	return st;
}

enum status opportunity_move_back(struct db *db, const struct record *before, const char *to)
{
	static const char *const keys[] = { "stage",	"probability", "category",
					    "stage_at", "lost_reason", NULL };
	struct record *opp = NULL;
	enum status st;
	size_t i;

	st = record_load(db, &entity_opportunity, before->id, &opp);
	if (st != ST_OK)
		return st;
	if (opp->deleted) {
		st = status_set(ST_INVALID, _("opportunity \"%s\" is deleted"), record_name(opp));
	} else if (!same(record_get(opp, "stage"), to)) {
		char *now = record_display(db, opp, "stage");

		st = status_set(ST_INVALID,
				_("opportunity \"%s\" has moved since (it is in %s now); the "
				  "move was not undone"),
				record_name(opp), now);
		free(now);
	} else {
		for (i = 0; keys[i]; i++)
			record_set(opp, keys[i], record_get(before, keys[i]));
		st = record_update(db, opp);
	}
	record_free(&opp);
	return st;
}

/* The next stage ahead of the deal's current one that needs a review. */
static char *next_gated_stage(struct db *db, const char *current)
{
	sqlite3_stmt *st =
	    db_prepare(db, "SELECT id FROM stage WHERE deleted = 0 AND review_role IS NOT NULL AND "
			   "position > coalesce((SELECT position FROM stage WHERE id = ?), -1) "
			   "ORDER BY position, n LIMIT 1");
	char *id = NULL;

	if (st == NULL)
		return NULL;
	db_bind_text(st, 1, current);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = db_column_strdup(st, 0);
	sqlite3_reset(st);
	return id;
}

enum status opportunity_approve(struct db *db, const char *id, const char *stage_text,
				const char *note)
{
	struct record *opp = NULL, *stage = NULL, *ap = NULL;
	char *stage_id = NULL, *me = NULL, now[21];
	const char *role;
	enum status st;

	st = record_find(db, &entity_opportunity, id, &opp);
	if (st != ST_OK)
		return st;
	if (stage_text)
		st = record_resolve(db, "stage", stage_text, &stage_id, NULL);
	else if ((stage_id = next_gated_stage(db, record_get(opp, "stage"))) == NULL)
		st = status_set(ST_INVALID, _("opportunity \"%s\": no stage ahead needs a review"),
				record_name(opp));
	if (st == ST_OK)
		st = record_load(db, &entity_stage, stage_id, &stage);
	if (st != ST_OK)
		goto out;
	role = record_get(stage, "review_role");
	if (role == NULL) {
		st = status_set(ST_INVALID, _("stage \"%s\" needs no review"), record_name(stage));
		goto out;
	}
	me = user_current_id(db);
	if (!current_has_role(db, role)) {
		st = status_set(ST_DENIED,
				_("only a %s may approve opportunity \"%s\" for stage "
				  "\"%s\""),
				role, record_name(opp), record_name(stage));
		goto out;
	}
	clock_iso_utc(clock_now(), now);
	ap = record_new(&entity_approval);
	record_set(ap, "opportunity", opp->id);
	record_set(ap, "stage", stage->id);
	record_set(ap, "user", me);
	record_set(ap, "at", now);
	if (note && *note)
		st = record_input(db, ap, "note", note);
	/* The sign-off belongs with the deal, so the deal's owner syncs it. */
	ap->owner = xstrdup(opp->owner);
	if (st == ST_OK)
		st = record_insert(db, ap);
out:
	record_free(&ap);
	record_free(&stage);
	record_free(&opp);
	free(stage_id);
	free(me);
	return st;
}

bool opportunity_needs_review(struct db *db, const struct record *opp, const char *stage_id)
{
	struct record *stage = NULL;
	bool needs = false;

	if (record_load(db, &entity_stage, stage_id, &stage) != ST_OK)
		return false;
	if (record_get(stage, "review_role"))
		needs = !approved(db, opp->id, stage->id, record_get(stage, "review_role")) &&
			!current_has_role(db, record_get(stage, "review_role"));
	record_free(&stage);
	return needs;
}

/* A note as the text fields take it (checked like an approval's note);
 * NULL when empty. Caller frees *out. */
static enum status note_input(struct db *db, const char *note, char **out)
{
	struct record *scratch = record_new(&entity_approval);
	enum status st = record_input(db, scratch, "note", note ? note : "");

	*out = st == ST_OK && record_get(scratch, "note") ? xstrdup(record_get(scratch, "note"))
							  : NULL;
	record_free(&scratch);
	return st;
}

enum status opportunity_request_review(struct db *db, const char *id, const char *stage_text,
				       const struct kv *fields, size_t nfields, const char *note)
{
	struct record *opp = NULL, *stage = NULL;
	char *stage_id = NULL, *text = NULL, **needs = NULL, *missing = NULL, now[21];
	enum status st;

	st = record_find(db, &entity_opportunity, id, &opp);
	if (st != ST_OK)
		return st;
	if (opp->deleted) {
		st = status_set(ST_INVALID, _("opportunity \"%s\" is deleted"), record_name(opp));
		goto out;
	}
	st = record_resolve(db, "stage", stage_text, &stage_id, NULL);
	if (st == ST_OK)
		st = record_load(db, &entity_stage, stage_id, &stage);
	if (st != ST_OK)
		goto out;
	if (record_get(stage, "review_role") == NULL) {
		st = status_set(ST_INVALID, _("stage \"%s\" needs no review"), record_name(stage));
		goto out;
	}
	if (same(record_get(opp, "stage"), stage->id)) {
		st = status_set(ST_INVALID, _("opportunity \"%s\" is in stage \"%s\" already"),
				record_name(opp), record_name(stage));
		goto out;
	}
	st = note_input(db, note, &text);
	if (st == ST_OK)
		st = record_input_all(db, opp, fields, nfields);
	if (st != ST_OK)
		goto out;
	/* The reviewer decides on a complete deal: what the stage requires first. */
	needs = opportunity_stage_needs(opp, stage);
	if ((missing = needs_text(needs)) != NULL) {
		st = status_set(ST_GATE,
				_("opportunity \"%s\" cannot be reviewed for stage \"%s\": "
				  "missing %s"),
				record_name(opp), record_name(stage), missing);
		goto out;
	}
	clock_iso_utc(clock_now(), now);
	record_set(opp, "review_stage", stage->id);
	record_set(opp, "review_status", "requested");
	record_set(opp, "review_note", text);
	record_set(opp, "review_reply", NULL);
	record_set(opp, "review_at", now);
	st = record_update(db, opp);
out:
	opportunity_needs_free(needs);
	free(missing);
	free(text);
	free(stage_id);
	record_free(&stage);
	record_free(&opp);
	return st;
}

enum status opportunity_review(struct db *db, const char *id, bool approve, const char *reply)
{
	struct record *opp = NULL, *stage = NULL;
	char *text = NULL;
	const char *role;
	enum status st;

	st = record_find(db, &entity_opportunity, id, &opp);
	if (st != ST_OK)
		return st;
	if (opp->deleted || !same(record_get(opp, "review_status"), "requested")) {
		st = status_set(ST_INVALID, _("opportunity \"%s\": no review is asked for"),
				record_name(opp));
		goto out;
	}
	st = record_load(db, &entity_stage, record_get(opp, "review_stage"), &stage);
	if (st != ST_OK)
		goto out;
	role = record_get(stage, "review_role");
	if (role && !current_has_role(db, role)) {
		st = status_set(ST_DENIED,
				_("only a %s may review opportunity \"%s\" for stage \"%s\""), role,
				record_name(opp), record_name(stage));
		goto out;
	}
	st = note_input(db, reply, &text);
	if (st == ST_OK && !approve && text == NULL)
		st = status_set(ST_INVALID, "%s",
				_("a review sent back needs a note: what the rep should do"));
	if (st != ST_OK)
		goto out;
	st = db_begin(db);
	if (st != ST_OK)
		goto out;
	record_set(opp, "review_reply", text);
	if (approve) {
		/* The sign-off with the reviewer's note, then the move it allows. */
		st = opportunity_approve(db, opp->id, stage->id,
					 text ? text : _("approved on the rep's request"));
		if (st == ST_OK)
			record_set(opp, "stage", stage->id);
	} else {
		record_set(opp, "review_status", "returned");
	}
	if (st == ST_OK)
		st = record_update(db, opp);
	if (st == ST_OK)
		st = db_commit(db);
	else
		db_rollback(db);
out:
	free(text);
	record_free(&stage);
	record_free(&opp);
	return st;
}

/* Stages are the funnel's configuration. */
int stage_rule(struct db *db, struct record *rec, const struct record *old)
{
	char *list, *tok, *save = NULL;
	enum status st = ST_OK;

	(void)db;
	(void)old;
	if (strcmp(record_get(rec, "won"), "1") == 0 && strcmp(record_get(rec, "lost"), "1") == 0)
		return status_set(ST_INVALID,
				  _("stage \"%s\": a stage cannot be both won and lost"),
				  record_name(rec));
	list = xstrdup(record_get(rec, "required") ? record_get(rec, "required") : "");
	for (tok = strtok_r(list, ", ", &save); tok && st == ST_OK;
	     tok = strtok_r(NULL, ", ", &save))
		if (entity_field(&entity_opportunity, tok) == NULL)
			st = status_set(ST_INVALID,
					_("stage \"%s\": required: opportunities have no "
					  "field \"%s\""),
					record_name(rec), tok);
	free(list);
	return st;
}

const char *opportunity_category(long probability, bool won, bool lost)
{
	if (won)
		return "closed";
	if (lost)
		return "omitted";
	if (probability >= 80)
		return "commit";
	return probability >= 50 ? "best_case" : "pipeline";
}
