#!/bin/sh
# import.sh - records written by an import sync like any other (issue 15):
# a CSV imported on one client (the contacts and the accounts made for their
# company column) and a calendar's events reach another client through the
# real PouchDB Server, owned by the user who imported them; an import that
# failed sends nothing.
. "$top_srcdir/tests/sync/lib.sh"

couch_start srv
http PUT "$URL/team"
ok_rc 0 "the server answers and makes a database"
DBURL="$URL/team"

cli a user add name=王芳 role=rep
cli a user use 王芳
printf '姓名,手机,公司,邮箱\r\n张伟,13800138000,华为科技有限公司,zw@huawei.com\r\n李娜,13900139000,小米科技,ln@mi.com\r\n' \
	>"$WORK/contacts.csv"
cli a import "$WORK/contacts.csv"
ok_rc 0 "a imports two contacts"
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x-1@example.com\r\nDTSTART:20261210T020000Z\r\nDTEND:20261210T030000Z\r\nSUMMARY:拜访华为\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' \
	>"$WORK/cal.ics"
cli a import "$WORK/cal.ics"
ok_rc 0 "and a calendar's event"
printf 'name,email\nBad,not-an-email\n' >"$WORK/bad.csv"
cli a import "$WORK/bad.csv"
ok_rc 4 "a bad file is refused"
cli a remote add "$DBURL"
cli a sync
ok_rc 0 "a syncs"
like "$out" "sent 6," "the user, two accounts, two contacts and the activity are sent"

cli b remote add "$DBURL"
cli b sync
ok_rc 0 "b syncs"
is "$(sql b "SELECT group_concat(c.name || '@' || a.name || ':' || u.name, ' ') FROM (SELECT * FROM \
	contact ORDER BY mobile) c JOIN account a ON a.id = c.account JOIN user u ON u.id = c.owner")" \
	"张伟@华为科技有限公司:王芳 李娜@小米科技:王芳" \
	"b holds the imported contacts, with their accounts, owned by who imported them"
is "$(sql b "SELECT subject || ' ' || start FROM activity")" "拜访华为 2026-12-10T02:00:00Z" \
	"and the imported event"
is "$(sql b "SELECT count(*) FROM contact WHERE name = 'Bad'")" "0" "nothing of the refused file"
is "$(records b)" "$(records a)" "both clients hold the same records"

# JSON lines are documents: imported with their own revisions, they are
# changes to push, and the server keeps those it has already without a
# conflict; one it lacks is sent and reaches the others.
for t in $("$SALESTERM" help --types); do
	"$SALESTERM" --db "$WORK/a.db" export "$t" --format jsonl --deleted 2>/dev/null
done >"$WORK/a.jsonl"
cli d contact add name=只在文件里
cli d export contact --format jsonl -o "$WORK/d.jsonl"
cat "$WORK/d.jsonl" >>"$WORK/a.jsonl"
cli c import "$WORK/a.jsonl"
ok_rc 0 "a's records and a contact made elsewhere, as JSON lines, import into an empty database"
cli c user use 王芳
cli c remote add "$DBURL"
cli c sync
ok_rc 0 "c syncs"
like "$out" "sent 1, received 0, merged 0, 0 new conflicts, 0 refused" \
	"only the contact the server lacked is sent: no conflict, nothing received again"
is "$(sql c "SELECT count(*) FROM contact WHERE dirty = 1") $(sql c "SELECT count(*) FROM sync_leaf")" "0 0" \
	"nothing is left to push, no conflict is kept"
cli b sync
like "$out" "received 1," "b receives the contact made elsewhere"
is "$(records b)" "$(records c)" "and b and c hold the same records, revisions and all"

done_testing
