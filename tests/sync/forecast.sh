#!/bin/sh
# forecast.sh - the manager's pipeline review across clients and the real
# PouchDB Server: a deal's history, a manager's adjustments and a forecast
# snapshot written on the manager's laptop arrive on the rep's, where the
# rep sees the adjustment of their own figure beside it, the deal's history
# entries and the snapshot; a newer adjustment replaces the older one's
# figure and both stay (append-only); the rep still cannot adjust.
. "$top_srcdir/tests/sync/lib.sh"

couch_start srv
http PUT "$URL/team"
ok_rc 0 "the server answers and makes a database"
DBURL="$URL/team"

cli m user add name=经理 role=manager
cli m user use 经理
cli m user add name=王芳 role=rep territory=East quota=900000 period=quarter
new_id m opportunity add name=华为扩容 amount=100000 close_date=2026-12-10 category=commit owner=王芳
d1=$id
cli m opportunity edit "$d1" amount=120000
cli m forecast adjust 王芳 --period 2026Q4 commit=250000 --note 签约在即
ok_rc 0 "the manager adjusts 王芳's commit"
cli m forecast snapshot --period 2026Q4 --name "W49 call"
ok_rc 0 "and freezes the forecast call"
cli m remote add "$DBURL"
cli m sync
ok_rc 0 "the manager's client syncs"

cli r remote add "$DBURL"
cli r sync
ok_rc 0 "the rep's client syncs"
cli r user use 王芳
is "$(sql r "SELECT count(*) FROM opportunity_history WHERE opportunity = '$d1'")" "2" \
	"the deal's history arrives: created and the amount changed"
cli r report forecast --period 2026Q4 --format csv
like "$out" "^王芳,900000.00,0.00,120000.00,250000.00," \
	"the rep sees the manager's adjusted commit beside her own"
cli r forecast_snapshot list
like "$out" "W49 call" "the forecast snapshot arrives"
cli r forecast compare "W49 call" --format csv
ok_rc 0 "and can be set beside today's figures"
cli r forecast adjust 王芳 --period 2026Q4 commit=999999
ok_rc 5 "a rep still cannot adjust"

cli m forecast adjust 王芳 --period 2026Q4 commit=300000 --note 又加一单
cli m sync
cli r sync
is "$(sql r "SELECT count(*) FROM forecast_adjustment WHERE deleted = 0")" "2" \
	"a newer adjustment arrives beside the older one (append-only)"
cli r report forecast --period 2026Q4 --format csv
like "$out" "^王芳,900000.00,0.00,120000.00,300000.00," "the newer figure is the one in force"
is "$(records r | grep -E "^'(opportunity_history|forecast_snapshot|forecast_adjustment)'")" \
	"$(records m | grep -E "^'(opportunity_history|forecast_snapshot|forecast_adjustment)'")" \
	"both clients hold the same history, snapshot and adjustments"

done_testing
