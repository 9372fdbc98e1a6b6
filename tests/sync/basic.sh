#!/bin/sh
# basic.sh - push and pull against a real PouchDB Server: two clients end with
# the same records, checkpoints on both sides, revision history, deletions,
# incremental syncs that send nothing, --dry-run field by field, status,
# pending and log, and --watch (and its retries).
. "$top_srcdir/tests/sync/lib.sh"

couch_start srv
http PUT "$URL/team"
ok_rc 0 "the server answers and makes a database"
DBURL="$URL/team"

# ---- remotes ----

cli a remote add "$DBURL"
ok_rc 0 "remote add"
like "$out" "added remote team" "the remote is named after the database"
cli a remote add "$DBURL"
ok_rc 4 "the same name twice is refused"
cli a remote add "ftp://example.com/x" other
ok_rc 2 "a URL that is not http(s) is refused"
cli a remote add "http://127.0.0.1:1/" other
ok_rc 2 "a server URL without a database is refused"
cli a --json remote list
like "$out" "\"url\":[[:space:]]*\"$DBURL\"" "remote list --json shows the URL"
like "$out" '"default":[[:space:]]*true' "the first remote is the default"

# ---- first push ----

new_id a account add name=华为科技有限公司 industry=通信 phone=+86-755-28780808
acct=$id
new_id a contact add name=张伟 account=华为科技有限公司 title=经理 mobile='+86 138 0013 8000'
contact=$id
new_id a opportunity add name=核心网扩容 account=华为科技有限公司 amount=250000.50 currency=CNY
opp=$id
cli a sync
ok_rc 0 "first sync exits 0"
# The opportunity's creation also wrote its first stage change and history entry.
like "$out" "sent 5, received 0" "first sync sends the five records"
is "$(server_revs "$DBURL" | wc -l | tr -d ' ')" "5" "the server holds five documents"
is "$(server_revs "$DBURL")" "$(revs a)" "the server holds exactly the client's revisions"
http GET "$DBURL/$opp"
like "$out" '"type":"opportunity"' "a document carries its type"
like "$out" '"amount":"250000.50"' "amounts travel as decimal strings"
like "$out" '"name":"核心网扩容"' "CJK text travels intact"
is "$(sql a "SELECT count(*) FROM contact WHERE dirty = 1")" "0" "pushed records are no longer dirty"

# ---- checkpoints ----

is "$(sql a "SELECT group_concat(direction) FROM (SELECT direction FROM sync_checkpoint ORDER BY direction)")" \
	"pull,push" "checkpoints for both directions are kept locally"
repid=$(sql a "SELECT rep_id FROM sync_checkpoint WHERE direction = 'push'")
http GET "$DBURL/_local/$repid"
ok_rc 0 "the push checkpoint is a _local document on the server"
like "$out" '"replicator":"salesterm"' "the _local checkpoint says who wrote it"
like "$out" '"history":\[' "the _local checkpoint keeps a session history"

# ---- second client ----

cli b remote add "$DBURL"
cli b sync
ok_rc 0 "second client syncs"
like "$out" "sent 0, received 5" "second client receives the five records"
is "$(records b)" "$(records a)" "both clients hold the same records, revisions included"
cli b search 张
like "$out" "张伟" "received records are in the search index"

cli a sync
like "$out" "sent 0, received 0" "a sync with nothing to do sends and receives nothing"
requests=$(sql a "SELECT count(*) FROM sync_run")
is "$requests" "2" "each run is logged"

# ---- edits, deletions, history ----

cli b contact edit "$contact" title=采购经理
cli b account edit "$acct" segment=A
cli b sync
like "$out" "sent 2, received 0" "edits are sent"
cli a sync
like "$out" "received 2" "and received"
cli a --json contact show "$contact"
like "$out" '"title":[[:space:]]*"采购经理"' "the edit arrived"
is "$(records b)" "$(records a)" "same records after edits"

for t in 一 二 三; do cli a contact edit "$contact" "notes=第$t次"; done
cli a sync
gen=$(sql a "SELECT CAST(rev AS INTEGER) FROM contact WHERE id = '$contact'")
is "$gen" "5" "three local edits make generation 5"
http GET "$DBURL/$contact?revs=true"
ids=$(printf '%s' "$out" | node -e 'const d=JSON.parse(require("fs").readFileSync(0));console.log(d._revisions.ids.length, d._revisions.start, d._rev)')
is "$ids" "5 5 $(sql a "SELECT rev FROM contact WHERE id = '$contact'")" \
	"the server has the whole history of the local edits"
is "$(sql a "SELECT count(*) FROM sync_rev WHERE doc = '$contact'")" "5" \
	"the local revision tree has a row per revision"

cli a account delete "$acct"
cli a sync
http GET "$DBURL/$acct"
ok_rc 1 "a deleted record is deleted on the server"
http GET "$DBURL/$acct?revs=true&open_revs=all"
like "$out" '"_deleted":true' "as a tombstone"
like "$out" '"name":"华为科技有限公司"' "that keeps the record's content"
cli b sync
cli b account list --deleted
like "$out" "华为科技有限公司.*deleted" "the deletion reaches the other client"
cli b account undelete "$acct"
cli b sync
cli a sync
cli a account list
like "$out" "华为科技有限公司" "an undelete travels too"
is "$(records b)" "$(records a)" "same records after delete and undelete"

