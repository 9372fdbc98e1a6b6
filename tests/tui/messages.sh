#!/bin/sh
# messages.sh - whole messages on screen (issue 12): a status message longer
# than the line is cut with the key that shows it whole, P lists the last
# messages whole (wrapped). (That a refusal for a missing review names the
# TUI's action, not a CLI command, is tests/unit/test_rules.c's: the Funnel
# now asks to request the review before the core would refuse.)
. "$(dirname "$0")/lib.sh"

st user add name=陈经理 role=manager
st user use 陈经理
st user add name=王磊 role=rep quota=900000
st user use 王磊
st account add name=Acme
st contact add name=李娜 account=Acme
st opportunity add name="Acme ERP" account=Acme contact=李娜 amount=100000 close_date=2026-12-15 next_step=报价
st opportunity move "Acme ERP" Proposal
is "$rc" "0" "a deal in Proposal with every field Negotiation needs"
tui_start 80 24
keys P
expect "no messages yet" "P before any message: says there is none"
keys Escape
# A message longer than the line.
long="一个很长的名字一个很长的名字一个很长的名字一个很长的名字一个很长的名字一个很长的名字"
keys :
typed "edit stage $long"
keys Enter
expect "no stage named" "a long refusal"
expect_line "P: whole *[0-9,]* *(unsynced)?$" "cut, with the key that shows it whole"
keys P
expect " Messages " "P opens the messages"
expect_line "^ +.*的名字\"" "shown whole, its end included"
w=$(screen_width)
is "$([ "$w" -le 80 ] && echo fits)" "fits" "wrapped within 80 columns ($w)"
keys Escape
expect_gone " Messages " "Esc goes back"
tui_quit "quits cleanly"
# The CLI still names its command.
st opportunity move "Acme ERP" Negotiation
like "$err" "salesterm opportunity approve [0-9a-f-]{36}" "the CLI's refusal names the CLI command"
done_testing
