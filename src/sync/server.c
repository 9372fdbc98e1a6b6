/* server.c - prepare a team database on the server: create, _security, design document. */
#include "sync/sync.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "i18n.h"
#include "sync/couch.h"
#include "sync/http.h"
#include "xalloc.h"

/* data/couchdb/ embedded by build-aux/embed.sh (Makefile.am). */
extern const struct embedded_file embedded_couchdb[];

static const char *couchdb_file(const char *name)
{
	size_t i;

	for (i = 0; embedded_couchdb[i].name; i++)
		if (strcmp(embedded_couchdb[i].name, name) == 0)
			return embedded_couchdb[i].text;
	return NULL;
}

/* The function itself: the file's leading comment lines dropped, since some
 * servers evaluate the text as "return <text>". Caller frees. */
static char *vdu_source(void)
{
	const char *text = couchdb_file("validate_doc_update.js"), *p = text;

	if (text == NULL)
		return NULL;
	while (*p && strncmp(p, "function", 8) != 0) {
		p = strchr(p, '\n');
		if (p == NULL)
			return NULL;
		p++;
	}
	return xstrdup(p);
}

static enum status put_json(struct couch *c, const char *path, cJSON *doc)
{
	char *body = cJSON_PrintUnformatted(doc);
	enum status st = couch_call(c, "PUT", path, body, NULL, NULL);

	free(body);
	return st;
}

/* Give a member's server account the roles validate_doc_update reads. */
static enum status member_roles(struct couch *c, struct sync_member *m)
{
	char *esc = NULL, *name = xasprintf("org.couchdb.user:%s", m->login), *path, *role;
	cJSON *doc = NULL, *roles, *fresh, *r;
	enum status st;

	esc = http_escape(name);
	path = xasprintf("//_users/%s", esc);
	st = couch_call(c, "GET", path, NULL, &doc, NULL);
	if (st == ST_NOT_FOUND) {
		status_clear();
		m->no_account = true;
		st = ST_OK;
		goto out;
	}
	if (st != ST_OK)
		goto out;
	roles = cJSON_GetObjectItemCaseSensitive(doc, "roles");
	fresh = cJSON_CreateArray();
	cJSON_ArrayForEach(r, roles)
	{
		if (cJSON_IsString(r) && strncmp(r->valuestring, "salesterm.", 10) != 0)
			cJSON_AddItemToArray(fresh, cJSON_CreateString(r->valuestring));
	}
	role = xasprintf("salesterm.user.%s", m->user_id);
	cJSON_AddItemToArray(fresh, cJSON_CreateString(role));
	free(role);
	if (m->manager)
		cJSON_AddItemToArray(fresh, cJSON_CreateString("salesterm.manager"));
	cJSON_DeleteItemFromObjectCaseSensitive(doc, "roles");
	cJSON_AddItemToObject(doc, "roles", fresh);
	st = put_json(c, path, doc);
out:
	cJSON_Delete(doc);
	free(esc);
	free(name);
	free(path);
	return st;
}

enum status sync_server_init(const char *url, const char *login, const char *password,
			     bool insecure, const char *cacert, struct sync_member *members,
			     size_t n, bool validate, bool *created)
{
	struct couch_config cc = { 0 };
	struct couch *c = NULL;
	cJSON *sec = NULL, *design = NULL, *old = NULL;
	const cJSON *names, *team, *users, *managers, *rev;
	char *src = NULL;
	long http = 0;
	enum status st;
	size_t i;

	*created = false;
	cc.url = url;
	cc.login = login;
	cc.password = password;
	cc.insecure = insecure;
	cc.cacert = cacert;
	st = couch_open(&cc, &c);
	if (st != ST_OK)
		return st;
	st = couch_call(c, "PUT", "", NULL, NULL, &http);
	if (st == ST_OK) {
		*created = true;
	} else if (http == 412) {
		status_clear(); /* it exists: update its security and design */
		st = ST_OK;
	}
	if (st != ST_OK)
		goto out;
	/* The security object, from the template. */
	sec = cJSON_Parse(couchdb_file("security.json") ? couchdb_file("security.json") : "");
	names = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(sec, "members"),
						 "names");
	team = cJSON_GetObjectItemCaseSensitive(sec, "salesterm");
	users = cJSON_GetObjectItemCaseSensitive(team, "users");
	managers = cJSON_GetObjectItemCaseSensitive(team, "managers");
	if (!cJSON_IsArray(names) || !cJSON_IsObject(users) || !cJSON_IsArray(managers)) {
		st = status_set(ST_ERROR, _("the embedded security template is broken"));
		goto out;
	}
	for (i = 0; i < n; i++) {
		cJSON_AddItemToArray((cJSON *)names, cJSON_CreateString(members[i].login));
		cJSON_DeleteItemFromObjectCaseSensitive((cJSON *)users, members[i].login);
		cJSON_AddStringToObject((cJSON *)users, members[i].login, members[i].user_id);
		if (members[i].manager)
			cJSON_AddItemToArray((cJSON *)managers,
					     cJSON_CreateString(members[i].login));
	}
	st = put_json(c, "/_security", sec);
	for (i = 0; i < n && st == ST_OK; i++)
		st = member_roles(c, &members[i]);
	if (st != ST_OK || !validate)
		goto out;
	/* The design document with validate_doc_update. */
	src = vdu_source();
	if (src == NULL) {
		st = status_set(ST_ERROR, _("the embedded validate_doc_update is missing"));
		goto out;
	}
	st = couch_call(c, "GET", "/_design/salesterm", NULL, &old, NULL);
	if (st == ST_NOT_FOUND) {
		status_clear();
		st = ST_OK;
	}
	if (st != ST_OK)
		goto out;
	design = cJSON_CreateObject();
	cJSON_AddStringToObject(design, "_id", "_design/salesterm");
	rev = cJSON_GetObjectItemCaseSensitive(old, "_rev");
	if (cJSON_IsString(rev))
		cJSON_AddStringToObject(design, "_rev", rev->valuestring);
	cJSON_AddStringToObject(design, "language", "javascript");
	cJSON_AddStringToObject(design, "validate_doc_update", src);
	cJSON_AddStringToObject(design, "salesterm", PACKAGE_VERSION);
	st = put_json(c, "/_design/salesterm", design);
out:
	cJSON_Delete(sec);
	cJSON_Delete(design);
	cJSON_Delete(old);
	free(src);
	couch_close(&c);
	return st;
}
