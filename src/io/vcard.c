/* vcard.c - vCard 2.1, 3.0 and 4.0 in, vCard 3.0 and 4.0 out.
 *
 * The rules (RFC 2426, RFC 6350, the vCard 2.1 specification, and what phones
 * write in practice):
 *   - a file holds cards, each from a line BEGIN:VCARD to a line END:VCARD;
 *     blank lines between them are skipped, anything else between them, and a
 *     card with no END:VCARD before the next BEGIN or the end of the file, is
 *     an error naming its line;
 *   - a line that starts with a space or a tab continues the previous one
 *     (folding): 3.0 and 4.0 drop that one white space, 2.1 keeps it (2.1
 *     folds at white space); a QUOTED-PRINTABLE value whose line ends in '='
 *     continues on the next line (a soft line break, as Android writes);
 *   - NAME;PARAM=V;PARAM=V:value, with a group before the name ("item1.TEL")
 *     ignored and the bare parameters of 2.1 ("TEL;CELL;PREF") read as TYPEs;
 *   - ENCODING=QUOTED-PRINTABLE (or a bare QUOTED-PRINTABLE), and a text in
 *     ENCODING=BASE64 or b (not PHOTO, LOGO, SOUND, KEY), is decoded, then
 *     the bytes are converted from CHARSET= with iconv (GBK and GB2312 read as
 *     GB18030, their superset; Big5; UTF-8); without CHARSET they are taken as
 *     UTF-8, else GB18030. A plain value is UTF-8 already: import.c decoded the
 *     whole file (a file of raw 8-bit GBK is GB18030 to it);
 *   - escapes \\ \, \; \: \n \N; ';' separates the parts of N, ADR and ORG,
 *     ',' the CATEGORIES.
 * The card becomes one row whose columns are field keys (io_map_column() maps
 * them, --map overrides): FN -> name, N -> family_name and given_name, ORG ->
 * company (a contact's account, found or created by name), TITLE, NOTE,
 * BDAY, the first ADR -> address, CATEGORIES -> tags, UID -> id when it is
 * one of ours, X-SALESTERM-<KEY> -> the field KEY. Of the TELs the first
 * CELL goes to mobile and the first other voice number to phone, of the
 * EMAILs the first (a PREF one first) to email; every other TEL, EMAIL and
 * ADR, the URLs, nicknames, departments, roles and a birthday without a year
 * are kept as lines of the notes ("Phone (home): ..."), never lost.
 * A card with no FN and no N is named as a phone shows it: by its ORG, else
 * its email, else its number.
 *
 * Export writes the fields the same way back, CRLF line ends, lines folded at
 * 75 bytes without cutting a UTF-8 character, and every field without a vCard
 * property as X-SALESTERM-<KEY>, so that a round trip keeps all we store.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "entity.h"
#include "i18n.h"
#include "io.h"
#include "strbuf.h"
#include "utf8.h"
#include "validate.h"
#include "xalloc.h"

#define VC_MAX_CELLS 24
#define VC_X_PREFIX "X-SALESTERM-"

struct vc_state {
	const char *p, *end;
	long line; /* the line p is on */
	struct io_cell cells[VC_MAX_CELLS];
	size_t ncells;
};

/* One content line, unfolded: NAME (no group), parameters, value. */
struct vc_line {
	char *name;   /* upper case */
	char *params; /* the text between the name and the ':' ("" if none) */
	char *value;  /* decoded to UTF-8 text, escapes still in */
	long line;
};

/* A TEL, EMAIL or ADR with its types, for picking which goes to the field. */
struct vc_multi {
	char *value;
	char *types; /* lower case, comma-separated: "cell,pref" */
	bool pref;
};

/* ---------------------------------------------------------------- lines */

/* The end of the physical line at p (at '\r' or '\n' or end). */
static const char *vc_eol(const char *p, const char *end)
{
	const char *q = memchr(p, '\n', (size_t)(end - p));

	if (q == NULL)
		q = end;
	if (q > p && q[-1] == '\r')
		q--;
	return q;
}

/* The start of the line after the one ending at eol. */
static const char *vc_next_line(const char *eol, const char *end)
{
	if (eol < end && *eol == '\r')
		eol++;
	if (eol < end && *eol == '\n')
		eol++;
	return eol;
}

/* Is the physical line [p, eol) "WORD:VCARD" (any case, white space around)? */
static bool vc_is(const char *p, const char *eol, const char *word)
{
	size_t n = strlen(word);

	while (p < eol && (*p == ' ' || *p == '\t'))
		p++;
	while (eol > p && (eol[-1] == ' ' || eol[-1] == '\t'))
		eol--;
	return (size_t)(eol - p) == n + 6 && strncasecmp(p, word, n) == 0 &&
	       strncasecmp(p + n, ":VCARD", 6) == 0;
}

static bool vc_blank(const char *p, const char *eol)
{
	for (; p < eol; p++)
		if (*p != ' ' && *p != '\t')
			return false;
	return true;
}

/* Does the name part (before the first ':' outside quotes) of the line say
 * QUOTED-PRINTABLE? */
static bool vc_is_qp(const char *p, const char *eol)
{
	const char *colon = p;
	bool quoted = false;

	for (; colon < eol && (quoted || *colon != ':'); colon++)
		if (*colon == '"')
			quoted = !quoted;
	for (; p + 16 <= colon; p++)
		if (strncasecmp(p, "QUOTED-PRINTABLE", 16) == 0)
			return true;
	return false;
}

/* ---------------------------------------------------------------- values */

