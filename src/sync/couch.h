/* couch.h - the CouchDB HTTP API that replication needs, over http.c.
 *
 * Every reply is parsed and checked here: a reply of the wrong shape is a
 * clear error, never half-used data. Transient faults (connection refused
 * or cut, DNS, timeouts, 5xx, 429, a 200 whose JSON is truncated or
 * malformed) are retried with exponential backoff before the call fails;
 * 401/403 and other 4xx are not.
 */
#ifndef SALESTERM_SYNC_COUCH_H
#define SALESTERM_SYNC_COUCH_H

#include <cjson/cJSON.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "status.h"

/* The longest server reason kept or shown, in bytes (utf8_sanitize()d). */
#define COUCH_REASON_MAX 300

struct couch;

struct couch_config {
	const char *url;   /* the database: http[s]://host[:port]/db, no credentials */
	const char *login; /* NULL: anonymous */
	const char *password;
	bool insecure;
	const char *cacert;
	int attempts;	 /* tries per call for transient faults; 0: 4 */
	long backoff_ms; /* first wait between tries, doubling; 0: 500 ms
			    (SALESTERM_SYNC_BACKOFF_MS overrides) */
	long timeout_ms; /* per request; 0: 120 s (SALESTERM_SYNC_TIMEOUT_MS overrides) */
	volatile sig_atomic_t *cancel;
};

enum status couch_open(const struct couch_config *cfg, struct couch **out);
void couch_close(struct couch **cp);
/* The database URL as shown to people (no credentials). */
const char *couch_display(const struct couch *c);
/* Number of HTTP requests made, and of retries. */
long couch_requests(const struct couch *c);
long couch_retries(const struct couch *c);

/*
 * One JSON call. path is appended to the database URL ("" for the database
 * itself, "/_changes?..."); a path starting with "//" is relative to the
 * server ("//_users/..."). body may be NULL. *reply (may be NULL) gets the
 * parsed JSON (caller frees), *http (may be NULL) the status. 2xx is ST_OK;
 * 404 ST_NOT_FOUND; 401/403 ST_DENIED; 409 ST_INVALID; other statuses and
 * faults ST_IO, each with a message naming the request and the server's
 * reason.
 */
enum status couch_call(struct couch *c, const char *method, const char *path, const char *body,
		       cJSON **reply, long *http);

/* The database's info object (GET /db). Refused with 401/403: a failed
 * login, or - when GET /_session shows the server accepts the login -
 * access to this database refused, each with its own message. */
enum status couch_db_info(struct couch *c, cJSON **info);

struct couch_change {
	char *id;
	char **revs; /* every leaf revision (style=all_docs) */
	size_t nrevs;
	bool deleted;
	cJSON *doc; /* with include_docs: the winning revision's body, else NULL */
};

struct couch_changes {
	struct couch_change *rows;
	size_t n;
	size_t raw;	/* rows in the reply, design documents included */
	char *last_seq; /* JSON text of last_seq */
};

/*
 * Changes since (JSON text of a seq, NULL or "0" for the beginning), at most
 * limit rows, style=all_docs. With longpoll_ms > 0 the server may hold the
 * request: the client's own deadline ends it, and a reply cut off there
 * counts as "no changes yet" (PouchDB Server ignores timeout=). Design
 * documents are left out. With include_docs each row carries the winning
 * revision's body. Caller frees with couch_changes_clear().
 */
enum status couch_changes(struct couch *c, const char *since, long limit, long longpoll_ms,
			  bool include_docs, struct couch_changes *out);
void couch_changes_clear(struct couch_changes *ch);

struct couch_docrev {
	const char *id;
	const char *rev;
};

/*
 * Fetch revisions with their history (_bulk_get?revs=true, or GET
 * ?open_revs=[...]&revs=true per document where the server lacks
 * _bulk_get). *docs gets an array of the documents (caller frees). Every
 * revision asked for must come (itself, or a later one whose history holds
 * it): one left out or answered with an error is asked for again per
 * document, and if it is still missing the call fails naming it.
 */
enum status couch_bulk_get(struct couch *c, const struct couch_docrev *want, size_t n,
			   cJSON **docs);

/* POST _revs_diff with req ({id: [rev, ...]}); *missing gets the reply,
 * checked: an object of {missing: [rev, ...]} for ids and revisions of req
 * only (an error naming the request otherwise). */
enum status couch_revs_diff(struct couch *c, const cJSON *req, cJSON **missing);

/* POST _bulk_docs {docs, new_edits:false}; *results gets the reply array
 * (per-document errors; CouchDB lists only failures). */
enum status couch_bulk_docs(struct couch *c, const cJSON *docs, cJSON **results);

/* GET a _local/ document; *doc is NULL (and ST_OK) if there is none. */
enum status couch_local_get(struct couch *c, const char *id, cJSON **doc);
/* PUT a _local/ document (doc's _rev is filled in from the server's). */
enum status couch_local_put(struct couch *c, const char *id, cJSON *doc);

/* ---- the reply checks, pure: no server, no connection (used by the calls
 * above; tests/unit/test_couch.c and tests/fuzz/fuzz_couch.c drive them) ---- */

/*
 * A whole reply body (len bytes, then a NUL) as JSON: NULL if it is not
 * exactly one JSON value (*at: where it went wrong), or holds a NUL. An
 * escaped lone UTF-16 surrogate ("\ud800", which JavaScript servers send)
 * becomes bytes that are not UTF-8, so that only the document holding it is
 * refused; numbers keep their text (json_parse_exact()). Caller frees.
 */
cJSON *couch_reply_parse(const char *body, size_t len, size_t *at);
/* The server's "error: reason" from an error body of len bytes (one
 * sanitised line, at most COUCH_REASON_MAX bytes; "" if there is none).
 * Caller frees. */
char *couch_server_reason(const char *body, size_t len);
/* Check a _changes reply o and fill out (design documents left out; each
 * row's doc is moved out of o). ST_IO naming display if it is malformed (out
 * is then empty). Free with couch_changes_clear(). */
enum status couch_changes_parse(const char *display, cJSON *o, struct couch_changes *out);
/* Move each {"ok": doc} of the array items (a _bulk_get result's "docs", or
 * an open_revs reply) into the array docs; other entries (missing, error)
 * are skipped. ST_IO naming display if items is not an array or an "ok" is
 * not an object. */
enum status couch_take_ok_docs(const char *display, cJSON *items, cJSON *docs);
/* Is want (id, rev) among docs: that revision itself, or (latest=true) a
 * later one whose _revisions include it? */
bool couch_docs_cover(const cJSON *docs, const struct couch_docrev *want);
/* NULL if reply is a _revs_diff answer to req: {id: {missing: [rev, ...]}}
 * for ids and revisions asked about only; else what is wrong. Caller frees. */
char *couch_revs_diff_wrong(const cJSON *req, const cJSON *reply);

#endif
