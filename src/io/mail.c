/* mail.c - a mail message read (RFC 5322, MIME, RFC 2047) and logged as a follow-up.
 *
 * The rules (issue 15, doc/DESIGN.md section 11):
 *   - headers are unfolded; encoded-words =?charset?B|Q?text?= are decoded,
 *     the blanks between two of them dropped; a charset is converted with
 *     iconv, GB2312 and GBK as GB18030 (their superset, what Chinese mail
 *     programs really send); text that is not what its charset says is kept
 *     with '?' for the bytes that are not (a log is better than none);
 *   - the body: quoted-printable or base64 undone, then converted from its
 *     charset (none given: UTF-8 if it is, else GB18030); a multipart
 *     message gives its first text/plain part, searched depth first, else its
 *     first text/html part with the tags stripped; attachments are skipped;
 *   - a contact is matched by email, case-insensitively: the sender's first;
 *     only when the sender is no contact, the recipients' (To and Cc). Several
 *     contacts: ambiguous, the caller lists them; none: nothing written.
 */
#include "io/mail.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "db.h"
#include "entity.h"
#include "i18n.h"
#include "record.h"
#include "search.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

#define MAIL_MAX_DEPTH 8	/* nested multiparts */
#define MAIL_MAX_CANDIDATES 100 /* contacts the search index may offer for one address */

/* ---------------------------------------------------------------- charsets */

/* The name iconv should use for a mail's charset. */
static const char *charset_name(const char *cs)
{
	if (cs == NULL || *cs == '\0')
		return NULL;
	if (strcasecmp(cs, "gb2312") == 0 || strcasecmp(cs, "gbk") == 0 ||
	    strcasecmp(cs, "cp936") == 0 || strcasecmp(cs, "x-gbk") == 0 ||
	    strcasecmp(cs, "euc-cn") == 0)
		return "GB18030";
	if (strcasecmp(cs, "us-ascii") == 0 || strcasecmp(cs, "ascii") == 0)
		return "UTF-8";
	return cs;
}

/* len bytes of in, in charset cs (NULL: UTF-8 if it is, else GB18030), as
 * UTF-8 safe to store. Caller frees. */
static char *to_utf8(const char *in, size_t len, const char *cs)
{
	const char *enc = charset_name(cs);
	struct strbuf b = STRBUF_INIT;
	char *raw, *out;
	iconv_t cd;

	if (enc == NULL)
		enc = utf8_valid(in, len) ? "UTF-8" : "GB18030";
	if (strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0 ||
	    (cd = iconv_open("UTF-8", enc)) == (iconv_t)-1) {
		raw = xstrndup(in, len);
		out = utf8_sanitize(raw, 0, true);
		free(raw);
		return out;
	}
	{
		char *ip = (char *)in, buf[4096];
		size_t il = len;

		strbuf_adds(&b, "");
		while (il > 0) {
			char *op = buf;
			size_t ol = sizeof(buf);
			size_t r = iconv(cd, &ip, &il, &op, &ol);

			strbuf_add(&b, buf, sizeof(buf) - ol);
			if (r == (size_t)-1 && errno != E2BIG) {
				/* a byte that is not of the charset: '?' and on */
				strbuf_addc(&b, '?');
				ip++;
				il--;
			}
		}
		iconv(cd, NULL, NULL, NULL, NULL);
		iconv_close(cd);
	}
	out = utf8_sanitize(strbuf_str(&b), 0, true);
	strbuf_release(&b);
	return out;
}

/* ---------------------------------------------------------------- transfer encodings */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Quoted-printable undone into b; q: the Q encoding of a header ('_' is a space). */
static void qp_decode(const char *s, size_t len, bool q, struct strbuf *b)
{
	size_t i;

	strbuf_adds(b, "");
	for (i = 0; i < len; i++) {
		if (s[i] == '=' && i + 2 < len && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			strbuf_addc(b, (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
			i += 2;
		} else if (s[i] == '=' && !q) {
			/* a soft line break: "=" at the end of a line */
			size_t j = i + 1;

			while (j < len && (s[j] == ' ' || s[j] == '\t'))
				j++;
			if (j < len && s[j] == '\r')
				j++;
			if (j < len && s[j] == '\n')
				i = j;
			else if (j >= len)
				i = len;
			else
				strbuf_addc(b, '=');
		} else if (q && s[i] == '_') {
			strbuf_addc(b, ' ');
		} else {
			strbuf_addc(b, s[i]);
		}
	}
}

static void b64_decode(const char *s, size_t len, struct strbuf *b)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t i;

	strbuf_adds(b, "");
	for (i = 0; i < len; i++) {
		const char *p;
		static const char alphabet[] =
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

		if (s[i] == '=')
			break;
		if ((p = memchr(alphabet, s[i], 64)) == NULL || s[i] == '\0')
			continue; /* line ends and blanks */
		acc = (acc << 6) | (uint32_t)(p - alphabet);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			strbuf_addc(b, (char)((acc >> bits) & 0xff));
		}
	}
}

