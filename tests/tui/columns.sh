#!/bin/sh
# columns.sh - whole numbers on screen (issue 12): at 80x24 and 200x50 list
# columns have natural widths, phone numbers and amounts are never cut (a
# less important column goes first), text grows fairly; Today's kind and
# subject are separate aligned columns; the CLI's lists follow the same rule.
. "$(dirname "$0")/lib.sh"

make_demo 300
st user whoami
me=${out%% (*}
st user use 陈建国
st user add name=大客户经理 email=big@example.com role=rep quota=4044760000
is "$rc" "0" "a manager adds a rep with a ten-digit quota"
st user use "$me"
st activity add kind=visit subject=拜访客户 "start=2026-11-23 10:00"
st activity add kind=meeting subject=周会 "start=2026-11-23 11:00"
for size in "80 24" "200 50"; do
	tui_start $size
	keys 2
	expect_line "Contacts +[0-9,]+ contacts" "$size: the contacts"
	cut=$(screen | grep -cE '\+[0-9]{2} [0-9 ]*~' || true)
	is "$cut" "0" "$size: no phone number is cut"
	whole=$(screen | grep -cE '\+86 1[0-9]{2} [0-9]{4} [0-9]{4}' || true)
	ok_whole=$([ "$whole" -ge 10 ] && echo yes || echo "only $whole")
	is "$ok_whole" "yes" "$size: whole mobile numbers on every row"
	keys Tab
	expect_line "Accounts +[0-9,]+ accounts" "$size: the accounts"
	cut=$(screen | grep -cE '\+[0-9]{2} [0-9 ]*~' || true)
	is "$cut" "0" "$size: no account phone number is cut"
	keys 1
	expect "Rotting deals" "$size: Today"
	# Kind and subject are columns of their own: in each section (sections
	# are apart by a blank line), every subject starts in the same column
	# whatever the kind before it.
	a=$(screen | python3 -S -c '
import sys, unicodedata, re
kinds, bad = set(), 0
for block in sys.stdin.read().split("\n\n"):
    cols = set()
    for line in block.split("\n"):
        m = re.search(r" (call|visit|meeting|email|task) +(\S)", line)
        if m:
            kinds.add(m.group(1))
            cols.add(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line[:m.start(2)]))
    bad += len(cols) > 1
print("%d kinds, %d sections unaligned" % (len(kinds), bad))')
	is "$a" "3 kinds, 0 sections unaligned" "$size: Today's kind and subject are separate, aligned columns"
	if [ "$(screen_width)" -le "${size% *}" ]; then pass "$size: every line fits"; else fail "$size: every line fits" "$(screen)"; fi
	tui_quit "$size: quits cleanly"
done
# Wider screens use the width: at 200 columns the email is not cut.
tui_start 200 50
keys 2
expect_line "Contacts +[0-9,]+ contacts" "200 columns: the contacts"
cut=$(screen | grep -cE '@[^ ]*~' || true)
is "$cut" "0" "200 columns: no email is cut"
tui_quit "quits cleanly"

# The CLI: into a pipe every column has its natural width, and on an
# 80-column terminal the quota stays whole (a less important column goes).
# As the manager: a rep sees a colleague's quota only when the team shows
# quotas (forecast visibility, tests/cli/visibility.sh).
st user use 陈建国
st user list
like "$out" "大客户经理 .* ¥4,044,760,000\\.00" "a piped user list shows the quota whole"
if printf '%s\n' "$out" | grep -q '~'; then fail "nothing is cut in a pipe" "$out"; else pass "nothing is cut in a pipe"; fi
tmux_session cli 80 24 "'$SALESTERM' --db '$DB' user list; sleep 60"
SESSION=cli
expect_line "大客户经理 .* ¥4,044,760,000\\.00" "on an 80-column terminal the quota is whole"
expect_gone "4,044,760,00~" "and never cut"
done_testing
