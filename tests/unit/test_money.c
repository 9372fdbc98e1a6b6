/* test_money.c - TAP tests for src/money.c. */
#include "money.h"
#include "tap.h"

#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NAN_ "is not a number"
#define DECIMALS "has more decimals than the currency allows"

static void check_parse(const char *s, int exponent, int64_t want)
{
	int64_t v = -1;
	const char *why = money_parse(s, exponent, &v);

	if (!ok(!why && v == want, "parse \"%s\" (exp %d) = %" PRId64, s, exponent, want))
		printf("#   got %" PRId64 ", reason %s\n", v, why ? why : "(none)");
}

static void check_reject(const char *s, int exponent, const char *want)
{
	int64_t v = -1;

	is_str(money_parse(s, exponent, &v), want, "parse \"%s\" (exp %d) is rejected",
	       s ? s : "NULL", exponent);
	ok(v == -1, "parse \"%s\": minor untouched", s ? s : "NULL");
}

static void check_format(int64_t minor, int exponent, bool grouping, const char *want)
{
	char *s = money_format(minor, exponent, grouping);

	is_str(s, want, "format %" PRId64 " (exp %d%s)", minor, exponent,
	       grouping ? ", grouped" : "");
	free(s);
}

static void test_exponent(void)
{
	/* Every active ISO 4217 code (list one, 2026-01-01) with its exponent. */
	static const char *const all[] = {
		"AED2", "AFN2", "ALL2", "AMD2", "AOA2", "ARS2", "AUD2", "AWG2", "AZN2", "BAM2",
		"BBD2", "BDT2", "BHD3", "BIF0", "BMD2", "BND2", "BOB2", "BOV2", "BRL2", "BSD2",
		"BTN2", "BWP2", "BYN2", "BZD2", "CAD2", "CDF2", "CHE2", "CHF2", "CHW2", "CLF4",
		"CLP0", "CNY2", "COP2", "COU2", "CRC2", "CUP2", "CVE2", "CZK2", "DJF0", "DKK2",
		"DOP2", "DZD2", "EGP2", "ERN2", "ETB2", "EUR2", "FJD2", "FKP2", "GBP2", "GEL2",
		"GHS2", "GIP2", "GMD2", "GNF0", "GTQ2", "GYD2", "HKD2", "HNL2", "HTG2", "HUF2",
		"IDR2", "ILS2", "INR2", "IQD3", "IRR2", "ISK0", "JMD2", "JOD3", "JPY0", "KES2",
		"KGS2", "KHR2", "KMF0", "KPW2", "KRW0", "KWD3", "KYD2", "KZT2", "LAK2", "LBP2",
		"LKR2", "LRD2", "LSL2", "LYD3", "MAD2", "MDL2", "MGA2", "MKD2", "MMK2", "MNT2",
		"MOP2", "MRU2", "MUR2", "MVR2", "MWK2", "MXN2", "MXV2", "MYR2", "MZN2", "NAD2",
		"NGN2", "NIO2", "NOK2", "NPR2", "NZD2", "OMR3", "PAB2", "PEN2", "PGK2", "PHP2",
		"PKR2", "PLN2", "PYG0", "QAR2", "RON2", "RSD2", "RUB2", "RWF0", "SAR2", "SBD2",
		"SCR2", "SDG2", "SEK2", "SGD2", "SHP2", "SLE2", "SOS2", "SRD2", "SSP2", "STN2",
		"SVC2", "SYP2", "SZL2", "THB2", "TJS2", "TMT2", "TND3", "TOP2", "TRY2", "TTD2",
		"TWD2", "TZS2", "UAH2", "UGX0", "USD2", "USN2", "UYI0", "UYU2", "UYW4", "UZS2",
		"VED2", "VES2", "VND0", "VUV0", "WST2", "XAD2", "XAF0", "XCD2", "XCG2", "XOF0",
		"XPF0", "YER2", "ZAR2", "ZMW2", "ZWG2",
	};
	static const char *const unknown[] = {
		"usd", "Usd", "US",  "USDX", "",    "U$D", "U1D", "AAA", "ZZZ", "XAU",	"XAG",
		"XDR", "XXX", "XTS", "BGN",  "HRK", "ANG", "CUC", "SLL", "ZWL", "EUR ",
	};
	size_t i;
	int bad = 0;
	char code[4];

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		memcpy(code, all[i], 3);
		code[3] = '\0';
		if (money_exponent(code) != all[i][3] - '0') {
			printf("#   %s: got %d\n", code, money_exponent(code));
			bad++;
		}
	}
	is_int(i, 165, "165 active codes listed");
	is_int(bad, 0, "every active code has the right exponent");
	is_int(money_exponent("CNY"), 2, "CNY");
	is_int(money_exponent("USD"), 2, "USD");
	is_int(money_exponent("EUR"), 2, "EUR");
	is_int(money_exponent("JPY"), 0, "JPY");
	is_int(money_exponent("KRW"), 0, "KRW");
	is_int(money_exponent("TWD"), 2, "TWD");
	is_int(money_exponent("HKD"), 2, "HKD");
	is_int(money_exponent("SGD"), 2, "SGD");
	is_int(money_exponent("BHD"), 3, "BHD");
	is_int(money_exponent("KWD"), 3, "KWD");
	is_int(money_exponent("JOD"), 3, "JOD");
	is_int(money_exponent("OMR"), 3, "OMR");
	is_int(money_exponent("TND"), 3, "TND");
	is_int(money_exponent("CLF"), 4, "CLF");
	is_int(money_exponent("AED"), 2, "first entry");
	is_int(money_exponent("ZWG"), 2, "last entry");
	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		is_int(money_exponent(unknown[i]), -1, "\"%s\" is unknown", unknown[i]);
	is_int(money_exponent(NULL), -1, "NULL is unknown");
}