/* ---------------------------------------------------------------- headers */

char *mail_decode_header(const char *v)
{
	struct strbuf out = STRBUF_INIT, blanks = STRBUF_INIT;
	bool after_word = false;
	char *res;

	strbuf_adds(&out, "");
	while (*v) {
		const char *q1, *q2, *end;

		if (v[0] == '=' && v[1] == '?' && (q1 = strchr(v + 2, '?')) != NULL &&
		    (q1[1] == 'B' || q1[1] == 'b' || q1[1] == 'Q' || q1[1] == 'q') &&
		    q1[2] == '?' && (end = strstr(q1 + 3, "?=")) != NULL) {
			struct strbuf raw = STRBUF_INIT;
			char *cs = xstrndup(v + 2, (size_t)(q1 - v - 2)), *star, *text;

			if ((star = strchr(cs, '*')) != NULL) /* RFC 2231 language */
				*star = '\0';
			q2 = q1 + 3;
			if (q1[1] == 'B' || q1[1] == 'b')
				b64_decode(q2, (size_t)(end - q2), &raw);
			else
				qp_decode(q2, (size_t)(end - q2), true, &raw);
			text = to_utf8(strbuf_str(&raw), raw.len, cs);
			/* blanks between two encoded-words are dropped */
			strbuf_reset(&blanks);
			strbuf_adds(&out, text);
			free(text);
			free(cs);
			strbuf_release(&raw);
			v = end + 2;
			after_word = true;
			continue;
		}
		if (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n') {
			if (after_word)
				strbuf_addc(&blanks, ' ');
			else
				strbuf_addc(&out, ' ');
			v++;
			continue;
		}
		if (blanks.len)
			strbuf_adds(&out, " ");
		strbuf_reset(&blanks);
		after_word = false;
		strbuf_addc(&out, *v++);
	}
	strbuf_release(&blanks);
	/* 8-bit header text without encoding: UTF-8 if it is, else GB18030 */
	res = to_utf8(strbuf_str(&out), out.len, NULL);
	strbuf_release(&out);
	/* collapse runs of blanks and trim */
	{
		char *r = res, *w = res;
		bool sp = true;

		for (; *r; r++) {
			if (*r == ' ' || *r == '\t' || *r == '\n') {
				if (!sp)
					*w++ = ' ';
				sp = true;
			} else {
				*w++ = *r;
				sp = false;
			}
		}
		while (w > res && w[-1] == ' ')
			w--;
		*w = '\0';
	}
	return res;
}

struct header {
	char *name, *value; /* value unfolded, raw */
};

struct headers {
	struct header *v;
	size_t n;
};

static void headers_clear(struct headers *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->v[i].name);
		free(h->v[i].value);
	}
	free(h->v);
	memset(h, 0, sizeof(*h));
}

