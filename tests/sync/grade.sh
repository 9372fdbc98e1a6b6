#!/bin/sh
# grade.sh - grades travel like any edit: `account grade` on one client,
# pushed to a real PouchDB Server (its validate_doc_update knows
# segment_by_hand), pulled by another client, which sees each grade and
# which one a person set; a grade set by hand on the second client comes
# back to the first and its next grading keeps it.
. "$top_srcdir/tests/sync/lib.sh"

couch_start srv
http PUT "$URL/team"
ok_rc 0 "the server answers and makes a database"
DBURL="$URL/team"
cli a remote add "$DBURL"
cli b remote add "$DBURL"

cli a account add name=Alpha
cli a account add name=Beta
cli a opportunity add name=D1 account=Alpha amount=900000 close_date=2026-10-01 stage="Closed Won"
cli a opportunity add name=D2 account=Beta amount=100000 close_date=2026-10-02 stage="Closed Won"
cli a sync
ok_rc 0 "the accounts and deals go to the server"
cli a account grade
ok_rc 0 "account grade on the first client"
like "$out" "graded .*: 2 changed" "two grades written"
cli a sync
ok_rc 0 "the grades are pushed"
like "$out" "sent 2," "as two edits"
cli b sync
ok_rc 0 "the second client pulls"
is "$(sql b "SELECT group_concat(name || '=' || segment || segment_by_hand, ' ') FROM (SELECT * FROM account ORDER BY name)")" \
	"Alpha=A0 Beta=B0" "it has the grades, none set by hand"

cli b account edit Beta segment=A
cli b sync
ok_rc 0 "a grade set by hand on the second client is pushed"
cli a sync
ok_rc 0 "and pulled by the first"
is "$(sql a "SELECT segment || segment_by_hand FROM account WHERE name = 'Beta'")" "A1" \
	"the first client has it, marked as set by hand"
cli a account grade
like "$out" "Beta: kept A \(set by hand; the ranking says B\)" "its grading keeps it"
is "$(sql a "SELECT count(*) FROM account WHERE dirty = 1")" "0" "and changes nothing"

done_testing
