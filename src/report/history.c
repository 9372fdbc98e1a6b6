/* history.c - deals as they stood at an instant, and what changed since
 * (history.h states the rules). */
#include "report/history.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "report/internal.h"
#include "validate.h"
#include "xalloc.h"

const char *const history_reason_labels[CH_REASONS] = {
	[CH_NEW] = N_("New"),
	[CH_MOVED_IN] = N_("Moved in"),
	[CH_PUSHED] = N_("Pushed out"),
	[CH_MOVED_OUT] = N_("Pulled out"),
	[CH_WON] = N_("Won"),
	[CH_LOST] = N_("Lost"),
	[CH_AMOUNT_UP] = N_("Amount up"),
	[CH_AMOUNT_DOWN] = N_("Amount down"),
	[CH_CURRENCY] = N_("Currency changed"),
	[CH_CATEGORY_UP] = N_("Category up"),
	[CH_CATEGORY_DOWN] = N_("Category down"),
};

const char *const history_reason_keys[CH_REASONS] = {
	[CH_NEW] = "new",
	[CH_MOVED_IN] = "moved_in",
	[CH_PUSHED] = "pushed_out",
	[CH_MOVED_OUT] = "pulled_out",
	[CH_WON] = "won",
	[CH_LOST] = "lost",
	[CH_AMOUNT_UP] = "amount_up",
	[CH_AMOUNT_DOWN] = "amount_down",
	[CH_CURRENCY] = "currency_changed",
	[CH_CATEGORY_UP] = "category_up",
	[CH_CATEGORY_DOWN] = "category_down",
};

/* TRANSLATORS: "none" is a deal's forecast category when it was not in the
 * period's pipeline at all (report changes' rows: then (not in), now ...). */
const char *const history_flow_keys[HC_COUNT] = {
	NC_("value", "none"), "pipeline", "best_case", "commit", "closed", "omitted"
};

int history_flow_index(const char *category)
{
	for (int i = HC_PIPELINE; category && i < HC_COUNT; i++)
		if (strcmp(history_flow_keys[i], category) == 0)
			return i;
	return HC_NONE;
}

/* Higher is more likely to close; omitted lowest. */
static int category_rank(const char *category)
{
	int i = history_flow_index(category);

	return i == HC_OMITTED ? 0 : i;
}

int history_prev_suspend(sqlite3 *h, const char *table, char **saved)
{
	if (*saved || strcmp(table, "opportunity_history") != 0)
		return SQLITE_OK;
	return db_triggers_drop(h, "opportunity_history_prev_*", saved);
}

int history_prev_restore(sqlite3 *h, char **saved)
{
	return db_triggers_restore(
	    h,
	    "UPDATE opportunity_history SET prev_at = (SELECT v.prev_at FROM "
	    "opportunity_history_prev_of v WHERE v.n = opportunity_history.n) WHERE "
	    "deleted = 0 AND opportunity IN (SELECT opportunity FROM "
	    "opportunity_history WHERE substr(prev_at, 1, 10) IS NULL AND deleted = 0)",
	    saved);
}

/* Blocks of strings, and a table of the distinct short ones (open
 * addressing, at most half full, each slot's hash beside it). */
struct history_pool {
	char **blocks;
	size_t nblocks;
	char *next;  /* free space of the newest block */
	size_t left; /* its size */
	const char **slot;
	size_t *hash, cap, n;
	/* The string last interned per value of a cheap key of its length and
	 * last bytes, compared first: most values repeat (a few stages,
	 * categories, currencies, owners), and the table's hash of the whole
	 * string was two fifths of reading a changed deal's entry. */
	const char *recent[256];
	struct history_pool *more; /* another set's, merged into this one */
};

enum { POOL_BLOCK = 256 * 1024 };

static struct history_pool *pool_of(struct deal_states *s)
{
	if (s->pool == NULL)
		s->pool = xcalloc(1, sizeof(*s->pool));
	return s->pool;
}

static void pool_free(struct history_pool *p)
{
	while (p) {
		struct history_pool *more = p->more;

		for (size_t i = 0; i < p->nblocks; i++)
			free(p->blocks[i]);
		free(p->blocks);
		free(p->slot);
		free(p->hash);
		free(p);
		p = more;
	}
}

/* q's strings (NULL: none) now s's too, freed with them: another thread's
 * pool chained behind s's. */
static void pool_chain(struct deal_states *s, struct history_pool *q)
{
	struct history_pool *p;

	if (q == NULL)
		return;
	if (s->pool == NULL) {
		s->pool = q;
		return;
	}
	for (p = s->pool; p->more; p = p->more)
		;
	p->more = q;
}

/* A copy of the len bytes of str, NUL-terminated, in the pool's blocks. */
static char *pool_copy(struct history_pool *p, const char *str, size_t len)
{
	char *to;

	if (len + 1 > p->left) {
		size_t size = len + 1 > POOL_BLOCK ? len + 1 : POOL_BLOCK;

		p->blocks = xreallocarray(p->blocks, p->nblocks + 1, sizeof(*p->blocks));
		p->blocks[p->nblocks++] = p->next = xmalloc(size);
		p->left = size;
	}
	to = p->next;
	memcpy(to, str, len);
	to[len] = '\0';
	p->next += len + 1;
	p->left -= len + 1;
	return to;
}

/* str (NULL stays NULL) once in the pool: the same pointer for equal
 * strings; str itself without a pool. */
static char *pool_intern(struct history_pool *p, const char *str)
{
	size_t len, h, i, r;

	if (str == NULL || p == NULL)
		return (char *)str;
	len = strlen(str);
	{
		uint64_t w = 0;

		memcpy(&w, str + (len > 8 ? len - 8 : 0), len > 8 ? 8 : len);
		r = (size_t)(((w ^ len) * 0x9e3779b97f4a7c15u) >> 56);
	}
	if (p->recent[r] && strcmp(p->recent[r], str) == 0)
		return (char *)p->recent[r];
	h = (size_t)report_hash(str, len, 0);
	if (2 * (p->n + 1) > p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 256;
		const char **slot = xcalloc(cap, sizeof(*slot));
		size_t *hash = xcalloc(cap, sizeof(*hash));

		for (i = 0; i < p->cap; i++)
			if (p->slot[i]) {
				size_t j = p->hash[i] & (cap - 1);

				while (slot[j])
					j = (j + 1) & (cap - 1);
				slot[j] = p->slot[i];
				hash[j] = p->hash[i];
			}
		free(p->slot);
		free(p->hash);
		p->slot = slot;
		p->hash = hash;
		p->cap = cap;
	}
	for (i = h & (p->cap - 1); p->slot[i]; i = (i + 1) & (p->cap - 1))
		if (p->hash[i] == h && strcmp(p->slot[i], str) == 0)
			return (char *)(p->recent[r] = p->slot[i]);
	p->slot[i] = pool_copy(p, str, len);
	p->hash[i] = h;
	p->n++;
	return (char *)(p->recent[r] = p->slot[i]);
}

