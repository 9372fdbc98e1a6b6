#!/bin/sh
# unix.sh - the Unix habits: `salesterm agenda` (the current user's day as
# plain lines for a login script: quiet when there is nothing, local time,
# a manager's own items only, no colour off a terminal) and `salesterm query
# --mutt` (address completion in mutt's query_command format: a first line,
# then email<TAB>name<TAB>account, CJK names in pinyin order; exit 1 with the
# first line alone when nothing matches).
. "$(dirname "$0")/lib.sh"
TAB=$(printf '\t')

# ---- agenda ----
st agenda
ok_rc 0 "agenda on an empty database"
is "$out$err" "" "prints nothing at all: a login script stays quiet"

st user add name=李经理 role=manager
st user use 李经理
st user add name=王芳 role=rep
st account add name=华为科技有限公司
st contact add name=张伟 account=华为科技有限公司 email=zhang.wei@huawei.example
st contact add name='Anna Berg' email=anna@berg.example
st contact add name=陈静 account=华为科技有限公司 email=chen.jing@huawei.example
st contact add name=无邮件 account=华为科技有限公司
st lead add name='Zoe Li' company='Acme Ltd' email=zoe@acme.example
st lead add name=白雪 company=雪山公司 email=bai@xueshan.example
ok_rc 0 "people with and without email"
# The manager's own day.
st activity add kind=meeting subject=周会 start='2026-11-23 09:30'
ok_rc 0 "the manager's meeting"
# 王芳's day: now is 2026-11-23 09:00 in Shanghai (01:00 UTC).
st user use 王芳
st activity add kind=call subject=报价电话 start='2026-11-23 14:30' related=张伟
st activity add kind=task subject='Send quote' due=2026-11-23
st activity add kind=visit subject=拜访 start='2026-11-25 10:00' related=华为科技有限公司
st activity add kind=call subject='Late call' start='2026-11-20 16:00' related='Anna Berg'
# A log with a next date schedules a call: the agenda shows that call, once.
st followup add related=陈静 at='2026-11-18 16:00' channel=wechat outcome=微信沟通 next_date=2026-11-21
# A follow-up whose call was cancelled is still due: shown as the follow-up.
st followup add related='Anna Berg' at='2026-11-19 11:00' channel=email outcome=Sent\ brochure next_date=2026-11-22
st activity edit 'Follow up with Anna Berg' status=cancelled
ok_rc 0 "a rep's schedule, a late call and follow-ups due"

st agenda
ok_rc 0 "agenda"
is "$out" "2026-11-21 call: Follow up with 陈静 (陈静) [2 days late]
2026-11-20 16:00 call: Late call (Anna Berg) [3 days late]
2026-11-22 follow up: Anna Berg (last email 2026-11-19: Sent brochure)
2026-11-23 task: Send quote
2026-11-23 14:30 call: 报价电话 (张伟)" \
	"late first, then follow-ups due, then today's, in local time, no colour into a pipe"
unlike "$out" "$(printf '\033')" "no escape sequence when not on a terminal"
unlike "$out" "周会" "a rep does not see the manager's meeting"

st agenda --days 3
ok_rc 0 "agenda --days 3"
like "$out" "^2026-11-25 10:00 visit: 拜访 \(华为科技有限公司\)$" "covers the next days"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "6" "one item a line"

# On a terminal (script(1) gives one): late items in red, unless NO_COLOR.
if command -v script >/dev/null 2>&1; then
	esc=$(printf '\033')
	tty_out=$(script -qec "'$SALESTERM' --db '$DB' agenda" /dev/null </dev/null 2>&1)
	like "$tty_out" "${esc}\[31m2026-11-20 16:00 call: Late call" "on a terminal a late item is red"
	tty_out=$(NO_COLOR=1 script -qec "'$SALESTERM' --db '$DB' agenda" /dev/null </dev/null 2>&1)
	unlike "$tty_out" "$esc" "NO_COLOR turns colour off"
else
	skip "agenda on a terminal" "script(1) is needed"
	skip "agenda under NO_COLOR" "script(1) is needed"
fi

TZ=UTC st agenda
like "$out" "^2026-11-23 06:30 call: 报价电话" "times follow TZ"

st user use 李经理
st agenda
ok_rc 0 "a manager's agenda"
is "$out" "2026-11-23 09:30 meeting: 周会" "a manager sees their own items, not the team's"

st agenda --days 0
ok_rc 2 "agenda --days 0 is refused"
st agenda --days x
ok_rc 2 "agenda --days x is refused"
st agenda tomorrow
ok_rc 2 "agenda with a stray word is refused"
like "$err" "unexpected \"tomorrow\"" "and says which word"

# ---- query --mutt ----
st query --mutt 张
ok_rc 0 "query --mutt 张"
is "$out" "salesterm: 1 address
zhang.wei@huawei.example${TAB}张伟${TAB}华为科技有限公司" \
	"a first line, then email, name and account separated by tabs"

st query --mutt 华为
ok_rc 0 "query --mutt by account"
is "$out" "salesterm: 2 addresses
chen.jing@huawei.example${TAB}陈静${TAB}华为科技有限公司
zhang.wei@huawei.example${TAB}张伟${TAB}华为科技有限公司" \
	"the account's contacts with an email, in pinyin order (chen before zhang)"

st query --mutt ACME
ok_rc 0 "query --mutt by a lead's company, any case"
is "$out" "salesterm: 1 address
zoe@acme.example${TAB}Zoe Li${TAB}Acme Ltd" "a lead, its company as the extra"

st query --mutt example
ok_rc 0 "query --mutt by email"
is "$out" "salesterm: 5 addresses
bai@xueshan.example${TAB}白雪${TAB}雪山公司
chen.jing@huawei.example${TAB}陈静${TAB}华为科技有限公司
zhang.wei@huawei.example${TAB}张伟${TAB}华为科技有限公司
anna@berg.example${TAB}Anna Berg${TAB}
zoe@acme.example${TAB}Zoe Li${TAB}Acme Ltd" \
	"contacts and leads together in the order lists sort names (zh: pinyin, then Latin)"
# The same order as the lists: contact list sorted by name.
st contact list --sort name
like "$(printf '%s\n' "$out" | grep -nE '陈静|Anna Berg' | head -1)" "陈静" "as contact list orders them"

st query --mutt 无邮件
ok_rc 1 "a match without an email is no match"
is "$out" "salesterm: no match" "the first line alone, which mutt shows"

st query --mutt nobody
ok_rc 1 "query --mutt with nothing matching exits 1"
is "$out" "salesterm: no match" "with the no-match line"

st query 张
ok_rc 0 "query without --mutt"
is "$out" "张伟 <zhang.wei@huawei.example>" "name <email>, ready for a To: header"

st query --mutt
ok_rc 2 "query --mutt without text is a usage error"

# Nobody who asked not to be contacted: do_not_contact, or the consent to
# email withdrawn (a contact), is left out of the completion.
st contact edit 陈静 do_not_contact=yes
st query --mutt 华为
is "$out" "salesterm: 1 address
zhang.wei@huawei.example${TAB}张伟${TAB}华为科技有限公司" "a contact marked do not contact is left out"
st consent withdraw 张伟 email --at "2026-11-20 10:00"
st query --mutt 华为
ok_rc 1 "so is one who withdrew the consent to email"
st consent give 张伟 email --at "2026-11-21 10:00"
st query --mutt 华为
like "$out" "zhang.wei@huawei.example" "and is back once it is given again"
st lead edit "Zoe Li" do_not_contact=yes
st query --mutt ACME
ok_rc 1 "a lead marked do not contact is left out too"

done_testing
