/* validate.h - parsing and validation of field values typed by the user.
 *
 * Validators return NULL when the value is acceptable, or a short English
 * reason that reads well after a field name ("close date: is not a real
 * calendar date"). Reasons are static strings (callers may wrap them in
 * gettext); the only exception is validate_int()'s range message, see there.
 * A NULL or empty input gives "is empty".
 */
#ifndef SALESTERM_VALIDATE_H
#define SALESTERM_VALIDATE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * validate_date - NULL if s is exactly "YYYY-MM-DD", years 0001-9999, and a
 * real Gregorian date; else "is not a date (use YYYY-MM-DD)" or "is not a
 * real calendar date".
 */
const char *validate_date(const char *s);

/* validate_time - NULL if s is "HH:MM" or "HH:MM:SS" (00-23, 00-59, 00-59). */
const char *validate_time(const char *s);

/*
 * validate_datetime - parse a date and time and normalise it to UTC.
 *
 * Accepts "YYYY-MM-DD", then optionally 'T' or ' ', "HH:MM[:SS[.fraction]]"
 * and optionally a zone: 'Z' or an offset "+08:00" / "-0530" / "+08". Without
 * a zone the time is local (TZ; a bare date means local midnight). On success
 * writes "YYYY-MM-DDTHH:MM:SSZ" to out (may be NULL; fractions are dropped)
 * and returns NULL; otherwise returns a reason and leaves out untouched.
 */
const char *validate_datetime(const char *s, char out[21]);

/*
 * validate_email - pragmatic address check: at most 254 bytes of UTF-8, one
 * '@', a local part without spaces or control characters (at most 64 bytes),
 * and a domain of dot-separated labels (letters, digits, hyphens, non-ASCII)
 * with at least one dot and no label starting or ending with '-'.
 */
const char *validate_email(const char *s);

/*
 * validate_phone - digits, spaces and - . ( ) /, a '+' only as the first
 * character, and an optional extension at the end ("x123", "ext 123",
 * "ext. 123", up to 10 digits). The number itself must have 3-20 digits.
 * Fullwidth digits are rejected with their own reason.
 */
const char *validate_phone(const char *s);

/*
 * validate_url - "http://" or "https://" (any case) followed by a host, or a
 * bare host containing a dot ("example.com", "华为.com"), then an optional
 * ":port" and path/query/fragment. Hosts may be IDN, IPv4 or [IPv6]. No
 * spaces, at most 2048 bytes.
 */
const char *validate_url(const char *s);

/*
 * validate_name - NULL if s (valid UTF-8; NULL is accepted) can be a name:
 * no text-direction controls (U+202A-202E overrides and embeddings,
 * U+2066-2069 isolates, U+200E/200F/061C marks), which can make a name show
 * as another ("Acme\u202Eexe.pdf"), and no invisible characters (U+200B
 * zero-width space, U+FEFF, U+2060, soft hyphen, Hangul fillers, tags ...),
 * which make two names look the same. A zero-width joiner or non-joiner is
 * accepted between two letters of a script that needs it (Arabic, Indic,
 * Myanmar, Khmer, Mongolian ...) and a joiner between two emoji. Reasons
 * name the code point ("contains an invisible character (U+200B)") in a
 * thread-local buffer, valid until the next call in the same thread.
 */
const char *validate_name(const char *s);

/*
 * validate_int - parse a decimal integer (optional leading '-', surrounding
 * blanks ignored) in [min, max] into *out (out may be NULL; untouched on
 * error). Range reasons such as "must be between 0 and 100" are formatted
 * into a thread-local buffer, valid until the next call in the same thread.
 */
const char *validate_int(const char *s, long long min, long long max, long long *out);

/*
 * validate_bool - parse 1/0, yes/no, true/false, y/n, on/off (any case,
 * surrounding blanks ignored) into *out (may be NULL); else "must be yes or no".
 */
const char *validate_bool(const char *s, bool *out);

/* validate_uuid - true if s is a canonical lowercase 8-4-4-4-12 hex UUID. */
bool validate_uuid(const char *s);

/*
 * validate_record_id - NULL if s may be a record id, else a reason (N_()).
 * Records created here get UUIDs, but any CouchDB _id is a record id: other
 * clients use their own schemes. It must be UTF-8 text of one line, at most
 * VALIDATE_ID_MAX bytes, not starting with "_" (CouchDB's own documents).
 */
#define VALIDATE_ID_MAX 1000
const char *validate_record_id(const char *s);

/* uuid_v4 - write a random version-4 UUID (lowercase, from getrandom(2)) to out. */
void uuid_v4(char out[37]);

/*
 * uuid_v4_seeded - write a deterministic version-4 UUID derived from *state
 * (splitmix64) to out, and advance *state. Same seed, same sequence: for
 * reproducible demo data, never for real records.
 */
void uuid_v4_seeded(uint64_t *state, char out[37]);

#endif
