/* marketing.c - the nurture and consent reports (the rules: marketing.h and
 * the reports' help below). */
#include "report/marketing.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "consent.h"
#include "db.h"
#include "i18n.h"
#include "nurture.h"
#include "record.h"
#include "report/internal.h"
#include "xalloc.h"

static bool is(const char *v, const char *want)
{
	return v && strcmp(v, want) == 0;
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* One nurturing lead as the report shows it. */
struct nurtured {
	int64_t n; /* the lead's row */
	char *id, *name, *company, *owner, *since;
	int cadence;
	bool dnc;
	int64_t touches, in_period;
	struct nurture_state state;
	char next[11];
};

static void nurtured_free(struct nurtured *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].name);
		free(v[i].company);
		free(v[i].owner);
		free(v[i].since);
	}
	free(v);
}

/* A lead's touches since it entered nurturing, those in [start, end), its
 * state on today from the newest of them, and the date of its next planned
 * activity. */
static enum status lead_touches(struct db *db, struct nurtured *l, const char *today,
				const char *start, const char *end)
{
	sqlite3_stmt *st =
	    db_prepare(db, "SELECT count(*), coalesce(sum(at >= ?3 AND at < ?4), 0), "
			   "max(at) FROM followup WHERE related = ?1 AND deleted = 0 "
			   "AND at >= ?2");
	sqlite3_stmt *nx = db_prepare(db, "SELECT due, start FROM activity WHERE related = ?1 AND "
					  "deleted = 0 AND status = 'planned' ORDER BY "
					  "coalesce(due, substr(start, 1, 10)) LIMIT 1");
	char *last = NULL;

	if (st == NULL || nx == NULL)
		return ST_DB;
	db_bind_text(st, 1, l->id);
	db_bind_text(st, 2, l->since ? l->since : "");
	db_bind_text(st, 3, start);
	db_bind_text(st, 4, end);
	if (sqlite3_step(st) == SQLITE_ROW) {
		l->touches = sqlite3_column_int64(st, 0);
		l->in_period = sqlite3_column_int64(st, 1);
		last = db_column_strdup(st, 2);
	}
	sqlite3_reset(st);
	nurture_state_from(last, l->since, l->cadence, today, &l->state);
	free(last);
	db_bind_text(nx, 1, l->id);
	if (sqlite3_step(nx) == SQLITE_ROW) {
		if (col(nx, 0))
			snprintf(l->next, sizeof(l->next), "%s", col(nx, 0));
		else if (col(nx, 1)) {
			char hm[6];

			report_local(col(nx, 1), l->next, hm);
		}
	}
	sqlite3_reset(nx);
	return ST_OK;
}

static int by_row(const void *a, const void *b)
{
	const struct nurtured *x = a, *y = b;

	return x->n < y->n ? -1 : x->n > y->n;
}