static char *pool_strdup(struct history_pool *p, const char *str)
{
	return str ? pool_copy(p, str, strlen(str)) : NULL;
}

void history_states_free(struct deal_states *s)
{
	free(s->v);
	pool_free(s->pool);
	memset(s, 0, sizeof(*s));
}

bool history_end_of_day(const char *date, char out[21])
{
	char start[21];

	return report_day_range(date, date, start, out);
}

enum status history_past_day(const char *option, const char *date)
{
	char end[21], today[11];

	if (date == NULL || strlen(date) != 10 || validate_date(date) != NULL ||
	    !history_end_of_day(date, end)) {
		if (option)
			return status_set(ST_INVALID, _("%s needs a date (YYYY-MM-DD), not \"%s\""),
					  option, date ? date : "");
		return status_set(ST_INVALID, _("\"%s\" is not a date (YYYY-MM-DD)"),
				  date ? date : "");
	}
	clock_today(today);
	if (strcmp(date, today) > 0) {
		if (option)
			return status_set(ST_INVALID,
					  _("%s %s is in the future (today is %s): history tells "
					    "how things stood, not how they will"),
					  option, date, today);
		return status_set(ST_INVALID,
				  _("%s is in the future (today is %s): history tells how things "
				    "stood, not how they will"),
				  date, today);
	}
	return ST_OK;
}

/* The won and lost stages, to tell open deals from closed ones. */
struct stage_flags {
	char **won, **lost;
	size_t nwon, nlost;
};

static void stage_flags_free(struct stage_flags *f)
{
	for (size_t i = 0; i < f->nwon; i++)
		free(f->won[i]);
	for (size_t i = 0; i < f->nlost; i++)
		free(f->lost[i]);
	free(f->won);
	free(f->lost);
}

static enum status stage_flags_load(struct db *db, struct stage_flags *f)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, won FROM stage WHERE won = 1 OR lost = 1");
	int rc;

	memset(f, 0, sizeof(*f));
	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bool won = sqlite3_column_int(st, 1) != 0;
		char ***v = won ? &f->won : &f->lost;
		size_t *n = won ? &f->nwon : &f->nlost;

		*v = xreallocarray(*v, *n + 1, sizeof(**v));
		(*v)[(*n)++] = db_column_strdup(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading the stages"));
}

static bool in_list(char **v, size_t n, const char *id)
{
	for (size_t i = 0; id && i < n; i++)
		if (strcmp(v[i], id) == 0)
			return true;
	return false;
}

/* A deal's state from columns col.. of st: owner, stage, amount, currency,
 * probability, close date, category (the order of both queries below). */
static void state_from(sqlite3_stmt *st, int col, const struct stage_flags *f,
		       struct history_pool *p, struct deal_state *d)
{
	d->owner = pool_intern(p, (const char *)sqlite3_column_text(st, col));
	d->stage = pool_intern(p, (const char *)sqlite3_column_text(st, col + 1));
	d->amount = sqlite3_column_int64(st, col + 2);
	d->currency = pool_intern(p, (const char *)sqlite3_column_text(st, col + 3));
	d->probability =
	    sqlite3_column_type(st, col + 4) == SQLITE_NULL ? -1 : sqlite3_column_int(st, col + 4);
	d->close_date = pool_intern(p, (const char *)sqlite3_column_text(st, col + 5));
	d->category = pool_intern(p, (const char *)sqlite3_column_text(st, col + 6));
	d->won = in_list(f->won, f->nwon, d->stage);
	d->lost = in_list(f->lost, f->nlost, d->stage);
}

static struct deal_state *states_add(struct deal_states *s)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	memset(&s->v[s->n], 0, sizeof(s->v[0]));
	return &s->v[s->n++];
}

/* Sort the states by id: an array of (the id's first 8 bytes as a number,
 * the id, the state's index) sorted (report_order_sort()) and the states put
 * in its order; a qsort() of the states themselves copied 80 bytes a move
 * and compared strings all the way (a fifth of report forecast --as-of at
 * 1M). */
static int state_id_cmp(const struct deal_state *a, const struct deal_state *b)
{
	uint64_t x = report_str_key(a->id), y = report_str_key(b->id);

	if (x != y)
		return x < y ? -1 : 1;
	return strcmp(a->id, b->id);
}

static void states_sort(struct deal_states *s)
{
	report_sort_by_id(s->v, s->n, sizeof(*s->v), offsetof(struct deal_state, id));
}

/* What changed_since() keeps the state of (NULL: every deal): a deal whose
 * close date then is in first..last (or none, when undated) and whose owner
 * then include() accepts (NULL: any), and not one made since (which no
 * as-of counts). The others are only ids: enough to tell the rows of deals
 * changed since from those to take as they are. */
struct keep {
	const char *first, *last;
	bool undated;
	bool (*include)(const char *owner, void *ctx);
	void *ctx;
};

static bool close_in(const char *close, const char *first, const char *last)
{
	if (first && *first == '\0')
		return close == NULL;
	return first == NULL || (close && strcmp(close, first) >= 0 && strcmp(close, last) <= 0);
}

static bool kept(const struct keep *k, const struct deal_state *d)
{
	return k == NULL ||
	       (d->probability != -2 &&
		(close_in(d->close_date, k->first, k->last) || (k->undated && !d->close_date)) &&
		(k->include == NULL || k->include(d->owner, k->ctx)));
}

/*
 * The deals changed since an instant: the states kept, and a table of every
 * such deal's id, to ask of each of many rows whether its deal is one.
 * With some not kept, the kept states are sorted by id (changed_state()
 * looks them up by id) and the table is of the ids (those read by the twin
 * in ids[1]). With every deal kept, the table is of the states, in no
 * order, in two arrays (states, then more: the twin's), never merged: a
 * sort and a merge of 167k states were a sixth of report changes a quarter
 * back at 1M contacts, their copy into one array 20 ms.
 */
