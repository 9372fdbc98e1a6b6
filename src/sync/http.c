/* http.c - HTTP for sync over libcurl (loaded on first use: curl_dl.h). */
#include "sync/http.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "strbuf.h"
#include "sync/curl_dl.h"
#include "xalloc.h"

#define HTTP_DEFAULT_MAX_REPLY ((size_t)256 * 1024 * 1024)

struct http {
	CURL *curl;
	struct curl_slist *headers;
	struct http_config cfg;
	char *login, *password, *cacert;
	/* the reply being received, kept for the next request */
	struct strbuf reply;
	size_t max;
	bool too_big;
	char errbuf[CURL_ERROR_SIZE];
};

static pthread_once_t http_once = PTHREAD_ONCE_INIT;
static CURLcode http_init_rc = CURLE_FAILED_INIT;
static bool http_inited;

static void http_init_once(void)
{
	http_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
	http_inited = http_init_rc == CURLE_OK;
}

enum status http_global_init(void)
{
	if (!curl_dl_load())
		return ST_IO;
	pthread_once(&http_once, http_init_once);
	if (!http_inited)
		return status_set(ST_IO, _("cannot initialise the HTTP library: %s"),
				  curl_easy_strerror(http_init_rc));
	return ST_OK;
}

void http_global_cleanup(void)
{
	if (http_inited) {
		curl_global_cleanup();
		http_inited = false;
	}
}

static size_t http_write(char *data, size_t size, size_t n, void *ctx)
{
	struct http *h = ctx;
	size_t len = size * n;

	if (h->reply.len + len + 1 > h->max) {
		h->too_big = true;
		return 0; /* makes curl stop with CURLE_WRITE_ERROR */
	}
	strbuf_add(&h->reply, data, len);
	return len;
}

static int http_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
			 curl_off_t ulnow)
{
	struct http *h = ctx;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return h->cfg.cancel && *h->cfg.cancel ? 1 : 0;
}

enum status http_new(const struct http_config *c, struct http **out)
{
	struct http *h;
	enum status st = http_global_init();

	*out = NULL;
	if (st != ST_OK)
		return st;
	h = xcalloc(1, sizeof(*h));
	h->cfg = *c;
	h->login = xstrdup(c->login);
	h->password = xstrdup(c->password);
	h->cacert = xstrdup(c->cacert);
	h->max = c->max_reply ? c->max_reply : HTTP_DEFAULT_MAX_REPLY;
	h->curl = curl_easy_init();
	if (h->curl == NULL) {
		http_free(&h);
		return status_set(ST_IO, _("cannot start an HTTP connection"));
	}
	h->headers = curl_slist_append(NULL, "Accept: application/json");
	h->headers = curl_slist_append(h->headers, "Content-Type: application/json");
	/* No "Expect: 100-continue" round trip before large bodies. */
	h->headers = curl_slist_append(h->headers, "Expect:");
	curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, h->headers);
	curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, http_write);
	curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, h);
	curl_easy_setopt(h->curl, CURLOPT_XFERINFOFUNCTION, http_progress);
	curl_easy_setopt(h->curl, CURLOPT_XFERINFODATA, h);
	curl_easy_setopt(h->curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h->curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h->curl, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT_MS,
			 c->connect_timeout_ms > 0 ? c->connect_timeout_ms : 10000L);
	curl_easy_setopt(h->curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h->curl, CURLOPT_LOW_SPEED_TIME,
			 c->stall_timeout_s > 0 ? c->stall_timeout_s : 60L);
	curl_easy_setopt(h->curl, CURLOPT_USERAGENT, "salesterm/" PACKAGE_VERSION);
	curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYPEER, c->insecure ? 0L : 1L);
	curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYHOST, c->insecure ? 0L : 2L);
	if (h->cacert)
		curl_easy_setopt(h->curl, CURLOPT_CAINFO, h->cacert);
	if (h->login) {
		curl_easy_setopt(h->curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(h->curl, CURLOPT_USERNAME, h->login);
		curl_easy_setopt(h->curl, CURLOPT_PASSWORD, h->password ? h->password : "");
	}
	*out = h;
	return ST_OK;
}

void http_free(struct http **hp)
{
	struct http *h = *hp;

	if (h == NULL)
		return;
	if (h->curl)
		curl_easy_cleanup(h->curl);
	curl_slist_free_all(h->headers);
	if (h->password) {
		/* Do not leave the password in freed memory. */
		volatile char *p = h->password;

		while (*p)
			*p++ = '\0';
	}
	free(h->login);
	free(h->password);
	free(h->cacert);
	strbuf_release(&h->reply);
	free(h);
	*hp = NULL;
}

void http_reply_clear(struct http_reply *rep)
{
	free(rep->body);
	memset(rep, 0, sizeof(*rep));
}

char *http_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = xmalloc(strlen(s) * 3 + 1), *p = out;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
			*p++ = (char)c;
		} else {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	*p = '\0';
	return out;
}

