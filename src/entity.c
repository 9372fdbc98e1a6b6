/* entity.c - the field-descriptor tables of every record type (doc/DESIGN.md section 3). */
#include "entity.h"

#include <string.h>

#include "i18n.h"
#include "xalloc.h"

// clang-format off
/* Shorthands that keep each table one line per field. */
#define TEXT(k, l, fl, len, w) { .key = k, .type = FT_TEXT, .label = l, .flags = fl, .max_len = len, .width = w }
#define NOTE(k, l, fl) { .key = k, .type = FT_NOTE, .label = l, .flags = fl, .max_len = 100000, .width = 30 }
#define ENUM(k, l, fl, vals, w) { .key = k, .type = FT_ENUM, .label = l, .flags = fl, .values = vals, .max_len = 32, .width = w }
#define REF(k, l, fl, r, w) { .key = k, .type = FT_REF, .label = l, .flags = fl, .ref = r, .max_len = 36, .width = w }
#define TYPED(k, t, l, fl, w) { .key = k, .type = t, .label = l, .flags = fl, .max_len = 254, .width = w }
#define INT(k, l, fl, lo, hi, w) { .key = k, .type = FT_INT, .label = l, .flags = fl, .min = lo, .max = hi, .width = w }
#define MONEY(k, l, fl, cur, w) { .key = k, .type = FT_MONEY, .label = l, .flags = fl, .currency = cur, .width = w }
#define FIELDS(a) a, sizeof(a) / sizeof((a)[0])

const char *const entity_roles[] = { NC_("value", "rep"), NC_("value", "manager"), NULL };
static const char *const periods[] = { NC_("value", "month"), NC_("value", "quarter"),
	NC_("value", "year"), NULL };
static const char *const segments[] = { NC_("value", "A"), NC_("value", "B"), NC_("value", "C"),
	NULL };
static const char *const contact_channels[] = { NC_("value", "phone"), NC_("value", "mobile"),
	NC_("value", "email"), NC_("value", "wechat"), NC_("value", "sms"), NC_("value", "visit"),
	NULL };
static const char *const sources[] = { NC_("value", "web"), NC_("value", "referral"),
	NC_("value", "event"), NC_("value", "call"), NC_("value", "email"), NC_("value", "social"),
	NC_("value", "partner"), NC_("value", "ads"), NC_("value", "other"), NULL };
/* How a lead came in (lead.channel): the keys are a wire format. */
static const char *const lead_channels[] = { NC_("value", "web_form"), NC_("value", "event"),
	NC_("value", "referral"), NC_("value", "cold_call"), NC_("value", "inbound_call"),
	NC_("value", "email"), NC_("value", "campaign"), NC_("value", "social"),
	NC_("value", "partner"), NC_("value", "ads"), NC_("value", "other"), NC_("value", "unknown"),
	NULL };
static const char *const lead_statuses[] = { NC_("value", "new"), NC_("value", "contacted"),
	NC_("value", "nurturing"), NC_("value", "qualified"), NC_("value", "disqualified"),
	NC_("value", "converted"), NULL };
static const char *const ratings[] = { NC_("value", "hot"), NC_("value", "warm"),
	NC_("value", "cold"), NULL };
static const char *const categories[] = { NC_("value", "pipeline"), NC_("value", "best_case"),
	NC_("value", "commit"), NC_("value", "closed"), NC_("value", "omitted"), NULL };
static const char *const review_statuses[] = { NC_("value", "requested"), NC_("value", "approved"),
	NC_("value", "returned"), NULL };
static const char *const snapshot_periods[] = { NC_("value", "month"), NC_("value", "quarter"),
	NC_("value", "year"), NC_("value", "custom"), NULL };
static const char *const history_events[] = { NC_("value", "created"), NC_("value", "changed"),
	NC_("value", "migrated"), NULL };
