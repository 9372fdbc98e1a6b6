#!/bin/sh
# analytics.sh - a on the Funnel opens the funnel analytics: closed deals,
# win rate, cycle and velocity, a funnel of bars with conversion, days and
# idle deals per stage, lost reasons ranked; [ ] move the period, p changes
# its length; @ shows the figures as of a date (those of `report funnel
# --as-of`), empty goes back to now; it fits 80x24; Esc goes back to the Funnel.
. "$(dirname "$0")/lib.sh"

make_demo 300
st user use 陈建国
tui_start 80 24
keys 4 a
expect "Funnel analytics  2026Q4  2026-10-01 .. 2026-12-31" "a: the analytics of this quarter"
expect_line "^ Closed [0-9]+: won [0-9]+, lost [0-9]+\. Win rate [0-9.]+% \([0-9.]+% by amount\)\. Avg deal [0-9.KM]+\.\$" \
	"closed deals and the win rate by count and amount"
expect_line "^ Cycle [0-9.]+ days\. Open deals [0-9]+\. Velocity [0-9.KM]+ CNY a day\." \
	"cycle, open deals and velocity"
expect_line "^ Stage .* Reached +To next +Days +Idle *\$" "per stage"
expect_line "^ Prospecting +█+ +[0-9]+ +[0-9.]+% +[0-9.]+ +[0-9]+ *\$" \
	"a bar, conversion, days and idle deals on one line"
expect_line "^ Lost reason " "the lost reasons"
w=$(screen_width)
is "$([ "$w" -le 80 ] && echo fits)" "fits" "nothing is wider than 80 columns ($w)"
st report funnel --as-of 2026-10-20 --format csv
then=$(printf '%s\n' "$out" | tr -d '\r' | sed -n '/^closed,won,lost/{n;p}' | cut -d, -f1-3)
st report funnel --format csv
now=$(printf '%s\n' "$out" | tr -d '\r' | sed -n '/^closed,won,lost/{n;p}' | cut -d, -f1-3)
is "$([ -n "$then" ] && [ "$then" != "$now" ] && echo differ)" "differ" \
	"the demo's funnel on 2026-10-20 ($then) is not today's ($now)"
keys @
expect "As of the end of" "@ asks for the date"
typed "2026-10-20"
keys Enter
expect "Funnel analytics  2026Q4  2026-10-01 .. 2026-12-31  as of 2026-10-20  CNY" \
	"the title says as of when"
expect "Closed $(echo "$then" | sed 's/^\([0-9]*\),\([0-9]*\),\([0-9]*\)$/\1: won \2, lost \3./')" \
	"the figures of report funnel --as-of 2026-10-20"
keys @ C-u Enter
expect_gone "as of 2026-10-20" "an empty date goes back to now"
expect "Closed $(echo "$now" | sed 's/^\([0-9]*\),\([0-9]*\),\([0-9]*\)$/\1: won \2, lost \3./')" \
	"today's figures again"
keys @
typed "2026-10-40"
keys Enter
expect "is not a date" "a date that is not one is refused"
keys [
expect "Funnel analytics  2026Q3  2026-07-01 .. 2026-09-30" "[: the quarter before"
keys p
expect "Funnel analytics  2026  2026-01-01 .. 2026-12-31" "p: the year"
keys Escape
expect_line "^ Funnel " "Esc: back to the Funnel"
keys q
tui_stop

# Counts read with thousands separators, as everywhere else: a year of a
# 20,000-contact demo closes more than a thousand deals.
rm -f "$DB"
make_demo 20000
st user use 陈建国
st report funnel --period 2026 --format csv
year=$(printf '%s\n' "$out" | tr -d '\r' | sed -n '/^closed,won,lost/{n;p}' | cut -d, -f1)
tui_start 80 24
keys 4 a p
expect "Funnel analytics  2026  2026-01-01 .. 2026-12-31" "the year"
grouped=$(printf '%s' "$year" | sed ':a;s/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/;ta')
is "$([ "${year:-0}" -ge 1000 ] && echo many)" "many" "more than a thousand closed ($year)"
expect "Closed $grouped: won " "the count of closed deals with a separator ($grouped)"
keys q
tui_stop
done_testing
