#!/bin/sh
# restore.sh - a server restored from an older backup, and a database deleted
# and recreated: the clients find that the checkpoint they agree on with the
# server is older than their own (or gone), offer everything they have again
# (_revs_diff decides what the server lacks), and the server gets back every
# record it lost; pulls start from a point both sides agree on.
. "$top_srcdir/tests/sync/lib.sh"

couch_start srv
SRV=$URL
http PUT "$SRV/team"
ok_rc 0 "the server makes a database"

# backup NAME / restore NAME - copy the stopped server's data directory.
backup() {
	couch_kill srv
	rm -rf "$WORK/$1"
	cp -a "$WORK/srv" "$WORK/$1"
	couch_restart srv
}
restore() {
	couch_kill srv
	rm -rf "$WORK/srv"
	cp -a "$WORK/$1" "$WORK/srv"
	couch_restart srv
}

cli a remote add "$SRV/team"
cli b remote add "$SRV/team"
for i in 1 2 3; do cli a contact add "name=备份前$i"; done
cli a sync
like "$out" "sent 3" "a sends three contacts"
cli b sync
like "$out" "received 3" "b receives them"
backup bak1

# After the backup: new records, an edit, a deletion, on both clients.
for i in 1 2 3 4; do cli a contact add "name=备份后$i"; done
c1=$(sql a "SELECT id FROM contact WHERE name = '备份前1'")
c2=$(sql a "SELECT id FROM contact WHERE name = '备份前2'")
cli a contact edit "$c1" title=改过
cli a contact delete "$c2"
cli a sync
like "$out" "sent 6" "a sends four new contacts, an edit and a deletion"
new_id b account add name=乙方公司
cli b sync
like "$out" "sent 1, received 6" "b sends an account and receives a's changes"
cli a sync
like "$out" "received 1" "a receives b's account"
want=$(revs a)
is "$(server_revs "$SRV/team")" "$want" "the server holds everything"

# ---- the server goes back to the backup ----

restore bak1
is "$(server_revs "$SRV/team" | wc -l | tr -d ' ')" "3" "the restored server has only the three first contacts"
cli a sync pending
like "$out" "nothing to send" "a has nothing pending: it was all sent"
cli a sync
ok_rc 0 "a syncs with the restored server"
like "$out" "sent 7" "a sends again the six changes and b's account"
is "$(server_revs "$SRV/team")" "$want" "the server has everything back"
cli a sync
like "$out" "sent 0, received 0" "the next sync has nothing to do"
cli b sync
ok_rc 0 "b syncs with the restored server"
like "$out" "sent 0, received 0" "b finds the server complete"
is "$(revs b)" "$want" "b holds the same records"

# Pull from an agreed point: the restored server numbers new changes from
# its older update_seq; a client that had pulled further still gets them.
restore bak1
cli c remote add "$SRV/team"
cli c sync --push-only
for i in 1 2 3 4 5 6 7 8 9; do cli c contact add "name=恢复后$i"; done
cli c sync --push-only
like "$out" "sent 9" "another client writes nine new contacts to the restored server"
cli b sync
ok_rc 0 "b syncs"
like "$out" "sent 7, received 9" "b sends back what the server lost and receives the nine new ones"
cli a sync
like "$out" "received 9" "and so does a"
cli c sync
like "$out" "received 8" "c receives the records from before the restore and what b sent back"
is "$(revs a)" "$(server_revs "$SRV/team")" "a and the server agree"
is "$(revs b)" "$(server_revs "$SRV/team")" "b and the server agree"
is "$(revs c)" "$(server_revs "$SRV/team")" "c and the server agree"

# ---- a backup taken in the middle of a push ----

# The server's checkpoint then belongs to the same run as ours, at an
# earlier batch: that earlier point is the one both sides have.
proxy_start px "$SRV"
cli d remote add "$PURL/team"
cli d sync
ok_rc 0 "d syncs through the proxy"
for i in 1 2 3; do cli d contact add "name=中途$i"; done
fault "$PURL" '[{"match": "POST /team/_bulk_docs", "action": "pass", "times": 1},
	{"match": "POST /team/_bulk_docs", "action": "delay", "ms": 3000, "times": 1}]'
