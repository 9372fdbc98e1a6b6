#!/bin/sh
# churn.sh - `salesterm report churn` and `salesterm account touch` on the
# real binary: a customer whose purchases stopped and one nobody called,
# their reasons, owners and values at risk in every format, the options
# (and clear refusals of bad ones), a rep who sees only their own
# customers, and touches: a call for the owner about a contact who may be
# called, refused (changing nothing) for a do-not-contact account, a second
# touch, a day past and an unknown account; then `report wallet`.
. "$(dirname "$0")/lib.sh"

st user add name=李经理 role=manager
st user use 李经理
st user add name=王芳 role=rep
st user add name=Kevin role=rep
st user use 王芳
st account add name=华为科技有限公司
st contact add name=张伟 account=华为科技有限公司 do_not_contact=yes
st contact add name=李娜 account=华为科技有限公司
for d in 2026-01-10 2026-02-09 2026-03-11; do
	st opportunity add "name=H $d" account=华为科技有限公司 amount=10000 "close_date=$d" "stage=Closed Won"
done
st followup add related=李娜 channel=call "at=2026-11-01 10:00"
st user use Kevin
st account add "name=Quiet Ltd"
st contact add name=Nobody "account=Quiet Ltd" do_not_contact=yes
st opportunity add name=Q1 "account=Quiet Ltd" amount=5000 close_date=2026-08-01 "stage=Closed Won"
st account add "name=Busy Ltd"
st opportunity add name=B1 "account=Busy Ltd" amount=1000 close_date=2026-11-01 "stage=Closed Won"
st followup add "related=Busy Ltd" channel=visit "at=2026-11-20 10:00"
ok_rc 0 "customers with won deals and logs"
st user use 李经理

st report
like "$out" "^  churn +customers drifting away" "report lists churn"
st report churn --help
ok_rc 0 "report churn --help"
like "$out" "The period is the last 12 months unless --period" "the default window"
like "$out" "--stretch X +interval: days since the last purchase" "its options"
like "$out" "interval +it bought on 2 days or more" "its rules"

st report churn
ok_rc 0 "report churn"
like "$out" "^Churn risk on 2026-11-23 \(revenue 2025-11-24 \.\. 2026-11-23 against 2024-11-24 \.\. 2025-11-23\), team" "the title: the windows"
like "$out" "^华为科技有限公司 +王芳 +no purchase for 257 days, 8\.5x its aver~ +¥30,000\.00" "华为: the interval, its value at risk"
like "$out" "^Quiet Ltd +Kevin +never contacted +¥5,000\.00" "Quiet: never contacted"
unlike "$out" "^Busy Ltd" "a customer who buys and is visited is not at risk"
like "$out" "^ +3 +2 +1 +0 +1 +¥35,000\.00$" "the summary: 3 customers, 2 at risk"
st report churn --format json
json_ok "$out" "JSON"
is "$(jget "$out" 'd["churn"][0]["contact"]')" "李娜" "the contact to call is never the do-not-contact one"
is "$(jget "$out" 'd["churn"][1]["contact"]')" "(do not contact)" "nobody to call at Quiet"
is "$(jget "$out" 'd["churn"][0]["reasons"]')" "interval" "reason codes"
is "$(jget "$out" 'd["churn"][0]["value_at_risk"]')" "30000.00" "amounts as exact strings"
st report churn --format csv --silent 200 --limit 1
ok_rc 0 "--silent 200 --limit 1"
like "$out" "^华为科技有限公司,王芳,\"no purchase for 257 days, 8\.5x its average of 30\.0 days\",30000\.00" "CSV: the whole reason"
unlike "$out" "^Quiet" "Quiet (silent 114 days) is not at risk with 200 days"
st report churn --stretch 9
unlike "$out" "^华为" "not at risk at 9x its interval (257 days < 270)"
for bad in "--stretch 0.5" "--stretch 2.55" "--silent 0" "--drop 101" "--limit -1" "--silent x"; do
	# shellcheck disable=SC2086
	st report churn $bad
	ok_rc 4 "refused: $bad"
	one_line_error "one line for $bad"
done
st user use Kevin
st report churn
like "$out" "^Quiet Ltd" "a rep sees their own customers"
unlike "$out" "华为" "and nobody else's"
st report churn --team
ok_rc 5 "a rep asking for the team is refused"

# Touches.
st user use 李经理
before=$(dbsum)
st account touch "Quiet Ltd"
ok_rc 4 "no touch where everyone asked not to be contacted"
like "$err" "every contact of \"Quiet Ltd\" asked not to be contacted" "said why"
st account touch 华为科技有限公司 --date 2026-11-01
ok_rc 4 "a day past is refused"
st account touch "No Such Co"
ok_rc 3 "an unknown account"
st account touch
ok_rc 2 "a usage error without an account"
is "$(dbsum)" "$before" "refused touches changed nothing"
st account touch 华为科技有限公司 --date tomorrow
ok_rc 0 "account touch 华为科技有限公司 --date tomorrow"
like "$out" "^planned a call to 李娜 of 华为科技有限公司 on 2026-11-24 \(" "a call to 李娜 tomorrow"
st activity list --json
is "$(jget "$out" '[a["subject"] for a in d]')" '["Keep the customer: call 李娜 (华为科技有限公司)"]' "one activity, its subject"
st user list --json
wang=$(jget "$out" '[u["id"] for u in d if u["name"] == "王芳"][0]')
st activity list --json
is "$(jget "$out" 'd[0]["owner"]')" "$wang" "owned by 王芳, the account's owner: on her Today"
is "$(jget "$out" 'd[0]["due"]')" "2026-11-24" "due tomorrow"
st account touch 华为科技有限公司
ok_rc 15 "a second touch is refused"
like "$err" "already has an activity planned on 2026-11-24" "naming the day"
st report churn --format json
is "$(jget "$out" 'd["churn"][0]["next_touch"]')" "2026-11-24" "the report shows the touch planned"
st --json account touch "Busy Ltd"
ok_rc 0 "--json"
is "$(jget "$out" 'd[0]["due"]')" "2026-11-23" "today by default"
is "$(jget "$out" 'd[0]["contact"]')" "null" "Busy has no contact: the account itself is called"

# Share of wallet: 华为 bought no line; Quiet and Busy none either: no lines.
st product add code=ERP1 name=ERP\ Pro line=ERP price=1000
st opportunity add name=L1 account=华为科技有限公司 amount=500 close_date=2026-11-02 "stage=Closed Won" product_line=ERP
st report wallet
ok_rc 0 "report wallet"
like "$out" "^ERP +1 +33\.3% +1 +¥500\.00$" "ERP: one of three customers bought it"
like "$out" "^华为科技有限公司 +王芳 +¥30,500\.00 +1 +ERP " "华为's wallet, by revenue"
st report wallet --help
like "$out" "Rate = those of them that bought the" "the cross-sell rule"
st report wallet --top x
ok_rc 4 "--top x is refused"
one_line_error "one line"
done_testing
