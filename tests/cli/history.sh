#!/bin/sh
# history.sh - a deal's history on the command line: the entries each write
# leaves, `report changes` (a waterfall that adds up, in every format),
# `report forecast --as-of`, `report funnel --as-of`, forecast snapshots that later edits cannot
# rewrite, the role rules, and clear refusals of bad dates.
. "$(dirname "$0")/lib.sh"

at() { SALESTERM_NOW="$1"; export SALESTERM_NOW; }

at 2026-11-02T02:00:00Z
st user add name=李经理 role=manager
st user use 李经理
st user add name=王芳 role=rep quota=900000 period=quarter
st user add name=Kevin role=rep quota=300000 period=quarter
st account add name=华为科技有限公司
st user use 王芳
st opportunity add name=华为扩容 account=华为科技有限公司 amount=100000 close_date=2026-11-20
st opportunity add name=华为推迟 account=华为科技有限公司 amount=50000 close_date=2026-11-25
st opportunity add name=美元单 account=华为科技有限公司 amount=2000 currency=USD close_date=2026-11-26
st user use Kevin
st opportunity add name=K单 account=华为科技有限公司 amount=30000 close_date=2026-11-27
ok_rc 0 "a team with deals on 2026-11-02"
st user use 李经理
st forecast snapshot --period 2026-11 --name "W45 周会"
ok_rc 0 "the manager freezes November's forecast"
snap=$out

at 2026-11-18T02:00:00Z
st user use 王芳
st opportunity edit 华为扩容 amount=80000
st opportunity edit 华为推迟 close_date=2026-12-15
st opportunity edit 华为扩容 next_step=报价
ok_rc 0 "王芳 cuts one deal and pushes another on 2026-11-18"
at 2026-11-23T01:00:00Z

