#!/bin/sh
# firstpush.sh - a first push into a database that holds no record yet (a
# new one, or one with only server-init's design document) sends everything
# without asking _revs_diff first: the server would answer "all missing".
# What was sent is still verified with _revs_diff, batch by batch, and a
# database that holds records is asked first as always.
. "$top_srcdir/tests/sync/lib.sh"

couch_start srv
SRV=$URL
proxy_start px "$SRV"
PX=$PURL
http PUT "$SRV/empty"
ok_rc 0 "the server answers and makes a database"
http PUT "$SRV/inited"
http PUT "$SRV/inited/_design/rules" '{"language":"javascript","views":{}}'
ok_rc 0 "a database with only a design document"
http PUT "$SRV/used"
http PUT "$SRV/used/someone-else" '{"type":"account","name":"已有客户"}'
ok_rc 0 "a database that holds a record"

# requests DB WHAT - how many POST /DB/WHAT requests the proxy has seen.
requests() {
	node "$COUCHJS" req GET "$PX/__fault/log" | grep -c "^POST /$1/$2 "
}

for n in 1 2 3 4 5; do
	cli a contact add "name=首次推送$n"
done
export SALESTERM_SYNC_BATCH=2
cli a db backup "$WORK/b.db"
cli a db backup "$WORK/c.db"

cli a remote add "$PX/empty"
cli a sync --push-only
ok_rc 0 "a first push into an empty database"
like "$out" "sent 5" "sends every record"
is "$(requests empty _bulk_docs)" "3" "in three batches"
is "$(requests empty _revs_diff)" "3" "asking _revs_diff only to verify each batch"
is "$(revs a)" "$(server_revs "$SRV/empty")" "the server has every revision"
cli a sync pending
unlike "$out" "首次推送" "nothing is left pending"

cli b remote add "$PX/inited"
cli b sync --push-only
ok_rc 0 "a first push into a database with only a design document"
is "$(requests inited _revs_diff)" "3" "does not ask first either"
cli b sync pending
unlike "$out" "首次推送" "and leaves nothing pending"

cli c remote add "$PX/used"
cli c sync --push-only
ok_rc 0 "a first push into a database that holds a record"
like "$out" "sent 5" "sends every record"
is "$(requests used _revs_diff)" "6" "asking first which it lacks, then verifying"

# Everything is there: a full pass of another copy sends nothing.
cli a remote add "$PX/used" used2
unset SALESTERM_SYNC_BATCH
cli a sync used2 --push-only
ok_rc 0 "a full pass into a database that has it all"
like "$out" "sent 0" "sends nothing"

done_testing
