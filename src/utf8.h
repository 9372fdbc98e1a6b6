/* utf8.h - locale-independent UTF-8 decoding, display width and FTS5 helpers.
 *
 * Nothing here consults the C locale (no mbrtowc/wcwidth): salesterm must
 * print Chinese correctly even under LANG=C. Widths follow Unicode 15 East
 * Asian Width (W/F = 2 columns) with combining marks and format characters
 * at 0 columns.
 */
#ifndef SALESTERM_UTF8_H
#define SALESTERM_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True if s[0..len) is strict UTF-8: no overlongs, surrogates, code points
 * above U+10FFFF or truncated sequences. NUL bytes are valid (U+0000). */
bool utf8_valid(const char *s, size_t len);

/* Decode one code point at s (at most len bytes) into *cp (cp may be NULL).
 * Returns the number of bytes consumed (1..4), or -1 if the sequence is
 * invalid or len is 0; *cp is left untouched on failure. */
int utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Check user-entered text. Returns NULL if s is acceptable (NULL counts as
 * empty, hence acceptable), else a static English reason such as "is not
 * valid UTF-8" or "contains a control character", meant to follow a field
 * name. Control characters are C0, DEL and C1; with multiline, '\n', '\t'
 * and "\r\n" are allowed. */
const char *utf8_check_text(const char *s, bool multiline);

/* Display columns of one code point: 0 for control characters, combining
 * marks and zero-width format characters, 2 for wide/fullwidth, else 1. */
int utf8_cp_width(uint32_t cp);

/* Display columns of NUL-terminated s as utf8_fit() would show it: invalid
 * bytes and control characters count 1 column each (shown as '?' / ' ').
 * NULL gives 0. */
/* utf8_width() of s's first len bytes; *plain: every one of them is shown as
 * it is (valid UTF-8, no control or bidi character), so utf8_fit() of a
 * string that fits changes none of its bytes, only pads it. */
int utf8_width_plain(const char *s, size_t len, bool *plain);
int utf8_width(const char *s);

/* New string of exactly cols display columns: s padded with spaces, or
 * clipped with '~' as the last column (a space fills in when a wide
 * character would straddle the cut). Never splits a UTF-8 sequence; invalid
 * bytes become '?', tabs/newlines/control characters a single space. NULL s
 * is treated as "". cols <= 0 gives "". Caller frees. */
char *utf8_fit(const char *s, int cols);

/* Like utf8_fit() but right-aligned: padding goes on the left. Clipping
 * still keeps the start of s. Caller frees. */
char *utf8_fit_right(const char *s, int cols);

/* Like utf8_fit() without padding: the result is at most cols columns.
 * Caller frees. */
char *utf8_clip(const char *s, int cols);

/* Text that came from outside (a server's reply, a database) made safe to
 * store and to write to a terminal: invalid UTF-8 bytes and control
 * characters (C0, DEL, C1: ESC starts terminal commands) become '?',
 * bidirectional formatting characters (U+061C, U+200E-200F, U+202A-202E,
 * U+2066-2069) are dropped, and whitespace controls become a space - except
 * newlines and tabs when multiline ("\r\n" then becomes "\n"). At most max
 * bytes (0: no limit), cut between characters. NULL gives NULL. utf8_fit()
 * and utf8_clip() show text the same way. Caller frees. */
char *utf8_sanitize(const char *s, size_t max, bool multiline);

/* True for code points of scripts written without spaces between words:
 * Han (all CJK Unified Ideographs blocks, Compatibility Ideographs, the
 * iteration marks U+3005-3007), Hiragana, Katakana (incl. halfwidth),
 * Hangul syllables and Bopomofo. */
bool utf8_is_cjk(uint32_t cp);

/* Text to store in an SQLite FTS5 table using the default unicode61
 * tokenizer: each CJK character (utf8_is_cjk) is surrounded by spaces so it
 * becomes its own token; everything else is kept as is.
 * "华为科技Huawei" -> "华 为 科 技 Huawei". NULL gives NULL. Caller frees. */
char *utf8_fts_text(const char *s);

/* FTS5 MATCH expression for what a user typed into a search box, for a
 * table indexed with utf8_fts_text(). Whitespace-separated terms are split
 * into CJK and non-CJK runs; a non-CJK run becomes a prefix phrase "run"*
 * (quotes doubled; runs of only punctuation/symbols are dropped), a CJK run
 * a phrase of its characters "华 为". Pieces are joined with " AND ".
 * Returns NULL if input is NULL, invalid UTF-8 or has nothing searchable.
 * Caller frees. */
char *utf8_fts_query(const char *input);

#endif