struct changed {
	struct deal_states states, more;
	bool sorted;
	bool all; /* every deal kept */
	char **ids[2];
	size_t nids;
	struct report_ids index;
};

static void changed_free(struct changed *c)
{
	report_ids_free(&c->index);
	history_states_free(&c->states);
	history_states_free(&c->more);
	free(c->ids[0]);
	free(c->ids[1]);
	memset(c, 0, sizeof(*c));
}

/* The kept state of deal id, or NULL. */
static const struct deal_state *changed_state(const struct changed *c, const char *id)
{
	const char *const *p;

	if (c->all)
		return report_ids_find(&c->index, id);
	/* By id (the states are sorted). */
	p = report_ids_find(&c->index, id);
	if (p == NULL)
		return NULL;
	for (size_t lo = 0, hi = c->states.n; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(c->states.v[mid].id, *p);

		if (r == 0)
			return &c->states.v[mid];
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The i-th of c's states (of both arrays), of changed_count(c). */
static size_t changed_count(const struct changed *c)
{
	return c->states.n + c->more.n;
}

static const struct deal_state *changed_at(const struct changed *c, size_t i)
{
	return i < c->states.n ? &c->states.v[i] : &c->more.v[i - c->states.n];
}

static bool changed_has(const struct changed *c, const char *id)
{
	return report_ids_find(&c->index, id) != NULL;
}

/*
 * The deals changed at or after before, each with the values before its
 * first such change, by id: everything as-of needs beyond the rows. A deal's
 * first live entry at or after before is the one with at >= before and
 * prev_at < before (0020-history-prev.sql), one per deal; they come from the
 * opportunity_history_prev index alone, a day of prev_at at a time: '' (a
 * deal's first entry) and each day that has entries, up to before's. Only
 * before's own day holds entries that are not first (prev_at >= before).
 * probability is -2 in an entry that is the deal's creation (it did not exist
 * before). Only the states k keeps are kept (a quarter back at 1M contacts,
 * a forecast keeps 40k of 167k: their sort and copies were a quarter of it).
 */
/* The deals made since (prev_at '') are read in this many slices of the
 * time from before to now, the pieces the threads take first. */
enum { MADE_SLICES = 8 };

struct changed_part {
	struct db *db;
	const char *before;
	const struct stage_flags *f;
	const struct keep *k;
	/* The pieces, taken in turn by the parts (a thread each): the slices
	 * of the deals made since (slice[i]..slice[i + 1], the last to the
	 * end), then each day of prev_at from the first, in order. */
	struct report_claims *claims;
	const char (*slice)[21];
	struct changed out; /* states sorted if some are not kept; ids in no order */
};

/* The entries of the pieces p takes, into p->out. */
static enum status changed_scan(struct changed_part *p)
{
	struct db *db = p->db;
	sqlite3_stmt *st = db_prepare(
	    db, "SELECT opportunity, event = 'created' OR (event = 'migrated' AND old_stage IS "
		"NULL), old_owner, old_stage, old_amount, old_currency, old_probability, "
		"old_close_date, old_category FROM opportunity_history WHERE "
		"substr(prev_at, 1, 10) = ?1 AND at >= ?2 AND at < ?3 AND prev_at < ?4 AND "
		"deleted = 0");
	sqlite3_stmt *next = db_prepare(
	    db, "SELECT substr(prev_at, 1, 10) FROM opportunity_history WHERE substr(prev_at, 1, "
		"10) > ?1 AND substr(prev_at, 1, 10) <= ?2 AND deleted = 0 ORDER BY 1 LIMIT 1");
	struct changed *out = &p->out;
	struct deal_states *s = &out->states;
	const struct keep *k = p->k;
	size_t cap = 0, piece, day_no = 0;
	char day[11] = "", last[11];
	int rc = SQLITE_DONE;

	memset(out, 0, sizeof(*out));
	if (st == NULL || next == NULL)
		return ST_DB;
	snprintf(last, sizeof(last), "%.10s", p->before);
	db_bind_text(st, 4, p->before);
	db_bind_text(next, 2, last);
	while (rc == SQLITE_DONE && (piece = report_claim(p->claims)) != (size_t)-1) {
		if (piece < MADE_SLICES) {
			db_bind_text(st, 1, "");
			db_bind_text(st, 2, p->slice[piece]);
			db_bind_text(st, 3, piece + 1 < MADE_SLICES ? p->slice[piece + 1] : "~");
		} else {
			/* Day number piece - MADE_SLICES + 1 of prev_at (from 1), if
			 * there is one: this part's cursor walked on to it. */
			for (; day_no < piece - MADE_SLICES + 1; day_no++) {
				db_bind_text(next, 1, day);
				rc = sqlite3_step(next);
				if (rc == SQLITE_ROW)
					snprintf(day, sizeof(day), "%s",
						 (const char *)sqlite3_column_text(next, 0));
				sqlite3_reset(next);
				if (rc != SQLITE_ROW)
					break;
			}
			if (rc != SQLITE_ROW)
				break; /* no more days (DONE), or an error */
			db_bind_text(st, 1, day);
			db_bind_text(st, 2, p->before);
			db_bind_text(st, 3, "~");
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *id = (const char *)sqlite3_column_text(st, 0);
			struct deal_state *d;

			if (id == NULL)
				continue;
			d = states_add(s);
			state_from(st, 2, p->f, pool_of(s), d);
			if (sqlite3_column_int(st, 1))
				d->probability = -2;
			if (k == NULL) {
				d->id = pool_strdup(pool_of(s), id);
				continue;
			}
			/* Every id; the state only when kept. */
			if (out->nids == cap) {
				cap = cap ? 2 * cap : 1024;
				out->ids[0] = xreallocarray(out->ids[0], cap, sizeof(*out->ids[0]));
			}
			out->ids[0][out->nids++] = pool_strdup(pool_of(s), id);
			if (kept(k, d))
				d->id = out->ids[0][out->nids - 1];
			else
				s->n--;
		}
		sqlite3_reset(st);
	}
	if (rc != SQLITE_DONE)
		return db_error(db, rc, _("reading the deals' history"));
	/* This part's table, on this part's thread. */
	out->all = k == NULL;
	if (k) {
		states_sort(s);
		out->sorted = true;
		report_ids_build(&out->index, out->ids[0], out->nids, sizeof(*out->ids[0]), 0);
	} else {
		report_ids_build(&out->index, s->v, s->n, sizeof(*s->v),
				 offsetof(struct deal_state, id));
	}
	return ST_OK;
}

static enum status changed_scan_thread(void *arg)
{
	return changed_scan(arg);
}

/* b's into a's: the tables joined; the states, if some are not kept,
 * merged in order from the back into a's array grown in place (a new
 * array's pages cost more than the merge), b's pool a's too; else b's
 * array a's second. */
static void changed_merge(struct changed *a, struct changed *b)
{
	struct deal_states *x = &a->states, *y = &b->states;
	size_t i = x->n, j = y->n, k = x->n + y->n;

	report_ids_join(&a->index, &b->index);
	a->ids[1] = b->ids[0];
	a->nids += b->nids;
	b->ids[0] = NULL;
	if (a->all) {
		a->more = *y;
		memset(y, 0, sizeof(*y));
		changed_free(b);
		return;
	}
	if (x->cap < k + 1) {
		x->v = xreallocarray(x->v, k + 1, sizeof(*x->v));
		x->cap = k + 1;
	}
	x->n = k;
	while (j > 0) {
		if (i > 0 && state_id_cmp(&x->v[i - 1], &y->v[j - 1]) > 0)
			x->v[--k] = x->v[--i];
		else
			x->v[--k] = y->v[--j];
	}
	pool_chain(x, y->pool);
	y->pool = NULL;
	changed_free(b);
}

static enum status changed_since(struct db *db, const char *before, const struct stage_flags *f,
				 const struct keep *k, struct changed *out)
{
	struct db *twin = report_twin(db);
	struct report_claims claims = { 0 };
	char slice[MADE_SLICES][21];
	struct changed_part part[2] = {
		{ .db = db, .before = before, .f = f, .k = k, .claims = &claims, .slice = slice },
		{ .db = twin, .before = before, .f = f, .k = k, .claims = &claims, .slice = slice },
	};
	enum status st;

	/* The slices: equal spans of before..now. */
	report_time_slices(before, (long long)clock_now(), MADE_SLICES, slice);
	st = report_run_pair(changed_scan_thread, &part[0], twin ? &part[1] : NULL);
	if (twin)
		changed_merge(&part[0].out, &part[1].out);
	*out = part[0].out;
	if (st != ST_OK)
		changed_free(out);
	return st;
}

/* A copy of from, its strings in pool p. */
static void state_copy(struct history_pool *p, struct deal_state *to, const struct deal_state *from)
{
	*to = *from;
	to->id = pool_strdup(p, from->id);
	to->name = pool_strdup(p, from->name);
	to->owner = pool_intern(p, from->owner);
	to->stage = pool_intern(p, from->stage);
	to->currency = pool_intern(p, from->currency);
	to->close_date = pool_intern(p, from->close_date);
	to->category = pool_intern(p, from->category);
}

#define ROW_COLS                                                                                   \
	"SELECT id, name, owner, stage, amount, currency, probability, close_date, category, "     \
	"created_at FROM opportunity "

/* as_of()'s columns: those of ROW_COLS but the name, all in the
 * opportunity_forecast index (0015-history-speed.sql), so the deals of a
 * period come from the index alone, not from a row each. */
#define STATE_COLS                                                                                 \
	"SELECT id, owner, stage, amount, currency, probability, close_date, category, "           \
	"created_at FROM opportunity "

/* Whether deal id has a live row, and when it was created: from the
 * opportunity_created index alone (0015-history-speed.sql; INDEXED BY, since
 * the planner takes the UNIQUE index of id and reads the row). */
static bool row_created(struct db *db, const char *id, char created[21])
{
	sqlite3_stmt *st =
	    db_prepare(db, "SELECT created_at FROM opportunity INDEXED BY opportunity_created "
			   "WHERE id = ?1 AND deleted = 0");
	bool found;

	if (st == NULL)
		return false;
	db_bind_text(st, 1, id);
	found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		snprintf(created, 21, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return found;
}

/* The live row of deal id, as a state, and when it was made: SQLITE_ROW,
 * SQLITE_DONE if there is none, or an error. */
static int row_state(struct db *db, const char *id, const struct stage_flags *f,
		     struct history_pool *p, struct deal_state *d, char created[21])
{
	sqlite3_stmt *st = db_prepare(db, ROW_COLS "WHERE id = ?1 AND deleted = 0");
	int rc;

	if (st == NULL)
		return SQLITE_ERROR;
	db_bind_text(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		d->id = pool_strdup(p, (const char *)sqlite3_column_text(st, 0));
		d->name = pool_strdup(p, (const char *)sqlite3_column_text(st, 1));
		state_from(st, 2, f, p, d);
		snprintf(created, 21, "%s",
			 sqlite3_column_text(st, 9) ? (const char *)sqlite3_column_text(st, 9)
						    : "");
	}
	sqlite3_reset(st);
	return rc;
}

/* Where as_of() puts the deals: into states (sorted by id when by_id), or,
 * with each set, to each() as they are read (a row's strings hold only
 * during the call). */
struct sink {
	struct deal_states *states;
	bool by_id;
	void (*each)(void *arg, const struct deal_state *d, bool dated);
	void *arg;
	bool dated;
};

static void sink_put(struct sink *k, const struct deal_state *d)
{
	if (k->each)
		k->each(k->arg, d, k->dated);
	else
		state_copy(pool_of(k->states), states_add(k->states), d);
}

/* history_deals_as_of() with the stage flags and the deals changed since
 * before (changed) at hand, into out. */
static enum status as_of(struct db *db, const char *before, const char *first, const char *last,
			 bool (*include)(const char *owner, void *ctx), void *ctx,
			 const struct stage_flags *f, const struct changed *changed,
			 struct sink *out)
{
	sqlite3_stmt *st;
	int rc = SQLITE_DONE;

	if (out->states)
		memset(out->states, 0, sizeof(*out->states));
	st = db_prepare(db, first == NULL    ? STATE_COLS "WHERE deleted = 0"
			    : *first == '\0' ? STATE_COLS "WHERE deleted = 0 AND close_date IS NULL"
					     : STATE_COLS
				"WHERE deleted = 0 AND close_date >= ?1 AND close_date <= ?2");
	if (st == NULL)
		return ST_DB;
	if (first && *first) {
		db_bind_text(st, 1, first);
		db_bind_text(st, 2, last);
	}
	/* Deals unchanged since: as they are. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		struct deal_state *d, row;

		if (before && (strcmp((const char *)sqlite3_column_text(st, 8), before) >= 0 ||
			       changed_has(changed, id)))
			continue;
		if (include && !include((const char *)sqlite3_column_text(st, 1), ctx))
			continue;
		if (out->each) {
			/* The row's own strings: no copy. */
			memset(&row, 0, sizeof(row));
			row.id = (char *)id;
			state_from(st, 1, f, NULL, &row);
			out->each(out->arg, &row, out->dated);
			continue;
		}
		d = states_add(out->states);
		d->id = pool_strdup(pool_of(out->states), id);
		state_from(st, 1, f, pool_of(out->states), d);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		if (out->states)
			history_states_free(out->states);
		return db_error(db, rc, _("reading the deals"));
	}
	/* Deals changed since: as they were before the first change, looked up
	 * in id order (along the index, not at random all over it). */
	if (before) {
		struct report_order *o =
		    xreallocarray(NULL, changed_count(changed) + 1, sizeof(*o));
		size_t n = 0;

		for (size_t i = 0; i < changed_count(changed); i++) {
			const struct deal_state *c = changed_at(changed, i);

			if (c->probability != -2 && close_in(c->close_date, first, last) &&
			    (include == NULL || include(c->owner, ctx)))
				o[n++] = (struct report_order){ report_str_key(c->id), c->id, i };
		}
		if (!changed->sorted)
			report_order_sort(o, n);
		for (size_t i = 0; i < n; i++) {
			const struct deal_state *c = changed_at(changed, o[i].i);
			char created[21];

			if (row_created(db, c->id, created) && strcmp(created, before) < 0)
				sink_put(out, c);
		}
		free(o);
	}
	if (out->states && out->by_id)
		states_sort(out->states);
	return ST_OK;
}

/* history_deals_as_of() inside its read snapshot. */
static enum status history_deals_as_of_read(struct db *db, const char *before, const char *first,
					    const char *last,
					    bool (*include)(const char *owner, void *ctx),
					    void *ctx, struct deal_states *out)
{
	struct stage_flags flags;
	struct changed changed = { 0 };
	const struct keep keep = { first, last, false, include, ctx };
	enum status st;

	memset(out, 0, sizeof(*out));
	st = stage_flags_load(db, &flags);
	if (st == ST_OK && before)
		st = changed_since(db, before, &flags, &keep, &changed);
	if (st == ST_OK) {
		struct sink sink = { .states = out, .by_id = true };

		st = as_of(db, before, first, last, include, ctx, &flags, &changed, &sink);
	}
	changed_free(&changed);
	stage_flags_free(&flags);
	return st;
}

enum status history_deals_as_of(struct db *db, const char *before, const char *first,
				const char *last, bool (*include)(const char *owner, void *ctx),
				void *ctx, struct deal_states *out)
{
	bool began = before ? report_read_begin_twin(db) : report_read_begin(db);
	enum status st = history_deals_as_of_read(db, before, first, last, include, ctx, out);

	report_read_end(db, began);
	return st;
}

/* history_deals_as_of_each() inside its read snapshot. */
static enum status history_deals_as_of_each_read(
    struct db *db, const char *before, const char *first, const char *last,
    bool (*include)(const char *owner, void *ctx), void *ctx,
    void (*each)(void *arg, const struct deal_state *d, bool dated), void *arg)
{
	struct stage_flags flags;
	struct changed changed = { 0 };
	const struct keep keep = { first, last, true, include, ctx };
	struct sink sink = { .each = each, .arg = arg, .dated = true };
	enum status st;

	st = stage_flags_load(db, &flags);
	if (st == ST_OK && before)
		st = changed_since(db, before, &flags, &keep, &changed);
	/* One set of the changed deals for both. */
	if (st == ST_OK)
		st = as_of(db, before, first, last, include, ctx, &flags, &changed, &sink);
	sink.dated = false;
	if (st == ST_OK)
		st = as_of(db, before, "", "", include, ctx, &flags, &changed, &sink);
	changed_free(&changed);
	stage_flags_free(&flags);
	return st;
}

enum status
history_deals_as_of_each(struct db *db, const char *before, const char *first, const char *last,
			 bool (*include)(const char *owner, void *ctx), void *ctx,
			 void (*each)(void *arg, const struct deal_state *d, bool dated), void *arg)
{
	bool began = before ? report_read_begin_twin(db) : report_read_begin(db);
	enum status st =
	    history_deals_as_of_each_read(db, before, first, last, include, ctx, each, arg);

	report_read_end(db, began);
	return st;
}

/* history_deals_changed_since() inside its read snapshot. */
static enum status history_deals_changed_since_read(struct db *db, const char *before,
						    struct deal_states out[2],
						    struct report_ids *index)
{
	struct stage_flags flags;
	struct changed ch = { 0 };
	enum status st;

	st = stage_flags_load(db, &flags);
	if (st == ST_OK)
		st = changed_since(db, before, &flags, NULL, &ch);
	if (st == ST_OK) {
		out[0] = ch.states;
		out[1] = ch.more;
		*index = ch.index;
		memset(&ch.states, 0, sizeof(ch.states));
		memset(&ch.more, 0, sizeof(ch.more));
		memset(&ch.index, 0, sizeof(ch.index));
	}
	changed_free(&ch);
	stage_flags_free(&flags);
	return st;
}

enum status history_deals_changed_since(struct db *db, const char *before,
					struct deal_states out[2], struct report_ids *index)
{
	bool began = report_read_begin_twin(db);
	enum status st;

	memset(out, 0, 2 * sizeof(*out));
	memset(index, 0, sizeof(*index));
	st = history_deals_changed_since_read(db, before, out, index);
	report_read_end(db, began);
	return st;
}

/* ---- what changed ---- */

void history_changes_free(struct changes *c)
{
	history_states_free(&c->then);
	history_states_free(&c->now);
	history_states_free(&c->then_extra);
	history_states_free(&c->now_extra);
	free(c->deals);
	free(c->money);
	memset(c, 0, sizeof(*c));
}

static bool in_period(const struct deal_state *d, const char *first, const char *last)
{
	return d->close_date && strcmp(d->close_date, first) >= 0 &&
	       strcmp(d->close_date, last) <= 0;
}

static bool in_pipeline(const struct deal_state *d, const char *first, const char *last)
{
	return d && !d->won && !d->lost && in_period(d, first, last);
}

/* The default currency when a deal has none, as the funnel counts it. */
static struct change_money *money_of(struct changes *c, const char *currency, const char *def)
{
	const char *code = currency ? currency : def;
	size_t i;

	for (i = 0; i < c->nmoney; i++)
		if (strcmp(c->money[i].currency, code) == 0)
			return &c->money[i];
	c->money = xreallocarray(c->money, c->nmoney + 1, sizeof(*c->money));
	/* Keep them sorted by code. */
	for (i = c->nmoney; i > 0 && strcmp(c->money[i - 1].currency, code) > 0; i--)
		c->money[i] = c->money[i - 1];
	memset(&c->money[i], 0, sizeof(c->money[i]));
	snprintf(c->money[i].currency, sizeof(c->money[i].currency), "%s", code);
	c->nmoney++;
	return &c->money[i];
}

static bool same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* The reason of a deal in the pipeline then or now; -1 if it did not change
 * in a way the pipeline shows. */
static int reason_of(const struct deal_state *then, const struct deal_state *now, bool was, bool is,
		     const char *last)
{
	if (!was)
		return then ? CH_MOVED_IN : CH_NEW;
	if (!is) {
		if (now == NULL)
			return CH_MOVED_OUT; /* cannot happen: deleted deals are left out */
		if (now->won)
			return CH_WON;
		if (now->lost)
			return CH_LOST;
		if (now->close_date && strcmp(now->close_date, last) > 0)
			return CH_PUSHED;
		return CH_MOVED_OUT;
	}
	if (!same_text(then->currency, now->currency))
		return CH_CURRENCY;
	if (now->amount != then->amount)
		return now->amount > then->amount ? CH_AMOUNT_UP : CH_AMOUNT_DOWN;
	if (category_rank(now->category) != category_rank(then->category))
		return category_rank(now->category) > category_rank(then->category)
			   ? CH_CATEGORY_UP
			   : CH_CATEGORY_DOWN;
	return -1;
}

/* Count deal t (then, NULL if it did not exist) against n (now) in out. */
static void add_pair(struct changes *out, const struct deal_state *t, const struct deal_state *n,
		     const char *def)
{
	bool was = in_pipeline(t, out->first, out->last),
	     is = in_pipeline(n, out->first, out->last);
	int reason;

	if (!was && !is)
		return;
	out->then_count += was;
	out->now_count += is;
	out->flow[was ? history_flow_index(t->category) : HC_NONE]
		 [is ? history_flow_index(n->category) : HC_NONE]++;
	if (was)
		money_of(out, t->currency, def)->then += t->amount;
	if (is)
		money_of(out, n->currency, def)->now += n->amount;
	reason = reason_of(t, n, was, is, out->last);
	if (reason < 0)
		return;
	if (was) {
		struct change_money *m = money_of(out, t->currency, def);

		m->delta[reason] -= t->amount;
		m->count[reason]++;
	}
	if (is) {
		struct change_money *m = money_of(out, n->currency, def);

		m->delta[reason] += n->amount;
		/* Counted once in its currency; a currency change counts in both. */
		if (!was || reason == CH_CURRENCY)
			m->count[reason]++;
	}
	out->count[reason]++;
	if (out->ndeals == out->capdeals) {
		out->capdeals = out->capdeals ? 2 * out->capdeals : 256;
		out->deals = xreallocarray(out->deals, out->capdeals, sizeof(*out->deals));
	}
	out->deals[out->ndeals++] =
	    (struct change_deal){ .reason = (enum change_reason)reason, .then = t, .now = n };
}

/* The period first..last in at most PERIOD_PIECES pieces of close dates
 * for the threads to take in turn: piece i is at[i] <= close_date <
 * at[i + 1], the last one up to last included; one piece if first and last
 * are no dates. Returns how many. */
enum { PERIOD_PIECES = 16 };

static size_t period_pieces(const char *first, const char *last, char at[PERIOD_PIECES + 1][11])
{
	int days =
	    validate_date(first) || validate_date(last) ? -1 : clock_days_between(first, last);
	size_t n = 0;

	snprintf(at[n++], 11, "%s", first);
	for (int i = 1; days > 0 && i < PERIOD_PIECES; i++) {
		int d = (int)((long)days * i / PERIOD_PIECES);

		if (d > 0 && clock_date_add_days(first, d, at[n]) && strcmp(at[n], at[n - 1]) > 0)
			n++;
	}
	snprintf(at[n], 11, "%s", last);
	return n;
}

/*
 * A thread's share of history_changes(): the pieces of the period's rows it
 * takes (report_claim()), each deal as it is now. A deal with no entry since
 * and created before it stood then as it stands now: its pair is counted
 * into acc at once, from the row's columns, and neither side is kept (such
 * a pair has no reason, so no pointer to it is kept). The others go to
 * acc.now. First, for the part that has then (the twin's), the deals then:
 * those changed since whose close date then was in the period, as they were
 * (as_of() without its row lookups: a deal whose row is gone, or was made
 * since, is told apart where its row is looked up, if it is not among the
 * rows now).
 */
struct changes_part {
	struct db *db;
	const char *since;
	bool (*include)(const char *owner, void *ctx);
	void *ctx;
	const struct stage_flags *f;
	const struct changed *changed;
	const char *def;
	char (*at)[11];
	size_t npieces;
	struct report_claims *claims;
	struct deal_states *then; /* NULL but in one part */
	struct changes acc;
};

static void then_states(struct changes_part *p)
{
	const struct changed *c = p->changed;
	struct deal_states *then = p->then;

	for (size_t i = 0; i < changed_count(c); i++) {
		const struct deal_state *d = changed_at(c, i);

		if (d->probability != -2 && close_in(d->close_date, p->acc.first, p->acc.last) &&
		    (p->include == NULL || p->include(d->owner, p->ctx)))
			state_copy(pool_of(then), states_add(then), d);
	}
	states_sort(then);
}

static enum status changes_part_run(void *arg)
{
	struct changes_part *p = arg;
	sqlite3_stmt *mid = db_prepare(p->db, STATE_COLS "WHERE deleted = 0 AND close_date >= ?1 "
							 "AND close_date < ?2");
	sqlite3_stmt *end = db_prepare(p->db, STATE_COLS "WHERE deleted = 0 AND close_date >= ?1 "
							 "AND close_date <= ?2");
	const struct stage_flags *f = p->f;
	size_t piece;
	int rc = SQLITE_DONE;

	if (mid == NULL || end == NULL)
		return ST_DB;
	if (p->then)
		then_states(p);
	while (rc == SQLITE_DONE && (piece = report_claim(p->claims)) < p->npieces) {
		sqlite3_stmt *st = piece + 1 < p->npieces ? mid : end;

		db_bind_text(st, 1, p->at[piece]);
		db_bind_text(st, 2, p->at[piece + 1]);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *id = (const char *)sqlite3_column_text(st, 0);
			struct deal_state *d;

			if (p->include &&
			    !p->include((const char *)sqlite3_column_text(st, 1), p->ctx))
				continue;
			if (strcmp((const char *)sqlite3_column_text(st, 8), p->since) < 0 &&
			    !changed_has(p->changed, id)) {
				struct deal_state same = {
					.owner = (char *)sqlite3_column_text(st, 1),
					.stage = (char *)sqlite3_column_text(st, 2),
					.amount = sqlite3_column_int64(st, 3),
					.currency = (char *)sqlite3_column_text(st, 4),
					.probability = sqlite3_column_type(st, 5) == SQLITE_NULL
							   ? -1
							   : sqlite3_column_int(st, 5),
					.close_date = (char *)sqlite3_column_text(st, 6),
					.category = (char *)sqlite3_column_text(st, 7),
				};

				same.won = in_list(f->won, f->nwon, same.stage);
				same.lost = in_list(f->lost, f->nlost, same.stage);
				add_pair(&p->acc, &same, &same, p->def);
				continue;
			}
			d = states_add(&p->acc.now);
			d->id = pool_strdup(pool_of(&p->acc.now), id);
			state_from(st, 1, f, pool_of(&p->acc.now), d);
		}
		sqlite3_reset(st);
	}
	return rc == SQLITE_DONE ? ST_OK : db_error(p->db, rc, _("reading the deals"));
}

