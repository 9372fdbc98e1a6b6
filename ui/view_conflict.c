/* view_conflict.c - resolving one conflict, field by field.
 *
 * Data: conflict_get() - the version written here ("mine"), the server's
 * ("theirs") and their common ancestor ("base"), with the fields changed on
 * both sides. One line per such field shows the three values and the choice.
 * Keys: m mine, t theirs, b base, v (or e) type a value, M and T all mine or
 * all theirs; Enter writes the resolution once every field has a choice: a
 * new revision that replaces both versions (conflict_resolve), sent with the
 * next sync. Esc goes back without writing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "entity.h"
#include "i18n.h"
#include "prompt.h"
#include "record.h"
#include "screens.h"
#include "sync/conflict.h"
#include "syncer.h"
#include "view.h"
#include "xalloc.h"

enum pick { PICK_NONE, PICK_MINE, PICK_THEIRS, PICK_BASE, PICK_VALUE };

struct conflictview {
	char *id;
	struct conflict k;
	bool have;	 /* k holds a conflict */
	enum pick *pick; /* per slot */
	char **value;	 /* per slot: the value typed for PICK_VALUE */
	size_t nslots;
};

static void free_picks(struct conflictview *c)
{
	size_t i;

	for (i = 0; i < c->nslots; i++)
		free(c->value[i]);
	free(c->value);
	free(c->pick);
	c->value = NULL;
	c->pick = NULL;
	c->nslots = 0;
}

static const char *slot_label(const struct entity *e, size_t i)
{
	if (i < e->nfields)
		return _(e->fields[i].label);
	if (i == CONFLICT_OWNER(e))
		return _("Owner");
	return _("Deleted");
}

static char *pick_text(const struct conflictview *c, size_t i)
{
	switch (c->pick[i]) {
	case PICK_MINE:
		return xstrdup(_("mine"));
	case PICK_THEIRS:
		return xstrdup(_("theirs"));
	case PICK_BASE:
		return xstrdup(_("base"));
	case PICK_VALUE:
		return xasprintf("= %s", c->value[i]);
	case PICK_NONE:
		break;
	}
	return xstrdup("?");
}

static void conflict_load(struct view *v)
{
	struct conflictview *c = v->priv;
	struct db *db = v->app->db;
	const struct entity *e;
	enum status st;
	int rest, w;
	size_t i;

	view_clear(v);
	if (c->have)
		conflict_clear(&c->k);
	c->have = false;
	st = conflict_get(db, c->id, &c->k);
	if (st != ST_OK) {
		free_picks(c);
		if (st == ST_NOT_FOUND)
			view_addf(v, LINE_TEXT, DA_GOOD, " %s",
				  _("This conflict is resolved (here or by the server's "
				    "changes). Esc goes back."));
		else
			app_fail(v->app, st);
		return;
	}
	c->have = true;
	e = c->k.entity;
	if (c->nslots != CONFLICT_SLOTS(e)) {
		free_picks(c);
		c->nslots = CONFLICT_SLOTS(e);
		c->pick = xcalloc(c->nslots, sizeof(*c->pick));
		c->value = xcalloc(c->nslots, sizeof(*c->value));
	}
	snprintf(v->subtitle, sizeof(v->subtitle), "%s \"%s\"", _(e->label),
		 record_name(c->k.mine_is_row ? c->k.mine : c->k.theirs));
	/* Field and choice at their size; the three values share the rest. */
	rest = (v->w > 0 ? v->w : 80) - 1 - 14 - 14 - 4;
	w = rest / 3 > 8 ? rest / 3 : 8;
	v->ncols = 5;
	v->flex = -1;
	v->cols[0] = (struct column){ N_("Field"), 14, false };
	v->cols[1] = (struct column){ N_("Keep"), 14, false };
	v->cols[2] = (struct column){ N_("Mine (here)"), w, false };
	v->cols[3] = (struct column){ N_("Theirs (server)"), w, false };
	v->cols[4] = (struct column){ N_("Base (before both)"), w, false };
	for (i = 0; i < c->nslots; i++) {
		char *m, *t, *b, *k;
		struct line *l;

		if (!c->k.conflicts[i])
			continue;
		m = conflict_slot_display(db, c->k.mine, i);
		t = conflict_slot_display(db, c->k.theirs, i);
		b = c->k.base ? conflict_slot_display(db, c->k.base, i) : xstrdup(_("(unknown)"));
		k = pick_text(c, i);
		l = view_add(v, LINE_ITEM, c->pick[i] == PICK_NONE ? DA_WARN : DA_NORMAL, 5,
			     (const char *const[]){ slot_label(e, i), k, m, t, b });
		l->tag = (int)i;
		free(m);
		free(t);
		free(b);
		free(k);
	}
	view_addf(v, LINE_TEXT, DA_NORMAL, "%s", "");
	view_addf(v, LINE_TEXT, DA_DIM, " %s",
		  _("Fields changed on one side only are merged already."));
	view_addf(v, LINE_TEXT, DA_DIM, " %s",
		  _("Enter saves the choices as a new version that replaces both; the next sync "
		    "sends it."));
	view_fix_selection(v);
}

