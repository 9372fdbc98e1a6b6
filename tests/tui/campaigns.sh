#!/bin/sh
# campaigns.sh - C on the Leads screen opens campaign ROI: the campaigns
# that ran this year, best ROI first, each a bar against the largest (a
# loss as shaded), leads, won deals, revenue and cost; a campaign with no
# cost says its ROI is undefined; the leads with no campaign last; it fits
# 80x24; [ ] move the period, p changes its length; Esc goes back.
. "$(dirname "$0")/lib.sh"

make_demo 300
st user use 陈建国
tui_start 80 24
keys 3 C
expect "Campaigns  2026  2026-01-01 .. 2026-12-31  first touch" "C: this year's campaigns"
expect_line "^ Campaign +ROI bar +ROI +Leads +Won +Revenue +Cost *\$" \
	"the columns"
expect_line "^ 客户转介绍计划 +no cost: no ROI +- +[0-9]+ +[0-9]+ " \
	"the campaign with no cost: no ROI, said so"
expect_line "^ [^ ].* ░+ +-[0-9.]+% +[0-9]+ +0 +0 +[0-9.KM]+ *\$" "a campaign that lost: a shaded bar"
expect_line "^ \(no campaign\) +no campaign +- +[0-9]+ " "the leads with no campaign"
w=$(screen_width)
is "$([ "$w" -le 80 ] && echo fits)" "fits" "nothing is wider than 80 columns ($w)"
keys p
expect "Campaigns  2026-11  2026-11-01 .. 2026-11-30" "p: the month"
keys [
expect "Campaigns  2026-10  2026-10-01 .. 2026-10-31" "[: the month before"
keys Escape
expect_line "^ Leads " "Esc: back to the Leads"
keys q
tui_stop
done_testing
