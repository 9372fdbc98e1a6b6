/* keys.c - action table, key names, keymap and the rc file reader. */
#include "keys.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "embedded.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

static const struct {
	const char *name; /* "MOVE_DOWN"; the action name is derived from it */
	const char *help;
	const char *group;
} requests[REQ_COUNT] = {
#define REQ_GROUP(title) /* groups are attached below */
#define REQ_(id, text) [REQ_##id] = { #id, text, NULL },
	REQ_LIST
#undef REQ_
#undef REQ_GROUP
};

/* The group of each request, filled from REQ_LIST's order on first use. */
static const char *request_groups[REQ_COUNT];
static char action_names[REQ_COUNT][32];

static void requests_init(void)
{
	static bool done;
	const char *group = "";
	int i;

	if (done)
		return;
	done = true;
	/* Walk the list again, this time noting the group titles. */
	{
		static const struct {
			int req;
			const char *group;
		} order[] = {
#define REQ_GROUP(title) { -1, title },
#define REQ_(id, text) { REQ_##id, NULL },
			REQ_LIST
#undef REQ_
#undef REQ_GROUP
		};
		size_t k;

		for (k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
			if (order[k].req < 0)
				group = order[k].group;
			else
				request_groups[order[k].req] = group;
		}
	}
	for (i = 1; i < REQ_COUNT; i++) {
		size_t j;

		for (j = 0; requests[i].name[j] && j + 1 < sizeof(action_names[i]); j++) {
			char c = requests[i].name[j];

			action_names[i][j] =
			    c == '_' ? '-' : (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		action_names[i][j] = '\0';
	}
	snprintf(action_names[0], sizeof(action_names[0]), "none");
}

const char *keys_request_name(enum request req)
{
	requests_init();
	return req >= 0 && req < REQ_COUNT ? action_names[req] : "?";
}

const char *keys_request_help(enum request req)
{
	return req > 0 && req < REQ_COUNT ? _(requests[req].help) : "";
}

const char *keys_request_group(enum request req)
{
	requests_init();
	return req > 0 && req < REQ_COUNT ? _(request_groups[req]) : "";
}

int keys_request_find(const char *name)
{
	int i;

	requests_init();
	for (i = 0; i < REQ_COUNT; i++)
		if (strcmp(action_names[i], name) == 0)
			return i;
	return -1;
}

/* ---- key names ---- */

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Up", KEYC_FN + KEY_UP },
	{ "Down", KEYC_FN + KEY_DOWN },
	{ "Left", KEYC_FN + KEY_LEFT },
	{ "Right", KEYC_FN + KEY_RIGHT },
	{ "Home", KEYC_FN + KEY_HOME },
	{ "End", KEYC_FN + KEY_END },
	{ "PgUp", KEYC_FN + KEY_PPAGE },
	{ "PageUp", KEYC_FN + KEY_PPAGE },
	{ "PgDown", KEYC_FN + KEY_NPAGE },
	{ "PageDown", KEYC_FN + KEY_NPAGE },
	{ "Ins", KEYC_FN + KEY_IC },
	{ "Insert", KEYC_FN + KEY_IC },
	{ "Del", KEYC_FN + KEY_DC },
	{ "Delete", KEYC_FN + KEY_DC },
	{ "BS", KEYC_FN + KEY_BACKSPACE },
	{ "Backspace", KEYC_FN + KEY_BACKSPACE },
	{ "Enter", KEYC_ENTER },
	{ "Return", KEYC_ENTER },
	{ "Esc", KEYC_ESC },
	{ "Escape", KEYC_ESC },
	{ "Tab", KEYC_TAB },
	{ "S-Tab", KEYC_FN + KEY_BTAB },
	{ "BTab", KEYC_FN + KEY_BTAB },
	{ "Space", ' ' },
	{ "Lt", '<' },
	{ "Hash", '#' },
};

int keys_parse(const char *name)
{
	char inner[32];
	size_t len, i;
	uint32_t cp;
	int n;

	if (name == NULL || *name == '\0')
		return -1;
	len = strlen(name);
	if (name[0] == '<' && len > 2 && name[len - 1] == '>') {
		if (len - 2 >= sizeof(inner))
			return -1;
		memcpy(inner, name + 1, len - 2);
		inner[len - 2] = '\0';
		for (i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
			if (strcasecmp(inner, key_names[i].name) == 0)
				return key_names[i].key;
		if ((inner[0] == 'F' || inner[0] == 'f') && inner[1] >= '1' && inner[1] <= '9') {
			n = atoi(inner + 1);
			if (n >= 1 && n <= 12)
				return KEYC_FN + KEY_F(n);
			return -1;
		}
		return keys_parse(inner); /* <C-f> */
	}
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3]) {
		char c = name[2];

		if (c >= 'a' && c <= 'z')
			return c - 'a' + 1;
		if (c >= 'A' && c <= 'Z')
			return c - 'A' + 1;
		return -1;
	}
	if (name[0] == '^' && name[1] && !name[2]) {
		char c = name[1];

		if (c >= 'a' && c <= 'z')
			return c - 'a' + 1;
		if (c >= 'A' && c <= 'Z')
			return c - 'A' + 1;
		if (c == '[')
			return KEYC_ESC;
		return -1;
	}
	/* One character, any script. */
	n = utf8_decode(name, len, &cp);
	if (n > 0 && (size_t)n == len && cp >= ' ' && cp != 127)
		return (int)cp;
	return -1;
}

