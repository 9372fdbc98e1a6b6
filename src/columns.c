/* columns.c - the widths of list columns (see columns.h). */
#include "columns.h"

#include "entity.h"
#include "i18n.h"
#include "utf8.h"

/* A column that may be cut keeps at least this much, or half its width. */
#define COLUMNS_MIN 4
/* "+86 138 7071 7623", "+44 7021 510921": a full mobile number. */
#define COLUMNS_PHONE 17
/* "9,999,999,999.99": ten-digit amounts with their minor units. */
#define COLUMNS_MONEY 16
/* "2026-11-24 10:00" */
#define COLUMNS_DATETIME 16
/* "zhang.wei@huawei-tech.com": a typical email, cut (~) when space is short. */
#define COLUMNS_EMAIL 26

static int cut_min(int width)
{
	int half = (width + 1) / 2;

	if (half < COLUMNS_MIN)
		half = COLUMNS_MIN;
	return half < width ? half : width;
}

struct columns_want columns_of_field(const struct field *f)
{
	struct columns_want w = { .width = f->width > 0 ? f->width : 1 };

	switch (f->type) {
	case FT_PHONE:
		if (w.width < COLUMNS_PHONE)
			w.width = COLUMNS_PHONE;
		w.min = w.width;
		break;
	case FT_MONEY:
		if (w.width < COLUMNS_MONEY)
			w.width = COLUMNS_MONEY;
		w.min = w.width;
		break;
	case FT_DATE:
		if (w.width < 10)
			w.width = 10;
		w.min = w.width;
		break;
	case FT_DATETIME:
		/* Always shown as "2026-11-24 10:00" (record_display()). */
		w.width = COLUMNS_DATETIME;
		w.min = w.width;
		break;
	case FT_INT:
	case FT_BOOL:
	case FT_ENUM:
	case FT_CURRENCY:
		w.min = w.width;
		break;
	case FT_EMAIL:
		if (w.width < COLUMNS_EMAIL)
			w.width = COLUMNS_EMAIL;
		w.min = cut_min(w.width);
		w.flex = true;
		w.grow = w.width;
		break;
	default: /* text, names, references, notes, tags, addresses */
		w.min = cut_min(w.width);
		w.flex = true;
		w.grow = w.width;
		break;
	}
	/* A column that is never cut is at least as wide as its heading in the
	 * user's language ("Segment" over one-letter grades, 阶段 over a date). */
	if (!w.flex) {
		int head = utf8_width(_(f->label));

		if (w.width < head)
			w.width = head;
		if (w.min < w.width)
			w.min = w.width;
	}
	return w;
}

static int total_of(const int *out, int n, int gap)
{
	int i, total = 0, kept = 0;

	for (i = 0; i < n; i++) {
		if (out[i] == 0)
			continue;
		total += out[i] + (kept ? gap : 0);
		kept++;
	}
	return total;
}

int columns_fit(const struct columns_want *want, int n, int avail, int gap, int *out)
{
	int i, kept = n, total, need, spare;

	if (n <= 0)
		return 0;
	for (i = 0; i < n; i++)
		out[i] = want[i].width > 0 ? want[i].width : 1;
	for (;;) {
		long cap = 0, cut = 0;

		total = total_of(out, n, gap);
		if (total <= avail)
			break;
		need = total - avail;
		for (i = 0; i < n; i++)
			if (out[i] && out[i] > want[i].min)
				cap += out[i] - (want[i].min > 0 ? want[i].min : 1);
		if (cap >= need) {
			/* Each column that may be cut gives in proportion to what it can spare. */
			for (i = 0; i < n; i++) {
				int c, room = out[i] - (want[i].min > 0 ? want[i].min : 1);

				if (out[i] == 0 || room <= 0)
					continue;
				c = (int)((long)need * room / cap);
				out[i] -= c;
				cut += c;
			}
			/* What the rounding left: one column at a time, from the right. */
			while (cut < need) {
				for (i = n - 1; i >= 0 && cut < need; i--) {
					if (out[i] &&
					    out[i] > (want[i].min > 0 ? want[i].min : 1)) {
						out[i]--;
						cut++;
					}
				}
			}
			break;
		}
		/* Not enough to cut: drop the least important column and try again. */
		for (i = n - 1; i > 0; i--)
			if (out[i] && !want[i].keep)
				break;
		if (i == 0) {
			/* Only what must be kept is left: cut it to fit, the last first. */
			for (i = n - 1; i >= 0 && total > avail; i--) {
				int give;

				if (out[i] == 0)
					continue;
				give = total - avail < out[i] - 1 ? total - avail : out[i] - 1;
				out[i] -= give;
				total -= give;
			}
			return kept;
		}
		for (int j = 0; j < n; j++)
			out[j] = out[j] ? (want[j].width > 0 ? want[j].width : 1) : 0;
		out[i] = 0;
		kept--;
	}
	spare = avail - total_of(out, n, gap);
	/* Spare width to the flexible columns in proportion to their natural
	 * widths, each up to its limit; what rounding leaves goes one column at a
	 * time from the left. */
	for (;;) {
		long weight = 0;
		int given = 0, open = 0;

		for (i = 0; i < n; i++)
			if (out[i] && want[i].flex &&
			    (want[i].grow <= 0 || out[i] < want[i].width + want[i].grow)) {
				weight += want[i].width;
				open++;
			}
		if (open == 0 || spare <= 0)
			break;
		for (i = 0; i < n; i++) {
			int share, limit;

			if (!out[i] || !want[i].flex)
				continue;
			limit = want[i].grow > 0 ? want[i].width + want[i].grow - out[i] : spare;
			if (limit <= 0)
				continue;
			share = (int)((long)spare * want[i].width / weight);
			if (share == 0 && given + 1 <= spare)
				share = 1;
			if (share > limit)
				share = limit;
			if (share > spare - given)
				share = spare - given;
			out[i] += share;
			given += share;
		}
		if (given == 0)
			break;
		spare -= given;
	}
	return kept;
}
