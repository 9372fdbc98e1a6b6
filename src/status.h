/* status.h - the outcome of every fallible core call.
 *
 * Each status has a process exit code (documented in the README and the man
 * page) and a default message. The details of the last failure go to one
 * per-thread message slot, read with status_message(), so the CLI prints it
 * and the TUI shows it in the status line. SQLite, libcurl and cJSON errors
 * are mapped to these codes in their adapter modules and never leak further.
 */
#ifndef SALESTERM_STATUS_H
#define SALESTERM_STATUS_H

/* ST_(name, exit code, default message) */
#define STATUS_LIST                                                                                \
	ST_(OK, 0, N_("ok"))                                                                       \
	ST_(ERROR, 1, N_("error"))                                                                 \
	ST_(USAGE, 2, N_("invalid command line"))                                                  \
	ST_(NOT_FOUND, 3, N_("no such record"))                                                    \
	ST_(INVALID, 4, N_("invalid input"))                                                       \
	ST_(DENIED, 5, N_("not allowed"))                                                          \
	ST_(AMBIGUOUS, 6, N_("ambiguous name"))                                                    \
	ST_(GATE, 7, N_("stage requirements not met"))                                             \
	ST_(DB, 8, N_("database error"))                                                           \
	ST_(READONLY, 9, N_("database is read-only"))                                              \
	ST_(NEWER, 10, N_("database was written by a newer salesterm"))                            \
	ST_(NOT_DB, 11, N_("not a salesterm database"))                                            \
	ST_(BUSY, 12, N_("database is locked by another program"))                                 \
	ST_(IO, 13, N_("input/output error"))                                                      \
	ST_(FULL, 14, N_("disk full"))                                                             \
	ST_(DUPLICATE, 15, N_("already here"))

enum status {
#define ST_(name, code, msg) ST_##name,
	STATUS_LIST
#undef ST_
};

/* Record a failure: format the message into this thread's slot and return st. */
enum status status_set(enum status st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The message of the last status_set() on this thread ("" if none). */
const char *status_message(void);
/* Forget the last message. */
void status_clear(void);
/* The process exit code and the (translated) default message of st. */
int status_exit_code(enum status st);
const char *status_default_message(enum status st);

#endif