/* b's counts (of pairs with no reason: no deals) and its states now into
 * a's. */
static void changes_join(struct changes *a, struct changes *b)
{
	struct deal_states *x = &a->now, *y = &b->now;

	a->then_count += b->then_count;
	a->now_count += b->now_count;
	for (int i = 0; i < HC_COUNT; i++)
		for (int j = 0; j < HC_COUNT; j++)
			a->flow[i][j] += b->flow[i][j];
	for (size_t i = 0; i < b->nmoney; i++) {
		struct change_money *m = money_of(a, b->money[i].currency, NULL);

		m->then += b->money[i].then;
		m->now += b->money[i].now;
	}
	if (y->n) {
		if (x->cap < x->n + y->n) {
			x->cap = x->n + y->n;
			x->v = xreallocarray(x->v, x->cap, sizeof(*x->v));
		}
		memcpy(x->v + x->n, y->v, y->n * sizeof(*y->v));
		x->n += y->n;
	}
	pool_chain(x, y->pool);
	y->pool = NULL;
	history_changes_free(b);
}

/* A listed deal's side that names it: now's, or then's if it is gone. */
static const struct deal_state *deal_shown(const struct change_deal *d)
{
	return d->now ? d->now : d->then;
}

/* c's deals by reason, then name, then id: report_order_sort() with the
 * reason in the key's top byte over the name's first 7 bytes, then each
 * run of one name by id (a qsort() of 40k deals, a quarter back at 1M
 * contacts, compared names a million times). */