/* The slot of the selected line, or -1. */
static int selected_slot(struct view *v)
{
	struct conflictview *c = v->priv;

	if (!c->have || v->sel < 0 || v->sel >= v->nlines || v->lines[v->sel].kind != LINE_ITEM)
		return -1;
	return v->lines[v->sel].tag;
}

static void set_pick(struct conflictview *c, size_t i, enum pick p, const char *value)
{
	c->pick[i] = p;
	free(c->value[i]);
	c->value[i] = value ? xstrdup(value) : NULL;
}

/* Move to the next line still without a choice, else the next line. */
static void next_line(struct view *v)
{
	struct conflictview *c = v->priv;
	int i;

	for (i = 0; i < v->nlines; i++)
		if (v->lines[i].kind == LINE_ITEM && c->pick[v->lines[i].tag] == PICK_NONE) {
			v->sel = i;
			return;
		}
}

static bool pick_all(struct view *v, enum pick p)
{
	struct conflictview *c = v->priv;
	size_t i;

	for (i = 0; i < c->nslots; i++)
		if (c->k.conflicts[i])
			set_pick(c, i, p, NULL);
	return true;
}

static bool pick_value(struct view *v, int slot)
{
	struct conflictview *c = v->priv;
	const struct entity *e = c->k.entity;
	char *label, *initial, *typed;

	if ((size_t)slot == CONFLICT_DELETED(e)) {
		app_error(v->app, "%s", _("keep it or delete it: m, t or b"));
		return false;
	}
	if (c->pick[slot] == PICK_VALUE) {
		initial = xstrdup(c->value[slot]);
	} else {
		const char *mine = conflict_slot_value(c->k.mine, (size_t)slot);

		initial = xstrdup(mine ? mine : "");
	}
	label = xasprintf("%s: ", slot_label(e, (size_t)slot));
	typed = prompt_text(v->app, label, initial, NULL, NULL);
	free(label);
	free(initial);
	if (typed == NULL)
		return false;
	set_pick(c, (size_t)slot, PICK_VALUE, typed);
	free(typed);
	return true;
}

/* Write the resolution; true when done. */
static bool resolve(struct view *v)
{
	struct conflictview *c = v->priv;
	struct kv *kv = xcalloc(c->nslots, sizeof(*kv));
	char *missing = NULL;
	size_t i, n = 0;
	enum status st;

	for (i = 0; i < c->nslots; i++) {
		static const char *const how[] = {
			[PICK_MINE] = "mine", [PICK_THEIRS] = "theirs", [PICK_BASE] = "base"
		};

		if (!c->k.conflicts[i])
			continue;
		if (c->pick[i] == PICK_NONE) {
			char *t =
			    xasprintf("%s%s%s", missing ? missing : "",
				      missing ? i18n_list_sep() : "", slot_label(c->k.entity, i));

			free(missing);
			missing = t;
			continue;
		}
		kv[n].key = conflict_slot_name(c->k.entity, i);
		kv[n].value = c->pick[i] == PICK_VALUE ? c->value[i] : how[c->pick[i]];
		n++;
	}
	if (missing) {
		app_error(v->app,
			  _("choose what to keep for %s first (m mine, t theirs, b base, v a "
			    "value)"),
			  missing);
		free(missing);
		free(kv);
		return false;
	}
	st = conflict_resolve(v->app->db, c->id, kv, n);
	free(kv);
	if (st != ST_OK) {
		app_fail(v->app, st);
		return false;
	}
	app_status(v->app, _("resolved %s \"%s\"; the next sync sends it"), _(c->k.entity->label),
		   record_name(c->k.mine_is_row ? c->k.mine : c->k.theirs));
	return true;
}

