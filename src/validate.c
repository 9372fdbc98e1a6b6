/* validate.c - parsing and validation of field values typed by the user. */
#include "validate.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "i18n.h"
#include "utf8.h"

static const char R_EMPTY[] = N_("is empty");
static const char R_NOT_DATE[] = N_("is not a date (use YYYY-MM-DD)");
static const char R_NOT_REAL_DATE[] = N_("is not a real calendar date");
static const char R_NOT_TIME[] = N_("is not a time (use HH:MM)");
static const char R_NOT_REAL_TIME[] = N_("is not a real time of day");
static const char R_NOT_DATETIME[] = N_("is not a date and time (use YYYY-MM-DD HH:MM)");
static const char R_BAD_OFFSET[] = N_("has an invalid time zone offset");
static const char R_OUT_OF_RANGE[] = N_("is out of range");
static const char R_SPACES[] = N_("must not contain spaces");
static const char R_CONTROL[] = N_("must not contain control characters");
static const char R_UTF8[] = N_("is not valid UTF-8");
static const char R_TOO_LONG[] = N_("is too long");
static const char R_HOST[] = N_("has an invalid host name");
static const char R_NOT_INT[] = N_("must be a whole number");

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int two_digits(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Trim blanks: returns the first non-blank byte and sets *len to the trimmed length. */
static const char *trim(const char *s, size_t *len)
{
	size_t n;

	while (is_blank((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && is_blank((unsigned char)s[n - 1]))
		n--;
	*len = n;
	return s;
}

/*
 * Decode one UTF-8 sequence at *pp and advance past it. Returns the code
 * point, or -1 for a malformed, overlong or surrogate sequence.
 */
static long utf8_next(const unsigned char **pp)
{
	const unsigned char *p = *pp;
	long cp, min;
	int n, i;

	if (p[0] < 0x80) {
		*pp = p + 1;
		return p[0];
	}
	if ((p[0] & 0xe0) == 0xc0) {
		n = 1, cp = p[0] & 0x1f, min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 2, cp = p[0] & 0x0f, min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 3, cp = p[0] & 0x07, min = 0x10000;
	} else {
		return -1;
	}
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*pp = p + n + 1;
	return cp;
}

/* Valid UTF-8 without spaces (including NBSP and the ideographic space) or control characters. */
static const char *check_text(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long cp;

	while (*p) {
		cp = utf8_next(&p);
		if (cp < 0)
			return R_UTF8;
		if (cp == ' ' || cp == '\t' || cp == 0xa0 || cp == 0x3000)
			return R_SPACES;
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			return R_CONTROL;
	}
	return NULL;
}

/*
 * Dot-separated labels of 1-63 bytes: ASCII letters, digits, '-' (not first
 * or last) or any non-ASCII byte (the caller has checked UTF-8). At most 253
 * bytes in all.
 */
static bool host_ok(const char *h, size_t n)
{
	size_t i, start = 0;
	unsigned char c;

	if (n == 0 || n > 253)
		return false;
	for (i = 0; i <= n; i++) {
		if (i == n || h[i] == '.') {
			if (i == start || i - start > 63 || h[start] == '-' || h[i - 1] == '-')
				return false;
			start = i + 1;
			continue;
		}
		c = (unsigned char)h[i];
		if (!(c >= 0x80 || is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'z') || c == '-'))
			return false;
	}
	return true;
}

/* Check the "YYYY-MM-DD" at the start of s; whatever follows is the caller's business. */
static const char *parse_date_prefix(const char *s, int *y, int *m, int *d)
{
	int i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return R_NOT_DATE;
		} else if (!is_digit((unsigned char)s[i])) {
			return R_NOT_DATE;
		}
	}
	*y = two_digits(s) * 100 + two_digits(s + 2);
	*m = two_digits(s + 5);
	*d = two_digits(s + 8);
	if (*y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > clock_days_in_month(*y, *m))
		return R_NOT_REAL_DATE;
	return NULL;
}

/* validate_date - see validate.h. */
const char *validate_date(const char *s)
{
	int y, m, d;
	const char *why;

	if (!s || !*s)
		return R_EMPTY;
	why = parse_date_prefix(s, &y, &m, &d);
	if (why == R_NOT_DATE || s[10])
		return R_NOT_DATE;
	return why;
}

