/* collate.h - the order names sort in: Chinese by pinyin, as a phone's
 * address book does, Latin with case and accents aside.
 *
 * A hand-made table of pinyin would cover the characters someone listed
 * and none of the rest (polyphones, rare surnames, other scripts); ICU's
 * collator is the order Unicode's CLDR defines and Debian keeps up to date.
 * The collation is "zh" (pinyin) at secondary strength, the same for every
 * user whatever their locale: the order is stored in indexes
 * (data/migrations/0007-collation.sql), so it must not depend on who opens
 * the file. A new ICU may order some strings otherwise: collate_version()
 * names the rules, and db.c rebuilds the indexes when it changes.
 */
#ifndef SALESTERM_COLLATE_H
#define SALESTERM_COLLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct collator;

/* The ICU library collate_new() opens on first use ("libicui18n.so.72"). */
const char *collate_library(void);

/* A collator for one thread (or one database connection) at a time; NULL
 * if ICU cannot open it. Free with collate_free(). */
struct collator *collate_new(void);
void collate_free(struct collator *c);

/*
 * The sort key of len bytes of UTF-8 s: keys compare with memcmp() in the
 * order the names sort. Returns the key's length; when it exceeds cap, out
 * holds a prefix and the caller asks again with a larger buffer. 0 on an
 * error (invalid UTF-8 is replaced, not an error).
 */
size_t collate_key(struct collator *c, const char *s, size_t len, uint8_t *out, size_t cap);

/*
 * A stamp of the ICU this process loaded (after a collate_new() succeeded;
 * NULL before): the library name, the loader's cache and library path, and
 * the device, inode, size and modification time of each of ICU's files. The
 * rules come from those files, so while the stamp is the same, so are the
 * rules: db.c checks their version without loading ICU. Caller frees.
 */
char *collate_stamp(void);

/* Whether the files stamp names are still those it describes (a new ICU
 * package, another library path or another build make it false). Does not
 * load ICU. */
bool collate_stamp_current(const char *stamp);

/* The collation rules' version, e.g. "153.120.40.0.72" (ICU's UCA and
 * tailoring versions). */
void collate_version(struct collator *c, char out[64]);

#endif
