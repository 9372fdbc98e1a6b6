/* embedded.h - data files compiled into the binary (see build-aux/embed.sh). */
#ifndef SALESTERM_EMBEDDED_H
#define SALESTERM_EMBEDDED_H

struct embedded_file {
	const char *name; /* base name, e.g. "0001-schema.sql" */
	const char *text; /* whole file, NUL-terminated */
};

/* data/migrations/NNNN-*.sql in order, terminated by { 0, 0 }. */
extern const struct embedded_file embedded_migrations[];
/* data/salestermrc, the terminal UI's default key bindings, then { 0, 0 }. */
extern const struct embedded_file embedded_rc[];

#endif
