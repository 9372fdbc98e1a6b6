#!/bin/sh
# foreigndel.sh - a record deleted on the server by another client (a plain
# HTTP DELETE, PouchDB's remove(): bare tombstones without a body) while a
# rep edits it offline. The deletion is a conflict (_deleted) exactly like
# one made by salesterm, on every client, and either resolution (keep the
# edit, accept the deletion) converges on both clients and the server.
. "$top_srcdir/tests/sync/lib.sh"

couch_start srv
http PUT "$URL/team"
DBURL="$URL/team"
for c in a b; do cli $c remote add "$DBURL"; done

# conflicts NAME - "id fields" of client NAME's open conflicts, sorted.
conflicts() {
	cli "$1" --json conflict list
	printf '%s' "$out" | node -e '
const a = JSON.parse(require("fs").readFileSync(0));
console.log(a.map(c => c.id + " " + c.fields.map(f => f.field).sort().join(",")).sort().join("\n"));'
}

# server_rev ID - the winning revision of document ID on the server.
server_rev() {
	http GET "$DBURL/$1"
	printf '%s' "$out" | node -e 'console.log(JSON.parse(require("fs").readFileSync(0))._rev)'
}

# pouch_remove ID - PouchDB's own db.remove() of document ID on the server.
pouch_remove() {
	NODE_PATH="$NODE_DIR/node_modules" timeout 60 node -e '
const PouchDB = require("pouchdb-core").plugin(require("pouchdb-adapter-http"));
const db = new PouchDB(process.argv[1]);
db.get(process.argv[2]).then((doc) => db.remove(doc)).then((r) => console.log(r.rev),
  (e) => { console.error(e); process.exit(1); });' "$DBURL" "$1"
}

# server_all_revs - "id winning-rev" of every document on the server, sorted:
# unlike server_revs, with the bare tombstones of records deleted by others.
server_all_revs() {
	http GET "$DBURL/_changes"
	printf '%s' "$out" | node -e '
const r = JSON.parse(require("fs").readFileSync(0)).results;
console.log(r.map((x) => x.id + " " + x.changes[0].rev).sort().join("\n"));'
}

# agree - both clients hold the server's records, the same data, no conflict.
agree() {
	want=$(server_all_revs)
	is "$(revs a)" "$want" "a holds exactly the server's records"
	is "$(revs b)" "$want" "b holds exactly the server's records"
	is "$(records b)" "$(records a)" "a and b hold the same data"
	cli a conflict list
	is "$out" "no conflicts" "a: no conflict left"
	cli b conflict list
	is "$out" "no conflicts" "b: no conflict left"
}

new_id a contact add name=王芳 title=经理 email=wf@example.com
wf=$id
new_id a contact add name=赵磊 title=工程师
zl=$id
new_id a contact add name=孙丽 title=顾问
sl=$id
cli a sync
cli b sync

# ---- a foreign deletion nobody contests just deletes ----

rev=$(server_rev "$sl")
http DELETE "$DBURL/$sl?rev=$rev"
ok_rc 0 "plain HTTP DELETE of an untouched record"
cli a sync
like "$out" "0 new conflicts" "no conflict where nobody edited"
cli a contact list
unlike "$out" "孙丽" "the record is deleted here too"
cli b sync

# ---- plain HTTP DELETE against an offline edit ----

cli b contact edit "$wf" title=总监
rev=$(server_rev "$wf")
http DELETE "$DBURL/$wf?rev=$rev"
ok_rc 0 "plain HTTP DELETE on the server"
cli b sync
ok_rc 0 "b syncs its offline edit"
like "$out" "1 new conflicts" "a foreign deletion against an offline edit is a conflict"
cli b conflict list
like "$out" "contact +王芳 +_deleted" "listed as the _deleted field"
cli b contact list
like "$out" "王芳" "meanwhile the edit is kept, not silently lost"
cli b conflict show "$wf"
like "$out" "_deleted +live +deleted" "mine: the live edit, theirs: the deletion"
cli a sync
like "$out" "1 new conflicts" "the other client finds the same conflict"
is "$(conflicts a)" "$(conflicts b)" "a and b list the same conflict"
cli b conflict resolve "$wf" _deleted=mine
ok_rc 0 "resolve on b: keep the edit"
cli b sync
cli a sync
cli b sync
cli a --json contact show "$wf"
like "$out" '"title":[[:space:]]*"总监"' "the edit stands on a"
unlike "$out" '"deleted":[[:space:]]*true' "live on a"
agree

# ---- PouchDB's remove() against an offline edit, the deletion accepted ----

cli a contact edit "$zl" mobile=+8613800000001
prev=$(pouch_remove "$zl")
like "$prev" "^[0-9]+-" "PouchDB removed the document on the server"
cli a sync
ok_rc 0 "a syncs its offline edit"
like "$out" "1 new conflicts" "a deletion by PouchDB against an offline edit is a conflict"
cli a conflict list
like "$out" "contact +赵磊 +_deleted" "listed as the _deleted field"
cli b sync
like "$out" "1 new conflicts" "b finds the same conflict"
is "$(conflicts b)" "$(conflicts a)" "a and b list the same conflict"
cli a conflict resolve "$zl" _deleted=theirs
ok_rc 0 "resolve on a: accept the deletion"
cli a sync
cli b sync
cli a sync
for c in a b; do
	cli $c contact list
	unlike "$out" "赵磊" "$c: the record is deleted"
done
http GET "$DBURL/$zl"
ok_rc 1 "the server's document is deleted"
agree

done_testing
