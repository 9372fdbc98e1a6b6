/* test_utf8.c - unit tests for src/utf8.c, including a real SQLite FTS5 round trip. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "utf8.h"

/* Check a freshly allocated string and free it. */
#define is_str_free(got, want, ...)                                                                \
	do {                                                                                       \
		char *tu_s_ = (got);                                                               \
		is_str(tu_s_, want, __VA_ARGS__);                                                  \
		free(tu_s_);                                                                       \
	} while (0)

static void test_decode(void)
{
	uint32_t cp = 0;

	is_int(utf8_decode("A", 1, &cp), 1, "decode ASCII length");
	is_int(cp, 'A', "decode ASCII value");
	is_int(utf8_decode("\xc3\xa9", 2, &cp), 2, "decode 2-byte length");
	is_int(cp, 0xe9, "decode U+00E9");
	is_int(utf8_decode("张", 3, &cp), 3, "decode 3-byte length");
	is_int(cp, 0x5f20, "decode 张 = U+5F20");
	is_int(utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4, "decode 4-byte length");
	is_int(cp, 0x1f600, "decode U+1F600");
	is_int(utf8_decode("\xf4\x8f\xbf\xbf", 4, &cp), 4, "decode U+10FFFF");
	is_int(utf8_decode("\xc0\x80", 2, &cp), -1, "decode rejects overlong C0 80");
	is_int(utf8_decode("\xe0\x80\x80", 3, &cp), -1, "decode rejects overlong E0 80 80");
	is_int(utf8_decode("\xed\xa0\x80", 3, &cp), -1, "decode rejects surrogate ED A0 80");
	is_int(utf8_decode("\xe5\xbc", 2, &cp), -1, "decode rejects truncated E5 BC");
	is_int(utf8_decode("\xe5\xbc\xa0", 2, &cp), -1, "decode honours len");
	is_int(utf8_decode("\xf4\x90\x80\x80", 4, &cp), -1, "decode rejects > U+10FFFF");
	is_int(utf8_decode("\xf5\x80\x80\x80", 4, &cp), -1, "decode rejects F5");
	is_int(utf8_decode("\x80", 1, &cp), -1, "decode rejects lone continuation");
	is_int(utf8_decode("", 0, &cp), -1, "decode of empty input");
	is_int(utf8_decode(NULL, 4, &cp), -1, "decode of NULL");
	is_int(utf8_decode("\xe5\xbc\xa0", 3, NULL), 3, "decode with NULL cp");
}

static void test_valid(void)
{
	ok(utf8_valid("hello", 5), "valid ASCII");
	ok(utf8_valid("华为科技有限公司", strlen("华为科技有限公司")), "valid CJK");
	ok(utf8_valid("", 0), "valid empty");
	ok(utf8_valid(NULL, 0), "valid NULL with len 0");
	ok(!utf8_valid(NULL, 1), "invalid NULL with len 1");
	ok(utf8_valid("a\0b", 3), "NUL byte is valid UTF-8");
	ok(!utf8_valid("a\xc0\x80", 3), "invalid overlong C0 80");
	ok(!utf8_valid("\xed\xa0\x80", 3), "invalid surrogate ED A0 80");
	ok(!utf8_valid("\xe5\xbc", 2), "invalid truncated E5 BC");
	ok(!utf8_valid("\xf5\x80\x80\x80", 4), "invalid F5 lead byte");
	ok(!utf8_valid("\xff", 1), "invalid FF byte");
	ok(!utf8_valid("张\xe4", strlen("张\xe4")), "invalid truncated at end");
}

static void test_check_text(void)
{
	is_str(utf8_check_text("Zhang Wei 张伟", false), NULL, "check: plain text ok");
	is_str(utf8_check_text("", false), NULL, "check: empty ok");
	is_str(utf8_check_text(NULL, false), NULL, "check: NULL ok");
	is_str(utf8_check_text("\xc0\x80", false), "is not valid UTF-8", "check: overlong");
	is_str(utf8_check_text("a\tb", false), "contains a control character",
	       "check: tab in single line");
	is_str(utf8_check_text("a\nb", false), "contains a control character",
	       "check: newline in single line");
	is_str(utf8_check_text("a\nb\tc\r\nd", true), NULL,
	       "check: multiline allows \\n \\t \\r\\n");
	is_str(utf8_check_text("a\rb", true), "contains a control character",
	       "check: bare CR rejected");
	is_str(utf8_check_text("a\r", true), "contains a control character",
	       "check: trailing CR rejected");
	is_str(utf8_check_text("a\x1b[31m", true), "contains a control character",
	       "check: ESC rejected");
	is_str(utf8_check_text("a\x7f", false), "contains a control character", "check: DEL");
	is_str(utf8_check_text("a\xc2\x85", true), "contains a control character",
	       "check: C1 U+0085");
	is_str(utf8_check_text("a\xc2\xa0", false), NULL, "check: U+00A0 is fine");
}

