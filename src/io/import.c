/* import.c - the import driver: any reader's rows into records, in one transaction.
 *
 * The rules (issue 15, doc/DESIGN.md section 11):
 *   - the input is read whole and decoded to UTF-8 first: a UTF-8 BOM is
 *     dropped, UTF-16 is known by its BOM, otherwise valid UTF-8 is taken as
 *     such and anything else is tried as GB18030 (which GBK and GB2312 are
 *     subsets of: what Chinese Excel and WPS save), or the encoding given;
 *     lines of UTF-8 mixed with lines of another encoding are refused;
 *   - each column is mapped to a field (io_map_column(), --map), each value
 *     parsed by record_input() as if typed; a reference given by a name that
 *     no record has (a contact's company) creates that record;
 *   - a row duplicates an existing record, or an earlier row, when they share
 *     an email, a phone (io_phone_key(): phone and mobile alike), the id, or
 *     the name and company (io_name_key()); on_duplicate decides, and the
 *     default skips and says so: never a silent duplicate;
 *   - everything is one bulk load (src/bulk.h): a bad row, a cancel or a dry
 *     run rolls it all back; with skip_bad a bad row is written there instead.
 * New records are written with a prepared INSERT built from the descriptor,
 * their index rows handed to the bulk load; updates go through
 * record_update(). The rights check (user_may_write()) and the type's rules
 * (rules_of()) run as for any write.
 * JSON lines are not rows but sync's documents: they are applied as a pull
 * applies them, by import_docs() (see "documents" below).
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bulk.h"
#include "clock.h"
#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "io.h"
#include "json.h"
#include "rules.h"
#include "search.h"
#include "strbuf.h"
#include "sync/doc.h"
#include "sync/store.h"
#include "user.h"
#include "utf8.h"
#include "validate.h"
#include "xalloc.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define IO_MAX_INPUT ((size_t)2 << 30) /* 2 GiB */
#define IO_MAX_TYPES 4		       /* the imported type and the types it refers to */

static const struct io_reader_ops *const readers[] = { &io_jsonl_reader, &io_csv_reader,
						       &io_vcard_reader, &io_ics_reader };

const struct io_reader_ops *io_reader_find(const char *format)
{
	size_t i;

	for (i = 0; format && i < ARRAY_LEN(readers); i++)
		if (strcasecmp(readers[i]->name, format) == 0)
			return readers[i];
	return NULL;
}

const struct io_writer_ops *io_writer_find(const char *format)
{
	if (format == NULL || strcasecmp(format, "csv") == 0)
		return &io_csv_writer;
	if (strcasecmp(format, "jsonl") == 0 || strcasecmp(format, "json") == 0)
		return &io_jsonl_writer;
	if (strcasecmp(format, "vcard") == 0 || strcasecmp(format, "vcf") == 0)
		return &io_vcard_writer;
	if (strcasecmp(format, "ics") == 0 || strcasecmp(format, "ical") == 0)
		return &io_ics_writer;
	return NULL;
}

/* ---------------------------------------------------------------- column names */

/* Headers of spreadsheets and address books (Excel, WPS, Google Contacts,
 * Outlook) for field keys; matched without case, spaces, '_' and '-'. */
static const struct {
	const char *key, *const names[12];
} synonyms[] = {
	{ "name",
	  { "姓名", "名字", "联系人", "客户名称", "fullname", "displayname", "contactname", "名称",
	    "客户", NULL } },
	{ "given_name", { "名", "firstname", "givenname", NULL } },
	{ "family_name", { "姓", "lastname", "familyname", "surname", NULL } },
	{ "phone",
	  { "电话", "座机", "办公电话", "固定电话", "联系电话", "businessphone", "phone1value",
	    "primaryphone", "homephone", "telephone", "tel", NULL } },
	{ "mobile",
	  { "手机", "手机号", "手机号码", "移动电话", "mobilephone", "cellphone", "phone2value",
	    NULL } },
	{ "account",
	  { "公司", "公司名称", "单位", "工作单位", "company", "organization", "organization1name",
	    "organizationname", NULL } },
	{ "company",
	  { "公司", "公司名称", "单位", "工作单位", "organization", "organization1name", NULL } },
	{ "title",
	  { "职位", "职务", "头衔", "jobtitle", "organization1title", "organizationtitle",
	    "position", NULL } },
	{ "email",
	  { "邮箱", "电子邮件", "电子邮箱", "邮件", "email", "emailaddress", "e-mailaddress",
	    "email1value", "e-mail1value", "mail", NULL } },
	{ "address",
	  { "地址", "通讯地址", "联系地址", "办公地址", "address1formatted", "businessaddress",
	    "businessstreet", "homeaddress", "street", NULL } },
	{ "notes", { "备注", "说明", "附注", "notes", "note", "comments", NULL } },
	{ "birthday", { "生日", "出生日期", "birthday", "dateofbirth", NULL } },
	{ "tags", { "标签", NULL } },
	{ "website", { "网站", "网址", "webpage", "website1value", "homepage", NULL } },
	{ "industry", { "行业", NULL } },
	{ "source", { "来源", "线索来源", NULL } },
	{ "status", { "状态", NULL } },
	{ "channel", { "渠道", NULL } },
	{ "owner", { "负责人", "所有者", "归属", NULL } },
	{ "id", { "_id", NULL } },
	/* The same headers in Traditional Chinese (Taiwan and Hong Kong Excel,
	 * Big5 files). */
	{ "name", { "姓名", "名字", "聯絡人", "聯繫人", "客戶名稱", "名稱", "客戶", NULL } },
	{ "phone",
	  { "電話", "座機", "辦公電話", "公司電話", "固定電話", "聯絡電話", "聯繫電話", NULL } },
	{ "mobile", { "手機", "手機號", "手機號碼", "行動電話", "移動電話", NULL } },
	{ "account", { "公司名稱", "單位", "工作單位", NULL } },
	{ "company", { "公司名稱", "單位", "工作單位", NULL } },
	{ "title", { "職位", "職務", "職稱", "頭銜", NULL } },
	{ "email", { "郵箱", "電子郵件", "電子郵箱", "郵件", "電郵", NULL } },
	{ "address", { "通訊地址", "聯絡地址", "聯繫地址", "辦公地址", NULL } },
	{ "notes", { "備註", "說明", NULL } },
	{ "birthday", { "出生日期", NULL } },
	{ "tags", { "標籤", NULL } },
	{ "website", { "網站", "網址", NULL } },
	{ "industry", { "行業", NULL } },
	{ "source", { "來源", "線索來源", NULL } },
	{ "status", { "狀態", NULL } },
	{ "owner", { "負責人", "所有者", "歸屬", NULL } },
};

/* s folded for comparing headers: ASCII lower case, no spaces, '_', '-' or '.'. */
static char *header_fold(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;

	for (; *s; s++) {
		if (*s == ' ' || *s == '_' || *s == '-' || *s == '.' || *s == '\t')
			continue;
		*o++ = (*s >= 'A' && *s <= 'Z') ? (char)(*s - 'A' + 'a') : *s;
	}
	*o = '\0';
	return out;
}

const char *io_map_column(const struct entity *e, const char *column)
{
	char *c = header_fold(column), *k;
	const char *found = NULL;
	size_t i, j;

	if (strcmp(c, "id") == 0 || strcmp(c, "owner") == 0)
		found = strcmp(c, "id") == 0 ? "id" : "owner";
	for (i = 0; i < e->nfields && !found; i++) {
		const struct field *f = &e->fields[i];

		if (f->flags & F_SYSTEM)
			continue;
		k = header_fold(f->key);
		if (strcmp(k, c) == 0)
			found = f->key;
		free(k);
		if (!found) {
			k = header_fold(i18n_msgid(f->label));
			if (strcmp(k, c) == 0)
				found = f->key;
			free(k);
		}
	}
	for (i = 0; i < ARRAY_LEN(synonyms) && !found; i++) {
		const struct field *f = entity_field(e, synonyms[i].key);

		if (f == NULL && strcmp(synonyms[i].key, "id") != 0 &&
		    strcmp(synonyms[i].key, "owner") != 0)
			continue;
		if (f && (f->flags & F_SYSTEM))
			continue;
		for (j = 0; synonyms[i].names[j] && !found; j++)
			if (strcmp(c, synonyms[i].names[j]) == 0)
				found = synonyms[i].key;
	}
	free(c);
	return found;
}

/* ---------------------------------------------------------------- duplicate keys */

char *io_phone_key(const char *phone)
{
	char *out, *o;
	const char *p;

	if (phone == NULL)
		return NULL;
	out = o = xmalloc(strlen(phone) + 1);
	for (p = phone; *p; p++)
		if (*p >= '0' && *p <= '9')
			*o++ = *p;
	*o = '\0';
	/* +86 / 0086 before an 11-digit mainland mobile number, or a 0-led area code */
	if (strncmp(out, "0086", 4) == 0 && strlen(out) > 4)
		memmove(out, out + 4, strlen(out + 4) + 1);
	else if (strncmp(out, "86", 2) == 0 && strlen(out) == 13 && out[2] == '1')
		memmove(out, out + 2, strlen(out + 2) + 1);
	else if (strncmp(out, "86", 2) == 0 && strlen(out) >= 11 && strlen(out) <= 12 &&
		 phone[strspn(phone, " ")] == '+')
		memmove(out, out + 2, strlen(out + 2) + 1);
	if (strlen(out) < 5) {
		free(out);
		return NULL;
	}
	return out;
}

char *io_email_key(const char *email)
{
	char *out, *o;

	if (email == NULL || *email == '\0')
		return NULL;
	out = o = xstrdup(email);
	for (; *o; o++)
		if (*o >= 'A' && *o <= 'Z')
			*o = (char)(*o - 'A' + 'a');
	return out;
}

/* The base letter of a Latin-1 or Latin Extended-A letter with an accent, or 0. */
static char latin_base(uint32_t cp)
{
	static const char l1[] = "aaaaaaaceeeeiiiidnooooo ouuuuyts" /* U+00E0-00FF lower */;
	static const char ext[] =
	    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjjjkkklllll"
	    "lllllnnnnnnnnnooooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

	if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7)
		cp += 0x20;
	if (cp >= 0xe0 && cp <= 0xff && cp != 0xf7 && l1[cp - 0xe0] != ' ')
		return l1[cp - 0xe0];
	if (cp >= 0x100 && cp <= 0x17f)
		return ext[cp - 0x100];
	return 0;
}

char *io_name_key(const char *name)
{
	struct strbuf b = STRBUF_INIT;
	size_t len, i = 0;
	bool space = false;

	if (name == NULL)
		return NULL;
	len = strlen(name);
	while (i < len) {
		uint32_t cp = (unsigned char)name[i];
		int n = 1;
		char base;

		if (cp >= 0x80) {
			n = utf8_decode(name + i, len - i, &cp);
			if (n < 1) {
				n = 1;
				cp = (unsigned char)name[i];
			}
		}
		if (cp == ' ' || cp == '\t' || cp == 0x3000) {
			space = b.len > 0;
		} else if (cp >= 0x300 && cp <= 0x36f) {
			/* a combining accent: dropped */
		} else {
			if (space)
				strbuf_addc(&b, ' ');
			space = false;
			if (cp >= 'A' && cp <= 'Z')
				strbuf_addc(&b, (char)(cp - 'A' + 'a'));
			else if ((base = latin_base(cp)) != 0)
				strbuf_addc(&b, base);
			else
				strbuf_add(&b, name + i, (size_t)n);
		}
		i += (size_t)n;
	}
	if (b.len == 0) {
		strbuf_release(&b);
		return NULL;
	}
	return strbuf_detach(&b);
}

