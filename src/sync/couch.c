/* couch.c - the CouchDB HTTP API for replication, with checked replies and retries. */
#include "sync/couch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "json.h"
#include "sync/http.h"
#include "sync/revs.h"
#include "utf8.h"
#include "xalloc.h"

struct couch {
	struct http *http;
	char *url;    /* database URL, no trailing slash */
	char *server; /* scheme://host:port */
	char *display;
	int attempts;
	long backoff_ms, timeout_ms;
	volatile sig_atomic_t *cancel;
	bool no_bulk_get;
	bool trace; /* SALESTERM_SYNC_TRACE: each request and its time on stderr */
	long requests, retries;
};

enum status couch_open(const struct couch_config *cfg, struct couch **out)
{
	struct http_config hc = { 0 };
	struct couch *c;
	char *clean, *user, *pw, *p;
	const char *env = getenv("SALESTERM_SYNC_BACKOFF_MS");
	enum status st;

	*out = NULL;
	if (!http_split_url(cfg->url, &clean, &user, &pw))
		return status_set(ST_USAGE, _("\"%s\" is not an http:// or https:// URL"),
				  cfg->url);
	free(user);
	free(pw);
	c = xcalloc(1, sizeof(*c));
	c->url = clean;
	c->display = http_display_url(clean);
	c->server = xstrdup(clean);
	p = strstr(c->server, "://");
	p = p ? strchr(p + 3, '/') : NULL;
	if (p)
		*p = '\0';
	c->attempts = cfg->attempts > 0 ? cfg->attempts : 4;
	c->backoff_ms = cfg->backoff_ms > 0 ? cfg->backoff_ms : 500;
	if (env && atol(env) > 0)
		c->backoff_ms = atol(env);
	c->timeout_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms : 120000;
	env = getenv("SALESTERM_SYNC_TIMEOUT_MS");
	if (env && atol(env) > 0)
		c->timeout_ms = atol(env);
	c->cancel = cfg->cancel;
	c->trace = getenv("SALESTERM_SYNC_TRACE") != NULL;
	hc.login = cfg->login;
	hc.password = cfg->password;
	hc.insecure = cfg->insecure;
	hc.cacert = cfg->cacert;
	hc.cancel = cfg->cancel;
	/* A stalled connection is given up after the request timeout. */
	hc.stall_timeout_s = c->timeout_ms / 1000 > 0 ? c->timeout_ms / 1000 : 1;
	st = http_new(&hc, &c->http);
	if (st != ST_OK) {
		couch_close(&c);
		return st;
	}
	*out = c;
	return ST_OK;
}

void couch_close(struct couch **cp)
{
	struct couch *c = *cp;

	if (c == NULL)
		return;
	http_free(&c->http);
	free(c->url);
	free(c->server);
	free(c->display);
	free(c);
	*cp = NULL;
}

const char *couch_display(const struct couch *c)
{
	return c->display;
}

long couch_requests(const struct couch *c)
{
	return c->requests;
}

long couch_retries(const struct couch *c)
{
	return c->retries;
}

/* Sleep ms, waking early if cancelled. */
static void couch_sleep(struct couch *c, long ms)
{
	while (ms > 0 && !(c->cancel && *c->cancel)) {
		long step = ms > 50 ? 50 : ms;
		struct timespec ts = { 0, step * 1000000L };

		nanosleep(&ts, NULL);
		ms -= step;
	}
}

char *couch_server_reason(const char *body, size_t len)
{
	cJSON *o = len ? cJSON_ParseWithLength(body, len) : NULL;
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(o, "error");
	const cJSON *why = cJSON_GetObjectItemCaseSensitive(o, "reason");
	char *s, *safe;

	if (cJSON_IsString(err) && cJSON_IsString(why))
		s = xasprintf("%s: %s", err->valuestring, why->valuestring);
	else if (cJSON_IsString(err))
		s = xstrdup(err->valuestring);
	else if (cJSON_IsString(why))
		s = xstrdup(why->valuestring);
	else
		s = xstrdup("");
	cJSON_Delete(o);
	/* Text, not terminal commands: one line, cut between characters. */
	safe = utf8_sanitize(s, COUCH_REASON_MAX, false);
	free(s);
	return safe;
}

