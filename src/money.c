/* money.c - exact money: int64 minor units plus an ISO 4217 code. */
#include "money.h"
#include "i18n.h"
#include "xalloc.h"

#include <locale.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct currency {
	char code[4];
	signed char exponent;
};

/*
 * Active ISO 4217 codes with minor units, from the ISO 4217 list one
 * published 2026-01-01 (six-group.com). Codes whose minor unit is "N.A."
 * (precious metals, XDR, XSU, XUA, bond-market units, XTS, XXX) are left out,
 * as are withdrawn ones (ANG, BGN, CUC, HRK, SLL, ZWL). Sorted by code for
 * the binary search in money_exponent(); test_money checks every entry.
 */
static const struct currency currencies[] = {
	{ "AED", 2 }, { "AFN", 2 }, { "ALL", 2 }, { "AMD", 2 }, { "AOA", 2 }, { "ARS", 2 },
	{ "AUD", 2 }, { "AWG", 2 }, { "AZN", 2 }, { "BAM", 2 }, { "BBD", 2 }, { "BDT", 2 },
	{ "BHD", 3 }, { "BIF", 0 }, { "BMD", 2 }, { "BND", 2 }, { "BOB", 2 }, { "BOV", 2 },
	{ "BRL", 2 }, { "BSD", 2 }, { "BTN", 2 }, { "BWP", 2 }, { "BYN", 2 }, { "BZD", 2 },
	{ "CAD", 2 }, { "CDF", 2 }, { "CHE", 2 }, { "CHF", 2 }, { "CHW", 2 }, { "CLF", 4 },
	{ "CLP", 0 }, { "CNY", 2 }, { "COP", 2 }, { "COU", 2 }, { "CRC", 2 }, { "CUP", 2 },
	{ "CVE", 2 }, { "CZK", 2 }, { "DJF", 0 }, { "DKK", 2 }, { "DOP", 2 }, { "DZD", 2 },
	{ "EGP", 2 }, { "ERN", 2 }, { "ETB", 2 }, { "EUR", 2 }, { "FJD", 2 }, { "FKP", 2 },
	{ "GBP", 2 }, { "GEL", 2 }, { "GHS", 2 }, { "GIP", 2 }, { "GMD", 2 }, { "GNF", 0 },
	{ "GTQ", 2 }, { "GYD", 2 }, { "HKD", 2 }, { "HNL", 2 }, { "HTG", 2 }, { "HUF", 2 },
	{ "IDR", 2 }, { "ILS", 2 }, { "INR", 2 }, { "IQD", 3 }, { "IRR", 2 }, { "ISK", 0 },
	{ "JMD", 2 }, { "JOD", 3 }, { "JPY", 0 }, { "KES", 2 }, { "KGS", 2 }, { "KHR", 2 },
	{ "KMF", 0 }, { "KPW", 2 }, { "KRW", 0 }, { "KWD", 3 }, { "KYD", 2 }, { "KZT", 2 },
	{ "LAK", 2 }, { "LBP", 2 }, { "LKR", 2 }, { "LRD", 2 }, { "LSL", 2 }, { "LYD", 3 },
	{ "MAD", 2 }, { "MDL", 2 }, { "MGA", 2 }, { "MKD", 2 }, { "MMK", 2 }, { "MNT", 2 },
	{ "MOP", 2 }, { "MRU", 2 }, { "MUR", 2 }, { "MVR", 2 }, { "MWK", 2 }, { "MXN", 2 },
	{ "MXV", 2 }, { "MYR", 2 }, { "MZN", 2 }, { "NAD", 2 }, { "NGN", 2 }, { "NIO", 2 },
	{ "NOK", 2 }, { "NPR", 2 }, { "NZD", 2 }, { "OMR", 3 }, { "PAB", 2 }, { "PEN", 2 },
	{ "PGK", 2 }, { "PHP", 2 }, { "PKR", 2 }, { "PLN", 2 }, { "PYG", 0 }, { "QAR", 2 },
	{ "RON", 2 }, { "RSD", 2 }, { "RUB", 2 }, { "RWF", 0 }, { "SAR", 2 }, { "SBD", 2 },
	{ "SCR", 2 }, { "SDG", 2 }, { "SEK", 2 }, { "SGD", 2 }, { "SHP", 2 }, { "SLE", 2 },
	{ "SOS", 2 }, { "SRD", 2 }, { "SSP", 2 }, { "STN", 2 }, { "SVC", 2 }, { "SYP", 2 },
	{ "SZL", 2 }, { "THB", 2 }, { "TJS", 2 }, { "TMT", 2 }, { "TND", 3 }, { "TOP", 2 },
	{ "TRY", 2 }, { "TTD", 2 }, { "TWD", 2 }, { "TZS", 2 }, { "UAH", 2 }, { "UGX", 0 },
	{ "USD", 2 }, { "USN", 2 }, { "UYI", 0 }, { "UYU", 2 }, { "UYW", 4 }, { "UZS", 2 },
	{ "VED", 2 }, { "VES", 2 }, { "VND", 0 }, { "VUV", 0 }, { "WST", 2 }, { "XAD", 2 },
	{ "XAF", 0 }, { "XCD", 2 }, { "XCG", 2 }, { "XOF", 0 }, { "XPF", 0 }, { "YER", 2 },
	{ "ZAR", 2 }, { "ZMW", 2 }, { "ZWG", 2 },
};

