/* test_ui.c - the curses-free parts of the terminal UI: line editing by
 * character, layout arithmetic, key names and the keymap with its rc file,
 * and keyset-paged record lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "config.h"
#include "db.h"
#include "edit.h"
#include "keys.h"
#include "layout.h"
#include "list.h"
#include "record.h"
#include "tap.h"
#include "xalloc.h"

static void test_edit(void)
{
	struct edit e = { 0 };
	char *vis;
	int cur;

	edit_set(&e, "张伟");
	is_int(edit_cursor_col(&e), 4, "cursor after two wide characters is at column 4");
	edit_backspace(&e);
	is_str(edit_text(&e), "张", "backspace removes one character, not one byte");
	edit_insert(&e, 0x654f); /* 敏 */
	is_str(edit_text(&e), "张敏", "insert a CJK character");
	edit_left(&e);
	is_int(edit_cursor_col(&e), 2, "left moves over a whole wide character");
	edit_insert(&e, 'x');
	is_str(edit_text(&e), "张x敏", "insert between characters");
	edit_home(&e);
	edit_delete(&e);
	is_str(edit_text(&e), "x敏", "delete at the start");
	edit_end(&e);
	edit_insert(&e, 'e');
	edit_insert(&e, 0x301); /* combining acute */
	is_str(edit_text(&e), "x敏e\xcc\x81", "a combining mark joins its base");
	edit_backspace(&e);
	is_str(edit_text(&e), "x敏", "backspace removes base and mark together");
	ok(!edit_insert(&e, 0x7), "a control character is refused");
	ok(!edit_insert(&e, 0xd800), "a surrogate is refused");
	edit_set(&e, "alpha beta");
	edit_kill_word(&e);
	is_str(edit_text(&e), "alpha ", "C-w kills the word before the cursor");
	edit_kill_start(&e);
	is_str(edit_text(&e), "", "C-u kills to the start");
	edit_set(&e, "abc");
	edit_home(&e);
	edit_kill_end(&e);
	is_str(edit_text(&e), "", "C-k kills to the end");

	edit_set(&e, "一二三四五六七八九十");
	vis = edit_visible(&e, 10, &cur);
	is_str(vis, " 七八九十 ",
	       "scrolled to the cursor; the character cut on the left is a space");
	is_int(cur, 9, "the cursor in the last column");
	free(vis);
	edit_home(&e);
	vis = edit_visible(&e, 5, &cur);
	is_str(vis, "一二 ", "a wide character that does not fit leaves a space");
	is_int(cur, 0, "cursor at the start");
	free(vis);
	edit_set(&e, "a\tb");
	edit_home(&e);
	vis = edit_visible(&e, 4, &cur);
	is_str(vis, "a b ", "a tab shows as a space");
	free(vis);
	edit_free(&e);
	edit_insert(&e, 'z');
	is_str(edit_text(&e), "z", "insert into a fresh editor");
	edit_free(&e);
}