/* ---------------------------------------------------------------- a string map */

/* Keys to target numbers; open addressing, FNV-1a. */
struct keymap {
	char **keys;
	uint32_t *vals;
	size_t cap, n;
};

static uint64_t key_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static size_t keymap_slot(const struct keymap *m, const char *key)
{
	size_t i = (size_t)key_hash(key) & (m->cap - 1);

	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* The value of key, or -1. */
static long keymap_get(const struct keymap *m, const char *key)
{
	size_t i;

	if (m->n == 0)
		return -1;
	i = keymap_slot(m, key);
	return m->keys[i] ? (long)m->vals[i] : -1;
}

/* Map key (taken over) to v unless it is there already. */
static void keymap_put(struct keymap *m, char *key, uint32_t v)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap) {
		struct keymap big = { 0 };
		size_t j;

		big.cap = m->cap ? 2 * m->cap : 1024;
		big.keys = xcalloc(big.cap, sizeof(*big.keys));
		big.vals = xcalloc(big.cap, sizeof(*big.vals));
		for (j = 0; j < m->cap; j++) {
			if (m->keys[j] == NULL)
				continue;
			i = keymap_slot(&big, m->keys[j]);
			big.keys[i] = m->keys[j];
			big.vals[i] = m->vals[j];
		}
		big.n = m->n;
		free(m->keys);
		free(m->vals);
		*m = big;
	}
	i = keymap_slot(m, key);
	if (m->keys[i]) {
		free(key);
		return;
	}
	m->keys[i] = key;
	m->vals[i] = v;
	m->n++;
}

static void keymap_free(struct keymap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* ---------------------------------------------------------------- decoding */

/* The 1-based line of offset off in text. */
static long line_of(const char *text, size_t off)
{
	long line = 1;
	size_t i;

	for (i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}

/* Convert len bytes of in from encoding to UTF-8 into out; ST_INVALID naming
 * the line of the first byte that is not of that encoding. */
static enum status convert(const char *name, const char *encoding, const char *in, size_t len,
			   struct strbuf *out)
{
	iconv_t cd = iconv_open("UTF-8", encoding);
	char *ip = (char *)in, *op;
	size_t il = len, ol;

	if (cd == (iconv_t)-1)
		return status_set(ST_INVALID, _("%s: unknown encoding \"%s\""), name, encoding);
	strbuf_grow(out, len + len / 2 + 16);
	while (il > 0) {
		size_t room = out->cap - out->len - 1, r;

		if (room < 16) {
			strbuf_grow(out, out->cap);
			room = out->cap - out->len - 1;
		}
		op = out->s + out->len;
		ol = room;
		r = iconv(cd, &ip, &il, &op, &ol);
		out->len += room - ol;
		if (r == (size_t)-1 && errno != E2BIG) {
			size_t off = (size_t)(ip - in);

			iconv_close(cd);
			out->s[out->len] = '\0';
			return status_set(ST_INVALID,
					  errno == EINVAL
					      ? _("%s:%ld: the file ends inside a character (is it "
						  "cut short?)")
					      : _("%s:%ld: bytes that are not %s (byte %zu)"),
					  name, line_of(in, off), encoding, off + 1);
		}
		if (r == (size_t)-1)
			strbuf_grow(out, out->cap);
	}
	iconv_close(cd);
	out->s[out->len] = '\0';
	return ST_OK;
}

/*
 * Does text that is not UTF-8 read as Big5 rather than GB18030? Nearly every
 * Big5 file is valid GB18030 too, as different characters, so the converter
 * alone never tells. The trail bytes do: two Big5 characters in five end in
 * a byte of 0x40-0x7E, where GB2312's (and GBK's common ones) end in 0xA1 or
 * above; and Big5 has no four-byte characters and no lead byte below 0xA1,
 * which GBK's traditional characters use. *line gets the line of the first
 * such character.
 */
static bool looks_big5(const char *in, size_t len, long *line)
{
	const unsigned char *u = (const unsigned char *)in;
	size_t i, pairs = 0, low = 0, first = 0;
	iconv_t cd;

	for (i = 0; i + 1 < len; i++) {
		if (u[i] < 0x81)
			continue;
		if (u[i] < 0xa1 || (u[i + 1] >= 0x30 && u[i + 1] <= 0x39))
			return false; /* GBK's traditional range, GB18030's four bytes */
		pairs++;
		if (u[i + 1] >= 0x40 && u[i + 1] <= 0x7e && low++ == 0)
			first = i;
		i++;
	}
	if (pairs < 2 || low * 100 < pairs * 15)
		return false;
	/* and it converts as Big5 */
	cd = iconv_open("UTF-8", "BIG5");
	if (cd == (iconv_t)-1)
		return false;
	{
		char buf[4096], *ip = (char *)in, *op;
		size_t il = len, ol;
		bool ok = true;

		while (il > 0 && ok) {
			op = buf;
			ol = sizeof(buf);
			ok = iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 || errno == E2BIG;
		}
		iconv_close(cd);
		if (!ok)
			return false;
	}
	*line = line_of(in, first);
	return true;
}

/*
 * The input as UTF-8: converted into out, or, when it is UTF-8 already (the
 * common case: no copy of a big file), out left empty and *skip the bytes of
 * a BOM to skip. enc gets the encoding found. Refuses text with a NUL byte,
 * and UTF-8 lines mixed with lines that are not UTF-8.
 */
static enum status decode(const char *name, const char *in, size_t len, const char *encoding,
			  struct strbuf *out, size_t *skip, char enc[24])
{
	const unsigned char *u = (const unsigned char *)in;
	size_t bad = len, i, line_start = 0;
	long utf8_line = 0;
	enum status st;

	if (memchr(in, '\0', len) &&
	    !(len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))) {
		size_t off = (size_t)((const char *)memchr(in, '\0', len) - in);

		return status_set(ST_INVALID, _("%s:%ld: a NUL byte: this is not a text file"),
				  name, line_of(in, off));
	}
	if (encoding && strcasecmp(encoding, "utf-8") != 0 && strcasecmp(encoding, "utf8") != 0) {
		const char *e = encoding;

		if (strcasecmp(e, "gbk") == 0 || strcasecmp(e, "gb2312") == 0 ||
		    strcasecmp(e, "cp936") == 0)
			e = "GB18030";
		snprintf(enc, 24, "%s", e);
		return convert(name, e, in, len, out);
	}
	*skip = 0;
	if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		in += 3;
		len -= 3;
		*skip = 3;
		snprintf(enc, 24, "UTF-8 (BOM)");
	} else if (encoding == NULL && len >= 2 && u[0] == 0xff && u[1] == 0xfe) {
		snprintf(enc, 24, "UTF-16LE");
		return convert(name, "UTF-16LE", in + 2, len - 2, out);
	} else if (encoding == NULL && len >= 2 && u[0] == 0xfe && u[1] == 0xff) {
		snprintf(enc, 24, "UTF-16BE");
		return convert(name, "UTF-16BE", in + 2, len - 2, out);
	} else {
		snprintf(enc, 24, "UTF-8");
	}
	if (utf8_valid(in, len))
		return ST_OK;
	if (encoding)
		goto not_utf8;
	/* Not UTF-8: a line of non-ASCII UTF-8 before it means mixed encodings. */
	for (i = 0; i < len; i++) {
		if (in[i] == '\n' || i + 1 == len) {
			size_t end = in[i] == '\n' ? i : i + 1, j;
			bool ascii = true;

			for (j = line_start; j < end && ascii; j++)
				ascii = u[j] < 0x80;
			if (!utf8_valid(in + line_start, end - line_start)) {
				bad = line_start;
				break;
			}
			if (!ascii && utf8_line == 0)
				utf8_line = line_of(in, line_start);
			line_start = i + 1;
		}
	}
	if (utf8_line)
		return status_set(ST_INVALID,
				  _("%s:%ld: mixed encodings: line %ld is UTF-8, this line is not"),
				  name, line_of(in, bad), utf8_line);
	if (looks_big5(in, len, &utf8_line))
		return status_set(
		    ST_INVALID,
		    _("%s:%ld: this looks like Big5 (traditional Chinese) text: it is "
		      "not UTF-8, and read as GB18030 it makes no sense; import it with "
		      "--encoding BIG5"),
		    name, utf8_line);
	snprintf(enc, 24, "GB18030");
	st = convert(name, "GB18030", in, len, out);
	if (st == ST_OK)
		return ST_OK;
	strbuf_reset(out);
	return status_set(ST_INVALID,
			  _("%s:%ld: neither UTF-8 nor GB18030 text (the encodings tried); name "
			    "the encoding with --encoding (BIG5 for traditional Chinese, CP1252 "
			    "for Western European...)"),
			  name, line_of(in, bad));
not_utf8:
	for (i = 0; i < len; i++)
		if (!utf8_valid(in, i + 1) && (i + 4 >= len || !utf8_valid(in, i + 4)))
			break;
	return status_set(ST_INVALID, _("%s:%ld: not UTF-8 text"), name, line_of(in, i));
}

/* ---------------------------------------------------------------- the import */

/*
 * A record a row may duplicate: one that was there, or one made by this
 * import. Only its row number is kept (and the line that made it): a million
 * rows must fit in memory with their keys. The duplicate keys are kept as
 * 64-bit hashes; a hit is confirmed by reading the record back and comparing
 * its keys as text, so a hash collision never skips a row.
 */
struct target {
	int64_t n;
	long line; /* the line that created it, 0 for an existing record */
};

/* 64-bit key hashes to targets: open addressing; 0 marks a free slot. */
struct hashmap {
	uint64_t *hash;
	uint32_t *val;
	size_t cap, n;
};

/* A type this import writes (the imported one and those it refers to by name). */
struct itype {
	const struct entity *e;
	sqlite3_stmt *ins;
	struct keymap by_title; /* referenced types: exact title -> index into ref_ids */
	bool titles_loaded;
};

/* A cell of the row being read: its column, its field, its value trimmed. */
struct row_cell {
	const char *col, *key;
	const struct field *f; /* NULL for id, owner and created_at */
	const char *v;
	char *copy; /* v when the value had to be copied to be trimmed */
	int pass;   /* cell_pass() */
};

struct imp {
	struct db *db;
	const struct io_import_options *opt;
	struct io_import_result *res;
	struct io_reader rd;
	struct bulk *bulk;
	struct bulk_table tables[IO_MAX_TYPES];
	struct itype types[IO_MAX_TYPES];
	size_t ntypes;
	const struct entity *e;	   /* the type imported */
	enum io_dup_action on_dup; /* opt->on_duplicate, or the reader's default */
	struct hashmap dups;	   /* duplicate key hashes -> target */
	struct target *targets;
	size_t ntargets, cap_targets;
	sqlite3_stmt *by_n; /* a record of e by row number */
	char **ref_ids;	    /* ids of the records referenced by name */
	size_t nref_ids, cap_ref_ids;
	char *me;	    /* the current user, or NULL */
	char *my_owner;	    /* the owner user_may_write() gives a row without one */
	bool owner_checked; /* my_owner is known */
	char now[21];
	int64_t seq;  /* the last change sequence number used */
	uint64_t rng; /* imp_uuid()'s state, 0 until seeded */
	bool rejected_any;
	/* the column mapping, by column name */
	struct keymap colmap;
	char **colfields; /* value of colmap -> field key or NULL */
	size_t ncolfields;
	struct row_cell *cells; /* row_record()'s, kept from row to row */
	/* records the row being read refers to by a name not found (ref_by_name()) */
	struct record **pending;
	size_t npending, cap_pending;
	size_t cap_cells;
	/* the input file mapped (map_input()), NULL if read or converted */
	char *map;
	size_t map_len, map_released; /* bytes; from the start, given back */
	/* JSON lines: documents, applied as a pull applies them (import_doc()) */
	bool docs;
	bool anyone;		       /* no user yet when the import began: no rights to check */
	const struct entity *row_e;    /* the type of the document being applied */
	struct keymap file_ids;	       /* the id of every good document of the file */
	struct doc_ref *later;	       /* references to check once all are in */
	struct bulk_table *doc_tables; /* every type's, for the load */
	sqlite3_stmt **doc_ins;	       /* doc_insert()'s, by index in entity_all */
	size_t nlater, cap_later;
	const struct entity **done_e; /* the documents written, to index at the end */
	char **done_ids;
	size_t ndone, cap_done;
};

