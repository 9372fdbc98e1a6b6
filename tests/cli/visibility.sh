#!/bin/sh
# visibility.sh - `forecast visibility`: whether reps see colleagues' quotas
# and attainment is the manager's setting (issue 12). Reps see their own by
# default; a rep's choice is refused and changes nothing; under team a rep's
# report forecast lists each colleague's quota, won, attainment and gap (not
# their pipeline), report reps their quota, revenue and attainment, user list
# and export their quotas; under own none does; a manager sees everything
# either way.
. "$(dirname "$0")/lib.sh"

st user add name=boss role=manager
st user use boss
st user add name=ann role=rep quota=400000 period=quarter
st user add name=bob role=rep quota=300000 period=quarter
st account add name=Acme
st opportunity add name=Bob-won account=Acme amount=60000 close_date=2026-11-10 owner=bob
st opportunity move Bob-won "Closed Won"
st opportunity add name=Bob-commit amount=90000 close_date=2026-12-10 category=commit owner=bob
ok_rc 0 "a manager, two reps with quotas, bob's deals"

st forecast visibility
ok_rc 0 "forecast visibility shows the setting"
like "$out" "^quota visibility: own - reps see their own quota and attainment only" \
	"reps see their own quota by default"
like "$out" "the default: no manager has chosen yet" "and says it is the default"

st user use ann
st report forecast --period 2026Q4
like "$out" "^ann +¥400,000.00 " "ann's forecast has her row"
unlike "$out" "bob|Colleagues" "and nothing of bob"
st user list
like "$out" "ann .* ¥400,000.00" "user list shows her own quota"
unlike "$out" "300,000.00" "not bob's"
st --json user show bob
like "$out" '"quota":[[:space:]]+null' "nor does --json"
st export user
unlike "$out" "300000" "nor an export"

sum=$(dbsum)
st forecast visibility team
ok_rc 5 "a rep may not choose"
one_line_error "one line saying why"
like "$err" "only a manager may change team settings" "only a manager may"
is "$(dbsum)" "$sum" "and nothing changed"
st team_setting add setting=quota_visibility value=team
ok_rc 5 "nor through the generic add"

st user use boss
sum=$(dbsum)
st forecast visibility everyone
ok_rc 4 "a value that is neither own nor team is refused"
like "$err" "write own .* or team" "naming both"
is "$(dbsum)" "$sum" "and nothing changed"
st forecast visibility own team
ok_rc 2 "one word at most"
st forecast visibility team
ok_rc 0 "the manager lets reps see colleagues' quotas"
like "$out" "^quota visibility: team - reps also see their colleagues' quotas and attainment" \
	"and is told what it now is"
like "$out" "chosen by boss at 2026-11-23 09:00" "by whom and when"
st --json forecast visibility
like "$out" '"quota_visibility": "team"' "as JSON"

st user use ann
st report forecast --period 2026Q4
like "$out" "^ann +¥400,000.00 " "ann's own row"
like "$out" "Colleagues' quota and attainment" "then her colleagues"
like "$out" "^bob +¥300,000.00 +¥60,000.00 +20.0% +¥240,000.00 *\$" "bob's quota, won, attainment and gap, nothing more"
unlike "$out" "90,000" "never his commit"
st report forecast --period 2026Q4 --format json
like "$out" '"colleagues":' "JSON has them as colleagues"
st user list
like "$out" "bob .* ¥300,000.00" "user list shows bob's quota now"
st export user
like "$out" "bob,.*300000" "and an export"
st report forecast --owner bob
ok_rc 5 "a colleague's whole forecast stays the manager's"
st report reps --period 2026Q4
like "$out" "^ann " "report reps: ann's own behaviour and result"
like "$out" "^bob +¥300,000.00 +¥60,000.00 +20.0% *\$" "then bob's quota, revenue and attainment"
unlike "$out" "^bob +[0-9]+ " "never his calls, visits or deals"

st user use boss
st report forecast --period 2026Q4
like "$out" "^bob +¥300,000.00 +¥60,000.00 +¥90,000.00 " "the manager sees bob's whole row"
unlike "$out" "Colleagues" "and no colleagues' table"
st forecast visibility own
st user use ann
st report forecast --period 2026Q4
unlike "$out" "bob" "under own again, ann sees nothing of bob"
st report reps --period 2026Q4
unlike "$out" "bob" "nor in report reps"
st team_setting list
like "$out" "quota visibility +team" "every choice is kept"
like "$out" "quota visibility +own" "the newest in force"

done_testing