/* The value of the 4 hex digits at s, or -1. */
static long hex4(const char *s)
{
	long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/*
 * JavaScript strings may hold a lone UTF-16 surrogate, which JavaScript
 * servers store and send escaped ("\ud800"); cJSON refuses it, and with it
 * the whole reply, so one such document would stop every pull. Such an
 * escape becomes the three bytes the surrogate would take in UTF-8, which are
 * not valid UTF-8: the document that has it is then refused alone (and
 * quarantined), naming its field. A NUL ("\u0000", valid JSON that CouchDB
 * stores) would end cJSON's C string there, and the text after it would be
 * lost without a word (a note stored cut, and pushed back cut at the next
 * edit): it becomes C0 80, NUL's overlong form, not valid UTF-8 either, and
 * its document is refused the same way (check_text() in doc.c names it).
 * NULL if text has neither, else a new text of *n bytes. Caller frees.
 */
static char *unsafe_escapes_out(const char *text, size_t len, size_t *n)
{
	char *out = NULL;
	size_t i = 0, k = 0, done = 0; /* scanned up to i, copied up to done */

	while (i < len) {
		const char *b = memchr(text + i, '\\', len - i);
		unsigned char put[3];
		size_t j, nput;
		long cp, lo;

		if (b == NULL)
			break;
		j = (size_t)(b - text);
		if (j + 6 > len || text[j + 1] != 'u' || (cp = hex4(text + j + 2)) < 0 ||
		    (cp != 0 && (cp < 0xd800 || cp > 0xdfff))) {
			/* Another escape, "\\" included; a backslash at the very end
			 * (cut text) ends the scan. */
			i = j + 2 < len ? j + 2 : len;
			continue;
		}
		if (cp >= 0xd800 && cp < 0xdc00 && j + 12 <= len && text[j + 6] == '\\' &&
		    text[j + 7] == 'u' && (lo = hex4(text + j + 8)) >= 0xdc00 && lo <= 0xdfff) {
			i = j + 12; /* a pair */
			continue;
		}
		if (cp == 0) {
			put[0] = 0xc0;
			put[1] = 0x80;
			nput = 2;
		} else {
			put[0] = (unsigned char)(0xe0 | (cp >> 12));
			put[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
			put[2] = (unsigned char)(0x80 | (cp & 0x3f));
			nput = 3;
		}
		if (out == NULL)
			out = xmalloc(len + 1);
		memcpy(out + k, text + done, j - done);
		k += j - done;
		memcpy(out + k, put, nput);
		k += nput;
		i = done = j + 6;
	}
	if (out == NULL)
		return NULL;
	memcpy(out + k, text + done, len - done);
	k += len - done;
	out[k] = '\0';
	*n = k;
	return out;
}

cJSON *couch_reply_parse(const char *body, size_t len, size_t *at)
{
	const char *end = NULL, *text = body;
	char *fixed;
	cJSON *o;

	*at = 0;
	if (len == 0 || strlen(body) != len)
		return NULL;
	fixed = unsafe_escapes_out(body, len, &len);
	if (fixed)
		text = fixed;
	/* Numbers keep their text: a document kept aside is kept as sent. */
	o = json_parse_exact(text, len, &end);
	if (o == NULL) {
		const char *e = cJSON_GetErrorPtr();

		*at = e && e >= text && e <= text + len ? (size_t)(e - text) : len;
		free(fixed);
		return NULL;
	}
	while (end && *end && (*end == ' ' || *end == '\n' || *end == '\r' || *end == '\t'))
		end++;
	if (end && *end) {
		*at = (size_t)(end - text);
		cJSON_Delete(o);
		o = NULL;
	}
	free(fixed);
	return o;
}

enum status couch_call(struct couch *c, const char *method, const char *path, const char *body,
		       cJSON **reply, long *http)
{
	struct http_reply rep = { 0 };
	char *url, *shown, *q;
	enum status st = ST_IO;
	int attempt;

	if (reply)
		*reply = NULL;
	if (http)
		*http = 0;
	if (strncmp(path, "//", 2) == 0)
		url = xasprintf("%s%s", c->server, path + 1);
	else
		url = xasprintf("%s%s", c->url, path);
	shown = xasprintf("%s %s/", method, strncmp(path, "//", 2) == 0 ? path + 1 : path);
	q = strchr(shown, '?');
	if (q)
		*q = '\0';
	/* "GET /" for the database itself, else without the slash added above. */
	if (strlen(shown) > strlen(method) + 2 && q == NULL)
		shown[strlen(shown) - 1] = '\0';
	for (attempt = 1;; attempt++) {
		bool transient = false;
		cJSON *o = NULL;
		size_t at = 0;

		struct timespec t0, t1;

		c->requests++;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		st = http_request(c->http, method, url, body, c->timeout_ms, false, &rep);
		if (c->trace) {
			clock_gettime(CLOCK_MONOTONIC, &t1);
			fprintf(stderr, "sync: %s %ld %zu bytes %.1f ms\n", shown, rep.status,
				rep.len,
				(double)(t1.tv_sec - t0.tv_sec) * 1e3 +
				    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
		}
		if (st != ST_OK) {
			transient = rep.fault == HTTP_FAULT_NETWORK;
		} else {
			if (http)
				*http = rep.status;
			if (rep.status >= 200 && rep.status < 300) {
				o = couch_reply_parse(rep.body, rep.len, &at);
				if (o == NULL) {
					transient = true;
					st = status_set(
					    ST_IO,
					    _("%s: the server's reply to %s is not valid "
					      "JSON (at byte %zu of %zu)"),
					    c->display, shown, at, rep.len);
				}
			} else {
				char *why = couch_server_reason(rep.body, rep.len);

				if (rep.status >= 500 || rep.status == 429 || rep.status == 408) {
					transient = true;
					st = status_set(ST_IO, _("%s: server error %ld on %s%s%s"),
							c->display, rep.status, shown,
							*why ? ": " : "", why);
				} else if (rep.status == 401) {
					st = status_set(
					    ST_DENIED,
					    _("%s: the server refused the login (401 on %s%s%s); "
					      "check the user name and password"),
					    c->display, shown, *why ? ": " : "", why);
				} else if (rep.status == 403) {
					st = status_set(ST_DENIED,
							_("%s: not allowed (403 on %s%s%s)"),
							c->display, shown, *why ? ": " : "", why);
				} else if (rep.status == 404) {
					st = status_set(ST_NOT_FOUND,
							_("%s: not found (404 on %s%s%s)"),
							c->display, shown, *why ? ": " : "", why);
				} else if (rep.status == 409) {
					st = status_set(ST_INVALID,
							_("%s: conflict (409 on %s%s%s)"),
							c->display, shown, *why ? ": " : "", why);
				} else {
					st = status_set(ST_IO, _("%s: HTTP %ld on %s%s%s"),
							c->display, rep.status, shown,
							*why ? ": " : "", why);
				}
				free(why);
			}
		}
		if (o) {
			if (reply)
				*reply = o;
			else
				cJSON_Delete(o);
			st = ST_OK;
			break;
		}
		if (!transient || attempt >= c->attempts || (c->cancel && *c->cancel))
			break;
		http_reply_clear(&rep);
		c->retries++;
		couch_sleep(c, c->backoff_ms << (attempt - 1 < 10 ? attempt - 1 : 10));
	}
	if (st != ST_OK && attempt > 1) {
		char *msg = xstrdup(status_message());

		status_set(st, _("%s (tried %d times)"), msg, attempt);
		free(msg);
	}
	http_reply_clear(&rep);
	free(url);
	free(shown);
	return st;
}

/*
 * The database refused us (401 or 403): a failed login, or access to this
 * database refused to a login the server accepts (a user who is no longer
 * a member)? GET /_session tells: it names the user when the login is good.
 */
static enum status couch_denied(struct couch *c, long http)
{
	char *msg = xstrdup(status_message()), *name = NULL;
	cJSON *sess = NULL;
	const cJSON *n;
	enum status st;

	if (couch_call(c, "GET", "//_session", NULL, &sess, NULL) == ST_OK) {
		n = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(sess, "userCtx"), "name");
		if (cJSON_IsString(n) && *n->valuestring)
			name = xstrdup(n->valuestring);
	}
	cJSON_Delete(sess);
	if (name)
		st = status_set(ST_DENIED,
				_("%s: access to this database was refused (%ld): the server "
				  "accepts the login \"%.80s\" but does not let it use this "
				  "database (no longer a member?); the local data and pending "
				  "changes are kept"),
				c->display, http, name);
	else if (http == 403)
		st = status_set(ST_DENIED,
				_("%s: access to this database was refused (403); the local "
				  "data and pending changes are kept"),
				c->display);
	else
		st = status_set(ST_DENIED, "%s", msg);
	free(name);
	free(msg);
	return st;
}

enum status couch_db_info(struct couch *c, cJSON **info)
{
	long http = 0;
	enum status st = couch_call(c, "GET", "", NULL, info, &http);

	if (st == ST_OK && !cJSON_IsObject(*info)) {
		cJSON_Delete(*info);
		*info = NULL;
		return status_set(ST_IO, _("%s: the server's reply is not a database's info"),
				  c->display);
	}
	if (st == ST_NOT_FOUND)
		return status_set(ST_NOT_FOUND,
				  _("%s: no such database on the server (run "
				    "'salesterm server-init %s' to create it)"),
				  c->display, c->display);
	if (st == ST_DENIED && (http == 401 || http == 403))
		return couch_denied(c, http);
	return st;
}

void couch_changes_clear(struct couch_changes *ch)
{
	size_t i, j;

	for (i = 0; i < ch->n; i++) {
		free(ch->rows[i].id);
		for (j = 0; j < ch->rows[i].nrevs; j++)
			free(ch->rows[i].revs[j]);
		free(ch->rows[i].revs);
		cJSON_Delete(ch->rows[i].doc);
	}
	free(ch->rows);
	free(ch->last_seq);
	memset(ch, 0, sizeof(*ch));
}

static enum status changes_malformed(const char *display, const char *why)
{
	return status_set(ST_IO, _("%s: the server's changes feed is malformed (%s)"), display,
			  why);
}

static enum status changes_take(const char *display, cJSON *o, struct couch_changes *out)
{
	cJSON *results = cJSON_GetObjectItemCaseSensitive(o, "results");
	const cJSON *last = cJSON_GetObjectItemCaseSensitive(o, "last_seq");
	cJSON *row;

	if (!cJSON_IsArray(results))
		return changes_malformed(display, "no results array");
	if (last == NULL || !(cJSON_IsNumber(last) || cJSON_IsString(last)))
		return changes_malformed(display, "no last_seq");
	out->rows = xcalloc((size_t)cJSON_GetArraySize(results) + 1, sizeof(*out->rows));
	cJSON_ArrayForEach(row, results)
	{
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(row, "id");
		cJSON *doc = cJSON_GetObjectItemCaseSensitive(row, "doc");
		const cJSON *changes = cJSON_GetObjectItemCaseSensitive(row, "changes"), *ch;
		struct couch_change *r;

		if (!cJSON_IsString(id) || !cJSON_IsArray(changes))
			return changes_malformed(display, "a row without id or changes");
		out->raw++;
		if (strncmp(id->valuestring, "_design/", 8) == 0)
			continue;
		r = &out->rows[out->n++];
		r->id = xstrdup(id->valuestring);
		r->deleted = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(row, "deleted"));
		r->revs = xcalloc((size_t)cJSON_GetArraySize(changes) + 1, sizeof(char *));
		cJSON_ArrayForEach(ch, changes)
		{
			const cJSON *rev = cJSON_GetObjectItemCaseSensitive(ch, "rev");

			if (!cJSON_IsString(rev) || !revs_parse(rev->valuestring, NULL, NULL))
				return changes_malformed(display, "a change without a valid rev");
			r->revs[r->nrevs++] = xstrdup(rev->valuestring);
		}
		if (cJSON_IsObject(doc))
			r->doc = cJSON_DetachItemViaPointer(row, doc);
	}
	out->last_seq = cJSON_PrintUnformatted(last);
	return ST_OK;
}

enum status couch_changes_parse(const char *display, cJSON *o, struct couch_changes *out)
{
	enum status st;

	memset(out, 0, sizeof(*out));
	st = changes_take(display, o, out);
	if (st != ST_OK)
		couch_changes_clear(out);
	return st;
}

enum status couch_changes(struct couch *c, const char *since, long limit, long longpoll_ms,
			  bool include_docs, struct couch_changes *out)
{
	char *esc = http_escape(since && *since ? since : "0"), *path;
	cJSON *o = NULL;
	enum status st;

	memset(out, 0, sizeof(*out));
	/* A numeric seq goes as it is; a string seq (CouchDB 2+) without its quotes. */
	if (since && since[0] == '"') {
		cJSON *s = cJSON_Parse(since);

		free(esc);
		esc = http_escape(cJSON_IsString(s) ? s->valuestring : "0");
		cJSON_Delete(s);
	}
	if (longpoll_ms > 0) {
		struct http_reply rep = { 0 };
		char *url;
		size_t at;

		path = xasprintf("/_changes?style=all_docs&feed=longpoll&since=%s&limit=%ld"
				 "&timeout=%ld&heartbeat=false",
				 esc, limit, longpoll_ms);
		url = xasprintf("%s%s", c->url, path);
		c->requests++;
		st = http_request(c->http, "GET", url, NULL, longpoll_ms + 2000, true, &rep);
		free(url);
		free(path);
		free(esc);
		if (st != ST_OK) {
			http_reply_clear(&rep);
			return st;
		}
		if (rep.cut || rep.status == 0) {
			/* The deadline ended a held request: nothing has changed yet. */
			out->last_seq = xstrdup(since && *since ? since : "0");
			http_reply_clear(&rep);
			return ST_OK;
		}
		if (rep.status < 200 || rep.status >= 300) {
			st = status_set(rep.status == 401 || rep.status == 403 ? ST_DENIED : ST_IO,
					_("%s: HTTP %ld on the changes feed"), c->display,
					rep.status);
			http_reply_clear(&rep);
			return st;
		}
		o = couch_reply_parse(rep.body, rep.len, &at);
		http_reply_clear(&rep);
		if (o == NULL)
			return changes_malformed(c->display, "not valid JSON");
	} else {
		path = xasprintf("/_changes?style=all_docs&since=%s&limit=%ld%s", esc, limit,
				 include_docs ? "&include_docs=true" : "");
		free(esc);
		st = couch_call(c, "GET", path, NULL, &o, NULL);
		free(path);
		if (st != ST_OK)
			return st;
	}
	st = couch_changes_parse(c->display, o, out);
	cJSON_Delete(o);
	return st;
}

enum status couch_take_ok_docs(const char *display, cJSON *items, cJSON *docs)
{
	cJSON *it;

	if (!cJSON_IsArray(items))
		return status_set(
		    ST_IO, _("%s: the server's reply to a document fetch is malformed"), display);
	cJSON_ArrayForEach(it, items)
	{
		cJSON *okdoc = cJSON_GetObjectItemCaseSensitive(it, "ok");

		if (okdoc == NULL)
			continue;
		if (!cJSON_IsObject(okdoc))
			return status_set(ST_IO,
					  _("%s: the server sent a document that is not an "
					    "object"),
					  display);
		cJSON_AddItemToArray(docs, cJSON_DetachItemViaPointer(it, okdoc));
	}
	return ST_OK;
}

static enum status bulk_get_open_revs(struct couch *c, const struct couch_docrev *want, size_t n,
				      cJSON *docs)
{
	enum status st = ST_OK;
	size_t i = 0, j;

	while (i < n && st == ST_OK) {
		cJSON *revs = cJSON_CreateArray(), *reply = NULL;
		char *revs_text, *esc_id, *esc_revs, *path;

		/* The revisions of one document, asked for together. */
		for (j = i; j < n && strcmp(want[j].id, want[i].id) == 0; j++)
			cJSON_AddItemToArray(revs, cJSON_CreateString(want[j].rev));
		revs_text = cJSON_PrintUnformatted(revs);
		esc_id = http_escape(want[i].id);
		esc_revs = http_escape(revs_text);
		path = xasprintf("/%s?revs=true&latest=true&open_revs=%s", esc_id, esc_revs);
		st = couch_call(c, "GET", path, NULL, &reply, NULL);
		if (st == ST_NOT_FOUND) {
			status_clear();
			st = ST_OK;
		} else if (st == ST_OK) {
			st = couch_take_ok_docs(c->display, reply, docs);
		}
		cJSON_Delete(reply);
		cJSON_Delete(revs);
		free(revs_text);
		free(esc_id);
		free(esc_revs);
		free(path);
		i = j;
	}
	return st;
}

bool couch_docs_cover(const cJSON *docs, const struct couch_docrev *want)
{
	const cJSON *d;
	const char *hash;
	long gen;

	if (!revs_parse(want->rev, &gen, &hash))
		return false;
	cJSON_ArrayForEach(d, docs)
	{
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(d, "_id");
		const cJSON *rev = cJSON_GetObjectItemCaseSensitive(d, "_rev");
		const cJSON *revs = cJSON_GetObjectItemCaseSensitive(d, "_revisions");
		const cJSON *start = cJSON_GetObjectItemCaseSensitive(revs, "start");
		const cJSON *h;

		if (!cJSON_IsString(id) || strcmp(id->valuestring, want->id) != 0)
			continue;
		if (cJSON_IsString(rev) && strcmp(rev->valuestring, want->rev) == 0)
			return true;
		if (!cJSON_IsNumber(start) || start->valuedouble < (double)gen ||
		    start->valuedouble - (double)gen > 1e6)
			continue;
		h = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(revs, "ids"),
				       (int)(start->valuedouble - (double)gen));
		if (cJSON_IsString(h) && strcmp(h->valuestring, hash) == 0)
			return true;
	}
	return false;
}

