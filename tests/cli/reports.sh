#!/bin/sh
# reports.sh - `salesterm report`: the list, each report's rules, the
# forecast as an aligned table (CJK names), CSV and JSON with hand-computed
# figures, the role rules (a rep sees only their own figures) and clear
# refusals of bad periods, scopes, formats and names.
. "$(dirname "$0")/lib.sh"

st user add name=李经理 role=manager
st user use 李经理
st user add name=王芳 role=rep territory=East quota=900000 period=quarter
st user add name=Kevin role=rep territory=East quota=200000 period=month
st account add name=华为科技有限公司
st contact add name=张伟 account=华为科技有限公司
st user use 王芳
st opportunity add name=W1 account=华为科技有限公司 amount=300000 close_date=2026-11-10
st opportunity move W1 "Closed Won"
st opportunity add name=W2 account=华为科技有限公司 contact=张伟 amount=100000 close_date=2026-12-01
st opportunity move W2 Proposal
st opportunity add name=W3 amount=5000 currency=USD close_date=2026-12-02
st user use Kevin
st opportunity add name=K1 account=华为科技有限公司 amount=40000 close_date=2026-12-31
st opportunity move K1 Qualification
ok_rc 0 "a small team with deals"
st user use 李经理

st report
ok_rc 0 "report alone"
like "$out" "^  forecast +won, commit" "lists the forecast"
like "$out" "^  funnel +stage conversion" "and the funnel"
like "$out" "^  reps +each rep's behaviour" "and the reps"
st report forecast --help
ok_rc 0 "report forecast --help"
like "$out" "^usage: salesterm report forecast \[--period" "its usage"
like "$out" "Cover +open pipeline \(commit \+ best case \+ pipeline\) / gap" "its formulas"
st report changes --help
like "$out" "^ +\[--since DATE\]$" "a report's own options in its usage, each with its argument"
st report churn --help
like "$out" "^ +\[--silent DAYS\] \[--stretch X\] \[--drop PCT\] \[--limit N\]$" \
	"churn's: --silent DAYS, --stretch X, --drop PCT, --limit N"

# Kevin: a monthly 200,000 is 600,000 a quarter; 40,000 in Qualification (20%).
# 王芳: won 300,000 of 900,000 (33.3%); 100,000 in Proposal (60%): 60,000
# weighted, coverage 100,000 / 600,000 = 0.1.
st report forecast --period 2026Q4
ok_rc 0 "report forecast --period 2026Q4"
is "$out" "Forecast 2026Q4 (2026-10-01 .. 2026-12-31), team, in CNY
Rep          Quota          Won  Commit  Adj commit    Best case  Adj best    Pipeline  Omitted    Weighted  Attain          Gap  Cover
王芳   ¥900,000.00  ¥300,000.00   ¥0.00           -  ¥100,000.00         -       ¥0.00    ¥0.00  ¥60,000.00   33.3%  ¥600,000.00    0.1
Kevin  ¥600,000.00        ¥0.00   ¥0.00           -        ¥0.00         -  ¥40,000.00    ¥0.00   ¥8,000.00    0.0%  ¥600,000.00    0.0

By territory
Territory          Quota          Won  Commit  Adj commit    Best case  Adj best    Pipeline  Omitted    Weighted  Attain            Gap  Cover
East       ¥1,500,000.00  ¥300,000.00   ¥0.00           -  ¥100,000.00         -  ¥40,000.00    ¥0.00  ¥68,000.00   20.0%  ¥1,200,000.00    0.1

Total
Total          Quota          Won  Commit  Adj commit    Best case  Adj best    Pipeline  Omitted    Weighted  Attain            Gap  Cover
team   ¥1,500,000.00  ¥300,000.00   ¥0.00           -  ¥100,000.00         -  ¥40,000.00    ¥0.00  ¥68,000.00   20.0%  ¥1,200,000.00    0.1

Deals in other currencies (not in the figures above)
Rep   Cur  Deals    Won  Commit  Best case   Pipeline  Omitted
王芳  USD      1  \$0.00   \$0.00      \$0.00  \$5,000.00    \$0.00