static void test_parse(void)
{
	check_parse("12500.5", 2, 1250050);
	check_parse("12500", 2, 1250000);
	check_parse("12500.50", 2, 1250050);
	check_parse("12,500.50", 2, 1250050);
	check_parse("1,234,567.89", 2, 123456789);
	check_parse("999,999", 2, 99999900);
	check_parse("1,000", 0, 1000);
	check_parse("  42  ", 2, 4200);
	check_parse("\t42\t", 2, 4200);
	check_parse("+7", 2, 700);
	check_parse("+7.25", 2, 725);
	check_parse(".5", 2, 50);
	check_parse("5.", 2, 500);
	check_parse("0", 2, 0);
	check_parse("0.00", 2, 0);
	check_parse("0.01", 2, 1);
	check_parse("007.10", 2, 710);
	check_parse("12500", 0, 12500);
	check_parse("1.234", 3, 1234);
	check_parse("1.2", 3, 1200);
	check_parse("0.0001", 4, 1);
	check_parse("3", 4, 30000);
	check_parse("1.000000000000000001", 18, 1000000000000000001LL);
	check_parse("9223372036854775807", 0, INT64_MAX);
	check_parse("9,223,372,036,854,775,807", 0, INT64_MAX);
	check_parse("92233720368547758.07", 2, INT64_MAX);
	check_parse("92,233,720,368,547,758.07", 2, INT64_MAX);
	check_parse("922337203685477.5807", 4, INT64_MAX);
	check_parse("00000000000000000000000000001", 2, 100);

	check_reject("", 2, "is empty");
	check_reject("   ", 2, "is empty");
	check_reject(NULL, 2, "is empty");
	check_reject("-5", 2, "must not be negative");
	check_reject("-0.01", 2, "must not be negative");
	check_reject("-1,000", 0, "must not be negative");
	check_reject(" -0 ", 2, "must not be negative");
	check_reject("abc", 2, NAN_);
	check_reject("12a", 2, NAN_);
	check_reject("$12", 2, NAN_);
	check_reject("12 500", 2, NAN_);
	check_reject("1,25", 2, NAN_);
	check_reject("1,2345", 2, NAN_);
	check_reject("1234,567", 2, NAN_);
	check_reject(",123", 2, NAN_);
	check_reject("1,,234", 2, NAN_);
	check_reject("1,234,56", 2, NAN_);
	check_reject("1,234.5,0", 2, NAN_);
	check_reject("1.234,50", 2, NAN_);
	check_reject("1.2.3", 2, NAN_);
	check_reject(".", 2, NAN_);
	check_reject("+", 2, NAN_);
	check_reject("-", 2, NAN_);
	check_reject("+-5", 2, NAN_);
	check_reject("--5", 2, NAN_);
	check_reject("-abc", 2, NAN_);
	check_reject("1e5", 2, NAN_);
	check_reject("0x10", 2, NAN_);
	check_reject("１２", 2, NAN_);
	check_reject("12.345", 2, DECIMALS);
	check_reject("12.500", 2, DECIMALS);
	check_reject("12.0", 0, DECIMALS);
	check_reject("1.2345", 3, DECIMALS);
	check_reject("0.00001", 4, DECIMALS);
	check_reject("9223372036854775808", 0, "is too large");
	check_reject("9,223,372,036,854,775,808", 0, "is too large");
	check_reject("92233720368547758.08", 2, "is too large");
	check_reject("92233720368547759", 2, "is too large");
	check_reject("99999999999999999999999", 2, "is too large");
	check_reject("10", 18, "is too large");
	check_reject("12", -1, "has an unknown currency");
	check_reject("12", 19, "has an unknown currency");
}

