/* fuzz_validate.c - the field validators (src/validate.c) and text checks.
 *
 * Every validator must answer any string without a crash; a value accepted
 * must be accepted again in the form it was normalised to, and a normalised
 * date-time must itself be a valid date and time. */
#include <string.h>

#include "fuzz.h"
#include "utf8.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), out[21];
	long long v;
	bool b;

	validate_date(s);
	validate_time(s);
	validate_email(s);
	validate_phone(s);
	validate_url(s);
	validate_bool(s, &b);
	validate_uuid(s);
	utf8_check_text(s, false);
	utf8_check_text(s, true);
	if (validate_int(s, -1000000, 1000000, &v) == NULL && (v < -1000000 || v > 1000000))
		fuzz_fail("validate_int gave %lld outside its range", v);
	if (validate_datetime(s, out) == NULL) {
		char again[21], date[11];

		if (strlen(out) != 20 || out[10] != 'T' || out[19] != 'Z')
			fuzz_fail("validate_datetime(\"%s\") wrote \"%s\"", s, out);
		if (validate_datetime(out, again) != NULL || strcmp(out, again) != 0)
			fuzz_fail("\"%s\" does not normalise to itself", out);
		memcpy(date, out, 10);
		date[10] = '\0';
		if (validate_date(date) != NULL)
			fuzz_fail("normalised date \"%s\" is not a date", date);
	}
	free(s);
	return 0;
}
