/* test_io.c - import and export (src/io/): CSV, JSON lines, encodings, duplicates, bad rows. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <regex.h>
#include <unistd.h>

#include "db.h"
#include "entity.h"
#include "fixture.h"
#include "io/io.h"
#include "record.h"
#include "search.h"
#include "tap.h"
#include "xalloc.h"

#define NOW "2026-11-23T09:00:00Z"

/* Does got match the extended regular expression re? */
static int like(const char *got, const char *re, const char *what)
{
	regex_t rx;
	int m = 0;

	if (got && regcomp(&rx, re, REG_EXTENDED | REG_NOSUB) == 0) {
		m = regexec(&rx, got, 0, NULL, 0) == 0;
		regfree(&rx);
	}
	if (!m)
		printf("# got: %s\n# want: /%s/\n", got ? got : "(null)", re);
	return ok(m, "%s", what);
}

static long long query_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char *query_text(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	char *v = NULL;

	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = db_column_strdup(st, 0);
	sqlite3_finalize(st);
	return v;
}

static struct db *fresh(void)
{
	struct db *db = NULL;

	if (db_open(":memory:", DB_CREATE, &db) != ST_OK)
		printf("# open: %s\n", status_message());
	return db;
}

/* Import text as CSV with default options but for dup and dry. */
static enum status import_csv(struct db *db, const char *text, enum io_dup_action dup, bool dry,
			      struct io_import_result *res)
{
	struct io_import_options opt = { .on_duplicate = dup, .dry_run = dry, .format = "csv" };

	return io_import(db, NULL, text, strlen(text), &opt, res);
}

static long long contacts(struct db *db)
{
	return query_int(db, "SELECT count(*) FROM contact WHERE deleted = 0");
}

static void test_keys(void)
{
	char *a = io_phone_key("+86 138-0013-8000"), *b = io_phone_key("13800138000");
	char *c = io_phone_key("0086 138 0013 8000");

	is_str(a, "13800138000", "a +86 phone is normalised");
	is_str(b, "13800138000", "a bare mobile is itself");
	is_str(c, "13800138000", "0086 too");
	free(a), free(b), free(c);
	a = io_name_key("  José   GARCÍA ");
	b = io_name_key("jose garcia");
	is_str(a, b, "Latin names compare without case and accents");
	free(a), free(b);
	a = io_name_key("张伟");
	b = io_name_key("张 伟");
	ok(strcmp(a, b) != 0, "CJK names compare exactly");
	free(a), free(b);
	a = io_email_key("Zhang.Wei@Example.COM");
	is_str(a, "zhang.wei@example.com", "emails compare without case");
	free(a);
}

static void test_mapping(void)
{
	is_str(io_map_column(&entity_contact, "姓名"), "name", "姓名 is name");
	is_str(io_map_column(&entity_contact, "手机"), "mobile", "手机 is mobile");
	is_str(io_map_column(&entity_contact, "电话"), "phone", "电话 is phone");
	is_str(io_map_column(&entity_contact, "公司"), "account", "公司 is a contact's account");
	is_str(io_map_column(&entity_lead, "公司"), "company", "公司 is a lead's company");
	is_str(io_map_column(&entity_contact, "职位"), "title", "职位 is title");
	is_str(io_map_column(&entity_contact, "邮箱"), "email", "邮箱 is email");
	is_str(io_map_column(&entity_contact, "地址"), "address", "地址 is address");
	is_str(io_map_column(&entity_contact, "备注"), "notes", "备注 is notes");
	is_str(io_map_column(&entity_contact, "電話"), "phone", "電話 (Traditional) is phone");
	is_str(io_map_column(&entity_contact, "手機"), "mobile", "手機 is mobile");
	is_str(io_map_column(&entity_contact, "職稱"), "title", "職稱 is title");
	is_str(io_map_column(&entity_contact, "電子郵件"), "email", "電子郵件 is email");
	is_str(io_map_column(&entity_contact, "備註"), "notes", "備註 is notes");
	is_str(io_map_column(&entity_contact, "聯絡人"), "name", "聯絡人 is name");
	is_str(io_map_column(&entity_lead, "公司名稱"), "company", "公司名稱 is a lead's company");
	is_str(io_map_column(&entity_contact, "負責人"), "owner", "負責人 is owner");
	is_str(io_map_column(&entity_contact, "E-mail Address"), "email", "Outlook's email");
	is_str(io_map_column(&entity_contact, "Given Name"), "given_name", "Google's given name");
	is_str(io_map_column(&entity_contact, "Phone 1 - Value"), "phone", "Google's phone");
	ok(io_map_column(&entity_contact, "Favourite colour") == NULL,
	   "an unknown column is ignored");
}

