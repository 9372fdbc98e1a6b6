#!/bin/sh
# teamwork.sh - a rep's and a manager's day (issue 12): every action one
# transaction (a touch on a colleague's lead), closing a deal asks and can be
# undone, a log needs a customer, a refused review keeps what was typed and
# asks for the review, the manager's queue and Today, a rep's own records
# first, and a picker of reps on the Funnel.
. "$(dirname "$0")/lib.sh"

st user add name=陈经理 role=manager
st user use 陈经理
st user add name=王磊 role=rep quota=900000
st user add name=李强 role=rep quota=800000
st account add name=Acme owner=王磊
st contact add name=张伟 account=Acme owner=王磊
st lead add name="Bob Stone" company="Stone Works" owner=李强
st lead add name="Dan Park" company="Park Inc" owner=王磊
st user use 王磊

# 1. A touch on another rep's new lead: the log, its next activity and the
# lead's status are one write, refused whole.
st followup count
logs0=$out
st activity count
acts0=$out
tui_start 100 30
keys 3
expect "Dan Park" "a rep's leads are their own"
expect_line "Leads +[0-9] leads \(mine\)" "it says so"
expect_gone "Bob Stone" "a colleague's lead is not among them"
keys o
expect "Bob Stone" "o shows the team's"
expect_line "Leads +[0-9] leads \(the team's\)" "it says so"
expect_line "^ Bob Stone +李强 " "with an owner column after the name"
keys /
typed "Bob"
keys Enter
expect_line "^ Bob Stone" "the colleague's lead"
keys t
expect "Log a follow-up" "t opens the log form"
typed "Left a message"
keys Tab Tab
typed "2026-11-30"
keys C-s
expect 'lead "Bob Stone" belongs to another rep' "the touch is refused: the lead is another rep's"
st followup count
is "$out" "$logs0" "no log was written"
st activity count
is "$out" "$acts0" "and no next activity"
st lead show "Bob Stone" --json
like "$out" '"status":[[:space:]]+"new"' "the lead is still new"
keys Escape
expect "Discard your changes? (y/n)" "leaving the form asks"
keys y
keys F /
typed "Dan"
keys Enter
expect_line "^ Dan Park" "the rep's own lead"
keys t
expect "Log a follow-up" "t on an own lead"
typed "Called"
keys Tab Tab
typed "2026-11-30"
keys C-s
expect "the lead is now contacted" "the log, the next activity and the status in one write"
st lead show "Dan Park" --json
like "$out" '"status":[[:space:]]+"contacted"' "the lead is contacted"
st activity count
is "$out" "$((acts0 + 1))" "its next activity is scheduled"
tui_quit "quits cleanly"

# 3. A log needs a customer; c, v and L on the Follow-ups screen start with
# the selected log's customer.
st followup add at='2026-11-22 15:00' channel=call outcome=无名
like "$rc $err" "^[1-9] .*a log needs a customer" "a log without a customer is refused"
st followup add related=张伟 at='2026-11-22 15:00' channel=call outcome=谈了价格
tui_start 100 30
keys 6
expect "谈了价格" "the timeline"
keys j j
keys v
expect "Log a follow-up" "v opens the log form"
expect_line "Customer +张伟" "with the selected log's customer"
expect_line "Channel +visit" "as a visit"
typed "上门拜访"
keys C-s
expect "logged a visit with 张伟" "logged about that customer"
keys c
expect "Log a follow-up" "c opens the log form"
expect_line "Customer +张伟" "with the selected log's customer"
expect_line "Channel +call" "as a call"
typed "电话确认"
keys C-s
expect "logged a call with 张伟" "logged about that customer"
keys L
expect "Log a follow-up" "L opens the log form"
expect_line "Customer +张伟" "with the selected log's customer too"
typed "备忘"
keys C-s
expect_line "^ 张伟 .* 备忘" "logged about that customer"
keys Escape
tui_quit "quits cleanly"

# 2. Closing a deal asks, naming it and its amount; u undoes a move.
st opportunity add name="Acme CRM" account=Acme contact=张伟 amount=1270000 close_date=2026-12-20
st opportunity move "Acme CRM" Qualification
tui_start 100 30
keys 4
expect "Acme CRM" "the deal on the Funnel"
keys l
keys W
expect 'Close "Acme CRM" (¥1,270,000.00) as won? (y/n)' "W asks, naming the deal and its amount"
keys n
expect '"Acme CRM" stays where it was' "n keeps the deal open"
st opportunity show "Acme CRM" --json
like "$out" '"probability":[[:space:]]+20,' "still in Qualification"
keys W
expect 'as won? (y/n)' "W asks again"
keys y
expect 'moved "Acme CRM" to Closed Won (100%); u undoes' "y closes it"
keys u
expect 'moved "Acme CRM" back to Qualification' "u undoes the move"
st opportunity show "Acme CRM" --json
like "$out" '"probability":[[:space:]]+20,' "back in Qualification at 20%"
like "$out" '"category":[[:space:]]+"pipeline"' "and back in the pipeline"
keys '>'
expect 'moved "Acme CRM" to Needs Analysis' "> moves on"
keys u
expect 'moved "Acme CRM" back to Qualification' "u undoes any stage move"
tui_quit "quits cleanly"