static uint32_t target_add(struct imp *im, int64_t n, long line)
{
	if (im->ntargets == im->cap_targets) {
		im->cap_targets = im->cap_targets ? 2 * im->cap_targets : 1024;
		im->targets = xreallocarray(im->targets, im->cap_targets, sizeof(*im->targets));
	}
	im->targets[im->ntargets].n = n;
	im->targets[im->ntargets].line = line;
	return (uint32_t)im->ntargets++;
}

static uint32_t ref_id_add(struct imp *im, const char *id)
{
	if (im->nref_ids == im->cap_ref_ids) { /* doubled: not one realloc a company */
		im->cap_ref_ids = im->cap_ref_ids ? 2 * im->cap_ref_ids : 256;
		im->ref_ids = xreallocarray(im->ref_ids, im->cap_ref_ids, sizeof(*im->ref_ids));
	}
	im->ref_ids[im->nref_ids] = xstrdup(id);
	return (uint32_t)im->nref_ids++;
}

/* Every target under hash h, one after the other: *from is the slot to
 * look at next (start with SIZE_MAX). -1 at the end. */
static long hashmap_next(const struct hashmap *m, uint64_t h, size_t *from)
{
	size_t i;

	if (m->cap == 0)
		return -1;
	i = *from == SIZE_MAX ? (size_t)(h ^ (h >> 29)) & (m->cap - 1) : (*from + 1) & (m->cap - 1);
	for (; m->hash[i]; i = (i + 1) & (m->cap - 1))
		if (m->hash[i] == h) {
			*from = i;
			return (long)m->val[i];
		}
	return -1;
}

/* Add h -> v (a hash may have several targets: collisions are confirmed later). */
static void hashmap_put(struct hashmap *m, uint64_t h, uint32_t v)
{
	size_t i;

	if (4 * (m->n + 1) > 3 * m->cap) {
		struct hashmap big = { 0 };
		size_t j;

		big.cap = m->cap ? 2 * m->cap : 4096;
		big.hash = xcalloc(big.cap, sizeof(*big.hash));
		big.val = xcalloc(big.cap, sizeof(*big.val));
		for (j = 0; j < m->cap; j++) {
			if (m->hash[j] == 0)
				continue;
			for (i = (size_t)(m->hash[j] ^ (m->hash[j] >> 29)) & (big.cap - 1);
			     big.hash[i]; i = (i + 1) & (big.cap - 1))
				;
			big.hash[i] = m->hash[j];
			big.val[i] = m->val[j];
		}
		big.n = m->n;
		free(m->hash);
		free(m->val);
		*m = big;
	}
	for (i = (size_t)(h ^ (h >> 29)) & (m->cap - 1); m->hash[i]; i = (i + 1) & (m->cap - 1))
		if (m->hash[i] == h && m->val[i] == v)
			return;
	m->hash[i] = h;
	m->val[i] = v;
	m->n++;
}

static void hashmap_free(struct hashmap *m)
{
	free(m->hash);
	free(m->val);
	memset(m, 0, sizeof(*m));
}

static uint64_t dup_hash(const char *key)
{
	uint64_t h = key_hash(key);

	h ^= h >> 31;
	return h ? h : 1;
}

/* The duplicate keys of r, as "e:..", "p:..", "n:..\x1f..", "i:..". Caller frees each.
 * ids_only: the id alone (a reader whose rows are known by id, io.h). */
static size_t dup_keys(const struct record *r, char **keys, size_t max, bool with_id, bool ids_only)
{
	const struct entity *e = r->entity;
	const char *company = NULL;
	size_t i, n = 0;
	char *k, *name;

	if (with_id && r->id && n < max)
		keys[n++] = xasprintf("i:%s", r->id);
	if (ids_only)
		return n;
	for (i = 0; i < e->nfields && n < max; i++) {
		const struct field *f = &e->fields[i];
		const char *v = r->values[i];

		if (v == NULL)
			continue;
		if (f->type == FT_EMAIL && (k = io_email_key(v)) != NULL) {
			keys[n++] = xasprintf("e:%s", k);
			free(k);
		} else if (f->type == FT_PHONE && (k = io_phone_key(v)) != NULL) {
			keys[n++] = xasprintf("p:%s", k);
			free(k);
		}
		if (strcmp(f->key, "company") == 0 ||
		    (f->type == FT_REF && strcmp(f->ref, "account") == 0 && company == NULL))
			company = v;
	}
	name = io_name_key(e->title_key ? record_get(r, e->title_key) : NULL);
	if (name && n < max) {
		k = io_name_key(company);
		keys[n++] = xasprintf("n:%s\x1f%s", name, k ? k : "");
		free(k);
	}
	free(name);
	return n;
}

/* Remember the n keys as those of target t. */
static void dup_remember_keys(struct imp *im, char *const *keys, size_t n, uint32_t t)
{
	size_t i;

	for (i = 0; i < n; i++)
		hashmap_put(&im->dups, dup_hash(keys[i]), t);
}

/* Remember the keys of r as those of target t; its id too when with_id (an
 * id made by this import is in no row of the file, nor in a later import). */
static void dup_remember(struct imp *im, const struct record *r, uint32_t t, bool with_id)
{
	char *keys[16];
	size_t n = dup_keys(r, keys, ARRAY_LEN(keys), with_id, im->rd.ops->ids_only), i;

	dup_remember_keys(im, keys, n, t);
	for (i = 0; i < n; i++)
		free(keys[i]);
}

/* The SELECT of every field of e, after "SELECT n, id". */
static char *select_fields(const struct entity *e, const char *where)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	strbuf_adds(&b, "SELECT n, id, owner");
	for (i = 0; i < e->nfields; i++)
		strbuf_addf(&b, ", \"%s\"", e->fields[i].key);
	strbuf_addf(&b, " FROM \"%s\" WHERE %s", e->table, where);
	return strbuf_detach(&b);
}

/* A record of e from a row of select_fields(). Caller frees. */
static struct record *record_of_row(const struct entity *e, sqlite3_stmt *st)
{
	struct record *r = record_new(e);
	size_t i;

	for (i = 0; i < e->nfields; i++) {
		free(r->values[i]);
		r->values[i] = db_column_strdup(st, (int)i + 3);
	}
	r->n = sqlite3_column_int64(st, 0);
	r->id = db_column_strdup(st, 1);
	r->owner = db_column_strdup(st, 2);
	return r;
}

/* The record of target t, read back. Caller frees; NULL on error (status set). */
static struct record *target_record(struct imp *im, uint32_t t)
{
	struct record *r = NULL;
	int rc;

	if (im->by_n == NULL) {
		char *sql = select_fields(im->e, "n = ?");

		rc = sqlite3_prepare_v2(db_handle(im->db), sql, -1, &im->by_n, NULL);
		free(sql);
		if (rc != SQLITE_OK) {
			db_error(im->db, rc, _("reading the database"));
			return NULL;
		}
	}
	sqlite3_bind_int64(im->by_n, 1, im->targets[t].n);
	rc = sqlite3_step(im->by_n);
	if (rc == SQLITE_ROW)
		r = record_of_row(im->e, im->by_n);
	else
		db_error(im->db, rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc,
			 _("reading the database"));
	sqlite3_reset(im->by_n);
	return r;
}

/* Is key one of the keys of r? */
static bool has_key(const struct record *r, const char *key, bool ids_only)
{
	char *keys[16];
	size_t n = dup_keys(r, keys, ARRAY_LEN(keys), true, ids_only), i;
	bool found = false;

	for (i = 0; i < n; i++) {
		found = found || strcmp(keys[i], key) == 0;
		free(keys[i]);
	}
	return found;
}

/* The target whose keys share one of the n keys (of a row), or -1, with *old
 * its record (caller frees) and why the kind of key. */
static long dup_find(struct imp *im, char *const *keys, size_t n, struct record **old,
		     const char **why)
{
	size_t i;
	long found = -1;

	*old = NULL;
	for (i = 0; i < n; i++) {
		size_t from = SIZE_MAX;
		long t;

		while (found < 0 && (t = hashmap_next(&im->dups, dup_hash(keys[i]), &from)) >= 0) {
			struct record *cand = target_record(im, (uint32_t)t);

			if (cand && has_key(cand, keys[i], im->rd.ops->ids_only)) {
				found = t;
				*old = cand;
				*why = keys[i][0] == 'e'   ? _("the same email")
				       : keys[i][0] == 'p' ? _("the same phone")
				       : keys[i][0] == 'i' ? _("the same id")
							   : _("the same name and company");
			} else {
				record_free(&cand);
			}
		}
	}
	return found;
}

/* Load the live records of e as targets, with their duplicate keys. */
static enum status load_existing(struct imp *im)
{
	const struct entity *e = im->e;
	char *sql = select_fields(e, "deleted = 0");
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db_handle(im->db), sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return db_error(im->db, rc, _("reading the database"));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct record *r = record_of_row(e, st);

		dup_remember(im, r, target_add(im, r->n, 0), true);
		record_free(&r);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(im->db, rc, _("reading the database"));
}

/* The index of type e among those written, adding it; -1 if there are too many. */
static int itype_of(struct imp *im, const struct entity *e)
{
	size_t i;

	for (i = 0; i < im->ntypes; i++)
		if (im->types[i].e == e)
			return (int)i;
	if (im->ntypes == IO_MAX_TYPES)
		return -1;
	im->types[im->ntypes].e = e;
	im->tables[im->ntypes].table = e->table;
	im->tables[im->ntypes].fts = e->fts;
	return (int)im->ntypes++;
}

static enum status prepare_insert(struct imp *im, struct itype *t)
{
	const struct entity *e = t->e;
	struct strbuf b = STRBUF_INIT;
	size_t i;
	int rc;

	strbuf_addf(&b,
		    "INSERT INTO \"%s\" (id, rev, created_at, updated_at, owner, updated_by, "
		    "deleted, seq, dirty",
		    e->table);
	for (i = 0; i < e->nfields; i++)
		strbuf_addf(&b, ", \"%s\"", e->fields[i].key);
	strbuf_adds(&b, ") VALUES (?, ?, ?, ?, ?, ?, 0, ?, 1");
	for (i = 0; i < e->nfields; i++)
		strbuf_adds(&b, ", ?");
	strbuf_adds(&b, ")");
	rc = sqlite3_prepare_v3(bulk_handle(im->bulk), strbuf_str(&b), -1,
				SQLITE_PREPARE_PERSISTENT, &t->ins, NULL);
	strbuf_release(&b);
	return rc == SQLITE_OK ? ST_OK : db_error(im->db, rc, _("preparing the import"));
}