enum hms_rc { HMS_OK, HMS_FORM, HMS_RANGE };

/* Parse "HH:MM[:SS[.fraction]]" at *pp, advancing *pp past it on success. */
static enum hms_rc parse_clock(const char **pp, int *h, int *mi, int *se, bool fraction)
{
	const char *p = *pp;

	if (!is_digit((unsigned char)p[0]) || !is_digit((unsigned char)p[1]) || p[2] != ':' ||
	    !is_digit((unsigned char)p[3]) || !is_digit((unsigned char)p[4]))
		return HMS_FORM;
	*h = two_digits(p);
	*mi = two_digits(p + 3);
	*se = 0;
	p += 5;
	if (*p == ':') {
		if (!is_digit((unsigned char)p[1]) || !is_digit((unsigned char)p[2]))
			return HMS_FORM;
		*se = two_digits(p + 1);
		p += 3;
		if (fraction && *p == '.') {
			if (!is_digit((unsigned char)*++p))
				return HMS_FORM;
			while (is_digit((unsigned char)*p))
				p++;
		}
	}
	if (*h > 23 || *mi > 59 || *se > 59)
		return HMS_RANGE;
	*pp = p;
	return HMS_OK;
}

/* validate_time - see validate.h. */
const char *validate_time(const char *s)
{
	int h, m, sec;
	enum hms_rc rc;

	if (!s || !*s)
		return R_EMPTY;
	rc = parse_clock(&s, &h, &m, &sec, false);
	if (rc == HMS_FORM || (rc == HMS_OK && *s))
		return R_NOT_TIME;
	return rc == HMS_RANGE ? R_NOT_REAL_TIME : NULL;
}

/* Parse a zone offset "+HH:MM", "+HHMM" or "+HH" at *pp into seconds east of UTC. */
static const char *parse_offset(const char **pp, long *off)
{
	const char *p = *pp;
	int sign = *p++ == '-' ? -1 : 1, oh, om = 0;

	if (!is_digit((unsigned char)p[0]) || !is_digit((unsigned char)p[1]))
		return R_NOT_DATETIME;
	oh = two_digits(p);
	p += 2;
	if (*p == ':' || is_digit((unsigned char)*p)) {
		p += *p == ':';
		if (!is_digit((unsigned char)p[0]) || !is_digit((unsigned char)p[1]))
			return R_NOT_DATETIME;
		om = two_digits(p);
		p += 2;
	}
	if (oh > 23 || om > 59)
		return R_BAD_OFFSET;
	*off = sign * (oh * 3600L + om * 60L);
	*pp = p;
	return NULL;
}

/* validate_datetime - see validate.h. */
const char *validate_datetime(const char *s, char out[21])
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, se = 0;
	long off = 0;
	bool local = true;
	const char *p, *why;
	enum hms_rc rc;
	time_t t;
	char buf[64];

	if (!s || !*s)
		return R_EMPTY;
	why = parse_date_prefix(s, &y, &mo, &d);
	if (why)
		return why == R_NOT_DATE ? R_NOT_DATETIME : why;
	p = s + 10;
	if (*p) {
		if (*p != 'T' && *p != 't' && *p != ' ')
			return R_NOT_DATETIME;
		p++;
		rc = parse_clock(&p, &h, &mi, &se, true);
		if (rc != HMS_OK)
			return rc == HMS_FORM ? R_NOT_DATETIME : R_NOT_REAL_TIME;
		if (*p == 'Z' || *p == 'z') {
			local = false;
			p++;
		} else if (*p == '+' || *p == '-') {
			local = false;
			why = parse_offset(&p, &off);
			if (why)
				return why;
		}
		if (*p)
			return R_NOT_DATETIME;
	}

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	tm.tm_wday = -1; /* stays -1 only if the conversion failed */
	if (local) {
		tm.tm_isdst = -1;
		t = mktime(&tm);
	} else {
		t = timegm(&tm);
	}
	if (tm.tm_wday == -1)
		return R_OUT_OF_RANGE;
	t -= off;
	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 < 1 || tm.tm_year + 1900 > 9999)
		return R_OUT_OF_RANGE;
	if (out) {
		snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
		memcpy(out, buf, 21);
	}
	return NULL;
}

