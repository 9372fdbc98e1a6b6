/* funnel_stats.c - conversion, win rate, cycle, velocity, idle deals and
 * lost reasons (the rules: funnel_stats.h). */
#include "report/funnel_stats.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "money.h"
#include "record.h"
#include "report/history.h"
#include "report/internal.h"
#include "xalloc.h"

/* Every stage, deleted ones too: deals keep the stage they were in. */
struct stage_info {
	char *id, *name;
	int64_t position, idle_days;
	bool won, lost, deleted;
	int listed; /* index in funnel_stats.stages, or -1 */
};

struct stage_set {
	struct stage_info *s;
	size_t n;
	int64_t top; /* the furthest position of a stage not lost (INT64_MIN: none) */
};

static void stage_set_free(struct stage_set *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++) {
		free(ss->s[i].id);
		free(ss->s[i].name);
	}
	free(ss->s);
	memset(ss, 0, sizeof(*ss));
}

static const struct stage_info *stage_of(const struct stage_set *ss, const char *id)
{
	size_t i;

	for (i = 0; id && i < ss->n; i++)
		if (strcmp(ss->s[i].id, id) == 0)
			return &ss->s[i];
	return NULL;
}

void report_funnel_stats_free(struct funnel_stats *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		free(fs->stages[i].id);
		free(fs->stages[i].name);
	}
	free(fs->stages);
	for (i = 0; i < fs->nreasons; i++)
		free(fs->reasons[i].reason);
	free(fs->reasons);
	for (i = 0; i < fs->nowners; i++) {
		free(fs->owners[i].owner);
		free(fs->owners[i].reached);
		free(fs->owners[i].conversion);
	}
	free(fs->owners);
	memset(fs, 0, sizeof(*fs));
}

static enum status load_stages(struct db *db, struct stage_set *ss, struct funnel_stats *fs)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, name, position, coalesce(idle_days, 0), won, "
					  "lost, deleted FROM stage ORDER BY position, n");
	int rc;

	if (st == NULL)
		return ST_DB;
	ss->top = INT64_MIN;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct stage_info *s;

		ss->s = xreallocarray(ss->s, ss->n + 1, sizeof(*ss->s));
		s = &ss->s[ss->n++];
		s->id = db_column_strdup(st, 0);
		s->name = xstrdup(i18n_value((const char *)sqlite3_column_text(st, 1))); /* shown */
		s->position = sqlite3_column_int64(st, 2);
		s->idle_days = sqlite3_column_int64(st, 3);
		s->won = sqlite3_column_int(st, 4) != 0;
		s->lost = sqlite3_column_int(st, 5) != 0;
		s->deleted = sqlite3_column_int(st, 6) != 0;
		s->listed = -1;
		if (!s->lost && s->position > ss->top)
			ss->top = s->position;
		if (!s->lost && !s->deleted) {
			struct funnel_stats_stage *f;

			fs->stages = xreallocarray(fs->stages, fs->n + 1, sizeof(*fs->stages));
			f = &fs->stages[fs->n];
			memset(f, 0, sizeof(*f));
			f->id = xstrdup(s->id);
			f->name = xstrdup(s->name);
			f->won = s->won;
			s->listed = (int)fs->n++;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("reading stages"));
}

/* The listed stage a furthest position falls in: the last one at or before
 * it (-1: before the first). */
static int listed_at(const struct stage_set *ss, const struct funnel_stats *fs, int64_t pos)
{
	int best = -1;
	size_t i;

	for (i = 0; i < ss->n; i++)
		if (ss->s[i].listed >= 0 && ss->s[i].position <= pos && ss->s[i].listed > best)
			best = ss->s[i].listed;
	(void)fs;
	return best;
}

/* out = the date of at, its first ten characters (fewer if it is shorter,
 * none if NULL): for each deal walked, where snprintf() was 4% of the
 * funnel. */
static void date_of(char out[11], const char *at)
{
	size_t n = at ? strnlen(at, 10) : 0;

	if (n)
		memcpy(out, at, n);
	out[n] = '\0';
}

/* Time per stage, summed in seconds before the means are taken. */
struct stays {
	int64_t *seconds, *count;
};