static const char *const activity_kinds[] = { NC_("value", "call"), NC_("value", "meeting"),
	NC_("value", "visit"), NC_("value", "task"), NC_("value", "email"), NULL };
static const char *const activity_statuses[] = { NC_("value", "planned"), NC_("value", "done"),
	NC_("value", "cancelled"), NULL };
static const char *const priorities[] = { NC_("value", "low"), NC_("value", "normal"),
	NC_("value", "high"), NULL };
static const char *const consent_channels[] = { NC_("value", "email"), NC_("value", "phone"),
	NC_("value", "sms"), NC_("value", "post"), NULL };
static const char *const consent_actions[] = { NC_("value", "given"), NC_("value", "withdrawn"),
	NULL };
static const char *const log_channels[] = { NC_("value", "call"), NC_("value", "visit"),
	NC_("value", "meeting"), NC_("value", "email"), NC_("value", "wechat"), NC_("value", "sms"),
	NC_("value", "other"), NULL };

static const struct field user_fields[] = {
	TEXT("name", N_("Name"), F_REQUIRED | F_LIST | F_UNIQUE | F_NAME, 200, 20),
	TYPED("email", FT_EMAIL, N_("Email"), F_LIST, 26),
	{ .key = "role", .type = FT_ENUM, .label = N_("Role"), .flags = F_REQUIRED | F_LIST,
	  .values = entity_roles, .max_len = 32, .width = 8, .def = "rep" },
	TEXT("territory", N_("Territory"), F_LIST, 100, 14),
	MONEY("quota", N_("Quota"), F_LIST, "currency", 14),
	TYPED("currency", FT_CURRENCY, N_("Currency"), 0, 4),
	{ .key = "period", .type = FT_ENUM, .label = N_("Quota period"), .values = periods,
	  .max_len = 16, .width = 8, .def = "quarter" },
};

static const struct field account_fields[] = {
	TEXT("name", N_("Name"), F_REQUIRED | F_LIST | F_TITLE | F_NAME, 200, 28),
	TEXT("industry", N_("Industry"), F_LIST | F_BODY, 100, 14),
	TEXT("territory", N_("Territory"), F_LIST, 100, 12),
	ENUM("segment", N_("Segment"), F_LIST, segments, 3),
	{ .key = "segment_by_hand", .type = FT_BOOL, .label = N_("Segment set by hand"),
	  .width = 3, .def = "0" },
	TYPED("phone", FT_PHONE, N_("Phone"), F_LIST | F_BODY, 16),
	TYPED("email", FT_EMAIL, N_("Email"), F_BODY, 24),
	TYPED("website", FT_URL, N_("Website"), F_BODY, 24),
	TEXT("address", N_("Address"), F_BODY, 500, 30),
	{ .key = "tags", .type = FT_TAGS, .label = N_("Tags"), .flags = F_BODY, .max_len = 500,
	  .width = 16 },
	NOTE("notes", N_("Notes"), F_BODY),
};

static const struct field contact_fields[] = {
	TEXT("name", N_("Name"), F_REQUIRED | F_LIST | F_TITLE | F_NAME, 200, 20),
	TEXT("given_name", N_("Given name"), F_TITLE | F_NAME, 100, 12),
	TEXT("family_name", N_("Family name"), F_TITLE | F_NAME, 100, 12),
	REF("account", N_("Account"), F_LIST, "account", 24),
	TEXT("title", N_("Title"), F_LIST | F_BODY, 100, 14),
	TYPED("phone", FT_PHONE, N_("Phone"), F_BODY, 16),
	TYPED("mobile", FT_PHONE, N_("Mobile"), F_LIST | F_BODY, 16),
	TYPED("email", FT_EMAIL, N_("Email"), F_LIST | F_BODY, 24),
	TEXT("address", N_("Address"), F_BODY, 500, 30),
	ENUM("channel", N_("Preferred channel"), 0, contact_channels, 8),
	{ .key = "do_not_contact", .type = FT_BOOL, .label = N_("Do not contact"), .width = 3,
	  .def = "0" },
	TYPED("birthday", FT_DATE, N_("Birthday"), 0, 10),
	{ .key = "tags", .type = FT_TAGS, .label = N_("Tags"), .flags = F_BODY, .max_len = 500,
	  .width = 16 },
	NOTE("notes", N_("Notes"), F_BODY),
};

