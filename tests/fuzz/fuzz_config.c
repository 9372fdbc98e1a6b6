/* fuzz_config.c - the config file reader (src/config.c): any bytes. Every
 * line is either a well-formed line of a known command or an error with its
 * line number; the words of a line never hold a NUL and never run past the
 * input. */
#include <string.h>

#include "config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), *errs;
	struct config *c = config_parse(s, "config");
	size_t i, pos = 0, n = 0;

	if (c == NULL)
		fuzz_fail("config_parse returned nothing");
	for (i = 0; i < c->nlines; i++) {
		const struct config_line *l = &c->lines[i];

		if (l->line < 1 || l->argc < 1 || l->argv[0] == NULL)
			fuzz_fail("line %zu is malformed", i);
		for (int k = 0; k < l->argc; k++)
			if (l->argv[k] == NULL || strlen(l->argv[k]) > size)
				fuzz_fail("word %d of line %d is longer than the input", k,
					  l->line);
	}
	for (i = 0; i < c->nerrors; i++)
		if (c->errors[i].line < 1 || c->errors[i].message == NULL)
			fuzz_fail("error %zu has no line or message", i);
	while (config_next(c, "bind", &pos))
		n++;
	errs = config_errors(c, NULL);
	if ((errs != NULL) != (c->nerrors > 0))
		fuzz_fail("config_errors disagrees with the error count");
	free(errs);
	config_free(&c);
	if (c != NULL)
		fuzz_fail("config_free did not clear the pointer");
	free(s);
	(void)n;
	return 0;
}