static int by_overdue(const void *a, const void *b)
{
	const struct nurtured *x = a, *y = b;

	if (x->state.overdue != y->state.overdue)
		return x->state.overdue > y->state.overdue ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The nurturing leads of owner (NULL: all) in scope sc (NULL: any), with
 * their state on today, sorted by days overdue; with their touches in
 * [start, end) and next touch unless start is NULL. */
static enum status nurturing_leads(struct db *db, const char *owner, const struct report_scope *sc,
				   const char *today, const char *start, const char *end,
				   struct nurtured **out, size_t *n)
{
	/* From lead_nurturing alone (0019-churn-nurture-speed.sql), then in
	 * row order, as lead_status gave them: the sort by overdue days keeps
	 * that order among equals. */
	sqlite3_stmt *st = db_prepare(
	    db,
	    REPORT_SQL(owner,
		       "SELECT id, name, company, owner, cadence, nurture_since, do_not_contact, "
		       "n FROM lead INDEXED BY lead_nurturing WHERE owner = ?1 AND deleted = 0 "
		       "AND status = 'nurturing'",
		       "SELECT id, name, company, owner, cadence, nurture_since, do_not_contact, "
		       "n FROM lead INDEXED BY lead_nurturing WHERE ?1 IS NULL AND deleted = 0 "
		       "AND status = 'nurturing'"));
	struct nurtured *v = NULL;
	size_t cap = 0, k = 0;
	enum status s = ST_OK;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, owner);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct nurtured *l;

		if (sc && !report_scope_includes(sc, col(st, 3)))
			continue;
		if (k == cap) {
			cap = cap ? 2 * cap : 16;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		l = &v[k++];
		memset(l, 0, sizeof(*l));
		l->id = db_column_strdup(st, 0);
		l->name = db_column_strdup(st, 1);
		l->company = db_column_strdup(st, 2);
		l->owner = db_column_strdup(st, 3);
		l->cadence = sqlite3_column_type(st, 4) == SQLITE_NULL ? NURTURE_DEFAULT_CADENCE
								       : sqlite3_column_int(st, 4);
		l->since = db_column_strdup(st, 5);
		l->dnc = sqlite3_column_int(st, 6) != 0;
		l->n = sqlite3_column_int64(st, 7);
	}
	sqlite3_reset(st);
	if (k > 1)
		qsort(v, k, sizeof(*v), by_row);
	if (rc != SQLITE_DONE)
		s = db_error(db, rc, "nurture");
	for (size_t i = 0; s == ST_OK && i < k; i++) {
		if (start)
			s = lead_touches(db, &v[i], today, start, end);
		else /* Today needs no counts */
			s = nurture_state_of(db, v[i].id, v[i].since, v[i].cadence, today,
					     &v[i].state);
		if (v[i].dnc)
			v[i].state.overdue = 0; /* never touched: nothing is late */
	}
	if (s != ST_OK) {
		nurtured_free(v, k);
		return s;
	}
	if (k > 1)
		qsort(v, k, sizeof(*v), by_overdue);
	*out = v;
	*n = k;
	return ST_OK;
}

enum status report_nurture_overdue(struct db *db, const char *owner, const char *today, int limit,
				   struct report_rows *out)
{
	struct nurtured *v = NULL;
	size_t n = 0, i;
	enum status st;
	int shown = 0;

	bool began = report_read_begin(db);

	st = nurturing_leads(db, owner, NULL, today, NULL, NULL, &v, &n);
	for (i = 0; st == ST_OK && i < n && shown < (limit > 0 ? limit : REPORT_DEFAULT_LIMIT);
	     i++) {
		if (v[i].dnc || v[i].state.overdue <= 0)
			continue;
		st = report_rows_load(db, out, &entity_lead, v[i].id, v[i].state.overdue);
		shown++;
	}
	report_read_end(db, began);
	nurtured_free(v, n);
	return st;
}

static void localize(struct report_col *out, const struct report_col *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		out[i] = in[i];
		out[i].label = _(in[i].label);
	}
}

/* The names of the few owners a report shows, looked up once each. */
struct names {
	char **ids, **names;
	size_t n;
};

static const char *owner_name(struct db *db, struct names *c, const char *owner)
{
	size_t i;

	if (owner == NULL)
		return "";
	for (i = 0; i < c->n; i++)
		if (strcmp(c->ids[i], owner) == 0)
			return c->names[i];
	c->ids = xreallocarray(c->ids, c->n + 1, sizeof(*c->ids));
	c->names = xreallocarray(c->names, c->n + 1, sizeof(*c->names));
	c->ids[c->n] = xstrdup(owner);
	c->names[c->n] = record_title_of(db, "user", owner);
	return c->names[c->n++];
}

static void names_free(struct names *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->ids[i]);
		free(c->names[i]);
	}
	free(c->ids);
	free(c->names);
}