const char *keys_name(int key, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++) {
		if (key_names[i].key == key) {
			snprintf(buf, size, "<%s>", key_names[i].name);
			return buf;
		}
	}
	if (key >= KEYC_FN + KEY_F(1) && key <= KEYC_FN + KEY_F(12)) {
		snprintf(buf, size, "<F%d>", key - KEYC_FN - KEY_F0);
	} else if (key > 0 && key < 32) {
		snprintf(buf, size, "C-%c", 'a' + key - 1);
	} else if (key >= KEYC_FN) {
		snprintf(buf, size, "<key %d>", key - KEYC_FN);
	} else {
		/* UTF-8 of the code point. */
		uint32_t cp = (uint32_t)key;
		char s[5] = { 0 };

		if (cp < 0x80) {
			s[0] = (char)cp;
		} else if (cp < 0x800) {
			s[0] = (char)(0xc0 | (cp >> 6));
			s[1] = (char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			s[0] = (char)(0xe0 | (cp >> 12));
			s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
			s[2] = (char)(0x80 | (cp & 0x3f));
		} else {
			s[0] = (char)(0xf0 | (cp >> 18));
			s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
			s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
			s[3] = (char)(0x80 | (cp & 0x3f));
		}
		snprintf(buf, size, "%s", s);
	}
	return buf;
}

int keys_from_curses(int wch, bool fn)
{
	if (fn) {
		if (wch == KEY_ENTER)
			return KEYC_ENTER;
		return KEYC_FN + wch;
	}
	if (wch == '\n')
		return KEYC_ENTER;
	if (wch == 127 || wch == 8)
		return KEYC_FN + KEY_BACKSPACE;
	return wch;
}

/* ---- screens ---- */

static const char *const screen_names[KM_COUNT] = {
#define KM_(id, name) [KM_##id] = name,
	KEYMAP_SCREENS
#undef KM_
};

const char *keys_screen_name(enum keymap_screen s)
{
	return s < KM_COUNT ? screen_names[s] : "?";
}

int keys_screen_find(const char *name)
{
	int i;

	for (i = 0; i < KM_COUNT; i++)
		if (strcmp(screen_names[i], name) == 0)
			return i;
	return -1;
}

/* ---- the keymap ---- */

struct binding {
	enum keymap_screen screen;
	int key;
	enum request req;
};

