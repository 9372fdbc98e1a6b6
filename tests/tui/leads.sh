#!/bin/sh
# leads.sh - screen 3: the queue by status and rating, a touch, disqualify
# with a reason, and converting a lead with a duplicate account offered.
. "$(dirname "$0")/lib.sh"

st account add name=华为科技有限公司 phone='+86 755 2878 0808'
st lead add name=张伟 company=华为科技有限公司 email=zw@huawei.com rating=hot
st lead add name="Bob Stone" company="Stone Works" rating=cold
st lead add name="Carol King" company="King Foods" status=qualified rating=warm
tui_start 100 30
keys 3
expect "open leads" "3 shows the open leads"
expect_line "^ 张伟 +华为科技有限公司" "a CJK lead in its columns"
expect "Bob Stone" "and the others"

keys R
expect "[open leads, hot]" "R narrows the queue by rating"
expect_gone "Bob Stone" "the cold lead is hidden"
keys R R R
expect "[open leads]" "back to every rating"
keys Tab
expect "[new]" "Tab shows one status"
expect_gone "Carol King" "the qualified lead is not new"
keys Tab Tab Tab
expect "[qualified]" "and the next statuses"
expect "Carol King" "the qualified lead"
keys Tab Tab Tab Tab
expect "[open leads]" "the tabs come round again"

# A touch: log a call, and the new lead becomes contacted.
keys /
typed "Bob"
keys Enter
expect_line "^ Bob Stone" "search finds the lead"
keys t
expect "Log a follow-up" "t opens the log form"
expect_line "Customer +Bob Stone" "about the lead"
typed "Left a message"
keys C-s
expect "the lead is now contacted" "logged, and the lead is contacted"
st lead show "Bob Stone" --json
like "$out" '"status":[[:space:]]+"contacted"' "in the database"

# Disqualify needs a reason.
keys X
expect "Disqualified because:" "X asks the reason"
typed "没有预算"
keys Enter
expect 'lead "Bob Stone" is now disqualified' "disqualified"
st lead show "Bob Stone" --json
like "$out" '"reason":[[:space:]]+"没有预算"' "with the reason"

# Convert: the account of the same name is offered and chosen.
keys F
keys /
typed "张伟"
keys Enter
expect_line "^ 张伟 " "the CJK lead"
keys c
expect "Convert lead" "c opens the conversion screen"
expect 'link the existing "华为科技有限公司"' "the existing account is offered for linking"
expect_line '\(•\) link the existing "华为科技有限公司"' "and chosen, as it has the same name"
expect_line '\(•\) create the contact "张伟"' "a new contact"
expect 'create the deal "华为科技有限公司: 张伟"' "and a new deal"
keys e
expect "Deal name:" "e renames the deal"
keys C-u
typed "华为 CRM 项目"
keys Enter
expect 'create the deal "华为 CRM 项目"' "renamed"
keys Enter
expect 'converted: account "华为科技有限公司", contact "张伟", deal "华为 CRM 项目"' "Enter converts"
st account count
is "$out" "1" "no duplicate account was made"
st opportunity show "华为 CRM 项目" --json
like "$out" '"account":[[:space:]]+"[0-9a-f-]+"' "the deal is linked to the account"
st lead show 张伟 --json
like "$out" '"status":[[:space:]]+"converted"' "the lead is converted"
keys F
expect_gone "张伟" "converted leads leave the open queue"
tui_quit "quits cleanly"

# In Chinese the status line is one whole sentence, quoted the Chinese way.
top=${top_srcdir:-$(dirname "$0")/../..}
if command -v msgfmt >/dev/null 2>&1 && locale -a 2>/dev/null | grep -qix 'zh_CN.utf-\{0,1\}8'; then
	mkdir -p "$WORK/locale/zh_CN/LC_MESSAGES"
	msgfmt -o "$WORK/locale/zh_CN/LC_MESSAGES/salesterm.mo" "$top/po/zh_CN.po"
	st lead add name=李娜 company=阿里巴巴 rating=hot
	TUI_ENV="LANG=zh_CN.UTF-8 SALESTERM_LOCALEDIR=$WORK/locale"
	tui_start 100 30
	keys 3 /
	typed "李娜"
	keys Enter
	expect_line "^ 李娜 +阿里巴巴" "zh_CN: the lead"
	keys c
	expect "转化线索" "zh_CN: the conversion screen"
	expect "在第一阶段新建商机“阿里巴巴: 李娜”" "with a new deal"
	keys Enter
	expect '已转化：客户“阿里巴巴”，联系人“李娜”，商机“阿里巴巴: 李娜”' \
		"zh_CN: converted, said in one sentence with Chinese quotes"
	tui_quit "quits cleanly"
fi
done_testing
