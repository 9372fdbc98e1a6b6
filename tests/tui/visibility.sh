#!/bin/sh
# visibility.sh - whether reps see colleagues' quotas and attainment on the
# Forecast (7) is the manager's setting (issue 12): the title says which way
# it is; a rep's V is refused; the manager's V lets reps see each
# colleague's quota, won, attainment and gap (never their pipeline) and
# takes it back again.
. "$(dirname "$0")/lib.sh"

make_demo 300
st user use 王磊
tui_start 80 24
keys 7
expect "Forecast  2026Q4  2026-10-01 .. 2026-12-31  CNY  reps see own quota" \
	"the title says reps see their own quota (the default)"
expect_line "^ 王磊 +420K " "a rep's own row"
expect_gone "张伟" "and no colleague's"
keys V
expect "only a manager may change team settings" "a rep's V is refused"
expect "reps see own quota" "and nothing changes"
keys q
tui_stop
st forecast visibility
like "$out" "quota visibility: own" "nothing was recorded"

st user use 陈建国
tui_start 80 24
keys 7
expect "reps see own quota" "the manager sees the setting too"
keys V
expect "Reps now see all quotas" "the manager's V lets reps see them"
expect "reps see all quotas" "and the title says so"
keys q
tui_stop

st user use 王磊
tui_start 80 24
keys 7
expect "reps see all quotas" "the rep's title says so"
expect_line "^ 王磊 +420K " "the rep's own row first"
expect_line "^ 张伟 +420K +[0-9.KM]+ +[0-9.]+%" "a colleague's quota, won and attainment"
line=$(screen | grep '^ 张伟 ')
is "$(printf '%s' "$line" | tr -s ' ' | wc -w)" "4" "and nothing else of hers (no commit, pipeline or coverage): $line"
expect_line "^ 李娜 " "every colleague"
keys j j Enter
expect "a colleague's row shows their quota and attainment only" "Enter on a colleague says what it shows"
keys q
tui_stop

st user use 陈建国
tui_start 80 24
keys 7 V
expect "Reps now see only their own quota" "V again takes it back"
keys q
tui_stop
st user use 王磊
tui_start 80 24
keys 7
expect "reps see own quota" "and the rep's Forecast"
expect_gone "张伟" "shows no colleague again"
keys q
tui_stop
done_testing
