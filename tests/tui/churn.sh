#!/bin/sh
# churn.sh - R on the Accounts list opens the customers at risk of churning
# (a manager sees the team's), each with its reason, owner, value at risk,
# the contact a touch would call (never a do-not-contact one) and the next
# touch; t plans a call for the owner on the day typed, which the row and
# the owner's Today then show; a second t is refused with the day planned;
# Enter opens the account's 360-degree view with its churn risk and the
# product lines it has bought and not; it fits 80x24.
. "$(dirname "$0")/lib.sh"

st user add name=李经理 role=manager
st user use 李经理
st user add name=王芳 role=rep
st user use 王芳
st account add name=华为科技有限公司 industry=零售 segment=A
st contact add name=张伟 account=华为科技有限公司 do_not_contact=yes
st contact add name=李娜 account=华为科技有限公司
for d in 2026-01-10 2026-02-09 2026-03-11; do
	st opportunity add "name=H $d" account=华为科技有限公司 amount=10000 "close_date=$d" \
		"stage=Closed Won" product_line=ERP
done
st followup add related=李娜 channel=call "at=2026-11-01 10:00"
st account add "name=Busy Ltd" industry=零售 segment=A
st opportunity add name=B1 "account=Busy Ltd" amount=1000 close_date=2026-11-01 "stage=Closed Won" \
	product_line=CRM
st followup add "related=Busy Ltd" channel=visit "at=2026-11-20 10:00"
st user use 李经理

tui_start 80 24
expect "Today's schedule" "the TUI opens on Today"
keys 2 Tab
expect_line "^ Accounts " "Tab: the accounts"
keys ?
expect "Churn risk: customers drifting away" "the help names R"
keys Escape
expect_line "^ Accounts " "back"
keys R
expect_line "^ Churn risk +1 of 2 customers at risk" "R: the customers at risk, counted"
expect_line "^ 华为科技有限公司 +王芳 +no purchase for 257.* 30K +李娜 *$" \
	"the customer, its owner, reason, value at risk and the contact to call"
w=$(screen_width)
is "$([ "$w" -le 80 ] && echo fits)" "fits" "nothing is wider than 80 columns ($w)"
keys t
expect "Call on: today" "t asks the day, today by default"
keys C-u
typed "tomorrow"
keys Enter
expect "planned a call to 李娜 of 华为科技有限公司 on 2026-11-24 for 王芳" "t plans a call for the owner"
expect_line "^ 华为科技有限公司 .* 李娜 +2026-11-24 *$" "the row shows the touch planned"
keys t Enter
expect "already has an activity" "a second touch is refused"
keys P
expect "already has an activity planned on 2026-11-24" "naming the day (P: the message whole)"
keys Escape
st activity list --json
like "$out" '"subject":[[:space:]]+"Keep the customer: call 李娜 \(华为科技有限公司\)"' "one call in the database"
keys Enter
expect 'Customer  account "华为科技有限公司"' "Enter: the account's 360-degree view"
expect_line "Churn risk: +no purchase for 257 days, 8\.5x its average of" "its churn risk with the reason"
expect_line "Lines bought: +ERP *$" "the lines it bought"
expect_line "Not bought: +CRM *$" "and those it has not"
keys Escape Escape
expect_line "^ Accounts " "Esc, Esc: back to the accounts"
keys q
tui_stop

# 王芳's Today shows the call (synced or, here, in the same database).
st user use 王芳
SALESTERM_NOW="2026-11-24T01:00:00Z"
export SALESTERM_NOW
tui_start 80 24
expect_line "^ today +call +Keep the customer: .* 李娜 +planned *$" "the owner's Today shows the call on its day"
keys q
tui_stop
done_testing