static void deals_sort(struct changes *c)
{
	struct report_order *o;
	struct change_deal *v;
	size_t i, j, n = c->ndeals;

	if (n < 2)
		return;
	o = xreallocarray(NULL, n, sizeof(*o));
	for (i = 0; i < n; i++) {
		const char *name = deal_shown(&c->deals[i])->name;

		name = name ? name : "";
		o[i] = (struct report_order){
			(uint64_t)c->deals[i].reason << 56 | report_str_key(name) >> 8, name, i
		};
	}
	report_order_sort(o, n);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && o[j].key == o[i].key && strcmp(o[j].id, o[i].id) == 0; j++)
			;
		if (j - i < 2)
			continue;
		for (size_t k = i; k < j; k++) {
			o[k].id = deal_shown(&c->deals[o[k].i])->id;
			o[k].key = report_str_key(o[k].id);
		}
		report_order_sort(o + i, j - i);
	}
	v = xreallocarray(NULL, n, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = c->deals[o[i].i];
	free(c->deals);
	c->deals = v;
	c->capdeals = n;
	free(o);
}

/*
 * Lookups of items 0..n: from..to of them on db, their strings into pool;
 * with a twin (report_twin()), the second half there, on another thread, its
 * strings in a pool of its own that lookups_split() then chains behind
 * into's. Each item's own slots are written by one thread only.
 */
