/* layout.c - screen arithmetic, free of curses. */
#include "layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "columns.h"
#include "money.h"
#include "utf8.h"
#include "validate.h"
#include "xalloc.h"

#define MIN_COLUMN 4

int layout_columns(const int *want, int n, int avail, int gap, int flex, int *out)
{
	struct columns_want cw[64];
	int i;

	if (n > (int)(sizeof(cw) / sizeof(cw[0])))
		n = (int)(sizeof(cw) / sizeof(cw[0]));
	for (i = 0; i < n; i++) {
		int w = want[i] > 0 ? want[i] : 1, half = w / 2 > MIN_COLUMN ? w / 2 : MIN_COLUMN;

		cw[i] = (struct columns_want){ .width = w,
					       .min = i == flex && half < w ? half : w,
					       .flex = i == flex,
					       .keep = i == flex };
	}
	return columns_fit(cw, n, avail, gap, out);
}

void layout_split(int avail, int n, int gap, int *out)
{
	int i, room, each, extra;

	if (n <= 0)
		return;
	room = avail - gap * (n - 1);
	if (room < n)
		room = n;
	each = room / n;
	extra = room % n;
	for (i = 0; i < n; i++)
		out[i] = each + (i < extra ? 1 : 0);
}

int layout_scroll(int sel, int top, int height, int n)
{
	if (height <= 0 || n <= 0)
		return 0;
	if (sel < 0)
		sel = 0;
	if (sel >= n)
		sel = n - 1;
	if (sel < top)
		top = sel;
	if (sel >= top + height)
		top = sel - height + 1;
	if (top > n - height)
		top = n - height;
	if (top < 0)
		top = 0;
	return top;
}

int layout_bar(int64_t value, int64_t max, int width)
{
	int64_t len;

	if (value <= 0 || max <= 0 || width <= 0)
		return 0;
	if (value >= max)
		return width;
	len = (int64_t)(((__int128)value * width * 2 + max) / (max * 2));
	if (len < 1)
		len = 1;
	return (int)len;
}

int layout_heat(int count, int max)
{
	int level;

	if (count <= 0)
		return 0;
	if (max <= 0 || count >= max)
		return 4;
	level = 1 + (int)((int64_t)count * 4 / (max + 1));
	return level > 4 ? 4 : level;
}

int layout_month_grid(const char *date, int cells[42])
{
	int y, m, d, first, days, i, next_y, next_m;
	char first_day[11];

	if (date == NULL || validate_date(date) || sscanf(date, "%d-%d-%d", &y, &m, &d) != 3)
		return 0;
	snprintf(first_day, sizeof(first_day), "%.7s-01", date);
	first = clock_week_pos(first_day); /* the locale's first weekday in column 0 */
	next_y = m == 12 ? y + 1 : y;
	next_m = m == 12 ? 1 : m + 1;
	days = clock_days_from_civil(next_y, next_m, 1) - clock_days_from_civil(y, m, 1);
	for (i = 0; i < 42; i++)
		cells[i] = 0;
	for (i = 0; i < days; i++)
		cells[first + i] = i + 1;
	return (first + days + 6) / 7;
}

char *layout_compact(int64_t minor, int exponent)
{
	return money_short(minor, exponent, false);
}

int layout_wrap(const char *s, int width, char ***lines)
{
	size_t len = s ? strlen(s) : 0, start = 0, i = 0, brk = 0;
	int n = 0, cols = 0;

	*lines = NULL;
	if (width < 1)
		width = 1;
	while (i < len) {
		uint32_t cp = '?';
		int k = utf8_decode(s + i, len - i, &cp), w;

		if (k < 1)
			k = 1;
		w = utf8_cp_width(cp);
		if (w < 0)
			w = 1;
		if (cp == ' ')
			brk = i; /* the last space: break there */
		if (cols + w > width && i > start) {
			size_t end = brk > start ? brk : i;

			*lines = xreallocarray(*lines, (size_t)n + 1, sizeof(**lines));
			(*lines)[n++] = xstrndup(s + start, end - start);
			start = end;
			while (start < len && s[start] == ' ')
				start++;
			i = start;
			brk = 0;
			cols = 0;
			continue;
		}
		cols += w;
		i += (size_t)k;
	}
	if (start < len || n == 0) {
		*lines = xreallocarray(*lines, (size_t)n + 1, sizeof(**lines));
		(*lines)[n++] = xstrdup(s ? s + start : "");
	}
	return n;
}

char *layout_fit_words(const char *s, int width)
{
	char **lines, *out;
	int n, i;

	if (width < 2)
		width = 2;
	if (utf8_width(s ? s : "") <= width)
		return xstrdup(s ? s : "");
	n = layout_wrap(s, width - 1, &lines);
	out = xasprintf("%s~", lines[0]);
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	return out;
}

char *layout_items(const char *const *items, int n, int width, const char *sep)
{
	char *out = xstrdup(""), *joined;
	int i, used = 0, sw = utf8_width(sep);

	for (i = 0; i < n; i++) {
		int w = utf8_width(items[i]) + (used ? sw : 0);

		if (used + w > width)
			continue;
		joined = xasprintf("%s%s%s", out, used ? sep : "", items[i]);
		free(out);
		out = joined;
		used += w;
	}
	return out;
}
