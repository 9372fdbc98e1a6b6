/* fuzz_money.c - amounts users type (src/money.c). An amount that parses
 * formats back to a string that parses to the same value, with and without
 * grouping, at every exponent a currency can have. */
#include <string.h>

#include "fuzz.h"
#include "money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);

	for (int exponent = 0; exponent <= 4; exponent++) {
		int64_t minor, again;

		if (money_parse(s, exponent, &minor) != NULL)
			continue;
		if (minor < 0)
			fuzz_fail("\"%s\" parsed to a negative %lld", s, (long long)minor);
		for (int grouping = 0; grouping < 2; grouping++) {
			char *text = money_format(minor, exponent, grouping);

			if (money_parse(text, exponent, &again) != NULL || again != minor)
				fuzz_fail("\"%s\" -> %lld -> \"%s\" does not parse back", s,
					  (long long)minor, text);
			free(text);
		}
	}
	free(s);
	return 0;
}
