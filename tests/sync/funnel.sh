#!/bin/sh
# funnel.sh - the Funnel's totals (funnel_total, kept by triggers,
# data/migrations/0013-report-speed.sql) equal a recount of the deals after a
# pull: new deals, a stage move, an amount edited, a deal deleted here and
# one deleted and one edited by another writer on the server. The screen
# reads the table through report_funnel() (tests/unit/test_funnel_total.c).
. "$top_srcdir/tests/sync/lib.sh"

# differ NAME - rows in which client NAME's totals and a recount differ.
differ() {
	sql "$1" "SELECT count(*) FROM (SELECT * FROM funnel_total EXCEPT SELECT * FROM \
		funnel_total_recount UNION ALL SELECT * FROM funnel_total_recount EXCEPT \
		SELECT * FROM funnel_total)"
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
cli a remote add "$DBURL"
cli a sync
ok_rc 0 "pushed"

cli b remote add "$DBURL"
cli b sync
ok_rc 0 "a second client pulls"
is "$(differ b)" 0 "the puller's totals equal a recount"
is "$(totals b)" "$(totals a)" "and the writer's totals"
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
is "$(sql b "SELECT sum(deals), sum(amount) FROM funnel_total")" "1|9900000" \
	"one live deal of 99,000.00 left"

done_testing
