#!/bin/sh
# grade.sh - `report abc`, `report clv` and `account grade` on the real
# binary: the grades and the inputs of a lifetime value computed by hand,
# thresholds from flags and from the config file, a grade set by hand kept,
# the grade filterable in lists and pending for sync, and clear refusals
# that change nothing.
. "$(dirname "$0")/lib.sh"

for a in 甲公司 Beta Gamma Delta Zeta; do st account add name="$a"; done
won() { st opportunity add name="$1" account="$2" amount="$3" close_date="$4" stage="Closed Won"; }
# 2026: 甲公司 600,000, Beta 250,000, Gamma 100,000, Delta 50,000 (total 1,000,000).
won D1 甲公司 400000 2026-03-10
won D2 甲公司 200000 2026-09-10
won D3 Beta 250000 2026-05-01
won D4 Gamma 100000 2026-06-01
won D5 Delta 50000 2026-07-01
won D6 甲公司 300000 2025-06-01
st opportunity add name=O1 account=Zeta amount=70000
st opportunity add name=U1 account=Beta amount=9000 currency=USD close_date=2026-08-01 stage="Closed Won"
ok_rc 0 "five accounts, won deals in 2025, 2026 and in dollars"

st report
like "$out" "^  abc +A/B/C grading" "report lists abc"
like "$out" "^  clv +customer lifetime value" "and clv"
st report abc --help
ok_rc 0 "report abc --help"
like "$out" "The period is the last 12 months unless --period" "its default window"
like "$out" "Ties +an account with the same revenue" "its rule for ties"
like "$out" "--a-share PCT" "its thresholds"

# 甲公司 0% before it: A; Beta 60%: A; Gamma 85%: B; Delta 95%: C.
st report abc --period 2026
ok_rc 0 "report abc --period 2026"
is "$out" "A/B/C 2026 (2026-01-01 .. 2026-12-31), team: A the first 80% of revenue, B the next 15%, in CNY
Grade  Accounts      Revenue  Share  Won deals     Avg deal  Open pipeline
A             2  ¥850,000.00  85.0%          3  ¥283,333.33          ¥0.00
B             1  ¥100,000.00  10.0%          1  ¥100,000.00          ¥0.00
C             2   ¥50,000.00   5.0%          1   ¥50,000.00     ¥70,000.00

Accounts by won revenue
Rank  Account  Won deals      Revenue  Share  Cumulative  Grade  Stored  Open pipeline
   1  甲公司           2  ¥600,000.00  60.0%       60.0%  A                      ¥0.00
   2  Beta             1  ¥250,000.00  25.0%       85.0%  A                      ¥0.00
   3  Gamma            1  ¥100,000.00  10.0%       95.0%  B                      ¥0.00
   4  Delta            1   ¥50,000.00   5.0%      100.0%  C                      ¥0.00

Won in other currencies: not ranked
Currency  Won deals    Revenue
USD               1  \$9,000.00

accounts with no won revenue in CNY, graded C and not listed: 1
won deals in other currencies are not added to CNY revenue: --currency CODE ranks the accounts by one of them" \
	"the grades, per grade and per account, the dollars apart"
st report abc --period 2026 --a-share 50 --b-share 40 --format csv
like "$out" "^3,Gamma,1,100000.00,10.0,95.0,B,,0.00" "--a-share 50 --b-share 40: Gamma B"
like "$out" "^2,Beta,1,250000.00,25.0,85.0,B,,0.00" "and Beta B (60% before it)"
mkdir -p "$XDG_CONFIG_HOME/salesterm"
printf 'report abc a-share 50\n' >"$XDG_CONFIG_HOME/salesterm/config"
st report abc --period 2026 --format csv
like "$out" "^2,Beta,1,250000.00,25.0,85.0,B," "the config file's a-share 50"
st report abc --period 2026 --format csv --a-share 70
like "$out" "^2,Beta,1,250000.00,25.0,85.0,A," "a flag wins over the config file"
printf 'report abc a-shar 50\n' >"$XDG_CONFIG_HOME/salesterm/config"
st report abc --period 2026
ok_rc 4 "an unknown option in the config file is refused"
like "$err" "config:1: report abc has no option \"a-shar\"" "naming the line"
rm "$XDG_CONFIG_HOME/salesterm/config"
st report abc --a-share 70 --b-share 40
ok_rc 4 "shares over 100% are refused"
one_line_error "in one line"