static void test_width(void)
{
	is_int(utf8_cp_width('a'), 1, "cp width ASCII");
	is_int(utf8_cp_width(0), 0, "cp width NUL");
	is_int(utf8_cp_width('\t'), 0, "cp width tab");
	is_int(utf8_cp_width(0x7f), 0, "cp width DEL");
	is_int(utf8_cp_width(0x9b), 0, "cp width C1");
	is_int(utf8_cp_width(0xe9), 1, "cp width é");
	is_int(utf8_cp_width(0x301), 0, "cp width combining acute");
	is_int(utf8_cp_width(0x200d), 0, "cp width ZWJ");
	is_int(utf8_cp_width(0xfe0f), 0, "cp width VS16");
	is_int(utf8_cp_width(0x5f20), 2, "cp width 张");
	is_int(utf8_cp_width(0x3400), 2, "cp width CJK ext A");
	is_int(utf8_cp_width(0x20000), 2, "cp width CJK ext B");
	is_int(utf8_cp_width(0x31350), 2, "cp width CJK ext H (Unicode 15)");
	is_int(utf8_cp_width(0xac00), 2, "cp width Hangul syllable");
	is_int(utf8_cp_width(0x1100), 2, "cp width Hangul leading jamo");
	is_int(utf8_cp_width(0x1161), 0, "cp width Hangul medial jamo");
	is_int(utf8_cp_width(0x3042), 2, "cp width Hiragana");
	is_int(utf8_cp_width(0x30a2), 2, "cp width Katakana");
	is_int(utf8_cp_width(0xff76), 1, "cp width halfwidth Katakana");
	is_int(utf8_cp_width(0x3001), 2, "cp width ideographic comma");
	is_int(utf8_cp_width(0xff21), 2, "cp width fullwidth A");
	is_int(utf8_cp_width(0xffe5), 2, "cp width fullwidth yen");
	is_int(utf8_cp_width(0xff61), 1, "cp width halfwidth ideographic full stop");
	is_int(utf8_cp_width(0x1f600), 2, "cp width emoji 😀");
	is_int(utf8_cp_width(0x1f914), 2, "cp width emoji 🤔");
	is_int(utf8_cp_width(0x1fae8), 2, "cp width Unicode 15 emoji");
	is_int(utf8_cp_width(0x2764), 1, "cp width text-default heart");
	is_int(utf8_cp_width(0x0e31), 0, "cp width Thai vowel mark");
	is_int(utf8_cp_width(0x0928), 1, "cp width Devanagari letter");

	is_int(utf8_width(NULL), 0, "width NULL");
	is_int(utf8_width(""), 0, "width empty");
	is_int(utf8_width("hello"), 5, "width ASCII");
	is_int(utf8_width("张伟"), 4, "width 张伟");
	is_int(utf8_width("华为科技有限公司"), 16, "width 华为科技有限公司");
	is_int(utf8_width("Zhang 张伟"), 10, "width mixed");
	{
		bool plain = false;

		is_int(utf8_width_plain("张伟 Zoë", strlen("张伟 Zoë"), &plain), 8, "plain width");
		ok(plain, "CJK and accented letters are shown as they are");
		is_int(utf8_width_plain("张伟", 3, &plain), 2, "the first len bytes only");
		ok(plain, "张 alone is plain");
		utf8_width_plain("李\xe2\x80\xae娜", strlen("李\xe2\x80\xae娜"), &plain);
		ok(!plain, "a bidi override is not shown as it is");
		utf8_width_plain("王\xff五", strlen("王\xff五"), &plain);
		ok(!plain, "a byte that is not UTF-8 is not");
		utf8_width_plain("a\tb", 3, &plain);
		ok(!plain, "nor a control character");
	}
	is_int(utf8_width("Müller"), 6, "width Müller precomposed");
	is_int(utf8_width("Mu\xcc\x88ller"), 6, "width Müller with combining diaeresis");
	is_int(utf8_width("😀!"), 3, "width emoji");
	is_int(utf8_width("\xef\xbc\xa1\xef\xbc\xa2"), 4, "width fullwidth ＡＢ");
	is_int(utf8_width("a\u200Db"), 2, "width with ZWJ");
	is_int(utf8_width("\xe2\x9d\xa4\xef\xb8\x8f"), 1, "width heart + VS16");
	is_int(utf8_width("a\xc0\x80z"), 4, "width invalid bytes count 1 each");
	is_int(utf8_width("\xe5\xbc"), 2, "width truncated sequence");
	is_int(utf8_width("a\tb"), 3, "width control shown as one space");
}

