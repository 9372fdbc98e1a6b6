#!/bin/sh
# changes.sh - c on the Forecast opens what changed in the pipeline: a
# waterfall per currency from then to now, one line per group of deals with
# its count and amount; Enter on a group lists its deals with their amounts
# and close dates then and now; w compares with 4 weeks back; it fits 80x24;
# Esc goes back to the groups, then to the Forecast. S on the Forecast
# freezes its figures as a snapshot. An amount wider than its column is
# shown whole, the names giving way.
. "$(dirname "$0")/lib.sh"

make_demo 300
st user use 陈建国
st opportunity add "name=AAA big deal" amount=12345678.90 close_date=2026-12-20
tui_start 80 24
keys 7 c
expect "What changed  2026Q4  2026-10-01 .. 2026-12-31  since 2026-11-16" \
	"c: this quarter's changes since a week back"
expect_line "^ Pipeline +Cur +Deals +Amount *\$" "a waterfall"
expect_line "^ Then +CNY +¥[0-9,.]+ *\$" "from the pipeline then"
expect_line "^ Now +CNY +¥[0-9,.]+ *\$" "to the pipeline now"
w=$(screen_width)
is "$([ "$w" -le 80 ] && echo fits)" "fits" "nothing is wider than 80 columns ($w)"
keys w
expect "since 2026-10-26" "w: 4 weeks back"
expect_line "^ (Pushed out|Amount down|Amount up|Pulled out|Won|Lost|New|Moved in) +CNY +[0-9]+ +[-+]¥[0-9,.]+ *\$" \
	"groups with a count and an amount"
keys j Enter
expect_line "\(CNY\): the deals, then and now" "Enter: the deals of a group"
expect_line "^ Deal +Then +Now +Close then +Close now" "with their values then and now"
keys Escape
expect_line "^ Pipeline +Cur +Deals +Amount *\$" "Esc: back to the groups"
keys Escape
expect_line "^ Forecast " "Esc again: back to the Forecast"
st forecast_snapshot count
before=$out
keys S
expect "Forecast 2026Q4 frozen as" "S freezes the forecast as a snapshot"
keys c
expect_line "^ New +CNY +[0-9]+ +[+]¥[0-9,.]+ *\$" "c again: the new deals first"
keys j Enter
expect_line "^ AAA big deal +- +¥12,345,678\.90 +- +2026-12-20 *\$" \
	"an amount of 14 columns whole at 80 columns"
w=$(screen_width)
is "$([ "$w" -le 80 ] && echo fits)" "fits" "still no wider than 80 columns ($w)"
keys Escape Escape
keys q
tui_stop
st forecast_snapshot count
is "$out" $((before + 1)) "the snapshot is stored (beside the demo's $before forecast calls)"
done_testing
