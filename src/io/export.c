/* export.c - the export driver: the rows of a list query through a writer.
 *
 * The records are read with record_list() (the filters and order of `TYPE
 * list`) and written by the format's writer to a buffer, converted to the
 * encoding asked for (iconv) when it is not UTF-8, with a UTF-8 byte order
 * mark first on request (Excel takes a CSV without one for the local code
 * page).
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "consent.h"
#include "db.h"
#include "i18n.h"
#include "io.h"
#include "record.h"
#include "setting.h"
#include "xalloc.h"

/* The titles read by io_ref_title(): (ref, id) -> title, open addressing. */
struct io_titles {
	const char **refs;
	char **ids, **titles;
	size_t cap, n;
};

static size_t titles_slot(const struct io_titles *t, const char *ref, const char *id)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const char *p;
	size_t i;

	for (p = id; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	for (i = (size_t)(h ^ (h >> 29)) & (t->cap - 1);
	     t->ids[i] && (strcmp(t->ids[i], id) != 0 || strcmp(t->refs[i], ref) != 0);
	     i = (i + 1) & (t->cap - 1))
		;
	return i;
}

const char *io_ref_title(struct io_writer *w, const char *ref, const char *id)
{
	struct io_titles *t = w->titles;
	size_t i;

	if (t == NULL)
		t = w->titles = xcalloc(1, sizeof(*t));
	if (2 * (t->n + 1) > t->cap) {
		struct io_titles big = { .n = t->n };
		size_t j;

		big.cap = t->cap ? 2 * t->cap : 256;
		big.refs = xcalloc(big.cap, sizeof(*big.refs));
		big.ids = xcalloc(big.cap, sizeof(*big.ids));
		big.titles = xcalloc(big.cap, sizeof(*big.titles));
		for (j = 0; j < t->cap; j++) {
			if (t->ids[j] == NULL)
				continue;
			i = titles_slot(&big, t->refs[j], t->ids[j]);
			big.refs[i] = t->refs[j];
			big.ids[i] = t->ids[j];
			big.titles[i] = t->titles[j];
		}
		free(t->refs);
		free(t->ids);
		free(t->titles);
		*t = big;
	}
	i = titles_slot(t, ref, id);
	if (t->ids[i] == NULL) {
		t->refs[i] = ref;
		t->ids[i] = xstrdup(id);
		t->titles[i] = record_title_of(w->db, ref, id);
		t->n++;
	}
	return t->titles[i];
}

static void titles_free(struct io_titles *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->cap; i++) {
		free(t->ids[i]);
		free(t->titles[i]);
	}
	free(t->refs);
	free(t->ids);
	free(t->titles);
	free(t);
}

/* Bytes of the database an export maps at most (SQLite caps it at its
 * SQLITE_MAX_MMAP_SIZE). */
#define EXPORT_MMAP "17179869184"

/* The connection's PRAGMA mmap_size, -1 if it cannot be read. */
static int64_t mmap_size(struct db *db)
{
	sqlite3_stmt *st = db_prepare(db, "PRAGMA mmap_size");
	int64_t v = -1;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return v;
}

struct export_ctx {
	struct io_writer *w;
	int64_t count;
	enum status st;
	const char *mailing; /* the consent channel of a mailing list, or NULL */
};

static int export_one(struct db *db, const struct record *r, void *ctx)
{
	struct export_ctx *x = ctx;

	if (x->mailing && !consent_may_market(db, r->id, x->mailing))
		return 0;
	if (r->entity == &entity_user && record_get(r, "quota") &&
	    !setting_may_see_quota(db, r->id)) {
		/* A colleague's quota, where the team keeps quotas private. */
		struct record *m = record_dup(r);

		record_set(m, "quota", NULL);
		x->st = x->w->ops->record(x->w, m);
		record_free(&m);
	} else {
		x->st = x->w->ops->record(x->w, r);
	}
	if (x->st != ST_OK)
		return 1;
	x->count++;
	return 0;
}

/* Copy in (len bytes of UTF-8) to out in encoding; ST_INVALID for a character
 * the encoding lacks. */
static enum status export_convert(const char *encoding, const char *in, size_t len, FILE *out)
{
	iconv_t cd = iconv_open(encoding, "UTF-8");
	char buf[65536], *ip = (char *)in;
	size_t il = len;
	enum status st = ST_OK;