/*
 * A new id: random, from a generator seeded once per import by getrandom(2)
 * (uuid_v4() asks the kernel for each one: two system calls a row, 7% of a
 * million-row import's time under perf). Ids of one import are distinct (the
 * generator is a bijection of its counter); those of two imports, or of
 * another device, meet with a chance of the order of 2^-40 at a million rows.
 */
static void imp_uuid(struct imp *im, char out[37])
{
	while (im->rng == 0) {
		/* the seed: 64 bits hashed from a random UUID's 122 */
		uuid_v4(out);
		im->rng = key_hash(out);
	}
	uuid_v4_seeded(&im->rng, out);
}

/* A new revision "1-<32 hex>". */
static void first_rev(struct imp *im, char out[35])
{
	char uuid[37];
	int i, j = 2;

	imp_uuid(im, uuid);
	out[0] = '1';
	out[1] = '-';
	for (i = 0; uuid[i]; i++)
		if (uuid[i] != '-')
			out[j++] = uuid[i];
	out[j] = '\0';
}

/* The change sequence: counted here while rows are inserted (an UPDATE of
 * meta per row was 15% of the time), kept in meta around other writes. */
static enum status seq_load(struct imp *im)
{
	char *v = db_meta_get(im->db, "change_seq");

	im->seq = v ? strtoll(v, NULL, 10) : 0;
	free(v);
	return ST_OK;
}

static enum status seq_save(struct imp *im)
{
	char v[24];

	snprintf(v, sizeof(v), "%lld", (long long)im->seq);
	return db_meta_set(im->db, "change_seq", v);
}

/* The record's fields bound from column first on, as the INSERTs of the
 * bulk path list them: a number as an integer, text as it is, NULL for an
 * empty one. values must outlive the statement's step (bound STATIC). */
static void bind_fields(sqlite3_stmt *ins, int first, const struct entity *e, char **values)
{
	for (size_t i = 0; i < e->nfields; i++) {
		const char *v = values[i];

		if (v == NULL)
			sqlite3_bind_null(ins, first + (int)i);
		else if (entity_type_is_integer(e->fields[i].type))
			sqlite3_bind_int64(ins, first + (int)i, strtoll(v, NULL, 10));
		else
			sqlite3_bind_text(ins, first + (int)i, v, -1, SQLITE_STATIC);
	}
}

/* Write the new record r (its id set) through the load. */
static enum status insert_record(struct imp *im, struct record *r)
{
	int ti = itype_of(im, r->entity);
	struct itype *t = &im->types[ti];
	const struct entity *e = r->entity;
	char rev[35];
	enum status st = ST_OK;
	sqlite3_stmt *ins;
	int rc;

	if (t->ins == NULL && (st = prepare_insert(im, t)) != ST_OK)
		return st;
	if (rules_of(e)->before &&
	    (st = (enum status)rules_of(e)->before(im->db, r, NULL)) != ST_OK)
		return st;
	r->seq = ++im->seq;
	first_rev(im, rev);
	ins = t->ins;
	sqlite3_bind_text(ins, 1, r->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, rev, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 3, r->created_at ? r->created_at : im->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 4, im->now, -1, SQLITE_STATIC);
	db_bind_text(ins, 5, r->owner);
	db_bind_text(ins, 6, im->me);
	sqlite3_bind_int64(ins, 7, r->seq);
	bind_fields(ins, 8, e, r->values);
	rc = sqlite3_step(ins);
	sqlite3_reset(ins);
	sqlite3_clear_bindings(ins);
	if (rc != SQLITE_DONE)
		return db_error(im->db, rc, _("adding a record"));
	r->n = sqlite3_last_insert_rowid(bulk_handle(im->bulk));
	if (e->fts) {
		char *title = search_title(im->db, r), *body = search_text(r, F_BODY);

		st = bulk_fts_row(im->bulk, (size_t)ti, r->n, title, strlen(title), body,
				  strlen(body));
		free(title);
		free(body);
	}
	if (st == ST_OK && rules_of(e)->after && (st = seq_save(im)) == ST_OK) {
		st = (enum status)rules_of(e)->after(im->db, r, NULL);
		seq_load(im);
	}
	return st;
}

/* Give r its owner: the row's (checked by user_may_write()) or the current user's. */
static enum status set_owner(struct imp *im, struct record *r)
{
	enum status st;

	if (r->owner == NULL && im->owner_checked) {
		r->owner = im->my_owner ? xstrdup(im->my_owner) : NULL;
		return ST_OK;
	}
	if (r->owner) /* a column said who: checked for this row */
		return user_may_write(im->db, r, NULL);
	st = user_may_write(im->db, r, NULL);
	if (st == ST_OK) {
		im->owner_checked = true;
		im->my_owner = r->owner ? xstrdup(r->owner) : NULL;
	}
	return st;
}

/* The id of the record of type e titled name, creating it if there is none. */
static enum status ref_by_name(struct imp *im, const struct entity *e, const char *name, long line,
			       char **id)
{
	int ti = itype_of(im, e);
	struct itype *t;
	struct record *r;
	enum status st;
	long found;
	char uuid[37];
	size_t i;

	if (ti < 0)
		return status_set(ST_INVALID, _("too many record types in one import"));
	t = &im->types[ti];
	if (!t->titles_loaded) {
		char *sql = xasprintf("SELECT id, \"%s\" FROM \"%s\" WHERE deleted = 0",
				      e->title_key, e->table);
		sqlite3_stmt *q = NULL;
		int rc = sqlite3_prepare_v2(db_handle(im->db), sql, -1, &q, NULL);

		free(sql);
		while (rc == SQLITE_OK || rc == SQLITE_ROW) {
			if ((rc = sqlite3_step(q)) != SQLITE_ROW)
				break;
			const char *title = (const char *)sqlite3_column_text(q, 1);

			if (title)
				keymap_put(&t->by_title, xstrdup(title),
					   ref_id_add(im, (const char *)sqlite3_column_text(q, 0)));
		}
		sqlite3_finalize(q);
		if (rc != SQLITE_DONE)
			return db_error(im->db, rc, _("reading the database"));
		t->titles_loaded = true;
	}
	found = keymap_get(&t->by_title, name);
	if (found >= 0) {
		*id = xstrdup(im->ref_ids[found]);
		return ST_OK;
	}
	for (i = 0; i < im->npending; i++)
		if (im->pending[i]->entity == e &&
		    strcmp(record_get(im->pending[i], e->title_key), name) == 0) {
			*id = xstrdup(im->pending[i]->id);
			return ST_OK;
		}
	r = record_new(e);
	st = record_input(im->db, r, e->title_key, name);
	if (st == ST_OK)
		st = set_owner(im, r);
	if (st != ST_OK) {
		record_free(&r);
		return st;
	}
	imp_uuid(im, uuid);
	r->id = xstrdup(uuid);
	*id = xstrdup(r->id);
	/* written by pending_write() if the row is, dropped if it is skipped */
	if (im->npending == im->cap_pending) {
		im->cap_pending = im->cap_pending ? 2 * im->cap_pending : 4;
		im->pending = xreallocarray(im->pending, im->cap_pending, sizeof(*im->pending));
	}
	im->pending[im->npending++] = r;
	return ST_OK;
}

/* The records the row refers to by a name not yet known: written now that the
 * row is (a row skipped as a duplicate, or refused, leaves no account behind). */
static enum status pending_write(struct imp *im)
{
	enum status st = ST_OK;
	size_t i;

	for (i = 0; i < im->npending && st == ST_OK; i++)
		st = insert_record(im, im->pending[i]);
	return st;
}

/* The row is written: its pending records are known by name from now on (not
 * before: a row refused after pending_write() is rolled back with them). */
static void pending_keep(struct imp *im)
{
	size_t i;

	for (i = 0; i < im->npending; i++) {
		struct record *r = im->pending[i];
		struct itype *t = &im->types[itype_of(im, r->entity)];

		keymap_put(&t->by_title, xstrdup(record_get(r, r->entity->title_key)),
			   ref_id_add(im, r->id));
		im->res->linked_created++;
	}
}

/* Forget the row's pending records (written or not). */
static void pending_drop(struct imp *im)
{
	size_t i;

	for (i = 0; i < im->npending; i++)
		record_free(&im->pending[i]);
	im->npending = 0;
}

/* The field a column maps to (NULL: ignored), remembered by column name. */
static const char *column_field(struct imp *im, const char *column)
{
	long v = keymap_get(&im->colmap, column);
	const char *f = NULL;
	bool mapped = false;
	size_t i;

	if (v >= 0)
		return im->colfields[v];
	for (i = 0; i < im->opt->nmaps; i++)
		if (strcmp(im->opt->maps[i].column, column) == 0) {
			f = im->opt->maps[i].field[0] ? im->opt->maps[i].field : NULL;
			mapped = true; /* "COLUMN=": ignored */
		}
	if (mapped) {
		/* as given */
	} else {
		f = io_map_column(im->e, column);
	}
	if (f && strcmp(f, "id") != 0 && strcmp(f, "owner") != 0 && strcmp(f, "created_at") != 0 &&
	    !entity_field(im->e, f))
		f = NULL;
	im->colfields = xreallocarray(im->colfields, im->ncolfields + 1, sizeof(*im->colfields));
	im->colfields[im->ncolfields] = f ? xstrdup(f) : NULL;
	keymap_put(&im->colmap, xstrdup(column), (uint32_t)im->ncolfields++);
	{
		struct io_import_result *res = im->res;

		res->columns = xreallocarray(res->columns, res->ncolumns + 1, sizeof(char *));
		res->fields = xreallocarray(res->fields, res->ncolumns + 1, sizeof(char *));
		res->columns[res->ncolumns] = xstrdup(column);
		res->fields[res->ncolumns++] = xstrdup(f ? f : "");
	}
	return f;
}

/* Wrap the message of a failed value in file, line and column. */
static enum status row_error(struct imp *im, enum status st, long line, const char *column)
{
	char *msg = xstrdup(status_message());

	if (column)
		st = status_set(st, _("%s:%ld: column \"%s\": %s"), im->rd.name, line, column, msg);
	else
		st = status_set(st, _("%s:%ld: %s"), im->rd.name, line, msg);
	free(msg);
	return st;
}

/* Which pass of row_record() takes a column mapped to key: currencies first
 * (amounts are read in them), references given by name last (they may create
 * a record, which a bad value elsewhere in the row should not leave behind),
 * and the owner after the id (a user owns itself). */
static int cell_pass(const struct field *f, const char *key, const char *v)
{
	if (f == NULL && strcmp(key, "owner") == 0)
		return 2; /* after the id */
	if (f && f->type == FT_CURRENCY)
		return 0;
	if (f && f->type == FT_REF && strcmp(f->ref, "customer") != 0 &&
	    entity_find(f->ref)->title_key && !validate_uuid(v))
		return 2;
	return 1;
}

/*
 * A date as spreadsheets and address books write it, as YYYY-MM-DD in out:
 * 2026/3/5, 2026.3.5, 2026年3月5日, and Outlook's US 3/5/2026. Outlook's
 * "0/0/00" (no date) gives "". False if v is none of these (record_input()
 * then says what is wrong with it).
 */
