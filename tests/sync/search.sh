#!/bin/sh
# search.sh - what a pull stores is found by search as if it had been typed
# here. The pull writes the search index once per batch, after the batch's
# documents (doc/DESIGN.md section 5), so a deal that arrives before its
# account in the same batch is still found by the account's name; an edit
# and a deletion from the server update the index, and a document that is
# quarantined leaves nothing in it.
. "$top_srcdir/tests/sync/lib.sh"

couch_start srv
http PUT "$URL/team"
ok_rc 0 "the server answers and makes a database"
DBURL="$URL/team"
STAGE=5a9e0001-0000-4000-8000-000000000001

# Another writer stores a deal first, then the account it refers to.
http PUT "$DBURL/deal-1" \
	"{\"type\":\"opportunity\",\"name\":\"年度框架协议\",\"stage\":\"$STAGE\",\"account\":\"acct-1\"}"
ok_rc 0 "a deal is written before its account"
http PUT "$DBURL/acct-1" '{"type":"account","name":"星河电子有限公司"}'
ok_rc 0 "then its account"
http PUT "$DBURL/c-1" '{"type":"contact","name":"欧阳明","notes":"喜欢绿茶"}'
c1_rev=$(printf '%s' "$out" | sed -n 's/.*"rev":"\([^"]*\)".*/\1/p')
http PUT "$DBURL/c-2" '{"type":"contact","name":"司马光"}'
c2_rev=$(printf '%s' "$out" | sed -n 's/.*"rev":"\([^"]*\)".*/\1/p')
http PUT "$DBURL/c-bad" '{"type":"contact","name":42,"notes":"隔离区的备注"}'
[ -n "$c1_rev" ] && [ -n "$c2_rev" ] || bail "the server did not answer with revisions"

cli b remote add "$DBURL"
cli b sync
ok_rc 0 "a new client pulls them in one batch"
cli b search 星河
like "$out" "年度框架协议" "the deal is found by the name of its account, which came after it"
like "$out" "星河电子有限公司" "and so is the account"
cli b search 绿茶
like "$out" "欧阳明" "a pulled contact is found by its notes"
cli b search 隔离区
unlike "$out" "contact" "a quarantined document leaves nothing in the search index"

# The server changes one contact and deletes the other.
http PUT "$DBURL/c-1" "{\"_rev\":\"$c1_rev\",\"type\":\"contact\",\"name\":\"欧阳明\",\"notes\":\"喜欢红茶\"}"
ok_rc 0 "another writer edits a contact"
http DELETE "$DBURL/c-2?rev=$c2_rev"
ok_rc 0 "and deletes another"
cli b sync
ok_rc 0 "the client pulls the edit and the deletion"
cli b search 红茶
like "$out" "欧阳明" "the edit is found by its new text"
cli b search 绿茶
unlike "$out" "欧阳明" "and no longer by the old one"
cli b search 司马
unlike "$out" "司马光" "a record deleted on the server is no longer found"
is "$(sql b "SELECT count(*) FROM contact_fts WHERE contact_fts MATCH '司 马'")" "0" \
	"its index row is gone"

done_testing