static enum status nurture_figures(struct db *db, const struct report_args *a,
				   struct report_output *o)
{
	static const struct report_col lead_cols[] = {
		{ "lead", N_("Lead"), RC_TEXT },
		{ "company", N_("Company"), RC_TEXT },
		{ "owner", N_("Owner"), RC_TEXT },
		{ "every", N_("Every"), RC_INT },
		{ "since", N_("Since"), RC_TEXT },
		{ "touches", N_("Touches"), RC_INT },
		{ "in_period", N_("In period"), RC_INT },
		{ "last_touch", N_("Last touch"), RC_TEXT },
		{ "next_touch", N_("Next touch"), RC_TEXT },
		{ "due", N_("Due"), RC_TEXT },
		{ "overdue_days", N_("Overdue"), RC_INT },
		{ "flag", N_("Flag"), RC_TEXT },
	};
	static const struct report_col sum_cols[] = {
		{ "nurtured", N_("Nurtured"), RC_INT },
		{ "nurturing", N_("Nurturing"), RC_INT },
		{ "overdue", N_("Overdue"), RC_INT },
		{ "opportunities", N_("Became opportunities"), RC_INT },
		{ "conversion", N_("Conversion"), RC_PERCENT },
		{ "disqualified", N_("Disqualified"), RC_INT },
	};
	struct report_col cols[12];
	struct report_table *t;
	struct nurtured *v = NULL;
	struct names names = { 0 };
	size_t n = 0, i, row;
	char today[11], start[21], end[21], *title;
	int64_t nurtured = 0, became = 0, disq = 0, overdue = 0;
	sqlite3_stmt *st;
	enum status s;
	int rc;

	clock_today(today);
	if (!report_day_range(a->span.first, a->span.last, start, end))
		return status_set(ST_INVALID, "%s", _("report nurture: invalid period"));
	s = nurturing_leads(db, a->scope.kind == REPORT_SCOPE_OWNER ? a->scope.owner : NULL,
			    &a->scope, today, start, end, &v, &n);
	if (s != ST_OK)
		return s;
	localize(cols, lead_cols, 12);
	title = xasprintf(_("Nurturing leads on %s, the most overdue first"), today);
	t = report_output_table(o, "leads", title, cols, 12);
	free(title);
	for (i = 0; i < n; i++) {
		char since[11] = "", last[11] = "", hm[6];
		const char *who = owner_name(db, &names, v[i].owner);

		row = report_table_add_row(t);
		report_local(v[i].since, since, hm);
		if (v[i].state.last[0])
			report_local(v[i].state.last, last, hm);
		report_table_set(t, row, 0, v[i].name);
		report_table_set(t, row, 1, v[i].company);
		report_table_set(t, row, 2, *who ? who : NULL);
		report_table_set_int(t, row, 3, v[i].cadence);
		report_table_set(t, row, 4, since[0] ? since : NULL);
		report_table_set_int(t, row, 5, v[i].touches);
		report_table_set_int(t, row, 6, v[i].in_period);
		report_table_set(t, row, 7, last[0] ? last : NULL);
		report_table_set(t, row, 8, v[i].next[0] ? v[i].next : NULL);
		report_table_set(t, row, 9, v[i].dnc ? NULL : v[i].state.due);
		report_table_set_int(t, row, 10, v[i].state.overdue);
		report_table_set(t, row, 11,
				 v[i].dnc		  ? _("do not contact")
				 : v[i].state.overdue > 0 ? _("overdue")
							  : NULL);
		if (v[i].state.overdue > 0)
			overdue++;
	}
	names_free(&names);
	/* Every lead ever nurtured, wherever it went since. */
	st = db_prepare(db, "SELECT status, converted_opportunity IS NOT NULL, owner FROM lead "
			    "WHERE deleted = 0 AND nurture_since IS NOT NULL");
	if (st == NULL) {
		nurtured_free(v, n);
		return ST_DB;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!report_scope_includes(&a->scope, col(st, 2)))
			continue;
		nurtured++;
		if (sqlite3_column_int(st, 1))
			became++;
		if (is(col(st, 0), "disqualified"))
			disq++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		nurtured_free(v, n);
		return db_error(db, rc, "nurture");
	}
	localize(cols, sum_cols, 6);
	t = report_output_table(o, "summary", _("Leads ever nurtured"), cols, 6);
	row = report_table_add_row(t);
	report_table_set_int(t, row, 0, nurtured);
	report_table_set_int(t, row, 1, (int64_t)n);
	report_table_set_int(t, row, 2, overdue);
	report_table_set_int(t, row, 3, became);
	report_table_set_tenths(t, row, 4,
				nurtured ? (became * 1000 + nurtured / 2) / nurtured : -1);
	report_table_set_int(t, row, 5, disq);
	nurtured_free(v, n);
	return ST_OK;
}