static int vc_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Quoted-printable s decoded into b (bytes); "=\n" soft breaks are gone already. */
static void vc_qp_decode(const char *s, struct strbuf *b)
{
	for (; *s; s++) {
		int h, l;

		if (*s == '=' && (h = vc_hex(s[1])) >= 0 && (l = vc_hex(s[2])) >= 0) {
			strbuf_addc(b, (char)(h * 16 + l));
			s += 2;
		} else if (*s == '=' && s[1] == '\0') {
			break; /* a soft break at the very end */
		} else {
			strbuf_addc(b, *s);
		}
	}
}

/* Base64 s decoded into b (white space skipped); false if s is not base64. */
static bool vc_b64_decode(const char *s, struct strbuf *b)
{
	static const char digits[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint32_t acc = 0;
	int bits = 0;

	for (; *s && *s != '='; s++) {
		const char *d;

		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			continue;
		if ((d = strchr(digits, *s)) == NULL)
			return false;
		acc = (acc << 6) | (uint32_t)(d - digits);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			strbuf_addc(b, (char)((acc >> bits) & 0xff));
		}
	}
	for (; *s; s++)
		if (*s != '=' && *s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

/* The value of parameter name in params ("ENCODING"), or NULL. Caller frees.
 * Quotes around it are dropped. */
static char *vc_param(const char *params, const char *name)
{
	size_t n = strlen(name);
	const char *p = params;

	while (*p) {
		const char *end;
		bool quoted = false;

		if (*p == ';') {
			p++;
			continue;
		}
		for (end = p; *end && (quoted || *end != ';'); end++)
			if (*end == '"')
				quoted = !quoted;
		if ((size_t)(end - p) > n && strncasecmp(p, name, n) == 0 && p[n] == '=') {
			const char *v = p + n + 1, *ve = end;

			if (*v == '"' && ve > v + 1 && ve[-1] == '"') {
				v++;
				ve--;
			}
			return xstrndup(v, (size_t)(ve - v));
		}
		p = end;
	}
	return NULL;
}

/* The types of params in lower case, comma-separated: TYPE=a,b;TYPE="c" and
 * the bare parameters of 2.1 (CELL, HOME, PREF...). PREF=1 (4.0) is "pref".
 * Caller frees. */
static char *vc_types(const char *params)
{
	struct strbuf b = STRBUF_INIT;
	const char *p = params;

	while (*p) {
		const char *end, *v = NULL;
		bool quoted = false;

		if (*p == ';') {
			p++;
			continue;
		}
		for (end = p; *end && (quoted || *end != ';'); end++)
			if (*end == '"')
				quoted = !quoted;
		if (end - p > 5 && strncasecmp(p, "TYPE=", 5) == 0)
			v = p + 5;
		else if (memchr(p, '=', (size_t)(end - p)) == NULL)
			v = p; /* 2.1: TEL;CELL;VOICE */
		if (end - p > 5 && strncasecmp(p, "PREF=", 5) == 0) {
			/* 4.0: PREF=1 */
			if (b.len)
				strbuf_addc(&b, ',');
			strbuf_adds(&b, "pref");
		} else if (v) {
			const char *q;

			if (b.len)
				strbuf_addc(&b, ',');
			for (q = v; q < end; q++) {
				if (*q == '"')
					continue;
				strbuf_addc(&b,
					    (*q >= 'A' && *q <= 'Z') ? (char)(*q - 'A' + 'a') : *q);
			}
		}
		p = end;
	}
	return strbuf_detach(&b);
}

/* Is word one of the comma-separated types? */
static bool vc_has_type(const char *types, const char *word)
{
	size_t n = strlen(word);
	const char *p = types;

	while (*p) {
		const char *end = strchr(p, ',');

		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) == n && strncmp(p, word, n) == 0)
			return true;
		p = *end ? end + 1 : end;
	}
	return false;
}

/*
 * The parts of value v separated by an unescaped sep (';' or ','; 0 for one
 * part), unescaped, into parts[]; the last part takes the rest when there are
 * more than max. Returns the count. Caller frees each.
 */
static size_t vc_split(const char *v, char sep, char **parts, size_t max)
{
	struct strbuf b = STRBUF_INIT;
	size_t n = 0;

	for (;; v++) {
		if (*v == '\0' || (*v == sep && n + 1 < max)) {
			parts[n++] = strbuf_detach(&b);
			if (*v == '\0')
				return n;
			continue;
		}
		if (*v == '\\' && v[1]) {
			v++;
			if (*v == 'n' || *v == 'N')
				strbuf_addc(&b, '\n');
			else if (*v == '\\' || *v == ',' || *v == ';' || *v == ':' || *v == '"')
				strbuf_addc(&b, *v);
			else {
				strbuf_addc(&b, '\\');
				strbuf_addc(&b, *v);
			}
			continue;
		}
		if (*v != '\r')
			strbuf_addc(&b, *v);
	}
}

/* v unescaped, as one text. Caller frees. */
static char *vc_text(const char *v)
{
	char *parts[1] = { NULL };

	if (vc_split(v, 0, parts, 1) != 1)
		return xstrdup("");
	return parts[0];
}

/* Convert len bytes of in from charset to UTF-8; NULL if they are not. Caller frees. */
static char *vc_iconv(const char *charset, const char *in, size_t len)
{
	const char *cs = charset;
	iconv_t cd;
	struct strbuf b = STRBUF_INIT;
	char *ip = (char *)in;
	size_t il = len;

	if (strcasecmp(cs, "GBK") == 0 || strcasecmp(cs, "GB2312") == 0 ||
	    strcasecmp(cs, "CP936") == 0)
		cs = "GB18030";
	cd = iconv_open("UTF-8", cs);
	if (cd == (iconv_t)-1)
		return NULL;
	strbuf_grow(&b, 4 * len + 16);
	while (il > 0) {
		char *op = b.s + b.len;
		size_t room = b.cap - b.len - 1, ol = room, r = iconv(cd, &ip, &il, &op, &ol);

		strbuf_setlen(&b, b.len + (room - ol));
		if (r == (size_t)-1 && errno == E2BIG) {
			strbuf_grow(&b, b.cap);
			continue;
		}
		if (r == (size_t)-1) {
			iconv_close(cd);
			strbuf_release(&b);
			return NULL;
		}
	}
	iconv_close(cd);
	return strbuf_detach(&b);
}