struct lookups {
	struct db *db;
	size_t from, to;
	struct history_pool *pool;
	const struct stage_flags *f;
	void *arg;
	enum status (*run)(struct lookups *l);
};

static enum status lookups_thread(void *arg)
{
	struct lookups *l = arg;

	return l->run(l);
}

static enum status lookups_split(struct db *db, size_t n, enum status (*run)(struct lookups *l),
				 void *arg, const struct stage_flags *f, struct deal_states *into)
{
	/* Below this many, a thread costs more than it saves (a lookup is
	 * some 10 us at 1M contacts; a thread some 100). */
	struct db *twin = n >= 64 ? report_twin(db) : NULL;
	struct lookups l[2] = {
		{ db, 0, twin ? n / 2 : n, pool_of(into), f, arg, run },
		{ twin, n / 2, n, NULL, f, arg, run },
	};
	enum status st;

	if (twin)
		l[1].pool = xcalloc(1, sizeof(*l[1].pool));
	st = report_run_pair(lookups_thread, &l[0], twin ? &l[1] : NULL);
	pool_chain(into, l[1].pool);
	return st;
}

/* The rows now of the deals in the period then but not now (then[only[k]]):
 * rows[k], found[k] false if there is none or it was made at or after since
 * (then the deal was not there then either). */
