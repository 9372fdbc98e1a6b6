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

# In Traditional Chinese the headings are wider than the English ones: each
# column takes its heading's display width, none is cut.
top=${top_srcdir:-$(dirname "$0")/../..}
if command -v msgfmt >/dev/null 2>&1 && locale -a 2>/dev/null | grep -qix 'zh_TW.utf-\{0,1\}8'; then
	mkdir -p "$WORK/locale/zh_TW/LC_MESSAGES"
	msgfmt -o "$WORK/locale/zh_TW/LC_MESSAGES/salesterm.mo" "$top/po/zh_TW.po"
	TUI_ENV="LANG=zh_TW.UTF-8 SALESTERM_LOCALEDIR=$WORK/locale"
	tui_start 80 24
	keys 3 C
	expect_line "^ 行銷活動 +報酬率長條圖 +報酬率 +潛在客戶 +贏單 +收入 +成本 *\$" \
		"zh_TW: every heading whole (潛在客戶 is 8 columns)"
	expect_line "^ 客户转介绍计划 .* - +[0-9]+ +[0-9]+ " "zh_TW: the figures under them"
	w=$(screen_width)
	is "$([ "$w" -le 80 ] && echo fits)" "fits" "zh_TW: nothing is wider than 80 columns ($w)"
	keys q
	tui_stop
fi
done_testing