static const struct field campaign_fields[] = {
	TEXT("name", N_("Name"), F_REQUIRED | F_LIST | F_UNIQUE | F_NAME, 200, 28),
	ENUM("channel", N_("Channel"), F_LIST, sources, 9),
	TYPED("start_date", FT_DATE, N_("Start"), F_LIST, 10),
	TYPED("end_date", FT_DATE, N_("End"), F_LIST, 10),
	MONEY("cost", N_("Cost"), F_LIST, "currency", 14),
	TYPED("currency", FT_CURRENCY, N_("Currency"), F_LIST, 4),
};

static const struct field lead_fields[] = {
	TEXT("name", N_("Name"), F_REQUIRED | F_LIST | F_TITLE | F_NAME, 200, 18),
	TEXT("company", N_("Company"), F_LIST | F_TITLE | F_NAME, 200, 24),
	TEXT("title", N_("Title"), F_BODY, 100, 14),
	TYPED("phone", FT_PHONE, N_("Phone"), F_LIST | F_BODY, 16),
	TYPED("email", FT_EMAIL, N_("Email"), F_BODY, 24),
	ENUM("source", N_("Source"), 0, sources, 8),
	/* Open: a web form or another client may name a channel of its own.
	 * The lists show the channel, the form both it and the source. */
	{ .key = "channel", .type = FT_ENUM, .label = N_("Channel"), .flags = F_LIST | F_OPEN,
	  .values = lead_channels, .max_len = 32, .width = 12, .def = "unknown" },
	REF("campaign", N_("Campaign"), 0, "campaign", 20),
	{ .key = "status", .type = FT_ENUM, .label = N_("Status"), .flags = F_REQUIRED | F_LIST,
	  .values = lead_statuses, .max_len = 32, .width = 12, .def = "new" },
	ENUM("rating", N_("Rating"), F_LIST, ratings, 5),
	INT("score", N_("Score"), F_LIST, 0, 100, 5),
	TEXT("reason", N_("Disqualified because"), 0, 500, 20),
	REF("converted_account", N_("Converted account"), F_SYSTEM, "account", 20),
	REF("converted_contact", N_("Converted contact"), F_SYSTEM, "contact", 20),
	REF("converted_opportunity", N_("Converted opportunity"), F_SYSTEM, "opportunity", 20),
	NOTE("notes", N_("Notes"), F_BODY),
	/* Nurturing (src/nurture.c): the days between touches, and when the lead
	 * last entered nurturing. */
	INT("cadence", N_("Nurture every (days)"), 0, 1, 365, 5),
	TYPED("nurture_since", FT_DATETIME, N_("Nurtured since"), F_SYSTEM, 20),
	{ .key = "do_not_contact", .type = FT_BOOL, .label = N_("Do not contact"), .width = 3,
	  .def = "0" },
};

static const struct field stage_fields[] = {
	TEXT("name", N_("Name"), F_REQUIRED | F_LIST | F_UNIQUE | F_NAME, 100, 16),
	INT("position", N_("Order"), F_REQUIRED | F_LIST, 0, 100000, 5),
	INT("probability", N_("Probability %"), F_REQUIRED | F_LIST, 0, 100, 5),
	{ .key = "won", .type = FT_BOOL, .label = N_("Won"), .flags = F_LIST, .width = 3,
	  .def = "0" },
	{ .key = "lost", .type = FT_BOOL, .label = N_("Lost"), .flags = F_LIST, .width = 4,
	  .def = "0" },
	INT("idle_days", N_("Days before idle"), F_LIST, 1, 3650, 5),
	TEXT("required", N_("Required fields"), F_LIST, 500, 30),
	ENUM("review_role", N_("Reviewed by"), F_LIST, entity_roles, 8),
};

