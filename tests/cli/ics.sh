#!/bin/sh
# ics.sh - iCalendar import and export on the real binary: a Google Calendar
# and an Outlook export (tests/data/io/, made by hand from RFC 5545 the way
# those programs write: VTIMEZONE, TZID, UTC and floating times, all-day
# events, RRULE with EXDATE and an overridden occurrence), bad input, a
# second import that updates, and our export read back by python3-icalendar.
. "$top_srcdir/tests/cli/lib.sh"
DATA="$top_srcdir/tests/data/io"
export SALESTERM_NOW="2026-12-03T09:00:00Z" # Thursday 17:00 in Shanghai
count() { "$SALESTERM" --db "$DB" activity count 2>/dev/null; }
# start SUBJECT - the stored start (UTC) of the first activity of that subject
start() { sqlite3 "$DB" "SELECT start FROM activity WHERE subject = '$1' ORDER BY start LIMIT 1"; }
field() { sqlite3 "$DB" "SELECT \"$2\" FROM activity WHERE subject = '$1' ORDER BY start LIMIT 1"; }

# ---- Google Calendar ----
st import "$DATA/google-calendar.ics" --dry-run
ok_rc 0 "--dry-run of a Google Calendar export"
like "$out" "\(ics, UTF-8\): would create 19, update 0, skip 0, reject 0 activities" \
	"says what it would create"
is "$(count)" "0" "and writes nothing"

st import "$DATA/google-calendar.ics"
ok_rc 0 "a Google Calendar export imports"
like "$out" "created 19, updated 0" "19 activities: events and the occurrences of two rules"
like "$out" 'line 26: "Weekly pipeline review" repeats weekly: 11 occurrences from 2026-12-07 to 2027-03-01 imported \(the window: 2026-12-03 and 90 days after\), some dates excluded by EXDATE' \
	"a note says what was expanded, over which window"
like "$out" 'line 96: "Monthly forecast call" repeats monthly: 2 occurrences from 2027-01-05 to 2027-02-02' \
	"COUNT counts the occurrence before the window too"
is "$(start 'Weekly pipeline review')" "2026-12-07T14:00:00Z" \
	"TZID America/New_York by the file's VTIMEZONE: 09:00 EST is 14:00 UTC"
is "$(sqlite3 "$DB" "SELECT count(*) FROM activity WHERE subject = 'Weekly pipeline review' AND start LIKE '2026-12-28%'")" \
	"0" "EXDATE drops its occurrence"
is "$(start 'Weekly pipeline review (moved)')" "2026-12-14T16:00:00Z" \
	"a RECURRENCE-ID replaces its occurrence"
is "$(sqlite3 "$DB" "SELECT count(*) FROM activity WHERE start LIKE '2026-12-14%'")" "1" \
	"and the occurrence it moved is not there twice"
is "$(start 'Kick-off')" "2026-11-05T15:00:00Z" "after the first Sunday of November: EST"
is "$(field 'Kick-off' status)" "done" "an event that is over is done"
is "$(field 'Monthly forecast call' status)" "cancelled" "STATUS:CANCELLED"
is "$(start 'Call with José García')" "2026-12-11T07:00:00Z" \
	"a floating time is the user's (TZ Asia/Shanghai)"
is "$(field 'Call with José García' end)" "2026-12-11T07:45:00Z" "DURATION gives the end"
is "$(field 'Call with José García' kind)" "call" "CATEGORIES:call gives the kind"
is "$(field 'Weekly pipeline review' reminder)" "10" "a VALARM's TRIGGER is the reminder"
is "$(field 'Weekly pipeline review' location)" "Zoom" "LOCATION"
is "$(sqlite3 "$DB" "SELECT due || ' ' || all_day || ' ' || ifnull(start, '-') FROM activity WHERE subject = '客户年会'")" \
	"2026-12-18 1 -" "a one-day all-day event is a due date"
is "$(sqlite3 "$DB" "SELECT start || ' ' || \"end\" || ' ' || all_day FROM activity WHERE subject = 'Trade fair in Shenzhen'")" \
	"2026-12-20T16:00:00Z 2026-12-23T16:00:00Z 1" "several days run from local midnight to midnight"
