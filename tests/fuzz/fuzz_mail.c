/* fuzz_mail.c - a mail message read (src/io/mail.c): whatever the bytes, the
 * subject, the names and the body come out as valid UTF-8, and the excerpt
 * keeps to its size. */
#include <string.h>

#include "fuzz.h"
#include "io/mail.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mail m;
	char *ex;

	if (mail_parse((const char *)data, size, &m) == ST_OK) {
		if (!utf8_valid(m.subject, strlen(m.subject)))
			fuzz_fail("the subject is not UTF-8");
		if (!utf8_valid(m.body, strlen(m.body)))
			fuzz_fail("the body is not UTF-8");
		for (size_t i = 0; i < m.nfrom; i++)
			if (!utf8_valid(m.from[i].name, strlen(m.from[i].name)) ||
			    strchr(m.from[i].email, '@') == NULL)
				fuzz_fail("a sender that is not one");
		ex = mail_excerpt(m.body, 10, 200);
		if (strlen(ex) > 203 || !utf8_valid(ex, strlen(ex)))
			fuzz_fail("the excerpt is %zu bytes or not UTF-8", strlen(ex));
		free(ex);
	}
	mail_clear(&m);
	status_clear();
	return 0;
}
