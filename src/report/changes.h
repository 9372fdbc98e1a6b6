/* changes.h - `salesterm report changes`: what changed in a period's pipeline
 * since a date, from the deals' history (src/report/history.h). */
#ifndef SALESTERM_REPORT_CHANGES_H
#define SALESTERM_REPORT_CHANGES_H

#include "report/registry.h"
#include "status.h"

/* The date --since names (NULL: a week before today) and the instant its
 * day starts at, local time. ST_INVALID with a message for a bad date. */
enum status report_changes_since(const char *since, char date[11], char instant[21]);

extern const struct report_def report_def_changes;

#endif
