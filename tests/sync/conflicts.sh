#!/bin/sh
# conflicts.sh - two and three clients editing the same records: different
# fields merge by themselves, the same field becomes a conflict the user sees
# (conflict list/show/resolve), a deletion against an edit is a conflict, and
# a resolution syncs like any edit until every replica agrees.
. "$top_srcdir/tests/sync/lib.sh"

couch_start srv
http PUT "$URL/team"
DBURL="$URL/team"
for c in a b c; do cli $c remote add "$DBURL"; done

new_id a contact add name=张伟 title=经理 mobile='+86 138 0013 8000' email=zw@example.com
zw=$id
new_id a contact add name=李娜 title=工程师
ln=$id
cli a sync
cli b sync
cli c sync
is "$(records b)" "$(records a)" "b starts with a's records"

# ---- different fields: merged automatically ----

cli a contact edit "$zw" title=总监
cli b contact edit "$zw" mobile='+86 139 0000 0000'
cli a sync
cli b sync
like "$out" "merged 1, 0 new conflicts" "b merges the two edits by itself"
cli a sync
cli b sync
cli a --json contact show "$zw"
like "$out" '"title":[[:space:]]*"总监"' "a has its own title"
like "$out" '"mobile":[[:space:]]*"\+86 139 0000 0000"' "and b's mobile"
is "$(records b)" "$(records a)" "both hold the merged record"
cli a conflict list
is "$out" "no conflicts" "a merge leaves no conflict"
node "$COUCHJS" docs "$DBURL" >"$WORK/docs"
is "$(grep "^$zw" "$WORK/docs" | cut -d' ' -f3)" "-" "the server's document has no open conflict"

# ---- the same field: a conflict for the user ----

cli a contact edit "$zw" title=副总裁
cli b contact edit "$zw" title=技术总监 email=jd@example.com
cli a sync
cli b sync
like "$out" "1 new conflicts" "the same field changed on both sides is a conflict"
like "$out" "conflict contact \"张伟\"" "and is named in the output"
cli b conflict list
ok_rc 0 "conflict list"
like "$out" "contact +张伟 +title" "lists the record and the field in conflict"
unlike "$out" "email" "a field changed on one side only is not in conflict"
cli b conflict show "$zw"
ok_rc 0 "conflict show"
like "$out" "title +技术总监 +副总裁 +总监" "mine, theirs and base per field"
cli b --json conflict show "$zw"
fields=$(printf '%s' "$out" | node -e '
const d = JSON.parse(require("fs").readFileSync(0));
console.log(d.fields.map(f => [f.field, f.mine, f.theirs, f.base].join("|")).join(";"));')
is "$fields" "title|技术总监|副总裁|总监" "conflict show --json: field, mine, theirs, base"
cli a sync
cli a conflict list
like "$out" "contact +张伟 +title" "the other client sees the conflict too"
is "$(records b)" "$(records a)" "meanwhile both show the same (winning) version"
pair=$(sql a "SELECT title || ' ' || email FROM contact WHERE id = '$zw'")
case "$pair" in
"副总裁 zw@example.com" | "技术总监 jd@example.com") pass "meanwhile the record is the winning version, whole" ;;
*) fail "meanwhile the record is the winning version, whole" "got: $pair" ;;
esac

cli b conflict resolve "$zw"
ok_rc 2 "resolve without a choice is a usage error"
like "$err" "title" "that names the field to decide"
cli b conflict resolve "$zw" title=nonsense_choice_is_a_value
ok_rc 0 "any other word is taken as the value itself"
cli b conflict list
is "$out" "no conflicts" "resolved here"
cli b contact edit "$zw" title=技术总监
cli b sync
cli a sync
cli a conflict list
is "$out" "no conflicts" "the resolution reaches the other client"
cli a --json contact show "$zw"
like "$out" '"title":[[:space:]]*"技术总监"' "with the chosen value"
like "$out" '"email":[[:space:]]*"jd@example.com"' "and the fields merged by the resolution"
cli b sync
is "$(records b)" "$(records a)" "both agree after the resolution"
node "$COUCHJS" docs "$DBURL" >"$WORK/docs"
is "$(grep "^$zw" "$WORK/docs" | cut -d' ' -f3)" "-" "the server has no open conflict left"

# ---- resolving with mine, theirs and base ----

cli a contact edit "$ln" title=架构师 mobile=+8613700000001
cli b contact edit "$ln" title=经理 mobile=+8613700000002
cli a sync
cli b sync
cli b conflict show "$ln"
like "$out" "mobile" "two fields in conflict"
cli b conflict resolve "$ln" title=base mobile=theirs
ok_rc 0 "resolve with base and theirs"
cli b --json contact show "$ln"
like "$out" '"title":[[:space:]]*"工程师"' "base: the value both started from"
like "$out" '"mobile":[[:space:]]*"\+8613700000001"' "theirs: the other side's value"
cli b sync
cli a sync
cli b sync
is "$(records b)" "$(records a)" "agreed"

# ---- deleted on one side, edited on the other ----

new_id a account add name=字节跳动
acc=$id
cli a sync
cli b sync
cli a account delete "$acc"
cli b account edit "$acc" industry=互联网
cli a sync
cli b sync
like "$out" "1 new conflicts" "a deletion against an edit is a conflict"
cli b conflict list
like "$out" "account +字节跳动 +_deleted" "shown as the _deleted field"
cli b account list
like "$out" "字节跳动" "meanwhile the edited version is kept (nothing silently lost)"
cli a sync
cli a conflict list
like "$out" "_deleted" "the deleting client sees the conflict too"
cli a account list --deleted
unlike "$out" "deleted" "its record is live again until someone decides"
cli a conflict show "$acc"
like "$out" "_deleted +deleted +live" "mine: deleted, theirs: live"
cli a conflict resolve "$acc" _deleted=mine
ok_rc 0 "resolve the deletion: keep it deleted"
cli a sync
cli b sync
cli b account list
unlike "$out" "字节跳动" "the deletion wins everywhere once resolved"
cli b conflict list
is "$out" "no conflicts" "no conflict left"
is "$(records b)" "$(records a)" "agreed on the deletion"

# ---- three clients, three fields ----

cli c sync
cli a contact edit "$zw" title=CTO
cli b contact edit "$zw" mobile=+8613911112222
cli c contact edit "$zw" email=cto@example.com
for round in 1 2 3; do
	cli a sync
	cli b sync
	cli c sync
done
cli c --json contact show "$zw"
like "$out" '"title":[[:space:]]*"CTO"' "three clients: a's field"
like "$out" '"mobile":[[:space:]]*"\+8613911112222"' "three clients: b's field"
like "$out" '"email":[[:space:]]*"cto@example.com"' "three clients: c's field"
is "$(records a)" "$(records c)" "a and c agree"
is "$(records b)" "$(records c)" "b and c agree"
for c in a b c; do
	cli $c conflict list
	is "$out" "no conflicts" "$c has no conflict"
done
is "$(server_revs "$DBURL")" "$(revs c)" "the server holds what the clients hold"

# ---- follow-up logs never conflict ----

cli a followup add related="$zw" at='2026-11-23 10:00' outcome=电话 notes=甲
cli b followup add related="$zw" at='2026-11-23 10:00' outcome=电话 notes=乙
cli a sync
cli b sync
cli a sync
cli a followup count
is "$out" "2" "two logs of the same moment are two records"
cli a conflict list
is "$out" "no conflicts" "and no conflict"

done_testing
