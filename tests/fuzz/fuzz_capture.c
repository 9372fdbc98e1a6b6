/* fuzz_capture.c - quick capture lines (src/capture.c: parsing only; the
 * database match is not fuzzed). A line that parses has a known kind, a
 * valid date and time when given, and non-empty words. */
#include <string.h>

#include "capture.h"
#include "fuzz.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	struct capture c;

	capture_is_capture(s);
	if (capture_parse(s, "2026-12-03", &c) == ST_OK) {
		if (c.date[0] && validate_date(c.date) != NULL)
			fuzz_fail("capture date \"%s\" is not a date", c.date);
		if (c.time[0] && validate_time(c.time) != NULL)
			fuzz_fail("capture time \"%s\" is not a time", c.time);
		for (size_t i = 0; i < c.nwords; i++)
			if (c.words[i] == NULL || c.words[i][0] == '\0')
				fuzz_fail("capture word %zu is empty", i);
		capture_clear(&c);
	}
	status_clear();
	free(s);
	return 0;
}