/*
 * Parse the unfolded line text into l: the group dropped, the name in upper
 * case, the value decoded (quoted-printable, charset). ST_INVALID naming the
 * line when it has no ':' or its bytes are not of its charset.
 */
static enum status vc_parse_line(struct io_reader *r, char *text, long line, struct vc_line *l)
{
	char *colon = text, *dot, *enc = NULL, *charset = NULL, *p;
	bool quoted = false, qp, b64;
	enum status st = ST_OK;

	memset(l, 0, sizeof(*l));
	l->line = line;
	for (; *colon && (quoted || *colon != ':'); colon++)
		if (*colon == '"')
			quoted = !quoted;
	if (*colon != ':')
		return status_set(ST_INVALID,
				  _("%s:%ld: not a vCard line (NAME:value expected): is the file "
				    "cut short or not a vCard?"),
				  r->name, line);
	*colon = '\0';
	p = strchr(text, ';');
	if (p)
		*p++ = '\0';
	dot = strrchr(text, '.');
	l->name = xstrdup(dot ? dot + 1 : text);
	for (char *c = l->name; *c; c++)
		if (*c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');
	l->params = xstrdup(p ? p : "");
	enc = vc_param(l->params, "ENCODING");
	charset = vc_param(l->params, "CHARSET");
	qp = (enc && strcasecmp(enc, "QUOTED-PRINTABLE") == 0) ||
	     (enc == NULL && vc_is_qp(l->params, l->params + strlen(l->params)));
	/* base64 text (some phones write names so); pictures and keys are not read */
	b64 = enc && (strcasecmp(enc, "B") == 0 || strcasecmp(enc, "BASE64") == 0) &&
	      strcmp(l->name, "PHOTO") != 0 && strcmp(l->name, "LOGO") != 0 &&
	      strcmp(l->name, "SOUND") != 0 && strcmp(l->name, "KEY") != 0;
	if (qp || b64) {
		struct strbuf b = STRBUF_INIT;

		if (qp)
			vc_qp_decode(colon + 1, &b);
		else if (!vc_b64_decode(colon + 1, &b))
			strbuf_addc(&b, '\0'); /* not base64: refused below */
		if (b.len && memchr(b.s, '\0', b.len)) {
			/* =00: no text has it */
		} else if (charset && strcasecmp(charset, "UTF-8") != 0 &&
			   strcasecmp(charset, "UTF8") != 0) {
			l->value = vc_iconv(charset, strbuf_str(&b), b.len);
		} else if (utf8_valid(strbuf_str(&b), b.len)) {
			l->value = xstrdup(strbuf_str(&b));
		} else if (charset == NULL) {
			l->value = vc_iconv("GB18030", strbuf_str(&b), b.len);
		}
		if (l->value && !utf8_valid(l->value, strlen(l->value))) {
			free(l->value);
			l->value = NULL;
		}
		if (l->value == NULL)
			st = status_set(
			    ST_INVALID,
			    qp ? _("%s:%ld: %s: the quoted-printable value is not %s text")
			       : _("%s:%ld: %s: the base64 value is not %s text"),
			    r->name, line, l->name, charset ? charset : "UTF-8");
		strbuf_release(&b);
	} else {
		l->value = xstrdup(colon + 1);
	}
	free(enc);
	free(charset);
	return st;
}

static void vc_line_free(struct vc_line *l)
{
	free(l->name);
	free(l->params);
	free(l->value);
	memset(l, 0, sizeof(*l));
}

/* ---------------------------------------------------------------- a card to a row */

struct vc_card {
	char *fn, *given, *family, *org, *title, *bday, *uid, *tags;
	struct strbuf notes, extra;
	struct vc_multi tel[32], email[16], adr[8];
	size_t ntel, nemail, nadr;
	char *xkeys[8], *xvals[8];
	size_t nx;
};

static void vc_card_free(struct vc_card *c)
{
	size_t i;

	free(c->fn);
	free(c->given);
	free(c->family);
	free(c->org);
	free(c->title);
	free(c->bday);
	free(c->uid);
	free(c->tags);
	strbuf_release(&c->notes);
	strbuf_release(&c->extra);
	for (i = 0; i < c->ntel; i++)
		free(c->tel[i].value), free(c->tel[i].types);
	for (i = 0; i < c->nemail; i++)
		free(c->email[i].value), free(c->email[i].types);
	for (i = 0; i < c->nadr; i++)
		free(c->adr[i].value), free(c->adr[i].types);
	for (i = 0; i < c->nx; i++)
		free(c->xkeys[i]), free(c->xvals[i]);
}

/* A line "Label (types): value" for the notes. */
static void vc_extra(struct vc_card *c, const char *label, const char *types, const char *value)
{
	struct strbuf t = STRBUF_INIT;
	const char *p = types ? types : "";

	if (*value == '\0')
		return;
	/* the types a person cares about: not pref, voice, internet */
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n;

		if (end == NULL)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (n && !(n == 4 && strncmp(p, "pref", 4) == 0) &&
		    !(n == 5 && strncmp(p, "voice", 5) == 0) &&
		    !(n == 8 && strncmp(p, "internet", 8) == 0)) {
			if (t.len)
				strbuf_adds(&t, ", ");
			strbuf_add(&t, p, n);
		}
		p = *end ? end + 1 : end;
	}
	if (c->extra.len)
		strbuf_addc(&c->extra, '\n');
	if (t.len)
		strbuf_addf(&c->extra, "%s (%s): ", label, strbuf_str(&t));
	else
		strbuf_addf(&c->extra, "%s: ", label);
	/* one line each: an address of several lines is joined with ", " */
	for (p = value; *p; p++) {
		if (*p == '\n')
			strbuf_adds(&c->extra, ", ");
		else if (*p != '\r')
			strbuf_addc(&c->extra, *p);
	}
	strbuf_release(&t);
}