static bool same_owner(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

const struct funnel_stats_owner *report_funnel_stats_owner(const struct funnel_stats *fs,
							   const char *owner)
{
	uint64_t key = report_str_key(owner);
	size_t i;

	for (i = 0; i < fs->nowners; i++)
		if (fs->owners[i].key == key && same_owner(fs->owners[i].owner, owner))
			return &fs->owners[i];
	return NULL;
}

/* The owner's part, added if new; reached holds a histogram until the end. */
static struct funnel_stats_owner *owner_for(struct funnel_stats *fs, const char *owner)
{
	struct funnel_stats_owner *o =
	    (struct funnel_stats_owner *)report_funnel_stats_owner(fs, owner);

	if (o)
		return o;
	fs->owners = xreallocarray(fs->owners, fs->nowners + 1, sizeof(*fs->owners));
	o = &fs->owners[fs->nowners++];
	memset(o, 0, sizeof(*o));
	o->owner = owner ? xstrdup(owner) : NULL;
	o->key = report_str_key(owner);
	o->reached = xcalloc(fs->n + 1, sizeof(*o->reached));
	o->conversion = xcalloc(fs->n + 1, sizeof(*o->conversion));
	return o;
}

/* reached from a histogram of furthest stages, and conversion to the next. */
static void cumulate(int64_t *reached, int64_t *conversion, size_t n)
{
	int64_t acc = 0;
	size_t i;

	for (i = n; i-- > 0;) {
		acc += reached[i];
		reached[i] = acc;
	}
	for (i = 0; i < n; i++)
		conversion[i] =
		    i + 1 < n && reached[i] > 0 ? reached[i + 1] * 1000 / reached[i] : -1;
}

static struct funnel_stats_reason *reason_for(struct funnel_stats *fs, const char *reason)
{
	struct funnel_stats_reason *r;
	size_t i;

	if (reason == NULL)
		reason = "";
	for (i = 0; i < fs->nreasons; i++)
		if (strcmp(fs->reasons[i].reason, reason) == 0)
			return &fs->reasons[i];
	fs->reasons = xreallocarray(fs->reasons, fs->nreasons + 1, sizeof(*fs->reasons));
	r = &fs->reasons[fs->nreasons++];
	memset(r, 0, sizeof(*r));
	r->reason = xstrdup(reason);
	return r;
}

static int reason_cmp(const void *a, const void *b)
{
	const struct funnel_stats_reason *x = a, *y = b;

	if (x->deals != y->deals)
		return x->deals < y->deals ? 1 : -1;
	if (x->amount != y->amount)
		return x->amount < y->amount ? 1 : -1;
	return strcmp(x->reason, y->reason);
}

/* One stage change of a deal's path (stage_path, 0024-stage-path.sql): its
 * fields in a copy of the path. */
struct path_step {
	const char *at, *from, *to; /* from "": none (the deal made) */
	long long n;
};

static int path_step_cmp(const void *a, const void *b)
{
	const struct path_step *x = a, *y = b;
	int c = strcmp(x->at, y->at);

	return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* The steps of path (len bytes) made before before, copied into *text and
 * split into *steps in the order of (at, n); their number. The arrays are
 * the caller's, grown here. */
static size_t path_steps(const char *path, size_t len, const char *before, char **text,
			 size_t *textcap, struct path_step **steps, size_t *cap)
{
	size_t n = 0;
	bool sorted = true;
	char *p, *end;

	if (len + 1 > *textcap) {
		*textcap = len + 1 > 2 * *textcap ? len + 1 : 2 * *textcap;
		*text = xreallocarray(*text, *textcap, 1);
	}
	memcpy(*text, path, len);
	(*text)[len] = '\0';
	for (p = *text; p && *p; p = end) {
		char *f[4];
		int k;

		end = strchr(p, '\x1e');
		if (end)
			*end++ = '\0';
		for (k = 0, f[0] = p; k < 3 && f[k]; k++) {
			f[k + 1] = strchr(f[k], '\x1f');
			if (f[k + 1])
				*f[k + 1]++ = '\0';
		}
		if (k < 3 || f[3] == NULL || strcmp(f[0], before) >= 0)
			continue;
		if (n == *cap) {
			*cap = *cap ? 2 * *cap : 16;
			*steps = xreallocarray(*steps, *cap, sizeof(**steps));
		}
		(*steps)[n] = (struct path_step){ f[0], f[2], f[3], 0 };
		/* n's digits (strtoll() was a tenth of the walk). */
		for (const char *d = f[1]; *d >= '0' && *d <= '9'; d++)
			(*steps)[n].n = (*steps)[n].n * 10 + (*d - '0');
		if (n && path_step_cmp(&(*steps)[n - 1], &(*steps)[n]) > 0)
			sorted = false;
		n++;
	}
	if (!sorted)
		qsort(*steps, n, sizeof(**steps), path_step_cmp);
	return n;
}

/* What a pass over the period's deals adds up, and the statements it runs
 * while the deals' query steps (prepared once, on the first closed deal). */
struct scan {
	struct db *db;
	const struct stage_set *ss;
	struct funnel_stats *fs;
	int64_t *hist;
	struct stays *stays;
	int64_t cycle_days, won_cur;
	/* Stage changes at or after it are not counted (a UTC instant); "~"
	 * sorts after every instant. */
	const char *before;
	bool conversion_only; /* report_funnel_stats_conversion(): walks alone */
	sqlite3_stmt *path;   /* cached by db */
	struct db *twin;      /* free to walk on meanwhile (report_twin()), or NULL */
	/* walk_path()'s copy of a path and its steps, kept from deal to deal. */
	char *text;
	struct path_step *steps;
	size_t textcap, stepcap;
};

static void scan_buffers_free(struct scan *sc)
{
	free(sc->text);
	free(sc->steps);
}

/* Walk one closed deal's stage changes before sc->before: its furthest
 * stage and its stays, and the day it was made (created, "" if no change
 * says). */
static enum status walk_path(struct scan *sc, const char *id, int64_t *maxpos, char created[11])
{
	const struct stage_set *ss = sc->ss;
	const struct stage_info *stage_of_memo = NULL; /* the stage of the last step's to */
	long long prev = -1;
	size_t i, n = 0;
	int rc;

	created[0] = '\0';
	db_bind_text(sc->path, 1, id);
	rc = sqlite3_step(sc->path);
	if (rc == SQLITE_ROW)
		n = path_steps((const char *)sqlite3_column_text(sc->path, 0),
			       (size_t)sqlite3_column_bytes(sc->path, 0), sc->before, &sc->text,
			       &sc->textcap, &sc->steps, &sc->stepcap);
	sqlite3_reset(sc->path);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(sc->db, rc, _("reading stage changes"));
	for (i = 0; i < n; i++) {
		const struct path_step *s = &sc->steps[i];
		/* A change leaves the stage the one before entered, as a rule:
		 * one strcmp() instead of a search of the stages. */
		const struct stage_info *from = s->from[0] == '\0' ? NULL
						: i && strcmp(s->from, sc->steps[i - 1].to) == 0
						    ? stage_of_memo
						    : stage_of(ss, s->from);
		const struct stage_info *to = stage_of(ss, s->to);
		long long at = clock_utc_seconds(s->at);

		stage_of_memo = to;
		if (from && !from->lost && from->position > *maxpos)
			*maxpos = from->position;
		if (to && !to->lost && to->position > *maxpos)
			*maxpos = to->position;
		if (from && from->listed >= 0 && prev >= 0 && at >= prev) {
			sc->stays->seconds[from->listed] += at - prev;
			sc->stays->count[from->listed]++;
		}
		if (at >= 0)
			prev = at;
		if (s->from[0] == '\0')
			date_of(created, s->at);
	}
	return ST_OK;
}

/* An open deal's stage (or one not known: counted as open). */
static bool stage_open(const struct stage_info *s)
{
	return s == NULL || (!s->won && !s->lost);
}

/* True if a deal of owner in stage s needs no walk: outside scope, or open
 * (then counted). */
static bool scan_skip(struct scan *sc, const struct report_scope *scope, const char *owner,
		      const struct stage_info *s)
{
	if (scope && !report_scope_includes(scope, owner))
		return true;
	if (stage_open(s)) {
		sc->fs->open++;
		return true;
	}
	return false;
}

/* A closed deal of the period, kept to be walked in id order; with its
 * lost reason and creation from the row it was read from (a seek each in
 * opportunity_created was a tenth of a year's funnel at 1M contacts). */
struct closed_deal {
	/* In a report_text of the reader's (a malloc() and a free() of each
	 * were an eighth of a year's funnel). */
	const char *id, *owner, *stage, *close_date, *lost_reason, *created_at;
	bool cur;
	int64_t amount;
};

/* One closed deal of the period as it stood (now, or at sc->before), d, is
 * walked; a deal outside scope or open (then counted) is not. */
static enum status scan_deal(struct scan *sc, const struct report_scope *scope,
			     const struct closed_deal *d)
{
	const struct stage_info *s = stage_of(sc->ss, d->stage);
	struct funnel_stats *fs = sc->fs;
	struct funnel_stats_owner *own;
	enum status ret = ST_OK;
	int64_t maxpos;
	char created[11];
	int idx;

	if (scan_skip(sc, scope, d->owner, s))
		return ST_OK;
	if (sc->path == NULL) {
		/* Run while the deals' query steps: prepared once. */
		sc->path = db_prepare(sc->db, "SELECT path FROM stage_path WHERE opportunity = ?1");
		if (sc->path == NULL)
			return ST_DB;
	}
	own = owner_for(fs, d->owner);
	own->closed++;
	fs->closed++;
	if (!d->cur)
		fs->other_currency++;
	maxpos = s->won ? s->position : INT64_MIN;
	/* The conversion alone: a deal won in the furthest stage reached it,
	 * whatever its path (three fifths of a year's closed deals at 1M). */
	if (sc->conversion_only && s->won && s->position >= sc->ss->top)
		created[0] = '\0';
	else
		ret = walk_path(sc, d->id, &maxpos, created);
	if (ret != ST_OK)
		return ret;
	/* A lost deal's reason is the row's (the history does not keep
	 * reasons); a deal without history was created with its row. */
	if (!sc->conversion_only && !s->won) {
		struct funnel_stats_reason *r = reason_for(fs, d->lost_reason);

		r->deals++;
		if (d->cur)
			r->amount += d->amount;
	} else if (!sc->conversion_only && created[0] == '\0') {
		date_of(created, d->created_at);
	}
	if (s->won) {
		fs->won++;
		own->won++;
		if (d->cur) {
			fs->won_amount += d->amount;
			sc->won_cur++;
		}
		if (!sc->conversion_only)
			sc->cycle_days += clock_days_between(created, d->close_date);
	} else {
		fs->lost++;
		if (d->cur)
			fs->lost_amount += d->amount;
	}
	idx = maxpos == INT64_MIN ? (fs->n ? 0 : -1) : listed_at(sc->ss, fs, maxpos);
	if (idx >= 0) {
		sc->hist[idx]++;
		own->reached[idx]++;
	}
	return ST_OK;
}

/* The closed deals are walked in pieces of a sixteenth of them, at least
 * one deal and at most WALK_PIECE, taken in turn by the two threads when
 * there is a twin. */
enum { WALK_PIECE = 1024 };

/* A share of the walk: piece first, then the pieces of v it takes, into its
 * scan's figures. Each part's first piece is its own (the claims start
 * after them), so the twin walks some deals whenever there are two pieces:
 * the tests' small data sets go through walk_join() too. */
struct walk_part {
	struct scan *sc;
	const struct closed_deal *v;
	size_t n, size, first;
	struct report_claims *claims;
};

static enum status walk_part_run(void *arg)
{
	struct walk_part *p = arg;
	enum status ret = ST_OK;

	for (size_t piece = p->first; ret == ST_OK && piece * p->size < p->n;
	     piece = report_claim(p->claims)) {
		size_t end = p->n - piece * p->size > p->size ? piece * p->size + p->size : p->n;

		for (size_t i = piece * p->size; ret == ST_OK && i < end; i++)
			ret = scan_deal(p->sc, NULL, &p->v[i]);
	}
	return ret;
}

/* b's figures (a walk's on the twin) added to a's. Every figure is a sum:
 * the pieces' order changes none of them (the reasons are sorted at the
 * end, the owners looked up by id). */
static void walk_join(struct scan *a, const struct scan *b)
{
	struct funnel_stats *x = a->fs;
	const struct funnel_stats *y = b->fs;
	size_t i, k;

	x->open += y->open;
	x->closed += y->closed;
	x->won += y->won;
	x->lost += y->lost;
	x->won_amount += y->won_amount;
	x->lost_amount += y->lost_amount;
	x->other_currency += y->other_currency;
	a->cycle_days += b->cycle_days;
	a->won_cur += b->won_cur;
	for (k = 0; k <= x->n; k++) {
		a->hist[k] += b->hist[k];
		a->stays->seconds[k] += b->stays->seconds[k];
		a->stays->count[k] += b->stays->count[k];
	}
	for (i = 0; i < y->nowners; i++) {
		struct funnel_stats_owner *o = owner_for(x, y->owners[i].owner);

		o->closed += y->owners[i].closed;
		o->won += y->owners[i].won;
		for (k = 0; k <= x->n; k++)
			o->reached[k] += y->owners[i].reached[k];
	}
	for (i = 0; i < y->nreasons; i++) {
		struct funnel_stats_reason *r = reason_for(x, y->reasons[i].reason);

		r->deals += y->reasons[i].deals;
		r->amount += y->reasons[i].amount;
	}
}

/* Walk v[0..n) on sc and, if it has a twin, on the twin too (its own
 * statements and figures, joined after). */
static enum status walk_shared(struct scan *sc, const struct closed_deal *v, size_t n)
{
	struct report_claims claims = { 2 };
	size_t size = n / 16 < 1 ? 1 : n / 16 > WALK_PIECE ? WALK_PIECE : n / 16;
	struct funnel_stats fs2 = { .n = sc->fs->n };
	struct stays stays2 = { xcalloc(fs2.n + 1, sizeof(int64_t)),
				xcalloc(fs2.n + 1, sizeof(int64_t)) };
	struct scan sc2 = { .db = sc->twin,
			    .ss = sc->ss,
			    .fs = &fs2,
			    .hist = xcalloc(fs2.n + 1, sizeof(int64_t)),
			    .stays = &stays2,
			    .before = sc->before,
			    .conversion_only = sc->conversion_only };
	struct walk_part part[2] = { { sc, v, n, size, 0, &claims },
				     { &sc2, v, n, size, 1, &claims } };
	enum status ret = report_run_pair(walk_part_run, &part[0], &part[1]);

	if (ret == ST_OK)
		walk_join(sc, &sc2);
	fs2.n = 0; /* no stages of its own: the owners' and reasons' to free */
	report_funnel_stats_free(&fs2);
	scan_buffers_free(&sc2);
	free(stays2.seconds);
	free(stays2.count);
	free(sc2.hist);
	return ret;
}

/* Walk the closed deals of v[0..n) in id order (their paths and lost
 * reasons are then read along each index, not at random all over it; walk
 * false: not) and free them. With a twin free (sc->twin), in pieces on both
 * connections: at 1M contacts a year's funnel walks 96k deals, three fifths
 * of its time (the report as a whole process: 450 -> 280 ms). */
static enum status walk_closed(struct scan *sc, struct closed_deal *v, size_t n, bool walk)
{
	enum status ret = ST_OK;
	size_t i;

	if (walk)
		report_sort_by_id(v, n, sizeof(*v), offsetof(struct closed_deal, id));
	if (walk && sc->twin && n > 1)
		ret = walk_shared(sc, v, n);
	else
		for (i = 0; walk && ret == ST_OK && i < n; i++)
			ret = scan_deal(sc, NULL, &v[i]);
	free(v);
	return ret;
}

/* The period's deals as they stand. They come from the opportunity_forecast
 * index alone (0006, 0021: with their lost reasons and creations); open ones
 * are counted at once, closed ones put in *out (*nout of them, even on
 * failure) to be walked after (walk_closed()), in id order: their paths are
 * then read along the stage_change_opportunity index, not at random all
 * over it. */
static enum status scan_period(struct scan *sc, const struct report_scope *scope,
			       struct closed_deal **out, size_t *nout, struct report_text **text)
{
	sqlite3_stmt *st = db_prepare(
	    sc->db, "SELECT id, owner, stage, coalesce(currency, ?3) = ?3, coalesce(amount, 0), "
		    "close_date, lost_reason, created_at FROM opportunity WHERE deleted = 0 AND "
		    "close_date >= ?1 AND close_date <= ?2");
	struct closed_deal *v = NULL;
	size_t n = 0, cap = 0;
	enum status ret = ST_OK;
	int rc;

	if (st == NULL)
		return ST_DB;
	db_bind_text(st, 1, sc->fs->first);
	db_bind_text(st, 2, sc->fs->last);
	db_bind_text(st, 3, sc->fs->currency);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *owner = (const char *)sqlite3_column_text(st, 1);
		const struct stage_info *s =
		    stage_of(sc->ss, (const char *)sqlite3_column_text(st, 2));

		if (scan_skip(sc, scope, owner, s))
			continue;
		if (sc->conversion_only && s->won && s->position >= sc->ss->top) {
			/* Not walked (scan_deal()): counted now, not kept. */
			const struct closed_deal d = { .owner = owner,
						       .stage = s->id,
						       .cur = sqlite3_column_int(st, 3) != 0,
						       .amount = sqlite3_column_int64(st, 4) };

			ret = scan_deal(sc, NULL, &d);
			if (ret != ST_OK)
				break;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[n++] = (struct closed_deal){ .id = report_text_column(text, st, 0),
					       .owner = report_text_column(text, st, 1),
					       .stage = report_text_column(text, st, 2),
					       .cur = sqlite3_column_int(st, 3) != 0,
					       .amount = sqlite3_column_int64(st, 4),
					       .close_date = report_text_column(text, st, 5),
					       .lost_reason = report_text_column(text, st, 6),
					       .created_at = report_text_column(text, st, 7) };
	}
	if (rc != SQLITE_DONE)
		ret = db_error(sc->db, rc, _("reading the period's deals"));
	sqlite3_reset(st);
	*out = v;
	*nout = n;
	return ret;
}

static bool in_currency(const struct deal_state *d, const char *currency)
{
	return d->currency == NULL || strcmp(d->currency, currency) == 0;
}

/* Open deals idle past their stage's limit, per listed stage. */
static enum status count_idle(struct db *db, const struct report_scope *scope,
			      const struct stage_set *ss, const char *today,
			      struct funnel_stats *fs)
{
	/* Summed here, not by GROUP BY owner: SQLite sorted the ~110k rows
	 * first (two fifths of report funnel at 1M contacts). */
	sqlite3_stmt *st =
	    db_prepare(db, "SELECT owner, coalesce(currency, ?3) = ?3, coalesce(amount, 0) "
			   "FROM opportunity WHERE deleted = 0 AND stage = ?1 AND stage_at < ?2");
	size_t i;
	int rc = SQLITE_DONE;

	if (st == NULL)
		return ST_DB;
	for (i = 0; i < ss->n && rc == SQLITE_DONE; i++) {
		const struct stage_info *s = &ss->s[i];
		char cutoff[11];

		if (s->listed < 0 || s->won || s->idle_days <= 0 ||
		    !clock_date_add_days(today, -(int)s->idle_days, cutoff))
			continue;
		db_bind_text(st, 1, s->id);
		db_bind_text(st, 2, cutoff);
		db_bind_text(st, 3, fs->currency);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct funnel_stats_stage *f = &fs->stages[s->listed];

			if (scope &&
			    !report_scope_includes(scope, (const char *)sqlite3_column_text(st, 0)))
				continue;
			f->idle++;
			if (sqlite3_column_int(st, 1))
				f->idle_amount += sqlite3_column_int64(st, 2);
		}
		sqlite3_reset(st);
	}
	return rc == SQLITE_DONE ? ST_OK : db_error(db, rc, _("counting idle deals"));
}

/* An open deal then in a stage with an idle limit: idle if it entered the
 * stage before cutoff. created: its creation. */
struct idle_deal {
	const char *id, *created, *cutoff;
	int listed;
	bool cur;
	int64_t amount;
};

/* As of an instant: the deals that count, as they stood then, the scope's
 * (by their owner then) whose close date then is in the period (the
 * period's) or that were open in a stage with an idle limit (the idle
 * candidates). */
struct as_of_pass {
	struct scan *sc;
	struct db *db; /* the connection this pass reads on */
	const struct report_scope *scope;
	const struct report_ids *index; /* of changed, the deals changed since */
	/* The rows by close date, in pieces the passes (a thread each) take
	 * in turn. */
	const struct report_close_ranges *ranges;
	struct report_claims *claims;
	/* Per stage of sc->ss: the day before which a deal that entered it is
	 * idle; "" for a stage without a limit (or won, lost, not listed). */
	char (*cutoff)[11];
	int64_t open; /* the period's open deals */
	/* Per listed stage: the idle deals counted here, their amount. */
	int64_t *idle_count, *idle_amount;
	struct closed_deal *v; /* the period's closed deals */
	size_t n, cap;
	struct idle_deal *idle;
	size_t nidle, capidle;
	struct report_text *text; /* the strings of v and idle */
};

static bool period_has(const struct funnel_stats *fs, const char *close_date)
{
	return close_date && strcmp(close_date, fs->first) >= 0 &&
	       strcmp(close_date, fs->last) <= 0;
}

static const char *idle_cutoff(const struct as_of_pass *p, const struct stage_info *s)
{
	return s && p->cutoff[s - p->sc->ss->s][0] ? p->cutoff[s - p->sc->ss->s] : NULL;
}

/* One deal as it stood, made at created, its lost reason now why: counted
 * if open in the period, kept to be walked if closed in it; if it may be
 * idle, counted if it entered its stage then at entered (known: it did not
 * change since), else kept to be looked at. */
static void as_of_deal(struct as_of_pass *p, const struct deal_state *d, const char *created,
		       const char *why, const char *entered)
{
	struct scan *sc = p->sc;
	struct funnel_stats *fs = sc->fs;
	const struct stage_info *s = stage_of(sc->ss, d->stage);
	const char *cutoff = idle_cutoff(p, s);
	bool cur = in_currency(d, fs->currency);

	if (period_has(fs, d->close_date) && stage_open(s)) {
		p->open++;
	} else if (period_has(fs, d->close_date)) {
		if (p->n == p->cap) {
			p->cap = p->cap ? p->cap * 2 : 256;
			p->v = xreallocarray(p->v, p->cap, sizeof(*p->v));
		}
		p->v[p->n++] =
		    (struct closed_deal){ .id = report_text_str(&p->text, d->id),
					  .owner = report_text_str(&p->text, d->owner),
					  .stage = report_text_str(&p->text, d->stage),
					  .cur = cur,
					  .amount = d->amount,
					  .close_date = report_text_str(&p->text, d->close_date),
					  .lost_reason = report_text_str(&p->text, why),
					  .created_at = report_text_str(&p->text, created) };
	}
	if (cutoff == NULL || sc->conversion_only)
		return;
	if (entered) {
		if (strcmp(entered, cutoff) < 0) {
			p->idle_count[s->listed]++;
			if (cur)
				p->idle_amount[s->listed] += d->amount;
		}
		return;
	}
	if (p->nidle == p->capidle) {
		p->capidle = p->capidle ? p->capidle * 2 : 1024;
		p->idle = xreallocarray(p->idle, p->capidle, sizeof(*p->idle));
	}
	p->idle[p->nidle++] = (struct idle_deal){
		.id = report_text_str(&p->text, d->id),
		.created = report_text_str(&p->text, created),
		.cutoff = cutoff,
		.listed = s->listed,
		.cur = cur,
		.amount = d->amount,
	};
}

/* A run of p's idle candidates, looked up on db, adding to idle and
 * idle_amount (per listed stage). */
struct idle_run {
	struct db *db;
	const char *before;
	const struct idle_deal *v;
	size_t n;
	int64_t *idle, *idle_amount;
};

/* A deal entered its stage then at its last stage change before then, or
 * when it was created: read from its path (stage_path, one seek), not from
 * stage_change_opportunity (the last change before then, a seek too, but in
 * an index twice the size: 9,300 pages of 16 KiB read for report funnel
 * --as-of a quarter back at 1M, strace and dbstat). */
static enum status idle_lookup(void *arg)
{
	struct idle_run *r = arg;
	sqlite3_stmt *st = db_prepare(r->db, "SELECT path FROM stage_path WHERE opportunity = ?1");
	/* path_steps()'s buffers, kept from deal to deal. */
	char *text = NULL;
	struct path_step *steps = NULL;
	size_t textcap = 0, stepcap = 0;
	enum status ret = ST_OK;
	int rc;

	if (st == NULL)
		return ST_DB;
	for (size_t i = 0; i < r->n && ret == ST_OK; i++) {
		const struct idle_deal *d = &r->v[i];
		const char *entered = d->created;
		size_t n = 0;

		db_bind_text(st, 1, d->id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			n = path_steps((const char *)sqlite3_column_text(st, 0),
				       (size_t)sqlite3_column_bytes(st, 0), r->before, &text,
				       &textcap, &steps, &stepcap);
		else if (rc != SQLITE_DONE)
			ret = db_error(r->db, rc, _("counting idle deals"));
		/* The steps before then, in time order: the last one's. */
		if (n)
			entered = steps[n - 1].at;
		if (ret == ST_OK && entered && strcmp(entered, d->cutoff) < 0) {
			r->idle[d->listed]++;
			if (d->cur)
				r->idle_amount[d->listed] += d->amount;
		}
		sqlite3_reset(st);
	}
	free(text);
	free(steps);
	return ret;
}

/* Count the idle deals of p, in id order: the changes are read along the
 * stage_path table, not at random all over it (in close date
 * order, as the rows come, a week back at 1M contacts read the index from
 * the disk again and again: 0.7 s system time). With a twin (report_twin()),
 * the second half of them on it, on another thread. */
static enum status count_idle_as_of(struct as_of_pass *p)
{
	struct funnel_stats *fs = p->sc->fs;
	struct db *twin = p->nidle > 1 ? report_twin(p->sc->db) : NULL;
	size_t half = twin ? p->nidle / 2 : p->nidle;
	int64_t *counts = xcalloc(4 * (fs->n + 1), sizeof(*counts));
	struct idle_run run[2] = {
		{ p->sc->db, p->sc->before, p->idle, half, counts, counts + fs->n + 1 },
		{ twin, p->sc->before, p->idle + half, p->nidle - half, counts + 2 * (fs->n + 1),
		  counts + 3 * (fs->n + 1) },
	};
	enum status st;

	report_sort_by_id(p->idle, p->nidle, sizeof(*p->idle), offsetof(struct idle_deal, id));
	run[0].v = p->idle;
	run[1].v = p->idle + half;
	st = report_run_pair(idle_lookup, &run[0], twin ? &run[1] : NULL);
	for (size_t i = 0; i < fs->n; i++) {
		fs->stages[i].idle += run[0].idle[i] + run[1].idle[i];
		fs->stages[i].idle_amount += run[0].idle_amount[i] + run[1].idle_amount[i];
	}
	free(counts);
	return st;
}

/* count_idle() on another thread. */
struct idle_job {
	struct db *db;
	const struct report_scope *scope;
	const struct stage_set *ss;
	const char *today;
	struct funnel_stats *fs;
};

static enum status idle_job_run(void *arg)
{
	struct idle_job *j = arg;

	return count_idle(j->db, j->scope, j->ss, j->today, j->fs);
}

/* The period's deals and the idle ones as they stood at sc->before (the
 * rule: src/report/history.h): the live rows made before then from the
 * opportunity_forecast index alone (0015), each as it stands now or, if it
 * changed since, with its values then. Then the idle ones are counted and
 * the period's closed ones walked. */
/* The rows of the close date ranges p takes, each as it stood at
 * p->sc->before, into p. */
static enum status scan_rows(void *arg)
{
	struct as_of_pass *p = arg;
	const char *before = p->sc->before;
	size_t piece;
	int rc = SQLITE_DONE;

	while (rc == SQLITE_DONE &&
	       (piece = report_claim(p->claims)) < report_close_range_count(p->ranges)) {
		char *sql = xasprintf("SELECT id, owner, stage, amount, currency, close_date, "
				      "created_at, stage_at, lost_reason FROM opportunity WHERE "
				      "deleted = 0 AND %s",
				      report_close_range_sql(p->ranges, piece));
		sqlite3_stmt *st = db_prepare(p->db, sql);

		free(sql);
		if (st == NULL)
			return ST_DB;
		report_close_range_bind(p->ranges, piece, st);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *id = (const char *)sqlite3_column_text(st, 0);
			const char *created = (const char *)sqlite3_column_text(st, 6), *entered;
			const struct deal_state *then;
			struct deal_state d = { 0 };

			if (id == NULL || (created && strcmp(created, before) >= 0))
				continue; /* made since */
			then = report_ids_find(p->index, id);
			if (then && then->probability == -2)
				continue; /* made since */
			if (then) {
				d = *then;
			} else {
				d.id = (char *)id;
				d.owner = (char *)sqlite3_column_text(st, 1);
				d.stage = (char *)sqlite3_column_text(st, 2);
				d.amount = sqlite3_column_int64(st, 3);
				d.currency = (char *)sqlite3_column_text(st, 4);
				d.close_date = (char *)sqlite3_column_text(st, 5);
			}
			if (p->scope && !report_scope_includes(p->scope, d.owner))
				continue;
			/* In its stage since stage_at (0021), if that was before
			 * then: it has not moved since. */
			entered = (const char *)sqlite3_column_text(st, 7);
			if (entered && strcmp(entered, before) >= 0)
				entered = NULL;
			as_of_deal(p, &d, created, (const char *)sqlite3_column_text(st, 8),
				   entered);
		}
		sqlite3_reset(st);
	}
	return rc == SQLITE_DONE ? ST_OK : db_error(p->db, rc, _("reading the deals"));
}

/* b's deals after a's. */
static void pass_join(struct as_of_pass *a, struct as_of_pass *b)
{
	a->open += b->open;
	if (b->n) {
		a->v = xreallocarray(a->v, a->n + b->n, sizeof(*a->v));
		memcpy(a->v + a->n, b->v, b->n * sizeof(*b->v));
		a->n += b->n;
		a->cap = a->n;
	}
	if (b->nidle) {
		a->idle = xreallocarray(a->idle, a->nidle + b->nidle, sizeof(*a->idle));
		memcpy(a->idle + a->nidle, b->idle, b->nidle * sizeof(*b->idle));
		a->nidle += b->nidle;
		a->capidle = a->nidle;
	}
	free(b->v);
	free(b->idle);
	b->v = NULL;
	b->idle = NULL;
	b->n = b->nidle = 0;
}

/* The period's deals and the idle ones as they stood at sc->before (the
 * rule: src/report/history.h): the live rows made before then from the
 * opportunity_forecast index alone (0015), each as it stands now or, if it
 * changed since, with its values then; with a twin (report_twin()), on it
 * too, on another thread, each thread taking the next range of close dates
 * (report_close_ranges()) when done with one: halves by rowid parity walked
 * the whole index twice. Then the idle ones are counted and the period's
 * closed ones walked. */
static enum status scan_as_of(struct scan *sc, const struct report_scope *scope, const char *today)
{
	struct deal_states changed[2] = { { 0 } };
	struct report_ids index = { 0 };
	struct report_close_ranges ranges = { 0 };
	struct report_claims claims = { 0 };
	struct db *twin = report_twin(sc->db);
	char(*cutoff)[11] = xcalloc(sc->ss->n + 1, sizeof(*cutoff));
	struct as_of_pass p[2] = {
		{ .sc = sc,
		  .db = sc->db,
		  .scope = scope,
		  .index = &index,
		  .ranges = &ranges,
		  .claims = &claims,
		  .cutoff = cutoff },
		{ .sc = sc,
		  .db = twin,
		  .scope = scope,
		  .index = &index,
		  .ranges = &ranges,
		  .claims = &claims,
		  .cutoff = cutoff },
	};
	int64_t *counts = xcalloc(4 * (sc->fs->n + 1), sizeof(*counts));
	enum status ret;
	size_t i;

	for (i = 0; i < 2; i++) {
		p[i].idle_count = counts + 2 * i * (sc->fs->n + 1);
		p[i].idle_amount = p[i].idle_count + sc->fs->n + 1;
	}
	for (i = 0; i < sc->ss->n; i++) {
		const struct stage_info *s = &sc->ss->s[i];

		if (s->listed < 0 || s->won || s->lost || s->idle_days <= 0 ||
		    !clock_date_add_days(today, -(int)s->idle_days, cutoff[i]))
			cutoff[i][0] = '\0';
	}
	ret = history_deals_changed_since(sc->db, sc->before, changed, &index);
	if (ret == ST_OK)
		ret = report_close_ranges(sc->db, &ranges);
	if (ret == ST_OK)
		ret = report_run_pair(scan_rows, &p[0], twin ? &p[1] : NULL);
	report_ids_free(&index);
	history_states_free(&changed[0]);
	history_states_free(&changed[1]);
	report_close_ranges_free(&ranges);
	pass_join(&p[0], &p[1]);
	sc->fs->open += p[0].open;
	for (i = 0; i < sc->fs->n; i++) {
		sc->fs->stages[i].idle += p[0].idle_count[i] + p[1].idle_count[i];
		sc->fs->stages[i].idle_amount += p[0].idle_amount[i] + p[1].idle_amount[i];
	}
	free(counts);
	if (ret == ST_OK)
		ret = count_idle_as_of(&p[0]);
	free(p[0].idle);
	free(cutoff);
	sc->twin = twin;
	if (ret == ST_OK)
		ret = walk_closed(sc, p[0].v, p[0].n, true);
	else
		walk_closed(sc, p[0].v, p[0].n, false);
	report_text_free(&p[0].text);
	report_text_free(&p[1].text);
	return ret;
}

enum status report_funnel_stats(struct db *db, const struct report_span *span,
				const struct report_scope *scope, const char *today,
				struct funnel_stats *out)
{
	return report_funnel_stats_as_of(db, span, scope, NULL, today, out);
}

/* report_funnel_stats_as_of() inside its read snapshot. */
static enum status report_funnel_stats_as_of_read(struct db *db, const struct report_span *span,
						  const struct report_scope *scope,
						  const char *before, const char *today,
						  bool conversion_only, struct funnel_stats *out)
{
	struct stage_set ss = { 0 };
	struct stays stays = { 0 };
	struct scan sc = { 0 };
	int64_t *hist = NULL;
	enum status st;
	size_t i;

	memset(out, 0, sizeof(*out));
	snprintf(out->first, sizeof(out->first), "%s", span->first);
	snprintf(out->last, sizeof(out->last), "%s", span->last);
	snprintf(out->currency, sizeof(out->currency), "%s", record_default_currency(db));
	out->exponent = money_exponent(out->currency);
	if (out->exponent < 0)
		out->exponent = 2;
	st = load_stages(db, &ss, out);
	if (st == ST_OK) {
		hist = xcalloc(out->n + 1, sizeof(*hist));
		stays.seconds = xcalloc(out->n + 1, sizeof(*stays.seconds));
		stays.count = xcalloc(out->n + 1, sizeof(*stays.count));
		sc = (struct scan){ .db = db,
				    .ss = &ss,
				    .fs = out,
				    .hist = hist,
				    .stays = &stays,
				    .before = before ? before : "~",
				    .conversion_only = conversion_only };
		/* As of a date: the scope's deals then, read once for the
		 * period's and the idle ones. Else the idle deals now are
		 * counted on the twin, if there is one, meanwhile (they only
		 * write the stages' idle figures, which the scan does not). */
		struct idle_job job = { report_twin(db), scope, &ss, today, out };
		struct report_thread t = { 0 };
		enum status st2 = ST_OK;

		if (before || conversion_only)
			job.db = NULL;
		if (job.db)
			report_thread_start(&t, idle_job_run, &job);
		struct closed_deal *v = NULL;
		struct report_text *text = NULL;
		size_t n = 0;

		st =
		    before ? scan_as_of(&sc, scope, today) : scan_period(&sc, scope, &v, &n, &text);
		if (job.db)
			st2 = report_thread_join(&t);
		else if (st == ST_OK && !conversion_only && before == NULL)
			st2 = count_idle(db, scope, &ss, today, out);
		if (st == ST_OK)
			st = st2;
		/* The period's closed deals, walked on the twin too once it is
		 * free. */
		sc.twin = conversion_only ? NULL : report_twin(db);
		if (before == NULL && st == ST_OK)
			st = walk_closed(&sc, v, n, true);
		else if (before == NULL)
			walk_closed(&sc, v, n, false);
		report_text_free(&text);
	}
	if (st == ST_OK) {
		/* reached(s): deals whose furthest stage is s or beyond. */
		int64_t *conv = xcalloc(out->n + 1, sizeof(*conv));

		cumulate(hist, conv, out->n);
		for (i = 0; i < out->nowners; i++)
			cumulate(out->owners[i].reached, out->owners[i].conversion, out->n);
		for (i = 0; i < out->n; i++) {
			struct funnel_stats_stage *f = &out->stages[i];

			f->reached = hist[i];
			f->conversion = conv[i];
			/* Not the conversion alone: it walks only some deals. */
			f->stays = conversion_only ? 0 : stays.count[i];
			f->days10 = stays.count[i] && !conversion_only
					? stays.seconds[i] * 10 / 86400 / stays.count[i]
					: -1;
		}
		out->win_rate = out->closed ? out->won * 1000 / out->closed : -1;
		out->win_rate_amount = out->won_amount + out->lost_amount
					   ? (int64_t)((__int128)out->won_amount * 1000 /
						       (out->won_amount + out->lost_amount))
					   : -1;
		out->deal_size = sc.won_cur ? out->won_amount / sc.won_cur : -1;
		out->cycle10 = out->won ? sc.cycle_days * 10 / out->won : -1;
		/* open x (won / closed) x deal size / cycle, per day. */
		out->velocity = out->cycle10 > 0 && out->deal_size >= 0
				    ? (int64_t)((__int128)out->open * out->won * out->deal_size *
						10 / ((__int128)out->closed * out->cycle10))
				    : -1;
		if (out->nreasons > 1)
			qsort(out->reasons, out->nreasons, sizeof(*out->reasons), reason_cmp);
		free(conv);
	}
	free(hist);
	free(stays.seconds);
	free(stays.count);
	scan_buffers_free(&sc);
	stage_set_free(&ss);
	return st;
}

enum status report_funnel_stats_as_of(struct db *db, const struct report_span *span,
				      const struct report_scope *scope, const char *before,
				      const char *today, struct funnel_stats *out)
{
	bool began = report_read_begin_twin(db);
	enum status st = report_funnel_stats_as_of_read(db, span, scope, before, today, false, out);

	report_read_end(db, began);
	return st;
}

enum status report_funnel_stats_conversion(struct db *db, const struct report_span *span,
					   const struct report_scope *scope,
					   struct funnel_stats *out)
{
	bool began = report_read_begin(db);
	enum status st = report_funnel_stats_as_of_read(db, span, scope, NULL, NULL, true, out);

	report_read_end(db, began);
	return st;
}

/* ---- the report ---- */

static void cols_of(struct report_col *out, const struct report_col *in, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[i] = in[i];
		out[i].label = _(in[i].label);
	}
}

