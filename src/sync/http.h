/* http.h - HTTP for sync, over libcurl (the only file that includes curl.h).
 *
 * One struct http is one keep-alive connection to one server, used by one
 * thread. TLS certificates are verified unless the remote says otherwise.
 * Credentials are handed to libcurl, never put in a URL or a message. curl's
 * errors become one clear sentence naming the server (without credentials)
 * and an http_fault saying whether trying again may help.
 */
#ifndef SALESTERM_SYNC_HTTP_H
#define SALESTERM_SYNC_HTTP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "status.h"

struct http;

struct http_config {
	const char *login; /* NULL: anonymous */
	const char *password;
	bool insecure;		       /* do not verify the TLS certificate */
	const char *cacert;	       /* CA bundle file, NULL for the system's */
	long connect_timeout_ms;       /* 0: 10 s */
	long stall_timeout_s;	       /* give up when nothing arrives for this long; 0: 60 s */
	size_t max_reply;	       /* 0: 256 MB */
	volatile sig_atomic_t *cancel; /* set non-zero (by another thread or a signal) to stop */
};

enum http_fault {
	HTTP_FAULT_NONE,
	HTTP_FAULT_NETWORK, /* refused, DNS, cut, timed out: try again later */
	HTTP_FAULT_TLS,	    /* certificate refused: trying again will not help */
	HTTP_FAULT_CANCELLED,
	HTTP_FAULT_TOO_BIG,
	HTTP_FAULT_OTHER,
};

struct http_reply {
	long status; /* HTTP status, 0 if none arrived */
	char *body;  /* NUL-terminated (the reply may contain NULs: see len) */
	size_t len;
	bool cut; /* the deadline passed while the reply was arriving (longpoll) */
	enum http_fault fault;
};

/* Initialise libcurl once per process, before any thread uses sync; cleanup
 * at exit. Both are idempotent. */
enum status http_global_init(void);
void http_global_cleanup(void);

/* A connection with config c (copied). Caller frees with http_free(). */
enum status http_new(const struct http_config *c, struct http **out);
void http_free(struct http **hp);

/*
 * One request. body (may be NULL) is sent as application/json. timeout_ms 0
 * means no overall deadline (the stall timeout still applies). With
 * deadline_ok, a deadline that passes after the server answered is not an
 * error: the part that arrived is in rep with rep->cut set (longpoll feeds).
 * Returns ST_OK whenever an HTTP status arrived (any status: the caller
 * judges it), else ST_IO (ST_DENIED for a refused certificate) with a
 * message, and rep->fault saying why. Caller frees rep with
 * http_reply_clear().
 */
enum status http_request(struct http *h, const char *method, const char *url, const char *body,
			 long timeout_ms, bool deadline_ok, struct http_reply *rep);
void http_reply_clear(struct http_reply *rep);

/* Percent-encode s for a URL path segment or query value. Caller frees. */
char *http_escape(const char *s);

/* url without credentials, query or fragment, for messages. Caller frees. */
char *http_display_url(const char *url);

/*
 * Split "http[s]://[user[:password]@]host[:port]/path" into the URL without
 * the user part (*clean) and the user and password found there (NULL if
 * none). False if url is not an http or https URL with a host. Caller frees.
 */
bool http_split_url(const char *url, char **clean, char **user, char **password);

#endif
