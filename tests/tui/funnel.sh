#!/bin/sh
# funnel.sh - screen 4: figures per stage, moving a deal stage by stage with
# the stages' required fields asked for, a review gate, a lost deal with its
# reason, a won deal, filters and the table view.
. "$(dirname "$0")/lib.sh"

st user add name=陈经理 role=manager
st user use 陈经理
st user add name=王磊 role=rep quota=900000
st user use 王磊
st account add name=Acme
st contact add name=李娜 account=Acme
st opportunity add name="Acme ERP" account=Acme amount=100000 close_date=2026-12-15
st opportunity add name="Acme CRM" account=Acme amount=50000 close_date=2026-12-20
tui_start 100 30
keys 4
expect "Prospecting" "4 shows the funnel by stage"
expect_line "^Prospecting +Qualification +Needs Analysis" "stages as columns"
expect_line "^2 deals " "the count per stage"
expect_line "^150K w15K " "amount and weighted amount (10%) per stage"
expect "Acme ERP" "the deals, soonest close first"

keys '>'
expect 'moved "Acme ERP" to Qualification (20%)' "> moves the deal a stage on"
expect_line "^1 deal +1 deal " "the counts follow"
keys '>'
expect '"Acme ERP" needs these to enter Needs Analysis' "a stage's required fields are asked for"
expect ">Contact" "the missing contact"
typed "李娜"
expect "│ 李娜" "with type-ahead"
keys Enter C-s
expect 'moved "Acme ERP" to Needs Analysis (40%)' "moved once it has them"
keys '>'
expect 'moved "Acme ERP" to Proposal (60%)' "on to Proposal"
keys '>'
expect "needs these and a manager's review for Negotiation" "and a manager's review: the rep is told"
expect ">Next step" "Negotiation needs a next step"
typed "签合同"
keys C-s
expect "Note to the reviewer" "saving asks for the review, with a note"
keys Escape
expect "the review was not asked for" "Esc asks for nothing"
keys Escape
expect "Discard your changes? (y/n)" "leaving asks first"
keys y
expect '"Acme ERP" stays where it was; no review was asked for' "the deal stays in Proposal"
st opportunity show "Acme ERP" --json
like "$out" '"probability":[[:space:]]+60,' "in the database too (Proposal, 60%)"

keys L
expect 'Close "Acme ERP" (¥100,000.00) as lost? (y/n)' "L asks first"
keys y
expect '"Acme ERP" needs these to enter Closed Lost' "L asks the lost reason"
expect ">Lost reason" "the reason field"
keys C-s
expect "lost_reason" "it cannot be left empty"
typed "价格太高"
keys C-s
expect 'moved "Acme ERP" to Closed Lost (0%)' "lost"
st opportunity show "Acme ERP" --json
like "$out" '"lost_reason":[[:space:]]+"价格太高"' "with its reason"
like "$out" '"category":[[:space:]]+"omitted"' "and out of the forecast"

keys h h h h h h
expect "Acme CRM" "back to the first stage"
keys W
expect 'Close "Acme CRM" (¥50,000.00) as won? (y/n)' "W asks first"
keys y
expect 'moved "Acme CRM" to Closed Won (100%)' "W wins a deal"
expect_line "1 deal +1 deal *$" "one won, one lost"

keys p
expect "this month" "p: deals closing this month"
expect_line "^0 deals " "none close in November"
keys p
expect "this quarter" "this quarter"
keys v
expect "All stages" "v shows the funnel as a table"
expect_line "Closed Won +1 +¥50,000.00 +¥50,000.00 +100%" "amount and weighted amount per stage"
keys v
expect_line "^Prospecting" "and back to columns"
tui_quit "quits cleanly"

# A manager moving a deal into the reviewed stage signs it off by doing so.
st opportunity add name="Big Deal" account=Acme contact=李娜 amount=900000 close_date=2026-12-01 next_step=签约
st opportunity move "Big Deal" Proposal
st user use 陈经理
tui_start 100 30
keys 4
expect "everyone" "a manager sees everyone's deals"
keys l l l
expect "Big Deal" "the deal in Proposal"
keys '>'
expect 'moved "Big Deal" to Negotiation (80%)' "the manager moves it into Negotiation"
st approval count
is "$out" "1" "and the sign-off is recorded"
tui_quit "quits cleanly"
# At 80 columns a stage's column is 10 or 11 cells: "8,123 deals" does not fit,
# so the column shows the whole count rather than a cut word.
DB="$WORK/big.db"
make_demo 40000
st user use 陈建国
tui_start 80 24
keys 4
expect_line "[0-9],[0-9]{3} +[0-9],[0-9]{3} *$" "four-digit counts shown whole in the narrower columns"
if screen | grep -q "dea~"; then fail "no count cut"; else pass "no count cut"; fi
tui_quit "quits cleanly"
done_testing
