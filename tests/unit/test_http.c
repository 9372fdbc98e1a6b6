/* test_http.c - src/sync/http.c against a small HTTP server of its own.
 *
 * The server runs in a thread on 127.0.0.1 (a free port) and answers by
 * path: /ok, /echo (the request's method, body and Authorization header),
 * /status/NNN, /big (2 MB), /partial (headers and the start of a body, then
 * silence), /hang (silence) and /cut (half a body, then the connection
 * closes). One request per connection. Also the URL helpers.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sync/http.h"
#include "tap.h"

static int server_fd = -1;
static int port;
static volatile int server_stop;

static void send_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, s, n, MSG_NOSIGNAL);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void reply(int fd, int status, const char *body)
{
	char head[256];

	snprintf(head, sizeof(head),
		 "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
		 "Connection: close\r\n\r\n",
		 status, strlen(body));
	send_all(fd, head, strlen(head));
	send_all(fd, body, strlen(body));
}

/* Read one request: the request line, the headers and a Content-Length body. */
static size_t read_request(int fd, char *buf, size_t size)
{
	size_t n = 0, want = 0;
	char *end = NULL;

	while (n + 1 < size) {
		ssize_t r = recv(fd, buf + n, size - 1 - n, 0);

		if (r <= 0)
			break;
		n += (size_t)r;
		buf[n] = '\0';
		if (end == NULL && (end = strstr(buf, "\r\n\r\n")) != NULL) {
			const char *cl = strstr(buf, "Content-Length: ");

			want = (size_t)(end + 4 - buf) +
			       (cl && cl < end ? strtoul(cl + 16, NULL, 10) : 0);
		}
		if (end && n >= want)
			break;
	}
	buf[n] = '\0';
	return n;
}

static void serve(int fd)
{
	char *req = malloc(1 << 16);
	char method[16] = "", path[256] = "", *body, *auth, out[2048];

	read_request(fd, req, 1 << 16);
	sscanf(req, "%15s %255s", method, path);
	body = strstr(req, "\r\n\r\n");
	body = body ? body + 4 : (char *)"";
	if (strcmp(path, "/ok") == 0) {
		reply(fd, 200, "{\"ok\":true}");
	} else if (strcmp(path, "/echo") == 0) {
		auth = strstr(req, "Authorization: ");
		if (auth)
			*strstr(auth, "\r\n") = '\0';
		snprintf(out, sizeof(out), "%s|%s|%s", method, auth ? auth + 15 : "-", body);
		reply(fd, 200, out);
	} else if (strncmp(path, "/status/", 8) == 0) {
		reply(fd, atoi(path + 8), "{\"error\":\"x\",\"reason\":\"y\"}");
	} else if (strcmp(path, "/big") == 0) {
		size_t n = 2 * 1024 * 1024;
		char *big = malloc(n + 1);

		memset(big, 'a', n);
		big[n] = '\0';
		reply(fd, 200, big);
		free(big);
	} else if (strcmp(path, "/partial") == 0 || strcmp(path, "/cut") == 0) {
		static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
					   "Content-Length: 100\r\nConnection: close\r\n\r\n"
					   "{\"results\":[";

		send_all(fd, head, strlen(head));
		if (strcmp(path, "/partial") == 0)
			usleep(1500 * 1000);
	} else if (strcmp(path, "/hang") == 0) {
		usleep(1500 * 1000);
	} else {
		reply(fd, 404, "{\"error\":\"not_found\"}");
	}
	close(fd);
	free(req);
}

#define MAX_CONNS 64
static pthread_t conns[MAX_CONNS];
static int nconns;

static void *conn_main(void *arg)
{
	serve((int)(intptr_t)arg);
	return NULL;
}

/* Each connection in its own thread: a client that gave up on a silent
 * request must not hold up the next one. */