static int conflict_request(struct view *v, enum request req)
{
	struct conflictview *c = v->priv;
	int slot = selected_slot(v);
	bool changed = false;

	switch (req) {
	case REQ_PICK_MINE:
	case REQ_PICK_THEIRS:
	case REQ_PICK_BASE:
		if (slot < 0)
			return VR_HANDLED;
		if (req == REQ_PICK_BASE && c->k.base == NULL) {
			app_error(v->app, "%s",
				  _("the base version is not kept here: choose mine, "
				    "theirs or a value"));
			return VR_HANDLED;
		}
		set_pick(c, (size_t)slot,
			 req == REQ_PICK_MINE	  ? PICK_MINE
			 : req == REQ_PICK_THEIRS ? PICK_THEIRS
						  : PICK_BASE,
			 NULL);
		changed = true;
		break;
	case REQ_PICK_VALUE:
	case REQ_EDIT:
		if (slot >= 0)
			changed = pick_value(v, slot);
		break;
	case REQ_PICK_ALL_MINE:
	case REQ_PICK_ALL_THEIRS:
		if (!c->have)
			return VR_HANDLED;
		changed = pick_all(v, req == REQ_PICK_ALL_MINE ? PICK_MINE : PICK_THEIRS);
		break;
	case REQ_CONFIRM:
	case REQ_OPEN:
	case REQ_SAVE:
		if (!c->have)
			return VR_HANDLED;
		if (resolve(v)) {
			app_changed(v->app);
			app_pop(v->app);
		}
		return VR_HANDLED;
	case REQ_NEW:
	case REQ_DELETE:
		return VR_HANDLED;
	default:
		return VR_UNHANDLED;
	}
	if (changed) {
		int keep = v->sel;

		view_reload(v);
		v->sel = keep;
		if (req != REQ_PICK_ALL_MINE && req != REQ_PICK_ALL_THEIRS)
			next_line(v);
	}
	return VR_HANDLED;
}

static void conflict_done(struct view *v)
{
	struct conflictview *c = v->priv;

	if (c->have)
		conflict_clear(&c->k);
	free_picks(c);
	free(c->id);
}

const struct view_ops conflict_ops = {
	.title = N_("Conflict"),
	.keymap = KM_CONFLICT,
	.priv_size = sizeof(struct conflictview),
	.open = conflict_load,
	.request = conflict_request,
	.done = conflict_done,
	.hints =
	    (const struct view_hint[]){
		HINT("m", REQ_PICK_MINE, N_("mine")),
		HINT("t", REQ_PICK_THEIRS, N_("theirs")),
		HINT("b", REQ_PICK_BASE, N_("base")),
		HINT("v", REQ_PICK_VALUE, N_("type a value")),
		HINT2("M", REQ_PICK_ALL_MINE, "T", REQ_PICK_ALL_THEIRS, N_("all")),
		HINT("<Enter>", REQ_CONFIRM, N_("save")),
		HINT("<Esc>", REQ_BACK, N_("back")),
		HINT_END,
	    },
};

void conflict_open(struct app *a, const char *id)
{
	struct view *v = view_new(a, &conflict_ops);
	struct conflictview *c = v->priv;

	c->id = xstrdup(id);
	app_push(a, v);
}