static const struct field opportunity_fields[] = {
	TEXT("name", N_("Name"), F_REQUIRED | F_LIST | F_TITLE | F_NAME, 200, 26),
	REF("account", N_("Account"), F_LIST | F_TITLE, "account", 20),
	REF("contact", N_("Contact"), 0, "contact", 16),
	REF("stage", N_("Stage"), F_LIST, "stage", 13),
	MONEY("amount", N_("Amount"), F_LIST, "currency", 14),
	TYPED("currency", FT_CURRENCY, N_("Currency"), F_LIST, 4),
	INT("probability", N_("Probability %"), F_LIST, 0, 100, 4),
	TYPED("close_date", FT_DATE, N_("Close date"), F_LIST, 10),
	ENUM("category", N_("Forecast category"), F_LIST, categories, 9),
	TEXT("next_step", N_("Next step"), F_BODY, 500, 20),
	TEXT("lost_reason", N_("Lost reason"), F_BODY, 500, 20),
	TEXT("product_line", N_("Product line"), 0, 100, 12),
	REF("lead", N_("From lead"), F_SYSTEM, "lead", 12),
	TYPED("stage_at", FT_DATETIME, N_("In stage since"), F_SYSTEM, 20),
	REF("review_stage", N_("Review asked for"), F_SYSTEM, "stage", 13),
	ENUM("review_status", N_("Review"), F_SYSTEM, review_statuses, 9),
	TEXT("review_note", N_("Note to the reviewer"), F_SYSTEM, 1000, 24),
	TEXT("review_reply", N_("Reviewer's reply"), F_SYSTEM, 1000, 24),
	TYPED("review_at", FT_DATETIME, N_("Review asked at"), F_SYSTEM, 20),
};

static const struct field stage_change_fields[] = {
	REF("opportunity", N_("Opportunity"), F_REQUIRED | F_LIST, "opportunity", 24),
	REF("from_stage", N_("From"), F_LIST, "stage", 13),
	REF("to_stage", N_("To"), F_REQUIRED | F_LIST, "stage", 13),
	TYPED("at", FT_DATETIME, N_("At"), F_REQUIRED | F_LIST, 20),
	REF("user", N_("By"), F_LIST, "user", 12),
	MONEY("amount", N_("Amount"), 0, "currency", 14),
	TYPED("currency", FT_CURRENCY, N_("Currency"), 0, 4),
	INT("probability", N_("Probability %"), 0, 0, 100, 4),
};

/* One write's change of a deal's forecast fields: the values before (old_*,
 * all empty for a new deal) and after. Owner is the deal's owner (new_owner,
 * since "owner" is every table's system column). */
static const struct field opportunity_history_fields[] = {
	REF("opportunity", N_("Opportunity"), F_REQUIRED | F_LIST, "opportunity", 24),
	TYPED("at", FT_DATETIME, N_("At"), F_REQUIRED | F_LIST, 20),
	REF("user", N_("By"), F_LIST, "user", 12),
	{ .key = "event", .type = FT_ENUM, .label = N_("Event"), .flags = F_REQUIRED | F_LIST,
	  .values = history_events, .max_len = 16, .width = 8, .def = "changed" },
	REF("old_stage", N_("Stage before"), 0, "stage", 13),
	REF("stage", N_("Stage"), F_LIST, "stage", 13),
	MONEY("old_amount", N_("Amount before"), 0, "old_currency", 14),
	MONEY("amount", N_("Amount"), F_LIST, "currency", 14),
	TYPED("old_currency", FT_CURRENCY, N_("Currency before"), 0, 4),
	TYPED("currency", FT_CURRENCY, N_("Currency"), F_LIST, 4),
	INT("old_probability", N_("Probability % before"), 0, 0, 100, 4),
	INT("probability", N_("Probability %"), 0, 0, 100, 4),
	TYPED("old_close_date", FT_DATE, N_("Close date before"), 0, 10),
	TYPED("close_date", FT_DATE, N_("Close date"), F_LIST, 10),
	ENUM("old_category", N_("Forecast category before"), 0, categories, 9),
	ENUM("category", N_("Forecast category"), F_LIST, categories, 9),
	REF("old_owner", N_("Owner before"), 0, "user", 12),
	REF("new_owner", N_("Owner"), 0, "user", 12),
};