static void test_format(void)
{
	static const int64_t values[] = {
		0,
		1,
		9,
		10,
		99,
		100,
		999,
		1000,
		1001,
		12345,
		999999,
		1000000,
		1250050,
		123456789,
		1000000000000LL,
		INT64_MAX - 1,
		INT64_MAX,
	};
	size_t i;
	int e, g, bad = 0;
	int64_t v;
	char *s;

	check_format(1250050, 2, false, "12500.50");
	check_format(1250050, 2, true, "12,500.50");
	check_format(12500, 0, false, "12500");
	check_format(12500, 0, true, "12,500");
	check_format(0, 2, false, "0.00");
	check_format(0, 0, true, "0");
	check_format(5, 2, false, "0.05");
	check_format(-5, 2, false, "-0.05");
	check_format(-1250050, 2, true, "-12,500.50");
	check_format(-123, 0, true, "-123");
	check_format(-1234, 0, true, "-1,234");
	check_format(999, 0, true, "999");
	check_format(1000, 0, true, "1,000");
	check_format(100000, 0, true, "100,000");
	check_format(1000000, 0, true, "1,000,000");
	check_format(123456789, 3, true, "123,456.789");
	check_format(1234, 3, false, "1.234");
	check_format(1, 4, false, "0.0001");
	check_format(1, 18, false, "0.000000000000000001");
	check_format(INT64_MAX, 0, true, "9,223,372,036,854,775,807");
	check_format(INT64_MAX, 0, false, "9223372036854775807");
	check_format(INT64_MAX, 2, false, "92233720368547758.07");
	check_format(INT64_MAX, 2, true, "92,233,720,368,547,758.07");
	check_format(INT64_MIN, 0, false, "-9223372036854775808");
	check_format(INT64_MIN, 2, true, "-92,233,720,368,547,758.08");
	check_format(1234, -1, false, "1234");
	check_format(1234, 19, false, "1234");

	/* parse(format(x)) == x for every value, exponent and grouping. */
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		for (e = 0; e <= 4; e++) {
			for (g = 0; g <= 1; g++) {
				s = money_format(values[i], e, g);
				v = -1;
				if (money_parse(s, e, &v) || v != values[i]) {
					printf("#   round trip failed: %s\n", s);
					bad++;
				}
				free(s);
			}
		}
	}
	is_int(bad, 0, "format/parse round trips");
}

static void check_text(int64_t minor, const char *code, int style, const char *want)
{
	char *s = money_text(minor, code, style);

	is_str(s, want, "text %" PRId64 " %s (style %#x)", minor, code ? code : "NULL", style);
	free(s);
}

static void check_short(int64_t minor, int exponent, bool myriads, const char *want)
{
	char *s = money_short(minor, exponent, myriads);

	is_str(s, want, "short %" PRId64 " (exp %d%s)", minor, exponent,
	       myriads ? ", myriads" : "");
	free(s);
}

