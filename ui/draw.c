/* draw.c - attributes, colours and CJK-safe cells. */
#include "draw.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static int attrs[DA_COUNT];
static bool color;

void draw_init(void)
{
	const char *no_color = getenv("NO_COLOR");
	int i;

	color = has_colors() && !(no_color && *no_color);
	if (color && start_color() == OK) {
		use_default_colors();
		init_pair(1, COLOR_WHITE, COLOR_BLUE);
		init_pair(2, COLOR_BLACK, COLOR_CYAN);
		init_pair(3, COLOR_YELLOW, -1);
		init_pair(4, COLOR_RED, -1);
		init_pair(5, COLOR_GREEN, -1);
		init_pair(6, COLOR_CYAN, -1);
		init_pair(7, COLOR_BLACK, COLOR_WHITE);
		init_pair(8, COLOR_BLACK, COLOR_GREEN);
		init_pair(9, COLOR_BLACK, COLOR_YELLOW);
		init_pair(10, COLOR_WHITE, COLOR_RED);
		init_pair(11, COLOR_BLUE, -1);
		attrs[DA_TITLE] = COLOR_PAIR(1);
		attrs[DA_TAB] = COLOR_PAIR(2) | A_BOLD;
		attrs[DA_HEADER] = A_BOLD | A_UNDERLINE;
		attrs[DA_SECTION] = COLOR_PAIR(3) | A_BOLD;
		attrs[DA_CURSOR] = A_REVERSE;
		attrs[DA_STATUS] = A_NORMAL;
		attrs[DA_ERROR] = COLOR_PAIR(4) | A_BOLD;
		attrs[DA_DIM] = COLOR_PAIR(6);
		attrs[DA_WARN] = COLOR_PAIR(4);
		attrs[DA_GOOD] = COLOR_PAIR(5);
		attrs[DA_FIELD] = A_UNDERLINE;
		attrs[DA_FOCUS] = COLOR_PAIR(7);
		attrs[DA_BOX] = A_NORMAL;
		attrs[DA_HEAT1] = COLOR_PAIR(5);
		attrs[DA_HEAT2] = COLOR_PAIR(5) | A_BOLD;
		attrs[DA_HEAT3] = COLOR_PAIR(3) | A_BOLD;
		attrs[DA_HEAT4] = COLOR_PAIR(4) | A_BOLD;
		attrs[DA_BAR1] = COLOR_PAIR(5);
		attrs[DA_BAR2] = COLOR_PAIR(6);
		attrs[DA_BAR3] = COLOR_PAIR(3);
		attrs[DA_BAR4] = COLOR_PAIR(11);
		return;
	}
	color = false;
	for (i = 0; i < DA_COUNT; i++)
		attrs[i] = A_NORMAL;
	attrs[DA_TITLE] = A_REVERSE;
	attrs[DA_TAB] = A_BOLD;
	attrs[DA_HEADER] = A_BOLD | A_UNDERLINE;
	attrs[DA_SECTION] = A_BOLD;
	attrs[DA_CURSOR] = A_REVERSE;
	attrs[DA_ERROR] = A_BOLD;
	attrs[DA_WARN] = A_BOLD;
	attrs[DA_FIELD] = A_UNDERLINE;
	attrs[DA_FOCUS] = A_REVERSE;
	attrs[DA_HEAT3] = A_BOLD;
	attrs[DA_HEAT4] = A_BOLD;
}

bool draw_has_color(void)
{
	return color;
}

int draw_attr(enum draw_attr a)
{
	return a < DA_COUNT ? attrs[a] : (int)A_NORMAL;
}

static void put(int y, int x, const char *s, enum draw_attr a)
{
	attrset(draw_attr(a));
	mvaddstr(y, x, s);
	attrset(A_NORMAL);
}

void draw_cell(int y, int x, int width, const char *s, enum draw_attr a)
{
	char *t;

	if (width <= 0)
		return;
	t = utf8_fit(s, width);
	put(y, x, t, a);
	free(t);
}

void draw_cell_right(int y, int x, int width, const char *s, enum draw_attr a)
{
	char *t;

	if (width <= 0)
		return;
	t = utf8_fit_right(s, width);
	put(y, x, t, a);
	free(t);
}

int draw_text(int y, int x, int width, const char *s, enum draw_attr a)
{
	char *t;
	int w;

	if (width <= 0)
		return 0;
	t = utf8_clip(s, width);
	w = utf8_width(t);
	put(y, x, t, a);
	free(t);
	return w;
}

void draw_fill(int y, int x, int width, enum draw_attr a)
{
	if (width <= 0)
		return;
	attrset(draw_attr(a));
	mvhline(y, x, ' ', width);
	attrset(A_NORMAL);
}

void draw_box(int y, int x, int h, int w, const char *title)
{
	int i;

	for (i = 0; i < h; i++)
		draw_fill(y + i, x, w, DA_BOX);
	attrset(draw_attr(DA_BOX));
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	attrset(A_NORMAL);
	if (title && *title) {
		char *t = utf8_clip(title, w - 6);

		mvaddstr(y, x + 2, " ");
		put(y, x + 3, t, DA_SECTION);
		addstr(" ");
		free(t);
	}
}

void draw_bar(int y, int x, int len, const char *ch, enum draw_attr a)
{
	int i;

	attrset(draw_attr(a));
	move(y, x);
	for (i = 0; i < len; i++)
		addstr(ch);
	attrset(A_NORMAL);
}
