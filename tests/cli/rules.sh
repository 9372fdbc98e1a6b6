#!/bin/sh
# rules.sh - the domain rules end to end: who may change what, the funnel's
# stage gates and sign-offs, probabilities, stage history, lead conversion,
# completing activities and the follow-up log.
. "$top_srcdir/tests/cli/lib.sh"

# The default stages: $(stage 1) Prospecting .. $(stage 7) Closed Lost
stage() { echo "5a9e000$1-0000-4000-8000-00000000000$1"; }

# jid TYPE NAME - the id of a record.
jid() {
	st --json "$1" show "$2"
	jget "$out" "d['id']"
}
# json TYPE NAME EXPR - EXPR (see jget) on the record as JSON.
json() {
	st --json "$1" show "$2"
	jget "$out" "$3"
}
# refused DESCRIPTION RC PATTERN ARGS... - salesterm ARGS exits RC with a
# message matching PATTERN and changes nothing.
refused() {
	desc=$1 want=$2 pat=$3
	shift 3
	sum=$(dbsum)
	st "$@"
	ok_rc "$want" "$desc: exit $want"
	like "$err" "$pat" "$desc: the message says why"
	is "$(dbsum)" "$sum" "$desc: database unchanged"
}

st user add name=Mgr role=manager
st user use Mgr
st user add name=Rep1 role=rep
st user add name=Rep2
mgr=$(jid user Mgr) rep1=$(jid user Rep1) rep2=$(jid user Rep2)
is "$(json user Rep2 "d['role']")" rep "a user's role defaults to rep"

# ---- roles ----

st user use Rep1
st account add name=蓝海科技
st contact add name=陈静 account=蓝海科技 title=采购
st opportunity add name=蓝海一期 account=蓝海科技 contact=陈静
is "$rc $(json contact 陈静 "d['owner']") $(json opportunity 蓝海一期 "d['owner']")" "0 $rep1 $rep1" \
	"a rep owns the records they add"

st user use Rep2
refused "a rep edits another rep's contact" 5 \
	'^salesterm: contact "陈静" belongs to another rep; only its owner or a manager may change it$' \
	contact edit 陈静 title=hacked
refused "a rep deletes another rep's contact" 5 'belongs to another rep' contact delete 陈静
refused "a rep moves another rep's deal" 5 'opportunity "蓝海一期" belongs to another rep' \
	opportunity move 蓝海一期 Qualification
refused "a rep gives a record to another rep" 5 'a rep may not give records to someone else' \
	contact add name=礼物 owner=Rep1
refused "a rep adds a user" 5 '^salesterm: only a manager may change users$' user add name=Rep3
refused "a rep adds a product" 5 '^salesterm: only a manager may change products$' \
	product add code=P1 name=产品
refused "a rep adds a stage" 5 '^salesterm: only a manager may change stages$' \
	stage add name=Pilot position=25 probability=30
refused "a rep makes themself a manager" 5 'only a manager may change users' user edit Rep2 role=manager
refused "a rep edits another user" 5 'only a manager may change users' user edit Rep1 email=r1@example.com
st user edit Rep2 email=rep2@example.com
is "$rc $(json user Rep2 "d['email']")" "0 rep2@example.com" "a rep may edit their own user record"

st user use Mgr
st contact edit 陈静 title=采购经理
is "$rc $(json contact 陈静 "[d['title'], d['owner'], d['updated_by']]")" \
	"0 [\"采购经理\", \"$rep1\", \"$mgr\"]" "a manager edits a rep's contact; the owner stays"
st contact edit 陈静 owner=Rep2
is "$rc $(json contact 陈静 "d['owner']")" "0 $rep2" "a manager gives a contact to another rep"
st user use Rep2
st contact edit 陈静 title=经理
is "$rc $(json contact 陈静 "d['title']")" "0 经理" "the new owner may edit it"
st user use Mgr
st contact edit 陈静 owner=Rep1
st product add code=P1 name=产品
ok_rc 0 "a manager adds a product"

# ---- stage gates and sign-offs ----

st user use Rep1
st opportunity add name=蓝海二期 account=蓝海科技
ok_rc 0 "an opportunity starts without amount or contact"
o2=$(jid opportunity 蓝海二期)
is "$(json opportunity 蓝海二期 "[d['stage'], d['probability'], d['category']]")" \
	"[\"$(stage 1)\", 10, \"pipeline\"]" "it starts in the first stage at its probability"
refused "Proposal without its fields" 7 \
	'^salesterm: opportunity "蓝海二期" cannot enter stage "Proposal": missing contact, amount, close_date$' \
	opportunity move 蓝海二期 Proposal
refused "Proposal with some of its fields" 7 'cannot enter stage "Proposal": missing close_date$' \
	opportunity move 蓝海二期 Proposal contact=陈静 amount=1000
st opportunity move 蓝海二期 Proposal contact=陈静 amount=100000 close_date=2026-12-31
ok_rc 0 "Proposal with every required field"
is "$(json opportunity 蓝海二期 "[d['stage'], d['probability'], d['category'], d['amount']]")" \
	"[\"$(stage 4)\", 60, \"best_case\", \"100000.00\"]" "the deal is in Proposal at 60%"
