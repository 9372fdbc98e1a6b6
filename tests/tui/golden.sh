#!/bin/sh
# golden.sh - the main screens, exactly as a user sees them, against golden
# copies under tests/tui/golden/ (cmp), at 80x24 and 120x40 (the rep's
# profile at 80x24 and 200x50).
#
# A fixed small demo database (seed 1, 300 contacts) with the time and zone
# pinned (lib.sh), CJK names next to Latin ones. Each screen is captured
# once it has stopped changing. To accept a change on purpose, regenerate
# the copies with tests/tui/golden-update.sh BUILDDIR and read `git diff
# tests/tui/golden/` before committing them.
. "$(dirname "$0")/lib.sh"

GOLDEN=${top_srcdir:-$(dirname "$0")/../..}/tests/tui/golden
UPDATE=${SALESTERM_GOLDEN_UPDATE:-0}

# settled - the screen once two captures 0.3 s apart agree (at most 10 s).
settled() {
	_prev=$(screen)
	for _ in $(seq 1 33); do
		sleep 0.3
		_now=$(screen)
		[ "$_now" = "$_prev" ] && break
		_prev=$_now
	done
	printf '%s\n' "$_now"
}

# golden NAME MARKER DESCRIPTION - wait for MARKER, then compare the screen
# with $GOLDEN/$size/NAME.txt (or write it when updating).
golden() {
	_file="$GOLDEN/$size/$1.txt"
	if ! wait_for "$2"; then
		fail "$3 ($size)" "never saw: $2" "screen:" "$(screen)"
		return
	fi
	settled >"$WORK/now.txt"
	if [ "$UPDATE" = 1 ]; then
		mkdir -p "$GOLDEN/$size"
		cp "$WORK/now.txt" "$_file"
		pass "$3 ($size): written"
	elif [ ! -f "$_file" ]; then
		fail "$3 ($size)" "no golden copy $_file: run tests/tui/golden-update.sh"
	elif cmp -s "$_file" "$WORK/now.txt"; then
		pass "$3 ($size)"
	else
		fail "$3 ($size)" "the screen differs from $_file:" \
			"$(diff -u "$_file" "$WORK/now.txt" | head -60)"
	fi
}

make_demo 300
for size in 80x24 120x40; do
	tui_start "${size%x*}" "${size#*x}"
	golden today "Rotting deals" "1: Today"
	keys 2
	golden contacts "Contacts" "2: Contacts"
	keys Tab
	golden accounts "Accounts" "2 Tab: Accounts"
	keys Tab 2 Enter
	golden contact360 "Follow-ups" "Enter: a contact's 360° view"
	keys Escape 3
	golden leads "Leads" "3: Leads"
	keys 4
	golden funnel "Funnel" "4: the Funnel"
	keys 5
	golden schedule "Schedule" "5: the Schedule"
	keys 6
	golden followups "Follow-ups" "6: Follow-ups"
	keys 7
	golden forecast "Forecast" "7: Forecast"
	keys 8
	golden sync "Sync" "8: Sync"
	keys 9
	golden help "Help" "9: Help"
	keys Escape q
	tui_stop
done
# The rep's profile (ui/view_rep.c, Enter on the Forecast) at the smallest
# terminal and a large one.
for size in 80x24 200x50; do
	tui_start "${size%x*}" "${size#*x}"
	keys 7
	wait_for "Attain" || fail "7: the Forecast ($size)" "never saw its figures"
	keys Enter
	golden rep "Activities per stage advanced" "7 Enter: the rep's profile"
	keys Escape q
	tui_stop
done
done_testing