static void test_layout(void)
{
	int want[] = { 20, 24, 14, 16, 24 }, out[8], kept, cells[42];
	char *s;

	kept = layout_columns(want, 5, 120, 2, 0, out);
	is_int(kept, 5, "all fit in 120");
	is_int(out[0], 20 + 120 - (20 + 24 + 14 + 16 + 24 + 8),
	       "spare width goes to the flex column");
	kept = layout_columns(want, 5, 100, 2, 0, out);
	is_int(kept, 5, "at 100 the flexible column gives some width instead");
	is_int(out[0], 14, "down to what fits");
	kept = layout_columns(want, 5, 79, 2, 0, out);
	ok(kept < 5 && out[4] == 0, "columns are dropped from the right at 80 (%d kept)", kept);
	{
		int i, total = 0;

		for (i = 0; i < 5; i++)
			total += out[i] ? out[i] + (i ? 2 : 0) : 0;
		ok(total <= 79, "and what is left fits (%d)", total);
	}
	kept = layout_columns(want, 5, 10, 2, 0, out);
	is_int(kept, 1, "one column when very narrow");
	is_int(out[0], 10, "and it shrinks to fit");
	kept = layout_columns(want, 0, 80, 2, 0, out);
	is_int(kept, 0, "no columns");
	layout_split(80, 7, 1, out);
	is_int(out[0] + out[6], 11 + 10, "split: the remainder goes to the first parts");
	is_int(layout_scroll(50, 0, 20, 100), 31, "scroll down to show the selection");
	is_int(layout_scroll(5, 31, 20, 100), 5, "scroll up to show the selection");
	is_int(layout_scroll(99, 90, 20, 100), 80, "never past the end");
	is_int(layout_scroll(0, 0, 20, 0), 0, "empty");
	is_int(layout_bar(50, 100, 40), 20, "half a bar");
	is_int(layout_bar(1, 1000000, 40), 1, "a tiny positive value shows");
	is_int(layout_bar(0, 100, 40), 0, "zero shows nothing");
	is_int(layout_bar(200, 100, 40), 40, "over the scale is full");
	is_int(layout_heat(0, 10), 0, "no activity, level 0");
	is_int(layout_heat(1, 10), 1, "a little, level 1");
	is_int(layout_heat(10, 10), 4, "the busiest day, level 4");
	is_int(layout_month_grid("2026-11-23", cells), 6, "November 2026 spans six weeks");
	is_int(cells[6], 1, "the 1st is a Sunday");
	is_int(cells[7 * 5], 30, "the 30th starts the sixth week");
	is_int(layout_month_grid("2027-02-10", cells), 4, "February 2027 fits four weeks");
	is_int(layout_month_grid("2026-02-30", cells), 0, "an invalid date");
	s = layout_compact(123456789, 2);
	is_str(s, "1.2M", "1,234,567.89 is 1.2M");
	free(s);
	s = layout_compact(95000, 2);
	is_str(s, "950", "950");
	free(s);
	s = layout_compact(34500000, 2);
	is_str(s, "345K", "345K");
	free(s);
	s = layout_compact(1230000, 2);
	is_str(s, "12.3K", "12.3K");
	free(s);
	s = layout_compact(-5000000, 0);
	is_str(s, "-5M", "negative");
	free(s);
	{
		char **lines, *t;
		const char *const items[] = { "C-s save", "Esc cancel", "Tab/S-Tab field" };
		int n, i;

		n = layout_wrap("one two three four", 10, &lines);
		is_int(n, 2, "wrap: two lines of at most 10 columns");
		is_str(lines[0], "one two", "wrap: broken at a space");
		is_str(lines[1], "three four", "wrap: the rest");
		for (i = 0; i < n; i++)
			free(lines[i]);
		free(lines);
		n = layout_wrap("一个很长的名字", 6, &lines);
		is_int(n, 3, "wrap: CJK text breaks between characters (2 columns each)");
		is_str(lines[0], "一个很", "wrap: three characters in 6 columns");
		for (i = 0; i < n; i++)
			free(lines[i]);
		free(lines);
		t = layout_fit_words("Delete contact Alexander Hamilton", 24);
		is_str(t, "Delete contact~", "fit_words: cut between words, marked");
		free(t);
		t = layout_fit_words("short", 24);
		is_str(t, "short", "fit_words: what fits is unchanged");
		free(t);
		t = layout_items(items, 3, 20, "  ");
		is_str(t, "C-s save  Esc cancel", "items: whole items only");
		free(t);
		t = layout_items(items, 3, 17, "  ");
		is_str(t, "C-s save", "items: a later item that fits is kept, none cut");
		free(t);
	}
	/* Rounded, not truncated. */
	s = layout_compact(116000000, 2);
	is_str(s, "1.2M", "1,160,000 is 1.2M, not 1.1M");
	free(s);
	s = layout_compact(1149999, 0);
	is_str(s, "1.1M", "1,149,999 is 1.1M");
	free(s);
	s = layout_compact(99960, 0);
	is_str(s, "100K", "99,960 is 100K, not 99.9K");
	free(s);
	s = layout_compact(999960, 0);
	is_str(s, "1M", "999,960 is 1M, not 999K or 1000K");
	free(s);
	s = layout_compact(345600, 0);
	is_str(s, "346K", "345,600 is 346K");
	free(s);
	s = layout_compact(99995, 2);
	is_str(s, "1K", "999.95 rounds to 1,000 units: 1K");
	free(s);
	s = layout_compact(95049, 2);
	is_str(s, "950", "950.49 is 950");
	free(s);
	s = layout_compact(-1160000, 0);
	is_str(s, "-1.2M", "negative amounts round the same way");
	free(s);
	s = layout_compact(INT64_MIN, 0);
	is_str(s, "-9223372037B", "the smallest amount does not overflow");
	free(s);
}

