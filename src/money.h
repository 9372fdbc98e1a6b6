/* money.h - exact money: int64 minor units plus an ISO 4217 code.
 *
 * Amounts never pass through floating point. "12,500.50 CNY" is stored as
 * 1250050 with code "CNY", whose exponent (minor-unit digits) is 2.
 */
#ifndef SALESTERM_MONEY_H
#define SALESTERM_MONEY_H

#include <stdbool.h>
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

#endif
