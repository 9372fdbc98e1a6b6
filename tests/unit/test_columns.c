/* test_columns.c - TAP tests for src/columns.c: the one rule for list columns. */
#include "columns.h"
#include "entity.h"
#include "tap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const struct field *field_of(const struct entity *e, const char *key)
{
	size_t i;

	for (i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].key, key) == 0)
			return &e->fields[i];
	return NULL;
}

static int line_width(const int *out, int n, int gap)
{
	int i, total = 0, kept = 0;

	for (i = 0; i < n; i++)
		if (out[i]) {
			total += out[i] + (kept ? gap : 0);
			kept++;
		}
	return total;
}

/* The contact list's columns: name, account, title, mobile, email. */
static void test_contacts(void)
{
	static const char *const keys[] = { "name", "account", "title", "mobile", "email" };
	struct columns_want want[5];
	int out[5], kept, i;

	for (i = 0; i < 5; i++)
		want[i] = columns_of_field(field_of(&entity_contact, keys[i]));
	ok(want[3].width >= (int)strlen("+86 138 7071 7623") && want[3].min == want[3].width,
	   "a mobile number's column holds a whole mobile number and is never cut");
	ok(want[4].width >= 24 && want[4].flex,
	   "an email's column holds a typical email, and grows");

	kept = columns_fit(want, 5, 79, 2, out);
	is_int(kept, 5, "80 columns: all five columns kept");
	is_int(out[3], want[3].width, "80 columns: the mobile number whole");
	ok(line_width(out, 5, 2) <= 79, "80 columns: the line fits (%d)", line_width(out, 5, 2));
	ok(out[0] < want[0].width && out[4] < want[4].width, "80 columns: text is cut instead");

	kept = columns_fit(want, 5, 199, 2, out);
	is_int(kept, 5, "200 columns: all kept");
	is_int(out[3], want[3].width, "200 columns: the mobile number keeps its width");
	ok(out[0] <= 2 * want[0].width && out[4] <= 2 * want[4].width,
	   "200 columns: text grows fairly, at most doubling (name %d, email %d)", out[0], out[4]);
	ok(out[0] > want[0].width && out[1] > want[1].width && out[4] > want[4].width,
	   "200 columns: every text column grows, not only the first");

	kept = columns_fit(want, 5, 50, 2, out);
	ok(kept < 5 && out[4] == 0, "50 columns: the email (least important) is dropped first");
	ok(out[3] == 0 || out[3] == want[3].width,
	   "50 columns: the mobile is whole or dropped, never cut");
	ok(line_width(out, 5, 2) <= 50, "50 columns: the line fits");

	kept = columns_fit(want, 5, 10, 2, out);
	is_int(kept, 1, "10 columns: the name alone");
	is_int(out[0], 10, "cut to fit");
	is_int(columns_fit(want, 0, 80, 2, out), 0, "no columns");
}

static void test_kinds(void)
{
	struct columns_want w = columns_of_field(field_of(&entity_user, "quota"));

	ok(w.width >= (int)strlen("4,044,760,000.00") && w.min == w.width,
	   "a quota's column holds 4,044,760,000.00 whole");
	w = columns_of_field(field_of(&entity_activity, "start"));
	ok(w.width >= 16 && w.min == w.width, "a date-time is whole");
	w = columns_of_field(field_of(&entity_lead, "status"));
	ok(!w.flex && w.min == w.width, "a choice is whole and does not grow");
	w = columns_of_field(field_of(&entity_followup, "at"));
	is_int(w.width, 16, "a date-time takes what it shows, 2026-11-24 10:00, not more");
	w = columns_of_field(field_of(&entity_account, "segment"));
	is_int(w.width, (int)strlen("Segment"), "a column never cut is as wide as its heading");
	ok(w.min == w.width, "and is not cut to less");
}

static void test_proportional(void)
{
	/* Two columns that may be cut give in proportion to what they can spare. */
	struct columns_want want[3] = {
		{ .width = 20, .min = 10, .flex = true },
		{ .width = 40, .min = 10, .flex = true },
		{ .width = 10, .min = 10 },
	};
	int out[3];

	is_int(columns_fit(want, 3, 60, 0, out), 3, "all kept");
	is_int(out[2], 10, "the whole column keeps its width");
	is_int(out[0] + out[1], 50, "the others share what is left");
	ok(out[1] - 10 > out[0] - 10, "the wider one gave more (%d, %d)", out[0], out[1]);
	/* A flexible column without a limit takes all spare width. */
	want[0].grow = 0;
	want[1].flex = false;
	want[1].min = 40;
	columns_fit(want, 3, 100, 0, out);
	is_int(out[0], 50, "an unlimited flexible column takes the rest");
}

int main(void)
{
	test_contacts();
	test_kinds();
	test_proportional();
	return done_testing();
}
