/* fuzz_filter.c - the CLI's list filters ("key=value", "key~text", ...;
 * src/record.c filter_parse). A filter that parses has a non-empty key and a
 * value, both inside the argument. */
#include <string.h>

#include "fuzz.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	struct filter f;

	if (filter_parse(s, &f) == ST_OK) {
		if (f.key == NULL || f.key[0] == '\0' || f.value == NULL)
			fuzz_fail("filter \"%s\" parsed without a key or value", s);
		if (strlen(f.key) + strlen(f.value) > strlen(s))
			fuzz_fail("filter \"%s\" grew", s);
		free((char *)f.key);
	}
	status_clear();
	free(s);
	return 0;
}