#define N_CURRENCIES (sizeof(currencies) / sizeof(currencies[0]))

/* bsearch() order of a code against an entry of a table sorted by code
 * (each entry starts with its char code[4]). */
static int code_cmp(const void *key, const void *entry)
{
	const unsigned char *a = key, *b = entry;

	/* Not memcmp(): a call for 3 bytes cost more than the search. */
	if (a[0] != b[0])
		return a[0] - b[0];
	if (a[1] != b[1])
		return a[1] - b[1];
	return a[2] - b[2];
}

/* Three uppercase letters and nothing more. */
static bool code_ok(const char *code)
{
	int i;

	if (!code)
		return false;
	for (i = 0; i < 3; i++)
		if (code[i] < 'A' || code[i] > 'Z')
			return false;
	return code[3] == '\0';
}

/* money_exponent - see money.h. */
int money_exponent(const char *code)
{
	const struct currency *c =
	    code_ok(code) ? bsearch(code, currencies, N_CURRENCIES, sizeof(currencies[0]), code_cmp)
			  : NULL;

	return c ? c->exponent : -1;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* v = v * 10 + d, false if that would pass INT64_MAX. */
static bool push_digit(int64_t *v, int d)
{
	if (*v > (INT64_MAX - d) / 10)
		return false;
	*v = *v * 10 + d;
	return true;
}

/* money_parse - see money.h. */
const char *money_parse(const char *s, int exponent, int64_t *minor)
{
	static const char not_number[] = N_("is not a number");
	const char *p, *end, *int_start, *int_end, *frac = NULL;
	size_t frac_len = 0, int_digits = 0, group = 0;
	bool neg = false, commas = false;
	int64_t v = 0;
	int i;

	if (!s)
		return N_("is empty");
	while (is_blank(*s))
		s++;
	end = s + strlen(s);
	while (end > s && is_blank(end[-1]))
		end--;
	if (end == s)
		return N_("is empty");
	if (exponent < 0 || exponent > 18)
		return N_("has an unknown currency");

	p = s;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	int_start = p;
	for (; p < end && *p != '.'; p++) {
		if (is_digit(*p)) {
			group++;
			int_digits++;
		} else if (*p == ',') {
			/* first group 1-3 digits, every later one exactly 3 */
			if (group == 0 || group > 3 || (commas && group != 3))
				return not_number;
			commas = true;
			group = 0;
		} else {
			return not_number;
		}
	}
	if (commas && group != 3)
		return not_number;
	int_end = p;
	if (p < end) {
		frac = ++p;
		for (; p < end; p++)
			if (!is_digit(*p))
				return not_number;
		frac_len = (size_t)(end - frac);
	}
	if (!int_digits && !frac_len)
		return not_number;
	if (neg)
		return N_("must not be negative");
	if (frac_len > (size_t)exponent)
		return N_("has more decimals than the currency allows");

	for (p = int_start; p < int_end; p++)
		if (is_digit(*p) && !push_digit(&v, *p - '0'))
			return N_("is too large");
	for (i = 0; i < exponent; i++)
		if (!push_digit(&v, (size_t)i < frac_len ? frac[i] - '0' : 0))
			return N_("is too large");
	*minor = v;
	return NULL;
}

/* minor units as a plain decimal, written at the end of buf; returns where
 * it starts. */
static char *format_into(char buf[64], int64_t minor, int exponent, bool grouping)
{
	char *p = buf + 64;
	uint64_t mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	int i, n = 0;

	if (exponent < 0 || exponent > 18)
		exponent = 0;
	*--p = '\0';
	for (i = 0; i < exponent; i++) {
		*--p = (char)('0' + mag % 10);
		mag /= 10;
	}
	if (exponent)
		*--p = '.';
	do {
		if (grouping && n && n % 3 == 0)
			*--p = ',';
		*--p = (char)('0' + mag % 10);
		mag /= 10;
		n++;
	} while (mag);
	if (minor < 0)
		*--p = '-';
	return p;
}

/* money_format - see money.h. */
char *money_format(int64_t minor, int exponent, bool grouping)
{
	char buf[64];

	return xstrdup(format_into(buf, minor, exponent, grouping));
}

/* count_text - see money.h. */
char *count_text(int64_t n)
{
	return money_format(n, 0, true);
}

const char *money_format_buf(int64_t minor, int exponent, bool grouping, char buf[64])
{
	return format_into(buf, minor, exponent, grouping);
}

/*
 * Signs of the currencies a sales team meets most, sorted by code for the
 * binary search. CNY is "¥" as Chinese locales (CLDR zh) write it, and JPY
 * "JP¥", so the home currency reads short and the two never look alike.
 * Every sign is 1 to 3 display columns wide (no East Asian wide forms).
 */
static const struct symbol {
	char code[4];
	const char *sign;
} symbols[] = {
	{ "AUD", "A$" },	 { "BRL", "R$" },	    { "CAD", "CA$" },
	{ "CNY", "\xc2\xa5" },	 { "EUR", "\xe2\x82\xac" }, { "GBP", "\xc2\xa3" },
	{ "HKD", "HK$" },	 { "ILS", "\xe2\x82\xaa" }, { "INR", "\xe2\x82\xb9" },
	{ "JPY", "JP\xc2\xa5" }, { "KRW", "\xe2\x82\xa9" }, { "MOP", "MOP$" },
	{ "MXN", "MX$" },	 { "NZD", "NZ$" },	    { "PHP", "\xe2\x82\xb1" },
	{ "SGD", "S$" },	 { "THB", "\xe0\xb8\xbf" }, { "TWD", "NT$" },
	{ "USD", "$" },		 { "VND", "\xe2\x82\xab" },
};

#define N_SYMBOLS (sizeof(symbols) / sizeof(symbols[0]))

/* money_symbol - see money.h. */
const char *money_symbol(const char *code)
{
	const struct symbol *m;

	if (money_exponent(code) < 0)
		return NULL;
	m = bsearch(code, symbols, N_SYMBOLS, sizeof(symbols[0]), code_cmp);
	return m ? m->sign : NULL;
}

/* The myriad signs of the messages locale: 万 亿 (zh), 萬 億 (zh_TW, zh_HK,
 * zh_MO), 万 億 (ja); NULL for a language that counts in thousands. */
static const char *const *myriad_signs(void)
{
	static const char *const simplified[] = { "\xe4\xb8\x87", "\xe4\xba\xbf" };
	static const char *const traditional[] = { "\xe8\x90\xac", "\xe5\x84\x84" };
	static const char *const japanese[] = { "\xe4\xb8\x87", "\xe5\x84\x84" };
	const char *loc = setlocale(LC_MESSAGES, NULL);

	if (loc == NULL)
		return NULL;
	if (strncmp(loc, "zh_TW", 5) == 0 || strncmp(loc, "zh_HK", 5) == 0 ||
	    strncmp(loc, "zh_MO", 5) == 0)
		return traditional;
	if (strncmp(loc, "zh", 2) == 0)
		return simplified;
	if (strncmp(loc, "ja", 2) == 0)
		return japanese;
	return NULL;
}

/* money_myriads - see money.h. */
bool money_myriads(void)
{
	return myriad_signs() != NULL;
}

/* money_short - see money.h. */
char *money_short(int64_t minor, int exponent, bool myriads)
{
	static const char *const thousands[] = { "", "K", "M", "B" };
	static const char *const myriad_default[] = { "\xe4\xb8\x87", "\xe4\xba\xbf" };
	const char *const *signs = myriads ? myriad_signs() : NULL;
	const char *mine[3] = { "", "", "" };
	uint64_t units[4] = { 1, 1000, 1000000, 1000000000 };
	const char *const *suffix = thousands;
	const char *sign = minor < 0 ? "-" : "";
	uint64_t v = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor, div = 1, unit;
	uint64_t tenths, whole, step = 1000;
	int i, nscales = 4;

	if (myriads && signs == NULL)
		signs = myriad_default;
	if (signs) {
		/* 1, 万 (10^4), 亿 (10^8) */
		mine[1] = signs[0];
		mine[2] = signs[1];
		suffix = mine;
		units[1] = 10000;
		units[2] = 100000000;
		nscales = 3;
		step = 10000;
	}
	if (exponent < 0 || exponent > 18)
		exponent = 0;
	/* Whole units, rounded to nearest (half up). */
	for (; exponent > 0; exponent--)
		div *= 10;
	v = v / div + (v % div >= (div + 1) / 2 && div > 1 ? 1 : 0);
	for (i = nscales - 1; i > 0 && v < units[i]; i--)
		;
	for (;;) {
		unit = units[i];
		/* Rounded, never truncated: 1,160,000 is 1.2M, 999,960 is 1M. */
		whole = v / unit + (v % unit >= (unit + 1) / 2 && unit > 1 ? 1 : 0);
		if (whole >= step && i + 1 < nscales) {
			i++;
			continue;
		}
		tenths = v / unit * 10 + ((v % unit) * 10 + unit / 2) / unit;
		break;
	}
	if (unit > 1 && tenths < 1000 && tenths % 10)
		return xasprintf("%s%llu.%llu%s", sign, (unsigned long long)(tenths / 10),
				 (unsigned long long)(tenths % 10), suffix[i]);
	if (unit > 1 && tenths < 1000)
		whole = tenths / 10;
	return xasprintf("%s%llu%s", sign, (unsigned long long)whole, suffix[i]);
}

/* The NULL-ended parts one after another in buf (n > 0 bytes), as
 * snprintf("%s%s...") writes them, but in a sixth of its instructions (a
 * report writes an amount a cell, 90k of them for a year's report changes;
 * snprintf() was half of each): false, with buf cut, when they do not fit. */
static bool concat(char *buf, size_t n, const char *const *parts)
{
	size_t o = 0;

	for (; *parts; parts++) {
		size_t len = strlen(*parts);

		if (len >= n - o) {
			memcpy(buf + o, *parts, n - o - 1);
			buf[n - 1] = '\0';
			return false;
		}
		memcpy(buf + o, *parts, len);
		o += len;
	}
	buf[o] = '\0';
	return true;
}

/* money_text_buf - see money.h. */
bool money_text_buf(int64_t minor, const char *code, int style, char *buf, size_t n)
{
	int e = money_exponent(code), kind = style & ~MONEY_BARE;
	const char *sym = style & MONEY_BARE ? NULL : money_symbol(code),
		   *neg = minor < 0 ? "-" : "";
	char digits[64], *figure, *shortened = NULL;
	int64_t mag = minor;
	bool ok;

	if (e < 0)
		e = 2;
	if (minor < 0) /* INT64_MIN, which no stored amount reaches, is clamped */
		mag = minor == INT64_MIN ? INT64_MAX : -minor;
	if (kind == MONEY_SHORT || kind == MONEY_SUMMARY) {
		figure = shortened = money_short(mag, e, kind == MONEY_SUMMARY && money_myriads());
	} else {
		if (kind == MONEY_WHOLE && e > 0) {
			int64_t div = 1;
			int i;

			for (i = 0; i < e; i++)
				div *= 10;
			mag = mag / div + (mag % div >= (div + 1) / 2 ? 1 : 0);
			e = 0;
		}
		figure = format_into(digits, mag, e, true);
	}
	if (sym)
		ok = concat(buf, n, (const char *[]){ neg, sym, figure, NULL });
	else if (!(style & MONEY_BARE) && money_exponent(code) >= 0)
		ok = concat(buf, n, (const char *[]){ neg, code, " ", figure, NULL });
	else
		ok = concat(buf, n, (const char *[]){ neg, figure, NULL });
	free(shortened);
	return ok;
}

/* money_text - see money.h. */
char *money_text(int64_t minor, const char *code, int style)
{
	char buf[64];

	if (!money_text_buf(minor, code, style, buf, sizeof(buf)))
		abort(); /* 64 bytes hold any int64 amount with a sign of 4 */
	return xstrdup(buf);
}
