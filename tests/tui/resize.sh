#!/bin/sh
# resize.sh - from 100x30 to 80x24 and back; narrower than 80 columns shows a
# message instead of a broken layout; CJK columns stay aligned at 80.
. "$(dirname "$0")/lib.sh"

make_demo 300
tui_start 100 30
keys 2
expect "Name ▲" "contacts at 100x30"
expect_line "Email *$" "the email column fits at 100"
tmux -L "$SOCK" resize-window -t "$SESSION" -x 80 -y 24
expect_line "\+86 1[0-9]{2} [0-9]{4} [0-9]{4}  [^ ]+~" \
	"at 80x24 text is cut to keep the columns: the mobile whole, the email cut"
expect_line "^ 1 Today 2 Contacts .* 8 Sync *$" "the screen bar holds the eight screens (help stays on ?)"
w=$(screen_width)
is "$([ "$w" -le 80 ] && echo fits)" "fits" "nothing is wider than 80 columns ($w)"
is "$(screen | wc -l)" "24" "24 lines"
expect_line "^Enter 360" "the status line is on the last line"
keys /
typed "张"
expect "search: 张" "search at 80x24"
keys Enter
h=$(dcol "Name" "Account")
first=$(screen | awk '/^ 张/ { print; exit }' | sed 's/^ //' | awk '{ print $1 }')
c=$(dcol " $first" "$(screen | awk '/^ 张/ { print; exit }' | awk '{ print $2 }' | cut -c1-3)")
is "$c" "$h" "a CJK row's account starts under the Account header at 80 columns"
tmux -L "$SOCK" resize-window -t "$SESSION" -x 70 -y 20
expect "salesterm needs a terminal of at least 80x24" "narrower than 80: a clear message"
expect "this one is 70x20: make it larger (q quits)" "that says what to do"
keys j
expect "this one is 70x20" "keys do nothing meanwhile"
tmux -L "$SOCK" resize-window -t "$SESSION" -x 100 -y 30
expect "search: 张" "back at 100x30 the screen returns as it was"
expect_line "Email *$" "with every column"
keys 4
expect "Prospecting" "the funnel at 100"
tmux -L "$SOCK" resize-window -t "$SESSION" -x 80 -y 24
expect_line "^Prospecting +Qualificat" "the funnel's columns shrink at 80"
keys 5 M
tmux -L "$SOCK" resize-window -t "$SESSION" -x 120 -y 40
expect_line "^Mon +Tue +Wed" "the month grid redraws at 120x40"
tmux -L "$SOCK" resize-window -t "$SESSION" -x 60 -y 24
expect "this one is 60x24" "too narrow again"
keys q
deadline=$(($(date +%s) + TUI_TIMEOUT))
while [ ! -s "$WORK/exit" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.05; done
is "$(cat "$WORK/exit" 2>/dev/null)" "0" "q still quits from the message"
is "$(cat "$WORK/stderr" 2>/dev/null)" "" "with nothing on stderr"

# Colours, and none with NO_COLOR: the selection is still shown (reverse video).
tui_start 100 30
esc=$(printf '\033')
colour="$esc\\[([0-9]+;)*(3[0-8]|4[0-8])(;[0-9]+)*m"
like "$(screen_attrs)" "$colour" "colours by default"
tui_quit "quits"
TUI_ENV="NO_COLOR=1"
tui_start 100 30
keys 2
expect "Name ▲" "the contacts without colours"
if screen_attrs | grep -Eq "$colour"; then
	fail "NO_COLOR: no colour codes" "$(screen_attrs | head -5)"
else
	pass "NO_COLOR: no colour codes"
fi
like "$(screen_attrs)" "$(printf '\033')\\[[0-9;]*7m" "the selected line in reverse video"
tui_quit "quits"
done_testing
