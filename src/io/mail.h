/* mail.h - a mail message (RFC 5322, MIME) read and logged as a follow-up.
 *
 * `salesterm log --mail < message.eml`: a mail piped from mutt or neomutt is
 * decoded (RFC 2047 headers in B or Q, quoted-printable and base64 bodies,
 * multipart: text/plain first, else text/html with its tags stripped; any
 * charset iconv knows, GB2312 and GBK read as GB18030), matched to a contact
 * by its addresses, and logged as a follow-up of channel email with its
 * subject and first lines.
 */
#ifndef SALESTERM_MAIL_H
#define SALESTERM_MAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

struct db;
struct record;

struct mail_address {
	char *name;  /* the display name, decoded; "" if none */
	char *email; /* the addr-spec as written */
};

struct mail {
	char *subject; /* decoded UTF-8; "" if none */
	char *date; /* the Date header in UTC "YYYY-MM-DDTHH:MM:SSZ"; NULL if none or unreadable */
	struct mail_address *from, *to; /* to: To and Cc */
	size_t nfrom, nto;
	char *body; /* the text, UTF-8, line ends "\n" */
};

/* Read the message text (len bytes) into m. ST_INVALID if it has no header
 * at all. Caller clears m with mail_clear() (also after an error). */
enum status mail_parse(const char *text, size_t len, struct mail *m);
void mail_clear(struct mail *m);

/* A header value with its RFC 2047 encoded-words decoded to UTF-8. Caller frees. */
char *mail_decode_header(const char *value);

/* The first lines of the body worth keeping (no quoted text, no signature,
 * blank lines squeezed), at most max_lines lines and max_bytes bytes (cut
 * between characters, marked with "..."). Caller frees. */
char *mail_excerpt(const char *body, int max_lines, size_t max_bytes);

/* The contacts the mail is about: those whose email is the sender's, else
 * those whose email is one of the recipients' (compared case-insensitively),
 * each once. */
struct mail_match {
	char **ids, **names, **emails;
	size_t n;
	bool by_sender;
};

enum status mail_match_contacts(struct db *db, const struct mail *m, struct mail_match *out);
void mail_match_clear(struct mail_match *mm);

/*
 * The follow-up that logs m for the contact contact_id: channel email, at the
 * mail's date (else now), outcome the subject, notes the subject, the
 * addresses and the first lines. Written in one transaction unless dry_run.
 * *out (may be NULL) gets the record. Caller frees.
 */
enum status mail_log(struct db *db, const struct mail *m, const char *contact_id, bool dry_run,
		     struct record **out);

#endif