st history list opportunity=华为扩容
ok_rc 0 "history list of a deal"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 3 "a header, the creation and the cut (not the next step)"
st --json history list opportunity=华为扩容 --limit 1
like "$out" '"old_amount":[[:space:]]*"100000.00"' "the entry has the amount before"
like "$out" '"amount":[[:space:]]*"80000.00"' "and after"
st history edit "$(printf '%s\n' "$out" | sed -n 's/.*"id":[[:space:]]*"\([^"]*\)".*/\1/p' | head -1)" amount=1
ok_rc 2 "a history entry cannot be edited"
like "$err" "written by salesterm itself with each change of a deal" "the message says why"

st user use 李经理
st report changes --period 2026-11 --since 2026-11-16
ok_rc 0 "report changes --since 2026-11-16"
like "$out" "^Pipeline then +then +CNY +- +¥180,000.00$" "the pipeline then: 100,000 + 50,000 + 30,000"
like "$out" "^Pushed out +pushed_out +CNY +1 +-¥50,000.00$" "华为推迟 pushed out"
like "$out" "^Amount down +amount_down +CNY +1 +-¥20,000.00$" "华为扩容 cut by 20,000"
like "$out" "^Pipeline now +now +CNY +- +¥110,000.00$" "now 110,000 = 180,000 - 50,000 - 20,000"
like "$out" "^Pipeline then +then +USD +- +\\\$2,000.00$" "dollars in a waterfall of their own"
like "$out" "^Pushed out +pushed_out +华为推迟 +王芳 +CNY +¥50,000.00 +¥50,000.00 +2026-11-25 +2026-12-15 " \
	"the group lists the deal by its change's name and key, with its close dates then and now"
st report changes --period 2026-11 --since 2026-11-16 --format csv
like "$out" "^Amount down,amount_down,CNY,1,-20000.00" "csv: plain numbers"
st report changes --period 2026-11 --since 2026-11-16 --format json
like "$out" '"since":[[:space:]]*"2026-11-16"' "json: the date compared with"
st report changes --period 2026-11 --since 2026-11-20
like "$out" "^Pipeline then +then +CNY +- +¥110,000.00$" "since after the edits: nothing changed"
unlike "$out" "pushed_out" "and no group"
st report changes --period 2026-11
like "$out" "since 2026-11-16" "the default is a week back"
st report changes --since 2026-11-31
ok_rc 4 "a date that does not exist is refused"
one_line_error "with one line"
st report changes --since 2026-11-24
ok_rc 4 "a date after today is refused"
is "$err" "salesterm: --since 2026-11-24 is in the future (today is 2026-11-23): history tells how things stood, not how they will" \
	"saying it is in the future"
is "$out" "" "and printing no report"
st report forecast --as-of 2026-11-24
ok_rc 4 "report forecast --as-of a day after today is refused"
like "$err" "^salesterm: --as-of 2026-11-24 is in the future" "the same way"
st report funnel --as-of 2026-12-31
ok_rc 4 "report funnel too"
st report funnel --as-of 2026-11-23
ok_rc 0 "today is not the future"
st report changes --period 2026-11 --since 2026-11-16
like "$out" "^best case +[0-9]+ +[0-9]+ " "the flow's rows are named like its columns (labels in a table)"
st report changes --period 2026-11 --since 2026-11-16 --format csv
like "$out" "^best_case,[0-9]+,[0-9]+," "and keys in CSV"

st report forecast --period 2026-11 --as-of 2026-11-10
ok_rc 0 "report forecast --as-of 2026-11-10"
# Rep, quota, won, commit, adjusted commit, best case, adjusted best case, pipeline.
like "$out" "^王芳 +¥[0-9,.]+ +¥0.00 +¥0.00 +- +¥0.00 +- +¥150,000.00 " "王芳's pipeline as it stood: 150,000"
st report forecast --period 2026-11
like "$out" "^王芳 +¥[0-9,.]+ +¥0.00 +¥0.00 +- +¥0.00 +- +¥80,000.00 " "and now: 80,000"
st report forecast --as-of 2026-13-01
ok_rc 2 "a bad --as-of is refused"

# The funnel's open deals of November: four on 11-10, three since 华为推迟
# was pushed to December on 11-18.
st report funnel --period 2026-11 --as-of 2026-11-10 --format csv
ok_rc 0 "report funnel --as-of 2026-11-10"
like "$out" "^0,0,0,,,,,4," "four open deals closing in November then"
st report funnel --period 2026-11 --format csv
like "$out" "^0,0,0,,,,,3," "three now"
st report funnel --period 2026-11 --as-of 2026-11-10 --format json
like "$out" '"as_of":[[:space:]]*"2026-11-10"' "json says as of when"
st report funnel --as-of 2026-11-31
ok_rc 2 "a date that does not exist is refused"

st forecast compare "W45 周会"
ok_rc 0 "forecast compare the snapshot"
like "$out" "^王芳 +¥0.00 +¥0.00 +¥0.00 +¥0.00 +¥0.00 +¥0.00 +¥150,000.00 +¥80,000.00$" \
	"王芳 frozen at 150,000, 80,000 now: the edits did not rewrite the snapshot"
st forecast compare "W45 周会" --format csv
like "$out" "^name,closed_won_then,closed_won,commit_then" "csv header"
st forecast_snapshot list
like "$out" "W45 周会 +month +2026-11-01 +2026-11-30 +team" "snapshots are listed"
st forecast_snapshot edit "$snap" name=改名
ok_rc 2 "a snapshot cannot be edited"
like "$err" "see 'forecast snapshot'" "the message says how one is made"
st forecast compare 没有这个
ok_rc 3 "an unknown snapshot"

st user use Kevin
st report changes --period 2026-11 --since 2026-11-16 --team
ok_rc 5 "a rep may not see the team's changes"
st report changes --period 2026-11 --since 2026-11-16
ok_rc 0 "a rep sees their own"
like "$out" "^Pipeline then +then +CNY +- +¥30,000.00$" "Kevin's pipeline only"
unlike "$out" "华为" "and none of 王芳's deals"
st forecast snapshot --period 2026-11
ok_rc 0 "a rep freezes their own forecast"
st forecast compare "$out"
like "$out" "^Kevin " "with their row"
unlike "$out" "^王芳 " "and only theirs"

done_testing