SALESTERM_SYNC_BATCH=1 "$SALESTERM" --db "$WORK/d.db" sync --push-only >"$WORK/d.out" 2>&1 &
pid=$!
tries=0
until http GET "$PURL/__fault/log" && printf '%s' "$out" | grep -q "_bulk_docs delay" ||
	[ $tries -ge 200 ]; do
	sleep 0.05
	tries=$((tries + 1))
done
# The server is idle while the proxy holds the second batch: copy its data.
cp -a "$WORK/srv" "$WORK/bak2"
wait $pid
like "$(cat "$WORK/d.out")" "sent 3" "d sends three contacts, one per batch (the backup taken after the first)"
want=$(revs d)
restore bak2
unlike "$(server_revs "$SRV/team")" "$(sql d "SELECT id FROM contact WHERE name = '中途3'")" \
	"the restored server lacks the last of them"
cli d sync
ok_rc 0 "d syncs with the restored server"
like "$out" "sent 2" "and sends again the two of the batches after the backup"
is "$(server_revs "$SRV/team")" "$want" "the server has everything back"

# ---- a database deleted and recreated ----

want=$(revs a)
http DELETE "$SRV/team"
http PUT "$SRV/team"
ok_rc 0 "the database is deleted and made again"
cli b sync
ok_rc 0 "b syncs with the empty database"
is "$(server_revs "$SRV/team")" "$want" "and fills it again"
cli a sync
like "$out" "sent 0, received 0" "a finds it complete"

# ---- a backup taken in the middle of a pull ----

# The restored server numbers new changes again from its older update_seq;
# a client that pulled further in the same run must not skip them.
http PUT "$SRV/pl"
cli w remote add "$SRV/pl"
for i in 1 2 3 4 5; do cli w contact add "name=拉取$i"; done
cli w sync
like "$out" "sent 5" "another database gets five contacts"
cli q remote add "$PURL/pl"
fault "$PURL" '[{"match": "GET /pl/_changes", "action": "pass", "times": 3},
	{"match": "GET /pl/_changes", "action": "delay", "ms": 3000, "times": 1}]'
SALESTERM_SYNC_BATCH=1 "$SALESTERM" --db "$WORK/q.db" sync --pull-only >"$WORK/q.out" 2>&1 &
pid=$!
tries=0
until http GET "$PURL/__fault/log" && printf '%s' "$out" | grep -q "_changes delay" ||
	[ $tries -ge 200 ]; do
	sleep 0.05
	tries=$((tries + 1))
done
cp -a "$WORK/srv" "$WORK/bak3"
cli w contact add name=拉取6
cli w sync
wait $pid
like "$(cat "$WORK/q.out")" "received 6" "q pulls six contacts one per batch (the backup taken during the pull)"
restore bak3
for i in 7 8; do cli x contact add "name=拉取$i"; done
cli x remote add "$SRV/pl"
cli x sync
like "$out" "sent 2, received 5" "a client writes two new contacts to the restored server"
cli q sync --pull-only
ok_rc 0 "q pulls from the restored server"
like "$out" "received 2" "and gets both new contacts"
is "$(sql q "SELECT count(*) FROM contact WHERE name IN ('拉取7', '拉取8')")" "2" "none skipped"

# ---- a revision the recreated server holds only as an ancestor ----

# rd sends its later revision with its history into the recreated database:
# the server keeps rc's revision, the one before, without a body, and its
# _revs_diff calls it missing however often rc sends it. rc's push must not
# call that a refusal: the later revision was made from it.
http PUT "$SRV/team2"
cli rc remote add "$SRV/team2"
cli rd remote add "$SRV/team2"
new_id rc contact add name=李娜
x=$id
cli rc sync
cli rd sync
cli rc contact edit "$x" title=经理
cli rc sync
cli rd sync
cli rd contact edit "$x" phone=010-1234
http DELETE "$SRV/team2"
http PUT "$SRV/team2"
ok_rc 0 "the database is made again"
cli rd sync
ok_rc 0 "rd sends its later revision with its history"
cli rc sync
ok_rc 0 "rc syncs with the database made again"
like "$out" "0 refused by the server" "its revision the server holds as an ancestor is not refused"
cli rc sync
cli rc sync status
like "$out" "\\(0 refused by the server\\)" "and sync status says nothing was refused"
is "$(sql rc "SELECT count(*) FROM sync_reject")" "0" "no refusal is kept"
is "$(sql rc "SELECT phone || '|' || title FROM contact WHERE id = '$x'")" "010-1234|经理" \
	"rc has rd's later revision"

done_testing
