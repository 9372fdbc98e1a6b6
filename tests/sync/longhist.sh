#!/bin/sh
# longhist.sh - a record edited more times offline than revs_limit (1000)
# keeps one history: the client sends its history down to the revision the
# server has, so the server links the branches, and no client - the writer,
# another one holding only the first revision, or a new one - sees a
# conflict against its own older revision.
. "$top_srcdir/tests/sync/lib.sh"

couch_start srv
SRV=$URL
http PUT "$SRV/team"

cli a remote add "$SRV/team"
cli b remote add "$SRV/team"
new_id a contact add name=常改客户 title=第0版
c=$id
cli a sync
like "$out" "sent 1" "a sends a new contact"
cli b sync
like "$out" "received 1" "b receives it"
first=$(sql b "SELECT rev FROM contact WHERE id = '$c'")

# edits NAME N - N edits of the contact on client NAME, through the same
# columns, change numbers and triggers as 'contact edit' (which is too slow
# for a thousand: one process each), in one transaction.
edits() {
	_f="$WORK/edits.sql"
	echo "BEGIN;" >"$_f"
	_i=1
	while [ "$_i" -le "$2" ]; do
		cat >>"$_f" <<SQL
UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'change_seq';
UPDATE contact SET title = '批量$_i', rev = (CAST(rev AS INTEGER) + 1) || '-' || lower(hex(randomblob(16))),
	seq = (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'change_seq'), dirty = 1,
	updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = '$c';
SQL
		_i=$((_i + 1))
	done
	echo "COMMIT;" >>"$_f"
	sqlite3 "$WORK/$1.db" <"$_f" || bail "the edits failed"
}

# ---- 1,200 edits offline ----

edits a 1195
for i in 1 2 3 4 5; do cli a contact edit "$c" "title=第${i}版"; done
is "$(sql a "SELECT CAST(rev AS INTEGER) FROM contact WHERE id = '$c'")" "1201" \
	"1,200 edits on a: generation 1201"
is "$(sql a "SELECT count(*) FROM sync_rev WHERE doc = '$c'")" "1200" "with the whole history here"
cli a sync
ok_rc 0 "a syncs"
like "$out" "sent 1, received 0, merged 0, 0 new conflicts" "a sends the contact, no conflict"
http GET "$SRV/team/$c?conflicts=true"
unlike "$out" "_conflicts" "the server links the histories: no conflict there"
like "$out" '"_rev":"1201-' "its winner is the last edit"
like "$out" '"title":"第5版"' "with the last title"
cli a conflict list
unlike "$out" "$c" "no conflict on a"

cli b sync
ok_rc 0 "b, which has only the first revision, syncs"
like "$out" "received 1, merged 0, 0 new conflicts" "and receives the edit without a conflict"
is "$(sql b "SELECT title FROM contact WHERE id = '$c'")" "第5版" "b holds the last edit"
is "$(sql b "SELECT count(*) FROM sync_leaf WHERE doc = '$c'")" "0" "and no other leaf"
cli b sync
like "$out" "sent 0, received 0, merged 0, 0 new conflicts" "b's next sync has nothing to do"
cli a sync
like "$out" "sent 0, received 0, merged 0, 0 new conflicts" "nor has a's"

cli n remote add "$SRV/team"
cli n sync
like "$out" "received 1, merged 0, 0 new conflicts" "a new client receives it without a conflict"

# ---- and again, the other way: b edits 1,200 times, a has generation 1201 ----

edits b 1200
cli b sync
like "$out" "sent 1, received 0, merged 0, 0 new conflicts" "b sends 1,200 more edits"
http GET "$SRV/team/$c?conflicts=true"
unlike "$out" "_conflicts" "the server has no conflict"
like "$out" '"_rev":"2401-' "its winner is b's last edit"
cli a sync
like "$out" "received 1, merged 0, 0 new conflicts" "a receives it without a conflict"
is "$(revs a)" "$(server_revs "$SRV/team")" "a and the server agree"
is "$(revs b)" "$(server_revs "$SRV/team")" "b and the server agree"
unlike "$first" "^1201" "(b started from the first revision)"

done_testing