refused "Negotiation without a next step" 7 'cannot enter stage "Negotiation": missing next_step$' \
	opportunity move 蓝海二期 Negotiation
refused "Negotiation without a review" 7 \
	"cannot enter stage \"Negotiation\" before a manager approves it \\(salesterm opportunity approve $o2\\)" \
	opportunity move 蓝海二期 Negotiation next_step=报价
refused "a rep approves" 5 'only a manager may approve opportunity "蓝海二期" for stage "Negotiation"' \
	opportunity approve 蓝海二期
st user use Mgr
st opportunity approve 蓝海二期 --note 价格合理
is "$rc:$out" "0:approved" "the manager approves the next gated stage"
st --json approval list opportunity=蓝海二期
is "$(jget "$out" "[(a['stage'], a['user'], a['note']) for a in d]")" \
	"[[\"$(stage 5)\", \"$mgr\", \"价格合理\"]]" "one approval: Negotiation, by the manager, with the note"
refused "approving a stage without review" 4 'stage "Proposal" needs no review' \
	opportunity approve 蓝海二期 Proposal
st user use Rep1
st opportunity move 蓝海二期 Negotiation next_step=报价
ok_rc 0 "after the sign-off the rep moves the deal into Negotiation"
is "$(json opportunity 蓝海二期 "[d['stage'], d['probability'], d['category']]")" \
	"[\"$(stage 5)\", 80, \"commit\"]" "Negotiation: 80%, commit"
st approval count opportunity=蓝海二期
is "$out" 1 "the move adds no second approval"
refused "Closed Lost without a reason" 7 'cannot enter stage "Closed Lost": missing lost_reason$' \
	opportunity move 蓝海二期 'Closed Lost'
st opportunity move 蓝海二期 'Closed Lost' lost_reason=预算取消
ok_rc 0 "Closed Lost with a lost reason"
is "$(json opportunity 蓝海二期 "[d['stage'], d['probability'], d['category'], d['lost_reason']]")" \
	"[\"$(stage 7)\", 0, \"omitted\", \"预算取消\"]" "a lost deal is at 0%, omitted"
refused "an opportunity created in a gated stage" 7 'create the deal in an earlier stage first' \
	opportunity add name=直接谈判 account=蓝海科技 contact=陈静 amount=1 close_date=2026-12-31 \
	next_step=x stage=Negotiation

st user use Mgr
st opportunity add name=经理单 account=蓝海科技 contact=陈静 amount=5000 close_date=2026-12-15 next_step=签约
st opportunity move 经理单 Negotiation
ok_rc 0 "a manager moves a deal into Negotiation directly"
st --json approval list opportunity=经理单
is "$(jget "$out" "[(a['stage'], a['user'], a['note']) for a in d]")" \
	"[[\"$(stage 5)\", \"$mgr\", \"approved by moving the deal\"]]" "the manager's move is the sign-off"
st opportunity move 经理单 'Closed Won'
is "$rc $(json opportunity 经理单 "[d['probability'], d['category']]")" '0 [100, "closed"]' \
	"Closed Won: 100%, closed"

# ---- probability and stage history ----

st user use Rep1
st opportunity add name=概率单 account=蓝海科技 contact=陈静 amount=800 close_date=2026-12-01
prob() { json opportunity 概率单 "d['probability']"; }
st opportunity move 概率单 Proposal probability=65
is "$rc $(prob) $(json opportunity 概率单 "d['category']")" "0 65 best_case" \
	"a probability given with the move wins over the stage's"
st opportunity move 概率单 'Needs Analysis'
is "$rc $(prob)" "0 40" "the next move takes the stage's default again"
st opportunity edit 概率单 probability=55
is "$rc $(prob)" "0 55" "editing the probability without a move keeps it"
st opportunity move 概率单 Qualification probability=15
is "$rc $(prob)" "0 15" "a move back with a probability"
st stage_change count opportunity=概率单
is "$out" 4 "each move adds a stage change (creation + 3 moves)"
st opportunity move 概率单 Qualification
st stage_change count opportunity=概率单
is "$rc $out" "0 4" "a move to the current stage adds none"
st --json stage_change list opportunity=概率单 --all
is "$(jget "$out" "[(c['from_stage'], c['to_stage'], c['probability']) for c in d]")" \
	"[[\"$(stage 3)\", \"$(stage 2)\", 15], [\"$(stage 4)\", \"$(stage 3)\", 40], [\"$(stage 1)\", \"$(stage 4)\", 65], [null, \"$(stage 1)\", 10]]" \
	"stage changes, newest first: from, to and probability"
is "$(jget "$out" "sorted(set(c['user'] for c in d[:3]))")" "[\"$rep1\"]" "the moves are by the rep"
st stage_change list opportunity=概率单 --all
is "$(printf '%s\n' "$out" | wc -l)" 5 "stage_change list: the header and 4 rows"

# ---- lead conversion ----