static void test_text(void)
{
	/* The symbol tells CNY from JPY; the minor units are the currency's. */
	check_text(116000000, "CNY", MONEY_FULL,
		   "\xc2\xa5"
		   "1,160,000.00");
	check_text(1160000, "JPY", MONEY_FULL,
		   "JP\xc2\xa5"
		   "1,160,000");
	check_text(1250, "USD", MONEY_FULL, "$12.50");
	check_text(-1250, "USD", MONEY_FULL, "-$12.50");
	check_text(99, "EUR", MONEY_FULL,
		   "\xe2\x82\xac"
		   "0.99");
	check_text(123456, "HKD", MONEY_FULL, "HK$1,234.56");
	check_text(123456, "TWD", MONEY_FULL, "NT$1,234.56");
	check_text(1234567, "KWD", MONEY_FULL, "KWD 1,234.567");
	check_text(120000, "CHF", MONEY_FULL, "CHF 1,200.00");
	check_text(120000, NULL, MONEY_FULL, "1,200.00");
	check_text(120000, "XYZ", MONEY_FULL, "1,200.00");
	check_text(116000050, "CNY", MONEY_WHOLE,
		   "\xc2\xa5"
		   "1,160,001");
	check_text(-116000049, "CNY", MONEY_WHOLE,
		   "-\xc2\xa5"
		   "1,160,000");
	check_text(116000000, "CNY", MONEY_SHORT,
		   "\xc2\xa5"
		   "1.2M");
	check_text(116000000, "CNY", MONEY_FULL | MONEY_BARE, "1,160,000.00");
	check_text(1160000, "JPY", MONEY_SHORT | MONEY_BARE, "1.2M");
	check_text(INT64_MIN + 1, "CNY", MONEY_FULL,
		   "-\xc2\xa5"
		   "92,233,720,368,547,758.07");
	{
		char buf[8];

		ok(money_text_buf(1250, "USD", MONEY_FULL, buf, sizeof(buf)) &&
		       strcmp(buf, "$12.50") == 0,
		   "written in a buffer");
		ok(!money_text_buf(116000000, "CNY", MONEY_FULL, buf, sizeof(buf)),
		   "false when it does not fit");
	}
	is_str(money_symbol("CNY"), "\xc2\xa5", "CNY's symbol");
	is_str(money_symbol("JPY"), "JP\xc2\xa5", "JPY's symbol differs from CNY's");
	ok(money_symbol("CHF") == NULL, "CHF has no symbol");
	ok(money_symbol("cny") == NULL, "a lowercase code has no symbol");
	ok(money_symbol(NULL) == NULL, "NULL has no symbol");
}

static void test_short(void)
{
	check_short(116000000, 2, false, "1.2M");
	check_short(25600000, 2, false, "256K");
	check_short(95000, 2, false, "950");
	check_short(-5000000, 0, false, "-5M");
	/* In myriads: 万 is 10^4, 亿 10^8. */
	check_short(116000000, 2, true, "116\xe4\xb8\x87");
	check_short(25600000, 2, true, "25.6\xe4\xb8\x87");
	check_short(123456789, 0, true, "1.2\xe4\xba\xbf");
	check_short(9999, 0, true, "9999");
	check_short(99995000, 0, true, "1\xe4\xba\xbf");
	check_short(45678900, 0, true, "4568\xe4\xb8\x87");
	check_short(12345, 0, true, "1.2\xe4\xb8\x87");
}

/* The myriads follow the messages locale: 万/亿 in zh_CN, 萬/億 in zh_TW. */
static void test_myriads(void)
{
	if (setlocale(LC_MESSAGES, "zh_TW.UTF-8") == NULL) {
		skip(1, "no zh_TW.UTF-8 locale");
	} else {
		check_text(12345678900, "TWD", MONEY_SUMMARY, "NT$1.2\xe5\x84\x84");
	}
	if (setlocale(LC_MESSAGES, "zh_CN.UTF-8") == NULL) {
		skip(2, "no zh_CN.UTF-8 locale");
	} else {
		check_text(116000000, "CNY", MONEY_SUMMARY,
			   "\xc2\xa5"
			   "116\xe4\xb8\x87");
		check_text(116000000, "CNY", MONEY_SHORT,
			   "\xc2\xa5"
			   "1.2M");
	}
	setlocale(LC_MESSAGES, "C");
	ok(!money_myriads(), "C counts in thousands");
	check_text(116000000, "CNY", MONEY_SUMMARY,
		   "\xc2\xa5"
		   "1.2M");
}

/* Counts read as amounts do: grouped by three, whatever the language. */
static void test_count(void)
{
	static const struct {
		int64_t n;
		const char *want;
	} cases[] = {
		{ 0, "0" },
		{ 999, "999" },
		{ 1000, "1,000" },
		{ 20884, "20,884" },
		{ -1200, "-1,200" },
		{ 308716, "308,716" },
		{ INT64_MAX, "9,223,372,036,854,775,807" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = count_text(cases[i].n);

		is_str(s, cases[i].want, "count %" PRId64, cases[i].n);
		free(s);
	}
}

int main(void)
{
	test_exponent();
	test_parse();
	test_format();
	test_text();
	test_short();
	test_myriads();
	test_count();
	return done_testing();
}