static void test_fit(void)
{
	is_str_free(utf8_fit("abc", 5), "abc  ", "fit pads ASCII");
	is_str_free(utf8_fit("abc", 3), "abc", "fit exact");
	is_str_free(utf8_fit("abcdef", 4), "abc~", "fit clips ASCII");
	is_str_free(utf8_fit("abc", 1), "~", "fit 1 column clipped");
	is_str_free(utf8_fit("a", 1), "a", "fit 1 column exact");
	is_str_free(utf8_fit("abc", 0), "", "fit 0 columns");
	is_str_free(utf8_fit("abc", -3), "", "fit negative columns");
	is_str_free(utf8_fit(NULL, 3), "   ", "fit NULL pads");
	is_str_free(utf8_fit("", 2), "  ", "fit empty pads");
	is_str_free(utf8_fit("张伟", 6), "张伟  ", "fit pads CJK");
	is_str_free(utf8_fit("张伟", 4), "张伟", "fit CJK exact");
	is_str_free(utf8_fit("华为科技有限公司", 6), "华为 ~", "fit CJK even cols");
	is_str_free(utf8_fit("华为科技有限公司", 7), "华为科~", "fit CJK odd cols");
	is_str_free(utf8_fit("张伟", 3), "张~", "fit 张伟 in 3");
	is_str_free(utf8_fit("张伟", 2), " ~", "fit 张伟 in 2");
	is_str_free(utf8_fit("Zhang张伟", 7), "Zhang ~", "fit mixed at wide boundary");
	is_str_free(utf8_fit("a\tb\nc", 6), "a b c ", "fit shows controls as spaces");
	is_str_free(utf8_fit("a\xc0\x80z", 5), "a??z ", "fit replaces invalid bytes");
	is_str_free(utf8_fit("\xe5\xbc", 3), "?? ", "fit replaces truncated sequence");
	is_str_free(utf8_fit("Mu\xcc\x88ller GmbH", 5), "Mu\xcc\x88ll~",
		    "fit keeps combining mark with its base");
	is_str_free(utf8_fit("e\xcc\x81xyz", 2), "e\xcc\x81~", "fit keeps mark before clip");
	is_str_free(utf8_fit("ab\xcc\x81", 1), "~", "fit drops mark of a clipped base");
	is_str_free(utf8_fit("😀😀", 3), "😀~", "fit emoji");
	is_str_free(utf8_fit("\xef\xbc\xa1\xef\xbc\xa2", 3), "\xef\xbc\xa1~", "fit fullwidth");

	is_str_free(utf8_fit_right("abc", 5), "  abc", "fit_right pads on the left");
	is_str_free(utf8_fit_right("张伟", 5), " 张伟", "fit_right CJK");
	is_str_free(utf8_fit_right("abcdef", 4), "abc~", "fit_right clips");
	is_str_free(utf8_fit_right("华为科技", 6), "华为 ~", "fit_right clips wide");
	is_str_free(utf8_fit_right(NULL, 2), "  ", "fit_right NULL");
	is_str_free(utf8_fit_right("x", 0), "", "fit_right 0 columns");

	is_str_free(utf8_clip("abc", 5), "abc", "clip does not pad");
	is_str_free(utf8_clip("abcdef", 4), "abc~", "clip ASCII");
	is_str_free(utf8_clip("华为科技有限公司", 6), "华为 ~", "clip CJK even cols");
	is_str_free(utf8_clip("华为科技有限公司", 5), "华为~", "clip CJK odd cols");
	is_str_free(utf8_clip("张伟", 4), "张伟", "clip CJK exact");
	is_str_free(utf8_clip("a\nb", 5), "a b", "clip shows newline as space");
	is_str_free(utf8_clip(NULL, 3), "", "clip NULL");
	is_str_free(utf8_clip("abc", 0), "", "clip 0 columns");
}