static bool spreadsheet_date(const char *v, char out[11])
{
	int a, b, c, n = 0;

	if (strcmp(v, "0/0/00") == 0 || strcmp(v, "0/0/0000") == 0) {
		out[0] = '\0';
		return true;
	}
	if ((sscanf(v, "%4d/%2d/%2d%n", &a, &b, &c, &n) == 3 ||
	     sscanf(v, "%4d.%2d.%2d%n", &a, &b, &c, &n) == 3 ||
	     sscanf(v, "%4d\xe5\xb9\xb4%2d\xe6\x9c\x88%2d\xe6\x97\xa5%n", &a, &b, &c, &n) == 3) &&
	    v[n] == '\0' && a > 999 && a <= 9999 && b >= 1 && b <= 12 && c >= 1 && c <= 31) {
		snprintf(out, 11, "%04d-%02d-%02d", a % 10000, b % 100, c % 100);
		return validate_date(out) == NULL;
	}
	n = 0;
	if (sscanf(v, "%2d/%2d/%4d%n", &b, &c, &a, &n) == 3 && v[n] == '\0' && a > 999 &&
	    a <= 9999 && b >= 1 && b <= 12 && c >= 1 && c <= 31) {
		snprintf(out, 11, "%04d-%02d-%02d", a % 10000, b % 100, c % 100);
		return validate_date(out) == NULL;
	}
	return false;
}

/* A value of several lines (an address book's formatted address) for a
 * one-line field: the lines joined with ", ". Caller frees. */
static char *join_lines(const char *v)
{
	struct strbuf b = STRBUF_INIT;

	for (; *v; v++) {
		if (*v == '\r')
			continue;
		if (*v == '\n') {
			while (b.len > 0 && b.s[b.len - 1] == ' ')
				strbuf_setlen(&b, b.len - 1);
			if (b.len > 0 && v[1] != '\0')
				strbuf_adds(&b, ", ");
			while (v[1] == ' ')
				v++;
			continue;
		}
		strbuf_addc(&b, *v);
	}
	return strbuf_detach(&b);
}

/* Put one value of a row into r. */
static enum status cell_value(struct imp *im, struct record *r, const char *key,
			      const struct field *f, const char *v, long line)
{
	const struct entity *e = r->entity;
	enum status st = ST_OK;
	char *id = NULL;

	if (strcmp(key, "id") == 0) {
		if (r->id == NULL && validate_record_id(v) == NULL)
			r->id = xstrdup(v);
		else if (r->id == NULL)
			st = status_set(ST_INVALID, _("\"%s\" is not a valid id"), v);
	} else if (strcmp(key, "created_at") == 0) {
		char utc[21];

		if (validate_datetime(v, utc) != NULL)
			st = status_set(ST_INVALID, _("\"%s\" is not a date and time"), v);
		else if (r->created_at == NULL)
			r->created_at = xstrdup(utc);
	} else if (strcmp(key, "owner") == 0) {
		/* a user owns itself (its row's id, read before: cell_pass()), and
		 * is not in the database yet when a team's users are imported */
		if (r->owner == NULL && e == &entity_user && r->id && strcmp(v, r->id) == 0)
			r->owner = xstrdup(v);
		else if (r->owner == NULL &&
			 (st = record_resolve(im->db, "user", v, &id, NULL)) == ST_OK)
			record_set(r, "owner", id);
	} else if (r->touched[f - e->fields]) {
		/* a second column for the field: a phone goes to mobile if that is free */
		if (f->type == FT_PHONE && entity_field(e, "mobile") &&
		    !record_touched(r, "mobile"))
			st = record_input(im->db, r, "mobile", v);
	} else if (cell_pass(f, key, v) == 2) {
		st = ref_by_name(im, entity_find(f->ref), v, line, &id);
		if (st == ST_OK)
			record_set(r, key, id);
	} else {
		char date[11], *joined = NULL;

		if (f->type == FT_DATE && spreadsheet_date(v, date))
			v = date;
		if (f->type != FT_NOTE && strchr(v, '\n'))
			v = joined = join_lines(v);
		st = record_input(im->db, r, key, v);
		free(joined);
	}
	free(id);
	return st;
}

/*
 * Google Contacts writes several values in one cell, " ::: " between them
 * ("+86 138... ::: +86 139..."). The first is the field's value; the others
 * are kept as lines "Label: value" in extra (for the notes), or, for tags,
 * become more tags. Returns the value to use (caller frees), or NULL when v
 * holds one value or the type has no notes to keep the others in.
 */
static char *multi_value(const struct entity *e, const char *key, const char *v,
			 struct strbuf *extra)
{
	static const char sep[] = " ::: ";
	const struct field *f, *notes;
	const char *p, *next, *end;
	char *first, *copy = NULL;
	size_t len;

	if (strstr(v, " :::") == NULL) /* one value: the common case, decided at once */
		return NULL;
	len = strlen(v);
	/* "a ::: b ::: " trimmed: the last separator lost its space */
	if (len >= 4 && strcmp(v + len - 4, " :::") == 0)
		v = copy = xasprintf("%s ", v);
	p = strstr(v, sep);
	f = entity_field(e, key);
	notes = entity_field(e, "notes");
	if (p == NULL || f == NULL || strcmp(key, "notes") == 0) {
		free(copy);
		return NULL;
	}
	if (f->type == FT_TAGS) {
		struct strbuf b = STRBUF_INIT;

		for (; p; v = p + strlen(sep), p = strstr(v, sep)) {
			strbuf_add(&b, v, (size_t)(p - v));
			strbuf_addc(&b, ',');
		}
		strbuf_adds(&b, v);
		free(copy);
		return strbuf_detach(&b);
	}
	if (notes == NULL || notes->type != FT_NOTE) {
		free(copy);
		return NULL;
	}
	first = xstrndup(v, (size_t)(p - v));
	for (v = p + strlen(sep); *v; v = next) {
		p = strstr(v, sep);
		end = p ? p : v + strlen(v);
		next = p ? p + strlen(sep) : end;
		while (v < end && *v == ' ')
			v++;
		if (end == v)
			continue;
		if (extra->len)
			strbuf_addc(extra, '\n');
		strbuf_addf(extra, "%s: %.*s", _(f->label), (int)(end - v), v);
	}
	free(copy);
	return first;
}

/* Add the lines of extra to the notes of r. */
static enum status notes_add(struct imp *im, struct record *r, const struct strbuf *extra)
{
	const char *old = record_get(r, "notes");
	char *notes;
	enum status st;

	if (extra->len == 0)
		return ST_OK;
	notes = old ? xasprintf("%s\n%s", old, strbuf_str(extra)) : xstrdup(strbuf_str(extra));
	st = record_input(im->db, r, "notes", notes);
	free(notes);
	return st;
}

/* Turn a row into a new record of im->e (id set if the row had one). */
static enum status row_record(struct imp *im, const struct io_row *row, struct record **out)
{
	const struct entity *e = im->e;
	struct record *r = record_new(e);
	struct strbuf extra = STRBUF_INIT; /* values with no field of their own */
	struct row_cell *cells = im->cells;
	enum status st = ST_OK;
	size_t i, n = 0;
	int pass;

	*out = NULL;
	/* Each cell looked at once: its field, its value trimmed, its pass. */
	if (im->cap_cells < row->ncells) {
		im->cap_cells = row->ncells;
		im->cells = cells = xreallocarray(im->cells, row->ncells, sizeof(*cells));
	}
	for (i = 0; i < row->ncells; i++) {
		const char *col = row->cells[i].name, *v = row->cells[i].value;
		const char *key;
		size_t len;

		key = column_field(im, col);
		if (key == NULL)
			continue;
		while (*v == ' ' || *v == '\t')
			v++;
		len = strlen(v);
		while (len > 0 && (v[len - 1] == ' ' || v[len - 1] == '\t'))
			len--;
		if (len == 0)
			continue;
		cells[n].col = col;
		cells[n].key = key;
		cells[n].f = entity_field(e, key);
		/* the reader's value, or a copy when blanks end it */
		cells[n].copy = v[len] ? xstrndup(v, len) : NULL;
		cells[n].v = cells[n].copy ? cells[n].copy : v;
		cells[n].pass = cell_pass(cells[n].f, key, cells[n].v);
		n++;
	}
	for (pass = 0; pass < 3 && st == ST_OK; pass++) {
		for (i = 0; i < n && st == ST_OK; i++) {
			char *multi;

			if (cells[i].pass != pass)
				continue;
			multi = multi_value(e, cells[i].key, cells[i].v, &extra);
			st = cell_value(im, r, cells[i].key, cells[i].f, multi ? multi : cells[i].v,
					row->line);
			free(multi);
			if (st != ST_OK)
				st = row_error(im, st, row->line, cells[i].col);
		}
	}
	for (i = 0; i < n; i++)
		free(cells[i].copy);
	if (st != ST_OK) {
		strbuf_release(&extra);
		record_free(&r);
		return st;
	}
	st = notes_add(im, r, &extra);
	strbuf_release(&extra);
	if (st != ST_OK) {
		record_free(&r);
		return row_error(im, st, row->line, NULL);
	}
	/* A name from its parts, as address books split it. */
	if (e->title_key && record_get(r, e->title_key) == NULL &&
	    (record_get(r, "given_name") || record_get(r, "family_name"))) {
		const char *g = record_get(r, "given_name"), *fam = record_get(r, "family_name");
		char *name;
		uint32_t cp = 0;

		if (fam)
			utf8_decode(fam, strlen(fam), &cp);
		name = fam && g && utf8_is_cjk(cp) ? xasprintf("%s%s", fam, g)
		       : fam && g		   ? xasprintf("%s %s", g, fam)
						   : xstrdup(g ? g : fam);
		st = record_input(im->db, r, e->title_key, name);
		free(name);
		if (st != ST_OK) {
			record_free(&r);
			return row_error(im, st, row->line, NULL);
		}
	}
	for (i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];

		if ((f->flags & F_REQUIRED) && r->values[i] == NULL) {
			st =
			    status_set(ST_INVALID, _("%s:%ld: no %s: the field \"%s\" is required"),
				       im->rd.name, row->line, _(f->label), f->key);
			record_free(&r);
			return st;
		}
		if (f->type == FT_MONEY && f->currency && r->values[i] &&
		    record_get(r, f->currency) == NULL)
			record_set(r, f->currency, record_default_currency(im->db));
	}
	*out = r;
	return ST_OK;
}

/* Fill the record r duplicates with the row's non-empty values and save it. */
static enum status update_record(struct imp *im, const char *id, const struct record *r)
{
	struct record *old = NULL;
	enum status st = record_load(im->db, im->e, id, &old);
	size_t i;

	if (st != ST_OK)
		return st;
	for (i = 0; i < im->e->nfields; i++)
		if (r->values[i])
			record_set(old, im->e->fields[i].key, r->values[i]);
	if (r->owner && (old->owner == NULL || strcmp(old->owner, r->owner) != 0)) {
		free(old->owner);
		old->owner = xstrdup(r->owner);
	}
	/* record_update() numbers its change from meta change_seq: hand it ours */
	st = seq_save(im);
	if (st == ST_OK)
		st = record_update(im->db, old);
	if (st == ST_OK)
		st = seq_load(im);
	record_free(&old);
	return st;
}

static int report(struct imp *im, long line, enum io_outcome what, const char *title,
		  const char *why)
{
	const struct entity *e = im->row_e ? im->row_e : im->e;

	if (im->opt->report == NULL)
		return 0;
	return im->opt->report(im->opt->ctx, line, what, e ? e->name : "", title, why);
}

/* One row: made into a record, checked for duplicates, written. */
static enum status import_row(struct imp *im, const struct io_row *row)
{
	struct record *r = NULL, *old = NULL;
	const char *why = NULL;
	char *whybuf = NULL, uuid[37], *keys[16];
	enum io_dup_action act = im->on_dup;
	enum status st;
	bool had_id, new_id = false;
	size_t nkeys, i;
	long dup;
	int stop = 0;