/* validate_email - see validate.h. */
const char *validate_email(const char *s)
{
	const char *at, *why, *domain;

	if (!s || !*s)
		return R_EMPTY;
	if (strlen(s) > 254)
		return R_TOO_LONG;
	why = check_text(s);
	if (why)
		return why;
	at = strchr(s, '@');
	if (!at)
		return strstr(s, "\xef\xbc\xa0") ? N_("must use a plain @, not a fullwidth one")
						 : N_("must contain an @");
	if (strchr(at + 1, '@'))
		return N_("must contain only one @");
	if (at == s)
		return N_("needs a name before the @");
	if (at - s > 64)
		return N_("has a name before the @ that is too long");
	domain = at + 1;
	if (!*domain)
		return N_("needs a domain after the @");
	if (!strchr(domain, '.'))
		return N_("needs a domain with a dot (like example.com)");
	if (!host_ok(domain, strlen(domain)))
		return N_("has an invalid domain");
	return NULL;
}

/* "x", "ext" or "ext." then blanks and 1-10 digits to the end of the string. */
static bool extension_ok(const char *p)
{
	int n = 0;

	if (!strncasecmp(p, "ext", 3))
		p += 3 + (p[3] == '.');
	else if (lower((unsigned char)*p) == 'x')
		p++;
	else
		return false;
	while (*p == ' ')
		p++;
	for (; is_digit((unsigned char)*p); p++)
		n++;
	return !*p && n >= 1 && n <= 10;
}