/* A forecast call's figures, frozen: one line per rep (report/snapshot.h). */
static const struct field forecast_snapshot_fields[] = {
	TEXT("name", N_("Name"), F_REQUIRED | F_LIST | F_TITLE, 200, 28),
	{ .key = "period", .type = FT_ENUM, .label = N_("Period"), .flags = F_REQUIRED | F_LIST,
	  .values = snapshot_periods, .max_len = 16, .width = 8 },
	TYPED("first", FT_DATE, N_("From"), F_REQUIRED | F_LIST, 10),
	TYPED("last", FT_DATE, N_("To"), F_REQUIRED | F_LIST, 10),
	TEXT("scope", N_("Scope"), F_LIST, 200, 12),
	TYPED("at", FT_DATETIME, N_("Taken at"), F_REQUIRED | F_LIST, 20),
	REF("user", N_("By"), F_LIST, "user", 12),
	TYPED("currency", FT_CURRENCY, N_("Currency"), F_REQUIRED, 4),
	NOTE("figures", N_("Figures"), 0),
};

/* A manager's figure for a rep's (or a territory's) commit and best case in
 * a period: append-only, the newest wins (src/adjustment.c). */
static const struct field forecast_adjustment_fields[] = {
	REF("user", N_("Rep"), F_LIST, "user", 14),
	TEXT("territory", N_("Territory"), F_LIST, 100, 12),
	TEXT("period", N_("Period"), F_REQUIRED | F_LIST, 24, 8),
	MONEY("commit", N_("Commit"), F_LIST, "currency", 14),
	MONEY("best_case", N_("Best case"), F_LIST, "currency", 14),
	TYPED("currency", FT_CURRENCY, N_("Currency"), 0, 4),
	TEXT("note", N_("Note"), F_LIST, 1000, 24),
};

/* One act of giving or withdrawing a contact's marketing consent on a
 * channel: append-only, the latest by time is in force (src/consent.c). */
static const struct field consent_fields[] = {
	REF("contact", N_("Contact"), F_REQUIRED | F_LIST, "contact", 20),
	/* email, phone, sms, post: how a contact may be reached */
	ENUM("channel", CN_("consent", "Channel"), F_REQUIRED | F_LIST, consent_channels, 7),
	ENUM("action", N_("Consent"), F_REQUIRED | F_LIST, consent_actions, 9),
	TYPED("at", FT_DATETIME, N_("At"), F_REQUIRED | F_LIST, 20),
	TEXT("method", N_("How"), F_LIST, 200, 16),
	REF("user", N_("Recorded by"), 0, "user", 12),
	TEXT("note", N_("Note"), 0, 1000, 24),
};

/* A manager's choice of a team-wide setting: append-only, the newest by a
 * manager is in force (src/setting.c). */
static const char *const setting_names[] = { NC_("value", "quota_visibility"), NULL };
static const struct field team_setting_fields[] = {
	ENUM("setting", N_("Setting"), F_REQUIRED | F_LIST, setting_names, 16),
	TEXT("value", N_("Value"), F_REQUIRED | F_LIST, 100, 8),
};