static void test_keys(void)
{
	struct keymap *km = keymap_new();
	char buf[64], *errors = NULL;
	struct config *cfg;
	int bad;

	is_int(keys_parse("j"), 'j', "a letter");
	is_int(keys_parse("<Down>"), KEYC_FN + KEY_DOWN, "<Down>");
	is_int(keys_parse("<enter>"), KEYC_ENTER, "names ignore case");
	is_int(keys_parse("C-f"), 6, "C-f");
	is_int(keys_parse("^F"), 6, "^F");
	is_int(keys_parse("<C-s>"), 19, "<C-s>");
	is_int(keys_parse("<F2>"), KEYC_FN + KEY_F(2), "<F2>");
	is_int(keys_parse("张"), 0x5f20, "a CJK character");
	is_int(keys_parse("<Nope>"), -1, "unknown name");
	is_int(keys_parse("ab"), -1, "two characters");
	is_int(keys_parse(""), -1, "empty");
	is_str(keys_name(KEYC_FN + KEY_UP, buf, sizeof(buf)), "<Up>", "name of <Up>");
	is_str(keys_name(19, buf, sizeof(buf)), "C-s", "name of C-s");
	is_str(keys_name(0x5f20, buf, sizeof(buf)), "张", "name of a CJK key");
	is_str(keys_request_name(REQ_MOVE_DOWN), "move-down", "action names from the enum");
	is_int(keys_request_find("screen-funnel"), REQ_SCREEN_FUNNEL, "find an action");
	is_int(keys_request_find("none"), REQ_NONE, "none unbinds");
	is_int(keys_request_find("fly"), -1, "unknown action");
	ok(*keys_request_help(REQ_SEARCH) != '\0', "every action has help");
	ok(*keys_request_group(REQ_STAGE_NEXT) != '\0', "and a group");

	cfg = config_parse(keys_default_rc(), "salestermrc");
	is_int(cfg->nerrors, 0, "the embedded rc file reads without errors");
	bad = keymap_load(km, cfg, &errors);
	is_int(bad, 0, "the embedded rc file has no errors");
	if (errors)
		printf("# %s\n", errors);
	free(errors);
	errors = NULL;
	config_free(&cfg);
	is_int(keymap_lookup(km, KM_CONTACTS, KM_GENERIC, 'j'), REQ_MOVE_DOWN, "j moves down");
	is_int(keymap_lookup(km, KM_FUNNEL, KM_GENERIC, '>'), REQ_STAGE_NEXT, "> in the funnel");
	is_int(keymap_lookup(km, KM_CONTACTS, KM_GENERIC, '>'), REQ_NONE, "but not in contacts");
	is_int(keymap_lookup(km, KM_FORM, KM_FORM, 'j'), REQ_NONE, "j types j in a form");
	is_int(keymap_lookup(km, KM_GENERIC, KM_GENERIC, '4'), REQ_SCREEN_FUNNEL,
	       "4 is the funnel");

	cfg = config_parse("# my bindings\n\nbind contacts J move-down\nbind generic 4 none\n"
			   "bind nowhere x quit\nbind generic <Bad> quit\nbind generic x fly\n"
			   "frobnicate\nbind generic\nsync-credentials origin me secret\n"
			   "bind generic \"#\" quit # the hash key\n",
			   "config");
	bad = keymap_load(km, cfg, &errors);
	is_int(bad, 3, "three bad bind lines");
	ok(errors && strstr(errors, "config:5: unknown screen \"nowhere\""), "line and reason");
	ok(errors && strstr(errors, "config:7: unknown action \"fly\""), "unknown action reported");
	ok(errors && !strstr(errors, "sync-credentials"),
	   "the sync worker's line is not the keymap's");
	free(errors);
	errors = config_errors(cfg, NULL);
	is_str(errors,
	       "config:8: unknown command \"frobnicate\"\n"
	       "config:9: expected: bind SCREEN KEY ACTION, not 1 word after \"bind\" (quote a "
	       "word that has blanks or starts with #)",
	       "the reader reports the unknown command and the short line");
	free(errors);
	config_free(&cfg);
	is_int(keymap_lookup(km, KM_GENERIC, KM_GENERIC, '#'), REQ_QUIT, "a quoted # is a key");
	is_int(keymap_lookup(km, KM_CONTACTS, KM_GENERIC, 'J'), REQ_MOVE_DOWN, "a user binding");
	is_int(keymap_lookup(km, KM_CONTACTS, KM_GENERIC, '4'), REQ_NONE, "an unbinding");
	keymap_keys_of(km, KM_GENERIC, REQ_MOVE_DOWN, buf, sizeof(buf));
	ok(strstr(buf, "j") && strstr(buf, "<Down>"), "keys of an action: %s", buf);
	keymap_free(&km);
	ok(km == NULL, "freed");
}