/* Add value (taken over) with its types to m[] of max; when m[] is full,
 * straight to the notes under label. */
static void vc_multi_add(struct vc_card *c, struct vc_multi *m, size_t *n, size_t max,
			 const char *label, char *value, char *types)
{
	if (*n == max || *value == '\0') {
		vc_extra(c, label, types, value);
		free(value);
		free(types);
		return;
	}
	m[*n].value = value;
	m[*n].types = types;
	m[*n].pref = vc_has_type(types, "pref");
	(*n)++;
}

/* An address from the parts of ADR: post office box, extended, street,
 * locality, region, postal code, country. Chinese addresses are written
 * from the country down without separators, others from the street up. */
static char *vc_address(char **parts, size_t n)
{
	struct strbuf b = STRBUF_INIT;
	bool cjk = false;
	size_t i;

	for (i = 0; i < n && !cjk; i++) {
		const char *s = parts[i];
		size_t len = strlen(s), k = 0;

		while (k < len && !cjk) {
			uint32_t cp;
			int m = utf8_decode(s + k, len - k, &cp);

			if (m < 1)
				break;
			cjk = utf8_is_cjk(cp);
			k += (size_t)m;
		}
	}
	if (cjk) {
		static const int order[] = { 6, 4, 3, 2, 1, 0 };

		for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
			if ((size_t)order[i] < n && *parts[order[i]])
				strbuf_adds(&b, parts[order[i]]);
		if (n > 5 && *parts[5])
			strbuf_addf(&b, b.len ? " %s" : "%s", parts[5]);
	} else {
		static const int order[] = { 0, 1, 2, 3, 4, 5, 6 };

		for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
			if ((size_t)order[i] >= n || *parts[order[i]] == '\0')
				continue;
			/* "Region 12345": the postal code after the region, no comma */
			if (order[i] == 5 && n > 4 && *parts[4])
				strbuf_addc(&b, ' ');
			else if (b.len)
				strbuf_adds(&b, ", ");
			strbuf_adds(&b, parts[order[i]]);
		}
	}
	return strbuf_detach(&b);
}

/* A BDAY as YYYY-MM-DD into out; false if it has no year or is no date. */
static bool vc_date(const char *v, char out[11])
{
	int y, m, d, n = 0;

	if ((sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 ||
	     (strlen(v) >= 8 && sscanf(v, "%4d%2d%2d%n", &y, &m, &d, &n) == 3)) &&
	    (v[n] == '\0' || v[n] == 'T' || v[n] == 't') && y > 0 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= 31) {
		snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
		return validate_date(out) == NULL;
	}
	return false;
}

static void vc_set(char **slot, char *v)
{
	if (*slot == NULL && *v)
		*slot = v;
	else
		free(v);
}