# Lifetime value as of 2026-11-23: 甲公司 3 deals, 900,000, first 2025-06-01,
# 540 days = 1.48 years, 2.03 a year, lifetime 1.48: 300,000 x 2.03 x 1.48.
st report clv --format csv
ok_rc 0 "report clv"
like "$out" "^1,甲公司,CNY,3,900000.00,300000.00,2025-06-01,1.48,2.03,1.48,901320.00" \
	"甲公司's inputs and value"
like "$out" "^2,Beta,CNY,1,250000.00,250000.00,2026-05-01,1.00,1.00,1.00,250000.00" \
	"one deal: at least a year"
like "$out" "^1,Beta,USD,1,9000.00,9000.00,2026-05-01,1.00,1.00,1.00,9000.00" \
	"the dollars ranked apart (tenure from the first win in any currency)"
st report clv --horizon 1 --format csv
like "$out" "^1,甲公司,CNY,3,900000.00,300000.00,2025-06-01,1.48,2.03,1.00,609000.00" \
	"--horizon 1 caps the lifetime"
st report clv --horizon 0
ok_rc 4 "--horizon 0 is refused"
st report clv --help
like "$out" "CLV +Avg deal x Deals/yr x Lifetime yrs" "the formula in --help"

# Grading: Beta set to C by hand is kept.
st account edit Beta segment=C
st account show Beta
like "$out" "segment_by_hand +yes" "a segment typed is marked as set by hand"
before=$(dbsum)
st account grade --period 2026 --dry-run
ok_rc 0 "account grade --dry-run"
like "$out" "^甲公司: - -> A$" "what it would change"
like "$out" "^Beta: kept C \(set by hand; the ranking says A\)$" "what it would keep"
like "$out" "would grade 2026-01-01..2026-12-31: 4 changed, 1 kept \(set by hand\), 0 unchanged; A 1, B 1, C 3 \(nothing written: --dry-run\)" \
	"the summary"
is "$(dbsum)" "$before" "a dry run writes nothing"
st account grade --period 2026
ok_rc 0 "account grade"
like "$out" "graded 2026-01-01..2026-12-31: 4 changed, 1 kept" "four changed, Beta kept"
st account list segment=A
like "$out" "甲公司" "account list segment=A lists 甲公司"
unlike "$out" "Beta" "not Beta (C by hand)"
st account count segment=C
is "$out" "3" "three C accounts"
st sync pending
like "$out" "甲公司" "the grades are changes to sync"
st report abc --period 2026 --format csv
like "$out" "^2,Beta,1,250000.00,25.0,85.0,A,C \(set by hand\)," "report abc shows the grade kept by hand"
st account grade --period 2026 --json
ok_rc 0 "account grade --json"
like "$out" '"unchanged":[[:space:]]*4' "nothing left to change"

st user add name=Boss role=manager
st user add name=Rep role=rep
st user use Rep
before=$(dbsum)
st account grade
ok_rc 5 "a rep may not grade the team's accounts"
like "$err" "only a manager may grade accounts" "and is told why"
is "$(dbsum)" "$before" "nothing changed"

# The summary's counts read grouped, as every count a person reads: a
# 6,000-contact demo has 1,500 accounts, more than a thousand of them C.
rm -f "$DB" "$DB-wal" "$DB-shm"
st demo --size 6000
st user use 陈建国
st account grade --dry-run
like "$out" "unchanged; A [0-9]+, B [0-9]+, C 1,[0-9]{3} \(nothing written" \
	"the count of C accounts with a thousands separator"

done_testing
