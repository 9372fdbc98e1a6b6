#!/bin/sh
# rep.sh - Enter on a rep of the Forecast (7) opens the rep's profile: per
# figure the period's total, this week's and a sparkline of the last 12
# weeks (the figures of `report reps`), their conversion at each stage
# against the team's with the stage where they lose most deals called out;
# [ ] move the period; Esc goes back. A rep opens their own profile, a
# manager anyone's. A figure wider than its column is shown whole.
. "$(dirname "$0")/lib.sh"

make_demo 300
# csv_field CSV-LINE N - the Nth field of a line of `report reps --format csv`.
csv_field() { printf '%s\n' "$1" | cut -d, -f"$2"; }

st user whoami
me=$(printf '%s\n' "$out" | cut -d' ' -f1)
# Won today: this week's revenue is over 12 million (14 columns).
st account add "name=Big Co"
st opportunity add "name=Big win" amount=12345678.90 close_date=2026-11-23 "account=Big Co"
st opportunity move "Big win" "Closed Won"
is "$rc" 0 "a deal of 12,345,678.90 won today: $err"
st report reps --owner "$me" --format csv
line=$(printf '%s\n' "$out" | tr -d '\r' | sed -n 2p)
spark=$(printf '%s\n' "$out" | tr -d '\r' | sed -n '/^name,followups,done/{n;p}' | cut -d, -f2)
tui_start 80 24
keys 7
expect_line "^ $me +[0-9.KM]+ " "the Forecast"
keys Enter
expect "Rep  $me  2026Q4  2026-10-01 .. 2026-12-31" "Enter on the Forecast: the rep's own profile"
expect_line "^ Calls logged +$(csv_field "$line" 2) +[0-9]+ [▁▂▃▄▅▆▇█]{12} *\$" \
	"calls: the period's total, this week's and 12 weeks as a sparkline"
expect_line "^ Follow-ups logged +$(csv_field "$line" 5) +[0-9]+ $spark *\$" \
	"follow-ups logged: the sparkline of report reps"
expect_line "^ Activities planned +$(csv_field "$line" 7) " "activities planned"
expect_line "^ Deals won +$(csv_field "$line" 10) " "deals won"
expect_line "^ Attainment +$(csv_field "$line" 12)% *\$" "attainment"
expect_line "^ Quota +¥[0-9,]+\.[0-9]{2} *\$" "of the quota, whole"
expect_line "^ Revenue +¥[0-9,]+\.[0-9]{2} +¥1[0-9],[0-9]{3},[0-9]{3}\.[0-9]{2} [▁▂▃▄▅▆▇█]{12} *\$" \
	"this week's revenue of over 12 million whole"
w=$(screen_width)
is "$([ "$w" -le 80 ] && echo fits)" "fits" "nothing is wider than 80 columns ($w)"
keys G
expect_line "^ State: on to the next stage +Rep +Team" "the state: conversion, the rep's and the team's"
keys [
expect "Rep  $me  2026Q3  2026-07-01 .. 2026-09-30" "[: the quarter before"
keys Escape
expect_line "^ Forecast  2026Q4" "Esc: back to the Forecast"
keys q
tui_stop

# A manager opens any rep's; the first rep of the demo loses most at a stage.
st user use 陈建国
st report reps --format csv
first=$(printf '%s\n' "$out" | tr -d '\r' | sed -n 2p)
name=$(csv_field "$first" 1)
weakest=$(csv_field "$first" 15)
tui_start 80 24
keys 7
expect_line "^ $name +[0-9.KM]+ " "the manager's Forecast"
keys g Enter
expect "Rep  $name  2026Q4" "the manager opens $name's profile"
expect "Loses most deals at $weakest:" "the stage where $name loses most deals is called out first"
# Whole at 80 columns, wrapped if need be: the lines from it to the blank
# one, joined, end with the team's figure (once cut: "the team 92.~").
said=$(screen | sed -n '/Loses most deals/,/^ *$/p' | tr '\n' ' ' | tr -s ' ')
case $said in
*" the team "[0-9]*.[0-9]"%. "*) pass "the sentence whole at 80 columns, the team's figure too" ;;
*) fail "the sentence whole at 80 columns, the team's figure too" "said: $said" ;;
esac
keys Escape j Enter
expect_gone "Rep  $name  2026Q4" "j Enter: the next rep's"
expect_line "^ Rep  [^ ]+  2026Q4" "another rep's profile"
keys q
tui_stop
done_testing