/* The revisions of want[n] that docs lacks (in order, so those of one
 * document stay together). Caller frees the array. */
static struct couch_docrev *docs_lacking(const cJSON *docs, const struct couch_docrev *want,
					 size_t n, size_t *nout)
{
	struct couch_docrev *lack = xcalloc(n + 1, sizeof(*lack));
	size_t i;

	*nout = 0;
	for (i = 0; i < n; i++)
		if (!couch_docs_cover(docs, &want[i]))
			lack[(*nout)++] = want[i];
	return lack;
}

static enum status bulk_get_once(struct couch *c, const struct couch_docrev *want, size_t n,
				 cJSON *docs);

/*
 * Every revision asked for must come: one the reply leaves out, or answers
 * with an error, is asked for again document by document (as CouchDB's
 * replicator falls back from _bulk_get), and if it is still missing the
 * fetch fails, so that no checkpoint passes a change that was not applied.
 */
enum status couch_bulk_get(struct couch *c, const struct couch_docrev *want, size_t n, cJSON **docs)
{
	struct couch_docrev *lack;
	size_t nlack = 0;
	bool bulk = !c->no_bulk_get;
	enum status st;

	*docs = cJSON_CreateArray();
	if (n == 0)
		return ST_OK;
	st = bulk_get_once(c, want, n, *docs);
	if (st != ST_OK)
		return st;
	bulk = bulk && !c->no_bulk_get;
	lack = docs_lacking(*docs, want, n, &nlack);
	if (nlack && bulk) {
		st = bulk_get_open_revs(c, lack, nlack, *docs);
		free(lack);
		if (st != ST_OK)
			return st;
		lack = docs_lacking(*docs, want, n, &nlack);
	}
	if (nlack)
		st = status_set(ST_IO,
				_("%s: the server did not send revision %s of document %s (asked "
				  "with %s); nothing of this batch was applied"),
				c->display, lack[0].rev, lack[0].id,
				bulk ? _("POST /_bulk_get and again with GET ?open_revs")
				     : "GET ?open_revs");
	free(lack);
	return st;
}