1 deal in another currency than CNY is shown apart, not added in." \
	"the team's forecast, aligned with a CJK name, the dollar deal apart"
st report forecast --period 2026Q4 --format csv
first=$(printf '%s\n' "$out" | sed -n 2p)
is "$first" "$(printf '王芳,900000.00,300000.00,0.00,,100000.00,,0.00,0.00,60000.00,33.3,600000.00,0.1\r')" \
	"CSV: plain numbers, CRLF, reps in the user list's order (Han by pinyin, then Latin)"
st --json report forecast --owner 王芳 --period 2026-11
ok_rc 0 "--json report forecast --owner 王芳 --period 2026-11"
like "$out" '"period":	"2026-11"' "JSON says the period"
like "$out" '"scope":	"owner"' "and the scope"
like "$out" '"attainment":	100' "November: 300,000 of a third of 900,000 is 100%"
like "$out" '"closed_won":	"300000.00"' "amounts as exact strings"
unlike "$out" 'Kevin' "only 王芳's row"
st report forecast --period 2026-10-01..2026-10-31 --format json
like "$out" '"period":	"2026-10-01..2026-10-31"' "a custom range"

st report funnel --period 2026Q4 --format csv
ok_rc 0 "report funnel"
like "$out" "^Closed Won,1," "one deal won in the quarter"

st report reps --period 2026Q4 --format csv
ok_rc 0 "report reps"
is "$(printf '%s\n' "$out" | grep -m1 '^王芳,' | tr -d '\r')" "王芳,0,0,0,0,0,0,3,2,1,300000.00,33.3,0.0,0.0," \
	"王芳: three deals created, two moves forward, one won: 300,000 (33.3%)"
st report reps --period 2026Q4
like "$out" "^The 12 weeks from 2026-09-01, one mark a week" "with 12 weeks of sparklines"

# Lead channels, sources and campaigns (issue 14): a channel is one of the
# keys (a bad one is refused and nothing written); a campaign that paid
# nothing shows -100% as a loss bar; one with no cost has no ROI.
st campaign add name=春季展会 channel=event start_date=2026-10-01 end_date=2026-10-02 cost=20000
st campaign add name=转介绍 channel=referral
st lead add name=李娜 company=北京科技 source=event channel=campaign campaign=春季展会
ok_rc 0 "a lead from a campaign"
st lead add name=赵六 channel=carrier_pigeon
ok_rc 4 "a channel that is not one of the keys is refused"
like "$err" "channel.*must be one of: web form, event, " "naming the choices as a person reads them"
st lead count name=赵六
is "$out" "0" "nothing written"
st lead add name=孙八 channel="web form"
ok_rc 0 "a choice typed as it is shown"
st lead show 孙八 --json
like "$out" '"channel":[[:space:]]+"web_form"' "is stored as its key"
st lead list name=孙八
like "$out" "孙八 .* web form " "and listed as a person reads it"
st lead delete 孙八
st lead add name=周七 source=referral campaign=转介绍
st lead show 周七 --json
like "$out" '"channel":[[:space:]]+"unknown"' "a lead with no channel says unknown"
st report
like "$out" "^  sources +leads per source and channel" "lists sources"
like "$out" "^  campaigns +campaign ROI" "and campaigns"
st report sources --period 2026Q4 --format csv
ok_rc 0 "report sources"
like "$out" "^campaign,1,0,0\.0,0,0\.00,,.$" "one lead by the campaign channel, none converted"
like "$out" "^unknown,1,0,0\.0,0,0\.00,,.$" "one of unknown channel"
st report campaigns --period 2026Q4
ok_rc 0 "report campaigns"
like "$out" "^春季展会 +event +¥20,000\.00 +CNY +1 +0 +0 +¥0\.00 +-100\.0%" "cost, one lead, ROI -100%"
like "$out" "^转介绍 .*no cost: ROI undefined" "no cost: no ROI, said so"
like "$out" "^春季展会 +-100\.0% +░{30}$" "a loss as a bar"
st report campaigns --help
like "$out" "ROI +\(Revenue - Cost\) / Cost" "its formula"

