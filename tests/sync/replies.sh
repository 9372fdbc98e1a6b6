#!/bin/sh
# replies.sh - every server reply is checked before a checkpoint moves, with
# a real PouchDB Server behind the tests' fault proxy: a _bulk_get reply that
# leaves out a revision or answers it with an error (fetched again document
# by document, or the sync fails and resumes there), a _revs_diff reply of {}
# for what the server lacks or of the wrong shape, and a _bulk_docs reply
# that acknowledges documents (or says []) without storing them.
. "$top_srcdir/tests/sync/lib.sh"

couch_start srv
SRV=$URL
http PUT "$SRV/team"
proxy_start px "$SRV"
PX=$PURL

# state NAME - every record and the sync bookkeeping, but not the run log.
state() {
	sqlite3 "$WORK/$1.db" .dump | grep -v '^INSERT INTO sync_run' | md5sum | cut -d' ' -f1
}
# edit_some N TITLE - the seed client edits N contacts and sends them:
# later revisions, which a pull fetches with _bulk_get.
edit_some() {
	for c in $(sql seed "SELECT id FROM contact ORDER BY id LIMIT $1"); do
		cli seed contact edit "$c" "title=$2"
	done
	cli seed sync
}

cli seed demo --size 20
cli seed remote add "$SRV/team"
cli seed sync
ok_rc 0 "the seed client fills the server"
cli seed user use "$(sql seed "SELECT name FROM user WHERE role = 'manager' LIMIT 1")"
cli b remote add "$PX/team"
cli b sync
ok_rc 0 "b receives the server's records"

# ---- _bulk_get ----

edit_some 3 第二版
fault "$PX" '[{"match": "POST /team/_bulk_get", "action": "drop", "key": "results", "times": 1}]'
cli b sync
ok_rc 0 "a _bulk_get reply that leaves out a revision"
is "$(revs b)" "$(server_revs "$SRV/team")" "the revision is fetched again: everything arrived"
http GET "$PX/__fault/log"
like "$out" "GET /team/[0-9a-f-]{36} pass" "with GET ?open_revs for that document"

edit_some 3 第三版
fault "$PX" '[{"match": "POST /team/_bulk_get", "action": "errentry", "times": 1}]'
cli b sync
ok_rc 0 "a _bulk_get reply with an error entry for a revision"
is "$(revs b)" "$(server_revs "$SRV/team")" "the revision is fetched again: everything arrived"

edit_some 3 第四版
before=$(state b)
fault "$PX" '[{"match": "POST /team/_bulk_get", "action": "drop", "key": "results", "times": -1},
	{"match": "GET /team/[0-9a-f-]{36}\\?", "action": "reply", "body": [], "times": -1}]'
cli b sync
ok_rc 13 "a revision the server never sends fails the sync"
like "$err" "did not send revision [0-9]+-[0-9a-f]+ of document [0-9a-f-]{36} \(asked with POST /_bulk_get and again with GET \?open_revs\)" \
	"naming the revision, the document and the requests"
is "$(state b)" "$before" "nothing of the batch is applied, the checkpoint stays"
fault "$PX" '[]'
cli b sync
ok_rc 0 "the next sync"
like "$out" "received 3" "resumes there"
is "$(revs b)" "$(server_revs "$SRV/team")" "and everything arrived"

# Without _bulk_get (open_revs only), a revision left out fails too.
edit_some 2 第五版
before=$(state b)
fault "$PX" '[{"match": "POST /team/_bulk_get", "action": "status", "status": 404, "times": -1},
	{"match": "GET /team/[0-9a-f-]{36}\\?", "action": "reply", "body": [], "times": -1}]'
cli b sync
ok_rc 13 "a server without _bulk_get that leaves out a revision"
like "$err" "did not send revision .* \(asked with GET \?open_revs\)" "is named"
is "$(state b)" "$before" "and changes nothing"
fault "$PX" '[]'
cli b sync
is "$(revs b)" "$(server_revs "$SRV/team")" "the next sync gets it"

# ---- _revs_diff ----

cli b user use "$(sql b "SELECT name FROM user WHERE role = 'manager' LIMIT 1")"
new_id b contact add name=差异测试
c=$id
before=$(state b)
fault "$PX" '[{"match": "POST /team/_revs_diff", "action": "reply", "body": {}, "times": 1}]'
cli b sync --push-only
ok_rc 13 "a _revs_diff reply of {} for a record never sent"
like "$err" "reply to POST /_revs_diff said it has revision 1-[0-9a-f]+ of $c, but asked again it does not" \
	"is caught by asking again"
is "$(state b)" "$before" "nothing is marked sent"
cli b sync pending
like "$out" "差异测试" "the record is still pending"
for body in '[]' \
	'{"00000000-0000-4000-8000-000000000000": {"missing": ["1-abc"]}}' \
	"{\"$c\": {\"missing\": \"1-abc\"}}" \
	"{\"$c\": {\"missing\": [\"1-0123abc\"]}}" \
	"{\"$c\": {\"missing\": [7]}}"; do
	fault "$PX" "[{\"match\": \"POST /team/_revs_diff\", \"action\": \"reply\", \"body\": $(printf '%s' "$body" | node -e 'process.stdout.write(JSON.stringify(require("fs").readFileSync(0).toString()))'), \"times\": 1}]"
	cli b sync --push-only
	ok_rc 13 "a _revs_diff reply $body"
	like "$err" "reply to POST /_revs_diff is malformed" "is an error naming the request"
	is "$(state b)" "$before" "and changes nothing"
done
like "$err" "lists a revision that is not a string" "(a revision that is not a string)"
fault "$PX" '[]'
cli b sync --push-only
ok_rc 0 "with a good reply"
like "$out" "sent 1" "the record is sent"
http GET "$SRV/team/$c"
ok_rc 0 "and is on the server"

# ---- _bulk_docs ----

new_id b contact add name=确认测试
c=$id
fault "$PX" '[{"match": "POST /team/_bulk_docs", "action": "reply", "body": [], "times": 1}]'
cli b sync --push-only
ok_rc 0 "a _bulk_docs reply of [] for a document it did not store"
like "$out" "sent 0, .* 1 refused" "is not counted as sent"
like "$err" "refused contact \"确认测试\".*not stored" "and says why"
is "$(sql b "SELECT dirty FROM contact WHERE id = '$c'")" "1" "the record stays to send"
http GET "$SRV/team/$c"
ok_rc 1 "(the server does not have it)"

new_id b contact add name=确认测试二
c2=$id
fault "$PX" '[{"match": "POST /team/_bulk_docs", "action": "ack", "times": 1}]'
cli b sync --push-only
ok_rc 0 "a _bulk_docs reply that acknowledges a new document it did not store"
like "$out" "sent 0, .* 1 refused" "is not counted as sent"
cli b sync pending
like "$out" "确认测试二 +refused: not stored" "sync pending says it was not stored"
is "$(sql b "SELECT dirty FROM contact WHERE id = '$c2'")" "1" "the record stays to send"
cli b sync --push-only
like "$out" "sent 0, .* 0 refused" "they wait before they are offered again"
SALESTERM_NOW=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ) cli b sync --push-only
ok_rc 0 "after the wait"
like "$out" "sent 2, .* 0 refused" "both are sent again"
http GET "$SRV/team/$c"
ok_rc 0 "and are on the server"
http GET "$SRV/team/$c2"
ok_rc 0 "both of them"

done_testing