static const struct field approval_fields[] = {
	REF("opportunity", N_("Opportunity"), F_REQUIRED | F_LIST, "opportunity", 24),
	REF("stage", N_("Stage"), F_REQUIRED | F_LIST, "stage", 13),
	REF("user", N_("By"), F_REQUIRED | F_LIST, "user", 12),
	TYPED("at", FT_DATETIME, N_("At"), F_REQUIRED | F_LIST, 20),
	TEXT("note", N_("Note"), F_LIST, 1000, 24),
};

static const struct field product_fields[] = {
	TEXT("code", N_("Code"), F_REQUIRED | F_LIST | F_UNIQUE, 50, 10),
	TEXT("name", N_("Name"), F_REQUIRED | F_LIST | F_NAME, 200, 28),
	TEXT("line", N_("Product line"), F_LIST, 100, 14),
	MONEY("price", N_("List price"), F_LIST, "currency", 12),
	TYPED("currency", FT_CURRENCY, N_("Currency"), F_LIST, 4),
};

static const struct field activity_fields[] = {
	ENUM("kind", N_("Kind"), F_REQUIRED | F_LIST, activity_kinds, 7),
	TEXT("subject", N_("Subject"), F_REQUIRED | F_LIST, 200, 26),
	TYPED("start", FT_DATETIME, N_("Start"), F_LIST, 20),
	TYPED("end", FT_DATETIME, N_("End"), 0, 20),
	TYPED("due", FT_DATE, N_("Due"), F_LIST, 10),
	{ .key = "all_day", .type = FT_BOOL, .label = N_("All day"), .width = 3, .def = "0" },
	TEXT("location", N_("Location"), 0, 200, 16),
	REF("related", N_("Customer"), F_LIST, "customer", 20),
	{ .key = "status", .type = FT_ENUM, .label = N_("Status"), .flags = F_REQUIRED | F_LIST,
	  .values = activity_statuses, .max_len = 32, .width = 9, .def = "planned" },
	{ .key = "priority", .type = FT_ENUM, .label = N_("Priority"), .values = priorities,
	  .max_len = 16, .width = 6, .def = "normal" },
	INT("reminder", N_("Reminder (minutes before)"), 0, 0, 40320, 5),
};

static const struct field followup_fields[] = {
	REF("related", N_("Customer"), F_LIST, "customer", 20),
	REF("activity", N_("Activity"), 0, "activity", 20),
	TYPED("at", FT_DATETIME, N_("At"), F_REQUIRED | F_LIST, 20),
	/* visit, call, wechat ...: how the follow-up was made */
	ENUM("channel", CN_("follow-up", "Channel"), F_LIST, log_channels, 7),
	TEXT("outcome", N_("Outcome"), F_LIST | F_TITLE, 200, 18),
	NOTE("notes", N_("Notes"), F_LIST | F_BODY),
	TYPED("next_date", FT_DATE, N_("Next follow-up"), F_LIST, 10),
};

