/* query.c - query --mutt STRING: address completion for mutt's and neomutt's
 * query_command, in the format abook --mutt-query writes.
 *
 * Contacts and leads marked do_not_contact, and contacts who withdrew the
 * consent to email, are left out (src/consent.h).
 * mutt reads one line it shows as a message, then one match a line:
 * "email<TAB>name<TAB>extra" (the extra here is the account, or a lead's
 * company). Contacts and leads with an email match by name, email or
 * account (company), in the order lists sort names (pinyin for Chinese).
 * Nothing matching is the first line alone and exit 1, as abook does, so
 * mutt says so. Without --mutt the matches are "name <email>" lines, ready
 * for a To: header.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "collate.h"
#include "consent.h"
#include "entity.h"
#include "i18n.h"
#include "record.h"
#include "utf8.h"
#include "xalloc.h"

/* More than mutt's menu is worth showing; the search stops there. */
#define QUERY_MAX 1000

struct address {
	char *id, *email, *name, *extra;
	uint8_t *key; /* collation key of the name */
	size_t keylen;
};

struct addresses {
	struct address *v;
	size_t n, cap;
	const char *extra_key; /* the field shown as extra: "account", "company" */
};

/* Text for one tab-separated field: sanitised, tabs and newlines blanked. */
static char *field_text(const char *s)
{
	char *t = utf8_sanitize(s ? s : "", 400, false);
	char *p;

	for (p = t; *p; p++)
		if (*p == '\t' || *p == '\n')
			*p = ' ';
	return t;
}

static int add_address(struct db *db, const struct record *r, void *ctx)
{
	struct addresses *a = ctx;
	const char *email = record_get(r, "email");
	struct address *x;
	size_t i;

	if (a->n >= QUERY_MAX)
		return 1;
	if (email == NULL || *email == '\0')
		return 0;
	/* Completion is for writing to someone: nobody who asked not to be
	 * contacted, and no contact who withdrew the consent to email
	 * (src/consent.h). */
	if (record_get(r, "do_not_contact") && strcmp(record_get(r, "do_not_contact"), "1") == 0)
		return 0;
	if (strcmp(a->extra_key, "account") == 0 && !consent_may_contact(db, r->id, "email"))
		return 0;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i].id, r->id) == 0)
			return 0; /* matched by another field too */
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 16;
		a->v = xreallocarray(a->v, a->cap, sizeof(*a->v));
	}
	x = &a->v[a->n++];
	memset(x, 0, sizeof(*x));
	x->id = xstrdup(r->id);
	x->email = field_text(email);
	x->name = field_text(record_name(r));
	if (a->extra_key) {
		char *extra = record_display(db, r, a->extra_key);

		x->extra = field_text(extra);
		free(extra);
	} else {
		x->extra = xstrdup("");
	}
	return 0;
}

/* Add the records of type e whose field key contains text. */
static enum status match_field(struct db *db, const struct entity *e, const char *key,
			       const char *text, struct addresses *a)
{
	struct filter f = { key, OP_LIKE, text };
	struct record_query q = { .filters = &f, .nfilters = 1 };

	return record_list(db, e, &q, add_address, a);
}

/* Contacts whose account's name contains text. */
static int add_account_contacts(struct db *db, const struct record *acct, void *ctx)
{
	struct filter f = { "account", OP_EQ, acct->id };
	struct record_query q = { .filters = &f, .nfilters = 1 };

	return record_list(db, &entity_contact, &q, add_address, ctx) != ST_OK;
}

static int address_cmp(const void *pa, const void *pb)
{
	const struct address *x = pa, *y = pb;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int c = memcmp(x->key, y->key, n);

	if (c == 0 && x->keylen != y->keylen)
		c = x->keylen < y->keylen ? -1 : 1;
	return c ? c : strcmp(x->email, y->email);
}

/* Sort a by name as lists do (pinyin for Chinese); false if ICU fails. */
static bool sort_addresses(struct addresses *a)
{
	struct collator *coll = collate_new();
	size_t i;

	if (coll == NULL)
		return false;
	for (i = 0; i < a->n; i++) {
		struct address *x = &a->v[i];
		size_t len = strlen(x->name), cap = 64;

		x->key = xmalloc(cap);
		x->keylen = collate_key(coll, x->name, len, x->key, cap);
		if (x->keylen > cap) {
			cap = x->keylen;
			x->key = xrealloc(x->key, cap);
			x->keylen = collate_key(coll, x->name, len, x->key, cap);
		}
	}
	collate_free(coll);
	if (a->n > 1)
		qsort(a->v, a->n, sizeof(*a->v), address_cmp);
	return true;
}

int cli_cmd_query(struct cli *c, int argi)
{
	struct addresses a = { 0 };
	const char *text = NULL;
	bool mutt = false;
	enum status st = ST_OK;
	int ret = 0, i;
	size_t k;

	for (i = argi; i < c->nargs; i++) {
		if (strcmp(c->args[i], "--mutt") == 0)
			mutt = true;
		else if (text == NULL && (c->args[i][0] != '-' || c->args[i][1] == '\0'))
			text = c->args[i];
		else
			return cli_usage_error(_("query: unexpected \"%s\""), c->args[i]);
	}
	if (text == NULL)
		return cli_usage_error("%s", _("query needs the text to look for"));
	/* Contacts by name, email and account; leads by name, email and company. */
	a.extra_key = "account";
	if ((st = match_field(c->db, &entity_contact, "name", text, &a)) == ST_OK &&
	    (st = match_field(c->db, &entity_contact, "email", text, &a)) == ST_OK) {
		struct filter f = { "name", OP_LIKE, text };
		struct record_query q = { .filters = &f, .nfilters = 1 };

		st = record_list(c->db, &entity_account, &q, add_account_contacts, &a);
	}
	a.extra_key = "company";
	if (st == ST_OK && (st = match_field(c->db, &entity_lead, "name", text, &a)) == ST_OK &&
	    (st = match_field(c->db, &entity_lead, "email", text, &a)) == ST_OK)
		st = match_field(c->db, &entity_lead, "company", text, &a);
	if (st == ST_OK && !sort_addresses(&a))
		st =
		    status_set(ST_DB, "%s", _("cannot open ICU's collator (is libicu installed?)"));
	if (st != ST_OK) {
		ret = cli_fail(st);
		goto out;
	}
	if (mutt) {
		/* TRANSLATORS: the first line of query --mutt, shown by mutt. */
		if (a.n == 0)
			puts(_("salesterm: no match"));
		else
			printf(
			    ngettext("salesterm: %zu address\n", "salesterm: %zu addresses\n", a.n),
			    a.n);
	} else if (a.n == 0) {
		fprintf(stderr, "%s\n", _("salesterm: no match"));
	}
	for (k = 0; k < a.n; k++) {
		if (mutt)
			printf("%s\t%s\t%s\n", a.v[k].email, a.v[k].name, a.v[k].extra);
		else
			printf("%s <%s>\n", a.v[k].name, a.v[k].email);
	}
	ret = a.n ? 0 : 1;
out:
	for (k = 0; k < a.n; k++) {
		free(a.v[k].id);
		free(a.v[k].email);
		free(a.v[k].name);
		free(a.v[k].extra);
		free(a.v[k].key);
	}
	free(a.v);
	return ret;
}
