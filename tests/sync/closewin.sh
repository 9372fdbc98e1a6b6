#!/bin/sh
# closewin.sh - a branch-closing tombstone is a leaf like any other, on the
# client that made it too, after it is pushed. While a live leaf is left it
# never wins; once every branch is deleted it may (CouchDB's rule: the
# highest revision, generation then hash), and every replica must then pick
# it as the server does. Here the closed branch is longer than the kept one,
# so its tombstone outranks a later deletion of the record by generation:
# no chance in it.
. "$top_srcdir/tests/sync/lib.sh"

couch_start srv
http PUT "$URL/team"
DBURL="$URL/team"
for c in a b; do cli $c remote add "$DBURL"; done

# server_all_revs - "id winning-rev" of every document on the server, sorted.
server_all_revs() {
	http GET "$DBURL/_changes"
	printf '%s' "$out" | node -e '
const r = JSON.parse(require("fs").readFileSync(0)).results;
console.log(r.map((x) => x.id + " " + x.changes[0].rev).sort().join("\n"));'
}

# agree WHAT - both clients hold the server's records and the same data.
agree() {
	want=$(server_all_revs)
	is "$(revs a)" "$want" "$1: a holds exactly the server's records"
	is "$(revs b)" "$want" "$1: b holds exactly the server's records"
	is "$(records b)" "$(records a)" "$1: a and b hold the same data"
}

new_id a contact add name=孙丽 title=经理
sl=$id
cli a sync
cli b sync

# b edits twice and deletes offline (generation 4); a edits once (2): a's
# live version wins, b's deletion is a conflict on both.
cli b contact edit "$sl" notes=第一次
cli b contact edit "$sl" notes=第二次
cli b contact delete "$sl"
cli a contact edit "$sl" mobile='+86 138 0000 0001'
cli a sync
cli b sync
cli a sync
cli b conflict list
like "$out" "_deleted" "b's deletion against a's edit is a conflict"

# b keeps the record: a new revision on a's branch (3) and a tombstone that
# closes b's deleted branch (5), which b pushes.
cli b conflict resolve "$sl" _deleted=theirs
ok_rc 0 "b keeps the record"
cli b sync
cli a sync
cli b sync
agree "after the resolution"
cli b conflict list
is "$out" "no conflicts" "no conflict left on b"

# a deletes the record (4): every leaf is deleted now, and the closing
# tombstone (5) is the winner on the server.
cli a contact delete "$sl"
ok_rc 0 "a deletes the record"
cli a sync
cli b sync
cli a sync
agree "after the deletion"
tomb=$(sql a "SELECT rev FROM contact WHERE id = '$sl'")
case "$tomb" in
5-*) pass "the closing tombstone wins once every branch is deleted" ;;
*) fail "the closing tombstone wins once every branch is deleted" "got: $tomb" ;;
esac
is "$(sql b "SELECT rev || ' ' || deleted || ' ' || ifnull(mobile, '') FROM contact \
	WHERE id = '$sl'")" "$tomb 1 +86 138 0000 0001" "b holds it deleted, with a's content"

# The same with a foreign deletion (a plain HTTP DELETE) of the kept branch.
new_id a contact add name=周强 title=工程师
zq=$id
cli a sync
cli b sync
cli b contact edit "$zq" notes=一
cli b contact edit "$zq" notes=二
cli b contact delete "$zq"
cli a contact edit "$zq" title=总监
cli a sync
cli b sync
cli b conflict resolve "$zq" _deleted=theirs
ok_rc 0 "b keeps the second record"
cli b sync
cli a sync
http GET "$DBURL/$zq"
rev=$(printf '%s' "$out" | node -e 'console.log(JSON.parse(require("fs").readFileSync(0))._rev)')
http DELETE "$DBURL/$zq?rev=$rev"
ok_rc 0 "another program deletes it on the server"
cli b sync
cli a sync
cli b sync
agree "after the foreign deletion"
case "$(sql b "SELECT rev FROM contact WHERE id = '$zq'")" in
5-*) pass "b takes the closing tombstone as the winner" ;;
*) fail "b takes the closing tombstone as the winner" "got: $(sql b "SELECT rev FROM contact WHERE id = '$zq'")" ;;
esac

done_testing
