#!/bin/sh
# nurture.sh - lead nurturing and consent in the terminal UI: N on the Leads
# screen asks the cadence and schedules the next touch; a nurturing lead
# left past its cadence is marked "!" in the Leads list and listed on Today;
# the 360-degree views show a lead's cadence and a contact's consent.
. "$(dirname "$0")/lib.sh"

st lead add name=张伟 company=华为科技有限公司 phone=13800000000
st lead add name="Old Lead" company="Stale Co" phone=123
# Old Lead entered nurturing on 11-01, every 7 days, and was never touched:
# due 11-08, 15 days late on 11-23 (the tests' today).
SALESTERM_NOW=2026-11-01T01:00:00Z st lead nurture "Old Lead" --every 7
st activity list related="Old Lead" --json
old_act=$(printf '%s' "$out" | sed -n 's/.*"id":[[:space:]]*"\([^"]*\)".*/\1/p' | head -1)
st activity delete "$old_act" # the planned touch dropped: nothing shows it is late but the flag
st contact add name=Anna email=anna@example.org
st consent give Anna email --how "trade fair" --at "2026-11-20 10:00"
st consent withdraw Anna sms --at "2026-11-21 10:00"

tui_start 100 30
expect "Nurturing leads overdue for a touch (1)" "Today lists the overdue nurturing lead"
expect_line "15 days late +lead +Old Lead +Stale Co" "with the days late"

keys 3
expect "open leads" "the Leads screen"
expect_line "^!Old Lead" "the overdue nurturing lead is marked"
expect_line "^ 张伟" "the others are not"
keys /
typed "张伟"
keys Enter
expect_line "^ 张伟 " "the lead selected"
keys N
expect "Nurture every (days): 14" "N asks the cadence, 14 by default"
keys C-u
typed "10"
keys Enter
expect '"张伟" is nurtured every 10 days; the next touch is on the schedule' "nurtured"
st activity list related=张伟 --json
like "$(printf '%s' "$out" | tr -d '\n\t ')" '"due":"2026-12-03"' "the touch is due 10 days on"
keys Enter
expect "Nurture:" "the lead's 360-degree view"
expect "every 10 days; next touch due 2026-12-03" "shows the cadence and the touch due"
keys Escape

keys 2
expect "Anna" "the contacts"
keys /
typed "Anna"
keys Enter
keys Enter
expect "Consent:" "the contact's 360-degree view"
expect "email given 2026-11-20 (trade fair), sms withdrawn 2026-11-21" \
	"shows the consent in force per channel"

tui_quit "quits cleanly"
done_testing