/* One _bulk_get (or its fallback) of want into docs. */
static enum status bulk_get_once(struct couch *c, const struct couch_docrev *want, size_t n,
				 cJSON *docs)
{
	cJSON *req, *list, *reply = NULL, *results, *res;
	char *body;
	enum status st;
	long http = 0;
	size_t i;

	if (c->no_bulk_get)
		goto fallback;
	req = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(req, "docs");
	for (i = 0; i < n; i++) {
		cJSON *d = cJSON_CreateObject();

		cJSON_AddStringToObject(d, "id", want[i].id);
		cJSON_AddStringToObject(d, "rev", want[i].rev);
		cJSON_AddItemToArray(list, d);
	}
	body = cJSON_PrintUnformatted(req);
	cJSON_Delete(req);
	st = couch_call(c, "POST", "/_bulk_get?revs=true&latest=true", body, &reply, &http);
	free(body);
	if (st != ST_OK) {
		/* An older server without _bulk_get: one request per document instead. */
		if (http == 404 || http == 405 || http == 400 || http == 501) {
			status_clear();
			c->no_bulk_get = true;
			goto fallback;
		}
		return st;
	}
	results = cJSON_GetObjectItemCaseSensitive(reply, "results");
	if (!cJSON_IsArray(results)) {
		cJSON_Delete(reply);
		return status_set(ST_IO, _("%s: the server's reply to _bulk_get is malformed"),
				  c->display);
	}
	st = ST_OK;
	cJSON_ArrayForEach(res, results)
	{
		st = couch_take_ok_docs(c->display, cJSON_GetObjectItemCaseSensitive(res, "docs"),
					docs);
		if (st != ST_OK)
			break;
	}
	cJSON_Delete(reply);
	return st;
fallback:
	return bulk_get_open_revs(c, want, n, docs);
}