	st = row_record(im, row, &r);
	if (st != ST_OK) {
		pending_drop(im);
		return st;
	}
	had_id = r->id != NULL;
	/* the row's keys: looked up now, remembered if the row makes a record */
	nkeys = dup_keys(r, keys, ARRAY_LEN(keys), true, im->rd.ops->ids_only);
	dup = dup_find(im, keys, nkeys, &old, &why);
	if (dup >= 0 && act == IO_DUP_ASK)
		act = im->opt->ask ? im->opt->ask(im->opt->ctx, row->line, record_name(r),
						  record_name(old), why)
				   : IO_DUP_SKIP;
	if (dup >= 0) {
		long line = im->targets[dup].line;

		whybuf = line ? xasprintf(_("%s as line %ld (%s)"), why, line, record_name(old))
			      : xasprintf(_("%s as %s \"%s\""), why, im->e->name, record_name(old));
	}
	if (dup >= 0 && (act == IO_DUP_DEFAULT || act == IO_DUP_SKIP)) {
		im->res->skipped++;
		stop = report(im, row->line, IO_SKIPPED, record_name(r), whybuf);
	} else if (dup >= 0 && act == IO_DUP_UPDATE) {
		st = pending_write(im);
		if (st == ST_OK)
			st = update_record(im, old->id, r);
		if (st == ST_OK) {
			pending_keep(im);
			im->res->updated++;
			stop = report(im, row->line, IO_UPDATED, record_name(r), whybuf);
		}
	} else {
		if (r->id == NULL) {
			imp_uuid(im, uuid);
			r->id = xstrdup(uuid);
		} else if (dup >= 0 && strcmp(r->id, old->id) == 0) {
			/* --on-duplicate create with the same id: a new id */
			free(r->id);
			imp_uuid(im, uuid);
			r->id = xstrdup(uuid);
			new_id = true;
		}
		st = set_owner(im, r);
		if (st == ST_OK)
			st = pending_write(im);
		if (st == ST_OK)
			st = insert_record(im, r);
		if (st == ST_OK && (new_id || rules_of(r->entity)->before)) {
			/* keys that may have changed: a new id, a rule's changes */
			dup_remember(im, r, target_add(im, r->n, row->line), had_id);
		} else if (st == ST_OK) {
			/* the keys looked up: those of the record made (its id is
			 * among them when the row gave it) */
			dup_remember_keys(im, keys, nkeys, target_add(im, r->n, row->line));
		}
		if (st == ST_OK) {
			pending_keep(im);
			im->res->created++;
			stop = report(im, row->line, IO_CREATED, record_name(r),
				      dup >= 0 ? whybuf : NULL);
		}
	}
	if (st != ST_OK && strncmp(status_message(), im->rd.name, strlen(im->rd.name)) != 0)
		st = row_error(im, st, row->line, NULL);
	pending_drop(im);
	for (i = 0; i < nkeys; i++)
		free(keys[i]);
	free(whybuf);
	record_free(&r);
	record_free(&old);
	if (st == ST_OK && stop)
		st = status_set(ST_ERROR, _("the import stopped; nothing was changed"));
	return st;
}

/* ---------------------------------------------------------------- documents */

/*
 * JSON lines are sync's documents (jsonl.c), and an import applies them as a
 * pull applies the server's (src/sync/pull.c): each line is checked by
 * doc_parse() as a pulled document is (a known type, each field of its type
 * and valid, required fields present), and written as it is, with its own
 * id, revision, times, author and owner. A document records what already
 * happened elsewhere, so the rules of a person's new edits (review gates,
 * "use lead convert", a rule filling a field) do not run, as they do not for
 * a pull, and types only salesterm writes (stage changes, logs, history)
 * come in too. What a file adds to the wire's checks: a required reference
 * (a stage change's deal) must name a record here or a document of the file,
 * and the rights of the person importing are those of any write
 * (user_may_write()) once the database has users.
 *
 * A new document is a local change not yet pushed (dirty, a new change
 * sequence) that keeps its revision: the next push asks the server which
 * revisions it lacks (_revs_diff), so a document the server has already (the
 * file came from a database of the same team) is marked sent without a
 * conflict, and one it lacks is sent as the server's own new_edits=false
 * write. A document whose id is here with the same content is skipped as
 * already here, whatever its revision; with other content on_duplicate
 * decides: skip (the default), update (the file's content as a new revision
 * of the record here, a child of its revision: a local edit that syncs
 * without a conflict), create (a new record with a new id). An entry of an
 * append-only type (a log, a history) already here is always skipped.
 */

/* Same fields, owner and deletion? */
static bool doc_same(const struct record *a, const struct record *b)
{
	size_t i;

	for (i = 0; i < a->entity->nfields; i++)
		if (!doc_value_eq(a->values[i], b->values[i]))
			return false;
	return doc_value_eq(a->owner, b->owner) && a->deleted == b->deleted;
}

/* The id of every good document of the file (doc_parse() takes it, of the
 * type imported), before any is applied: a required reference may name a
 * document further down. The bad ones are refused, with their line, when
 * the rows are read. */
static enum status doc_ids(struct imp *im)
{
	struct io_row row;
	enum status st;

	for (;;) {
		struct doc_in in = { 0 };
		cJSON *o;

		memset(&row, 0, sizeof(row));
		st = im->rd.ops->next(&im->rd, &row);
		if (st == ST_NOT_FOUND)
			break;
		if (st != ST_OK)
			continue;
		o = json_parse_exact(row.raw, row.raw_len, NULL);
		if (doc_parse(im->db, o, &in) == ST_OK && in.rec &&
		    (im->opt->entity == NULL || in.rec->entity == im->opt->entity))
			keymap_put(&im->file_ids, xstrdup(in.id), 0);
		doc_in_clear(&in);
		cJSON_Delete(o);
	}
	status_clear();
	im->rd.ops->close(&im->rd);
	return im->rd.ops->open(&im->rd);
}

/* A required reference taken on the word of the file: checked again once
 * every document is in (doc_refs_done()). */
struct doc_ref {
	long line;
	const struct entity *e, *ref; /* ref NULL: a customer, of any type */
	char *id, *key, *value;
};

static void doc_ref_later(struct imp *im, long line, const struct record *r, const struct field *f,
			  const char *v)
{
	struct doc_ref *d;

	if (im->nlater == im->cap_later) {
		im->cap_later = im->cap_later ? 2 * im->cap_later : 256;
		im->later = xreallocarray(im->later, im->cap_later, sizeof(*im->later));
	}
	d = &im->later[im->nlater++];
	d->line = line;
	d->e = r->entity;
	d->ref = strcmp(f->ref, "customer") == 0 ? NULL : entity_find(f->ref);
	d->id = xstrdup(r->id);
	d->key = xstrdup(f->key);
	d->value = xstrdup(v);
}

static void doc_refs_free(struct imp *im)
{
	size_t i;

	for (i = 0; i < im->nlater; i++) {
		free(im->later[i].id);
		free(im->later[i].key);
		free(im->later[i].value);
	}
	free(im->later);
	im->later = NULL;
	im->nlater = im->cap_later = 0;
}

/* The references taken on the word of the file name records now: not so
 * when the document they name was refused (--skip-bad). The import is then
 * refused whole: the document written cannot be taken back alone. */
static enum status doc_refs_done(struct imp *im)
{
	enum status st = ST_OK;
	size_t i;

	for (i = 0; i < im->nlater && st == ST_OK; i++) {
		const struct doc_ref *d = &im->later[i];
		struct record *x = NULL;

		st = store_find(im->db, d->value, d->ref, &x);
		if (st == ST_OK && x == NULL)
			st =
			    status_set(ST_INVALID,
				       _("%s:%ld: document %s (%s): %s: no %s \"%s\": the document "
					 "of the file it names was refused; nothing was changed"),
				       im->rd.name, d->line, d->id, d->e->name, d->key,
				       d->ref ? d->ref->name : "customer", d->value);
		record_free(&x);
	}
	return st;
}

/* Does each required reference of r name a record here or a document of the file? */
static enum status doc_refs(struct imp *im, long line, const struct record *r)
{
	const struct entity *e = r->entity;
	enum status st = ST_OK;
	size_t i;

	for (i = 0; i < e->nfields && st == ST_OK; i++) {
		const struct field *f = &e->fields[i];
		const char *v = r->values[i];
		struct record *x = NULL;

		if (f->type != FT_REF || !(f->flags & F_REQUIRED) || v == NULL)
			continue;
		if (keymap_get(&im->file_ids, v) >= 0) {
			doc_ref_later(im, line, r, f, v);
			continue;
		}
		st = store_find(im->db, v,
				strcmp(f->ref, "customer") == 0 ? NULL : entity_find(f->ref), &x);
		if (st == ST_OK && x == NULL)
			st = status_set(
			    ST_INVALID,
			    _("document %s (%s): %s: no %s \"%s\", neither in the database "
			      "nor in the file"),
			    r->id, e->name, f->key, f->ref, v);
		record_free(&x);
	}
	return st;
}

/* Remember that the record id of type e was written (indexed at the end). */
static void doc_done(struct imp *im, const struct entity *e, const char *id)
{
	if (im->ndone == im->cap_done) {
		im->cap_done = im->cap_done ? 2 * im->cap_done : 1024;
		im->done_e = xreallocarray(im->done_e, im->cap_done, sizeof(*im->done_e));
		im->done_ids = xreallocarray(im->done_ids, im->cap_done, sizeof(*im->done_ids));
	}
	im->done_e[im->ndone] = e;
	im->done_ids[im->ndone++] = xstrdup(id);
}

/* Write the new document r as it is (its id, revision, times, deletion), as
 * a change not yet pushed, with a change sequence counted here (seq_load()):
 * record_store()'s savepoint and sequence update per row were two thirds of
 * the time of 20,000 contacts. */
static enum status doc_insert(struct imp *im, struct record *r)
{
	const struct entity *e = r->entity;
	sqlite3_stmt *ins;
	size_t k, i;
	int rc;

	for (k = 0; entity_all[k] != e; k++)
		;
	if (im->doc_ins[k] == NULL) {
		struct strbuf b = STRBUF_INIT;

		strbuf_addf(&b,
			    "INSERT INTO \"%s\" (id, rev, created_at, updated_at, owner, "
			    "updated_by, deleted, seq, dirty",
			    e->table);
		for (i = 0; i < e->nfields; i++)
			strbuf_addf(&b, ", \"%s\"", e->fields[i].key);
		strbuf_adds(&b, ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1");
		for (i = 0; i < e->nfields; i++)
			strbuf_adds(&b, ", ?");
		strbuf_adds(&b, ")");
		rc = sqlite3_prepare_v3(bulk_handle(im->bulk), strbuf_str(&b), -1,
					SQLITE_PREPARE_PERSISTENT, &im->doc_ins[k], NULL);
		strbuf_release(&b);
		if (rc != SQLITE_OK)
			return db_error(im->db, rc, _("preparing the import"));
	}
	ins = im->doc_ins[k];
	r->seq = ++im->seq;
	sqlite3_bind_text(ins, 1, r->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, r->rev, -1, SQLITE_STATIC);
	db_bind_text(ins, 3, r->created_at);
	db_bind_text(ins, 4, r->updated_at);
	db_bind_text(ins, 5, r->owner);
	db_bind_text(ins, 6, r->updated_by);
	sqlite3_bind_int(ins, 7, r->deleted);
	sqlite3_bind_int64(ins, 8, r->seq);
	bind_fields(ins, 9, e, r->values);
	rc = sqlite3_step(ins);
	sqlite3_reset(ins);
	sqlite3_clear_bindings(ins);
	if (rc != SQLITE_DONE)
		return db_error(im->db, rc, _("adding a record"));
	r->n = sqlite3_last_insert_rowid(bulk_handle(im->bulk));
	return ST_OK;
}

/* One line of JSON lines: a document checked and applied. */
static enum status import_doc(struct imp *im, const struct io_row *row)
{
	cJSON *o = json_parse_exact(row->raw, row->raw_len, NULL);
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "_id"),
		    *rev = cJSON_GetObjectItemCaseSensitive(o, "_rev");
	bool seed = false;
	struct doc_in in = { 0 };
	struct record *r = NULL, *old = NULL;
	enum io_dup_action act = im->on_dup;
	const char *why = NULL;
	char *whybuf = NULL, now[21];
	enum status st = ST_OK;
	int stop = 0;

