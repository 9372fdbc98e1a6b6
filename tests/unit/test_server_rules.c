/* test_server_rules.c - the server's rules and the client's descriptor table
 * agree: the types table and the manager-only types of validate_doc_update
 * (data/couchdb/validate_doc_update.js, as embedded for server-init) against
 * src/entity.c. Field by field: every type and field on both sides, the JSON
 * type, required without a default, the choices of an enum, the range of a
 * number; and the types only managers write. tests/sync/foreign.sh runs both
 * sets of rules over documents; this one needs no server and names the field
 * that drifted. The types never changed once written (appendOnly,
 * E_APPEND_ONLY) are compared the same way. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "entity.h"
#include "strbuf.h"
#include "tap.h"

extern const struct embedded_file embedded_couchdb[];

static const char *vdu_text(void)
{
	for (size_t i = 0; embedded_couchdb[i].name; i++)
		if (strcmp(embedded_couchdb[i].name, "validate_doc_update.js") == 0)
			return embedded_couchdb[i].text;
	return NULL;
}

/* The object literal after "var NAME = " in js, as JSON (its bare keys
 * quoted), or NULL. Caller frees with cJSON_Delete(). */
static cJSON *js_object(const char *js, const char *name)
{
	struct strbuf pat = STRBUF_INIT, out = STRBUF_INIT;
	const char *p, *start;
	int depth = 0;
	bool in_string = false;
	cJSON *o = NULL;

	strbuf_addf(&pat, "var %s = {", name);
	p = strstr(js, pat.s);
	strbuf_release(&pat);
	if (p == NULL)
		return NULL;
	p = start = strchr(p, '{');
	for (; *p; p++) {
		if (in_string) {
			strbuf_addc(&out, *p);
			if (*p == '\\' && p[1])
				strbuf_addc(&out, *++p);
			else if (*p == '"')
				in_string = false;
			continue;
		}
		if (*p == '"') {
			in_string = true;
		} else if (*p == '{' || *p == '[') {
			depth++;
		} else if (*p == '}' || *p == ']') {
			depth--;
		} else if ((*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) &&
			   p > start && strchr("{, \n", p[-1])) {
			/* A bare key: the word up to its colon. */
			size_t n = strspn(
			    p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");

			if (p[n] == ':') {
				strbuf_addf(&out, "\"%.*s\"", (int)n, p);
				p += n - 1;
				continue;
			}
		}
		strbuf_addc(&out, *p);
		if (depth == 0)
			break;
	}
	if (depth == 0)
		o = cJSON_Parse(out.s);
	strbuf_release(&out);
	return o;
}

static const char *json_type(const struct field *f)
{
	return f->type == FT_INT ? "n" : f->type == FT_BOOL ? "b" : "s";
}

/* What differs between the server's rule r for field f, or NULL. */
static char *field_drift(const struct field *f, const cJSON *r)
{
	const cJSON *kind = cJSON_GetArrayItem(r, 0), *req = cJSON_GetArrayItem(r, 1);
	const cJSON *choices = cJSON_GetArrayItem(r, 2);
	bool required = (f->flags & F_REQUIRED) && f->def == NULL;
	struct strbuf b = STRBUF_INIT;

	if (!cJSON_IsString(kind) || strcmp(kind->valuestring, json_type(f)) != 0)
		strbuf_addf(&b, " JSON type %s, not %s",
			    cJSON_IsString(kind) ? kind->valuestring : "?", json_type(f));
	if ((cJSON_IsNumber(req) && req->valueint == 1) != required)
		strbuf_addf(&b, " required %s", required ? "missing" : "too much");
	if (f->type == FT_ENUM && (f->flags & F_OPEN)) {
		/* Any text from other writers: the server lists no choices. */
		if (choices)
			strbuf_adds(&b, " choices on an open choice");
	} else if (f->type == FT_ENUM) {
		int n = 0;

		for (n = 0; f->values[n]; n++) {
			const cJSON *v = cJSON_GetArrayItem(choices, n);

			if (!cJSON_IsString(v) || strcmp(v->valuestring, f->values[n]) != 0)
				break;
		}
		if (f->values[n] || cJSON_GetArraySize(choices) != n)
			strbuf_adds(&b, " choices differ");
	} else if (f->type == FT_INT) {
		const cJSON *lo = cJSON_GetArrayItem(choices, 0),
			    *hi = cJSON_GetArrayItem(choices, 1);

		if (!cJSON_IsNumber(lo) || !cJSON_IsNumber(hi) ||
		    (long long)lo->valuedouble != f->min || (long long)hi->valuedouble != f->max)
			strbuf_adds(&b, " range differs");
	} else if (choices) {
		strbuf_adds(&b, " choices on a field without any");
	}
	return b.len ? strbuf_detach(&b) : (strbuf_release(&b), NULL);
}

static void test_types(const cJSON *types)
{
	size_t i, j;
	int ntypes = 0;

	for (i = 0; entity_all[i]; i++) {
		const struct entity *e = entity_all[i];
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(types, e->name);
		struct strbuf bad = STRBUF_INIT;

		ntypes++;
		if (!ok(cJSON_IsObject(t), "the server knows the type %s", e->name))
			continue;
		for (j = 0; j < e->nfields; j++) {
			const struct field *f = &e->fields[j];
			const cJSON *r = cJSON_GetObjectItemCaseSensitive(t, f->key);
			char *why;

			if (!cJSON_IsArray(r)) {
				strbuf_addf(&bad, " %s: not on the server;", f->key);
				continue;
			}
			why = field_drift(f, r);
			if (why)
				strbuf_addf(&bad, " %s:%s;", f->key, why);
			free(why);
		}
		for (const cJSON *r = t->child; r; r = r->next)
			if (entity_field(e, r->string) == NULL)
				strbuf_addf(&bad, " %s: not in the descriptor table;", r->string);
		is_str(bad.s ? bad.s : "", "",
		       "%s: the server checks every field as the client does", e->name);
		strbuf_release(&bad);
	}
	is_int(cJSON_GetArraySize(types), ntypes, "and knows no other type");
}

/* The types with flag set in the client are the types of the server's table
 * (a key whose value is true or a message), and the table names no other. */
static void test_flagged(const cJSON *table, unsigned flag, const char *what)
{
	struct strbuf client = STRBUF_INIT, server = STRBUF_INIT;
	int nserver = 0;

	for (size_t i = 0; entity_all[i]; i++) {
		const struct entity *e = entity_all[i];
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(table, e->name);

		if (e->flags & flag)
			strbuf_addf(&client, "%s ", e->name);
		if (cJSON_IsTrue(v) || cJSON_IsString(v)) {
			strbuf_addf(&server, "%s ", e->name);
			nserver++;
		}
	}
	ok(client.len > 0, "some types are %s", what);
	is_str(server.s ? server.s : "", client.s, "the server's %s types are the client's", what);
	is_int(nserver, cJSON_GetArraySize(table), "and no other name in that table (%s)", what);
	strbuf_release(&client);
	strbuf_release(&server);
}

int main(void)
{
	const char *js = vdu_text();
	cJSON *types, *managers, *append;

	if (!ok(js != NULL, "validate_doc_update.js is embedded"))
		return done_testing();
	types = js_object(js, "types");
	managers = js_object(js, "managerOnly");
	append = js_object(js, "appendOnly");
	if (ok(types != NULL, "its types table reads as JSON"))
		test_types(types);
	if (ok(managers != NULL, "its managerOnly table reads as JSON"))
		test_flagged(managers, E_MANAGER_ONLY, "manager-only (E_MANAGER_ONLY)");
	if (ok(append != NULL, "its appendOnly table reads as JSON"))
		test_flagged(append, E_APPEND_ONLY, "never-changed (E_APPEND_ONLY)");
	cJSON_Delete(types);
	cJSON_Delete(managers);
	cJSON_Delete(append);
	return done_testing();
}
