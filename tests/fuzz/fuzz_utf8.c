/* fuzz_utf8.c - display width, fitting and clipping, search text
 * (src/utf8.c). Whatever the bytes: fitted text is valid UTF-8 of exactly
 * the width asked, clipped text never wider, and the search helpers never
 * produce invalid UTF-8. */
#include <string.h>

#include "fuzz.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), *t;
	size_t len = strlen(s);
	static const int widths[] = { 0, 1, 2, 3, 7, 20, 81 };

	utf8_valid((const char *)data, size);
	utf8_width(s);
	for (size_t i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		int w = widths[i];

		t = utf8_fit(s, w);
		if (!utf8_valid(t, strlen(t)) || utf8_width(t) != w)
			fuzz_fail("utf8_fit(%d) gave width %d", w, utf8_width(t));
		free(t);
		t = utf8_fit_right(s, w);
		if (!utf8_valid(t, strlen(t)) || utf8_width(t) != w)
			fuzz_fail("utf8_fit_right(%d) gave width %d", w, utf8_width(t));
		free(t);
		t = utf8_clip(s, w);
		if (!utf8_valid(t, strlen(t)) || utf8_width(t) > w)
			fuzz_fail("utf8_clip(%d) gave width %d", w, utf8_width(t));
		free(t);
	}
	if (utf8_valid(s, len)) {
		t = utf8_fts_text(s);
		if (t && !utf8_valid(t, strlen(t)))
			fuzz_fail("utf8_fts_text made invalid UTF-8");
		free(t);
	}
	t = utf8_fts_query(s);
	if (t && !utf8_valid(t, strlen(t)))
		fuzz_fail("utf8_fts_query made invalid UTF-8");
	free(t);
	free(s);
	return 0;
}