const struct entity entity_user = {
	.name = "user", .table = "user", .label = N_("user"), .plural = N_("users"),
	.fields = FIELDS(user_fields), .title_key = "name", .sort_key = "name",
	.flags = E_MANAGER_ONLY,
};
const struct entity entity_account = {
	.name = "account", .table = "account", .label = N_("account"), .plural = N_("accounts"),
	.fields = FIELDS(account_fields), .title_key = "name", .sort_key = "name",
	.fts = "account_fts",
};
const struct entity entity_contact = {
	.name = "contact", .table = "contact", .label = N_("contact"), .plural = N_("contacts"),
	.fields = FIELDS(contact_fields), .title_key = "name", .sort_key = "name",
	.fts = "contact_fts",
};
const struct entity entity_campaign = {
	.name = "campaign", .table = "campaign", .label = N_("campaign"),
	.plural = N_("campaigns"), .fields = FIELDS(campaign_fields), .title_key = "name",
	.sort_key = "name", .flags = E_MANAGER_ONLY,
};
const struct entity entity_lead = {
	.name = "lead", .table = "lead", .label = N_("lead"), .plural = N_("leads"),
	.fields = FIELDS(lead_fields), .title_key = "name", .sort_key = "name",
	.fts = "lead_fts",
};
const struct entity entity_stage = {
	.name = "stage", .table = "stage", .label = N_("stage"), .plural = N_("stages"),
	.fields = FIELDS(stage_fields), .title_key = "name", .sort_key = "position",
	.flags = E_MANAGER_ONLY,
};
const struct entity entity_opportunity = {
	.name = "opportunity", .table = "opportunity", .label = N_("opportunity"),
	.plural = N_("opportunities"), .fields = FIELDS(opportunity_fields), .title_key = "name",
	.sort_key = "name", .fts = "opportunity_fts",
};
const struct entity entity_stage_change = {
	.name = "stage_change", .table = "stage_change", .label = N_("stage change"),
	.plural = N_("stage changes"), .fields = FIELDS(stage_change_fields),
	.title_key = "opportunity", .sort_key = "at", .sort_desc = true,
	.flags = E_APPEND_ONLY | E_HISTORY,
};
const struct entity entity_approval = {
	.name = "approval", .table = "approval", .label = N_("approval"),
	.plural = N_("approvals"), .fields = FIELDS(approval_fields), .title_key = "opportunity",
	.sort_key = "at", .sort_desc = true, .flags = E_APPEND_ONLY | E_HISTORY,
};
const struct entity entity_opportunity_history = {
	.name = "opportunity_history", .table = "opportunity_history",
	.label = N_("opportunity history entry"), .plural = N_("opportunity history entries"),
	.fields = FIELDS(opportunity_history_fields), .title_key = "opportunity", .sort_key = "at",
	.sort_desc = true, .flags = E_APPEND_ONLY | E_HISTORY,
};
const struct entity entity_forecast_snapshot = {
	.name = "forecast_snapshot", .table = "forecast_snapshot",
	.label = N_("forecast snapshot"), .plural = N_("forecast snapshots"),
	.fields = FIELDS(forecast_snapshot_fields), .title_key = "name", .sort_key = "at",
	.sort_desc = true, .flags = E_APPEND_ONLY | E_HISTORY,
};
const struct entity entity_forecast_adjustment = {
	.name = "forecast_adjustment", .table = "forecast_adjustment",
	.label = N_("forecast adjustment"), .plural = N_("forecast adjustments"),
	.fields = FIELDS(forecast_adjustment_fields), .title_key = "period",
	.sort_key = "created_at", .sort_desc = true, .flags = E_APPEND_ONLY | E_MANAGER_ONLY,
};
const struct entity entity_consent = {
	.name = "consent", .table = "consent", .label = N_("consent entry"),
	.plural = N_("consent entries"), .fields = FIELDS(consent_fields), .title_key = "channel",
	.sort_key = "at", .sort_desc = true, .flags = E_APPEND_ONLY,
};
const struct entity entity_team_setting = {
	.name = "team_setting", .table = "team_setting", .label = N_("team setting"),
	.plural = N_("team settings"), .fields = FIELDS(team_setting_fields),
	.title_key = "setting", .sort_key = "created_at", .sort_desc = true,
	.flags = E_APPEND_ONLY | E_MANAGER_ONLY,
};
const struct entity entity_product = {
	.name = "product", .table = "product", .label = N_("product"), .plural = N_("products"),
	.fields = FIELDS(product_fields), .title_key = "name", .sort_key = "name",
	.flags = E_MANAGER_ONLY,
};
const struct entity entity_activity = {
	.name = "activity", .table = "activity", .label = N_("activity"),
	.plural = N_("activities"), .fields = FIELDS(activity_fields), .title_key = "subject",
	.sort_key = "start",
};
const struct entity entity_followup = {
	.name = "followup", .table = "followup", .label = N_("follow-up"),
	.plural = N_("follow-ups"), .fields = FIELDS(followup_fields), .title_key = "outcome",
	.sort_key = "at", .sort_desc = true, .fts = "followup_fts", .flags = E_APPEND_ONLY,
};