static struct db *db;

static void add_contacts(int n)
{
	int i;

	db_begin(db);
	for (i = 0; i < n; i++) {
		struct record *r = record_new(&entity_contact);
		char name[32];

		snprintf(name, sizeof(name), "c%03d", i);
		record_input(db, r, "name", name);
		if (i % 10 == 0)
			record_input(db, r, "title", "经理");
		record_insert(db, r);
		record_free(&r);
	}
	db_commit(db);
}

static const char *row_name(struct rlist *rl, int i)
{
	return i < rl->nrows ? rl->rows[i].cells[0] : "(none)";
}

static void test_list(void)
{
	struct rlist *rl = rlist_new(db, &entity_contact);
	int i;

	add_contacts(100);
	rlist_set_height(rl, 10);
	is_int(rl->nrows, 10, "a window of 10");
	is_str(row_name(rl, 0), "c000", "first row");
	ok(rl->more_below, "more below");
	for (i = 0; i < 15; i++)
		rlist_down(rl);
	is_str(rlist_selected(rl)->cells[0], "c015", "15 down");
	is_str(row_name(rl, 0), "c006", "the window scrolled by one row at a time");
	rlist_page_down(rl);
	is_str(rlist_selected(rl)->cells[0], "c025", "a page down");
	rlist_page_up(rl);
	is_str(rlist_selected(rl)->cells[0], "c015", "a page up");
	for (i = 0; i < 20; i++)
		rlist_up(rl);
	is_str(rlist_selected(rl)->cells[0], "c000", "up to the top");
	rlist_up(rl);
	is_str(rlist_selected(rl)->cells[0], "c000", "and no further");
	rlist_last(rl);
	is_str(rlist_selected(rl)->cells[0], "c099", "the end");
	is_str(row_name(rl, 0), "c090", "with a full window");
	ok(!rl->more_below, "nothing below");
	rlist_down(rl);
	is_str(rlist_selected(rl)->cells[0], "c099", "no further down");
	for (i = 0; i < 12; i++)
		rlist_page_down(rl);
	is_str(rlist_selected(rl)->cells[0], "c099", "page down at the end stays");
	rlist_first(rl);
	rlist_page_down(rl);
	rlist_page_down(rl);
	is_str(row_name(rl, 0), "c020", "page by page");
	rlist_reverse(rl);
	is_str(row_name(rl, 0), "c099", "reversed");
	rlist_reverse(rl);
	is_int(rlist_count(rl), ST_OK, "count");
	is_int(rl->total, 100, "100 contacts");

	is_int(rlist_add_filter(rl, "title~经理", false), ST_OK, "filter");
	is_int(rl->nrows, 10, "ten managers");
	is_str(row_name(rl, 1), "c010", "every tenth");
	is_int(rlist_add_filter(rl, "colour=red", false), ST_USAGE, "a bad filter is refused");
	is_int(rl->nfilters, 1, "and not kept");
	rlist_clear_filters(rl);
	is_int(rl->nfilters, 0, "cleared");

	is_int(rlist_search(rl, "c05"), ST_OK, "search");
	ok(rl->nhits >= 1, "hits (%zu)", rl->nhits);
	is_str(row_name(rl, 0), "c050", "best hit first");
	is_int(rlist_search(rl, NULL), ST_OK, "end the search");
	is_str(row_name(rl, 0), "c000", "the list again");
	{
		struct record *r = NULL;

		record_find(db, &entity_contact, "c077", &r);
		is_int(rlist_goto(rl, r->id), ST_OK, "go to a record");
		is_str(rlist_selected(rl)->cells[0], "c077", "it is selected");
		record_delete(db, &entity_contact, r->id);
		rlist_reload(rl);
		is_str(row_name(rl, 0), "c078", "reload after a delete keeps the place");
		record_free(&r);
	}
	rlist_set_height(rl, 3);
	is_int(rl->nrows, 3, "a smaller window");
	rlist_free(&rl);
	ok(rl == NULL, "freed");
}

int main(void)
{
	setenv("SALESTERM_NOW", "2026-11-23T01:00:00Z", 1);
	setenv("TZ", "Asia/Shanghai", 1);
	test_edit();
	test_layout();
	test_keys();
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	test_list();
	db_close(&db);
	return done_testing();
}