/* Read the header block of text; *body gets where the body starts. */
static void headers_read(const char *text, size_t len, struct headers *h, size_t *body)
{
	size_t i = 0;

	memset(h, 0, sizeof(*h));
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len, l = e - i;
		const char *colon;

		if (l > 0 && text[i + l - 1] == '\r')
			l--;
		if (l == 0) {
			i = nl ? e + 1 : len;
			break;
		}
		if ((text[i] == ' ' || text[i] == '\t') && h->n > 0) {
			struct header *last = &h->v[h->n - 1];
			char *joined = xasprintf("%s %.*s", last->value, (int)l, text + i);

			free(last->value);
			last->value = joined;
		} else if ((colon = memchr(text + i, ':', l)) != NULL) {
			const char *v = colon + 1;
			size_t vl = l - (size_t)(v - (text + i));

			while (vl > 0 && (*v == ' ' || *v == '\t'))
				v++, vl--;
			h->v = xreallocarray(h->v, h->n + 1, sizeof(*h->v));
			h->v[h->n].name = xstrndup(text + i, (size_t)(colon - (text + i)));
			h->v[h->n++].value = xstrndup(v, vl);
		} else if (h->n == 0 && l > 5 && strncmp(text + i, "From ", 5) == 0) {
			/* an mbox "From " line first */
		} else {
			/* not a header: the body starts here (a message without the blank line) */
			break;
		}
		i = nl ? e + 1 : len;
	}
	*body = i;
}

static const char *header(const struct headers *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcasecmp(h->v[i].name, name) == 0)
			return h->v[i].value;
	return NULL;
}

/* A parameter of a structured header (Content-Type: ...; charset="x"). Caller frees. */
static char *header_param(const char *value, const char *name)
{
	const char *p = value;
	size_t nl = strlen(name);

	while (p && (p = strchr(p, ';')) != NULL) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, name, nl) == 0 && p[nl] == '=') {
			const char *v = p + nl + 1, *e;

			if (*v == '"') {
				v++;
				e = strchr(v, '"');
				if (e == NULL)
					e = v + strlen(v);
			} else {
				e = v + strcspn(v, "; \t");
			}
			return xstrndup(v, (size_t)(e - v));
		}
	}
	return NULL;
}

/* The media type of a Content-Type value, lower case ("text/plain" if none). */
static char *media_type(const char *ct)
{
	char *t = xstrndup(ct ? ct : "text/plain", ct ? strcspn(ct, "; \t") : 10), *p;

	for (p = t; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return t;
}

/* ---------------------------------------------------------------- addresses */

static void address_add(struct mail_address **v, size_t *n, const char *name, const char *email)
{
	char *e = xstrdup(email), *p = e, *end;

	while (*p == ' ' || *p == '<' || *p == '"')
		p++;
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '>' || end[-1] == '"' || end[-1] == '.'))
		end--;
	*end = '\0';
	if (strchr(p, '@') == NULL || *p == '\0') {
		free(e);
		return;
	}
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[*n].email = xstrdup(p);
	(*v)[*n].name = mail_decode_header(name ? name : "");
	{
		/* a quoted display name without its quotes ("Wang, Fang") */
		char *nm = (*v)[*n].name;
		size_t l = strlen(nm);

		if (l >= 2 && nm[0] == '"' && nm[l - 1] == '"') {
			memmove(nm, nm + 1, l - 2);
			nm[l - 2] = '\0';
		}
	}
	(*n)++;
	free(e);
}

/* The addresses of an address-list header ("A <a@x>, \"B, C\" <b@y>, c@z"). */
static void addresses_read(const char *value, struct mail_address **v, size_t *n)
{
	const char *p = value, *start = value;
	int quote = 0, angle = 0, paren = 0;

	if (value == NULL)
		return;
	for (;; p++) {
		if (*p == '\0' || (*p == ',' && !quote && !angle && !paren)) {
			char *one = xstrndup(start, (size_t)(p - start));
			char *lt = strchr(one, '<'), *gt;

			if (lt && (gt = strchr(lt, '>')) != NULL) {
				*gt = '\0';
				*lt = '\0';
				address_add(v, n, one, lt + 1);
			} else {
				/* a bare address, maybe with a (comment) */
				char *c = strchr(one, '(');

				if (c)
					*c = '\0';
				address_add(v, n, "", one);
			}
			free(one);
			if (*p == '\0')
				break;
			start = p + 1;
			continue;
		}
		if (*p == '"' && (p == value || p[-1] != '\\'))
			quote = !quote;
		else if (!quote && *p == '<')
			angle++;
		else if (!quote && *p == '>' && angle)
			angle--;
		else if (!quote && *p == '(')
			paren++;
		else if (!quote && *p == ')' && paren)
			paren--;
	}
}

static void addresses_free(struct mail_address *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].email);
	}
	free(v);
}

/* ---------------------------------------------------------------- date */