struct keymap {
	struct binding *b;
	size_t n, cap;
};

struct keymap *keymap_new(void)
{
	requests_init();
	return xcalloc(1, sizeof(struct keymap));
}

void keymap_free(struct keymap **km)
{
	if (*km == NULL)
		return;
	free((*km)->b);
	free(*km);
	*km = NULL;
}

void keymap_bind(struct keymap *km, enum keymap_screen s, int key, enum request req)
{
	size_t i;

	for (i = 0; i < km->n; i++) {
		if (km->b[i].screen == s && km->b[i].key == key) {
			km->b[i].req = req;
			return;
		}
	}
	if (km->n == km->cap) {
		km->cap = km->cap ? km->cap * 2 : 128;
		km->b = xreallocarray(km->b, km->cap, sizeof(*km->b));
	}
	km->b[km->n++] = (struct binding){ s, key, req };
}

static bool lookup_one(const struct keymap *km, enum keymap_screen s, int key, enum request *req)
{
	size_t i;

	for (i = 0; i < km->n; i++) {
		if (km->b[i].screen == s && km->b[i].key == key) {
			*req = km->b[i].req;
			return true;
		}
	}
	return false;
}

enum request keymap_lookup(const struct keymap *km, enum keymap_screen s,
			   enum keymap_screen fallback, int key)
{
	enum request req = REQ_NONE;

	/* A screen's own binding (even "none") hides the fallback's. */
	if (lookup_one(km, s, key, &req))
		return req;
	if (fallback != s && lookup_one(km, fallback, key, &req))
		return req;
	return REQ_NONE;
}

int keymap_hint_key(const struct keymap *km, enum keymap_screen s, enum request req, int pref)
{
	size_t i;

	if (pref >= 0 && keymap_lookup(km, s, KM_GENERIC, pref) == req)
		return pref;
	for (i = 0; i < km->n; i++)
		if (km->b[i].req == req &&
		    (km->b[i].screen == s || km->b[i].screen == KM_GENERIC) &&
		    keymap_lookup(km, s, KM_GENERIC, km->b[i].key) == req)
			return km->b[i].key;
	return -1;
}

const char *keymap_keys_of(const struct keymap *km, enum keymap_screen s, enum request req,
			   char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < km->n; i++) {
		char name[32];

		if (km->b[i].screen != s || km->b[i].req != req)
			continue;
		keys_name(km->b[i].key, name, sizeof(name));
		len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s", len ? " " : "", name);
	}
	return buf;
}

static void add_error(char **errors, const struct config *cfg, int line, const char *msg,
		      const char *what)
{
	struct strbuf b = STRBUF_INIT;

	if (errors == NULL)
		return;
	if (*errors) {
		strbuf_adds(&b, *errors);
		strbuf_addc(&b, '\n');
		free(*errors);
	}
	strbuf_addf(&b, "%s:%d: %s \"%s\"", cfg->origin, line, msg, what);
	*errors = strbuf_detach(&b);
}

int keymap_load(struct keymap *km, const struct config *cfg, char **errors)
{
	const struct config_line *l;
	size_t pos = 0;
	int bad = 0, screen, key, req;

	while ((l = config_next(cfg, "bind", &pos)) != NULL) {
		if ((screen = keys_screen_find(l->argv[1])) < 0) {
			add_error(errors, cfg, l->line, _("unknown screen"), l->argv[1]);
			bad++;
		} else if ((key = keys_parse(l->argv[2])) < 0) {
			add_error(errors, cfg, l->line, _("unknown key"), l->argv[2]);
			bad++;
		} else if ((req = keys_request_find(l->argv[3])) < 0) {
			add_error(errors, cfg, l->line, _("unknown action"), l->argv[3]);
			bad++;
		} else {
			keymap_bind(km, (enum keymap_screen)screen, key, (enum request)req);
		}
	}
	return bad;
}

const char *keys_default_rc(void)
{
	return embedded_rc[0].text;
}
