/* fuzz_ical.c - the iCalendar reader (src/io/ical.c) on its own: whatever the
 * input, it parses or refuses with a message, and every row it gives has an
 * id, a subject, and a start that is a stored instant (UTC) or a due date. */
#include <string.h>

#include "fuzz.h"
#include "io/io.h"
#include "utf8.h"
#include "validate.h"

static const char *cell(const struct io_row *row, const char *name)
{
	for (size_t i = 0; i < row->ncells; i++)
		if (strcmp(row->cells[i].name, name) == 0)
			return row->cells[i].value;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	struct io_reader r = { .ops = &io_ics_reader, .name = "fuzz", .window_days = 30 };
	struct io_row row;
	enum status st;

	/* the driver hands readers UTF-8 only */
	if (!utf8_valid(s, strlen(s)))
		goto out;
	r.text = s;
	r.len = strlen(s);
	setenv("SALESTERM_NOW", "2026-12-03T09:00:00Z", 1);
	st = r.ops->open(&r);
	while (st == ST_OK) {
		const char *v;

		memset(&row, 0, sizeof(row));
		st = r.ops->next(&r, &row);
		if (st != ST_OK)
			break;
		if (cell(&row, "id") == NULL || validate_record_id(cell(&row, "id")) != NULL)
			fuzz_fail("a row without a valid id");
		if (cell(&row, "subject") == NULL || !*cell(&row, "subject"))
			fuzz_fail("a row without a subject");
		if ((v = cell(&row, "start")) != NULL &&
		    (strlen(v) != 20 || v[19] != 'Z' || validate_datetime(v, NULL) != NULL))
			fuzz_fail("start \"%s\" is not a UTC instant", v);
		if ((v = cell(&row, "due")) != NULL && validate_date(v) != NULL)
			fuzz_fail("due \"%s\" is not a date", v);
		if (cell(&row, "start") == NULL && cell(&row, "due") == NULL)
			fuzz_fail("a row with neither start nor due");
	}
	if (st != ST_OK && st != ST_NOT_FOUND && status_message()[0] == '\0')
		fuzz_fail("refused without a message");
	r.ops->close(&r);
	for (size_t i = 0; i < r.nnotes; i++)
		free(r.notes[i]);
	free(r.notes);
	status_clear();
out:
	free(s);
	return 0;
}