/* Take one content line into the card. */
static void vc_take(struct vc_card *c, const struct vc_line *l)
{
	const char *n = l->name;
	char *parts[7];
	size_t np, i;

	if (strcmp(n, "FN") == 0) {
		vc_set(&c->fn, vc_text(l->value));
	} else if (strcmp(n, "N") == 0) {
		np = vc_split(l->value, ';', parts, 5);
		if (c->family == NULL && c->given == NULL) {
			c->family = np > 0 && *parts[0] ? xstrdup(parts[0]) : NULL;
			c->given = np > 1 && *parts[1] ? xstrdup(parts[1]) : NULL;
		}
		for (i = 0; i < np; i++)
			free(parts[i]);
	} else if (strcmp(n, "ORG") == 0) {
		np = vc_split(l->value, ';', parts, 7);
		for (i = 0; i < np; i++) {
			if (i == 0 && c->org == NULL && *parts[0])
				c->org = xstrdup(parts[0]);
			else if (i > 0)
				vc_extra(c, _("Department"), NULL, parts[i]);
			else
				vc_extra(c, _("Organisation"), NULL, parts[i]);
			free(parts[i]);
		}
	} else if (strcmp(n, "TITLE") == 0) {
		char *t = vc_text(l->value);

		if (c->title == NULL && *t)
			c->title = t;
		else {
			vc_extra(c, _("Title"), NULL, t);
			free(t);
		}
	} else if (strcmp(n, "ROLE") == 0 || strcmp(n, "NICKNAME") == 0 || strcmp(n, "URL") == 0) {
		char *t = vc_text(l->value);

		vc_extra(c,
			 n[0] == 'R'   ? _("Role")
			 : n[0] == 'N' ? _("Nickname")
				       : _("Website"),
			 NULL, t);
		free(t);
	} else if (strcmp(n, "TEL") == 0) {
		char *t = vc_text(l->value), *v = t;

		if (strncasecmp(v, "tel:", 4) == 0) {
			/* a tel: URI (4.0): its parameters go, but an extension */
			char *semi = strchr(v + 4, ';'), *ext = strstr(v + 4, ";ext=");

			if (semi)
				*semi = '\0';
			if (ext)
				v = xasprintf("%s ext %.*s", t + 4, (int)strcspn(ext + 5, ";"),
					      ext + 5);
			else
				v = xstrdup(v + 4);
			free(t);
		}
		vc_multi_add(c, c->tel, &c->ntel, 32, _("Phone"), v, vc_types(l->params));
	} else if (strcmp(n, "EMAIL") == 0) {
		char *t = vc_text(l->value), *v = t;

		if (strncasecmp(v, "mailto:", 7) == 0)
			v = xstrdup(v + 7), free(t);
		vc_multi_add(c, c->email, &c->nemail, 16, _("Email"), v, vc_types(l->params));
	} else if (strcmp(n, "ADR") == 0) {
		np = vc_split(l->value, ';', parts, 7);
		vc_multi_add(c, c->adr, &c->nadr, 8, _("Address"), vc_address(parts, np),
			     vc_types(l->params));
		for (i = 0; i < np; i++)
			free(parts[i]);
	} else if (strcmp(n, "BDAY") == 0) {
		char *t = vc_text(l->value), date[11];
		char *omit = vc_param(l->params, "X-APPLE-OMIT-YEAR");

		/* an iPhone writes a birthday without a year as 1604-03-12 */
		if (omit && strlen(t) >= 10 && strncmp(t, omit, 4) == 0 && t[4] == '-') {
			char *md = xasprintf("--%.2s-%.2s", t + 5, t + 8);

			free(t);
			t = md;
		}
		free(omit);
		if (c->bday == NULL && vc_date(t, date))
			c->bday = xstrdup(date);
		else
			vc_extra(c, _("Birthday"), NULL, t);
		free(t);
	} else if (strcmp(n, "NOTE") == 0) {
		char *t = vc_text(l->value);

		if (*t) {
			if (c->notes.len)
				strbuf_addc(&c->notes, '\n');
			strbuf_adds(&c->notes, t);
		}
		free(t);
	} else if (strcmp(n, "CATEGORIES") == 0) {
		char *t = vc_text(l->value), *both;

		if (c->tags == NULL && *t) {
			c->tags = t;
		} else if (*t) { /* several CATEGORIES lines: all their tags */
			both = xasprintf("%s,%s", c->tags, t);
			free(c->tags);
			free(t);
			c->tags = both;
		} else {
			free(t);
		}
	} else if (strcmp(n, "UID") == 0) {
		char *t = vc_text(l->value), *v = t;

		if (strncasecmp(v, "urn:uuid:", 9) == 0)
			v += 9;
		if (c->uid == NULL && validate_record_id(v) == NULL)
			c->uid = xstrdup(v);
		free(t);
	} else if (strncmp(n, VC_X_PREFIX, strlen(VC_X_PREFIX)) == 0 && c->nx < 8 &&
		   strcmp(n, VC_X_PREFIX "REASON") != 0) {
		char *k = xstrdup(n + strlen(VC_X_PREFIX));

		for (char *p = k; *p; p++)
			*p = *p == '-'			? '_'
			     : (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a')
							: *p;
		c->xkeys[c->nx] = k;
		c->xvals[c->nx++] = vc_text(l->value);
	}
}

/* The index of the value for the field among m[]: a PREF one among those
 * that match first, else the first that matches; -1 if none. */
static long vc_pick(const struct vc_multi *m, size_t n, bool (*match)(const struct vc_multi *))
{
	long first = -1;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!match(m + i))
			continue;
		if (m[i].pref)
			return (long)i;
		if (first < 0)
			first = (long)i;
	}
	return first;
}

static bool vc_is_cell(const struct vc_multi *m)
{
	return vc_has_type(m->types, "cell") && !vc_has_type(m->types, "fax");
}

static bool vc_is_voice(const struct vc_multi *m)
{
	return !vc_has_type(m->types, "cell") && !vc_has_type(m->types, "fax") &&
	       !vc_has_type(m->types, "pager") && !vc_has_type(m->types, "modem");
}

static bool vc_any(const struct vc_multi *m)
{
	(void)m;
	return true;
}

static void vc_cell(struct vc_state *s, const char *name, const char *value)
{
	if (value == NULL || *value == '\0' || s->ncells == VC_MAX_CELLS)
		return;
	s->cells[s->ncells].name = xstrdup(name);
	s->cells[s->ncells++].value = xstrdup(value);
}

/* The row of the card c. */
static void vc_row(struct vc_state *s, struct vc_card *c)
{
	long mob = vc_pick(c->tel, c->ntel, vc_is_cell),
	     tel = vc_pick(c->tel, c->ntel, vc_is_voice);
	long mail = vc_pick(c->email, c->nemail, vc_any), adr = vc_pick(c->adr, c->nadr, vc_any);
	size_t i;

	vc_cell(s, "id", c->uid);
	/* no name at all: what a phone shows for such a card, the company or
	 * the email or the number */
	if (c->fn == NULL && c->family == NULL && c->given == NULL)
		vc_cell(s, "name",
			c->org	    ? c->org
			: mail >= 0 ? c->email[mail].value
			: mob >= 0  ? c->tel[mob].value
			: tel >= 0  ? c->tel[tel].value
			: c->ntel   ? c->tel[0].value
				    : NULL);
	else
		vc_cell(s, "name", c->fn);
	vc_cell(s, "family_name", c->family);
	vc_cell(s, "given_name", c->given);
	vc_cell(s, "company", c->org);
	vc_cell(s, "title", c->title);
	vc_cell(s, "mobile", mob >= 0 ? c->tel[mob].value : NULL);
	vc_cell(s, "phone", tel >= 0 ? c->tel[tel].value : NULL);
	vc_cell(s, "email", mail >= 0 ? c->email[mail].value : NULL);
	vc_cell(s, "address", adr >= 0 ? c->adr[adr].value : NULL);
	vc_cell(s, "birthday", c->bday);
	vc_cell(s, "tags", c->tags);
	for (i = 0; i < c->nx; i++)
		vc_cell(s, c->xkeys[i], c->xvals[i]);
	/* what has no field of its own is kept in the notes */
	for (i = 0; i < c->ntel; i++)
		if ((long)i != mob && (long)i != tel)
			vc_extra(c, _("Phone"), c->tel[i].types, c->tel[i].value);
	for (i = 0; i < c->nemail; i++)
		if ((long)i != mail)
			vc_extra(c, _("Email"), c->email[i].types, c->email[i].value);
	for (i = 0; i < c->nadr; i++)
		if ((long)i != adr)
			vc_extra(c, _("Address"), c->adr[i].types, c->adr[i].value);
	if (c->extra.len) {
		if (c->notes.len)
			strbuf_addc(&c->notes, '\n');
		strbuf_add(&c->notes, c->extra.s, c->extra.len);
	}
	vc_cell(s, "notes", c->notes.len ? c->notes.s : NULL);
}