const struct entity *const entity_all[] = {
	&entity_user,	  &entity_account,     &entity_contact, &entity_campaign,
	&entity_lead,	  &entity_stage,       &entity_opportunity, &entity_stage_change,
	&entity_approval, &entity_product,     &entity_activity, &entity_followup,
	/* Last: a sync position names a table by its index here (src/sync/push.c). */
	&entity_opportunity_history, &entity_forecast_snapshot, &entity_forecast_adjustment,
	&entity_consent, &entity_team_setting,
	NULL,
};
// clang-format on

/* Compare a typed type name with an entity name: '-' equals '_'; a trailing
 * "s" or "es" (contacts, opportunities -> opportunity) is accepted. */
static bool entity_name_matches(const char *typed, const char *name)
{
	size_t n = strlen(name), t = strlen(typed), i;

	if (t < n)
		return false;
	for (i = 0; i < n; i++) {
		char c = typed[i] == '-' ? '_' : typed[i];

		if (c != name[i]) {
			/* opportunit-ies, activit-ies */
			return name[i] == 'y' && i == n - 1 && strcmp(typed + i, "ies") == 0;
		}
	}
	return typed[n] == '\0' || strcmp(typed + n, "s") == 0;
}

const struct entity *entity_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; entity_all[i]; i++)
		if (entity_name_matches(name, entity_all[i]->name))
			return entity_all[i];
	if (strcmp(name, "log") == 0 || strcmp(name, "logs") == 0 || strcmp(name, "follow-up") == 0)
		return &entity_followup;
	if (strcmp(name, "history") == 0)
		return &entity_opportunity_history;
	if (strcmp(name, "snapshot") == 0 || strcmp(name, "snapshots") == 0)
		return &entity_forecast_snapshot;
	if (strcmp(name, "opp") == 0 || strcmp(name, "deal") == 0 || strcmp(name, "deals") == 0)
		return &entity_opportunity;
	return NULL;
}

int entity_field_index(const struct entity *e, const char *key)
{
	size_t i;

	for (i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].key, key) == 0)
			return (int)i;
	return -1;
}

const struct field *entity_field(const struct entity *e, const char *key)
{
	int i = entity_field_index(e, key);

	return i < 0 ? NULL : &e->fields[i];
}

const char *entity_type_name(enum field_type t)
{
	static const char *const names[] = {
		[FT_TEXT] = N_("text"),
		[FT_NOTE] = N_("note"),
		[FT_ENUM] = N_("choice"),
		[FT_INT] = N_("number"),
		[FT_BOOL] = N_("yes/no"),
		[FT_DATE] = N_("date"),
		[FT_DATETIME] = N_("date and time"),
		[FT_MONEY] = N_("amount"),
		[FT_CURRENCY] = N_("currency"),
		[FT_EMAIL] = N_("email"),
		[FT_PHONE] = N_("phone"),
		[FT_URL] = N_("web address"),
		[FT_REF] = N_("reference"),
		[FT_TAGS] = N_("tags"),
	};

	return _(names[t]);
}

bool entity_type_is_integer(enum field_type t)
{
	return t == FT_INT || t == FT_BOOL || t == FT_MONEY;
}

const char *entity_shown(const struct entity *e)
{
	const char *t = _(e->label);

	return t != e->label ? t : e->name; /* gettext returns its argument untranslated */
}

char *entity_field_shown(const struct field *f)
{
	const char *t = _(f->label);

	return t != i18n_msgid(f->label) ? xasprintf("%s (%s)", t, f->key) : xstrdup(f->key);
}
