/* i18n.h - gettext shorthands. Include where user-visible text is written. */
#ifndef SALESTERM_I18N_H
#define SALESTERM_I18N_H

/* ENABLE_NLS comes from autoconf's config.h, which Makefile.am includes in
 * every file (-include); "config.h" here would be src/config.h. */

#ifdef ENABLE_NLS
#include <libintl.h>
#else
#define ngettext(s, p, n) ((n) == 1 ? (s) : (p))
#endif
/* The locale of the environment, and the catalogues' directory:
 * $SALESTERM_LOCALEDIR (the tests' own), the build tree's when the program
 * runs from the build tree (`make` lays them out in BUILD_LOCALEDIR, so the
 * README's first command speaks Chinese before `make install`), else the
 * installed ones. First thing in main() of both programs. */
void i18n_setup(void);

/* The translation of s; s itself when it has none. A msgid with a context
 * ("CONTEXT\004MSGID", made by C_ and CN_) untranslated is its MSGID. */
#define _(s) i18n_gettext(s)
char *i18n_gettext(const char *s);

/*
 * Short labels that mean different things in different places take a
 * context, the gettext way (pgettext): C_("follow-up", "Channel") translates
 * now; CN_ marks one in a table, stored as "CONTEXT\004MSGID", and _() of
 * it translates it in its context. xgettext reads both (po/Makevars).
 */
#define C_(ctx, s) _(ctx "\004" s)
#define CN_(ctx, s) (ctx "\004" s)

/* s without the context a CN_ string starts with. */
const char *i18n_msgid(const char *s);

/* Mark a string for translation where it is stored, translate where it is shown. */
#define N_(s) (s)

/*
 * Mark a stored value (an enum's key such as "best_case", a default stage's
 * name) for translation in context ctx, "value" for every enum: the source
 * and the database hold the English key, the screens show i18n_value() of
 * it. xgettext reads NC_ as a keyword with a context (po/Makevars).
 */
#define NC_(ctx, s) (s)

/* The separator between the items of a list in a sentence: ", " in English,
 * "、" in Chinese ("must be one of: a, b, c"). */
const char *i18n_list_sep(void);

/* The label stored value v is shown with: its translation in context
 * "value" (po/GLOSSARY.md), or v itself with '_' read as a blank
 * ("best_case" shows as "best case"). */
const char *i18n_value(const char *v);

/* The stored value of enum values[] that text names: the value itself or
 * its label in the user's language, case-insensitive, ' ' and '-' matching
 * '_'; NULL if none. */
const char *i18n_value_match(const char *const *values, const char *text);

#endif