/* RFC 5322 "Thu, 3 Dec 2026 10:15:00 +0800" as UTC; false if it is not one. */
static bool date_read(const char *v, char out[21])
{
	static const char *const months[] = { "jan", "feb", "mar", "apr", "may", "jun",
					      "jul", "aug", "sep", "oct", "nov", "dec" };
	static const struct {
		const char *name;
		int minutes;
	} zones[] = { { "UT", 0 },     { "GMT", 0 },	{ "Z", 0 },	 { "EST", -300 },
		      { "EDT", -240 }, { "CST", -360 }, { "CDT", -300 }, { "MST", -420 },
		      { "MDT", -360 }, { "PST", -480 }, { "PDT", -420 } };
	char mon[4] = "", zone[16] = "";
	int d, y, hh, mm, ss = 0, m = -1, off = 0, n = 0;
	const char *comma = strchr(v, ',');
	size_t i;
	long long secs;

	if (comma)
		v = comma + 1;
	if (sscanf(v, " %d %3s %d %d:%d:%d %15s%n", &d, mon, &y, &hh, &mm, &ss, zone, &n) < 6) {
		ss = 0;
		if (sscanf(v, " %d %3s %d %d:%d %15s", &d, mon, &y, &hh, &mm, zone) < 5)
			return false;
	}
	for (i = 0; i < 12; i++)
		if (strcasecmp(mon, months[i]) == 0)
			m = (int)i + 1;
	if (y < 100)
		y += y < 50 ? 2000 : 1900;
	if (m < 0 || d < 1 || d > 31 || y < 1900 || y > 9999 || hh > 23 || mm > 59 || ss > 60)
		return false;
	if ((zone[0] == '+' || zone[0] == '-') && strlen(zone) >= 5) {
		int z = atoi(zone + 1);

		off = (z / 100 * 60 + z % 100) * (zone[0] == '-' ? -1 : 1);
	} else {
		for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
			if (strcasecmp(zone, zones[i].name) == 0)
				off = zones[i].minutes;
	}
	if (d > clock_days_in_month(y, m))
		return false;
	secs = (long long)clock_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 +
	       (ss > 59 ? 59 : ss) - off * 60;
	clock_iso_utc((time_t)secs, out);
	return true;
}

/* ---------------------------------------------------------------- body */

/* HTML as text: tags out (script and style with their content), <br>, </p>,
 * </div>, </tr>, </li> as line ends, a few entities. Caller frees. */