struct rows_now {
	const struct deal_state *then;
	const size_t *only;
	const char *since;
	struct deal_state *rows;
	bool *found;
};

static enum status rows_now_run(struct lookups *l)
{
	struct rows_now *r = l->arg;

	for (size_t k = l->from; k < l->to; k++) {
		char created[21];
		int rc =
		    row_state(l->db, r->then[r->only[k]].id, l->f, l->pool, &r->rows[k], created);

		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_error(l->db, rc, _("reading the deals"));
		r->found[k] = rc == SQLITE_ROW && strcmp(created, r->since) < 0;
	}
	return ST_OK;
}

/*
 * The names of the deals c lists (the sets hold none: reading a row per deal
 * of the period for them cost more than the rest of the report): one lookup
 * each, given to both sides. The states belong to c, so they are written
 * through its change_deal's const pointers. From the opportunity_created
 * index alone (0020), in id order as c lists them: a row each cost a tenth
 * of report changes a quarter back at 1M.
 */
static enum status names_run(struct lookups *l)
{
	struct changes *c = l->arg;
	sqlite3_stmt *st = db_prepare(l->db, "SELECT name FROM opportunity INDEXED BY "
					     "opportunity_created WHERE id = ?1");
	int rc = SQLITE_DONE;

	if (st == NULL)
		return ST_DB;
	for (size_t i = l->from; i < l->to; i++) {
		struct deal_state *then = (struct deal_state *)c->deals[i].then,
				  *now = (struct deal_state *)c->deals[i].now;

		db_bind_text(st, 1, now ? now->id : then->id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			char *name = pool_strdup(l->pool, (const char *)sqlite3_column_text(st, 0));

			if (now && now->name == NULL)
				now->name = name;
			if (then && then->name == NULL)
				then->name = name;
			rc = SQLITE_DONE;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_error(l->db, rc, _("reading the deals"));
	}
	return ST_OK;
}

/* history_changes() inside its read snapshot. */
static enum status history_changes_read(struct db *db, const char *first, const char *last,
					const char *since,
					bool (*include)(const char *owner, void *ctx), void *ctx,
					struct changes *out)
{
	const char *def = record_default_currency(db);
	struct stage_flags flags;
	struct changed changed = { 0 };
	size_t i, j, pass, nthen_only = 0, nnow_only = 0, *only = NULL;
	bool *found = NULL;
	enum status st;

