/* curl_dl.c - open libcurl on first use (see curl_dl.h). */
#include "sync/curl_dl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "status.h"

struct curl_dl curl_dl;

static pthread_once_t curl_dl_once = PTHREAD_ONCE_INIT;
static bool curl_dl_ok;
static char curl_dl_error[512];

/* Look name up in lib into *slot; false (and the reason kept) if absent. */
static bool curl_dl_sym(void *lib, const char *name, void *slot)
{
	void *f = dlsym(lib, name);

	if (f == NULL) {
		snprintf(curl_dl_error, sizeof(curl_dl_error), "%s: no symbol %s", CURL_DL_SONAME,
			 name);
		return false;
	}
	/* POSIX guarantees a function pointer survives a round trip through void *. */
	memcpy(slot, &f, sizeof(f));
	return true;
}

static void curl_dl_open(void)
{
	void *lib = dlopen(CURL_DL_SONAME, RTLD_NOW | RTLD_LOCAL);
	const char *why;

	if (lib == NULL) {
		why = dlerror();
		snprintf(curl_dl_error, sizeof(curl_dl_error), "%s", why ? why : CURL_DL_SONAME);
		return;
	}
	curl_dl_ok = curl_dl_sym(lib, "curl_global_init", &curl_dl.global_init) &&
		     curl_dl_sym(lib, "curl_global_cleanup", &curl_dl.global_cleanup) &&
		     curl_dl_sym(lib, "curl_easy_init", &curl_dl.easy_init) &&
		     curl_dl_sym(lib, "curl_easy_cleanup", &curl_dl.easy_cleanup) &&
		     curl_dl_sym(lib, "curl_easy_setopt", &curl_dl.easy_setopt) &&
		     curl_dl_sym(lib, "curl_easy_perform", &curl_dl.easy_perform) &&
		     curl_dl_sym(lib, "curl_easy_getinfo", &curl_dl.easy_getinfo) &&
		     curl_dl_sym(lib, "curl_easy_strerror", &curl_dl.easy_strerror) &&
		     curl_dl_sym(lib, "curl_slist_append", &curl_dl.slist_append) &&
		     curl_dl_sym(lib, "curl_slist_free_all", &curl_dl.slist_free_all);
	/* The library stays open for the life of the process, like a linked one. */
}

bool curl_dl_load(void)
{
	pthread_once(&curl_dl_once, curl_dl_open);
	if (!curl_dl_ok)
		status_set(ST_IO,
			   _("sync needs libcurl, which could not be loaded (%s): install "
			     "the libcurl4 package"),
			   curl_dl_error);
	return curl_dl_ok;
}
