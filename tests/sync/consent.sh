#!/bin/sh
# consent.sh - marketing consent across two clients and the real PouchDB
# Server: each giving or withdrawal is a record of its own, so both arrive
# everywhere (nothing is merged away), and the consent in force is the same
# on every client whatever order sync brings the entries in: the latest by
# time, a withdrawal winning equal times. An opt-out is never lost to an
# older or simultaneous opt-in written on another laptop; a mailing list
# made on either client leaves the person out.
. "$top_srcdir/tests/sync/lib.sh"

couch_start srv
http PUT "$URL/team"
DBURL="$URL/team"
for c in a b; do cli $c remote add "$DBURL"; done

new_id a contact add name=张伟 email=zhang@example.cn
zw=$id
new_id a contact add name=Anna email=anna@example.org
cli a sync
cli b sync
ok_rc 0 "both clients hold the contacts"

# email: b withdraws at 11:00, a (offline) records an opt-in of 10:00 later.
cli b consent withdraw 张伟 email --at "2026-11-20 11:00" --how "unsubscribe link"
ok_rc 0 "b: 张伟 withdraws email consent at 11:00"
cli b sync
cli a consent give 张伟 email --at "2026-11-20 10:00" --how "paper form, typed in late"
ok_rc 0 "a: an opt-in signed at 10:00, recorded after"
# phone: the same instant on both, given on a and withdrawn on b.
cli a consent give 张伟 phone --at "2026-11-20 12:00"
cli b consent withdraw 张伟 phone --at "2026-11-20 12:00"
cli b sync
cli a sync
ok_rc 0 "a syncs last: its opt-ins reach the server after the opt-outs"
cli b sync
# Anna: given on a, then withdrawn on b, then given again on a (later).
cli a consent give Anna email --at "2026-11-20 09:00"
cli a sync
cli b sync
cli b consent withdraw Anna email --at "2026-11-21 09:00"
cli b sync
cli a sync
cli a consent give Anna email --at "2026-11-22 09:00" --how "asked again"
cli a sync
cli b sync

for c in a b; do
	is "$(sql $c "SELECT count(*) FROM consent WHERE deleted = 0")" "7" \
		"$c holds every entry: none merged away"
	cli $c consent status 张伟 --json
	flat=$(printf '%s' "$out" | tr -d '\n\t ')
	like "$flat" '"email":\{"consent":"withdrawn","at":"2026-11-20T03:00:00Z"' \
		"$c: the opt-out beats the older opt-in synced after it"
	like "$flat" '"phone":\{"consent":"withdrawn"' "$c: equal times: the opt-out wins"
	cli $c consent status Anna --json
	like "$(printf '%s' "$out" | tr -d '\n\t ')" '"email":\{"consent":"given","at":"2026-11-22T01:00:00Z"' \
		"$c: a newer opt-in is in force"
	cli $c export contact --mailing email
	is "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f2)" "Anna" "$c: the mailing list leaves 张伟 out"
	cli $c report consent --format csv
	like "$out" "email,1,1,0,0,2," "$c: report consent counts the same"
done
is "$(records b)" "$(records a)" "a and b hold the same data"

done_testing
