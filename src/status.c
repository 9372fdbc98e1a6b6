/* status.c - status codes and the per-thread error message slot. */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>

#include "i18n.h"

static _Thread_local char status_msg[1024];

enum status status_set(enum status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(status_msg, sizeof(status_msg), fmt, ap);
	va_end(ap);
	return st;
}

const char *status_message(void)
{
	return status_msg;
}

void status_clear(void)
{
	status_msg[0] = '\0';
}

int status_exit_code(enum status st)
{
	static const int codes[] = {
#define ST_(name, code, msg) code,
		STATUS_LIST
#undef ST_
	};

	return (unsigned)st < sizeof(codes) / sizeof(codes[0]) ? codes[st] : 1;
}

const char *status_default_message(enum status st)
{
	static const char *const msgs[] = {
#define ST_(name, code, msg) msg,
		STATUS_LIST
#undef ST_
	};

	return (unsigned)st < sizeof(msgs) / sizeof(msgs[0]) ? _(msgs[st]) : _("error");
}