static enum status nurture_run(struct db *db, const struct report_args *a, struct report_output *o)
{
	bool began = report_read_begin(db);
	enum status st = nurture_figures(db, a, o);

	report_read_end(db, began);
	return st;
}

const struct report_def report_def_nurture = {
	.name = "nurture",
	.summary = N_("nurturing leads: touches, last and next touch, overdue, how many converted"),
	.help = N_("Each lead now in status nurturing, of the scope (the lead's owner):\n"
		   "  Every        its cadence: the days between touches (14 unless set:\n"
		   "               salesterm lead nurture LEAD --every DAYS)\n"
		   "  Since        the local day it last entered nurturing\n"
		   "  Touches      follow-up logs on the lead since then (a logged touch, or a\n"
		   "               completed activity's log); In period: those logged in the\n"
		   "               period\n"
		   "  Last touch   the newest of them\n"
		   "  Next touch   its earliest planned activity (the touch the cadence\n"
		   "               schedules on the owner's calendar when the lead enters\n"
		   "               nurturing and after each touch, unless one is planned)\n"
		   "  Due          the last touch's local day (else Since) + the cadence\n"
		   "  Overdue      the days today is past Due; flagged \"overdue\" (also on\n"
		   "               the owner's Today and in the Leads list)\n"
		   "  A do-not-contact lead gets no touch and is never overdue.\n"
		   "Then the leads ever nurtured (whatever their status now): how many,\n"
		   "still nurturing, overdue, became opportunities (converted with a deal),\n"
		   "Conversion = became opportunities / nurtured, and disqualified.\n"),
	.default_period = REPORT_QUARTER,
	.run = nurture_run,
};

/* ---- consent ---- */

enum { CS_GIVEN, CS_WITHDRAWN, CS_NEVER, CS_DNC, CS_NEW_GIVEN, CS_NEW_WITHDRAWN, CS_N };

static int channel_index(const char *c)
{
	for (int i = 0; c && consent_channel_names[i]; i++)
		if (strcmp(consent_channel_names[i], c) == 0)
			return i;
	return -1;
}

/* The live contacts that take no marketing: deleted (kept as tombstones)
 * or do-not-contact. Few, whatever the size of the database: read through
 * the partial index contact_no_marketing, sorted by id. */
struct id_set {
	char **ids;
	size_t n, cap;
};

static void id_set_add(struct id_set *s, char *id)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->ids = xreallocarray(s->ids, s->cap, sizeof(*s->ids));
	}
	s->ids[s->n++] = id;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool id_set_has(const struct id_set *s, const char *id)
{
	return s->n && bsearch(&id, s->ids, s->n, sizeof(*s->ids), str_cmp) != NULL;
}

static void id_set_free(struct id_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->ids[i]);
	free(s->ids);
}

/* Count one contact's entries: the first of each channel (in the order of
 * consent_current) is in force; in_force false leaves those out (a
 * do-not-contact contact's entries still count as entries of the period). */
struct consent_tally {
	int64_t fig[4][CS_N];
	const char *start, *end;
};

static void tally(struct consent_tally *t, const char *channel, const char *action, const char *at,
		  bool first, bool in_force)
{
	int c = channel_index(channel);
	bool withdrawn = is(action, "withdrawn");

	if (c < 0)
		return;
	if (at && strcmp(at, t->start) >= 0 && strcmp(at, t->end) < 0)
		t->fig[c][withdrawn ? CS_NEW_WITHDRAWN : CS_NEW_GIVEN]++;
	if (first && in_force)
		t->fig[c][withdrawn ? CS_WITHDRAWN : CS_GIVEN]++;
}