/* Is s a string in the array a? */
static bool array_has_string(const cJSON *a, const char *s)
{
	const cJSON *x;

	cJSON_ArrayForEach(x, a)
	{
		if (cJSON_IsString(x) && strcmp(x->valuestring, s) == 0)
			return true;
	}
	return false;
}

char *couch_revs_diff_wrong(const cJSON *req, const cJSON *reply)
{
	const cJSON *e, *r;

	if (!cJSON_IsObject(reply))
		return xstrdup(_("not an object"));
	cJSON_ArrayForEach(e, reply)
	{
		const cJSON *asked = cJSON_GetObjectItemCaseSensitive(req, e->string);
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "missing");
		const cJSON *pa = cJSON_GetObjectItemCaseSensitive(e, "possible_ancestors");

		if (asked == NULL)
			return xasprintf(_("it names document %.80s, which was not asked about"),
					 e->string);
		if (!cJSON_IsObject(e) || !cJSON_IsArray(m) || (pa && !cJSON_IsArray(pa)))
			return xasprintf(_("its entry for %.80s is not {\"missing\": [...]}"),
					 e->string);
		cJSON_ArrayForEach(r, m)
		{
			if (!cJSON_IsString(r))
				return xasprintf(_("its entry for %.80s lists a revision that is "
						   "not a string"),
						 e->string);
			if (!array_has_string(asked, r->valuestring))
				return xasprintf(
				    _("it lists revision %.80s of %.80s, which was not "
				      "asked about"),
				    r->valuestring, e->string);
		}
	}
	return NULL;
}

