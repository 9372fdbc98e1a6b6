#!/bin/sh
# screens.sh - Today's agenda, the follow-up timeline and its quick log, the
# forecast table, bars and other currencies, and help, on the demo database.
. "$(dirname "$0")/lib.sh"

make_demo 300
tui_start 100 30
expect "Today's schedule" "Today: the schedule"
expect "Overdue (" "overdue activities"
expect "Follow-ups due (" "follow-ups due"
expect "Deals closing this month (" "deals closing this month"
expect "Rotting deals (idle longer than their stage allows) (" "rotting deals"
expect_line "changes here not yet synced" "and the sync state"
expect_line "^ Today  Monday 2026-11-23" "the date in local time"

keys 6
expect "Follow-ups  " "6: the follow-up timeline"
expect_line "Customer +At ▼ +Channel" "newest first"
keys c
expect "Log a follow-up" "c logs a call in a few keys"
expect_line "Channel +call" "the channel is filled in"
expect_line "At\* +2026-11-23 09:00" "and the time: now, local"
expect ">Outcome" "the selected log's customer is filled in: the outcome comes next"
keys BTab BTab BTab
expect ">Customer" "S-Tab goes back to the customer"
keys C-u
typed "Zeta"
keys Escape
expect "Discard your changes? (y/n)" "a typed name is not thrown away silently"
keys y
st account add name="Zeta 贸易"
keys c
expect ">Outcome" "c again"
keys BTab BTab BTab C-u
typed "Zeta"
expect "│ Zeta 贸易" "type-ahead"
keys Enter Tab Tab Tab
typed "报价已发"
keys Tab Tab
typed "mon"
keys C-s
expect 'logged a call with Zeta 贸易; next follow-up 2026-11-30' "logged with a next date"
expect_line "^ Zeta 贸易 +2026-11-23 09:00 +call +报价已发" "at the top of the timeline"
keys f
typed "channel=visit"
keys Enter
expect "filtered by channel=visit" "filter by channel"
expect_line "filter: channel=visit" "shown in the title"
keys f
typed "related=Zeta 贸易"
keys Enter
expect "(nothing matches the filters)" "by customer too"
keys F
expect "Zeta 贸易" "F clears"
keys f
typed "colour=red"
keys Enter
expect "has no field \"colour\"" "a bad filter says why"

st opportunity add name="Dollar deal" amount=12000 currency=USD close_date=2026-11-30
keys 7
expect "Forecast  2026Q4  2026-10-01 .. 2026-12-31  CNY" "7: this quarter's forecast"
expect_line "Rep +Quota +Won +Commit +(Adj C +)?Best case +(Adj B +)?Pipeline +Weighted +Attain +Cover" \
	"per rep and category, attainment and coverage"
expect "█ won  ▓ commit  ▒ best case  ░ pipeline  | quota" "and bars"
expect "+ 1 deal in USD, not added in: won 0, open 12K USD" \
	"a deal in another currency is shown apart, never added in silently"
keys p
expect "Forecast  2026  2026-01-01 .. 2026-12-31" "p: the year"
keys p
expect "Forecast  2026-11  2026-11-01 .. 2026-11-30" "p again: the month"
keys ]
expect "Forecast  2026-12  2026-12-01 .. 2026-12-31" "]: the next one"
keys [ [
expect "Forecast  2026-10  2026-10-01 .. 2026-10-31" "[ [: two back"

keys 1 ?
expect "keys of this screen (bind today KEY ACTION" "? on Today"
expect_line "^ x c +complete" "lists Today's own keys"
expect_line "j <Down> C-n +move-down" "and the generic ones"
keys G
expect "Line editing (forms and prompts)" "and those of forms and prompts"
expect_line "C-w +edit-kill-word" "line editing by word"
keys Escape 4 ?
expect "keys of this screen (bind funnel KEY ACTION" "? on the funnel"
expect_line "> \. +stage-next +Move the deal to the next stage" "lists the funnel's keys"
keys Escape 9
expect "keys of this screen (bind funnel KEY ACTION" "9 is help too"
keys Escape 8
expect "Server  none: salesterm remote add URL, then S" "8: the Sync screen, with no server yet"
expect_line "user +.+ +new$" "it lists the changes never sent"
expect_line "unsynced$" "the status line counts them"
keys S
expect "no sync remote: add one with salesterm remote add URL" "S without a server says how to add one"
keys Escape
keys Z
expect "Z does nothing here" "an unbound key says so"
tui_quit "quits cleanly"

# One change waiting is said in the singular (ngettext, the count inside).
DB="$WORK/one.db"
st account add name="Zeta 贸易"
tui_start 100 30
expect_line "^ +1 change here not yet synced \(8: the Sync screen\)" "Today: one change, singular"
tui_quit "quits cleanly"
done_testing