# ---- revs_limit ----

sql a "INSERT INTO meta (key, value) VALUES ('sync.revs_limit', '3')"
for i in 1 2 3 4 5 6; do
	cli a contact edit "$contact" "notes=round $i"
	cli a sync
done
ok_rc 0 "sync with a small revs_limit"
http GET "$DBURL/$contact?revs=true"
like "$out" '"start":11' "the server has the newest generation"
n=$(sql a "SELECT count(*) FROM sync_rev WHERE doc = '$contact'")
if [ "$n" -le 3 ]; then pass "the local history is cut at revs_limit ($n edges)"; else fail "history cut at revs_limit" "edges: $n"; fi
cli b sync
cli b --json contact show "$contact"
like "$out" '"notes":[[:space:]]*"round 6"' "the other client still follows"
cli b conflict list
is "$out" "no conflicts" "without a conflict"
sql a "DELETE FROM meta WHERE key = 'sync.revs_limit'"

# ---- follow-up logs and history records ----

new_id a activity add kind=call subject=回访 start='2026-11-24 10:00' related="$contact"
cli a activity done "$id" --log "谈了价格"
cli a sync
cli b sync
cli b followup list
like "$out" "谈了价格" "follow-up logs sync"
is "$(records b)" "$(records a)" "same records with activities and logs"

# ---- dry run ----

cli a contact edit "$contact" title=总经理
before=$(dbsum a)
server_before=$(server_revs "$DBURL")
cli a sync --dry-run
ok_rc 0 "sync --dry-run exits 0"
like "$out" "^send contact \"张伟\"" "dry run names what would be sent"
like "$out" 'title: "采购经理" -> "总经理"' "field by field"
like "$out" "would send 1, receive 0" "and sums it up"
is "$(dbsum a)" "$before" "dry run leaves the local database as it was"
is "$(server_revs "$DBURL")" "$server_before" "dry run leaves the server as it was"
cli a sync
cli b sync
cli b contact edit "$contact" mobile='+86 139 0000 0000'
cli b sync
before=$(dbsum a)
cli a sync --dry-run
like "$out" "^receive contact \"张伟\"" "dry run names what would be received"
like "$out" 'mobile: "\+86 138 0013 8000" -> "\+86 139 0000 0000"' "received fields, one by one"
is "$(dbsum a)" "$before" "a dry-run pull changes nothing here"

# ---- status, pending, log ----

cli a contact add name=李娜
cli a sync pending
like "$out" "contact +new +李娜" "sync pending lists unsent changes"
cli a --json sync status
like "$out" '"pending":[[:space:]]*1' "sync status counts them"
cli a sync
cli a sync status
like "$out" "pending +0 local changes" "nothing pending after a sync"
like "$out" "last sync +20" "the last successful sync is shown"
cli a sync log
like "$out" "team +ok +sent" "sync log lists the runs"
cli b sync

# ---- --watch ----

"$SALESTERM" --db "$WORK/a.db" sync --watch --interval 2 >"$WORK/watch.out" 2>&1 &
watch=$!
cli b contact add name=王芳 title=工程师
cli b sync
tries=0
until [ "$(sql a "SELECT count(*) FROM contact WHERE name = '王芳'")" = 1 ] || [ $tries -ge 100 ]; do
	sleep 0.2
	tries=$((tries + 1))
done
is "$(sql a "SELECT count(*) FROM contact WHERE name = '王芳'")" "1" \
	"sync --watch picks up the server's changes"
cli a contact add name=赵强
tries=0
until [ "$(sql b "SELECT count(*) FROM contact WHERE name = '赵强'")" = 1 ] || [ $tries -ge 60 ]; do
	cli b sync --pull-only
	sleep 0.3
	tries=$((tries + 1))
done
is "$(sql b "SELECT count(*) FROM contact WHERE name = '赵强'")" "1" \
	"and sends local changes while watching"
kill -TERM "$watch"
wait "$watch"
rc=$?
is "$rc" "0" "sync --watch stops cleanly on SIGTERM"
like "$(cat "$WORK/watch.out")" "stopped watching" "and says so"

# A failed run is tried again after a wait that doubles each time: the same
# rule as the TUI's worker (src/sync/backoff.c, pinned by
# tests/unit/test_sync_backoff.c), from SALESTERM_SYNC_BACKOFF_MS here.
cli c remote add "$URL/missing"
export SALESTERM_SYNC_BACKOFF_MS=501
cli c sync --watch --max-runs 3
export SALESTERM_SYNC_BACKOFF_MS=20
is "$(printf '%s\n' "$err" | grep -c '/missing')" "3" "sync --watch: a failing run is tried again"
is "$(printf '%s\n' "$err" | sed -n 's/^salesterm: trying again in //p' | tr '\n' ' ')" "1 s 2 s " \
	"after the first step (0.5 s), then twice as long"
cli a sync
cli b sync
is "$(records b)" "$(records a)" "same records at the end"

done_testing