/* validate_phone - see validate.h. */
const char *validate_phone(const char *s)
{
	const char *p;
	int digits = 0, depth = 0;

	if (!s || !*s)
		return R_EMPTY;
	for (p = s; *p; p++)
		if ((unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbc &&
		    (unsigned char)p[2] >= 0x90 && (unsigned char)p[2] <= 0x99)
			return N_("must use ASCII digits, not fullwidth ones");
	for (p = s + (*s == '+'); *p; p++) {
		if (is_digit((unsigned char)*p)) {
			digits++;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			if (--depth < 0)
				return N_("has unbalanced parentheses");
		} else if (*p == '+') {
			return N_("may only have a + at the start");
		} else if (lower((unsigned char)*p) == 'x' || lower((unsigned char)*p) == 'e') {
			if (!digits || !extension_ok(p))
				return N_("has an invalid extension");
			break;
		} else if (!strchr(" -./", *p)) {
			return N_("has characters not allowed in a phone number");
		}
	}
	if (depth)
		return N_("has unbalanced parentheses");
	if (digits < 3)
		return N_("has too few digits (at least 3)");
	if (digits > 20)
		return N_("has too many digits (at most 20)");
	return NULL;
}

/* ":N" with N in 1-65535 filling [p, end). */
static bool port_ok(const char *p, const char *end)
{
	long v = 0;

	if (p == end || *p++ != ':' || p == end || end - p > 5)
		return false;
	for (; p < end; p++) {
		if (!is_digit((unsigned char)*p))
			return false;
		v = v * 10 + (*p - '0');
	}
	return v >= 1 && v <= 65535;
}

/* validate_url - see validate.h. */
const char *validate_url(const char *s)
{
	const char *p, *end, *close, *colon, *why;
	bool scheme = true;
	char ip6[64];
	unsigned char addr[16];
	size_t n;

	if (!s || !*s)
		return R_EMPTY;
	if (strlen(s) > 2048)
		return R_TOO_LONG;
	why = check_text(s);
	if (why)
		return why;
	if (!strncasecmp(s, "http://", 7)) {
		p = s + 7;
	} else if (!strncasecmp(s, "https://", 8)) {
		p = s + 8;
	} else if (strstr(s, "://")) {
		return N_("must start with http:// or https://");
	} else {
		p = s;
		scheme = false;
	}
	end = p + strcspn(p, "/?#");
	if (end == p)
		return N_("needs a host name");

	if (*p == '[') {
		close = memchr(p, ']', (size_t)(end - p));
		n = close ? (size_t)(close - p - 1) : 0;
		if (!close || n == 0 || n >= sizeof(ip6))
			return R_HOST;
		memcpy(ip6, p + 1, n);
		ip6[n] = '\0';
		if (inet_pton(AF_INET6, ip6, addr) != 1)
			return R_HOST;
		if (close + 1 != end && !port_ok(close + 1, end))
			return N_("has an invalid port");
		return NULL;
	}
	colon = memchr(p, ':', (size_t)(end - p));
	n = (size_t)((colon ? colon : end) - p);
	if (n == 0)
		return N_("needs a host name");
	if (!host_ok(p, n))
		return R_HOST;
	if (!scheme && !memchr(p, '.', n))
		return N_("is not a web address (like example.com)");
	if (colon && !port_ok(colon, end))
		return N_("has an invalid port");
	return NULL;
}

/* Text-direction controls: marks, embeddings, overrides and isolates. */
static bool is_bidi_control(long cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* Characters that show as nothing (or as a blank that is not a space). */
static bool is_invisible(long cp)
{
	return cp == 0x00ad || cp == 0x034f || cp == 0x115f || cp == 0x1160 || cp == 0x17b4 ||
	       cp == 0x17b5 || cp == 0x180e || cp == 0x200b || (cp >= 0x2060 && cp <= 0x2064) ||
	       (cp >= 0x206a && cp <= 0x206f) || cp == 0x3164 || cp == 0xfeff || cp == 0xffa0 ||
	       (cp >= 0xfff9 && cp <= 0xfffb) || (cp >= 0x1bca0 && cp <= 0x1bca3) ||
	       (cp >= 0xe0000 && cp <= 0xe007f);
}

/* Scripts whose spelling needs a zero-width (non-)joiner between letters:
 * Arabic, Syriac, N'Ko, the Indic scripts, Myanmar, Khmer, Mongolian. */
static bool is_joining_script(long cp)
{
	return (cp >= 0x0600 && cp <= 0x08ff) || (cp >= 0x0900 && cp <= 0x0dff) ||
	       (cp >= 0x1000 && cp <= 0x109f) || (cp >= 0x1780 && cp <= 0x18af) ||
	       (cp >= 0xa8e0 && cp <= 0xa8ff) || (cp >= 0xfb50 && cp <= 0xfdff) ||
	       (cp >= 0xfe70 && cp <= 0xfefc);
}

/* Pictographs that a ZWJ joins into one emoji (and the emoji presentation selector). */
static bool is_emoji(long cp)
{
	return (cp >= 0x2600 && cp <= 0x27bf) || cp == 0xfe0f || (cp >= 0x1f000 && cp <= 0x1faff);
}

/* validate_name - see validate.h. */
const char *validate_name(const char *s)
{
	static _Thread_local char msg[96];
	const unsigned char *p = (const unsigned char *)s;
	long prev = -1, cp;

	if (s == NULL)
		return NULL;
	while (*p) {
		cp = utf8_next(&p);
		if (cp < 0)
			return R_UTF8;
		if (is_bidi_control(cp)) {
			snprintf(msg, sizeof(msg),
				 "contains a text-direction control character (U+%04lX)", cp);
			return msg;
		}
		if (cp == 0x200c || cp == 0x200d) {
			/* Allowed only inside a word of a script that needs it. */
			const unsigned char *q = p;
			long next = *q ? utf8_next(&q) : -1;
			bool ok = (is_joining_script(prev) && is_joining_script(next)) ||
				  (cp == 0x200d && is_emoji(prev) && is_emoji(next));

			if (!ok)
				goto invisible;
		} else if (is_invisible(cp)) {
			goto invisible;
		}
		prev = cp;
	}
	return NULL;
invisible:
	snprintf(msg, sizeof(msg), "contains an invisible character (U+%04lX)", cp);
	return msg;
}

/* validate_int - see validate.h. */
const char *validate_int(const char *s, long long min, long long max, long long *out)
{
	static _Thread_local char msg[96];
	unsigned long long mag = 0;
	bool neg, big = false;
	long long v = 0;
	size_t len, i;

	if (!s)
		return R_EMPTY;
	s = trim(s, &len);
	if (!len)
		return R_EMPTY;
	neg = *s == '-';
	i = neg;
	if (i == len)
		return R_NOT_INT;
	for (; i < len; i++) {
		if (!is_digit((unsigned char)s[i]))
			return R_NOT_INT;
		if (mag > (ULLONG_MAX - 9) / 10)
			big = true;
		else
			mag = mag * 10 + (unsigned long long)(s[i] - '0');
	}
	if (neg && mag > (unsigned long long)LLONG_MAX + 1)
		big = true;
	else if (!neg && mag > (unsigned long long)LLONG_MAX)
		big = true;
	else if (neg)
		v = mag == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)mag;
	else
		v = (long long)mag;

	if (big || v < min || v > max) {
		if (min == LLONG_MIN && max == LLONG_MAX)
			return R_OUT_OF_RANGE;
		if (min == LLONG_MIN)
			snprintf(msg, sizeof(msg), "must be at most %lld", max);
		else if (max == LLONG_MAX)
			snprintf(msg, sizeof(msg), "must be at least %lld", min);
		else
			snprintf(msg, sizeof(msg), "must be between %lld and %lld", min, max);
		return msg;
	}
	if (out)
		*out = v;
	return NULL;
}

/* validate_bool - see validate.h. */
const char *validate_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "1", "yes", "true", "y", "on" };
	static const char *const no[] = { "0", "no", "false", "n", "off" };
	char w[8];
	size_t len, i;

	if (!s)
		return R_EMPTY;
	s = trim(s, &len);
	if (!len)
		return R_EMPTY;
	if (len >= sizeof(w))
		return N_("must be yes or no");
	for (i = 0; i < len; i++)
		w[i] = (char)lower((unsigned char)s[i]);
	w[len] = '\0';
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcmp(w, yes[i]) || !strcmp(w, no[i])) {
			if (out)
				*out = !strcmp(w, yes[i]);
			return NULL;
		}
	}
	return N_("must be yes or no");
}