#define NOF(a) (sizeof(a) / sizeof((a)[0]))

static enum status funnel_run(struct db *db, const struct report_args *a, struct report_output *o)
{
	static const struct report_col stage_cols[] = {
		{ "stage", N_("Stage"), RC_TEXT },
		{ "reached", N_("Reached"), RC_INT },
		{ "conversion", N_("To next"), RC_PERCENT },
		{ "avg_days", N_("Days"), RC_NUMBER },
		{ "idle", N_("Idle"), RC_INT },
		{ "idle_amount", N_("Idle amount"), RC_MONEY },
	};
	static const struct report_col sum_cols[] = {
		{ "closed", N_("Closed"), RC_INT },
		{ "won", N_("Won"), RC_INT },
		{ "lost", N_("Lost"), RC_INT },
		{ "win_rate", N_("Win rate"), RC_PERCENT },
		{ "win_rate_amount", N_("By amount"), RC_PERCENT },
		{ "avg_deal", N_("Avg deal"), RC_MONEY },
		{ "cycle_days", N_("Cycle days"), RC_NUMBER },
		{ "open", N_("Open"), RC_INT },
		{ "velocity_per_day", N_("Velocity/day"), RC_MONEY },
	};
	static const struct report_col reason_cols[] = {
		{ "reason", N_("Lost reason"), RC_TEXT },
		{ "deals", N_("Deals"), RC_INT },
		{ "amount", N_("Amount"), RC_MONEY },
	};
	struct report_col cols[NOF(sum_cols)];
	struct funnel_stats fs;
	struct report_table *t;
	char today[11], before[21], label[24], *title;
	enum status st;
	size_t i, r;