static char *html_text(const char *s)
{
	struct strbuf b = STRBUF_INIT;

	strbuf_adds(&b, "");
	while (*s) {
		if (*s == '<') {
			const char *e = strchr(s, '>');
			size_t tl;

			if (e == NULL)
				break;
			tl = (size_t)(e - s);
			if (strncasecmp(s, "<script", 7) == 0 || strncasecmp(s, "<style", 6) == 0) {
				const char *close = strcasestr(
				    e, strncasecmp(s, "<script", 7) == 0 ? "</script" : "</style");

				s = close ? strchr(close, '>') : NULL;
				if (s == NULL)
					break;
				s++;
				continue;
			}
			if ((tl >= 3 && strncasecmp(s, "<br", 3) == 0) ||
			    strncasecmp(s, "</p", 3) == 0 || strncasecmp(s, "</div", 5) == 0 ||
			    strncasecmp(s, "</tr", 4) == 0 || strncasecmp(s, "</li", 4) == 0 ||
			    strncasecmp(s, "</h", 3) == 0)
				strbuf_addc(&b, '\n');
			s = e + 1;
			continue;
		}
		if (*s == '&') {
			static const struct {
				const char *ent, *text;
			} ents[] = { { "&nbsp;", " " }, { "&lt;", "<" },    { "&gt;", ">" },
				     { "&amp;", "&" },	{ "&quot;", "\"" }, { "&#39;", "'" } };
			size_t i;
			bool done = false;

			for (i = 0; i < sizeof(ents) / sizeof(ents[0]) && !done; i++)
				if (strncasecmp(s, ents[i].ent, strlen(ents[i].ent)) == 0) {
					strbuf_adds(&b, ents[i].text);
					s += strlen(ents[i].ent);
					done = true;
				}
			if (!done && s[1] == '#') {
				char *end;
				long cp = s[2] == 'x' || s[2] == 'X' ? strtol(s + 3, &end, 16)
								     : strtol(s + 2, &end, 10);

				if (*end == ';' && cp > 0 && cp < 0x110000 &&
				    !(cp >= 0xd800 && cp < 0xe000)) {
					char u[5];
					int n = 0;

					if (cp < 0x80)
						u[n++] = (char)cp;
					else if (cp < 0x800) {
						u[n++] = (char)(0xc0 | (cp >> 6));
						u[n++] = (char)(0x80 | (cp & 0x3f));
					} else if (cp < 0x10000) {
						u[n++] = (char)(0xe0 | (cp >> 12));
						u[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
						u[n++] = (char)(0x80 | (cp & 0x3f));
					} else {
						u[n++] = (char)(0xf0 | (cp >> 18));
						u[n++] = (char)(0x80 | ((cp >> 12) & 0x3f));
						u[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
						u[n++] = (char)(0x80 | (cp & 0x3f));
					}
					strbuf_add(&b, u, (size_t)n);
					s = end + 1;
					done = true;
				}
			}
			if (done)
				continue;
		}
		if (*s == '\r' || *s == '\n') {
			strbuf_addc(&b, ' '); /* HTML's line ends are blanks */
			s++;
			continue;
		}
		strbuf_addc(&b, *s++);
	}
	return strbuf_detach(&b);
}

/* The decoded text of one part (its headers h, its raw body), UTF-8. Caller frees. */
static char *part_text(const struct headers *h, const char *body, size_t len)
{
	const char *cte = header(h, "Content-Transfer-Encoding");
	char *cs = header_param(header(h, "Content-Type"), "charset"), *out;
	struct strbuf raw = STRBUF_INIT;

	if (cte && strncasecmp(cte, "quoted-printable", 16) == 0)
		qp_decode(body, len, false, &raw);
	else if (cte && strncasecmp(cte, "base64", 6) == 0)
		b64_decode(body, len, &raw);
	else
		strbuf_add(&raw, body, len);
	strbuf_adds(&raw, "");
	out = to_utf8(raw.s, raw.len, cs);
	free(cs);
	strbuf_release(&raw);
	return out;
}

/*
 * Find the text of a part: want "text/plain" or "text/html". Depth first
 * through multiparts; attachments (Content-Disposition: attachment) are
 * skipped. Caller frees; NULL if none.
 */
static char *find_text(const char *text, size_t len, const char *want, int depth)
{
	struct headers h;
	size_t body;
	char *type, *res = NULL, *disp = NULL;

	headers_read(text, len, &h, &body);
	type = media_type(header(&h, "Content-Type"));
	if (header(&h, "Content-Disposition"))
		disp = media_type(header(&h, "Content-Disposition"));
	if (strncmp(type, "multipart/", 10) == 0 && depth < MAIL_MAX_DEPTH) {
		char *boundary = header_param(header(&h, "Content-Type"), "boundary");

		if (boundary && *boundary) {
			char *delim = xasprintf("--%s", boundary);
			size_t dl = strlen(delim), i = body, start = 0;
			bool in = false;

			/* each line "--boundary" starts a part; "--boundary--" ends them */
			while (i < len && res == NULL) {
				const char *nl = memchr(text + i, '\n', len - i);
				size_t e = nl ? (size_t)(nl - text) : len;

				if (e - i >= dl && strncmp(text + i, delim, dl) == 0) {
					if (in) {
						size_t pe = i;

						if (pe > start && text[pe - 1] == '\n')
							pe--;
						if (pe > start && text[pe - 1] == '\r')
							pe--;
						res = find_text(text + start, pe - start, want,
								depth + 1);
					}
					if (e - i >= dl + 2 && strncmp(text + i + dl, "--", 2) == 0)
						break;
					in = true;
					start = nl ? e + 1 : len;
				}
				i = nl ? e + 1 : len;
			}
			free(delim);
		}
		free(boundary);
	} else if (strcmp(type, want) == 0 && !(disp && strcmp(disp, "attachment") == 0)) {
		res = part_text(&h, text + body, len - body);
		if (strcmp(want, "text/html") == 0) {
			char *t = html_text(res);

			free(res);
			res = t;
		}
	}
	free(disp);
	free(type);
	headers_clear(&h);
	return res;
}

void mail_clear(struct mail *m)
{
	free(m->subject);
	free(m->date);
	addresses_free(m->from, m->nfrom);
	addresses_free(m->to, m->nto);
	free(m->body);
	memset(m, 0, sizeof(*m));
}

enum status mail_parse(const char *text, size_t len, struct mail *m)
{
	struct headers h;
	size_t body;
	const char *v;
	char date[21];

	memset(m, 0, sizeof(*m));
	headers_read(text, len, &h, &body);
	if (h.n == 0 || (header(&h, "From") == NULL && header(&h, "To") == NULL)) {
		headers_clear(&h);
		return status_set(ST_INVALID, "%s",
				  _("this is not a mail: no From or To header (pipe the whole "
				    "message, headers too)"));
	}
	m->subject = mail_decode_header((v = header(&h, "Subject")) ? v : "");
	if ((v = header(&h, "Date")) != NULL && date_read(v, date))
		m->date = xstrdup(date);
	addresses_read(header(&h, "From"), &m->from, &m->nfrom);
	{
		size_t i;

		/* To and Cc, in order; every such header (some mailers repeat them) */
		for (i = 0; i < h.n; i++)
			if (strcasecmp(h.v[i].name, "To") == 0 ||
			    strcasecmp(h.v[i].name, "Cc") == 0)
				addresses_read(h.v[i].value, &m->to, &m->nto);
	}
	m->body = find_text(text, len, "text/plain", 0);
	if (m->body == NULL)
		m->body = find_text(text, len, "text/html", 0);
	if (m->body == NULL)
		m->body = xstrdup("");
	headers_clear(&h);
	return ST_OK;
}

char *mail_excerpt(const char *body, int max_lines, size_t max_bytes)
{
	struct strbuf b = STRBUF_INIT;
	const char *p = body;
	int lines = 0;
	bool blank = false, cut = false;

	strbuf_adds(&b, "");
	while (*p && !cut) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p), s = 0;

		while (l > 0 && (p[l - 1] == ' ' || p[l - 1] == '\t' || p[l - 1] == '\r'))
			l--;
		while (s < l && (p[s] == ' ' || p[s] == '\t'))
			s++;
		if (l == 2 && strncmp(p, "--", 2) == 0)
			break; /* the signature ("-- ", trailing blank trimmed) */
		if (l - s >= 4 && p[s] == '>') {
			/* quoted text */
		} else if (l == s) {
			blank = b.len > 0;
		} else if (lines >= max_lines) {
			cut = true;
		} else {
			if (b.len)
				strbuf_adds(&b, blank ? "\n\n" : "\n");
			blank = false;
			strbuf_add(&b, p + s, l - s);
			lines++;
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	if (b.len > max_bytes) {
		size_t n = max_bytes;

		while (n > 0 && ((unsigned char)b.s[n] & 0xc0) == 0x80)
			n--;
		strbuf_setlen(&b, n);
		cut = true;
	}
	if (cut)
		strbuf_adds(&b, "...");
	return strbuf_detach(&b);
}

/* ---------------------------------------------------------------- matching and logging */

void mail_match_clear(struct mail_match *mm)
{
	size_t i;

	for (i = 0; i < mm->n; i++) {
		free(mm->ids[i]);
		free(mm->names[i]);
		free(mm->emails[i]);
	}
	free(mm->ids);
	free(mm->names);
	free(mm->emails);
	memset(mm, 0, sizeof(*mm));
}

struct match_ctx {
	const char *email;
	struct mail_match *mm;
};

static int match_one(struct db *db, const struct record *r, void *ctx)
{
	struct match_ctx *x = ctx;
	const char *e = record_get(r, "email");
	size_t i;

	(void)db;
	if (e == NULL || strcasecmp(e, x->email) != 0)
		return 0;
	for (i = 0; i < x->mm->n; i++)
		if (strcmp(x->mm->ids[i], r->id) == 0)
			return 0;
	x->mm->ids = xreallocarray(x->mm->ids, x->mm->n + 1, sizeof(char *));
	x->mm->names = xreallocarray(x->mm->names, x->mm->n + 1, sizeof(char *));
	x->mm->emails = xreallocarray(x->mm->emails, x->mm->n + 1, sizeof(char *));
	x->mm->ids[x->mm->n] = xstrdup(r->id);
	x->mm->names[x->mm->n] = xstrdup(record_name(r));
	x->mm->emails[x->mm->n++] = xstrdup(e);
	return 0;
}

/*
 * Add the contacts whose email is email (any case) to mm. The search index
 * finds the candidates (the address as a phrase: milliseconds on a million
 * contacts, where a scan of the column took 0.8 s); when it holds more than
 * MAIL_MAX_CANDIDATES of them, or nothing searchable, the column is scanned
 * (email~TEXT is LIKE, case-insensitive for ASCII). Either way the address
 * is then compared exactly.
 */
static enum status match_email(struct db *db, const char *email, struct mail_match *mm)
{
	struct filter f = { "email", OP_LIKE, email };
	struct record_query q = { .filters = &f, .nfilters = 1 };
	struct match_ctx x = { email, mm };
	struct search_hit *hits = NULL;
	size_t n = 0, i;
	int64_t count = 0;
	bool more = false;
	enum status st;

	st = search_count(db, email, &entity_contact, MAIL_MAX_CANDIDATES, &count, &more);
	if (st == ST_OK && !more)
		st = search_run(db, email, &entity_contact, MAIL_MAX_CANDIDATES, &hits, &n);
	if (st == ST_OK && !more) {
		for (i = 0; i < n && st == ST_OK; i++) {
			struct record *r = NULL;

			st = record_load(db, &entity_contact, hits[i].id, &r);
			if (st == ST_OK && !r->deleted)
				match_one(db, r, &x);
			record_free(&r);
		}
		search_hits_free(&hits, n);
		return st;
	}
	search_hits_free(&hits, n);
	if (st != ST_OK && st != ST_INVALID)
		return st;
	status_clear();
	return record_list(db, &entity_contact, &q, match_one, &x);
}

enum status mail_match_contacts(struct db *db, const struct mail *m, struct mail_match *out)
{
	enum status st = ST_OK;
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < m->nfrom && st == ST_OK; i++)
		st = match_email(db, m->from[i].email, out);
	out->by_sender = out->n > 0;
	for (i = 0; i < m->nto && st == ST_OK && !out->by_sender; i++)
		st = match_email(db, m->to[i].email, out);
	if (st != ST_OK)
		mail_match_clear(out);
	return st;
}

/* "a@x, B <b@y>" for the notes. */
static void addresses_text(struct strbuf *b, const struct mail_address *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			strbuf_adds(b, ", ");
		if (v[i].name[0])
			strbuf_addf(b, "%s <%s>", v[i].name, v[i].email);
		else
			strbuf_adds(b, v[i].email);
	}
}

