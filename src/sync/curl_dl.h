/* curl_dl.h - libcurl, loaded when the first sync needs it.
 *
 * Linking libcurl makes every command load about 30 shared libraries (TLS,
 * Kerberos, LDAP, SSH...) before main() runs: most of the start-up time of
 * `salesterm help` or a one-line `contact count`. So libcurl is not linked:
 * http.c includes this header instead of calling libcurl directly, and the
 * library is opened with dlopen() by curl_dl_load() the first time an HTTP
 * connection is made. Only http.c includes this file.
 *
 * The calls keep libcurl's names: after curl_dl_load() succeeded they go
 * through the table of pointers below. (libcurl's compile-time type checks of
 * curl_easy_setopt() arguments are lost with the macro; the tests exercise
 * every option we set.)
 */
#ifndef SALESTERM_SYNC_CURL_DL_H
#define SALESTERM_SYNC_CURL_DL_H

#include <curl/curl.h>
#include <stdbool.h>

/* The soname of the libcurl we build against (libcurl4 on Debian). */
#define CURL_DL_SONAME "libcurl.so.4"

struct curl_dl {
	CURLcode (*global_init)(long flags);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *curl);
	CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
	CURLcode (*easy_perform)(CURL *curl);
	CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
	const char *(*easy_strerror)(CURLcode code);
	struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
	void (*slist_free_all)(struct curl_slist *list);
};

extern struct curl_dl curl_dl;

/* Open libcurl and fill curl_dl, once per process (thread-safe). False,
 * with a message naming the library and what went wrong, if it cannot. */
bool curl_dl_load(void);

#undef curl_global_init
#undef curl_global_cleanup
#undef curl_easy_init
#undef curl_easy_cleanup
#undef curl_easy_setopt
#undef curl_easy_perform
#undef curl_easy_getinfo
#undef curl_easy_strerror
#undef curl_slist_append
#undef curl_slist_free_all
#define curl_global_init (*curl_dl.global_init)
#define curl_global_cleanup (*curl_dl.global_cleanup)
#define curl_easy_init (*curl_dl.easy_init)
#define curl_easy_cleanup (*curl_dl.easy_cleanup)
#define curl_easy_setopt (*curl_dl.easy_setopt)
#define curl_easy_perform (*curl_dl.easy_perform)
#define curl_easy_getinfo (*curl_dl.easy_getinfo)
#define curl_easy_strerror (*curl_dl.easy_strerror)
#define curl_slist_append (*curl_dl.slist_append)
#define curl_slist_free_all (*curl_dl.slist_free_all)

#endif
