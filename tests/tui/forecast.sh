#!/bin/sh
# forecast.sh - screen 7 as a manager sees it: every rep, each territory and
# the team on one line each at 80x24 (shortened amounts, no wrapping), whole
# amounts and every column at 200x50, deals in another currency shown apart
# (on the Funnel too); A adjusts a rep's commit, shown beside hers and rolled
# up; t types a period (a range of days too); and as a rep: their own figures
# only, and no adjusting.
. "$(dirname "$0")/lib.sh"

make_demo 300
st user use 陈建国
st opportunity add name="Dollar deal" amount=12000 currency=USD close_date=2026-11-30
tui_start 80 24
keys 7
expect "Forecast  2026Q4  2026-10-01 .. 2026-12-31  CNY" "7: the quarter, for the manager"
for rep in 张伟 李娜 王磊; do
	# The demo's adjustments take the place of coverage at 80 columns.
	expect_line "^ $rep +[0-9.KM]+ +[0-9.KM]+ .* [0-9.]+%( +([0-9.]+x|-))? *\$" \
		"$rep's row holds attainment on one line at 80x24"
done
for t in 华北 华南 华东; do
	expect_line "^ $t +[0-9.KM]+ " "the subtotal of territory $t"
done
expect_line "^ team +1\.[12]M " "the team's total: the quota of 1,170,000 shortened"
expect "+ 1 deal in USD, not added in" "the dollar deal is not added in"
w=$(screen_width)
is "$([ "$w" -le 80 ] && echo fits)" "fits" "nothing is wider than 80 columns ($w)"
tmux -L "$SOCK" resize-window -t "$SESSION" -x 200 -y 50
expect_line "Attain +Cover +Gap +Omitted *\$" "at 200x50 every column"
expect_line "^ 张伟 +420,000 " "and whole amounts with separators"
expect_line "^ team +1,170,000 " "the team's quota in full"
is "$(screen | grep -oE '^ (李娜|王磊|张伟) ' | head -n 3 | tr -d ' \n')" "李娜王磊张伟" \
	"the reps in the user list's (pinyin) order"
keys j
expect_line "^ 王磊 .* 0 *\$" "j moves down the reps"
keys 4 p
expect "(1 in other currencies, not summed)" "the Funnel says a deal in USD is not in its sums"
# A: the manager adjusts the selected rep's commit; it shows beside hers
# (the reps in pinyin order: 李娜, 王磊, 张伟).
keys 7 g j j A
expect "Commit of 张伟 for 2026Q4 (empty: not adjusted): 402000.00" \
	"A asks for the rep's commit, starting from her own"
keys C-u
typed "500000"
keys Enter
expect "Best case of 张伟 for 2026Q4" "then the best case"
keys C-u Enter
expect_line "^Note:" "and a note"
typed "华为 signs in December"
keys Enter
expect "adjusted 张伟's forecast for 2026Q4" "recorded"
expect_line "Commit +Adj C +Best case +Adj B " "the adjusted columns appear"
expect_line "^ 张伟 +420,000 +128,000 +402,000 +500,000 " "her adjusted commit beside her own"
# 754,000 with 张伟's 402,000 as 500,000 and 王磊's 0 as the demo's 100,000.
expect_line "^ team +1,170,000 +252,000 +754,000 +952,000 " "rolled up to the team"
# @: the figures as they stood at the end of a date, those of report forecast --as-of.
# group N - N with thousands separators, as the screen writes whole amounts.
group() { echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }
st report forecast --as-of 2026-11-16 --format csv
then=$(printf '%s\n' "$out" | tr -d '\r' | grep '^张伟,' | head -1 | cut -d, -f4 | sed 's/\.00$//')
st report forecast --format csv
now=$(printf '%s\n' "$out" | tr -d '\r' | grep '^张伟,' | head -1 | cut -d, -f4 | sed 's/\.00$//')
is "$([ -n "$then" ] && [ -n "$now" ] && [ "$then" != "$now" ] && echo differ)" "differ" "张伟's commit on 2026-11-16 ($then) is not today's ($now)"
keys @
expect "As of the end of" "@ asks for the date"
typed "2026-11-16"
keys Enter
expect "Forecast  2026Q4  2026-10-01 .. 2026-12-31  as of 2026-11-16  CNY" "the title says as of when"
expect_line "^ 张伟 +420,000 +[0-9,]+ +$(group "$then") " "张伟's commit as it stood then"
keys S
expect "a snapshot freezes today's figures" "S freezes only today's figures"
keys @ C-u Enter
expect_gone "as of 2026-11-16" "an empty date goes back to now"
expect_line "^ 张伟 +420,000 +[0-9,]+ +$(group "$now") " "and today's commit"
# t: a period typed as report --period takes it, a range of days too
st report forecast --period 2026-10-01..2026-11-15 --format csv
won=$(printf '%s\n' "$out" | tr -d '\r' | grep '^张伟,' | head -1 | cut -d, -f3 | sed 's/\.00$//')
keys t
expect "Period (2026Q4, 2026-11, FROM..TO): 2026Q4" "t asks for the period, starting from the one shown"
keys C-u
typed "2026-10-01..2026-11-15"
keys Enter
expect "Forecast  2026-10-01..2026-11-15  2026-10-01 .. 2026-11-15  CNY" "a range of days"
expect_line "^ 张伟 +[0-9,]+ +$(group "$won") " "with the figures of report forecast --period FROM..TO"
keys ]
expect "Forecast  2026-11-16..2026-12-31  " "] moves a range by its length"
keys t C-u
typed "2026Q5"
keys Enter
expect "period \"2026Q5\": write 2026Q4" "a period that cannot be read is said"
expect "Forecast  2026-11-16..2026-12-31  " "and changes nothing"
keys q
tui_stop
st forecast_adjustment list --json
like "$out" '"note":[[:space:]]+"华为 signs in December"' "kept as a record, with its note"

st user use 王磊
tui_start 80 24
keys 7
expect "Forecast  2026Q4" "7 for a rep"
expect_line "^ 王磊 +420K " "their own row"
expect_gone "李娜" "and no colleague's figures"
keys A
expect "Commit of 王磊 for 2026Q4" "A asks a rep too"
keys Enter Enter Enter
expect "only a manager may change forecast adjustments" "but only a manager may adjust"
keys q
tui_stop
done_testing