enum status mail_log(struct db *db, const struct mail *m, const char *contact_id, bool dry_run,
		     struct record **out)
{
	struct record *log = record_new(&entity_followup);
	struct strbuf notes = STRBUF_INIT;
	char now[21], *excerpt, *outcome;
	enum status st;

	if (out)
		*out = NULL;
	record_set(log, "related", contact_id);
	if (m->date) {
		record_set(log, "at", m->date);
	} else {
		clock_iso_utc(clock_now(), now);
		record_set(log, "at", now);
	}
	record_set(log, "channel", "email");
	outcome = utf8_sanitize(*m->subject ? m->subject : _("(no subject)"), 200, false);
	st = record_input(db, log, "outcome", outcome);
	free(outcome);
	strbuf_addf(&notes, _("Subject: %s\n"), *m->subject ? m->subject : _("(no subject)"));
	strbuf_adds(&notes, _("From: "));
	addresses_text(&notes, m->from, m->nfrom);
	strbuf_adds(&notes, "\n");
	if (m->nto) {
		strbuf_adds(&notes, _("To: "));
		addresses_text(&notes, m->to, m->nto);
		strbuf_adds(&notes, "\n");
	}
	excerpt = mail_excerpt(m->body, 10, 2000);
	if (*excerpt)
		strbuf_addf(&notes, "\n%s", excerpt);
	free(excerpt);
	if (st == ST_OK)
		st = record_input(db, log, "notes", strbuf_str(&notes));
	strbuf_release(&notes);
	if (st == ST_OK && !dry_run)
		st = record_insert(db, log);
	if (st == ST_OK && out)
		*out = log;
	else
		record_free(&log);
	return st;
}