/* validate_uuid - see validate.h. */
bool validate_uuid(const char *s)
{
	int i;

	if (!s)
		return false;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!is_digit((unsigned char)s[i]) && !(s[i] >= 'a' && s[i] <= 'f')) {
			return false;
		}
	}
	return s[36] == '\0';
}

/* validate_record_id - see validate.h. */
const char *validate_record_id(const char *s)
{
	size_t len = s ? strlen(s) : 0;

	if (len == 0)
		return N_("is empty");
	if (s[0] == '_')
		return N_("starts with \"_\", which CouchDB keeps for its own documents");
	if (len > VALIDATE_ID_MAX)
		return N_("is too long for a record id");
	if (!utf8_valid(s, len))
		return N_("is not valid UTF-8 text");
	return utf8_check_text(s, false);
}

static void format_uuid(unsigned char b[16], char out[37])
{
	static const char hex[] = "0123456789abcdef";
	int i, o = 0;

	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 9562 variant */
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 0x0f];
	}
	out[o] = '\0';
}

/* Fill buf from getrandom(2), falling back to /dev/urandom; aborts if neither works. */
static void random_bytes(unsigned char *buf, size_t n)
{
	ssize_t r;
	int fd = -1;

	while (n) {
		if (fd < 0) {
			r = getrandom(buf, n, 0);
			if (r < 0 && errno != EINTR) {
				fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
				if (fd < 0)
					abort();
			}
		} else {
			r = read(fd, buf, n);
			if (r == 0 || (r < 0 && errno != EINTR))
				abort();
		}
		if (r > 0) {
			buf += r;
			n -= (size_t)r;
		}
	}
	if (fd >= 0)
		close(fd);
}

/* uuid_v4 - see validate.h. */
void uuid_v4(char out[37])
{
	unsigned char b[16];

	random_bytes(b, sizeof(b));
	format_uuid(b, out);
}

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* uuid_v4_seeded - see validate.h. */
void uuid_v4_seeded(uint64_t *state, char out[37])
{
	unsigned char b[16];
	uint64_t hi = splitmix64(state), lo = splitmix64(state);
	int i;

	for (i = 0; i < 8; i++) {
		b[i] = (unsigned char)(hi >> (56 - 8 * i));
		b[8 + i] = (unsigned char)(lo >> (56 - 8 * i));
	}
	format_uuid(b, out);
}
