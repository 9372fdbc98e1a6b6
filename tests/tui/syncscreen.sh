#!/bin/sh
# syncscreen.sh - screen 8 on a database where every record waits to be
# sent: the changes come a page of 100 at a time (keyset-paged by change
# sequence, never the whole list), with "next changes" and "previous
# changes" lines, in the order and count of `salesterm sync pending`.
. "$(dirname "$0")/lib.sh"

make_demo 300
st sync pending
total=$(printf '%s\n' "$out" | wc -l | tr -d ' ')
# The 1st and the 101st change as `sync pending` lists them: type, title.
first=$(printf '%s\n' "$out" | sed -n 1p | awk '{print $2}')
t101=$(printf '%s\n' "$out" | sed -n 101p | cut -c34- | sed 's/ *$//')
[ "$total" -gt 250 ] && pass "the demo has $total changes to send" || fail "the demo has changes to send" "$out"
tui_start 100 30
keys 8
expect "Changes to send (" "8: the Sync screen lists the changes"
expect_line "Changes to send \([0-9,]+\+?\), 1-100 shown" "a page of 100"
unlike_screen() { if screen | grep -qE -- "$1"; then fail "$2" "unexpected /$1/" "$(screen)"; else pass "$2"; fi; }
unlike_screen "previous changes" "and none to a page before the first"
keys G
expect "next changes" "at the end of the page, a line to the next"
keys Enter
expect_line "Changes to send \([0-9,]+\+?\), 101-200 shown" "Enter on it shows the next 100"
expect_line "^ +[A-Za-z]+ +$t101 " "starting with the 101st change of sync pending"
expect "previous changes" "with a line back"
keys G Enter
expect_line "Changes to send \([0-9,]+\+?\), 201-" "and the page after"
keys g Enter
expect_line "Changes to send \([0-9,]+\+?\), 101-200 shown" "previous changes goes back a page"
keys g Enter
expect_line "Changes to send \([0-9,]+\+?\), 1-100 shown" "and to the first"
is "$first" "user" "the first change is the first written (a user)"
tui_quit "the TUI quits cleanly"

# Exactly a page of changes: no line to a next page that would be empty.
if command -v sqlite3 >/dev/null; then
	for t in user account contact campaign lead stage opportunity stage_change approval \
		product activity followup opportunity_history forecast_snapshot forecast_adjustment consent; do
		sqlite3 "$DB" "UPDATE \"$t\" SET dirty = 0"
	done
	sqlite3 "$DB" "UPDATE contact SET dirty = 1 WHERE n IN (SELECT n FROM contact LIMIT 100)"
	st sync status
	like "$out" "pending +100 local" "a database with 100 changes to send"
	st sync pending
	last=$(printf '%s\n' "$out" | sed -n 100p | cut -c34- | sed 's/^ *//; s/ *$//')
	tui_start 100 30
	keys 8
	expect_line "Changes to send \(100\)$" "the Sync screen shows them as one page"
	keys G
	expect_line "^ +contact +$last " "G goes to the end of the list"
	unlike_screen "next changes" "with no line to a next page"
	tui_quit "the TUI quits cleanly again"
fi
done_testing