is "$(sqlite3 "$DB" "SELECT location FROM activity WHERE subject LIKE '拜访%'")" \
	"北京市海淀区中关村大街1号, 华信大厦 12层" "folded lines unfolded inside a character, escapes undone"
like "$(sqlite3 "$DB" "SELECT subject FROM activity WHERE subject LIKE '拜访%'")" \
	"演示新版本, 讨论报价; 带上合同" "\\, and \\; in SUMMARY"

# the same calendar again: the UIDs find the same records, which are updated
st import "$DATA/google-calendar.ics"
ok_rc 0 "importing the calendar again"
like "$out" "created 0, updated 19, skipped 0" "updates every event, duplicates none"
is "$(count)" "19" "still 19 activities"
st import "$DATA/google-calendar.ics" --on-duplicate skip
like "$out" "created 0, updated 0, skipped 19" "--on-duplicate skip leaves them"

# a window of 30 days
DB="$WORK/window.db"
st import "$DATA/google-calendar.ics" --window 30
like "$out" "repeats weekly: 2 occurrences from 2026-12-07 to 2026-12-21 imported \(the window: 2026-12-03 and 30 days after\)" \
	"--window DAYS changes the window"
st import "$DATA/google-calendar.ics" --window 0
ok_rc 2 "--window 0 is a usage error"

# ---- Outlook: Windows zone names with their VTIMEZONE ----
DB="$WORK/outlook.db"
st import "$DATA/outlook-calendar.ics"
ok_rc 0 "an Outlook export imports"
like "$out" 'line 56: "Berlin stand-up" repeats daily: 4 occurrences from 2026-12-03 to 2026-12-09' \
	"INTERVAL=2;COUNT=4"
is "$(start '与上海远东贸易 签约会议')" "2026-12-09T02:00:00Z" "\"China Standard Time\" (quoted TZID) is +08:00"
is "$(field '与上海远东贸易 签约会议' priority)" "high" "PRIORITY:1 is high"
is "$(start 'Berlin partner call (summer time)')" "2027-03-29T07:00:00Z" \
	"after the last Sunday of March: CEST (+02:00)"
is "$(start 'Berlin stand-up')" "2026-12-03T14:00:00Z" "before it: CET (+01:00)"

# a VTIMEZONE with the rules of before 2007 (UNTIL) beside today's: the old
# ones end in their UNTIL year (2026-10-28 is still summer time in New York)
printf '%s\r\n' BEGIN:VCALENDAR BEGIN:VTIMEZONE 'TZID:US Eastern' \
	BEGIN:STANDARD DTSTART:19671029T020000 \
	'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10;UNTIL=20061029T060000Z' \
	TZOFFSETFROM:-0400 TZOFFSETTO:-0500 END:STANDARD \
	BEGIN:DAYLIGHT DTSTART:19870405T020000 \
	'RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4;UNTIL=20060402T070000Z' \
	TZOFFSETFROM:-0500 TZOFFSETTO:-0400 END:DAYLIGHT \
	BEGIN:STANDARD DTSTART:20071104T020000 'RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11' \
	TZOFFSETFROM:-0400 TZOFFSETTO:-0500 END:STANDARD \
	BEGIN:DAYLIGHT DTSTART:20070311T020000 'RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3' \
	TZOFFSETFROM:-0500 TZOFFSETTO:-0400 END:DAYLIGHT END:VTIMEZONE \
	BEGIN:VEVENT UID:old-rules 'DTSTART;TZID=US Eastern:20261028T090000' \
	'SUMMARY:Late October' END:VEVENT END:VCALENDAR >"$WORK/oldrules.ics"
DB="$WORK/oldrules.db"
st import "$WORK/oldrules.ics"
is "$(start 'Late October')" "2026-10-28T13:00:00Z" "a zone's rule ends with its UNTIL: EDT, not EST"