	im->row_e = NULL;
	if (cJSON_IsString(id) && rev == NULL) {
		/* No revision: a record every database is made with (the stages of
		 * the first migration), never edited. Read as its version here. */
		st = store_find(im->db, id->valuestring, NULL, &old);
		if (st != ST_OK)
			goto out;
		if (old && (old->rev == NULL || *old->rev == '\0')) {
			rev = cJSON_AddStringToObject(o, "_rev",
						      "1-00000000000000000000000000000000");
			seed = true;
		}
		record_free(&old);
	}
	if (!cJSON_IsString(id) || !cJSON_IsString(rev)) {
		st = status_set(ST_INVALID,
				_("%s:%ld: not a document: JSON lines are documents as 'export "
				  "--format jsonl' writes them, each with its \"_id\" and \"_rev\" "
				  "(rows made by hand import as CSV)"),
				im->rd.name, row->line);
		goto out;
	}
	st = doc_parse(im->db, o, &in);
	if (st == ST_OK && in.bare)
		st = status_set(ST_INVALID,
				_("document %s: a deletion without the record's content (no "
				  "\"type\"): only a sync applies it"),
				in.id);
	if (st != ST_OK)
		goto out;
	r = in.rec;
	im->row_e = r->entity;
	if (seed) {
		free(r->rev);
		r->rev = xstrdup("");
	}
	if (im->opt->entity && r->entity != im->opt->entity) {
		st = status_set(ST_INVALID, _("a %s in an import of %s"), r->entity->name,
				_(im->opt->entity->plural));
		goto out;
	}
	if (im->res->type[0] == '\0')
		snprintf(im->res->type, sizeof(im->res->type), "%s", r->entity->name);
	else if (strcmp(im->res->type, r->entity->name) != 0)
		snprintf(im->res->type, sizeof(im->res->type), "*");
	st = doc_refs(im, row->line, r);
	if (st == ST_OK)
		st = store_find(im->db, r->id, NULL, &old);
	if (st == ST_OK && old && old->entity != r->entity)
		st = status_set(ST_INVALID, _("document %s: a %s, but that id is a %s here"), r->id,
				r->entity->name, old->entity->name);
	if (st != ST_OK)
		goto out;
	clock_iso_utc(clock_now(), now);
	if (old && doc_same(old, r)) {
		im->res->skipped++;
		stop =
		    report(im, row->line, IO_SKIPPED, record_name(r),
			   doc_value_eq(old->rev, r->rev) ? _("already here")
							  : _("already here, as another revision"));
		goto out;
	}
	if (old && (r->entity->flags & E_APPEND_ONLY)) {
		whybuf = xasprintf(_("%s are a log: the entry here is never changed"),
				   _(r->entity->plural));
		im->res->skipped++;
		stop = report(im, row->line, IO_SKIPPED, record_name(r), whybuf);
		goto out;
	}
	if (old) {
		why = _("the same id, other content");
		if (act == IO_DUP_ASK)
			act = im->opt->ask ? im->opt->ask(im->opt->ctx, row->line, record_name(r),
							  record_name(old), why)
					   : IO_DUP_SKIP;
		if (act == IO_DUP_DEFAULT || act == IO_DUP_SKIP) {
			im->res->skipped++;
			stop = report(im, row->line, IO_SKIPPED, record_name(r), why);
			goto out;
		}
	}
	if (!im->anyone) {
		/* The document's owner as it came: user_may_write() gives a record
		 * without one the current user, as for a person's new record. */
		char *owner = r->owner ? xstrdup(r->owner) : NULL;

		st = user_may_write(im->db, r, act == IO_DUP_UPDATE ? old : NULL);
		free(r->owner);
		r->owner = owner;
		if (st != ST_OK)
			goto out;
	}
	if (old && act == IO_DUP_UPDATE) {
		/* the file's content as the next revision of the record here */
		char *next = record_next_rev(old->rev);

		free(r->rev);
		r->rev = next;
		free(r->created_at);
		r->created_at = xstrdup(old->created_at);
		free(r->updated_at);
		r->updated_at = xstrdup(now);
		free(r->updated_by);
		r->updated_by = im->me ? xstrdup(im->me) : NULL;
		r->n = old->n;
	} else if (old) {
		/* --on-duplicate create: a new record, made here now */
		char uuid[37], first[35];

		imp_uuid(im, uuid);
		first_rev(im, first);
		free(r->id);
		r->id = xstrdup(uuid);
		free(r->rev);
		r->rev = xstrdup(first);
		free(r->created_at);
		r->created_at = xstrdup(now);
		free(r->updated_at);
		r->updated_at = xstrdup(now);
		free(r->updated_by);
		r->updated_by = im->me ? xstrdup(im->me) : NULL;
		r->n = 0;
	}
	r->dirty = true;
	if (r->n == 0) {
		st = doc_insert(im, r);
	} else {
		/* record_store() numbers its change from meta change_seq: hand it ours */
		st = seq_save(im);
		if (st == ST_OK)
			st = record_store(im->db, r);
		if (st == ST_OK)
			st = seq_load(im);
	}
	if (st != ST_OK)
		goto out;
	doc_done(im, r->entity, r->id);
	if (old && act == IO_DUP_UPDATE) {
		im->res->updated++;
		stop = report(im, row->line, IO_UPDATED, record_name(r), why);
	} else {
		im->res->created++;
		stop = report(im, row->line, IO_CREATED, record_name(r), old ? why : NULL);
	}
out:
	if (st != ST_OK && strncmp(status_message(), im->rd.name, strlen(im->rd.name)) != 0)
		st = row_error(im, st, row->line, NULL);
	free(whybuf);
	record_free(&old);
	doc_in_clear(&in);
	cJSON_Delete(o);
	if (st == ST_OK && stop)
		st = status_set(ST_ERROR, _("the import stopped; nothing was changed"));
	return st;
}

/* The search index rows of the documents written, once they all are: a
 * contact's row names its account, which may come later in the file. */
static enum status doc_index(struct imp *im)
{
	enum status st = ST_OK;
	size_t i;

	for (i = 0; i < im->ndone && st == ST_OK; i++) {
		struct record *r = NULL;

		st = record_load(im->db, im->done_e[i], im->done_ids[i], &r);
		if (st == ST_OK)
			st = r->deleted ? search_unindex(im->db, r->entity, r->n)
					: search_index(im->db, r);
		record_free(&r);
	}
	return st;
}

void io_import_result_clear(struct io_import_result *res)
{
	size_t i;

	for (i = 0; i < res->ncolumns; i++) {
		free(res->columns[i]);
		free(res->fields[i]);
	}
	free(res->columns);
	free(res->fields);
	for (i = 0; i < res->nnotes; i++)
		free(res->notes[i]);
	free(res->notes);
	memset(res, 0, sizeof(*res));
}

static void imp_free(struct imp *im)
{
	size_t i;

	for (i = 0; i < im->ntypes; i++) {
		sqlite3_finalize(im->types[i].ins);
		keymap_free(&im->types[i].by_title);
	}
	free(im->targets);
	hashmap_free(&im->dups);
	sqlite3_finalize(im->by_n);
	for (i = 0; i < im->nref_ids; i++)
		free(im->ref_ids[i]);
	free(im->ref_ids);
	keymap_free(&im->colmap);
	for (i = 0; i < im->ncolfields; i++)
		free(im->colfields[i]);
	free(im->colfields);
	free(im->cells);
	pending_drop(im);
	free(im->pending);
	free(im->me);
	free(im->my_owner);
	keymap_free(&im->file_ids);
	doc_refs_free(im);
	free(im->doc_tables);
	free(im->doc_ins);
	for (i = 0; i < im->ndone; i++)
		free(im->done_ids[i]);
	free(im->done_ids);
	free(im->done_e);
	if (im->rd.ops)
		im->rd.ops->close(&im->rd);
	/* notes not handed to the result */
	for (i = 0; i < im->rd.nnotes; i++)
		free(im->rd.notes[i]);
	free(im->rd.notes);
}

/* A savepoint per row when bad rows are skipped: a row refused half-way takes
 * back what it wrote (a record it created for a reference, a rule's writes). */
static bool row_savepoints(const struct imp *im)
{
	return im->opt->skip_bad != NULL;
}

/* The pages of the input (map_input()) before upto are read: give them back,
 * so a file of a million rows is not all resident at once. They read as zeros
 * after: only for the readers that never look back (CSV copies its header,
 * JSON lines reads a line at a time, vCard a card), not a calendar (its tree
 * is parsed whole, and a calendar is small). */
static void input_release(struct imp *im, const char *upto)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), end;

	if (upto < im->map || upto > im->map + im->map_len)
		return;
	end = (size_t)(upto - im->map) / page * page;
	if (end > im->map_released) {
		madvise(im->map + im->map_released, end - im->map_released, MADV_DONTNEED);
		im->map_released = end;
	}
}

/* Read the rows and write them; the load is open. */
static enum status import_rows(struct imp *im, uint64_t total)
{
	struct io_row row;
	enum status st;
	bool sp = row_savepoints(im);
	int64_t n = 0;

	for (;;) {
		bool in_sp = false;

		memset(&row, 0, sizeof(row));
		st = im->rd.ops->next(&im->rd, &row);
		if (st == ST_NOT_FOUND)
			return ST_OK;
		if (st == ST_OK && sp) {
			st = db_exec(im->db, "SAVEPOINT import_row");
			in_sp = st == ST_OK;
		}
		if (st == ST_OK)
			st = im->docs ? import_doc(im, &row) : import_row(im, &row);
		if (in_sp && st == ST_OK) {
			st = db_exec(im->db, "RELEASE import_row");
		} else if (in_sp && row.raw) {
			/* keep the row's reason, not the rollback's */
			char *why = xstrdup(status_message());

			db_exec(im->db, "ROLLBACK TO import_row; RELEASE import_row");
			status_set(st, "%s", why);
			free(why);
		}
		if (st != ST_OK && im->opt->skip_bad && row.raw && st != ST_DB && st != ST_FULL &&
		    st != ST_IO && st != ST_BUSY && st != ST_ERROR) {
			im->rd.ops->reject(&im->rd, im->opt->skip_bad, &row, status_message(),
					   !im->rejected_any);
			im->rejected_any = true;
			im->res->rejected++;
			report(im, row.line, IO_REJECTED, "", status_message());
			st = ST_OK;
		}
		if (st != ST_OK)
			return st;
		im->res->rows++;
		if (im->map && im->res->rows % 1000 == 0 && im->rd.ops != &io_ics_reader)
			input_release(im, row.raw);
		if (im->opt->progress && ++n % 1000 == 0 &&
		    im->opt->progress(im->opt->ctx, (uint64_t)(row.raw - im->rd.text), total,
				      im->res->rows))
			return status_set(ST_ERROR,
					  _("the import was cancelled; nothing was changed"));
	}
}

