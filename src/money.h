/* money.h - exact money: int64 minor units plus an ISO 4217 code.
 *
 * Amounts never pass through floating point. "12,500.50 CNY" is stored as
 * 1250050 with code "CNY", whose exponent (minor-unit digits) is 2.
 */
#ifndef SALESTERM_MONEY_H
#define SALESTERM_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * money_exponent - number of minor-unit digits of an active ISO 4217 code
 * (three uppercase letters): 2 for CNY and USD, 0 for JPY, 3 for KWD, 4 for
 * CLF. Returns -1 for an unknown, withdrawn, lowercase or malformed code and
 * for codes without minor units (XAU, XDR, XXX, ...).
 */
int money_exponent(const char *code);

/*
 * money_parse - parse a non-negative amount the user typed into minor units.
 *
 * Digits with an optional '+', an optional decimal point followed by at most
 * exponent digits ("12500.5" -> 1250050 for exponent 2; ".5" and "5." are
 * accepted), and optional ',' thousands separators in groups of three
 * ("12,500.50"; "1,25" is rejected). Surrounding blanks are ignored.
 * Returns NULL and sets *minor, or a reason ("is empty", "must not be
 * negative", "is not a number", "has more decimals than the currency allows",
 * "is too large", "has an unknown currency" when exponent is not 0-18);
 * *minor is untouched on error.
 */
const char *money_parse(const char *s, int exponent, int64_t *minor);

/*
 * money_format - format minor units as a plain decimal: "12500.50", or
 * "12,500.50" with grouping; exponent 0 gives "12500"; negatives get a
 * leading '-'. An exponent outside 0-18 is treated as 0. Caller frees.
 */
char *money_format(int64_t minor, int exponent, bool grouping);
/* money_format() written in buf; returns where the text starts in buf. */
const char *money_format_buf(int64_t minor, int exponent, bool grouping, char buf[64]);

/*
 * count_text - a count as a person reads it, its digits grouped by three as
 * amounts are: "20,884", "-1,200". Every screen shows counts this way; CSV
 * and JSON keep plain integers. Caller frees.
 */
char *count_text(int64_t n);

/*
 * How an amount reads where a person reads it. money_text() is the one place
 * that decides it; the screens, the CLI and the report tables ask it. CSV,
 * JSON and the sync documents keep plain decimals (money_format()) and the
 * ISO code in a field of its own.
 *
 *   MONEY_FULL     every digit, minor units as the currency has them:
 *                  "¥1,160,000.00", "JP¥1,160,000", "$12.50"
 *   MONEY_WHOLE    rounded to whole units: "¥1,160,000"
 *   MONEY_SHORT    for a narrow cell, whole units shortened with K, M or B:
 *                  "¥1.2M", "¥256K", "¥950"
 *   MONEY_SUMMARY  as MONEY_SHORT, but where the language reads large
 *                  amounts in myriads (Chinese, Japanese) with 万 and 亿
 *                  (萬 and 億 in zh_TW, zh_HK): "¥116万", "¥1.2亿"
 *
 * Or'ed with MONEY_BARE the symbol is left out (a column whose heading names
 * the currency). Digits are grouped by three with ','; that is how every
 * language salesterm speaks groups them, and money_parse() reads it back.
 */
enum money_style { MONEY_FULL, MONEY_WHOLE, MONEY_SHORT, MONEY_SUMMARY };
#define MONEY_BARE 0x100

/*
 * money_symbol - the sign shown before amounts of code: "¥" for CNY (the
 * currency salesterm's users keep their books in, as Chinese locales write
 * it), "JP¥" for JPY so the two never read alike, "$" USD, "€" EUR, "£" GBP,
 * "HK$" HKD, "NT$" TWD, "₩" KRW ... (each 1 to 3 display columns). NULL for
 * a code without a well-known sign: its amounts read "CHF 1,200.00".
 */
const char *money_symbol(const char *code);

/*
 * money_text - minor units of currency code (an ISO 4217 code; NULL or an
 * unknown code: a plain figure with 2 decimals) in style, an enum
 * money_style or'ed with MONEY_BARE. Negative amounts read "-¥12.50".
 * Caller frees.
 */
char *money_text(int64_t minor, const char *code, int style);

/* money_text() written in buf (n bytes, 64 hold any amount) without an
 * allocation, for tables of many rows; false if it does not fit. */
bool money_text_buf(int64_t minor, const char *code, int style, char *buf, size_t n);

/*
 * money_short - minor units of a currency with exponent digits, in whole
 * units shortened ("950", "12.3K", "345K", "1.2M"; with myriads "25.6万",
 * "116万", "1.2亿"), rounded to nearest (1,160,000 is 1.2M; 999,960 is 1M);
 * negative amounts get '-'; no symbol. The myriad signs are the messages
 * locale's (万 亿 where it has none). Caller frees.
 */
char *money_short(int64_t minor, int exponent, bool myriads);

/* money_myriads - whether the user's language reads large amounts in myriads
 * (万/亿): the messages locale is Chinese or Japanese. */
bool money_myriads(void);

#endif
