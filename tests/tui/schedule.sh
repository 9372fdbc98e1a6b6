#!/bin/sh
# schedule.sh - screen 5: day, week, month and year views in local time;
# add an activity (a time alone means today), overlaps marked, complete it
# with a follow-up log that schedules the next one, reschedule that.
. "$(dirname "$0")/lib.sh"

st account add name=华为科技有限公司
st contact add name=张伟 account=华为科技有限公司
st activity add kind=meeting subject=周会 start='2026-11-23 14:40' end='2026-11-23 15:30'
tui_start 100 30
keys 5
expect "Day  Mon 2026-11-23" "5 shows today's schedule"
expect "周会" "with its activity"

keys n
expect "New activity" "n opens the activity form"
expect_line "Kind\* +call" "the kind is filled in"
expect_line "Start +2026-11-23 09:00" "and the day shown"
keys Tab
typed "续约"
keys Tab
keys C-u
typed "14:30"
keys Tab
expect_line "Start +2026-11-23 14:30" "a time alone is today at that time"
keys Tab Tab Tab Tab
expect ">Customer" "on to the customer"
typed "张"
expect "│ 张伟" "type-ahead finds the customer by one character"
keys Enter C-s
expect 'added activity "续约"' "saved"
expect_line "^ !14:30 +call +续约 +张伟" "the new call, marked as overlapping"
expect_line "^ !14:40-15:30 +meeting +周会" "and the meeting it overlaps"
# The kind is a column of its own: 续约 after "call" and 周会 after
# "meeting" start in the same column.
a=$(screen | python3 -S -c '
import sys, re
cols = set()
for line in sys.stdin.read().split("\n"):
    m = re.search(r" (call|meeting) +(\S)", line)
    if m and line.startswith(" !14:"):
        cols.add(m.start(2))
print(len(cols))')
is "$a" "1" "the subjects of a call and a meeting start in one column"

keys W
expect "Week  Mon 2026-11-23" "W: the week"
expect_line "^Mon 11-23 +Tue 11-24" "days as columns"
expect "!14:30 续约" "with the activities"
keys M
expect_line "^Mon +Tue +Wed" "M: the month as a grid"
expect "2026-11-23: 2 activities" "the selected day's count"
expect_line "^14:30 续约" "a day shows its first activities, not only a count"
expect_line "14:40 周会" "both of them"
keys l
expect "2026-11-24: 0 activities" "l moves a day"
keys Y
expect "less · ░ ▒ ▓ █ more" "Y: the year as a heat map of busy days"
expect_line "^ +Jan .*Dec" "with the months"
keys t D
expect "Day  Mon 2026-11-23" "t and D: back to today"

# Complete: the log entry opens and its next date schedules the next call.
keys g
expect_line "!14:30 +call +续约" "the call is selected first"
keys x
expect 'Done: call "续约". What happened?' "x opens the follow-up log"
typed "客户同意续约"
keys Tab
typed "谈了价格和交付时间"
keys Tab
typed "+3d"
keys C-s
expect 'completed "续约" and logged it; next follow-up scheduled for 2026-11-26' "completed and logged"
st activity show 续约 --json
like "$out" '"status":[[:space:]]+"done"' "the call is done"
st followup list --json
like "$out" '"outcome":[[:space:]]+"客户同意续约"' "the log is written"
keys ] ] ]
expect "Day  Thu 2026-11-26" "] moves a day on"
expect_line "due +call +Follow up with 张伟" "the next follow-up is on the schedule"
keys R
expect "Reschedule to" "R asks the new time"
keys C-u
typed "2026-11-27 10:00"
keys Enter
expect 'rescheduled "Follow up with 张伟" to 2026-11-27 10:00' "rescheduled"
keys l
expect_line "10:00 +call +Follow up with 张伟" "it moved to Friday at 10:00"
keys x Escape
expect "cancelled; nothing was saved" "x then Esc completes nothing"
st activity show "Follow up with 张伟" --json
like "$out" '"status":[[:space:]]+"planned"' "still planned"
tui_quit "quits cleanly"

# The week starts on the locale's first day: Sunday in zh_TW.
if locale -a 2>/dev/null | grep -qix 'zh_TW.utf-\{0,1\}8'; then
	# no catalogue (the build tree's own would translate the day names)
	TUI_ENV="LANG=zh_TW.UTF-8 SALESTERM_LOCALEDIR=$WORK/nolocale"
	tui_start 100 30
	keys 5 M
	expect_line "^Sun +Mon +Tue +Wed +Thu +Fri +Sat *\$" "zh_TW: the month starts on Sunday"
	keys W
	expect_line "^Sun 11-22 +Mon 11-23 " "and the week"
	tui_quit "quits cleanly"
	# In Chinese the week's cells keep a due activity's word whole (it was cut
	# after 5 bytes, in the middle of 截止).
	if command -v msgfmt >/dev/null 2>&1; then
		mkdir -p "$WORK/locale/zh_TW/LC_MESSAGES"
		msgfmt -o "$WORK/locale/zh_TW/LC_MESSAGES/salesterm.mo" \
			"${top_srcdir:-$(dirname "$0")/../..}/po/zh_TW.po" 2>/dev/null
		st activity add kind=task subject=准备报价 due=2026-11-24
		TUI_ENV="LANG=zh_TW.UTF-8 SALESTERM_LOCALEDIR=$WORK/locale"
		tui_start 100 30
		keys 5 W
		expect "截止 准备报价" "zh_TW: a due activity in the week, its word whole"
		tui_quit "quits cleanly"
	fi
	TUI_ENV=""
else
	echo "ok $((tap_n += 1)) # SKIP no zh_TW.UTF-8 locale (build-aux/deps makes it)"
fi
done_testing
