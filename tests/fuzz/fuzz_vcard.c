/* fuzz_vcard.c - the vCard reader (src/io/vcard.c) over any text, as the
 * import driver calls it: open, next until the end or an error, close. Every
 * row it returns has named cells with valid UTF-8 values (the input is UTF-8,
 * as import.c hands it), a line within the input, and raw text inside it; an
 * error has a message naming the input. */
#include <string.h>

#include "fuzz.h"
#include "io/io.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	struct io_reader r = { .ops = &io_vcard_reader, .name = "fuzz.vcf" };
	struct io_row row;
	enum status st;
	long lines = 1;
	size_t i, len;

	len = strlen(s);
	if (!utf8_valid(s, len)) {
		free(s);
		return 0; /* import.c never hands the reader anything else */
	}
	for (i = 0; i < len; i++)
		lines += s[i] == '\n';
	r.text = s;
	r.len = len;
	io_vcard_reader.sniff(s, len, "fuzz.vcf");
	if (io_vcard_reader.open(&r) != ST_OK)
		fuzz_fail("open failed");
	for (;;) {
		memset(&row, 0, sizeof(row));
		st = io_vcard_reader.next(&r, &row);
		if (st == ST_NOT_FOUND)
			break;
		if (row.line < 1 || row.line > lines)
			fuzz_fail("row line %ld outside 1..%ld", row.line, lines);
		if (row.raw && (row.raw < s || row.raw + row.raw_len > s + len))
			fuzz_fail("raw text outside the input");
		if (st != ST_OK) {
			if (strncmp(status_message(), "fuzz.vcf:", 9) != 0)
				fuzz_fail("error without the file name: %s", status_message());
			if (row.raw == NULL)
				break;
			continue; /* --skip-bad goes on */
		}
		for (i = 0; i < row.ncells; i++) {
			const char *v = row.cells[i].value;

			if (row.cells[i].name == NULL || v == NULL || *v == '\0')
				fuzz_fail("cell %zu empty", i);
			if (!utf8_valid(v, strlen(v)))
				fuzz_fail("cell %s is not UTF-8", row.cells[i].name);
		}
	}
	io_vcard_reader.close(&r);
	status_clear();
	free(s);
	return 0;
}
