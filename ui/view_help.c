/* view_help.c - screen 9 (and ?): the keys of the screen help was opened from.
 *
 * Data: the action table (REQ_LIST in ui/keys.h) and the keymap, so what is
 * listed is exactly what the keys do, user bindings included.
 * Keys: j/k scroll, Esc back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "keys.h"
#include "screens.h"
#include "view.h"
#include "xalloc.h"

struct help {
	enum keymap_screen screen;
};

/* List every action bound on screen s; with own false, the actions bound on
 * fallback whose keys screen s leaves to it. */
static void help_section(struct view *v, const char *title, enum keymap_screen s,
			 enum keymap_screen fallback, bool own)
{
	char keys[256];
	int r;
	bool any = false;

	for (r = 1; r < REQ_COUNT; r++) {
		if (own) {
			keymap_keys_of(v->app->km, s, (enum request)r, keys, sizeof(keys));
		} else {
			/* A fallback key counts unless this screen rebinds it. */
			char all[256], *tok, *save = NULL;

			keys[0] = '\0';
			keymap_keys_of(v->app->km, fallback, (enum request)r, all, sizeof(all));
			for (tok = strtok_r(all, " ", &save); tok;
			     tok = strtok_r(NULL, " ", &save)) {
				int k = keys_parse(tok);

				if (k >= 0 &&
				    keymap_lookup(v->app->km, s, fallback, k) == (enum request)r) {
					size_t len = strlen(keys);

					snprintf(keys + len, sizeof(keys) - len, "%s%s",
						 len ? " " : "", tok);
				}
			}
		}
		if (!keys[0])
			continue;
		if (!any) {
			view_addf(v, LINE_TEXT, DA_NORMAL, "%s", "");
			view_addf(v, LINE_SECTION, DA_SECTION, "%s", title);
			any = true;
		}
		view_add(v, LINE_ITEM, DA_NORMAL, 3,
			 (const char *const[]){ keys, keys_request_name((enum request)r),
						keys_request_help((enum request)r) });
	}
}

static void help_load(struct view *v)
{
	struct help *h = v->priv;

	view_clear(v);
	v->ncols = 3;
	v->flex = 2;
	v->cols[0] = (struct column){ N_("Keys"), 20, false };
	v->cols[1] = (struct column){ N_("Action"), 18, false };
	v->cols[2] = (struct column){ N_("What it does"), 30, false };
	snprintf(v->subtitle, sizeof(v->subtitle),
		 /* TRANSLATORS: the second %s is the screen's name in the config
		    file (bind sync KEY ACTION): keep "bind", KEY and ACTION as they are. */
		 _("keys of this screen (bind %s KEY ACTION "
		   "in %s)"),
		 keys_screen_name(h->screen), "~/.config/salesterm/config");
	help_section(v, _("This screen"), h->screen, h->screen, true);
	if (h->screen != KM_FORM && h->screen != KM_PROMPT && h->screen != KM_EDIT)
		help_section(v, _("Every screen"), h->screen, KM_GENERIC, false);
	help_section(v, _("In forms"), KM_FORM, KM_FORM, true);
	help_section(v, _("In prompts and pick-lists"), KM_PROMPT, KM_PROMPT, true);
	help_section(v, _("Line editing (forms and prompts)"), KM_EDIT, KM_EDIT, true);
	view_addf(v, LINE_TEXT, DA_NORMAL, "%s", "");
	view_addf(v, LINE_SECTION, DA_SECTION, "%s", _("Command line (:)"));
	view_addf(v, LINE_TEXT, DA_NORMAL, "  %s",
		  _("call|meeting|visit|task|email WHO [DATE] [TIME] [SUBJECT]   e.g. call 张伟 "
		    "tomorrow 10:00 renewal"));
	view_addf(v, LINE_TEXT, DA_NORMAL, "  %s",
		  _("log [CHANNEL] WHO [NEXT-DATE] [NOTES]   e.g. log visit 张伟 +7d 谈了价格"));
	view_addf(v, LINE_TEXT, DA_NORMAL, "  %s",
		  _("today contacts leads funnel schedule followups forecast sync help quit   "
		    "bind SCREEN KEY ACTION"));
	view_addf(v, LINE_TEXT, DA_NORMAL, "  %s",
		  _("new TYPE   edit TYPE NAME-OR-ID   list TYPE   e.g. new product, edit stage "
		    "Negotiation (users, stages, products, campaigns: managers)"));
	view_addf(v, LINE_TEXT, DA_DIM, "  %s",
		  _("Dates: 2026-11-23 today tomorrow mon..sun +3d +2w -1m; times 14:30"));
}

static int help_request(struct view *v, enum request req)
{
	(void)v;
	switch (req) {
	case REQ_HELP:
		return VR_HANDLED;
	case REQ_OPEN:
	case REQ_EDIT:
	case REQ_DELETE:
	case REQ_NEW:
		return VR_HANDLED;
	default:
		return VR_UNHANDLED;
	}
}

const struct view_ops help_ops = {
	.title = N_("Help"),
	.keymap = KM_HELP,
	.priv_size = sizeof(struct help),
	.open = help_load,
	.request = help_request,
	.hints =
	    (const struct view_hint[]){
		HINT2("j", REQ_MOVE_DOWN, "k", REQ_MOVE_UP, N_("scroll")),
		HINT("<Esc>", REQ_BACK, N_("back")),
		HINT("q", REQ_QUIT, N_("quit")),
		HINT_END,
	    },
};

void help_open(struct app *a, enum keymap_screen s)
{
	struct view *v;
	struct help *h;

	if (app_top(a) && app_top(a)->ops == &help_ops)
		return;
	v = view_new(a, &help_ops);
	h = v->priv;
	h->screen = s;
	app_push(a, v);
}