# a title longer than an activity's (200 bytes): cut between characters, and said
long=$(printf '长%.0s' $(seq 1 80))
printf 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:long\r\nDTSTART:20261205T020000Z\r\nRRULE:FREQ=DAILY;COUNT=2\r\nSUMMARY:%s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' "$long" >"$WORK/long.ics"
DB="$WORK/long.db"
st import "$WORK/long.ics"
ok_rc 0 "a title too long for an activity is imported"
is "$(sqlite3 "$DB" "SELECT DISTINCT length(CAST(subject AS BLOB)) FROM activity")" "198" \
	"cut to 66 characters (198 bytes), never inside one"
is "$(printf '%s\n' "$out" | grep -c 'subject cut to 200 bytes')" "1" "and said once, not per occurrence"

# ---- bad input: the line, and nothing written ----
DB="$WORK/bad.db"
st import "$DATA/truncated.ics"
ok_rc 4 "a calendar cut short is refused"
like "$err" "truncated.ics:48: the file ends inside VCALENDAR \(of line 1\): no END:VCALENDAR" \
	"naming the line and what is missing"
is "$(count)" "0" "nothing written"
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261205T100000Z\r\nSUMMARY:ok\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:y\r\nDTSTART:2026-12-05 10:00\r\nSUMMARY:bad\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' >"$WORK/bad.ics"
st import "$WORK/bad.ics"
ok_rc 4 "a date-time that is not one is refused"
like "$err" 'bad.ics:10: DTSTART: "2026-12-05 10:00" is not an iCalendar date or date-time' \
	"with its line"
is "$(count)" "0" "and the good event is not written either"
printf 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VTODO\r\nEND:VCALENDAR\r\n' >"$WORK/mismatch.ics"
st import "$WORK/mismatch.ics"
like "$err" "mismatch.ics:4: END:VTODO where END:VEVENT \(of line 2\) was expected" "END that does not match"
printf 'BEGIN:VCALENDAR\r\n\001\002garbage\377\r\n' >"$WORK/garbage.ics"
st import "$WORK/garbage.ics" --format ics
ok_rc 4 "garbage is refused"
like "$err" "garbage.ics:2: " "naming the line"
printf 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;TZID=Mars/Olympus:20261205T100000\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' >"$WORK/tz.ics"
st import "$WORK/tz.ics"
like "$err" "tz.ics:2: DTSTART: an unknown time zone" "a TZID nobody knows"
printf 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;TZID=Europe/Paris:20261205T100000\r\nSUMMARY:Paris\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' >"$WORK/olson.ics"
st import "$WORK/olson.ics"
ok_rc 0 "a TZID without VTIMEZONE: the system's zone of that name"
is "$(start 'Paris')" "2026-12-05T09:00:00Z" "10:00 in Paris is 09:00 UTC"

# --skip-bad: the good event imported, the bad one written back with its reason
DB="$WORK/skip.db"
st import "$WORK/bad.ics" --skip-bad "$WORK/rejected.ics"
ok_rc 0 "--skip-bad imports the good events"
like "$out" "created 1, updated 0, skipped 0, rejected 1" "and rejects the bad one"
like "$(cat "$WORK/rejected.ics")" "X-SALESTERM-REASON:.*is not an iCalendar date" \
	"the rejected event, with its reason"
like "$(tail -c 15 "$WORK/rejected.ics")" "END:VCALENDAR" "in a calendar that ends"

# ---- export ----
DB="$WORK/export.db"
st import "$DATA/google-calendar.ics"
st activity add kind=task subject='Send the quote, signed; with \ and a subject long enough to be folded 报价单报价单报价单报价单' \
	due=2026-12-20 priority=high reminder=30