/* The whole team: one pass over every entry in consent_current's order,
 * with the few contacts that do not count (deleted, do-not-contact) in a
 * set, so no contact row is read. Entries of a contact this database does
 * not have (not synced yet) count as a live contact's. */
static enum status consent_team(struct db *db, struct consent_tally *t)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, deleted FROM contact WHERE deleted = 1 OR "
					  "do_not_contact = 1 ORDER BY id");
	struct id_set gone = { 0 }, dnc = { 0 };
	char prev_contact[1024] = "", prev_channel[8] = "";
	int rc;

	if (st == NULL)
		return ST_DB;
	/* In id order: each set comes sorted for bsearch(). */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		id_set_add(sqlite3_column_int(st, 1) ? &gone : &dnc, db_column_strdup(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		id_set_free(&gone);
		id_set_free(&dnc);
		return db_error(db, rc, "consent");
	}
	st = db_prepare(db, "SELECT contact, channel, action, at FROM consent WHERE deleted = 0 "
			    "ORDER BY contact, channel, at DESC, action DESC");
	if (st == NULL) {
		id_set_free(&gone);
		id_set_free(&dnc);
		return ST_DB;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *contact = col(st, 0), *channel = col(st, 1);
		bool first;

		if (contact == NULL || channel == NULL || id_set_has(&gone, contact))
			continue;
		first = strcmp(contact, prev_contact) != 0 || strcmp(channel, prev_channel) != 0;
		snprintf(prev_contact, sizeof(prev_contact), "%s", contact);
		snprintf(prev_channel, sizeof(prev_channel), "%s", channel);
		tally(t, channel, col(st, 2), col(st, 3), first, !id_set_has(&dnc, contact));
	}
	sqlite3_reset(st);
	id_set_free(&gone);
	id_set_free(&dnc);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, "consent");
}

/* One rep's contacts (index contact_owner_dnc), each with its entries
 * through consent_current. */
static enum status consent_owner(struct db *db, const char *owner, struct consent_tally *t)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, do_not_contact FROM contact WHERE owner = ?1 "
					  "AND deleted = 0");
	sqlite3_stmt *k =
	    db_prepare(db, "SELECT channel, action, at FROM consent WHERE contact = ?1 "
			   "AND deleted = 0 ORDER BY channel, at DESC, action DESC");
	int rc;

	if (st == NULL || k == NULL)
		return ST_DB;
	db_bind_text(st, 1, owner);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bool in_force = sqlite3_column_int(st, 1) == 0;
		char prev[8] = "";
		int rk;

		sqlite3_bind_value(k, 1, sqlite3_column_value(st, 0));
		while ((rk = sqlite3_step(k)) == SQLITE_ROW) {
			const char *channel = col(k, 0);
			bool first = channel && strcmp(channel, prev) != 0;

			if (channel == NULL)
				continue;
			snprintf(prev, sizeof(prev), "%s", channel);
			tally(t, channel, col(k, 1), col(k, 2), first, in_force);
		}
		sqlite3_reset(k);
		if (rk != SQLITE_DONE) {
			sqlite3_reset(st);
			return db_error(db, rk, "consent");
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, "consent");
}

static enum status consent_figures(struct db *db, const struct report_args *a,
				   struct report_output *o)
{
	static const struct report_col cols_in[] = {
		{ "channel", N_("Channel"), RC_TEXT },
		{ "given", N_("Given"), RC_INT },
		{ "withdrawn", N_("Withdrawn"), RC_INT },
		{ "never_asked", N_("Never asked"), RC_INT },
		{ "do_not_contact", N_("Do not contact"), RC_INT },
		{ "contacts", N_("Contacts"), RC_INT },
		{ "given_in_period", N_("Given in period"), RC_INT },
		{ "withdrawn_in_period", N_("Withdrawn in period"), RC_INT },
	};
	struct report_col cols[8];
	struct consent_tally t;
	int64_t contacts = 0, dnc = 0, (*fig)[CS_N] = t.fig;
	char start[21], end[21], *title;
	struct report_table *tb;
	sqlite3_stmt *st;
	enum status s = ST_OK;
	int rc, c;