/* ---------------------------------------------------------------- the reader */

static int vc_sniff(const char *text, size_t len, const char *filename)
{
	size_t fl = filename ? strlen(filename) : 0, i = 0;

	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
		i++;
	if (len - i >= 11 && strncasecmp(text + i, "BEGIN:VCARD", 11) == 0)
		return 100;
	if ((fl > 4 && strcasecmp(filename + fl - 4, ".vcf") == 0) ||
	    (fl > 6 && strcasecmp(filename + fl - 6, ".vcard") == 0))
		return 95;
	return 0;
}

static enum status vc_open(struct io_reader *r)
{
	struct vc_state *s = xcalloc(1, sizeof(*s));

	s->p = r->text;
	s->end = r->text + r->len;
	s->line = 1;
	r->state = s;
	return ST_OK;
}

static void vc_free_cells(struct vc_state *s)
{
	size_t i;

	for (i = 0; i < s->ncells; i++) {
		free(s->cells[i].name);
		free(s->cells[i].value);
	}
	s->ncells = 0;
}

/* The version of the card [p, end): 21, 30 or 40 (30 when it says none). */
static int vc_version(const char *p, const char *end)
{
	while (p < end) {
		const char *eol = vc_eol(p, end);

		if (eol - p >= 11 && strncasecmp(p, "VERSION:2.1", 11) == 0)
			return 21;
		if (eol - p >= 11 && strncasecmp(p, "VERSION:4.0", 11) == 0)
			return 40;
		p = vc_next_line(eol, end);
	}
	return 30;
}

/*
 * Read the content lines of the card [p, end) (after its BEGIN, before its
 * END) into c; line is the line number of p.
 */
static enum status vc_read_card(struct io_reader *r, const char *p, const char *end, long line,
				struct vc_card *c)
{
	int version = vc_version(p, end);
	struct strbuf b = STRBUF_INIT;
	enum status st = ST_OK;

	while (p < end && st == ST_OK) {
		const char *eol = vc_eol(p, end);
		long start = line;
		struct vc_line l;
		bool qp;

		if (vc_blank(p, eol)) {
			p = vc_next_line(eol, end);
			line++;
			continue;
		}
		strbuf_reset(&b);
		strbuf_add(&b, p, (size_t)(eol - p));
		qp = vc_is_qp(p, eol);
		p = vc_next_line(eol, end);
		line++;
		for (;;) {
			const char *ne = vc_eol(p, end);

			if (qp && b.len > 0 && b.s[b.len - 1] == '=' && p < end) {
				/* a soft line break: the value goes on at the next line */
				strbuf_setlen(&b, b.len - 1);
				strbuf_add(&b, p + (*p == ' ' || *p == '\t'),
					   (size_t)(ne - p) - (*p == ' ' || *p == '\t'));
			} else if (p < end && (*p == ' ' || *p == '\t')) {
				size_t skip = version == 21 ? 0 : 1;

				strbuf_add(&b, p + skip, (size_t)(ne - p) - skip);
			} else {
				break;
			}
			p = vc_next_line(ne, end);
			line++;
		}
		st = vc_parse_line(r, b.s, start, &l);
		if (st == ST_OK)
			vc_take(c, &l);
		vc_line_free(&l);
	}
	strbuf_release(&b);
	return st;
}

static enum status vc_next(struct io_reader *r, struct io_row *row)
{
	struct vc_state *s = r->state;
	const char *p = s->p, *eol, *begin, *body;
	long begin_line, body_line;
	struct vc_card c;
	enum status st;

