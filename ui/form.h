/* form.h - data entry for any record type, generated from its descriptors.
 *
 * A form lists the fields of an entity (all that are not F_SYSTEM, or the
 * keys given), each edited as a line of text exactly as the CLI would take
 * it. Leaving a field parses it with record_input() and shows the reason in
 * the status line when the core refuses it; saving writes the record (or
 * calls the form's own save) and keeps the form open, with what was typed,
 * when the core says no. Enumerations, yes/no fields and references offer
 * pick-lists, references with type-ahead from the search index; notes open
 * in $EDITOR. Unsaved changes are never dropped without asking.
 */
#ifndef SALESTERM_UI_FORM_H
#define SALESTERM_UI_FORM_H

#include <stdbool.h>

#include "edit.h"
#include "status.h"

struct app;
struct entity;
struct field;
struct record;

struct form_field {
	const struct field *f;
	char *text;	/* as typed */
	char *orig;	/* as first shown */
	char *ref_id;	/* FT_REF: the id picked for text, if any */
	char *ref_text; /* the text ref_id was picked as */
	char *error;	/* why the core refused text, or NULL */
	char *new_ref;	/* an account to create with the record, named text */
};

#define FORM_MAX_CANDIDATES 8

struct form;
/* A form's own save (instead of insert/update of rec). */
typedef enum status (*form_save_fn)(struct form *f, void *ctx);

struct form {
	struct app *a;
	const struct entity *e;
	struct record *rec; /* the working copy, with every accepted field set */
	bool is_new;
	char *title;
	struct form_field *ff;
	int nff, cur, top;
	struct edit ed; /* the focused field's text */
	form_save_fn save;
	void *save_ctx;
	/* type-ahead candidates under the focused field */
	char *cand_text[FORM_MAX_CANDIDATES];
	char *cand_id[FORM_MAX_CANDIDATES];
	char *cand_detail[FORM_MAX_CANDIDATES]; /* what tells a record apart, or NULL */
	int ncand, cand_sel;
	bool saved;
	char *existing; /* a new record's look-alike the user opened instead, or NULL */
	char *made;	/* what was created with the record ("account \"X\""), or NULL */
};

/*
 * A form for a new record of type e (rec NULL) or for editing rec (copied).
 * keys: the fields to show (NULL-terminated), or NULL for every field that is
 * not written by the core. Caller frees with form_free().
 */
struct form *form_new(struct app *a, const struct entity *e, const struct record *rec,
		      const char *const *keys);
void form_free(struct form **f);
/* Prefill a field with text as a user would type it (marks it changed). */
void form_set(struct form *f, const char *key, const char *text);
/* Focus a field. */
void form_focus(struct form *f, const char *key);

/* Run the form until it is saved (true; f->rec is what was written) or
 * cancelled (false). */
bool form_run(struct form *f);

/* Open a form for a new record of e (prefilled with key=value pairs, a
 * NULL-terminated array of alternating keys and values) and save it. The new
 * id goes to *id if given (caller frees). True if saved. */
bool form_add(struct app *a, const struct entity *e, const char *const *prefill, char **id);
/* Edit the record id of type e in a form. True if saved. */
bool form_edit(struct app *a, const struct entity *e, const char *id);

#endif