enum status couch_revs_diff(struct couch *c, const cJSON *req, cJSON **missing)
{
	char *body = cJSON_PrintUnformatted(req), *wrong;
	enum status st = couch_call(c, "POST", "/_revs_diff", body, missing, NULL);

	free(body);
	if (st != ST_OK)
		return st;
	wrong = couch_revs_diff_wrong(req, *missing);
	if (wrong) {
		cJSON_Delete(*missing);
		*missing = NULL;
		st = status_set(ST_IO,
				_("%s: the server's reply to POST /_revs_diff is malformed: %s"),
				c->display, wrong);
		free(wrong);
	}
	return st;
}

enum status couch_bulk_docs(struct couch *c, const cJSON *docs, cJSON **results)
{
	cJSON *req = cJSON_CreateObject();
	char *body;
	enum status st;

	cJSON_AddItemReferenceToObject(req, "docs", (cJSON *)docs);
	cJSON_AddFalseToObject(req, "new_edits");
	body = cJSON_PrintUnformatted(req);
	cJSON_Delete(req);
	st = couch_call(c, "POST", "/_bulk_docs", body, results, NULL);
	free(body);
	if (st == ST_OK && !cJSON_IsArray(*results)) {
		cJSON_Delete(*results);
		*results = NULL;
		return status_set(ST_IO, _("%s: the server's reply to _bulk_docs is malformed"),
				  c->display);
	}
	return st;
}