static void test_csv(void)
{
	struct db *db = fresh();
	struct io_import_result res;
	enum status st;
	char *v;

	st = import_csv(
	    db,
	    "姓名,手机,邮箱,公司,备注\r\n"
	    "张伟,+86 138-0013-8000,zhang.wei@example.com,华信科技,\"a, b\r\n\"\"c\"\"\"\r\n"
	    "\r\n"
	    "Li Na,13900000000,,,\r\n",
	    IO_DUP_DEFAULT, false, &res);
	is_int(st, ST_OK, "a CSV with Chinese headers, CRLF, quotes and newlines imports");
	is_int(res.created, 2, "two contacts created");
	is_int(res.linked_created, 1, "and the account named in 公司");
	is_int(contacts(db), 2, "two contacts stored");
	v = query_text(db, "SELECT notes FROM contact WHERE name = '张伟'");
	is_str(v, "a, b\n\"c\"", "a quoted field keeps its comma, newline and quotes");
	free(v);
	v = query_text(db, "SELECT a.name FROM contact c JOIN account a ON a.id = c.account "
			   "WHERE c.name = '张伟'");
	is_str(v, "华信科技", "the contact refers to the account made for it");
	free(v);
	is_int(query_int(db, "SELECT count(*) FROM contact_fts WHERE contact_fts MATCH '张'"), 1,
	       "imported contacts are found by search");
	is_int(query_int(db, "SELECT count(*) FROM contact WHERE dirty = 1 AND rev LIKE '1-%' AND "
			     "seq > 0"),
	       2, "they are changes to sync, with a revision and a sequence");
	is_int(query_int(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'change_seq'"),
	       query_int(db, "SELECT max(seq) FROM (SELECT seq FROM contact UNION ALL SELECT seq "
			     "FROM account)"),
	       "meta change_seq is the last sequence number used");
	io_import_result_clear(&res);

	/* duplicates: the default skips, and says so */
	st = import_csv(db,
			"Name,Phone,Email\n"
			"Wei Zhang,13800138000,\n"
			"Someone,,ZHANG.WEI@example.com\n"
			"li na,,\n"
			"New One,12345678,\n"
			"New Two,+86 1234 5678,\n",
			IO_DUP_DEFAULT, false, &res);
	is_int(st, ST_OK, "a file of duplicates imports");
	is_int(res.skipped, 3, "duplicates by phone, email and name are skipped");
	is_int(res.created, 2, "one new contact, and one that duplicates it... ");
	io_import_result_clear(&res);
	st = import_csv(db, "Name,Phone\nA,555 1234\nB,5551234\n", IO_DUP_DEFAULT, false, &res);
	is_int(res.created, 1, "a row duplicating an earlier row of the file is skipped");
	is_int(res.skipped, 1, "counted as skipped");
	io_import_result_clear(&res);

	/* update fills the existing record */
	st = import_csv(db, "姓名,手机,职位\n张伟,13800138000,经理\n", IO_DUP_UPDATE, false, &res);
	is_int(st, ST_OK, "--on-duplicate update");
	is_int(res.updated, 1, "updates the duplicate");
	v = query_text(db, "SELECT title FROM contact WHERE name = '张伟'");
	is_str(v, "经理", "with the row's values");
	free(v);
	io_import_result_clear(&res);

	/* create makes one anyway */
	st = import_csv(db, "姓名,手机\n张伟,13800138000\n", IO_DUP_CREATE, false, &res);
	is_int(res.created, 1, "--on-duplicate create creates");
	is_int(query_int(db, "SELECT count(*) FROM contact WHERE name = '张伟'"), 2,
	       "a second 张伟");
	io_import_result_clear(&res);
	db_close(&db);
}

static void test_bad(void)
{
	struct db *db = fresh();
	struct io_import_result res;
	struct io_import_options opt = { .format = "csv" };
	enum status st;
	char *rejects = NULL;
	size_t rlen = 0;
	FILE *f;

	st = import_csv(db, "Name,Email\nA,a@example.com\nB,not-an-email\nC,c@example.com\n",
			IO_DUP_DEFAULT, false, &res);
	is_int(st, ST_INVALID, "a bad value aborts the import");
	like(status_message(), "^-:3: column \"Email\": ", "naming the line and column");
	is_int(contacts(db), 0, "and nothing is written");
	io_import_result_clear(&res);

	st = import_csv(db, "Name,Email\nA,a@example.com\nB,b@example.com,extra\n", IO_DUP_DEFAULT,
			false, &res);
	is_int(st, ST_INVALID, "a ragged row aborts");
	like(status_message(), "^-:3: column 3: the row has 3 fields, the header 2",
	     "saying so with its line");
	io_import_result_clear(&res);

	st = import_csv(db, "Name,Notes\nA,\"never closed\nB,x\n", IO_DUP_DEFAULT, false, &res);
	is_int(st, ST_INVALID, "a truncated file aborts");
	like(status_message(), "^-:2: column 2: a quoted field is never closed",
	     "naming where the field started");
	io_import_result_clear(&res);

	st = import_csv(db, "Name\n张伟\n\xd5\xc5\xce\xb0\n", IO_DUP_DEFAULT, false, &res);
	is_int(st, ST_INVALID, "mixed encodings abort");
	like(status_message(), "^-:3: mixed encodings: line 2 is UTF-8", "naming both lines");
	io_import_result_clear(&res);

	opt.on_duplicate = IO_DUP_DEFAULT;
	st = io_import(db, NULL, "Name\nA\n\x00\x01garbage", 16, &opt, &res);
	is_int(st, ST_INVALID, "a NUL byte aborts");
	like(status_message(), "^-:3: a NUL byte: this is not a text file", "naming its line");
	is_int(contacts(db), 0, "nothing written after any of them");
	io_import_result_clear(&res);

	f = open_memstream(&rejects, &rlen);
	opt.skip_bad = f;
	st = io_import(db, NULL, "Name,Email\nA,a@example.com\nB,bad\nC,c@example.com\n",
		       strlen("Name,Email\nA,a@example.com\nB,bad\nC,c@example.com\n"), &opt, &res);
	fclose(f);
	is_int(st, ST_OK, "--skip-bad imports the good rows");
	is_int(res.created, 2, "two of them");
	is_int(res.rejected, 1, "and rejects one");
	like(rejects, "^Name,Email,reason\r\nB,bad,\"?-:3: column \"*Email",
	     "written as CSV with its reason");
	free(rejects);
	io_import_result_clear(&res);
	db_close(&db);
}

static void test_dry_run(void)
{
	struct db *db = fresh();
	struct io_import_result res;
	enum status st = import_csv(db, "Name\nA\nB\n", IO_DUP_DEFAULT, true, &res);

	is_int(st, ST_OK, "a dry run succeeds");
	is_int(res.created, 2, "and counts what it would create");
	is_int(contacts(db), 0, "but writes nothing");
	is_int(query_int(db, "SELECT count(*) FROM contact_fts"), 0, "not even the index");
	io_import_result_clear(&res);
	db_close(&db);
}

static void test_gb18030(void)
{
	struct db *db = fresh();
	struct io_import_result res;
	/* 姓名,手机\r\n张伟,13800138000\r\n in GB18030 */
	const char gb[] = "\xd0\xd5\xc3\xfb,\xca\xd6\xbb\xfa\r\n\xd5\xc5\xce\xb0,13800138000\r\n";
	enum status st = import_csv(db, gb, IO_DUP_DEFAULT, false, &res);
	char *v;

	is_int(st, ST_OK, "a GB18030 file is detected and converted");
	is_str(res.encoding, "GB18030", "the encoding is reported");
	v = query_text(db, "SELECT name FROM contact");
	is_str(v, "张伟", "the name is right");
	free(v);
	io_import_result_clear(&res);
	db_close(&db);
}

static void test_jsonl_round_trip(void)
{
	struct db *db = fresh(), *db2 = fresh();
	static const char *const acme[] = { "name=Acme Ltd", NULL };
	char *acc = fixture_add(db, &entity_account, acme);
	const char *pairs[] = { "name=张伟",
				"phone=+86 138 0013 8000",
				"email=z@example.com",
				"notes=line 1\nline 2 \"quoted\"",
				"do_not_contact=yes",
				"birthday=1990-02-03",
				"tags=vip,key",
				NULL,
				NULL };
	char *acc_pair = xasprintf("account=%s", acc);
	struct io_export_options eo = { .format = "jsonl" };
	struct io_import_options io = { 0 };
	struct io_import_result res;
	char *out1 = NULL, *out2 = NULL, *a1 = NULL, *a2 = NULL;
	size_t l1 = 0, l2 = 0, al1 = 0, al2 = 0;
	int64_t count = 0;
	FILE *f;
	enum status st;

	pairs[7] = acc_pair;
	free(fixture_add(db, &entity_contact, pairs));
	f = open_memstream(&a1, &al1);
	io_export(db, &entity_account, f, &eo, &count);
	fclose(f);
	f = open_memstream(&out1, &l1);
	st = io_export(db, &entity_contact, f, &eo, &count);
	fclose(f);
	is_int(st, ST_OK, "JSON lines export");
	is_int(count, 1, "of one contact");
	setenv("SALESTERM_NOW", "2026-12-01T10:00:00Z", 1);
	st = io_import(db2, NULL, a1, al1, &io, &res);
	is_int(st, ST_OK, "the account imports");
	io_import_result_clear(&res);
	st = io_import(db2, NULL, out1, l1, &io, &res);
	is_int(st, ST_OK, "the contact imports, its type from the file");
	is_int(res.created, 1, "one created");
	is_int(query_int(db2, "SELECT do_not_contact FROM contact"), 1, "a yes/no field is kept");
	io_import_result_clear(&res);
	f = open_memstream(&out2, &l2);
	io_export(db2, &entity_contact, f, &eo, &count);
	fclose(f);
	f = open_memstream(&a2, &al2);
	io_export(db2, &entity_account, f, &eo, &count);
	fclose(f);
	{
		/* every field, the id and the times */
		const char *k1 = strstr(out1, "\"name\""), *k2 = strstr(out2, "\"name\"");
		const char *i1 = strstr(out1, "\"_id\""), *i2 = strstr(out2, "\"_id\"");

		ok(k1 && k2 && i1 && i2 && i1 - k1 == i2 - k2 &&
		       strncmp(k1, k2, (size_t)(i1 - k1)) == 0,
		   "every field is the same after a round trip");
		ok(i1 && i2 && strncmp(i1, i2, 50) == 0, "and so is the id");
		ok(strstr(out2, "\"created_at\":\"2026-11-23T09:00:00Z\"") != NULL,
		   "and the time it was created");
		/* a document records what happened elsewhere: it comes back whole */
		ok(l1 == l2 && memcmp(out1, out2, l1) == 0,
		   "the document comes back byte for byte, revision and times too");
	}
	/* importing the same file again finds the duplicate by id */
	st = io_import(db2, NULL, out1, l1, &io, &res);
	is_int(res.skipped, 1, "a second import of the same file skips the record");
	io_import_result_clear(&res);
	setenv("SALESTERM_NOW", NOW, 1);
	free(out1), free(out2), free(a1), free(a2), free(acc), free(acc_pair);
	db_close(&db);
	db_close(&db2);
}

static void test_export_csv(void)
{
	struct db *db = fresh();
	static const char *const p[] = { "name=O'Brien, \"Pat\"", "notes=two\nlines",
					 "phone=+86 138 0013 8000", NULL };
	struct io_export_options eo = { .format = "csv", .bom = true };
	char *out = NULL;
	size_t len = 0;
	int64_t count;
	FILE *f;

	free(fixture_add(db, &entity_contact, p));
	f = open_memstream(&out, &len);
	is_int(io_export(db, &entity_contact, f, &eo, &count), ST_OK, "CSV export");
	fclose(f);
	ok(strncmp(out, "\xef\xbb\xbfid,name,", 10) == 0, "a BOM, then the header of field keys");
	ok(strstr(out, ",\"O'Brien, \"\"Pat\"\"\",") != NULL,
	   "a field with a comma and quotes is quoted");
	ok(strstr(out, "\"two\nlines\"") != NULL, "a newline stays inside quotes");
	free(out);
	out = NULL;
	eo.bom = false;
	eo.encoding = "gb18030";
	free(fixture_add(db, &entity_contact, (const char *const[]){ "name=张伟", NULL }));
	f = open_memstream(&out, &len);
	is_int(io_export(db, &entity_contact, f, &eo, &count), ST_OK, "GB18030 export");
	fclose(f);
	ok(out && memmem(out, len, "\xd5\xc5\xce\xb0", 4) != NULL, "writes 张伟 in GB18030");
	free(out);
	db_close(&db);
}

/* Blanks around values are trimmed whether the reader's value is copied or
 * not; an export names each row's own account and owner, read once each. */
static void test_export_refs(void)
{
	struct db *db = fresh();
	struct io_import_result res;
	struct io_export_options eo = { .format = "csv" };
	char *out = NULL, *v;
	size_t len = 0;
	int64_t count;
	FILE *f;

	is_int(import_csv(db,
			  "name,company,title\n"
			  "  A1 ,  Acme\t, boss\n"
			  "A2,Beta,\n"
			  "A3, Acme,\n"
			  "A4,Beta ,x \n"
			  "A5,Gamma,\n",
			  IO_DUP_DEFAULT, false, &res),
	       ST_OK, "rows with blanks around their values import");
	is_int(res.linked_created, 3, "three accounts, the blanks aside");
	io_import_result_clear(&res);
	v = query_text(db, "SELECT group_concat(name || '|' || ifnull(title, ''), ';') FROM "
			   "(SELECT name, title FROM contact ORDER BY name)");
	is_str(v, "A1|boss;A2|;A3|;A4|x;A5|", "each value trimmed");
	free(v);
	f = open_memstream(&out, &len);
	is_int(io_export(db, &entity_contact, f, &eo, &count), ST_OK, "CSV export with accounts");
	fclose(f);
	like(out,
	     ",A1,([^,]*,){2}Acme,.*\r\n.*,A2,([^,]*,){2}Beta,.*\r\n.*,A3,([^,]*,){2}Acme,.*"
	     "\r\n.*,A4,([^,]*,){2}Beta,.*\r\n.*,A5,([^,]*,){2}Gamma,",
	     "each row names its own account, alternating");
	free(out);
	db_close(&db);
}

/* A file is mapped when its size is not a whole number of pages, read
 * otherwise: both end where the file does. Sizes around one page, the last
 * row's value padded so the file has that many bytes. */
static void test_file_sizes(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), sizes[3] = { page - 1, page, page + 1 }, i;
	char path[] = "/tmp/test_io_XXXXXX";
	int fd = mkstemp(path);

	for (i = 0; i < 3 && fd >= 0; i++) {
		struct db *db = fresh();
		struct io_import_options opt = { .format = "csv" };
		struct io_import_result res;
		const char *head = "name,notes\nFirst,one\nLast,";
		size_t pad = sizes[i] - strlen(head) - 1; /* the final newline */
		char *body = xmalloc(sizes[i] + 1), *v;

		memcpy(body, head, strlen(head));
		memset(body + strlen(head), 'x', pad);
		body[sizes[i] - 1] = '\n';
		ok(ftruncate(fd, 0) == 0 && pwrite(fd, body, sizes[i], 0) == (ssize_t)sizes[i],
		   "a file of %zu bytes", sizes[i]);
		is_int(io_import(db, path, NULL, 0, &opt, &res), ST_OK, "imports (%zu bytes)",
		       sizes[i]);
		is_int(res.created, 2, "both rows (%zu bytes)", sizes[i]);
		v = query_text(db, "SELECT length(notes) FROM contact WHERE name = 'Last'");
		is_int(v ? atol(v) : -1, (long long)pad,
		       "the last value ends with the file (%zu bytes)", sizes[i]);
		free(v);
		free(body);
		io_import_result_clear(&res);
		db_close(&db);
	}
	if (fd >= 0)
		close(fd);
	unlink(path);
}