	vc_free_cells(s);
	/* blank lines between cards */
	while (p < s->end && vc_blank(p, eol = vc_eol(p, s->end))) {
		p = vc_next_line(eol, s->end);
		s->line++;
	}
	if (p >= s->end) {
		s->p = p;
		return ST_NOT_FOUND;
	}
	begin = p;
	begin_line = s->line;
	row->line = begin_line;
	row->raw = begin;
	eol = vc_eol(p, s->end);
	if (!vc_is(p, eol, "BEGIN")) {
		/* not a card: up to the next BEGIN:VCARD is what --skip-bad sets aside */
		while (p < s->end && !vc_is(p, eol = vc_eol(p, s->end), "BEGIN")) {
			p = vc_next_line(eol, s->end);
			s->line++;
		}
		row->raw_len = (size_t)(p - begin);
		s->p = p;
		return status_set(ST_INVALID,
				  _("%s:%ld: BEGIN:VCARD expected here: this is not a vCard (or "
				    "text between two cards)"),
				  r->name, begin_line);
	}
	p = body = vc_next_line(eol, s->end);
	body_line = ++s->line;
	for (;;) {
		if (p >= s->end || vc_is(p, eol = vc_eol(p, s->end), "BEGIN")) {
			row->raw_len = (size_t)(p - begin);
			s->p = p;
			return status_set(
			    ST_INVALID,
			    p >= s->end ? _("%s:%ld: the card that begins here has no "
					    "END:VCARD: the file ends at line %ld (is it cut "
					    "short?)")
					: _("%s:%ld: the card that begins here has no "
					    "END:VCARD before the next BEGIN:VCARD, at line %ld"),
			    /* s->line is the line after the last one read */
			    r->name, begin_line, p >= s->end ? s->line - 1 : s->line);
		}
		if (vc_is(p, eol, "END"))
			break;
		p = vc_next_line(eol, s->end);
		s->line++;
	}
	/* [body, p) is the card's content; eol ends its END line */
	memset(&c, 0, sizeof(c));
	st = vc_read_card(r, body, p, body_line, &c);
	s->p = vc_next_line(eol, s->end);
	s->line++;
	row->raw_len = (size_t)(eol - begin);
	if (st == ST_OK)
		vc_row(s, &c);
	vc_card_free(&c);
	row->cells = s->cells;
	row->ncells = s->ncells;
	return st;
}

/* ---------------------------------------------------------------- writing */

/* Append v escaped as a vCard text value: \\ \, \; \n. */
static void vc_escape(struct strbuf *b, const char *v)
{
	for (; *v; v++) {
		if (*v == '\\' || *v == ',' || *v == ';')
			strbuf_addc(b, '\\');
		if (*v == '\n') {
			strbuf_adds(b, "\\n");
			continue;
		}
		if (*v != '\r')
			strbuf_addc(b, *v);
	}
}

/* Append the content line of b to out, folded at 75 bytes (never inside a
 * UTF-8 character), with CRLF; b is emptied. */
static void vc_fold(struct strbuf *out, struct strbuf *b)
{
	size_t i = 0, room = 75;

	while (i < b->len) {
		size_t n = b->len - i < room ? b->len - i : room;

		while (i + n < b->len && n > 1 && ((unsigned char)b->s[i + n] & 0xc0) == 0x80)
			n--;
		strbuf_add(out, b->s + i, n);
		i += n;
		strbuf_adds(out, "\r\n");
		if (i < b->len)
			strbuf_addc(out, ' ');
		room = 74;
	}
	strbuf_reset(b);
}

struct vc_out {
	struct strbuf card, line;
	bool v4;
};

static enum status vc_begin(struct io_writer *w)
{
	struct vc_out *o = xcalloc(1, sizeof(*o));

	w->state = o;
	o->v4 = w->variant && strcmp(w->variant, "4.0") == 0;
	/* people: a name, an email and a job title (contacts, leads) */
	if (entity_field(w->entity, "name") == NULL || entity_field(w->entity, "email") == NULL ||
	    entity_field(w->entity, "title") == NULL)
		return status_set(
		    ST_INVALID,
		    _("vCard is for people: %s cannot be exported as vCard (use csv or "
		      "jsonl)"),
		    _(w->entity->plural));
	return ST_OK;
}

/* Append a property: name (with its parameters) and value, escaped unless raw. */
static void vc_prop(struct vc_out *o, const char *name, const char *value, bool raw)
{
	strbuf_adds(&o->line, name);
	strbuf_addc(&o->line, ':');
	if (raw)
		strbuf_adds(&o->line, value);
	else
		vc_escape(&o->line, value);
	vc_fold(&o->card, &o->line);
}

/* The fields written as vCard properties of their own. */
static bool vc_standard_field(const char *key)
{
	static const char *const keys[] = { "name",    "given_name", "family_name", "account",
					    "company", "title",	     "phone",	    "mobile",
					    "email",   "address",    "birthday",    "tags",
					    "notes" };
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i], key) == 0)
			return true;
	return false;
}

static enum status vc_record(struct io_writer *w, const struct record *r)
{
	struct vc_out *o = w->state;
	const struct entity *e = w->entity;
	const char *v, *org = NULL;
	size_t i;