bool http_split_url(const char *url, char **clean, char **user, char **password)
{
	const char *scheme_end, *auth, *host, *at, *slash;
	size_t sl;

	*clean = *user = *password = NULL;
	if (url == NULL)
		return false;
	if (strncmp(url, "http://", 7) == 0)
		sl = 7;
	else if (strncmp(url, "https://", 8) == 0)
		sl = 8;
	else
		return false;
	scheme_end = url + sl;
	auth = scheme_end;
	slash = strchr(auth, '/');
	at = strchr(auth, '@');
	if (at && slash && at > slash)
		at = NULL;
	host = at ? at + 1 : auth;
	if (*host == '\0' || *host == '/' || *host == ':')
		return false;
	if (at) {
		const char *colon = memchr(auth, ':', (size_t)(at - auth));

		if (colon) {
			*user = xstrndup(auth, (size_t)(colon - auth));
			*password = xstrndup(colon + 1, (size_t)(at - colon - 1));
		} else {
			*user = xstrndup(auth, (size_t)(at - auth));
		}
	}
	*clean = xmalloc(strlen(url) + 1);
	memcpy(*clean, url, sl);
	strcpy(*clean + sl, host);
	/* No trailing slash: paths are appended as "/db/...". */
	sl = strlen(*clean);
	while (sl > 0 && (*clean)[sl - 1] == '/')
		(*clean)[--sl] = '\0';
	return true;
}

char *http_display_url(const char *url)
{
	char *clean, *user, *pw, *q;

	if (!http_split_url(url, &clean, &user, &pw))
		return xstrdup(url ? url : "");
	free(user);
	if (pw) {
		volatile char *p = pw;

		while (*p)
			*p++ = '\0';
	}
	free(pw);
	q = strpbrk(clean + 8, "?#");
	if (q)
		*q = '\0';
	return clean;
}

/* "host:port" of url, for messages. Caller frees. */
static char *http_host(const char *url)
{
	char *clean = http_display_url(url), *p = strstr(clean, "://"), *host, *slash;

	host = xstrdup(p ? p + 3 : clean);
	free(clean);
	slash = strchr(host, '/');
	if (slash)
		*slash = '\0';
	return host;
}

enum status http_request(struct http *h, const char *method, const char *url, const char *body,
			 long timeout_ms, bool deadline_ok, struct http_reply *rep)
{
	CURLcode rc;
	char *host;
	enum status st = ST_IO;

	memset(rep, 0, sizeof(*rep));
	strbuf_reset(&h->reply);
	h->too_big = false;
	h->errbuf[0] = '\0';
	curl_easy_setopt(h->curl, CURLOPT_URL, url);
	curl_easy_setopt(h->curl, CURLOPT_TIMEOUT_MS, timeout_ms > 0 ? timeout_ms : 0L);
	if (strcmp(method, "GET") == 0) {
		curl_easy_setopt(h->curl, CURLOPT_HTTPGET, 1L);
		curl_easy_setopt(h->curl, CURLOPT_CUSTOMREQUEST, NULL);
	} else if (strcmp(method, "HEAD") == 0) {
		curl_easy_setopt(h->curl, CURLOPT_NOBODY, 1L);
	} else {
		curl_easy_setopt(h->curl, CURLOPT_NOBODY, 0L);
		curl_easy_setopt(h->curl, CURLOPT_POST, 1L);
		curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, body ? body : "");
		curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)(body ? strlen(body) : 0));
		curl_easy_setopt(h->curl, CURLOPT_CUSTOMREQUEST,
				 strcmp(method, "POST") == 0 ? NULL : method);
	}
	rc = curl_easy_perform(h->curl);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(h->curl, CURLOPT_NOBODY, 0L);
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &rep->status);
	rep->body = xmalloc(h->reply.len + 1);
	if (h->reply.len)
		memcpy(rep->body, h->reply.s, h->reply.len);
	rep->body[h->reply.len] = '\0';
	rep->len = h->reply.len;
	if (rc == CURLE_OK)
		return ST_OK;
	host = http_host(url);
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		if (deadline_ok && rep->status) {
			rep->cut = true;
			free(host);
			return ST_OK;
		}
		rep->fault = HTTP_FAULT_NETWORK;
		status_set(ST_IO, _("%s did not answer in time (%s)"), host, h->errbuf);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		rep->fault = HTTP_FAULT_NETWORK;
		status_set(ST_IO,
			   _("cannot find the server %s (DNS lookup failed); check the "
			     "address and the network"),
			   host);
		break;
	case CURLE_COULDNT_CONNECT:
		rep->fault = HTTP_FAULT_NETWORK;
		status_set(ST_IO,
			   _("cannot connect to %s: %s (is the server running, and is the "
			     "network up?)"),
			   host, *h->errbuf ? h->errbuf : curl_easy_strerror(rc));
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		rep->fault = HTTP_FAULT_TLS;
		st = ST_DENIED;
		status_set(ST_DENIED,
			   _("the TLS certificate of %s is not trusted (%s); nothing was "
			     "sent. If the server has its own certificate authority, "
			     "give it with 'salesterm remote add URL --cacert FILE'"),
			   host, *h->errbuf ? h->errbuf : curl_easy_strerror(rc));
		break;
	case CURLE_ABORTED_BY_CALLBACK:
		rep->fault = HTTP_FAULT_CANCELLED;
		status_set(ST_IO, _("cancelled"));
		break;
	case CURLE_WRITE_ERROR:
		if (h->too_big) {
			rep->fault = HTTP_FAULT_TOO_BIG;
			status_set(ST_IO, _("%s sent a reply larger than %zu MB; refusing it"),
				   host, h->max / (1024 * 1024));
			break;
		}
		/* fall through */
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
		rep->fault = HTTP_FAULT_NETWORK;
		status_set(ST_IO, _("the connection to %s was cut in the middle of a reply (%s)"),
			   host, *h->errbuf ? h->errbuf : curl_easy_strerror(rc));
		break;
	default:
		rep->fault = HTTP_FAULT_OTHER;
		status_set(ST_IO, _("HTTP request to %s failed: %s"), host,
			   *h->errbuf ? h->errbuf : curl_easy_strerror(rc));
		break;
	}
	free(host);
	return st;
}
