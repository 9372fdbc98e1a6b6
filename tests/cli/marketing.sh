#!/bin/sh
# marketing.sh - lead nurturing and marketing consent from the command line:
# `lead nurture` schedules the next touch on the owner's calendar, `consent
# give|withdraw|status` keep a history whose latest entry is in force (a
# withdrawal winning ties), `export contact --mailing` lists only those who
# consented and are not do-not-contact, and `report nurture|consent` show
# the same figures in every format. Bad input changes nothing.
. "$(dirname "$0")/lib.sh"

st user add name=Mia role=manager
st user use Mia
st user add name=Raj role=rep
st contact add name=Ann email=ann@example.org owner=Raj
st contact add name=Bob email=bob@example.org do_not_contact=1
st contact add name=Cid email=cid@example.org
st contact add name=张伟 email=zhang@example.cn
ok_rc 0 "four contacts"

# ---- consent ----
st consent give Ann email phone --how "web form"
ok_rc 0 "consent give on two channels"
is "$out" "consent given on 2 channels" "it says how many"
st consent give Bob email
st consent give 张伟 email --at "2026-11-20 10:00" --how 展会
st consent withdraw 张伟 email --at "2026-11-20 10:00" --how 电话
ok_rc 0 "a withdrawal at the same instant"
st consent give Cid email --at "2026-11-01 09:00"
st consent withdraw Cid email --at "2026-11-10 09:00" --how "unsubscribe link"
st consent give Cid email --at "2026-11-05 09:00" --how "older form, synced late"
st consent status Cid
like "$out" "^email +withdrawn +2026-11-10 09:00 +unsubscribe link" \
	"the latest entry is in force, not the older opt-in recorded after it"
like "$out" "^phone +never asked" "a channel never asked"
st consent status 张伟 --json
like "$(printf '%s' "$out" | tr -d '\n\t ')" '"email":\{"consent":"withdrawn","at":"2026-11-20T02:00:00Z","method":"电话","may_market":false\}' \
	"equal times: the withdrawal wins (JSON)"
st consent status Bob
like "$out" "do not contact" "do-not-contact is said"
st consent list contact=Cid
is "$(printf '%s\n' "$out" | tail -n +2 | wc -l | tr -d ' ')" "3" "the history keeps every entry"

sum=$(dbsum)
st consent give Ann email fax
ok_rc 4 "an unknown channel among good ones"
one_line_error "one line: $err"
like "$err" "fax" "naming it"
st consent withdraw Nobody email
ok_rc 3 "an unknown contact"
st consent give Ann
ok_rc 4 "no channel"
is "$(dbsum)" "$sum" "nothing was written"

# ---- mailing lists ----
st export contact --mailing email
ok_rc 0 "export contact --mailing email"
is "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f2 | sort | tr '\n' ' ')" "Ann " \
	"only Ann: Bob is do-not-contact, Cid and 张伟 withdrew"
st export contact --mailing phone --format jsonl
is "$(printf '%s\n' "$out" | grep -c '"Ann"')" "1" "phone: Ann (jsonl)"
st export lead --mailing email
ok_rc 4 "a mailing list is of contacts"
st export contact --mailing fax
ok_rc 4 "of a consent channel"

# ---- nurture ----
st lead add name=Lee phone=123 owner=Raj
st lead add name=Mo email=mo@example.org do_not_contact=1
st lead nurture Lee --every 10
ok_rc 0 "lead nurture --every 10"
like "$out" "next touch" "the first touch is scheduled"
st activity list related=Lee --json
like "$(printf '%s' "$out" | tr -d '\n\t ')" '"due":"2026-12-03"' "due a cadence from today"
like "$(printf '%s' "$out" | tr -d '\n\t ')" '"owner":"[^"]*"' "on the lead owner's calendar"
st activity list related=Lee
like "$out" "Nurture Lee" "named for the lead"
st lead nurture Mo
ok_rc 0 "a do-not-contact lead"
like "$out" "no touch scheduled" "gets no touch"
st lead show Mo --json
like "$(printf '%s' "$out" | tr -d '\n\t ')" '"status":"nurturing","rating":null,"score":null,"reason":null,"converted_account":null,"converted_contact":null,"converted_opportunity":null,"notes":null,"cadence":14' \
	"nurturing every 14 days by default"
sum=$(dbsum)
st lead nurture Lee --every 0
ok_rc 2 "--every 0 is a usage error"
st lead nurture Nobody
ok_rc 3 "an unknown lead"
is "$(dbsum)" "$sum" "nothing was written"

# Ten days later, nothing logged: Lee is overdue.
SALESTERM_NOW="2026-12-06T01:00:00Z"
export SALESTERM_NOW
st report nurture --format csv
ok_rc 0 "report nurture"
like "$out" "^Lee,,Raj,10,2026-11-23,0,0,,2026-12-03,2026-12-03,3,overdue" \
	"Lee: 3 days overdue, next touch the planned one"
like "$out" "^Mo,,Mia,14,2026-11-23,0,0,,,,0,do not contact" "Mo: never overdue"
st report nurture --format json
like "$out" '"overdue_days":	3' "json: the same figure"
st report nurture --help
like "$out" "Conversion = became opportunities / nurtured" "--help states the formula"

# Completing the touch schedules the next one, a cadence after it.
st activity list related=Lee --json
id=$(printf '%s' "$out" | sed -n 's/.*"id":[[:space:]]*"\([^"]*\)".*/\1/p' | head -1)
st activity done "$id" --log "called, not yet"
ok_rc 0 "the touch is done"
st activity list related=Lee status=planned --json
like "$(printf '%s' "$out" | tr -d '\n\t ')" '"due":"2026-12-16"' "the next touch: 10 days on"
st report nurture --format csv
like "$out" "^Lee,,Raj,10,2026-11-23,1,1,2026-12-06,2026-12-16,2026-12-16,0," "no longer overdue"

# ---- report consent ----
st report consent --format csv
ok_rc 0 "report consent"
# email: Ann given; Cid and 张伟 withdrawn; Bob do-not-contact; 4 contacts.
like "$out" "^email,1,2,0,1,4," "email: given, withdrawn, never asked, do-not-contact"
like "$out" "^phone,1,0,2,1,4," "phone"
st report consent --owner Raj --format csv
like "$out" "^email,1,0,0,0,1," "a rep's contacts only"
st report consent --help
like "$out" "a withdrawal wins" "--help states the rule"

done_testing