enum status couch_local_get(struct couch *c, const char *id, cJSON **doc)
{
	char *esc = http_escape(id), *path = xasprintf("/_local/%s", esc);
	enum status st = couch_call(c, "GET", path, NULL, doc, NULL);

	free(esc);
	free(path);
	if (st == ST_NOT_FOUND) {
		status_clear();
		*doc = NULL;
		return ST_OK;
	}
	if (st == ST_OK && !cJSON_IsObject(*doc)) {
		cJSON_Delete(*doc);
		*doc = NULL;
	}
	return st;
}

enum status couch_local_put(struct couch *c, const char *id, cJSON *doc)
{
	char *esc = http_escape(id), *path = xasprintf("/_local/%s", esc), *body;
	cJSON *reply = NULL, *old = NULL;
	enum status st;
	int tries;

	for (tries = 0; tries < 2; tries++) {
		body = cJSON_PrintUnformatted(doc);
		st = couch_call(c, "PUT", path, body, &reply, NULL);
		free(body);
		if (st != ST_INVALID)
			break;
		/* 409: someone (an earlier run cut short) wrote it since; take its rev. */
		status_clear();
		st = couch_local_get(c, id, &old);
		if (st != ST_OK)
			break;
		cJSON_DeleteItemFromObjectCaseSensitive(doc, "_rev");
		if (old && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(old, "_rev")))
			cJSON_AddStringToObject(
			    doc, "_rev",
			    cJSON_GetObjectItemCaseSensitive(old, "_rev")->valuestring);
		cJSON_Delete(old);
		old = NULL;
		st = ST_INVALID;
	}
	if (st == ST_OK) {
		const cJSON *rev = cJSON_GetObjectItemCaseSensitive(reply, "rev");

		cJSON_DeleteItemFromObjectCaseSensitive(doc, "_rev");
		if (cJSON_IsString(rev))
			cJSON_AddStringToObject(doc, "_rev", rev->valuestring);
	}
	cJSON_Delete(reply);
	free(esc);
	free(path);
	return st;
}
