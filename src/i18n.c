/* i18n.c - stored values shown in the user's language.
 *
 * gettext's contexts are "CONTEXT\004MSGID" in the catalogue (what
 * xgettext writes for NC_ and gettext.h's pgettext() looks up); the values
 * are read from the database, so the key is built here at run time.
 */
#include "i18n.h"

#include <ctype.h>
#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void i18n_setup(void)
{
	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	{
		const char *dir = getenv("SALESTERM_LOCALEDIR");

		if (dir == NULL || *dir == '\0') {
			dir = LOCALEDIR;
#if defined(BUILD_BINDIR) && defined(BUILD_LOCALEDIR)
			{
				char self[PATH_MAX], *slash;
				ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

				if (n > 0) {
					self[n] = '\0';
					slash = strrchr(self, '/');
					if (slash != NULL) {
						*slash = '\0';
						if (strcmp(self, BUILD_BINDIR) == 0)
							dir = BUILD_LOCALEDIR;
					}
				}
			}
#endif
		}
		bindtextdomain(PACKAGE, dir);
	}
	textdomain(PACKAGE);
#endif
}

char *i18n_gettext(const char *s)
{
#ifdef ENABLE_NLS
	char *t = gettext(s);

	if (t != s)
		return t;
#endif
	return (char *)i18n_msgid(s);
}

const char *i18n_msgid(const char *s)
{
	const char *eot = s ? strchr(s, '\004') : NULL;

	return eot ? eot + 1 : s;
}

const char *i18n_list_sep(void)
{
	/* TRANSLATORS: between the items of a list in a sentence ("must be one
	 * of: a, b, c"); Chinese uses the enumeration comma "、" with no blank. */
	return C_("list", ", ");
}

/*
 * A key without a translation, as a person reads it: "best_case" shows as
 * "best case" (English has no catalogue; i18n_value_match() reads either
 * back). The labels are kept for the life of the process, at most
 * LABELS_MAX of them (the enums' keys; a value another writer made up beyond
 * that shows as it is stored); screens ask from more than one thread.
 */
#define LABELS_MAX 64
static struct {
	char *key, *label;
} labels[LABELS_MAX];
static size_t nlabels;
static pthread_mutex_t labels_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *spoken_key(const char *v)
{
	const char *out = v;
	size_t i;

	if (strchr(v, '_') == NULL)
		return v;
	pthread_mutex_lock(&labels_lock);
	for (i = 0; i < nlabels; i++)
		if (strcmp(labels[i].key, v) == 0)
			break;
	if (i == nlabels && nlabels < LABELS_MAX) {
		char *key = strdup(v), *label = strdup(v), *p;

		if (key && label) {
			for (p = label; *p; p++)
				if (*p == '_')
					*p = ' ';
			labels[nlabels].key = key;
			labels[nlabels++].label = label;
		} else {
			free(key);
			free(label);
		}
	}
	if (i < nlabels)
		out = labels[i].label;
	pthread_mutex_unlock(&labels_lock);
	return out;
}

const char *i18n_value(const char *v)
{
#ifdef ENABLE_NLS
	char key[256];
	const char *t;
	int n;

	if (v == NULL || *v == '\0')
		return v;
	n = snprintf(key, sizeof(key), "value%c%s", 4, v);
	if (n < 0 || (size_t)n >= sizeof(key))
		return spoken_key(v);
	t = gettext(key);
	return t == key || strcmp(t, key) == 0 ? spoken_key(v) : t;
#else
	return v == NULL || *v == '\0' ? v : spoken_key(v);
#endif
}

/* text names v: case-insensitive, ' ' and '-' in text matching '_'. */
static int same_key(const char *v, const char *text)
{
	size_t j;

	for (j = 0; v[j] && text[j]; j++) {
		char c = (char)tolower((unsigned char)text[j]);

		if (c == ' ' || c == '-')
			c = '_';
		if (c != (char)tolower((unsigned char)v[j]))
			return 0;
	}
	return v[j] == '\0' && text[j] == '\0';
}

const char *i18n_value_match(const char *const *values, const char *text)
{
	size_t i;

	for (i = 0; values[i]; i++)
		if (same_key(values[i], text))
			return values[i];
	for (i = 0; values[i]; i++) {
		const char *label = i18n_value(values[i]);

		if (label != values[i] && same_key(label, text))
			return values[i];
	}
	return NULL;
}
