#!/bin/sh
# refused.sh - a change the server refused stays pending and is offered
# again on later syncs, after a wait that doubles with each refusal (not on
# every local write), and goes out once the cause is fixed on the server,
# without the record being edited again; 'sync pending' says how many times
# and when it was refused. A user whose access to a database is withdrawn is
# told so - not to check the password - and keeps the local data and the
# pending changes.
. "$top_srcdir/tests/sync/lib.sh"

couch_start srv
SRV=$URL
http PUT "$SRV/team"
ok_rc 0 "the server makes a database"
# The server refuses a contact titled 待审, until the rule is lifted.
http PUT "$SRV/team/_design/hold" \
	'{"validate_doc_update": "function (doc) { if (doc.title === \"待审\") throw({forbidden: \"title 待审 is on hold\"}); }"}'
ok_rc 0 "with a validate_doc_update that refuses some contacts"

# state NAME - every record and the sync bookkeeping, but not the run log.
records_sum() {
	records "$1" | md5sum | cut -d' ' -f1
}

export SALESTERM_NOW=2026-12-01T10:00:00Z
cli a remote add "$SRV/team"
new_id a contact add name=搁置客户 title=待审
held=$id
new_id a contact add name=普通客户
cli a sync
ok_rc 0 "a refused document does not fail the sync"
like "$out" "sent 1, .* 1 refused" "one is sent, one refused"
like "$err" "refused contact \"搁置客户\".*forbidden: title 待审 is on hold" "with the server's reason"
cli a sync pending
like "$out" "搁置客户 +refused: forbidden: title 待审 is on hold \(1 time, last at 2026-12-01T10:00:00Z; offered again from 2026-12-01T10:01:00Z\)" \
	"sync pending says how many times, when, and when it is offered again"

# Syncs before the wait is over (the TUI syncs on every write) do not send it.
for t in 10:00:10 10:00:20 10:00:59; do
	SALESTERM_NOW=2026-12-01T${t}Z cli a contact add "name=又一个$t"
	SALESTERM_NOW=2026-12-01T${t}Z cli a sync
	like "$out" "sent 1, .* 0 refused" "at $t only the new record goes, not the refused one"
done
SALESTERM_NOW=2026-12-01T10:01:00Z cli a sync
like "$out" "sent 0, .* 1 refused" "once the wait is over it is offered again, and refused again"
cli a --json sync pending
like "$out" '"refused_times":[[:space:]]*2' "the second refusal is counted"
like "$out" '"retry_at":[[:space:]]*"2026-12-01T10:03:00Z"' "and the wait doubles"
SALESTERM_NOW=2026-12-01T10:02:59Z cli a sync
like "$out" "sent 0, .* 0 refused" "not before the doubled wait is over"

# The cause is fixed on the server: the change goes out by itself.
http GET "$SRV/team/_design/hold"
rev=$(printf '%s' "$out" | node -e 'console.log(JSON.parse(require("fs").readFileSync(0))._rev)')
http DELETE "$SRV/team/_design/hold?rev=$rev"
ok_rc 0 "the rule is lifted on the server"
SALESTERM_NOW=2026-12-01T10:03:00Z cli a sync
ok_rc 0 "the next sync after the wait"
like "$out" "sent 1, .* 0 refused" "sends the change nobody edited again"
http GET "$SRV/team/$held"
like "$out" '"title":"待审"' "the server has it"
cli a sync pending
like "$out" "nothing to send" "nothing is left pending"
is "$(revs a)" "$(server_revs "$SRV/team")" "a and the server agree"

# An edit of a refused record is a new change: offered at once, counted afresh.
http PUT "$SRV/team/_design/hold" \
	'{"validate_doc_update": "function (doc) { if (doc.title === \"待审\") throw({forbidden: \"title 待审 is on hold\"}); }"}'
new_id a contact add name=再审客户 title=待审
again=$id
cli a sync
like "$out" "1 refused" "another refused contact"
SALESTERM_NOW=2026-12-01T10:03:10Z cli a contact edit "$again" name=再审客户二
SALESTERM_NOW=2026-12-01T10:03:10Z cli a sync
like "$out" "sent 0, .* 1 refused" "edited again, it is offered at once"
cli a --json sync pending
like "$out" '"refused_times":[[:space:]]*1' "and its refusals are counted afresh"

unset SALESTERM_NOW

# ---- access to a database withdrawn ----

couch_start sec
A="http://admin:secret@127.0.0.1:${URL##*:}"
http PUT "$URL/_config/admins/admin" '"secret"'
for u in rep1:p1 rep2:p2; do
	http PUT "$A/_users/org.couchdb.user:${u%%:*}" \
		"{\"name\":\"${u%%:*}\",\"password\":\"${u#*:}\",\"roles\":[],\"type\":\"user\"}"
done
http PUT "$A/east"
http PUT "$A/east/_security" '{"admins":{"names":[],"roles":[]},"members":{"names":["rep1","rep2"],"roles":[]}}'
ok_rc 0 "a database for two members"
CONFIG="$XDG_CONFIG_HOME/salesterm/config"
printf 'sync-credentials east rep2 p2\nsync-credentials wrong rep2 nope\n' >"$CONFIG"
chmod 600 "$CONFIG"
cli r2 remote add "$URL/east" --user rep2
cli r2 contact add name=乙的客户
cli r2 sync
ok_rc 0 "rep2 syncs as a member"
like "$out" "sent 1" "and sends a contact"
cli r2 contact add name=乙的新客户
cli r2 contact edit "$(sql r2 "SELECT id FROM contact WHERE name = '乙的客户'")" title=改过
before=$(records_sum r2)
http PUT "$A/east/_security" '{"admins":{"names":[],"roles":[]},"members":{"names":["rep1"],"roles":[]}}'
ok_rc 0 "rep2 is no longer a member"
cli r2 sync
ok_rc 5 "rep2's sync is refused"
like "$err" "access to this database was refused .*accepts the login \"rep2\"" \
	"the message says access to the database was refused"
unlike "$err" "check the user name and password" "and does not blame the password"
like "$err" "local data and pending changes are kept" "and that nothing is lost"
is "$(records_sum r2)" "$before" "the local records are kept"
cli r2 --json sync status
like "$out" '"pending":[[:space:]]*2' "and so are the two pending changes"

cli r2 remote add "$URL/east" wrong --user rep2
cli r2 sync wrong
ok_rc 5 "a wrong password"
like "$err" "refused the login.*check the user name and password" "is still a failed login"
cli anon remote add "$URL/east" nobody
cli anon sync
ok_rc 5 "no login at all"
unlike "$err" "access to this database was refused" "is not called a refused membership"

http PUT "$A/east/_security" '{"admins":{"names":[],"roles":[]},"members":{"names":["rep1","rep2"],"roles":[]}}'
cli r2 sync
ok_rc 0 "rep2 a member again"
like "$out" "sent 2" "the kept changes go out"

done_testing
