#!/bin/sh
# grade.sh - an account's 360-degree view shows its grade (and whether a
# person set it) and its lifetime value with the inputs; an account without
# won deals says so; the account form sets the grade by hand.
. "$(dirname "$0")/lib.sh"

st account add name="Zephyr 科技"
st account add name=Quiet
st opportunity add name=Z1 account="Zephyr 科技" amount=400000 close_date=2026-03-10 stage="Closed Won"
st opportunity add name=Z2 account="Zephyr 科技" amount=200000 close_date=2025-06-01 stage="Closed Won"
st account grade
st account edit Quiet segment=B
tui_start 100 30
expect "Today's schedule" "the TUI opens on Today"
keys 2
expect "Name ▲" "the contacts"
keys Tab
expect "Accounts" "Tab switches to accounts"
keys /
typed "Zephyr"
expect_line "^ Zephyr 科技( |$)" "the account is found"
keys Enter Enter
expect 'account "Zephyr 科技"' "its 360 view"
# 2 deals, 600,000, first 2025-06-01: 540 days, 1.48 years, 1.35 a year.
expect_line "Grade: +A *$" "its grade, from the grading"
expect_line "CLV: +¥599,400.00 = ¥300,000.00 x 1.35/yr x 1.48 yrs" "its lifetime value and inputs"
# The account form sets the grade by hand.
keys e
expect "Edit account" "e opens the account's form"
keys Tab Tab Tab
expect ">Segment" "the segment field"
keys End C-u
typed "C"
keys C-s
expect_line "Grade: +C \(set by hand\)" "a grade picked in the form is marked as set by hand"
st account show "Zephyr 科技"
like "$out" "segment_by_hand +yes" "and stored so"
keys Escape F
expect "showing everything" "F clears the search"
keys /
typed "Quiet"
expect_line "^ Quiet( |$)" "another account"
keys Enter Enter
expect 'account "Quiet"' "its 360 view"
expect_line "Grade: +B \(set by hand\)" "a grade set by hand says so"
expect_line "CLV: +no won deal yet" "no won deal, no value"
tui_quit "q quits cleanly"
done_testing