# A manager's adjustments: beside the rep's own figures, rolled up, kept with
# who and when; a rep cannot adjust, and sees the adjustment of their own.
st forecast adjust 王芳 --period 2026q4 commit=250000 --note "W2 signs in December"
ok_rc 0 "forecast adjust 王芳"
like "$out" "^adjusted the forecast of 王芳 for 2026Q4 " "says so, with the period's label"
st forecast adjust --territory East --period 2026Q4 best_case=200000
ok_rc 0 "forecast adjust --territory East"
st report forecast --period 2026Q4 --format csv
line=$(printf '%s\n' "$out" | grep -m1 '^王芳,' | tr -d '\r')
is "$line" "王芳,900000.00,300000.00,0.00,250000.00,100000.00,,0.00,0.00,60000.00,33.3,600000.00,0.1" \
	"her adjusted commit beside her own"
line=$(printf '%s\n' "$out" | grep -m1 '^East,' | tr -d '\r')
is "$line" "East,1500000.00,300000.00,0.00,250000.00,100000.00,200000.00,40000.00,0.00,68000.00,20.0,1200000.00,0.1" \
	"East: her commit rolled up, its own best case"
like "$out" "王芳,250000.00,,李经理,2026-11-23T01:00:00Z,W2 signs in December" "who, when and why"
st forecast adjust 王芳 --period 2026-10-01..2026-10-31 commit=1
ok_rc 4 "a range of days is not a forecast period"
st forecast adjust 王芳 commit=1
ok_rc 2 "the period is needed"
st forecast adjust 王芳 --period 2026Q4
ok_rc 4 "an amount is needed"
st forecast_adjustment count
is "$out" "2" "nothing written by the refused ones"

# The role rules.
st user use Kevin
st report forecast
ok_rc 0 "a rep's forecast"
like "$out" "^Kevin " "his own row"
unlike "$out" "王芳" "not his colleague's"
st report forecast --team
ok_rc 5 "a rep asking for the team is refused"
like "$err" "a rep sees only their own figures" "and told why"
st report forecast --owner 王芳
ok_rc 5 "a rep asking for a colleague is refused"
st forecast adjust Kevin --period 2026Q4 commit=999999
ok_rc 5 "a rep cannot adjust"
st user use 王芳
st report forecast --period 2026Q4 --format csv
like "$out" "^王芳,900000.00,300000.00,0.00,250000.00," "a rep sees the adjustment of her own figure"
unlike "$out" "East" "not the territory's"
st user use 李经理

# Bad input: a clear message, exit 2 or 4.
st report nope
ok_rc 2 "an unknown report"
like "$err" "no report is named \"nope\"" "says so"
st report forecast --period 2026Q5
ok_rc 4 "a bad period"
like "$err" "period \"2026Q5\": write 2026Q4, 2026-11, 2026 or" "names the forms"
st report forecast --period 2026-12-01..2026-11-01
ok_rc 4 "a range that ends before it starts"
st report forecast --format xml
ok_rc 2 "an unknown format"
st report forecast --owner
ok_rc 2 "an option without its value"
st report forecast --territory North
ok_rc 3 "a territory without users"
st report forecast --owner 王芳 --team
ok_rc 2 "two scopes at once"
st report forecast --colour red
ok_rc 2 "an unknown option"
# A win in another currency counts in Won, not in Revenue, and the report
# says so (in the table's notes and in JSON).
st user use 王芳
st opportunity edit W3 account=华为科技有限公司
st opportunity move W3 "Closed Won"
ok_rc 0 "王芳 wins W3, in USD"
st user use 李经理
st report reps --period 2026Q4 --format csv
is "$(printf '%s\n' "$out" | grep -m1 '^王芳,' | cut -d, -f8-11)" "3,3,2,300000.00" \
	"王芳: two wins, the revenue still 300,000 CNY"
st report reps --period 2026Q4
like "$out" "^1 deal won in another currency than CNY counts in Won, not in Revenue or Attain\.$" \
	"a note says what was left out"
st report reps --period 2026Q4 --format json
like "$out" '"won_other_currencies":[[:space:]]*"1"' "json too"

done_testing