st activity add kind=visit subject='Visit 华信' start='2026-12-08 14:00' end='2026-12-08 15:30'
st contact add name=华信联系人
st activity add kind=call subject='Ring 华信' start='2026-12-09 09:00' related=华信联系人
st export activity --format ics subject='Ring 华信' -o "$WORK/withcustomer.ics"
like "$(cat "$WORK/withcustomer.ics")" "DESCRIPTION:Customer: 华信联系人" "the customer's name in DESCRIPTION"
st activity delete 'Ring 华信'
st export activity --format ics -o "$WORK/out.ics"
ok_rc 0 "export activity --format ics"
like "$err" "exported 21 activities" "every activity"
if od -c "$WORK/out.ics" | grep -q '\\r  \\n'; then pass "lines end in CRLF"; else fail "lines end in CRLF"; fi
longest=$(tr -d '\r' <"$WORK/out.ics" | LC_ALL=C awk '{ if (length($0) > m) m = length($0) } END { print m }')
if [ "$longest" -le 75 ]; then pass "no line longer than 75 octets ($longest)"; else fail "no line longer than 75 octets" "$longest"; fi
if tr -d '\r' <"$WORK/out.ics" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 &&
	tr -d '\r' <"$WORK/out.ics" | LC_ALL=C grep -q '^ '; then
	# every physical line is valid UTF-8 on its own: folds fall between characters
	bad=0
	tr -d '\r' <"$WORK/out.ics" | while IFS= read -r l; do
		printf '%s' "$l" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 || echo bad
	done | grep -q bad && bad=1
	is "$bad" "0" "folded lines, never inside a UTF-8 character"
else
	fail "folded lines, never inside a UTF-8 character"
fi
like "$(cat "$WORK/out.ics")" 'SUMMARY:Send the quote\\, signed\\; with \\\\ and' "text escaped"
st export activity -o "$WORK/auto.ics"
like "$(head -1 "$WORK/auto.ics")" "BEGIN:VCALENDAR" "-o FILE.ics is iCalendar without --format"
st export contact --format ics
ok_rc 4 "a contact is no calendar item"
is "$out" "" "and nothing is written"
like "$err" "export activity --format ics" "saying what to do"
st export activity --format ics kind=visit
like "$out" "SUMMARY:Visit 华信" "filters as in list"
unlike "$out" "Weekly pipeline" "only what they select"

PY=/usr/bin/python3
if [ -x "$PY" ] && "$PY" -c 'import icalendar' 2>/dev/null; then
	got=$("$PY" - "$WORK/out.ics" <<'EOF'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
items = [c for c in cal.walk() if c.name in ('VEVENT', 'VTODO')]
print(len(items), sum(c.name == 'VTODO' for c in items))
for c in items:
    s = str(c['SUMMARY'])
    if s.startswith('Send the quote'):
        print('todo', s, c['DUE'].dt, c['PRIORITY'], c.walk('VALARM')[0]['TRIGGER'].dt)
    if s == 'Visit 华信':
        print('visit', c['DTSTART'].dt.isoformat(), c['DTEND'].dt.isoformat(), c['STATUS'])
    if s == '客户年会':
        print('allday', c['DTSTART'].dt, c['DTEND'].dt)
    assert c['UID'].endswith('@salesterm') and c['DTSTAMP']
EOF
)
	like "$got" "^21 1" "python3-icalendar reads every item back (one VTODO)"
	like "$got" 'todo Send the quote, signed; with \\ and a subject long enough to be folded 报价单报价单报价单报价单 2026-12-20 1 -1 day, 23:30:00' \
		"the task: folded summary, DUE, PRIORITY, alarm 30 min before"
	like "$got" "visit 2026-12-08T06:00:00\+00:00 2026-12-08T07:30:00\+00:00 CONFIRMED" \
		"the visit in UTC (14:00 in Shanghai)"
	like "$got" "allday 2026-12-18 2026-12-19" "an all-day event as DATEs"
else
	skip "our iCalendar read back by python3-icalendar" "no python3-icalendar (build-aux/deps)"
fi

# an activity's customer travels as its id: another database has no such
# record, and --map related= leaves the link out
DB="$WORK/other.db"
st import "$WORK/withcustomer.ics"
ok_rc 4 "a customer this database does not have stops the import"
like "$err" 'column "related": .*no customer' "saying which column"
st import "$WORK/withcustomer.ics" --map related=
ok_rc 0 "--map related= imports without it"
is "$(sqlite3 "$DB" "SELECT subject || '|' || ifnull(related, '-') FROM activity")" "Ring 华信|-" \
	"the call, without its customer"
DB="$WORK/export.db"

# the export imported again updates the same records
sum_before=$(count)
st import "$WORK/out.ics"
like "$out" "created 0, updated 21" "our export imported again updates, never duplicates"
is "$(count)" "$sum_before" "the same number of activities"

done_testing