	memset(out, 0, sizeof(*out));
	snprintf(out->first, sizeof(out->first), "%s", first);
	snprintf(out->last, sizeof(out->last), "%s", last);
	snprintf(out->since, sizeof(out->since), "%s", since);
	st = stage_flags_load(db, &flags);
	if (st != ST_OK)
		return st;
	st = changed_since(db, since, &flags, NULL, &changed);
	if (st == ST_OK) {
		/* The deals then on the twin, if there is one, and the
		 * period's rows now, in pieces both take in turn. */
		struct db *twin = report_twin(db);
		char at[PERIOD_PIECES + 1][11];
		struct report_claims claims = { 0 };
		struct changes_part part[2] = { { .db = db,
						  .since = since,
						  .include = include,
						  .ctx = ctx,
						  .f = &flags,
						  .changed = &changed,
						  .def = def,
						  .at = at,
						  .npieces = period_pieces(first, last, at),
						  .claims = &claims } };

		snprintf(part[0].acc.first, sizeof(part[0].acc.first), "%s", first);
		snprintf(part[0].acc.last, sizeof(part[0].acc.last), "%s", last);
		part[1] = part[0];
		part[1].db = twin;
		part[twin ? 1 : 0].then = &out->then;
		st = report_run_pair(changes_part_run, &part[0], twin ? &part[1] : NULL);
		changes_join(out, &part[0].acc);
		changes_join(out, &part[1].acc);
		states_sort(&out->now);
	}
	/*
	 * Both sets hold the deals whose close date was, or is, in the period,
	 * by id. A deal in one only gets its other side here: now, its row; then,
	 * the values before its first change since (none: new). Pass 0 counts
	 * them and lists those in then only, whose rows are then read (half on
	 * the twin: a seek in the table each, a tenth of the report a quarter
	 * back at 1M), into now_extra's slots (zero for a deal with no row), so
	 * the arrays of those other sides never move in pass 1, which points
	 * into them.
	 */
	if (st == ST_OK)
		only = xreallocarray(NULL, out->then.n + 1, sizeof(*only));
	for (pass = 0; pass < 2 && st == ST_OK; pass++) {
		if (pass == 1) {
			struct rows_now r = { out->then.v, only, since, NULL, NULL };

			out->now_extra.v = xcalloc(nthen_only + 1, sizeof(struct deal_state));
			out->now_extra.cap = nthen_only + 1;
			out->now_extra.n = nthen_only;
			found = xcalloc(nthen_only + 1, sizeof(*found));
			r.rows = out->now_extra.v;
			r.found = found;
			st = lookups_split(db, nthen_only, rows_now_run, &r, &flags,
					   &out->now_extra);
			if (st != ST_OK)
				break;
			out->then_extra.v =
			    xreallocarray(NULL, nnow_only + 1, sizeof(struct deal_state));
			out->then_extra.cap = nnow_only + 1;
			nthen_only = 0;
		}
		for (i = 0, j = 0; i < out->then.n || j < out->now.n;) {
			const struct deal_state *t = NULL, *n = NULL;
			int c = i == out->then.n  ? 1
				: j == out->now.n ? -1
						  : strcmp(out->then.v[i].id, out->now.v[j].id);

			if (c <= 0)
				t = &out->then.v[i++];
			if (c >= 0)
				n = &out->now.v[j++];
			if (pass == 0) {
				if (n == NULL)
					only[nthen_only++] = i - 1;
				nnow_only += t == NULL;
				continue;
			}
			if (n == NULL) {
				struct deal_state *d = &out->now_extra.v[nthen_only];

				/* Its row gone, or made since: not there then. */
				if (!found[nthen_only++])
					continue;
				/* Given away since: out of this scope's pipeline. */
				if (include && !include(d->owner, ctx))
					d->close_date = NULL;
				n = d;
			}
			if (t == NULL) {
				const struct deal_state *before = changed_state(&changed, n->id);

				if (before && before->probability != -2 &&
				    (include == NULL || include(before->owner, ctx))) {
					struct deal_state *d =
					    &out->then_extra.v[out->then_extra.n++];

					state_copy(pool_of(&out->then_extra), d, before);
					t = d;
				}
			}
			add_pair(out, t, n, def);
		}
	}
	free(only);
	free(found);
	changed_free(&changed);
	if (st == ST_OK)
		st = lookups_split(db, out->ndeals, names_run, out, &flags, &out->now);
	stage_flags_free(&flags);
	if (st != ST_OK) {
		history_changes_free(out);
		return st;
	}
	deals_sort(out);
	return ST_OK;
}

enum status history_changes(struct db *db, const char *first, const char *last, const char *since,
			    bool (*include)(const char *owner, void *ctx), void *ctx,
			    struct changes *out)
{
	bool began = report_read_begin_twin(db);
	enum status st = history_changes_read(db, first, last, since, include, ctx, out);

	report_read_end(db, began);
	return st;
}
