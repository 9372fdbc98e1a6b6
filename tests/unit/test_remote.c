/* test_remote.c - remotes (src/sync/remote.c): add, list, get, remove, the
 * default, names from URLs, passwords never stored, bad URLs refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "sync/sync.h"
#include "tap.h"

static struct db *db;

static void test_add(void)
{
	struct sync_remote *list = NULL, r;
	size_t n = 0;
	char *name = NULL;
	bool dropped = true;

	is_int(sync_remote_get(db, NULL, &r), ST_NOT_FOUND, "no remote yet");
	ok(strstr(status_message(), "remote add") != NULL, "and the message says how to add one");
	is_int(sync_remote_add(db, "https://couch.example.com:6984/team-east", NULL, "rep1", false,
			       NULL, false, &name, &dropped),
	       ST_OK, "add a remote");
	is_str(name, "team-east", "named after its database");
	ok(!dropped, "no password to drop");
	free(name);
	is_int(sync_remote_get(db, NULL, &r), ST_OK, "the first remote is the default");
	is_str(r.name, "team-east", "by name");
	is_str(r.url, "https://couch.example.com:6984/team-east", "its URL");
	is_str(r.login, "rep1", "its login");
	ok(r.is_default && !r.insecure && r.cacert == NULL, "default, verified, the system's CAs");
	sync_remote_clear(&r);

	is_int(sync_remote_add(db, "http://rep2:secret@127.0.0.1:5984/team-west", "west", NULL,
			       true, NULL, false, &name, &dropped),
	       ST_OK, "a second remote with credentials in its URL");
	ok(dropped, "the password in the URL is dropped (and said)");
	free(name);
	is_int(sync_remote_get(db, "west", &r), ST_OK, "found by name");
	is_str(r.url, "http://127.0.0.1:5984/team-west", "stored without credentials");
	is_str(r.login, "rep2", "the user in the URL is the login");
	ok(!r.is_default && r.insecure, "not the default; insecure as asked");
	sync_remote_clear(&r);

	is_int(sync_remote_list(db, &list, &n), ST_OK, "list");
	ok(n == 2 && strcmp(list[0].name, "team-east") == 0, "default first");
	sync_remotes_free(list, n);

	is_int(
	    sync_remote_add(db, "https://h.example/db3", NULL, NULL, false, NULL, true, NULL, NULL),
	    ST_OK, "a third, made the default");
	is_int(sync_remote_get(db, NULL, &r), ST_OK, "the default");
	is_str(r.name, "db3", "is now the new one");
	sync_remote_clear(&r);
}

static void test_refused(void)
{
	struct sync_remote *list = NULL;
	size_t n = 0;

	is_int(sync_remote_add(db, "ftp://h/db", NULL, NULL, false, NULL, false, NULL, NULL),
	       ST_USAGE, "not http: refused");
	is_int(
	    sync_remote_add(db, "https://h.example/", NULL, NULL, false, NULL, false, NULL, NULL),
	    ST_USAGE, "a server without a database: refused");
	ok(strstr(status_message(), "names a server, not a database") != NULL, "says why: %s",
	   status_message());
	is_int(
	    sync_remote_add(db, "https://h.example/db4", "", NULL, false, NULL, false, NULL, NULL),
	    ST_USAGE, "an empty name: refused");
	is_int(sync_remote_add(db, "https://h.example/db4", NULL, NULL, false,
			       "/nonexistent/ca.pem", false, NULL, NULL),
	       ST_IO, "a CA file that cannot be read: refused");
	sync_remote_list(db, &list, &n);
	is_int((long long)n, 3, "and nothing was added by any of them");
	sync_remotes_free(list, n);
	ok(sync_remote_add(db, "https://other.example/team-east", NULL, NULL, false, NULL, false,
			   NULL, NULL) != ST_OK,
	   "a name already taken: refused");
}

static void test_remove(void)
{
	struct sync_remote r;

	is_int(sync_remote_remove(db, "west"), ST_OK, "remove a remote");
	is_int(sync_remote_get(db, "west", &r), ST_NOT_FOUND, "it is gone");
	ok(sync_remote_remove(db, "west") != ST_OK, "removing it again says so");
}

int main(void)
{
	if (db_open(":memory:", DB_CREATE, &db) != ST_OK) {
		printf("Bail out! %s\n", status_message());
		return 1;
	}
	test_add();
	test_refused();
	test_remove();
	db_close(&db);
	return done_testing();
}
