#!/bin/sh
# leadchannel.sh - leads from other writers land in the one queue of leads,
# tagged by channel (issue 14): a web form writes lead documents with ids of
# its own into the team's database, one with a channel salesterm does not
# know, one with none; a client pulls them all (nothing quarantined), the
# unknown channel is kept as it came and counted as "unknown" by report
# sources, the missing one takes "unknown"; an edit here keeps the form's
# channel, and the server gets it back unchanged.
. "$top_srcdir/tests/sync/lib.sh"

couch_start srv
http PUT "$URL/team"
ok_rc 0 "the server answers and makes a database"
DBURL="$URL/team"

# A client of ours: a campaign and a lead from it.
cli a remote add "$DBURL"
new_id a campaign add name=春季展会 channel=event cost=20000
camp=$id
# Created in November 2026 whatever the day the test runs.
export SALESTERM_NOW=2026-11-19T03:00:00Z
cli a lead add name=李娜 company=北京科技 source=event channel=campaign campaign=春季展会
unset SALESTERM_NOW
cli a sync
ok_rc 0 "the first client pushes its campaign and lead"

# A web form: its own ids, a channel of its own, none at all, one we know.
http PUT "$DBURL/form-lead-1" \
	'{"type":"lead","name":"网页线索一","company":"领英来的公司","channel":"linkedin","created_at":"2026-11-20T03:00:00Z"}'
ok_rc 0 "a web form writes a lead with a channel of its own"
http PUT "$DBURL/form-lead-2" '{"type":"lead","name":"网页线索二","created_at":"2026-11-21T03:00:00Z"}'
ok_rc 0 "and one with no channel"
http PUT "$DBURL/form-lead-3" \
	"{\"type\":\"lead\",\"name\":\"网页线索三\",\"channel\":\"web_form\",\"campaign\":\"$camp\",\"created_at\":\"2026-11-22T03:00:00Z\"}"
ok_rc 0 "and one by the web form of our campaign"
http PUT "$DBURL/form-lead-4" '{"type":"lead","name":"网页线索四","channel":"web_form"}'
ok_rc 0 "and one with no date at all"

cli b remote add "$DBURL"
cli b sync
ok_rc 0 "a new client syncs"
unlike "$out" "cannot be stored" "nothing kept aside"
cli b sync quarantine
is "$out" "no documents in quarantine" "the quarantine is empty"
cli b lead count
is "$out" "5" "every lead is in the one queue"
is "$(sql b "SELECT id || '|' || channel FROM lead WHERE id LIKE 'form-lead-%' ORDER BY id")" \
	"form-lead-1|linkedin
form-lead-2|unknown
form-lead-3|web_form
form-lead-4|web_form" "the form's channel kept as it came; none is unknown"
cli b lead list channel=linkedin
like "$out" "网页线索一 +领英来的公司" "the lead list shows it, and filters by it"

cli b report sources --period 2026 --format csv
ok_rc 0 "report sources"
like "$out" "^unknown,2,0,0\\.0,0,0\\.00,,.$" "the form's own channel and none counted as unknown"
like "$out" "^web_form,1,0,0\\.0,0,0\\.00,,.$" "the web form's lead"
like "$out" "^campaign,1,0,0\\.0,0,0\\.00,,.$" "and ours, by its campaign"
cli b report sources --period 2026
like "$out" "^1 leads name a channel salesterm does not know" "a note says so"
like "$out" "^1 leads came from another writer with no date: in no period" \
	"the lead with no date is counted apart, not left unsaid"
cli b report campaigns --period 2026 --format csv
like "$out" "^春季展会,event,20000\\.00,CNY,2,0,0,0\\.00,-100\\.0,," \
	"the campaign has its lead and the web form's"

# An edit here keeps the form's channel; the server gets it back as it was.
cli b lead edit form-lead-1 rating=hot
ok_rc 0 "a lead with another writer's channel can be edited here"
cli b lead edit form-lead-2 channel=linkedin
ok_rc 4 "what is typed here must be one of the keys"
cli b sync
ok_rc 0 "the edit is sent"
http GET "$DBURL/form-lead-1"
like "$out" '"channel":"linkedin"' "the server still has the form's channel"
like "$out" '"rating":"hot"' "with the edit"

done_testing