	memset(&fs, 0, sizeof(fs));
	if (a->as_of && history_past_day("--as-of", a->as_of) != ST_OK)
		return ST_INVALID;
	if (a->as_of && !history_end_of_day(a->as_of, before))
		return status_set(ST_INVALID, _("--as-of \"%s\" is not a date"), a->as_of);
	if (a->as_of)
		snprintf(today, sizeof(today), "%s", a->as_of);
	else
		clock_today(today);
	st = report_funnel_stats_as_of(db, &a->span, &a->scope, a->as_of ? before : NULL, today,
				       &fs);
	if (st != ST_OK) {
		report_funnel_stats_free(&fs);
		return st;
	}
	report_span_label(&a->span, label);
	report_output_meta(o, "currency", fs.currency);
	title = xasprintf(_("Funnel %s (%s .. %s), %s, in %s"), label, fs.first, fs.last,
			  a->scope.label ? a->scope.label : _("team"), fs.currency);
	cols_of(cols, stage_cols, NOF(stage_cols));
	t = report_output_table(o, "stages", title, cols, NOF(stage_cols));
	free(title);
	for (i = 0; i < fs.n; i++) {
		const struct funnel_stats_stage *s = &fs.stages[i];

		r = report_table_add_row(t);
		report_table_set(t, r, 0, s->name);
		report_table_set_int(t, r, 1, s->reached);
		report_table_set_tenths(t, r, 2, s->conversion);
		report_table_set_tenths(t, r, 3, s->days10);
		if (!s->won) {
			report_table_set_int(t, r, 4, s->idle);
			report_table_set_money(t, r, 5, s->idle_amount, fs.exponent);
		}
	}
	cols_of(cols, sum_cols, NOF(sum_cols));
	t = report_output_table(o, "summary", _("Closed deals and velocity"), cols, NOF(sum_cols));
	r = report_table_add_row(t);
	report_table_set_int(t, r, 0, fs.closed);
	report_table_set_int(t, r, 1, fs.won);
	report_table_set_int(t, r, 2, fs.lost);
	report_table_set_tenths(t, r, 3, fs.win_rate);
	report_table_set_tenths(t, r, 4, fs.win_rate_amount);
	if (fs.deal_size >= 0)
		report_table_set_money(t, r, 5, fs.deal_size, fs.exponent);
	report_table_set_tenths(t, r, 6, fs.cycle10);
	report_table_set_int(t, r, 7, fs.open);
	if (fs.velocity >= 0)
		report_table_set_money(t, r, 8, fs.velocity, fs.exponent);
	cols_of(cols, reason_cols, NOF(reason_cols));
	t = report_output_table(o, "lost_reasons", _("Lost reasons"), cols, NOF(reason_cols));
	for (i = 0; i < fs.nreasons; i++) {
		r = report_table_add_row(t);
		report_table_set(t, r, 0, *fs.reasons[i].reason ? fs.reasons[i].reason : "-");
		report_table_set_int(t, r, 1, fs.reasons[i].deals);
		report_table_set_money(t, r, 2, fs.reasons[i].amount, fs.exponent);
	}
	if (fs.other_currency)
		report_output_note(
		    o,
		    ngettext("%lld closed deal in another currency than %s is counted; "
			     "its amount is not summed.",
			     "%lld closed deals in other currencies than %s are counted; "
			     "their amounts are not summed.",
			     (unsigned long)fs.other_currency),
		    (long long)fs.other_currency, fs.currency);
	report_funnel_stats_free(&fs);
	return ST_OK;
}