	memset(&t, 0, sizeof(t));
	if (!report_day_range(a->span.first, a->span.last, start, end))
		return status_set(ST_INVALID, "%s", _("report consent: invalid period"));
	t.start = start;
	t.end = end;
	/* The live contacts of the scope, from the index alone. */
	st = db_prepare(db, "SELECT owner, do_not_contact, count(*) FROM contact WHERE deleted = 0 "
			    "GROUP BY owner, do_not_contact");
	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!report_scope_includes(&a->scope, col(st, 0)))
			continue;
		contacts += sqlite3_column_int64(st, 2);
		if (sqlite3_column_int(st, 1))
			dnc += sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(db, rc, "consent");
	if (a->scope.kind == REPORT_SCOPE_TEAM)
		s = consent_team(db, &t);
	else if (a->scope.kind == REPORT_SCOPE_OWNER)
		s = consent_owner(db, a->scope.owner, &t);
	else
		for (size_t i = 0; s == ST_OK && i < a->scope.nowners; i++)
			s = consent_owner(db, a->scope.owners[i], &t);
	if (s != ST_OK)
		return s;
	for (c = 0; c < 4; c++) {
		fig[c][CS_DNC] = dnc;
		fig[c][CS_NEVER] = contacts - dnc - fig[c][CS_GIVEN] - fig[c][CS_WITHDRAWN];
		if (fig[c][CS_NEVER] < 0) /* entries of contacts not synced here yet */
			fig[c][CS_NEVER] = 0;
	}
	localize(cols, cols_in, 8);
	title = xasprintf(_("Marketing consent per channel: contacts of %s"),
			  a->scope.label ? a->scope.label : _("team"));
	tb = report_output_table(o, "channels", title, cols, 8);
	free(title);
	for (c = 0; c < 4; c++) {
		size_t row = report_table_add_row(tb);

		report_table_set(tb, row, 0, consent_channel_names[c]);
		report_table_set_int(tb, row, 1, fig[c][CS_GIVEN]);
		report_table_set_int(tb, row, 2, fig[c][CS_WITHDRAWN]);
		report_table_set_int(tb, row, 3, fig[c][CS_NEVER]);
		report_table_set_int(tb, row, 4, fig[c][CS_DNC]);
		report_table_set_int(tb, row, 5, contacts);
		report_table_set_int(tb, row, 6, fig[c][CS_NEW_GIVEN]);
		report_table_set_int(tb, row, 7, fig[c][CS_NEW_WITHDRAWN]);
	}
	return ST_OK;
}

static enum status consent_run(struct db *db, const struct report_args *a, struct report_output *o)
{
	bool began = report_read_begin(db);
	enum status st = consent_figures(db, a, o);

	report_read_end(db, began);
	return st;
}

const struct report_def report_def_consent = {
	.name = "consent",
	.summary =
	    N_("marketing consent per channel: given, withdrawn, never asked, do-not-contact"),
	.help = N_("Per channel (email, phone, sms, post), the live contacts of the scope (the\n"
		   "contact's owner), in four columns that add up to Contacts:\n"
		   "  Do not contact  contacts marked do_not_contact, whatever their consent\n"
		   "  Given, Withdrawn  of the others, those whose consent in force on the\n"
		   "               channel is given or withdrawn. The consent in force is the\n"
		   "               latest entry by time; on equal times a withdrawal wins, so an\n"
		   "               opt-out synced from another client beats an older opt-in\n"
		   "  Never asked  the others: no entry on that channel\n"
		   "Given in period, Withdrawn in period: the entries recorded with a time in\n"
		   "the period (a contact may count more than once). Only Given may be sent\n"
		   "marketing: salesterm export contact --mailing CHANNEL.\n"),
	.default_period = REPORT_QUARTER,
	.run = consent_run,
};