static void test_cjk(void)
{
	ok(utf8_is_cjk(0x5f20), "is_cjk 张");
	ok(utf8_is_cjk(0x3400), "is_cjk ext A");
	ok(utf8_is_cjk(0x2a700), "is_cjk ext C");
	ok(utf8_is_cjk(0xf900), "is_cjk compatibility ideograph");
	ok(utf8_is_cjk(0x3005), "is_cjk iteration mark 々");
	ok(utf8_is_cjk(0x3042), "is_cjk Hiragana");
	ok(utf8_is_cjk(0x30ab), "is_cjk Katakana");
	ok(utf8_is_cjk(0xac00), "is_cjk Hangul");
	ok(utf8_is_cjk(0x3105), "is_cjk Bopomofo");
	ok(!utf8_is_cjk('a'), "is_cjk not ASCII");
	ok(!utf8_is_cjk(0xfc), "is_cjk not ü");
	ok(!utf8_is_cjk(0x3001), "is_cjk not ideographic comma");
	ok(!utf8_is_cjk(0xff01), "is_cjk not fullwidth punctuation");
	ok(!utf8_is_cjk(0x1f600), "is_cjk not emoji");
}

static void test_fts_text(void)
{
	is_str_free(utf8_fts_text("华为科技Huawei Tech"), "华 为 科 技 Huawei Tech",
		    "fts_text example");
	is_str_free(utf8_fts_text("张伟"), "张 伟", "fts_text 张伟");
	is_str_free(utf8_fts_text("Zhang Wei"), "Zhang Wei", "fts_text ASCII unchanged");
	is_str_free(utf8_fts_text("Müller GmbH"), "Müller GmbH", "fts_text Latin unchanged");
	is_str_free(utf8_fts_text("a张 伟b"), "a 张 伟 b", "fts_text collapses spaces");
	is_str_free(utf8_fts_text("科技，有限"), "科 技 ， 有 限", "fts_text with CJK punctuation");
	is_str_free(utf8_fts_text(""), "", "fts_text empty");
	is_str_free(utf8_fts_text(NULL), NULL, "fts_text NULL");
}

static void test_fts_query(void)
{
	is_str_free(utf8_fts_query("zhang"), "\"zhang\"*", "fts_query zhang");
	is_str_free(utf8_fts_query("张伟"), "\"张 伟\"", "fts_query 张伟");
	is_str_free(utf8_fts_query("科技 li"), "\"科 技\" AND \"li\"*", "fts_query 科技 li");
	is_str_free(utf8_fts_query("o\"brien"), "\"o\"\"brien\"*", "fts_query o\"brien");
	is_str_free(utf8_fts_query("华为Tech"), "\"华 为\" AND \"Tech\"*", "fts_query 华为Tech");
	is_str_free(utf8_fts_query("  wei\tzh  "), "\"wei\"* AND \"zh\"*", "fts_query whitespace");
	is_str_free(utf8_fts_query("mül"), "\"mül\"*", "fts_query non-ASCII letters");
	is_str_free(utf8_fts_query("张伟，"), "\"张 伟\"", "fts_query drops CJK punctuation");
	is_str_free(utf8_fts_query("张　伟"), "\"张\" AND \"伟\"", "fts_query ideographic space");
	is_str_free(utf8_fts_query("- zhang !"), "\"zhang\"*", "fts_query drops punctuation terms");
	is_str_free(utf8_fts_query("o'brien"), "\"o'brien\"*", "fts_query keeps inner punctuation");
	is_str_free(utf8_fts_query(""), NULL, "fts_query empty");
	is_str_free(utf8_fts_query("   "), NULL, "fts_query spaces only");
	is_str_free(utf8_fts_query("!?-- \"\" ..."), NULL, "fts_query punctuation only");
	is_str_free(utf8_fts_query("。，😀"), NULL, "fts_query CJK punctuation and emoji only");
	is_str_free(utf8_fts_query("zh\xc0\x80"), NULL, "fts_query invalid UTF-8");
	is_str_free(utf8_fts_query(NULL), NULL, "fts_query NULL");
}

/* Does MATCH query find the row whose original text is want? 1 yes, 0 no, -1 on an error. */
static int fts_finds(sqlite3 *db, const char *query, const char *want)
{
	char *match = utf8_fts_query(query);
	char *want_fts = utf8_fts_text(want);
	sqlite3_stmt *st = NULL;
	int found = 0, rc;

	if (match == NULL ||
	    sqlite3_prepare_v2(db, "SELECT x FROM t WHERE t MATCH ?", -1, &st, NULL) != SQLITE_OK) {
		printf("# no query for \"%s\" or prepare failed: %s\n", query, sqlite3_errmsg(db));
		found = -1;
		goto out;
	}
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (strcmp((const char *)sqlite3_column_text(st, 0), want_fts) == 0)
			found = 1;
	}
	if (rc != SQLITE_DONE) {
		printf("# MATCH %s: %s\n", match, sqlite3_errmsg(db));
		found = -1;
	}