static void *server_main(void *arg)
{
	(void)arg;
	while (!server_stop && nconns < MAX_CONNS) {
		int fd = accept(server_fd, NULL, NULL);

		if (fd < 0)
			break;
		if (pthread_create(&conns[nconns], NULL, conn_main, (void *)(intptr_t)fd) == 0)
			nconns++;
		else
			close(fd);
	}
	return NULL;
}

static int server_start(pthread_t *t)
{
	struct sockaddr_in a = { 0 };
	socklen_t len = sizeof(a);

	server_fd = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (server_fd < 0 || bind(server_fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    listen(server_fd, 8) != 0 || getsockname(server_fd, (struct sockaddr *)&a, &len) != 0)
		return -1;
	port = ntohs(a.sin_port);
	return pthread_create(t, NULL, server_main, NULL);
}

static char *url(const char *path)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), "http://127.0.0.1:%d%s", port, path);
	return buf;
}

/* A free port nobody listens on: bound, then closed. */
static int dead_port(void)
{
	struct sockaddr_in a = { 0 };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), p;

	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(fd, (struct sockaddr *)&a, sizeof(a));
	getsockname(fd, (struct sockaddr *)&a, &len);
	p = ntohs(a.sin_port);
	close(fd);
	return p;
}

static void test_requests(void)
{
	struct http_config cfg = { 0 };
	struct http *h = NULL;
	struct http_reply rep;
	volatile sig_atomic_t cancel = 0;
	char refused[64];

	is_int(http_new(&cfg, &h), ST_OK, "a connection");
	is_int(http_request(h, "GET", url("/ok"), NULL, 5000, false, &rep), ST_OK, "GET");
	is_int(rep.status, 200, "its status");
	is_str(rep.body, "{\"ok\":true}", "its body");
	ok(rep.len == 11 && !rep.cut && rep.fault == HTTP_FAULT_NONE, "its length, whole");
	http_reply_clear(&rep);

	is_int(http_request(h, "POST", url("/echo"), "{\"a\":1}", 5000, false, &rep), ST_OK,
	       "POST with a body");
	is_str(rep.body, "POST|-|{\"a\":1}", "the body arrives, and no credentials were sent");
	http_reply_clear(&rep);
	is_int(http_request(h, "PUT", url("/echo"), NULL, 5000, false, &rep), ST_OK, "PUT");
	is_str(rep.body, "PUT|-|", "another method, no body");
	http_reply_clear(&rep);

	is_int(http_request(h, "GET", url("/status/503"), NULL, 5000, false, &rep), ST_OK,
	       "any status that arrives is the caller's to judge");
	is_int(rep.status, 503, "503 as it came");
	http_reply_clear(&rep);

	is_int(http_request(h, "GET", url("/hang"), NULL, 300, false, &rep), ST_IO,
	       "a server that never answers: the deadline ends it");
	is_int(rep.fault, HTTP_FAULT_NETWORK, "a network fault (try again later)");
	ok(strstr(status_message(), "did not answer in time") != NULL, "and says so: %s",
	   status_message());
	http_reply_clear(&rep);

	is_int(http_request(h, "GET", url("/partial"), NULL, 300, true, &rep), ST_OK,
	       "a longpoll cut at the deadline after the server answered is no error");
	ok(rep.cut && rep.status == 200, "it is marked cut");
	ok(strncmp(rep.body, "{\"results\":[", 12) == 0, "with what arrived");
	http_reply_clear(&rep);
	is_int(http_request(h, "GET", url("/partial"), NULL, 300, false, &rep), ST_IO,
	       "without deadline_ok it is a failure");
	http_reply_clear(&rep);

	is_int(http_request(h, "GET", url("/cut"), NULL, 5000, false, &rep), ST_IO,
	       "a reply cut short by the server");
	ok(rep.fault == HTTP_FAULT_NETWORK && strstr(status_message(), "cut") != NULL,
	   "is a network fault that says the connection was cut: %s", status_message());
	http_reply_clear(&rep);

	snprintf(refused, sizeof(refused), "http://127.0.0.1:%d/", dead_port());
	is_int(http_request(h, "GET", refused, NULL, 5000, false, &rep), ST_IO,
	       "a refused connection");
	ok(rep.fault == HTTP_FAULT_NETWORK && strstr(status_message(), "cannot connect") != NULL,
	   "says it cannot connect: %s", status_message());
	http_reply_clear(&rep);
	http_free(&h);
	ok(h == NULL, "http_free clears the pointer");

	cfg.max_reply = 1024 * 1024;
	http_new(&cfg, &h);
	is_int(http_request(h, "GET", url("/big"), NULL, 5000, false, &rep), ST_IO,
	       "a reply over the size limit is refused");
	is_int(rep.fault, HTTP_FAULT_TOO_BIG, "as too big");
	ok(strstr(status_message(), "larger than 1 MB") != NULL, "and says the limit: %s",
	   status_message());
	http_reply_clear(&rep);
	http_free(&h);

	cfg.max_reply = 0;
	cfg.login = "rep1";
	cfg.password = "s3cret";
	http_new(&cfg, &h);
	http_request(h, "GET", url("/echo"), NULL, 5000, false, &rep);
	/* base64("rep1:s3cret") */
	is_str(rep.body, "GET|Basic cmVwMTpzM2NyZXQ=|", "credentials go as basic auth");
	http_reply_clear(&rep);
	http_free(&h);

	cfg.login = cfg.password = NULL;
	cancel = 1;
	cfg.cancel = &cancel;
	http_new(&cfg, &h);
	is_int(http_request(h, "GET", url("/hang"), NULL, 5000, false, &rep), ST_IO,
	       "a cancelled request");
	is_int(rep.fault, HTTP_FAULT_CANCELLED, "stops as cancelled");
	http_reply_clear(&rep);
	http_free(&h);
}