/* Import text (no file name: the format is found from the content). */
static enum status import_text(struct db *db, const char *text, FILE *skip_bad,
			       struct io_import_result *res)
{
	struct io_import_options opt = { .skip_bad = skip_bad };

	return io_import(db, NULL, text, strlen(text), &opt, res);
}

static void test_vcard(void)
{
	struct db *db = fresh();
	struct io_import_result res;
	char *v, *out = NULL, *p;
	size_t len = 0;
	FILE *f;
	enum status st;
	int64_t n;
	bool folded_ok = true;
	struct io_export_options eo = { .format = "vcard" };

	st = import_text(db,
			 "begin:vcard\r\nversion:2.1\r\nFN:Folded\r\n at a space\r\n"
			 "NOTE;ENCODING=QUOTED-PRINTABLE:one=0Atwo =\r\nthree\r\n"
			 "BDAY:19850312\r\nTEL;VOICE:tel:+86-10-1234-5678\r\nend:vcard\r\n"
			 "BEGIN:VCARD\nVERSION:3.0\nFN:Back\\\\slash\\, comma\nN:Lee;Ann\n"
			 "NOTE:a\\nb\\;c\n  more\nBDAY:1990-01-31T00:00:00Z\nCATEGORIES:x\\,y,z\n"
			 "CATEGORIES:w\n"
			 "END:VCARD\n",
			 NULL, &res);
	is_int(st, ST_OK, "vCard: found from the content, any case, CRLF or LF");
	is_str(res.format, "vcard", "the format is vcard");
	is_int(res.created, 2, "two cards");
	v = query_text(db, "SELECT name FROM contact WHERE name LIKE 'Folded%'");
	is_str(v, "Folded at a space", "2.1 folding keeps the white space");
	free(v);
	v = query_text(db, "SELECT notes FROM contact WHERE name LIKE 'Folded%'");
	is_str(v, "one\ntwo three", "quoted-printable: =0A and a soft line break");
	free(v);
	v = query_text(db,
		       "SELECT birthday || ' ' || phone FROM contact WHERE name LIKE 'Folded%'");
	is_str(v, "1985-03-12 +86-10-1234-5678",
	       "a basic-format BDAY; a tel: URI without parameters");
	free(v);
	v = query_text(db,
		       "SELECT name || '|' || notes || '|' || birthday || '|' || tags FROM contact "
		       "WHERE family_name = 'Lee'");
	is_str(v, "Back\\slash, comma|a\nb;c more|1990-01-31|x,y,z,w",
	       "3.0: escapes, folding drops one space, a date-time BDAY, CATEGORIES");
	free(v);
	io_import_result_clear(&res);

	/* base64 text in a charset; a photo in base64 is left alone */
	st = import_text(db,
			 "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=GBK;ENCODING=BASE64:1cXOsA==\r\n"
			 "PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQ\r\n\r\nEND:VCARD\r\n",
			 NULL, &res);
	is_int(st, ST_OK, "a card with base64 values");
	v = query_text(db, "SELECT count(*) FROM contact WHERE name = '张伟'");
	is_str(v, "1", "a base64 name in GBK");
	free(v);
	io_import_result_clear(&res);
	st =
	    import_text(db, "BEGIN:VCARD\r\nFN;ENCODING=b:not*base64\r\nEND:VCARD\r\n", NULL, &res);
	like(status_message(), "^-:2: FN: the base64 value is not UTF-8 text",
	     "bad base64 is refused");
	io_import_result_clear(&res);

	/* more addresses than a card keeps apart: the rest go to the notes too */
	st = import_text(db,
			 "BEGIN:VCARD\nFN:Many Places\nADR:;;1;;;;\nADR:;;2;;;;\nADR:;;3;;;;\n"
			 "ADR:;;4;;;;\nADR:;;5;;;;\nADR:;;6;;;;\nADR:;;7;;;;\nADR:;;8;;;;\n"
			 "ADR;TYPE=home:;;9;;;;\nEND:VCARD\n",
			 NULL, &res);
	is_int(st, ST_OK, "a card with nine addresses");
	v = query_text(db,
		       "SELECT address || '|' || notes FROM contact WHERE name = 'Many Places'");
	is_str(v,
	       "1|Address (home): 9\nAddress: 2\nAddress: 3\nAddress: 4\nAddress: 5\n"
	       "Address: 6\nAddress: 7\nAddress: 8",
	       "every address is kept");
	free(v);
	io_import_result_clear(&res);

	/* a card without FN or N is named as a phone shows it */
	st = import_text(db,
			 "BEGIN:VCARD\nVERSION:3.0\nORG:Acme Support\nTEL:400-800-1234\nEND:VCARD\n"
			 "BEGIN:VCARD\nVERSION:3.0\nTEL;TYPE=CELL:13912340000\nEND:VCARD\n",
			 NULL, &res);
	is_int(st, ST_OK, "cards without a name import");
	v = query_text(db, "SELECT group_concat(name, '|') FROM (SELECT name FROM contact WHERE "
			   "given_name IS NULL AND family_name IS NULL ORDER BY name)");
	is_str(v, "13912340000|Acme Support|Folded at a space|Many Places|张伟",
	       "named by their company, else their number");
	free(v);
	io_import_result_clear(&res);

	/* --skip-bad: the rejected card, its reason before END:VCARD */
	f = open_memstream(&out, &len);
	st = import_text(db,
			 "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nEMAIL:bad\r\nEND:VCARD\r\n"
			 "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Y\r\n",
			 f, &res);
	fclose(f);
	is_int(st, ST_OK, "--skip-bad goes on past bad cards");
	is_int(res.rejected, 2, "a bad value and a card without END");
	like(out,
	     "^BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nEMAIL:bad\r\nX-SALESTERM-REASON:-:1: "
	     "column \"email\": .*\r\nEND:VCARD\r\n",
	     "a rejected card is written back with its reason");
	like(out, "FN:Y\r\nX-SALESTERM-REASON:-:6: .*\r\nEND:VCARD\r\n$",
	     "a card without END gets one");
	free(out);
	io_import_result_clear(&res);

	/* export: folded at 75 bytes, never inside a character */
	free(fixture_add(
	    db, &entity_contact,
	    (const char *const[]){ "name=欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜",
				   NULL }));
	out = NULL;
	f = open_memstream(&out, &len);
	st = io_export(db, &entity_contact, f, &eo, &n);
	fclose(f);
	is_int(st, ST_OK, "vCard export");
	is_int(n, 7, "every contact");
	for (p = out; p && *p;) {
		char *eol = strstr(p, "\r\n");

		if (eol == NULL || eol - p > 75 || ((unsigned char)*p & 0xc0) == 0x80 ||
		    (p[0] == ' ' && ((unsigned char)p[1] & 0xc0) == 0x80))
			folded_ok = false;
		p = eol ? eol + 2 : NULL;
	}
	ok(folded_ok, "lines of at most 75 bytes, CRLF, folded between characters");
	like(out, "FN:欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜\r\n 欧阳娜娜\r\n",
	     "a long CJK name folded whole");
	free(out);
	db_close(&db);
}

/* Google Contacts' " ::: " cells: the first value is the field's. */
static void test_multi_value(void)
{
	struct db *db = fresh();
	struct io_import_result res;
	enum status st;
	char *v;

	st = import_csv(db,
			"Name,Phone 1 - Value,Labels,Notes\n"
			"Ann,+86 138 0013 8000 ::: +86 139 0000 1111 ::: ,a ::: b,own note\n",
			IO_DUP_DEFAULT, false, &res);
	is_int(st, ST_OK, "a row with multi-value cells");
	v = query_text(db, "SELECT phone || '|' || notes FROM contact");
	is_str(v, "+86 138 0013 8000|own note\nPhone: +86 139 0000 1111",
	       "the first value to the field, the others to the notes, an empty one dropped");
	free(v);
	io_import_result_clear(&res);
	db_close(&db);
}

int main(void)
{
	setenv("SALESTERM_NOW", NOW, 1);
	test_keys();
	test_mapping();
	test_csv();
	test_bad();
	test_dry_run();
	test_gb18030();
	test_jsonl_round_trip();
	test_export_csv();
	test_export_refs();
	test_file_sizes();
	test_vcard();
	test_multi_value();
	return done_testing();
}