# 4. A gated stage refuses a rep's move: what the rep typed is kept with the
# deal, and the review is asked for from the screen.
st opportunity add name="Acme ERP" account=Acme contact=张伟 amount=1160000 close_date=2026-11-28
st opportunity move "Acme ERP" Proposal
st opportunity add name="Acme Cloud" account=Acme contact=张伟 amount=300000 close_date=2026-12-28 next_step=演示
st opportunity move "Acme Cloud" Proposal
tui_start 100 30
keys 4
expect "Acme Cloud" "the deals in Proposal"
keys l l l
expect_line "^Prospecting +Qualification" "the stages"
keys '>'
expect "needs these and a manager's review for Negotiation (C-s asks)" "the stage's fields and its review"
typed "签合同"
keys C-s
expect "Note to the reviewer" "saving asks for a note to the reviewer"
typed "客户已口头同意"
keys Enter
expect 'asked a manager to review "Acme ERP" for Negotiation; it stays in Proposal until then' \
	"the review is asked for"
st opportunity show "Acme ERP" --json
like "$out" '"next_step":[[:space:]]+"签合同"' "what the rep typed is kept with the deal"
like "$out" '"review_status":[[:space:]]+"requested"' "with the request"
like "$out" '"probability":[[:space:]]+60,' "which stays in Proposal"
keys j '>'
expect "Negotiation needs a manager's review. Ask for it? (y/n)" "a deal that has the fields: only the review is asked"
keys y
expect "Note to the reviewer" "with a note"
keys Enter
expect 'asked a manager to review "Acme Cloud" for Negotiation' "asked"
tui_quit "quits cleanly"

# 5, 6. The manager's Today: the reviews waiting with what the reviewer
# needs to see, a count in the status line, the team's deals and follow-ups.
st user use 陈经理
st contact add name=李娜 account=Acme owner=李强
st followup add related=李娜 at='2026-11-10 10:00' channel=call outcome=报价 next_date=2026-11-15 owner=李强
tui_start 100 30
expect "Reviews waiting (A approve, b send back) (2)" "the manager's Today starts with the reviews waiting"
expect_line "^ 2026-11-28 +Acme ERP +Proposal -> Negotiation +¥1,160,000.00" \
	"close date, deal, the stage asked for and the amount"
expect "王磊  |  next step: 签合同  |  note: 客户已口头同意" "the rep, the next step and the rep's note"
expect "2 reviews waiting" "a count in the status line"
expect_line "Acme ERP \(王磊\)" "the team's deals closing this month"
expect "Follow-ups due, by rep (1)" "the team's follow-ups due"
expect_line "due 2026-11-15 +call +.*李娜 +李强" "with the rep"
keys A
expect 'approved "Acme ERP": signed off and moved into its stage' "A approves on one key"
expect "1 review waiting" "the count follows"
st opportunity show "Acme ERP" --json
like "$out" '"probability":[[:space:]]+80,' "the deal is in Negotiation"
like "$out" '"review_status":[[:space:]]+"approved"' "its review approved"
st approval count
is "$out" "1" "and signed off"
keys b
expect "Send back, with a note for the rep:" "b asks for a note"
typed "先确认预算"
keys Enter
expect 'sent "Acme Cloud" back to its rep' "b sends it back"
expect "Reviews waiting (A approve, b send back) (0)" "the queue is empty"
expect_gone "review waiting" "and so is the count"
tui_quit "quits cleanly"
st user use 王磊
tui_start 100 30
expect "Reviews sent back to you (1)" "the rep sees the review sent back"
expect "sent back: 先确认预算" "with the manager's note"
# A rep's day starts with the schedule; what was sent back comes after what
# is due, so many of them never push the day's plan off the first screen.
sched=$(screen | grep -n "Today's schedule" | cut -d: -f1)
sent=$(screen | grep -n "Reviews sent back to you" | cut -d: -f1)
if [ -n "$sched" ] && [ -n "$sent" ] && [ "$sched" -lt "$sent" ]; then
	pass "the schedule comes before the reviews sent back"
else
	fail "the schedule comes before the reviews sent back" "$(screen)"
fi
tui_quit "quits cleanly"

# 9. o on the Funnel offers a pick-list of the team.
st user use 陈经理
tui_start 100 30
keys 4
expect_line "Funnel +everyone " "a manager starts with everyone's deals"
keys o
expect "Whose deals" "o opens a pick-list of the team"
typed "李强"
keys Enter
expect_line "Funnel +李强 " "the rep picked by name"
keys o
typed "every"
keys Enter
expect_line "Funnel +everyone " "and everyone again"
tui_quit "quits cleanly"
st user use 王磊

# 8. Once the database syncs with a server, its user is the server login's.
st remote add http://127.0.0.1:9/team --user wanglei
is "$rc" "0" "a remote is configured"
st user use 陈经理
like "$rc $err" "^5 .*its user is the one the server login wanglei belongs to: 王磊; 'user use' cannot switch" \
	"user use does not switch to another user"
st user whoami
like "$out" "^王磊 " "the user stays the login's"
st user use 王磊
is "$rc" "0" "choosing the same user is fine"

done_testing
