#!/bin/sh
# pick.sh - telling customers apart (issue 12): 144 contacts named 张伟.
# Quick capture and a form's reference field list every one of them with
# what tells them apart, count them, and narrow by a company or a phone
# fragment; a Latin name of several words is matched whole.
. "$(dirname "$0")/lib.sh"

st account add name=华为科技有限公司
st account add "name=Acme Retail GmbH"
st account add "name=Acme Manufacturing Ltd"
i=1
while [ $i -le 144 ]; do
	if [ $i -eq 77 ]; then
		st contact add name=张伟 account=华为科技有限公司 title=采购经理 "mobile=+86 139 1234 0077"
	else
		# The same name at the same account: added on purpose.
		st contact add name=张伟 "account=Acme Retail GmbH" title=Buyer \
			"mobile=+86 138 0000 $(printf %04d $i)" --force
	fi
	i=$((i + 1))
done
st contact list name=张伟 account=华为科技有限公司 --json
target=$(printf '%s\n' "$out" | sed -n 's/.*"id":[[:space:]]*"\([^"]*\)".*/\1/p' | head -n 1)
st followup add related="$target" at=2026-11-02T03:00:00Z channel=call notes=报价

tui_start 120 40
keys :
typed "call 张伟 tomorrow 10:00 renewal"
keys Enter
expect 'Which "张伟"? 144 matches' "every namesake is counted, not ten"
expect_line '张伟 +Acme Retail GmbH · Buyer · …0001' "a line shows the account, the title and the phone's tail"
expect "1/144" "where the selection is among them"
keys PageDown PageDown PageDown PageDown PageDown PageDown PageDown PageDown PageDown PageDown
expect "144/144" "it pages through all of them"
expect "…0144" "down to the last one"
typed "华为"
expect "1/1" "typing a company narrows to one"
expect_line '张伟 +华为科技有限公司 · 采购经理 · …0077 · 2026-11-02' "with its last contact date"
keys Enter
expect 'added activity "renewal" for 张伟' "written for the one picked"
st activity show renewal --json
like "$out" "\"related\":[[:space:]]+\"$target\"" "against the contact at 华为"

keys :
typed "log call 张伟 1234 0077 谈了价格"
keys Enter
expect 'Which "张伟"?' "a log asks too"
typed "1234 0077"
expect "1/1" "a phone fragment narrows, spaces or not"
keys Escape
expect "nothing captured" "Esc writes nothing"

keys :
typed "visit Acme Manufacturing fri"
keys Enter
expect 'added activity "Visit Acme Manufacturing Ltd" for Acme Manufacturing Ltd' \
	"a Latin name of two words is matched whole, not its first word"

# A reference field in a form: type-ahead and the full list.
keys :
typed "new opportunity"
keys Enter
expect "New opportunity" "a new deal's form"
keys Tab Tab
typed "张伟 华为"
expect_line '张伟 +华为科技有限公司 · 采购经理' "the type-ahead narrows by the company and shows it"
keys C-u
typed "张伟"
keys C-o
expect 'Pick Contact: 144 matches' "C-o lists every namesake"
typed "0077"
expect "1/1" "narrowed by the phone's tail"
keys Enter Escape
expect "Discard your changes?" "the form has the pick"
keys y
tui_quit "quits cleanly"
done_testing