st lead add name=王强 company=深蓝科技 title=CTO phone='+86 21 5555 0101' email=wq@shenlan.cn notes=来自展会
lead=$(jid lead 王强)
st lead convert 王强
ok_rc 0 "lead convert"
acc=$(printf '%s\n' "$out" | sed -n 's/^account //p')
con=$(printf '%s\n' "$out" | sed -n 's/^contact //p')
opp=$(printf '%s\n' "$out" | sed -n 's/^opportunity //p')
is "$(json lead "$lead" "[d['status'], d['converted_account'], d['converted_contact'], d['converted_opportunity']]")" \
	"[\"converted\", \"$acc\", \"$con\", \"$opp\"]" "the lead points at what it became"
is "$(json account "$acc" "[d['name'], d['phone'], d['owner']]")" \
	"[\"深蓝科技\", \"+86 21 5555 0101\", \"$rep1\"]" "the account: the lead's company and phone"
is "$(json contact "$con" "[d['name'], d['account'], d['title'], d['email'], d['notes']]")" \
	"[\"王强\", \"$acc\", \"CTO\", \"wq@shenlan.cn\", \"来自展会\"]" "the contact: the lead's person, at the account"
is "$(json opportunity "$opp" "[d['name'], d['account'], d['contact'], d['lead'], d['stage']]")" \
	"[\"深蓝科技: 王强\", \"$acc\", \"$con\", \"$lead\", \"$(stage 1)\"]" \
	"the opportunity links the account, contact and lead"
refused "converting a lead twice" 4 'lead "王强" is converted; only an open lead can be converted' \
	lead convert "$lead"
refused "un-converting a lead by hand" 4 'lead "王强" is converted; it cannot go back to new' \
	lead edit "$lead" status=new
st lead add name=赵敏 company=蓝海科技
st account count
na=$out
st lead convert 赵敏 --account 蓝海科技 --no-opportunity
is "$rc $(printf '%s\n' "$out" | sed -n 's/^account //p;s/^opportunity //p' | tr '\n' ' ')" \
	"0 $(jid account 蓝海科技) - " "convert into an existing account, without an opportunity"
st account count
is "$out" "$na" "no new account"
st lead add name=孙丽 company=小公司
st lead convert 孙丽 --name '小公司 试点'
opp=$(printf '%s\n' "$out" | sed -n 's/^opportunity //p')
is "$rc $(json opportunity "$opp" "d['name']")" "0 小公司 试点" "convert --name names the deal"
st lead add name=周涛 status=disqualified reason=没有预算
refused "converting a disqualified lead" 4 'lead "周涛" is disqualified' lead convert 周涛

# ---- activities and the follow-up log ----

st activity add kind=visit subject=拜访 start='2026-11-25 14:00' end='2026-11-25 15:00' related=深蓝科技
act=$out
st followup count
nf=$out
st activity count
na=$out
st activity done "$act" --log 看了机房 --outcome 有意向 --next 2026-12-01
ok_rc 0 "activity done --log --outcome --next"
fu=$(printf '%s\n' "$out" | sed -n 's/^followup //p')
nx=$(printf '%s\n' "$out" | sed -n 's/^next //p')
is "$(json followup "$fu" "[d['related'], d['activity'], d['at'], d['channel'], d['outcome'], d['notes'], d['next_date']]")" \
	"[\"$acc\", \"$act\", \"2026-11-23T01:00:00Z\", \"visit\", \"有意向\", \"看了机房\", \"2026-12-01\"]" \
	"the follow-up logs the visit"
is "$(json activity "$nx" "[d['kind'], d['subject'], d['due'], d['status'], d['related'], d['owner']]")" \
	"[\"visit\", \"Follow up with 深蓝科技\", \"2026-12-01\", \"planned\", \"$acc\", \"$rep1\"]" \
	"the next visit is planned on the --next date"
is "$(json activity "$act" "d['status']")" done "the activity is done"
st followup count
n1=$out
st activity count
is "$n1 $out" "$((nf + 1)) $((na + 1))" "one follow-up and one activity more"
refused "completing a done activity" 4 'activity "拜访" is done; only a planned activity can be completed' \
	activity done "$act"
st activity add kind=call subject=回访 due=2026-11-24 related=陈静
act2=$out
refused "a next date before the log" 4 'next_date: 2026-01-01 is before the log itself' \
	activity done "$act2" --next 2026-01-01
is "$(json activity "$act2" "d['status']")" planned "the failed completion left the activity planned"
st activity done "$act2"
is "$rc $(printf '%s\n' "$out" | wc -l)" "0 1" "activity done without --next: only a follow-up"
refused "editing a follow-up" 5 \
	"^salesterm: followup \"有意向\": follow-ups are a log: they are never changed; add a new one instead\$" \
	followup edit "$fu" notes=改写
st activity count
na=$out
st followup add related=陈静 at='2026-11-22 16:00' channel=wechat outcome=微信沟通 next_date=+2d
st --json activity list related=陈静
is "$rc $(jget "$out" "[(a['subject'], a['due'], a['kind']) for a in d if a['status'] == 'planned']")" \
	'0 [["Follow up with 陈静", "2026-11-25", "call"]]' "a follow-up with a next date schedules a call"

done_testing
