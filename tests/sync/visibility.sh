#!/bin/sh
# visibility.sh - the manager's quota visibility travels like any record: a
# rep's client may not choose it (refused, nothing sent); the manager's
# choice, pushed to a real PouchDB Server and pulled by the rep's client,
# changes what the rep's report forecast shows; an entry by a rep that a
# server without validation lets through is stored by the rep's client but
# never takes effect (and a server set up by server-init refuses it: its
# validate_doc_update counts team settings among the manager-only types).
. "$top_srcdir/tests/sync/lib.sh"

couch_start srv
http PUT "$URL/team"
ok_rc 0 "the server answers and makes a database"
DBURL="$URL/team"
cli m remote add "$DBURL"
cli r remote add "$DBURL"

# ---- the team, on the manager's client ----
cli m user add name=boss role=manager
cli m user use boss
cli m user add name=ann role=rep quota=400000 period=quarter
cli m user add name=bob role=rep quota=300000 period=quarter
cli m sync
ok_rc 0 "the manager's client sends the team"
cli r sync
ok_rc 0 "the rep's client pulls it"
cli r user use ann
ok_rc 0 "and works as ann"
id_ann=$(sql r "SELECT id FROM user WHERE name = 'ann'")

cli r forecast visibility
like "$out" "quota visibility: own" "reps see their own quota by default"
cli r report forecast --period 2026Q4
like "$out" "ann +¥400,000.00" "ann's forecast has her own row"
unlike "$out" "bob" "and nothing of bob"

# ---- a rep may not choose ----
cli r forecast visibility team
ok_rc 5 "the rep's client refuses the rep's choice"
like "$err" "only a manager may change team settings" "saying who may"
is "$(sql r "SELECT count(*) FROM team_setting")" "0" "nothing is written"
cli r sync
like "$out" "sent 0," "nor sent"

# ---- the manager's choice reaches the rep ----
cli m forecast visibility team
ok_rc 0 "the manager lets reps see colleagues' quotas"
cli m sync
ok_rc 0 "and sends the choice"
like "$out" "sent 1," "as one record"
cli r sync
ok_rc 0 "the rep's client pulls it"
cli r forecast visibility
like "$out" "quota visibility: team" "it is in force there"
like "$out" "chosen by boss" "chosen by the manager"
cli r report forecast --period 2026Q4
like "$out" "Colleagues' quota and attainment" "ann's report has her colleagues"
like "$out" "bob +¥300,000.00 +¥0.00 +0.0% +¥300,000.00" "bob's quota, won, attainment and gap"
cli r user list
like "$out" "bob .* ¥300,000.00" "and user list shows bob's quota"

# ---- a forged entry: a rep's, through a server that does not check ----
http PUT "$DBURL/forged-setting-1" "{\"type\":\"team_setting\",\"setting\":\"quota_visibility\",\"value\":\"own\",\"owner\":\"$id_ann\",\"updated_by\":\"$id_ann\",\"created_at\":\"2030-01-01T00:00:00Z\",\"updated_at\":\"2030-01-01T00:00:00Z\"}"
ok_rc 0 "a rep's entry is put straight onto a server without validation"
cli r sync
ok_rc 0 "the rep's client pulls it"
is "$(sql r "SELECT count(*) FROM team_setting WHERE id = 'forged-setting-1'")" "1" "and stores it"
cli r forecast visibility
like "$out" "quota visibility: team" "but the manager's choice stays in force"
cli r report forecast --period 2026Q4
like "$out" "bob +¥300,000.00" "so the report is unchanged"
cli m sync
cli m forecast visibility
like "$out" "quota visibility: team" "on the manager's client too"

# ---- the manager takes it back ----
cli m forecast visibility own
cli m sync
cli r sync
cli r report forecast --period 2026Q4
unlike "$out" "bob" "once the manager chooses own, bob is gone from ann's report"
cli r user list
unlike "$out" "300,000.00" "and from her user list"

done_testing
