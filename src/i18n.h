/* i18n.h - gettext shorthands. Include where user-visible text is written. */
#ifndef SALESTERM_I18N_H
#define SALESTERM_I18N_H

/* ENABLE_NLS comes from autoconf's config.h, which Makefile.am includes in
 * every file (-include); "config.h" here would be src/config.h. */

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s) (s)
#define ngettext(s, p, n) ((n) == 1 ? (s) : (p))
#endif
/* Mark a string for translation where it is stored, translate where it is shown. */
#define N_(s) (s)

#endif
