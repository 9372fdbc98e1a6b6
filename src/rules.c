/* rules.c - which rules each record type has (rules.h). */
#include "rules.h"

#include <stddef.h>

#include "account.h"
#include "adjustment.h"
#include "consent.h"
#include "entity.h"
#include "nurture.h"
#include "setting.h"

static const struct {
	const struct entity *entity;
	struct rules rules;
} rule_table[] = {
	{ &entity_user, { user_rule, NULL } },
	{ &entity_account, { account_rule, NULL } },
	{ &entity_campaign, { campaign_rule, NULL } },
	{ &entity_lead, { lead_rule, nurture_lead_after } },
	{ &entity_stage, { stage_rule, NULL } },
	{ &entity_opportunity, { opportunity_rule, opportunity_after } },
	{ &entity_activity, { activity_rule, NULL } },
	{ &entity_followup, { followup_rule, followup_after } },
	{ &entity_forecast_adjustment, { adjustment_rule, NULL } },
	{ &entity_consent, { consent_rule, NULL } },
	{ &entity_team_setting, { setting_rule, NULL } },
};

const struct rules *rules_of(const struct entity *e)
{
	static const struct rules none = { NULL, NULL };

	for (size_t i = 0; i < sizeof(rule_table) / sizeof(rule_table[0]); i++)
		if (rule_table[i].entity == e)
			return &rule_table[i].rules;
	return &none;
}