	strbuf_reset(&o->card);
	strbuf_adds(&o->card, "BEGIN:VCARD\r\n");
	strbuf_adds(&o->card, o->v4 ? "VERSION:4.0\r\n" : "VERSION:3.0\r\n");
	strbuf_adds(&o->card, "PRODID:-//salesterm//salesterm " PACKAGE_VERSION "//EN\r\n");
	if (r->id) {
		if (o->v4 && validate_uuid(r->id)) {
			strbuf_addf(&o->line, "UID:urn:uuid:%s", r->id);
			vc_fold(&o->card, &o->line);
		} else {
			vc_prop(o, "UID", r->id, false);
		}
	}
	vc_prop(o, "FN", record_get(r, "name") ? record_get(r, "name") : "", false);
	strbuf_adds(&o->line, "N:");
	vc_escape(&o->line, record_get(r, "family_name") ? record_get(r, "family_name") : "");
	strbuf_addc(&o->line, ';');
	vc_escape(&o->line, record_get(r, "given_name") ? record_get(r, "given_name") : "");
	strbuf_adds(&o->line, ";;;");
	vc_fold(&o->card, &o->line);
	if ((v = record_get(r, "company")) != NULL) {
		org = v;
	} else if ((v = record_get(r, "account")) != NULL) {
		org = io_ref_title(w, "account", v);
	}
	if (org)
		vc_prop(o, "ORG", org, false);
	if ((v = record_get(r, "title")) != NULL)
		vc_prop(o, "TITLE", v, false);
	if ((v = record_get(r, "phone")) != NULL)
		vc_prop(o, o->v4 ? "TEL;VALUE=text;TYPE=work,voice" : "TEL;TYPE=WORK,VOICE", v,
			false);
	if ((v = record_get(r, "mobile")) != NULL)
		vc_prop(o, o->v4 ? "TEL;VALUE=text;TYPE=cell" : "TEL;TYPE=CELL", v, false);
	if ((v = record_get(r, "email")) != NULL)
		vc_prop(o, o->v4 ? "EMAIL;TYPE=work" : "EMAIL;TYPE=INTERNET,WORK", v, false);
	if ((v = record_get(r, "address")) != NULL) {
		/* one text: the street part, so that it comes back as it is */
		strbuf_adds(&o->line, o->v4 ? "ADR;TYPE=work:;;" : "ADR;TYPE=WORK:;;");
		vc_escape(&o->line, v);
		strbuf_adds(&o->line, ";;;;");
		vc_fold(&o->card, &o->line);
	}
	if ((v = record_get(r, "birthday")) != NULL) {
		if (o->v4 && strlen(v) == 10) {
			char basic[9] = { v[0], v[1], v[2], v[3], v[5], v[6], v[8], v[9], '\0' };

			vc_prop(o, "BDAY", basic, true);
		} else {
			vc_prop(o, "BDAY", v, true);
		}
	}
	if ((v = record_get(r, "tags")) != NULL) {
		/* tags are "a,b": the commas separate the values of CATEGORIES */
		struct strbuf t = STRBUF_INIT;

		for (; *v; v++) {
			if (*v == '\\' || *v == ';')
				strbuf_addc(&t, '\\');
			if (*v == '\n')
				continue;
			strbuf_addc(&t, *v);
		}
		vc_prop(o, "CATEGORIES", strbuf_str(&t), true);
		strbuf_release(&t);
	}
	if ((v = record_get(r, "notes")) != NULL)
		vc_prop(o, "NOTE", v, false);
	for (i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		char *name;

		if (r->values[i] == NULL || vc_standard_field(f->key) || (f->flags & F_SYSTEM) ||
		    (f->def && strcmp(f->def, r->values[i]) == 0)) /* import gives the default */
			continue;
		name = xasprintf(VC_X_PREFIX "%s", f->key);
		for (char *p = name; *p; p++)
			*p = *p == '_'			? '-'
			     : (*p >= 'a' && *p <= 'z') ? (char)(*p - 'a' + 'A')
							: *p;
		vc_prop(o, name, r->values[i], false);
		free(name);
	}
	if (r->updated_at && strlen(r->updated_at) == 20) {
		const char *u = r->updated_at; /* 2026-12-03T10:00:00Z */

		if (o->v4)
			strbuf_addf(&o->line, "REV:%.4s%.2s%.2sT%.2s%.2s%.2sZ", u, u + 5, u + 8,
				    u + 11, u + 14, u + 17);
		else
			strbuf_addf(&o->line, "REV:%s", u);
		vc_fold(&o->card, &o->line);
	}
	strbuf_adds(&o->card, "END:VCARD\r\n");
	if (fwrite(o->card.s, 1, o->card.len, w->out) != o->card.len)
		return status_set(ST_IO, _("writing the export failed"));
	return ST_OK;
}

static enum status vc_end(struct io_writer *w)
{
	struct vc_out *o = w->state;

	if (o == NULL)
		return ST_OK;
	strbuf_release(&o->card);
	strbuf_release(&o->line);
	free(o);
	w->state = NULL;
	return ST_OK;
}

/* A rejected card as it was read, with the reason as X-SALESTERM-REASON
 * before its END:VCARD (added when it had none), so the file stays a vCard. */
static void vc_reject(struct io_reader *r, FILE *out, const struct io_row *row, const char *reason,
		      bool first)
{
	struct strbuf b = STRBUF_INIT, l = STRBUF_INIT;
	const char *p = row->raw, *end = row->raw + row->raw_len, *last = p;
	bool has_end = false;

	(void)r;
	(void)first;
	/* the start of the last line: END:VCARD, if the card has one */
	while (p < end) {
		const char *eol = vc_eol(p, end);

		last = p;
		has_end = vc_is(p, eol, "END");
		p = vc_next_line(eol, end);
	}
	if (!vc_is(row->raw, vc_eol(row->raw, end), "BEGIN"))
		strbuf_adds(&b, "BEGIN:VCARD\r\n");
	p = row->raw;
	while (p < (has_end ? last : end)) {
		const char *eol = vc_eol(p, end);

		strbuf_add(&b, p, (size_t)(eol - p));
		strbuf_adds(&b, "\r\n");
		p = vc_next_line(eol, end);
	}
	strbuf_adds(&l, VC_X_PREFIX "REASON:");
	vc_escape(&l, reason);
	vc_fold(&b, &l);
	strbuf_adds(&b, "END:VCARD\r\n");
	fwrite(b.s, 1, b.len, out);
	strbuf_release(&b);
	strbuf_release(&l);
}

static void vc_close(struct io_reader *r)
{
	struct vc_state *s = r->state;

	if (s == NULL)
		return;
	vc_free_cells(s);
	free(s);
	r->state = NULL;
}

const struct io_reader_ops io_vcard_reader = {
	.name = "vcard",
	.sniff = vc_sniff,
	.open = vc_open,
	.next = vc_next,
	.reject = vc_reject,
	.close = vc_close,
};

const struct io_writer_ops io_vcard_writer = {
	.name = "vcard",
	.begin = vc_begin,
	.record = vc_record,
	.end = vc_end,
};
