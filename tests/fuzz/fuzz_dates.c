/* fuzz_dates.c - dates users type (src/clock.c): word dates, local text,
 * date arithmetic. Whatever is accepted is a real date that validate_date()
 * accepts too; local text is always a whole "YYYY-MM-DD HH:MM". */
#include <string.h>

#include "clock.h"
#include "fuzz.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), out[11], text[17], shifted[11];
	int days = 0;

	if (clock_parse_date_word(s, "2026-12-03", out)) {
		if (validate_date(out) != NULL)
			fuzz_fail("word \"%s\" gave \"%.10s\", not a date", s, out);
		if (clock_weekday(out) < 0)
			fuzz_fail("no weekday for \"%s\"", out);
	}
	/* Relative to the ends of the calendar too. */
	clock_parse_date_word(s, "9999-12-31", out);
	clock_parse_date_word(s, "0001-01-01", out);
	clock_parse_date_word("+1d", s, out);
	memset(text, 'x', sizeof(text));
	if (clock_local_text(s, text)) {
		if (memchr(text, '\0', sizeof(text)) == NULL || strlen(text) != 16)
			fuzz_fail("clock_local_text(\"%s\") is not 16 characters", s);
	}
	for (size_t i = 0; i < size && i < 4; i++)
		days = days * 256 + data[i];
	if (clock_date_add_days("2026-12-03", days - 0x7fff, shifted) &&
	    validate_date(shifted) != NULL)
		fuzz_fail("2026-12-03 + %d gave \"%.10s\"", days - 0x7fff, shifted);
	free(s);
	return 0;
}