	if (cd == (iconv_t)-1)
		return status_set(ST_INVALID, _("unknown encoding \"%s\""), encoding);
	while (il > 0 && st == ST_OK) {
		char *op = buf;
		size_t ol = sizeof(buf), r = iconv(cd, &ip, &il, &op, &ol);

		if (fwrite(buf, 1, sizeof(buf) - ol, out) != sizeof(buf) - ol)
			st = status_set(ST_IO, _("writing the export failed"));
		else if (r == (size_t)-1 && errno != E2BIG)
			st = status_set(ST_INVALID,
					_("the export holds a character that %s cannot write "
					  "(byte %zu); export in UTF-8 instead"),
					encoding, (size_t)(ip - in) + 1);
	}
	iconv_close(cd);
	return st;
}

const char *io_format_of_name(const char *path)
{
	static const struct {
		const char *ext, *format;
	} exts[] = {
		{ ".vcf", "vcard" }, { ".vcard", "vcard" }, { ".jsonl", "jsonl" }, { ".ics", "ics" }
	};
	size_t len = path ? strlen(path) : 0, i, n;

	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		n = strlen(exts[i].ext);
		if (len > n && strcasecmp(path + len - n, exts[i].ext) == 0)
			return exts[i].format;
	}
	return NULL;
}

static bool is_utf8(const char *encoding)
{
	return encoding == NULL || strcasecmp(encoding, "utf-8") == 0 ||
	       strcasecmp(encoding, "utf8") == 0;
}

enum status io_export(struct db *db, const struct entity *e, FILE *out,
		      const struct io_export_options *opt, int64_t *count)
{
	struct io_writer w = { .db = db, .entity = e, .out = out, .variant = opt->variant };
	struct export_ctx x = { .w = &w, .st = ST_OK };
	static const struct record_query all = { 0 };
	char *mem = NULL;
	size_t memlen = 0;
	int64_t mmap;
	enum status st;

	*count = 0;
	if (opt->mailing) {
		if (e != &entity_contact)
			return status_set(ST_INVALID, _("export: --mailing lists contacts, not %s"),
					  _(e->plural));
		x.mailing = consent_channel_of(opt->mailing);
		if (x.mailing == NULL || strcmp(x.mailing, opt->mailing) != 0)
			return status_set(ST_INVALID,
					  _("export: --mailing \"%s\": write email, phone, sms "
					    "or post"),
					  opt->mailing);
	}
	w.ops = io_writer_find(opt->format);
	if (w.ops == NULL)
		return status_set(ST_INVALID, _("unknown format \"%s\": csv, jsonl or vcard"),
				  opt->format);
	if (!is_utf8(opt->encoding)) {
		/* written to memory, then converted */
		w.out = open_memstream(&mem, &memlen);
		if (w.out == NULL)
			return status_set(ST_IO, _("writing the export failed"));
	}
	st = ST_OK;
	if (opt->bom && is_utf8(opt->encoding) && fwrite("\xef\xbb\xbf", 1, 3, out) != 3)
		st = status_set(ST_IO, _("writing the export failed"));
	if (st == ST_OK)
		st = w.ops->begin(&w);
	/* The rows come in the list's order (names), not the table's: read
	 * through a memory map, a row is a page lookup, not a read() into the
	 * 2 MB page cache (a million contacts: 5.4 s of CPU -> 4.1 s). Set back
	 * below. */
	mmap = mmap_size(db);
	if (st == ST_OK && mmap == 0)
		db_exec(db, "PRAGMA mmap_size = " EXPORT_MMAP);
	if (st == ST_OK && w.ops == &io_jsonl_writer &&
	    (opt->query == NULL || opt->query->sort_key == NULL)) {
		/* Documents in the list's order, but ascending (ties by row): an
		 * import writes rows in the file's order, so an export of that
		 * database gives the same file, ties and all; a descending order
		 * (a log's newest first) would turn the ties round. Not the order
		 * they were made: no index has it (a million contacts took 25 s
		 * instead of 15). */
		struct record_query q = opt->query ? *opt->query : all;

		q.desc = e->sort_desc;
		st = record_list(db, e, &q, export_one, &x);
	} else if (st == ST_OK) {
		st = record_list(db, e, opt->query ? opt->query : &all, export_one, &x);
	}
	if (mmap == 0)
		db_exec(db, "PRAGMA mmap_size = 0");
	if (st == ST_OK)
		st = x.st;
	if (w.ops->end(&w) != ST_OK && st == ST_OK)
		st = ST_IO;
	titles_free(w.titles);
	if (w.out != out) {
		fclose(w.out);
		if (st == ST_OK)
			st = export_convert(opt->encoding, mem, memlen, out);
		free(mem);
	}
	if (st == ST_OK && fflush(out) != 0)
		st = status_set(ST_IO, _("writing the export failed: %s"), strerror(errno));
	*count = x.count;
	return st;
}
