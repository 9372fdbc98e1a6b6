/* entity.h - the field-descriptor tables: one per record type.
 *
 * Each record type is described once here (doc/DESIGN.md principle 2). The SQL of
 * the generic record layer, validation, JSON documents, list columns, CLI
 * field=value parsing and (later) CSV columns and edit forms are all driven by
 * these tables. A field's key is its wire name: CLI, JSON, sync documents and
 * CSV headers use it, and it is also the SQL column name.
 */
#ifndef SALESTERM_ENTITY_H
#define SALESTERM_ENTITY_H

#include <stdbool.h>
#include <stddef.h>

struct db;
struct record;

enum field_type {
	FT_TEXT,     /* one line of text */
	FT_NOTE,     /* long text, newlines and tabs allowed */
	FT_ENUM,     /* one of field.values */
	FT_INT,	     /* whole number within [min, max] */
	FT_BOOL,     /* 0 or 1 */
	FT_DATE,     /* YYYY-MM-DD */
	FT_DATETIME, /* UTC YYYY-MM-DDTHH:MM:SSZ, typed in local time */
	FT_MONEY,    /* integer minor units of the currency in field.currency */
	FT_CURRENCY, /* ISO 4217 code */
	FT_EMAIL,
	FT_PHONE,
	FT_URL,
	FT_REF,	 /* id of a record of type field.ref ("customer": account, contact, lead or
		    opportunity) */
	FT_TAGS, /* comma-separated words, stored normalised "a,b,c" */
};

enum field_flags {
	F_REQUIRED = 1 << 0, /* must not be empty */
	F_LIST = 1 << 1,     /* a column of the default list */
	F_TITLE = 1 << 2,    /* indexed in the search "title" column (names, companies) */
	F_BODY = 1 << 3,     /* indexed in the search "body" column (contact data, notes) */
	F_SYSTEM = 1 << 4,   /* written by the core's rules only, never by add/edit */
	F_UNIQUE = 1 << 5,   /* no two live records may share the value */
	F_NAME = 1 << 6,     /* a name: no direction controls or invisible characters
				(validate_name()) */
	F_OPEN = 1 << 7,     /* FT_ENUM: a value of another writer outside the set
				(a web form's lead channel) is kept as given when it
				arrives by sync; what is typed here must be one of the
				set */
};

struct field {
	const char *key; /* wire name and SQL column */
	enum field_type type;
	const char *label; /* N_() English label, translated where shown */
	unsigned flags;
	int max_len;		   /* bytes, for text-like fields */
	const char *const *values; /* FT_ENUM: NULL-terminated allowed values */
	const char *ref;	   /* FT_REF: entity name, or "customer" */
	const char *currency;	   /* FT_MONEY: key of the currency field */
	long long min, max;	   /* FT_INT: range */
	int width;		   /* list column width in display columns */
	const char *def;	   /* default for a new record (canonical form) or NULL */
};

enum entity_flags {
	E_APPEND_ONLY = 1 << 0,	 /* records are never edited (follow-up logs) */
	E_MANAGER_ONLY = 1 << 1, /* only managers write these (users, stages, products, ...) */
	E_HISTORY = 1 << 2,	 /* written by the core only (stage changes, approvals) */
};

struct entity {
	const char *name;   /* CLI and JSON "type": "contact" */
	const char *table;  /* SQL table */
	const char *label;  /* N_("contact") */
	const char *plural; /* N_("contacts") */
	const struct field *fields;
	size_t nfields;
	const char *title_key; /* the field that names a record ("name", "subject") */
	const char *sort_key;  /* default list order */
	bool sort_desc;	       /* newest first (logs) */
	const char *fts;       /* FTS5 table, or NULL when not searchable */
	unsigned flags;
};

/* Every record type, NULL-terminated, in dependency order (users first);
 * types added later come last. */
extern const struct entity *const entity_all[];

extern const struct entity entity_user, entity_account, entity_contact, entity_campaign,
    entity_lead, entity_stage, entity_opportunity, entity_stage_change, entity_approval,
    entity_product, entity_activity, entity_followup, entity_opportunity_history,
    entity_forecast_snapshot, entity_forecast_adjustment, entity_consent, entity_team_setting;

/* Look up a type by name ("contact"; "-" and "_" are interchangeable,
 * and plurals like "contacts" are accepted). NULL if unknown. */
const struct entity *entity_find(const char *name);
/* The field with this key, or NULL. */
const struct field *entity_field(const struct entity *e, const char *key);
/* Index of the field with this key, or -1. */
int entity_field_index(const struct entity *e, const char *key);
/*
 * How a message names a type and a field: in English by the words the CLI
 * takes ("contact", "email"); in a language with a catalogue by their labels
 * there, the field's key beside it ("联系人", "邮箱 (email)") so a user still
 * sees what to type. entity_field_shown() returns a new string.
 */
const char *entity_shown(const struct entity *e);
char *entity_field_shown(const struct field *f);
/* Human name of a field type ("date", "amount", ...), for help and errors. */
const char *entity_type_name(enum field_type t);
/* True when values of this type are stored as SQL integers. */
bool entity_type_is_integer(enum field_type t);

/* Values of the enumerations shared by several types. */
extern const char *const entity_roles[];

#endif
