#!/bin/sh
# funnel.sh - the Funnel's totals (funnel_total, kept by triggers,
# data/migrations/0013-report-speed.sql) equal a recount of the deals after a
# pull: new deals, a stage move, an amount edited, a deal deleted here and
# one deleted and one edited by another writer on the server; the stage
# changes per day and each deal's path (stage_change_day, stage_path:
# migrations 0023 and 0024) likewise. The screen reads the totals through
# report_funnel() (tests/unit/test_funnel_total.c).
. "$top_srcdir/tests/sync/lib.sh"

# differ NAME [TABLE] - rows in which client NAME's TABLE (funnel_total) and
# its recount differ.
differ() {
	t=${2:-funnel_total}
	sql "$1" "SELECT count(*) FROM (SELECT * FROM (SELECT * FROM $t EXCEPT \
		SELECT * FROM ${t}_recount) UNION ALL SELECT * FROM (SELECT * FROM \
		${t}_recount EXCEPT SELECT * FROM $t))"
}
# days NAME - client NAME's stage changes per day (stage_change_day, 0023).
days() {
	sql "$1" "SELECT day, from_stage <> '', currency, changes, amount FROM \
		stage_change_day ORDER BY 1, 2, 3"
}
totals() {
	sql "$1" "SELECT stage, currency, deals, amount, weighted FROM funnel_total ORDER BY 1, 2"
}

couch_start srv
http PUT "$URL/team"
ok_rc 0 "the server answers and makes a database"
DBURL="$URL/team"

new_id a account add name=华为科技有限公司
new_id a opportunity add name=核心网扩容 account=华为科技有限公司 amount=250000.50
d1=$id
new_id a opportunity add name=云服务 account=华为科技有限公司 amount=80000 currency=USD
d2=$id
new_id a opportunity add name=终端采购 account=华为科技有限公司 amount=12000
d3=$id
cli a opportunity move "$d1" Qualification
ok_rc 0 "a stage move"
cli a opportunity edit "$d3" amount=15000
ok_rc 0 "an amount edited"
cli a opportunity delete "$d2"
ok_rc 0 "a deal deleted"
is "$(differ a)" 0 "the writer's totals equal a recount"
is "$(differ a stage_change_day)" 0 "and its stage changes per day"
cli a remote add "$DBURL"
cli a sync
ok_rc 0 "pushed"

cli b remote add "$DBURL"
cli b sync
ok_rc 0 "a second client pulls"
is "$(differ b)" 0 "the puller's totals equal a recount"
is "$(totals b)" "$(totals a)" "and the writer's totals"
is "$(differ b stage_change_day)" 0 "its stage changes per day equal a recount"
is "$(differ b stage_path)" 0 "and its deals' paths"
is "$(days b)" "$(days a)" "and the writer's"
is "$(sql b "SELECT sum(changes) FROM stage_change_day")" 4 \
	"four changes: three deals made (one deleted since), one moved"
is "$(sql b "SELECT sum(deals), sum(amount) FROM funnel_total")" "2|26500050" \
	"two live deals, 265,000.50 together"

# Another writer edits one deal and deletes the other on the server.
http GET "$DBURL/$d3"
rev3=$(printf '%s' "$out" | sed -n 's/.*"_rev":"\([^"]*\)".*/\1/p')
body=$(printf '%s' "$out" | sed 's/"amount":"15000.00"/"amount":"99000.00"/')
http PUT "$DBURL/$d3" "$body"
ok_rc 0 "another writer raises an amount on the server"
http GET "$DBURL/$d1"
rev1=$(printf '%s' "$out" | sed -n 's/.*"_rev":"\([^"]*\)".*/\1/p')
http DELETE "$DBURL/$d1?rev=$rev1"
ok_rc 0 "and deletes a deal"
[ -n "$rev3" ] || bail "no revision from the server"
cli b sync
ok_rc 0 "the client pulls the edit and the deletion"
is "$(differ b)" 0 "its totals still equal a recount"
is "$(differ b stage_change_day)" 0 "and its stage changes per day"
is "$(differ b stage_path)" 0 "and its deals' paths"
is "$(sql b "SELECT sum(deals), sum(amount) FROM funnel_total")" "1|9900000" \
	"one live deal of 99,000.00 left"

done_testing