const struct report_def report_def_funnel = {
	.name = "funnel",
	.summary = N_("stage conversion, win rate, cycle, velocity, idle deals, lost reasons"),
	.help =
	    N_("The cohort is the deals closed (won or lost) with a close date in the period.\n"
	       "A deal's path is read from its stage changes; a skipped stage counts as passed.\n"
	       "  Reached     closed deals whose furthest stage is this one or beyond\n"
	       "  To next     reached(next stage) / reached(this stage)\n"
	       "  Days        mean days between entering the stage and leaving it\n"
	       "  Idle        open deals (any close date) in the stage longer than its\n"
	       "              idle_days, and their amount\n"
	       "  Win rate    won / closed; by amount: won / (won + lost)\n"
	       "  Avg deal    amount won / deals won\n"
	       "  Cycle days  mean days from a won deal's creation to its close date\n"
	       "  Velocity    open deals x win rate x avg deal / cycle days, per day; open\n"
	       "              deals are those with a close date in the period\n"
	       "  Lost reasons  the lost deals by reason, most deals first\n"
	       "Amounts are in the database's currency; deals in other currencies count in\n"
	       "the counts, never in an amount, and a note says how many.\n"
	       "--as-of DATE  the figures as they stood at the end of that day: each deal's\n"
	       "              stage, amount, currency, close date and owner from its history,\n"
	       "              its path from the stage changes made by then, idle measured on\n"
	       "              that day from its last stage change before it; a lost deal's\n"
	       "              reason is the one it has now (the history does not keep it).\n"),
	.default_period = REPORT_QUARTER,
	.as_of = true,
	.run = funnel_run,
};