static void test_urls(void)
{
	char *clean = NULL, *user = NULL, *pass = NULL, *s;

	s = http_escape("a b/张?&=");
	is_str(s, "a%20b%2F%E5%BC%A0%3F%26%3D", "escape a path segment");
	free(s);
	s = http_escape("safe-_.~AZ09");
	is_str(s, "safe-_.~AZ09", "unreserved characters stay");
	free(s);

	ok(http_split_url("https://rep1:pw@couch.example.com:6984/team-east", &clean, &user, &pass),
	   "split a URL with credentials");
	is_str(clean, "https://couch.example.com:6984/team-east", "the URL without them");
	is_str(user, "rep1", "the user");
	is_str(pass, "pw", "the password");
	free(clean);
	free(user);
	free(pass);
	clean = user = pass = NULL;
	ok(http_split_url("http://127.0.0.1:5984/db", &clean, &user, &pass) && user == NULL &&
	       pass == NULL,
	   "no credentials: none");
	free(clean);
	clean = NULL;
	ok(!http_split_url("ftp://host/db", &clean, &user, &pass), "not http: refused");
	ok(!http_split_url("http:///db", &clean, &user, &pass), "no host: refused");

	s = http_display_url("https://rep1:pw@couch.example.com/db?x=1#f");
	ok(strstr(s, "pw") == NULL && strstr(s, "rep1") == NULL && strstr(s, "x=1") == NULL,
	   "a URL for messages has no credentials or query: %s", s);
	free(s);
}

int main(void)
{
	pthread_t t;

	signal(SIGPIPE, SIG_IGN);
	if (http_global_init() != ST_OK) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	if (server_start(&t) != 0) {
		printf("Bail out! cannot start a server on 127.0.0.1\n");
		return 1;
	}
	test_requests();
	test_urls();
	server_stop = 1;
	shutdown(server_fd, SHUT_RDWR);
	close(server_fd);
	pthread_join(t, NULL);
	for (int i = 0; i < nconns; i++)
		pthread_join(conns[i], NULL);
	http_global_cleanup();
	return done_testing();
}
