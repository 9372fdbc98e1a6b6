/* edit.c - one-line UTF-8 editing by character and display column. */
#include "edit.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

void edit_set(struct edit *e, const char *text)
{
	strbuf_reset(&e->text);
	strbuf_adds(&e->text, text ? text : "");
	e->cur = e->text.len;
	e->scroll = 0;
}

void edit_free(struct edit *e)
{
	strbuf_release(&e->text);
	memset(e, 0, sizeof(*e));
}

const char *edit_text(const struct edit *e)
{
	return e->text.s ? e->text.s : "";
}

/* The code point at byte i (1 byte of U+FFFD width for invalid bytes). */
static int cp_at(const struct edit *e, size_t i, uint32_t *cp)
{
	int n = utf8_decode(e->text.s + i, e->text.len - i, cp);

	if (n < 0) {
		*cp = '?';
		n = 1;
	}
	return n;
}

static bool zero_width_at(const struct edit *e, size_t i)
{
	uint32_t cp;

	if (i >= e->text.len)
		return false;
	cp_at(e, i, &cp);
	return utf8_cp_width(cp) == 0 && cp >= 0x300;
}

/* The start of the character before byte i. */
static size_t prev_char(const struct edit *e, size_t i)
{
	while (i > 0) {
		do
			i--;
		while (i > 0 && ((unsigned char)e->text.s[i] & 0xc0) == 0x80);
		if (!zero_width_at(e, i))
			break;
	}
	return i;
}

/* The end of the character at byte i (with its zero-width marks). */
static size_t next_char(const struct edit *e, size_t i)
{
	uint32_t cp;

	if (i >= e->text.len)
		return e->text.len;
	i += (size_t)cp_at(e, i, &cp);
	while (i < e->text.len && zero_width_at(e, i))
		i += (size_t)cp_at(e, i, &cp);
	return i;
}

static void delete_range(struct edit *e, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(e->text.s + from, e->text.s + to, e->text.len - to + 1);
	e->text.len -= to - from;
	if (e->cur >= to)
		e->cur -= to - from;
	else if (e->cur > from)
		e->cur = from;
}

bool edit_insert(struct edit *e, uint32_t cp)
{
	char s[4];
	size_t n;

	if ((cp < 0x20 && cp != '\t') || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return false;
	if (cp < 0x80) {
		s[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xc0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xe0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		s[0] = (char)(0xf0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	strbuf_grow(&e->text, n);
	memmove(e->text.s + e->cur + n, e->text.s + e->cur, e->text.len - e->cur + 1);
	memcpy(e->text.s + e->cur, s, n);
	e->text.len += n;
	e->cur += n;
	return true;
}

void edit_left(struct edit *e)
{
	e->cur = prev_char(e, e->cur);
}

void edit_right(struct edit *e)
{
	e->cur = next_char(e, e->cur);
}

void edit_home(struct edit *e)
{
	e->cur = 0;
}

void edit_end(struct edit *e)
{
	e->cur = e->text.len;
}

void edit_backspace(struct edit *e)
{
	if (e->cur > 0)
		delete_range(e, prev_char(e, e->cur), e->cur);
}

void edit_delete(struct edit *e)
{
	if (e->cur < e->text.len)
		delete_range(e, e->cur, next_char(e, e->cur));
}

void edit_kill_start(struct edit *e)
{
	delete_range(e, 0, e->cur);
}

void edit_kill_end(struct edit *e)
{
	if (e->text.s)
		strbuf_setlen(&e->text, e->cur);
}

void edit_kill_word(struct edit *e)
{
	size_t i = e->cur;

	while (i > 0 && e->text.s[i - 1] == ' ')
		i--;
	while (i > 0 && e->text.s[i - 1] != ' ')
		i = prev_char(e, i);
	delete_range(e, i, e->cur);
}

/* Display width of the character starting at byte i; *next gets its end. */
static int char_width(const struct edit *e, size_t i, size_t *next)
{
	uint32_t cp;
	size_t j = i + (size_t)cp_at(e, i, &cp);
	int w = utf8_cp_width(cp);

	if (cp < 0x20 || cp == 0x7f)
		w = 1;
	while (j < e->text.len && zero_width_at(e, j)) {
		uint32_t m;

		j += (size_t)cp_at(e, j, &m);
	}
	*next = j;
	return w;
}

int edit_cursor_col(const struct edit *e)
{
	size_t i = 0, next;
	int col = 0;

	while (i < e->cur && i < e->text.len) {
		col += char_width(e, i, &next);
		i = next;
	}
	return col;
}

char *edit_visible(struct edit *e, int width, int *cursor)
{
	int col = edit_cursor_col(e), c = 0;
	size_t i = 0, next, cap, len = 0;
	char *out;

	if (width < 2)
		width = 2;
	/* Keep the cursor inside, with a column to spare for it at the end. */
	if (col < e->scroll)
		e->scroll = col > width / 3 ? col - width / 3 : 0;
	if (col > e->scroll + width - 1)
		e->scroll = col - width + 1;
	cap = e->text.len + (size_t)width + 8;
	out = xmalloc(cap);
	while (i < e->text.len) {
		int w = char_width(e, i, &next);

		if (c + w > e->scroll + width)
			break;
		if (c >= e->scroll) {
			uint32_t cp;

			cp_at(e, i, &cp);
			if (cp < 0x20 || cp == 0x7f) {
				out[len++] = ' ';
			} else {
				memcpy(out + len, e->text.s + i, next - i);
				len += next - i;
			}
		} else if (c + w > e->scroll) {
			/* A wide character cut by the left edge. */
			out[len++] = ' ';
		}
		c += w;
		i = next;
	}
	for (c = c > e->scroll ? c - e->scroll : 0; c < width && len + 1 < cap; c++)
		out[len++] = ' ';
	out[len] = '\0';
	*cursor = col - e->scroll;
	return out;
}