/* A JSON lines import: its documents applied in one transaction (import_doc()). */
static enum status import_docs(struct imp *im, uint64_t total)
{
	struct db *db = im->db;
	enum status st = doc_ids(im);
	size_t i;

	if (st != ST_OK)
		return st;
	/* A bulk load of every table (src/bulk.h): its page cache and journal,
	 * its search index merging; rows go through record_store() as a pull's. */
	for (i = 0; entity_all[i]; i++)
		;
	im->doc_tables = xcalloc(i, sizeof(*im->doc_tables));
	for (i = 0; entity_all[i]; i++) {
		im->doc_tables[i].table = entity_all[i]->table;
		im->doc_tables[i].fts = entity_all[i]->fts;
	}
	im->doc_ins = xcalloc(i, sizeof(*im->doc_ins));
	st = bulk_begin(db, im->doc_tables, i, BULK_SMALL_CACHE, NULL, NULL, &im->bulk);
	if (st != ST_OK)
		return st;
	seq_load(im);
	im->me = user_current_id(db);
	im->anyone = im->me == NULL && !user_any(db);
	/* indexed once every document is in (doc_index()) */
	search_hold(db, true);
	st = import_rows(im, total);
	search_hold(db, false);
	if (st == ST_OK)
		st = seq_save(im);
	/* statements of the load go before it ends */
	for (i = 0; entity_all[i]; i++) {
		sqlite3_finalize(im->doc_ins[i]);
		im->doc_ins[i] = NULL;
	}
	if (st == ST_OK)
		st = doc_refs_done(im);
	if (st == ST_OK && !im->opt->dry_run)
		st = doc_index(im);
	if (st == ST_OK && im->opt->progress &&
	    im->opt->progress(im->opt->ctx, total, total, im->res->rows))
		st = status_set(ST_ERROR, _("the import was cancelled; nothing was changed"));
	if (st == ST_OK && !im->opt->dry_run && im->res->created + im->res->updated > 0)
		return bulk_end(&im->bulk, ST_OK);
	bulk_end(&im->bulk, ST_INVALID);
	if (st == ST_OK)
		status_clear();
	return st;
}

static enum status import_check(struct db *db, void *ctx)
{
	struct imp *im = ctx;

	(void)db;
	im->me = user_current_id(im->db);
	seq_load(im);
	return load_existing(im);
}

/*
 * The whole file at path into b. Not strbuf_read_file(): that refuses a NUL
 * byte outright, and decode() says on which line it is.
 */
static enum status read_input(const char *path, struct strbuf *b)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL)
		return status_set(ST_IO, _("cannot read %s: %s"), path, strerror(errno));
	do {
		if (b->len > IO_MAX_INPUT) {
			fclose(f);
			return status_set(ST_INVALID, _("%s: more than %zu bytes"), path,
					  (size_t)IO_MAX_INPUT);
		}
		strbuf_grow(b, 1 << 20);
		n = fread(b->s + b->len, 1, b->cap - b->len - 1, f);
		strbuf_setlen(b, b->len + n);
	} while (n > 0);
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		return status_set(ST_IO, _("cannot read %s: %s"), path, strerror(e));
	}
	fclose(f);
	return ST_OK;
}

/*
 * The file at path read into anonymous memory *map (its length *len), or NULL
 * when it is not a regular file or is empty or too big (read_input() then
 * reads it or says why). Read, not mapped: a file mapped and then cut short
 * by another program (a spreadsheet saving over it) kills the process with
 * SIGBUS on the next page read, where a read() sees the bytes there were.
 * Anonymous memory rather than a strbuf: the pages the rows have been read
 * from are given back as the import goes (input_release()), as the mapping
 * gave them back. A file whose size or time changes while it is read is
 * refused: what was read may be half of the old file and half of the new.
 * The memory is one byte longer than the file, so the text ends in a NUL.
 */
static enum status map_input(const char *path, char **map, size_t *len)
{
	struct stat sb, sa;
	enum status st = ST_OK;
	size_t got = 0;
	void *m;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*map = NULL;
	*len = 0;
	if (fd < 0)
		return ST_OK;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size <= 0 ||
	    (uint64_t)sb.st_size > IO_MAX_INPUT) {
		close(fd);
		return ST_OK;
	}
	m = mmap(NULL, (size_t)sb.st_size + 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (m == MAP_FAILED) {
		close(fd);
		return ST_OK;
	}
	while (got < (size_t)sb.st_size) {
		ssize_t n = read(fd, (char *)m + got, (size_t)sb.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			st = status_set(ST_IO, _("cannot read %s: %s"), path, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (st == ST_OK &&
	    (got != (size_t)sb.st_size || fstat(fd, &sa) != 0 || sa.st_size != sb.st_size ||
	     sa.st_mtim.tv_sec != sb.st_mtim.tv_sec || sa.st_mtim.tv_nsec != sb.st_mtim.tv_nsec))
		st = status_set(ST_IO,
				_("%s changed while it was read (another program is writing it?); "
				  "nothing was changed: import it again when it is written"),
				path);
	close(fd);
	if (st != ST_OK) {
		munmap(m, (size_t)sb.st_size + 1);
		return st;
	}
	*map = m;
	*len = (size_t)sb.st_size;
	return ST_OK;
}

/* Pick the format: the one named, else the reader whose sniff() is surest. */
static const struct io_reader_ops *pick_reader(const char *format, const char *text, size_t len,
					       const char *name)
{
	const struct io_reader_ops *best = NULL;
	int score = 0;
	size_t i;

	if (format)
		return io_reader_find(format);
	for (i = 0; i < ARRAY_LEN(readers); i++) {
		int s = readers[i]->sniff(text, len, name);

		if (s > score) {
			score = s;
			best = readers[i];
		}
	}
	return best;
}

enum status io_import(struct db *db, const char *path, const char *data, size_t len,
		      const struct io_import_options *opt, struct io_import_result *res)
{
	struct imp im = { .db = db, .opt = opt, .res = res };
	struct strbuf raw = STRBUF_INIT, text = STRBUF_INIT;
	const char *name = path ? path : "-", *utf8;
	size_t skip = 0, ulen;
	unsigned flags = 0;
	enum status st;

	memset(res, 0, sizeof(*res));
	if (db_readonly(db))
		return status_set(ST_READONLY,
				  _("%s: the database is read-only; nothing was changed"),
				  db_path(db));
	if (data == NULL && (st = map_input(path, &im.map, &im.map_len)) != ST_OK)
		return st;
	if (im.map) {
		data = im.map;
		len = im.map_len;
	} else if (data == NULL) {
		st = read_input(path, &raw);
		if (st != ST_OK) {
			strbuf_release(&raw);
			return st;
		}
		data = strbuf_str(&raw);
		len = raw.len;
	}
	st = decode(name, data, len, opt->encoding, &text, &skip, res->encoding);
	if (st != ST_OK)
		goto out;
	if (text.s) { /* converted: the original goes */
		strbuf_release(&raw);
		if (im.map)
			munmap(im.map, im.map_len + 1);
		im.map = NULL;
		utf8 = text.s;
		ulen = text.len;
	} else {
		utf8 = data + skip;
		ulen = len - skip;
	}
	im.rd.ops = pick_reader(opt->format, utf8, ulen, path);
	if (im.rd.ops == NULL) {
		st = status_set(ST_INVALID, _("unknown format \"%s\": csv, jsonl, vcard or ics"),
				opt->format ? opt->format : "");
		goto out;
	}
	snprintf(res->format, sizeof(res->format), "%s", im.rd.ops->name);
	im.rd.text = utf8;
	im.rd.len = ulen;
	im.rd.name = name;
	im.rd.window_days = opt->window_days;
	im.on_dup = opt->on_duplicate;
	if (im.on_dup == IO_DUP_DEFAULT && im.rd.ops->ids_only)
		im.on_dup = IO_DUP_UPDATE;
	st = im.rd.ops->open(&im.rd);
	im.e = opt->entity;
	if (st == ST_OK && im.rd.ops == &io_jsonl_reader) {
		/* documents, of any type unless --type says which */
		im.docs = true;
		st = import_docs(&im, ulen);
		if (strcmp(res->type, "*") == 0)
			res->type[0] = '\0'; /* of several types */
		goto out;
	}
	if (st != ST_OK)
		goto out;
	if (im.e == NULL)
		im.e = im.rd.ops == &io_ics_reader ? &entity_activity : &entity_contact;
	if (im.rd.ops == &io_ics_reader && im.e != &entity_activity) {
		st = status_set(ST_INVALID, _("%s: a calendar's events are activities, not %s"),
				name, _(im.e->plural));
		goto out;
	}
	snprintf(res->type, sizeof(res->type), "%s", im.e->name);
	if (im.e->flags & (E_HISTORY | E_APPEND_ONLY)) {
		st = status_set(ST_INVALID,
				_("%s are written by salesterm itself: they cannot be "
				  "imported"),
				im.e->plural);
		goto out;
	}
	itype_of(&im, im.e);
	if (im.e == &entity_contact || im.e == &entity_lead || im.e == &entity_opportunity)
		itype_of(&im, &entity_account);
	clock_iso_utc(clock_now(), im.now);
	/* A big file into a small table: rebuilding the indexes beats updating them.
	 * Updates go through the record layer, which writes the search index itself. */
	if (!opt->dry_run && ulen > (1u << 20))
		flags |= BULK_DROP_INDEXES | BULK_SMALL_CACHE;
	if (!opt->dry_run && im.on_dup != IO_DUP_UPDATE && im.on_dup != IO_DUP_ASK &&
	    opt->skip_bad == NULL)
		flags |= BULK_THREADS;
	st = bulk_begin(db, im.tables, im.ntypes, flags, import_check, &im, &im.bulk);
	if (st != ST_OK)
		goto out;
	st = import_rows(&im, ulen);
	/* The rows are read: the input goes before the indexes are built, the
	 * load's peak of memory (a million rows: 118 MB of CSV). */
	strbuf_release(&text);
	strbuf_release(&raw);
	if (im.map)
		munmap(im.map, im.map_len + 1);
	im.map = NULL;
	im.rd.text = NULL;
	if (im.rejected_any && im.rd.ops->trailer)
		fputs(im.rd.ops->trailer, opt->skip_bad);
	if (st == ST_OK)
		st = seq_save(&im);
	if (st == ST_OK && opt->progress && opt->progress(opt->ctx, ulen, ulen, res->rows))
		st = status_set(ST_ERROR, _("the import was cancelled; nothing was changed"));
	/* statements of the load go before it ends */
	{
		size_t i;

		for (i = 0; i < im.ntypes; i++) {
			sqlite3_finalize(im.types[i].ins);
			im.types[i].ins = NULL;
		}
		sqlite3_finalize(im.by_n);
		im.by_n = NULL;
	}
	if (st == ST_OK && !opt->dry_run && res->created + res->updated == 0) {
		/* nothing to write: not even the search index's housekeeping */
		bulk_end(&im.bulk, ST_INVALID);
		status_clear();
	} else if (st == ST_OK && opt->dry_run) {
		bulk_end(&im.bulk, ST_INVALID);
		status_clear();
	} else {
		st = bulk_end(&im.bulk, st);
	}
out:
	if (im.map)
		munmap(im.map, im.map_len + 1);
	res->notes = im.rd.notes;
	res->nnotes = im.rd.nnotes;
	im.rd.notes = NULL;
	im.rd.nnotes = 0;
	imp_free(&im);
	strbuf_release(&text);
	strbuf_release(&raw);
	if (st != ST_OK) {
		int64_t rows = res->rows;

		/* nothing was written: the counts say what would have been */
		res->created = res->updated = 0;
		res->rows = rows;
	}
	return st;
}