out:
	sqlite3_finalize(st);
	free(match);
	free(want_fts);
	return found;
}

static void test_fts_sqlite(void)
{
	static const char *const rows[] = { "华为科技有限公司", "张伟", "Zhang Wei",
					    "Müller GmbH" };
	sqlite3 *db = NULL;
	sqlite3_stmt *ins = NULL;
	size_t i;
	int rc;

	rc = sqlite3_open(":memory:", &db);
	is_int(rc, SQLITE_OK, "sqlite open");
	rc = sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(x)", NULL, NULL, NULL);
	is_int(rc, SQLITE_OK, "create fts5 table");
	rc = sqlite3_prepare_v2(db, "INSERT INTO t(x) VALUES (?)", -1, &ins, NULL);
	is_int(rc, SQLITE_OK, "prepare insert");
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *text = utf8_fts_text(rows[i]);

		sqlite3_bind_text(ins, 1, text, -1, SQLITE_TRANSIENT);
		is_int(sqlite3_step(ins), SQLITE_DONE, "insert %s", rows[i]);
		sqlite3_reset(ins);
		free(text);
	}
	sqlite3_finalize(ins);

	is_int(fts_finds(db, "张", "张伟"), 1, "\"张\" finds 张伟");
	is_int(fts_finds(db, "科技", "华为科技有限公司"), 1, "\"科技\" finds 华为科技有限公司");
	is_int(fts_finds(db, "技有", "华为科技有限公司"), 1, "\"技有\" finds 华为科技有限公司");
	is_int(fts_finds(db, "华科", "华为科技有限公司"), 0,
	       "\"华科\" does not find 华为科技有限公司");
	is_int(fts_finds(db, "zha", "Zhang Wei"), 1, "\"zha\" finds Zhang Wei");
	is_int(fts_finds(db, "zha", "张伟"), 0, "\"zha\" does not find 张伟");
	is_int(fts_finds(db, "mül", "Müller GmbH"), 1, "\"mül\" finds Müller GmbH");
	is_int(fts_finds(db, "wei zh", "Zhang Wei"), 1, "\"wei zh\" finds Zhang Wei");
	is_int(fts_finds(db, "华为 gmbh", "华为科技有限公司"), 0, "\"华为 gmbh\" finds nothing");
	is_int(fts_finds(db, "公司，", "华为科技有限公司"), 1,
	       "\"公司，\" ignores the trailing comma");
	is_int(fts_finds(db, "o\"bri", "Zhang Wei"), 0, "quote in query is not a syntax error");
	sqlite3_close(db);
}

/* Text from outside, made safe for a terminal (utf8_sanitize). */
static void san(const char *in, size_t max, bool multiline, const char *want, const char *desc)
{
	char *got = utf8_sanitize(in, max, multiline);

	is_str(got, want, "%s", desc);
	free(got);
}

static void test_sanitize(void)
{
	char *fit;

	ok(utf8_sanitize(NULL, 0, false) == NULL, "sanitize: NULL stays NULL");
	san("张伟 Acme", 0, false, "张伟 Acme", "plain text and CJK are kept");
	san("a\033]0;pwned\007b", 0, false, "a?]0;pwned?b", "ESC and BEL become '?'");
	san("\033[2Jx\177y", 0, false, "?[2Jx?y", "CSI and DEL");
	san("a\302\233"
	    "31m",
	    0, false, "a?31m", "C1 CSI (U+009B)");
	san("a\342\200\256gnp.exe\342\201\246b\342\200\217", 0, false, "agnp.exeb",
	    "bidi overrides, isolates and marks are dropped");
	san("a\377b\344\270", 0, false, "a?b??", "invalid and truncated bytes become '?'");
	san("l1\nl2\tx\r\ny", 0, false, "l1 l2 x y", "one line: whitespace controls are spaces");
	san("l1\r\nl2\tx\033", 0, true, "l1\nl2\tx?", "multiline keeps newlines and tabs");
	san("长长长", 7, false, "长长", "cut on a character boundary");
	san("ab长", 4, false, "ab", "never half a character");
	san("abc", 3, false, "abc", "exactly max bytes");
	fit = utf8_fit("a\342\200\256b", 3);
	is_str(fit, "ab ", "utf8_fit drops bidi overrides too");
	free(fit);
}

int main(void)
{
	test_decode();
	test_valid();
	test_check_text();
	test_width();
	test_fit();
	test_cjk();
	test_fts_text();
	test_fts_query();
	test_fts_sqlite();
	test_sanitize();
	return done_testing();
}
